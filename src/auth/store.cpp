#include "auth/store.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace yingbin::auth::store {
namespace {

using db::Null;
using db::Rows;
using db::Value;

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Null(); }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::vector<std::string> ParseStringArray(const std::string& text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string StringArrayJson(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

constexpr char kUserColumns[] =
    "id, username, display_name, password_hash, department_id, staff_id, disabled, "
    "must_change_password, failed_logins, locked_until, created_at";

User UserFromRow(const Rows& r, size_t i) {
  User u;
  u.id = r.Int(i, "id");
  u.username = r.Text(i, "username");
  u.display_name = r.Text(i, "display_name");
  u.password_hash = r.Text(i, "password_hash");
  u.department_id = r.OptInt(i, "department_id");
  u.staff_id = r.OptInt(i, "staff_id");
  u.disabled = r.Int(i, "disabled") != 0;
  u.must_change_password = r.Int(i, "must_change_password") != 0;
  u.failed_logins = r.Int(i, "failed_logins");
  u.locked_until = r.OptInt(i, "locked_until");
  u.created_at = r.Int(i, "created_at");
  return u;
}

Result<std::vector<int64_t>> RoleIdsOf(Connection& c, int64_t user_id) {
  auto r = c.Query("SELECT role_id FROM user_roles WHERE user_id = $1 ORDER BY role_id", {user_id});
  if (!r) return std::move(r).error();
  std::vector<int64_t> ids;
  for (size_t i = 0; i < r->size(); ++i) ids.push_back(r->Int(i, 0));
  return ids;
}

Result<std::optional<User>> OneUser(Connection& c, Result<Rows> r) {
  if (!r) return std::move(r).error();
  if (r->empty()) return std::optional<User>();
  User u = UserFromRow(*r, 0);
  auto roles = RoleIdsOf(c, u.id);
  if (!roles) return std::move(roles).error();
  u.role_ids = std::move(*roles);
  return std::optional<User>(std::move(u));
}

constexpr char kRoleColumns[] = "id, code, name, builtin, scope, permissions";

Role RoleFromRow(const Rows& r, size_t i) {
  Role role;
  role.id = r.Int(i, "id");
  role.code = r.Text(i, "code");
  role.name = r.Text(i, "name");
  role.builtin = r.Int(i, "builtin") != 0;
  role.scope = r.Text(i, "scope") == "all" ? DataScope::kAll : DataScope::kDepartment;
  role.permissions = ParseStringArray(r.Text(i, "permissions"));
  return role;
}

Result<std::vector<Role>> RoleList(Result<Rows> r) {
  if (!r) return std::move(r).error();
  std::vector<Role> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back(RoleFromRow(*r, i));
  return out;
}

Result<std::optional<Role>> OneRole(Result<Rows> r) {
  if (!r) return std::move(r).error();
  if (r->empty()) return std::optional<Role>();
  return std::optional<Role>(RoleFromRow(*r, 0));
}

const char* ScopeName(DataScope s) { return s == DataScope::kAll ? "all" : "department"; }

constexpr char kSessionColumns[] =
    "id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent";

Session SessionFromRow(const Rows& r, size_t i) {
  Session s;
  s.id = r.Int(i, "id");
  s.user_id = r.Int(i, "user_id");
  s.csrf_token = r.Text(i, "csrf_token");
  s.created_at = r.Int(i, "created_at");
  s.last_seen_at = r.Int(i, "last_seen_at");
  s.expires_at = r.Int(i, "expires_at");
  s.ip = r.Text(i, "ip");
  s.user_agent = r.Text(i, "user_agent");
  return s;
}

constexpr char kTokenColumns[] =
    "id, name, kind, prefix, scopes, site_id, created_by, created_at, last_used_at";

ApiToken TokenFromRow(const Rows& r, size_t i) {
  ApiToken t;
  t.id = r.Int(i, "id");
  t.name = r.Text(i, "name");
  t.kind = r.Text(i, "kind");
  t.prefix = r.Text(i, "prefix");
  t.scopes = ParseStringArray(r.Text(i, "scopes"));
  t.site_id = r.OptInt(i, "site_id");
  t.created_by = r.OptInt(i, "created_by");
  t.created_at = r.Int(i, "created_at");
  t.last_used_at = r.OptInt(i, "last_used_at");
  return t;
}

Status Done(Result<int64_t> r) {
  if (!r) return std::move(r).error();
  return core::Ok();
}

std::string LikePattern(std::string_view q) {
  std::string p = "%";
  for (char ch : q) {
    if (ch == '%' || ch == '_' || ch == '\\') p += '\\';
    p += ch;
  }
  return p + "%";
}

}  // namespace

Result<std::optional<User>> FindUser(Connection& c, int64_t id) {
  return OneUser(c, c.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1",
                            {id}));
}

