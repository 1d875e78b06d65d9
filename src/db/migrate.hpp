#pragma once
// Schema migrations: files V<NNN>__<name>.sql applied in version order, each in its own
// transaction together with its row in schema_migrations(version, name, applied_at), so a
// migration that fails leaves nothing behind. Migrate() (db.hpp) feeds this the embedded
// files of the pool's dialect.
#include <vector>

#include "core/embedded_files.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::db {

// Applies those of `files` (migrations of the pool's dialect; only the file name after the
// last '/' matters) whose version is not yet in schema_migrations. Returns the versions
// applied, ascending; empty when the database is up to date. On PostgreSQL a session
// advisory lock serialises concurrent callers; on SQLite each migration's transaction
// re-checks that its version is still missing.
// Errors: kInternal when a file name is malformed, when the versions are not 1..N without
// gaps or duplicates, when the database has a version the files do not (a newer schema
// than this binary), or when a migration fails (detail names it; the versions before it
// stay applied). kUnavailable when the database is busy or unreachable.
core::Result<std::vector<int>> MigrateFrom(Pool& pool,
                                           const std::vector<core::EmbeddedFile>& files);

}  // namespace yingbin::db
