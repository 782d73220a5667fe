#include "app/routes.h"

namespace hearth::app {

std::vector<http::Route> route_table(const RouteTargets& t) {
  using http::Access;
  using http::Method;
  using http::SessionUse;
  using http::Work;
  const auto bind = [](const auto& object, auto member) {
    return [&object, member](const http::RequestContext& context) { return (object.*member)(context); };
  };
  using features::AccountHandlers;
  using features::HealthHandlers;
  using features::PagesHandlers;
  using features::admin::AdminHandlers;
  using features::conversations::ConversationsHandlers;
  using features::events::EventsHandlers;
  using features::groups::GroupsHandlers;
  using features::notifications::NotificationsHandlers;
  using features::people::PeopleHandlers;
  using features::resources::ResourcesHandlers;
  using features::stats::StatsHandlers;
  using features::support::SupportHandlers;

  // clang-format off
  return {
    // method        pattern              access              session             handler
    {Method::kGet,   "/",                 Access::kAnyone,    SessionUse::kRead,   bind(t.pages, &PagesHandlers::home)},
    {Method::kGet,   "/privacy",          Access::kAnyone,    SessionUse::kRead,   bind(t.pages, &PagesHandlers::privacy)},
    // Help and the resource directory must leave no trace: no session is read
    // or created (so they render signed out for everyone), and only anonymous
    // daily view counts are kept.
    {Method::kGet,   "/help",             Access::kAnyone,    SessionUse::kNone,   bind(t.resources, &ResourcesHandlers::help)},
    {Method::kGet,   "/resources",        Access::kAnyone,    SessionUse::kNone,   bind(t.resources, &ResourcesHandlers::directory)},
    {Method::kGet,   "/resources/print",  Access::kAnyone,    SessionUse::kNone,   bind(t.resources, &ResourcesHandlers::print)},
    {Method::kGet,   "/resources/{slug}", Access::kAnyone,    SessionUse::kNone,   bind(t.resources, &ResourcesHandlers::show)},

    {Method::kGet,   "/signin",           Access::kAnyone,    SessionUse::kEnsure, bind(t.account, &AccountHandlers::show_sign_in)},
    {Method::kPost,  "/signin",           Access::kAnyone,    SessionUse::kRead,   bind(t.account, &AccountHandlers::sign_in)},
    {Method::kPost,  "/signout",          Access::kSignedIn,  SessionUse::kRead,   bind(t.account, &AccountHandlers::sign_out)},
    {Method::kGet,   "/exit",             Access::kAnyone,    SessionUse::kRead,   bind(t.account, &AccountHandlers::quick_exit)},

    // Notifications: each person's own, whatever their role.
    {Method::kGet,   "/notifications",            Access::kSignedIn, SessionUse::kRead, bind(t.notifications, &NotificationsHandlers::index)},
    {Method::kPost,  "/notifications/read",       Access::kSignedIn, SessionUse::kRead, bind(t.notifications, &NotificationsHandlers::mark_all_read)},
    {Method::kGet,   "/notifications/settings",   Access::kSignedIn, SessionUse::kRead, bind(t.notifications, &NotificationsHandlers::settings_form)},
    {Method::kPost,  "/notifications/settings",   Access::kSignedIn, SessionUse::kRead, bind(t.notifications, &NotificationsHandlers::save_settings)},
    {Method::kGet,   "/notifications/{id}",       Access::kSignedIn, SessionUse::kRead, bind(t.notifications, &NotificationsHandlers::open)},

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

    // Events: who sees and edits which event is decided by the service
    // (events/event_access.h). Literal paths come before {id} ones.
    {Method::kGet,   "/events",                              Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::agenda)},
    {Method::kGet,   "/events/month",                        Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::month)},
    {Method::kGet,   "/events/new",                          Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::new_form)},
    {Method::kPost,  "/events/new",                          Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::create)},
    {Method::kGet,   "/events/{id}.ics",                     Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::event_file)},
    {Method::kGet,   "/events/{id}",                         Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::show)},
    {Method::kGet,   "/events/{id}/edit",                    Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::edit_form)},
    {Method::kPost,  "/events/{id}/edit",                    Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::update)},
    {Method::kPost,  "/events/{id}/cancel",                  Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::cancel)},
    {Method::kGet,   "/events/{id}/{date}",                  Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::session)},
    {Method::kPost,  "/events/{id}/{date}/rsvp",             Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::answer)},
    {Method::kGet,   "/events/{id}/{date}/change",           Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::change_form)},
    {Method::kPost,  "/events/{id}/{date}/change",           Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::change)},
    {Method::kPost,  "/events/{id}/{date}/cancel",           Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::cancel_session)},
    {Method::kGet,   "/events/{id}/{date}/attendance.csv",   Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::attendance_csv)},
    // Calendar feeds are fetched by calendar apps, without a session: the
    // personal one by its secret token (only the route pattern is logged).
    {Method::kGet,   "/calendar/all-staff.ics",              Access::kAnyone, SessionUse::kNone, bind(t.events, &EventsHandlers::public_feed)},
    {Method::kGet,   "/calendar/{token}.ics",                Access::kAnyone, SessionUse::kNone, bind(t.events, &EventsHandlers::personal_feed)},
    {Method::kGet,   "/me",                                  Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::account)},
    {Method::kPost,  "/me/calendar",                         Access::kStaff, SessionUse::kRead, bind(t.events, &EventsHandlers::feed_settings)},
    // Everything Hearth holds about the signed-in person, as a JSON download (changes nothing).
    {Method::kGet,   "/me/data",                             Access::kSignedIn, SessionUse::kRead, bind(t.people, &PeopleHandlers::my_data)},

    // Peer-support requests: the requester's pages, then the supporters' queue.
    // Only the requester and the supporter who took a request see its details
    // (checked by the service).
    {Method::kGet,   "/support",                    Access::kStaff,        SessionUse::kRead, bind(t.support, &SupportHandlers::mine)},
    {Method::kGet,   "/support/new",                Access::kStaff,        SessionUse::kRead, bind(t.support, &SupportHandlers::new_form)},
    {Method::kPost,  "/support/new",                Access::kStaff,        SessionUse::kRead, bind(t.support, &SupportHandlers::create)},
    {Method::kGet,   "/support/queue",              Access::kSupportQueue, SessionUse::kRead, bind(t.support, &SupportHandlers::queue)},
    {Method::kGet,   "/support/{id}",               Access::kStaff,        SessionUse::kRead, bind(t.support, &SupportHandlers::show)},
    {Method::kPost,  "/support/{id}/withdraw",      Access::kStaff,        SessionUse::kRead, bind(t.support, &SupportHandlers::withdraw)},
    {Method::kPost,  "/support/{id}/claim",         Access::kSupportQueue, SessionUse::kRead, bind(t.support, &SupportHandlers::claim)},
    {Method::kPost,  "/support/{id}/release",       Access::kSupportQueue, SessionUse::kRead, bind(t.support, &SupportHandlers::release)},
    {Method::kPost,  "/support/{id}/contacted",     Access::kSupportQueue, SessionUse::kRead, bind(t.support, &SupportHandlers::contacted)},
    {Method::kPost,  "/support/{id}/close",         Access::kSupportQueue, SessionUse::kRead, bind(t.support, &SupportHandlers::close)},
    {Method::kGet,   "/admin/stats",                Access::kCoordinator,  SessionUse::kRead, bind(t.stats, &StatsHandlers::figures)},

    // Coordinators keep the resource directory current.
    {Method::kGet,   "/admin/resources",                    Access::kCoordinator, SessionUse::kRead, bind(t.resources, &ResourcesHandlers::admin_index)},
    {Method::kGet,   "/admin/resources/new",                Access::kCoordinator, SessionUse::kRead, bind(t.resources, &ResourcesHandlers::new_form)},
    {Method::kPost,  "/admin/resources/new",                Access::kCoordinator, SessionUse::kRead, bind(t.resources, &ResourcesHandlers::create)},
    {Method::kGet,   "/admin/resources/{id}/edit",          Access::kCoordinator, SessionUse::kRead, bind(t.resources, &ResourcesHandlers::edit_form)},
    {Method::kPost,  "/admin/resources/{id}/edit",          Access::kCoordinator, SessionUse::kRead, bind(t.resources, &ResourcesHandlers::update)},
    {Method::kPost,  "/admin/resources/{id}/move",          Access::kCoordinator, SessionUse::kRead, bind(t.resources, &ResourcesHandlers::move)},
    {Method::kPost,  "/admin/resources/{id}/retire",        Access::kCoordinator, SessionUse::kRead, bind(t.resources, &ResourcesHandlers::retire)},
    {Method::kPost,  "/admin/resources/{id}/restore",       Access::kCoordinator, SessionUse::kRead, bind(t.resources, &ResourcesHandlers::restore)},

    {Method::kGet,   "/admin/groups",                       Access::kCoordinator, SessionUse::kRead, bind(t.groups, &GroupsHandlers::review_list)},
    {Method::kPost,  "/admin/groups/{slug}",                Access::kCoordinator, SessionUse::kRead, bind(t.groups, &GroupsHandlers::review)},

    // Administration. The index lists what the viewer's roles allow (checked
    // by the handler); the rest is for administrators, who run the system but
    // do not thereby read private groups.
    {Method::kGet,   "/admin",                              Access::kSignedIn,      SessionUse::kRead, bind(t.admin, &AdminHandlers::index)},
    {Method::kGet,   "/admin/settings",                     Access::kAdministrator, SessionUse::kRead, bind(t.admin, &AdminHandlers::settings_form)},
    {Method::kPost,  "/admin/settings",                     Access::kAdministrator, SessionUse::kRead, bind(t.admin, &AdminHandlers::save_settings)},
    {Method::kPost,  "/admin/settings/reset/{key}",         Access::kAdministrator, SessionUse::kRead, bind(t.admin, &AdminHandlers::reset_setting)},
    {Method::kPost,  "/admin/settings/logo",                Access::kAdministrator, SessionUse::kRead, bind(t.admin, &AdminHandlers::upload_logo)},
    {Method::kPost,  "/admin/settings/logo/remove",         Access::kAdministrator, SessionUse::kRead, bind(t.admin, &AdminHandlers::remove_logo)},
    {Method::kGet,   "/admin/directory",                    Access::kAdministrator, SessionUse::kRead, bind(t.admin, &AdminHandlers::directory)},
    {Method::kPost,  "/admin/directory/test",               Access::kAdministrator, SessionUse::kRead, bind(t.admin, &AdminHandlers::test_sign_in)},
    {Method::kGet,   "/admin/audit",                        Access::kAdministrator, SessionUse::kRead, bind(t.admin, &AdminHandlers::audit)},
    // Deleting a person's data: find, see what would go, confirm by typing the username.
    {Method::kGet,   "/admin/people",                       Access::kAdministrator, SessionUse::kRead, bind(t.people, &PeopleHandlers::admin_page)},
    {Method::kPost,  "/admin/people",                       Access::kAdministrator, SessionUse::kRead, bind(t.people, &PeopleHandlers::erase)},
    // Branding every page links to: no session, like static files.
    {Method::kGet,   "/branding/theme.css",                 Access::kAnyone,        SessionUse::kNone, bind(t.admin, &AdminHandlers::theme), Work::kLight},
    {Method::kGet,   "/branding/logo",                      Access::kAnyone,        SessionUse::kNone, bind(t.admin, &AdminHandlers::logo), Work::kLight},

    {Method::kGet,   "/healthz",          Access::kAnyone,    SessionUse::kNone,   bind(t.health, &HealthHandlers::healthz), Work::kLight},
    {Method::kGet,   "/readyz",           Access::kAnyone,    SessionUse::kNone,   bind(t.health, &HealthHandlers::readyz), Work::kLight},
    // Aggregate figures; the handler answers 404 unless [metrics] allows the caller.
    {Method::kGet,   "/metrics",          Access::kAnyone,    SessionUse::kNone,   bind(t.health, &HealthHandlers::metrics), Work::kLight},
    {Method::kGet,   "/static/{path...}", Access::kAnyone,    SessionUse::kNone,   bind(t.static_files, &http::StaticFiles::serve), Work::kLight},
  };
  // clang-format on
}

}  // namespace hearth::app
