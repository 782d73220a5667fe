// Peer groups end to end: the real server, real slapd, every join policy,
// the waiting list, privacy of member lists and hidden groups, concurrency.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

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
  auto browser = std::make_unique<Browser>(server().port());
  const auto result = browser->sign_in(username, "hearth-demo");
  REQUIRE(result);
  REQUIRE(result->status == 303);
  browser->get("/");  // picks up the signed-in CSRF token
  return browser;
}

int unique_number() {
  static std::atomic<int> next{1};
  return next++;
}

// A complete, valid "start a group" form; tests override single fields.
httplib::Params group_form(const std::string& name, const std::string& policy = "open",
                           const std::string& capacity = "10", const std::string& visibility = "listed") {
  return {{"name", name},
          {"slug", ""},
          {"focus", "A focus line that is long enough to pass validation."},
          {"description", "Who we are.\nWhat we do."},
          {"audience_kind", "all_staff"},
          {"audience_detail", ""},
          {"ground_rules", "What is said here stays here. No patient details, ever."},
          {"join_policy", policy},
          {"vetting_questions", policy == "request" ? "Why would you like to join?" : ""},
          {"visibility", visibility},
          {"capacity", capacity},
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
          {"tags", "burnout"}};
}

// Creates a group as `facilitator` and returns its path ("/groups/slug").
std::string create_group(Browser& facilitator, httplib::Params form) {
  facilitator.get("/groups/new");
  form.emplace("csrf_token", facilitator.csrf_token());
  const auto result = facilitator.post_form("/groups/new", form);
  REQUIRE(result);
  INFO(result->body.substr(0, 2000));
  REQUIRE(result->status == 303);
  const auto location = result->get_header_value("Location");
  return location.substr(0, location.find('?'));
}

}  // namespace

TEST_CASE("an open group: join after accepting the ground rules, then leave", "[server][groups]") {
  auto liam = signed_in("liam.obrien");
  const auto path = create_group(*liam, group_form("Open circle " + std::to_string(unique_number())));
  auto amy = signed_in("amy.chen");

  CHECK(amy->get(path)->status == 200);
  const auto join_page = amy->get(path + "/join");
  REQUIRE(join_page->status == 200);
  CHECK(join_page->body.find("No patient details, ever.") != std::string::npos);

  const auto without_rules = post(*amy, path + "/join");
  CHECK(without_rules->status == 400);
  const auto joined = post(*amy, path + "/join", {{"accept_rules", "1"}});
  CHECK(joined->status == 303);
  CHECK(location_of(joined) == path + "?notice=joined");
  CHECK(liam->get(path + "/members")->body.find("Amy Chen") != std::string::npos);

  // Joining twice is refused without changing anything.
  CHECK(post(*amy, path + "/join", {{"accept_rules", "1"}})->status == 409);

  CHECK(location_of(post(*amy, path + "/leave")) == path + "?notice=left");
  CHECK(liam->get(path + "/members")->body.find("Amy Chen") == std::string::npos);
}

