#include "app/application.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <regex>
#include <string>

#include "auth/demo_directory.h"
#include "common/embedded_file.h"
#include "common/text.h"
#include "http/request.h"
#include "unit/common/temporary_directory.h"

namespace hearth::features {
namespace {

constexpr std::string_view kSiteName = "Riverside Care Circle";
constexpr std::string_view kDemoPassword = "hearth-demo";
constexpr std::string_view kGenericFailure = "That username and password didn&apos;t work.";

std::string_view sample_ldif() {
  for (const auto& file : hearth_demo_directory_files()) {
    if (file.path == "sample-directory.ldif") return file.content;
  }
  FAIL("sample-directory.ldif is not embedded");
  return {};
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool contains_ignoring_case(std::string_view haystack, std::string_view needle) {
  return contains(text::to_lower_ascii(haystack), text::to_lower_ascii(needle));
}

std::optional<std::string> header(const http::Response& response, std::string_view name) {
  const auto found = response.headers.find(name);
  if (found == response.headers.end()) return std::nullopt;
  return found->second;
}

std::string cookie_value(const http::Response& response) {
  const auto set_cookie = header(response, "Set-Cookie");
  REQUIRE(set_cookie);
  const auto equals = set_cookie->find('=');
  return set_cookie->substr(equals + 1, set_cookie->find(';') - equals - 1);
}

std::string csrf_token_in(const std::string& html) {
  static const std::regex field(R"re(name="csrf_token" value="([A-Za-z0-9_-]+)")re");
  std::smatch match;
  REQUIRE(std::regex_search(html, match, field));
  return match[1].str();
}

// Percent-encodes a form value.
std::string form_encode(std::string_view value) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4U];
      out += kHex[c & 15U];
    }
  }
  return out;
}

class ApplicationFixture {
 public:
  ApplicationFixture() {
    app::Config config;
    config.data_directory = folder_.path() / "data";
    config.server.port = 0;
    config.site.name = std::string(kSiteName);
    config.directory = auth::DemoDirectory::demo_config();
    application_ = std::make_unique<app::Application>(
        config, std::make_unique<auth::DemoDirectory>(sample_ldif(), auth::DemoDirectory::demo_config()),
        std::vector<DemoAccountListing>{}, clock_);
    // Requests run on this thread and use its connection; skip the fsync per
    // commit (see unit/storage/migrated_database.h).
    application_->database().connection().execute("PRAGMA synchronous=OFF");
  }

  http::Request request(http::Method method, std::string path, std::string_view cookie = {}) const {
    http::Request request;
    request.method = method;
    request.path = std::move(path);
    request.target = request.path;
    request.remote_address = "10.1.2.3";
    request.headers.emplace("Host", "hearth.test");
    if (!cookie.empty()) request.headers.emplace("Cookie", "hearth_session=" + std::string(cookie));
    return request;
  }

  http::Response handle(http::Request built) const { return application_->dispatcher().handle(built); }

  http::Response get(std::string path, std::string_view cookie = {}) const {
    return handle(request(http::Method::kGet, std::move(path), cookie));
  }

  // Posts an application/x-www-form-urlencoded body the way the server does:
  // a body that does not decode leaves the form empty.
  http::Response post(std::string path, std::string body, std::string_view cookie = {}) const {
    auto built = request(http::Method::kPost, std::move(path), cookie);
    built.headers.emplace("Content-Type", "application/x-www-form-urlencoded");
    built.body = std::move(body);
    if (auto form = http::parse_urlencoded(built.body)) built.form = std::move(*form);
    return handle(std::move(built));
  }

  struct SignInForm {
    std::string cookie;
    std::string csrf;
  };
  SignInForm open_sign_in_form() const {
    const auto page = get("/signin");
    REQUIRE(page.status == 200);
    return {cookie_value(page), csrf_token_in(page.body)};
  }

  http::Response sign_in(std::string_view username, std::string_view password, const SignInForm& form) const {
    return post("/signin",
                "csrf_token=" + form.csrf + "&username=" + form_encode(username) +
                    "&password=" + form_encode(password),
                form.cookie);
  }

