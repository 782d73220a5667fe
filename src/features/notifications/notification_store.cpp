#include "features/notifications/notification_store.h"

#include <fmt/format.h>

#include "common/error.h"

namespace hearth::features::notifications {
namespace {

constexpr std::string_view kColumns = "id, person_id, kind, link, created_at, read_at";

template <typename T>
T required(std::optional<T> value, std::string_view what) {
  if (!value) throw Error::internal(fmt::format("unexpected {} in the database", what));
  return *value;
}

Notification read_notification(const storage::Statement& row) {
  Notification notification;
  notification.id = row.column_int64(0);
  notification.person_id = row.column_int64(1);
  notification.kind = required(notification_kind_from_text(row.column_text(2)), "notification kind");
  notification.link = row.column_text(3);
  notification.created_at = row.column_int64(4);
  notification.read_at = row.column_optional_int64(5);
  return notification;
}

// Reads person id, mail, email (NULL: the default), details, last digest.
Recipient read_recipient(const storage::Statement& row, EmailFrequency default_email) {
  Recipient recipient;
  recipient.person_id = row.column_int64(0);
  recipient.mail = row.column_text(1);
  const auto email = row.column_optional_text(2);
  recipient.preferences.email =
      email ? required(email_frequency_from_text(*email), "e-mail preference") : default_email;
  recipient.preferences.details = required(email_details_from_text(row.column_text(3)), "details preference");
  recipient.last_digest_at = row.column_int64(4);
  return recipient;
}

constexpr std::string_view kRecipientColumns =
    "p.id, p.mail, pref.email, coalesce(pref.details, 'off'), coalesce(pref.last_digest_at, 0)";

}  // namespace

std::int64_t NotificationStore::insert(std::int64_t person_id, NotificationKind kind, std::string_view link,
                                       std::int64_t now, DigestState digest) {
  auto& database = pool_.connection();
  database
      .query(
          "INSERT INTO notification (person_id, kind, link, created_at, digest_pending) VALUES (?1, ?2, ?3, "
          "?4, "
          "?5)")
      .bind_all(person_id, to_text(kind), link, now, digest == DigestState::kPending ? 1 : 0)
      .run();
  return database.last_insert_id();
}

std::optional<Notification> NotificationStore::find(std::int64_t notification_id) {
  auto statement =
      pool_.connection().query(fmt::format("SELECT {} FROM notification WHERE id = ?1", kColumns));
  statement.bind(1, notification_id);
  if (!statement.step()) return std::nullopt;
  return read_notification(statement);
}

NotificationPage NotificationStore::page(std::int64_t person_id, int page, int page_size) {
  auto& database = pool_.connection();
  NotificationPage result;
  auto count = database.query("SELECT count(*) FROM notification WHERE person_id = ?1");
  count.bind(1, person_id);
  count.step();
  result.total = static_cast<int>(count.column_int64(0));
  auto statement = database.query(fmt::format(
      "SELECT {} FROM notification WHERE person_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3", kColumns));
  statement.bind_all(person_id, page_size, static_cast<std::int64_t>(page - 1) * page_size);
  while (statement.step()) result.notifications.push_back(read_notification(statement));
  return result;
}

int NotificationStore::unread_count(std::int64_t person_id) {
  auto statement =
      pool_.connection().query("SELECT count(*) FROM notification WHERE person_id = ?1 AND read_at IS NULL");
  statement.bind(1, person_id);
  statement.step();
  return static_cast<int>(statement.column_int64(0));
}

void NotificationStore::mark_read(std::int64_t notification_id, std::int64_t now) {
  pool_.connection()
      .query("UPDATE notification SET read_at = ?2 WHERE id = ?1 AND read_at IS NULL")
      .bind_all(notification_id, now)
      .run();
}

int NotificationStore::mark_all_read(std::int64_t person_id, std::int64_t now) {
  auto& database = pool_.connection();
  database.query("UPDATE notification SET read_at = ?2 WHERE person_id = ?1 AND read_at IS NULL")
      .bind_all(person_id, now)
      .run();
  return database.changes();
}

int NotificationStore::forget(std::string_view link) {
  auto& database = pool_.connection();
  database.query("DELETE FROM notification WHERE link = ?1").bind(1, link).run();
  return database.changes();
}

int NotificationStore::purge(std::int64_t read_before, std::int64_t created_before) {
  auto& database = pool_.connection();
  database.query("DELETE FROM notification WHERE read_at < ?1 OR created_at < ?2")
      .bind_all(read_before, created_before)
      .run();
  return database.changes();
}

std::vector<Recipient> NotificationStore::recipients(const std::vector<std::int64_t>& person_ids,
                                                     EmailFrequency default_email) {
  std::vector<Recipient> result;
  auto& database = pool_.connection();
  for (const auto person_id : person_ids) {
    auto statement = database.query(
        fmt::format("SELECT {} FROM person p LEFT JOIN notification_preference pref ON pref.person_id = p.id "
                    "WHERE p.id = ?1",
                    kRecipientColumns));
    statement.bind(1, person_id);
    if (statement.step()) result.push_back(read_recipient(statement, default_email));
  }
  return result;
}

std::vector<std::int64_t> NotificationStore::people_with_role(std::string_view role_name) {
  // roles is a comma-separated list of role names ("staff,peer_supporter").
  auto statement =
      pool_.connection().query("SELECT id FROM person WHERE ',' || roles || ',' LIKE '%,' || ?1 || ',%'");
  statement.bind(1, role_name);
  std::vector<std::int64_t> ids;
  while (statement.step()) ids.push_back(statement.column_int64(0));
  return ids;
}

Preferences NotificationStore::preferences(std::int64_t person_id, EmailFrequency default_email) {
  const auto found = recipients({person_id}, default_email);
  if (found.empty()) return Preferences{default_email, EmailDetails::kOff};
  return found.front().preferences;
}

void NotificationStore::save_preferences(std::int64_t person_id, const Preferences& preferences,
                                         std::int64_t now) {
  auto& database = pool_.connection();
  storage::Transaction transaction(database);
  database
      .query(
          // Someone who starts the daily digest gets their first one at the
          // next digest hour, not at once.
          "INSERT INTO notification_preference (person_id, email, details, last_digest_at, updated_at) "
          "VALUES (?1, ?2, ?3, CASE WHEN ?2 = 'daily' THEN ?4 ELSE 0 END, ?4) "
          "ON CONFLICT (person_id) DO UPDATE SET email = excluded.email, details = excluded.details, "
          "last_digest_at = CASE WHEN excluded.email = 'daily' AND notification_preference.email IS NOT "
          "'daily' "
          "THEN excluded.updated_at ELSE notification_preference.last_digest_at END, "
          "updated_at = excluded.updated_at")
      .bind_all(person_id, to_text(preferences.email), to_text(preferences.details), now)
      .run();
  if (preferences.email != EmailFrequency::kDaily) {
    database.query("UPDATE notification SET digest_pending = 0 WHERE person_id = ?1 AND digest_pending = 1")
        .bind(1, person_id)
        .run();
  }
  transaction.commit();
}

std::vector<Recipient> NotificationStore::digest_candidates(std::int64_t moment,
                                                            EmailFrequency default_email) {
  auto statement = pool_.connection().query(
      fmt::format("SELECT {} FROM person p LEFT JOIN notification_preference pref ON pref.person_id = p.id "
                  "WHERE p.id IN (SELECT person_id FROM notification WHERE digest_pending = 1) "
                  "AND coalesce(pref.last_digest_at, 0) < ?1 ORDER BY p.id",
                  kRecipientColumns));
  statement.bind(1, moment);
  std::vector<Recipient> result;
  while (statement.step()) result.push_back(read_recipient(statement, default_email));
  return result;
}

std::vector<Notification> NotificationStore::pending_digest(std::int64_t person_id) {
  auto statement = pool_.connection().query(fmt::format(
      "SELECT {} FROM notification WHERE person_id = ?1 AND digest_pending = 1 AND read_at IS NULL "
      "ORDER BY id",
      kColumns));
  statement.bind(1, person_id);
  std::vector<Notification> result;
  while (statement.step()) result.push_back(read_notification(statement));
  return result;
}

void NotificationStore::finish_digest(std::int64_t person_id, std::int64_t now) {
  auto& database = pool_.connection();
  storage::Transaction transaction(database);
  database.query("UPDATE notification SET digest_pending = 0 WHERE person_id = ?1 AND digest_pending = 1")
      .bind(1, person_id)
      .run();
  database
      .query(
          "INSERT INTO notification_preference (person_id, last_digest_at, updated_at) VALUES (?1, ?2, ?2) "
          "ON CONFLICT (person_id) DO UPDATE SET last_digest_at = excluded.last_digest_at")
      .bind_all(person_id, now)
      .run();
  transaction.commit();
}

}  // namespace hearth::features::notifications
