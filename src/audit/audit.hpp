#pragma once
// The audit trail (DATA-3): every create/update/delete writes one row in the same
// transaction as the change, with who, when, what, before/after and why. Rows are
// hash-chained: hash = SHA-256(prev_hash | seq | at | actor | action | entity | id |
// before | after | reason), so editing or deleting any row breaks verification.
#include <cstdint>
#include <optional>
#include <string>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::audit {

struct Change {
  std::string action;   // "create", "update", "delete", or a verb like "login", "reveal"
  std::string entity;   // table-like name: "site", "department", "staff", "user", ...
  int64_t entity_id = 0;
  std::string before_json;  // "" when none (create)
  std::string after_json;   // "" when none (delete)
  std::string reason;       // from the request's "reason", may be empty
};

// Appends one audit row inside the caller's open transaction `tx`.
// REQUIRES: tx is inside Begin()..Commit().
core::Status Record(db::Connection& tx, const auth::Principal& actor, int64_t at_ms,
                    const Change& change);

struct VerifyResult {
  bool ok = true;
  int64_t checked = 0;
  std::optional<int64_t> first_bad_seq;  // first row whose hash or sequence does not fit
};
// Walks the whole chain in order and recomputes every hash.
core::Result<VerifyResult> Verify(db::Pool& pool);

}  // namespace yingbin::audit
