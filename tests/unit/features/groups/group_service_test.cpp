#include "features/groups/group_service.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <functional>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "features/groups/group_access.h"
#include "unit/features/groups/group_test_support.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::groups {
namespace {

using testing::sample_draft;

constexpr std::int64_t kStart = 1'750'000'000;

// The kind of hearth::Error that `action` throws; fails the test if it
// throws nothing or something else.
ErrorKind kind_of_failure(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.kind();
  }
  FAIL("expected a hearth::Error");
  return ErrorKind::kInternal;
}

auth::RoleSet roles_of(std::initializer_list<auth::Role> list) {
  auth::RoleSet roles;
  for (const auto role : list) roles.insert(role);
  return roles;
}

struct ServiceFixture {
  hearth::testing::MigratedDatabase database;
  ManualClock clock{kStart};
  auth::PersonStore people{database.pool()};
  GroupStore store{database.pool()};
  GroupService service{store, people, clock, NewGroupApproval::kNotRequired};

  // A signed-in person with the given roles (staff by default).
  auth::Viewer person(const std::string& username, auth::RoleSet roles = roles_of({auth::Role::kStaff})) {
    const auto id = testing::add_person(people, username, "Person " + username, clock.now_seconds());
    return auth::Viewer::signed_in(id, "Person " + username, roles);
  }

  Group create(const auth::Viewer& viewer, const GroupDraft& draft) {
    auto saved = service.create(viewer, GroupForm{draft, {}});
    INFO("first error: " << (saved.errors.empty() ? "" : saved.errors.entries().front().second));
    REQUIRE(saved.group);
    return *saved.group;
  }

  GroupService::Saved update(const auth::Viewer& viewer, const std::string& slug, const GroupDraft& draft) {
    return service.update(viewer, slug, GroupForm{draft, {}});
  }

  std::optional<Membership> membership_of(const Group& group, const auth::Viewer& viewer) {
    return store.membership(group.id, viewer.person_id());
  }

  MembershipStatus status_of(const Group& group, const auth::Viewer& viewer) {
    const auto membership = membership_of(group, viewer);
    REQUIRE(membership);
    return membership->status;
  }

  JoinOutcome join(const auth::Viewer& viewer, const std::string& slug,
                   const std::vector<std::string>& answers = {}) {
    return service.join(viewer, slug, RulesAcceptance::kAccepted, answers);
  }
};

GroupDraft capped_draft(const std::string& name, const std::string& slug, int capacity) {
  auto draft = sample_draft(name, slug);
  draft.capacity = capacity;
  return draft;
}

GroupDraft request_draft() {
  auto draft = sample_draft("Second victims", "second-victims");
  draft.join_policy = JoinPolicy::kRequest;
  draft.vetting_questions = {"Why would you like to join?", "Which ward are you on?"};
  return draft;
}

GroupDraft hidden_invitation_draft() {
  auto draft = sample_draft("Quiet room", "quiet-room");
  draft.join_policy = JoinPolicy::kInvitation;
  draft.visibility = Visibility::kHidden;
  return draft;
}

}  // namespace

// ---- Starting and reviewing groups ------------------------------------------------

TEST_CASE("starting a group makes the creator its facilitator with the rules accepted", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto group = fixture.create(amy, sample_draft("Night owls", "night-owls"));
  CHECK(group.status == GroupStatus::kActive);
  CHECK(group.created_by == amy.person_id());
  CHECK(group.active_members == 1);
  const auto membership = fixture.membership_of(group, amy);
  REQUIRE(membership);
  CHECK(membership->role == MembershipRole::kFacilitator);
  CHECK(membership->status == MembershipStatus::kActive);
  CHECK(membership->accepted_rules_version == group.ground_rules_version);
  const auto loaded = fixture.service.load(amy, "night-owls");
  CHECK(access::can_manage({amy, loaded.group, loaded.membership}));
  CHECK_FALSE(access::must_accept_rules({amy, loaded.group, loaded.membership}));
}

TEST_CASE("only staff may start a group", "[groups][service]") {
  ServiceFixture fixture;
  const auto admin = fixture.person("admin", roles_of({auth::Role::kAdmin}));
  CHECK(kind_of_failure([&] {
          fixture.service.create(admin, GroupForm{sample_draft("A b c", "abc"), {}});
        }) == ErrorKind::kForbidden);
  CHECK(kind_of_failure([&] {
          fixture.service.create(auth::Viewer::anonymous(), GroupForm{sample_draft("A b c", "abc"), {}});
        }) == ErrorKind::kForbidden);
  CHECK_FALSE(fixture.store.slug_exists("abc"));
}

