#pragma once
// JSON shapes of the auth objects (docs/api-v1.md). Never includes password hashes or
// token secrets.
#include <vector>

#include "api/json.hpp"
#include "auth/model.hpp"

namespace yingbin::auth {

api::Json UserJson(const User& u);
api::Json RoleJson(const Role& r);
api::Json TokenJson(const ApiToken& t);
api::Json SessionJson(const Session& s, int64_t current_session_id);
api::Json MeJson(const User& u, const std::vector<Role>& roles, const Principal& p);

}  // namespace yingbin::auth
