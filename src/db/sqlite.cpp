// The SQLite driver. One connection per thread (SQLITE_OPEN_NOMUTEX): the pool hands a
// connection to one user at a time, so SQLite's own mutexes would only cost time.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "core/thread_name.hpp"
#include "db/driver.hpp"

namespace yingbin::db::internal {
namespace {

using core::Error;
using core::ErrorCode;

// A statement cache is per connection; a cap keeps ad-hoc SQL (which should not exist,
// but might) from growing it without bound.
constexpr size_t kMaxCachedStatements = 512;

bool IsIdentChar(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

// Maps a SQLite result code to the storage error contract of db.hpp.
Error MapError(sqlite3* db, int rc, std::string_view what) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  if ((ext & 0xff) != (rc & 0xff)) ext = rc;  // rc is fresher than the handle's code
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: {
      // "UNIQUE constraint failed: users.username_key" -> "users.username_key"
      Error e = core::Conflict("error.duplicate");
      auto colon = msg.find(": ");
      e.detail = colon == std::string::npos ? msg : msg.substr(colon + 2);
      return e;
    }
    case SQLITE_CONSTRAINT_FOREIGNKEY: {
      Error e = core::Conflict("error.in_use");
      e.detail = msg;
      return e;
    }
    default:
      break;
  }
  switch (ext & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return core::Unavailable("sqlite: " + msg);
    default:
      return core::Internal("sqlite: " + std::string(what) + ": " + msg);
  }
}

// WAL pages not yet copied back after which a commit asks for a checkpoint (SQLite's
// automatic default), and the WAL's size after which the committing connection
// checkpoints itself. Under a steady load the background checkpoint never finds the WAL
// fully copied at a moment the writer starts, so the WAL cannot restart from its
// beginning; the writer's own checkpoint, with only the last few hundred pages left to
// copy, lets it: the WAL stays bounded.
constexpr int kCheckpointPages = 1000;
constexpr int kInlineCheckpointPages = 10 * kCheckpointPages;
// From this size on, the background checkpoint is asked for after every kCatchUpPages: the
// writer's own checkpoint then finds little left to copy and sync, and the callers of the
// batch it runs in wait less (it took 2.5-8 ms, about every 0.3 s under load).
constexpr int kCatchUpFromPages = kInlineCheckpointPages - 2 * kCheckpointPages;
constexpr int kCatchUpPages = 100;

// Copies the WAL back into the database file on a thread of its own, for every connection
// to one file. SQLite's automatic checkpoint runs inside the COMMIT that crosses the
// threshold, on the one writer, while the group commit's callers wait (pool.cpp): a few
// hundred pages written at random places and two fsyncs, every few dozen commits.
// Durability is the same: a transaction is durable once its WAL frames are synced (at
// COMMIT with synchronous=FULL, or by the pool's WAL syncer for the writer's connection);
// a checkpoint only moves them, and syncs the WAL before and the database after (this
// connection's synchronous=FULL, and SQLite does so at NORMAL as well).
class Checkpointer {
 public:
  explicit Checkpointer(std::string path) : path_(std::move(path)), thread_([this] { Loop(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // The one for `path`, shared by its connections; started with the first.
  static std::shared_ptr<Checkpointer> For(const std::string& path) {
    static std::mutex mu;
    static std::unordered_map<std::string, std::weak_ptr<Checkpointer>> all;
    std::lock_guard lock(mu);
    std::weak_ptr<Checkpointer>& slot = all[path];
    std::shared_ptr<Checkpointer> cp = slot.lock();
    if (!cp) {
      cp = std::make_shared<Checkpointer>(path);
      slot = cp;
    }
    return cp;
  }

  // sqlite3_wal_hook: called after each commit with the WAL's size in pages.
  //
  // A checkpoint is asked for once kCheckpointPages have been added since the last one
  // copied back, not after every commit once the WAL holds that many: the WAL keeps its
  // size until it restarts, and asking on every commit had the background thread
  // checkpoint ~140 times a second under load, two fsyncs each, for ~150 pages each time.
  static int OnCommit(void* self, sqlite3* db, const char* /*schema*/, int pages) {
    auto* cp = static_cast<Checkpointer*>(self);
    if (pages >= kInlineCheckpointPages) {
      int copied = 0;
      if (sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, &copied) ==
          SQLITE_OK)
        cp->copied_.store(copied, std::memory_order_relaxed);
      return SQLITE_OK;
    }
    const int to_copy = PagesToCopy(pages, cp->copied_.load(std::memory_order_relaxed));
    if (to_copy >= kCheckpointPages || (pages >= kCatchUpFromPages && to_copy >= kCatchUpPages))
      cp->Request();
    return SQLITE_OK;
  }

  // The WAL's pages not yet copied back, given the WAL's size and how many pages the last
  // checkpoint had copied; a WAL smaller than that has restarted since.
  static int PagesToCopy(int wal_pages, int copied) {
    return copied > wal_pages ? wal_pages : wal_pages - copied;
  }

 private:
  void Request() {
    if (requested_.exchange(true, std::memory_order_acq_rel)) return;  // already asked
    { std::lock_guard lock(mu_); }  // the loop is waiting, or will see the flag before it does
    cv_.notify_one();
  }

  void Loop() {
    core::NameThisThread("db-checkpoint");
    sqlite3* db = nullptr;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stop_ || requested_.load(std::memory_order_acquire); });
        if (stop_) break;
      }
      requested_.store(false, std::memory_order_release);
      if (!db) {
        // Opened on first use, after the file is in WAL mode; closed last (the connections
        // hold this object), so the final close still checkpoints and removes the WAL.
        if (sqlite3_open_v2(path_.c_str(), &db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
                            nullptr) != SQLITE_OK) {
          sqlite3_close_v2(db);
          db = nullptr;
          continue;  // the writer's inline checkpoint bounds the WAL meanwhile
        }
        sqlite3_busy_timeout(db, 1000);
        sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
      }
      // PASSIVE: never waits for the writer or readers; what it cannot copy now the next
      // request copies.
      int copied = 0;
      if (sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, &copied) ==
          SQLITE_OK)
        copied_.store(copied, std::memory_order_relaxed);
    }
    sqlite3_close_v2(db);
  }

  const std::string path_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::atomic<bool> requested_{false};
  std::atomic<int> copied_{0};  // WAL pages the last checkpoint had copied back
  std::thread thread_;  // last: started once the members above exist
};