TEST_CASE("a form with errors starts nothing and returns the errors", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  GroupForm form{sample_draft("Night owls", "night-owls"), {}};
  form.errors.add("name", "Enter a name.");
  const auto saved = fixture.service.create(amy, std::move(form));
  CHECK_FALSE(saved.group);
  CHECK(saved.errors.message_for("name") == "Enter a name.");
  CHECK_FALSE(fixture.store.slug_exists("night-owls"));
}

TEST_CASE("a taken web address is a field error on slug and stores nothing", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  fixture.create(amy, sample_draft("Night owls", "night-owls"));
  const auto saved = fixture.service.create(ben, GroupForm{sample_draft("Other owls", "night-owls"), {}});
  CHECK_FALSE(saved.group);
  CHECK_FALSE(saved.errors.message_for("slug").empty());
  CHECK(fixture.store.with_status(GroupStatus::kActive).size() == 1);
  CHECK(fixture.store.find_by_slug("night-owls")->name() == "Night owls");

  // Editing another group onto the taken address is refused the same way;
  // keeping one's own address is fine.
  fixture.create(ben, sample_draft("Early birds", "early-birds"));
  auto draft = sample_draft("Early birds", "night-owls");
  CHECK_FALSE(fixture.update(ben, "early-birds", draft).errors.message_for("slug").empty());
  draft.slug = "early-birds";
  draft.name = "Early birds, renamed";
  const auto updated = fixture.update(ben, "early-birds", draft);
  REQUIRE(updated.group);
  CHECK(updated.group->name() == "Early birds, renamed");
}

