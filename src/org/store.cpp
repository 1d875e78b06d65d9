#include "org/store.hpp"

#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "core/crypto.hpp"

namespace yingbin::org::store {
namespace {

using db::Null;
using db::Rows;
using db::Value;

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Null(); }
Value OptText(const std::optional<std::string>& v) { return v ? Value(*v) : Null(); }

Status Done(Result<int64_t> r) {
  if (!r) return std::move(r).error();
  return core::Ok();
}

Result<int64_t> Scalar(Result<Rows> r) {
  if (!r) return std::move(r).error();
  return r->empty() ? int64_t{0} : r->Int(0, 0);
}

Result<std::optional<int64_t>> OptId(Result<Rows> r) {
  if (!r) return std::move(r).error();
  if (r->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(r->Int(0, 0));
}

Result<int64_t> NewId(Result<Rows> r) {
  if (!r) return std::move(r).error();
  return r->Int(0, 0);
}

std::string LikePattern(std::string_view q) {
  std::string p = "%";
  for (char ch : q) {
    if (ch == '%' || ch == '_' || ch == '\\') p += '\\';
    p += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return p + "%";
}

// desk_hours_json: [{"start":"08:30","end":"11:30"}, ...]
std::string PeriodsJson(const std::vector<core::Period>& periods) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& p : periods)
    j.push_back({{"start", core::FormatTimeOfDay(p.start)}, {"end", core::FormatTimeOfDay(p.end)}});
  return j.dump();
}

std::vector<core::Period> ParsePeriods(const std::string& text) {
  std::vector<core::Period> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& item : j) {
    if (!item.is_object() || !item.contains("start") || !item.contains("end") ||
        !item["start"].is_string() || !item["end"].is_string())
      continue;
    auto s = core::ParseTimeOfDay(item["start"].get<std::string>(), "desk_hours");
    auto e = core::ParseTimeOfDay(item["end"].get<std::string>(), "desk_hours", true);
    if (s && e) out.push_back({*s, *e});
  }
  return out;
}

std::string WeekdaysText(const std::set<int>& days) {
  std::string out;
  for (int d : days) {
    if (!out.empty()) out += ',';
    out += std::to_string(d);
  }
  return out;
}

std::set<int> ParseWeekdays(const std::string& text) {
  std::set<int> out;
  for (char ch : text)
    if (ch >= '1' && ch <= '7') out.insert(ch - '0');
  return out;
}

constexpr char kSiteColumns[] =
    "id, name, code, time_zone, address, directions, transport, desk_hours_json, "
    "working_weekdays, created_at, updated_at";

Site SiteFromRow(const Rows& r, size_t i) {
  Site s;
  s.id = r.Int(i, "id");
  s.name = r.Text(i, "name");
  s.code = r.Text(i, "code");
  s.time_zone = r.Text(i, "time_zone");
  s.address = r.Text(i, "address");
  s.directions = r.Text(i, "directions");
  s.transport = r.Text(i, "transport");
  s.desk_hours = ParsePeriods(r.Text(i, "desk_hours_json"));
  s.working_weekdays = ParseWeekdays(r.Text(i, "working_weekdays"));
  s.created_at = r.Int(i, "created_at");
  s.updated_at = r.Int(i, "updated_at");
  return s;
}

constexpr char kDepartmentColumns[] = "id, name, code, parent_id, site_id, head_staff_id";

Department DepartmentFromRow(const Rows& r, size_t i) {
  Department d;
  d.id = r.Int(i, "id");
  d.name = r.Text(i, "name");
  d.code = r.OptText(i, "code");
  d.parent_id = r.OptInt(i, "parent_id");
  d.site_id = r.OptInt(i, "site_id");
  d.head_staff_id = r.OptInt(i, "head_staff_id");
  return d;
}

constexpr char kStaffColumns[] =
    "id, name, name_initials, department_id, site_id, title, rank, phone, email, extension, "
    "user_id, active";

Staff StaffFromRow(const Rows& r, size_t i) {
  Staff s;
  s.id = r.Int(i, "id");
  s.name = r.Text(i, "name");
  s.name_initials = r.Text(i, "name_initials");
  s.department_id = r.OptInt(i, "department_id");
  s.site_id = r.OptInt(i, "site_id");
  s.title = r.Text(i, "title");
  s.rank = static_cast<int>(r.Int(i, "rank"));
  s.phone = r.Text(i, "phone");
  s.email = r.Text(i, "email");
  s.extension = r.Text(i, "extension");
  s.user_id = r.OptInt(i, "user_id");
  s.active = r.Int(i, "active") != 0;
  return s;
}

