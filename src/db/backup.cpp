// Online backup of a SQLite database: the backup API copies a consistent snapshot while
// other connections keep writing. The copy is written beside the target and renamed into
// place only once complete and on disk, so `path` is never a half-written file.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "db/db.hpp"
#include "db/driver.hpp"

namespace yingbin::db {
namespace {

struct Db {
  sqlite3* p = nullptr;
  ~Db() { sqlite3_close_v2(p); }
};

core::Status FsyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return core::Internal("backup: cannot open \"" + path + "\" to sync");
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return core::Internal("backup: fsync of \"" + path + "\" failed");
  return core::Ok();
}

}  // namespace

core::Status BackupSqlite(const std::string& source_url, const std::string& path) {
  auto source = internal::SqlitePathFromUrl(source_url);
  if (!source) {
    core::Error e = core::InvalidArgument("db");
    e.detail = "backup: not a SQLite URL; use pg_dump for PostgreSQL";
    return e;
  }
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".tmp";
  fs::remove(tmp, ec);

  Db src, dst;
  if (sqlite3_open_v2(source->c_str(), &src.p, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) !=
      SQLITE_OK)
    return core::Unavailable("backup: cannot open \"" + *source + "\": " + sqlite3_errmsg(src.p));
  sqlite3_busy_timeout(src.p, 5000);
  if (sqlite3_open_v2(tmp.c_str(), &dst.p, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK)
    return core::Internal("backup: cannot create \"" + tmp + "\": " + sqlite3_errmsg(dst.p));

  sqlite3_backup* b = sqlite3_backup_init(dst.p, "main", src.p, "main");
  if (!b) return core::Internal(std::string("backup: ") + sqlite3_errmsg(dst.p));
  int rc;
  // step(-1) copies everything in one go; BUSY/LOCKED means a writer holds the source
  // lock for a moment: wait and retry.
  for (int tries = 0;; ++tries) {
    rc = sqlite3_backup_step(b, -1);
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries == 100) break;
    sqlite3_sleep(50);
  }
  int finish = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE || finish != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(dst.p);
    sqlite3_close_v2(dst.p);
    dst.p = nullptr;
    fs::remove(tmp, ec);
    core::Error e = (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                        ? core::Unavailable("backup: source stayed busy: " + msg)
                        : core::Internal("backup: " + msg);
    return e;
  }
  // The copy keeps the source's WAL flag; fold everything into the one file so the
  // backup is self-contained before it is closed.
  sqlite3_exec(dst.p, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  sqlite3_close_v2(dst.p);
  dst.p = nullptr;

  YB_RETURN_IF_ERROR(FsyncPath(tmp, O_RDONLY));
  fs::rename(tmp, target, ec);
  if (ec) return core::Internal("backup: cannot rename to \"" + path + "\": " + ec.message());
  std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  return FsyncPath(dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace yingbin::db
