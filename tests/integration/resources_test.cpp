// The resource directory and "Get help now" end to end: the real server, real
// slapd. No trace (no cookie set or read, nothing about the visitor in the
// logs or the database, only anonymous daily counts), the coordinators'
// create / edit / reorder / retire / restore with everyone else refused,
// search and filters, and form checks that answer 4xx, never 500.
#include <atomic>
#include <catch2/catch.hpp>
#include <set>

#include "common/log.h"
#include "storage/audit_log.h"
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

constexpr const char* kCoordinator = "dana.lee";  // wellness-coordinators in the sample LDIF
constexpr const char* kAdministrator = "eli.novak";
constexpr const char* kStaff = "amy.chen";

TestServer& server() {
  static TestServer instance(ThrowawaySlapd::shared().config(LdapTransport::kStartTls));
  return instance;
}

std::unique_ptr<Browser> signed_in(const std::string& username) {
  return hearth::testing::signed_in_browser(server().port(), username);
}

int unique_number() {
  static std::atomic<int> next{1};
  return next++;
}

// The position of `text` in the page, or npos.
std::size_t position_of(const httplib::Result& result, const std::string& text) {
  return result ? result->body.find(text) : std::string::npos;
}

hearth::storage::Database open_database() {
  return hearth::storage::Database::open(server().application().config().database_path());
}

// A valid add-a-resource form for an entry called `name` at /resources/`slug`.
httplib::Params resource_form(const std::string& name, const std::string& slug,
                              const std::string& category = "eap", const std::string& reach = "remote") {
  return {{"name", name},
          {"slug", slug},
          {"category", category},
          {"reach", reach},
          {"summary", "Free short-term counselling with a licensed counsellor."},
          {"details", "Up to six sessions per issue.\nCall to be matched with a counsellor."},
          {"audience", "All staff and the people they live with."},
          {"phone", "1-800-555-0100 ext. 2"},
          {"text_line", ""},
          {"hours", "24/7"},
          {"place", reach == "on_site" ? "Staff Health building, level 3" : ""},
          {"url", "https://eap.example.org/counselling"},
          {"confidentiality", "Your manager is not told that you called."}};
}

struct Created {
  std::string id;
  std::string slug;
  std::string name;
};

// Adds an entry through the coordinators' form and returns its id and slug.
Created create_resource(Browser& coordinator, const std::string& label, const std::string& category = "eap",
                        const std::string& reach = "remote") {
  const auto number = std::to_string(unique_number());
  // The name ends in a word, so that no name is a prefix of another.
  Created created{"", "entry-" + number, label + " " + number + " entry"};
  coordinator.get("/admin/resources/new");
  const auto result =
      post(coordinator, "/admin/resources/new", resource_form(created.name, created.slug, category, reach));
  REQUIRE(result);
  INFO(result->body.substr(0, 3000));
  REQUIRE(result->status == 303);
  const auto location = result->get_header_value("Location");
  const auto marker = location.find("#resource-");
  REQUIRE(marker != std::string::npos);
  created.id = location.substr(marker + 10);
  return created;
}

// Sets the process-wide log level for the life of the object (the test
// servers log warnings only; the access log is at info level).
class LogLevel {
 public:
  explicit LogLevel(hearth::log::Level level) { hearth::log::configure(level, hearth::log::Format::kText); }
  ~LogLevel() { hearth::log::configure(hearth::log::Level::kWarning, hearth::log::Format::kText); }
  LogLevel(const LogLevel&) = delete;
  LogLevel& operator=(const LogLevel&) = delete;
};

std::int64_t view_count(const std::string& page, const std::string& resource_id = "0") {
  auto database = open_database();
  auto statement = database.prepare(
      "SELECT coalesce(sum(count), 0) FROM resource_view_count WHERE page = ?1 AND resource_id = ?2");
  statement.bind_all(page, static_cast<std::int64_t>(std::stoll(resource_id)));
  REQUIRE(statement.step());
  return statement.column_int64(0);
}

}  // namespace