constexpr char kVenueColumns[] = "id, site_id, name, kind, capacity, equipment_json, active";

Venue VenueFromRow(const Rows& r, size_t i) {
  Venue v;
  v.id = r.Int(i, "id");
  v.site_id = r.Int(i, "site_id");
  v.name = r.Text(i, "name");
  v.kind = r.Text(i, "kind");
  v.capacity = r.Int(i, "capacity");
  auto j = nlohmann::json::parse(r.Text(i, "equipment_json"), nullptr, false);
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) v.equipment.push_back(e.get<std::string>());
  v.active = r.Int(i, "active") != 0;
  return v;
}

template <class T, class F>
Result<std::vector<T>> ListOf(Result<Rows> r, F from_row) {
  if (!r) return std::move(r).error();
  std::vector<T> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) out.push_back(from_row(*r, i));
  return out;
}

template <class T, class F>
Result<std::optional<T>> OneOf(Result<Rows> r, F from_row) {
  if (!r) return std::move(r).error();
  if (r->empty()) return std::optional<T>();
  return std::optional<T>(from_row(*r, 0));
}

template <class T>
Result<Page<T>> PageOf(Result<std::vector<T>> items, Result<int64_t> total) {
  if (!items) return std::move(items).error();
  if (!total) return std::move(total).error();
  return std::make_pair(std::move(*items), *total);
}

}  // namespace

// --- sites ---

Result<Page<Site>> ListSites(Connection& c, int64_t limit, int64_t offset) {
  return PageOf<Site>(ListOf<Site>(c.Query(std::string("SELECT ") + kSiteColumns +
                                               " FROM sites ORDER BY id LIMIT $1 OFFSET $2",
                                           {limit, offset}),
                                   SiteFromRow),
                      Scalar(c.Query("SELECT COUNT(*) FROM sites")));
}

Result<std::optional<Site>> FindSite(Connection& c, int64_t id) {
  return OneOf<Site>(
      c.Query(std::string("SELECT ") + kSiteColumns + " FROM sites WHERE id = $1", {id}),
      SiteFromRow);
}

Result<std::optional<int64_t>> SiteWithName(Connection& c, std::string_view name,
                                            int64_t except_id) {
  return OptId(
      c.Query("SELECT id FROM sites WHERE name = $1 AND id <> $2", {std::string(name), except_id}));
}

Result<std::optional<int64_t>> SiteWithCode(Connection& c, std::string_view code,
                                            int64_t except_id) {
  return OptId(
      c.Query("SELECT id FROM sites WHERE code = $1 AND id <> $2", {std::string(code), except_id}));
}

Result<int64_t> CountSites(Connection& c) { return Scalar(c.Query("SELECT COUNT(*) FROM sites")); }

Result<int64_t> InsertSite(Connection& c, const Site& s, int64_t now) {
  return NewId(c.Query(
      "INSERT INTO sites (name, code, time_zone, address, directions, transport, desk_hours_json, "
      "working_weekdays, created_at, updated_at, calendar_version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id",
      {s.name, s.code, s.time_zone, s.address, s.directions, s.transport, PeriodsJson(s.desk_hours),
       WeekdaysText(s.working_weekdays), now, core::RandomHex(8)}));
}

Status UpdateSite(Connection& c, const Site& s, int64_t now) {
  return Done(c.Exec(
      "UPDATE sites SET name = $2, code = $3, time_zone = $4, address = $5, directions = $6, "
      "transport = $7, desk_hours_json = $8, working_weekdays = $9, updated_at = $10, "
      "calendar_version = $11 WHERE id = $1",
      {s.id, s.name, s.code, s.time_zone, s.address, s.directions, s.transport,
       PeriodsJson(s.desk_hours), WeekdaysText(s.working_weekdays), now, core::RandomHex(8)}));
}

Result<std::optional<std::string>> CalendarVersion(Connection& c, int64_t site_id) {
  auto r = c.Query("SELECT calendar_version FROM sites WHERE id = $1", {site_id});
  if (!r) return std::move(r).error();
  if (r->empty()) return std::optional<std::string>();
  return std::optional<std::string>(r->Text(0, 0));
}

