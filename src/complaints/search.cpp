#include "complaints/search.hpp"

#include "complaints/rules.hpp"
#include "complaints/store.hpp"
#include "db/full_text.hpp"
#include "db/search_documents.hpp"
#include "org/settings.hpp"

namespace yingbin::complaints {
namespace {

std::string Next(std::vector<db::Value>& params, db::Value v) {
  params.push_back(std::move(v));
  return "$" + std::to_string(params.size());
}

std::string CustomersWhere(const std::string& cond) {
  return "t.customer_id IN (SELECT cu.id FROM complaint_customers cu WHERE " + cond + ")";
}

}  // namespace

core::Result<std::string> TicketSearchCondition(db::Connection& c, const core::FieldCipher& cipher,
                                                std::string_view q,
                                                std::vector<db::Value>& params) {
  auto prefix = org::GetTextSetting(c, "complaints.number_prefix");
  if (!prefix) return std::move(prefix).error();
  const TicketSearch s = ParseTicketSearch(q, *prefix);
  switch (s.kind) {
    case TicketSearch::Kind::kNumber:
      return "t.number = " + Next(params, s.value);
    case TicketSearch::Kind::kNumberPrefix: {
      // The day's numbers all follow the prefix with '-' and digits, which sort below '~'.
      const std::string from = Next(params, s.value);
      return "t.number > " + from + " AND t.number < " + Next(params, s.value + "~");
    }
    case TicketSearch::Kind::kPhone:
      return CustomersWhere("cu.phone_index = " +
                            Next(params, cipher.BlindIndex(s.value, store::kCustomerPhoneField)));
    case TicketSearch::Kind::kPhoneTail:
      return CustomersWhere("cu.phone_tail = " + Next(params, s.value));
    case TicketSearch::Kind::kWords: {
      std::string cond = db::FullTextCondition(c, "complaint_customers_fts", "cu", s.value, params);
      if (cond.empty()) return std::string("1 = 0");
      return CustomersWhere(cond);
    }
  }
  return std::string("1 = 0");
}

core::Result<int64_t> UpgradeCustomerSearch(db::Pool& pool) {
  return db::UpgradeSearchDocuments(
      pool, "complaint_customer_search_version",
      {{"complaint_customers", "name", "organisation", "complaint_customers_fts"}});
}

}  // namespace yingbin::complaints