Result<std::optional<User>> FindUserByUsername(Connection& c, std::string_view username) {
  return OneUser(c, c.Query(std::string("SELECT ") + kUserColumns +
                                " FROM users WHERE username_key = $1",
                            {LowerAscii(username)}));
}

Result<std::pair<std::vector<User>, int64_t>> ListUsers(
    Connection& c, std::string_view q, const std::vector<int64_t>* departments, int64_t limit,
    int64_t offset) {
  std::vector<Value> params = {std::string(q), LikePattern(LowerAscii(q))};
  std::string where =
      " FROM users WHERE ($1 = '' OR username_key LIKE $2 ESCAPE '\\' OR display_name LIKE $2 "
      "ESCAPE '\\')";
  if (departments) {
    // Department scope, in the statement so that paging and the total are right.
    if (departments->empty()) {
      where += " AND 1 = 0";
    } else {
      where += " AND department_id IN (";
      for (size_t i = 0; i < departments->size(); ++i) {
        params.push_back((*departments)[i]);
        where += (i ? ", $" : "$") + std::to_string(params.size());
      }
      where += ")";
    }
  }
  auto total = c.Query("SELECT COUNT(*)" + where, params);
  if (!total) return std::move(total).error();
  params.push_back(limit);
  const std::string limit_param = "$" + std::to_string(params.size());
  params.push_back(offset);
  const std::string offset_param = "$" + std::to_string(params.size());
  auto r = c.Query(std::string("SELECT ") + kUserColumns + where + " ORDER BY id DESC LIMIT " +
                       limit_param + " OFFSET " + offset_param,
                   params);
  if (!r) return std::move(r).error();
  std::vector<User> users;
  for (size_t i = 0; i < r->size(); ++i) {
    users.push_back(UserFromRow(*r, i));
    auto roles = RoleIdsOf(c, users.back().id);
    if (!roles) return std::move(roles).error();
    users.back().role_ids = std::move(*roles);
  }
  return std::make_pair(std::move(users), total->Int(0, 0));
}

Result<int64_t> CountUsers(Connection& c) {
  auto r = c.Query("SELECT COUNT(*) FROM users");
  if (!r) return std::move(r).error();
  return r->Int(0, 0);
}

Result<int64_t> InsertUser(Connection& c, const User& u, int64_t now) {
  auto r = c.Query(
      "INSERT INTO users (username, username_key, display_name, password_hash, department_id, "
      "staff_id, disabled, must_change_password, password_changed_at, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9) RETURNING id",
      {u.username, LowerAscii(u.username), u.display_name, u.password_hash, Opt(u.department_id),
       Opt(u.staff_id), int64_t{u.disabled}, int64_t{u.must_change_password}, now});
  if (!r) return std::move(r).error();
  return r->Int(0, 0);
}

