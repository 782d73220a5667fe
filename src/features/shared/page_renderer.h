#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "features/shared/site_settings_source.h"
#include "http/dispatcher.h"
#include "http/route.h"
#include "http/static_files.h"
#include "render/template_set.h"
#include "render/view.h"

namespace hearth::features {

// Which navigation link is marked as the current page.
enum class NavItem { kNone, kHome, kGroups, kEvents, kResources, kHelp, kPrivacy, kSignIn, kAccount };

// Renders pages inside the common layout (web/templates/layout/): fills the
// values every page needs (site name, viewer, CSRF token, crisis line,
// asset URLs, branding) from the site settings in force at that moment, and
// wraps the result in a Response. Thread-safe.
class PageRenderer {
 public:
  // The viewer's unread notifications, for the header (one indexed query).
  // Set by the application, so that features/shared needs no notifications.
  using UnreadCount = std::function<int(const auth::Viewer&)>;

  PageRenderer(const render::TemplateSet& templates, const http::StaticFiles& static_files,
               const SiteSettingsSource& site, UnreadCount unread_count = {});

  // A view with the layout values set; the caller adds the page's own values.
  // For signed-in viewers this includes the unread notification count
  // (error pages leave it out, so that they work when the database does not).
  render::View layout(const http::RequestContext& context, std::string_view title, NavItem current) const;

  // Renders `template_name` with `view` as an HTML response.
  http::Response page(std::string_view template_name, const render::View& view, int status = 200) const;

  // The error page used by the dispatcher for every 4xx and 5xx.
  std::string error_page(const http::ErrorPage& page) const;

  // The site settings in force now (never null); take it once per request.
  std::shared_ptr<const SiteSettings> site() const { return site_.current(); }
  const render::TemplateSet& templates() const { return templates_; }
  // The versioned URL of hearth.css, for pages outside the layout (quick exit).
  const std::string& stylesheet_url() const { return stylesheet_url_; }

 private:
  render::View base(const auth::Viewer& viewer, std::string_view csrf_token, std::string_view title,
                    NavItem current) const;

  const render::TemplateSet& templates_;
  const SiteSettingsSource& site_;
  UnreadCount unread_count_;
  std::string stylesheet_url_;
  std::string script_url_;
  std::string icon_url_;
};

}  // namespace hearth::features
