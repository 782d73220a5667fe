#include "features/pages/pages_handlers.h"

#include "auth/roles.h"

namespace hearth::features {
namespace {

std::string_view role_label(auth::Role role) {
  switch (role) {
    case auth::Role::kStaff: return "Staff member";
    case auth::Role::kPeerSupporter: return "Peer supporter";
    case auth::Role::kCoordinator: return "Wellness coordinator";
    case auth::Role::kAdmin: return "Administrator";
  }
  return "";
}

}  // namespace

PagesHandlers::PagesHandlers(const PageRenderer& pages, auth::PersonStore& people,
                             const auth::SessionPolicy& session_policy, HomeSections home_sections)
    : pages_(pages),
      people_(people),
      session_policy_(session_policy),
      home_sections_(std::move(home_sections)) {}

http::Response PagesHandlers::home(const http::RequestContext& context) const {
  if (!context.viewer.is_signed_in()) {
    return pages_.page("home/signed_out", pages_.layout(context, pages_.site()->name, NavItem::kHome));
  }
  auto view = pages_.layout(context, "Home", NavItem::kHome);
  render::ViewList roles;
  for (auto role : {auth::Role::kPeerSupporter, auth::Role::kCoordinator, auth::Role::kAdmin}) {
    if (context.viewer.has_role(role)) roles.push(render::View().set("name", role_label(role)));
  }
  view.set("viewer_roles", std::move(roles));
  if (const auto person = people_.find(context.viewer.person_id())) {
    view.set("viewer_department", person->department);
  }
  if (home_sections_ && context.viewer.has_role(auth::Role::kStaff)) home_sections_(context, view);
  return pages_.page("home/signed_in", view);
}

http::Response PagesHandlers::privacy(const http::RequestContext& context) const {
  auto view = pages_.layout(context, "Privacy", NavItem::kPrivacy);
  view.set("idle_timeout_minutes", session_policy_.idle_timeout_seconds / 60)
      .set("absolute_timeout_hours", session_policy_.absolute_timeout_seconds / 3600);
  const auto site = pages_.site();
  // Rendered by markdown::render_html when the setting was loaded or saved (features/admin).
  if (!site->privacy_notice_html.empty()) {
    view.set("privacy_notice_html", render::TrustedHtml::from_sanitizer(site->privacy_notice_html));
  }
  if (site->default_retention_days > 0) view.set("default_retention_days", site->default_retention_days);
  return pages_.page("privacy/page", view);
}

}  // namespace hearth::features
