#pragma once
#include "api/routes.hpp"

namespace yingbin::complaints {

// Registers the routes of customer complaints: /api/v1/complaints[/{id}[/<action>]],
// /complaints/overdue, /complaints/config[/types|causes|departments/...],
// /complaints/public-form, /complaints/inbound (API token, complaints.inbound), and the
// public web form /api/v1/public/complaint-form and /api/v1/public/complaints.
void RegisterRoutes(api::Registry& r);

}  // namespace yingbin::complaints