class SqliteConnection final : public DriverConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  // `checkpointer` takes over this connection's automatic checkpoints.
  SqliteConnection(sqlite3* db, std::shared_ptr<Checkpointer> checkpointer)
      : db_(db), checkpointer_(std::move(checkpointer)) {
    sqlite3_wal_hook(db_, &Checkpointer::OnCommit, checkpointer_.get());
  }
  ~SqliteConnection() override {
    ClearCache();
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }

  core::Result<Rows> Query(std::string_view sql, std::span<const Value> params) override {
    Rows rows;
    auto n = Run(sql, params, &rows);
    if (!n) return std::move(n).error();
    return rows;
  }

  core::Result<int64_t> Exec(std::string_view sql, std::span<const Value> params) override {
    return Run(sql, params, nullptr);
  }

  core::Result<int64_t> Insert(std::string_view sql, std::span<const Value> params) override {
    auto n = Run(sql, params, nullptr);
    if (!n) return std::move(n).error();
    if (*n != 1)
      return core::Internal("sqlite: the insert added " + std::to_string(*n) +
                            " rows, not one: " + std::string(sql));
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
  }

  core::Status ExecScript(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);  // sqlite3_errmsg(db_) still holds the message
    if (rc != SQLITE_OK) return MapError(db_, rc, "script");
    return core::Ok();
  }

  core::Status Begin() override { return Simple("BEGIN IMMEDIATE"); }
  core::Status Commit() override { return Simple("COMMIT"); }
  core::Status Rollback() override {
    // Some errors (SQLITE_FULL, IOERR, NOMEM, an interrupted BUSY) roll the transaction
    // back by themselves; a second ROLLBACK would then fail.
    if (sqlite3_get_autocommit(db_)) return core::Ok();
    return Simple("ROLLBACK");
  }

  bool ResetForReuse() override {
    if (sqlite3_get_autocommit(db_)) return true;
    return static_cast<bool>(Simple("ROLLBACK"));
  }

 private:
  core::Status Simple(std::string_view sql) {
    auto n = Run(sql, {}, nullptr);
    if (!n) return std::move(n).error();
    return core::Ok();
  }

  void ClearCache() {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st);
    cache_.clear();
  }

  core::Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    std::string text = RewritePlaceholders(sql);
    sqlite3_stmt* st = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, text.data(), static_cast<int>(text.size()),
                                SQLITE_PREPARE_PERSISTENT, &st, &tail);
    if (rc != SQLITE_OK) return MapError(db_, rc, "prepare");
    if (!st) return core::Internal("sqlite: empty statement");
    // A second statement would be silently ignored: refuse it (use ExecScript).
    const char* end = text.data() + text.size();
    if (tail && tail < end) {
      sqlite3_stmt* next = nullptr;
      sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &next, nullptr);
      if (next) {
        sqlite3_finalize(next);
        sqlite3_finalize(st);
        return core::Internal("sqlite: more than one statement in Query/Exec: " + key);
      }
    }
    if (cache_.size() >= kMaxCachedStatements) ClearCache();
    cache_.emplace(std::move(key), st);
    return st;
  }

  // Runs one statement; fills `out` when given. Returns the number of rows changed.
  core::Result<int64_t> Run(std::string_view sql, std::span<const Value> params, Rows* out) {
    auto prepared = Prepare(sql);
    if (!prepared) return std::move(prepared).error();
    sqlite3_stmt* st = *prepared;
    struct ResetGuard {
      sqlite3_stmt* st;
      ~ResetGuard() {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
      }
    } guard{st};

    int expected = sqlite3_bind_parameter_count(st);
    if (static_cast<size_t>(expected) != params.size())
      return core::Internal("sqlite: statement takes " + std::to_string(expected) +
                            " parameters, " + std::to_string(params.size()) +
                            " given: " + std::string(sql));
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(st, idx, *n);
      } else if (auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(st, idx, *d);
      } else if (auto* s = std::get_if<std::string>(&v)) {
        // SQLITE_STATIC: the guard clears the bindings before `params` can go away.
        rc = sqlite3_bind_text64(st, idx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(st, idx);
      }
      if (rc != SQLITE_OK) return MapError(db_, rc, "bind");
    }

    int ncol = sqlite3_column_count(st);
    if (out) {
      out->columns.reserve(ncol);
      for (int c = 0; c < ncol; ++c) out->columns.emplace_back(sqlite3_column_name(st, c));
    }
    for (;;) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return MapError(db_, rc, "step");
      if (!out) continue;
      std::vector<Value>& row = out->rows.emplace_back();
      row.reserve(ncol);
      for (int c = 0; c < ncol; ++c) {
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_INTEGER:
            row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(st, c)));
            break;
          case SQLITE_FLOAT:
            row.emplace_back(sqlite3_column_double(st, c));
            break;
          case SQLITE_NULL:
            row.emplace_back(std::monostate{});
            break;
          default: {  // TEXT, BLOB
            const void* p = sqlite3_column_blob(st, c);
            int n = sqlite3_column_bytes(st, c);
            row.emplace_back(std::string(static_cast<const char*>(p), p ? n : 0));
          }
        }
      }
    }
    return sqlite3_stmt_readonly(st) ? int64_t{0} : static_cast<int64_t>(sqlite3_changes64(db_));
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  // Destroyed after db_ is closed (the destructor's body runs first).
  std::shared_ptr<Checkpointer> checkpointer_;
};

