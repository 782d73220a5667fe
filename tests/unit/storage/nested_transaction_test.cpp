#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/error.h"
#include "storage/database.h"
#include "unit/common/temporary_directory.h"

namespace hearth::storage {
namespace {

using testing::TemporaryDirectory;

// The values in table t, in order.
std::vector<std::int64_t> values(Database& database) {
  auto statement = database.prepare("SELECT x FROM t ORDER BY x");
  std::vector<std::int64_t> found;
  while (statement.step()) found.push_back(statement.column_int64(0));
  return found;
}

void insert(Database& database, int value) {
  database.query("INSERT INTO t (x) VALUES (?1)").bind(1, value).run();
}

using Values = std::vector<std::int64_t>;

struct NestedFixture {
  TemporaryDirectory directory;
  Database database = open_with_table(directory / "nested.db");
  // A second connection sees only what has really been committed.
  Database observer = Database::open(directory / "nested.db");

  static Database open_with_table(const std::filesystem::path& path) {
    auto database = Database::open(path);
    database.execute("PRAGMA synchronous=OFF; CREATE TABLE t (x INTEGER UNIQUE)");
    return database;
  }
};

}  // namespace

TEST_CASE("an inner transaction destroyed without commit undoes only its own writes", "[storage][groups]") {
  NestedFixture fixture;
  auto& database = fixture.database;
  {
    Transaction outer(database);
    insert(database, 1);
    {
      Transaction inner(database);
      insert(database, 2);
      insert(database, 3);
      CHECK(values(database) == Values{1, 2, 3});
    }
    CHECK(values(database) == Values{1});
    insert(database, 4);
    // Nothing is visible outside until the outer transaction commits.
    CHECK(values(fixture.observer).empty());
    outer.commit();
  }
  CHECK(values(database) == Values{1, 4});
  CHECK(values(fixture.observer) == Values{1, 4});
}

TEST_CASE("an inner transaction committed and then the outer rolled back undoes both", "[storage][groups]") {
  NestedFixture fixture;
  auto& database = fixture.database;
  {
    Transaction outer(database);
    insert(database, 1);
    {
      Transaction inner(database);
      insert(database, 2);
      inner.commit();
    }
    CHECK(values(database) == Values{1, 2});
    // An inner commit is not a real commit.
    CHECK(values(fixture.observer).empty());
  }
  CHECK(values(database).empty());
  CHECK(values(fixture.observer).empty());
}

TEST_CASE("an inner transaction committed and then the outer committed keeps both", "[storage][groups]") {
  NestedFixture fixture;
  auto& database = fixture.database;
  {
    Transaction outer(database);
    insert(database, 1);
    {
      Transaction inner(database);
      insert(database, 2);
      inner.commit();
    }
    outer.commit();
  }
  CHECK(values(fixture.observer) == Values{1, 2});
}

TEST_CASE("two inner transactions in a row are independent of each other", "[storage][groups]") {
  NestedFixture fixture;
  auto& database = fixture.database;

  SECTION("the first committed, the second rolled back") {
    {
      Transaction outer(database);
      {
        Transaction first(database);
        insert(database, 1);
        first.commit();
      }
      {
        Transaction second(database);
        insert(database, 2);
      }
      CHECK(values(database) == Values{1});
      outer.commit();
    }
    CHECK(values(fixture.observer) == Values{1});
  }
  SECTION("the first rolled back, the second committed") {
    {
      Transaction outer(database);
      {
        Transaction first(database);
        insert(database, 1);
      }
      {
        Transaction second(database);
        insert(database, 2);
        second.commit();
      }
      CHECK(values(database) == Values{2});
      outer.commit();
    }
    CHECK(values(fixture.observer) == Values{2});
  }
  SECTION("both committed") {
    {
      Transaction outer(database);
      for (int value : {1, 2}) {
        Transaction inner(database);
        insert(database, value);
        inner.commit();
      }
      outer.commit();
    }
    CHECK(values(fixture.observer) == Values{1, 2});
  }
}

TEST_CASE("transactions nest more than one level deep", "[storage][groups]") {
  NestedFixture fixture;
  auto& database = fixture.database;
  {
    Transaction outer(database);
    insert(database, 1);
    {
      Transaction middle(database);
      insert(database, 2);
      {
        Transaction inner(database);
        insert(database, 3);
        inner.commit();
      }
      {
        Transaction discarded(database);
        insert(database, 4);
      }
      CHECK(values(database) == Values{1, 2, 3});
      // Rolling back the middle level also undoes the committed innermost one.
    }
    CHECK(values(database) == Values{1});
    {
      Transaction kept(database);
      insert(database, 5);
      {
        Transaction inner(database);
        insert(database, 6);
        inner.commit();
      }
      kept.commit();
    }
    outer.commit();
  }
  CHECK(values(fixture.observer) == Values{1, 5, 6});
}

TEST_CASE("a failing statement in an inner transaction leaves the outer one usable", "[storage][groups]") {
  NestedFixture fixture;
  auto& database = fixture.database;
  {
    Transaction outer(database);
    insert(database, 1);
    CHECK_THROWS_AS(
        [&] {
          Transaction inner(database);
          insert(database, 2);
          insert(database, 1);  // violates UNIQUE
          inner.commit();
        }(),
        Error);
    CHECK(values(database) == Values{1});
    insert(database, 3);
    outer.commit();
  }
  CHECK(values(fixture.observer) == Values{1, 3});
}

TEST_CASE("an exception through an inner transaction is caught by the outer scope", "[storage][groups]") {
  NestedFixture fixture;
  auto& database = fixture.database;
  {
    Transaction outer(database);
    insert(database, 1);
    try {
      Transaction inner(database);
      insert(database, 2);
      throw std::runtime_error("validation failed");
    } catch (const std::runtime_error&) {
    }
    outer.commit();
  }
  CHECK(values(fixture.observer) == Values{1});
}

TEST_CASE("after the outer transaction ends a new transaction is a real one again", "[storage][groups]") {
  NestedFixture fixture;
  auto& database = fixture.database;
  {
    Transaction outer(database);
    {
      Transaction inner(database);
      insert(database, 1);
      inner.commit();
    }
  }  // rolled back
  {
    Transaction fresh(database);
    insert(database, 2);
    fresh.commit();
  }
  // If `fresh` had been a savepoint in a transaction left open, the observer
  // would not see the row.
  CHECK(values(fixture.observer) == Values{2});
  // A write from the other connection is possible: no lock is left behind.
  fixture.observer.execute("PRAGMA busy_timeout=0");
  CHECK_NOTHROW(fixture.observer.execute("INSERT INTO t (x) VALUES (9)"));
}

}  // namespace hearth::storage
