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

// The condition on tickets `t` that `q` matches, its parameters appended to `params`
// (numbered after those already there). "1 = 0" when q has nothing to search for.
core::Result<std::string> TicketSearchCondition(db::Connection& c, const core::FieldCipher& cipher,
                                                std::string_view q,
                                                std::vector<db::Value>& params);

// Builds the search documents of customers stored before there were any (or in an older
// format), once, at start-up. Answers how many were built.
core::Result<int64_t> UpgradeCustomerSearch(db::Pool& pool);

}  // namespace yingbin::complaints
