#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "storage/migrations.h"

// Backups and restores of the one Hearth database file, and the lock that
// keeps a restore (or a migration) from running beside the server.
//
// Errors: a problem with a file offered for restore (not SQLite, damaged, not
// Hearth, too new) throws ErrorKind::kBadRequest with a message for IT; a
// problem with the disk or the live database throws kUnavailable or
// kInternal. Nothing here logs the content of the database.
namespace hearth::storage {

// The lock file inside the data directory.
inline constexpr std::string_view kLockFileName = "hearth.lock";

// An exclusive advisory lock (flock) on <data directory>/hearth.lock. The
// server holds one for its whole life; `hearth restore` and `hearth migrate`
// take it for their run, so neither runs beside the server. The kernel drops
// the lock when its holder exits, however it exits: a crash leaves no stale
// lock. Two locks on one directory conflict within one process too.
class DataDirectoryLock {
 public:
  // Takes the lock without waiting. Returns nullopt when someone else holds
  // it. Throws kUnavailable if the lock file cannot be created or opened
  // (e.g. the directory does not exist or belongs to another user).
  static std::optional<DataDirectoryLock> try_acquire(const std::filesystem::path& data_directory);

  DataDirectoryLock(DataDirectoryLock&& other) noexcept;
  DataDirectoryLock& operator=(DataDirectoryLock&& other) noexcept;
  DataDirectoryLock(const DataDirectoryLock&) = delete;
  DataDirectoryLock& operator=(const DataDirectoryLock&) = delete;
  ~DataDirectoryLock();

  const std::filesystem::path& data_directory() const { return data_directory_; }

 private:
  DataDirectoryLock(int descriptor, std::filesystem::path data_directory);
  int descriptor_ = -1;
  std::filesystem::path data_directory_;
};

struct BackupReport {
  std::filesystem::path file;
  std::uintmax_t bytes = 0;
  int schema_version = 0;
};

// Copies the database at `database_path` into the new file `target` with
// SQLite's online backup API, while the server keeps running. The copy is
// read inside one read transaction, so it is the database as of one moment
// (consistent under concurrent writes) and, in WAL mode, writers are never
// blocked by it. The copy is written to a temporary file in `target`'s
// folder, checked with PRAGMA integrity_check, made a single self-contained
// file (rollback journal mode), fsync'd with mode 0600, and only then renamed
// to `target`: a failed or interrupted backup never leaves a half-written
// file under that name. Throws kBadRequest if `target` exists already (it is
// never overwritten, so the live database cannot be clobbered by mistake),
// kUnavailable if there is no database or the disk fails.
BackupReport backup_database(const std::filesystem::path& database_path, const std::filesystem::path& target);

// The name of a backup in a backup folder, from the time of the backup in UTC:
// "hearth-YYYYMMDD-HHMMSS.sqlite3". A second backup within the same second
// gets "-2", "-3"... before the extension.
std::string backup_file_name(std::int64_t unix_seconds, int attempt = 1);
// True for names that backup_file_name() makes; only those are rotated.
bool is_backup_file_name(std::string_view name);

struct RotationReport {
  BackupReport backup;
  std::vector<std::filesystem::path> removed;  // older backups deleted, oldest first
};

// Writes a backup of `database_path` into `directory` (created with mode
// 0700 if missing) named by backup_file_name(now), then deletes the oldest
// backups in `directory` beyond the newest `keep` (which count the new one).
// Only files named like backups are considered; anything else in the folder
// is left alone. `keep` must be at least 1 (kBadRequest otherwise). Old
// backups are deleted only after the new one is safely in place.
RotationReport backup_to_directory(const std::filesystem::path& database_path,
                                   const std::filesystem::path& directory, int keep,
                                   std::int64_t now_seconds);

// What a file offered for restore holds, once checked.
struct BackupCheck {
  int schema_version = 0;
};

// Checks `file` as restore would: a SQLite database, intact
// (PRAGMA integrity_check), a Hearth database, and no newer than the newest
// of `migrations`. The check runs on a private copy, so `file` itself is not
// changed. Throws kBadRequest naming the problem.
BackupCheck check_backup_file(const std::filesystem::path& file, std::span<const Migration> migrations);

struct RestoreReport {
  int backup_version = 0;                         // the schema version of the restored file
  int schema_version = 0;                         // after migrating
  std::optional<std::filesystem::path> snapshot;  // the database that was replaced, when there was one
};

// Replaces the database at `database_path` with the backup `file`, which must
// pass check_backup_file(). The caller proves with `lock` that no server runs
// on the data directory. In order: the file is copied next to the database
// and checked; the current database (if any) is snapshotted to
// "<database>.before-restore-<UTC time>.snapshot" and closed, and its -wal and
// -shm files removed; the copy is renamed over the database (atomic); the
// restored database is migrated to the newest schema if it is older. A
// failure before the rename leaves the current database as it was. Run as
// root, the restored database and the snapshot (like the lock file) are given
// to the data directory's owner, so that the service account can open them.
RestoreReport restore_database(const DataDirectoryLock& lock, const std::filesystem::path& file,
                               const std::filesystem::path& database_path,
                               std::span<const Migration> migrations);

}  // namespace hearth::storage