  // Signs amy.chen in and returns her session cookie.
  std::string signed_in_cookie() const {
    const auto response = sign_in("amy.chen", kDemoPassword, open_sign_in_form());
    REQUIRE(response.status == 303);
    return cookie_value(response);
  }

  std::int64_t session_rows() {
    auto statement = application_->database().connection().prepare("SELECT count(*) FROM session");
    REQUIRE(statement.step());
    return statement.column_int64(0);
  }

  ManualClock clock_{1'700'000'000};

 private:
  testing::TemporaryDirectory folder_;
  std::unique_ptr<app::Application> application_;
};

}  // namespace

TEST_CASE("the application serves its public pages without sockets", "[features][app]") {
  ApplicationFixture app;
  SECTION("home") {
    const auto home = app.get("/");
    CHECK(home.status == 200);
    CHECK(contains(home.body, "Get help now"));
    CHECK(contains(home.body, kSiteName));
    CHECK(contains(home.body, "href=\"/signin\""));
    CHECK_FALSE(header(home, "Set-Cookie"));
    CHECK(header(home, "Cache-Control") == "no-store");
  }
  SECTION("privacy states the configured timeouts") {
    const auto privacy = app.get("/privacy");
    CHECK(privacy.status == 200);
    CHECK(contains(privacy.body, "after 30 minutes without activity"));
    CHECK(contains(privacy.body, "after 12 hours at most"));
  }
  SECTION("help shows the crisis line and EAP") {
    const auto help = app.get("/help");
    CHECK(help.status == 200);
    CHECK(contains(help.body, "tel:988"));
    CHECK(contains(help.body, "Employee Assistance Program"));
    CHECK(contains(help.body, "aria-current=\"page\""));
  }
  SECTION("sign-in form with a CSRF token and an anonymous session") {
    const auto signin = app.get("/signin");
    CHECK(signin.status == 200);
    CHECK(contains(signin.body, "Get help now"));
    CHECK(csrf_token_in(signin.body).size() == 43);
    const auto set_cookie = header(signin, "Set-Cookie");
    REQUIRE(set_cookie);
    CHECK(set_cookie->starts_with("hearth_session="));
    CHECK(contains(*set_cookie, "HttpOnly"));
  }
  SECTION("health check") {
    const auto health = app.get("/healthz");
    CHECK(health.status == 200);
    CHECK(health.body == "ok\n");
    CHECK_FALSE(header(health, "Set-Cookie"));
  }
  SECTION("an unknown page is a 404 page in the layout") {
    const auto missing = app.get("/nope");
    CHECK(missing.status == 404);
    CHECK(contains(missing.body, "Page not found"));
    CHECK(contains(missing.body, "Get help now"));
    CHECK(header(missing, "Content-Security-Policy"));
  }
  SECTION("a static file") {
    const auto stylesheet = app.get("/static/css/hearth.css");
    CHECK(stylesheet.status == 200);
    CHECK(stylesheet.content_type.starts_with("text/css"));
  }
  SECTION("HEAD of a page is answered like GET") {
    const auto head = app.handle(app.request(http::Method::kHead, "/privacy"));
    CHECK(head.status == 200);
    CHECK(header(head, "X-Request-Id"));
  }
  SECTION("a page with the wrong method is 405, not 404") {
    const auto wrong = app.handle(app.request(http::Method::kPost, "/help"));
    CHECK(wrong.status == 405);
    CHECK(header(wrong, "Allow") == "GET");
  }
}

TEST_CASE("quick exit shows a neutral page that does not look like Hearth", "[features][app]") {
  ApplicationFixture app;
  const auto exit = app.get("/exit");
  CHECK(exit.status == 200);
  CHECK(contains(exit.body, "Hospital intranet"));
  for (const auto* word : {"peer", "crisis", "support", "help", "wellness", "sign"}) {
    INFO(word);
    CHECK_FALSE(contains_ignoring_case(exit.body, word));
  }
  CHECK_FALSE(contains(exit.body, kSiteName));
  CHECK_FALSE(contains(exit.body, "988"));
  CHECK_FALSE(header(exit, "Set-Cookie"));  // nothing to clear for a visitor without a session
}