TEST_CASE("with approval required a new group waits for a coordinator", "[groups][service]") {
  ServiceFixture fixture;
  GroupService reviewed(fixture.store, fixture.people, fixture.clock, NewGroupApproval::kRequired);
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  const auto coordinator = fixture.person("cora", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  const auto admin = fixture.person("adam", roles_of({auth::Role::kStaff, auth::Role::kAdmin}));

  const auto saved = reviewed.create(amy, GroupForm{sample_draft("Night owls", "night-owls"), {}});
  REQUIRE(saved.group);
  CHECK(saved.group->status == GroupStatus::kPending);

  // Only its facilitator and coordinators see it.
  CHECK_NOTHROW(reviewed.load(amy, "night-owls"));
  CHECK_NOTHROW(reviewed.load(coordinator, "night-owls"));
  CHECK(kind_of_failure([&] { reviewed.load(ben, "night-owls"); }) == ErrorKind::kNotFound);
  CHECK(kind_of_failure([&] { reviewed.load(admin, "night-owls"); }) == ErrorKind::kNotFound);
  CHECK(fixture.store.search({}).total == 0);
  // Nobody can join it yet.
  CHECK(kind_of_failure([&] { fixture.join(ben, "night-owls"); }) == ErrorKind::kNotFound);

  // Only coordinators review.
  for (const auto* viewer : {&amy, &ben, &admin}) {
    CHECK(kind_of_failure([&] { reviewed.review(*viewer, "night-owls", ReviewDecision::kApprove, ""); }) ==
          ErrorKind::kForbidden);
  }
  CHECK(fixture.store.find_by_slug("night-owls")->status == GroupStatus::kPending);

  // Returned with a note...
  reviewed.review(coordinator, "night-owls", ReviewDecision::kReturn, "Please name a room.");
  auto group = fixture.store.find_by_slug("night-owls");
  CHECK(group->status == GroupStatus::kReturned);
  CHECK(group->review_note == "Please name a room.");
  CHECK(kind_of_failure([&] { reviewed.review(coordinator, "night-owls", ReviewDecision::kApprove, ""); }) ==
        ErrorKind::kConflict);

  // ...edited, and so back with the coordinators...
  auto draft = sample_draft("Night owls", "night-owls");
  draft.location = "Chapel, level 2";
  REQUIRE(reviewed.update(amy, "night-owls", GroupForm{draft, {}}).group);
  group = fixture.store.find_by_slug("night-owls");
  CHECK(group->status == GroupStatus::kPending);
  CHECK(group->details.location == "Chapel, level 2");

  // ...and approved.
  reviewed.review(coordinator, "night-owls", ReviewDecision::kApprove, "");
  CHECK(fixture.store.find_by_slug("night-owls")->status == GroupStatus::kActive);
  CHECK_NOTHROW(reviewed.load(ben, "night-owls"));
  CHECK(kind_of_failure([&] { reviewed.review(coordinator, "night-owls", ReviewDecision::kReturn, ""); }) ==
        ErrorKind::kConflict);
  CHECK(kind_of_failure([&] {
          reviewed.review(coordinator, "no-such-group", ReviewDecision::kApprove, "");
        }) == ErrorKind::kNotFound);
}

// ---- Joining --------------------------------------------------------------------

TEST_CASE("joining an open group makes an active member who has accepted the rules", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  fixture.create(amy, sample_draft("Night owls", "night-owls"));
  CHECK(fixture.join(ben, "night-owls") == JoinOutcome::kJoined);
  const auto loaded = fixture.service.load(ben, "night-owls");
  REQUIRE(loaded.membership);
  CHECK(loaded.membership->status == MembershipStatus::kActive);
  CHECK(loaded.membership->role == MembershipRole::kMember);
  CHECK(loaded.membership->accepted_rules_version == loaded.group.ground_rules_version);
  CHECK(loaded.group.active_members == 2);
  CHECK(access::can_see_place({ben, loaded.group, loaded.membership}));
  // Joining twice is a conflict, not a second row.
  CHECK(kind_of_failure([&] { fixture.join(ben, "night-owls"); }) == ErrorKind::kConflict);
  CHECK(fixture.store.count_with_status(loaded.group.id, MembershipStatus::kActive) == 2);
}

TEST_CASE("joining without accepting the ground rules is a bad request and changes nothing",
          "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  const auto group = fixture.create(amy, sample_draft("Night owls", "night-owls"));
  CHECK(kind_of_failure([&] {
          fixture.service.join(ben, "night-owls", RulesAcceptance::kNotAccepted, {});
        }) == ErrorKind::kBadRequest);
  CHECK_FALSE(fixture.membership_of(group, ben));
}

TEST_CASE("people who are not staff, or signed out, cannot join", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto admin = fixture.person("admin", roles_of({auth::Role::kAdmin}));
  const auto group = fixture.create(amy, sample_draft("Night owls", "night-owls"));
  CHECK(kind_of_failure([&] { fixture.join(admin, "night-owls"); }) == ErrorKind::kNotFound);
  CHECK(kind_of_failure([&] { fixture.join(auth::Viewer::anonymous(), "night-owls"); }) ==
        ErrorKind::kNotFound);
  CHECK(kind_of_failure([&] { fixture.join(amy, "no-such-group"); }) == ErrorKind::kNotFound);
  CHECK(fixture.store.count_with_status(group.id, MembershipStatus::kActive) == 1);
}

TEST_CASE("a request stores the answers with the questions for the facilitators", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  const auto group = fixture.create(amy, request_draft());
  CHECK(fixture.join(ben, "second-victims", {"After a hard shift.", "Ward 9"}) == JoinOutcome::kRequested);
  const auto membership = fixture.membership_of(group, ben);
  REQUIRE(membership);
  CHECK(membership->status == MembershipStatus::kRequested);
  CHECK(membership->answers.find("Why would you like to join?\nAfter a hard shift.") != std::string::npos);
  CHECK(membership->answers.find("Which ward are you on?\nWard 9") != std::string::npos);
  // A request is not membership: no place, no member count.
  const auto loaded = fixture.service.load(ben, "second-victims");
  CHECK(loaded.group.active_members == 1);
  CHECK_FALSE(access::is_member({ben, loaded.group, loaded.membership}));
  CHECK(kind_of_failure([&] {
          fixture.join(ben, "second-victims", {"Again", "Again"});
        }) == ErrorKind::kConflict);
}

TEST_CASE("a facilitator approves or declines requests; a declined person may ask again",
          "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  const auto cai = fixture.person("cai");
  const auto group = fixture.create(amy, request_draft());
  fixture.join(ben, "second-victims", {"a", "b"});
  fixture.join(cai, "second-victims", {"c", "d"});

  CHECK(fixture.service.decide_request(amy, "second-victims", ben.person_id(), RequestDecision::kApprove,
                                       "Welcome!") == JoinOutcome::kJoined);
  CHECK(fixture.status_of(group, ben) == MembershipStatus::kActive);

  fixture.service.decide_request(amy, "second-victims", cai.person_id(), RequestDecision::kDecline,
                                 "This group is for ward staff.");
  auto declined = fixture.membership_of(group, cai);
  REQUIRE(declined);
  CHECK(declined->status == MembershipStatus::kDeclined);
  CHECK(declined->decision_message == "This group is for ward staff.");

  // A decided request cannot be decided again.
  CHECK(kind_of_failure([&] {
          fixture.service.decide_request(amy, "second-victims", cai.person_id(), RequestDecision::kApprove,
                                         "");
        }) == ErrorKind::kConflict);
  CHECK(kind_of_failure([&] {
          fixture.service.decide_request(amy, "second-victims", ben.person_id(), RequestDecision::kDecline,
                                         "");
        }) == ErrorKind::kConflict);

  // Asking again opens a fresh request.
  CHECK(fixture.join(cai, "second-victims", {"e", "f"}) == JoinOutcome::kRequested);
  const auto again = fixture.membership_of(group, cai);
  REQUIRE(again);
  CHECK(again->status == MembershipStatus::kRequested);
  CHECK(again->decision_message.empty());
  CHECK(again->answers.find("\ne\n") != std::string::npos);
}

TEST_CASE("an approved request for a full group goes on the waiting list", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  const auto cai = fixture.person("cai");
  auto draft = request_draft();
  draft.capacity = 2;
  const auto group = fixture.create(amy, draft);
  fixture.join(ben, "second-victims", {"a", "b"});
  fixture.join(cai, "second-victims", {"c", "d"});
  CHECK(fixture.service.decide_request(amy, "second-victims", ben.person_id(), RequestDecision::kApprove,
                                       "") == JoinOutcome::kJoined);
  CHECK(fixture.service.decide_request(amy, "second-victims", cai.person_id(), RequestDecision::kApprove,
                                       "") == JoinOutcome::kWaitlisted);
  CHECK(fixture.status_of(group, cai) == MembershipStatus::kWaitlisted);
}

// ---- Invitations ---------------------------------------------------------------

TEST_CASE("facilitators invite by username", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  const auto dana = fixture.person("dana");
  const auto group = fixture.create(amy, hidden_invitation_draft());
  using Outcome = GroupService::InviteOutcome;
  CHECK(fixture.service.invite(amy, "quiet-room", "nobody") == Outcome::kUnknownPerson);
  CHECK(fixture.service.invite(amy, "quiet-room", "") == Outcome::kUnknownPerson);
  CHECK(fixture.service.invite(amy, "quiet-room", "amy") == Outcome::kAlreadyRelated);
  CHECK(fixture.service.invite(amy, "quiet-room", "DANA") == Outcome::kInvited);
  CHECK(fixture.status_of(group, dana) == MembershipStatus::kInvited);
  CHECK(fixture.service.invite(amy, "quiet-room", "dana") == Outcome::kAlreadyRelated);
  // Not a facilitator: no inviting.
  CHECK(kind_of_failure([&] { fixture.service.invite(dana, "quiet-room", "ben"); }) == ErrorKind::kForbidden);
  CHECK_FALSE(fixture.membership_of(group, ben));
}

TEST_CASE("an invitee sees the hidden group; others, coordinators and administrators do not",
          "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto dana = fixture.person("dana");
  const auto ben = fixture.person("ben");
  const auto coordinator = fixture.person("cora", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  const auto admin = fixture.person("adam", roles_of({auth::Role::kStaff, auth::Role::kAdmin}));
  fixture.create(amy, hidden_invitation_draft());
  fixture.service.invite(amy, "quiet-room", "dana");
  CHECK_NOTHROW(fixture.service.load(dana, "quiet-room"));
  for (const auto* viewer : {&ben, &coordinator, &admin}) {
    CHECK(kind_of_failure([&] { fixture.service.load(*viewer, "quiet-room"); }) == ErrorKind::kNotFound);
    // Asking to join a hidden group looks like asking for a missing one.
    CHECK(kind_of_failure([&] { fixture.join(*viewer, "quiet-room"); }) == ErrorKind::kNotFound);
  }
  // Invitation-only groups are not joined by asking, even when seen.
  CHECK(kind_of_failure([&] { fixture.join(dana, "quiet-room"); }) == ErrorKind::kConflict);
}

TEST_CASE("accepting an invitation needs the rules accepted and makes a member", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto dana = fixture.person("dana");
  const auto group = fixture.create(amy, hidden_invitation_draft());
  fixture.service.invite(amy, "quiet-room", "dana");
  CHECK(kind_of_failure([&] {
          fixture.service.accept_invitation(dana, "quiet-room", RulesAcceptance::kNotAccepted);
        }) == ErrorKind::kBadRequest);
  CHECK(fixture.status_of(group, dana) == MembershipStatus::kInvited);
  CHECK(fixture.service.accept_invitation(dana, "quiet-room", RulesAcceptance::kAccepted) ==
        JoinOutcome::kJoined);
  const auto membership = fixture.membership_of(group, dana);
  REQUIRE(membership);
  CHECK(membership->status == MembershipStatus::kActive);
  CHECK(membership->accepted_rules_version == group.ground_rules_version);
  // The invitation is used up.
  CHECK(kind_of_failure([&] {
          fixture.service.accept_invitation(dana, "quiet-room", RulesAcceptance::kAccepted);
        }) == ErrorKind::kConflict);
}

TEST_CASE("declining an invitation removes it, and the group disappears for the person",
          "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto dana = fixture.person("dana");
  const auto group = fixture.create(amy, hidden_invitation_draft());
  fixture.service.invite(amy, "quiet-room", "dana");
  fixture.service.decline_invitation(dana, "quiet-room");
  CHECK_FALSE(fixture.membership_of(group, dana));
  CHECK(kind_of_failure([&] { fixture.service.load(dana, "quiet-room"); }) == ErrorKind::kNotFound);
  // They can be invited again.
  CHECK(fixture.service.invite(amy, "quiet-room", "dana") == GroupService::InviteOutcome::kInvited);
}

TEST_CASE("accepting an invitation to a full group puts the person on the waiting list",
          "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  const auto dana = fixture.person("dana");
  auto draft = hidden_invitation_draft();
  draft.capacity = 2;
  const auto group = fixture.create(amy, draft);
  fixture.service.invite(amy, "quiet-room", "ben");
  fixture.service.invite(amy, "quiet-room", "dana");
  CHECK(fixture.service.accept_invitation(ben, "quiet-room", RulesAcceptance::kAccepted) ==
        JoinOutcome::kJoined);
  CHECK(fixture.service.accept_invitation(dana, "quiet-room", RulesAcceptance::kAccepted) ==
        JoinOutcome::kWaitlisted);
  CHECK(fixture.status_of(group, dana) == MembershipStatus::kWaitlisted);
}

// ---- Capacity and the waiting list ---------------------------------------------------

TEST_CASE(
    "a full group puts newcomers on the waiting list and promotes the longest waiting when someone leaves",
    "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  // Created before the first waiter, so a lower id: the queue must follow time, not ids.
  const auto second_waiter = fixture.person("second");
  const auto first_waiter = fixture.person("first");
  const auto group = fixture.create(amy, capped_draft("Small group", "small-group", 2));
  CHECK(fixture.join(ben, "small-group") == JoinOutcome::kJoined);
  fixture.clock.advance(10);
  CHECK(fixture.join(first_waiter, "small-group") == JoinOutcome::kWaitlisted);
  fixture.clock.advance(10);
  CHECK(fixture.join(second_waiter, "small-group") == JoinOutcome::kWaitlisted);
  auto found = fixture.store.find(group.id);
  CHECK(found->active_members == 2);
  CHECK(found->waitlisted == 2);
  CHECK(found->is_full());

  // Someone waiting leaves: nobody is promoted.
  const auto third_waiter = fixture.person("third");
  fixture.clock.advance(10);
  fixture.join(third_waiter, "small-group");
  fixture.service.leave(third_waiter, "small-group");
  CHECK_FALSE(fixture.membership_of(group, third_waiter));
  CHECK(fixture.store.count_with_status(group.id, MembershipStatus::kActive) == 2);

  // A member leaves: the longest-waiting person takes the place.
  fixture.service.leave(ben, "small-group");
  CHECK_FALSE(fixture.membership_of(group, ben));
  CHECK(fixture.status_of(group, first_waiter) == MembershipStatus::kActive);
  CHECK(fixture.status_of(group, second_waiter) == MembershipStatus::kWaitlisted);
  CHECK(fixture.store.count_with_status(group.id, MembershipStatus::kActive) == 2);
}

TEST_CASE("removing a member promotes the longest-waiting person", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  const auto cai = fixture.person("cai");
  const auto group = fixture.create(amy, capped_draft("Small group", "small-group", 2));
  fixture.join(ben, "small-group");
  fixture.clock.advance(5);
  CHECK(fixture.join(cai, "small-group") == JoinOutcome::kWaitlisted);
  fixture.service.remove_member(amy, "small-group", ben.person_id());
  CHECK_FALSE(fixture.membership_of(group, ben));
  CHECK(fixture.status_of(group, cai) == MembershipStatus::kActive);
  // Removing someone who is no longer there is a conflict; removing oneself is not how to leave.
  CHECK(kind_of_failure([&] { fixture.service.remove_member(amy, "small-group", ben.person_id()); }) ==
        ErrorKind::kConflict);
  CHECK(kind_of_failure([&] { fixture.service.remove_member(amy, "small-group", amy.person_id()); }) ==
        ErrorKind::kConflict);
}

TEST_CASE("raising the size cap promotes people waiting, longest first, up to the new cap",
          "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  std::vector<auth::Viewer> waiting;
  for (const std::string& name : std::vector<std::string>{"w1", "w2", "w3"})
    waiting.push_back(fixture.person(name));
  const auto group = fixture.create(amy, capped_draft("Small group", "small-group", 2));
  fixture.join(ben, "small-group");
  for (const auto& viewer : waiting) {
    fixture.clock.advance(1);
    CHECK(fixture.join(viewer, "small-group") == JoinOutcome::kWaitlisted);
  }
  REQUIRE(fixture.update(amy, "small-group", capped_draft("Small group", "small-group", 4)).group);
  CHECK(fixture.status_of(group, waiting[0]) == MembershipStatus::kActive);
  CHECK(fixture.status_of(group, waiting[1]) == MembershipStatus::kActive);
  CHECK(fixture.status_of(group, waiting[2]) == MembershipStatus::kWaitlisted);
  CHECK(fixture.store.count_with_status(group.id, MembershipStatus::kActive) == 4);

  // Removing the cap lets everyone in.
  REQUIRE(fixture.update(amy, "small-group", sample_draft("Small group", "small-group")).group);
  CHECK(fixture.status_of(group, waiting[2]) == MembershipStatus::kActive);
}

// ---- Facilitators -----------------------------------------------------------------

TEST_CASE("the only facilitator cannot leave until another member is made a facilitator",
          "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  const auto cai = fixture.person("cai");
  const auto group = fixture.create(amy, capped_draft("Small group", "small-group", 2));
  fixture.join(ben, "small-group");
  CHECK(fixture.join(cai, "small-group") == JoinOutcome::kWaitlisted);

  CHECK(kind_of_failure([&] { fixture.service.leave(amy, "small-group"); }) == ErrorKind::kConflict);
  CHECK(fixture.membership_of(group, amy));
  // Only active members can become facilitators.
  CHECK(kind_of_failure([&] { fixture.service.make_facilitator(amy, "small-group", cai.person_id()); }) ==
        ErrorKind::kConflict);
  // A member cannot make themselves a facilitator.
  CHECK(kind_of_failure([&] { fixture.service.make_facilitator(ben, "small-group", ben.person_id()); }) ==
        ErrorKind::kForbidden);

  fixture.service.make_facilitator(amy, "small-group", ben.person_id());
  CHECK(fixture.membership_of(group, ben)->is_facilitator());
  CHECK(fixture.store.count_facilitators(group.id) == 2);
  fixture.service.leave(amy, "small-group");
  CHECK_FALSE(fixture.membership_of(group, amy));
  CHECK(fixture.store.count_facilitators(group.id) == 1);
  // Amy's place went to the person waiting.
  CHECK(fixture.status_of(group, cai) == MembershipStatus::kActive);
  // Ben now manages the group.
  CHECK_NOTHROW(fixture.service.invite(ben, "small-group", "amy"));
}

TEST_CASE("people with nothing to leave get a conflict", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  fixture.create(amy, sample_draft("Night owls", "night-owls"));
  CHECK(kind_of_failure([&] { fixture.service.leave(ben, "night-owls"); }) == ErrorKind::kConflict);
}

TEST_CASE("changing the ground rules asks the other members to accept them again", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  auto draft = sample_draft("Night owls", "night-owls");
  const auto group = fixture.create(amy, draft);
  fixture.join(ben, "night-owls");

  // An edit that keeps the rules asks nobody anything.
  draft.focus = "Talking through the nights together";
  REQUIRE(fixture.update(amy, "night-owls", draft).group);
  auto for_ben = fixture.service.load(ben, "night-owls");
  CHECK(for_ben.group.ground_rules_version == 1);
  CHECK_FALSE(access::must_accept_rules({ben, for_ben.group, for_ben.membership}));

  draft.ground_rules = "What is said here stays here. Be kind. Phones away.";
  REQUIRE(fixture.update(amy, "night-owls", draft).group);
  for_ben = fixture.service.load(ben, "night-owls");
  const auto for_amy = fixture.service.load(amy, "night-owls");
  CHECK(for_ben.group.ground_rules_version == 2);
  CHECK(access::must_accept_rules({ben, for_ben.group, for_ben.membership}));
  CHECK_FALSE(access::can_see_place({ben, for_ben.group, for_ben.membership}));
  // The facilitator who changed them has accepted them.
  CHECK_FALSE(access::must_accept_rules({amy, for_amy.group, for_amy.membership}));

  fixture.service.accept_rules(ben, "night-owls");
  for_ben = fixture.service.load(ben, "night-owls");
  CHECK_FALSE(access::must_accept_rules({ben, for_ben.group, for_ben.membership}));
  CHECK(access::can_see_place({ben, for_ben.group, for_ben.membership}));
  CHECK(fixture.membership_of(group, ben)->accepted_rules_version == 2);

  // Only members accept rules.
  const auto cai = fixture.person("cai");
  CHECK(kind_of_failure([&] { fixture.service.accept_rules(cai, "night-owls"); }) == ErrorKind::kForbidden);
}

TEST_CASE("people who are not facilitators cannot manage a group", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  const auto stranger = fixture.person("stranger");
  const auto coordinator = fixture.person("cora", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  const auto admin = fixture.person("adam", roles_of({auth::Role::kStaff, auth::Role::kAdmin}));
  auto draft = request_draft();
  const auto group = fixture.create(amy, draft);
  fixture.join(ben, "second-victims", {"a", "b"});
  fixture.service.decide_request(amy, "second-victims", ben.person_id(), RequestDecision::kApprove, "");
  const auto asker = fixture.person("asker");
  fixture.join(asker, "second-victims", {"c", "d"});

  const auto manage_actions = [&](const auth::Viewer& viewer) {
    return std::vector<std::function<void()>>{
        [&, viewer] { fixture.update(viewer, "second-victims", draft); },
        [&, viewer] { fixture.service.invite(viewer, "second-victims", "stranger"); },
        [&, viewer] { fixture.service.remove_member(viewer, "second-victims", amy.person_id()); },
        [&, viewer] { fixture.service.make_facilitator(viewer, "second-victims", viewer.person_id()); },
        [&, viewer] {
          fixture.service.decide_request(viewer, "second-victims", asker.person_id(),
                                         RequestDecision::kApprove, "");
        },
        [&, viewer] { fixture.service.archive(viewer, "second-victims"); },
    };
  };
  for (const auto* viewer : {&ben, &stranger, &coordinator, &admin}) {
    INFO("viewer " << viewer->display_name());
    for (const auto& action : manage_actions(*viewer))
      CHECK(kind_of_failure(action) == ErrorKind::kForbidden);
  }
  // Nothing changed.
  CHECK(fixture.store.find(group.id)->status == GroupStatus::kActive);
  CHECK(fixture.status_of(group, asker) == MembershipStatus::kRequested);
  CHECK(fixture.membership_of(group, amy)->is_facilitator());
  CHECK_FALSE(fixture.membership_of(group, ben)->is_facilitator());
}

TEST_CASE("manage actions on a hidden group look like a missing group to outsiders", "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto dana = fixture.person("dana");
  const auto stranger = fixture.person("stranger");
  const auto coordinator = fixture.person("cora", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  const auto draft = hidden_invitation_draft();
  fixture.create(amy, draft);
  fixture.service.invite(amy, "quiet-room", "dana");
  for (const auto* viewer : {&stranger, &coordinator}) {
    INFO("viewer " << viewer->display_name());
    CHECK(kind_of_failure([&] { fixture.update(*viewer, "quiet-room", draft); }) == ErrorKind::kNotFound);
    CHECK(kind_of_failure([&] { fixture.service.invite(*viewer, "quiet-room", "stranger"); }) ==
          ErrorKind::kNotFound);
    CHECK(kind_of_failure([&] { fixture.service.remove_member(*viewer, "quiet-room", dana.person_id()); }) ==
          ErrorKind::kNotFound);
    CHECK(kind_of_failure([&] { fixture.service.archive(*viewer, "quiet-room"); }) == ErrorKind::kNotFound);
    CHECK(kind_of_failure([&] { fixture.service.leave(*viewer, "quiet-room"); }) == ErrorKind::kNotFound);
  }
  // The invitee sees it but still cannot manage it.
  CHECK(kind_of_failure([&] { fixture.service.archive(dana, "quiet-room"); }) == ErrorKind::kForbidden);
}

TEST_CASE("an archived group is kept for its members and can no longer be managed or joined",
          "[groups][service]") {
  ServiceFixture fixture;
  const auto amy = fixture.person("amy");
  const auto ben = fixture.person("ben");
  const auto stranger = fixture.person("stranger");
  const auto draft = sample_draft("Night owls", "night-owls");
  const auto group = fixture.create(amy, draft);
  fixture.join(ben, "night-owls");
  fixture.service.archive(amy, "night-owls");
  CHECK(fixture.store.find(group.id)->status == GroupStatus::kArchived);
  CHECK(fixture.store.search({}).total == 0);

  CHECK_NOTHROW(fixture.service.load(ben, "night-owls"));
  CHECK(kind_of_failure([&] { fixture.service.load(stranger, "night-owls"); }) == ErrorKind::kNotFound);
  CHECK(kind_of_failure([&] { fixture.join(stranger, "night-owls"); }) == ErrorKind::kNotFound);
  CHECK(kind_of_failure([&] { fixture.service.archive(amy, "night-owls"); }) == ErrorKind::kForbidden);
  CHECK(kind_of_failure([&] { fixture.update(amy, "night-owls", draft); }) == ErrorKind::kForbidden);
  // Everyone may still leave, the last facilitator included.
  fixture.service.leave(ben, "night-owls");
  fixture.service.leave(amy, "night-owls");
  CHECK(fixture.store.count_with_status(group.id, MembershipStatus::kActive) == 0);
}

// ---- Concurrency -------------------------------------------------------------------

TEST_CASE("people joining at the same moment never push a group past its cap",
          "[groups][service][concurrency]") {
  ServiceFixture fixture;
  const auto facilitator = fixture.person("facilitator");
  const auto group = fixture.create(facilitator, capped_draft("Last places", "last-places", 5));
  for (int i = 0; i < 3; ++i) {
    CHECK(fixture.join(fixture.person("member" + std::to_string(i)), "last-places") == JoinOutcome::kJoined);
  }
  REQUIRE(fixture.store.count_with_status(group.id, MembershipStatus::kActive) == 4);

  constexpr int kThreads = 8;
  std::vector<auth::Viewer> joiners;
  for (int i = 0; i < kThreads; ++i) joiners.push_back(fixture.person("joiner" + std::to_string(i)));

  std::latch start(kThreads);
  std::mutex mutex;
  std::vector<JoinOutcome> outcomes;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      try {
        // Each thread opens its own connection through the pool first, so
        // that the joins themselves start together.
        fixture.store.connection();
        start.arrive_and_wait();
        const auto outcome = fixture.service.join(joiners[static_cast<std::size_t>(i)], "last-places",
                                                  RulesAcceptance::kAccepted, {});
        std::lock_guard lock(mutex);
        outcomes.push_back(outcome);
      } catch (const Error& error) {
        std::lock_guard lock(mutex);
        failures.push_back(error.user_message() + " / " + error.log_detail());
      } catch (const std::exception& error) {
        std::lock_guard lock(mutex);
        failures.push_back(error.what());
      }
    });
  }
  for (auto& thread : threads) thread.join();

  INFO("first failure: " << (failures.empty() ? std::string("none") : failures.front()));
  CHECK(failures.empty());
  CHECK(std::count(outcomes.begin(), outcomes.end(), JoinOutcome::kJoined) == 1);
  CHECK(std::count(outcomes.begin(), outcomes.end(), JoinOutcome::kWaitlisted) == kThreads - 1);
  CHECK(fixture.store.count_with_status(group.id, MembershipStatus::kActive) == 5);
  CHECK(fixture.store.count_with_status(group.id, MembershipStatus::kWaitlisted) == kThreads - 1);
}

}  // namespace hearth::features::groups
