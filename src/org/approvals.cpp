#include "org/approvals.hpp"

#include <map>

#include "audit/audit.hpp"
#include "core/time.hpp"

namespace yingbin::org {
namespace {

std::map<std::string, ApplyFn>& Kinds() {
  static std::map<std::string, ApplyFn> kinds;
  return kinds;
}

constexpr const char* kColumns =
    "a.id, a.kind, a.subject, a.payload_json, a.summary_json, a.status, a.reason, a.requested_by, "
    "COALESCE(NULLIF(ru.display_name, ''), ru.username, ''), a.requested_at, a.decided_by, "
    "COALESCE(NULLIF(du.display_name, ''), du.username, ''), a.decided_at, a.decision_reason, a.result_json "
    "FROM dual_approvals a LEFT JOIN users ru ON ru.id = a.requested_by "
    "LEFT JOIN users du ON du.id = a.decided_by";

nlohmann::json ParseOr(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

std::vector<Approval> FromRows(const db::Rows& r) {
  std::vector<Approval> out;
  auto opt = [&r](size_t i, size_t col) {
    return r.IsNull(i, col) ? std::nullopt : std::optional<int64_t>(r.Int(i, col));
  };
  for (size_t i = 0; i < r.size(); ++i) {
    Approval a;
    a.id = r.Int(i, 0);
    a.kind = r.Text(i, 1);
    a.subject = r.Text(i, 2);
    a.payload = ParseOr(r.Text(i, 3));
    a.summary = ParseOr(r.Text(i, 4));
    a.status = r.Text(i, 5);
    a.reason = r.Text(i, 6);
    a.requested_by = r.Int(i, 7);
    a.requested_by_name = r.Text(i, 8);
    a.requested_at = r.Int(i, 9);
    a.decided_by = opt(i, 10);
    a.decided_by_name = r.Text(i, 11);
    a.decided_at = opt(i, 12);
    a.decision_reason = r.Text(i, 13);
    a.result = ParseOr(r.Text(i, 14));
    out.push_back(std::move(a));
  }
  return out;
}

core::Result<Approval> Load(db::Connection& c, int64_t id) {
  auto rows = c.Query(std::string("SELECT ") + kColumns + " WHERE a.id = $1", {id});
  if (!rows) return std::move(rows).error();
  auto list = FromRows(*rows);
  if (list.empty()) return core::NotFound();
  return list.front();
}

core::Status Audit(db::Connection& tx, const auth::Principal& actor, int64_t now,
                   const char* action, const Approval& before, const Approval& after,
                   const std::string& reason) {
  return audit::Record(tx, actor, now,
                       {action, "approval", after.id,
                        before.id ? ApprovalJson(before).dump() : "", ApprovalJson(after).dump(),
                        reason});
}

// Decides a pending request: checks, then `apply` (may be empty) inside one transaction.
core::Result<Approval> Decide(db::Pool& pool, const auth::Principal& actor, int64_t now,
                              int64_t id, const std::string& reason, bool approve) {
  return pool.Transaction<Approval>([&](db::Connection& tx) -> core::Result<Approval> {
    auto before = Load(tx, id);
    if (!before) return before;
    if (before->status != "pending") return core::Conflict("approvals.decided");
    if (approve && before->requested_by == actor.user_id)
      return core::Forbidden("approvals.same_person");
    Approval after = *before;
    after.decided_by = actor.user_id;
    after.decided_by_name = actor.ActorName();
    after.decided_at = now;
    after.decision_reason = reason;
    if (approve) {
      auto it = Kinds().find(before->kind);
      if (it == Kinds().end()) return core::Internal("no applier for approval kind " + before->kind);
      auto result = it->second(tx, actor, now, *before);
      if (!result) return std::move(result).error();
      after.result = *result;
      after.status = "applied";
    } else {
      after.status = "rejected";
    }
    // The status guard makes a concurrent second decision change nothing.
    auto n = tx.Exec(
        "UPDATE dual_approvals SET status = $1, decided_by = $2, decided_at = $3, "
        "decision_reason = $4, result_json = $5 WHERE id = $6 AND status = 'pending'",
        {after.status, actor.user_id, now, reason, after.result.dump(), id});
    if (!n) return std::move(n).error();
    if (*n != 1) return core::Conflict("approvals.decided");
    YB_RETURN_IF_ERROR(Audit(tx, actor, now, approve ? "approve" : "reject", *before, after, reason));
    return after;
  });
}

}  // namespace

void RegisterApprovalKind(const std::string& kind, ApplyFn apply) { Kinds()[kind] = std::move(apply); }

core::Result<Approval> RequestApproval(db::Connection& tx, const auth::Principal& actor,
                                       int64_t now, const std::string& kind,
                                       const std::string& subject, nlohmann::json payload,
                                       nlohmann::json summary, const std::string& reason) {
  if (actor.user_id == 0) return core::Forbidden();  // a token is not an administrator
  auto open = tx.Query(
      "SELECT id FROM dual_approvals WHERE kind = $1 AND subject = $2 AND status = 'pending'",
      {kind, subject});
  if (!open) return std::move(open).error();
  if (!open->empty()) return core::Conflict("approvals.pending", "subject");
  auto id = tx.Query(
      "INSERT INTO dual_approvals (kind, subject, payload_json, summary_json, reason, "
      "requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {kind, subject, payload.dump(), summary.dump(), reason, actor.user_id, now});
  if (!id) return std::move(id).error();
  auto a = Load(tx, id->Int(0, 0));
  if (!a) return a;
  YB_RETURN_IF_ERROR(Audit(tx, actor, now, "request", Approval{}, *a, reason));
  return a;
}

core::Result<Approval> Approve(db::Pool& pool, const auth::Principal& actor, int64_t now,
                               int64_t id, const std::string& reason) {
  return Decide(pool, actor, now, id, reason, true);
}

core::Result<Approval> Reject(db::Pool& pool, const auth::Principal& actor, int64_t now,
                              int64_t id, const std::string& reason) {
  return Decide(pool, actor, now, id, reason, false);
}

core::Result<std::vector<Approval>> ListApprovals(db::Pool& pool, const std::string& status,
                                                  int limit) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  std::string sql = std::string("SELECT ") + kColumns;
  std::vector<db::Value> params;
  if (!status.empty()) {
    sql += " WHERE a.status = $1";
    params.emplace_back(status);
  }
  sql += " ORDER BY a.id DESC LIMIT " + std::to_string(limit);
  auto rows = (*lease)->Query(sql, params);
  if (!rows) return std::move(rows).error();
  return FromRows(*rows);
}

nlohmann::json ApprovalJson(const Approval& a) {
  auto t = [](const std::optional<int64_t>& v) {
    return v ? nlohmann::json(core::FormatIsoUtc(*v)) : nlohmann::json(nullptr);
  };
  return {{"id", a.id},
          {"kind", a.kind},
          {"subject", a.subject},
          {"payload", a.payload},
          {"summary", a.summary},
          {"status", a.status},
          {"reason", a.reason},
          {"requested_by", a.requested_by},
          {"requested_by_name", a.requested_by_name},
          {"requested_at", core::FormatIsoUtc(a.requested_at)},
          {"decided_by", a.decided_by ? nlohmann::json(*a.decided_by) : nlohmann::json(nullptr)},
          {"decided_by_name", a.decided_by_name},
          {"decided_at", t(a.decided_at)},
          {"decision_reason", a.decision_reason},
          {"result", a.result}};
}

}  // namespace yingbin::org
