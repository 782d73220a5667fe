// A person's data end to end, with the real server and real slapd: the
// download of one's own data (/me/data and `hearth export-user`), and an
// administrator's "delete person" (/admin/people and `hearth delete-user`):
// posts stay as "A former member", the name appears on no page and in no
// table, the person may sign in again as a fresh person, and the page is for
// administrators only.
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <random>

#include "storage/audit_log.h"
#include "storage/database.h"
#include "support/slapd_fixture.h"
#include "support/test_server.h"

using hearth::testing::Browser;
using hearth::testing::contains;
using hearth::testing::join_group;
using hearth::testing::LdapTransport;
using hearth::testing::location_of;
using hearth::testing::post;
using hearth::testing::run_hearth;
using hearth::testing::start_thread;
using hearth::testing::TestServer;
using hearth::testing::ThrowawaySlapd;
using hearth::testing::unique_number;

namespace {

namespace fs = std::filesystem;

TestServer& server() {
  static TestServer instance(ThrowawaySlapd::shared().config(LdapTransport::kStartTls));
  return instance;
}

std::unique_ptr<Browser> signed_in(const std::string& username) {
  return hearth::testing::signed_in_browser(server().port(), username);
}

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// A configuration file for the commands, pointing at the test server's data.
std::string config_option() {
  static const fs::path path = [] {
    const auto file =
        fs::temp_directory_path() / ("hearth-people-" + std::to_string(std::random_device{}()) + ".toml");
    std::ofstream(file) << "[storage]\ndata_directory = \""
                        << server().application().config().data_directory.string() << "\"\n";
    return file;
  }();
  return "--config '" + path.string() + "'";
}

// A listed, open group facilitated by `facilitator`; returns its path.
std::string create_group(Browser& facilitator) {
  return hearth::testing::create_group(facilitator, "People circle " + std::to_string(unique_number()));
}

void reply(Browser& author, const std::string& thread, const std::string& body) {
  author.get(thread);
  REQUIRE(post(author, thread + "/reply", {{"body", body}})->status == 303);
}

// Every text value in the ordinary tables (not the full-text indexes), joined.
std::string all_stored_text() {
  auto database = hearth::storage::Database::open(server().application().config().database_path(),
                                                  hearth::storage::OpenMode::kReadOnly);
  std::vector<std::string> tables;
  auto names = database.prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE "
      "'%_search%'");
  while (names.step()) tables.push_back(names.column_text(0));
  std::string text;
  for (const auto& table : tables) {
    auto columns = database.prepare("SELECT count(*) FROM pragma_table_info(?1)");
    columns.bind(1, table);
    REQUIRE(columns.step());
    const auto count = static_cast<int>(columns.column_int64(0));
    auto rows = database.prepare("SELECT * FROM " + table);
    while (rows.step()) {
      for (int column = 0; column < count; ++column) text += rows.column_text(column) + "|";
    }
  }
  return text;
}

}  // namespace

TEST_CASE("/me/data downloads the signed-in person's own data only", "[server][people]") {
  auto liam = signed_in("liam.obrien");
  auto amy = signed_in("amy.chen");
  auto ben = signed_in("ben.okafor");
  const auto group = create_group(*liam);
  join_group(*amy, group);
  join_group(*ben, group);
  const auto thread = start_thread(*amy, group, "Amy's thread", "Amy wrote this after a long night.");
  reply(*ben, thread, "Ben answered with a cup of tea.");

  const auto mine = amy->get("/me/data?username=ben.okafor");
  REQUIRE(mine);
  CHECK(mine->status == 200);
  CHECK(mine->get_header_value("Content-Type") == "application/json; charset=utf-8");
  CHECK(has(mine->get_header_value("Content-Disposition"), "attachment"));
  CHECK(has(mine->get_header_value("Cache-Control"), "no-store"));
  CHECK(has(mine->body, "\"username\":\"amy.chen\""));
  CHECK(has(mine->body, "Amy wrote this after a long night."));
  CHECK_FALSE(has(mine->body, "Ben answered"));
  CHECK_FALSE(has(mine->body, "ben.okafor"));
  CHECK_FALSE(has(mine->body, amy->session_cookie()));

  const auto his = ben->get("/me/data");
  CHECK(has(his->body, "Ben answered with a cup of tea."));
  CHECK_FALSE(has(his->body, "Amy wrote this"));

  Browser signed_out(server().port());
  const auto refused = signed_out.get("/me/data");
  REQUIRE(refused);
  CHECK(refused->status == 303);
  CHECK(location_of(refused).starts_with("/signin"));
}

