#include "visitors/retention.hpp"

#include "audit/audit.hpp"
#include "core/time.hpp"
#include "org/settings.hpp"

namespace yingbin::visitors {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// Visits still under way are never touched, however old: the desk must see who is in.
constexpr const char* kExpiredVisits =
    "anonymised_at IS NULL AND created_at < $1 AND status NOT IN ('waiting', 'held', 'with_host')";
constexpr const char* kExpiredVisitors =
    "anonymised_at IS NULL AND COALESCE(last_visit_at, created_at) < $1";
constexpr const char* kExpiredOutbox = "created_at < $1 AND status IN ('sent', 'dead')";
constexpr const char* kExpiredNotifications = "created_at < $1";

core::Result<int64_t> Count(db::Connection& c, const char* table, const char* where, int64_t cutoff) {
  auto rows = c.Query(std::string("SELECT COUNT(*) FROM ") + table + " WHERE " + where, {cutoff});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

std::vector<RetentionPart>& Parts() {
  static std::vector<RetentionPart> parts;
  return parts;
}

core::Result<RetentionCounts> CountsAt(db::Connection& c, int64_t cutoff) {
  RetentionCounts r;
  r.cutoff_ms = cutoff;
  for (auto [table, where, target] :
       {std::tuple{"visits", kExpiredVisits, &r.visits},
        std::tuple{"visitors", kExpiredVisitors, &r.visitors},
        std::tuple{"outbox", kExpiredOutbox, &r.outbox},
        std::tuple{"notifications", kExpiredNotifications, &r.notifications}}) {
    auto n = Count(c, table, where, cutoff);
    if (!n) return std::move(n).error();
    *target = *n;
  }
  for (const auto& part : Parts()) {
    auto n = part.count(c, cutoff);
    if (!n) return std::move(n).error();
    r.parts.emplace_back(part.name, *n);
  }
  return r;
}

core::Status Run(db::Connection& tx, const std::string& sql, int64_t a, int64_t b = 0) {
  auto n = b ? tx.Exec(sql, {a, b}) : tx.Exec(sql, {a});
  if (!n) return std::move(n).error();
  return core::Ok();
}

// Destroys everything expired before `cutoff`, marking rows with `now`; answers counts.
core::Result<nlohmann::json> Purge(db::Connection& tx, const auth::Principal& approver, int64_t now,
                                   int64_t cutoff, const std::string& reason) {
  auto counts = CountsAt(tx, cutoff);
  if (!counts) return std::move(counts).error();
  const bool sqlite = tx.dialect() == db::Dialect::kSqlite;
  // Overwritten and deleted cells are zeroed in the database file, so the erased data is
  // not left readable in free pages (SQLite; PostgreSQL's VACUUM reclaims dead tuples).
  if (sqlite) YB_RETURN_IF_ERROR(tx.ExecScript("PRAGMA secure_delete = ON"));
  auto status = [&]() -> core::Status {
    YB_RETURN_IF_ERROR(Run(tx,
        std::string("UPDATE visits SET visitor_name = substr(visitor_name, 1, 1) || '**', "
                    "phone_hint = '', invite_email = '', greeting_json = '{}', notes = '', "
                    "search_doc = '', anonymised_at = $2 WHERE ") + kExpiredVisits, cutoff, now));
    YB_RETURN_IF_ERROR(Run(tx,
        std::string("UPDATE visitors SET name = substr(name, 1, 1) || '**', phone_enc = '', "
                    "phone_index = '', phone_hint = '', id_number_enc = '', id_number_index = '', "
                    "id_number_hint = '', email = '', search_doc = '', anonymised_at = $2, "
                    "updated_at = $2 WHERE ") + kExpiredVisitors, cutoff, now));
    if (sqlite) {
      YB_RETURN_IF_ERROR(Run(tx, "DELETE FROM visits_fts WHERE rowid IN "
                                 "(SELECT id FROM visits WHERE anonymised_at = $1)", now));
      YB_RETURN_IF_ERROR(Run(tx, "DELETE FROM visitors_fts WHERE rowid IN "
                                 "(SELECT id FROM visitors WHERE anonymised_at = $1)", now));
    }
    YB_RETURN_IF_ERROR(Run(tx, std::string("DELETE FROM outbox WHERE ") + kExpiredOutbox, cutoff));
    YB_RETURN_IF_ERROR(
        Run(tx, std::string("DELETE FROM notifications WHERE ") + kExpiredNotifications, cutoff));
    for (const auto& part : Parts()) YB_RETURN_IF_ERROR(part.purge(tx, cutoff, now));
    return core::Ok();
  }();
  if (sqlite) {
    auto off = tx.ExecScript("PRAGMA secure_delete = OFF");
    if (status.ok() && !off.ok()) status = off;
  }
  if (!status.ok()) return status.error();
  nlohmann::json done = RetentionJson(*counts);
  YB_RETURN_IF_ERROR(audit::Record(tx, approver, now, {"purge", "visitor_data", 0, "", done.dump(), reason}));
  return done;
}

}  // namespace

core::Result<RetentionCounts> PreviewRetention(db::Connection& c, int64_t now) {
  auto days = org::GetSetting(c, "visits.retention_days");
  if (!days) return std::move(days).error();
  auto r = CountsAt(c, now - *days * kDayMs);
  if (!r) return r;
  r->retention_days = *days;
  return r;
}

core::Result<org::Approval> RequestPurge(db::Pool& pool, const auth::Principal& actor, int64_t now,
                                         const std::string& reason) {
  return pool.Transaction<org::Approval>([&](db::Connection& tx) -> core::Result<org::Approval> {
    auto r = PreviewRetention(tx, now);
    if (!r) return std::move(r).error();
    if (r->Empty()) return core::Conflict("retention.nothing_expired");
    // The cutoff is fixed now: the approver destroys exactly what the request counted
    // (plus nothing newer), however late they approve.
    return org::RequestApproval(tx, actor, now, "retention_purge", "visitors",
                                {{"cutoff_ms", r->cutoff_ms}}, RetentionJson(*r), reason);
  });
}

void RegisterRetentionPart(RetentionPart part) {
  for (auto& p : Parts())
    if (p.name == part.name) {
      p = std::move(part);  // registered again (a second server in one process): once
      return;
    }
  Parts().push_back(std::move(part));
}

void RegisterRetentionApprovals() {
  org::RegisterApprovalKind("retention_purge", [](db::Connection& tx, const auth::Principal& approver,
                                                  int64_t now, const org::Approval& a)
                                                   -> core::Result<nlohmann::json> {
    if (!a.payload.contains("cutoff_ms") || !a.payload["cutoff_ms"].is_number_integer())
      return core::Internal("malformed purge approval");
    return Purge(tx, approver, now, a.payload["cutoff_ms"].get<int64_t>(), a.reason);
  });
}

nlohmann::json RetentionJson(const RetentionCounts& r) {
  nlohmann::json j = {{"retention_days", r.retention_days},
                      {"cutoff", core::FormatIsoUtc(r.cutoff_ms)},
                      {"visits", r.visits},
                      {"visitors", r.visitors},
                      {"outbox", r.outbox},
                      {"notifications", r.notifications}};
  for (const auto& [name, n] : r.parts) j[name] = n;
  return j;
}

}  // namespace yingbin::visitors
