#include "features/groups/group_access.h"

#include <array>
#include <catch2/catch.hpp>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "unit/auth/viewer_kinds.h"

namespace hearth::features::groups {
namespace {

using hearth::testing::make_viewer;
using hearth::testing::name_of;
using hearth::testing::ViewerKind;

// ---- The dimensions of the matrix -------------------------------------------

enum class Relation { kNone, kRequested, kInvited, kWaitlisted, kDeclined, kMember, kFacilitator };

constexpr std::int64_t kViewerId = 42;
constexpr int kCurrentRulesVersion = 3;

constexpr std::array kViewerKinds = {ViewerKind::kAnonymous,     ViewerKind::kStaff,
                                     ViewerKind::kPeerSupporter, ViewerKind::kCoordinator,
                                     ViewerKind::kAdministrator, ViewerKind::kAdministratorNotStaff};
constexpr std::array kStatuses = {GroupStatus::kPending, GroupStatus::kActive, GroupStatus::kReturned,
                                  GroupStatus::kArchived};
constexpr std::array kVisibilities = {Visibility::kListed, Visibility::kHidden};
constexpr std::array kPolicies = {JoinPolicy::kOpen, JoinPolicy::kRequest, JoinPolicy::kInvitation};
constexpr std::array kRelations = {Relation::kNone,       Relation::kRequested, Relation::kInvited,
                                   Relation::kWaitlisted, Relation::kDeclined,  Relation::kMember,
                                   Relation::kFacilitator};

std::string_view name_of(Relation relation) {
  switch (relation) {
    case Relation::kNone: return "no membership";
    case Relation::kRequested: return "requested";
    case Relation::kInvited: return "invited";
    case Relation::kWaitlisted: return "waitlisted";
    case Relation::kDeclined: return "declined";
    case Relation::kMember: return "active member";
    case Relation::kFacilitator: return "active facilitator";
  }
  return "?";
}

// One cell of the matrix.
struct Case {
  ViewerKind viewer = ViewerKind::kStaff;
  GroupStatus status = GroupStatus::kActive;
  Visibility visibility = Visibility::kListed;
  JoinPolicy policy = JoinPolicy::kOpen;
  Relation relation = Relation::kNone;
  bool place_members_only = true;
  bool rules_accepted = true;  // the membership has accepted the current version
  bool members_see_member_list = false;

