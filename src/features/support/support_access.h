#pragma once

#include <string_view>

#include "auth/access_control.h"
#include "features/support/support_model.h"

// Every permission question about peer-support requests, as named
// predicates. A request names someone who asked for help: only they and the
// one supporter who took it ever see its details.
namespace hearth::features::support::access {

// Staff ask for a conversation, for themselves or a colleague.
inline bool can_ask(const auth::Viewer& viewer) {
  return auth::access::is_staff(viewer);
}

// Peer supporters and coordinators see the queue (without contact details).
inline bool can_work_queue(const auth::Viewer& viewer) {
  return auth::access::can_work_support_queue(viewer);
}

// The requester follows their own open request and may withdraw it.
inline bool can_follow(const auth::Viewer& viewer, const SupportRequest& request) {
  return can_ask(viewer) && request.is_open() && request.is_from(viewer.person_id());
}

// Whether the supporter is in the department the requester asked to avoid.
// An empty department on either side never matches.
inline bool is_same_department(std::string_view supporter_department, const SupportRequest& request) {
  return request.draft.department == Department::kOutsideMyDepartment && !request.department.empty() &&
         supporter_department == request.department;
}

// Taking a waiting request: not one's own, and not from someone who asked for
// a supporter outside the department one works in.
inline bool can_claim(const auth::Viewer& viewer, std::string_view viewer_department,
                      const SupportRequest& request) {
  return can_work_queue(viewer) && request.status == RequestStatus::kWaiting &&
         !request.is_from(viewer.person_id()) && !is_same_department(viewer_department, request);
}

// Contact details and context: only the supporter who took the request.
inline bool can_see_details(const auth::Viewer& viewer, const SupportRequest& request) {
  return can_work_queue(viewer) && request.status == RequestStatus::kClaimed &&
         request.is_claimed_by(viewer.person_id());
}

// Marking contacted, closing, or giving the request back: the same supporter.
inline bool can_update(const auth::Viewer& viewer, const SupportRequest& request) {
  return can_see_details(viewer, request);
}

// Aggregate figures (counts only, small counts suppressed).
inline bool can_see_figures(const auth::Viewer& viewer) {
  return auth::access::is_coordinator(viewer);
}

}  // namespace hearth::features::support::access
