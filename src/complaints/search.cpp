#include "complaints/search.hpp"

#include "complaints/rules.hpp"
#include "complaints/store.hpp"
#include "core/search_keys.hpp"
#include "db/full_text.hpp"
#include "db/search_documents.hpp"
#include "org/settings.hpp"

namespace yingbin::complaints {
namespace {

std::string Next(std::vector<db::Value>& params, db::Value v) {
  params.push_back(std::move(v));
  return "$" + std::to_string(params.size());
}

TicketSearchSql Same(std::string cond) { return {cond, cond}; }

std::string CustomersWhere(const std::string& cond) {
  return "t.customer_id IN (SELECT cu.id FROM complaint_customers cu WHERE " + cond + ")";
}

// Part of a name or organisation. On SQLite the customers the search index matches are
// counted first (1.6 ms for "王" among 700,000 customers): few, and their tickets are read
// through the customer index and sorted; many, and the page walks the tickets newest first
// (the unary + keeps SQLite off the customer index), checking each against the matches.
core::Result<TicketSearchSql> Words(db::Connection& c, const std::string& words,
                                    std::vector<db::Value>& params) {
  if (c.dialect() != db::Dialect::kSqlite) {
    std::string cond = db::FullTextCondition(c, "complaint_customers_fts", "cu", words, params);
    if (cond.empty()) return Same("1 = 0");
    return Same(CustomersWhere(cond));
  }
  const std::string match = core::Fts5Query(words);
  if (match.empty()) return Same("1 = 0");
  auto n = c.Query(
      "SELECT COUNT(*) FROM complaint_customers_fts WHERE complaint_customers_fts MATCH $1",
      {match});
  if (!n) return std::move(n).error();
  if (n->Int(0, 0) == 0) return Same("1 = 0");
  const std::string matches =
      " IN (SELECT rowid FROM complaint_customers_fts WHERE complaint_customers_fts MATCH " +
      Next(params, match) + ")";
  TicketSearchSql out{"t.customer_id" + matches, "t.customer_id" + matches};
  if (n->Int(0, 0) > kWalkAbove) out.page = "+t.customer_id" + matches;
  return out;
}

}  // namespace

core::Result<TicketSearchSql> TicketSearchCondition(db::Connection& c,
                                                    const core::FieldCipher& cipher,
                                                    std::string_view q,
                                                    std::vector<db::Value>& params) {
  auto prefix = org::GetTextSetting(c, "complaints.number_prefix");
  if (!prefix) return std::move(prefix).error();
  const TicketSearch s = ParseTicketSearch(q, *prefix);
  switch (s.kind) {
    case TicketSearch::Kind::kNumber:
      return Same("t.number = " + Next(params, s.value));
    case TicketSearch::Kind::kNumberPrefix: {
      // The day's numbers all follow the prefix with '-' and digits, which sort below '~'.
      const std::string from = Next(params, s.value);
      return Same("t.number > " + from + " AND t.number < " + Next(params, s.value + "~"));
    }
    case TicketSearch::Kind::kPhone:
      return Same(CustomersWhere(
          "cu.phone_index = " +
          Next(params, cipher.BlindIndex(s.value, store::kCustomerPhoneField))));
    case TicketSearch::Kind::kPhoneTail:
      return Same(CustomersWhere("cu.phone_tail = " + Next(params, s.value)));
    case TicketSearch::Kind::kWords:
      return Words(c, s.value, params);
  }
  return Same("1 = 0");
}

core::Result<int64_t> UpgradeCustomerSearch(db::Pool& pool) {
  return db::UpgradeSearchDocuments(
      pool, "complaint_customer_search_version",
      {{"complaint_customers", "name", "organisation", "complaint_customers_fts"}});
}

}  // namespace yingbin::complaints
