#include "visitors/search_upgrade.hpp"

#include <string>

#include "core/search_keys.hpp"

namespace yingbin::visitors {
namespace {

constexpr const char* kCounter = "search_doc_version";
constexpr int kBatch = 2000;

struct Table {
  const char* name;        // visits / visitors
  const char* name_column; // visitor_name / name
  const char* fts;         // its FTS5 table (SQLite)
};

// Rebuilds one batch after `after`; answers the last id done, or 0 when none was left.
core::Result<int64_t> Batch(db::Pool& pool, const Table& t, int64_t after, int64_t& rebuilt) {
  return pool.Transaction<int64_t>([&](db::Connection& tx) -> core::Result<int64_t> {
    auto rows = tx.Query(std::string("SELECT id, ") + t.name_column + ", company FROM " + t.name +
                             " WHERE id > $1 AND anonymised_at IS NULL ORDER BY id LIMIT " +
                             std::to_string(kBatch),
                         {after});
    if (!rows) return std::move(rows).error();
    int64_t last = 0;
    const bool sqlite = tx.dialect() == db::Dialect::kSqlite;
    for (size_t i = 0; i < rows->size(); ++i) {
      last = rows->Int(i, 0);
      const std::string doc = core::SearchDocument({rows->Text(i, 1), rows->Text(i, 2)});
      auto n = tx.Exec(std::string("UPDATE ") + t.name + " SET search_doc = $1 WHERE id = $2", {doc, last});
      if (!n) return std::move(n).error();
      if (sqlite) {
        auto d = tx.Exec(std::string("DELETE FROM ") + t.fts + " WHERE rowid = $1", {last});
        if (!d) return std::move(d).error();
        auto f = tx.Exec(std::string("INSERT INTO ") + t.fts + " (rowid, doc) VALUES ($1, $2)", {last, doc});
        if (!f) return std::move(f).error();
      }
    }
    rebuilt += static_cast<int64_t>(rows->size());
    return last;
  });
}

}  // namespace

core::Result<int64_t> UpgradeSearchDocuments(db::Pool& pool) {
  int64_t version = 1;  // documents before the counter existed
  {
    auto lease = pool.Acquire();
    if (!lease) return std::move(lease).error();
    auto any = (*lease)->Query("SELECT (SELECT COUNT(*) FROM visits) + (SELECT COUNT(*) FROM visitors)");
    if (!any) return std::move(any).error();
    auto v = (*lease)->Query("SELECT value FROM counters WHERE name = $1", {std::string(kCounter)});
    if (!v) return std::move(v).error();
    if (!v->empty()) version = v->Int(0, 0);
    else if (any->Int(0, 0) == 0) version = core::kSearchDocumentVersion;  // nothing to rebuild
  }
  int64_t rebuilt = 0;
  if (version < core::kSearchDocumentVersion) {
    for (const Table& t : {Table{"visits", "visitor_name", "visits_fts"},
                           Table{"visitors", "name", "visitors_fts"}}) {
      for (int64_t after = 0;;) {
        auto last = Batch(pool, t, after, rebuilt);
        if (!last) return std::move(last).error();
        if (*last == 0) break;
        after = *last;
      }
    }
  }
  auto st = pool.TransactionVoid([&](db::Connection& tx) -> core::Status {
    auto n = tx.Exec(
        "INSERT INTO counters (name, value) VALUES ($1, $2) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        {std::string(kCounter), int64_t{core::kSearchDocumentVersion}});
    if (!n) return std::move(n).error();
    return core::Ok();
  });
  if (!st) return st.error();
  return rebuilt;
}

}  // namespace yingbin::visitors
