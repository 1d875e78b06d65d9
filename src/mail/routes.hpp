#pragma once
#include "api/routes.hpp"

namespace yingbin::mail {

// Registers the mail desk's routes: /api/v1/mail/items[/{id}[/pickup|/return|/remind|
// /photo|/signature]], /mail/mine, /mail/carriers, /mail/subscriptions[/{id}[/deliveries]].
void RegisterRoutes(api::Registry& r);

}  // namespace yingbin::mail
