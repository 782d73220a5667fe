#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace hearth::features::admin {

// The uploaded logo as stored (table site_logo).
struct StoredLogo {
  std::string content_type;  // "image/png" or "image/jpeg"
  std::string bytes;
  std::string digest;
};

// What the audit log viewer asks for. Empty strings and nullopt mean "any".
struct AuditFilter {
  std::string action;                 // exact action, e.g. "settings.change"
  std::string actor_username;         // compared without regard to ASCII case
  std::optional<std::int64_t> from;   // UTC seconds, inclusive
  std::optional<std::int64_t> until;  // UTC seconds, exclusive
};

// One audit entry with its actor's name as last seen in the directory.
struct AuditRow {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::string actor_username;  // "" when the entry has no actor or the person is gone
  std::string actor_display_name;
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string detail;
};

struct AuditPage {
  std::vector<AuditRow> rows;  // newest first
  bool has_more = false;       // another page follows
};

// SQL for the administration pages: tables site_setting and site_logo, and
// reads of audit_log. Writes run on connection() inside the caller's
// transaction. Thread-safe (one connection per thread).
class AdminStore {
 public:
  explicit AdminStore(storage::ConnectionPool& pool) : pool_(pool) {}

  storage::Database& connection() { return pool_.connection(); }

  // Stored overrides by key ("site.name" -> "Riverside Wellbeing").
  std::map<std::string, std::string> setting_overrides();
  void put_setting(std::string_view key, std::string_view value, std::int64_t actor_person_id,
                   std::int64_t now);
  // Returns false if there was no override for `key` (not an error).
  bool remove_setting(std::string_view key);

  // nullopt when no logo was uploaded, or the stored one cannot be decoded.
  std::optional<StoredLogo> logo();
  void put_logo(const StoredLogo& logo, std::int64_t actor_person_id, std::int64_t now);
  // Returns false if there was no logo (not an error).
  bool remove_logo();

  // Entries matching `filter`, newest first, `page_size` per page (page 1 first).
  AuditPage audit_entries(const AuditFilter& filter, int page, int page_size);
  // Every action that occurs in the log, sorted, for the filter's choices.
  std::vector<std::string> audit_actions();

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace hearth::features::admin
