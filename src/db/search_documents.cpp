#include "db/search_documents.hpp"

#include <string>
#include <vector>

#include "core/search_keys.hpp"

namespace yingbin::db {
namespace {

constexpr int kBatch = 2000;

// Rebuilds one batch after `after`; answers the last id done, or 0 when none was left.
core::Result<int64_t> Batch(Pool& pool, const SearchedTable& t, int64_t after, int64_t& rebuilt) {
  return pool.Transaction<int64_t>([&](Connection& tx) -> core::Result<int64_t> {
    auto rows = tx.Query(std::string("SELECT id, ") + t.name_column + ", " +
                             t.organisation_column + " FROM " + t.table +
                             " WHERE id > $1 AND anonymised_at IS NULL ORDER BY id LIMIT " +
                             std::to_string(kBatch),
                         {after});
    if (!rows) return std::move(rows).error();
    int64_t last = 0;
    for (size_t i = 0; i < rows->size(); ++i) {
      last = rows->Int(i, 0);
      const std::string doc = core::SearchDocument({rows->Text(i, 1), rows->Text(i, 2)});
      auto n = tx.Exec(std::string("UPDATE ") + t.table + " SET search_doc = $1 WHERE id = $2",
                       {doc, last});
      if (!n) return std::move(n).error();
      YB_RETURN_IF_ERROR(PutSearchShadow(tx, t.fts, last, doc, /*replace=*/true));
    }
    rebuilt += static_cast<int64_t>(rows->size());
    return last;
  });
}

}  // namespace

core::Status PutSearchShadow(Connection& c, const std::string& fts, int64_t rowid,
                             const std::string& doc, bool replace) {
  if (c.dialect() != Dialect::kSqlite) return core::Ok();
  if (replace) {
    auto d = c.Exec("DELETE FROM " + fts + " WHERE rowid = $1", {rowid});
    if (!d) return std::move(d).error();
  }
  auto i = c.Exec("INSERT INTO " + fts + " (rowid, doc) VALUES ($1, $2)", {rowid, doc});
  if (!i) return std::move(i).error();
  return core::Ok();
}

void IndexAtCommit(Connection& c, std::string fts, int64_t rowid, std::string doc, bool replace) {
  if (c.dialect() != Dialect::kSqlite) return;
  c.BeforeCommit([fts = std::move(fts), rowid, doc = std::move(doc), replace](Connection& tx) {
    return PutSearchShadow(tx, fts, rowid, doc, replace);
  });
}

core::Result<int64_t> UpgradeSearchDocuments(Pool& pool, const std::string& counter,
                                             std::initializer_list<SearchedTable> tables) {
  int64_t version = 1;  // documents written before the counter existed
  {
    auto lease = pool.Acquire();
    if (!lease) return std::move(lease).error();
    auto v = (*lease)->Query("SELECT value FROM counters WHERE name = $1", {counter});
    if (!v) return std::move(v).error();
    if (!v->empty()) {
      version = v->Int(0, 0);
    } else {
      int64_t rows = 0;
      for (const SearchedTable& t : tables) {
        auto any = (*lease)->Query(std::string("SELECT COUNT(*) FROM ") + t.table);
        if (!any) return std::move(any).error();
        rows += any->Int(0, 0);
      }
      if (rows == 0) version = core::kSearchDocumentVersion;  // nothing to rebuild
    }
  }
  int64_t rebuilt = 0;
  if (version < core::kSearchDocumentVersion) {
    for (const SearchedTable& t : tables) {
      for (int64_t after = 0;;) {
        auto last = Batch(pool, t, after, rebuilt);
        if (!last) return std::move(last).error();
        if (*last == 0) break;
        after = *last;
      }
    }
  }
  auto st = pool.TransactionVoid([&](Connection& tx) -> core::Status {
    auto n = tx.Exec(
        "INSERT INTO counters (name, value) VALUES ($1, $2) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        {counter, int64_t{core::kSearchDocumentVersion}});
    if (!n) return std::move(n).error();
    return core::Ok();
  });
  if (!st) return st.error();
  return rebuilt;
}

}  // namespace yingbin::db
