#include "http/dispatcher.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "auth/access_control.h"
#include "common/crypto.h"
#include "common/log.h"

namespace hearth::http {
namespace {

constexpr std::string_view kCsrfField = "csrf_token";
constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

bool allowed(Access access, const auth::Viewer& viewer) {
  switch (access) {
    case Access::kAnyone: return true;
    case Access::kSignedIn: return auth::access::is_signed_in(viewer);
    case Access::kStaff: return auth::access::is_staff(viewer);
    case Access::kSupportQueue: return auth::access::can_work_support_queue(viewer);
    case Access::kCoordinator: return auth::access::is_coordinator(viewer);
    case Access::kAdministrator: return auth::access::can_administer(viewer);
  }
  return false;
}

std::string expected_origin(const Request& request, const DispatcherOptions& options) {
  if (!options.public_origin.empty()) return options.public_origin;
  const auto host = request.header("Host");
  if (!host) return {};
  return std::string(request.is_tls ? "https://" : "http://") + std::string(*host);
}

// A CPU builds one page at a time; the spare slots keep the CPUs busy while
// requests wait on the database (a write's fsync, the writers' queue).
int default_work_slots() {
  return 4 * static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

}  // namespace

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadRequest: return 400;
    case ErrorKind::kSignInRequired: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kMethodNotAllowed: return 405;
    case ErrorKind::kPayloadTooLarge: return 413;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kTooManyRequests: return 429;
    case ErrorKind::kUnavailable: return 503;
    case ErrorKind::kInternal: return 500;
  }
  return 500;
}

std::string_view title_for_status(int status) {
  switch (status) {
    case 400: return "That request didn't work";
    case 401: return "Please sign in";
    case 403: return "Not allowed";
    case 404: return "Page not found";
    case 405: return "Not allowed here";
    case 409: return "That changed in the meantime";
    case 413: return "Too much to send";
    case 414: return "Address too long";
    case 429: return "Too many attempts";
    case 431: return "Request headers too large";
    case 503: return "Temporarily unavailable";
    default: return status >= 500 ? "Something went wrong" : "That request didn't work";
  }
}

void add_security_headers(Headers& headers, bool tls) {
  const auto set = [&headers](std::string_view name, std::string_view value) {
    headers.erase(std::string(name));
    headers.emplace(std::string(name), std::string(value));
  };
  // No inline script or style anywhere; forms post only to us; no framing.
  set("Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
      "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
  set("X-Content-Type-Options", "nosniff");
  set("X-Frame-Options", "DENY");
  set("Referrer-Policy", "same-origin");
  set("Permissions-Policy",
      "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
      "payment=(), "
      "usb=(), interest-cohort=()");
  set("Cross-Origin-Opener-Policy", "same-origin");
  set("Cross-Origin-Resource-Policy", "same-origin");
  if (tls) set("Strict-Transport-Security", "max-age=31536000");
}

std::string_view find_cookie(const Request& request, std::string_view name) {
  const auto [begin, end] = request.headers.equal_range("Cookie");
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const auto semicolon = rest.find(';');
      auto pair = rest.substr(0, semicolon);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const auto equals = pair.find('=');
      if (equals != std::string_view::npos && pair.substr(0, equals) == name) return pair.substr(equals + 1);
      if (semicolon == std::string_view::npos) break;
      rest.remove_prefix(semicolon + 1);
    }
  }
  return {};
}

Dispatcher::Dispatcher(Router router, auth::SessionStore& sessions, ErrorPageRenderer render_error,
                       DispatcherOptions options, std::shared_ptr<RequestMetrics> carried_metrics)
    : router_(std::move(router)),
      sessions_(sessions),
      render_error_(std::move(render_error)),
      options_(std::move(options)),
      work_gate_(
          std::make_unique<WorkGate>(options_.work_slots > 0 ? options_.work_slots : default_work_slots())),
      metrics_(carried_metrics ? std::move(carried_metrics) : std::make_shared<RequestMetrics>(router_)) {}

std::string_view Dispatcher::session_cookie_name() const {
  // The __Host- prefix makes browsers refuse the cookie unless it is Secure,
  // host-only and Path=/, so a sibling subdomain cannot plant one.
  return options_.secure_cookies ? "__Host-hearth_session" : "hearth_session";
}

