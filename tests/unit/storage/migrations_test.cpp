#include "storage/migrations.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "unit/common/temporary_directory.h"

namespace hearth::storage {
namespace {

using testing::TemporaryDirectory;

bool has_table(Database& database, std::string_view name) {
  auto statement = database.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  statement.bind(1, name);
  REQUIRE(statement.step());
  return statement.column_int64(0) == 1;
}

// Files in `folder` other than the database itself and its WAL companions.
std::vector<std::filesystem::path> snapshot_files(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> found;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const auto name = entry.path().filename().string();
    if (name.find(".snapshot") != std::string::npos) found.push_back(entry.path());
  }
  return found;
}

const std::vector<Migration> kVersionOne = {
    {1, "0001_notes.sql", "CREATE TABLE note (body TEXT NOT NULL); INSERT INTO note VALUES ('from v1');"},
};
const std::vector<Migration> kVersionTwo = {
    kVersionOne[0],
    {2, "0002_tags.sql",
     "CREATE TABLE tag (name TEXT NOT NULL); ALTER TABLE note ADD COLUMN pinned INTEGER;"},
};

}  // namespace

TEST_CASE("embedded migrations are numbered 1, 2, 3... without gaps", "[storage][migrations]") {
  const auto migrations = embedded_migrations();
  REQUIRE_FALSE(migrations.empty());
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    INFO(migrations[i].name);
    CHECK(migrations[i].version == static_cast<int>(i) + 1);
    CHECK(migrations[i].name.ends_with(".sql"));
    CHECK_FALSE(migrations[i].sql.empty());
    // migrate() records the version; a migration that set it itself would skip the bookkeeping.
    CHECK(std::string(migrations[i].sql).find("user_version") == std::string::npos);
  }
}

TEST_CASE("an empty database is migrated to the newest version without a snapshot", "[storage][migrations]") {
  TemporaryDirectory directory;
  auto database = Database::open(directory / "hearth.db");
  const auto migrations = embedded_migrations();
  const auto report = migrate(database, migrations, SnapshotPolicy::kSnapshotBeforeMigrating);
  CHECK(report.from_version == 0);
  CHECK(report.to_version == migrations.back().version);
  CHECK_FALSE(report.snapshot);
  CHECK(snapshot_files(directory.path()).empty());
  CHECK(database.user_version() == migrations.back().version);
  CHECK(has_table(database, "person"));
  CHECK(has_table(database, "session"));
  CHECK(has_table(database, "audit_log"));

  SECTION("migrating again changes nothing and writes no snapshot") {
    const auto again = migrate(database, migrations, SnapshotPolicy::kSnapshotBeforeMigrating);
    CHECK(again.from_version == migrations.back().version);
    CHECK(again.to_version == migrations.back().version);
    CHECK_FALSE(again.snapshot);
    CHECK(snapshot_files(directory.path()).empty());
  }
}

TEST_CASE("the embedded schema works in an in-memory database", "[storage][migrations]") {
  auto database = Database::open_in_memory();
  const auto migrations = embedded_migrations();
  const auto report = migrate(database, migrations, SnapshotPolicy::kNoSnapshot);
  CHECK(report.to_version == migrations.back().version);
  // The session table refers to person with a cascading foreign key.
  database.execute(
      "INSERT INTO person (directory_id, username, display_name, created_at, last_sign_in_at) "
      "VALUES ('uuid-1', 'amy', 'Amy', 1, 1);"
      "INSERT INTO session (token_hash, person_id, csrf_token, created_at, last_seen_at) "
      "VALUES ('hash', 1, 'csrf', 1, 1);"
      "DELETE FROM person;");
  auto statement = database.prepare("SELECT count(*) FROM session");
  REQUIRE(statement.step());
  CHECK(statement.column_int64(0) == 0);
}

TEST_CASE("migrating an older database first writes a snapshot of the old version", "[storage][migrations]") {
  TemporaryDirectory directory;
  const auto path = directory / "hearth.db";
  auto database = Database::open(path);
  const auto first = migrate(database, kVersionOne, SnapshotPolicy::kSnapshotBeforeMigrating);
  REQUIRE(first.to_version == 1);
  REQUIRE_FALSE(first.snapshot);

  const auto report = migrate(database, kVersionTwo, SnapshotPolicy::kSnapshotBeforeMigrating);
  CHECK(report.from_version == 1);
  CHECK(report.to_version == 2);
  REQUIRE(report.snapshot);
  CHECK(report.snapshot->parent_path() == path.parent_path());
  CHECK(report.snapshot->filename().string().starts_with("hearth.db."));
  REQUIRE(std::filesystem::exists(*report.snapshot));
  CHECK(snapshot_files(directory.path()).size() == 1);

  // The database itself is at the new version...
  CHECK(database.user_version() == 2);
  CHECK(has_table(database, "tag"));
  // ...and the snapshot is a working database at the old one.
  auto snapshot = Database::open(*report.snapshot, OpenMode::kReadOnly);
  CHECK(snapshot.user_version() == 1);
  CHECK(has_table(snapshot, "note"));
  CHECK_FALSE(has_table(snapshot, "tag"));
  auto rows = snapshot.prepare("SELECT body FROM note");
  REQUIRE(rows.step());
  CHECK(rows.column_text(0) == "from v1");
}

