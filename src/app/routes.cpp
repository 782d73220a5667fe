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

    {Method::kGet,   "/healthz",          Access::kAnyone,    SessionUse::kNone,   bind(t.health, &HealthHandlers::healthz)},
    {Method::kGet,   "/static/{path...}", Access::kAnyone,    SessionUse::kNone,   bind(t.static_files, &http::StaticFiles::serve)},
  };
  // clang-format on
}

}  // namespace hearth::app
