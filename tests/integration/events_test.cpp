// Events end to end: the real server and real slapd. Posting and answering
// with a waiting list, permissions per role, bad input, and the calendar
// files and feeds checked by an independent parser (python3-icalendar and
// dateutil, tests/support/ics_check.py).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "calendar/time_zone.h"
#include "common/log.h"
#include "features/events/event_model.h"
#include "features/groups/group_store.h"
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

constexpr const char* kPublicUrl = "https://hearth.test.example";

TestServer& server() {
  static TestServer instance(ThrowawaySlapd::shared().config(LdapTransport::kStartTls),
                             [](hearth::app::Config& config) {
                               config.public_url = kPublicUrl;
                               config.log_level = hearth::log::Level::kInfo;
                             });
  return instance;
}

std::unique_ptr<Browser> signed_in(const std::string& username) {
  return hearth::testing::signed_in_browser(server().port(), username);
}

const hearth::calendar::TimeZone& zone() {
  static const auto loaded = *hearth::calendar::TimeZone::load("America/New_York");
  return loaded;
}

// A date `days` from the server's today, as YYYY-MM-DD.
std::string days_ahead(int days) {
  const auto now = server().clock().now_seconds() + static_cast<std::int64_t>(days) * 86400;
  return hearth::features::events::date_text(zone().to_local(now).date);
}

httplib::Params event_form(const std::string& title, const std::string& date) {
  return {{"title", title},
          {"category", "movement"},
          {"date", date},
          {"start", "12:15"},
          {"end", "12:45"},
          {"repeat", "once"},
          {"location", "Physio gym, level 2"},
          {"audience", "all_staff"},
          {"organiser_contact", "Occupational health, ext. 4300"}};
}

// Posts an event as `organiser` and returns its path ("/events/N").
std::string post_event(Browser& organiser, const httplib::Params& form) {
  organiser.get("/events/new");
  const auto result = post(organiser, "/events/new", form);
  REQUIRE(result);
  INFO(result->body.substr(0, 4000));
  REQUIRE(result->status == 303);
  const auto location = location_of(result);
  return location.substr(0, location.find('?'));
}

std::string answer(Browser& person, const std::string& session_path, const std::string& reply) {
  person.get(session_path);
  const auto result = post(person, session_path + "/rsvp", {{"answer", reply}});
  REQUIRE(result);
  REQUIRE(result->status == 303);
  return location_of(result);
}

struct IcsCheck {
  int exit_code = -1;
  std::string output;
};

// Runs tests/support/ics_check.py on `ics` over [from, to].
IcsCheck check_ics(const std::string& ics, const std::string& from, const std::string& to) {
  const auto path = server().data_directory() / "check.ics";
  {
    std::ofstream file(path, std::ios::binary);
    file << ics;
  }
  const std::string command = std::string("/usr/bin/python3 ") + HEARTH_SOURCE_DIR +
                              "/tests/support/ics_check.py " + path.string() + " --from " + from + " --to " +
                              to + " 2>&1";
  IcsCheck result;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  while (const auto read = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, read);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// The names of every sample person, as the directory spells them.
const std::vector<std::string> kSampleNames = {"Amy",   "Ben",   "Carmen", "Dana",  "Eli",  "Liam",
                                               "Priya", "Tomas", "Noor",   "Jozef", "Chen", "Okafor"};

}  // namespace

