#include "storage/backup.h"

#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>

#include "common/error.h"
#include "common/log.h"

namespace hearth::storage {
namespace {

namespace fs = std::filesystem;

// Pages copied per sqlite3_backup_step call (4 MiB with 4 KiB pages). The
// read transaction is held across steps, so the step size bounds only how
// long each call keeps the source connection busy.
constexpr int kPagesPerStep = 1024;
// How often, and how long apart, a busy step is retried before giving up.
constexpr int kBusyRetries = 500;
constexpr int kBusyWaitMilliseconds = 20;

constexpr std::string_view kSqliteHeader{"SQLite format 3\0", 16};

std::string errno_text(int error) {
  return std::error_code(error, std::generic_category()).message();
}

std::tm utc_time(std::int64_t unix_seconds) {
  return fmt::gmtime(static_cast<std::time_t>(unix_seconds));
}

std::int64_t now_unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A file made by mkstemp() (mode 0600) and removed, together with any SQLite
// side files, on destruction unless keep() was called.
class TemporaryFile {
 public:
  TemporaryFile(const fs::path& folder, std::string_view prefix) {
    std::string pattern = (folder / (std::string(prefix) + "XXXXXX")).string();
    const int descriptor = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (descriptor < 0) {
      const int error = errno;
      throw Error::unavailable(
          fmt::format("Could not create a file in {}: {}", folder.string(), errno_text(error)));
    }
    ::close(descriptor);
    path_ = pattern;
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (kept_) return;
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      fs::remove(fs::path(path_.string() + suffix), ignored);
    }
  }

  const fs::path& path() const { return path_; }
  void keep() { kept_ = true; }

