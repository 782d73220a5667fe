#include "features/resources/resource_access.h"

#include <array>
#include <catch2/catch.hpp>

#include "unit/auth/viewer_kinds.h"

namespace hearth::features::resources {
namespace {

using hearth::testing::make_viewer;
using hearth::testing::name_of;
using hearth::testing::ViewerKind;

constexpr std::array kViewerKinds = {ViewerKind::kAnonymous,     ViewerKind::kStaff,
                                     ViewerKind::kPeerSupporter, ViewerKind::kCoordinator,
                                     ViewerKind::kAdministrator, ViewerKind::kCoordinatorNotStaff};

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
