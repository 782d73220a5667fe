#pragma once

#include <filesystem>

#include "storage/database.h"
#include "storage/migrations.h"
#include "unit/common/temporary_directory.h"

namespace hearth::testing {

// A database file in its own temporary folder, migrated to the newest
// embedded schema, with a connection pool for stores under test.
//
// The calling thread's connection runs with synchronous=OFF: these tests do
// not cut the power, and an fsync per commit made the suite several times
// slower. The durability pragmas themselves are tested in database_test.cpp.
class MigratedDatabase {
 public:
  MigratedDatabase() : pool_(prepare(directory_.path() / "hearth.db")) {
    pool_.connection().execute("PRAGMA synchronous=OFF");
  }

  storage::ConnectionPool& pool() { return pool_; }
  storage::Database& connection() { return pool_.connection(); }
  const std::filesystem::path& path() const { return pool_.path(); }

 private:
  static std::filesystem::path prepare(const std::filesystem::path& path) {
    auto database = storage::Database::open(path);
    database.execute("PRAGMA synchronous=OFF");
    const auto migrations = storage::embedded_migrations();
    storage::migrate(database, migrations, storage::SnapshotPolicy::kNoSnapshot);
    return path;
  }

  TemporaryDirectory directory_;
  storage::ConnectionPool pool_;
};

}  // namespace hearth::testing