bool IsMemoryDatabase(const std::string& path) {
  return path == ":memory:" || path.find("mode=memory") != std::string::npos;
}

}  // namespace

std::optional<std::string> SqlitePathFromUrl(std::string_view url) {
  constexpr std::string_view kScheme = "sqlite:";
  if (url.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  std::string_view rest = url.substr(kScheme.size());
  if (rest.substr(0, 3) == "///") rest.remove_prefix(2);
  return std::string(rest);
}

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  const size_t n = sql.size();
  auto copy_until = [&](std::string_view close) {
    size_t end = sql.find(close, i);
    end = end == std::string_view::npos ? n : end + close.size();
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      out.push_back(c);
      ++i;
      copy_until(std::string_view(&c, 1));  // '' inside a literal closes and reopens: fine
    } else if (c == '[') {
      copy_until("]");
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      copy_until("\n");
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      out.append("/*");
      i += 2;
      copy_until("*/");
    } else if (c == '$' && i + 1 < n && std::isdigit(static_cast<unsigned char>(sql[i + 1])) &&
               (i == 0 || !IsIdentChar(static_cast<unsigned char>(sql[i - 1])))) {
      out.push_back('?');
      ++i;
      while (i < n && std::isdigit(static_cast<unsigned char>(sql[i]))) out.push_back(sql[i++]);
    } else if (IsIdentChar(static_cast<unsigned char>(c))) {
      // Copy a whole word so that "a$1" (a legal identifier) is not rewritten.
      while (i < n && IsIdentChar(static_cast<unsigned char>(sql[i]))) out.push_back(sql[i++]);
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

bool HasWalFile(const std::string& path) {
  return !path.empty() && !IsMemoryDatabase(path) && path.rfind("file:", 0) != 0;
}

WalFile::WalFile(std::string db_path) : path_(std::move(db_path) + "-wal") {}

WalFile::~WalFile() {
  if (fd_ >= 0) close(fd_);
}

core::Status WalFile::Sync() {
  struct stat now {};
  if (stat(path_.c_str(), &now) != 0)
    return core::Internal("sqlite: cannot find the WAL \"" + path_ + "\": " + std::strerror(errno));
  if (fd_ < 0 || now.st_dev != dev_ || now.st_ino != ino_) {
    if (fd_ >= 0) close(fd_);
    // Opened after the frames were written: Linux reports a write-back error to every
    // descriptor not yet told of it, so a failure still surfaces here.
    fd_ = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
      return core::Internal("sqlite: cannot open the WAL \"" + path_ + "\": " + std::strerror(errno));
    dev_ = now.st_dev;
    ino_ = now.st_ino;
  }
  if (fdatasync(fd_) != 0)
    return core::Internal("sqlite: cannot sync the WAL \"" + path_ + "\": " + std::strerror(errno));
  return core::Ok();
}

core::Result<std::unique_ptr<DriverConnection>> OpenSqlite(const std::string& path,
                                                           int busy_timeout_ms, SqliteSync sync) {
  if (path.empty()) return core::InvalidArgument("db");
  if (path != ":memory:" && path.rfind("file:", 0) != 0) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec)
      return core::Unavailable("sqlite: cannot create \"" + parent.string() +
                               "\": " + ec.message());
  }
  // Before the library initialises (the first open): no memory statistics. They are kept
  // under one process-wide mutex taken on every SQLite allocation, which every connection
  // then contends for (profiled: the most taken lock of a registration).
  static const bool configured = [] {
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return core::Unavailable("sqlite: cannot open \"" + path + "\": " + msg);
  }
  auto conn = IsMemoryDatabase(path)
                  ? std::make_unique<SqliteConnection>(db)
                  : std::make_unique<SqliteConnection>(db, Checkpointer::For(path));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  // busy_timeout first: switching to WAL needs a lock another opener may hold.
  auto s = conn->ExecScript(
      std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=") +
      (sync == SqliteSync::kByCaller ? "NORMAL" : "FULL") +
      "; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
  if (!s) return std::move(s).error();
  return std::unique_ptr<DriverConnection>(std::move(conn));
}

}  // namespace yingbin::db::internal
