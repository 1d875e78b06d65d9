#pragma once
// DATA-5 retention of conference delegates' personal data.

namespace yingbin::conferences {

// Registers the part "delegates" with org/retention (call once at start-up).
void RegisterRetention();

}  // namespace yingbin::conferences
