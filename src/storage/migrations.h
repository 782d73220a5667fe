#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace hearth::storage {

// One numbered, append-only schema change, embedded from
// src/storage/migrations/NNNN_name.sql. A released migration is never edited;
// changes go into a new file with the next number.
struct Migration {
  int version;            // NNNN from the file name; versions are 1, 2, 3... without gaps
  std::string_view name;  // the file name
  std::string_view sql;
};

// The embedded migrations, ordered by version. Throws kInternal if the
// numbering has a gap or a duplicate (a build mistake, caught by a unit test).
std::vector<Migration> embedded_migrations();

enum class SnapshotPolicy {
  kSnapshotBeforeMigrating,  // VACUUM INTO a copy next to the database before changing an existing schema
  kNoSnapshot,               // in-memory or throwaway databases
};

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::optional<std::filesystem::path> snapshot;  // set when a snapshot was written
};

// Brings `database` to the newest version in `migrations`. Each migration runs
// in its own transaction together with the PRAGMA user_version update, so a
// failure leaves the database at the previous version. An empty (version 0)
// database is not snapshotted. Throws kConflict, changing nothing, if the
// database is newer than the newest migration (a downgrade).
MigrationReport migrate(Database& database, std::span<const Migration> migrations, SnapshotPolicy policy);

}  // namespace hearth::storage