TEST_CASE("a coordinator posts an event; places fill, the waiting list moves up, only organisers see who",
          "[server][events]") {
  auto dana = signed_in("dana.lee");       // wellness coordinator
  auto amy = signed_in("amy.chen");        // staff
  auto carmen = signed_in("carmen.diaz");  // staff, peer supporter
  auto form = event_form("Chair yoga taster", days_ahead(9));
  form.emplace("rsvp_required", "1");
  form.emplace("capacity", "1");
  const auto event_path = post_event(*dana, form);
  const auto session_path = event_path + "/" + days_ahead(9);

  CHECK(contains(amy->get(event_path), "Chair yoga taster"));
  CHECK(contains(amy->get("/events"), "Chair yoga taster"));
  CHECK(answer(*amy, session_path, "going").ends_with("?notice=going"));
  CHECK(answer(*carmen, session_path, "going").ends_with("?notice=waiting"));
  CHECK(contains(carmen->get(session_path), "on the waiting list"));

  // The organiser sees both names; neither sees the other's.
  const auto organiser_view = dana->get(session_path);
  CHECK(contains(organiser_view, "Amy"));
  CHECK(contains(organiser_view, "Carmen"));
  CHECK_FALSE(contains(amy->get(session_path), "Carmen"));
  CHECK_FALSE(contains(carmen->get(session_path), "Amy"));
  const auto csv = dana->get(session_path + "/attendance.csv");
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type").starts_with("text/csv"));
  CHECK(csv->body.find("amy.chen") != std::string::npos);
  CHECK(csv->body.find("waiting list") != std::string::npos);
  CHECK(amy->get(session_path + "/attendance.csv")->status == 403);

  // Amy drops out: Carmen gets the place and is told.
  answer(*amy, session_path, "not_going");
  CHECK(contains(carmen->get(session_path), "going."));
  CHECK(contains(carmen->get("/notifications"), "A place opened up"));

  // Cancelling the session tells Carmen and keeps the page, marked cancelled.
  dana->get(session_path);
  const auto cancelled = post(*dana, session_path + "/cancel", {{"note", "The gym is closed."}});
  REQUIRE(cancelled);
  CHECK(cancelled->status == 303);
  CHECK(contains(carmen->get(session_path), "cancelled"));
  CHECK(contains(carmen->get("/notifications"), "has been cancelled"));
  carmen->get(session_path);
  const auto late = post(*carmen, session_path + "/rsvp", {{"answer", "going"}});
  REQUIRE(late);
  CHECK(late->status == 409);
}

TEST_CASE("events: what each role may do", "[server][events]") {
  auto dana = signed_in("dana.lee");
  auto amy = signed_in("amy.chen");
  auto eli = signed_in("eli.novak");  // administrator
  const auto event_path = post_event(*dana, event_form("Permissions check", days_ahead(12)));

  Browser anonymous(server().port());
  for (const auto& path :
       std::vector<std::string>{"/events", "/events/month", "/events/new", event_path, "/me"}) {
    const auto result = anonymous.get(path);
    REQUIRE(result);
    CHECK(result->status == 303);
    CHECK(location_of(result).starts_with("/signin"));
  }
  CHECK(amy->get("/events/new")->status == 403);
  CHECK(post(*amy, "/events/new", event_form("Not allowed", days_ahead(3)))->status == 403);
  CHECK(amy->get(event_path + "/edit")->status == 403);
  CHECK(post(*amy, event_path + "/cancel", {{"scope", "whole"}})->status == 403);
  CHECK(eli->get("/events/new")->status == 403);
  CHECK(eli->get(event_path)->status == 200);
  CHECK(dana->get(event_path + "/edit")->status == 200);

  // A group's meeting is for its members: not even coordinators or
  // administrators see it.
  auto liam = signed_in("liam.obrien");
  auto& pool = server().application().database();
  hearth::features::groups::GroupStore groups(pool);
  auto draft = hearth::features::groups::GroupDraft{};
  draft.name = "Events test group";
  draft.slug = "events-test-group";
  draft.focus = "Testing";
  draft.ground_rules = "Be kind.";
  draft.location = "Room 1";
  draft.schedule.first_date = {2026, 1, 6};
  draft.schedule.weekday = hearth::calendar::Weekday::kTuesday;
  draft.schedule.start_time = {19, 0};
  const auto now = server().clock().now_seconds();
  const auto group_id =
      groups.insert(draft, hearth::features::groups::GroupStatus::kActive, std::nullopt, now);
  auto person_id = [&](const char* username) {
    auto row = pool.connection().query("SELECT id FROM person WHERE username = ?");
    row.bind(1, username);
    REQUIRE(row.step());
    return row.column_int64(0);
  };
  hearth::features::groups::Membership facilitator;
  facilitator.group_id = group_id;
  facilitator.person_id = person_id("liam.obrien");
  facilitator.role = hearth::features::groups::MembershipRole::kFacilitator;
  groups.save_membership(facilitator, now);
  hearth::features::groups::Membership member;
  member.group_id = group_id;
  member.person_id = person_id("amy.chen");
  groups.save_membership(member, now);

  auto meeting = event_form("Secret circle meeting", days_ahead(5));
  meeting.erase("audience");
  meeting.emplace("audience", "group");
  meeting.emplace("group", "events-test-group");
  const auto meeting_path = post_event(*liam, meeting);
  CHECK(contains(amy->get(meeting_path), "Secret circle meeting"));
  CHECK(dana->get(meeting_path)->status == 404);
  CHECK(eli->get(meeting_path)->status == 404);
  CHECK_FALSE(contains(dana->get("/events"), "Secret circle"));
  CHECK(contains(amy->get("/events"), "Secret circle"));
  // Dana cannot post into a group she does not facilitate.
  CHECK(post(*dana, "/events/new", meeting)->status == 400);
}

