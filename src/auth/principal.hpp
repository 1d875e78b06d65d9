#pragma once
// Who is calling: a signed-in user (session cookie) or an API/kiosk token. Built once per
// request by the authenticator; services take it to check permissions and data scope.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace yingbin::auth {

enum class DataScope { kDepartment, kAll };

struct Principal {
  int64_t user_id = 0;   // 0 for anonymous and for tokens
  int64_t token_id = 0;  // set when authenticated by an API token
  std::string username;  // user name, or "token:<name>"
  std::string display_name;
  std::optional<int64_t> department_id;
  std::set<std::string, std::less<>> permissions;  // for tokens: their scopes
  DataScope scope = DataScope::kDepartment;
  // The departments this principal may see with DataScope::kDepartment: its own and all
  // below it in the tree. Empty with kAll (everything is in scope).
  std::vector<int64_t> scope_department_ids;
  int64_t session_id = 0;  // row id of the session, 0 for tokens
  // A kiosk token stands at one site: its sign-ins and walk-ins belong there.
  std::optional<int64_t> site_id;
  std::string csrf_token;

  bool IsAnonymous() const { return user_id == 0 && token_id == 0; }
  bool Can(std::string_view permission) const { return permissions.count(permission) > 0; }
  // True when a record of `department_id` is visible under the data scope. Records
  // without a department are visible to everyone who holds the read permission.
  bool InScope(std::optional<int64_t> department_id) const {
    if (scope == DataScope::kAll || !department_id) return true;
    return std::find(scope_department_ids.begin(), scope_department_ids.end(),
                     *department_id) != scope_department_ids.end();
  }
  // Name for logs and the audit trail.
  std::string ActorName() const { return display_name.empty() ? username : display_name; }
};

}  // namespace yingbin::auth
