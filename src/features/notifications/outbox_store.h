#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace hearth::features::notifications {

// One e-mail in the outbox (the mail_outbox table).
struct OutboxMessage {
  std::int64_t id = 0;
  std::string to_address;
  std::string subject;
  std::string body;
  std::string message_id;  // the same on every attempt
  std::int64_t created_at = 0;
  int attempts = 0;                             // failed attempts so far
  std::optional<std::int64_t> next_attempt_at;  // nullopt once sent or given up
  std::string last_error;                       // curl and SMTP status only
  std::optional<std::int64_t> sent_at;

  bool is_sent() const { return sent_at.has_value(); }
  bool is_given_up() const { return !sent_at && !next_attempt_at; }
};

// A message to put in the outbox.
struct OutboxDraft {
  std::string to_address;
  std::string subject;
  std::string body;
  std::string message_id;
};

// SQL for the e-mail outbox. Every method uses the calling thread's
// connection, so insert() joins the caller's transaction when there is one.
// A broken database throws hearth::Error.
class OutboxStore {
 public:
  explicit OutboxStore(storage::ConnectionPool& pool) : pool_(pool) {}

  storage::Database& connection() { return pool_.connection(); }

  // Queues the message, due at once. Returns its id.
  std::int64_t insert(const OutboxDraft& draft, std::int64_t now);
  std::optional<OutboxMessage> find(std::int64_t id);
  // Unsent messages due at `now`, oldest due first, at most `limit`.
  std::vector<OutboxMessage> due(std::int64_t now, int limit);
  // When the earliest unsent message is due; nullopt when none is waiting.
  std::optional<std::int64_t> next_due_at();
  void mark_sent(std::int64_t id, std::int64_t now);
  // Records a failed attempt: `attempts` in total so far, and either when to
  // try again or, with nullopt, that the message is given up.
  void mark_failed(std::int64_t id, int attempts, std::optional<std::int64_t> next_attempt_at,
                   std::string_view error);
  // Deletes messages sent before `sent_before` and messages given up that
  // were created before `given_up_created_before`. Returns the number deleted.
  int purge(std::int64_t sent_before, std::int64_t given_up_created_before);
  // Counts for the log and tests: unsent messages still to be tried.
  int waiting_count();

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace hearth::features::notifications
