#include "features/groups/group_service.h"

#include "common/error.h"
#include "common/log.h"
#include "features/groups/group_access.h"

namespace hearth::features::groups {
namespace {

Error conflict(std::string message) {
  return Error(ErrorKind::kConflict, std::move(message));
}

}  // namespace

GroupService::GroupService(GroupStore& store, auth::PersonStore& people, const Clock& clock,
                           NewGroupApproval approval, notifications::Notifier& notifier)
    : GroupService(store, people, clock, ApprovalRule([approval] { return approval; }), notifier) {}

GroupService::GroupService(GroupStore& store, auth::PersonStore& people, const Clock& clock,
                           ApprovalRule approval, notifications::Notifier& notifier)
    : store_(store), people_(people), clock_(clock), approval_(std::move(approval)), notifier_(notifier) {}

void GroupService::notify(const Group& group, std::int64_t person_id, notifications::NotificationKind kind) {
  notifier_.notify(person_id, {kind, "/groups/" + group.slug(), group.name()});
}

GroupForViewer GroupService::load(const auth::Viewer& viewer, std::string_view slug) {
  auto group = store_.find_by_slug(slug);
  if (!group) throw Error::not_found("no group " + std::string(slug));
  GroupForViewer loaded{std::move(*group), std::nullopt};
  if (viewer.is_signed_in()) loaded.membership = store_.membership(loaded.group.id, viewer.person_id());
  if (!access::can_view({viewer, loaded.group, loaded.membership})) {
    throw Error::not_found("group " + std::string(slug) + " is not visible to this viewer");
  }
  return loaded;
}

GroupForViewer GroupService::load_for_change(const auth::Viewer& viewer, std::string_view slug) {
  // Re-read inside the caller's transaction so decisions use current counts.
  return load(viewer, slug);
}

GroupForViewer GroupService::require_manager(const auth::Viewer& viewer, std::string_view slug) {
  auto loaded = load_for_change(viewer, slug);
  if (!access::can_manage({viewer, loaded.group, loaded.membership})) {
    throw Error::forbidden("not a facilitator of " + std::string(slug));
  }
  return loaded;
}

GroupService::Saved GroupService::create(const auth::Viewer& viewer, GroupForm form) {
  if (!access::can_start_group(viewer)) throw Error::forbidden("cannot start groups");
  Saved saved;
  saved.errors = std::move(form.errors);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  if (saved.errors.message_for("slug").empty() && store_.slug_exists(form.draft.slug)) {
    saved.errors.add("slug", "Another group already uses this web address; please choose another.");
  }
  if (!saved.errors.empty()) return saved;
  const auto now = clock_.now_seconds();
  const auto status =
      approval_() == NewGroupApproval::kRequired ? GroupStatus::kPending : GroupStatus::kActive;
  const auto id = store_.insert(form.draft, status, viewer.person_id(), now);
  Membership facilitator;
  facilitator.group_id = id;
  facilitator.person_id = viewer.person_id();
  facilitator.role = MembershipRole::kFacilitator;
  facilitator.status = MembershipStatus::kActive;
  facilitator.accepted_rules_version = 1;
  store_.save_membership(facilitator, now);
  transaction.commit();
  log::info("groups: person {} started group {} ({})", viewer.person_id(), id, to_text(status));
  saved.group = store_.find(id);
  return saved;
}

GroupService::Saved GroupService::update(const auth::Viewer& viewer, std::string_view slug, GroupForm form) {
  Saved saved;
  saved.errors = std::move(form.errors);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto loaded = require_manager(viewer, slug);
  if (saved.errors.message_for("slug").empty() && form.draft.slug != loaded.group.slug() &&
      store_.slug_exists(form.draft.slug)) {
    saved.errors.add("slug", "Another group already uses this web address; please choose another.");
  }
  if (!saved.errors.empty()) return saved;
  const bool rules_changed = form.draft.ground_rules != loaded.group.details.ground_rules;
  const auto now = clock_.now_seconds();
  store_.update(loaded.group.id, form.draft,
                rules_changed ? GroupStore::RulesChange::kChanged : GroupStore::RulesChange::kUnchanged, now);
  if (rules_changed) {
    auto membership = *loaded.membership;
    membership.accepted_rules_version = loaded.group.ground_rules_version + 1;
    store_.save_membership(membership, now);
  }
  // A returned group goes back to the coordinators once it has been changed.
  if (loaded.group.status == GroupStatus::kReturned) {
    store_.set_status(loaded.group.id, GroupStatus::kPending, loaded.group.review_note, now);
  }
  // A larger cap may make room for people on the waiting list.
  promote_waiting(loaded.group.id);
  transaction.commit();
  saved.group = store_.find(loaded.group.id);
  return saved;
}

JoinOutcome GroupService::admit(const Group& group, Membership membership) {
  const int active = store_.count_with_status(group.id, MembershipStatus::kActive);
  const bool full = group.details.capacity && active >= *group.details.capacity;
  membership.status = full ? MembershipStatus::kWaitlisted : MembershipStatus::kActive;
  // A person waiting keeps their place in the queue from when they first asked.
  store_.save_membership(membership, clock_.now_seconds());
  return full ? JoinOutcome::kWaitlisted : JoinOutcome::kJoined;
}

void GroupService::promote_waiting(std::int64_t group_id) {
  const auto group = store_.find(group_id);
  if (!group || group->status != GroupStatus::kActive) return;
  int active = store_.count_with_status(group_id, MembershipStatus::kActive);
  while (!group->details.capacity || active < *group->details.capacity) {
    auto next = store_.first_waitlisted(group_id);
    if (!next) break;
    next->status = MembershipStatus::kActive;
    store_.save_membership(*next, clock_.now_seconds());
    notify(*group, next->person_id, notifications::NotificationKind::kWaitlistPromoted);
    ++active;
    log::info("groups: promoted person {} from the waiting list of group {}", next->person_id, group_id);
  }
}

JoinOutcome GroupService::join(const auth::Viewer& viewer, std::string_view slug, RulesAcceptance rules,
                               const std::vector<std::string>& answers) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto loaded = load_for_change(viewer, slug);
  const auto& group = loaded.group;
  if (!access::can_ask_to_join({viewer, group, loaded.membership})) {
    if (loaded.membership && loaded.membership->status != MembershipStatus::kDeclined) {
      throw conflict("You already belong to this group or have asked to join it.");
    }
    throw Error::forbidden("cannot join " + std::string(slug));
  }
  if (rules != RulesAcceptance::kAccepted) {
    throw Error::bad_request("Please read the ground rules and tick the box to accept them.");
  }
  Membership membership;
  membership.group_id = group.id;
  membership.person_id = viewer.person_id();
  membership.role = MembershipRole::kMember;
  membership.accepted_rules_version = group.ground_rules_version;
  JoinOutcome outcome;
  if (group.details.join_policy == JoinPolicy::kRequest) {
    std::string combined;
    for (std::size_t i = 0; i < group.details.vetting_questions.size(); ++i) {
      const std::string answer = i < answers.size() ? answers[i] : std::string();
      combined += group.details.vetting_questions[i] + "\n" + answer + "\n\n";
    }
    membership.answers = combined;
    membership.status = MembershipStatus::kRequested;
    store_.save_membership(membership, clock_.now_seconds());
    outcome = JoinOutcome::kRequested;
  } else {
    outcome = admit(group, membership);
  }
  transaction.commit();
  return outcome;
}