TEST_CASE("a group by request: answers reach the facilitators, who approve or decline", "[server][groups]") {
  auto ben = signed_in("ben.okafor");
  const auto path =
      create_group(*ben, group_form("Request circle " + std::to_string(unique_number()), "request"));
  auto amy = signed_in("amy.chen");
  auto carmen = signed_in("carmen.diaz");

  const auto page = amy->get(path + "/join");
  CHECK(page->body.find("Why would you like to join?") != std::string::npos);
  CHECK(post(*amy, path + "/join", {{"accept_rules", "1"}, {"answer_0", ""}})->status == 400);
  const auto requested =
      post(*amy, path + "/join", {{"accept_rules", "1"}, {"answer_0", "Night shifts are wearing me down."}});
  CHECK(location_of(requested) == path + "?notice=requested");
  CHECK(location_of(post(*carmen, path + "/join", {{"accept_rules", "1"}, {"answer_0", "Curious."}})) ==
        path + "?notice=requested");

  const auto requests = ben->get(path + "/members");
  REQUIRE(requests->status == 200);
  CHECK(requests->body.find("Night shifts are wearing me down.") != std::string::npos);

  // The member list is for facilitators: a requester cannot see it.
  CHECK(amy->get(path + "/members")->status == 403);

  // Find the people's ids from the decision forms on the page.
  const auto id_after = [&](const std::string& body, const std::string& name) {
    const auto at = body.find(name);
    REQUIRE(at != std::string::npos);
    const std::string marker = "name=\"person_id\" value=\"";
    const auto start = body.find(marker, at);
    REQUIRE(start != std::string::npos);
    return body.substr(start + marker.size(), body.find('"', start + marker.size()) - start - marker.size());
  };
  const auto amy_id = id_after(requests->body, "Amy Chen");
  const auto carmen_id = id_after(requests->body, "Carmen Díaz");
  ben->get(path + "/members");
  CHECK(
      post(*ben, path + "/members/decide", {{"person_id", amy_id}, {"decision", "approve"}, {"message", ""}})
          ->status == 200);
  CHECK(
      post(*ben, path + "/members/decide",
           {{"person_id", carmen_id}, {"decision", "decline"}, {"message", "This group is for night staff."}})
          ->status == 200);
  // Deciding again is a conflict, not a second change.
  CHECK(
      post(*ben, path + "/members/decide", {{"person_id", amy_id}, {"decision", "decline"}, {"message", ""}})
          ->status == 409);

  CHECK(amy->get(path + "/members")->status == 403);  // members don't see the list unless the group allows it
  CHECK(carmen->get(path)->body.find("This group is for night staff.") != std::string::npos);
  // A declined person may ask again.
  CHECK(location_of(
            post(*carmen, path + "/join", {{"accept_rules", "1"}, {"answer_0", "I work nights now."}})) ==
        path + "?notice=requested");
}

TEST_CASE("an invitation-only hidden group: invisible until invited, then joined",
          "[server][groups][privacy]") {
  auto ben = signed_in("ben.okafor");
  const auto path = create_group(
      *ben, group_form("Quiet circle " + std::to_string(unique_number()), "invitation", "10", "hidden"));
  auto amy = signed_in("amy.chen");
  auto dana = signed_in("dana.lee");  // coordinator
  auto eli = signed_in("eli.novak");  // administrator

  for (auto* browser : {amy.get(), dana.get(), eli.get()}) {
    CHECK(browser->get(path)->status == 404);
    CHECK(browser->get(path + "/members")->status == 404);
    CHECK(post(*browser, path + "/join", {{"accept_rules", "1"}})->status == 404);
  }
  const std::string slug = path.substr(std::string("/groups/").size());
  CHECK(dana->get("/groups?q=" + slug.substr(0, 5))->body.find(path) == std::string::npos);

  ben->get(path + "/members");
  CHECK(post(*ben, path + "/members/invite", {{"username", "nobody.like.this"}})->status == 404);
  CHECK(post(*ben, path + "/members/invite", {{"username", "amy.chen"}})->status == 200);
  CHECK(post(*ben, path + "/members/invite", {{"username", "amy.chen"}})->status == 409);

  CHECK(amy->get(path)->status == 200);
  CHECK(dana->get(path)->status == 404);
  CHECK(post(*amy, path + "/invitation", {{"decision", "accept"}})->status == 400);  // rules not accepted
  CHECK(location_of(post(*amy, path + "/invitation", {{"decision", "accept"}, {"accept_rules", "1"}})) ==
        path + "?notice=joined");
  CHECK(ben->get(path + "/members")->body.find("Amy Chen") != std::string::npos);
  // Joining directly is never possible for an invitation-only group.
  CHECK(post(*eli, path + "/join", {{"accept_rules", "1"}})->status == 404);
}

