#pragma once
#include "api/routes.hpp"

namespace yingbin::receptions {

// Registers the routes of formal receptions: /api/v1/receptions[/{id}[/guests[/{guest_id}]
// |/items[/{item_id}]|/staff|/contingencies|/budget-lines|/submit|/approve|/reject
// |/caps/approve|/cancel|/official-list]], /receptions/approvals, and the administration of
// /receptions/grades, /receptions/cost-standards[/in-force], /receptions/approval-rules.
void RegisterRoutes(api::Registry& r);

}  // namespace yingbin::receptions
