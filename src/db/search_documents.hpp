#pragma once
// The write side of search (DESIGN.md "Search", DATA-4): keeping a row's search document
// (core::SearchDocument, in column search_doc) and, on SQLite, its FTS5 shadow in step. The
// read side is db/full_text.hpp.
#include <initializer_list>
#include <string>

#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::db {

// Writes the FTS5 shadow row of `rowid` now (SQLite; nothing on PostgreSQL, whose GIN index
// follows search_doc). `replace` first deletes the old row. `fts` is an identifier from the
// code.
core::Status PutSearchShadow(Connection& c, const std::string& fts, int64_t rowid,
                             const std::string& doc, bool replace);

// The same at the end of the transaction, outside the group commit's per-caller
// savepoints, where FTS5 would flush a segment for each caller (Connection::BeforeCommit).
// Nothing reads the shadow inside the transaction. `replace` first deletes the old row.
// REQUIRES: inside Pool::Transaction/TransactionVoid; `fts` is an identifier from the code.
void IndexAtCommit(Connection& c, std::string fts, int64_t rowid, std::string doc, bool replace);

// A table whose rows carry a search document built from two of its columns.
struct SearchedTable {
  const char* table;                // complaint_customers
  const char* name_column;          // name
  const char* organisation_column;  // organisation
  const char* fts;                  // its FTS5 shadow on SQLite
};

// Rebuilds the documents of the rows of `tables` not yet anonymised, once, at start-up, in
// batches, when the version kept in counter `counter` is below core::kSearchDocumentVersion
// (documents of an older format, or none built yet); then records the current version. With
// no counter and no rows (a fresh database) it records the version and rebuilds nothing.
// Answers how many rows were rebuilt.
core::Result<int64_t> UpgradeSearchDocuments(Pool& pool, const std::string& counter,
                                             std::initializer_list<SearchedTable> tables);

}  // namespace yingbin::db
