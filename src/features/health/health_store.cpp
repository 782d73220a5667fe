#include "features/health/health_store.h"

#include <filesystem>

namespace hearth::features {
namespace {

std::int64_t single_number(storage::Database& database, std::string_view sql) {
  auto statement = database.query(sql);
  statement.step();
  return statement.column_int64(0);
}

}  // namespace

void HealthStore::check() {
  single_number(pool_.connection(), "SELECT count(*) FROM sqlite_schema");
}

std::int64_t HealthStore::active_sessions(std::int64_t now, const auth::SessionPolicy& policy) {
  auto statement = pool_.connection().query(
      "SELECT count(*) FROM session WHERE person_id IS NOT NULL AND last_seen_at > ?1 AND created_at > ?2");
  statement.bind_all(now - policy.idle_timeout_seconds, now - policy.absolute_timeout_seconds);
  statement.step();
  return statement.column_int64(0);
}

std::int64_t HealthStore::outbox_waiting() {
  return single_number(
      pool_.connection(),
      "SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL");
}

std::int64_t HealthStore::database_bytes() {
  auto& database = pool_.connection();
  const auto pages = single_number(database, "PRAGMA page_count");
  const auto page_size = single_number(database, "PRAGMA page_size");
  std::error_code error;
  auto wal_path = pool_.path();
  wal_path += "-wal";
  const auto wal_size = std::filesystem::file_size(wal_path, error);
  return pages * page_size + (error ? 0 : static_cast<std::int64_t>(wal_size));
}

}  // namespace hearth::features
