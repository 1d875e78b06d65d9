#pragma once
#include "api/routes.hpp"

namespace yingbin::receptions {

// Registers the routes of formal receptions: /api/v1/receptions[/{id}[/guests[/{guest_id}]
// |/items[/{item_id}]|/staff|/contingencies|/budget-lines|/submit|/approve|/reject
// |/caps/approve|/cancel|/official-list]], /receptions/approvals, and the administration of
// /receptions/grades, /receptions/cost-standards[/in-force], /receptions/approval-rules.
// Also registers the execution's routes (RegisterExecutionRoutes).
void RegisterRoutes(api::Registry& r);

// PLAN-6..8: /api/v1/receptions/{id}/[start|finish|archive|execution|costs[/{cost_id}]
// |followups|summary|annotations|itinerary.ics] and the run sheet
// /api/v1/receptions/runsheet[/{task_id}/done].
void RegisterExecutionRoutes(api::Registry& r);

}  // namespace yingbin::receptions
