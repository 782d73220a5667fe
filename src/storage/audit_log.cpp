#include "storage/audit_log.h"

namespace hearth::storage {

void AuditLog::record(Database& database, const AuditEntry& entry) {
  database
      .query(
          "INSERT INTO audit_log (at, actor_person_id, action, object_type, object_id, detail) "
          "VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(entry.at, entry.actor_person_id, entry.action, entry.object_type, entry.object_id,
                entry.detail)
      .run();
}

std::vector<AuditEntry> AuditLog::recent(Database& database, int limit, std::string_view object_type,
                                         std::string_view object_id) {
  auto statement = database.query(
      "SELECT id, at, actor_person_id, action, object_type, object_id, detail FROM audit_log "
      "WHERE (?1 = '' OR object_type = ?1) AND (?2 = '' OR object_id = ?2) "
      "ORDER BY id DESC LIMIT ?3");
  statement.bind_all(object_type, object_id, limit);
  std::vector<AuditEntry> entries;
  while (statement.step()) {
    entries.push_back({statement.column_int64(0), statement.column_int64(1),
                       statement.column_optional_int64(2), statement.column_text(3), statement.column_text(4),
                       statement.column_text(5), statement.column_text(6)});
  }
  return entries;
}

}  // namespace hearth::storage