TEST_CASE("resource pages and help answer signed out, setting and reading no cookie",
          "[server][resources][privacy]") {
  auto dana = signed_in(kCoordinator);
  const auto entry = create_resource(*dana, "Counselling");
  auto amy = signed_in(kStaff);
  const auto cookie = amy->session_cookie();
  REQUIRE_FALSE(cookie.empty());

  const std::vector<std::string> paths = {"/help", "/resources", "/resources?q=counselling&category=eap",
                                          "/resources/print", "/resources/" + entry.slug};
  SECTION("with a session cookie, the page doesn't know who is signed in and sets nothing") {
    for (const auto& path : paths) {
      INFO(path);
      const auto page = amy->get(path);
      REQUIRE(page);
      CHECK(page->status == 200);
      CHECK_FALSE(page->has_header("Set-Cookie"));
      CHECK_FALSE(contains(page, "Amy Chen"));
      CHECK_FALSE(contains(page, "Sign out"));
      CHECK(contains(page, "href=\"/signin\""));
      CHECK_FALSE(contains(page, "name=\"csrf_token\""));
    }
    CHECK(amy->session_cookie() == cookie);  // still signed in elsewhere
    CHECK(contains(amy->get("/"), "Sign out"));
  }
  SECTION("without any cookie, nothing is created either") {
    Browser visitor(server().port());
    for (const auto& path : paths) {
      INFO(path);
      const auto page = visitor.get(path);
      REQUIRE(page);
      CHECK(page->status == 200);
      CHECK_FALSE(page->has_header("Set-Cookie"));
    }
  }
  SECTION("the session is not even read: its last-seen time does not move") {
    const auto last_seen = [&] {
      auto database = open_database();
      auto statement = database.prepare(
          "SELECT max(last_seen_at) FROM session WHERE person_id = (SELECT id FROM person WHERE username = "
          "?1)");
      statement.bind(1, kStaff);
      REQUIRE(statement.step());
      return statement.column_int64(0);
    };
    server().clock().advance(5 * 60);  // past the touch interval, within the idle timeout
    const auto before = last_seen();
    for (const auto& path : paths) amy->get(path);
    CHECK(last_seen() == before);
    amy->get("/");  // a page that reads the session does move it: the check above can fail
    CHECK(last_seen() > before);
  }
}

TEST_CASE("access logs of help and resource pages hold no user, address or query",
          "[server][resources][privacy]") {
  auto dana = signed_in(kCoordinator);
  const auto entry = create_resource(*dana, "Grief support", "grief");
  auto amy = signed_in(kStaff);
  const auto cookie = amy->session_cookie();

  std::vector<std::string> lines;
  {
    LogLevel info(hearth::log::Level::kInfo);
    hearth::log::TestCapture capture;
    for (const auto& path :
         {std::string("/help?from=ward-7b-secretword"), std::string("/resources?q=secretword"),
          "/resources/" + entry.slug + "?secretword=1", std::string("/resources/print?category=grief"),
          std::string("/resources/no-such-secretword-entry")}) {
      const auto page = amy->get(path);
      REQUIRE(page);
    }
    lines = capture.lines();
  }
  std::vector<std::string> access_lines;
  for (const auto& line : lines) {
    if (line.find("access ") == 0) access_lines.push_back(line);
  }
  INFO("captured:\n"
       << [&] {
            std::string all;
            for (const auto& line : lines) all += line + "\n";
            return all;
          }());
  // Every request left its access line, naming the route pattern only.
  REQUIRE(access_lines.size() >= 5);
  const auto has_route = [&](const std::string& route) {
    return std::any_of(access_lines.begin(), access_lines.end(), [&](const std::string& line) {
      return line.find(" route=" + route + " ") != std::string::npos;
    });
  };
  CHECK(has_route("/help"));
  CHECK(has_route("/resources"));
  CHECK(has_route("/resources/{slug}"));
  CHECK(has_route("/resources/print"));
  for (const auto& line : lines) {
    CHECK(line.find(kStaff) == std::string::npos);
    CHECK(line.find("Amy Chen") == std::string::npos);
    CHECK(line.find("127.0.0.1") == std::string::npos);
    CHECK(line.find("secretword") == std::string::npos);
    CHECK(line.find(entry.slug) == std::string::npos);
    CHECK(line.find(cookie) == std::string::npos);
    CHECK(line.find('?') == std::string::npos);
  }
}