TEST_CASE("kNoSnapshot migrates an older database without writing a snapshot", "[storage][migrations]") {
  TemporaryDirectory directory;
  auto database = Database::open(directory / "hearth.db");
  migrate(database, kVersionOne, SnapshotPolicy::kNoSnapshot);
  const auto report = migrate(database, kVersionTwo, SnapshotPolicy::kNoSnapshot);
  CHECK(report.to_version == 2);
  CHECK_FALSE(report.snapshot);
  CHECK(snapshot_files(directory.path()).empty());
}

TEST_CASE("a database newer than this binary is refused and left unchanged", "[storage][migrations]") {
  TemporaryDirectory directory;
  auto database = Database::open(directory / "hearth.db");
  database.execute("CREATE TABLE from_the_future (x INTEGER)");
  const int future = static_cast<int>(embedded_migrations().size()) + 5;
  database.set_user_version(future);

  const auto migrations = embedded_migrations();
  try {
    migrate(database, migrations, SnapshotPolicy::kSnapshotBeforeMigrating);
    FAIL("a downgrade must be refused");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kConflict);
    CHECK(error.user_message().find(std::to_string(future)) != std::string::npos);
  }
  CHECK(database.user_version() == future);
  CHECK(has_table(database, "from_the_future"));
  CHECK_FALSE(has_table(database, "person"));
  CHECK(snapshot_files(directory.path()).empty());

  SECTION("an empty migration list refuses any versioned database too") {
    CHECK_THROWS_AS(migrate(database, std::span<const Migration>{}, SnapshotPolicy::kNoSnapshot), Error);
    CHECK(database.user_version() == future);
  }
}

TEST_CASE("a failing migration leaves the previous version and no partial tables", "[storage][migrations]") {
  TemporaryDirectory directory;
  auto database = Database::open(directory / "hearth.db");
  const std::vector<Migration> failing = {
      kVersionOne[0],
      kVersionTwo[1],
      {3, "0003_broken.sql",
       "CREATE TABLE half_done (x INTEGER); INSERT INTO half_done VALUES (1); INSERT INTO no_such_table "
       "VALUES (1);"},
      {4, "0004_never.sql", "CREATE TABLE never_reached (x INTEGER);"},
  };
  CHECK_THROWS_AS(migrate(database, failing, SnapshotPolicy::kNoSnapshot), Error);
  CHECK(database.user_version() == 2);  // 1 and 2 were committed one by one
  CHECK(has_table(database, "tag"));
  CHECK_FALSE(has_table(database, "half_done"));
  CHECK_FALSE(has_table(database, "never_reached"));

  SECTION("the connection can run the fixed migration afterwards") {
    std::vector<Migration> fixed = failing;
    fixed[2].sql = "CREATE TABLE half_done (x INTEGER);";
    const auto report = migrate(database, fixed, SnapshotPolicy::kNoSnapshot);
    CHECK(report.from_version == 2);
    CHECK(report.to_version == 4);
    CHECK(has_table(database, "never_reached"));
  }
}

TEST_CASE("a migration retried right after a failure can snapshot again", "[storage][migrations]") {
  TemporaryDirectory directory;
  auto database = Database::open(directory / "hearth.db");
  migrate(database, kVersionOne, SnapshotPolicy::kSnapshotBeforeMigrating);
  const std::vector<Migration> broken = {kVersionOne[0], {2, "0002_broken.sql", "CREATE TABLE x (;"}};
  CHECK_THROWS_AS(migrate(database, broken, SnapshotPolicy::kSnapshotBeforeMigrating), Error);
  CHECK(database.user_version() == 1);
  CHECK(snapshot_files(directory.path()).size() == 1);

  // The operator fixes the problem and runs `hearth migrate` again at once:
  // the earlier snapshot must neither block this one nor be overwritten.
  const auto report = migrate(database, kVersionTwo, SnapshotPolicy::kSnapshotBeforeMigrating);
  CHECK(report.to_version == 2);
  REQUIRE(report.snapshot);
  CHECK(std::filesystem::exists(*report.snapshot));
  CHECK(snapshot_files(directory.path()).size() == 2);
}

}  // namespace hearth::storage