std::string_view Dispatcher::session_cookie_name(const Request& request) const {
  return secure_transport(request) ? "__Host-hearth_session" : "hearth_session";
}

std::string Dispatcher::session_cookie(const Response& response, const Request& request) const {
  std::string cookie(session_cookie_name(request));
  cookie += '=';
  if (response.session_cookie == SessionCookie::kSet) {
    cookie += response.session_token;
    cookie += "; Path=/; HttpOnly; SameSite=Lax";
  } else {
    cookie += "; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
  }
  if (secure_transport(request)) cookie += "; Secure";
  return cookie;
}

bool Dispatcher::passes_csrf(const Request& request, std::string_view expected_token) const {
  // Browsers that send Fetch Metadata tell us directly where the request came from.
  if (const auto site = request.header("Sec-Fetch-Site")) {
    if (*site != "same-origin" && *site != "none") return false;
  }
  if (const auto origin = request.header("Origin")) {
    if (*origin != expected_origin(request, options_)) return false;
  }
  if (expected_token.empty()) return false;
  std::string_view token = request.form.value_or_empty(kCsrfField);
  if (token.empty()) token = request.header(kCsrfHeader).value_or(std::string_view{});
  return crypto::constant_time_equals(token, expected_token);
}

namespace {
// Calls DispatcherOptions::end_of_request when it goes out of scope.
struct EndOfRequest {
  explicit EndOfRequest(const std::function<void()>& to_call) : callback_(to_call) {}
  EndOfRequest(const EndOfRequest&) = delete;
  EndOfRequest& operator=(const EndOfRequest&) = delete;
  ~EndOfRequest() {
    if (callback_) callback_();
  }
  const std::function<void()>& callback_;
};
}  // namespace

Response Dispatcher::error_response(const Error& error, const Request& request, const auth::Viewer& viewer,
                                    std::string_view csrf_token, std::string_view request_id) const {
  const int status = status_for(error.kind());
  if (error.kind() == ErrorKind::kSignInRequired &&
      (request.method == Method::kGet || request.method == Method::kHead)) {
    return Response::redirect("/signin");
  }
  if (status >= 500) {
    log::error("request {} failed: {}", request_id,
               error.log_detail().empty() ? error.user_message() : error.log_detail());
  } else if (!error.log_detail().empty()) {
    log::info("request {}: {}", request_id, error.log_detail());
  }
  ErrorPage page;
  page.status = status;
  page.title = std::string(title_for_status(status));
  page.message = status == 500 ? "Something went wrong on our side. Please try again in a moment."
                               : error.user_message();
  if (status == 500) page.reference_id = std::string(request_id);
  page.viewer = &viewer;
  page.csrf_token = csrf_token;
  return Response::html(render_error_(page), status);
}

