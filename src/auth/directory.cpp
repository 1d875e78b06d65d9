#include "auth/directory.hpp"

namespace yingbin::auth {
namespace {

// roles.permissions is a JSON array of strings: the code in quotes cannot match a longer one.
constexpr char kUsersWithPermission[] =
    "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id "
    "JOIN roles r ON r.id = ur.role_id WHERE u.disabled = 0 AND "
    "(r.code = 'sysadmin' OR r.permissions LIKE $1) ORDER BY u.id";

}  // namespace

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
