#pragma once
// SQL of the auth module. Every function runs on the caller's connection (inside the
// caller's transaction where it writes). Not-found lookups return nullopt, not errors.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/model.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::auth::store {

using core::Result;
using core::Status;
using db::Connection;

Result<std::optional<User>> FindUser(Connection& c, int64_t id);
Result<std::optional<User>> FindUserByUsername(Connection& c, std::string_view username);
// Users matching q (username or display name), only those in `departments` when given
// (department scope; an empty list matches nobody).
Result<std::pair<std::vector<User>, int64_t>> ListUsers(
    Connection& c, std::string_view q, const std::vector<int64_t>* departments, int64_t limit,
    int64_t offset);
Result<int64_t> CountUsers(Connection& c);
Result<int64_t> InsertUser(Connection& c, const User& u, int64_t now);
// Writes display_name, department_id, staff_id, disabled, must_change_password, password_hash.
Status UpdateUser(Connection& c, const User& u, int64_t now);
Status SetUserRoles(Connection& c, int64_t user_id, const std::vector<int64_t>& role_ids);
Status SetLoginFailures(Connection& c, int64_t user_id, int64_t failed,
                        std::optional<int64_t> locked_until);
// Enabled users holding the sysadmin role.
Result<int64_t> CountActiveSysadmins(Connection& c, std::optional<int64_t> except_user_id);

Result<std::vector<Role>> ListRoles(Connection& c);
Result<std::optional<Role>> FindRole(Connection& c, int64_t id);
Result<std::optional<Role>> FindRoleByCode(Connection& c, std::string_view code);
Result<std::vector<Role>> RolesOfUser(Connection& c, int64_t user_id);
Result<int64_t> InsertRole(Connection& c, const Role& r, int64_t now);
Status UpdateRole(Connection& c, const Role& r, int64_t now);
// The default permissions of built-in role `code` granted so far (role_default_grants).
Result<std::vector<std::string>> DefaultGrants(Connection& c, std::string_view code);
Status RecordDefaultGrant(Connection& c, std::string_view code, std::string_view permission);
Status DeleteRole(Connection& c, int64_t id);

Result<int64_t> InsertSession(Connection& c, const Session& s, std::string_view token_hash);
// A live session (not revoked, not expired at `now`) by token hash.
Result<std::optional<Session>> FindLiveSession(Connection& c, std::string_view token_hash,
                                               int64_t now);
Status TouchSession(Connection& c, int64_t id, int64_t now, int64_t expires_at);
Status RevokeSession(Connection& c, int64_t id, int64_t now);
// Revokes every live session of the user except `keep_id` (0 keeps none).
Status RevokeUserSessions(Connection& c, int64_t user_id, int64_t keep_id, int64_t now);
Result<std::vector<Session>> ListLiveSessions(Connection& c, int64_t user_id, int64_t now);

Result<int64_t> InsertToken(Connection& c, const ApiToken& t, std::string_view token_hash);
Result<std::optional<ApiToken>> FindLiveToken(Connection& c, std::string_view token_hash);
Result<std::optional<ApiToken>> FindToken(Connection& c, int64_t id);
Result<std::vector<ApiToken>> ListLiveTokens(Connection& c);
Status RevokeToken(Connection& c, int64_t id, int64_t now);
Status TouchToken(Connection& c, int64_t id, int64_t now);

}  // namespace yingbin::auth::store
