#pragma once
// The full-text condition of a search (DESIGN.md "Search", DATA-4) over a table whose rows
// carry a search document (column search_doc, written with core::SearchDocument) and, on
// SQLite, an FTS5 shadow table of it (rowid = the row's id). One place for the two dialects,
// so that every module's search means the same.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"

namespace yingbin::db {

// A search's total is counted up to this many, then answered as "at least" (total_capped):
// "more than 1,000" says enough, and counting every match of a one-character name does not
// pay. The visit log and the complaint list both stop here.
inline constexpr int64_t kSearchCountCap = 1000;

// Appends the search's one parameter to `params` and answers the condition, over `alias`
// (the table's name or alias in the caller's FROM; "" for unqualified columns):
//   PostgreSQL: to_tsvector('simple', alias.search_doc) @@ to_tsquery('simple', $n), which
//               the GIN index on that expression serves;
//   SQLite:     alias.id IN (SELECT rowid FROM fts_table WHERE fts_table MATCH $n).
// Answers "" and appends nothing when `q` has nothing to search for (core::Fts5Query and
// core::TsQuery are empty): the caller then has no matches.
// REQUIRES: fts_table and alias are identifiers written in the code, never user input.
std::string FullTextCondition(Connection& c, std::string_view fts_table, std::string_view alias,
                              std::string_view q, std::vector<Value>& params);

}  // namespace yingbin::db
