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

// Opens a SQLite database file (creating it and its parent directory), with WAL,
// synchronous=FULL, foreign keys on and the given busy timeout. Errors: kUnavailable
// when the file cannot be opened.
core::Result<std::unique_ptr<DriverConnection>> OpenSqlite(const std::string& path,
                                                           int busy_timeout_ms);

// Connects to PostgreSQL. Errors: kUnavailable when the server cannot be reached.
core::Result<std::unique_ptr<DriverConnection>> OpenPostgres(const std::string& url);

}  // namespace yingbin::db::internal