Response Dispatcher::run(Request& request, std::string_view request_id, std::string& route_pattern,
                         std::size_t& route_row) const {
  const auth::Viewer anonymous = auth::Viewer::anonymous();
  const auto match = router_.match(request);
  if (match.route == nullptr) {
    if (match.path_exists) {
      Response response = error_response(
          Error(ErrorKind::kMethodNotAllowed, "This address doesn't accept that kind of request."), request,
          anonymous, {}, request_id);
      response.headers.emplace("Allow", match.allowed_methods);
      return response;
    }
    return error_response(Error::not_found(), request, anonymous, {}, request_id);
  }
  const Route& route = *match.route;
  route_pattern = route.pattern;
  route_row = static_cast<std::size_t>(match.route - router_.routes().data());
  // Held until the response is built, error pages included.
  std::optional<WorkGate::Slot> work_slot;
  if (route.work == Work::kPage) work_slot.emplace(*work_gate_);
  // Destroyed before work_slot, after everything the handler made.
  const EndOfRequest end_of_request{options_.end_of_request};

  std::optional<auth::Session> session;
  std::string new_session_token;
  std::string_view cookie_token;
  if (route.session != SessionUse::kNone) {
    cookie_token = find_cookie(request, session_cookie_name(request));
    if (!cookie_token.empty()) session = sessions_.find(cookie_token);
    if (!session && route.session == SessionUse::kEnsure) {
      auto created = sessions_.create_anonymous();
      new_session_token = std::move(created.token);
      session = std::move(created.session);
    }
  }
  const auth::Viewer viewer =
      session && session->person_id
          ? auth::Viewer::signed_in(*session->person_id, session->display_name, session->roles)
          : anonymous;
  const std::string_view csrf_token = session ? std::string_view(session->csrf_token) : std::string_view{};
  const std::string_view session_token =
      !new_session_token.empty() ? std::string_view(new_session_token) : cookie_token;

  Response response;
  try {
    if (is_unsafe(request.method) && !passes_csrf(request, csrf_token)) {
      throw Error(
          ErrorKind::kForbidden,
          "This form has expired or came from somewhere else. Please go back, reload the page and try again.",
          "CSRF check failed");
    }
    if (!allowed(route.access, viewer)) {
      if (!viewer.is_signed_in()) throw Error(ErrorKind::kSignInRequired, "Please sign in to see this page.");
      throw Error::forbidden("access check failed for " + route.pattern);
    }
    const RequestContext context{request, viewer, csrf_token, session_token, request_id};
    response = route.handler(context);
  } catch (const Error& error) {
    response = error_response(error, request, viewer, csrf_token, request_id);
  } catch (const std::exception& exception) {
    response = error_response(Error::internal(exception.what()), request, viewer, csrf_token, request_id);
  }
  if (!new_session_token.empty() && response.session_cookie == SessionCookie::kUnchanged) {
    response.set_session(new_session_token);
  }
  return response;
}

void Dispatcher::finish(Response& response, const Request& request) const {
  add_security_headers(response.headers, secure_transport(request));
  switch (response.caching) {
    case Caching::kNoStore: response.headers.emplace("Cache-Control", "no-store"); break;
    case Caching::kImmutable:
      response.headers.emplace("Cache-Control", "public, max-age=31536000, immutable");
      break;
    case Caching::kRevalidate: response.headers.emplace("Cache-Control", "no-cache"); break;
  }
  if (response.session_cookie != SessionCookie::kUnchanged) {
    response.headers.emplace("Set-Cookie", session_cookie(response, request));
  }
}

Response Dispatcher::library_error(int status, const Request& request) const {
  const auth::Viewer anonymous = auth::Viewer::anonymous();
  ErrorPage page;
  page.status = status;
  page.title = std::string(title_for_status(status));
  page.message = status == 413 || status == 414 || status == 431
                     ? "What you sent is larger than Hearth accepts. Please shorten it and try again."
                     : "Your browser sent a request Hearth could not understand. Please try again.";
  page.viewer = &anonymous;
  Response response;
  try {
    response = Response::html(render_error_(page), status);
  } catch (const std::exception& exception) {
    log::error("rendering the {} page failed: {}", status, exception.what());
    response = Response::text(std::string(title_for_status(status)) + "\n", status);
  }
  finish(response, request);
  metrics_->count(metrics_->refused_row(), status);
  return response;
}

Response Dispatcher::handle(Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  const std::string request_id = crypto::unique_id();
  if (!options_.trusted_proxies.empty()) {
    auto origin = options_.trusted_proxies.resolve(request.remote_address, request.is_tls, request.headers);
    request.remote_address = std::move(origin.address);
    request.is_tls = origin.is_tls;
  }
  std::string route_pattern = "(none)";
  std::size_t route_row = metrics_->unmatched_row();
  Response response;
  try {
    response = run(request, request_id, route_pattern, route_row);
  } catch (const std::exception& exception) {
    // Only reachable if rendering an error page itself failed.
    log::error("request {} failed while handling an error: {}", request_id, exception.what());
    response = Response::text("Something went wrong on our side. Reference: " + request_id, 500);
  }
  finish(response, request);
  response.headers.emplace("X-Request-Id", request_id);
  const auto elapsed_time = std::chrono::steady_clock::now() - started;
  metrics_->record(route_row, response.status, elapsed_time);
  const auto elapsed = std::chrono::duration<double, std::milli>(elapsed_time).count();
  // No user identity, no client address, no query string: only the route pattern.
  log::info("access id={} method={} route={} status={} duration_ms={:.2f}", request_id,
            method_name(request.method), route_pattern, response.status, elapsed);
  return response;
}

}  // namespace hearth::http
