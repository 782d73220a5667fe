#include "storage/database.h"

#include <sqlite3.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "common/error.h"
#include "common/log.h"

namespace hearth::storage {
namespace {

// Writers of one database file in this process take turns on a mutex before
// asking SQLite for its write lock. SQLite's busy handler polls, sleeping up
// to 100 ms between attempts, so with many writers at once a waiter could
// lose to newcomers until the busy timeout (SQLITE_BUSY: 503s in the write
// mix of tests/bench); the mutex hands the turn on as soon as it is free,
// and SQLite's own lock is left to other processes (the CLI, a backup).
// Recursive, so a thread that holds it may still write through a second
// connection to the same file (which then waits in SQLite, as before).
// Returns nullptr for in-memory and temporary databases (filename "").
std::recursive_mutex* writer_gate(const char* filename) {
  if (filename == nullptr || *filename == '\0') return nullptr;
  static std::mutex gates_mutex;  // guards gates
  // Never destroyed: a gate must outlive every thread that may still use it.
  static auto* gates = new std::map<std::string, std::unique_ptr<std::recursive_mutex>, std::less<>>();
  const std::lock_guard lock(gates_mutex);
  auto& gate = (*gates)[filename];
  if (!gate) gate = std::make_unique<std::recursive_mutex>();
  return gate.get();
}

std::recursive_mutex* writer_gate(sqlite3* connection) {
  return writer_gate(sqlite3_db_filename(connection, "main"));
}

// The gates this thread holds for its open top-level immediate transactions.
thread_local std::vector<std::pair<const Database*, std::recursive_mutex*>> held_gates;

void release_gate(const Database& database) noexcept {
  for (auto it = held_gates.rbegin(); it != held_gates.rend(); ++it) {
    if (it->first != &database) continue;
    it->second->unlock();
    held_gates.erase(std::next(it).base());
    return;
  }
}

[[noreturn]] void throw_sqlite(sqlite3* connection, int result, std::string_view what) {
  const int primary = result & 0xFF;
  std::string detail = std::string(what) + ": " + sqlite3_errstr(result);
  if (connection != nullptr) {
    detail += " (";
    detail += sqlite3_errmsg(connection);
    detail += ")";
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    throw Error::unavailable("The portal is busy right now. Please try again in a moment.", detail);
  }
  throw Error::internal(detail);
}

}  // namespace

// ---- Statement --------------------------------------------------------------

Statement::Statement(sqlite3_stmt* statement, sqlite3* connection, Ownership ownership)
    : statement_(statement), connection_(connection), ownership_(ownership) {}

Statement::Statement(Statement&& other) noexcept
    : statement_(other.statement_), connection_(other.connection_), ownership_(other.ownership_) {
  other.statement_ = nullptr;
}

Statement::~Statement() {
  if (statement_ == nullptr) return;
  if (ownership_ == Ownership::kOwned) {
    sqlite3_finalize(statement_);
  } else {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
}

void Statement::check(int result, std::string_view what) const {
  if (result != SQLITE_OK) throw_sqlite(connection_, result, what);
}

Statement& Statement::bind(int index, std::int64_t value) {
  check(sqlite3_bind_int64(statement_, index, value), "bind int64");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  check(sqlite3_bind_double(statement_, index, value), "bind double");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  // A default-constructed string_view has a null data pointer, which SQLite
  // would bind as NULL; text is always text, even when empty.
  const char* data = value.data() != nullptr ? value.data() : "";
  check(sqlite3_bind_text64(statement_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        "bind text");
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  check(sqlite3_bind_null(statement_, index), "bind null");
  return *this;
}

bool Statement::step() {
  const int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  throw_sqlite(connection_, result, sqlite3_sql(statement_));
}

void Statement::run() {
  // A write outside a transaction is its own transaction: it takes its turn too.
  std::unique_lock<std::recursive_mutex> turn;
  if (sqlite3_get_autocommit(connection_) != 0 && sqlite3_stmt_readonly(statement_) == 0) {
    if (auto* gate = writer_gate(connection_)) turn = std::unique_lock(*gate);
  }
  while (step()) {
  }
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

double Statement::column_double(int column) const {
  return sqlite3_column_double(statement_, column);
}

std::string Statement::column_text(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
}

std::optional<std::string> Statement::column_optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return column_text(column);
}

std::optional<std::int64_t> Statement::column_optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return column_int64(column);
}

// ---- Database ---------------------------------------------------------------

void Database::StatementDeleter::operator()(sqlite3_stmt* statement) const noexcept {
  sqlite3_finalize(statement);
}

Database::Database(sqlite3* handle, std::filesystem::path path) : handle_(handle), path_(std::move(path)) {}

Database::Database(Database&& other) noexcept
    : handle_(other.handle_), path_(std::move(other.path_)), cache_(std::move(other.cache_)) {
  other.handle_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    handle_ = other.handle_;
    path_ = std::move(other.path_);
    cache_ = std::move(other.cache_);
    other.handle_ = nullptr;
  }
  return *this;
}

Database::~Database() {
  close();
}

void Database::close() noexcept {
  cache_.clear();  // statements must be finalised before the connection closes
  if (handle_ != nullptr) {
    sqlite3_close_v2(handle_);
    handle_ = nullptr;
  }
}

Database Database::open(const std::filesystem::path& path, OpenMode mode) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  switch (mode) {
    case OpenMode::kReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case OpenMode::kReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case OpenMode::kReadOnly: flags |= SQLITE_OPEN_READONLY; break;
  }
  sqlite3* handle = nullptr;
  const int result = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  Database database(handle, path);  // owns the handle even when opening failed
  if (result != SQLITE_OK) throw_sqlite(handle, result, "open " + path.string());

