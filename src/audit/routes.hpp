#pragma once
#include "api/routes.hpp"

namespace yingbin::audit {

// GET /api/v1/audit (list with filters), GET /api/v1/audit/verify.
void RegisterRoutes(api::Registry& registry);

}  // namespace yingbin::audit