Status UpdateUser(Connection& c, const User& u, int64_t now) {
  return Done(c.Exec(
      "UPDATE users SET display_name = $2, department_id = $3, staff_id = $4, disabled = $5, "
      "must_change_password = $6, password_changed_at = CASE WHEN password_hash = $7 THEN "
      "password_changed_at ELSE $8 END, password_hash = $7, updated_at = $8 WHERE id = $1",
      {u.id, u.display_name, Opt(u.department_id), Opt(u.staff_id), int64_t{u.disabled},
       int64_t{u.must_change_password}, u.password_hash, now}));
}

Status SetUserRoles(Connection& c, int64_t user_id, const std::vector<int64_t>& role_ids) {
  YB_RETURN_IF_ERROR(c.Exec("DELETE FROM user_roles WHERE user_id = $1", {user_id}));
  for (int64_t role_id : role_ids)
    YB_RETURN_IF_ERROR(
        c.Exec("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)", {user_id, role_id}));
  return core::Ok();
}

Status SetLoginFailures(Connection& c, int64_t user_id, int64_t failed,
                        std::optional<int64_t> locked_until) {
  return Done(c.Exec("UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1",
                     {user_id, failed, Opt(locked_until)}));
}

Result<int64_t> CountActiveSysadmins(Connection& c, std::optional<int64_t> except_user_id) {
  auto r = c.Query(
      "SELECT COUNT(DISTINCT u.id) FROM users u JOIN user_roles ur ON ur.user_id = u.id "
      "JOIN roles r ON r.id = ur.role_id WHERE r.code = 'sysadmin' AND u.disabled = 0 "
      "AND u.id <> $1",
      {except_user_id.value_or(0)});
  if (!r) return std::move(r).error();
  return r->Int(0, 0);
}

Result<std::vector<Role>> ListRoles(Connection& c) {
  return RoleList(c.Query(std::string("SELECT ") + kRoleColumns + " FROM roles ORDER BY id"));
}

Result<std::optional<Role>> FindRole(Connection& c, int64_t id) {
  return OneRole(c.Query(std::string("SELECT ") + kRoleColumns + " FROM roles WHERE id = $1", {id}));
}

Result<std::optional<Role>> FindRoleByCode(Connection& c, std::string_view code) {
  return OneRole(c.Query(std::string("SELECT ") + kRoleColumns + " FROM roles WHERE code = $1",
                         {std::string(code)}));
}

Result<std::vector<Role>> RolesOfUser(Connection& c, int64_t user_id) {
  return RoleList(c.Query(
      "SELECT r.id, r.code, r.name, r.builtin, r.scope, r.permissions FROM roles r "
      "JOIN user_roles ur ON ur.role_id = r.id WHERE ur.user_id = $1 ORDER BY r.id",
      {user_id}));
}

Result<int64_t> InsertRole(Connection& c, const Role& r, int64_t now) {
  auto q = c.Query(
      "INSERT INTO roles (code, name, builtin, scope, permissions, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
      {r.code, r.name, int64_t{r.builtin}, std::string(ScopeName(r.scope)),
       StringArrayJson(r.permissions), now});
  if (!q) return std::move(q).error();
  return q->Int(0, 0);
}

Status UpdateRole(Connection& c, const Role& r, int64_t now) {
  return Done(c.Exec(
      "UPDATE roles SET name = $2, scope = $3, permissions = $4, updated_at = $5 WHERE id = $1",
      {r.id, r.name, std::string(ScopeName(r.scope)), StringArrayJson(r.permissions), now}));
}

Status DeleteRole(Connection& c, int64_t id) {
  return Done(c.Exec("DELETE FROM roles WHERE id = $1", {id}));
}

Result<int64_t> InsertSession(Connection& c, const Session& s, std::string_view token_hash) {
  auto r = c.Query(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
      "expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING id",
      {std::string(token_hash), s.user_id, s.csrf_token, s.created_at, s.expires_at, s.ip,
       s.user_agent});
  if (!r) return std::move(r).error();
  return r->Int(0, 0);
}

