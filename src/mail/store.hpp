#pragma once
// SQL of the mail desk, through db::Connection (the same text on both backends).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "mail/model.hpp"

namespace yingbin::mail::store {

using core::Result;
using core::Status;
using db::Connection;

// --- items ---
Result<std::optional<Item>> FindItem(Connection& c, int64_t id);
Result<int64_t> InsertItem(Connection& c, const Item& m, const std::string& search_doc);
// Writes every mutable column of `m` (by m.id).
Status UpdateItem(Connection& c, const Item& m, const std::string& search_doc);
// Items matching `where` (SQL over alias m, parameters $1..$n in `params`), in `order`.
Result<std::vector<Item>> SelectItems(Connection& c, const std::string& where,
                                      std::vector<db::Value> params, const std::string& order,
                                      int64_t limit, int64_t offset);
Result<int64_t> CountItems(Connection& c, const std::string& where, std::vector<db::Value> params);
// The waiting item with this tracking key other than `except_id`, if any.
Result<std::optional<Item>> WaitingWithTrackingKey(Connection& c, const std::string& key,
                                                   int64_t except_id);
// Carriers typed at a site, most used first (for the intake form's suggestions).
Result<std::vector<std::string>> RecentCarriers(Connection& c, int64_t site_id, int64_t limit);

// --- photos and signatures ---
Status PutFile(Connection& c, int64_t item_id, const std::string& kind, const File& f,
               std::optional<int64_t> user_id, int64_t now);
Result<std::optional<File>> GetFile(Connection& c, int64_t item_id, const std::string& kind);

// --- people, as the mail desk needs them (the rest is in org/directory.hpp) ---
// The departments of the active staff records of a user (staff.user_id or users.staff_id).
Result<std::vector<int64_t>> DepartmentsOfUser(Connection& c, int64_t user_id);

// --- subscriptions (MAIL-2) ---
Result<std::optional<Subscription>> FindSubscription(Connection& c, int64_t id);
Result<int64_t> InsertSubscription(Connection& c, const Subscription& s);
Status UpdateSubscription(Connection& c, const Subscription& s);
Status DeleteSubscription(Connection& c, int64_t id);
Result<std::vector<Subscription>> SelectSubscriptions(Connection& c, const std::string& where,
                                                      std::vector<db::Value> params);

}  // namespace yingbin::mail::store
