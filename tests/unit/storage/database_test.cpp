#include "storage/database.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "common/error.h"
#include "unit/common/temporary_directory.h"

namespace hearth::storage {
namespace {

using testing::TemporaryDirectory;

std::string text_pragma(Database& database, std::string_view name) {
  auto statement = database.prepare("PRAGMA " + std::string(name));
  REQUIRE(statement.step());
  return statement.column_text(0);
}

std::int64_t integer_pragma(Database& database, std::string_view name) {
  auto statement = database.prepare("PRAGMA " + std::string(name));
  REQUIRE(statement.step());
  return statement.column_int64(0);
}

std::int64_t count_rows(Database& database, std::string_view table) {
  auto statement = database.prepare("SELECT count(*) FROM " + std::string(table));
  REQUIRE(statement.step());
  return statement.column_int64(0);
}

ErrorKind kind_of_failure(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.kind();
  }
  FAIL("expected a hearth::Error");
  return ErrorKind::kInternal;
}

}  // namespace

TEST_CASE("opening a database file applies WAL, synchronous FULL and foreign keys", "[storage]") {
  TemporaryDirectory directory;
  auto database = Database::open(directory / "pragmas.db");
  CHECK(text_pragma(database, "journal_mode") == "wal");
  CHECK(integer_pragma(database, "synchronous") == 2);  // FULL
  CHECK(integer_pragma(database, "foreign_keys") == 1);
  CHECK(integer_pragma(database, "busy_timeout") > 0);
  CHECK(database.path() == directory / "pragmas.db");
  CHECK(std::filesystem::exists(directory / "pragmas.db"));
}

TEST_CASE("double-quoted strings are identifiers, never string literals", "[storage]") {
  TemporaryDirectory directory;
  auto database = Database::open(directory / "dqs.db");
  database.execute("CREATE TABLE note (body TEXT NOT NULL)");
  CHECK(kind_of_failure([&] { database.prepare("SELECT \"nope\" FROM note"); }) == ErrorKind::kInternal);
  CHECK_THROWS_AS(database.execute("INSERT INTO note (body) VALUES (\"typo\")"), Error);
  CHECK_THROWS_AS(database.execute("CREATE TABLE broken (x TEXT CHECK (x <> \"literal\"))"), Error);
  CHECK_THROWS_AS(database.execute("CREATE INDEX partial ON note (body) WHERE body = \"literal\""), Error);
  // A double-quoted name that is a column still works.
  database.execute("INSERT INTO note (body) VALUES ('kept')");
  auto statement = database.prepare("SELECT \"body\" FROM note");
  REQUIRE(statement.step());
  CHECK(statement.column_text(0) == "kept");

  SECTION("the in-memory database refuses them too") {
    auto memory = Database::open_in_memory();
    memory.execute("CREATE TABLE note (body TEXT)");
    CHECK_THROWS_AS(memory.prepare("SELECT \"nope\" FROM note"), Error);
    CHECK(integer_pragma(memory, "foreign_keys") == 1);
  }
}

TEST_CASE("foreign keys are enforced on every connection", "[storage]") {
  TemporaryDirectory directory;
  auto database = Database::open(directory / "fk.db");
  database.execute(
      "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
      "CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent (id))");
  CHECK_THROWS_AS(database.execute("INSERT INTO child VALUES (42)"), Error);
  CHECK(count_rows(database, "child") == 0);
}

TEST_CASE("open with kReadWrite does not create a missing file", "[storage]") {
  TemporaryDirectory directory;
  CHECK_THROWS_AS(Database::open(directory / "absent.db", OpenMode::kReadWrite), Error);
  CHECK_FALSE(std::filesystem::exists(directory / "absent.db"));
}

TEST_CASE("a read-only connection cannot write", "[storage]") {
  TemporaryDirectory directory;
  {
    auto writer = Database::open(directory / "ro.db");
    writer.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)");
  }
  auto reader = Database::open(directory / "ro.db", OpenMode::kReadOnly);
  CHECK(count_rows(reader, "t") == 1);
  CHECK_THROWS_AS(reader.execute("INSERT INTO t VALUES (2)"), Error);
  CHECK(count_rows(reader, "t") == 1);
}

