#pragma once
#include "api/routes.hpp"

namespace yingbin::roster {

// Registers the routes of the duty roster and the conduct records:
// /api/v1/roster[/now|/mine|/clerks|/shifts[/{id}]|/copy-week|/absences[/{id}]|
// /handovers[/{id}/confirm|/end]|/sites/{id}/settings] and
// /api/v1/conduct/violations[/{id}[/appeal]], /conduct/report[.csv|.xlsx], /conduct/months,
// /conduct/mine.
void RegisterRoutes(api::Registry& r);

}  // namespace yingbin::roster
