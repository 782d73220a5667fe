#pragma once

#include <cstdint>
#include <string_view>

#include "auth/viewer.h"

// The kinds of viewer every access-predicate matrix runs through (groups,
// conversations, resources, ...), so that each test names the same roles the
// same way.
namespace hearth::testing {

enum class ViewerKind {
  kAnonymous,
  kStaff,
  kPeerSupporter,          // + staff
  kCoordinator,            // + staff
  kAdministrator,          // + staff
  kAdministratorNotStaff,  // admin role only
  kCoordinatorNotStaff,    // coordinator role only
};

inline std::string_view name_of(ViewerKind kind) {
  switch (kind) {
    case ViewerKind::kAnonymous: return "anonymous";
    case ViewerKind::kStaff: return "staff";
    case ViewerKind::kPeerSupporter: return "peer supporter+staff";
    case ViewerKind::kCoordinator: return "coordinator+staff";
    case ViewerKind::kAdministrator: return "admin+staff";
    case ViewerKind::kAdministratorNotStaff: return "admin without staff";
    case ViewerKind::kCoordinatorNotStaff: return "coordinator without staff";
  }
  return "?";
}

// A viewer of that kind with person id `person_id` (anonymous: no id).
inline auth::Viewer make_viewer(ViewerKind kind, std::int64_t person_id = 42) {
  auth::RoleSet roles;
  const auto with_staff = [&roles](auth::Role role) {
    roles.insert(auth::Role::kStaff);
    roles.insert(role);
  };
  switch (kind) {
    case ViewerKind::kAnonymous: return auth::Viewer::anonymous();
    case ViewerKind::kStaff: roles.insert(auth::Role::kStaff); break;
    case ViewerKind::kPeerSupporter: with_staff(auth::Role::kPeerSupporter); break;
    case ViewerKind::kCoordinator: with_staff(auth::Role::kCoordinator); break;
    case ViewerKind::kAdministrator: with_staff(auth::Role::kAdmin); break;
    case ViewerKind::kAdministratorNotStaff: roles.insert(auth::Role::kAdmin); break;
    case ViewerKind::kCoordinatorNotStaff: roles.insert(auth::Role::kCoordinator); break;
  }
  return auth::Viewer::signed_in(person_id, "Viewer", roles);
}

}  // namespace hearth::testing
