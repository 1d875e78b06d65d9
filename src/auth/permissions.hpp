#pragma once
// The permission codes the server checks, and the built-in roles for the people named in
// DOMAIN.md (front-desk clerk, admin clerk, host/staff, customer service, department head,
// GM office, security, system admin). Built-in roles are seeded when missing; an admin may
// change their permissions and scope but not delete or rename them. The sysadmin role is
// kept holding every permission so that the system can never lock out its administrators.
#include <string_view>
#include <vector>

#include "auth/principal.hpp"

namespace yingbin::auth {

struct PermissionInfo {
  std::string_view code;   // "org.write"
  std::string_view group;  // "org"
};

const std::vector<PermissionInfo>& AllPermissions();
bool IsKnownPermission(std::string_view code);

struct BuiltinRole {
  std::string_view code;  // "front_desk"
  std::string_view name;  // zh-CN display name; the web UI translates by code
  DataScope scope;
  std::vector<std::string_view> permissions;  // empty for sysadmin = all
};

const std::vector<BuiltinRole>& BuiltinRoles();
const BuiltinRole* FindBuiltinRole(std::string_view code);

inline constexpr std::string_view kSysadminRole = "sysadmin";

}  // namespace yingbin::auth
