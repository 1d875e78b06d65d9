#pragma once
#include "api/routes.hpp"

namespace yingbin::org {

// Registers /sites (with /sites/{id}/calendar...), /departments, /staff, /venues.
// Reads need org.read, writes org.write; staff lists honour the caller's data scope.
void RegisterRoutes(api::Registry& registry);
// GET /api/v1/settings (signed in), PUT /api/v1/settings/{key} (settings.write).
// Two-person settings (DATA-5) answer 202 with the approval request instead.
void RegisterSettingsRoutes(api::Registry& registry);
// GET /api/v1/approvals, POST /api/v1/approvals/{id}/approve|reject (settings.write).
void RegisterApprovalRoutes(api::Registry& registry);
// DATA-5: GET /api/v1/retention (what has expired, per part), POST /api/v1/retention/purge
// (the request; a second administrator approves under /approvals).
void RegisterRetentionRoutes(api::Registry& registry);

}  // namespace yingbin::org
