#include "auth/directory.hpp"

namespace yingbin::auth {
namespace {

// roles.permissions is a JSON array of strings: the code in quotes cannot match a longer one.
constexpr char kUsersWithPermission[] =
    "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id "
    "JOIN roles r ON r.id = ur.role_id WHERE u.disabled = 0 AND "
    "(r.code = 'sysadmin' OR r.permissions LIKE $1) ORDER BY u.id";

constexpr char kUsersWithRole[] =
    "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id "
    "JOIN roles r ON r.id = ur.role_id WHERE u.disabled = 0 AND r.code = $1 ORDER BY u.id";

constexpr char kUserEnabled[] = "SELECT disabled FROM users WHERE id = $1";

constexpr char kUserName[] =
    "SELECT COALESCE(NULLIF(display_name, ''), username, '') FROM users WHERE id = $1";

}  // namespace

core::Result<std::vector<int64_t>> UsersWithRole(db::Connection& c, std::string_view role_code) {
  auto rows = c.Query(kUsersWithRole, {std::string(role_code)});
  if (!rows) return std::move(rows).error();
  std::vector<int64_t> out;
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(rows->Int(i, 0));
  return out;
}

core::Result<std::vector<int64_t>> EnabledUsers(db::Connection& c,
                                                const std::vector<int64_t>& user_ids) {
  std::vector<int64_t> out;
  for (int64_t id : user_ids) {
    auto rows = c.Query(kUserEnabled, {id});
    if (!rows) return std::move(rows).error();
    if (!rows->empty() && rows->Int(0, 0) == 0) out.push_back(id);
  }
  return out;
}

core::Result<std::string> UserName(db::Connection& c, int64_t user_id) {
  auto rows = c.Query(kUserName, {user_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::string();
  return rows->Text(0, 0);
}

core::Result<std::vector<int64_t>> UsersWithPermission(db::Connection& c,
                                                       std::string_view permission) {
  auto rows = c.Query(kUsersWithPermission, {"%\"" + std::string(permission) + "\"%"});
  if (!rows) return std::move(rows).error();
  std::vector<int64_t> out;
  out.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(rows->Int(i, 0));
  return out;
}

std::string UserNameSql(std::string_view alias) {
  const std::string a(alias);
  return "COALESCE(NULLIF(" + a + ".display_name, ''), " + a + ".username, '')";
}

}  // namespace yingbin::auth
