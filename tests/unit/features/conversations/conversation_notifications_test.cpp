// What the conversation rules tell people through the Notifier.
#include <catch2/catch.hpp>
#include <string>

#include "features/conversations/conversation_service.h"
#include "unit/features/groups/group_test_support.h"
#include "unit/features/notifications/recording_notifier.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::conversations {
namespace {

using notifications::NotificationKind;

constexpr std::int64_t kStart = 1'750'000'000;

struct Fixture {
  hearth::testing::MigratedDatabase database;
  ManualClock clock{kStart};
  auth::PersonStore people{database.pool()};
  groups::GroupStore group_store{database.pool()};
  notifications::testing::RecordingNotifier notifier;
  groups::GroupService group_service{group_store, people, clock, groups::NewGroupApproval::kNotRequired};
  ConversationStore store{database.pool()};
  ConversationService service{store, group_service, clock, notifier};

  auth::Viewer fran = person("fran");
  auth::Viewer amy = person("amy");
  auth::Viewer ben = person("ben");
  auth::Viewer cal = person("cal");

  Fixture() {
    auto saved = group_service.create(
        fran, groups::GroupForm{groups::testing::sample_draft("Night owls", "night-owls"), {}});
    REQUIRE(saved.group);
    for (const auto& member : {amy, ben, cal}) {
      group_service.join(member, "night-owls", groups::RulesAcceptance::kAccepted, {});
    }
    service.save_settings(fran, service.load(fran, "night-owls"), {true, std::nullopt});
  }

  auth::Viewer person(const std::string& username) {
    const auto id = groups::testing::add_person(people, username, "Person " + username, clock.now_seconds());
    auth::RoleSet roles;
    roles.insert(auth::Role::kStaff);
    return auth::Viewer::signed_in(id, "Person " + username, roles);
  }

  ConversationContext load(const auth::Viewer& viewer) { return service.load(viewer, "night-owls"); }
};

}  // namespace

TEST_CASE("a reply notifies who started or posted in the thread, not the replier or bystanders",
          "[conversations][notifications]") {
  Fixture f;
  const auto thread =
      f.service.start_thread(f.amy, f.load(f.amy), "Sleep after nights", "Any tips?", Anonymity::kNamed);
  CHECK(f.notifier.sent.empty());  // nobody follows a new thread yet

  f.service.reply(f.ben, f.load(f.ben), thread.thread_id, "Blackout blinds.", Anonymity::kAnonymous);
  auto to_amy = f.notifier.to(f.amy.person_id());
  REQUIRE(to_amy.size() == 1);
  CHECK(to_amy[0].kind == NotificationKind::kThreadReply);
  CHECK(to_amy[0].link == "/groups/night-owls/threads/" + std::to_string(thread.thread_id));
  CHECK(to_amy[0].context == "Night owls");
  CHECK(f.notifier.to(f.ben.person_id()).empty());
  CHECK(f.notifier.to(f.cal.person_id()).empty());
  CHECK(f.notifier.to(f.fran.person_id()).empty());

  // Ben posted (anonymously) and now follows the thread too.
  f.service.reply(f.amy, f.load(f.amy), thread.thread_id, "Thanks!", Anonymity::kNamed);
  CHECK(f.notifier.to(f.ben.person_id()).size() == 1);
  CHECK(f.notifier.to(f.amy.person_id()).size() == 1);

  SECTION("people who left the group are not notified") {
    f.group_service.leave(f.ben, "night-owls");
    f.service.reply(f.cal, f.load(f.cal), thread.thread_id, "Earplugs.", Anonymity::kNamed);
    CHECK(f.notifier.to(f.ben.person_id()).size() == 1);
    CHECK(f.notifier.to(f.amy.person_id()).size() == 2);
  }
}

TEST_CASE("a report notifies the group's facilitators", "[conversations][notifications]") {
  Fixture f;
  const auto thread =
      f.service.start_thread(f.amy, f.load(f.amy), "Rough week", "It was a lot.", Anonymity::kNamed);
  REQUIRE(f.service.report_post(f.ben, f.load(f.ben), thread.post_id, ReportReason::kUnkind, ""));
  const auto to_fran = f.notifier.to(f.fran.person_id());
  REQUIRE(to_fran.size() == 1);
  CHECK(to_fran[0].kind == NotificationKind::kGroupReport);
  CHECK(to_fran[0].link == "/groups/night-owls/moderation");
  CHECK(f.notifier.to(f.amy.person_id()).empty());
  CHECK(f.notifier.to(f.ben.person_id()).empty());
  // A second report by the same person is not a new report.
  CHECK_FALSE(f.service.report_post(f.ben, f.load(f.ben), thread.post_id, ReportReason::kUnkind, ""));
  CHECK(f.notifier.to(f.fran.person_id()).size() == 1);
}

}  // namespace hearth::features::conversations
