#include "features/admin/admin_access.h"

#include <catch2/catch.hpp>

#include "unit/auth/viewer_kinds.h"

namespace hearth::features::admin {

using hearth::testing::make_viewer;
using hearth::testing::name_of;
using hearth::testing::ViewerKind;

TEST_CASE(
    "administration pages: settings, directory and audit log for administrators only; the index also "
    "for coordinators",
    "[admin][access]") {
  struct Row {
    ViewerKind kind;
    bool index;
    bool administer;
  };
  const Row rows[] = {
      {ViewerKind::kAnonymous, false, false},           {ViewerKind::kStaff, false, false},
      {ViewerKind::kPeerSupporter, false, false},       {ViewerKind::kCoordinator, true, false},
      {ViewerKind::kCoordinatorNotStaff, true, false},  {ViewerKind::kAdministrator, true, true},
      {ViewerKind::kAdministratorNotStaff, true, true},
  };
  for (const auto& row : rows) {
    INFO(name_of(row.kind));
    const auto viewer = make_viewer(row.kind);
    CHECK(access::can_open_admin_index(viewer) == row.index);
    CHECK(access::can_change_settings(viewer) == row.administer);
    CHECK(access::can_check_directory(viewer) == row.administer);
    CHECK(access::can_read_audit_log(viewer) == row.administer);
  }
}

}  // namespace hearth::features::admin