TEST_CASE("invalid SQL throws kInternal naming the problem for the log", "[storage]") {
  auto database = Database::open_in_memory();
  try {
    database.execute("SELEKT 1");
    FAIL("expected an error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kInternal);
    CHECK(error.log_detail().find("syntax error") != std::string::npos);
    // The person sees a generic message, never SQL.
    CHECK(error.user_message().find("SELEKT") == std::string::npos);
  }
  CHECK(kind_of_failure([&] { database.query("SELECT * FROM missing_table"); }) == ErrorKind::kInternal);
}

TEST_CASE("a transaction that is not committed rolls back", "[storage]") {
  TemporaryDirectory directory;
  auto database = Database::open(directory / "tx.db");
  database.execute("CREATE TABLE t (x INTEGER)");

  SECTION("leaving the scope without commit") {
    {
      Transaction transaction(database);
      database.execute("INSERT INTO t VALUES (1)");
      CHECK(count_rows(database, "t") == 1);  // visible inside the transaction
    }
    CHECK(count_rows(database, "t") == 0);
  }
  SECTION("an exception thrown inside the transaction") {
    CHECK_THROWS_AS(
        [&] {
          Transaction transaction(database, TransactionKind::kDeferred);
          database.execute("INSERT INTO t VALUES (1)");
          throw std::runtime_error("handler failed");
        }(),
        std::runtime_error);
    CHECK(count_rows(database, "t") == 0);
  }
  SECTION("a failing statement inside the transaction") {
    database.execute("CREATE TABLE unique_values (x INTEGER UNIQUE)");
    CHECK_THROWS_AS(
        [&] {
          Transaction transaction(database);
          database.execute("INSERT INTO t VALUES (1)");
          database.execute("INSERT INTO unique_values VALUES (1); INSERT INTO unique_values VALUES (1)");
          transaction.commit();
        }(),
        Error);
    CHECK(count_rows(database, "t") == 0);
    CHECK(count_rows(database, "unique_values") == 0);
  }
  // The connection is usable again afterwards: a new transaction can begin.
  Transaction again(database);
  database.execute("INSERT INTO t VALUES (7)");
  again.commit();
  CHECK(count_rows(database, "t") == 1);
}

TEST_CASE("a committed transaction keeps its data across connections", "[storage]") {
  TemporaryDirectory directory;
  {
    auto database = Database::open(directory / "commit.db");
    database.execute("CREATE TABLE t (x INTEGER)");
    Transaction transaction(database);
    database.execute("INSERT INTO t VALUES (1), (2)");
    transaction.commit();
  }  // the destructor after commit must not roll back
  auto reopened = Database::open(directory / "commit.db");
  CHECK(count_rows(reopened, "t") == 2);
}

TEST_CASE("an immediate transaction holds the write lock against another connection", "[storage]") {
  TemporaryDirectory directory;
  auto first = Database::open(directory / "lock.db");
  first.execute("CREATE TABLE t (x INTEGER)");
  auto second = Database::open(directory / "lock.db");
  second.execute("PRAGMA busy_timeout=0");
  Transaction transaction(first, TransactionKind::kImmediate);
  // Busy is "try again", not a bug: it maps to kUnavailable.
  CHECK(kind_of_failure([&] { second.execute("INSERT INTO t VALUES (1)"); }) == ErrorKind::kUnavailable);
  // Readers are not blocked in WAL mode.
  CHECK(count_rows(second, "t") == 0);
}

TEST_CASE("a cached query can be reused after a statement is destroyed mid-iteration", "[storage]") {
  auto database = Database::open_in_memory();
  database.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)");
  constexpr std::string_view kSql = "SELECT x FROM t WHERE x >= ?1 ORDER BY x";
  {
    auto statement = database.query(kSql);
    statement.bind(1, 1);
    REQUIRE(statement.step());
    CHECK(statement.column_int64(0) == 1);
    // Destroyed here with rows 2 and 3 unread.
  }
  {
    auto statement = database.query(kSql);
    // The earlier binding was cleared: an unbound parameter is NULL, so no row matches.
    CHECK_FALSE(statement.step());
  }
  {
    auto statement = database.query(kSql);
    statement.bind(1, 2);
    REQUIRE(statement.step());
    CHECK(statement.column_int64(0) == 2);  // starts from the first row again, not where the last one stopped
    REQUIRE(statement.step());
    CHECK(statement.column_int64(0) == 3);
    CHECK_FALSE(statement.step());
  }
  // A table left half-read does not hold a read transaction that would block writes.
  {
    auto statement = database.query(kSql);
    statement.bind(1, 1);
    REQUIRE(statement.step());
  }
  database.execute("DROP TABLE t");
}

