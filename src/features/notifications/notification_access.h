#pragma once

#include "auth/viewer.h"
#include "features/notifications/notification_model.h"

// Every permission question about notifications, as a named predicate. A
// notification is its person's alone: nobody else sees, opens or counts it,
// whatever their role.
namespace hearth::features::notifications::access {

inline bool can_see(const auth::Viewer& viewer, const Notification& notification) {
  return viewer.is_signed_in() && notification.person_id == viewer.person_id();
}

// Anyone signed in has a notification centre and settings of their own.
inline bool has_notifications(const auth::Viewer& viewer) {
  return viewer.is_signed_in();
}

}  // namespace hearth::features::notifications::access
