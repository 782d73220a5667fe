#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/person_store.h"
#include "auth/viewer.h"
#include "common/clock.h"
#include "features/notifications/notifier.h"
#include "features/support/support_store.h"

namespace hearth::features::support {

struct SupportPolicy {
  int response_target_minutes = 30;  // the queue shows waits against this
  int expire_after_days = 14;        // open requests older than this are closed and purged
};

// A request as the queue shows it to one supporter.
struct QueueItem {
  SupportRequest request;  // identifying fields blanked unless the viewer took it
  bool claimed_by_viewer = false;
  bool may_claim = false;
  bool same_department = false;  // the requester asked for someone outside the viewer's department
};

// The rules of peer-support requests (permissions in support_access.h).
// Details of a request are returned only to its requester and to the
// supporter who took it; ending a request purges them in the same statement.
// Errors are hearth::Error: kNotFound for requests the viewer may not see,
// kForbidden for actions they may not take, kConflict when the request moved
// on (taken by someone else, already closed). Thread-safe.
class SupportService {
 public:
  // New requests notify every peer supporter and coordinator (an e-mail at
  // once for those who get e-mail); a claim notifies the requester; ending a
  // request makes the notifier forget its link.
  SupportService(SupportStore& store, auth::PersonStore& people, const Clock& clock, SupportPolicy policy,
                 notifications::Notifier& notifier = notifications::no_notifier());

  std::int64_t create(const auth::Viewer& viewer, const RequestDraft& draft);
  // The viewer's own open requests, newest first.
  std::vector<SupportRequest> mine(const auth::Viewer& viewer);
  SupportRequest own(const auth::Viewer& viewer, std::int64_t id);
  void withdraw(const auth::Viewer& viewer, std::int64_t id);

  std::vector<QueueItem> queue(const auth::Viewer& viewer);
  QueueItem for_supporter(const auth::Viewer& viewer, std::int64_t id);
  void claim(const auth::Viewer& viewer, std::int64_t id);
  void release(const auth::Viewer& viewer, std::int64_t id);
  void mark_contacted(const auth::Viewer& viewer, std::int64_t id);
  void close(const auth::Viewer& viewer, std::int64_t id, Outcome outcome);

  // Closes (outcome kExpired) and purges open requests older than the policy
  // allows. Returns how many. Called by the maintenance thread.
  int expire_stale();

  const SupportPolicy& policy() const { return policy_; }
  std::int64_t now() const { return clock_.now_seconds(); }

 private:
  std::string department_of(const auth::Viewer& viewer);
  QueueItem queue_item(const auth::Viewer& viewer, std::string_view viewer_department,
                       SupportRequest request);
  SupportRequest require_updatable(const auth::Viewer& viewer, std::int64_t id);

  SupportStore& store_;
  auth::PersonStore& people_;
  const Clock& clock_;
  SupportPolicy policy_;
  notifications::Notifier& notifier_;
};

}  // namespace hearth::features::support