TEST_CASE("a full group has a waiting list and promotes the first in line when someone leaves",
          "[server][groups]") {
  auto priya = signed_in("priya.shah");
  const auto path =
      create_group(*priya, group_form("Small circle " + std::to_string(unique_number()), "open", "2"));
  auto amy = signed_in("amy.chen");
  auto carmen = signed_in("carmen.diaz");
  auto tomas = signed_in("tomas.berg");

  CHECK(location_of(post(*amy, path + "/join", {{"accept_rules", "1"}})) == path + "?notice=joined");
  CHECK(location_of(post(*carmen, path + "/join", {{"accept_rules", "1"}})) == path + "?notice=waitlisted");
  CHECK(location_of(post(*tomas, path + "/join", {{"accept_rules", "1"}})) == path + "?notice=waitlisted");

  // Waiting people don't see the room.
  CHECK(carmen->get(path)->body.find("Wellbeing hub, room 3") == std::string::npos);
  CHECK(amy->get(path)->body.find("Wellbeing hub, room 3") != std::string::npos);

  CHECK(location_of(post(*amy, path + "/leave")) == path + "?notice=left");
  // Carmen asked first, so Carmen gets the place; Tomas still waits.
  CHECK(carmen->get(path)->body.find("Wellbeing hub, room 3") != std::string::npos);
  CHECK(tomas->get(path)->body.find("Wellbeing hub, room 3") == std::string::npos);
}