TEST_CASE("views are counted per page and day, and the counts hold no identity",
          "[server][resources][privacy]") {
  auto dana = signed_in(kCoordinator);
  const auto entry = create_resource(*dana, "Occupational health", "occupational_health", "on_site");
  auto amy = signed_in(kStaff);
  const auto help_before = view_count("help");
  const auto directory_before = view_count("directory");
  const auto entry_before = view_count("resource", entry.id);

  for (int i = 0; i < 3; ++i) REQUIRE(amy->get("/help")->status == 200);
  REQUIRE(amy->get("/resources")->status == 200);
  REQUIRE(amy->get("/resources/print")->status == 200);
  for (int i = 0; i < 2; ++i) REQUIRE(amy->get("/resources/" + entry.slug)->status == 200);
  REQUIRE(amy->get("/resources/no-such-entry")->status == 404);  // not counted

  CHECK(view_count("help") == help_before + 3);
  CHECK(view_count("directory") == directory_before + 2);
  CHECK(view_count("resource", entry.id) == entry_before + 2);

  auto database = open_database();
  // Exactly these columns: no person, session, address, time of day or search words.
  std::set<std::string> columns;
  auto info = database.prepare("SELECT name FROM pragma_table_info('resource_view_count')");
  while (info.step()) columns.insert(info.column_text(0));
  CHECK(columns == std::set<std::string>{"day", "page", "resource_id", "count"});
  // And nothing in any row names the visitor.
  auto rows = database.prepare("SELECT day, page, resource_id, count FROM resource_view_count");
  int row_count = 0;
  while (rows.step()) {
    ++row_count;
    const auto day = rows.column_text(0);
    CHECK(day.size() == 10);  // YYYY-MM-DD, no time
    CHECK(std::set<std::string>{"directory", "resource", "help"}.count(rows.column_text(1)) == 1);
    for (int column = 0; column < 4; ++column) {
      const auto value = rows.column_text(column);
      CHECK(value.find("amy") == std::string::npos);
      CHECK(value.find("127.0.0.1") == std::string::npos);
    }
  }
  CHECK(row_count > 0);
}

TEST_CASE("coordinators create, edit, reorder, retire and restore entries", "[server][resources]") {
  auto dana = signed_in(kCoordinator);
  const auto first = create_resource(*dana, "Hardship fund", "money_legal");
  const auto second = create_resource(*dana, "Legal consultations", "money_legal");
  const auto public_order = [&] {
    Browser visitor(server().port());
    const auto page = visitor.get("/resources?category=money_legal");
    REQUIRE(page);
    return std::make_pair(position_of(page, first.name), position_of(page, second.name));
  };
  auto [a, b] = public_order();
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  CHECK(a < b);
  CHECK(contains(dana->get("/admin/resources"), first.name));

  SECTION("reorder") {
    dana->get("/admin/resources");
    CHECK(post(*dana, "/admin/resources/" + second.id + "/move", {{"direction", "up"}})->status == 303);
    std::tie(a, b) = public_order();
    CHECK(b < a);
    CHECK(post(*dana, "/admin/resources/" + second.id + "/move", {{"direction", "down"}})->status == 303);
    std::tie(a, b) = public_order();
    CHECK(a < b);
  }
  SECTION("edit") {
    CHECK(contains(dana->get("/admin/resources/" + first.id + "/edit"), first.name));
    auto fields = resource_form("Staff hardship fund & grants", first.slug, "money_legal");
    fields.erase("hours");
    fields.emplace("hours", "Mon–Fri 9:00–17:00");
    const auto saved = post(*dana, "/admin/resources/" + first.id + "/edit", fields);
    REQUIRE(saved);
    CHECK(saved->status == 303);
    Browser visitor(server().port());
    const auto page = visitor.get("/resources/" + first.slug);
    CHECK(contains(page, "Staff hardship fund &amp; grants"));
    CHECK(contains(page, "Mon–Fri 9:00–17:00"));
  }
  SECTION("retire, then restore") {
    dana->get("/admin/resources");
    CHECK(post(*dana, "/admin/resources/" + first.id + "/retire")->status == 303);
    Browser visitor(server().port());
    CHECK(visitor.get("/resources/" + first.slug)->status == 404);
    CHECK_FALSE(contains(visitor.get("/resources"), first.name));
    CHECK_FALSE(contains(visitor.get("/resources/print"), first.name));
    CHECK_FALSE(contains(visitor.get("/resources?q=hardship"), first.name));
    // Coordinators still see it, under the retired entries.
    const auto admin_page = dana->get("/admin/resources");
    CHECK(position_of(admin_page, "Retired entries") < position_of(admin_page, first.name));
    CHECK(post(*dana, "/admin/resources/" + first.id + "/restore")->status == 303);
    CHECK(visitor.get("/resources/" + first.slug)->status == 200);
  }
  SECTION("every change is in the audit log") {
    dana->get("/admin/resources");
    post(*dana, "/admin/resources/" + first.id + "/retire");
    auto database = open_database();
    std::set<std::string> actions;
    for (const auto& entry : hearth::storage::AuditLog::recent(database, 200, "resource", first.id)) {
      actions.insert(entry.action);
    }
    CHECK(actions == std::set<std::string>{"resource.create", "resource.retire"});
  }
}

