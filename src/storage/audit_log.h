#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace hearth::storage {

// One privileged action: who did what to which object, and when. `detail`
// holds a short reason typed by the actor where an action requires one (the
// written reason for revealing an anonymous author), never the content of a
// post, request or message.
struct AuditEntry {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::optional<std::int64_t> actor_person_id;
  std::string action;       // "post.hide", "post.reveal_author", ...
  std::string object_type;  // "post", "thread", "group", "report"
  std::string object_id;
  std::string detail;
};

// The append-only audit log (table audit_log). There is no update or delete:
// entries outlive the objects they name.
class AuditLog {
 public:
  // Appends `entry` (its id is ignored) on `database`, inside the caller's
  // transaction when there is one, so the action and its record commit or
  // roll back together.
  static void record(Database& database, const AuditEntry& entry);

  // The newest entries first; `object_type` / `object_id` filter when not empty.
  static std::vector<AuditEntry> recent(Database& database, int limit, std::string_view object_type = {},
                                        std::string_view object_id = {});
};

}  // namespace hearth::storage
