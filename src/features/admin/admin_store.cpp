#include "features/admin/admin_store.h"

#include "features/admin/setting_rules.h"

namespace hearth::features::admin {

std::map<std::string, std::string> AdminStore::setting_overrides() {
  auto row = connection().query("SELECT key, value FROM site_setting");
  std::map<std::string, std::string> overrides;
  while (row.step()) overrides.emplace(row.column_text(0), row.column_text(1));
  return overrides;
}

void AdminStore::put_setting(std::string_view key, std::string_view value, std::int64_t actor_person_id,
                             std::int64_t now) {
  connection()
      .query(
          "INSERT INTO site_setting (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
          "updated_by = excluded.updated_by")
      .bind_all(key, value, now, actor_person_id)
      .run();
}

bool AdminStore::remove_setting(std::string_view key) {
  auto& database = connection();
  database.query("DELETE FROM site_setting WHERE key = ?").bind(1, key).run();
  return database.changes() > 0;
}

std::optional<StoredLogo> AdminStore::logo() {
  auto row = connection().query("SELECT content_type, data_base64, digest FROM site_logo WHERE id = 1");
  if (!row.step()) return std::nullopt;
  auto bytes = base64_decode(row.column_text(1));
  if (!bytes) return std::nullopt;
  return StoredLogo{row.column_text(0), std::move(*bytes), row.column_text(2)};
}

void AdminStore::put_logo(const StoredLogo& logo, std::int64_t actor_person_id, std::int64_t now) {
  connection()
      .query(
          "INSERT INTO site_logo (id, content_type, data_base64, digest, updated_at, updated_by) "
          "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET content_type = excluded.content_type, "
          "data_base64 = excluded.data_base64, digest = excluded.digest, updated_at = excluded.updated_at, "
          "updated_by = excluded.updated_by")
      .bind_all(logo.content_type, base64_encode(logo.bytes), logo.digest, now, actor_person_id)
      .run();
}

bool AdminStore::remove_logo() {
  auto& database = connection();
  database.query("DELETE FROM site_logo WHERE id = 1").run();
  return database.changes() > 0;
}

AuditPage AdminStore::audit_entries(const AuditFilter& filter, int page, int page_size) {
  auto row = connection().query(
      "SELECT a.id, a.at, COALESCE(p.username, ''), COALESCE(p.display_name, ''), a.action, a.object_type, "
      "a.object_id, a.detail FROM audit_log a LEFT JOIN person p ON p.id = a.actor_person_id "
      "WHERE (?1 = '' OR a.action = ?1) "
      "AND (?2 = '' OR a.actor_person_id IN (SELECT id FROM person WHERE username = ?2 COLLATE NOCASE)) "
      "AND (?3 IS NULL OR a.at >= ?3) AND (?4 IS NULL OR a.at < ?4) "
      "ORDER BY a.id DESC LIMIT ?5 OFFSET ?6");
  row.bind_all(filter.action, filter.actor_username, filter.from, filter.until, page_size + 1,
               static_cast<std::int64_t>(page - 1) * page_size);
  AuditPage result;
  while (row.step()) {
    if (static_cast<int>(result.rows.size()) == page_size) {
      result.has_more = true;
      break;
    }
    result.rows.push_back({row.column_int64(0), row.column_int64(1), row.column_text(2), row.column_text(3),
                           row.column_text(4), row.column_text(5), row.column_text(6), row.column_text(7)});
  }
  return result;
}

std::vector<std::string> AdminStore::audit_actions() {
  auto row = connection().query("SELECT DISTINCT action FROM audit_log ORDER BY action");
  std::vector<std::string> actions;
  while (row.step()) actions.push_back(row.column_text(0));
  return actions;
}

}  // namespace hearth::features::admin
