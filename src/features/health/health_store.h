#pragma once

#include <cstdint>

#include "auth/session_store.h"
#include "storage/database.h"

namespace hearth::features {

// Aggregate figures about the database for /healthz, /readyz and /metrics:
// counts and sizes only, never a row's content. Thread-safe (each thread
// uses its own connection). Every function throws hearth::Error when the
// database cannot answer.
class HealthStore {
 public:
  explicit HealthStore(storage::ConnectionPool& pool) : pool_(pool) {}

  // Runs a trivial query; returns normally when the database answers.
  void check();
  // Signed-in sessions that have not passed their idle or absolute timeout at `now`.
  std::int64_t active_sessions(std::int64_t now, const auth::SessionPolicy& policy);
  // E-mails waiting in mail_outbox to be sent or retried (not sent, not given up).
  std::int64_t outbox_waiting();
  // page_count * page_size of the main database file plus the size of its
  // write-ahead log (0 when there is none).
  std::int64_t database_bytes();

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace hearth::features