JoinOutcome GroupService::accept_invitation(const auth::Viewer& viewer, std::string_view slug,
                                            RulesAcceptance rules) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto loaded = load_for_change(viewer, slug);
  if (!access::can_answer_invitation({viewer, loaded.group, loaded.membership})) {
    throw conflict("There is no open invitation to this group for you.");
  }
  if (rules != RulesAcceptance::kAccepted) {
    throw Error::bad_request("Please read the ground rules and tick the box to accept them.");
  }
  auto membership = *loaded.membership;
  membership.accepted_rules_version = loaded.group.ground_rules_version;
  const auto outcome = admit(loaded.group, membership);
  transaction.commit();
  return outcome;
}

void GroupService::decline_invitation(const auth::Viewer& viewer, std::string_view slug) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto loaded = load_for_change(viewer, slug);
  if (!access::can_answer_invitation({viewer, loaded.group, loaded.membership})) {
    throw conflict("There is no open invitation to this group for you.");
  }
  store_.delete_membership(loaded.group.id, viewer.person_id());
  transaction.commit();
}

void GroupService::accept_rules(const auth::Viewer& viewer, std::string_view slug) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto loaded = load_for_change(viewer, slug);
  if (!access::is_member({viewer, loaded.group, loaded.membership})) throw Error::forbidden("not a member");
  auto membership = *loaded.membership;
  membership.accepted_rules_version = loaded.group.ground_rules_version;
  store_.save_membership(membership, clock_.now_seconds());
  transaction.commit();
}

