// Peer-support requests end to end: the real server and real slapd. The
// request lifecycle for each role, details only for the requester and the
// supporter who took it, the purge on close and withdrawal (checked by
// scanning the table), bad input, and the figures with small counts hidden.
#include <catch2/catch.hpp>

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

TestServer& server() {
  static TestServer instance(ThrowawaySlapd::shared().config(LdapTransport::kStartTls));
  return instance;
}

std::unique_ptr<Browser> signed_in(const std::string& username) {
  return hearth::testing::signed_in_browser(server().port(), username);
}

httplib::Params request_form(const std::string& contact, const std::string& context = "after a hard week",
                             bool outside_department = false) {
  httplib::Params form{{"for_whom", "self"},
                       {"channel", "phone"},
                       {"contact_detail", contact},
                       {"timing", "soon"},
                       {"context", context}};
  if (outside_department) form.emplace("outside_department", "1");
  return form;
}

// Asks for a supporter and returns the request's path ("/support/N").
std::string ask(Browser& requester, const httplib::Params& form) {
  requester.get("/support/new");
  const auto result = post(requester, "/support/new", form);
  REQUIRE(result);
  INFO(result->body.substr(0, 3000));
  REQUIRE(result->status == 303);
  const auto location = result->get_header_value("Location");
  return location.substr(0, location.find('?'));
}

// Every text and number in the request's row, joined, for scanning.
std::string row_text(const std::string& path) {
  auto database = hearth::storage::Database::open(server().application().config().database_path());
  auto row = database.prepare(
      "SELECT COALESCE(requester_person_id, ''), for_whom, colleague_name, contact_channel, contact_detail, "
      "timing, time_window, department, context, status, COALESCE(outcome, ''), COALESCE(claimed_by, ''), "
      "created_at, COALESCE(claimed_at, ''), COALESCE(contacted_at, ''), COALESCE(closed_at, '') "
      "FROM support_request WHERE id = ?");
  row.bind(1, static_cast<std::int64_t>(std::stoll(path.substr(path.rfind('/') + 1))));
  REQUIRE(row.step());
  std::string text;
  for (int column = 0; column < 16; ++column) text += row.column_text(column) + "|";
  return text;
}

}  // namespace

TEST_CASE("a request: only the requester and the supporter who takes it see the details; closing purges them",
          "[server][support]") {
  auto amy = signed_in("amy.chen");        // ICU nurse
  auto carmen = signed_in("carmen.diaz");  // peer supporter, ICU
  auto ben = signed_in("ben.okafor");      // peer supporter, Emergency Department
  auto tomas = signed_in("tomas.berg");    // staff
  auto dana = signed_in("dana.lee");       // coordinator

  const auto path = ask(*amy, request_form("extension 4357", "after a resuscitation", true));
  CHECK(contains(amy->get(path), "extension 4357"));
  CHECK(contains(amy->get("/support"), "waiting for a supporter"));

  // Someone else on staff: not found. Supporters: in the queue, without details.
  CHECK(tomas->get(path)->status == 404);
  CHECK(tomas->get("/support/queue")->status == 403);
  const auto queue = ben->get("/support/queue");
  REQUIRE(queue->status == 200);
  CHECK(contains(queue, path));
  CHECK_FALSE(contains(queue, "extension 4357"));
  CHECK_FALSE(contains(ben->get(path), "extension 4357"));
  CHECK_FALSE(contains(queue, "Amy"));

  // Amy asked for someone outside the ICU: Carmen (ICU) cannot take it.
  carmen->get("/support/queue");
  CHECK(post(*carmen, path + "/claim")->status == 409);
  // The new request reached the supporters' notifications, never naming anyone.
  const auto notices = ben->get("/notifications");
  CHECK(contains(notices, "Someone has asked to talk with a peer supporter."));
  CHECK_FALSE(contains(notices, "Amy"));
  CHECK(post(*ben, path + "/claim")->status == 303);
  const std::string picked_up = "A peer supporter has picked up your request";
  CHECK(contains(amy->get("/notifications"), picked_up));  // the requester hears it was taken
  CHECK(contains(ben->get(path), "extension 4357"));
  CHECK(contains(ben->get(path), "after a resuscitation"));
  // Once taken, nobody else sees it or can take it; the requester is told.
  CHECK_FALSE(contains(dana->get(path), "extension 4357"));
  CHECK(post(*dana, path + "/claim")->status == 409);
  CHECK(post(*dana, path + "/close", {{"outcome", "talked"}})->status == 403);
  CHECK(contains(amy->get(path), "A supporter has taken it"));

  CHECK(post(*ben, path + "/contacted")->status == 303);
  CHECK(post(*ben, path + "/close", {{"outcome", "withdrawn"}})->status == 400);
  CHECK(post(*ben, path + "/close", {{"outcome", "nonsense"}})->status == 400);
  CHECK(post(*ben, path + "/close", {{"outcome", "talked"}})->status == 303);

  // Purged: nothing that identifies Amy or how to reach her is left.
  const auto text = row_text(path);
  INFO(text);
  CHECK(text.find("4357") == std::string::npos);
  CHECK(text.find("resuscitation") == std::string::npos);
  CHECK(text.find("ICU") == std::string::npos);
  CHECK(text.find("closed|talked|") != std::string::npos);
  CHECK(text.starts_with("|"));  // no requester
  CHECK(amy->get(path)->status == 404);
  CHECK(ben->get(path)->status == 404);
  CHECK_FALSE(contains(amy->get("/notifications"), picked_up));  // forgotten with the request
}