TEST_CASE("staff, administrators and visitors may not change the directory", "[server][resources]") {
  auto dana = signed_in(kCoordinator);
  const auto entry = create_resource(*dana, "Quiet room", "quiet_rooms", "on_site");
  for (const auto* username : {kStaff, kAdministrator}) {
    INFO(username);
    auto person = signed_in(username);
    CHECK(person->get("/admin/resources")->status == 403);
    CHECK(person->get("/admin/resources/new")->status == 403);
    CHECK(person->get("/admin/resources/" + entry.id + "/edit")->status == 403);
    CHECK(post(*person, "/admin/resources/new", resource_form("Sneaky entry", "sneaky"))->status == 403);
    CHECK(post(*person, "/admin/resources/" + entry.id + "/edit", resource_form("Renamed", entry.slug))
              ->status == 403);
    CHECK(post(*person, "/admin/resources/" + entry.id + "/move", {{"direction", "up"}})->status == 403);
    CHECK(post(*person, "/admin/resources/" + entry.id + "/retire")->status == 403);
    CHECK(post(*person, "/admin/resources/" + entry.id + "/restore")->status == 403);
  }
  Browser visitor(server().port());
  const auto signed_out = visitor.get("/admin/resources");
  REQUIRE(signed_out);
  CHECK(signed_out->status == 303);
  CHECK(signed_out->get_header_value("Location") == "/signin");
  // Nothing changed.
  CHECK(visitor.get("/resources/" + entry.slug)->status == 200);
  CHECK(contains(visitor.get("/resources/" + entry.slug), entry.name));
  CHECK(visitor.get("/resources/sneaky")->status == 404);
}

