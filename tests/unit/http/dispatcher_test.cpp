#include "http/dispatcher.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "auth/person_store.h"
#include "common/error.h"
#include "unit/storage/migrated_database.h"

namespace hearth::http {
namespace {

constexpr std::string_view kHost = "hearth.test";
constexpr std::string_view kSecretDetail = "SECRET-DETAIL /var/lib/hearth/hearth.db row 7";

std::optional<std::string> header(const Response& response, std::string_view name) {
  const auto found = response.headers.find(name);
  if (found == response.headers.end()) return std::nullopt;
  return found->second;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// The cookie value from a Set-Cookie header: "name=value; attributes".
std::string cookie_value(const std::string& set_cookie) {
  const auto equals = set_cookie.find('=');
  const auto semicolon = set_cookie.find(';');
  REQUIRE(equals != std::string::npos);
  return set_cookie.substr(equals + 1, semicolon - equals - 1);
}

// What the test handlers saw, for checks on the context.
struct Observed {
  int calls = 0;
  std::string session_token;
  std::string csrf_token;
  bool signed_in = false;
};

ErrorKind kind_from_name(std::string_view name) {
  if (name == "bad-request") return ErrorKind::kBadRequest;
  if (name == "sign-in-required") return ErrorKind::kSignInRequired;
  if (name == "forbidden") return ErrorKind::kForbidden;
  if (name == "not-found") return ErrorKind::kNotFound;
  if (name == "method-not-allowed") return ErrorKind::kMethodNotAllowed;
  if (name == "payload-too-large") return ErrorKind::kPayloadTooLarge;
  if (name == "conflict") return ErrorKind::kConflict;
  if (name == "too-many-requests") return ErrorKind::kTooManyRequests;
  if (name == "unavailable") return ErrorKind::kUnavailable;
  return ErrorKind::kInternal;
}

class DispatcherFixture {
 public:
  explicit DispatcherFixture(DispatcherOptions options = {}) { rebuild(std::move(options)); }

  void rebuild(DispatcherOptions options) {
    auto observe = [this](std::string body) {
      return [this, body](const RequestContext& context) {
        ++observed.calls;
        observed.session_token = std::string(context.session_token);
        observed.csrf_token = std::string(context.csrf_token);
        observed.signed_in = context.viewer.is_signed_in();
        return Response::html("<p>" + body + "</p>");
      };
    };
    std::vector<Route> routes = {
        {Method::kGet, "/ok", Access::kAnyone, SessionUse::kRead, observe("ok page")},
        {Method::kGet, "/form", Access::kAnyone, SessionUse::kEnsure, observe("form page")},
        {Method::kPost, "/form", Access::kAnyone, SessionUse::kRead, observe("posted")},
        {Method::kPut, "/form", Access::kAnyone, SessionUse::kRead, observe("put")},
        {Method::kDelete, "/form", Access::kAnyone, SessionUse::kRead, observe("deleted")},
        {Method::kGet, "/quiet", Access::kAnyone, SessionUse::kNone, observe("quiet page")},
        {Method::kPost, "/quiet", Access::kAnyone, SessionUse::kNone, observe("quiet post")},
        {Method::kGet, "/members", Access::kSignedIn, SessionUse::kRead, observe("members")},
        {Method::kPost, "/members", Access::kSignedIn, SessionUse::kRead, observe("members post")},
        {Method::kGet, "/staff", Access::kStaff, SessionUse::kRead, observe("staff")},
        {Method::kGet, "/queue", Access::kSupportQueue, SessionUse::kRead, observe("queue")},
        {Method::kGet, "/coordinators", Access::kCoordinator, SessionUse::kRead, observe("coordinators")},
        {Method::kGet, "/admin", Access::kAdministrator, SessionUse::kRead, observe("admin")},
        {Method::kGet, "/throw", Access::kAnyone, SessionUse::kRead,
         [](const RequestContext&) -> Response { throw std::runtime_error(std::string(kSecretDetail)); }},
        {Method::kGet, "/error/{kind}", Access::kAnyone, SessionUse::kRead,
         [](const RequestContext& context) -> Response {
           const auto kind = kind_from_name(context.request.path_parameter("kind"));
           throw Error(kind, "A message for the person.", std::string(kSecretDetail));
         }},
        {Method::kGet, "/cookie-handler", Access::kAnyone, SessionUse::kEnsure,
         [](const RequestContext&) { return Response::redirect("/").clear_session(); }},
    };
    ErrorPageRenderer renderer = [this](const ErrorPage& page) {
      ++error_pages_rendered;
      if (error_renderer_throws) throw std::runtime_error("template missing");
      return "<error status=" + std::to_string(page.status) + " title=\"" + page.title + "\" message=\"" +
             page.message + "\" reference=\"" + page.reference_id + "\" csrf=\"" +
             std::string(page.csrf_token) + "\">";
    };
    dispatcher = std::make_unique<Dispatcher>(Router(std::move(routes)), sessions, std::move(renderer),
                                              std::move(options));
  }

  Request request(Method method, std::string path) const {
    Request request;
    request.method = method;
    request.path = std::move(path);
    request.target = request.path;
    request.remote_address = "10.0.0.1";
    request.headers.emplace("Host", std::string(kHost));
    return request;
  }

  Response handle(Request request) const { return dispatcher->handle(request); }

  Request with_session(Request request, const std::string& token) const {
    request.headers.emplace("Cookie", std::string(dispatcher->session_cookie_name()) + "=" + token);
    return request;
  }

  Request post_with_token(const std::string& token, const std::string& csrf,
                          std::string path = "/form") const {
    auto post = with_session(request(Method::kPost, std::move(path)), token);
    post.form.add("csrf_token", csrf);
    return post;
  }

  std::int64_t add_person(const std::string& stable_id) {
    auth::DirectoryPerson person;
    person.stable_id = stable_id;
    person.username = stable_id;
    person.display_name = "Person " + stable_id;
    return people.upsert(person, {}, clock.now_seconds());
  }

  auth::NewSession signed_in(std::initializer_list<auth::Role> roles) {
    auth::RoleSet set;
    for (auto role : roles) set.insert(role);
    return sessions.create_signed_in(add_person("uuid-" + std::to_string(++people_added)), "Test Person",
                                     set);
  }

  testing::MigratedDatabase database;
  ManualClock clock{1'700'000'000};
  auth::SessionStore sessions{database.pool(), clock, auth::SessionPolicy{}};
  auth::PersonStore people{database.pool()};
  std::unique_ptr<Dispatcher> dispatcher;
  Observed observed;
  int error_pages_rendered = 0;
  bool error_renderer_throws = false;
  int people_added = 0;
};

void check_security_headers(const Response& response) {
  INFO("status " << response.status);
  const auto csp = header(response, "Content-Security-Policy");
  REQUIRE(csp);
  CHECK_FALSE(contains(*csp, "unsafe-inline"));
  CHECK_FALSE(contains(*csp, "unsafe-eval"));
  CHECK(contains(*csp, "default-src 'self'"));
  CHECK(contains(*csp, "frame-ancestors 'none'"));
  CHECK(contains(*csp, "form-action 'self'"));
  CHECK(header(response, "X-Content-Type-Options") == "nosniff");
  CHECK(header(response, "Referrer-Policy") == "same-origin");
  CHECK(header(response, "X-Frame-Options") == "DENY");
  const auto permissions = header(response, "Permissions-Policy");
  REQUIRE(permissions);
  CHECK(contains(*permissions, "camera=()"));
  CHECK(contains(*permissions, "geolocation=()"));
  CHECK(header(response, "Cache-Control") == "no-store");
  const auto request_id = header(response, "X-Request-Id");
  REQUIRE(request_id);
  CHECK_FALSE(request_id->empty());
  // Each header once: a duplicate CSP or Cache-Control would be combined unpredictably.
  CHECK(response.headers.count("Content-Security-Policy") == 1);
  CHECK(response.headers.count("Cache-Control") == 1);
}

}  // namespace

TEST_CASE("every response carries the security headers: 200, 404, 405, 403 and 500", "[http][dispatcher]") {
  DispatcherFixture fixture;
  const auto ok = fixture.handle(fixture.request(Method::kGet, "/ok"));
  CHECK(ok.status == 200);
  check_security_headers(ok);
  const auto missing = fixture.handle(fixture.request(Method::kGet, "/missing"));
  CHECK(missing.status == 404);
  check_security_headers(missing);
  const auto wrong_method = fixture.handle(fixture.request(Method::kPatch, "/ok"));
  CHECK(wrong_method.status == 405);
  check_security_headers(wrong_method);
  const auto forbidden = fixture.handle(fixture.request(Method::kPost, "/form"));
  CHECK(forbidden.status == 403);
  check_security_headers(forbidden);
  const auto failed = fixture.handle(fixture.request(Method::kGet, "/throw"));
  CHECK(failed.status == 500);
  check_security_headers(failed);
  const auto redirect = fixture.handle(fixture.request(Method::kGet, "/members"));
  CHECK(redirect.status == 303);
  check_security_headers(redirect);
}

TEST_CASE("HSTS is sent only over TLS or with secure cookies", "[http][dispatcher]") {
  SECTION("plain HTTP without secure cookies: no HSTS") {
    DispatcherFixture fixture;
    CHECK_FALSE(header(fixture.handle(fixture.request(Method::kGet, "/ok")), "Strict-Transport-Security"));
    CHECK_FALSE(
        header(fixture.handle(fixture.request(Method::kGet, "/missing")), "Strict-Transport-Security"));
  }
  SECTION("a TLS connection gets HSTS") {
    DispatcherFixture fixture;
    auto request = fixture.request(Method::kGet, "/ok");
    request.is_tls = true;
    const auto hsts = header(fixture.handle(request), "Strict-Transport-Security");
    REQUIRE(hsts);
    CHECK(contains(*hsts, "max-age="));
  }
  SECTION("secure cookies (TLS at a proxy) get HSTS on every response") {
    DispatcherFixture fixture(DispatcherOptions{true, "https://hearth.test"});
    CHECK(header(fixture.handle(fixture.request(Method::kGet, "/ok")), "Strict-Transport-Security"));
    CHECK(header(fixture.handle(fixture.request(Method::kGet, "/throw")), "Strict-Transport-Security"));
  }
}

TEST_CASE("a throwing handler gives a 500 page with only a reference id", "[http][dispatcher]") {
  DispatcherFixture fixture;
  const auto response = fixture.handle(fixture.request(Method::kGet, "/throw"));
  CHECK(response.status == 500);
  const auto request_id = header(response, "X-Request-Id");
  REQUIRE(request_id);
  CHECK(contains(response.body, "reference=\"" + *request_id + "\""));
  CHECK_FALSE(contains(response.body, "SECRET-DETAIL"));
  CHECK_FALSE(contains(response.body, "/var/lib"));
  CHECK(response.content_type.starts_with("text/html"));

  SECTION("each request gets its own id") {
    const auto again = fixture.handle(fixture.request(Method::kGet, "/throw"));
    CHECK(header(again, "X-Request-Id") != request_id);
  }
}

TEST_CASE("error kinds map to their HTTP statuses", "[http][dispatcher]") {
  DispatcherFixture fixture;
  const std::vector<std::pair<std::string, int>> expected = {
      {"bad-request", 400},        {"forbidden", 403},         {"not-found", 404},
      {"method-not-allowed", 405}, {"payload-too-large", 413}, {"conflict", 409},
      {"too-many-requests", 429},  {"unavailable", 503},       {"internal", 500},
  };
  for (const auto& [name, status] : expected) {
    INFO(name);
    const auto response = fixture.handle(fixture.request(Method::kGet, "/error/" + name));
    CHECK(response.status == status);
    CHECK(status_for(kind_from_name(name)) == status);
    CHECK_FALSE(contains(response.body, "SECRET-DETAIL"));
    check_security_headers(response);
    if (status == 500) {
      // The person's message of an internal error is replaced by the generic one.
      CHECK_FALSE(contains(response.body, "A message for the person."));
      CHECK(contains(response.body, "reference=\"" + *header(response, "X-Request-Id") + "\""));
    } else {
      CHECK(contains(response.body, "A message for the person."));
      CHECK(contains(response.body, "reference=\"\""));  // reference ids are for 500s only
    }
  }
  CHECK(status_for(ErrorKind::kSignInRequired) == 401);
}

TEST_CASE("sign-in required redirects a page view and refuses a form post", "[http][dispatcher]") {
  DispatcherFixture fixture;
  SECTION("GET of a signed-in page while signed out: 303 to /signin") {
    const auto response = fixture.handle(fixture.request(Method::kGet, "/members"));
    CHECK(response.status == 303);
    CHECK(header(response, "Location") == "/signin");
    CHECK(fixture.observed.calls == 0);
  }
  SECTION("HEAD behaves like GET") {
    const auto response = fixture.handle(fixture.request(Method::kHead, "/members"));
    CHECK(response.status == 303);
  }
  SECTION("POST with a valid anonymous session: 401 page") {
    const auto anonymous = fixture.sessions.create_anonymous();
    const auto response =
        fixture.handle(fixture.post_with_token(anonymous.token, anonymous.session.csrf_token, "/members"));
    CHECK(response.status == 401);
    CHECK(contains(response.body, "status=401"));
    CHECK_FALSE(header(response, "Location"));
    CHECK(fixture.observed.calls == 0);
  }
  SECTION("a handler's own kSignInRequired on GET redirects too") {
    const auto response = fixture.handle(fixture.request(Method::kGet, "/error/sign-in-required"));
    CHECK(response.status == 303);
    CHECK(header(response, "Location") == "/signin");
  }
  SECTION("an expired session is signed out") {
    const auto session = fixture.signed_in({auth::Role::kStaff});
    fixture.clock.advance(fixture.sessions.policy().idle_timeout_seconds);
    const auto response =
        fixture.handle(fixture.with_session(fixture.request(Method::kGet, "/members"), session.token));
    CHECK(response.status == 303);
  }
}

TEST_CASE("role-restricted routes refuse signed-in people without the role", "[http][dispatcher]") {
  DispatcherFixture fixture;
  const auto staff = fixture.signed_in({auth::Role::kStaff});
  const auto peer = fixture.signed_in({auth::Role::kStaff, auth::Role::kPeerSupporter});
  const auto coordinator = fixture.signed_in({auth::Role::kStaff, auth::Role::kCoordinator});
  const auto admin = fixture.signed_in({auth::Role::kAdmin});
  const auto status = [&](const auth::NewSession& session, std::string path) {
    return fixture.handle(fixture.with_session(fixture.request(Method::kGet, std::move(path)), session.token))
        .status;
  };
  CHECK(status(staff, "/members") == 200);
  CHECK(status(staff, "/staff") == 200);
  CHECK(status(staff, "/queue") == 403);
  CHECK(status(staff, "/coordinators") == 403);
  CHECK(status(staff, "/admin") == 403);
  CHECK(status(peer, "/queue") == 200);
  CHECK(status(peer, "/coordinators") == 403);
  CHECK(status(coordinator, "/queue") == 200);
  CHECK(status(coordinator, "/coordinators") == 200);
  CHECK(status(coordinator, "/admin") == 403);
  CHECK(status(admin, "/admin") == 200);
  CHECK(status(admin, "/staff") == 403);
  CHECK(status(admin, "/queue") == 403);
  // Anonymous viewers are sent to sign in, not told "forbidden".
  CHECK(fixture.handle(fixture.request(Method::kGet, "/admin")).status == 303);
}

TEST_CASE("CSRF: unsafe requests need the session's token", "[http][dispatcher][csrf]") {
  DispatcherFixture fixture;
  // A visitor opens the form: an anonymous session with a CSRF token is created.
  const auto form = fixture.handle(fixture.request(Method::kGet, "/form"));
  REQUIRE(form.status == 200);
  const auto set_cookie = header(form, "Set-Cookie");
  REQUIRE(set_cookie);
  const std::string token = cookie_value(*set_cookie);
  const std::string csrf = fixture.observed.csrf_token;
  REQUIRE(csrf.size() == 43);
  CHECK(fixture.observed.session_token == token);
  fixture.observed.calls = 0;
  // Refused with 403, without the handler running.
  const auto refused = [&fixture](Request request) {
    const int calls_before = fixture.observed.calls;
    const int status = fixture.handle(std::move(request)).status;
    return status == 403 && fixture.observed.calls == calls_before;
  };

  SECTION("no token at all") {
    CHECK(refused(fixture.with_session(fixture.request(Method::kPost, "/form"), token)));
  }
  SECTION("no session at all") {
    auto post = fixture.request(Method::kPost, "/form");
    post.form.add("csrf_token", csrf);
    CHECK(refused(post));
  }
  SECTION("a wrong token of the right length") {
    std::string wrong = csrf;
    wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
    CHECK(refused(fixture.post_with_token(token, wrong)));
  }
  SECTION("an empty token") {
    CHECK(refused(fixture.post_with_token(token, "")));
  }
  SECTION("the token of another session") {
    const auto other = fixture.sessions.create_anonymous();
    CHECK(refused(fixture.post_with_token(token, other.session.csrf_token)));
  }
  SECTION("the session token used as the CSRF token") {
    CHECK(refused(fixture.post_with_token(token, token)));
  }
  SECTION("the right token in the form") {
    CHECK(fixture.handle(fixture.post_with_token(token, csrf)).status == 200);
    CHECK(fixture.observed.calls == 1);
  }
  SECTION("the right token in the X-CSRF-Token header") {
    auto post = fixture.with_session(fixture.request(Method::kPost, "/form"), token);
    post.headers.emplace("X-CSRF-Token", csrf);
    CHECK(fixture.handle(post).status == 200);
  }
  SECTION("PUT and DELETE are checked like POST") {
    auto put = fixture.with_session(fixture.request(Method::kPut, "/form"), token);
    CHECK(refused(put));
    auto del = fixture.with_session(fixture.request(Method::kDelete, "/form"), token);
    del.form.add("csrf_token", csrf);
    CHECK(fixture.handle(del).status == 200);
  }
  SECTION("a route without a session cannot accept unsafe requests") {
    auto post = fixture.post_with_token(token, csrf, "/quiet");
    CHECK(refused(post));
  }
}

TEST_CASE("CSRF: Fetch Metadata and Origin refuse cross-site posts even with the right token",
          "[http][dispatcher][csrf]") {
  DispatcherFixture fixture;
  const auto anonymous = fixture.sessions.create_anonymous();
  const auto post = [&](std::initializer_list<std::pair<std::string, std::string>> headers) {
    auto request = fixture.post_with_token(anonymous.token, anonymous.session.csrf_token);
    for (const auto& [name, value] : headers) request.headers.emplace(name, value);
    return fixture.handle(request).status;
  };
  CHECK(post({}) == 200);
  CHECK(post({{"Sec-Fetch-Site", "same-origin"}}) == 200);
  CHECK(post({{"Sec-Fetch-Site", "none"}}) == 200);
  CHECK(post({{"Sec-Fetch-Site", "cross-site"}}) == 403);
  CHECK(post({{"Sec-Fetch-Site", "same-site"}}) == 403);  // a sibling subdomain is another site for us
  CHECK(post({{"Origin", "http://hearth.test"}}) == 200);
  CHECK(post({{"Origin", "http://evil.example"}}) == 403);
  CHECK(post({{"Origin", "https://hearth.test"}}) == 403);  // the scheme is part of the origin
  CHECK(post({{"Origin", "http://hearth.test.evil.example"}}) == 403);
  CHECK(post({{"Origin", "null"}}) == 403);
  CHECK(post({{"Origin", "http://hearth.test"}, {"Sec-Fetch-Site", "cross-site"}}) == 403);
}

TEST_CASE("CSRF: a configured public origin wins over the Host header", "[http][dispatcher][csrf]") {
  DispatcherFixture fixture(DispatcherOptions{false, "https://hearth.hospital.example"});
  const auto anonymous = fixture.sessions.create_anonymous();
  const auto post = [&](std::string origin, std::string host) {
    auto request = fixture.post_with_token(anonymous.token, anonymous.session.csrf_token);
    request.headers.erase("Host");
    request.headers.emplace("Host", std::move(host));
    request.headers.emplace("Origin", std::move(origin));
    return fixture.handle(request).status;
  };
  CHECK(post("https://hearth.hospital.example", "hearth.hospital.example") == 200);
  // A forged Host header does not make a foreign origin acceptable.
  CHECK(post("http://evil.example", "evil.example") == 403);
}

TEST_CASE("kEnsure creates an anonymous session cookie with safe attributes", "[http][dispatcher][session]") {
  SECTION("plain HTTP") {
    DispatcherFixture fixture;
    const auto response = fixture.handle(fixture.request(Method::kGet, "/form"));
    const auto set_cookie = header(response, "Set-Cookie");
    REQUIRE(set_cookie);
    CHECK(set_cookie->starts_with("hearth_session="));
    CHECK(cookie_value(*set_cookie).size() == 43);
    CHECK(contains(*set_cookie, "; HttpOnly"));
    CHECK(contains(*set_cookie, "; SameSite=Lax"));
    CHECK(contains(*set_cookie, "; Path=/"));
    CHECK_FALSE(contains(*set_cookie, "Secure"));
    CHECK_FALSE(contains(*set_cookie, "Max-Age"));
    CHECK(fixture.sessions.find(cookie_value(*set_cookie)));
  }
  SECTION("with secure cookies: __Host- prefix and Secure") {
    DispatcherFixture fixture(DispatcherOptions{true, "https://hearth.test"});
    const auto response = fixture.handle(fixture.request(Method::kGet, "/form"));
    const auto set_cookie = header(response, "Set-Cookie");
    REQUIRE(set_cookie);
    CHECK(set_cookie->starts_with("__Host-hearth_session="));
    CHECK(contains(*set_cookie, "; Secure"));
    CHECK(contains(*set_cookie, "; HttpOnly"));
    CHECK(contains(*set_cookie, "; Path=/"));
    CHECK_FALSE(contains(*set_cookie, "Domain="));  // __Host- cookies must be host-only

    // A cookie without the prefix (e.g. planted over plain HTTP) is not read.
    const auto planted = fixture.sessions.create_anonymous();
    auto request = fixture.request(Method::kGet, "/form");
    request.headers.emplace("Cookie", "hearth_session=" + planted.token);
    const auto again = fixture.handle(request);
    const auto new_cookie = header(again, "Set-Cookie");
    REQUIRE(new_cookie);
    CHECK(cookie_value(*new_cookie) != planted.token);
  }
}

TEST_CASE("kEnsure keeps a live session and replaces an unknown one", "[http][dispatcher][session]") {
  DispatcherFixture fixture;
  const auto existing = fixture.sessions.create_anonymous();
  const auto kept =
      fixture.handle(fixture.with_session(fixture.request(Method::kGet, "/form"), existing.token));
  CHECK_FALSE(header(kept, "Set-Cookie"));
  CHECK(fixture.observed.csrf_token == existing.session.csrf_token);

  const auto replaced =
      fixture.handle(fixture.with_session(fixture.request(Method::kGet, "/form"), std::string(43, 'A')));
  const auto set_cookie = header(replaced, "Set-Cookie");
  REQUIRE(set_cookie);
  CHECK(cookie_value(*set_cookie) != std::string(43, 'A'));
}

TEST_CASE("kNone routes neither read nor set the session cookie", "[http][dispatcher][session]") {
  DispatcherFixture fixture;
  const auto session = fixture.signed_in({auth::Role::kStaff});
  const auto stored_last_seen = [&] {
    auto statement = fixture.database.connection().prepare("SELECT last_seen_at FROM session");
    REQUIRE(statement.step());
    return statement.column_int64(0);
  };
  fixture.clock.advance(120);  // due for a touch if the session were read
  const auto response =
      fixture.handle(fixture.with_session(fixture.request(Method::kGet, "/quiet"), session.token));
  CHECK(response.status == 200);
  CHECK_FALSE(header(response, "Set-Cookie"));
  CHECK(fixture.observed.calls == 1);
  CHECK(fixture.observed.session_token.empty());
  CHECK(fixture.observed.csrf_token.empty());
  CHECK_FALSE(fixture.observed.signed_in);
  // The session was not even looked up: a look-up would have touched it.
  CHECK(stored_last_seen() == session.session.created_at);
  fixture.handle(fixture.with_session(fixture.request(Method::kGet, "/ok"), session.token));
  CHECK(stored_last_seen() == session.session.created_at + 120);
}

TEST_CASE("kRead routes see a signed-in viewer but create nothing", "[http][dispatcher][session]") {
  DispatcherFixture fixture;
  const auto anonymous_view = fixture.handle(fixture.request(Method::kGet, "/ok"));
  CHECK_FALSE(header(anonymous_view, "Set-Cookie"));
  CHECK_FALSE(fixture.observed.signed_in);

  const auto session = fixture.signed_in({auth::Role::kStaff});
  const auto signed_in_view =
      fixture.handle(fixture.with_session(fixture.request(Method::kGet, "/ok"), session.token));
  CHECK_FALSE(header(signed_in_view, "Set-Cookie"));
  CHECK(fixture.observed.signed_in);
  CHECK(fixture.observed.session_token == session.token);
  CHECK(fixture.observed.csrf_token == session.session.csrf_token);
}

TEST_CASE("a handler's own cookie decision wins over a new anonymous session",
          "[http][dispatcher][session]") {
  DispatcherFixture fixture;
  const auto response = fixture.handle(fixture.request(Method::kGet, "/cookie-handler"));
  const auto set_cookie = header(response, "Set-Cookie");
  REQUIRE(set_cookie);
  CHECK(contains(*set_cookie, "Max-Age=0"));
  CHECK(cookie_value(*set_cookie).empty());
}

TEST_CASE("unknown paths and wrong methods never create sessions", "[http][dispatcher]") {
  DispatcherFixture fixture;
  const auto missing = fixture.handle(fixture.request(Method::kGet, "/form/extra"));
  CHECK(missing.status == 404);
  CHECK_FALSE(header(missing, "Set-Cookie"));
  const auto wrong = fixture.handle(fixture.request(Method::kPatch, "/form"));
  CHECK(wrong.status == 405);
  CHECK(header(wrong, "Allow") == "GET, POST, PUT, DELETE");
  CHECK_FALSE(header(wrong, "Set-Cookie"));
  auto count = fixture.database.connection().prepare("SELECT count(*) FROM session");
  REQUIRE(count.step());
  CHECK(count.column_int64(0) == 0);
}

TEST_CASE("the dispatcher never throws, even when the error page fails", "[http][dispatcher]") {
  DispatcherFixture fixture;
  fixture.error_renderer_throws = true;
  Response response;
  REQUIRE_NOTHROW(response = fixture.handle(fixture.request(Method::kGet, "/throw")));
  CHECK(response.status == 500);
  const auto request_id = header(response, "X-Request-Id");
  REQUIRE(request_id);
  CHECK(contains(response.body, *request_id));
  CHECK_FALSE(contains(response.body, "SECRET-DETAIL"));
  CHECK_FALSE(contains(response.body, "template missing"));
  check_security_headers(response);
}

TEST_CASE("HEAD requests are routed to GET handlers", "[http][dispatcher]") {
  DispatcherFixture fixture;
  const auto response = fixture.handle(fixture.request(Method::kHead, "/ok"));
  CHECK(response.status == 200);
  CHECK(fixture.observed.calls == 1);
}

TEST_CASE("error pages get the viewer's CSRF token for the sign-out form", "[http][dispatcher]") {
  DispatcherFixture fixture;
  const auto session = fixture.signed_in({auth::Role::kStaff});
  const auto response =
      fixture.handle(fixture.with_session(fixture.request(Method::kGet, "/error/not-found"), session.token));
  CHECK(response.status == 404);
  CHECK(contains(response.body, "csrf=\"" + session.session.csrf_token + "\""));
}

TEST_CASE("page routes wait for a work slot; light routes and paused waits do not hold one",
          "[http][dispatcher][work_gate]") {
  DispatcherFixture fixture;
  std::atomic<bool> open{false};
  std::atomic<int> entered{0};
  const auto wait_until = [](const auto& condition) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!condition() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return condition();
  };
  std::vector<Route> routes = {
      // Works until `open`: holds its slot all that time.
      {Method::kGet, "/page", Access::kAnyone, SessionUse::kRead,
       [&](const RequestContext&) {
         ++entered;
         while (!open) std::this_thread::sleep_for(std::chrono::milliseconds(1));
         return Response::html("<p>page</p>");
       }},
      // Waits on something slow (as a sign-in waits on the directory) without its slot.
      {Method::kGet, "/paused", Access::kAnyone, SessionUse::kRead,
       [&](const RequestContext&) {
         const WorkGate::Pause pause;
         ++entered;
         while (!open) std::this_thread::sleep_for(std::chrono::milliseconds(1));
         return Response::html("<p>paused</p>");
       }},
      {Method::kGet, "/light", Access::kAnyone, SessionUse::kNone,
       [](const RequestContext&) { return Response::html("<p>light</p>"); }, Work::kLight},
  };
  DispatcherOptions options;
  options.work_slots = 1;
  Dispatcher dispatcher(
      Router(std::move(routes)), fixture.sessions,
      [](const ErrorPage& page) { return "<error " + page.title + ">"; }, std::move(options));
  CHECK(dispatcher.work_gate().slots() == 1);
  const auto get = [&](const std::string& path) {
    auto request = fixture.request(Method::kGet, path);
    return dispatcher.handle(request);
  };

  SECTION("a second page request waits until the first is done; a light one does not") {
    std::thread first([&] { CHECK(get("/page").status == 200); });
    REQUIRE(wait_until([&] { return entered == 1; }));
    std::thread second([&] { CHECK(get("/page").status == 200); });
    REQUIRE(wait_until([&] { return dispatcher.work_gate().waiting() == 1; }));
    CHECK(entered == 1);
    const auto light = get("/light");
    CHECK(light.status == 200);
    CHECK(contains(light.body, "light"));
    open = true;
    first.join();
    second.join();
    CHECK(entered == 2);
    CHECK(dispatcher.work_gate().waiting() == 0);
  }
  SECTION("a request waiting without its slot lets a page request through") {
    std::thread slow([&] { CHECK(get("/paused").status == 200); });
    REQUIRE(wait_until([&] { return entered == 1; }));
    std::thread page([&] { CHECK(get("/page").status == 200); });
    CHECK(wait_until([&] { return entered == 2; }));  // not queued behind the paused one
    open = true;
    slow.join();
    page.join();
  }
  SECTION("four slots per CPU by default") {
    DispatcherOptions defaults;
    Dispatcher default_dispatcher(
        Router({}), fixture.sessions, [](const ErrorPage&) { return std::string(); }, std::move(defaults));
    CHECK(default_dispatcher.work_gate().slots() >= 4);
    open = true;
  }
}

TEST_CASE("end_of_request runs once per request, after the handler, while the slot is still held",
          "[http][dispatcher][work_gate]") {
  DispatcherFixture fixture;
  std::atomic<bool> open{false};
  std::atomic<int> handlers_done{0};
  std::atomic<int> calls{0};
  std::vector<int> handlers_done_at_call;
  std::vector<int> waiting_at_call;
  std::mutex seen_mutex;
  const Dispatcher* watched = nullptr;
  std::vector<Route> routes = {
      {Method::kGet, "/page", Access::kAnyone, SessionUse::kRead,
       [&](const RequestContext&) {
         while (!open) std::this_thread::sleep_for(std::chrono::milliseconds(1));
         ++handlers_done;
         return Response::html("<p>page</p>");
       }},
      {Method::kGet, "/throw", Access::kAnyone, SessionUse::kRead,
       [&](const RequestContext&) -> Response {
         ++handlers_done;
         throw std::runtime_error("broken");
       }},
      {Method::kGet, "/light", Access::kAnyone, SessionUse::kNone,
       [&](const RequestContext&) {
         ++handlers_done;
         return Response::html("<p>light</p>");
       },
       Work::kLight},
  };
  DispatcherOptions options;
  options.work_slots = 1;
  options.end_of_request = [&] {
    ++calls;
    const std::lock_guard lock(seen_mutex);
    handlers_done_at_call.push_back(handlers_done);
    waiting_at_call.push_back(watched->work_gate().waiting());
  };
  Dispatcher dispatcher(
      Router(std::move(routes)), fixture.sessions,
      [](const ErrorPage& page) { return "<error " + page.title + ">"; }, std::move(options));
  watched = &dispatcher;
  const auto get = [&](const std::string& path) {
    auto request = fixture.request(Method::kGet, path);
    return dispatcher.handle(request);
  };

  SECTION("after each handler, its error page included") {
    open = true;
    CHECK(get("/page").status == 200);
    CHECK(get("/throw").status == 500);
    CHECK(get("/light").status == 200);
    CHECK(calls == 3);
    CHECK(handlers_done_at_call == std::vector<int>{1, 2, 3});
  }
  SECTION("before the next request waiting for the slot gets it") {
    // One holds the slot (its handler waits for `open`); the other queues.
    std::thread first([&] { CHECK(get("/page").status == 200); });
    std::thread second([&] { CHECK(get("/page").status == 200); });
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (dispatcher.work_gate().waiting() != 1 && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    REQUIRE(dispatcher.work_gate().waiting() == 1);
    open = true;
    first.join();
    second.join();
    CHECK(calls == 2);
    // When the first request's end_of_request ran, the second still waited for its slot.
    CHECK(waiting_at_call == std::vector<int>{1, 0});
  }
}

}  // namespace hearth::http
