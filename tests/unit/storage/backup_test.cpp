#include "storage/backup.h"

#include <sys/stat.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "common/error.h"
#include "unit/common/temporary_directory.h"

namespace hearth::storage {
namespace {

using testing::TemporaryDirectory;

// A database with two tables that every write changes together, so that a
// copy taken between writes has equal counts.
void create_pairs(const std::filesystem::path& path) {
  auto database = Database::open(path);
  database.execute(
      "PRAGMA synchronous=OFF;"
      "CREATE TABLE left_side (id INTEGER PRIMARY KEY, filler BLOB NOT NULL);"
      "CREATE TABLE right_side (id INTEGER PRIMARY KEY, filler BLOB NOT NULL);");
  // About 8 MB, so that the backup takes several steps.
  Transaction transaction(database);
  for (int i = 0; i < 1000; ++i) {
    database.execute(
        "INSERT INTO left_side (filler) VALUES (randomblob(4000));"
        "INSERT INTO right_side (filler) VALUES (randomblob(4000));");
  }
  transaction.commit();
}

std::int64_t count_rows(Database& database, std::string_view table) {
  auto statement = database.prepare("SELECT count(*) FROM " + std::string(table));
  REQUIRE(statement.step());
  return statement.column_int64(0);
}

unsigned file_mode(const std::filesystem::path& path) {
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_mode & 0777U;
}

// A Hearth database at the newest schema with one person in it.
void create_hearth_database(const std::filesystem::path& path, std::string_view username) {
  auto database = Database::open(path);
  const auto migrations = embedded_migrations();
  migrate(database, migrations, SnapshotPolicy::kNoSnapshot);
  auto insert = database.prepare(
      "INSERT INTO person (directory_id, username, display_name, created_at, last_sign_in_at) "
      "VALUES (?1, ?1, ?1, 0, 0)");
  insert.bind(1, username).run();
}

std::string only_username(const std::filesystem::path& path) {
  auto database = Database::open(path, OpenMode::kReadOnly);
  auto statement = database.prepare("SELECT group_concat(username) FROM person");
  REQUIRE(statement.step());
  return statement.column_text(0);
}

std::string refusal(const std::filesystem::path& file) {
  const auto migrations = embedded_migrations();
  try {
    check_backup_file(file, migrations);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kBadRequest);
    return error.user_message();
  }
  FAIL("the file was accepted");
  return {};
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a backup is a complete, checked, private, self-contained copy", "[storage][backup]") {
  TemporaryDirectory folder;
  create_hearth_database(folder / "hearth.db", "amy");
  const auto target = folder / "copy.sqlite3";
  const auto report = backup_database(folder / "hearth.db", target);

  CHECK(report.file == target);
  CHECK(report.bytes == std::filesystem::file_size(target));
  CHECK(report.schema_version == static_cast<int>(embedded_migrations().size()));
  CHECK(file_mode(target) == 0600U);
  CHECK(only_username(target) == "amy");
  // Rollback-journal format (file format bytes 18 and 19 are 1), no -wal
  // beside it, and no temporary file left in the folder.
  std::ifstream stream(target, std::ios::binary);
  char header[20] = {};
  stream.read(header, sizeof header);
  CHECK(header[18] == 1);
  CHECK(header[19] == 1);
  CHECK_FALSE(std::filesystem::exists(target.string() + "-wal"));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
    if (entry.path().filename().string().find("copy") != std::string::npos) ++files;
  }
  CHECK(files == 1);
  CHECK(check_backup_file(target, embedded_migrations()).schema_version == report.schema_version);
}

TEST_CASE("a backup never overwrites a file and needs a database", "[storage][backup]") {
  TemporaryDirectory folder;
  create_hearth_database(folder / "hearth.db", "amy");
  std::ofstream(folder / "taken") << "keep me";
  CHECK_THROWS_MATCHES(
      backup_database(folder / "hearth.db", folder / "taken"), Error,
      Catch::Predicate<Error>([](const Error& e) { return e.kind() == ErrorKind::kBadRequest; }));
  // Not even the live database itself.
  CHECK_THROWS_AS(backup_database(folder / "hearth.db", folder / "hearth.db"), Error);
  CHECK(only_username(folder / "hearth.db") == "amy");
  std::ifstream kept(folder / "taken");
  std::string text;
  std::getline(kept, text);
  CHECK(text == "keep me");
  CHECK_THROWS_MATCHES(
      backup_database(folder / "missing.db", folder / "new.sqlite3"), Error,
      Catch::Predicate<Error>([](const Error& e) { return e.kind() == ErrorKind::kUnavailable; }));
  CHECK_FALSE(std::filesystem::exists(folder / "new.sqlite3"));
}