  // Double-quoted strings are identifiers only; a typo in a column name must
  // fail instead of silently becoming a string literal.
  sqlite3_db_config(handle, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
  sqlite3_db_config(handle, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
  sqlite3_busy_timeout(handle, 5000);
  if (mode != OpenMode::kReadOnly) {
    // WAL lets readers proceed during a write; synchronous=FULL syncs the WAL
    // at every commit so an acknowledged write survives a power cut.
    database.execute("PRAGMA journal_mode=WAL");
  }
  // cache_size: the server keeps one connection per worker thread (64 by
  // default), and SQLite's default page cache of 2 MiB each made up most of
  // the server's memory under load (tests/bench/RESULTS.md); a page that is
  // not cached is read from the operating system's file cache, shared by all.
  database.execute(
      "PRAGMA synchronous=FULL;"
      "PRAGMA foreign_keys=ON;"
      "PRAGMA temp_store=MEMORY;"
      "PRAGMA cache_size=-512;");
  return database;
}

Database Database::open_in_memory() {
  sqlite3* handle = nullptr;
  const int result =
      sqlite3_open_v2(":memory:", &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  Database database(handle, ":memory:");
  if (result != SQLITE_OK) throw_sqlite(handle, result, "open :memory:");
  sqlite3_db_config(handle, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
  sqlite3_db_config(handle, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
  database.execute("PRAGMA foreign_keys=ON");
  return database;
}

Statement Database::query(std::string_view sql) {
  auto found = cache_.find(std::string(sql));
  if (found == cache_.end()) {
    sqlite3_stmt* statement = nullptr;
    const int result = sqlite3_prepare_v3(handle_, sql.data(), static_cast<int>(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (result != SQLITE_OK) throw_sqlite(handle_, result, "prepare");
    found =
        cache_.emplace(std::string(sql), std::unique_ptr<sqlite3_stmt, StatementDeleter>(statement)).first;
  }
  return Statement(found->second.get(), handle_, Statement::Ownership::kBorrowed);
}

Statement Database::prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int result =
      sqlite3_prepare_v2(handle_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (result != SQLITE_OK) throw_sqlite(handle_, result, "prepare");
  return Statement(statement, handle_, Statement::Ownership::kOwned);
}

void Database::execute(std::string_view sql) {
  const std::string copy(sql);
  char* message = nullptr;
  const int result = sqlite3_exec(handle_, copy.c_str(), nullptr, nullptr, &message);
  if (result != SQLITE_OK) {
    std::string detail = message != nullptr ? message : "";
    sqlite3_free(message);
    throw_sqlite(handle_, result, "exec: " + detail);
  }
}

std::int64_t Database::last_insert_id() const {
  return sqlite3_last_insert_rowid(handle_);
}

int Database::changes() const {
  return sqlite3_changes(handle_);
}

int Database::user_version() {
  auto statement = prepare("PRAGMA user_version");
  statement.step();
  return static_cast<int>(statement.column_int64(0));
}

void Database::set_user_version(int version) {
  execute("PRAGMA user_version=" + std::to_string(version));
}

// ---- Transaction ------------------------------------------------------------

RelaxedSync::RelaxedSync(Database& database) : database_(database) {
  database_.execute("PRAGMA synchronous=NORMAL");
}

RelaxedSync::~RelaxedSync() {
  try {
    database_.execute("PRAGMA synchronous=FULL");
  } catch (const std::exception& error) {
    // Setting a pragma on an open connection does not fail in practice; if it
    // did, later commits on this connection would be the weaker kind.
    log::error("storage: could not restore synchronous=FULL: {}", error.what());
  }
}

Transaction::Transaction(Database& database, TransactionKind kind) : database_(database) {
  nested_ = sqlite3_get_autocommit(database_.handle()) == 0;
  if (nested_) {
    database_.execute("SAVEPOINT hearth_nested");
    return;
  }
  if (kind == TransactionKind::kImmediate) {
    if (auto* gate = writer_gate(database_.handle())) {
      gate->lock();
      held_gates.emplace_back(&database_, gate);
    }
  }
  try {
    database_.execute(kind == TransactionKind::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  } catch (...) {
    release_gate(database_);
    throw;
  }
}

Transaction::~Transaction() {
  if (committed_) return;
  // Rollback cannot usefully fail here; if the transaction was already rolled
  // back by SQLite (e.g. after SQLITE_FULL), there is nothing left to undo.
  if (nested_) {
    sqlite3_exec(database_.handle(), "ROLLBACK TO hearth_nested; RELEASE hearth_nested", nullptr, nullptr,
                 nullptr);
  } else {
    sqlite3_exec(database_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    release_gate(database_);
  }
}

void Transaction::commit() {
  database_.execute(nested_ ? "RELEASE hearth_nested" : "COMMIT");
  committed_ = true;
  if (!nested_) release_gate(database_);
}

// ---- ConnectionPool ---------------------------------------------------------

namespace {
std::atomic<std::uint64_t> next_pool_id{1};

// True while this thread's ConnectionPool::ThreadHeld exists. A bool needs no
// destructor, so it can still be read after the map is gone: the main
// thread's thread_local objects are destroyed before static objects, and a
// pool owned by a static (a test's server) is destroyed after that.
thread_local bool held_connections_alive = false;

}  // namespace

// Shared by a pool and the threads holding its connections, so that one
// released after the pool is gone is closed instead of kept.
struct ConnectionPool::Idle {
  std::mutex mutex;
  // Guarded by mutex.
  bool pool_destroyed = false;
  std::vector<std::unique_ptr<Database>> connections;
};

// The connections one thread holds, keyed by pool id. Ids are never reused,
// so a connection of a destroyed pool is never handed out again.
struct ConnectionPool::ThreadHeld {
  struct Held {
    std::shared_ptr<Idle> idle;
    std::unique_ptr<Database> database;
  };
  ThreadHeld() { held_connections_alive = true; }
  ~ThreadHeld() { held_connections_alive = false; }
  ThreadHeld(const ThreadHeld&) = delete;
  ThreadHeld& operator=(const ThreadHeld&) = delete;
  std::map<std::uint64_t, Held> by_pool;
};

ConnectionPool::ThreadHeld& ConnectionPool::thread_held() {
  thread_local ThreadHeld held;
  return held;
}

ConnectionPool::ConnectionPool(std::filesystem::path path)
    : path_(std::move(path)), id_(next_pool_id++), idle_(std::make_shared<Idle>()) {}

ConnectionPool::~ConnectionPool() {
  std::vector<std::unique_ptr<Database>> closing;
  {
    const std::lock_guard lock(idle_->mutex);
    idle_->pool_destroyed = true;
    closing.swap(idle_->connections);
  }
  if (held_connections_alive) thread_held().by_pool.erase(id_);
}

Database& ConnectionPool::connection() {
  auto& held = thread_held().by_pool;
  if (const auto found = held.find(id_); found != held.end()) return *found->second.database;
  std::unique_ptr<Database> database;
  {
    const std::lock_guard lock(idle_->mutex);
    if (!idle_->connections.empty()) {
      database = std::move(idle_->connections.back());
      idle_->connections.pop_back();
    }
  }
  if (!database) database = std::make_unique<Database>(Database::open(path_, OpenMode::kReadWrite));
  auto& entry = held[id_];
  entry.idle = idle_;
  entry.database = std::move(database);
  return *entry.database;
}

std::size_t ConnectionPool::idle_connections() const {
  const std::lock_guard lock(idle_->mutex);
  return idle_->connections.size();
}

void ConnectionPool::release_thread_connections() {
  if (!held_connections_alive) return;
  auto& held = thread_held().by_pool;
  for (auto& [id, entry] : held) {
    const std::lock_guard lock(entry.idle->mutex);
    // A destroyed pool's connection is closed (below, as the map is cleared).
    if (!entry.idle->pool_destroyed) entry.idle->connections.push_back(std::move(entry.database));
  }
  held.clear();
}

}  // namespace hearth::storage