namespace {
Status NewCalendarVersion(Connection& c, int64_t site_id) {
  return Done(c.Exec("UPDATE sites SET calendar_version = $2 WHERE id = $1",
                     {site_id, core::RandomHex(8)}));
}
}  // namespace

Status DeleteSite(Connection& c, int64_t id) {
  return Done(c.Exec("DELETE FROM sites WHERE id = $1", {id}));
}

Result<int64_t> CountSiteUsers(Connection& c, int64_t site_id) {
  return Scalar(
      c.Query("SELECT (SELECT COUNT(*) FROM departments WHERE site_id = $1) + "
              "(SELECT COUNT(*) FROM staff WHERE site_id = $1) + "
              "(SELECT COUNT(*) FROM venues WHERE site_id = $1)",
              {site_id}));
}

// --- calendar days ---

Result<std::vector<CalendarDay>> ListCalendarDays(Connection& c, int64_t site_id, int32_t from,
                                                  int32_t to_excl) {
  return ListOf<CalendarDay>(
      c.Query("SELECT day, kind, name FROM calendar_days WHERE site_id = $1 AND day >= $2 AND "
              "day < $3 ORDER BY day",
              {site_id, int64_t{from}, int64_t{to_excl}}),
      [](const Rows& r, size_t i) {
        return CalendarDay{
            static_cast<int32_t>(r.Int(i, 0)),
            r.Text(i, 1) == "workday" ? core::DayKind::kWorkday : core::DayKind::kHoliday,
            r.Text(i, 2)};
      });
}

Result<std::optional<CalendarDay>> FindCalendarDay(Connection& c, int64_t site_id, int32_t date) {
  auto days = ListCalendarDays(c, site_id, date, date + 1);
  if (!days) return std::move(days).error();
  if (days->empty()) return std::optional<CalendarDay>();
  return std::optional<CalendarDay>(days->front());
}

Status UpsertCalendarDay(Connection& c, int64_t site_id, const CalendarDay& d) {
  YB_RETURN_IF_ERROR(Done(
      c.Exec("INSERT INTO calendar_days (site_id, day, kind, name) VALUES ($1, $2, $3, $4) "
             "ON CONFLICT (site_id, day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
             {site_id, int64_t{d.date}, std::string(core::DayKindName(d.kind)), d.name})));
  return NewCalendarVersion(c, site_id);
}

Status DeleteCalendarDay(Connection& c, int64_t site_id, int32_t date) {
  YB_RETURN_IF_ERROR(Done(c.Exec("DELETE FROM calendar_days WHERE site_id = $1 AND day = $2",
                                 {site_id, int64_t{date}})));
  return NewCalendarVersion(c, site_id);
}

// --- departments ---

Result<Page<Department>> ListDepartments(Connection& c, std::optional<int64_t> site_id,
                                         int64_t limit, int64_t offset) {
  const int64_t site = site_id.value_or(0);
  return PageOf<Department>(
      ListOf<Department>(c.Query(std::string("SELECT ") + kDepartmentColumns +
                                     " FROM departments WHERE ($1 = 0 OR site_id = $1) "
                                     "ORDER BY id LIMIT $2 OFFSET $3",
                                 {site, limit, offset}),
                         DepartmentFromRow),
      Scalar(c.Query("SELECT COUNT(*) FROM departments WHERE ($1 = 0 OR site_id = $1)", {site})));
}

Result<std::optional<Department>> FindDepartment(Connection& c, int64_t id) {
  return OneOf<Department>(
      c.Query(std::string("SELECT ") + kDepartmentColumns + " FROM departments WHERE id = $1",
              {id}),
      DepartmentFromRow);
}

Result<std::optional<int64_t>> SiblingWithName(Connection& c, std::optional<int64_t> parent_id,
                                               std::string_view name, int64_t except_id) {
  return OptId(c.Query(
      "SELECT id FROM departments WHERE COALESCE(parent_id, 0) = $1 AND name = $2 AND id <> $3",
      {parent_id.value_or(0), std::string(name), except_id}));
}

Result<std::optional<int64_t>> DepartmentWithCode(Connection& c, std::string_view code,
                                                  int64_t except_id) {
  return OptId(c.Query("SELECT id FROM departments WHERE code = $1 AND id <> $2",
                       {std::string(code), except_id}));
}

