#pragma once
#include "api/routes.hpp"
#include "auth/service.hpp"

namespace yingbin::auth {

inline constexpr char kSessionCookie[] = "yb_session";

// Registers /auth/*, /users, /roles, /permissions, /tokens.
void RegisterRoutes(api::Registry& registry, AuthService& service);

}  // namespace yingbin::auth
