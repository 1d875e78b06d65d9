#pragma once
#include "api/routes.hpp"

namespace yingbin::meetings {

// Registers the meeting service's routes: /api/v1/meetings[/{id}[/cancel|/approve|/reject|
// /invitation.ics]], /meetings/rooms[/{id}], /meetings/calendar, /meetings/approvals,
// /meetings/runsheet, and the calendar feed /api/v1/calendar/feed/{token} (public, secret
// token) with /api/v1/calendar/feed-token to make, show and drop one's token.
void RegisterRoutes(api::Registry& r);

}  // namespace yingbin::meetings
