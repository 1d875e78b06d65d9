#pragma once
#include "api/routes.hpp"

namespace yingbin::conferences {

// Registers conference reception's routes: /api/v1/conferences[...] (the conference, its
// hotel classes, meals, pickup points, delegates) and the public registration form
// /api/v1/register/{token} (no sign-in; rate-limited per address; honeypot field).
// Calls RegisterListRoutes.
void RegisterRoutes(api::Registry& r);
// The derived lists: pickup lists (and sending one to its driver), meal tickets and
// check-in, diets, fees and payments, bills and their reconciliation, the address book
// export. Called by RegisterRoutes.
void RegisterListRoutes(api::Registry& r);

}  // namespace yingbin::conferences
