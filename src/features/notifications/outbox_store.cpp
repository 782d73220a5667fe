#include "features/notifications/outbox_store.h"

#include <fmt/format.h>

namespace hearth::features::notifications {
namespace {

constexpr std::string_view kColumns =
    "id, to_address, subject, body, message_id, created_at, attempts, next_attempt_at, last_error, sent_at";

OutboxMessage read_message(const storage::Statement& row) {
  OutboxMessage message;
  message.id = row.column_int64(0);
  message.to_address = row.column_text(1);
  message.subject = row.column_text(2);
  message.body = row.column_text(3);
  message.message_id = row.column_text(4);
  message.created_at = row.column_int64(5);
  message.attempts = static_cast<int>(row.column_int64(6));
  message.next_attempt_at = row.column_optional_int64(7);
  message.last_error = row.column_text(8);
  message.sent_at = row.column_optional_int64(9);
  return message;
}

}  // namespace

std::int64_t OutboxStore::insert(const OutboxDraft& draft, std::int64_t now) {
  auto& database = pool_.connection();
  database
      .query(
          "INSERT INTO mail_outbox (to_address, subject, body, message_id, created_at, next_attempt_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?5)")
      .bind_all(draft.to_address, draft.subject, draft.body, draft.message_id, now)
      .run();
  return database.last_insert_id();
}

std::optional<OutboxMessage> OutboxStore::find(std::int64_t id) {
  auto statement =
      pool_.connection().query(fmt::format("SELECT {} FROM mail_outbox WHERE id = ?1", kColumns));
  statement.bind(1, id);
  if (!statement.step()) return std::nullopt;
  return read_message(statement);
}

std::vector<OutboxMessage> OutboxStore::due(std::int64_t now, int limit) {
  auto statement = pool_.connection().query(
      fmt::format("SELECT {} FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL AND "
                  "next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2",
                  kColumns));
  statement.bind_all(now, limit);
  std::vector<OutboxMessage> messages;
  while (statement.step()) messages.push_back(read_message(statement));
  return messages;
}

std::optional<std::int64_t> OutboxStore::next_due_at() {
  auto statement = pool_.connection().query(
      "SELECT min(next_attempt_at) FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL");
  statement.step();
  return statement.column_optional_int64(0);
}

void OutboxStore::mark_sent(std::int64_t id, std::int64_t now) {
  pool_.connection()
      .query("UPDATE mail_outbox SET sent_at = ?2, next_attempt_at = NULL WHERE id = ?1")
      .bind_all(id, now)
      .run();
}

void OutboxStore::mark_failed(std::int64_t id, int attempts, std::optional<std::int64_t> next_attempt_at,
                              std::string_view error) {
  pool_.connection()
      .query("UPDATE mail_outbox SET attempts = ?2, next_attempt_at = ?3, last_error = ?4 WHERE id = ?1")
      .bind_all(id, attempts, next_attempt_at, error)
      .run();
}

int OutboxStore::purge(std::int64_t sent_before, std::int64_t given_up_created_before) {
  auto& database = pool_.connection();
  database
      .query(
          "DELETE FROM mail_outbox WHERE sent_at < ?1 OR (sent_at IS NULL AND next_attempt_at IS NULL AND "
          "created_at < ?2)")
      .bind_all(sent_before, given_up_created_before)
      .run();
  return database.changes();
}

int OutboxStore::waiting_count() {
  auto statement = pool_.connection().query(
      "SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL");
  statement.step();
  return static_cast<int>(statement.column_int64(0));
}

}  // namespace hearth::features::notifications