TEST_CASE("the requester withdraws; the details go at once", "[server][support]") {
  auto priya = signed_in("priya.shah");
  const auto path = ask(*priya, request_form("priya.shah@riverside-general.example"));
  CHECK(post(*priya, path + "/withdraw")->status == 303);
  const auto text = row_text(path);
  CHECK(text.find("priya") == std::string::npos);
  CHECK(text.find("closed|withdrawn|") != std::string::npos);
  CHECK(priya->get(path)->status == 404);
  auto noor = signed_in("noor.haddad");
  CHECK(post(*noor, path + "/withdraw")->status == 404);
}

TEST_CASE("the request form checks what it is given", "[server][support]") {
  auto tomas = signed_in("tomas.berg");
  tomas->get("/support/new");
  CHECK(post(*tomas, "/support/new", {{"for_whom", "self"}, {"contact_detail", "x4357"}, {"timing", "soon"}})
            ->status == 400);  // no channel
  CHECK(post(*tomas, "/support/new",
             {{"for_whom", "colleague"},
              {"colleague_name", "Sam"},
              {"channel", "phone"},
              {"contact_detail", "x4357"},
              {"timing", "soon"}})
            ->status == 400);  // not checked with the colleague
  CHECK(post(*tomas, "/support/new", request_form("x4357", std::string(301, 'a')))->status == 400);
  CHECK(post(*tomas, "/support/new",
             {{"for_whom", "self"}, {"channel", "phone"}, {"contact_detail", "x4357"}, {"timing", "window"}})
            ->status == 400);  // a time window with no time
  // A phone number is what the contact field is for; patient details in the note are not.
  CHECK(post(*tomas, "/support/new", request_form("555-201-4477", "after a long week"))->status == 303);
  const auto warned = post(*tomas, "/support/new", request_form("x4357", "after Mr. Jones in bed 12 died"));
  CHECK(warned->status == 422);
  CHECK(contains(warned, "This may identify a patient"));
  // A crisis line in the note: the request is made, and the card shown once.
  const auto crisis = post(*tomas, "/support/new", request_form("x4357", "I can't go on like this anymore"));
  REQUIRE(crisis->status == 303);
  CHECK(contains(tomas->get(crisis->get_header_value("Location")), "You don't have to carry this alone"));
}

TEST_CASE("figures for coordinators hide small counts", "[server][support]") {
  auto jozef = signed_in("jozef.wisniewski");
  ask(*jozef, request_form("pager 212"));
  auto dana = signed_in("dana.lee");
  const auto figures = dana->get("/admin/stats");
  REQUIRE(figures->status == 200);
  CHECK(contains(figures, "&lt; 5"));
  // Help page views are counted anonymously and shown per month, small counts hidden.
  Browser visitor(server().port());
  for (int i = 0; i < 6; ++i) REQUIRE(visitor.get("/help")->status == 200);
  CHECK(contains(dana->get("/admin/stats"), "Get help now</th>"));
  CHECK(signed_in("tomas.berg")->get("/admin/stats")->status == 403);
  CHECK(signed_in("ben.okafor")->get("/admin/stats")->status == 403);
}
