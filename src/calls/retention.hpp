#pragma once
// DATA-5 retention of the phone desk's personal data (callers and the calls they made).

namespace yingbin::calls {

// Registers the parts "calls" and "callers" with org/retention (call once at start-up).
void RegisterRetention();

}  // namespace yingbin::calls