  std::string describe() const {
    std::ostringstream out;
    out << name_of(viewer) << ", " << to_text(status) << ", " << to_text(visibility) << ", "
        << to_text(policy) << ", " << name_of(relation) << ", place "
        << (place_members_only ? "members only" : "for all viewers") << ", rules "
        << (rules_accepted ? "accepted" : "not accepted") << ", member list "
        << (members_see_member_list ? "shown to members" : "facilitators only");
    return out.str();
  }
};

Group make_group(const Case& c) {
  Group group;
  group.id = 7;
  group.details.name = "Night shift peers";
  group.details.slug = "night-shift-peers";
  group.details.visibility = c.visibility;
  group.details.join_policy = c.policy;
  group.details.place_members_only = c.place_members_only;
  group.details.members_see_member_list = c.members_see_member_list;
  group.status = c.status;
  group.ground_rules_version = kCurrentRulesVersion;
  return group;
}

std::optional<Membership> make_membership(const Case& c) {
  if (c.relation == Relation::kNone) return std::nullopt;
  Membership membership;
  membership.group_id = 7;
  membership.person_id = kViewerId;
  membership.role =
      c.relation == Relation::kFacilitator ? MembershipRole::kFacilitator : MembershipRole::kMember;
  switch (c.relation) {
    case Relation::kRequested: membership.status = MembershipStatus::kRequested; break;
    case Relation::kInvited: membership.status = MembershipStatus::kInvited; break;
    case Relation::kWaitlisted: membership.status = MembershipStatus::kWaitlisted; break;
    case Relation::kDeclined: membership.status = MembershipStatus::kDeclined; break;
    default: membership.status = MembershipStatus::kActive; break;
  }
  membership.accepted_rules_version = c.rules_accepted ? kCurrentRulesVersion : kCurrentRulesVersion - 1;
  return membership;
}

std::vector<Case> every_case() {
  std::vector<Case> cases;
  for (const auto viewer : kViewerKinds) {
    for (const auto status : kStatuses) {
      for (const auto visibility : kVisibilities) {
        for (const auto policy : kPolicies) {
          for (const auto relation : kRelations) {
            for (const bool place_members_only : {false, true}) {
              for (const bool rules_accepted : {false, true}) {
                for (const bool members_see_member_list : {false, true}) {
                  cases.push_back({viewer, status, visibility, policy, relation, place_members_only,
                                   rules_accepted, members_see_member_list});
                }
              }
            }
          }
        }
      }
    }
  }
  return cases;
}

// ---- The expected rules, written out independently of group_access.h --------

bool is_staff(const Case& c) {
  return c.viewer != ViewerKind::kAnonymous && c.viewer != ViewerKind::kAdministratorNotStaff;
}
bool is_coordinator(const Case& c) {
  return c.viewer == ViewerKind::kCoordinator;
}
bool is_facilitator(const Case& c) {
  return c.relation == Relation::kFacilitator;
}
// Active members include the facilitators.
bool is_active_member(const Case& c) {
  return c.relation == Relation::kMember || c.relation == Relation::kFacilitator;
}
// Someone the group already knows about and has not turned away.
bool has_open_relation(const Case& c) {
  return is_active_member(c) || c.relation == Relation::kInvited || c.relation == Relation::kWaitlisted ||
         c.relation == Relation::kRequested;
}

// Nobody who is not staff sees any group. Active listed groups: all staff.
// Active hidden groups: only people in a live relation with the group
// (members, facilitators, invitees, people waiting or asking) - never a
// coordinator or administrator as such. Pending and returned groups: their
// facilitators and the coordinators who review them. Archived groups: members.
bool expect_view(const Case& c) {
  if (!is_staff(c)) return false;
  switch (c.status) {
    case GroupStatus::kActive: return c.visibility == Visibility::kListed || has_open_relation(c);
    case GroupStatus::kPending:
    case GroupStatus::kReturned: return is_facilitator(c) || is_coordinator(c);
    case GroupStatus::kArchived: return is_active_member(c);
  }
  return false;
}

// An active member (or facilitator) whose accepted version is behind.
bool expect_must_accept_rules(const Case& c) {
  return is_active_member(c) && !c.rules_accepted;
}

// The room and link: viewers of the group when it is not kept to members;
// otherwise only members who have accepted the current rules.
bool expect_see_place(const Case& c) {
  if (!expect_view(c)) return false;
  if (!c.place_members_only) return true;
  return is_active_member(c) && c.rules_accepted;
}

// Facilitators of a group they can see that is not archived.
bool expect_manage(const Case& c) {
  return expect_view(c) && is_facilitator(c) && c.status != GroupStatus::kArchived;
}

bool expect_see_member_list(const Case& c) {
  if (!expect_view(c)) return false;
  return is_facilitator(c) || (is_active_member(c) && c.members_see_member_list);
}

// Staff who can see an active group that is not invitation-only, and who have
// no relation to it yet or were declined before.
bool expect_ask_to_join(const Case& c) {
  return expect_view(c) && c.status == GroupStatus::kActive && c.policy != JoinPolicy::kInvitation &&
         (c.relation == Relation::kNone || c.relation == Relation::kDeclined);
}

bool expect_answer_invitation(const Case& c) {
  return expect_view(c) && c.status == GroupStatus::kActive && c.relation == Relation::kInvited;
}

// Members, people waiting and people asking may leave or withdraw - from a
// group they can see.
bool expect_leave(const Case& c) {
  return expect_view(c) &&
         (is_active_member(c) || c.relation == Relation::kWaitlisted || c.relation == Relation::kRequested);
}

bool expect_start_group(const Case& c) {
  return is_staff(c);
}
bool expect_review_groups(const Case& c) {
  return is_coordinator(c);
}

// ---- The comparison ----------------------------------------------------------

struct Predicate {
  std::string_view name;
  std::function<bool(const access::Subject&)> actual;
  std::function<bool(const Case&)> expected;
};

std::vector<Predicate> predicates() {
  return {
      {"can_view", [](const access::Subject& s) { return access::can_view(s); }, expect_view},
      {"can_see_place", [](const access::Subject& s) { return access::can_see_place(s); }, expect_see_place},
      {"can_manage", [](const access::Subject& s) { return access::can_manage(s); }, expect_manage},
      {"can_see_member_list", [](const access::Subject& s) { return access::can_see_member_list(s); },
       expect_see_member_list},
      {"can_ask_to_join", [](const access::Subject& s) { return access::can_ask_to_join(s); },
       expect_ask_to_join},
      {"can_answer_invitation", [](const access::Subject& s) { return access::can_answer_invitation(s); },
       expect_answer_invitation},
      {"can_leave", [](const access::Subject& s) { return access::can_leave(s); }, expect_leave},
      {"must_accept_rules", [](const access::Subject& s) { return access::must_accept_rules(s); },
       expect_must_accept_rules},
      {"can_start_group", [](const access::Subject& s) { return access::can_start_group(s.viewer); },
       expect_start_group},
      {"can_review_groups", [](const access::Subject& s) { return access::can_review_groups(s.viewer); },
       expect_review_groups},
  };
}

// Evaluates one predicate for one case.
bool evaluate(const Predicate& predicate, const Case& c) {
  const auto viewer = make_viewer(c.viewer);
  const auto group = make_group(c);
  const auto membership = make_membership(c);
  return predicate.actual({viewer, group, membership});
}

bool check(std::string_view predicate_name, const Case& c) {
  for (const auto& predicate : predicates()) {
    if (predicate.name == predicate_name) return evaluate(predicate, c);
  }
  FAIL("no predicate " << predicate_name);
  return false;
}

}  // namespace

TEST_CASE("every group permission matches its written rule for every combination", "[groups][access]") {
  const auto cases = every_case();
  // 6 viewers x 4 statuses x 2 visibilities x 3 policies x 7 relations x 2 x 2 x 2.
  REQUIRE(cases.size() == 6 * 4 * 2 * 3 * 7 * 8);
  for (const auto& predicate : predicates()) {
    std::vector<std::string> mismatches;
    int granted = 0;
    for (const auto& c : cases) {
      const bool actual = evaluate(predicate, c);
      const bool expected = predicate.expected(c);
      if (expected) ++granted;
      if (actual != expected) {
        mismatches.push_back(std::string(expected ? "expected true:  " : "expected false: ") + c.describe());
      }
    }
    std::ostringstream shown;
    for (std::size_t i = 0; i < mismatches.size() && i < 12; ++i) shown << "\n  " << mismatches[i];
    INFO(predicate.name << ": " << mismatches.size() << " of " << cases.size() << " combinations differ"
                        << shown.str());
    CHECK(mismatches.empty());
    // Each predicate grants something and refuses something, so the rule is not vacuous.
    CHECK(granted > 0);
    CHECK(granted < static_cast<int>(cases.size()));
  }
}

TEST_CASE("spot checks of group visibility", "[groups][access]") {
  Case active_hidden;
  active_hidden.status = GroupStatus::kActive;
  active_hidden.visibility = Visibility::kHidden;

  SECTION("a coordinator does not see a hidden group they are not in") {
    auto c = active_hidden;
    c.viewer = ViewerKind::kCoordinator;
    CHECK_FALSE(check("can_view", c));
    CHECK_FALSE(check("can_ask_to_join", c));
  }
  SECTION("an administrator does not see a hidden group they are not in") {
    auto c = active_hidden;
    c.viewer = ViewerKind::kAdministrator;
    CHECK_FALSE(check("can_view", c));
  }
  SECTION("an invitee sees the hidden group and may answer, but not see its place or members") {
    auto c = active_hidden;
    c.relation = Relation::kInvited;
    c.members_see_member_list = true;
    CHECK(check("can_view", c));
    CHECK(check("can_answer_invitation", c));
    CHECK_FALSE(check("can_see_place", c));
    CHECK_FALSE(check("can_see_member_list", c));
    CHECK_FALSE(check("can_ask_to_join", c));
  }
  SECTION("someone once declined does not see a hidden group again") {
    auto c = active_hidden;
    c.relation = Relation::kDeclined;
    CHECK_FALSE(check("can_view", c));
  }
  SECTION("a non-staff administrator sees nothing and may do nothing, even as a facilitator") {
    for (const auto relation : kRelations) {
      Case c;
      c.viewer = ViewerKind::kAdministratorNotStaff;
      c.relation = relation;
      c.place_members_only = false;
      c.members_see_member_list = true;
      INFO(name_of(relation));
      CHECK_FALSE(check("can_view", c));
      CHECK_FALSE(check("can_see_place", c));
      CHECK_FALSE(check("can_manage", c));
      CHECK_FALSE(check("can_see_member_list", c));
      CHECK_FALSE(check("can_ask_to_join", c));
      CHECK_FALSE(check("can_answer_invitation", c));
      CHECK_FALSE(check("can_leave", c));
      CHECK_FALSE(check("can_start_group", c));
    }
  }
  SECTION("a signed-out visitor sees nothing, even with a membership row") {
    Case c;
    c.viewer = ViewerKind::kAnonymous;
    c.relation = Relation::kMember;
    c.place_members_only = false;
    CHECK_FALSE(check("can_view", c));
    CHECK_FALSE(check("can_see_place", c));
    CHECK_FALSE(check("can_start_group", c));
  }
  SECTION("any staff member sees an active listed group but not its members-only place") {
    Case c;
    c.viewer = ViewerKind::kStaff;
    CHECK(check("can_view", c));
    CHECK(check("can_ask_to_join", c));
    CHECK_FALSE(check("can_see_place", c));
    CHECK_FALSE(check("can_see_member_list", c));
  }
  SECTION("a coordinator sees a pending group to review it, but cannot manage it") {
    Case c;
    c.viewer = ViewerKind::kCoordinator;
    c.status = GroupStatus::kPending;
    c.visibility = Visibility::kHidden;
    CHECK(check("can_view", c));
    CHECK(check("can_review_groups", c));
    CHECK_FALSE(check("can_manage", c));
    CHECK_FALSE(check("can_ask_to_join", c));
  }
  SECTION("an administrator does not see a pending group") {
    Case c;
    c.viewer = ViewerKind::kAdministrator;
    c.status = GroupStatus::kPending;
    CHECK_FALSE(check("can_view", c));
    CHECK_FALSE(check("can_review_groups", c));
  }
  SECTION("an archived group is visible to its members only and managed by nobody") {
    Case c;
    c.status = GroupStatus::kArchived;
    c.relation = Relation::kFacilitator;
    CHECK(check("can_view", c));
    CHECK_FALSE(check("can_manage", c));
    c.relation = Relation::kNone;
    CHECK_FALSE(check("can_view", c));
    c.relation = Relation::kWaitlisted;
    CHECK_FALSE(check("can_view", c));
    CHECK_FALSE(check("can_leave", c));
  }
}

TEST_CASE("spot checks of ground rules and the place", "[groups][access]") {
  Case member;
  member.relation = Relation::kMember;
  member.place_members_only = true;

  SECTION("a member who has not accepted the current rules must accept them and does not see the place") {
    auto c = member;
    c.rules_accepted = false;
    CHECK(check("must_accept_rules", c));
    CHECK_FALSE(check("can_see_place", c));
  }
  SECTION("a member who has accepted the current rules sees the place") {
    auto c = member;
    CHECK_FALSE(check("must_accept_rules", c));
    CHECK(check("can_see_place", c));
  }
  SECTION("people waiting or invited never have to accept rules, since they are not members yet") {
    for (const auto relation : {Relation::kWaitlisted, Relation::kInvited, Relation::kRequested}) {
      auto c = member;
      c.relation = relation;
      c.rules_accepted = false;
      INFO(name_of(relation));
      CHECK_FALSE(check("must_accept_rules", c));
      CHECK_FALSE(check("can_see_place", c));
    }
  }
  SECTION("members see the member list only when the group allows it; facilitators always") {
    auto c = member;
    CHECK_FALSE(check("can_see_member_list", c));
    c.members_see_member_list = true;
    CHECK(check("can_see_member_list", c));
    c.relation = Relation::kFacilitator;
    c.members_see_member_list = false;
    CHECK(check("can_see_member_list", c));
  }
  SECTION("a declined person may ask again; someone already asking may not") {
    Case c;
    c.policy = JoinPolicy::kRequest;
    c.relation = Relation::kDeclined;
    CHECK(check("can_ask_to_join", c));
    c.relation = Relation::kRequested;
    CHECK_FALSE(check("can_ask_to_join", c));
    CHECK(check("can_leave", c));
  }
  SECTION("nobody asks to join an invitation-only group") {
    Case c;
    c.policy = JoinPolicy::kInvitation;
    CHECK_FALSE(check("can_ask_to_join", c));
  }
}

}  // namespace hearth::features::groups
