#pragma once

#include "auth/directory_config.h"
#include "calendar/time_zone.h"
#include "common/clock.h"
#include "features/admin/admin_store.h"
#include "features/admin/directory_check.h"
#include "features/admin/settings_service.h"
#include "features/shared/page_renderer.h"

namespace hearth::features::admin {

// The administrators' pages under /admin (routes in src/app/routes.cpp) and
// the branding files every page links to. The admin pages are routed for
// administrators (Access::kAdministrator) and check again through
// admin_access.h; the index is open to anyone with an administration page.
// None of them shows the content of posts, requests or private groups.
class AdminHandlers {
 public:
  AdminHandlers(const PageRenderer& pages, SettingsService& settings, const DirectoryCheck& directory,
                const auth::DirectoryConfig& directory_config, AdminStore& store,
                const calendar::TimeZone& zone, const Clock& clock);

  http::Response index(const http::RequestContext& context) const;          // GET  /admin
  http::Response settings_form(const http::RequestContext& context) const;  // GET  /admin/settings
  http::Response save_settings(const http::RequestContext& context) const;  // POST /admin/settings
  http::Response reset_setting(
      const http::RequestContext& context) const;                          // POST /admin/settings/reset/{key}
  http::Response upload_logo(const http::RequestContext& context) const;   // POST /admin/settings/logo
  http::Response remove_logo(const http::RequestContext& context) const;   // POST /admin/settings/logo/remove
  http::Response directory(const http::RequestContext& context) const;     // GET  /admin/directory
  http::Response test_sign_in(const http::RequestContext& context) const;  // POST /admin/directory/test
  http::Response audit(const http::RequestContext& context) const;         // GET  /admin/audit

  // Public, no session: the accent colour stylesheet and the uploaded logo.
  // 404 when there is none.
  http::Response theme(const http::RequestContext& context) const;  // GET /branding/theme.css
  http::Response logo(const http::RequestContext& context) const;   // GET /branding/logo

 private:
  http::Response settings_page(const http::RequestContext& context, const http::Parameters* submitted,
                               const FieldErrors& errors, int status) const;
  http::Response directory_page(const http::RequestContext& context, const TestSignInReport* report,
                                std::string_view tested_username, int status) const;

  const PageRenderer& pages_;
  SettingsService& settings_;
  const DirectoryCheck& directory_;
  const auth::DirectoryConfig& directory_config_;
  AdminStore& store_;
  const calendar::TimeZone& zone_;
  const Clock& clock_;
};

}  // namespace hearth::features::admin
