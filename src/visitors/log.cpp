#include "visitors/log.hpp"

#include "api/json.hpp"
#include "audit/audit.hpp"
#include "org/directory.hpp"
#include "visitors/store.hpp"

namespace yingbin::visitors {
namespace {

core::Result<LogDay> Load(db::Connection& c, int64_t site_id, int32_t day) {
  auto site = org::SiteExists(c, site_id);
  if (!site) return std::move(site).error();
  if (!*site) return core::NotFound();
  LogDay d;
  d.site_id = site_id;
  d.day = day;
  auto row = c.Query(
      "SELECT status, reviewed_by, reviewed_at, archived_by, archived_at FROM visit_days "
      "WHERE site_id = $1 AND day = $2",
      {site_id, int64_t{day}});
  if (!row) return std::move(row).error();
  if (!row->empty()) {
    d.status = row->Text(0, "status");
    d.reviewed_by = row->OptInt(0, "reviewed_by");
    d.reviewed_at = row->OptInt(0, "reviewed_at");
    d.archived_by = row->OptInt(0, "archived_by");
    d.archived_at = row->OptInt(0, "archived_at");
  }
  auto counts = c.Query(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status IN ('waiting', 'held', 'with_host') "
      "THEN 1 ELSE 0 END), 0) FROM visits WHERE site_id = $1 AND day = $2",
      {site_id, int64_t{day}});
  if (!counts) return std::move(counts).error();
  d.visits = counts->Int(0, 0);
  d.still_on_site = counts->Int(0, 1);
  auto notes = c.Query(
      "SELECT a.id, a.visit_id, a.text, a.created_by, COALESCE(u.display_name, u.username, '') "
      "AS who, a.created_at FROM visit_annotations a LEFT JOIN users u ON u.id = a.created_by "
      "WHERE a.site_id = $1 AND a.day = $2 ORDER BY a.id",
      {site_id, int64_t{day}});
  if (!notes) return std::move(notes).error();
  for (size_t i = 0; i < notes->size(); ++i)
    d.annotations.push_back({notes->Int(i, "id"), notes->OptInt(i, "visit_id"),
                             notes->Text(i, "text"), notes->OptInt(i, "created_by"),
                             notes->Text(i, "who"), notes->Int(i, "created_at")});
  return d;
}

std::string DayAudit(const LogDay& d) {
  return api::Json({{"site_id", d.site_id}, {"day", d.day}, {"status", d.status}}).dump();
}

}  // namespace

core::Status CheckDayOpen(db::Connection& tx, int64_t site_id, int32_t day) {
  auto row = tx.Query("SELECT status FROM visit_days WHERE site_id = $1 AND day = $2",
                      {site_id, int64_t{day}});
  if (!row) return std::move(row).error();
  if (!row->empty() && row->Text(0, 0) == "archived") return core::Conflict("visits.day_archived");
  return core::Ok();
}

core::Result<LogDay> GetLogDay(db::Pool& pool, int64_t site_id, int32_t day) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return Load(**lease, site_id, day);
}

core::Result<LogDay> ReviewDay(db::Pool& pool, const auth::Principal& p, int64_t now,
                               int64_t site_id, int32_t day) {
  return pool.Transaction<LogDay>([&](db::Connection& tx) -> core::Result<LogDay> {
    auto before = Load(tx, site_id, day);
    if (!before) return before;
    if (before->status != "open") return core::Conflict("visits.day_not_open");
    // A day is compiled only when everyone has left (or been closed by the desk).
    if (before->still_on_site > 0) return core::Conflict("visits.day_has_visitors_on_site");
    auto n = tx.Exec(
        "INSERT INTO visit_days (site_id, day, status, reviewed_by, reviewed_at) "
        "VALUES ($1, $2, 'reviewed', $3, $4) ON CONFLICT (site_id, day) DO UPDATE SET "
        "status = 'reviewed', reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at",
        {site_id, int64_t{day}, p.user_id ? db::Value(p.user_id) : db::Null(), now});
    if (!n) return std::move(n).error();
    auto after = Load(tx, site_id, day);
    if (!after) return after;
    YB_RETURN_IF_ERROR(audit::Record(tx, p, now,
                                     {"review", "visit_day", int64_t{day}, DayAudit(*before),
                                      DayAudit(*after), ""}));
    return after;
  });
}

core::Result<LogDay> ArchiveDay(db::Pool& pool, const auth::Principal& p, int64_t now,
                                int64_t site_id, int32_t day) {
  return pool.Transaction<LogDay>([&](db::Connection& tx) -> core::Result<LogDay> {
    auto before = Load(tx, site_id, day);
    if (!before) return before;
    if (before->status != "reviewed") return core::Conflict("visits.day_not_reviewed");
    auto n = tx.Exec(
        "UPDATE visit_days SET status = 'archived', archived_by = $3, archived_at = $4 "
        "WHERE site_id = $1 AND day = $2",
        {site_id, int64_t{day}, p.user_id ? db::Value(p.user_id) : db::Null(), now});
    if (!n) return std::move(n).error();
    auto after = Load(tx, site_id, day);
    if (!after) return after;
    YB_RETURN_IF_ERROR(audit::Record(tx, p, now,
                                     {"archive", "visit_day", int64_t{day}, DayAudit(*before),
                                      DayAudit(*after), ""}));
    return after;
  });
}

core::Result<LogDay> Annotate(db::Pool& pool, const auth::Principal& p, int64_t now,
                              int64_t site_id, int32_t day, std::optional<int64_t> visit_id,
                              const std::string& text) {
  return pool.Transaction<LogDay>([&](db::Connection& tx) -> core::Result<LogDay> {
    auto before = Load(tx, site_id, day);
    if (!before) return before;
    if (visit_id) {
      auto v = tx.Query("SELECT 1 FROM visits WHERE id = $1 AND site_id = $2 AND day = $3",
                        {*visit_id, site_id, int64_t{day}});
      if (!v) return std::move(v).error();
      if (v->empty()) return core::InvalidArgument("visit_id", "validation.unknown_reference");
    }
    auto id = tx.Query(
        "INSERT INTO visit_annotations (site_id, day, visit_id, text, created_by, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {site_id, int64_t{day}, visit_id ? db::Value(*visit_id) : db::Null(), text,
         p.user_id ? db::Value(p.user_id) : db::Null(), now});
    if (!id) return std::move(id).error();
    YB_RETURN_IF_ERROR(audit::Record(
        tx, p, now,
        {"create", "visit_annotation", id->Int(0, 0), "",
         api::Json({{"site_id", site_id}, {"day", day}, {"visit_id", visit_id ? api::Json(*visit_id) : api::Json()}, {"text", text}}).dump(),
         ""}));
    return Load(tx, site_id, day);
  });
}

}  // namespace yingbin::visitors
