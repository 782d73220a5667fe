// What the peer-group rules tell people through the Notifier.
#include <catch2/catch.hpp>
#include <string>

#include "features/groups/group_service.h"
#include "unit/features/groups/group_test_support.h"
#include "unit/features/notifications/recording_notifier.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::groups {
namespace {

using notifications::NotificationKind;
using testing::sample_draft;

constexpr std::int64_t kStart = 1'750'000'000;

struct Fixture {
  hearth::testing::MigratedDatabase database;
  ManualClock clock{kStart};
  auth::PersonStore people{database.pool()};
  GroupStore store{database.pool()};
  notifications::testing::RecordingNotifier notifier;
  GroupService service{store, people, clock, NewGroupApproval::kNotRequired, notifier};

  auth::Viewer person(const std::string& username) {
    const auto id = testing::add_person(people, username, "Person " + username, clock.now_seconds());
    auth::RoleSet roles;
    roles.insert(auth::Role::kStaff);
    return auth::Viewer::signed_in(id, "Person " + username, roles);
  }

  Group create(const auth::Viewer& viewer, GroupDraft draft) {
    auto saved = service.create(viewer, GroupForm{std::move(draft), {}});
    REQUIRE(saved.group);
    return *saved.group;
  }
};

}  // namespace

TEST_CASE("deciding a join request notifies the person who asked, either way", "[groups][notifications]") {
  Fixture f;
  const auto fran = f.person("fran");
  const auto amy = f.person("amy");
  const auto ben = f.person("ben");
  auto draft = sample_draft("Grief support", "grief-support");
  draft.join_policy = JoinPolicy::kRequest;
  draft.vetting_questions = {"What brings you here?"};
  f.create(fran, draft);
  f.service.join(amy, "grief-support", RulesAcceptance::kAccepted, {"A loss."});
  f.service.join(ben, "grief-support", RulesAcceptance::kAccepted, {"A loss."});
  CHECK(f.notifier.sent.empty());

  f.service.decide_request(fran, "grief-support", amy.person_id(), RequestDecision::kApprove, "");
  f.service.decide_request(fran, "grief-support", ben.person_id(), RequestDecision::kDecline, "Sorry.");
  for (const auto& viewer : {amy, ben}) {
    const auto notices = f.notifier.to(viewer.person_id());
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].kind == NotificationKind::kJoinRequestDecided);
    CHECK(notices[0].link == "/groups/grief-support");
    CHECK(notices[0].context == "Grief support");
  }
  CHECK(f.notifier.to(fran.person_id()).empty());
}

TEST_CASE("an invitation notifies the person invited", "[groups][notifications]") {
  Fixture f;
  const auto fran = f.person("fran");
  const auto amy = f.person("amy");
  auto draft = sample_draft("Night owls", "night-owls");
  draft.join_policy = JoinPolicy::kInvitation;
  draft.visibility = Visibility::kHidden;
  f.create(fran, draft);
  REQUIRE(f.service.invite(fran, "night-owls", "amy") == GroupService::InviteOutcome::kInvited);
  const auto notices = f.notifier.to(amy.person_id());
  REQUIRE(notices.size() == 1);
  CHECK(notices[0].kind == NotificationKind::kInvited);
  CHECK(notices[0].link == "/groups/night-owls");
  // Nothing for an unknown person or a second invitation.
  f.service.invite(fran, "night-owls", "nobody");
  f.service.invite(fran, "night-owls", "amy");
  CHECK(f.notifier.sent.size() == 1);
}

TEST_CASE("a place from the waiting list notifies the person promoted", "[groups][notifications]") {
  Fixture f;
  const auto fran = f.person("fran");
  const auto amy = f.person("amy");
  const auto ben = f.person("ben");
  auto draft = sample_draft("Small circle", "small-circle");
  draft.capacity = 2;
  f.create(fran, draft);
  REQUIRE(f.service.join(amy, "small-circle", RulesAcceptance::kAccepted, {}) == JoinOutcome::kJoined);
  REQUIRE(f.service.join(ben, "small-circle", RulesAcceptance::kAccepted, {}) == JoinOutcome::kWaitlisted);
  CHECK(f.notifier.sent.empty());
  f.service.leave(amy, "small-circle");
  const auto notices = f.notifier.to(ben.person_id());
  REQUIRE(notices.size() == 1);
  CHECK(notices[0].kind == NotificationKind::kWaitlistPromoted);
  CHECK(notices[0].link == "/groups/small-circle");
}

}  // namespace hearth::features::groups
