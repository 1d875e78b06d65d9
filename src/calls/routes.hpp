#pragma once
#include "api/routes.hpp"

namespace yingbin::calls {

// Registers the phone desk's routes: /api/v1/calls[...] (log, export, reveal, directory),
// /callers (autocomplete), /call-messages[...] (desk list, mine, handle, call back) and
// /knowledge[...] (the knowledge panel).
void RegisterRoutes(api::Registry& r);

}  // namespace yingbin::calls