TEST_CASE("events: bad input gets a clear 4xx, never a 500", "[server][events]") {
  auto dana = signed_in("dana.lee");
  const auto event_path = post_event(*dana, event_form("Bad input check", days_ahead(4)));
  struct Case {
    std::string field;
    std::string value;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"date", "2026-02-30", "YYYY-MM-DD"},
      {"date", "tomorrow", "YYYY-MM-DD"},
      {"start", "25:00", "HH:MM"},
      {"title", "", "Title"},
      {"title", std::string(500, 'x'), "Title"},
      {"title", std::string("Bad \xff\xfe bytes"), "Title"},
      {"category", "karaoke", "category"},
      {"repeat", "yearly", "repeats"},
      {"audience", "everyone", "who the event is for"},
      {"capacity", "5", "People must say"},
      {"virtual_link", "javascript:alert(1)", "https://"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.field, c.value);
    auto form = event_form("Valid title", days_ahead(4));
    form.erase(c.field);
    form.emplace(c.field, c.value);
    dana->get("/events/new");
    const auto result = post(*dana, "/events/new", form);
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK(contains(result, c.message));
  }
  CHECK(dana->get("/events/not-a-number")->status == 404);
  CHECK(dana->get(event_path + "/2026-13-45")->status == 404);
  CHECK(dana->get(event_path + "/" + days_ahead(5))->status == 404);  // not a session
  CHECK(dana->get("/events?from=yesterday")->status == 400);
  CHECK(dana->get("/events?category=karaoke")->status == 400);
  CHECK(dana->get("/events/month?month=2026-13")->status == 400);
  dana->get(event_path);
  CHECK(post(*dana, event_path + "/" + days_ahead(4) + "/rsvp", {{"answer", "maybe"}})->status == 400);
  // Markup in a title is shown as text.
  const auto markup = post_event(*dana, event_form("<script>alert(1)</script> Yoga", days_ahead(6)));
  const auto page = dana->get(markup);
  CHECK_FALSE(contains(page, "<script>alert(1)"));
  CHECK(contains(page, "&lt;script&gt;alert(1)&lt;/script&gt; Yoga"));
}

