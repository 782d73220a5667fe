#include "storage/migrations.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <string>

#include "common/embedded_file.h"
#include "common/error.h"
#include "common/log.h"

namespace hearth::storage {

std::vector<Migration> embedded_migrations() {
  std::vector<Migration> migrations;
  for (const auto& file : hearth_migration_files()) {
    if (!file.path.ends_with(".sql")) continue;
    int version = 0;
    const auto* begin = file.path.data();
    const auto [end, error] = std::from_chars(begin, begin + file.path.size(), version);
    if (error != std::errc() || end == begin || *end != '_') {
      throw Error::internal(fmt::format("migration file name {} does not start with NNNN_", file.path));
    }
    migrations.push_back({version, file.path, file.content});
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& left, const Migration& right) { return left.version < right.version; });
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      throw Error::internal(
          fmt::format("migration {} out of sequence: expected version {}", migrations[i].name, i + 1));
    }
  }
  return migrations;
}

MigrationReport migrate(Database& database, std::span<const Migration> migrations, SnapshotPolicy policy) {
  MigrationReport report;
  report.from_version = database.user_version();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  report.to_version = report.from_version;
  if (report.from_version > latest) {
    throw Error(
        ErrorKind::kConflict,
        fmt::format("The database at {} has schema version {}, but this Hearth binary knows only up to "
                    "version {}. Install the newer Hearth or restore a backup made by this version.",
                    database.path().string(), report.from_version, latest));
  }
  if (report.from_version == latest) return report;

  if (policy == SnapshotPolicy::kSnapshotBeforeMigrating && report.from_version > 0) {
    const auto stamp =
        fmt::format("{:%Y%m%dT%H%M%S}",
                    fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
    std::filesystem::path snapshot = database.path();
    snapshot += fmt::format(".v{}-before-v{}-{}.snapshot", report.from_version, latest, stamp);
    // VACUUM INTO refuses an existing file. A second attempt within the same
    // second (after a failed migration) gets a numbered name, so the earlier
    // snapshot is neither overwritten nor in the way.
    for (int attempt = 2; std::filesystem::exists(snapshot); ++attempt) {
      snapshot = database.path();
      snapshot += fmt::format(".v{}-before-v{}-{}-{}.snapshot", report.from_version, latest, stamp, attempt);
    }
    auto vacuum = database.prepare("VACUUM INTO ?");
    vacuum.bind(1, snapshot.string());
    vacuum.run();
    report.snapshot = snapshot;
    log::info("storage: snapshot of schema v{} written to {}", report.from_version, snapshot.string());
  }

  for (const auto& migration : migrations) {
    if (migration.version <= report.from_version) continue;
    Transaction transaction(database, TransactionKind::kImmediate);
    database.execute(migration.sql);
    database.set_user_version(migration.version);
    transaction.commit();
    report.to_version = migration.version;
    log::info("storage: applied migration {}", migration.name);
  }
  return report;
}

}  // namespace hearth::storage