void GroupService::leave(const auth::Viewer& viewer, std::string_view slug) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto loaded = load_for_change(viewer, slug);
  const access::Subject subject{viewer, loaded.group, loaded.membership};
  if (!access::can_leave(subject)) throw conflict("You are not in this group.");
  if (access::is_facilitator(subject) && store_.count_facilitators(loaded.group.id) == 1 &&
      loaded.group.status != GroupStatus::kArchived) {
    throw conflict(
        "You are this group's only facilitator. Make another member a facilitator, or archive the group, "
        "before you leave.");
  }
  store_.delete_membership(loaded.group.id, viewer.person_id());
  if (loaded.membership->is_active()) promote_waiting(loaded.group.id);
  transaction.commit();
}

JoinOutcome GroupService::decide_request(const auth::Viewer& viewer, std::string_view slug,
                                         std::int64_t person_id, RequestDecision decision,
                                         std::string_view message) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto loaded = require_manager(viewer, slug);
  auto request = store_.membership(loaded.group.id, person_id);
  if (!request || request->status != MembershipStatus::kRequested) {
    throw conflict("That request has already been decided or withdrawn.");
  }
  request->decision_message = std::string(message);
  JoinOutcome outcome = JoinOutcome::kRequested;
  if (decision == RequestDecision::kApprove) {
    outcome = admit(loaded.group, *request);
  } else {
    request->status = MembershipStatus::kDeclined;
    store_.save_membership(*request, clock_.now_seconds());
  }
  notify(loaded.group, person_id, notifications::NotificationKind::kJoinRequestDecided);
  transaction.commit();
  return outcome;
}

GroupService::InviteOutcome GroupService::invite(const auth::Viewer& viewer, std::string_view slug,
                                                 std::string_view username) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto loaded = require_manager(viewer, slug);
  const auto person = people_.find_by_username(username);
  if (!person) return InviteOutcome::kUnknownPerson;
  const auto existing = store_.membership(loaded.group.id, person->id);
  if (existing && existing->status != MembershipStatus::kDeclined) return InviteOutcome::kAlreadyRelated;
  Membership invitation;
  invitation.group_id = loaded.group.id;
  invitation.person_id = person->id;
  invitation.role = MembershipRole::kMember;
  invitation.status = MembershipStatus::kInvited;
  store_.save_membership(invitation, clock_.now_seconds());
  notify(loaded.group, person->id, notifications::NotificationKind::kInvited);
  transaction.commit();
  return InviteOutcome::kInvited;
}

void GroupService::remove_member(const auth::Viewer& viewer, std::string_view slug, std::int64_t person_id) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto loaded = require_manager(viewer, slug);
  if (person_id == viewer.person_id()) throw conflict("To leave the group yourself, use Leave group.");
  const auto target = store_.membership(loaded.group.id, person_id);
  if (!target) throw conflict("That person is not in this group any more.");
  store_.delete_membership(loaded.group.id, person_id);
  if (target->is_active()) promote_waiting(loaded.group.id);
  transaction.commit();
  log::info("groups: facilitator {} removed person {} from group {}", viewer.person_id(), person_id,
            loaded.group.id);
}

void GroupService::make_facilitator(const auth::Viewer& viewer, std::string_view slug,
                                    std::int64_t person_id) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto loaded = require_manager(viewer, slug);
  auto target = store_.membership(loaded.group.id, person_id);
  if (!target || !target->is_active()) throw conflict("Only active members can become facilitators.");
  target->role = MembershipRole::kFacilitator;
  store_.save_membership(*target, clock_.now_seconds());
  transaction.commit();
}

void GroupService::archive(const auth::Viewer& viewer, std::string_view slug) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto loaded = require_manager(viewer, slug);
  store_.set_status(loaded.group.id, GroupStatus::kArchived, "", clock_.now_seconds());
  transaction.commit();
}

void GroupService::review(const auth::Viewer& viewer, std::string_view slug, ReviewDecision decision,
                          std::string_view note) {
  if (!access::can_review_groups(viewer)) throw Error::forbidden("not a coordinator");
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto group = store_.find_by_slug(slug);
  if (!group) throw Error::not_found();
  if (group->status != GroupStatus::kPending) throw conflict("This group has already been reviewed.");
  store_.set_status(group->id,
                    decision == ReviewDecision::kApprove ? GroupStatus::kActive : GroupStatus::kReturned,
                    note, clock_.now_seconds());
  transaction.commit();
}

}  // namespace hearth::features::groups
