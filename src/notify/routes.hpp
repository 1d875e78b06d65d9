#pragma once
#include "api/routes.hpp"
#include "notify/hub.hpp"

namespace yingbin::notify {

// Registers, for any signed-in user: /notifications (own inbox), /notify/preferences (own),
// /events (Server-Sent Events: the user's own events, plus ?site=<id> desk streams with
// visits.read or visits.write); with notify.admin: /webhooks, /outbox, /notify/test.
// `hub` must outlive the server.
void RegisterRoutes(api::Registry& registry, Hub& hub);

}  // namespace yingbin::notify
