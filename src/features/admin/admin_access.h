#pragma once

#include "auth/access_control.h"

// Who may use which administration page. Administrators run the system; they
// do not thereby read private groups (nothing here grants that). Coordinators
// have their own pages under /admin (figures, resources, reports, groups),
// which the /admin index lists for them.
namespace hearth::features::admin::access {

// The /admin index: anyone with at least one administration page.
inline bool can_open_admin_index(const auth::Viewer& viewer) {
  return auth::access::can_administer(viewer) || auth::access::is_coordinator(viewer);
}

// Site settings, branding, the directory page (status and test sign-in) and
// the audit log.
inline bool can_change_settings(const auth::Viewer& viewer) {
  return auth::access::can_administer(viewer);
}
inline bool can_check_directory(const auth::Viewer& viewer) {
  return auth::access::can_administer(viewer);
}
inline bool can_read_audit_log(const auth::Viewer& viewer) {
  return auth::access::can_administer(viewer);
}

}  // namespace hearth::features::admin::access
