#pragma once
// The one storage interface, after PowerDNS's ssql: execute parameterised SQL, read rows,
// run a transaction. Two drivers implement it: SQLite (embedded, default) and PostgreSQL.
//
// SQL is written once with $1..$n placeholders; the SQLite driver rewrites them to ?1..?n
// (SQLite would number "$n" by first appearance). Statements are prepared once per
// connection and cached by their text.
//
// Errors: a unique-constraint violation (SQLite SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY,
// PostgreSQL 23505) is core::ErrorCode::kConflict with key "error.duplicate" and `detail`
// naming the constraint; a foreign-key violation (SQLITE_CONSTRAINT_FOREIGNKEY, 23503) is
// kConflict with key "error.in_use"; busy/locked (SQLITE_BUSY, SQLITE_LOCKED) and
// serialisation/deadlock failures (40001, 40P01) and lost connections are kUnavailable
// (retryable); anything else is kInternal with the driver message in `detail`.
// The same on both backends.
//
// Thread safety: a Connection is used by one thread at a time; the Pool is thread-safe.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace yingbin::db {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter or a column value. Booleans are stored as integers 0/1 on both
// backends; times as int64 epoch milliseconds (UTC); JSON as text.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

inline Value Null() { return std::monostate{}; }

class Rows {
 public:
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;

  size_t size() const { return rows.size(); }
  bool empty() const { return rows.empty(); }

