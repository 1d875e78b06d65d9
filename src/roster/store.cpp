#include "roster/store.hpp"

namespace yingbin::roster::store {
namespace {

using db::Null;
using db::Rows;
using db::Value;

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Null(); }
Value I(int64_t v) { return Value(v); }

Status Done(Result<int64_t> r) {
  if (!r) return std::move(r).error();
  return core::Ok();
}

std::vector<int64_t> Ids(const Rows& r) {
  std::vector<int64_t> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) out.push_back(r.Int(i, 0));
  return out;
}

template <class T, class F>
Result<std::optional<T>> One(Result<Rows> r, F&& from_row) {
  if (!r) return std::move(r).error();
  if (r->empty()) return std::optional<T>();
  return std::optional<T>(from_row(*r, 0));
}

template <class T, class F>
Result<std::vector<T>> All(Result<Rows> r, F&& from_row) {
  if (!r) return std::move(r).error();
  std::vector<T> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) out.push_back(from_row(*r, i));
  return out;
}

// The name a user is shown under: the display name, else the user name.
#define YB_USER_NAME(alias)                                                                 \
  "CASE WHEN " alias ".display_name <> '' THEN " alias ".display_name ELSE COALESCE(" alias \
  ".username, '') END"

// A staff member's login: the linked user, else an enabled user that names them.
#define YB_STAFF_USER(alias)                  \
  "COALESCE(" alias                           \
  ".user_id, (SELECT MIN(u.id) FROM users u " \
  "WHERE u.staff_id = " alias ".id AND u.disabled = 0))"

// ---------------------------------------------------------------- shifts

constexpr char kShiftSelect[] =
    "SELECT r.id, r.site_id, r.staff_id, r.day, r.start_min, r.end_min, r.kind, r.note, "
    "r.created_by, r.created_at, r.updated_at, COALESCE(s.name, '') AS staff_name "
    "FROM roster_shifts r LEFT JOIN staff s ON s.id = r.staff_id ";

Shift ShiftFromRow(const Rows& r, size_t i) {
  Shift s;
  s.id = r.Int(i, "id");
  s.site_id = r.Int(i, "site_id");
  s.staff_id = r.Int(i, "staff_id");
  s.day = static_cast<int32_t>(r.Int(i, "day"));
  s.start = static_cast<int>(r.Int(i, "start_min"));
  s.end = static_cast<int>(r.Int(i, "end_min"));
  s.kind = ParseShiftKind(r.Text(i, "kind")).value_or(ShiftKind::kDesk);
  s.note = r.Text(i, "note");
  s.created_by = r.OptInt(i, "created_by");
  s.created_at = r.Int(i, "created_at");
  s.updated_at = r.Int(i, "updated_at");
  s.staff_name = r.Text(i, "staff_name");
  return s;
}

// ---------------------------------------------------------------- absences

constexpr char kAbsenceSelect[] =
    "SELECT a.id, a.staff_id, a.kind, a.start_at, a.end_at, a.cover_staff_id, a.note, "
    "a.created_by, a.created_at, a.updated_at, COALESCE(s.name, '') AS staff_name, "
    "COALESCE(cs.name, '') AS cover_name "
    "FROM roster_absences a LEFT JOIN staff s ON s.id = a.staff_id "
    "LEFT JOIN staff cs ON cs.id = a.cover_staff_id ";

Absence AbsenceFromRow(const Rows& r, size_t i) {
  Absence a;
  a.id = r.Int(i, "id");
  a.staff_id = r.Int(i, "staff_id");
  a.kind = r.Text(i, "kind");
  a.start_at = r.Int(i, "start_at");
  a.end_at = r.Int(i, "end_at");
  a.cover_staff_id = r.OptInt(i, "cover_staff_id");
  a.note = r.Text(i, "note");
  a.created_by = r.OptInt(i, "created_by");
  a.created_at = r.Int(i, "created_at");
  a.updated_at = r.Int(i, "updated_at");
  a.staff_name = r.Text(i, "staff_name");
  a.cover_name = r.Text(i, "cover_name");
  return a;
}

// ---------------------------------------------------------------- hand-overs