Result<std::optional<Session>> FindLiveSession(Connection& c, std::string_view token_hash,
                                               int64_t now) {
  auto r = c.Query(std::string("SELECT ") + kSessionColumns +
                       " FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND "
                       "expires_at > $2",
                   {std::string(token_hash), now});
  if (!r) return std::move(r).error();
  if (r->empty()) return std::optional<Session>();
  return std::optional<Session>(SessionFromRow(*r, 0));
}

Status TouchSession(Connection& c, int64_t id, int64_t now, int64_t expires_at) {
  return Done(c.Exec("UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1",
                     {id, now, expires_at}));
}

Status RevokeSession(Connection& c, int64_t id, int64_t now) {
  return Done(c.Exec("UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                     {id, now}));
}

Status RevokeUserSessions(Connection& c, int64_t user_id, int64_t keep_id, int64_t now) {
  return Done(c.Exec(
      "UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL",
      {user_id, keep_id, now}));
}

Result<std::vector<Session>> ListLiveSessions(Connection& c, int64_t user_id, int64_t now) {
  auto r = c.Query(std::string("SELECT ") + kSessionColumns +
                       " FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND "
                       "expires_at > $2 ORDER BY last_seen_at DESC",
                   {user_id, now});
  if (!r) return std::move(r).error();
  std::vector<Session> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back(SessionFromRow(*r, i));
  return out;
}

Result<int64_t> InsertToken(Connection& c, const ApiToken& t, std::string_view token_hash) {
  auto r = c.Query(
      "INSERT INTO api_tokens (name, kind, token_hash, prefix, scopes, site_id, created_by, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {t.name, t.kind, std::string(token_hash), t.prefix, StringArrayJson(t.scopes),
       Opt(t.site_id), Opt(t.created_by), t.created_at});
  if (!r) return std::move(r).error();
  return r->Int(0, 0);
}

Result<std::optional<ApiToken>> FindLiveToken(Connection& c, std::string_view token_hash) {
  auto r = c.Query(std::string("SELECT ") + kTokenColumns +
                       " FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
                   {std::string(token_hash)});
  if (!r) return std::move(r).error();
  if (r->empty()) return std::optional<ApiToken>();
  return std::optional<ApiToken>(TokenFromRow(*r, 0));
}

Result<std::optional<ApiToken>> FindToken(Connection& c, int64_t id) {
  auto r = c.Query(std::string("SELECT ") + kTokenColumns +
                       " FROM api_tokens WHERE id = $1 AND revoked_at IS NULL",
                   {id});
  if (!r) return std::move(r).error();
  if (r->empty()) return std::optional<ApiToken>();
  return std::optional<ApiToken>(TokenFromRow(*r, 0));
}

Result<std::vector<ApiToken>> ListLiveTokens(Connection& c) {
  auto r = c.Query(std::string("SELECT ") + kTokenColumns +
                   " FROM api_tokens WHERE revoked_at IS NULL ORDER BY id");
  if (!r) return std::move(r).error();
  std::vector<ApiToken> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back(TokenFromRow(*r, i));
  return out;
}

Status RevokeToken(Connection& c, int64_t id, int64_t now) {
  return Done(c.Exec("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1", {id, now}));
}

Status TouchToken(Connection& c, int64_t id, int64_t now) {
  return Done(c.Exec("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", {id, now}));
}

Result<std::vector<std::string>> DefaultGrants(Connection& c, std::string_view code) {
  auto rows = c.Query("SELECT permission FROM role_default_grants WHERE role_code = $1",
                      {std::string(code)});
  if (!rows) return std::move(rows).error();
  std::vector<std::string> out;
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(rows->Text(i, 0));
  return out;
}

Status RecordDefaultGrant(Connection& c, std::string_view code, std::string_view permission) {
  auto n = c.Exec(
      "INSERT INTO role_default_grants (role_code, permission) VALUES ($1, $2) "
      "ON CONFLICT DO NOTHING",
      {std::string(code), std::string(permission)});
  if (!n) return std::move(n).error();
  return core::Ok();
}

}  // namespace yingbin::auth::store
