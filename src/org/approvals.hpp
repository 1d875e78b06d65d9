#pragma once
// The four-eyes rule of DATA-5: some changes need two administrators. The first one
// requests (and so approves once); a different one approves, and the change is applied in
// that same transaction, or rejects it. Each kind of change registers how it is applied;
// kinds are registered once at start-up, before the server takes requests.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::org {

struct Approval {
  int64_t id = 0;
  std::string kind;     // "setting", "retention_purge"
  std::string subject;  // the setting key, "visitors"
  nlohmann::json payload = nlohmann::json::object();
  nlohmann::json summary = nlohmann::json::object();
  std::string status;   // pending, applied, rejected
  std::string reason;
  int64_t requested_by = 0;
  std::string requested_by_name;
  int64_t requested_at = 0;
  std::optional<int64_t> decided_by;
  std::string decided_by_name;
  std::optional<int64_t> decided_at;
  std::string decision_reason;
  nlohmann::json result = nlohmann::json::object();
};

// Applies an approved change inside the approver's transaction; answers what it did
// (stored as the request's result and audited).
using ApplyFn = std::function<core::Result<nlohmann::json>(
    db::Connection& tx, const auth::Principal& approver, int64_t now, const Approval& a)>;
void RegisterApprovalKind(const std::string& kind, ApplyFn apply);

// Opens a request inside the caller's transaction. Errors: kConflict
// ("approvals.pending", field "subject") while another request on the subject is open.
core::Result<Approval> RequestApproval(db::Connection& tx, const auth::Principal& actor,
                                       int64_t now, const std::string& kind,
                                       const std::string& subject, nlohmann::json payload,
                                       nlohmann::json summary, const std::string& reason);

// The second administrator's decision. Errors: kNotFound; kConflict when already decided;
// kForbidden ("approvals.same_person") when the requester tries to approve their own
// request (they may reject, i.e. withdraw, it).
core::Result<Approval> Approve(db::Pool& pool, const auth::Principal& actor, int64_t now,
                               int64_t id, const std::string& reason);
core::Result<Approval> Reject(db::Pool& pool, const auth::Principal& actor, int64_t now,
                              int64_t id, const std::string& reason);

core::Result<std::vector<Approval>> ListApprovals(db::Pool& pool, const std::string& status,
                                                  int limit);

nlohmann::json ApprovalJson(const Approval& a);

}  // namespace yingbin::org
