#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/notifications/notification_model.h"
#include "storage/database.h"

namespace hearth::features::notifications {

// Someone to notify: their address from the directory ("" when it has none)
// and their choices.
struct Recipient {
  std::int64_t person_id = 0;
  std::string mail;
  Preferences preferences;
  std::int64_t last_digest_at = 0;
};

struct NotificationPage {
  std::vector<Notification> notifications;  // newest first
  int total = 0;
};

// Whether a new notification waits for the person's daily digest.
enum class DigestState { kNotPending, kPending };

// SQL for notifications and notification preferences. Every method uses the
// calling thread's connection, so it joins the caller's transaction when
// there is one. "Not found" is nullopt; a broken database throws
// hearth::Error.
class NotificationStore {
 public:
  explicit NotificationStore(storage::ConnectionPool& pool) : pool_(pool) {}

  storage::Database& connection() { return pool_.connection(); }

  std::int64_t insert(std::int64_t person_id, NotificationKind kind, std::string_view link, std::int64_t now,
                      DigestState digest);
  std::optional<Notification> find(std::int64_t notification_id);
  NotificationPage page(std::int64_t person_id, int page, int page_size);
  // One lookup in the partial index of unread rows; runs for every page.
  int unread_count(std::int64_t person_id);
  // Not an error when the notification is already read.
  void mark_read(std::int64_t notification_id, std::int64_t now);
  int mark_all_read(std::int64_t person_id, std::int64_t now);
  int forget(std::string_view link);
  // Deletes notifications read before `read_before` and any created before
  // `created_before`. Returns the number deleted.
  int purge(std::int64_t read_before, std::int64_t created_before);

  // The people among `person_ids` who exist, in no particular order, with
  // `default_email` where they have not chosen.
  std::vector<Recipient> recipients(const std::vector<std::int64_t>& person_ids,
                                    EmailFrequency default_email);
  // Ids of people whose roles at their last sign-in include `role_name`
  // ("peer_supporter").
  std::vector<std::int64_t> people_with_role(std::string_view role_name);

  Preferences preferences(std::int64_t person_id, EmailFrequency default_email);
  // Saves the person's choices. Leaving the daily digest takes their
  // notifications out of the next digest.
  void save_preferences(std::int64_t person_id, const Preferences& preferences, std::int64_t now);

  // People with notifications waiting for a digest whose last digest was made
  // before `moment`.
  std::vector<Recipient> digest_candidates(std::int64_t moment, EmailFrequency default_email);
  // The person's unread notifications waiting for their digest, oldest first.
  std::vector<Notification> pending_digest(std::int64_t person_id);
  // Takes every notification of the person out of the digest queue and
  // records `now` as the time of their last digest.
  void finish_digest(std::int64_t person_id, std::int64_t now);

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace hearth::features::notifications