TEST_CASE("calendar files and feeds pass an independent parser and carry nobody's name",
          "[server][events][ics]") {
  auto dana = signed_in("dana.lee");
  auto amy = signed_in("amy.chen");
  auto form = event_form("Weekly stretch, with commas; and \\ backslashes", days_ahead(1));
  form.erase("repeat");
  form.emplace("repeat", "weekly");
  form.emplace("ends", "count");
  form.emplace("count", "6");
  form.erase("description");
  form.emplace("description", "Bring water.\n\nWear something comfortable.");
  const auto event_path = post_event(*dana, form);
  const auto first = days_ahead(1);
  const auto second = days_ahead(8);
  const auto third = days_ahead(15);
  // Cancel the second session, move the third to 13:00, and answer the first.
  dana->get(event_path + "/" + second);
  CHECK(post(*dana, event_path + "/" + second + "/cancel", {{"note", ""}})->status == 303);
  dana->get(event_path + "/" + third + "/change");
  CHECK(post(*dana, event_path + "/" + third + "/change",
             {{"start", "13:00"},
              {"end", "13:30"},
              {"location", "Physio gym, level 2"},
              {"note", "Later today"}})
            ->status == 303);
  answer(*amy, event_path + "/" + first, "going");

  const auto file = amy->get(event_path + ".ics");
  REQUIRE(file);
  CHECK(file->status == 200);
  CHECK(file->get_header_value("Content-Type").starts_with("text/calendar"));
  const auto checked = check_ics(file->body, days_ahead(0), days_ahead(60));
  INFO(checked.output);
  REQUIRE(checked.exit_code == 0);
  CHECK(checked.output.find("Weekly stretch, with commas; and \\\\ backslashes") != std::string::npos);
  // Six sessions, one cancelled (EXDATE); the moved one is a separate VEVENT.
  CHECK(checked.output.find(second + "T") == std::string::npos);
  CHECK(checked.output.find(third + "T13:00:00") != std::string::npos);
  CHECK(checked.output.find(first + "T12:15:00") != std::string::npos);

  // The personal feed: by token, no session, no names; revocable.
  amy->get("/me");
  const auto made = post(*amy, "/me/calendar", {{"action", "renew"}, {"discretion", "group_meetings"}});
  REQUIRE(made);
  REQUIRE(made->status == 200);
  const auto start = made->body.find(std::string(kPublicUrl) + "/calendar/");
  REQUIRE(start != std::string::npos);
  const auto url = made->body.substr(start, made->body.find('"', start) - start);
  const auto feed_path = url.substr(std::string(kPublicUrl).size());
  hearth::log::TestCapture logs;
  Browser calendar_app(server().port());
  const auto feed = calendar_app.get(feed_path);
  REQUIRE(feed);
  CHECK(feed->status == 200);
  CHECK(feed->get_header_value("Set-Cookie").empty());
  const auto feed_checked = check_ics(feed->body, days_ahead(-30), days_ahead(60));
  INFO(feed_checked.output);
  CHECK(feed_checked.exit_code == 0);
  CHECK(feed_checked.output.find("Weekly stretch") != std::string::npos);
  for (const auto& name : kSampleNames) CHECK(feed->body.find(name) == std::string::npos);
  const auto token = feed_path.substr(std::string("/calendar/").size());
  for (const auto& line : logs.lines())
    CHECK(line.find(token.substr(0, token.size() - 4)) == std::string::npos);

  amy->get("/me");
  CHECK(post(*amy, "/me/calendar", {{"action", "revoke"}})->status == 303);
  CHECK(calendar_app.get(feed_path)->status == 404);
  CHECK(calendar_app.get("/calendar/not-a-real-token.ics")->status == 404);

  // The shared feed: all-staff events only, no sign-in needed.
  const auto shared = calendar_app.get("/calendar/all-staff.ics");
  REQUIRE(shared);
  CHECK(shared->status == 200);
  const auto shared_checked = check_ics(shared->body, days_ahead(-30), days_ahead(60));
  INFO(shared_checked.output);
  CHECK(shared_checked.exit_code == 0);
  CHECK(shared->body.find("Weekly stretch") != std::string::npos);
  CHECK(shared->body.find("Secret circle") == std::string::npos);
  for (const auto& name : kSampleNames) CHECK(shared->body.find(name) == std::string::npos);

  // Cancelling the whole series: the file says so, with a higher SEQUENCE.
  dana->get(event_path);
  CHECK(post(*dana, event_path + "/cancel", {{"scope", "whole"}})->status == 303);
  const auto cancelled = amy->get(event_path + ".ics");
  REQUIRE(cancelled);
  const auto cancelled_checked = check_ics(cancelled->body, days_ahead(0), days_ahead(60));
  INFO(cancelled_checked.output);
  CHECK(cancelled_checked.exit_code == 0);
  CHECK(cancelled->body.find("STATUS:CANCELLED") != std::string::npos);
  CHECK(cancelled->body.find("SEQUENCE:0") == std::string::npos);
}
