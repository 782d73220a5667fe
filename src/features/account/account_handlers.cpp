#include "features/account/account_handlers.h"

#include <fmt/format.h>

#include "common/text.h"

namespace hearth::features {

AccountHandlers::AccountHandlers(const PageRenderer& pages, auth::SignInService& sign_in,
                                 auth::SessionStore& sessions, std::vector<DemoAccountListing> demo_accounts)
    : pages_(pages), sign_in_(sign_in), sessions_(sessions), demo_accounts_(std::move(demo_accounts)) {}

http::Response AccountHandlers::sign_in_form(const http::RequestContext& context, std::string_view username,
                                             std::string_view error, bool directory_unavailable,
                                             int status) const {
  auto view = pages_.layout(context, "Sign in", NavItem::kSignIn);
  view.set("username", username).set("form_error", error).set("directory_unavailable", directory_unavailable);
  view.set("demo", !demo_accounts_.empty());
  render::ViewList accounts;
  for (const auto& account : demo_accounts_) {
    accounts.push(render::View()
                      .set("username", account.username)
                      .set("display_name", account.display_name)
                      .set("password", account.password)
                      .set("description", account.description));
  }
  view.set("demo_accounts", std::move(accounts));
  return pages_.page("signin/form", view, status);
}

http::Response AccountHandlers::show_sign_in(const http::RequestContext& context) const {
  if (context.viewer.is_signed_in()) return http::Response::redirect("/");
  return sign_in_form(context, "", "", false, 200);
}

http::Response AccountHandlers::sign_in(const http::RequestContext& context) const {
  const auto& form = context.request.form;
  const auto username = form.value_or_empty("username");
  const auto password = form.value_or_empty("password");
  // Keep what the person typed only if it is safe to show back.
  const std::string kept =
      username.size() <= 256 && text::is_valid_utf8(username) ? std::string(username) : "";

  const auto reply =
      sign_in_.sign_in(username, password, context.request.remote_address, context.session_token);
  switch (reply.outcome) {
    case auth::SignInOutcome::kSignedIn: {
      auto response = http::Response::redirect("/");
      response.set_session(reply.session->token);
      return response;
    }
    case auth::SignInOutcome::kThrottled: {
      const auto minutes = (reply.retry_after_seconds + 59) / 60;
      auto response =
          sign_in_form(context, kept,
                       fmt::format("Too many sign-in attempts. Please wait {} minute{} and try again.",
                                   minutes, minutes == 1 ? "" : "s"),
                       false, 429);
      response.headers.emplace("Retry-After", std::to_string(reply.retry_after_seconds));
      return response;
    }
    case auth::SignInOutcome::kDirectoryUnavailable:
      return sign_in_form(
          context, kept,
          "The hospital directory can't be reached right now, so we can't check your password. "
          "Please try again in a few minutes.",
          true, 503);
    case auth::SignInOutcome::kRejected: break;
  }
  return sign_in_form(context, kept,
                      "That username and password didn't work. Please check them and try again.", false, 401);
}

http::Response AccountHandlers::sign_out(const http::RequestContext& context) const {
  sessions_.remove(context.session_token);
  auto response = http::Response::redirect("/?signed_out=1");
  response.clear_session();
  return response;
}

http::Response AccountHandlers::quick_exit(const http::RequestContext& context) const {
  if (!context.session_token.empty()) sessions_.remove(context.session_token);
  const auto site = pages_.site();
  render::View view;
  view.set("lang", "en")
      .set("stylesheet_url", pages_.stylesheet_url())
      .set("neutral_title", site->quick_exit_title)
      .set("neutral_link_text", site->quick_exit_link_text)
      .set("neutral_link_url", site->quick_exit_link_url);
  auto response = pages_.page("exit/page", view);
  if (!context.session_token.empty()) response.clear_session();
  return response;
}

}  // namespace hearth::features