Result<std::vector<int64_t>> Subtree(Connection& c, int64_t department_id) {
  // UNION (not UNION ALL) ends the recursion even if a cycle ever slipped into the data.
  return ListOf<int64_t>(
      c.Query("WITH RECURSIVE sub(id) AS (SELECT id FROM departments WHERE id = $1 UNION "
              "SELECT d.id FROM departments d JOIN sub ON d.parent_id = sub.id) "
              "SELECT id FROM sub",
              {department_id}),
      [](const Rows& r, size_t i) { return r.Int(i, 0); });
}

Result<int64_t> InsertDepartment(Connection& c, const Department& d, int64_t now) {
  return NewId(c.Query(
      "INSERT INTO departments (name, code, parent_id, site_id, head_staff_id, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
      {d.name, OptText(d.code), Opt(d.parent_id), Opt(d.site_id), Opt(d.head_staff_id), now}));
}

Status UpdateDepartment(Connection& c, const Department& d, int64_t now) {
  return Done(
      c.Exec("UPDATE departments SET name = $2, code = $3, parent_id = $4, site_id = $5, "
             "head_staff_id = $6, updated_at = $7 WHERE id = $1",
             {d.id, d.name, OptText(d.code), Opt(d.parent_id), Opt(d.site_id), Opt(d.head_staff_id),
              now}));
}

Status DeleteDepartment(Connection& c, int64_t id) {
  return Done(c.Exec("DELETE FROM departments WHERE id = $1", {id}));
}

Result<int64_t> CountChildren(Connection& c, int64_t department_id) {
  return Scalar(c.Query("SELECT COUNT(*) FROM departments WHERE parent_id = $1", {department_id}));
}

Result<int64_t> CountDepartmentMembers(Connection& c, int64_t department_id) {
  return Scalar(
      c.Query("SELECT (SELECT COUNT(*) FROM staff WHERE department_id = $1) + "
              "(SELECT COUNT(*) FROM users WHERE department_id = $1)",
              {department_id}));
}

// --- staff ---

