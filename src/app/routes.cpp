#include "app/routes.h"

namespace hearth::app {

std::vector<http::Route> route_table(const RouteTargets& t) {
  using http::Access;
  using http::Method;
  using http::SessionUse;
  const auto bind = [](const auto& object, auto member) {
    return [&object, member](const http::RequestContext& context) { return (object.*member)(context); };
  };
  using features::AccountHandlers;
  using features::HealthHandlers;
  using features::PagesHandlers;
  using features::conversations::ConversationsHandlers;
  using features::groups::GroupsHandlers;

  // clang-format off
  return {
    // method        pattern              access              session             handler
    {Method::kGet,   "/",                 Access::kAnyone,    SessionUse::kRead,   bind(t.pages, &PagesHandlers::home)},
    {Method::kGet,   "/privacy",          Access::kAnyone,    SessionUse::kRead,   bind(t.pages, &PagesHandlers::privacy)},
    // Help must leave no trace: no session is read or created.
    {Method::kGet,   "/help",             Access::kAnyone,    SessionUse::kNone,   bind(t.pages, &PagesHandlers::help)},

    {Method::kGet,   "/signin",           Access::kAnyone,    SessionUse::kEnsure, bind(t.account, &AccountHandlers::show_sign_in)},
    {Method::kPost,  "/signin",           Access::kAnyone,    SessionUse::kRead,   bind(t.account, &AccountHandlers::sign_in)},
    {Method::kPost,  "/signout",          Access::kSignedIn,  SessionUse::kRead,   bind(t.account, &AccountHandlers::sign_out)},
    {Method::kGet,   "/exit",             Access::kAnyone,    SessionUse::kRead,   bind(t.account, &AccountHandlers::quick_exit)},

    {Method::kGet,   "/groups",                             Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::index)},
    {Method::kGet,   "/groups/new",                         Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::new_form)},
    {Method::kPost,  "/groups/new",                         Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::create)},
    {Method::kGet,   "/groups/{slug}",                      Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::show)},
    {Method::kGet,   "/groups/{slug}/join",                 Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::join_form)},
    {Method::kPost,  "/groups/{slug}/join",                 Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::join)},
    {Method::kPost,  "/groups/{slug}/invitation",           Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::invitation)},
    {Method::kPost,  "/groups/{slug}/rules",                Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::accept_rules)},
    {Method::kPost,  "/groups/{slug}/leave",                Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::leave)},
    {Method::kGet,   "/groups/{slug}/edit",                 Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::edit_form)},
    {Method::kPost,  "/groups/{slug}/edit",                 Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::update)},
    {Method::kGet,   "/groups/{slug}/members",              Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::members)},
    {Method::kPost,  "/groups/{slug}/members/decide",       Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::decide)},
    {Method::kPost,  "/groups/{slug}/members/invite",       Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::invite)},
    {Method::kPost,  "/groups/{slug}/members/remove",       Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::remove)},
    {Method::kPost,  "/groups/{slug}/members/facilitator",  Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::make_facilitator)},
    {Method::kPost,  "/groups/{slug}/archive",              Access::kStaff, SessionUse::kRead, bind(t.groups, &GroupsHandlers::archive)},
    // Group conversations: members only, checked per group by the service.
    {Method::kGet,   "/groups/{slug}/threads",                   Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::threads)},
    {Method::kGet,   "/groups/{slug}/threads/new",               Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::new_thread_form)},
    {Method::kPost,  "/groups/{slug}/threads/new",               Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::create_thread)},
    {Method::kGet,   "/groups/{slug}/threads/{id}",              Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::thread)},
    {Method::kPost,  "/groups/{slug}/threads/{id}/reply",        Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::reply)},
    {Method::kPost,  "/groups/{slug}/threads/{id}/moderate",     Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::moderate_thread)},
    {Method::kGet,   "/groups/{slug}/posts/{id}/edit",           Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::edit_post_form)},
    {Method::kPost,  "/groups/{slug}/posts/{id}/edit",           Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::edit_post)},
    {Method::kPost,  "/groups/{slug}/posts/{id}/delete",         Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::delete_post)},
    {Method::kGet,   "/groups/{slug}/posts/{id}/report",         Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::report_form)},
    {Method::kPost,  "/groups/{slug}/posts/{id}/report",         Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::report)},
    {Method::kPost,  "/groups/{slug}/posts/{id}/moderate",       Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::moderate_post)},
    {Method::kGet,   "/groups/{slug}/resources/new",             Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::new_resource_form)},
    {Method::kPost,  "/groups/{slug}/resources/new",             Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::share_resource)},
    {Method::kPost,  "/groups/{slug}/resources/{id}/delete",     Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::remove_resource)},
    {Method::kPost,  "/groups/{slug}/warnings/{id}/dismiss",     Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::dismiss_warning)},
    {Method::kGet,   "/groups/{slug}/moderation",                Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::moderation)},
    {Method::kPost,  "/groups/{slug}/moderation/reports/{id}",   Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::handle_report)},
    {Method::kPost,  "/groups/{slug}/moderation/settings",       Access::kStaff, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::save_settings)},
    {Method::kGet,   "/admin/reports",                           Access::kCoordinator, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::escalations)},
    {Method::kPost,  "/admin/reports/{id}",                      Access::kCoordinator, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::handle_escalation)},
    {Method::kGet,   "/admin/reports/{id}/reveal",               Access::kCoordinator, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::reveal_form)},
    {Method::kPost,  "/admin/reports/{id}/reveal",               Access::kCoordinator, SessionUse::kRead, bind(t.conversations, &ConversationsHandlers::reveal)},

    {Method::kGet,   "/admin/groups",                       Access::kCoordinator, SessionUse::kRead, bind(t.groups, &GroupsHandlers::review_list)},
    {Method::kPost,  "/admin/groups/{slug}",                Access::kCoordinator, SessionUse::kRead, bind(t.groups, &GroupsHandlers::review)},

    {Method::kGet,   "/healthz",          Access::kAnyone,    SessionUse::kNone,   bind(t.health, &HealthHandlers::healthz)},
    {Method::kGet,   "/static/{path...}", Access::kAnyone,    SessionUse::kNone,   bind(t.static_files, &http::StaticFiles::serve)},
  };
  // clang-format on
}

}  // namespace hearth::app
