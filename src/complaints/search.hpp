#pragma once
// Finding tickets by what a customer says on the phone (the ticket list's q): the ticket
// number, the customer's phone number or its last four digits, or any part of the
// customer's name or organisation (simplified or traditional, pinyin initials; DATA-4).
// Customers carry the search document; a ticket is found through its customer.
#include <string>
#include <string_view>
#include <vector>

#include "core/field_crypto.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::complaints {

// The condition on tickets `t` that `q` matches, in two forms over the same parameters
// (appended to `params`, numbered after those already there):
//   count: through the customers' ticket index, for counting the matches;
//   page:  for the page, newest tickets first. When a name matches many customers (SQLite:
//          more than kWalkAbove, "王"), it walks the tickets newest first and stops at the
//          page, instead of sorting every match (at 1 M tickets: 11 ms, not 140).
// Both are "1 = 0" when q has nothing to search for.
struct TicketSearchSql {
  std::string count, page;
};
inline constexpr int64_t kWalkAbove = 2000;
core::Result<TicketSearchSql> TicketSearchCondition(db::Connection& c,
                                                    const core::FieldCipher& cipher,
                                                    std::string_view q,
                                                    std::vector<db::Value>& params);

// Builds the search documents of customers stored before there were any (or in an older
// format), once, at start-up. Answers how many were built.
core::Result<int64_t> UpgradeCustomerSearch(db::Pool& pool);

}  // namespace yingbin::complaints
