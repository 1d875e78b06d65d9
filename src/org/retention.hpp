#pragma once
// DATA-5 retention of personal data, for every module that keeps some. Each module
// registers its parts at start-up: what counts as expired personal data in its tables
// (older than the retention period of its own two-person setting) and how it is destroyed
// (anonymised or deleted). Destruction needs two administrators: one requests it, seeing
// the counts per part, with every part's cutoff fixed at that moment; another approves,
// and every part is destroyed in the approver's transaction, audited with the counts only.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "org/approvals.hpp"

namespace yingbin::org {

struct RetentionPart {
  std::string key;      // names the part's count in answers: "visits", "callers", ...
  std::string setting;  // its retention period in days (a two-person setting)
  // How many rows created before `cutoff` still hold personal data.
  std::function<core::Result<int64_t>(db::Connection& c, int64_t cutoff)> count;
  // Destroys them; `now` marks what was anonymised.
  std::function<core::Status(db::Connection& tx, int64_t cutoff, int64_t now)> purge;
};

// At start-up, before the server takes requests. A part registered again under the same
// key replaces the earlier one. Parts are purged in the order they were registered.
void RegisterRetentionPart(RetentionPart part);

// A part's count for the common case: rows of `table` matching `where`, whose $1 is the
// cutoff. Both must be string literals (they are kept, not copied).
std::function<core::Result<int64_t>(db::Connection& c, int64_t cutoff)> CountRowsWhere(
    const char* table, const char* where);

struct RetentionCount {
  std::string key;
  int64_t retention_days = 0;
  int64_t cutoff_ms = 0;  // rows created before this are expired
  int64_t count = 0;
};

struct RetentionPreview {
  std::vector<RetentionCount> parts;
  int64_t Total() const;
  int64_t CountOf(const std::string& key) const;  // 0 for an unknown key
};

// What a purge would destroy now.
core::Result<RetentionPreview> PreviewRetention(db::Connection& c, int64_t now);

// Opens the purge request (the first administrator). Errors: kConflict
// retention.nothing_expired; approvals.pending when one is already open.
core::Result<Approval> RequestPurge(db::Pool& pool, const auth::Principal& actor, int64_t now,
                                    const std::string& reason);

// Registers the purge as an approval kind (call once at start-up).
void RegisterRetentionApprovals();

// {"parts": [{key, retention_days, cutoff, count}], "total": n, and each part's count under
// its key ("visits": 3, ...)}.
nlohmann::json RetentionJson(const RetentionPreview& r);

}  // namespace yingbin::org
