#include "features/resources/resource_access.h"

#include <array>
#include <catch2/catch.hpp>

namespace hearth::features::resources {
namespace {

enum class ViewerKind {
  kAnonymous,
  kStaff,
  kPeerSupporter,
  kCoordinator,
  kAdministrator,
  kCoordinatorNotStaff
};

constexpr std::array kViewerKinds = {ViewerKind::kAnonymous,     ViewerKind::kStaff,
                                     ViewerKind::kPeerSupporter, ViewerKind::kCoordinator,
                                     ViewerKind::kAdministrator, ViewerKind::kCoordinatorNotStaff};

const char* name_of(ViewerKind kind) {
  switch (kind) {
    case ViewerKind::kAnonymous: return "anonymous";
    case ViewerKind::kStaff: return "staff";
    case ViewerKind::kPeerSupporter: return "peer supporter+staff";
    case ViewerKind::kCoordinator: return "coordinator+staff";
    case ViewerKind::kAdministrator: return "admin+staff";
    case ViewerKind::kCoordinatorNotStaff: return "coordinator without staff";
  }
  return "?";
}

auth::Viewer make_viewer(ViewerKind kind) {
  auth::RoleSet roles;
  switch (kind) {
    case ViewerKind::kAnonymous: return auth::Viewer::anonymous();
    case ViewerKind::kStaff: roles.insert(auth::Role::kStaff); break;
    case ViewerKind::kPeerSupporter:
      roles.insert(auth::Role::kStaff);
      roles.insert(auth::Role::kPeerSupporter);
      break;
    case ViewerKind::kCoordinator:
      roles.insert(auth::Role::kStaff);
      roles.insert(auth::Role::kCoordinator);
      break;
    case ViewerKind::kAdministrator:
      roles.insert(auth::Role::kStaff);
      roles.insert(auth::Role::kAdmin);
      break;
    case ViewerKind::kCoordinatorNotStaff: roles.insert(auth::Role::kCoordinator); break;
  }
  return auth::Viewer::signed_in(42, "Viewer", roles);
}

bool is_coordinator_kind(ViewerKind kind) {
  return kind == ViewerKind::kCoordinator || kind == ViewerKind::kCoordinatorNotStaff;
}

Resource entry(ResourceStatus status) {
  Resource resource;
  resource.id = 7;
  resource.details.name = "EAP counselling";
  resource.details.slug = "eap-counselling";
  resource.status = status;
  return resource;
}

}  // namespace

TEST_CASE("everyone reads the directory; only coordinators manage it", "[resources][access]") {
  for (const auto kind : kViewerKinds) {
    INFO(name_of(kind));
    const auto viewer = make_viewer(kind);
    CHECK(access::can_read_directory(viewer));
    CHECK(access::can_manage_directory(viewer) == is_coordinator_kind(kind));
  }
}

TEST_CASE("active entries are public; retired ones are for coordinators only", "[resources][access]") {
  for (const auto kind : kViewerKinds) {
    INFO(name_of(kind));
    const auto viewer = make_viewer(kind);
    CHECK(access::can_view_entry(viewer, entry(ResourceStatus::kActive)));
    CHECK(access::can_view_entry(viewer, entry(ResourceStatus::kRetired)) == is_coordinator_kind(kind));
  }
}

}  // namespace hearth::features::resources