TEST_CASE("quick exit ends a signed-in session", "[features][app]") {
  ApplicationFixture app;
  const auto cookie = app.signed_in_cookie();
  REQUIRE(contains(app.get("/", cookie).body, "Welcome, Amy Chen"));
  const auto exit = app.get("/exit", cookie);
  CHECK(exit.status == 200);
  const auto set_cookie = header(exit, "Set-Cookie");
  REQUIRE(set_cookie);
  CHECK(contains(*set_cookie, "Max-Age=0"));
  CHECK_FALSE(contains(app.get("/", cookie).body, "Amy Chen"));
  CHECK(app.session_rows() == 0);
}

TEST_CASE("the help page leaves no trace, even for a signed-in person", "[features][app]") {
  ApplicationFixture app;
  const auto cookie = app.signed_in_cookie();
  const auto help = app.get("/help", cookie);
  CHECK(help.status == 200);
  CHECK_FALSE(header(help, "Set-Cookie"));
  CHECK_FALSE(contains(help.body, "Amy Chen"));  // the session was not even read
  const auto anonymous_form = app.open_sign_in_form();
  CHECK_FALSE(header(app.get("/help", anonymous_form.cookie), "Set-Cookie"));
}

TEST_CASE("signing in with the form's CSRF token rotates the session", "[features][app]") {
  ApplicationFixture app;
  const auto form = app.open_sign_in_form();
  const auto response = app.sign_in("amy.chen", kDemoPassword, form);
  REQUIRE(response.status == 303);
  CHECK(header(response, "Location") == "/");
  const std::string cookie = cookie_value(response);
  CHECK(cookie.size() == 43);
  CHECK(cookie != form.cookie);

  const auto home = app.get("/", cookie);
  CHECK(home.status == 200);
  CHECK(contains(home.body, "Welcome, Amy Chen"));
  CHECK(contains(home.body, "ICU"));
  // The anonymous session of the form is gone.
  CHECK_FALSE(contains(app.get("/", form.cookie).body, "Amy Chen"));
  CHECK(app.session_rows() == 1);

  SECTION("a signed-in person visiting /signin is sent home") {
    const auto again = app.get("/signin", cookie);
    CHECK(again.status == 303);
    CHECK(header(again, "Location") == "/");
  }
  SECTION("signing out needs the CSRF token and ends the session") {
    CHECK(app.post("/signout", "", cookie).status == 403);
    const auto csrf = csrf_token_in(home.body);
    const auto signed_out = app.post("/signout", "csrf_token=" + csrf, cookie);
    CHECK(signed_out.status == 303);
    CHECK(contains(*header(signed_out, "Set-Cookie"), "Max-Age=0"));
    CHECK_FALSE(contains(app.get("/", cookie).body, "Amy Chen"));
  }
  SECTION("the session expires after the idle timeout") {
    app.clock_.advance(30 * 60);
    CHECK_FALSE(contains(app.get("/", cookie).body, "Amy Chen"));
  }
}

TEST_CASE("a wrong password gets 401 and one generic message", "[features][app]") {
  ApplicationFixture app;
  const auto form = app.open_sign_in_form();
  const auto wrong = app.sign_in("amy.chen", "not-the-password", form);
  CHECK(wrong.status == 401);
  CHECK(contains(wrong.body, kGenericFailure));
  CHECK(contains(wrong.body, "value=\"amy.chen\""));  // the username is kept
  CHECK_FALSE(contains(wrong.body, "not-the-password"));
  CHECK_FALSE(header(wrong, "Set-Cookie"));

  // An unknown person gets the same answer.
  const auto unknown = app.sign_in("nobody.here", "whatever", form);
  CHECK(unknown.status == 401);
  CHECK(contains(unknown.body, kGenericFailure));
  // The form stays usable: the anonymous session survived.
  CHECK(app.sign_in("amy.chen", kDemoPassword, form).status == 303);
}

