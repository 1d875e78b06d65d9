#pragma once
// DATA-5 retention of visitor personal data. After `visits.retention_days` (a setting
// whose change itself needs two administrators) a visitor's personal data is destroyed:
// the name is cut to its first character, phone, identity number, e-mail, greeting
// answers and search text are erased, and delivered messages about them are deleted.
// Destruction needs two administrators too: one requests it (seeing the counts), another
// approves, and it runs in the approver's transaction, audited with the counts.
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

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
  std::vector<std::pair<std::string, int64_t>> parts;  // other modules' (RetentionPart)
  bool Empty() const {
    int64_t n = visits + visitors + outbox + notifications;
    for (const auto& p : parts) n += p.second;
    return n == 0;
  }
};

// Other modules' personal data kept under the same retention period (the guests of formal
// receptions, GEN-2): counted in the preview and destroyed in the same approved purge, in
// the approver's transaction. `count` and `purge` take the cutoff (records older than it
// are expired); `name` is its key in the counts. Register at start-up, before serving.
struct RetentionPart {
  std::string name;
  std::function<core::Result<int64_t>(db::Connection&, int64_t cutoff_ms)> count;
  std::function<core::Status(db::Connection&, int64_t cutoff_ms, int64_t now)> purge;
};
void RegisterRetentionPart(RetentionPart part);

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
