#include "features/shared/page_renderer.h"

#include "auth/access_control.h"

namespace hearth::features {

PageRenderer::PageRenderer(const render::TemplateSet& templates, const http::StaticFiles& static_files,
                           const SiteSettingsSource& site, UnreadCount unread_count)
    : templates_(templates),
      site_(site),
      unread_count_(std::move(unread_count)),
      stylesheet_url_(static_files.url_for("css/hearth.css")),
      script_url_(static_files.url_for("js/hearth.js")),
      icon_url_(static_files.url_for("img/hearth.svg")) {}

render::View PageRenderer::base(const auth::Viewer& viewer, std::string_view csrf_token,
                                std::string_view title, NavItem current) const {
  const auto site = site_.current();
  render::View view;
  view.set("lang", "en")
      .set("site_name", site->name)
      .set("page_title", title)
      .set("stylesheet_url", stylesheet_url_)
      .set("script_url", script_url_)
      .set("icon_url", icon_url_)
      .set("signed_in", viewer.is_signed_in())
      .set("viewer_name", viewer.display_name())
      .set("csrf_token", csrf_token)
      .set("help_url", "/help")
      .set("privacy_url", "/privacy")
      .set("crisis_name", site->crisis_name)
      .set("crisis_phone", site->crisis_phone)
      .set("custom_logo", !site->logo_version.empty())
      .set("logo_url", site->logo_version.empty() ? icon_url_ : "/branding/logo?v=" + site->logo_version)
      .set("theme_url", site->accent_color.empty() ? std::string()
                                                   : "/branding/theme.css?v=" + site->accent_color.substr(1))
      .set("current_home", current == NavItem::kHome)
      .set("current_groups", current == NavItem::kGroups)
      .set("show_groups", viewer.has_role(auth::Role::kStaff))
      .set("show_admin", auth::access::can_administer(viewer) || auth::access::is_coordinator(viewer))
      .set("current_resources", current == NavItem::kResources)
      .set("current_events", current == NavItem::kEvents)
      .set("current_account", current == NavItem::kAccount)
      .set("current_help", current == NavItem::kHelp)
      .set("current_privacy", current == NavItem::kPrivacy)
      .set("current_signin", current == NavItem::kSignIn);
  return view;
}

render::View PageRenderer::layout(const http::RequestContext& context, std::string_view title,
                                  NavItem current) const {
  auto view = base(context.viewer, context.csrf_token, title, current);
  if (unread_count_ && context.viewer.is_signed_in()) {
    const int unread = unread_count_(context.viewer);
    view.set("unread_notifications", unread).set("has_unread_notifications", unread > 0);
  }
  return view;
}

http::Response PageRenderer::page(std::string_view template_name, const render::View& view,
                                  int status) const {
  return http::Response::html(templates_.render(template_name, view), status);
}

std::string PageRenderer::error_page(const http::ErrorPage& page) const {
  const auth::Viewer anonymous = auth::Viewer::anonymous();
  render::View view =
      base(page.viewer != nullptr ? *page.viewer : anonymous, page.csrf_token, page.title, NavItem::kNone);
  view.set("status_code", page.status)
      .set("error_title", page.title)
      .set("error_message", page.message)
      .set("reference_id", page.reference_id);
  return templates_.render("errors/error", view);
}

}  // namespace hearth::features
