#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

// SQLite access for every store. sqlite3.h is included by storage/*.cpp only.
//
// Errors: a failing SQLite call throws hearth::Error. SQLITE_BUSY / LOCKED
// after the busy timeout becomes kUnavailable ("try again"); anything else is
// kInternal. "No row" is not an error: Statement::step() returns false.
namespace hearth::storage {

class Database;

// A prepared statement. Either owns its sqlite3_stmt, or borrows one from the
// connection's statement cache; a borrowed statement is reset and its bindings
// cleared when this object is destroyed, so it can be reused by the next query.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. Text is bound as a copy.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::nullopt_t);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }

  // Binds every argument in order, starting at parameter 1.
  template <typename... Args>
  Statement& bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }

  // Advances to the next row. Returns true if a row is available, false when
  // the statement has finished.
  bool step();
  // Runs a statement that returns no rows (or ignores them) to completion.
  void run();

  bool is_null(int column) const;
  std::int64_t column_int64(int column) const;
  double column_double(int column) const;
  std::string column_text(int column) const;  // "" for NULL
  std::optional<std::string> column_optional_text(int column) const;
  std::optional<std::int64_t> column_optional_int64(int column) const;

 private:
  friend class Database;
  enum class Ownership { kOwned, kBorrowed };
  Statement(sqlite3_stmt* statement, sqlite3* connection, Ownership ownership);
  void check(int result, std::string_view what) const;

  sqlite3_stmt* statement_;
  sqlite3* connection_;
  Ownership ownership_;
};

enum class OpenMode { kReadWriteCreate, kReadWrite, kReadOnly };

// One SQLite connection. Not thread-safe: use one per thread (ConnectionPool).
// Opening applies the pragmas every Hearth connection needs: WAL,
// synchronous=FULL, foreign_keys=ON, busy_timeout, and no double-quoted string
// literals.
class Database {
 public:
  static Database open(const std::filesystem::path& path, OpenMode mode = OpenMode::kReadWriteCreate);
  // A private in-memory database, for tests.
  static Database open_in_memory();

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Prepares `sql` once per connection and returns a borrowed statement from
  // the cache. The same SQL must not be used by two live Statements at once.
  Statement query(std::string_view sql);
  // Prepares a statement that is not cached.
  Statement prepare(std::string_view sql);
  // Runs one or more statements with no parameters.
  void execute(std::string_view sql);

  std::int64_t last_insert_id() const;
  // Rows changed by the most recent INSERT, UPDATE or DELETE.
  int changes() const;

  int user_version();
  void set_user_version(int version);

  sqlite3* handle() const { return handle_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  explicit Database(sqlite3* handle, std::filesystem::path path);
  void close() noexcept;

  sqlite3* handle_ = nullptr;
  std::filesystem::path path_;
  struct StatementDeleter {
    void operator()(sqlite3_stmt* statement) const noexcept;
  };
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, StatementDeleter>> cache_;
};

enum class TransactionKind {
  kDeferred,   // takes the write lock at the first write
  kImmediate,  // takes the write lock at once; use for read-modify-write
};

// RAII transaction: rolls back on destruction unless commit() was called.
// Inside another transaction on the same connection it becomes a savepoint:
// commit() releases it into the outer transaction, and destruction without
// commit() undoes only its own changes. The outer `kind` then applies.
class Transaction {
 public:
  explicit Transaction(Database& database, TransactionKind kind = TransactionKind::kImmediate);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // Commits; after a successful commit the destructor does nothing. Throws if
  // the commit fails, in which case the destructor rolls back.
  void commit();

 private:
  Database& database_;
  bool committed_ = false;
  bool nested_ = false;
};

// RAII: while alive, commits on `database` outside any transaction do not wait
// for the disk (synchronous=NORMAL instead of FULL). Such a commit survives a
// crash of the process at once, and a crash of the machine (power loss) once
// any later ordinary commit or checkpoint has synced the write-ahead log; the
// database stays consistent either way. Only for data whose last seconds may
// be lost on a power cut without anyone being misled (anonymous page-view
// counters), never for what a person wrote or was told was saved. Must not
// be created inside a transaction (SQLite ignores the change there).
class RelaxedSync {
 public:
  explicit RelaxedSync(Database& database);
  RelaxedSync(const RelaxedSync&) = delete;
  RelaxedSync& operator=(const RelaxedSync&) = delete;
  // Back to synchronous=FULL.
  ~RelaxedSync();

 private:
  Database& database_;
};

// Connections to one database file, each held by one thread at a time.
// A thread takes one on first use and keeps it until it calls
// release_thread_connections() (the server does at the end of every
// request) or exits; released connections wait, open and with their
// prepared statements, for the next thread. So a server opens as many
// connections as requests use the database at once (bounded by its work
// slots), not one per worker thread: each costs ~0.5 MiB (schema, lookaside,
// page cache, statements). Thread-safe.
class ConnectionPool {
 public:
  explicit ConnectionPool(std::filesystem::path path);
  // Closes the idle connections and the destroying thread's; a connection
  // another thread holds is closed when that thread releases it or exits.
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // The calling thread's connection to this pool's file: the one it holds,
  // else an idle one, else a new one. The reference is valid until the
  // thread calls release_thread_connections() or exits, or the pool is
  // destroyed. Throws hearth::Error when the file cannot be opened.
  Database& connection();
  const std::filesystem::path& path() const { return path_; }
  // Connections released and waiting for a thread.
  std::size_t idle_connections() const;

  // Gives back every connection the calling thread holds, of every pool.
  // The caller must not use them afterwards: no Statement, Transaction or
  // RelaxedSync of them may be alive, and references from connection() are
  // dangling. Does nothing when the thread holds none.
  static void release_thread_connections();

 private:
  struct Idle;        // the released connections (database.cpp)
  struct ThreadHeld;  // the connections one thread holds, of every pool
  static ThreadHeld& thread_held();

  std::filesystem::path path_;
  std::uint64_t id_;
  std::shared_ptr<Idle> idle_;
};

}  // namespace hearth::storage
