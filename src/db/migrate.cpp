#include "db/migrate.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <set>
#include <string>

namespace yingbin::db {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr std::string_view kSelectVersions =
    "SELECT version FROM schema_migrations ORDER BY version";
constexpr std::string_view kSelectVersion = "SELECT 1 FROM schema_migrations WHERE version = $1";
constexpr std::string_view kInsertVersion =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
constexpr std::string_view kLock = "SELECT pg_advisory_lock($1)";
constexpr std::string_view kUnlock = "SELECT pg_advisory_unlock($1)";

// FNV-1a of "yingbin.schema_migrations": one lock id shared by every node.
constexpr int64_t LockKey() {
  uint64_t h = 1469598103934665603ull;
  for (char c : std::string_view("yingbin.schema_migrations")) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return static_cast<int64_t>(h >> 1);
}

struct Migration {
  int version = 0;
  std::string name;  // "V001__auth_audit", for schema_migrations and messages
  std::string_view sql;
};

core::Result<std::vector<Migration>> Parse(const std::vector<core::EmbeddedFile>& files) {
  std::vector<Migration> out;
  for (const auto& f : files) {
    std::string_view base = f.path.substr(f.path.rfind('/') + 1);  // npos + 1 == 0
    size_t digits = 1;
    while (digits < base.size() && base[digits] >= '0' && base[digits] <= '9') ++digits;
    constexpr std::string_view kExt = ".sql";
    if (base.size() < 2 || base[0] != 'V' || digits == 1 || base.substr(digits, 2) != "__" ||
        base.size() <= digits + 2 + kExt.size() || !base.ends_with(kExt))
      return core::Internal("migrate: bad migration file name \"" + std::string(f.path) +
                            "\" (want V<NNN>__<name>.sql)");
    Migration m;
    m.version = std::stoi(std::string(base.substr(1, digits - 1)));
    m.name = std::string(base.substr(0, base.size() - kExt.size()));
    m.sql = f.content;
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].version != static_cast<int>(i + 1))
      return core::Internal(
          "migrate: migration versions must run 1..N without gaps or "
          "duplicates; found \"" +
          out[i].name + "\" at position " + std::to_string(i + 1));
  }
  return out;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Applies one migration with its schema_migrations row in one transaction. Returns
// whether it was applied (false: another node got there first).
core::Result<bool> ApplyOne(Connection& c, const Migration& m) {
  YB_RETURN_IF_ERROR(c.Begin());
  auto run = [&]() -> core::Result<bool> {
    auto seen = c.Query(kSelectVersion, {int64_t{m.version}});
    if (!seen) return std::move(seen).error();
    if (!seen->empty()) return false;
    YB_RETURN_IF_ERROR(c.ExecScript(m.sql));
    auto ins = c.Exec(kInsertVersion, {int64_t{m.version}, m.name, NowMs()});
    if (!ins) return std::move(ins).error();
    return true;
  };
  auto applied = run();
  if (applied) {
    auto committed = c.Commit();
    if (committed) return applied;
    applied = std::move(committed).error();
  }
  (void)c.Rollback();
  core::Error e = std::move(applied).error();
  if (e.code != core::ErrorCode::kUnavailable) e.code = core::ErrorCode::kInternal;
  e.key = e.code == core::ErrorCode::kUnavailable ? "error.unavailable" : "error.internal";
  e.detail = "migrate: migration \"" + m.name + "\" failed: " + e.detail;
  return e;
}

core::Result<std::vector<int>> MigrateLocked(Connection& c, const std::vector<Migration>& all) {
  YB_RETURN_IF_ERROR(c.Exec(kCreateTable));
  auto rows = c.Query(kSelectVersions);
  if (!rows) return std::move(rows).error();
  std::set<int> applied;
  for (size_t i = 0; i < rows->size(); ++i) applied.insert(static_cast<int>(rows->Int(i, 0)));
  for (int v : applied) {
    if (v < 1 || v > static_cast<int>(all.size()))
      return core::Internal("migrate: the database has schema version " + std::to_string(v) +
                            " but this binary knows only up to " + std::to_string(all.size()) +
                            "; run a newer binary");
  }
  std::vector<int> done;
  for (const Migration& m : all) {
    if (applied.count(m.version)) continue;
    auto ok = ApplyOne(c, m);
    if (!ok) return std::move(ok).error();
    if (*ok) done.push_back(m.version);
  }
  return done;
}

}  // namespace

core::Result<std::vector<int>> MigrateFrom(Pool& pool,
                                           const std::vector<core::EmbeddedFile>& files) {
  auto all = Parse(files);
  if (!all) return std::move(all).error();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  Connection& c = **lease;
  if (c.dialect() == Dialect::kSqlite) return MigrateLocked(c, *all);
  // Session lock (not a transaction lock): it must span several transactions.
  auto locked = c.Query(kLock, {LockKey()});
  if (!locked) return std::move(locked).error();
  auto result = MigrateLocked(c, *all);
  (void)c.Query(kUnlock, {LockKey()});  // a lost connection releases it anyway
  return result;
}

core::Result<std::vector<int>> Migrate(Pool& pool) {
  std::vector<core::EmbeddedFile> sqlite, postgres;
  for (const auto& f : core::EmbeddedFiles()) {
    if (f.path.starts_with("migrations/sqlite/")) sqlite.push_back(f);
    if (f.path.starts_with("migrations/postgres/")) postgres.push_back(f);
  }
  // Both dialects must describe the same schema versions.
  auto a = Parse(sqlite);
  if (!a) return std::move(a).error();
  auto b = Parse(postgres);
  if (!b) return std::move(b).error();
  if (a->size() != b->size())
    return core::Internal("migrate: migrations/sqlite has " + std::to_string(a->size()) +
                          " versions but migrations/postgres has " + std::to_string(b->size()));
  return MigrateFrom(pool, pool.dialect() == Dialect::kSqlite ? sqlite : postgres);
}

}  // namespace yingbin::db
