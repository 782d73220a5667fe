#pragma once

#include <optional>

#include "auth/access_control.h"
#include "auth/viewer.h"
#include "features/groups/group_model.h"

// Every permission question about a peer group, as a named predicate over
// (viewer, group, the viewer's membership if any). Handlers and the service
// call these; nothing else decides who may see or do what with a group.
// Tested for every role x policy x visibility x membership combination in
// tests/unit/features/groups/group_access_test.cpp.
namespace hearth::features::groups::access {

struct Subject {
  const auth::Viewer& viewer;
  const Group& group;
  const std::optional<Membership>& membership;  // the viewer's row, if any
};

inline bool has_status(const Subject& s, MembershipStatus status) {
  return s.membership && s.membership->status == status;
}
inline bool is_member(const Subject& s) {
  return has_status(s, MembershipStatus::kActive);
}
inline bool is_facilitator(const Subject& s) {
  return s.membership && s.membership->is_facilitator();
}

// Anyone on staff may start a group.
inline bool can_start_group(const auth::Viewer& viewer) {
  return auth::access::is_staff(viewer);
}

// Coordinators review new groups when the site requires approval.
inline bool can_review_groups(const auth::Viewer& viewer) {
  return auth::access::is_coordinator(viewer);
}

// Whether the group page exists for this viewer at all (otherwise 404).
// - active listed groups: all staff;
// - active hidden groups: members, facilitators, invitees and people on the
//   waiting list or with an open request only (not even coordinators or
//   administrators);
// - pending or returned groups: their facilitators and coordinators;
// - archived groups: their members and facilitators.
inline bool can_view(const Subject& s) {
  if (!auth::access::is_staff(s.viewer)) return false;
  switch (s.group.status) {
    case GroupStatus::kActive:
      if (s.group.details.visibility == Visibility::kListed) return true;
      return is_member(s) || has_status(s, MembershipStatus::kInvited) ||
             has_status(s, MembershipStatus::kWaitlisted) || has_status(s, MembershipStatus::kRequested);
    case GroupStatus::kPending:
    case GroupStatus::kReturned: return is_facilitator(s) || can_review_groups(s.viewer);
    case GroupStatus::kArchived: return is_member(s);
  }
  return false;
}

// A member who has not accepted the current ground rules must do so before
// taking part (posting, seeing the place).
inline bool must_accept_rules(const Subject& s) {
  return is_member(s) && s.membership->accepted_rules_version < s.group.ground_rules_version;
}

// The room and virtual link: members who have accepted the current ground
// rules, when the group keeps them to members; otherwise everyone who can view.
inline bool can_see_place(const Subject& s) {
  return can_view(s) && (!s.group.details.place_members_only || (is_member(s) && !must_accept_rules(s)));
}

// Facilitators manage the group: edit, invite, decide requests, remove
// members, add facilitators, archive. Coordinators and administrators do not.
// Like every per-group predicate below, it requires can_view: someone who is
// no longer staff keeps their membership rows but may do nothing with them.
inline bool can_manage(const Subject& s) {
  return can_view(s) && is_facilitator(s) && s.group.status != GroupStatus::kArchived;
}

// The member list: facilitators always; members only if the group allows it.
inline bool can_see_member_list(const Subject& s) {
  return can_view(s) && (is_facilitator(s) || (is_member(s) && s.group.details.members_see_member_list));
}

// Starting to join (open or by request) is possible for staff who have no
// pending or active relation with an active group that does not require an
// invitation. A declined request may be made again.
inline bool can_ask_to_join(const Subject& s) {
  if (!can_view(s) || s.group.status != GroupStatus::kActive) return false;
  if (s.group.details.join_policy == JoinPolicy::kInvitation) return false;
  return !s.membership || s.membership->status == MembershipStatus::kDeclined;
}

inline bool can_answer_invitation(const Subject& s) {
  return can_view(s) && s.group.status == GroupStatus::kActive && has_status(s, MembershipStatus::kInvited);
}

// Members, people waiting and people with an open request may leave or withdraw.
inline bool can_leave(const Subject& s) {
  return can_view(s) && (is_member(s) || has_status(s, MembershipStatus::kWaitlisted) ||
                         has_status(s, MembershipStatus::kRequested));
}

}  // namespace hearth::features::groups::access
