// Administration end to end: the real server and real slapd. Who may open
// each page; site settings that every page picks up at once, are audited and
// reset to the file's value; the logo upload; the directory page's test
// sign-in (no session, the password in no log line); the audit log filters.
#include <catch2/catch.hpp>

#include "common/log.h"
#include "storage/database.h"
#include "support/slapd_fixture.h"
#include "support/test_server.h"

using hearth::testing::Browser;
using hearth::testing::contains;
using hearth::testing::LdapTransport;
using hearth::testing::location_of;
using hearth::testing::post;
using hearth::testing::TestServer;
using hearth::testing::ThrowawaySlapd;

namespace {

constexpr const char* kFileSiteName = "Hearth at Riverside";

TestServer& server() {
  static TestServer instance(ThrowawaySlapd::shared().config(LdapTransport::kStartTls),
                             [](hearth::app::Config& config) {
                               config.site.name = kFileSiteName;
                               config.site.eap_phone = "1-800-555-0100";
                             });
  return instance;
}

std::unique_ptr<Browser> signed_in(const std::string& username) {
  return hearth::testing::signed_in_browser(server().port(), username);
}

// The settings form as the page sends it, from the values it shows, with `changes`.
httplib::Params settings_form(Browser& admin, const std::map<std::string, std::string>& changes) {
  const auto page = admin.get("/admin/settings");
  REQUIRE(page);
  REQUIRE(page->status == 200);
  httplib::Params form;
  const auto value_of = [&page](const std::string& field) -> std::string {
    const auto& html = page->body;
    // <input ... name="field" value="..."> or <textarea ... name="field" ...>text</textarea>
    const auto marker = "name=\"" + field + "\"";
    const auto at = html.find(marker);
    REQUIRE(at != std::string::npos);
    const auto tag_start = html.rfind('<', at);
    if (html.compare(tag_start, 9, "<textarea") == 0) {
      const auto open_end = html.find('>', at) + 1;
      return html.substr(open_end, html.find("</textarea>", open_end) - open_end);
    }
    const auto value_at = html.find("value=\"", at) + 7;
    return html.substr(value_at, html.find('"', value_at) - value_at);
  };
  for (const auto* field :
       {"site_name", "accent_color", "crisis_name", "crisis_phone", "crisis_text", "emergency_number",
        "eap_name", "eap_phone", "eap_hours", "onsite_help", "privacy_notice", "default_retention_days"}) {
    form.emplace(field, value_of(field));
  }
  // Radio buttons: the checked one.
  const auto checked_value = [&page](const std::string& field, const std::string& fallback) {
    const auto& html = page->body;
    for (std::size_t at = html.find("name=\"" + field + "\""); at != std::string::npos;
         at = html.find("name=\"" + field + "\"", at + 1)) {
      const auto end = html.find('>', at);
      if (html.substr(at, end - at).find(" checked") != std::string::npos) {
        const auto value_at = html.find("value=\"", at) + 7;
        return html.substr(value_at, html.find('"', value_at) - value_at);
      }
    }
    return fallback;
  };
  form.emplace("phi_mode", checked_value("phi_mode", "warn"));
  form.emplace("require_approval", checked_value("require_approval", "false"));
  for (const auto& [field, value] : changes) {
    form.erase(field);
    form.emplace(field, value);
  }
  return form;
}

httplib::Result save_settings(Browser& admin, const std::map<std::string, std::string>& changes) {
  return post(admin, "/admin/settings", settings_form(admin, changes));
}

// Number of rows in `table` (sessions, people), read straight from the database.
std::int64_t row_count(const std::string& table) {
  auto database = hearth::storage::Database::open(server().application().config().database_path());
  auto statement = database.prepare("SELECT count(*) FROM " + table);
  REQUIRE(statement.step());
  return statement.column_int64(0);
}

// POSTs a multipart form with one file, as a browser's file input does.
httplib::Result upload(Browser& browser, const std::string& path, const std::string& content,
                       const std::string& filename, const std::string& content_type) {
  httplib::Client client("127.0.0.1", server().port());
  client.set_follow_location(false);
  const httplib::MultipartFormDataItems items = {
      {"csrf_token", browser.csrf_token(), "", ""},
      {"logo", content, filename, content_type},
  };
  return client.Post(path.c_str(), {{"Cookie", "hearth_session=" + browser.session_cookie()}}, items);
}

class LogLevel {
 public:
  explicit LogLevel(hearth::log::Level level) { hearth::log::configure(level, hearth::log::Format::kText); }
  ~LogLevel() { hearth::log::configure(hearth::log::Level::kWarning, hearth::log::Format::kText); }
  LogLevel(const LogLevel&) = delete;
  LogLevel& operator=(const LogLevel&) = delete;
};

}  // namespace