Result<Page<Staff>> ListStaff(Connection& c, const StaffFilter& f, int64_t limit, int64_t offset) {
  // Only the filters in use go into the statement: with none, SQLite counts the table from
  // its b-tree instead of testing every row, and the list walks the rowid index to LIMIT.
  std::vector<Value> params;
  auto param = [&params](Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  std::string with;
  std::vector<std::string> conditions;
  if (f.scope_root != 0) {
    // The scope is the subtree of scope_root, computed in the same statement.
    const std::string root = param(f.scope_root > 0 ? f.scope_root : int64_t{-1});
    with = "WITH RECURSIVE scope(id) AS (SELECT id FROM departments WHERE id = " + root +
           " UNION SELECT d.id FROM departments d JOIN scope ON d.parent_id = scope.id) ";
    conditions.push_back("department_id IN (SELECT id FROM scope)");
  }
  if (!f.q.empty()) {
    const std::string like = param(LikePattern(f.q));
    // SQLite's LIKE ignores ASCII case by itself; PostgreSQL needs ILIKE. (LOWER(name)
    // would copy every name on every search.)
    const std::string op = c.dialect() == db::Dialect::kPostgres ? " ILIKE " : " LIKE ";
    conditions.push_back("(name" + op + like + " ESCAPE '\\' OR name_initials LIKE " + like +
                         " ESCAPE '\\' OR extension LIKE " + like + " ESCAPE '\\')");
  }
  if (f.department_id) conditions.push_back("department_id = " + param(*f.department_id));
  if (f.site_id) conditions.push_back("site_id = " + param(*f.site_id));
  std::string where = " FROM staff";
  for (size_t i = 0; i < conditions.size(); ++i)
    where += (i == 0 ? " WHERE " : " AND ") + conditions[i];

  auto total = Scalar(c.Query(with + "SELECT COUNT(*)" + where, params));
  const std::string page = " ORDER BY id LIMIT " + param(limit) + " OFFSET " + param(offset);
  return PageOf<Staff>(
      ListOf<Staff>(c.Query(with + "SELECT " + kStaffColumns + where + page, params), StaffFromRow),
      std::move(total));
}

Result<std::optional<Staff>> FindStaff(Connection& c, int64_t id) {
  return OneOf<Staff>(
      c.Query(std::string("SELECT ") + kStaffColumns + " FROM staff WHERE id = $1", {id}),
      StaffFromRow);
}

Result<int64_t> InsertStaff(Connection& c, const Staff& s, int64_t now) {
  return NewId(c.Query(
      "INSERT INTO staff (name, name_initials, department_id, site_id, title, rank, phone, email, "
      "extension, user_id, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
      "$8, $9, $10, $11, $12, $12) RETURNING id",
      {s.name, s.name_initials, Opt(s.department_id), Opt(s.site_id), s.title, int64_t{s.rank},
       s.phone, s.email, s.extension, Opt(s.user_id), int64_t{s.active}, now}));
}

Status UpdateStaff(Connection& c, const Staff& s, int64_t now) {
  return Done(c.Exec(
      "UPDATE staff SET name = $2, name_initials = $3, department_id = $4, site_id = $5, "
      "title = $6, rank = $7, phone = $8, email = $9, extension = $10, user_id = $11, "
      "active = $12, updated_at = $13 WHERE id = $1",
      {s.id, s.name, s.name_initials, Opt(s.department_id), Opt(s.site_id), s.title,
       int64_t{s.rank}, s.phone, s.email, s.extension, Opt(s.user_id), int64_t{s.active}, now}));
}

Status DeleteStaff(Connection& c, int64_t id) {
  return Done(c.Exec("DELETE FROM staff WHERE id = $1", {id}));
}

Result<int64_t> CountStaffReferences(Connection& c, int64_t staff_id) {
  return Scalar(
      c.Query("SELECT (SELECT COUNT(*) FROM departments WHERE head_staff_id = $1) + "
              "(SELECT COUNT(*) FROM users WHERE staff_id = $1)",
              {staff_id}));
}

Result<bool> UserExists(Connection& c, int64_t user_id) {
  auto r = OptId(c.Query("SELECT id FROM users WHERE id = $1", {user_id}));
  if (!r) return std::move(r).error();
  return r->has_value();
}

// --- venues ---

Result<Page<Venue>> ListVenues(Connection& c, std::optional<int64_t> site_id, int64_t limit,
                               int64_t offset) {
  const int64_t site = site_id.value_or(0);
  return PageOf<Venue>(
      ListOf<Venue>(c.Query(std::string("SELECT ") + kVenueColumns +
                                " FROM venues WHERE ($1 = 0 OR site_id = $1) ORDER BY id "
                                "LIMIT $2 OFFSET $3",
                            {site, limit, offset}),
                    VenueFromRow),
      Scalar(c.Query("SELECT COUNT(*) FROM venues WHERE ($1 = 0 OR site_id = $1)", {site})));
}

Result<std::optional<Venue>> FindVenue(Connection& c, int64_t id) {
  return OneOf<Venue>(
      c.Query(std::string("SELECT ") + kVenueColumns + " FROM venues WHERE id = $1", {id}),
      VenueFromRow);
}

Result<std::optional<int64_t>> VenueWithName(Connection& c, int64_t site_id, std::string_view name,
                                             int64_t except_id) {
  return OptId(c.Query("SELECT id FROM venues WHERE site_id = $1 AND name = $2 AND id <> $3",
                       {site_id, std::string(name), except_id}));
}

Result<int64_t> InsertVenue(Connection& c, const Venue& v, int64_t now) {
  return NewId(c.Query(
      "INSERT INTO venues (site_id, name, kind, capacity, equipment_json, active, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
      {v.site_id, v.name, v.kind, v.capacity, nlohmann::json(v.equipment).dump(), int64_t{v.active},
       now}));
}

Status UpdateVenue(Connection& c, const Venue& v, int64_t now) {
  return Done(c.Exec(
      "UPDATE venues SET site_id = $2, name = $3, kind = $4, capacity = $5, equipment_json = $6, "
      "active = $7, updated_at = $8 WHERE id = $1",
      {v.id, v.site_id, v.name, v.kind, v.capacity, nlohmann::json(v.equipment).dump(),
       int64_t{v.active}, now}));
}

Status DeleteVenue(Connection& c, int64_t id) {
  return Done(c.Exec("DELETE FROM venues WHERE id = $1", {id}));
}

}  // namespace yingbin::org::store
