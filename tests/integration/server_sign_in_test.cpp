// The real server, in process, signing people in against a real throwaway
// slapd (ldap/throwaway-slapd.sh) over StartTLS with certificate verification.
#include <catch2/catch.hpp>
#include <chrono>

#include "support/silent_server.h"
#include "support/slapd_fixture.h"
#include "support/test_server.h"

using hearth::testing::Browser;
using hearth::testing::LdapTransport;
using hearth::testing::TestServer;
using hearth::testing::ThrowawaySlapd;

namespace {

constexpr const char* kGenericFailure = "That username and password didn&apos;t work";

TestServer& shared_server() {
  static TestServer server(ThrowawaySlapd::shared().config(LdapTransport::kStartTls));
  return server;
}

}  // namespace

TEST_CASE("a staff member signs in through the form and sees the signed-in home", "[server][sign-in]") {
  Browser browser(shared_server().port());
  const auto form = browser.get("/signin");
  REQUIRE(form);
  CHECK(form->status == 200);
  const auto anonymous_cookie = browser.session_cookie();
  REQUIRE_FALSE(anonymous_cookie.empty());

  const auto result = browser.sign_in("amy.chen", "hearth-demo");
  REQUIRE(result);
  CHECK(result->status == 303);
  CHECK(result->get_header_value("Location") == "/");
  // The session token rotates at sign-in.
  CHECK_FALSE(browser.session_cookie().empty());
  CHECK(browser.session_cookie() != anonymous_cookie);

  const auto home = browser.get("/");
  REQUIRE(home);
  CHECK(home->status == 200);
  CHECK(home->body.find("Welcome, Amy Chen") != std::string::npos);
  CHECK(home->body.find("Sign out") != std::string::npos);

  // The old anonymous token no longer identifies anyone.
  Browser stale(shared_server().port());
  stale.set_cookie("hearth_session", anonymous_cookie);
  const auto stale_home = stale.get("/");
  REQUIRE(stale_home);
  CHECK(stale_home->body.find("Welcome, ") == std::string::npos);
}

TEST_CASE("wrong password, unknown user, locked user and empty password get the same message",
          "[server][sign-in]") {
  const std::vector<std::pair<std::string, std::string>> attempts = {
      {"ben.okafor", "not-his-password"},  // wrong password
      {"nobody.here", "hearth-demo"},      // unknown user
      {"frank.ortiz", "hearth-demo"},      // locked by the directory's password policy
      {"ben.okafor", ""},                  // empty password: refused before the directory
      {"ben.okafor", "   "},               // whitespace-only password
      {"", "hearth-demo"},                 // empty username
      {"gus.temp", "hearth-demo"},         // valid in the directory, but not in the required group
  };
  for (const auto& [username, password] : attempts) {
    INFO("username '" << username << "'");
    Browser browser(shared_server().port());
    const auto result = browser.sign_in(username, password);
    REQUIRE(result);
    CHECK(result->status == 401);
    CHECK(result->body.find(kGenericFailure) != std::string::npos);
    CHECK(result->body.find("role=\"alert\"") != std::string::npos);
    // The username is kept in the form, the password never is.
    if (!password.empty() && password != "   ") CHECK(result->body.find(password) == std::string::npos);
    CHECK(browser.get("/")->body.find("Welcome, ") == std::string::npos);
  }
}

TEST_CASE("filter injection attempts do not sign anyone in", "[server][sign-in]") {
  for (const std::string username :
       {"*", "amy*", "*)(uid=*", "amy.chen)(|(uid=*", "*)(objectClass=*))(&(uid=x"}) {
    INFO(username);
    Browser browser(shared_server().port());
    const auto result = browser.sign_in(username, "hearth-demo");
    REQUIRE(result);
    CHECK(result->status == 401);
  }
}

TEST_CASE("roles come from directory groups, including a nested group", "[server][sign-in]") {
  Browser carmen(shared_server().port());
  REQUIRE(carmen.sign_in("carmen.diaz", "hearth-demo")->status == 303);
  const auto home = carmen.get("/");
  CHECK(home->body.find("signed in as <strong>Peer supporter") != std::string::npos);

  Browser amy(shared_server().port());
  REQUIRE(amy.sign_in("amy.chen", "hearth-demo")->status == 303);
  CHECK(amy.get("/")->body.find("signed in as <strong>Peer supporter") == std::string::npos);

  Browser dana(shared_server().port());
  REQUIRE(dana.sign_in("dana.lee", "hearth-demo")->status == 303);
  CHECK(dana.get("/")->body.find("signed in as <strong>Wellness coordinator") != std::string::npos);
}