TEST_CASE("administration pages: signed out to sign-in, other roles 403, administrators 200",
          "[server][admin][access]") {
  const std::vector<std::string> admin_pages = {"/admin/settings", "/admin/directory", "/admin/audit"};
  Browser anonymous(server().port());
  for (const auto& path : admin_pages) {
    INFO(path);
    const auto page = anonymous.get(path);
    REQUIRE(page);
    CHECK(page->status == 303);
    CHECK(location_of(page) == "/signin");
  }
  CHECK(location_of(anonymous.get("/admin")) == "/signin");

  // Staff, a group facilitator (staff in the directory), a peer supporter, a coordinator.
  for (const auto* username : {"amy.chen", "liam.obrien", "carmen.diaz", "dana.lee"}) {
    INFO(username);
    auto browser = signed_in(username);
    for (const auto& path : admin_pages) {
      INFO(path);
      CHECK(browser->get(path)->status == 403);
    }
    CHECK(post(*browser, "/admin/settings", {{"site_name", "Taken over"}})->status == 403);
    CHECK(post(*browser, "/admin/settings/reset/site.name")->status == 403);
    CHECK(post(*browser, "/admin/directory/test", {{"username", "amy.chen"}, {"password", "x"}})->status ==
          403);
  }
  // The index lists what the viewer's roles allow.
  CHECK(signed_in("amy.chen")->get("/admin")->status == 403);
  const auto coordinator_index = signed_in("dana.lee")->get("/admin");
  REQUIRE(coordinator_index->status == 200);
  CHECK(contains(coordinator_index, "/admin/resources"));
  CHECK_FALSE(contains(coordinator_index, "/admin/settings"));

  auto eli = signed_in("eli.novak");
  for (const auto& path : admin_pages) {
    INFO(path);
    CHECK(eli->get(path)->status == 200);
  }
  const auto admin_index = eli->get("/admin");
  REQUIRE(admin_index->status == 200);
  CHECK(contains(admin_index, "/admin/settings"));
  CHECK(contains(admin_index, "/admin/audit"));
  CHECK(contains(eli->get("/"), "href=\"/admin\""));  // the footer links administrators to it
  CHECK_FALSE(contains(signed_in("amy.chen")->get("/"), "href=\"/admin\""));
}