  // Typed access by row and column index or name. A NULL reads as 0 / "" / nullopt.
  // REQUIRES: row < size(); the column exists.
  int64_t Int(size_t row, size_t col) const;
  int64_t Int(size_t row, std::string_view col) const;
  double Real(size_t row, size_t col) const;
  std::string Text(size_t row, size_t col) const;
  std::string Text(size_t row, std::string_view col) const;
  bool IsNull(size_t row, size_t col) const;
  bool IsNull(size_t row, std::string_view col) const;
  std::optional<int64_t> OptInt(size_t row, std::string_view col) const;
  std::optional<std::string> OptText(size_t row, std::string_view col) const;
  size_t ColumnIndex(std::string_view name) const;  // REQUIRES: exists
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement and returns its rows (empty for statements without results).
  // To learn a new row's id, use Insert.
  virtual core::Result<Rows> Query(std::string_view sql, std::span<const Value> params = {}) = 0;
  // Runs an INSERT of one row into a table keyed by an integer column `id` and returns the
  // new row's id. `sql` has no RETURNING clause. PostgreSQL appends " RETURNING id"; SQLite
  // reads sqlite3_last_insert_rowid instead, because there RETURNING first stores its rows
  // in a temporary b-tree opened and closed for every statement (profiled: a tenth of the
  // inserts' cost in a registration). Errors: kInternal when the statement inserted no row
  // (an ON CONFLICT DO NOTHING that skipped it: use Query with RETURNING for those).
  virtual core::Result<int64_t> Insert(std::string_view sql, std::span<const Value> params) = 0;
  // Runs one statement and returns the number of rows changed.
  virtual core::Result<int64_t> Exec(std::string_view sql, std::span<const Value> params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual core::Status ExecScript(std::string_view sql) = 0;

  // Transactions. Begin() on SQLite is BEGIN IMMEDIATE (take the write lock up front so a
  // transaction never fails half-way with SQLITE_BUSY on upgrade); on PostgreSQL BEGIN
  // (READ COMMITTED).
  virtual core::Status Begin() = 0;
  virtual core::Status Commit() = 0;
  virtual core::Status Rollback() = 0;

  // Runs `fn` in this transaction after all its other work, just before COMMIT, outside
  // any group item's savepoint (on SQLite Pool::Transaction runs each caller's work in a
  // savepoint of a shared transaction, and FTS5 flushes its pending index data to a new
  // segment at every savepoint: index writes deferred here cost one segment per commit
  // instead of one per caller). An error fails the whole transaction. Dropped with the
  // work that registered it when that rolls back.
  // REQUIRES: inside a transaction run by Pool::Transaction/TransactionVoid.
  void BeforeCommit(std::function<core::Status(Connection&)> fn) {
    before_commit_.push_back(std::move(fn));
  }
  // Runs `fn` after the transaction this connection is in has committed; drops it when the
  // transaction, or the group item that registered it, rolls back. For effects that must
  // follow a durable change but need no durability of their own: a live event to open
  // screens. `fn` must not throw or touch the database.
  // REQUIRES: inside a transaction run by Pool::Transaction/TransactionVoid.
  void AfterCommit(std::function<void()> fn) { after_commit_.push_back(std::move(fn)); }

  // For the pool: marks, dropping what was registered since a mark (or all), running.
  struct DeferredMark {
    size_t before_commit = 0, after_commit = 0;
  };
  DeferredMark MarkDeferred() const { return {before_commit_.size(), after_commit_.size()}; }
  void DropDeferred() { DropDeferred(DeferredMark{0, 0}); }
  void DropDeferred(DeferredMark since) {
    if (since.before_commit < before_commit_.size()) before_commit_.resize(since.before_commit);
    if (since.after_commit < after_commit_.size()) after_commit_.resize(since.after_commit);
  }
  core::Status RunBeforeCommit() {
    auto fns = std::move(before_commit_);
    before_commit_.clear();
    for (auto& fn : fns) YB_RETURN_IF_ERROR(fn(*this));
    return core::Ok();
  }
  void RunAfterCommit() {
    for (auto& fn : TakeAfterCommit()) fn();
  }
  // For the pool: what RunAfterCommit would run, to run it later (once the commit is durable).
  std::vector<std::function<void()>> TakeAfterCommit() {
    auto fns = std::move(after_commit_);
    after_commit_.clear();
    return fns;
  }

  // Convenience for an initializer list of parameters.
  core::Result<Rows> Query(std::string_view sql, std::initializer_list<Value> params) {
    return Query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  core::Result<int64_t> Exec(std::string_view sql, std::initializer_list<Value> params) {
    return Exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
  core::Result<int64_t> Insert(std::string_view sql, std::initializer_list<Value> params) {
    return Insert(sql, std::span<const Value>(params.begin(), params.size()));
  }

 private:
  std::vector<std::function<core::Status(Connection&)>> before_commit_;
  std::vector<std::function<void()>> after_commit_;
};

struct PoolOptions {
  std::string url;      // "sqlite:/path/file.db", "sqlite::memory:", or "postgresql://..."
  int max_connections = 8;
  int busy_timeout_ms = 5000;  // SQLite busy timeout
  // Tests only: runs on the SQLite pool's syncing thread before each sync of the WAL, so a
  // test can hold a committed batch between its COMMIT and its sync; an error it answers
  // is taken as the sync's.
  std::function<core::Status()> before_wal_sync_for_test = nullptr;
};

// A pool of connections to one database. Connections are opened lazily up to
// max_connections; Acquire() blocks until one is free.
class Pool {
 public:
  // Opens the first connection to check the URL. Errors: kInvalidArgument for an unknown
  // scheme, kUnavailable when the server cannot be reached.
  static core::Result<std::shared_ptr<Pool>> Open(const PoolOptions& options);
  virtual ~Pool() = default;
  virtual Dialect dialect() const = 0;

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&& other) noexcept {  // returns the connection it held
      if (this != &other) {
        if (conn_) pool_->Release(std::move(conn_));
        pool_ = other.pool_;
        conn_ = std::move(other.conn_);
      }
      return *this;
    }
    ~Lease() { if (conn_) pool_->Release(std::move(conn_)); }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }
   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  virtual core::Result<Lease> Acquire() = 0;

  // Runs fn inside a transaction on a pooled connection: commits when fn returns ok,
  // rolls back otherwise. Retries the whole transaction (up to 3 times, with a short
  // jittered back-off) when it fails with kUnavailable (busy, serialisation failure).
  // fn must therefore be safe to re-run: no side effects outside the transaction.
  //
  // On SQLite the transactions of concurrent callers are group-committed: SQLite has one
  // writer, and a commit is durable only once its WAL is synced (about 1 ms here). One
  // writer thread per pool runs every queued fn in one transaction, each inside its own
  // SAVEPOINT (an fn that fails is rolled back alone), and commits once; a second thread
  // syncs the WAL, and only then are the batch's callers answered and its AfterCommit work
  // run, while the writer already runs the next batch (pool.cpp). Nothing is acknowledged
  // before it is durable. A Transaction called from inside fn joins the enclosing one as a
  // nested savepoint.
  template <class T>
  core::Result<T> Transaction(const std::function<core::Result<T>(Connection&)>& fn);
  core::Status TransactionVoid(const std::function<core::Status(Connection&)>& fn);

 protected:
  virtual void Release(std::unique_ptr<Connection> conn) = 0;
  // One attempt of TransactionVoid (no retry).
  virtual core::Status RunTransaction(const std::function<core::Status(Connection&)>& fn) = 0;
};

// Applies the embedded migrations of the pool's dialect that are not yet recorded in
// table schema_migrations (version, name, applied_at), each in its own transaction, in
// version order. Migrations are files migrations/<dialect>/V<NNN>__<name>.sql; both
// dialects must have the same versions. Safe to run concurrently from several nodes on
// PostgreSQL (an advisory lock serialises them). Returns the versions applied.
core::Result<std::vector<int>> Migrate(Pool& pool);

// Online backup of a SQLite database to `path` (sqlite3_backup API); kInvalidArgument
// for PostgreSQL (use pg_dump).
core::Status BackupSqlite(const std::string& source_url, const std::string& path);

// --- implementation of the template ---
core::Status RunTransactionOnce(Pool& pool, const std::function<core::Status(Connection&)>& fn);

template <class T>
core::Result<T> Pool::Transaction(const std::function<core::Result<T>(Connection&)>& fn) {
  std::optional<core::Result<T>> out;
  core::Status s = TransactionVoid([&](Connection& c) -> core::Status {
    out.emplace(fn(c));
    if (!*out) return out->error();
    return core::Ok();
  });
  if (!s) return std::move(s).error();
  return std::move(*out);
}

}  // namespace yingbin::db