TEST_CASE("hearth export-user prints the person's data, or writes it to a private file",
          "[server][people][cli]") {
  auto liam = signed_in("liam.obrien");
  auto priya = signed_in("priya.shah");
  auto ben = signed_in("ben.okafor");
  const auto group = create_group(*liam);
  join_group(*priya, group);
  join_group(*ben, group);
  const auto thread = start_thread(*priya, group, "Priya's question", "Priya asked about the rota swap.");
  reply(*ben, thread, "Ben offered to swap the Sunday shift.");

  const auto printed = run_hearth("export-user priya.shah " + config_option());
  INFO(printed.output);
  CHECK(printed.exit_code == 0);
  CHECK(has(printed.output, "\"format\": \"hearth-personal-data\""));
  CHECK(has(printed.output, "Priya asked about the rota swap."));
  CHECK_FALSE(has(printed.output, "Ben offered"));

  const auto file =
      fs::temp_directory_path() / ("hearth-export-" + std::to_string(std::random_device{}()) + ".json");
  std::ofstream(file) << "old content";
  ::chmod(file.c_str(), 0644);
  const auto written =
      run_hearth("export-user priya.shah --output '" + file.string() + "' " + config_option());
  CHECK(written.exit_code == 0);
  struct stat status {};
  REQUIRE(::stat(file.c_str(), &status) == 0);
  CHECK((status.st_mode & 0777U) == 0600U);
  std::ifstream stream(file);
  const std::string text((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  CHECK(has(text, "Priya asked about the rota swap."));
  CHECK_FALSE(has(text, "old content"));
  fs::remove(file);

  const auto nobody = run_hearth("export-user nobody.here " + config_option());
  CHECK(nobody.exit_code == 1);
  CHECK(has(nobody.output, "nobody with the username"));
}

TEST_CASE("an administrator deletes a person: posts stay as a former member, the name is gone everywhere",
          "[server][people]") {
  auto liam = signed_in("liam.obrien");
  auto noor = signed_in("noor.haddad");
  auto amy = signed_in("amy.chen");
  const auto group = create_group(*liam);
  join_group(*noor, group);
  join_group(*amy, group);
  const auto thread = start_thread(*amy, group, "Checking in", "How is everyone after the weekend?");
  reply(*noor, thread, "Tired, but glad this group exists.");
  reply(*amy, thread, "Same here.");
  CHECK(contains(liam->get(thread), "Noor Haddad"));

  auto eli = signed_in("eli.novak");
  const auto found = eli->get("/admin/people?username=noor.haddad");
  REQUIRE(found);
  CHECK(found->status == 200);
  CHECK(contains(found, "Noor Haddad"));
  CHECK(contains(found, "1 post kept"));
  CHECK(contains(found, "Removed from 1 group"));

  // The confirmation must repeat the username.
  const auto unconfirmed =
      post(*eli, "/admin/people", {{"username", "noor.haddad"}, {"confirm_username", "noor"}});
  CHECK(unconfirmed->status == 400);
  CHECK(contains(unconfirmed, "Type the username exactly"));
  CHECK(contains(liam->get(thread), "Noor Haddad"));
  // An administrator cannot delete themself from the web.
  CHECK(post(*eli, "/admin/people", {{"username", "eli.novak"}, {"confirm_username", "eli.novak"}})->status ==
        409);
  CHECK(post(*eli, "/admin/people", {{"username", "nobody.here"}, {"confirm_username", "nobody.here"}})
            ->status == 404);

  const auto deleted =
      post(*eli, "/admin/people", {{"username", "noor.haddad"}, {"confirm_username", "noor.haddad"}});
  REQUIRE(deleted);
  CHECK(deleted->status == 303);
  CHECK(location_of(deleted) == "/admin/people?notice=deleted");
  CHECK(contains(eli->get(location_of(deleted)), "Done."));

  // Her post stays, as a former member's; her name is on no page.
  const auto page = liam->get(thread);
  CHECK(contains(page, "Tired, but glad this group exists."));
  CHECK(contains(page, "A former member"));
  for (const auto& [who, path] :
       std::vector<std::pair<Browser*, std::string>>{{liam.get(), thread},
                                                     {liam.get(), group},
                                                     {liam.get(), group + "/threads"},
                                                     {liam.get(), group + "/members"},
                                                     {liam.get(), "/notifications"},
                                                     {amy.get(), thread},
                                                     {amy.get(), "/notifications"},
                                                     {eli.get(), "/admin/audit"}}) {
    const auto result = who->get(path);
    INFO(path);
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK_FALSE(has(result->body, "Noor"));
    CHECK_FALSE(has(result->body, "noor.haddad"));
  }
  // Searching for her again (the page repeats what the administrator typed) finds nobody.
  const auto search_again = eli->get("/admin/people?username=noor.haddad");
  CHECK(contains(search_again, "Nobody with that username"));
  CHECK_FALSE(contains(search_again, "Noor"));
  // Nor in any table.
  const auto stored = all_stored_text();
  CHECK_FALSE(has(stored, "Noor"));
  CHECK_FALSE(has(stored, "noor.haddad"));

  // The audit log says who deleted a person, by internal id.
  auto database = hearth::storage::Database::open(server().application().config().database_path(),
                                                  hearth::storage::OpenMode::kReadOnly);
  bool audited = false;
  for (const auto& entry : hearth::storage::AuditLog::recent(database, 50, "person")) {
    if (entry.action == "person.delete" && entry.detail == "web") audited = entry.actor_person_id.has_value();
  }
  CHECK(audited);

  // Her browser is signed out; signing in again starts afresh.
  CHECK(noor->get("/groups")->status == 303);
  auto noor_again = signed_in("noor.haddad");
  const auto fresh = noor_again->get("/me/data");
  REQUIRE(fresh->status == 200);
  CHECK_FALSE(has(fresh->body, "Tired, but glad"));
  CHECK(has(fresh->body, "\"group_memberships\": []"));
  CHECK(contains(liam->get(thread), "A former member"));
}

TEST_CASE("hearth delete-user shows what it would delete and deletes only with --yes",
          "[server][people][cli]") {
  auto liam = signed_in("liam.obrien");
  auto tomas = signed_in("tomas.berg");
  const auto group = create_group(*liam);
  join_group(*tomas, group);
  const auto thread = start_thread(*tomas, group, "Tomas's thread", "Tomas wrote about the new rota.");
  CHECK(contains(liam->get(thread), "Tomas Berg"));

  const auto dry = run_hearth("delete-user tomas.berg " + config_option());
  INFO(dry.output);
  CHECK(dry.exit_code == 2);
  CHECK(has(dry.output, "Nothing was deleted"));
  CHECK(has(dry.output, "1 post kept"));
  CHECK(contains(liam->get(thread), "Tomas Berg"));

  const auto done = run_hearth("delete-user tomas.berg --yes " + config_option());
  INFO(done.output);
  CHECK(done.exit_code == 0);
  CHECK(has(done.output, "Deleted."));
  const auto page = liam->get(thread);
  CHECK(contains(page, "Tomas wrote about the new rota."));
  CHECK(contains(page, "A former member"));
  CHECK_FALSE(contains(page, "Tomas Berg"));
  CHECK(run_hearth("delete-user tomas.berg --yes " + config_option()).exit_code == 1);
}

TEST_CASE("/admin/people is for administrators only", "[server][people]") {
  Browser signed_out(server().port());
  const auto anonymous = signed_out.get("/admin/people");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 303);
  CHECK(location_of(anonymous).starts_with("/signin"));

  auto jozef = signed_in("jozef.wisniewski");  // the person someone might try to delete
  for (const auto* username : {"amy.chen", "liam.obrien", "carmen.diaz", "ben.okafor", "dana.lee"}) {
    INFO(username);
    auto browser = signed_in(username);
    CHECK(browser->get("/admin/people")->status == 403);
    CHECK(browser->get("/admin/people?username=jozef.wisniewski")->status == 403);
    CHECK(post(*browser, "/admin/people",
               {{"username", "jozef.wisniewski"}, {"confirm_username", "jozef.wisniewski"}})
              ->status == 403);
  }
  CHECK(jozef->get("/groups")->status == 200);  // still there
  auto eli = signed_in("eli.novak");
  CHECK(eli->get("/admin/people")->status == 200);
  CHECK(eli->get("/admin/people?username=" + std::string(300, 'x'))->status == 400);
}