TEST_CASE("a settings change shows on the next page without a restart, is audited, and resets to the file",
          "[server][admin][settings]") {
  auto eli = signed_in("eli.novak");
  Browser visitor(server().port());
  CHECK(contains(visitor.get("/"), kFileSiteName));

  const auto saved = save_settings(*eli, {{"site_name", "Riverside Wellbeing"},
                                          {"crisis_phone", "555-0199"},
                                          {"eap_hours", "Weekdays 8-6"},
                                          {"accent_color", "#1D4ED8"},
                                          {"privacy_notice", "Our records office keeps **consent forms**."}});
  REQUIRE(saved);
  INFO(saved->body.substr(0, 3000));
  REQUIRE(saved->status == 303);
  CHECK(location_of(saved) == "/admin/settings?notice=saved");

  const auto home = visitor.get("/");
  CHECK(contains(home, "Riverside Wellbeing"));
  CHECK_FALSE(contains(home, kFileSiteName));
  CHECK(contains(home, "tel:555-0199"));
  // The accent colour reaches the page as a stylesheet, never inline style.
  CHECK(contains(home, "<link rel=\"stylesheet\" href=\"/branding/theme.css?v=1d4ed8\">"));
  CHECK_FALSE(contains(home, "style="));
  const auto theme = visitor.get("/branding/theme.css?v=1d4ed8");
  REQUIRE(theme);
  CHECK(theme->status == 200);
  CHECK(theme->get_header_value("Content-Type") == "text/css; charset=utf-8");
  CHECK(contains(theme, "--accent: #1d4ed8;"));

  const auto help = visitor.get("/help");
  CHECK(contains(help, "tel:555-0199"));
  CHECK(contains(help, "Weekdays 8-6"));
  CHECK(contains(help, "1-800-555-0100"));  // untouched settings keep the file's value

  const auto privacy = visitor.get("/privacy");
  CHECK(contains(privacy, "<strong>consent forms</strong>"));
  CHECK(contains(privacy, "Riverside Wellbeing"));

  // The audit log names the keys and who changed them, not the texts.
  const auto audit = eli->get("/admin/audit?action=settings.change");
  REQUIRE(audit->status == 200);
  CHECK(contains(audit, "site.name"));
  CHECK(contains(audit, "site.privacy_notice"));
  CHECK(contains(audit, "eli.novak"));
  CHECK(contains(audit, "new value: #1d4ed8"));
  CHECK_FALSE(contains(audit, "consent forms"));
  CHECK_FALSE(contains(audit, "Riverside Wellbeing</td>"));  // (the layout itself shows the site name)

  // Reset: the file's value is back on the next page.
  const auto settings_page = eli->get("/admin/settings");
  CHECK(contains(settings_page, "the file says: " + std::string(kFileSiteName)));
  const auto reset = post(*eli, "/admin/settings/reset/site.name");
  REQUIRE(reset->status == 303);
  CHECK(contains(visitor.get("/"), kFileSiteName));
  CHECK(contains(visitor.get("/"), "tel:555-0199"));  // other changes stay
  CHECK(contains(eli->get("/admin/audit?action=settings.reset"), "site.name"));
  CHECK(post(*eli, "/admin/settings/reset/no.such.setting")->status == 404);

  // Back to the file's values for the other tests.
  for (const auto* key :
       {"site.crisis_phone", "site.eap_hours", "site.accent_color", "site.privacy_notice"}) {
    CHECK(post(*eli, std::string("/admin/settings/reset/") + key)->status == 303);
  }
  CHECK_FALSE(contains(visitor.get("/"), "/branding/theme.css"));
  CHECK(visitor.get("/branding/theme.css")->status == 404);
}

TEST_CASE("invalid settings are refused with a message and change nothing", "[server][admin][settings]") {
  auto eli = signed_in("eli.novak");
  const auto pale = save_settings(*eli, {{"site_name", "Pale Hearth"}, {"accent_color", "#ffd66b"}});
  REQUIRE(pale);
  CHECK(pale->status == 400);
  CHECK(contains(pale, "4.5:1"));
  CHECK(contains(pale, "WCAG AA"));
  CHECK(contains(pale, "value=\"Pale Hearth\""));  // what was typed is shown again
  CHECK(save_settings(*eli, {{"site_name", ""}})->status == 400);
  CHECK(save_settings(*eli, {{"site_name", "Bad \xff byte"}})->status == 400);
  CHECK(save_settings(*eli, {{"site_name", std::string(61, 'a')}})->status == 400);
  CHECK(save_settings(*eli, {{"phi_mode", "off"}})->status == 400);
  CHECK(save_settings(*eli, {{"default_retention_days", "3"}})->status == 400);
  CHECK(save_settings(*eli, {{"crisis_phone", "988\"><b>"}})->status == 400);
  CHECK(contains(Browser(server().port()).get("/"), kFileSiteName));

  // Without the CSRF token: refused by the dispatcher.
  CHECK(eli->post_form("/admin/settings", {{"site_name", "No token"}})->status == 403);
}