TEST_CASE("a person with a non-ASCII name signs in and sees it escaped correctly", "[server][sign-in]") {
  Browser browser(shared_server().port());
  REQUIRE(browser.sign_in("jozef.wisniewski", "hearth-demo")->status == 303);
  CHECK(browser.get("/")->body.find("Welcome, Józef Wiśniewski") != std::string::npos);
}

TEST_CASE("AD-style login names are reduced to the bare name", "[server][sign-in]") {
  Browser domain(shared_server().port());
  CHECK(domain.sign_in("RIVERSIDE\\amy.chen", "hearth-demo")->status == 303);
  Browser upn(shared_server().port());
  CHECK(upn.sign_in("amy.chen@riverside-general.example", "hearth-demo")->status == 303);
}

TEST_CASE("unsafe requests without a valid CSRF token are refused", "[server][csrf]") {
  Browser browser(shared_server().port());
  browser.get("/signin");
  SECTION("no token") {
    const auto result = browser.post_form("/signin", {{"username", "amy.chen"}, {"password", "hearth-demo"}});
    CHECK(result->status == 403);
  }
  SECTION("wrong token") {
    const auto result =
        browser.post_form("/signin", {{"csrf_token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
                                      {"username", "amy.chen"},
                                      {"password", "hearth-demo"}});
    CHECK(result->status == 403);
  }
  SECTION("right token from another site") {
    const auto result = browser.post_form(
        "/signin",
        {{"csrf_token", browser.csrf_token()}, {"username", "amy.chen"}, {"password", "hearth-demo"}},
        {{"Origin", "https://evil.example"}});
    CHECK(result->status == 403);
  }
  SECTION("cross-site fetch metadata") {
    const auto result = browser.post_form(
        "/signin",
        {{"csrf_token", browser.csrf_token()}, {"username", "amy.chen"}, {"password", "hearth-demo"}},
        {{"Sec-Fetch-Site", "cross-site"}});
    CHECK(result->status == 403);
  }
  SECTION("no session at all") {
    Browser stranger(shared_server().port());
    const auto result = stranger.post_form("/signout", {{"csrf_token", browser.csrf_token()}});
    CHECK((result->status == 403 || result->status == 401));
  }
}

TEST_CASE("sign-out deletes the session", "[server][session]") {
  Browser browser(shared_server().port());
  REQUIRE(browser.sign_in("amy.chen", "hearth-demo")->status == 303);
  const auto token = browser.session_cookie();
  browser.get("/");
  const auto result = browser.post_form("/signout", {{"csrf_token", browser.csrf_token()}});
  CHECK(result->status == 303);
  CHECK(result->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
  Browser replay(shared_server().port());
  replay.set_cookie("hearth_session", token);
  CHECK(replay.get("/")->body.find("Welcome, ") == std::string::npos);
}

TEST_CASE("quick exit signs out and shows a neutral page", "[server][session]") {
  Browser browser(shared_server().port());
  REQUIRE(browser.sign_in("amy.chen", "hearth-demo")->status == 303);
  const auto token = browser.session_cookie();
  const auto exit = browser.get("/exit");
  REQUIRE(exit);
  CHECK(exit->status == 200);
  for (const char* word : {"Hearth", "peer", "support", "crisis", "Amy"}) {
    INFO(word);
    CHECK(exit->body.find(word) == std::string::npos);
  }
  Browser replay(shared_server().port());
  replay.set_cookie("hearth_session", token);
  CHECK(replay.get("/")->body.find("Welcome, ") == std::string::npos);
}

TEST_CASE("sessions expire after the idle timeout and the absolute timeout", "[server][session]") {
  TestServer server(ThrowawaySlapd::shared().config(LdapTransport::kStartTls),
                    [](hearth::app::Config& config) {
                      config.session.idle_timeout_seconds = 30 * 60;
                      config.session.absolute_timeout_seconds = 2 * 60 * 60;
                    });
  SECTION("idle") {
    Browser browser(server.port());
    REQUIRE(browser.sign_in("amy.chen", "hearth-demo")->status == 303);
    server.clock().advance(29 * 60);
    CHECK(browser.get("/")->body.find("Welcome, ") != std::string::npos);
    server.clock().advance(29 * 60);  // active 29 minutes ago: still fine
    CHECK(browser.get("/")->body.find("Welcome, ") != std::string::npos);
    server.clock().advance(31 * 60);
    CHECK(browser.get("/")->body.find("Welcome, ") == std::string::npos);
  }
  SECTION("absolute, even when active") {
    Browser browser(server.port());
    REQUIRE(browser.sign_in("amy.chen", "hearth-demo")->status == 303);
    for (int step = 0; step < 11; ++step) {
      server.clock().advance(10 * 60);
      REQUIRE(browser.get("/")->body.find("Welcome, ") != std::string::npos);
    }
    server.clock().advance(11 * 60);  // 2 h 1 min after sign-in
    CHECK(browser.get("/")->body.find("Welcome, ") == std::string::npos);
  }
}

TEST_CASE("repeated failures are throttled before the directory is contacted", "[server][sign-in]") {
  TestServer server(ThrowawaySlapd::shared().config(LdapTransport::kStartTls),
                    [](hearth::app::Config& config) { config.sign_in.max_failures_per_username = 3; });
  Browser browser(server.port());
  for (int attempt = 0; attempt < 3; ++attempt) CHECK(browser.sign_in("ben.okafor", "wrong")->status == 401);
  const auto throttled = browser.sign_in("ben.okafor", "hearth-demo");
  CHECK(throttled->status == 429);
  CHECK(throttled->has_header("Retry-After"));
  // Another person is not affected.
  Browser other(server.port());
  CHECK(other.sign_in("amy.chen", "hearth-demo")->status == 303);
  // After the window the right password works again.
  server.clock().advance(16 * 60);
  CHECK(browser.sign_in("ben.okafor", "hearth-demo")->status == 303);
}

TEST_CASE("a silent directory makes sign-in fail as 'directory unavailable' within the timeout",
          "[server][directory]") {
  hearth::testing::SilentServer silent;
  auto directory = ThrowawaySlapd::shared().config(LdapTransport::kStartTls);
  directory.urls = {silent.ldap_url()};
  directory.network_timeout = std::chrono::seconds(1);
  directory.operation_timeout = std::chrono::seconds(2);
  TestServer server(directory);
  Browser browser(server.port());
  const auto started = std::chrono::steady_clock::now();
  const auto result = browser.sign_in("amy.chen", "hearth-demo");
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE(result);
  CHECK(result->status == 503);
  CHECK(result->body.find("directory can&apos;t be reached") != std::string::npos);
  CHECK(elapsed < std::chrono::seconds(15));
}

TEST_CASE("security headers are present on pages, errors and static files", "[server][headers]") {
  Browser browser(shared_server().port());
  for (const std::string path : {"/", "/no-such-page", "/help", "/static/css/hearth.css", "/healthz"}) {
    INFO(path);
    const auto result = browser.get(path);
    REQUIRE(result);
    const auto csp = result->get_header_value("Content-Security-Policy");
    CHECK(csp.find("default-src 'self'") != std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(result->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(result->get_header_value("Referrer-Policy") == "same-origin");
    CHECK_FALSE(result->get_header_value("Permissions-Policy").empty());
  }
  CHECK(browser.get("/no-such-page")->status == 404);
  CHECK(browser.get("/")->get_header_value("Cache-Control") == "no-store");
  CHECK(browser.get("/no-such-page")->get_header_value("Cache-Control") == "no-store");
}

TEST_CASE("help and health answer without a session and set none", "[server][privacy]") {
  Browser browser(shared_server().port());
  for (const std::string path : {"/help", "/healthz"}) {
    const auto result = browser.get(path);
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK_FALSE(result->has_header("Set-Cookie"));
  }
  CHECK(browser.get("/healthz")->body == "ok\n");
}

TEST_CASE("oversized bodies and unknown methods get clear 4xx answers", "[server][limits]") {
  httplib::Client client("127.0.0.1", shared_server().port());
  const std::string huge(2 * 1024 * 1024, 'a');
  const auto too_large = client.Post("/signin", huge, "application/x-www-form-urlencoded");
  REQUIRE(too_large);
  CHECK(too_large->status == 413);
  CHECK_FALSE(too_large->get_header_value("Content-Security-Policy").empty());
  CHECK(too_large->get_header_value("Content-Type").rfind("text/html", 0) == 0);
  CHECK(too_large->body.find("larger than Hearth accepts") != std::string::npos);
  CHECK(too_large->body.find("Get help now") != std::string::npos);
  const auto wrong_method = client.Delete("/");
  REQUIRE(wrong_method);
  CHECK(wrong_method->status == 405);
}

TEST_CASE("form bodies larger than 8 KB reach Hearth and get its own answer", "[server][limits]") {
  Browser browser(shared_server().port());
  browser.get("/signin");
  const std::string long_name(20000, 'a');
  const auto result = browser.post_form(
      "/signin", {{"csrf_token", browser.csrf_token()}, {"username", long_name}, {"password", "x"}});
  REQUIRE(result);
  CHECK(result->status == 401);
  // A name that long is not echoed back into the form.
  CHECK(result->body.find(long_name) == std::string::npos);
}