TEST_CASE("repeated wrong passwords are throttled with Retry-After", "[features][app]") {
  ApplicationFixture app;
  const auto form = app.open_sign_in_form();
  for (int i = 0; i < 5; ++i)
    REQUIRE(app.sign_in("ben.okafor", "guess-" + std::to_string(i), form).status == 401);
  const auto throttled = app.sign_in("ben.okafor", kDemoPassword, form);
  CHECK(throttled.status == 429);
  CHECK(header(throttled, "Retry-After"));
  CHECK(contains(throttled.body, "Too many sign-in attempts"));
  app.clock_.advance(15 * 60);
  CHECK(app.sign_in("ben.okafor", kDemoPassword, app.open_sign_in_form()).status == 303);
}

TEST_CASE("hostile sign-in posts get 4xx answers, never 500", "[features][app]") {
  ApplicationFixture app;
  const auto form = app.open_sign_in_form();
  const auto status_of = [&](std::string body, std::string_view cookie) {
    const auto response = app.post("/signin", std::move(body), cookie);
    INFO(response.body.substr(0, 200));
    CHECK(header(response, "Content-Security-Policy"));
    return response.status;
  };
  // Bodies that do not decode, or carry no token.
  CHECK(status_of("%zz&&==&csrf_token=%", form.cookie) == 403);
  CHECK(status_of("csrf_token=" + form.csrf + "&username=%4", form.cookie) == 403);
  CHECK(status_of(std::string(5000, '&'), form.cookie) == 403);
  CHECK(status_of("username=amy.chen&password=hearth-demo", form.cookie) == 403);
  CHECK(status_of("csrf_token=" + form.csrf + "&username=amy.chen&password=hearth-demo", "") == 403);
  // Bodies with the token but garbage fields.
  const std::string token = "csrf_token=" + form.csrf;
  CHECK(status_of(token, form.cookie) == 401);
  CHECK(status_of(token + "&username=%00%FF%FE&password=x", form.cookie) == 401);
  CHECK(status_of(token + "&username=" + std::string(10000, 'a') + "&password=x", form.cookie) == 401);
  CHECK(status_of(token + "&username=amy.chen&password=" + std::string(5000, 'p'), form.cookie) == 401);
  CHECK(status_of(token + "&username=amy.chen%0A&password=%0D%0A", form.cookie) == 401);
  CHECK(status_of(token + "&username=%3Cscript%3Ealert(1)%3C%2Fscript%3E&password=x", form.cookie) == 401);
  CHECK(status_of(token + "&username=*)(uid=*))(|(uid=*&password=x", form.cookie) == 401);
  CHECK(status_of(token + "&username=amy.chen&username=ben.okafor&password=nope", form.cookie) == 401);
  CHECK(status_of(token + "&csrf_token=other&username=x&password=y", form.cookie) == 401);
}

TEST_CASE("a hostile username is shown back escaped", "[features][app]") {
  ApplicationFixture app;
  const auto form = app.open_sign_in_form();
  const auto response = app.sign_in("<script>alert(1)</script>\"'", "x", form);
  CHECK(response.status == 401);
  CHECK_FALSE(contains(response.body, "<script>alert"));
  CHECK(contains(response.body, "value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&apos;\""));
}

TEST_CASE("signed-in pages show the viewer's roles", "[features][app]") {
  ApplicationFixture app;
  const auto accounts = auth::DemoDirectory(sample_ldif(), auth::DemoDirectory::demo_config()).accounts();
  const auto coordinator =
      std::find_if(accounts.begin(), accounts.end(), [](const auth::DemoAccount& account) {
        return contains(account.description, "coordinator") && !contains(account.description, "refused") &&
               !contains(account.description, "locked");
      });
  REQUIRE(coordinator != accounts.end());
  const auto response = app.sign_in(coordinator->username, coordinator->password, app.open_sign_in_form());
  REQUIRE(response.status == 303);
  const auto home = app.get("/", cookie_value(response));
  CHECK(contains(home.body, "Wellness coordinator"));
  CHECK(contains(home.body, "Welcome, " + coordinator->display_name));
}

}  // namespace hearth::features