constexpr char kHandoverSelect[] =
    "SELECT h.id, h.site_id, h.from_staff_id, h.to_staff_id, h.reason, h.started_at, h.ended_at, "
    "h.confirmed_at, h.started_by, h.ended_by, h.created_at, h.updated_at, "
    "COALESCE(fs.name, '') AS from_name, COALESCE(ts.name, '') AS to_name, " YB_STAFF_USER(
        "fs") " AS from_user_id, " YB_STAFF_USER("ts") " AS to_user_id "
                                                       "FROM roster_handovers h "
                                                       "LEFT JOIN staff fs ON fs.id = h.from_staff_id "
                                                       "LEFT JOIN staff ts ON ts.id = h.to_staff_id ";

Handover HandoverFromRow(const Rows& r, size_t i) {
  Handover h;
  h.id = r.Int(i, "id");
  h.site_id = r.Int(i, "site_id");
  h.from_staff_id = r.Int(i, "from_staff_id");
  h.to_staff_id = r.Int(i, "to_staff_id");
  h.reason = r.Text(i, "reason");
  h.started_at = r.Int(i, "started_at");
  h.ended_at = r.OptInt(i, "ended_at");
  h.confirmed_at = r.OptInt(i, "confirmed_at");
  h.started_by = r.OptInt(i, "started_by");
  h.ended_by = r.OptInt(i, "ended_by");
  h.created_at = r.Int(i, "created_at");
  h.updated_at = r.Int(i, "updated_at");
  h.from_name = r.Text(i, "from_name");
  h.to_name = r.Text(i, "to_name");
  h.from_user_id = r.OptInt(i, "from_user_id");
  h.to_user_id = r.OptInt(i, "to_user_id");
  return h;
}

// ---------------------------------------------------------------- conduct

constexpr char kViolationSelect[] =
    "SELECT v.id, v.staff_id, v.site_id, v.day, v.kind, v.details, v.severity, v.fine_fen, "
    "v.appeal, v.appeal_at, v.recorded_by, v.created_at, v.updated_at, "
    "COALESCE(s.name, '') AS staff_name, s.department_id AS staff_department_id, " YB_USER_NAME(
        "ru") " AS recorded_by_name "
              "FROM conduct_violations v LEFT JOIN staff s ON s.id = v.staff_id "
              "LEFT JOIN users ru ON ru.id = v.recorded_by ";

Violation ViolationFromRow(const Rows& r, size_t i) {
  Violation v;
  v.id = r.Int(i, "id");
  v.staff_id = r.Int(i, "staff_id");
  v.site_id = r.Int(i, "site_id");
  v.day = static_cast<int32_t>(r.Int(i, "day"));
  v.kind = r.Text(i, "kind");
  v.details = r.Text(i, "details");
  v.severity = ParseSeverity(r.Text(i, "severity")).value_or(Severity::kMinor);
  v.fine_fen = r.Int(i, "fine_fen");
  v.appeal = r.Text(i, "appeal");
  v.appeal_at = r.OptInt(i, "appeal_at");
  v.recorded_by = r.OptInt(i, "recorded_by");
  v.created_at = r.Int(i, "created_at");
  v.updated_at = r.Int(i, "updated_at");
  v.staff_name = r.Text(i, "staff_name");
  v.staff_department_id = r.OptInt(i, "staff_department_id");
  v.recorded_by_name = r.Text(i, "recorded_by_name");
  return v;
}

// ---------------------------------------------------------------- people

constexpr char kClerkSelect[] =
    "SELECT s.id, s.name, s.site_id, s.department_id, s.active, " YB_STAFF_USER(
        "s") " AS user_id FROM staff s ";

Clerk ClerkFromRow(const Rows& r, size_t i) {
  Clerk k;
  k.id = r.Int(i, "id");
  k.name = r.Text(i, "name");
  k.site_id = r.OptInt(i, "site_id");
  k.department_id = r.OptInt(i, "department_id");
  k.active = r.Int(i, "active") != 0;
  k.user_id = r.OptInt(i, "user_id");
  return k;
}

}  // namespace

// ---------------------------------------------------------------- shifts

Result<std::optional<Shift>> FindShift(Connection& c, int64_t id) {
  return One<Shift>(c.Query(std::string(kShiftSelect) + "WHERE r.id = $1", {id}), ShiftFromRow);
}