TEST_CASE("the rules settings apply at once: PHI block mode and group approval",
          "[server][admin][settings]") {
  const auto group_form = [](const std::string& name, const std::string& description) {
    return httplib::Params{{"name", name},
                           {"slug", ""},
                           {"focus", "A focus line that is long enough to pass validation."},
                           {"description", description},
                           {"audience_kind", "all_staff"},
                           {"audience_detail", ""},
                           {"ground_rules", "What is said here stays here. No patient details, ever."},
                           {"join_policy", "open"},
                           {"vetting_questions", ""},
                           {"visibility", "listed"},
                           {"capacity", "20"},
                           {"format", "in_person"},
                           {"location", "Wellbeing hub, room 3"},
                           {"virtual_link", ""},
                           {"place_members_only", "1"},
                           {"recurrence", "weekly"},
                           {"interval", "1"},
                           {"week_of_month", "1"},
                           {"weekday", "tuesday"},
                           {"first_date", "2026-01-06"},
                           {"start_time", "18:00"},
                           {"duration_minutes", "60"},
                           {"tags", "burnout"},
                           {"phi_confirmed", "1"}};
  };
  const std::string patient_words = "We started after Mrs. Patel in room 512 died on a night shift.";
  auto eli = signed_in("eli.novak");
  auto liam = signed_in("liam.obrien");

  REQUIRE(save_settings(*eli, {{"phi_mode", "block"}, {"require_approval", "true"}})->status == 303);
  liam->get("/groups/new");
  const auto blocked = post(*liam, "/groups/new", group_form("Blocked circle", patient_words));
  REQUIRE(blocked);
  CHECK(blocked->status != 303);  // "not patient information" cannot be confirmed in block mode
  liam->get("/groups/new");
  const auto pending = post(*liam, "/groups/new", group_form("Pending circle", "Who we are."));
  REQUIRE(pending);
  INFO(pending->body.substr(0, 2000));
  REQUIRE(pending->status == 303);
  CHECK(location_of(pending).ends_with("?notice=pending"));
  CHECK(contains(eli->get("/admin/audit?action=settings.change"), "new value: true"));

  REQUIRE(post(*eli, "/admin/settings/reset/safety.phi_mode")->status == 303);
  REQUIRE(post(*eli, "/admin/settings/reset/groups.require_approval")->status == 303);
  liam->get("/groups/new");
  const auto confirmed = post(*liam, "/groups/new", group_form("Confirmed circle", patient_words));
  REQUIRE(confirmed);
  CHECK(confirmed->status == 303);  // warn mode: the writer may confirm
  CHECK_FALSE(location_of(confirmed).ends_with("?notice=pending"));
}

