#pragma once
// JSON shapes of the mail desk (API answers and audit rows).
#include <cstdint>

#include "api/json.hpp"
#include "mail/model.hpp"
#include "mail/service.hpp"

namespace yingbin::mail {

// An item as the API shows it at time `now` ("overdue" is computed). The pickup code is a
// secret of the recipient: only included with `with_code` (their own "my mail"), never in
// the desk's lists or the audit trail.
api::Json ItemJson(const Item& m, int64_t now, bool with_code = false);
api::Json SubscriptionJson(const SubscriptionView& v);

}  // namespace yingbin::mail
