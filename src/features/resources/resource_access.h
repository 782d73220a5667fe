#pragma once

#include "auth/access_control.h"
#include "auth/viewer.h"
#include "features/resources/resource_model.h"

// Every permission question about the resource directory, as a named
// predicate. The public pages (directory, entries, help) run without a
// session, so their viewer is always anonymous there; the coordinator pages
// read the session. Tested for every role in
// tests/unit/features/resources/resource_access_test.cpp.
namespace hearth::features::resources::access {

// The directory and the help page are for everyone, signed in or not.
inline bool can_read_directory(const auth::Viewer& /*viewer*/) {
  return true;
}

// Wellness coordinators keep the directory current: create, edit, reorder,
// retire and restore entries, and see the anonymous view counts.
// Administrators run the system but do not edit its content.
inline bool can_manage_directory(const auth::Viewer& viewer) {
  return auth::access::is_coordinator(viewer);
}

// Active entries are public; retired ones only appear on the coordinators'
// pages.
inline bool can_view_entry(const auth::Viewer& viewer, const Resource& resource) {
  return resource.is_active() ? can_read_directory(viewer) : can_manage_directory(viewer);
}

}  // namespace hearth::features::resources::access