TEST_CASE("the resource form answers bad input with a clear message and 4xx, never 500",
          "[server][resources]") {
  auto dana = signed_in(kCoordinator);
  const auto entry = create_resource(*dana, "Counselling");
  dana->get("/admin/resources/new");
  const auto submit = [&](const std::string& field, const std::string& value) {
    auto fields = resource_form("Form check " + std::to_string(unique_number()), "");
    fields.erase(field);
    fields.emplace(field, value);
    return post(*dana, "/admin/resources/new", fields);
  };
  const auto bad_phone = submit("phone", "1-800-TALK");
  CHECK(bad_phone->status == 400);
  CHECK(contains(bad_phone, "There is a problem"));
  CHECK(contains(bad_phone, "Enter the phone number with digits only"));
  CHECK(contains(bad_phone, "value=\"1-800-TALK\""));  // what was typed is shown again
  CHECK(submit("url", "javascript:alert(1)")->status == 400);
  CHECK(submit("category", "spa")->status == 400);
  CHECK(submit("reach", "")->status == 400);
  CHECK(submit("name", "Bad \xff name")->status == 400);
  CHECK(submit("summary", std::string(300, 'x'))->status == 400);
  CHECK(submit("slug", "print")->status == 400);
  const auto taken = submit("slug", entry.slug);
  CHECK(taken->status == 400);
  CHECK(contains(taken, "Another entry already uses that page address"));

  CHECK(dana->get("/admin/resources/999999/edit")->status == 404);
  CHECK(dana->get("/admin/resources/abc/edit")->status == 404);
  CHECK(post(*dana, "/admin/resources/" + entry.id + "/move", {{"direction", "sideways"}})->status == 400);
  CHECK(post(*dana, "/admin/resources/999999/retire")->status == 404);
  // A form without its CSRF token is refused.
  CHECK(dana->post_form("/admin/resources/new", resource_form("No token", "no-token"))->status == 403);

  SECTION("patient details get the PHI warning; confirmed text is saved") {
    auto fields = resource_form("PHI check " + std::to_string(unique_number()), "");
    fields.erase("details");
    fields.emplace("details", "Ask for Mr. Jones in bed 12, MRN 44812345.");
    const auto warned = post(*dana, "/admin/resources/new", fields);
    REQUIRE(warned);
    CHECK(warned->status == 422);
    CHECK(contains(warned, "This may identify a patient"));
    fields.emplace("phi_confirmed", "1");
    CHECK(post(*dana, "/admin/resources/new", fields)->status == 303);
  }
  SECTION("a service's own phone number in the text line is not flagged") {
    auto fields = resource_form("Text line " + std::to_string(unique_number()), "");
    fields.erase("text_line");
    fields.emplace("text_line", "Text 555-201-4477 any time");
    CHECK(post(*dana, "/admin/resources/new", fields)->status == 303);
  }
}

TEST_CASE("the directory finds entries by words and filters; odd filters are ignored",
          "[server][resources]") {
  auto dana = signed_in(kCoordinator);
  const auto word = "Zephyrine" + std::to_string(unique_number());
  auto fields = resource_form(word + " chaplaincy", "", "chaplaincy", "on_site");
  dana->get("/admin/resources/new");
  REQUIRE(post(*dana, "/admin/resources/new", fields)->status == 303);
  Browser visitor(server().port());
  CHECK(contains(visitor.get("/resources?q=" + word.substr(0, 8)), word));
  CHECK(contains(visitor.get("/resources?category=chaplaincy"), word));
  CHECK(contains(visitor.get("/resources?reach=on_site"), word));
  CHECK_FALSE(contains(visitor.get("/resources?category=crisis"), word));
  CHECK_FALSE(contains(visitor.get("/resources?reach=remote"), word));
  CHECK(contains(visitor.get("/resources/print?q=" + word), word));
  for (const auto* odd : {"/resources?category=nope", "/resources?q=%22%28NEAR", "/resources?q=%FF%FE",
                          "/resources?reach[]=1"}) {
    INFO(odd);
    const auto page = visitor.get(odd);
    REQUIRE(page);
    CHECK(page->status == 200);
  }
}

TEST_CASE("Get help now: crisis numbers and the EAP first, then peer support, then on-site help",
          "[server][resources]") {
  auto dana = signed_in(kCoordinator);
  const auto on_site = create_resource(*dana, "Quiet corner", "quiet_rooms", "on_site");
  const auto remote = create_resource(*dana, "Phone-only line", "helplines", "remote");
  Browser visitor(server().port());
  const auto help = visitor.get("/help");
  REQUIRE(help);
  REQUIRE(help->status == 200);
  const auto crisis = position_of(help, "id=\"crisis-heading\"");
  const auto eap = position_of(help, "id=\"eap-heading\"");
  const auto peer = position_of(help, "href=\"/support/new\"");
  const auto here = position_of(help, on_site.name);
  REQUIRE(crisis != std::string::npos);
  REQUIRE(eap != std::string::npos);
  REQUIRE(peer != std::string::npos);
  REQUIRE(here != std::string::npos);
  CHECK(crisis < eap);
  CHECK(eap < peer);
  CHECK(peer < here);
  CHECK_FALSE(contains(help, remote.name));  // only on-site entries are listed here
  CHECK(contains(help, "aria-current=\"page\""));

  dana->get("/admin/resources");
  REQUIRE(post(*dana, "/admin/resources/" + on_site.id + "/retire")->status == 303);
  CHECK_FALSE(contains(visitor.get("/help"), on_site.name));
}
