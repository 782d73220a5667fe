#pragma once

#include <string>
#include <vector>

#include "auth/session_store.h"
#include "auth/sign_in_service.h"
#include "features/shared/page_renderer.h"

namespace hearth::features {

// A demo account listed on the sign-in page of `hearth demo` only.
struct DemoAccountListing {
  std::string username;
  std::string display_name;
  std::string password;
  std::string description;
};

// Sign-in, sign-out and quick exit.
class AccountHandlers {
 public:
  AccountHandlers(const PageRenderer& pages, auth::SignInService& sign_in, auth::SessionStore& sessions,
                  std::vector<DemoAccountListing> demo_accounts);

  // GET /signin — the form (an anonymous session carries its CSRF token).
  http::Response show_sign_in(const http::RequestContext& context) const;
  // POST /signin — checks the credentials; on success rotates the session and
  // redirects home; on failure re-shows the form with one generic message.
  http::Response sign_in(const http::RequestContext& context) const;
  // POST /signout — deletes the session.
  http::Response sign_out(const http::RequestContext& context) const;
  // GET /exit — Quick exit: deletes the session if there is one and shows a
  // neutral page. A GET so that it works from any page, with or without
  // JavaScript, even after the session has expired; the only thing a forged
  // request could do is sign someone out.
  http::Response quick_exit(const http::RequestContext& context) const;

 private:
  http::Response sign_in_form(const http::RequestContext& context, std::string_view username,
                              std::string_view error, bool directory_unavailable, int status) const;

  const PageRenderer& pages_;
  auth::SignInService& sign_in_;
  auth::SessionStore& sessions_;
  std::vector<DemoAccountListing> demo_accounts_;
};

}  // namespace hearth::features