TEST_CASE("the logo: PNG or JPEG only, served with its type and nosniff", "[server][admin][logo]") {
  auto eli = signed_in("eli.novak");
  eli->get("/admin/settings");
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x20\0\0\0\x20\x08\x06\0\0\0", 29);

  const auto svg = upload(*eli, "/admin/settings/logo", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                          "logo.png", "image/png");
  REQUIRE(svg);
  CHECK(svg->status == 400);
  CHECK(contains(svg, "PNG or JPEG"));

  const auto uploaded = upload(*eli, "/admin/settings/logo", png, "logo.png", "image/png");
  REQUIRE(uploaded);
  INFO(uploaded->body.substr(0, 2000));
  REQUIRE(uploaded->status == 303);

  Browser visitor(server().port());
  const auto home = visitor.get("/");
  const auto at = home->body.find("/branding/logo?v=");
  REQUIRE(at != std::string::npos);
  const auto url = home->body.substr(at, home->body.find('"', at) - at);
  const auto logo = visitor.get(url);
  REQUIRE(logo);
  CHECK(logo->status == 200);
  CHECK(logo->get_header_value("Content-Type") == "image/png");
  CHECK(logo->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(logo->body == png);
  CHECK(contains(eli->get("/admin/audit"), "settings.logo_upload"));

  // Without the CSRF token: refused.
  eli->get("/admin/settings");
  httplib::Client client("127.0.0.1", server().port());
  const auto no_token =
      client.Post("/admin/settings/logo", {{"Cookie", "hearth_session=" + eli->session_cookie()}},
                  httplib::MultipartFormDataItems{{"logo", png, "logo.png", "image/png"}});
  CHECK(no_token->status == 403);

  eli->get("/admin/settings");
  CHECK(post(*eli, "/admin/settings/logo/remove")->status == 303);
  CHECK(visitor.get("/branding/logo")->status == 404);
  CHECK_FALSE(contains(visitor.get("/"), "/branding/logo"));
}

TEST_CASE("the directory page: servers, role mapping, and a test sign-in that signs nobody in",
          "[server][admin][directory]") {
  auto eli = signed_in("eli.novak");
  const auto page = eli->get("/admin/directory");
  REQUIRE(page->status == 200);
  CHECK(contains(page, ThrowawaySlapd::shared().ldap_url()));
  CHECK(contains(page, "Reachable"));
  CHECK(contains(page, "StartTLS"));
  CHECK(contains(page, "cn=hearth-admins"));
  CHECK(contains(page, "roles are managed in the directory"));
  CHECK_FALSE(contains(page, ThrowawaySlapd::shared().bind_password()));

  const std::string wrong_password = "Not-Her-Pa55word-7731";
  const auto sessions_before = row_count("session");
  const auto people_before = row_count("person");
  std::vector<std::string> lines;
  httplib::Result right{nullptr, httplib::Error::Unknown};
  httplib::Result wrong{nullptr, httplib::Error::Unknown};
  {
    LogLevel debug(hearth::log::Level::kDebug);
    hearth::log::TestCapture capture;
    right = post(*eli, "/admin/directory/test", {{"username", "priya.shah"}, {"password", "hearth-demo"}});
    wrong = post(*eli, "/admin/directory/test", {{"username", "priya.shah"}, {"password", wrong_password}});
    lines = capture.lines();
  }
  REQUIRE(right);
  REQUIRE(right->status == 200);
  CHECK(contains(right, "would sign in"));
  CHECK(contains(right, "Person found and password checked: passed."));
  CHECK(contains(right, "Required group: passed."));
  CHECK(contains(right, "cn=hearth-staff"));
  CHECK(contains(right, "<span class=\"badge\">staff</span>"));
  CHECK_FALSE(contains(right, "hearth-demo"));  // the password is not shown again

  REQUIRE(wrong);
  REQUIRE(wrong->status == 200);
  CHECK(contains(wrong, "would not sign in"));
  CHECK(contains(wrong, "Person found and password checked: failed."));
  CHECK_FALSE(contains(wrong, wrong_password));

  // No session and no person record for Priya, who never signed in; the
  // administrator's own session is unchanged.
  CHECK(row_count("session") == sessions_before);
  CHECK(row_count("person") == people_before);
  CHECK(eli->get("/admin/directory")->status == 200);

  // Neither password reaches the log.
  REQUIRE_FALSE(lines.empty());
  for (const auto& line : lines) {
    INFO(line);
    CHECK(line.find("hearth-demo") == std::string::npos);
    CHECK(line.find(wrong_password) == std::string::npos);
  }
  // The attempts are audited, by name, without a password.
  const auto audit = eli->get("/admin/audit?action=directory.test_sign_in");
  CHECK(contains(audit, "priya.shah"));
  CHECK(contains(audit, "would sign in"));
  CHECK(contains(audit, "refused"));
}

TEST_CASE("the test sign-in goes through the sign-in throttle", "[server][admin][directory]") {
  auto eli = signed_in("eli.novak");
  eli->get("/admin/directory");
  // The default policy pauses a name after 5 failures in the window.
  for (int attempt = 0; attempt < 5; ++attempt) {
    CHECK(contains(post(*eli, "/admin/directory/test", {{"username", "noor.haddad"}, {"password", "wrong"}}),
                   "Throttle: passed."));
  }
  const auto paused =
      post(*eli, "/admin/directory/test", {{"username", "noor.haddad"}, {"password", "hearth-demo"}});
  CHECK(contains(paused, "Throttle: failed."));
  CHECK(contains(paused, "would not sign in"));
  // A real sign-in for that name is paused too.
  Browser noor(server().port());
  const auto real = noor.sign_in("noor.haddad", "hearth-demo");
  REQUIRE(real);
  CHECK(real->status == 429);
}

TEST_CASE("the audit log filters by action, person and dates, newest first", "[server][admin][audit]") {
  auto eli = signed_in("eli.novak");
  REQUIRE(save_settings(*eli, {{"eap_hours", "Filter test hours"}})->status == 303);
  REQUIRE(post(*eli, "/admin/settings/reset/site.eap_hours")->status == 303);

  const auto all = eli->get("/admin/audit");
  REQUIRE(all->status == 200);
  const auto reset_at = all->body.find("settings.reset</code>");
  const auto change_at = all->body.find("settings.change</code>");
  REQUIRE(reset_at != std::string::npos);
  REQUIRE(change_at != std::string::npos);
  CHECK(reset_at < change_at);  // newest first

  CHECK(contains(eli->get("/admin/audit?actor=ELI.NOVAK"), "settings.reset</code>"));
  CHECK(contains(eli->get("/admin/audit?actor=amy.chen"), "No entries match"));
  const auto only_changes = eli->get("/admin/audit?action=settings.change");
  CHECK_FALSE(contains(only_changes, "settings.reset</code>"));
  CHECK(contains(eli->get("/admin/audit?from=2000-01-01&until=2000-01-31"), "No entries match"));
  CHECK(contains(eli->get("/admin/audit?from=2000-01-01"), "settings.reset</code>"));
  const auto bad_date = eli->get("/admin/audit?from=yesterday");
  CHECK(bad_date->status == 400);
  CHECK(contains(bad_date, "Enter the first day as a date"));
}
