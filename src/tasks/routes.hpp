#pragma once
#include "api/routes.hpp"

namespace yingbin::tasks {

// GET /api/v1/tasks (mine; with ?site_id= and visits.write also the desk's), and
// POST /api/v1/tasks/{id}/done.
void RegisterRoutes(api::Registry& r);

}  // namespace yingbin::tasks
