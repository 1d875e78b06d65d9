#include "db/full_text.hpp"

#include "core/search_keys.hpp"

namespace yingbin::db {

std::string FullTextCondition(Connection& c, std::string_view fts_table, std::string_view alias,
                              std::string_view q, std::vector<Value>& params) {
  const std::string prefix = alias.empty() ? "" : std::string(alias) + ".";
  if (c.dialect() == Dialect::kPostgres) {
    std::string tsq = core::TsQuery(q);
    if (tsq.empty()) return "";
    params.push_back(std::move(tsq));
    return "to_tsvector('simple', " + prefix + "search_doc) @@ to_tsquery('simple', $" +
           std::to_string(params.size()) + ")";
  }
  std::string match = core::Fts5Query(q);
  if (match.empty()) return "";
  params.push_back(std::move(match));
  const std::string fts(fts_table);
  return prefix + "id IN (SELECT rowid FROM " + fts + " WHERE " + fts + " MATCH $" +
         std::to_string(params.size()) + ")";
}

}  // namespace yingbin::db