Result<int64_t> InsertShift(Connection& c, const Shift& s) {
  auto rows = c.Query(
      "INSERT INTO roster_shifts (site_id, staff_id, day, start_min, end_min, kind, note, "
      "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) "
      "RETURNING id",
      {s.site_id, s.staff_id, I(s.day), I(s.start), I(s.end), std::string(ShiftKindName(s.kind)),
       s.note, Opt(s.created_by), s.created_at});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Status UpdateShift(Connection& c, const Shift& s) {
  return Done(c.Exec(
      "UPDATE roster_shifts SET staff_id = $2, day = $3, start_min = $4, end_min = $5, kind = $6, "
      "note = $7, updated_at = $8 WHERE id = $1",
      {s.id, s.staff_id, I(s.day), I(s.start), I(s.end), std::string(ShiftKindName(s.kind)), s.note,
       s.updated_at}));
}

Status DeleteShift(Connection& c, int64_t id) {
  return Done(c.Exec("DELETE FROM roster_shifts WHERE id = $1", {id}));
}

Result<std::vector<Shift>> ShiftsOfSite(Connection& c, int64_t site_id, int32_t from, int32_t to) {
  return All<Shift>(
      c.Query(std::string(kShiftSelect) + "WHERE r.site_id = $1 AND r.day BETWEEN $2 AND $3 "
                                          "ORDER BY r.day, r.start_min, r.kind, s.name, r.id",
              {site_id, I(from), I(to)}),
      ShiftFromRow);
}

Result<std::vector<Shift>> ShiftsOfStaff(Connection& c, int64_t staff_id, int32_t from,
                                         int32_t to) {
  return All<Shift>(
      c.Query(std::string(kShiftSelect) + "WHERE r.staff_id = $1 AND r.day BETWEEN $2 AND $3 "
                                          "ORDER BY r.day, r.start_min, r.id",
              {staff_id, I(from), I(to)}),
      ShiftFromRow);
}

Result<std::vector<std::pair<int64_t, int32_t>>> SiteDaysOfStaff(Connection& c, int64_t staff_id,
                                                                 int32_t from, int32_t to) {
  auto rows = c.Query(
      "SELECT DISTINCT site_id, day FROM roster_shifts WHERE staff_id = $1 AND day BETWEEN $2 AND "
      "$3 ORDER BY site_id, day",
      {staff_id, I(from), I(to)});
  if (!rows) return std::move(rows).error();
  std::vector<std::pair<int64_t, int32_t>> out;
  for (size_t i = 0; i < rows->size(); ++i)
    out.emplace_back(rows->Int(i, 0), static_cast<int32_t>(rows->Int(i, 1)));
  return out;
}

Result<std::optional<int32_t>> FirstShiftDay(Connection& c, int64_t site_id) {
  auto rows = c.Query("SELECT MIN(day) FROM roster_shifts WHERE site_id = $1", {site_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty() || rows->IsNull(0, 0)) return std::optional<int32_t>();
  return std::optional<int32_t>(static_cast<int32_t>(rows->Int(0, 0)));
}

Result<int64_t> CountShifts(Connection& c, int64_t site_id, int32_t from, int32_t to) {
  auto rows =
      c.Query("SELECT COUNT(*) FROM roster_shifts WHERE site_id = $1 AND day BETWEEN $2 AND $3",
              {site_id, I(from), I(to)});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Status DeleteShifts(Connection& c, int64_t site_id, int32_t from, int32_t to) {
  return Done(c.Exec("DELETE FROM roster_shifts WHERE site_id = $1 AND day BETWEEN $2 AND $3",
                     {site_id, I(from), I(to)}));
}

// ---------------------------------------------------------------- absences

Result<std::optional<Absence>> FindAbsence(Connection& c, int64_t id) {
  return One<Absence>(c.Query(std::string(kAbsenceSelect) + "WHERE a.id = $1", {id}),
                      AbsenceFromRow);
}

Result<int64_t> InsertAbsence(Connection& c, const Absence& a) {
  auto rows = c.Query(
      "INSERT INTO roster_absences (staff_id, kind, start_at, end_at, cover_staff_id, note, "
      "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) "
      "RETURNING id",
      {a.staff_id, a.kind, a.start_at, a.end_at, Opt(a.cover_staff_id), a.note, Opt(a.created_by),
       a.created_at});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Status UpdateAbsence(Connection& c, const Absence& a) {
  return Done(
      c.Exec("UPDATE roster_absences SET staff_id = $2, kind = $3, start_at = $4, end_at = $5, "
             "cover_staff_id = $6, note = $7, updated_at = $8 WHERE id = $1",
             {a.id, a.staff_id, a.kind, a.start_at, a.end_at, Opt(a.cover_staff_id), a.note,
              a.updated_at}));
}

Status DeleteAbsence(Connection& c, int64_t id) {
  return Done(c.Exec("DELETE FROM roster_absences WHERE id = $1", {id}));
}

Result<std::vector<Absence>> AbsencesBetween(Connection& c, int64_t from_ms, int64_t to_ms,
                                             std::optional<int64_t> staff_id) {
  std::string sql = std::string(kAbsenceSelect) + "WHERE a.start_at < $2 AND a.end_at > $1";
  std::vector<Value> params = {from_ms, to_ms};
  if (staff_id) {
    params.push_back(*staff_id);
    sql += " AND a.staff_id = $3";
  }
  sql += " ORDER BY a.start_at, a.id";
  return All<Absence>(c.Query(sql, params), AbsenceFromRow);
}

// ---------------------------------------------------------------- hand-overs

Result<std::optional<Handover>> FindHandover(Connection& c, int64_t id) {
  return One<Handover>(c.Query(std::string(kHandoverSelect) + "WHERE h.id = $1", {id}),
                       HandoverFromRow);
}

Result<int64_t> InsertHandover(Connection& c, const Handover& h) {
  auto rows = c.Query(
      "INSERT INTO roster_handovers (site_id, from_staff_id, to_staff_id, reason, started_at, "
      "started_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
      {h.site_id, h.from_staff_id, h.to_staff_id, h.reason, h.started_at, Opt(h.started_by),
       h.created_at});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Status UpdateHandover(Connection& c, const Handover& h) {
  return Done(
      c.Exec("UPDATE roster_handovers SET ended_at = $2, ended_by = $3, confirmed_at = $4, "
             "updated_at = $5 WHERE id = $1",
             {h.id, Opt(h.ended_at), Opt(h.ended_by), Opt(h.confirmed_at), h.updated_at}));
}

Result<std::vector<Handover>> HandoversOfSite(Connection& c, int64_t site_id, int64_t from_ms,
                                              int64_t to_ms) {
  return All<Handover>(
      c.Query(std::string(kHandoverSelect) +
                  "WHERE h.site_id = $1 AND h.started_at < $3 AND "
                  "(h.ended_at IS NULL OR h.ended_at > $2) ORDER BY h.started_at, h.id",
              {site_id, from_ms, to_ms}),
      HandoverFromRow);
}

Result<std::optional<Handover>> OpenHandoverFrom(Connection& c, int64_t staff_id) {
  return One<Handover>(
      c.Query(std::string(kHandoverSelect) +
                  "WHERE h.from_staff_id = $1 AND h.ended_at IS NULL ORDER BY h.id DESC",
              {staff_id}),
      HandoverFromRow);
}

Result<std::vector<Handover>> OpenHandoversOf(Connection& c, int64_t staff_id) {
  return All<Handover>(
      c.Query(std::string(kHandoverSelect) +
                  "WHERE (h.from_staff_id = $1 OR h.to_staff_id = $1) AND h.ended_at IS NULL "
                  "ORDER BY h.started_at, h.id",
              {staff_id}),
      HandoverFromRow);
}

// ---------------------------------------------------------------- per-site settings

Result<SiteSettings> GetSiteSettings(Connection& c, int64_t site_id) {
  auto rows = c.Query(
      "SELECT r.warn_user_id, r.updated_at, " YB_USER_NAME("u") " AS warn_user_name "
      "FROM roster_sites r LEFT JOIN users u ON u.id = r.warn_user_id WHERE r.site_id = $1",
      {site_id});
  if (!rows) return std::move(rows).error();
  SiteSettings s;
  s.site_id = site_id;
  if (rows->empty()) return s;
  s.warn_user_id = rows->OptInt(0, "warn_user_id");
  s.updated_at = rows->Int(0, "updated_at");
  if (s.warn_user_id) s.warn_user_name = rows->Text(0, "warn_user_name");
  return s;
}

Status PutSiteSettings(Connection& c, int64_t site_id, std::optional<int64_t> warn_user_id,
                       std::optional<int64_t> by, int64_t now) {
  return Done(c.Exec(
      "INSERT INTO roster_sites (site_id, warn_user_id, updated_by, updated_at) VALUES ($1, $2, "
      "$3, $4) ON CONFLICT (site_id) DO UPDATE SET warn_user_id = excluded.warn_user_id, "
      "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      {site_id, Opt(warn_user_id), Opt(by), now}));
}

// ---------------------------------------------------------------- conduct

Result<std::optional<Violation>> FindViolation(Connection& c, int64_t id) {
  return One<Violation>(c.Query(std::string(kViolationSelect) + "WHERE v.id = $1", {id}),
                        ViolationFromRow);
}

Result<int64_t> InsertViolation(Connection& c, const Violation& v) {
  auto rows = c.Query(
      "INSERT INTO conduct_violations (staff_id, site_id, day, kind, details, severity, fine_fen, "
      "recorded_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) "
      "RETURNING id",
      {v.staff_id, v.site_id, I(v.day), v.kind, v.details, std::string(SeverityName(v.severity)),
       v.fine_fen, Opt(v.recorded_by), v.created_at});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Status UpdateViolation(Connection& c, const Violation& v) {
  return Done(c.Exec(
      "UPDATE conduct_violations SET staff_id = $2, site_id = $3, day = $4, kind = $5, "
      "details = $6, severity = $7, fine_fen = $8, appeal = $9, appeal_at = $10, updated_at = $11 "
      "WHERE id = $1",
      {v.id, v.staff_id, v.site_id, I(v.day), v.kind, v.details,
       std::string(SeverityName(v.severity)), v.fine_fen, v.appeal, Opt(v.appeal_at),
       v.updated_at}));
}

Status DeleteViolation(Connection& c, int64_t id) {
  return Done(c.Exec("DELETE FROM conduct_violations WHERE id = $1", {id}));
}

Result<std::vector<Violation>> Violations(Connection& c, std::optional<int64_t> site_id,
                                          std::optional<int64_t> staff_id, int32_t from,
                                          int32_t to) {
  std::vector<Value> params = {I(from), I(to)};
  std::string sql = std::string(kViolationSelect) + "WHERE v.day BETWEEN $1 AND $2";
  if (site_id) {
    params.push_back(*site_id);
    sql += " AND v.site_id = $" + std::to_string(params.size());
  }
  if (staff_id) {
    params.push_back(*staff_id);
    sql += " AND v.staff_id = $" + std::to_string(params.size());
  }
  sql += " ORDER BY v.day, v.id";
  return All<Violation>(c.Query(sql, params), ViolationFromRow);
}

Result<std::optional<MonthNote>> FindMonthNote(Connection& c, int64_t staff_id, int32_t month) {
  return One<MonthNote>(
      c.Query("SELECT staff_id, month, note, training_on, updated_at FROM conduct_months "
              "WHERE staff_id = $1 AND month = $2",
              {staff_id, I(month)}),
      [](const Rows& r, size_t i) {
        MonthNote n;
        n.staff_id = r.Int(i, "staff_id");
        n.month = static_cast<int32_t>(r.Int(i, "month"));
        n.note = r.Text(i, "note");
        if (auto t = r.OptInt(i, "training_on")) n.training_on = static_cast<int32_t>(*t);
        n.updated_at = r.Int(i, "updated_at");
        return n;
      });
}

Status PutMonthNote(Connection& c, const MonthNote& n, std::optional<int64_t> by, int64_t now) {
  return Done(c.Exec(
      "INSERT INTO conduct_months (staff_id, month, note, training_on, updated_by, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (staff_id, month) DO UPDATE SET "
      "note = excluded.note, training_on = excluded.training_on, updated_by = excluded.updated_by, "
      "updated_at = excluded.updated_at",
      {n.staff_id, I(n.month), n.note, n.training_on ? Value(int64_t{*n.training_on}) : Null(),
       Opt(by), now}));
}

Result<std::optional<int32_t>> LastTraining(Connection& c, int64_t staff_id, int32_t day) {
  auto rows = c.Query(
      "SELECT MAX(training_on) FROM conduct_months WHERE staff_id = $1 AND training_on <= $2",
      {staff_id, I(day)});
  if (!rows) return std::move(rows).error();
  if (rows->empty() || rows->IsNull(0, 0)) return std::optional<int32_t>();
  return std::optional<int32_t>(static_cast<int32_t>(rows->Int(0, 0)));
}

// ---------------------------------------------------------------- people

Result<std::optional<Clerk>> FindClerk(Connection& c, int64_t staff_id) {
  return One<Clerk>(c.Query(std::string(kClerkSelect) + "WHERE s.id = $1", {staff_id}),
                    ClerkFromRow);
}

Result<std::vector<Clerk>> ClerksOfSite(Connection& c, int64_t site_id) {
  return All<Clerk>(c.Query(std::string("SELECT * FROM (") + kClerkSelect +
                                "WHERE s.site_id = $1 AND s.active = 1) k "
                                "WHERE k.user_id IS NOT NULL ORDER BY k.name, k.id",
                            {site_id}),
                    ClerkFromRow);
}

Result<std::vector<Clerk>> ClerksById(Connection& c, const std::vector<int64_t>& ids) {
  if (ids.empty()) return std::vector<Clerk>();
  std::vector<Value> params;
  std::string list;
  for (int64_t id : ids) {
    params.push_back(id);
    list += (list.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  return All<Clerk>(
      c.Query(std::string(kClerkSelect) + "WHERE s.id IN (" + list + ") ORDER BY s.name, s.id",
              params),
      ClerkFromRow);
}

Result<std::vector<int64_t>> StaffIdsOfUser(Connection& c, int64_t user_id) {
  auto rows = c.Query(
      "SELECT id FROM staff WHERE user_id = $1 UNION "
      "SELECT staff_id FROM users WHERE id = $1 AND staff_id IS NOT NULL",
      {user_id});
  if (!rows) return std::move(rows).error();
  return Ids(*rows);
}

Result<std::vector<int64_t>> UsersWithRole(Connection& c, const std::string& code) {
  auto rows = c.Query(
      "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id "
      "JOIN roles r ON r.id = ur.role_id WHERE u.disabled = 0 AND r.code = $1 ORDER BY u.id",
      {code});
  if (!rows) return std::move(rows).error();
  return Ids(*rows);
}

Result<std::vector<int64_t>> UsersWithPermission(Connection& c, const std::string& permission) {
  // roles.permissions is a JSON array of strings; the quoted code cannot match a longer one.
  auto rows = c.Query(
      "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id "
      "JOIN roles r ON r.id = ur.role_id WHERE u.disabled = 0 AND "
      "(r.code = 'sysadmin' OR r.permissions LIKE $1) ORDER BY u.id",
      {"%\"" + permission + "\"%"});
  if (!rows) return std::move(rows).error();
  return Ids(*rows);
}

Result<std::optional<std::string>> UserName(Connection& c, int64_t user_id) {
  auto rows = c.Query(
      "SELECT " YB_USER_NAME("u") " FROM users u WHERE u.id = $1 AND u.disabled = 0", {user_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->Text(0, 0));
}

Result<std::optional<std::string>> SiteName(Connection& c, int64_t site_id) {
  auto rows = c.Query("SELECT name FROM sites WHERE id = $1", {site_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->Text(0, 0));
}

Result<bool> AbsentAt(Connection& c, int64_t staff_id, int64_t at) {
  auto rows = c.Query(
      "SELECT 1 FROM roster_absences WHERE staff_id = $1 AND start_at <= $2 AND end_at > $2",
      {staff_id, at});
  if (!rows) return std::move(rows).error();
  return !rows->empty();
}

#undef YB_USER_NAME
#undef YB_STAFF_USER

}  // namespace yingbin::roster::store
