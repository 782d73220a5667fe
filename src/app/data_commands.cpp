#include "app/data_commands.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <system_error>

#include "app/application.h"
#include "auth/person_store.h"
#include "common/error.h"
#include "common/log.h"
#include "features/people/people_service.h"
#include "features/people/person_data_store.h"
#include "storage/backup.h"
#include "storage/migrations.h"

namespace hearth::app {
namespace {

constexpr int kProblem = 1;
constexpr int kRefused = 2;

// Writes `text` to a new or truncated file with mode 0600 (also when it
// existed with another mode). Throws kUnavailable on failure.
void write_private_file(const std::string& path, std::string_view text) {
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (descriptor < 0) {
    const int error = errno;
    throw Error::unavailable(fmt::format("Could not write {}: {}", path,
                                         std::error_code(error, std::generic_category()).message()));
  }
  bool written = ::fchmod(descriptor, 0600) == 0;
  for (std::size_t done = 0; written && done < text.size();) {
    const auto count = ::write(descriptor, text.data() + done, text.size() - done);
    if (count < 0 && errno == EINTR) continue;
    written = count > 0;
    if (written) done += static_cast<std::size_t>(count);
  }
  written = written && ::fsync(descriptor) == 0;
  const int error = errno;
  ::close(descriptor);
  if (!written) {
    throw Error::unavailable(fmt::format("Could not write {}: {}", path,
                                         std::error_code(error, std::generic_category()).message()));
  }
}

// The database for export-user and delete-user must exist and be at this
// binary's schema (they run beside the server and so never migrate).
void require_current_schema(const std::string& database_path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(database_path, error)) {
    throw Error::unavailable(fmt::format("There is no database at {}.", database_path));
  }
  auto database = storage::Database::open(database_path, storage::OpenMode::kReadWrite);
  const auto migrations = storage::embedded_migrations();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  const int version = database.user_version();
  if (version != latest) {
    throw Error::unavailable(
        fmt::format("The database {} has schema version {}, but this Hearth uses version {}. {}",
                    database_path, version, latest,
                    version < latest ? "Run `hearth migrate` (with the server stopped) first."
                                     : "Use the newer Hearth that made it."));
  }
}

// The stores export-user and delete-user work with, on one database file.
struct PeopleAccess {
  explicit PeopleAccess(const std::string& database_path)
      : pool(database_path), people(pool), data(pool), service(data, people, clock) {}
  SystemClock clock;
  storage::ConnectionPool pool;
  auth::PersonStore people;
  features::people::PersonDataStore data;
  features::people::PeopleService service;
};

}  // namespace

DataCommands::DataCommands(CLI::App& cli, std::string& config_path) : config_path_(config_path) {
  backup_ = cli.add_subcommand(
      "backup",
      "Back up the database while Hearth runs (SQLite online backup, integrity-checked, mode 0600): to FILE, "
      "or into a folder with --to-directory, keeping the newest --keep backups");
  backup_->add_option("FILE", file_, "The backup file to write (must not exist)");
  backup_->add_option(
      "--to-directory", directory_,
      "Write DIR/hearth-YYYYMMDD-HHMMSS.sqlite3 (UTC) instead, and delete the oldest beyond --keep");
  backup_->add_option("--keep", keep_, "With --to-directory: how many backups to keep")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  backup_->add_option("--config", config_path_, "Configuration file")->capture_default_str();

  restore_ = cli.add_subcommand("restore",
                                "Replace the database with a backup (Hearth must be stopped); the current "
                                "database is kept as a snapshot");
  restore_->add_option("FILE", file_, "The backup file")->required();
  restore_->add_option("--config", config_path_, "Configuration file")->capture_default_str();

  export_user_ = cli.add_subcommand("export-user", "Print everything Hearth holds about a person, as JSON");
  export_user_->add_option("USERNAME", username_, "Their sign-in name")->required();
  export_user_->add_option("--output", output_, "Write to this file (mode 0600) instead of standard output");
  export_user_->add_option("--config", config_path_, "Configuration file")->capture_default_str();

  delete_user_ = cli.add_subcommand("delete-user",
                                    "Delete everything Hearth holds about a person (their posts stay, as \"A "
                                    "former member\"); without --yes, "
                                    "only show what would be deleted");
  delete_user_->add_option("USERNAME", username_, "Their sign-in name")->required();
  delete_user_->add_flag("--yes", yes_, "Really delete");
  delete_user_->add_option("--config", config_path_, "Configuration file")->capture_default_str();
}

bool DataCommands::parsed() const {
  return backup_->parsed() || restore_->parsed() || export_user_->parsed() || delete_user_->parsed();
}

