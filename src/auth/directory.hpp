#pragma once
// Accounts as other modules need them: users, roles and permissions belong to auth/
// (DESIGN.md: modules talk through services, never through each other's tables), and this
// is the one place that reads them for others. Every function runs one statement on the
// caller's connection (inside the caller's transaction when it has one); a missing row is
// an answer, never an error; the only errors are the database's. Thread safety: as
// db::Connection.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::auth {

// The enabled accounts holding `permission` through one of their roles, by id ascending;
// the sysadmin role holds every permission. For telling "whoever may do this" (security
// on a watch-list hit, the subscription clerks at renewal time).
// REQUIRES: `permission` is a permission code (auth/permissions.hpp).
core::Result<std::vector<int64_t>> UsersWithPermission(db::Connection& c,
                                                       std::string_view permission);

// The enabled accounts holding built-in or custom role `role_code`, by id ascending (the
// GM office's people, to escalate a complaint to them).
core::Result<std::vector<int64_t>> UsersWithRole(db::Connection& c, std::string_view role_code);

// Those of `user_ids` whose accounts exist and are enabled, in the given order.
core::Result<std::vector<int64_t>> EnabledUsers(db::Connection& c,
                                                const std::vector<int64_t>& user_ids);

// The name a user is shown under (display name, else username); "" when there is none.
core::Result<std::string> UserName(db::Connection& c, int64_t user_id);

// The SQL expression of the name a user is shown under, for the users table joined as
// `alias`: the display name, else the username, else '' (a LEFT JOIN that found no user).
// REQUIRES: `alias` is an SQL identifier written by the caller, never user input.
std::string UserNameSql(std::string_view alias);

}  // namespace yingbin::auth
