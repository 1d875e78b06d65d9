#pragma once
// DATA-5: registers complaining customers' personal data ("complaint_customers") with the
// retention engine (org/retention.hpp). Call once at start-up.

namespace yingbin::complaints {

void RegisterRetention();

}  // namespace yingbin::complaints