 private:
  fs::path path_;
  bool kept_ = false;
};

// Flushes a file or folder to the disk. Throws kUnavailable on failure.
void sync_to_disk(const fs::path& path, bool is_directory) {
  const int descriptor = ::open(path.c_str(), (is_directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (descriptor < 0) {
    const int error = errno;
    throw Error::unavailable(
        fmt::format("Could not open {} to flush it: {}", path.string(), errno_text(error)));
  }
  const int result = ::fsync(descriptor);
  const int error = errno;
  ::close(descriptor);
  if (result != 0) {
    throw Error::unavailable(fmt::format("Could not flush {} to disk: {}", path.string(), errno_text(error)));
  }
}

// Run as root (IT at the console), files made in the data directory would
// belong to root and lock the service account out; they are given to the
// directory's owner instead. Does nothing for other users. Best effort.
void give_to_folder_owner(const fs::path& file, const fs::path& folder) {
  if (::geteuid() != 0) return;
  struct stat owner {};
  if (::stat(folder.c_str(), &owner) != 0 || owner.st_uid == 0) return;
  if (::lchown(file.c_str(), owner.st_uid, owner.st_gid) != 0) {
    const int error = errno;
    log::warn("storage: could not give {} to the data directory's owner: {}", file.string(),
              errno_text(error));
  }
}

fs::path folder_of(const fs::path& file) {
  const auto parent = file.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// The messages of PRAGMA integrity_check; empty when the database is intact.
std::vector<std::string> integrity_problems(Database& database) {
  std::vector<std::string> problems;
  auto check = database.prepare("PRAGMA integrity_check(20)");
  while (check.step()) {
    auto line = check.column_text(0);
    if (line != "ok") problems.push_back(std::move(line));
  }
  return problems;
}

struct ConnectionCloser {
  void operator()(sqlite3* connection) const noexcept { sqlite3_close_v2(connection); }
};
struct BackupFinisher {
  void operator()(sqlite3_backup* backup) const noexcept { sqlite3_backup_finish(backup); }
};

// Copies every page of `source` (inside its current read transaction) into
// the empty database file `target`.
void copy_pages(Database& source, const fs::path& target) {
  sqlite3* raw = nullptr;
  const int opened =
      sqlite3_open_v2(target.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, ConnectionCloser> destination(raw);
  if (opened != SQLITE_OK) {
    throw Error::unavailable(fmt::format("Could not open {}: {}", target.string(), sqlite3_errstr(opened)));
  }
  // The copy is checked and fsync'd as a whole afterwards; a crash midway
  // leaves only a temporary file.
  sqlite3_exec(destination.get(), "PRAGMA synchronous=OFF", nullptr, nullptr, nullptr);

  std::unique_ptr<sqlite3_backup, BackupFinisher> backup(
      sqlite3_backup_init(destination.get(), "main", source.handle(), "main"));
  if (!backup) {
    throw Error::internal(fmt::format("sqlite3_backup_init: {}", sqlite3_errmsg(destination.get())));
  }
  int busy = 0;
  for (;;) {
    const int result = sqlite3_backup_step(backup.get(), kPagesPerStep);
    if (result == SQLITE_DONE) break;
    if (result == SQLITE_OK) continue;
    if ((result == SQLITE_BUSY || result == SQLITE_LOCKED) && ++busy < kBusyRetries) {
      sqlite3_sleep(kBusyWaitMilliseconds);
      continue;
    }
    throw Error::unavailable("The database stayed busy; the backup was not made. Please try again.",
                             fmt::format("sqlite3_backup_step: {}", sqlite3_errstr(result)));
  }
  const int finished = sqlite3_backup_finish(backup.release());
  if (finished != SQLITE_OK) {
    throw Error::internal(fmt::format("sqlite3_backup_finish: {}", sqlite3_errstr(finished)));
  }
}

// Checks the finished copy and turns it into one self-contained file
// (journal_mode=DELETE folds and removes its -wal). Returns its schema version.
int seal_copy(const fs::path& copy) {
  auto database = Database::open(copy, OpenMode::kReadWrite);
  const auto problems = integrity_problems(database);
  if (!problems.empty()) {
    throw Error::internal(fmt::format("the backup copy failed its integrity check: {}", problems.front()));
  }
  database.execute("PRAGMA journal_mode=DELETE");
  return database.user_version();
}

bool has_sqlite_header(const fs::path& file) {
  std::ifstream stream(file, std::ios::binary);
  std::array<char, 16> header{};
  stream.read(header.data(), header.size());
  return stream.gcount() == static_cast<std::streamsize>(header.size()) &&
         std::string_view(header.data(), header.size()) == kSqliteHeader;
}

bool has_table(Database& database, std::string_view name) {
  auto statement = database.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  statement.bind(1, name);
  return statement.step();
}

// Checks the private copy `copy` of the offered `file`; see check_backup_file().
BackupCheck check_copy(const fs::path& file, const fs::path& copy, std::span<const Migration> migrations) {
  if (!has_sqlite_header(copy)) {
    throw Error::bad_request(fmt::format(
        "{} is not a SQLite database, so it is not a Hearth backup. Nothing was changed.", file.string()));
  }
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  BackupCheck check;
  try {
    auto database = Database::open(copy, OpenMode::kReadWrite);
    const auto problems = integrity_problems(database);
    if (!problems.empty()) {
      throw Error::bad_request(
          fmt::format("{} is damaged (integrity check: {}). Nothing was changed; use another backup.",
                      file.string(), problems.front()));
    }
    check.schema_version = database.user_version();
    if (check.schema_version < 1 || !has_table(database, "person") || !has_table(database, "audit_log")) {
      throw Error::bad_request(fmt::format(
          "{} is a SQLite database but not a Hearth database. Nothing was changed.", file.string()));
    }
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::kBadRequest) throw;
    throw Error::bad_request(
        fmt::format("{} is damaged and cannot be read. Nothing was changed; use another backup.",
                    file.string()),
        error.log_detail());
  }
  if (check.schema_version > latest) {
    throw Error::bad_request(fmt::format(
        "{} was made by a newer Hearth (schema version {}); this Hearth knows schema versions up to {}. "
        "Install that newer Hearth to restore it, or choose an older backup. Nothing was changed.",
        file.string(), check.schema_version, latest));
  }
  return check;
}

// Copies `file` into a new temporary file in `folder`, with mode 0600.
void copy_into(const fs::path& file, const TemporaryFile& copy) {
  std::error_code error;
  if (!fs::is_regular_file(file, error)) {
    throw Error::bad_request(
        fmt::format("{} does not exist or is not a file. Nothing was changed.", file.string()));
  }
  fs::copy_file(file, copy.path(), fs::copy_options::overwrite_existing, error);
  if (error) {
    throw Error::unavailable(fmt::format("Could not copy {}: {}", file.string(), error.message()));
  }
  fs::permissions(copy.path(), fs::perms::owner_read | fs::perms::owner_write, error);
}

// Writes a snapshot of the current database next to it, as migrations do.
// A database too damaged for VACUUM INTO is copied as it lies (with its -wal),
// so that nothing is lost even then.
fs::path snapshot_current(const fs::path& database_path) {
  const auto stamp = fmt::format("{:%Y%m%dT%H%M%S}", utc_time(now_unix_seconds()));
  fs::path snapshot = database_path;
  snapshot += fmt::format(".before-restore-{}.snapshot", stamp);
  for (int attempt = 2; fs::exists(snapshot); ++attempt) {
    snapshot = database_path;
    snapshot += fmt::format(".before-restore-{}-{}.snapshot", stamp, attempt);
  }
  try {
    auto database = Database::open(database_path, OpenMode::kReadWrite);
    auto vacuum = database.prepare("VACUUM INTO ?");
    vacuum.bind(1, snapshot.string());
    vacuum.run();
  } catch (const Error& error) {
    log::warn("storage: VACUUM INTO failed before restore ({}); copying the files as they are",
              error.log_detail());
    std::error_code ignored;
    fs::remove(snapshot, ignored);
    fs::copy_file(database_path, snapshot);
    const fs::path wal = database_path.string() + "-wal";
    if (fs::exists(wal)) fs::copy_file(wal, fs::path(snapshot.string() + "-wal"));
  }
  ::chmod(snapshot.c_str(), 0600);
  give_to_folder_owner(snapshot, folder_of(database_path));
  return snapshot;
}

}  // namespace

// ---- DataDirectoryLock ------------------------------------------------------

DataDirectoryLock::DataDirectoryLock(int descriptor, std::filesystem::path data_directory)
    : descriptor_(descriptor), data_directory_(std::move(data_directory)) {}

std::optional<DataDirectoryLock> DataDirectoryLock::try_acquire(const std::filesystem::path& data_directory) {
  const auto path = data_directory / kLockFileName;
  const int descriptor = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (descriptor < 0) {
    const int error = errno;
    throw Error::unavailable(
        fmt::format("Could not open the lock file {}: {}", path.string(), errno_text(error)));
  }
  DataDirectoryLock lock(descriptor, data_directory);
  give_to_folder_owner(path, data_directory);
  if (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error == EWOULDBLOCK) return std::nullopt;
    throw Error::unavailable(fmt::format("Could not lock {}: {}", path.string(), errno_text(error)));
  }
  return lock;
}

DataDirectoryLock::DataDirectoryLock(DataDirectoryLock&& other) noexcept
    : descriptor_(other.descriptor_), data_directory_(std::move(other.data_directory_)) {
  other.descriptor_ = -1;
}

DataDirectoryLock& DataDirectoryLock::operator=(DataDirectoryLock&& other) noexcept {
  if (this != &other) {
    if (descriptor_ >= 0) ::close(descriptor_);
    descriptor_ = other.descriptor_;
    data_directory_ = std::move(other.data_directory_);
    other.descriptor_ = -1;
  }
  return *this;
}

DataDirectoryLock::~DataDirectoryLock() {
  // Closing the only descriptor of the open file releases the flock.
  if (descriptor_ >= 0) ::close(descriptor_);
}

// ---- Backup -----------------------------------------------------------------

BackupReport backup_database(const std::filesystem::path& database_path,
                             const std::filesystem::path& target) {
  std::error_code error;
  if (!fs::is_regular_file(database_path, error)) {
    throw Error::unavailable(fmt::format("There is no database at {} to back up.", database_path.string()));
  }
  if (fs::exists(target, error) || fs::is_symlink(target, error)) {
    throw Error::bad_request(fmt::format(
        "{} exists already; a backup never overwrites a file. Choose a new name.", target.string()));
  }
  const auto folder = folder_of(target);
  if (!fs::is_directory(folder, error)) {
    throw Error::bad_request(fmt::format("The folder {} does not exist.", folder.string()));
  }

  TemporaryFile copy(folder, "." + target.filename().string() + ".partial-");
  {
    auto source = Database::open(database_path, OpenMode::kReadWrite);
    // One read transaction for the whole copy: every step sees the same
    // snapshot, so writes committed meanwhile neither restart the backup nor
    // leave it half old, half new. Readers never block writers in WAL mode.
    Transaction snapshot(source, TransactionKind::kDeferred);
    source.prepare("SELECT count(*) FROM sqlite_schema").step();
    copy_pages(source, copy.path());
  }  // the read transaction ends here (rolled back: it changed nothing)

  BackupReport report;
  report.schema_version = seal_copy(copy.path());
  ::chmod(copy.path().c_str(), 0600);
  sync_to_disk(copy.path(), false);
  // link() instead of rename() so that a target created meanwhile is not
  // replaced; the temporary name is removed afterwards.
  if (::link(copy.path().c_str(), target.c_str()) != 0) {
    const int link_error = errno;
    throw Error::unavailable(fmt::format("Could not create {}: {}", target.string(), errno_text(link_error)));
  }
  sync_to_disk(folder, true);
  report.file = target;
  report.bytes = fs::file_size(target, error);
  return report;
}

std::string backup_file_name(std::int64_t unix_seconds, int attempt) {
  const auto stamp = fmt::format("{:%Y%m%d-%H%M%S}", utc_time(unix_seconds));
  return attempt <= 1 ? fmt::format("hearth-{}.sqlite3", stamp)
                      : fmt::format("hearth-{}-{}.sqlite3", stamp, attempt);
}

bool is_backup_file_name(std::string_view name) {
  constexpr std::string_view kPrefix = "hearth-";
  constexpr std::string_view kSuffix = ".sqlite3";
  if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return false;
  const auto middle = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  // YYYYMMDD-HHMMSS, then optionally -N
  if (middle.size() < 15 || middle[8] != '-') return false;
  const auto digits = [](std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(middle.substr(0, 8)) || !digits(middle.substr(9, 6))) return false;
  if (middle.size() == 15) return true;
  return middle[15] == '-' && digits(middle.substr(16)) && middle.size() <= 15 + 1 + 6;
}

RotationReport backup_to_directory(const std::filesystem::path& database_path,
                                   const std::filesystem::path& directory, int keep,
                                   std::int64_t now_seconds) {
  if (keep < 1) throw Error::bad_request("--keep must be at least 1.");
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    fs::create_directories(directory, error);
    if (error) {
      throw Error::unavailable(
          fmt::format("Could not create the backup folder {}: {}", directory.string(), error.message()));
    }
    ::chmod(directory.c_str(), 0700);
  }
  fs::path target;
  for (int attempt = 1;; ++attempt) {
    target = directory / backup_file_name(now_seconds, attempt);
    if (!fs::exists(target, error)) break;
  }

  RotationReport report;
  report.backup = backup_database(database_path, target);

  // Names sort in time order: a fixed-width UTC stamp, then the attempt
  // number (compared as a number, so "-10" comes after "-9").
  std::vector<std::pair<std::pair<std::string, int>, fs::path>> backups;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    const auto name = entry.path().filename().string();
    if (!entry.is_regular_file(error) || !is_backup_file_name(name)) continue;
    const auto stamp = name.substr(7, 15);
    const int attempt =
        name.size() > 7 + 15 + 8 ? std::stoi(name.substr(7 + 16, name.size() - 7 - 16 - 8)) : 1;
    backups.push_back({{stamp, attempt}, entry.path()});
  }
  std::sort(backups.begin(), backups.end());
  const auto surplus = backups.size() > static_cast<std::size_t>(keep) ? backups.size() - keep : 0;
  for (std::size_t i = 0; i < surplus; ++i) {
    if (backups[i].second == target) continue;
    if (fs::remove(backups[i].second, error)) {
      report.removed.push_back(backups[i].second);
    } else if (error) {
      log::warn("storage: could not remove the old backup {}: {}", backups[i].second.string(),
                error.message());
    }
  }
  return report;
}

