#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/roles.h"
#include "features/notifications/notification_model.h"

namespace hearth::features::notifications {

// Something to tell people about.
struct Notice {
  NotificationKind kind = NotificationKind::kThreadReply;
  // Where the notification leads: a path in Hearth made by the caller
  // ("/groups/grief-support"), never text someone typed.
  std::string link;
  // What it is about in a few words (a group's name). Only e-mails to people
  // who chose details carry it; it is never stored with the notification.
  std::string context = {};
};

// The small API other features call to notify people: an in-app
// notification for each person and, per their e-mail choice, a message in
// the outbox. Rows are written on the calling thread's connection inside the
// caller's transaction when there is one (as a savepoint), so a notification
// exists exactly when the change it reports was committed. Unknown person ids
// are skipped. Thread-safe. Throws hearth::Error if the database fails.
class Notifier {
 public:
  virtual ~Notifier() = default;

  // Notifies each person once, in any order; 0 and repeated ids are ignored.
  virtual void notify_many(const std::vector<std::int64_t>& person_ids, const Notice& notice) = 0;

  // Notifies everyone whose roles at their last sign-in include any of
  // `roles` (e.g. peer supporters and coordinators), except
  // `except_person_id` (the person who caused it; 0 for nobody).
  virtual void notify_roles(const auth::RoleSet& roles, const Notice& notice,
                            std::int64_t except_person_id) = 0;

  // Deletes every notification, read or not, that leads to `link`: for
  // objects whose trace must go (a support request purged when it closes).
  virtual void forget(std::string_view link) = 0;

  void notify(std::int64_t person_id, const Notice& notice) { notify_many({person_id}, notice); }
};

// A Notifier that does nothing: the default of services that notify, so that
// their tests need no notifications.
Notifier& no_notifier();

}  // namespace hearth::features::notifications
