#pragma once
// DATA-5 retention of visitor personal data. After `visits.retention_days` (a setting
// whose change itself needs two administrators) a visitor's personal data is destroyed:
// the name is cut to its first character, phone, identity number, e-mail, greeting
// answers and search text are erased, and delivered messages about them are deleted.
// Destruction needs two administrators too: one requests it (seeing the counts), another
// approves, and it runs in the approver's transaction, audited with the counts.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "org/approvals.hpp"

namespace yingbin::visitors {

struct RetentionCounts {
  int64_t retention_days = 0;
  int64_t cutoff_ms = 0;  // records older than this are expired
  int64_t visits = 0, visitors = 0, outbox = 0, notifications = 0;
  bool Empty() const { return visits + visitors + outbox + notifications == 0; }
};

// What a purge would destroy now.
core::Result<RetentionCounts> PreviewRetention(db::Connection& c, int64_t now);

// Opens the purge request (the first administrator). Errors: kConflict
// retention.nothing_expired; approvals.pending when one is already open.
core::Result<org::Approval> RequestPurge(db::Pool& pool, const auth::Principal& actor, int64_t now,
                                         const std::string& reason);

// Registers the purge as an approval kind (call once at start-up).
void RegisterRetentionApprovals();

nlohmann::json RetentionJson(const RetentionCounts& r);

}  // namespace yingbin::visitors
