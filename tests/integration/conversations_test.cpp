// Group conversations end to end: the real server, real slapd. Permissions per
// role and membership, anonymous posting (the author's name in no response for
// any other role, the reveal audited), reports and every moderation action,
// the PHI warning, the crisis card, Markdown safety, search and retention.
#include <atomic>
#include <catch2/catch.hpp>

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
using hearth::testing::start_thread;
using hearth::testing::TestServer;
using hearth::testing::ThrowawaySlapd;
using hearth::testing::unique_number;

namespace {

TestServer& server() {
  static TestServer instance(ThrowawaySlapd::shared().config(LdapTransport::kStartTls));
  return instance;
}

std::unique_ptr<Browser> signed_in(TestServer& on, const std::string& username) {
  return hearth::testing::signed_in_browser(on.port(), username);
}

std::unique_ptr<Browser> signed_in(const std::string& username) {
  return signed_in(server(), username);
}

// A group `facilitator` starts (open, or invitation-only and hidden); returns
// its path.
std::string create_group(Browser& facilitator, const std::string& visibility = "listed",
                         const std::string& policy = "open") {
  return hearth::testing::create_group(facilitator, "Conversation circle " + std::to_string(unique_number()),
                                       {{"visibility", visibility}, {"join_policy", policy}});
}

// The id of the last post on a thread page (from its id="post-N" element).
std::string last_post_id(const std::string& html) {
  std::string id;
  for (auto at = html.find("id=\"post-"); at != std::string::npos; at = html.find("id=\"post-", at + 1)) {
    const auto start = at + 9;
    const auto end = html.find('"', start);
    const auto candidate = html.substr(start, end - start);
    if (!candidate.empty() && candidate.find_first_not_of("0123456789") == std::string::npos) id = candidate;
  }
  REQUIRE_FALSE(id.empty());
  return id;
}

std::vector<hearth::storage::AuditEntry> audit_entries(TestServer& on, std::string_view object_type = {},
                                                       std::string_view object_id = {}) {
  auto database = hearth::storage::Database::open(on.application().config().database_path());
  return hearth::storage::AuditLog::recent(database, 200, object_type, object_id);
}

bool audited(TestServer& on, const std::string& action, const std::string& object_type,
             const std::string& object_id) {
  for (const auto& entry : audit_entries(on, object_type, object_id)) {
    if (entry.action == action) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("threads are for members: 404 for hidden groups, 403 otherwise, sign-in first",
          "[server][conversations]") {
  auto liam = signed_in("liam.obrien");
  const auto listed = create_group(*liam);
  const auto hidden = create_group(*liam, "hidden", "invitation");
  auto amy = signed_in("amy.chen");
  join_group(*amy, listed);
  const auto thread = start_thread(*amy, listed, "A first thread", "Hello, everyone.");

  SECTION("members and facilitators read and write") {
    CHECK(amy->get(listed + "/threads")->status == 200);
    CHECK(liam->get(thread)->status == 200);
    CHECK(contains(liam->get(listed + "/threads"), "A first thread"));
    CHECK(contains(liam->get(listed), "Open the conversation"));
  }
  SECTION("staff who are not members, coordinators and administrators get 403 for a listed group") {
    for (const auto* username : {"ben.okafor", "dana.lee", "eli.novak"}) {
      auto other = signed_in(username);
      INFO(username);
      CHECK(other->get(listed + "/threads")->status == 403);
      CHECK(other->get(thread)->status == 403);
      CHECK(other->get(listed + "/threads?q=hello")->status == 403);
      CHECK(post(*other, thread + "/reply", {{"body", "Let me in"}})->status == 403);
      CHECK_FALSE(contains(other->get(listed), "A first thread"));
      CHECK(other->get(listed + "/moderation")->status == 403);
    }
  }
  SECTION("hidden groups answer 404 to everyone outside them") {
    auto ben = signed_in("ben.okafor");
    CHECK(ben->get(hidden + "/threads")->status == 404);
    CHECK(ben->get(hidden + "/threads/new")->status == 404);
  }
  SECTION("signed-out visitors are sent to sign in") {
    Browser visitor(server().port());
    const auto result = visitor.get(thread);
    CHECK(result->status == 303);
    CHECK(location_of(result).starts_with("/signin"));
  }
  SECTION("a thread id from another group is not found") {
    const auto other_group = create_group(*liam);
    const auto id = thread.substr(thread.rfind('/') + 1);
    CHECK(liam->get(other_group + "/threads/" + id)->status == 404);
    CHECK(liam->get(listed + "/threads/999999")->status == 404);
    CHECK(liam->get(listed + "/threads/abc")->status == 404);
  }
}

TEST_CASE("start a thread, reply, edit with 'edited' shown, delete leaves a placeholder",
          "[server][conversations]") {
  auto liam = signed_in("liam.obrien");
  const auto group = create_group(*liam);
  auto amy = signed_in("amy.chen");
  join_group(*amy, group);

  const auto thread = start_thread(*amy, group, "Morning stiffness on a 7 a.m. shift",
                                   "How do you manage **morning stiffness**?");
  auto page = liam->get(thread);
  CHECK(contains(page, "<strong>morning stiffness</strong>"));
  CHECK(contains(page, "Amy Chen"));

  const auto reply = post(*liam, thread + "/reply", {{"body", "Warm shower first, then paraffin gloves."}});
  REQUIRE(reply->status == 303);
  page = amy->get(thread);
  CHECK(contains(page, "paraffin gloves"));
  const auto reply_id = last_post_id(page->body);

  // Only the author may edit or delete.
  CHECK(amy->get(group + "/posts/" + reply_id + "/edit")->status == 403);
  CHECK(post(*amy, group + "/posts/" + reply_id + "/edit", {{"body", "Hijacked"}})->status == 403);
  CHECK(post(*amy, group + "/posts/" + reply_id + "/delete")->status == 403);

  liam->get(group + "/posts/" + reply_id + "/edit");
  const auto edited =
      post(*liam, group + "/posts/" + reply_id + "/edit", {{"body", "Warm shower, then gloves."}});
  CHECK(edited->status == 303);
  page = amy->get(thread);
  CHECK(contains(page, "Warm shower, then gloves."));
  CHECK(contains(page, "· edited"));

  CHECK(post(*liam, group + "/posts/" + reply_id + "/delete")->status == 303);
  page = amy->get(thread);
  CHECK_FALSE(contains(page, "Warm shower, then gloves."));
  CHECK(contains(page, "This post was deleted by its author."));
  // Deleting twice: the post is gone already.
  CHECK(post(*liam, group + "/posts/" + reply_id + "/delete")->status == 409);

  SECTION("bad input gets a clear message, never a 500") {
    amy->get(thread);
    CHECK(post(*amy, thread + "/reply", {{"body", "   "}})->status == 400);
    CHECK(post(*amy, thread + "/reply", {{"body", std::string(10001, 'a')}})->status == 400);
    CHECK(post(*amy, thread + "/reply", {{"body", std::string("bad \xC3\x28 utf8")}})->status == 400);
    CHECK(post(*amy, group + "/threads/new", {{"title", "x"}, {"body", "fine"}})->status == 400);
    CHECK(post(*amy, group + "/threads/new", {{"title", "Two\nlines"}, {"body", "fine"}})->status == 400);
  }
}

TEST_CASE("Markdown is rendered safely", "[server][conversations]") {
  auto liam = signed_in("liam.obrien");
  const auto group = create_group(*liam);
  const auto thread = start_thread(*liam, group, "Safety of Markdown",
                                   "<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n"
                                   "<img src=x onerror=alert(3)>\n\nSee https://example.org/help");
  const auto page = liam->get(thread);
  CHECK_FALSE(contains(page, "<script>alert"));
  CHECK_FALSE(contains(page, "javascript:"));
  CHECK_FALSE(contains(page, "<img src=x"));
  CHECK(contains(page, "&lt;img src=x onerror=alert(3)&gt;"));  // shown as text, inert
  CHECK(contains(page, "href=\"https://example.org/help\""));
}

TEST_CASE("anonymous posts: nobody else sees the author; a coordinator's reveal is audited",
          "[server][conversations]") {
  auto liam = signed_in("liam.obrien");
  const auto group = create_group(*liam);
  auto amy = signed_in("amy.chen");
  auto priya = signed_in("priya.shah");
  join_group(*amy, group);
  join_group(*priya, group);

  // Not allowed until the facilitators turn it on.
  amy->get(group + "/threads/new");
  CHECK(
      post(*amy, group + "/threads/new", {{"title", "Too soon"}, {"body", "Anonymous?"}, {"anonymous", "1"}})
          ->status == 400);
  liam->get(group + "/moderation");
  REQUIRE(post(*liam, group + "/moderation/settings", {{"allow_anonymous", "1"}, {"retention_days", ""}})
              ->status == 303);
  CHECK(audited(server(), "group.conversation_settings", "group", ""));

  const auto thread = start_thread(*amy, group, "Telling my manager?",
                                   "I haven't told my manager about my diagnosis yet.", {{"anonymous", "1"}});
  const auto amy_view = amy->get(thread);
  CHECK(contains(amy_view, "others see “A member”"));
  const auto post_id = last_post_id(amy_view->body);

  priya->get(thread);
  REQUIRE(post(*priya, group + "/posts/" + post_id + "/report", {{"reason", "safety"}, {"note", "Worried."}})
              ->status == 303);
  liam->get(group + "/moderation");
  const auto moderation = liam->get(group + "/moderation");
  const auto report_at = moderation->body.find("/moderation/reports/");
  REQUIRE(report_at != std::string::npos);
  const auto report_id =
      moderation->body.substr(report_at + 20, moderation->body.find('"', report_at) - report_at - 20);
  // Facilitators cannot remove the author of an anonymous post (it would reveal them).
  CHECK_FALSE(contains(moderation, "value=\"remove_author\""));
  CHECK(post(*liam, group + "/moderation/reports/" + report_id, {{"action", "remove_author"}})->status ==
        409);
  REQUIRE(post(*liam, group + "/moderation/reports/" + report_id, {{"action", "escalate"}})->status == 303);

  auto dana = signed_in("dana.lee");  // coordinator
  const auto escalations = dana->get("/admin/reports");
  CHECK(contains(escalations, "Telling my manager?"));

  // The author's name appears in no response seen by anyone else.
  const std::vector<std::pair<Browser*, std::string>> views = {
      {liam.get(), thread},
      {liam.get(), group + "/threads"},
      {liam.get(), group},
      {liam.get(), group + "/moderation"},
      {priya.get(), thread},
      {priya.get(), group + "/threads"},
      {priya.get(), group + "/threads?q=manager"},
      {dana.get(), "/admin/reports"},
      {dana.get(), "/admin/reports/" + report_id + "/reveal"}};
  for (const auto& [browser, path] : views) {
    const auto result = browser->get(path);
    INFO(path);
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(result->body.find("Amy Chen") == std::string::npos);
    CHECK(result->body.find("amy.chen") == std::string::npos);
  }
  CHECK(contains(priya->get(group + "/threads?q=manager"), "Telling my manager?"));

  // Facilitators and other members cannot reveal; a coordinator must give a reason.
  CHECK(liam->get("/admin/reports/" + report_id + "/reveal")->status == 403);
  dana->get("/admin/reports/" + report_id + "/reveal");
  CHECK(post(*dana, "/admin/reports/" + report_id + "/reveal", {{"reason", "short"}})->status == 400);
  CHECK_FALSE(audited(server(), "post.reveal_author", "post", post_id));
  const auto revealed = post(*dana, "/admin/reports/" + report_id + "/reveal",
                             {{"reason", "Safety concern escalated by the facilitators."}});
  REQUIRE(revealed->status == 200);
  CHECK(contains(revealed, "Amy Chen"));
  bool found = false;
  for (const auto& entry : audit_entries(server(), "post", post_id)) {
    if (entry.action != "post.reveal_author") continue;
    found = true;
    CHECK(entry.detail == "Safety concern escalated by the facilitators.");
    CHECK(entry.actor_person_id.has_value());
  }
  CHECK(found);
  // The reveal is not shown to the group: still anonymous there.
  CHECK_FALSE(contains(liam->get(thread), "Amy Chen"));
}

TEST_CASE("reports and every moderation action, each in the audit log without post text",
          "[server][conversations]") {
  auto liam = signed_in("liam.obrien");
  const auto group = create_group(*liam);
  auto amy = signed_in("amy.chen");
  auto tomas = signed_in("tomas.berg");
  join_group(*amy, group);
  join_group(*tomas, group);
  const auto thread = start_thread(*liam, group, "Next meeting topic", "Pacing on long shifts.");
  const auto thread_id = thread.substr(thread.rfind('/') + 1);
  tomas->get(thread);
  REQUIRE(post(*tomas, thread + "/reply", {{"body", "Unkind words about a colleague."}})->status == 303);
  const auto post_id = last_post_id(amy->get(thread)->body);

  // Report once; a second report by the same person is not duplicated.
  amy->get(group + "/posts/" + post_id + "/report");
  CHECK(post(*amy, group + "/posts/" + post_id + "/report", {{"reason", "nonsense"}})->status == 400);
  CHECK(location_of(post(*amy, group + "/posts/" + post_id + "/report", {{"reason", "unkind"}}))
            .find("notice=reported") != std::string::npos);
  CHECK(location_of(post(*amy, group + "/posts/" + post_id + "/report", {{"reason", "unkind"}}))
            .find("notice=already_reported") != std::string::npos);
  // Members cannot report their own posts or moderate.
  CHECK(tomas->get(group + "/posts/" + post_id + "/report")->status == 403);
  CHECK(post(*amy, group + "/posts/" + post_id + "/moderate", {{"action", "hide"}})->status == 403);
  CHECK(amy->get(group + "/moderation")->status == 403);

  CHECK(contains(liam->get(group + "/moderation"), "Unkind words about a colleague."));
  CHECK(contains(liam->get(group), "(1 open)"));

  SECTION("hide, show again, remove") {
    CHECK(post(*liam, group + "/posts/" + post_id + "/moderate", {{"action", "hide"}})->status == 303);
    auto page = amy->get(thread);
    CHECK(contains(page, "This post is hidden by the facilitators."));
    CHECK_FALSE(contains(page, "Unkind words"));
    CHECK_FALSE(contains(liam->get(group + "/moderation"), "Unkind words"));  // the report closed
    CHECK(post(*liam, group + "/posts/" + post_id + "/moderate", {{"action", "show"}})->status == 303);
    CHECK(contains(amy->get(thread), "Unkind words"));
    CHECK(post(*liam, group + "/posts/" + post_id + "/moderate", {{"action", "remove"}})->status == 303);
    page = amy->get(thread);
    CHECK(contains(page, "This post was removed by the facilitators."));
    CHECK_FALSE(contains(liam->get(thread), "Unkind words"));
    CHECK(post(*liam, group + "/posts/" + post_id + "/moderate", {{"action", "remove"}})->status == 409);
    CHECK(post(*liam, group + "/posts/" + post_id + "/moderate", {{"action", "explode"}})->status == 400);
    CHECK(audited(server(), "post.hide", "post", post_id));
    CHECK(audited(server(), "post.show", "post", post_id));
    CHECK(audited(server(), "post.remove", "post", post_id));
  }
  SECTION("lock, pin, and replies to a locked thread") {
    CHECK(post(*liam, thread + "/moderate", {{"action", "lock"}})->status == 303);
    amy->get(thread);
    CHECK(post(*amy, thread + "/reply", {{"body", "One more thing"}})->status == 409);
    CHECK(post(*liam, thread + "/reply", {{"body", "Closing note from the facilitator."}})->status == 303);
    CHECK(post(*liam, thread + "/moderate", {{"action", "unlock"}})->status == 303);
    CHECK(post(*amy, thread + "/reply", {{"body", "One more thing"}})->status == 303);

    start_thread(*amy, group, "A newer thread", "Newer activity.");
    CHECK(post(*liam, thread + "/moderate", {{"action", "pin"}})->status == 303);
    const auto listing = amy->get(group + "/threads")->body;
    CHECK(listing.find("Next meeting topic") < listing.find("A newer thread"));
    CHECK(audited(server(), "thread.lock", "thread", thread_id));
    CHECK(audited(server(), "thread.unlock", "thread", thread_id));
    CHECK(audited(server(), "thread.pin", "thread", thread_id));
  }
  SECTION("warn the author privately") {
    const auto moderation = liam->get(group + "/moderation");
    const auto at = moderation->body.find("/moderation/reports/");
    const auto report = moderation->body.substr(at + 20, moderation->body.find('"', at) - at - 20);
    CHECK(
        post(*liam, group + "/moderation/reports/" + report, {{"action", "warn"}, {"message", ""}})->status ==
        400);
    CHECK(post(*liam, group + "/moderation/reports/" + report,
               {{"action", "warn"}, {"message", "Please keep to the ground rules about colleagues."}})
              ->status == 303);
    CHECK(contains(tomas->get(group + "/threads"), "Please keep to the ground rules about colleagues."));
    CHECK_FALSE(contains(amy->get(group + "/threads"), "Please keep to the ground rules"));
    CHECK(audited(server(), "member.warn", "post", post_id));
  }
  SECTION("remove the author from the group") {
    const auto moderation = liam->get(group + "/moderation");
    const auto at = moderation->body.find("/moderation/reports/");
    const auto report = moderation->body.substr(at + 20, moderation->body.find('"', at) - at - 20);
    CHECK(post(*liam, group + "/moderation/reports/" + report, {{"action", "remove_author"}})->status == 303);
    CHECK(tomas->get(thread)->status == 403);
    CHECK(contains(amy->get(thread), "This post is hidden by the facilitators."));
    CHECK(audited(server(), "member.remove", "post", post_id));
  }
  // The audit log names objects, never post text.
  for (const auto& entry : audit_entries(server())) {
    CHECK(entry.detail.find("Unkind words") == std::string::npos);
  }
}

TEST_CASE("the PHI check warns before saving; confirmed text is saved", "[server][conversations]") {
  auto liam = signed_in("liam.obrien");
  const auto group = create_group(*liam);
  const auto thread = start_thread(*liam, group, "A hard week", "It was a hard week on the unit.");
  liam->get(thread);
  const auto warned =
      post(*liam, thread + "/reply", {{"body", "Mr. Jones in bed 12, MRN 44812345, had sepsis."}});
  REQUIRE(warned);
  CHECK(warned->status == 422);
  CHECK(contains(warned, "This may identify a patient"));
  CHECK(contains(warned, "<mark"));
  CHECK_FALSE(contains(liam->get(thread), "MRN 44812345"));

  // Rephrased: saved.
  CHECK(post(*liam, thread + "/reply", {{"body", "A patient I cared for had sepsis and it stayed with me."}})
            ->status == 303);
  // Confirmed as not patient information (warn mode): saved as written.
  liam->get(thread);
  CHECK(post(*liam, thread + "/reply", {{"body", "Call me on 555-201-4477 after the meeting."}})->status ==
        422);
  CHECK(post(*liam, thread + "/reply",
             {{"body", "Call me on 555-201-4477 after the meeting."}, {"phi_confirmed", "1"}})
            ->status == 303);
  CHECK(contains(liam->get(thread), "555-201-4477"));
}

TEST_CASE("the crisis card is shown once, to the writer only, and the post is still saved",
          "[server][conversations]") {
  auto liam = signed_in("liam.obrien");
  const auto group = create_group(*liam);
  auto amy = signed_in("amy.chen");
  join_group(*amy, group);
  const auto thread = start_thread(*liam, group, "Check-in", "How is everyone doing?");
  amy->get(thread);
  const auto posted = post(*amy, thread + "/reply", {{"body", "Honestly I can't go on like this anymore."}});
  REQUIRE(posted->status == 303);
  const auto next = amy->get(location_of(posted));
  CHECK(contains(next, "You don't have to carry this alone"));
  CHECK(contains(next, "I can't go on like this anymore."));
  CHECK_FALSE(contains(amy->get(thread), "You don't have to carry this alone"));
  CHECK_FALSE(contains(liam->get(thread), "You don't have to carry this alone"));

  // Everyday hyperbole gets no card.
  const auto shift = post(*amy, thread + "/reply", {{"body", "This shift is killing me, but coffee helps."}});
  CHECK_FALSE(contains(amy->get(location_of(shift)), "You don't have to carry this alone"));
}

TEST_CASE("search finds visible posts of the group only", "[server][conversations]") {
  auto liam = signed_in("liam.obrien");
  const auto group = create_group(*liam);
  const auto other = create_group(*liam);
  start_thread(*liam, group, "Sleep after nights", "Blackout blinds and earplugs help with daytime sleep.");
  start_thread(*liam, other, "Elsewhere", "Earplugs are in the other group too.");
  const auto results = liam->get(group + "/threads?q=earplug");
  CHECK(contains(results, "Sleep after nights"));
  CHECK(contains(results, "<mark>"));
  CHECK_FALSE(contains(results, "Elsewhere"));
  CHECK(contains(liam->get(group + "/threads?q=%22%28*"), "Nothing matches"));
  CHECK(liam->get(group + "/threads?q=" + std::string(300, 'a'))->status == 200);
}

TEST_CASE("shared resources: members share links, listed on the group page for members only",
          "[server][conversations]") {
  auto liam = signed_in("liam.obrien");
  const auto group = create_group(*liam);
  liam->get(group + "/resources/new");
  CHECK(post(*liam, group + "/resources/new", {{"title", "A helpful link"}, {"url", "javascript:alert(1)"}})
            ->status == 400);
  CHECK(post(*liam, group + "/resources/new",
             {{"title", "Spoon theory"},
              {"url", "https://en.wikipedia.org/wiki/Spoon_theory"},
              {"why", "Words for fatigue."}})
            ->status == 303);
  CHECK(contains(liam->get(group), "Spoon theory"));
  auto ben = signed_in("ben.okafor");
  CHECK_FALSE(contains(ben->get(group), "Spoon theory"));
  CHECK(ben->get(group + "/resources/new")->status == 403);
}

TEST_CASE("retention: posts older than the group's period are purged with their search entries",
          "[server][conversations]") {
  TestServer own(ThrowawaySlapd::shared().config(LdapTransport::kStartTls));
  auto liam = signed_in(own, "liam.obrien");
  const auto group = create_group(*liam);
  const auto old_thread = start_thread(*liam, group, "An old thread", "Written long ago about gardening.");
  own.clock().advance(10 * 24 * 3600);
  liam = signed_in(own, "liam.obrien");  // the old session has expired
  const auto new_thread = start_thread(*liam, group, "A new thread", "Written today about gardening.");

  liam->get(group + "/moderation");
  CHECK(post(*liam, group + "/moderation/settings", {{"retention_days", "3"}})->status == 400);
  CHECK(post(*liam, group + "/moderation/settings", {{"retention_days", "seven"}})->status == 400);
  REQUIRE(post(*liam, group + "/moderation/settings", {{"retention_days", "7"}})->status == 303);

  CHECK(liam->get(old_thread)->status == 404);
  CHECK(liam->get(new_thread)->status == 200);
  const auto results = liam->get(group + "/threads?q=gardening");
  CHECK(contains(results, "A new thread"));
  CHECK_FALSE(contains(results, "An old thread"));
  CHECK(contains(liam->get(group), "Posts are deleted after 7 days."));
}