int DataCommands::run(char** environment) const {
  auto load =
      load_config(config_path_, FileRequirement::kMustExist, DirectoryRequirement::kNotRequired, environment);
  if (!load.problems.empty()) {
    std::cerr << fmt::format("The configuration has {} problem{}:\n", load.problems.size(),
                             load.problems.size() == 1 ? "" : "s");
    for (const auto& problem : load.problems)
      std::cerr << fmt::format("  {}: {}\n", problem.key, problem.reason);
    return kProblem;
  }
  log::configure(load.config.log_level, load.config.log_format);
  const auto database_path = load.config.database_path().string();
  try {
    if (backup_->parsed()) return backup(database_path);
    if (restore_->parsed()) return restore(load.config);
    if (export_user_->parsed()) return export_user(database_path);
    return delete_user(database_path);
  } catch (const Error& error) {
    if (!error.log_detail().empty()) log::error("{}", error.log_detail());
    std::cerr << "hearth: " << error.user_message() << "\n";
    return error.kind() == ErrorKind::kBadRequest ? kRefused : kProblem;
  }
}

int DataCommands::backup(const std::string& database_path) const {
  if (file_.empty() == directory_.empty()) {
    std::cerr << "hearth backup: give either a FILE or --to-directory DIR\n";
    return kRefused;
  }
  if (!file_.empty()) {
    const auto report = storage::backup_database(database_path, file_);
    std::cout << fmt::format("Backup written to {} ({} bytes, schema version {}).\n", report.file.string(),
                             report.bytes, report.schema_version);
    return 0;
  }
  const auto rotation =
      storage::backup_to_directory(database_path, directory_, keep_, SystemClock().now_seconds());
  std::cout << fmt::format("Backup written to {} ({} bytes, schema version {}).\n",
                           rotation.backup.file.string(), rotation.backup.bytes,
                           rotation.backup.schema_version);
  for (const auto& removed : rotation.removed) {
    std::cout << fmt::format("Removed the old backup {}.\n", removed.string());
  }
  return 0;
}

int DataCommands::restore(const Config& config) const {
  // The lock proves that no server (and no other restore or migration) uses
  // the data directory; it is held until the restore is done.
  std::error_code ignored;
  std::filesystem::create_directories(config.data_directory, ignored);
  ::chmod(config.data_directory.c_str(), 0700);
  const auto lock = storage::DataDirectoryLock::try_acquire(config.data_directory);
  if (!lock) {
    std::cerr << fmt::format(
        "hearth restore: refused: Hearth is running on {} (or a restore or migration is): {} is locked. Stop "
        "it first (systemctl stop hearth), then restore. Nothing was changed.\n",
        config.data_directory.string(), (config.data_directory / storage::kLockFileName).string());
    return kProblem;
  }
  const auto migrations = storage::embedded_migrations();
  const auto report = storage::restore_database(*lock, file_, config.database_path(), migrations);
  std::cout << fmt::format("Restored {} (schema version {}) into {}.\n", file_, report.backup_version,
                           config.database_path().string());
  if (report.schema_version != report.backup_version) {
    std::cout << fmt::format("Migrated it to schema version {}.\n", report.schema_version);
  }
  if (report.snapshot) {
    std::cout << fmt::format("The database it replaced is kept as {}.\n", report.snapshot->string());
  }
  std::cout << "Start Hearth again: systemctl start hearth\n";
  return 0;
}

int DataCommands::export_user(const std::string& database_path) const {
  require_current_schema(database_path);
  PeopleAccess access(database_path);
  const auto json = access.service.export_by_username(username_);
  if (!json) {
    std::cerr << fmt::format("hearth export-user: nobody with the username \"{}\" has signed in to Hearth.\n",
                             username_);
    return kProblem;
  }
  if (output_.empty()) {
    std::cout << *json;
  } else {
    write_private_file(output_, *json);
    std::cerr << fmt::format("Written to {}.\n", output_);
  }
  return 0;
}

int DataCommands::delete_user(const std::string& database_path) const {
  require_current_schema(database_path);
  PeopleAccess access(database_path);
  const auto summary = access.service.summary_by_username(username_);
  if (!summary) {
    std::cerr << fmt::format("hearth delete-user: nobody with the username \"{}\" has signed in to Hearth.\n",
                             username_);
    return kProblem;
  }
  std::cout << fmt::format(
      "{} ({}): their name, username, e-mail address, department and title are erased.\n",
      summary->person.display_name, summary->person.username);
  for (const auto& line : features::people::erasure_effects(summary->counts))
    std::cout << "  " << line << "\n";
  for (const auto& group : summary->counts.sole_facilitator_of) {
    std::cout << fmt::format("  Note: they are the only facilitator of \"{}\".\n", group);
  }
  if (!yes_) {
    std::cout << "Nothing was deleted. Run again with --yes to delete.\n";
    return kRefused;
  }
  const auto id = access.service.erase_by_username(username_);
  if (!id) {
    std::cerr << "hearth delete-user: the person was deleted meanwhile.\n";
    return kProblem;
  }
  std::cout << fmt::format("Deleted. The audit log records it as person #{}.\n", *id);
  return 0;
}

}  // namespace hearth::app
