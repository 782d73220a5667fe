#pragma once

#include "auth/viewer.h"

// Every permission question Hearth asks, as a named predicate over the viewer
// (and, in later features, the object). Handlers and services call these;
// nothing else compares roles directly. Each predicate is tested for every role.
namespace hearth::auth::access {

inline bool is_signed_in(const Viewer& viewer) {
  return viewer.is_signed_in();
}

// Staff may use the member features (groups, events, requests).
inline bool is_staff(const Viewer& viewer) {
  return viewer.has_role(Role::kStaff);
}

// Peer supporters and coordinators work the peer-support request queue.
inline bool can_work_support_queue(const Viewer& viewer) {
  return viewer.has_role(Role::kPeerSupporter) || viewer.has_role(Role::kCoordinator);
}

// Coordinators run events, resources and aggregate figures.
inline bool is_coordinator(const Viewer& viewer) {
  return viewer.has_role(Role::kCoordinator);
}

// Administrators run the system (settings, directory status, audit log) but
// do not thereby read private groups.
inline bool can_administer(const Viewer& viewer) {
  return viewer.has_role(Role::kAdmin);
}

}  // namespace hearth::auth::access