TEST_CASE("a backup taken during writes is the database as of one moment", "[storage][backup]") {
  TemporaryDirectory folder;
  const auto path = folder / "pairs.db";
  create_pairs(path);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    auto database = Database::open(path);
    while (!stop) {
      Transaction transaction(database);
      database.execute(
          "INSERT INTO left_side (filler) VALUES (randomblob(4000));"
          "INSERT INTO right_side (filler) VALUES (randomblob(4000));");
      transaction.commit();
      ++written;
    }
  });
  while (written < 5) std::this_thread::yield();
  const int before = written;
  const auto target = folder / "pairs.sqlite3";
  backup_database(path, target);
  const int after_backup = written;
  stop = true;
  writer.join();

  auto copy = Database::open(target, OpenMode::kReadOnly);
  const auto left = count_rows(copy, "left_side");
  CHECK(left == count_rows(copy, "right_side"));
  // Every write acknowledged before the backup began is in it; none from
  // after it ended.
  CHECK(left >= 1000 + before);
  CHECK(left <= 1000 + after_backup);
  INFO("writes during the backup: " << after_backup - before);
}

TEST_CASE("backups in a folder are named by time and the oldest beyond --keep removed", "[storage][backup]") {
  TemporaryDirectory folder;
  create_hearth_database(folder / "hearth.db", "amy");
  const auto backups = folder / "backups";
  std::filesystem::create_directories(backups);
  std::ofstream(backups / "notes.txt") << "not a backup";
  std::ofstream(backups / "hearth-manual.sqlite3") << "not one of ours";

  const std::int64_t start = 1'767'225'600;  // 2026-01-01 00:00:00 UTC
  const auto first = backup_to_directory(folder / "hearth.db", backups, 3, start);
  CHECK(first.backup.file.filename() == "hearth-20260101-000000.sqlite3");
  CHECK(first.removed.empty());
  CHECK(file_mode(first.backup.file) == 0600U);
  // Twice in one second: a second name, not an overwrite.
  const auto again = backup_to_directory(folder / "hearth.db", backups, 3, start);
  CHECK(again.backup.file.filename() == "hearth-20260101-000000-2.sqlite3");
  backup_to_directory(folder / "hearth.db", backups, 3, start + 86'400);
  const auto fourth = backup_to_directory(folder / "hearth.db", backups, 3, start + 2 * 86'400);
  REQUIRE(fourth.removed.size() == 1);
  CHECK(fourth.removed[0].filename() == "hearth-20260101-000000.sqlite3");
  const auto fifth = backup_to_directory(folder / "hearth.db", backups, 3, start + 3 * 86'400);
  REQUIRE(fifth.removed.size() == 1);
  CHECK(fifth.removed[0].filename() == "hearth-20260101-000000-2.sqlite3");

  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(backups)) {
    left.push_back(entry.path().filename().string());
  }
  std::sort(left.begin(), left.end());
  CHECK(left == std::vector<std::string>{"hearth-20260102-000000.sqlite3", "hearth-20260103-000000.sqlite3",
                                         "hearth-20260104-000000.sqlite3", "hearth-manual.sqlite3",
                                         "notes.txt"});
  CHECK_THROWS_AS(backup_to_directory(folder / "hearth.db", backups, 0, start), Error);
}

TEST_CASE("only names made by backup_file_name count as backups", "[storage][backup]") {
  CHECK(is_backup_file_name(backup_file_name(1'767'225'600)));
  CHECK(is_backup_file_name(backup_file_name(1'767'225'600, 12)));
  CHECK(is_backup_file_name("hearth-20260101-000000.sqlite3"));
  CHECK_FALSE(is_backup_file_name("hearth-20260101-000000.sqlite3-wal"));
  CHECK_FALSE(is_backup_file_name("hearth-2026-01-01.sqlite3"));
  CHECK_FALSE(is_backup_file_name("hearth-20260101-000000-.sqlite3"));
  CHECK_FALSE(is_backup_file_name(".hearth-20260101-000000.sqlite3.partial-abc123"));
  CHECK_FALSE(is_backup_file_name("hearth.db"));
}

TEST_CASE("the data directory lock is exclusive until released", "[storage][backup]") {
  TemporaryDirectory folder;
  auto first = DataDirectoryLock::try_acquire(folder.path());
  REQUIRE(first);
  CHECK(file_mode(folder / "hearth.lock") == 0600U);
  CHECK_FALSE(DataDirectoryLock::try_acquire(folder.path()));
  auto moved = std::move(*first);
  first.reset();
  CHECK_FALSE(DataDirectoryLock::try_acquire(folder.path()));  // the moved-to object still holds it
  { [[maybe_unused]] auto released = std::move(moved); }
  CHECK(DataDirectoryLock::try_acquire(folder.path()));
  CHECK_THROWS_AS(DataDirectoryLock::try_acquire(folder / "missing"), Error);
}

TEST_CASE("restore refuses files that are not SQLite, damaged, not Hearth or too new", "[storage][backup]") {
  TemporaryDirectory folder;
  create_hearth_database(folder / "hearth.db", "amy");
  const auto good = folder / "good.sqlite3";
  backup_database(folder / "hearth.db", good);

  std::ofstream(folder / "notes.txt") << "Dear IT, this is not a database.\n";
  CHECK(contains(refusal(folder / "notes.txt"), "not a SQLite database"));
  CHECK(contains(refusal(folder / "missing.sqlite3"), "does not exist"));

  {
    auto other = Database::open(folder / "other.db");
    other.execute("CREATE TABLE recipes (name TEXT); PRAGMA user_version=3;");
  }
  CHECK(contains(refusal(folder / "other.db"), "not a Hearth database"));

  std::filesystem::copy_file(good, folder / "newer.sqlite3");
  {
    auto newer = Database::open(folder / "newer.sqlite3");
    newer.set_user_version(static_cast<int>(embedded_migrations().size()) + 1);
  }
  CHECK(contains(refusal(folder / "newer.sqlite3"), "newer Hearth"));

  // Pages 2 and 3 (the first tables' roots) overwritten.
  std::filesystem::copy_file(good, folder / "damaged.sqlite3");
  {
    std::fstream damaged(folder / "damaged.sqlite3", std::ios::in | std::ios::out | std::ios::binary);
    damaged.seekp(4096);
    const std::string junk(8192, '\xFF');
    damaged.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  CHECK(contains(refusal(folder / "damaged.sqlite3"), "damaged"));
  // Checking changes nothing.
  CHECK(check_backup_file(good, embedded_migrations()).schema_version > 0);
}

TEST_CASE("restore replaces the database, keeps the old one as a snapshot and migrates an older backup",
          "[storage][backup]") {
  TemporaryDirectory folder;
  const auto live = folder / "data" / "hearth.db";
  std::filesystem::create_directories(live.parent_path());
  const auto migrations = embedded_migrations();

  // A backup made by an older Hearth: schema version 1 only.
  const auto old_backup = folder / "old.sqlite3";
  {
    auto database = Database::open(folder / "old.db");
    migrate(database, std::span(migrations).first(1), SnapshotPolicy::kNoSnapshot);
    database.execute(
        "INSERT INTO person (directory_id, username, display_name, created_at, last_sign_in_at) "
        "VALUES ('u-ben', 'ben', 'Ben', 0, 0)");
  }
  backup_database(folder / "old.db", old_backup);

  create_hearth_database(live, "amy");
  {
    // Leave a -wal behind, as a crashed server would.
    auto database = Database::open(live);
    database.execute("PRAGMA wal_autocheckpoint=0; UPDATE person SET display_name = 'Amy in the WAL'");
    std::filesystem::copy_file(live.string() + "-wal", folder / "saved-wal");
  }
  std::filesystem::copy_file(folder / "saved-wal", live.string() + "-wal");

  auto lock = DataDirectoryLock::try_acquire(live.parent_path());
  REQUIRE(lock);
  const auto report = restore_database(*lock, old_backup, live, migrations);
  CHECK(report.backup_version == 1);
  CHECK(report.schema_version == static_cast<int>(migrations.size()));
  REQUIRE(report.snapshot);
  CHECK(file_mode(*report.snapshot) == 0600U);

  CHECK(only_username(live) == "ben");
  {
    auto database = Database::open(live, OpenMode::kReadOnly);
    CHECK(database.user_version() == static_cast<int>(migrations.size()));
  }
  auto snapshot = Database::open(*report.snapshot, OpenMode::kReadOnly);
  auto name = snapshot.prepare("SELECT display_name FROM person");
  REQUIRE(name.step());
  CHECK(name.column_text(0) == "Amy in the WAL");
  // No temporary copy is left next to the database.
  for (const auto& entry : std::filesystem::directory_iterator(live.parent_path())) {
    INFO(entry.path().string());
    CHECK(entry.path().filename().string().find(".restore-") == std::string::npos);
  }
}

TEST_CASE("a refused restore leaves the database as it was", "[storage][backup]") {
  TemporaryDirectory folder;
  const auto live = folder / "hearth.db";
  create_hearth_database(live, "amy");
  std::ofstream(folder / "notes.txt") << "not a database";
  auto lock = DataDirectoryLock::try_acquire(folder.path());
  REQUIRE(lock);
  CHECK_THROWS_AS(restore_database(*lock, folder / "notes.txt", live, embedded_migrations()), Error);
  CHECK(only_username(live) == "amy");
  for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
    const auto name = entry.path().filename().string();
    INFO(name);
    CHECK((name == "hearth.db" || name == "notes.txt" || name == "hearth.lock" ||
           name.starts_with("hearth.db-")));
  }
}

}  // namespace hearth::storage