// ---- Restore ----------------------------------------------------------------

BackupCheck check_backup_file(const std::filesystem::path& file, std::span<const Migration> migrations) {
  const auto folder = fs::temp_directory_path();
  TemporaryFile copy(folder, "hearth-check-");
  copy_into(file, copy);
  return check_copy(file, copy.path(), migrations);
}

// `lock` is the caller's proof that no server runs; it is held throughout.
RestoreReport restore_database([[maybe_unused]] const DataDirectoryLock& lock,
                               const std::filesystem::path& file, const std::filesystem::path& database_path,
                               std::span<const Migration> migrations) {
  const auto folder = folder_of(database_path);
  // The copy lives next to the database, so that the final rename is atomic.
  TemporaryFile copy(folder, "." + database_path.filename().string() + ".restore-");
  copy_into(file, copy);

  RestoreReport report;
  report.backup_version = check_copy(file, copy.path(), migrations).schema_version;
  sync_to_disk(copy.path(), false);

  std::error_code error;
  if (fs::exists(database_path, error)) {
    report.snapshot = snapshot_current(database_path);
    log::info("storage: the replaced database was saved as {}", report.snapshot->string());
  }
  // The old database's -wal must not outlive it: SQLite would replay it into
  // the restored file. Its content is in the snapshot.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    const fs::path stale = database_path.string() + suffix;
    fs::remove(stale, error);
    if (error) {
      throw Error::unavailable(
          fmt::format("Could not remove {}: {}. Nothing was restored.", stale.string(), error.message()));
    }
  }
  fs::rename(copy.path(), database_path, error);
  if (error) {
    throw Error::unavailable(
        fmt::format("Could not move the restored database into place: {}", error.message()));
  }
  copy.keep();
  give_to_folder_owner(database_path, folder);
  sync_to_disk(folder, true);

  auto database = Database::open(database_path, OpenMode::kReadWrite);
  const auto migrated = migrate(database, migrations, SnapshotPolicy::kNoSnapshot);
  report.schema_version = migrated.to_version;
  return report;
}

}  // namespace hearth::storage
