#pragma once
#include "api/routes.hpp"

namespace yingbin::visitors {

// Registers the visitors routes (/api/v1/visits..., /visitors, /visitor-lists,
// /triage-rules, /sites/{id}/queue|on-site|not-checked-out).
void RegisterRoutes(api::Registry& r);
// The badge (/visits/{id}/badge[.png]) and the kiosk routes (/kiosk/..., token scope
// kiosk.signin). Called by RegisterRoutes.
void RegisterKioskRoutes(api::Registry& r);
// The daily log (/visit-days/{site}/{day}[/review|/archive|/annotations], VIS-16) and the
// CSV export (/visits/export.csv). Called by RegisterRoutes.
void RegisterLogRoutes(api::Registry& r);

}  // namespace yingbin::visitors
