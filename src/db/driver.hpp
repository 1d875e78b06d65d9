#pragma once
// Private to src/db: what the pool needs from a driver beyond the public Connection.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::db::internal {

class DriverConnection : public Connection {
 public:
  // Called when the connection goes back to the pool: rolls back a transaction the last
  // user left open. Returns false when the connection is unusable (lost server) and must
  // be closed instead of reused.
  virtual bool ResetForReuse() = 0;
};

// "sqlite:/path/file.db" -> "/path/file.db"; "sqlite::memory:" -> ":memory:";
// "sqlite:///abs/path" -> "/abs/path". nullopt when the URL is not a SQLite URL.
std::optional<std::string> SqlitePathFromUrl(std::string_view url);

bool IsPostgresUrl(std::string_view url);

// Rewrites $1..$n to ?1..?n outside string literals, quoted identifiers and comments.
std::string RewritePlaceholders(std::string_view sql);

// When a SQLite connection's commits reach the disk.
enum class SqliteSync {
  kAtCommit,  // synchronous=FULL: COMMIT returns once the WAL is synced
  // synchronous=NORMAL: COMMIT returns once the WAL is written to the operating system;
  // the caller syncs it (WalFile) before it tells anyone the commit happened.
  kByCaller,
};

// Opens a SQLite database file (creating it and its parent directory), with WAL,
// foreign keys on and the given busy timeout. Errors: kUnavailable when the file cannot
// be opened.
core::Result<std::unique_ptr<DriverConnection>> OpenSqlite(
    const std::string& path, int busy_timeout_ms, SqliteSync sync = SqliteSync::kAtCommit);

// True when `path` (as OpenSqlite takes it) is a plain file whose WAL a WalFile can sync:
// not an in-memory database, not a "file:" URI.
bool HasWalFile(const std::string& path);

// The write-ahead log of a SQLite database file, synced from outside SQLite: for the
// commits of a kByCaller connection. fdatasync() on any descriptor of a file flushes the
// data every process wrote to it, so this one sees the writer's frames.
class WalFile {
 public:
  explicit WalFile(std::string db_path);  // the log is db_path + "-wal"
  ~WalFile();
  WalFile(const WalFile&) = delete;
  WalFile& operator=(const WalFile&) = delete;

  // Makes everything written to the log so far durable. Errors: kInternal when the log
  // cannot be opened or synced; then what it held may not be on disk.
  core::Status Sync();

 private:
  const std::string path_;
  int fd_ = -1;
  unsigned long dev_ = 0, ino_ = 0;  // of fd_: SQLite may delete and create the log again
};

// Connects to PostgreSQL. Errors: kUnavailable when the server cannot be reached.
core::Result<std::unique_ptr<DriverConnection>> OpenPostgres(const std::string& url);

}  // namespace yingbin::db::internal
