#pragma once
// DATA-5 retention of visitor personal data (the engine is org/retention.hpp). After
// `visits.retention_days` a visitor's personal data is destroyed: the name is cut to its
// first character, phone, identity number, e-mail, greeting answers and search text are
// erased, and delivered messages and notifications of that age are deleted.

namespace yingbin::visitors {

// Registers the parts "visits", "visitors", "outbox" and "notifications" (at start-up).
void RegisterRetentionParts();

}  // namespace yingbin::visitors
