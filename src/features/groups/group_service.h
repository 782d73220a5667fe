#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/person_store.h"
#include "auth/viewer.h"
#include "common/clock.h"
#include "features/groups/group_form.h"
#include "features/groups/group_store.h"
#include "features/notifications/notifier.h"

namespace hearth::features::groups {

enum class NewGroupApproval {
  kNotRequired,  // new groups go live at once
  kRequired,     // new groups wait for a coordinator
};

enum class RulesAcceptance { kAccepted, kNotAccepted };
enum class RequestDecision { kApprove, kDecline };
enum class ReviewDecision { kApprove, kReturn };

// What happened when someone joined or was let in.
enum class JoinOutcome {
  kJoined,      // an active member now
  kWaitlisted,  // the group is full; on the waiting list
  kRequested,   // a request for the facilitators to review
};

// The group and the viewer's relation to it.
struct GroupForViewer {
  Group group;
  std::optional<Membership> membership;
};

// The rules of peer groups: who may do what (through group_access.h), the
// join policies, ground rules acceptance, the size cap and the waiting list.
// Every state change that depends on a count (capacity, last facilitator)
// runs in one IMMEDIATE transaction, so two people taking the last place at
// once never exceed the cap. Errors are hearth::Error with a message for the
// person: kNotFound for groups the viewer may not see, kForbidden for actions
// they may not take, kConflict when the state has moved on. Thread-safe.
//
// People are notified (through `notifier`, in the same transaction as the
// change) when their request to join is decided, when they are invited and
// when they get a place from the waiting list.
class GroupService {
 public:
  GroupService(GroupStore& store, auth::PersonStore& people, const Clock& clock, NewGroupApproval approval,
               notifications::Notifier& notifier = notifications::no_notifier());
  // The rule in force when each group is created (an administrator may change
  // it at any time); `approval` is called once per new group.
  using ApprovalRule = std::function<NewGroupApproval()>;
  GroupService(GroupStore& store, auth::PersonStore& people, const Clock& clock, ApprovalRule approval,
               notifications::Notifier& notifier = notifications::no_notifier());

  // Returns the group if the viewer may see it; throws kNotFound otherwise
  // (hidden and unknown groups look the same).
  GroupForViewer load(const auth::Viewer& viewer, std::string_view slug);

  struct Saved {
    std::optional<Group> group;  // set on success
    FieldErrors errors;          // set when the form must be shown again
  };
  // Starts a group with the viewer as its first facilitator (rules accepted).
  Saved create(const auth::Viewer& viewer, GroupForm form);
  // Changes a group's details. If the ground rules text changes, members are
  // asked to accept them again (the facilitator making the change accepts).
  Saved update(const auth::Viewer& viewer, std::string_view slug, GroupForm form);

  // Open groups: join (or the waiting list when full). Request groups: a
  // request with answers, one per vetting question. Rules must be accepted.
  JoinOutcome join(const auth::Viewer& viewer, std::string_view slug, RulesAcceptance rules,
                   const std::vector<std::string>& answers);
  JoinOutcome accept_invitation(const auth::Viewer& viewer, std::string_view slug, RulesAcceptance rules);
  void decline_invitation(const auth::Viewer& viewer, std::string_view slug);
  void accept_rules(const auth::Viewer& viewer, std::string_view slug);
  // Leave the group, the waiting list, or withdraw a request. When an active
  // member leaves, the longest-waiting person is promoted.
  void leave(const auth::Viewer& viewer, std::string_view slug);

  // Facilitators only.
  JoinOutcome decide_request(const auth::Viewer& viewer, std::string_view slug, std::int64_t person_id,
                             RequestDecision decision, std::string_view message);
  enum class InviteOutcome { kInvited, kUnknownPerson, kAlreadyRelated };
  InviteOutcome invite(const auth::Viewer& viewer, std::string_view slug, std::string_view username);
  void remove_member(const auth::Viewer& viewer, std::string_view slug, std::int64_t person_id);
  void make_facilitator(const auth::Viewer& viewer, std::string_view slug, std::int64_t person_id);
  void archive(const auth::Viewer& viewer, std::string_view slug);

  // Coordinators only; pending groups.
  void review(const auth::Viewer& viewer, std::string_view slug, ReviewDecision decision,
              std::string_view note);

  GroupStore& store() { return store_; }

 private:
  GroupForViewer load_for_change(const auth::Viewer& viewer, std::string_view slug);
  GroupForViewer require_manager(const auth::Viewer& viewer, std::string_view slug);
  // Adds an active member, or puts them on the waiting list when full. Must
  // run inside an IMMEDIATE transaction.
  JoinOutcome admit(const Group& group, Membership membership);
  // Promotes waiting people while there is room, and notifies them. Inside a transaction.
  void promote_waiting(std::int64_t group_id);
  // Tells one person about a change to their relation with `group`.
  void notify(const Group& group, std::int64_t person_id, notifications::NotificationKind kind);

  GroupStore& store_;
  auth::PersonStore& people_;
  const Clock& clock_;
  ApprovalRule approval_;
  notifications::Notifier& notifier_;
};

}  // namespace hearth::features::groups