TEST_CASE("a moved statement is reset once, by its new owner", "[storage]") {
  auto database = Database::open_in_memory();
  database.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)");
  auto first = database.query("SELECT x FROM t ORDER BY x");
  REQUIRE(first.step());
  Statement moved(std::move(first));
  REQUIRE(moved.step());
  CHECK(moved.column_int64(0) == 2);
  auto owned = database.prepare("SELECT x FROM t ORDER BY x DESC");
  Statement moved_owned(std::move(owned));
  REQUIRE(moved_owned.step());
  CHECK(moved_owned.column_int64(0) == 2);
}

TEST_CASE("bound values round-trip, including NULL, NUL bytes and large integers", "[storage]") {
  auto database = Database::open_in_memory();
  database.execute("CREATE TABLE t (i INTEGER, d REAL, s TEXT, n TEXT)");
  const std::string with_nul("before\0after", 12);
  const std::optional<std::string> absent;
  const std::optional<std::int64_t> present = 5;
  database.query("INSERT INTO t VALUES (?1, ?2, ?3, ?4)")
      .bind_all(std::int64_t{9'007'199'254'740'993}, 2.5, with_nul, absent)
      .run();
  CHECK(database.changes() == 1);
  CHECK(database.last_insert_id() == 1);
  auto statement = database.query("SELECT i, d, s, n, ?1 FROM t");
  statement.bind(1, present);
  REQUIRE(statement.step());
  CHECK(statement.column_int64(0) == 9'007'199'254'740'993);
  CHECK(statement.column_double(1) == 2.5);
  CHECK(statement.column_text(2) == with_nul);
  CHECK(statement.is_null(3));
  CHECK(statement.column_text(3).empty());
  CHECK_FALSE(statement.column_optional_text(3));
  CHECK_FALSE(statement.column_optional_int64(3));
  CHECK(statement.column_optional_int64(4) == 5);
  CHECK_FALSE(statement.step());
}

TEST_CASE("binding a parameter that does not exist throws", "[storage]") {
  auto database = Database::open_in_memory();
  auto statement = database.query("SELECT ?1");
  CHECK_THROWS_AS(statement.bind(2, 1), Error);
}

TEST_CASE("user_version reads back what was set", "[storage]") {
  TemporaryDirectory directory;
  {
    auto database = Database::open(directory / "version.db");
    CHECK(database.user_version() == 0);
    database.set_user_version(7);
    CHECK(database.user_version() == 7);
  }
  auto reopened = Database::open(directory / "version.db");
  CHECK(reopened.user_version() == 7);
}

TEST_CASE("a moved database keeps its connection and statement cache", "[storage]") {
  TemporaryDirectory directory;
  auto original = Database::open(directory / "moved.db");
  original.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (3)");
  { auto warm = original.query("SELECT x FROM t"); }
  Database moved(std::move(original));
  CHECK(original.handle() == nullptr);
  {
    // A borrowed statement must not outlive the database it came from.
    auto statement = moved.query("SELECT x FROM t");
    REQUIRE(statement.step());
    CHECK(statement.column_int64(0) == 3);
  }

  auto other = Database::open(directory / "other.db");
  other = std::move(moved);
  CHECK(other.path() == directory / "moved.db");
  CHECK(count_rows(other, "t") == 1);
}

TEST_CASE("a connection pool gives each thread its own connection", "[storage]") {
  TemporaryDirectory directory;
  { Database::open(directory / "pool.db").execute("CREATE TABLE t (x INTEGER)"); }
  ConnectionPool pool(directory / "pool.db");

  Database& mine = pool.connection();
  CHECK(&pool.connection() == &mine);  // the same thread gets the same connection
  CHECK(text_pragma(mine, "journal_mode") == "wal");
  mine.execute("INSERT INTO t VALUES (1)");

  const Database* theirs = nullptr;
  const Database* theirs_again = nullptr;
  std::int64_t rows_seen_by_other_thread = -1;
  std::thread worker([&] {
    Database& connection = pool.connection();
    theirs = &connection;
    theirs_again = &pool.connection();
    rows_seen_by_other_thread = count_rows(connection, "t");
    connection.execute("INSERT INTO t VALUES (2)");
  });
  worker.join();
  CHECK(theirs != nullptr);
  CHECK(theirs != &mine);
  CHECK(theirs == theirs_again);
  CHECK(rows_seen_by_other_thread == 1);  // both connections see one file
  CHECK(count_rows(mine, "t") == 2);
  CHECK(pool.path() == directory / "pool.db");
}

TEST_CASE("a released connection goes to the next thread that asks, with what it has prepared", "[storage]") {
  TemporaryDirectory directory;
  { Database::open(directory / "pool.db").execute("CREATE TABLE t (x INTEGER)"); }
  ConnectionPool pool(directory / "pool.db");
  CHECK(pool.idle_connections() == 0);

  const Database* first = nullptr;
  std::thread([&] {
    first = &pool.connection();
    pool.connection().execute("INSERT INTO t VALUES (1)");
    ConnectionPool::release_thread_connections();
  }).join();
  CHECK(pool.idle_connections() == 1);

  const Database* second = nullptr;
  const Database* third = nullptr;
  std::thread([&] {
    second = &pool.connection();
    CHECK(count_rows(pool.connection(), "t") == 1);
    CHECK(pool.idle_connections() == 0);
    // Held, not released: another thread meanwhile gets a new connection.
    std::thread([&] {
      third = &pool.connection();
      ConnectionPool::release_thread_connections();
    }).join();
    ConnectionPool::release_thread_connections();
  }).join();
  CHECK(second == first);
  CHECK(third != nullptr);
  CHECK(third != first);
  CHECK(pool.idle_connections() == 2);

  // Releasing twice, or with nothing held, changes nothing.
  ConnectionPool::release_thread_connections();
  CHECK(pool.idle_connections() == 2);
}

TEST_CASE("a connection released after its pool is gone is closed, not kept", "[storage]") {
  TemporaryDirectory directory;
  { Database::open(directory / "pool.db").execute("CREATE TABLE t (x INTEGER)"); }
  auto pool = std::make_unique<ConnectionPool>(directory / "pool.db");
  std::atomic<bool> taken{false};
  std::atomic<bool> pool_gone{false};
  std::thread holder([&] {
    pool->connection().execute("INSERT INTO t VALUES (1)");
    taken = true;
    while (!pool_gone) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ConnectionPool::release_thread_connections();  // the pool's shared list outlives it (ASan checks)
  });
  while (!taken) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  pool.reset();
  pool_gone = true;
  holder.join();
  // A new pool on the same file starts with nothing idle and sees the write.
  ConnectionPool again(directory / "pool.db");
  CHECK(again.idle_connections() == 0);
  CHECK(count_rows(again.connection(), "t") == 1);
}

TEST_CASE("two pools on one thread keep separate connections", "[storage]") {
  TemporaryDirectory directory;
  { Database::open(directory / "a.db").execute("CREATE TABLE a (x INTEGER)"); }
  { Database::open(directory / "b.db").execute("CREATE TABLE b (x INTEGER)"); }
  ConnectionPool first(directory / "a.db");
  ConnectionPool second(directory / "b.db");
  CHECK(&first.connection() != &second.connection());
  CHECK(first.connection().path() == directory / "a.db");
  CHECK(second.connection().path() == directory / "b.db");
  CHECK(count_rows(second.connection(), "b") == 0);
}

TEST_CASE("a connection pool does not create a missing database file", "[storage]") {
  TemporaryDirectory directory;
  ConnectionPool pool(directory / "never-created.db");
  CHECK_THROWS_AS(pool.connection(), Error);
  CHECK_FALSE(std::filesystem::exists(directory / "never-created.db"));
}

}  // namespace hearth::storage
