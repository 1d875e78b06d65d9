#pragma once
// SQL of the visitors module, through db::Connection (same text on both backends except
// the search, which uses FTS5 on SQLite and a GIN tsvector index on PostgreSQL).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "visitors/model.hpp"

namespace yingbin::visitors::store {

using core::Result;
using core::Status;
using db::Connection;

Result<std::optional<Visit>> FindVisit(Connection& c, int64_t id);
Result<std::optional<Visit>> FindVisitByCode(Connection& c, const std::string& badge_code);
Result<int64_t> InsertVisit(Connection& c, const Visit& v, const std::string& search_doc);
// Writes the fields of `v` that differ from `before` (the row as read); nothing when none.
Status UpdateVisit(Connection& c, const Visit& before, const Visit& v);
// Visits matching `where` (SQL over alias v, parameters $1..$n in `params`), in `order`.
Result<std::vector<Visit>> SelectVisits(Connection& c, const std::string& where,
                                        std::vector<db::Value> params, const std::string& order,
                                        int64_t limit, int64_t offset);
Result<int64_t> CountVisits(Connection& c, const std::string& where,
                            std::vector<db::Value> params);

// --- visitors (returning people) ---
struct VisitorRow {
  int64_t id = 0;
  std::string name, company, phone_enc, phone_index, phone_hint, id_number_enc,
      id_number_index, id_number_hint, email, search_doc;
};
Result<std::optional<int64_t>> FindVisitorByPhone(Connection& c, const std::string& phone_index);
Result<std::optional<int64_t>> FindVisitorByNameCompany(Connection& c, const std::string& name,
                                                        const std::string& company);
Result<int64_t> InsertVisitor(Connection& c, const VisitorRow& v, int64_t now);
// Updates the non-empty fields of `v` and counts a visit.
Status TouchVisitor(Connection& c, const VisitorRow& v, int64_t now);
Result<std::vector<Visitor>> SearchVisitors(Connection& c, const std::string& q,
                                            const std::string& phone_index, int64_t limit);

// --- venues as the visitors module needs them (staff and sites: org/directory.hpp) ---
struct VenueBrief {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string name, kind;
  bool active = true;
};
Result<std::optional<VenueBrief>> FindVenue(Connection& c, int64_t id);

// --- triage ---
Result<std::vector<TriageRule>> ListTriage(Connection& c);
Result<std::optional<TriageRule>> FindTriage(Connection& c, int64_t id);
Result<std::optional<TriageRule>> FindTriageByKind(Connection& c, const std::string& kind);
Result<int64_t> InsertTriage(Connection& c, const TriageRule& r, int64_t now);
Status UpdateTriage(Connection& c, const TriageRule& r, int64_t now);
Status DeleteTriage(Connection& c, int64_t id);

// --- lists ---
struct ListRow {
  ListEntry entry;
  std::string name_key, id_number_index;
};
Result<std::vector<ListEntry>> ListEntries(Connection& c, std::optional<std::string> list,
                                           bool include_watch);
Result<std::optional<ListRow>> FindListEntry(Connection& c, int64_t id);
Result<int64_t> InsertListEntry(Connection& c, const ListRow& r, int64_t now);
Status UpdateListEntry(Connection& c, const ListRow& r, int64_t now);
Status DeleteListEntry(Connection& c, int64_t id);
// Active entries of `list` matching the folded name or the identity-number index.
Result<std::vector<ListEntry>> MatchList(Connection& c, const std::string& list,
                                         const std::string& name_key,
                                         const std::string& id_number_index);

}  // namespace yingbin::visitors::store