TEST_CASE("two people taking the last place at once never exceed the cap", "[server][groups][concurrency]") {
  auto noor = signed_in("noor.haddad");
  const auto path =
      create_group(*noor, group_form("Last place " + std::to_string(unique_number()), "open", "2"));
  const std::vector<std::string> people = {"amy.chen",  "carmen.diaz",      "dana.lee",
                                           "eli.novak", "jozef.wisniewski", "tomas.berg"};
  std::vector<std::unique_ptr<Browser>> browsers;
  for (const auto& person : people) browsers.push_back(signed_in(person));

  std::atomic<int> joined{0};
  std::atomic<int> waitlisted{0};
  std::atomic<int> other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (auto& browser : browsers) {
    threads.emplace_back([&, b = browser.get()] {
      while (!go.load()) std::this_thread::yield();
      const auto result = post(*b, path + "/join", {{"accept_rules", "1"}});
      const auto where = location_of(result);
      if (where.ends_with("notice=joined")) {
        ++joined;
      } else if (where.ends_with("notice=waitlisted")) {
        ++waitlisted;
      } else {
        ++other;
      }
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  CHECK(joined == 1);
  CHECK(waitlisted == 5);
  CHECK(other == 0);
}

TEST_CASE("the member list follows the group's setting; coordinators and admins don't see it",
          "[server][groups][privacy]") {
  auto liam = signed_in("liam.obrien");
  auto form = group_form("Visible list " + std::to_string(unique_number()));
  const auto closed_path = create_group(*liam, form);
  for (auto& [key, value] : form) {
    if (key == "name") value += " open list";
  }
  form.emplace("members_see_member_list", "1");
  const auto open_path = create_group(*liam, form);
  auto amy = signed_in("amy.chen");
  auto dana = signed_in("dana.lee");
  auto eli = signed_in("eli.novak");
  post(*amy, closed_path + "/join", {{"accept_rules", "1"}});
  post(*amy, open_path + "/join", {{"accept_rules", "1"}});

  CHECK(liam->get(closed_path + "/members")->status == 200);
  CHECK(amy->get(closed_path + "/members")->status == 403);
  CHECK(amy->get(open_path + "/members")->status == 200);
  CHECK(amy->get(open_path + "/members")->body.find("Liam") != std::string::npos);
  for (auto* outsider : {dana.get(), eli.get()}) {
    CHECK(outsider->get(closed_path + "/members")->status == 403);
    CHECK(outsider->get(open_path + "/members")->status == 403);
    CHECK(outsider->get(open_path)->body.find("Amy Chen") == std::string::npos);
  }
  // A member can't manage.
  CHECK(post(*amy, open_path + "/members/invite", {{"username", "dana.lee"}})->status == 403);
  CHECK(post(*amy, open_path + "/archive")->status == 403);
}

TEST_CASE("the directory finds groups by words and filters, and keeps the query in the URL",
          "[server][groups]") {
  auto tomas = signed_in("tomas.berg");
  const std::string word = "Zephyrine" + std::to_string(unique_number());
  auto form = group_form(word + " walkers");
  const auto path = create_group(*tomas, form);
  auto amy = signed_in("amy.chen");
  const auto found = amy->get("/groups?q=" + word.substr(0, 6));
  REQUIRE(found->status == 200);
  CHECK(found->body.find(path) != std::string::npos);
  CHECK(found->body.find("value=\"" + word.substr(0, 6) + "\"") != std::string::npos);
  CHECK(amy->get("/groups?q=" + word + "&format=virtual")->body.find(path) == std::string::npos);
  CHECK(amy->get("/groups?q=" + word + "&format=in_person&day=tuesday&tag=burnout")->body.find(path) !=
        std::string::npos);
  // Hostile queries are just searches.
  for (const std::string query : {"%22", "*", "NEAR(a", "%00", "a%22%29%20OR%201=1--", "%FF%FE"}) {
    INFO(query);
    CHECK(amy->get("/groups?q=" + query)->status == 200);
  }
}

TEST_CASE("the start form checks every field and keeps what was typed", "[server][groups]") {
  auto amy = signed_in("amy.chen");
  auto form = group_form("X");
  for (auto& [key, value] : form) {
    if (key == "capacity") value = "1000";
    if (key == "start_time") value = "25:00";
    if (key == "focus") value = "short";
  }
  amy->get("/groups/new");
  form.emplace("csrf_token", amy->csrf_token());
  const auto result = amy->post_form("/groups/new", form);
  REQUIRE(result);
  CHECK(result->status == 400);
  CHECK(result->body.find("role=\"alert\"") != std::string::npos);
  CHECK(result->body.find("href=\"#capacity\"") != std::string::npos);
  CHECK(result->body.find("href=\"#start_time\"") != std::string::npos);
  CHECK(result->body.find("href=\"#focus\"") != std::string::npos);
  CHECK(result->body.find("href=\"#name\"") != std::string::npos);
  CHECK(result->body.find("Wellbeing hub, room 3") != std::string::npos);  // input kept
}

TEST_CASE("new groups can wait for a coordinator's approval", "[server][groups]") {
  TestServer approving(ThrowawaySlapd::shared().config(LdapTransport::kStartTls),
                       [](hearth::app::Config& config) { config.groups_require_approval = true; });
  Browser liam(approving.port());
  REQUIRE(liam.sign_in("liam.obrien", "hearth-demo")->status == 303);
  liam.get("/");
  auto form = group_form("Needs review");
  liam.get("/groups/new");
  form.emplace("csrf_token", liam.csrf_token());
  const auto created = liam.post_form("/groups/new", form);
  REQUIRE(created->status == 303);
  CHECK(location_of(created).ends_with("?notice=pending"));
  const auto path = location_of(created).substr(0, location_of(created).find('?'));

  Browser amy(approving.port());
  REQUIRE(amy.sign_in("amy.chen", "hearth-demo")->status == 303);
  CHECK(amy.get(path)->status == 404);
  CHECK(amy.get("/admin/groups")->status == 403);

  Browser dana(approving.port());
  REQUIRE(dana.sign_in("dana.lee", "hearth-demo")->status == 303);
  const auto queue = dana.get("/admin/groups");
  REQUIRE(queue->status == 200);
  CHECK(queue->body.find("Needs review") != std::string::npos);
  CHECK(post(dana, "/admin/groups/needs-review", {{"decision", "return"}, {"note", ""}})->status == 400);
  CHECK(post(dana, "/admin/groups/needs-review", {{"decision", "approve"}, {"note", ""}})->status == 303);
  CHECK(amy.get(path)->status == 200);
}

TEST_CASE("answers to a group's questions pass the PHI check before the facilitators read them",
          "[server][groups]") {
  auto ben = signed_in("ben.okafor");
  const auto path =
      create_group(*ben, group_form("Answers circle " + std::to_string(unique_number()), "request"));
  auto priya = signed_in("priya.shah");
  priya->get(path + "/join");
  const auto warned =
      post(*priya, path + "/join",
           {{"accept_rules", "1"}, {"answer_0", "Since Mrs. Patel in room 512 died on my shift."}});
  REQUIRE(warned);
  CHECK(warned->status == 422);
  CHECK(contains(warned, "This may identify a patient"));
  CHECK(contains(warned, "Since Mrs. Patel in room 512 died on my shift."));  // kept in the form
  CHECK_FALSE(contains(ben->get(path + "/members"), "Priya Shah"));
  CHECK(post(*priya, path + "/join",
             {{"accept_rules", "1"}, {"answer_0", "A death on my shift stayed with me."}})
            ->status == 303);
  CHECK(contains(ben->get(path + "/members"), "A death on my shift stayed with me."));
}
