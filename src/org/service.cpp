#include "org/service.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "api/json.hpp"
#include "audit/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "org/json.hpp"
#include "org/store.hpp"

namespace yingbin::org {
namespace {

using core::InvalidArgument;

constexpr size_t kNameMax = 100;
constexpr size_t kLongTextMax = 500;

Status Audit(db::Connection& c, const Write& w, std::string action, std::string entity, int64_t id,
             const api::Json* before, const api::Json* after) {
  return audit::Record(c, w.actor, w.now,
                       audit::Change{std::move(action), std::move(entity), id,
                                     before ? before->dump() : std::string(),
                                     after ? after->dump() : std::string(), w.reason});
}

bool HasControlChars(std::string_view s, bool multi_line) {
  return std::any_of(s.begin(), s.end(), [&](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == 0x7f) return true;
    return c < 0x20 && !(multi_line && (c == '\n' || c == '\t' || c == '\r'));
  });
}

Status CheckText(std::string_view value, std::string_view field, size_t max_chars,
                 bool multi_line = false) {
  if (HasControlChars(value, multi_line))
    return InvalidArgument(std::string(field), "validation.control_chars");
  if (api::Utf8Length(value) > max_chars)
    return InvalidArgument(std::string(field), "validation.too_long")
        .With("max", std::to_string(max_chars));
  return core::Ok();
}

Status CheckCode(std::string_view code, std::string_view field, bool required) {
  if (code.empty()) {
    if (required) return InvalidArgument(std::string(field), "validation.required");
    return core::Ok();
  }
  if (code.size() > 20)
    return InvalidArgument(std::string(field), "validation.too_long").With("max", "20");
  for (char ch : code)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-')
      return InvalidArgument(std::string(field), "validation.invalid");
  return core::Ok();
}

core::Error Duplicate(std::string field, std::string value) {
  return core::Conflict("error.duplicate", std::move(field)).With("value", std::move(value));
}

core::Error UnknownReference(std::string field) {
  return InvalidArgument(std::move(field), "validation.unknown_reference");
}

auth::Principal SystemPrincipal() {
  auth::Principal p;
  p.username = "system";
  p.display_name = "system";
  p.scope = auth::DataScope::kAll;
  return p;
}

template <class T>
Result<T> Required(Result<std::optional<T>> r) {
  if (!r) return std::move(r).error();
  if (!*r) return core::NotFound();
  return std::move(**r);
}

template <class F>
auto WithConnection(db::Pool& pool, F fn) -> decltype(fn(std::declval<db::Connection&>())) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return fn(**lease);
}

// --- reference checks inside a transaction ---

Status SiteExists(db::Connection& c, const std::optional<int64_t>& id, const char* field) {
  if (!id) return core::Ok();
  auto s = store::FindSite(c, *id);
  if (!s) return std::move(s).error();
  if (!*s) return UnknownReference(field);
  return core::Ok();
}

Status DepartmentExists(db::Connection& c, const std::optional<int64_t>& id, const char* field) {
  if (!id) return core::Ok();
  auto d = store::FindDepartment(c, *id);
  if (!d) return std::move(d).error();
  if (!*d) return UnknownReference(field);
  return core::Ok();
}

Status StaffExists(db::Connection& c, const std::optional<int64_t>& id, const char* field) {
  if (!id) return core::Ok();
  auto s = store::FindStaff(c, *id);
  if (!s) return std::move(s).error();
  if (!*s) return UnknownReference(field);
  return core::Ok();
}

Status CheckSiteUnique(db::Connection& c, const Site& s) {
  auto by_name = store::SiteWithName(c, s.name, s.id);
  if (!by_name) return std::move(by_name).error();
  if (*by_name) return Duplicate("name", s.name);
  auto by_code = store::SiteWithCode(c, s.code, s.id);
  if (!by_code) return std::move(by_code).error();
  if (*by_code) return Duplicate("code", s.code);
  return core::Ok();
}

Status CheckDepartment(const Department& d) {
  YB_RETURN_IF_ERROR(CheckName(d.name, "name"));
  if (d.code) YB_RETURN_IF_ERROR(CheckCode(*d.code, "code", false));
  return core::Ok();
}

Status CheckDepartmentRefs(db::Connection& c, const Department& d) {
  YB_RETURN_IF_ERROR(DepartmentExists(c, d.parent_id, "parent_id"));
  YB_RETURN_IF_ERROR(SiteExists(c, d.site_id, "site_id"));
  YB_RETURN_IF_ERROR(StaffExists(c, d.head_staff_id, "head_staff_id"));
  if (d.id != 0 && d.parent_id) {
    // DOMAIN: the tree stays a tree. A new parent may not be the department or below it.
    auto below = store::Subtree(c, d.id);
    if (!below) return std::move(below).error();
    if (std::find(below->begin(), below->end(), *d.parent_id) != below->end())
      return InvalidArgument("parent_id", "validation.cycle");
  }
  auto sibling = store::SiblingWithName(c, d.parent_id, d.name, d.id);
  if (!sibling) return std::move(sibling).error();
  if (*sibling) return Duplicate("name", d.name);
  if (d.code) {
    auto by_code = store::DepartmentWithCode(c, *d.code, d.id);
    if (!by_code) return std::move(by_code).error();
    if (*by_code) return Duplicate("code", *d.code);
  }
  return core::Ok();
}

Status CheckStaffRefs(db::Connection& c, const Staff& s) {
  YB_RETURN_IF_ERROR(DepartmentExists(c, s.department_id, "department_id"));
  YB_RETURN_IF_ERROR(SiteExists(c, s.site_id, "site_id"));
  if (s.user_id) {
    auto exists = store::UserExists(c, *s.user_id);
    if (!exists) return std::move(exists).error();
    if (!*exists) return UnknownReference("user_id");
  }
  return core::Ok();
}

Status CheckVenueRefs(db::Connection& c, const Venue& v) {
  YB_RETURN_IF_ERROR(SiteExists(c, v.site_id, "site_id"));
  auto same = store::VenueWithName(c, v.site_id, v.name, v.id);
  if (!same) return std::move(same).error();
  if (*same) return Duplicate("name", v.name);
  return core::Ok();
}

// Day names come from people and from imported files: one line, at most 100 characters.
std::string CleanDayName(std::string name) {
  for (auto& ch : name)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
  while (!name.empty() && name.back() == ' ') name.pop_back();
  while (api::Utf8Length(name) > kNameMax) {
    // Drop one code point from the end.
    size_t i = name.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(name[i]) & 0xC0) == 0x80) --i;
    name.erase(i);
  }
  return name;
}

int YearOf(int32_t date) { return std::stoi(core::FormatDate(date).substr(0, 4)); }

Result<Calendar> LoadCalendar(db::Connection& c, const Site& site, int year) {
  auto from = core::ParseDate(std::to_string(year) + "-01-01", "year");
  auto to = core::ParseDate(std::to_string(year + 1) + "-01-01", "year");
  if (!from || !to)
    return InvalidArgument("year", "validation.out_of_range")
        .With("min", "1970")
        .With("max", "9998");
  auto days = store::ListCalendarDays(c, site.id, *from, *to);
  if (!days) return std::move(days).error();
  return Calendar{site.id, year, site.working_weekdays, std::move(*days)};
}

}  // namespace

// --- pure validation ---

Status CheckName(std::string_view value, std::string_view field, size_t max_chars) {
  if (value.empty()) return InvalidArgument(std::string(field), "validation.required");
  return CheckText(value, field, max_chars);
}

Status CheckSite(const Site& s) {
  YB_RETURN_IF_ERROR(CheckName(s.name, "name"));
  YB_RETURN_IF_ERROR(CheckCode(s.code, "code", true));
  YB_RETURN_IF_ERROR(core::CheckTimeZone(s.time_zone, "time_zone"));
  YB_RETURN_IF_ERROR(CheckText(s.address, "address", kLongTextMax));
  YB_RETURN_IF_ERROR(CheckText(s.directions, "directions", 2000, /*multi_line=*/true));
  YB_RETURN_IF_ERROR(CheckText(s.transport, "transport", 2000, /*multi_line=*/true));
  auto periods = core::NormalizePeriods(s.desk_hours, "desk_hours");
  if (!periods) return std::move(periods).error();
  for (int d : s.working_weekdays)
    if (d < 1 || d > 7)
      return InvalidArgument("working_weekdays", "validation.out_of_range")
          .With("min", "1")
          .With("max", "7");
  return core::Ok();
}

Status CheckStaff(const Staff& s) {
  YB_RETURN_IF_ERROR(CheckName(s.name, "name"));
  if (s.name_initials.size() > 20)
    return InvalidArgument("name_initials", "validation.too_long").With("max", "20");
  for (char ch : s.name_initials)
    if (ch < 'a' || ch > 'z') return InvalidArgument("name_initials", "validation.invalid");
  YB_RETURN_IF_ERROR(CheckText(s.title, "title", kNameMax));
  if (s.rank < kMinRank || s.rank > kMaxRank)
    return InvalidArgument("rank", "validation.out_of_range")
        .With("min", std::to_string(kMinRank))
        .With("max", std::to_string(kMaxRank));
  YB_RETURN_IF_ERROR(CheckText(s.phone, "phone", 30));
  YB_RETURN_IF_ERROR(CheckText(s.email, "email", 254));
  if (s.extension.size() > 20)
    return InvalidArgument("extension", "validation.too_long").With("max", "20");
  for (char ch : s.extension)
    if (!std::isdigit(static_cast<unsigned char>(ch)) && ch != '-' && ch != '#' && ch != '*')
      return InvalidArgument("extension", "validation.invalid");
  return core::Ok();
}

Status CheckVenue(const Venue& v) {
  YB_RETURN_IF_ERROR(CheckName(v.name, "name"));
  if (std::find(kVenueKinds.begin(), kVenueKinds.end(), v.kind) == kVenueKinds.end())
    return InvalidArgument("kind", "validation.one_of")
        .With("allowed", "large_meeting_room, small_meeting_room, lounge, office");
  if (v.capacity < 0 || v.capacity > 100000)
    return InvalidArgument("capacity", "validation.out_of_range")
        .With("min", "0")
        .With("max", "100000");
  for (const auto& e : v.equipment) YB_RETURN_IF_ERROR(CheckName(e, "equipment", 50));
  return core::Ok();
}

// --- sites ---

Result<List<Site>> ListSites(db::Pool& pool, int64_t limit, int64_t offset) {
  return WithConnection(pool,
                        [&](db::Connection& c) { return store::ListSites(c, limit, offset); });
}

Result<Site> GetSite(db::Pool& pool, int64_t id) {
  return WithConnection(pool, [&](db::Connection& c) { return Required(store::FindSite(c, id)); });
}

Result<Site> CreateSite(db::Pool& pool, const Write& w, Site in) {
  auto periods = core::NormalizePeriods(in.desk_hours, "desk_hours");
  if (!periods) return std::move(periods).error();
  in.desk_hours = std::move(*periods);
  YB_RETURN_IF_ERROR(CheckSite(in));
  return pool.Transaction<Site>([&](db::Connection& c) -> Result<Site> {
    Site s = in;
    s.id = 0;
    YB_RETURN_IF_ERROR(CheckSiteUnique(c, s));
    auto id = store::InsertSite(c, s, w.now);
    if (!id) return std::move(id).error();
    s.id = *id;
    s.created_at = s.updated_at = w.now;
    const api::Json after = SiteJson(s);
    YB_RETURN_IF_ERROR(Audit(c, w, "create", "site", s.id, nullptr, &after));
    return s;
  });
}

Result<Site> UpdateSite(db::Pool& pool, const Write& w, int64_t id, const SitePatch& patch) {
  return pool.Transaction<Site>([&](db::Connection& c) -> Result<Site> {
    auto found = Required(store::FindSite(c, id));
    if (!found) return found;
    Site s = *found;
    const api::Json before = SiteJson(s);
    if (patch.name) s.name = *patch.name;
    if (patch.code) s.code = *patch.code;
    if (patch.time_zone) s.time_zone = *patch.time_zone;
    if (patch.address) s.address = *patch.address;
    if (patch.directions) s.directions = *patch.directions;
    if (patch.transport) s.transport = *patch.transport;
    if (patch.desk_hours) {
      auto periods = core::NormalizePeriods(*patch.desk_hours, "desk_hours");
      if (!periods) return std::move(periods).error();
      s.desk_hours = std::move(*periods);
    }
    YB_RETURN_IF_ERROR(CheckSite(s));
    YB_RETURN_IF_ERROR(CheckSiteUnique(c, s));
    YB_RETURN_IF_ERROR(store::UpdateSite(c, s, w.now));
    s.updated_at = w.now;
    const api::Json after = SiteJson(s);
    YB_RETURN_IF_ERROR(Audit(c, w, "update", "site", s.id, &before, &after));
    return s;
  });
}

Status DeleteSite(db::Pool& pool, const Write& w, int64_t id) {
  return pool.TransactionVoid([&](db::Connection& c) -> Status {
    auto found = Required(store::FindSite(c, id));
    if (!found) return std::move(found).error();
    auto users = store::CountSiteUsers(c, id);
    if (!users) return std::move(users).error();
    if (*users > 0) return core::Conflict("org.site_in_use");
    auto count = store::CountSites(c);
    if (!count) return std::move(count).error();
    if (*count <= 1) return core::Conflict("org.last_site");
    const api::Json before = SiteJson(*found);
    // calendar_days go by ON DELETE CASCADE.
    YB_RETURN_IF_ERROR(store::DeleteSite(c, id));
    return Audit(c, w, "delete", "site", id, &before, nullptr);
  });
}

Status EnsureDefaultSite(db::Pool& pool, int64_t now_ms) {
  const auth::Principal system = SystemPrincipal();
  const Write w{system, now_ms, "default site"};
  Status s = pool.TransactionVoid([&](db::Connection& c) -> Status {
    auto count = store::CountSites(c);
    if (!count) return std::move(count).error();
    if (*count > 0) return core::Ok();
    Site site;
    site.name = "总部";
    site.code = "HQ";
    site.time_zone = "Asia/Shanghai";
    site.desk_hours = {{8 * 60 + 30, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60 + 30}};  // DESK-1
    site.working_weekdays = {1, 2, 3, 4, 5};
    auto id = store::InsertSite(c, site, now_ms);
    if (!id) return std::move(id).error();
    site.id = *id;
    const api::Json after = SiteJson(site);
    return Audit(c, w, "create", "site", site.id, nullptr, &after);
  });
  // Another node created it at the same moment: that is the idempotent outcome too.
  if (!s && s.error().code == core::ErrorCode::kConflict) return core::Ok();
  return s;
}

// --- calendar ---

namespace {

Result<core::BusinessCalendar> ReadSiteCalendar(db::Connection& c, int64_t site_id) {
  auto site = Required(store::FindSite(c, site_id));
  if (!site) return std::move(site).error();
  auto days = store::ListCalendarDays(c, site_id, INT32_MIN, INT32_MAX);
  if (!days) return std::move(days).error();
  core::BusinessCalendar cal;
  cal.time_zone = site->time_zone;
  cal.working_weekdays = site->working_weekdays;
  cal.desk_hours = site->desk_hours;
  for (auto& d : *days) cal.overrides[d.date] = core::DayOverride{d.kind, std::move(d.name)};
  return cal;
}

// The calendars this process has read, by their site's calendar version: a registration
// reads its site's calendar and a new ticket three times, and reading it (the site row and
// every holiday and workday ever entered) was a tenth of the SQLite writer's time per
// ticket. The version changes with every change to the calendar, on any node, so a copy
// found by it is never stale; versions are random, so one process may serve several
// databases (tests do).
class CalendarCache {
 public:
  std::optional<core::BusinessCalendar> Find(const std::string& version) {
    std::lock_guard lock(mu_);
    auto it = by_version_.find(version);
    if (it == by_version_.end()) return std::nullopt;
    return it->second;
  }
  void Keep(const std::string& version, const core::BusinessCalendar& cal) {
    std::lock_guard lock(mu_);
    if (by_version_.size() >= kMaxCalendars) by_version_.clear();  // old versions go too
    by_version_.emplace(version, cal);
  }

 private:
  static constexpr size_t kMaxCalendars = 256;
  std::mutex mu_;
  std::unordered_map<std::string, core::BusinessCalendar> by_version_;  // guarded by mu_
};

CalendarCache& Calendars() {
  static CalendarCache cache;
  return cache;
}

}  // namespace

Result<core::BusinessCalendar> SiteCalendar(db::Connection& c, int64_t site_id) {
  auto version = store::CalendarVersion(c, site_id);
  if (!version) return std::move(version).error();
  const bool keepable = *version && !(*version)->empty();
  if (keepable)
    if (auto kept = Calendars().Find(**version)) return std::move(*kept);
  auto cal = ReadSiteCalendar(c, site_id);
  if (!cal || !keepable) return cal;
  // Outside a transaction (PostgreSQL) the calendar may have changed between the reads:
  // keep it only under the version it was read at.
  auto after = store::CalendarVersion(c, site_id);
  if (!after) return std::move(after).error();
  if (*after == *version) Calendars().Keep(**version, *cal);
  return cal;
}

Result<core::BusinessCalendar> SiteCalendar(db::Pool& pool, int64_t site_id) {
  return WithConnection(pool, [&](db::Connection& c) { return SiteCalendar(c, site_id); });
}

Result<Calendar> GetCalendar(db::Pool& pool, int64_t site_id, int year, int64_t now) {
  return WithConnection(pool, [&](db::Connection& c) -> Result<Calendar> {
    auto site = Required(store::FindSite(c, site_id));
    if (!site) return std::move(site).error();
    if (year == 0) {
      core::BusinessCalendar cal;
      cal.time_zone = site->time_zone;
      auto today = core::LocalDate(cal, now);
      if (!today) return std::move(today).error();
      year = YearOf(*today);
    }
    return LoadCalendar(c, *site, year);
  });
}

Result<Calendar> SetWorkingWeekdays(db::Pool& pool, const Write& w, int64_t site_id,
                                    const std::set<int>& weekdays) {
  for (int d : weekdays)
    if (d < 1 || d > 7)
      return InvalidArgument("working_weekdays", "validation.out_of_range")
          .With("min", "1")
          .With("max", "7");
  return pool.Transaction<Calendar>([&](db::Connection& c) -> Result<Calendar> {
    auto found = Required(store::FindSite(c, site_id));
    if (!found) return std::move(found).error();
    Site s = *found;
    const api::Json before = SiteJson(s);
    s.working_weekdays = weekdays;
    YB_RETURN_IF_ERROR(store::UpdateSite(c, s, w.now));
    const api::Json after = SiteJson(s);
    YB_RETURN_IF_ERROR(Audit(c, w, "update", "site", s.id, &before, &after));
    core::BusinessCalendar cal;
    cal.time_zone = s.time_zone;
    auto today = core::LocalDate(cal, w.now);
    if (!today) return std::move(today).error();
    return LoadCalendar(c, s, YearOf(*today));
  });
}

Result<CalendarDay> PutCalendarDay(db::Pool& pool, const Write& w, int64_t site_id,
                                   CalendarDay day) {
  YB_RETURN_IF_ERROR(CheckText(day.name, "name", kNameMax));
  return pool.Transaction<CalendarDay>([&](db::Connection& c) -> Result<CalendarDay> {
    auto site = Required(store::FindSite(c, site_id));
    if (!site) return std::move(site).error();
    auto old = store::FindCalendarDay(c, site_id, day.date);
    if (!old) return std::move(old).error();
    YB_RETURN_IF_ERROR(store::UpsertCalendarDay(c, site_id, day));
    const api::Json after = CalendarDayJson(day);
    if (*old) {
      const api::Json before = CalendarDayJson(**old);
      YB_RETURN_IF_ERROR(Audit(c, w, "update", "calendar_day", site_id, &before, &after));
    } else {
      YB_RETURN_IF_ERROR(Audit(c, w, "create", "calendar_day", site_id, nullptr, &after));
    }
    return day;
  });
}

Status DeleteCalendarDay(db::Pool& pool, const Write& w, int64_t site_id, int32_t date) {
  return pool.TransactionVoid([&](db::Connection& c) -> Status {
    auto site = Required(store::FindSite(c, site_id));
    if (!site) return std::move(site).error();
    auto old = Required(store::FindCalendarDay(c, site_id, date));
    if (!old) return std::move(old).error();
    YB_RETURN_IF_ERROR(store::DeleteCalendarDay(c, site_id, date));
    const api::Json before = CalendarDayJson(*old);
    return Audit(c, w, "delete", "calendar_day", site_id, &before, nullptr);
  });
}

Result<int64_t> ImportCalendar(db::Pool& pool, const Write& w, int64_t site_id,
                               std::string_view ics_text) {
  if (!api::IsValidUtf8(ics_text)) return InvalidArgument("file", "validation.ics");
  auto parsed = core::ParseIcs(ics_text);
  if (!parsed) return std::move(parsed).error();
  return pool.Transaction<int64_t>([&](db::Connection& c) -> Result<int64_t> {
    auto site = Required(store::FindSite(c, site_id));
    if (!site) return std::move(site).error();
    api::Json days = api::Json::array();
    for (const auto& d : *parsed) {
      CalendarDay day{d.date, d.kind, CleanDayName(d.name)};
      YB_RETURN_IF_ERROR(store::UpsertCalendarDay(c, site_id, day));
      days.push_back(CalendarDayJson(day));
    }
    // One audit row for the file: the days it wrote.
    const api::Json after = {{"imported", parsed->size()}, {"days", days}};
    YB_RETURN_IF_ERROR(Audit(c, w, "import", "calendar_day", site_id, nullptr, &after));
    return static_cast<int64_t>(parsed->size());
  });
}

// --- departments ---

Result<List<Department>> ListDepartments(db::Pool& pool, std::optional<int64_t> site_id,
                                         int64_t limit, int64_t offset) {
  return WithConnection(
      pool, [&](db::Connection& c) { return store::ListDepartments(c, site_id, limit, offset); });
}

Result<Department> GetDepartment(db::Pool& pool, int64_t id) {
  return WithConnection(pool,
                        [&](db::Connection& c) { return Required(store::FindDepartment(c, id)); });
}

Result<std::vector<int64_t>> DepartmentSubtree(db::Connection& c, int64_t department_id) {
  return store::Subtree(c, department_id);
}

namespace {
std::atomic<uint64_t> department_tree_version{0};
// Moves the version on when the method that holds it returns, i.e. after its transaction.
struct TreeChanged {
  ~TreeChanged() { ++department_tree_version; }
};
}  // namespace

uint64_t DepartmentTreeVersion() { return department_tree_version.load(); }

Result<Department> CreateDepartment(db::Pool& pool, const Write& w, Department in) {
  const TreeChanged changed;
  if (in.code && in.code->empty()) in.code.reset();
  YB_RETURN_IF_ERROR(CheckDepartment(in));
  return pool.Transaction<Department>([&](db::Connection& c) -> Result<Department> {
    Department d = in;
    d.id = 0;
    YB_RETURN_IF_ERROR(CheckDepartmentRefs(c, d));
    auto id = store::InsertDepartment(c, d, w.now);
    if (!id) return std::move(id).error();
    d.id = *id;
    const api::Json after = DepartmentJson(d);
    YB_RETURN_IF_ERROR(Audit(c, w, "create", "department", d.id, nullptr, &after));
    return d;
  });
}

Result<Department> UpdateDepartment(db::Pool& pool, const Write& w, int64_t id,
                                    const DepartmentPatch& patch) {
  const TreeChanged changed;
  return pool.Transaction<Department>([&](db::Connection& c) -> Result<Department> {
    auto found = Required(store::FindDepartment(c, id));
    if (!found) return found;
    Department d = *found;
    const api::Json before = DepartmentJson(d);
    if (patch.name) d.name = *patch.name;
    if (patch.code) d.code = *patch.code;
    if (d.code && d.code->empty()) d.code.reset();
    if (patch.parent_id) d.parent_id = *patch.parent_id;
    if (patch.site_id) d.site_id = *patch.site_id;
    if (patch.head_staff_id) d.head_staff_id = *patch.head_staff_id;
    YB_RETURN_IF_ERROR(CheckDepartment(d));
    YB_RETURN_IF_ERROR(CheckDepartmentRefs(c, d));
    YB_RETURN_IF_ERROR(store::UpdateDepartment(c, d, w.now));
    const api::Json after = DepartmentJson(d);
    YB_RETURN_IF_ERROR(Audit(c, w, "update", "department", d.id, &before, &after));
    return d;
  });
}

Status DeleteDepartment(db::Pool& pool, const Write& w, int64_t id) {
  const TreeChanged changed;
  return pool.TransactionVoid([&](db::Connection& c) -> Status {
    auto found = Required(store::FindDepartment(c, id));
    if (!found) return std::move(found).error();
    auto children = store::CountChildren(c, id);
    if (!children) return std::move(children).error();
    if (*children > 0) return core::Conflict("org.department_has_children");
    auto members = store::CountDepartmentMembers(c, id);
    if (!members) return std::move(members).error();
    if (*members > 0) return core::Conflict("org.department_has_staff");
    const api::Json before = DepartmentJson(*found);
    YB_RETURN_IF_ERROR(store::DeleteDepartment(c, id));
    return Audit(c, w, "delete", "department", id, &before, nullptr);
  });
}

// --- staff ---

Result<List<Staff>> ListStaff(db::Pool& pool, const auth::Principal& p, const StaffQuery& q,
                              int64_t limit, int64_t offset) {
  store::StaffFilter f;
  f.q = q.q;
  f.department_id = q.department_id;
  f.site_id = q.site_id;
  // DATA-2: a department-scoped principal sees its own subtree only; without a department,
  // nothing.
  if (p.scope == auth::DataScope::kDepartment) f.scope_root = p.department_id.value_or(-1);
  return WithConnection(pool,
                        [&](db::Connection& c) { return store::ListStaff(c, f, limit, offset); });
}

Result<Staff> GetStaff(db::Pool& pool, const auth::Principal& p, int64_t id) {
  auto s =
      WithConnection(pool, [&](db::Connection& c) { return Required(store::FindStaff(c, id)); });
  if (!s) return s;
  if (p.scope == auth::DataScope::kDepartment &&
      (!s->department_id || !p.InScope(s->department_id)))
    return core::Forbidden("error.out_of_scope");
  return s;
}

Result<Staff> CreateStaff(db::Pool& pool, const Write& w, Staff in) {
  // Search by pinyin initials works without typing them in; a user may still give them
  // (a polyphonic surname such as 单 read shàn).
  if (in.name_initials.empty()) in.name_initials = core::PinyinInitials(in.name);
  YB_RETURN_IF_ERROR(CheckStaff(in));
  return pool.Transaction<Staff>([&](db::Connection& c) -> Result<Staff> {
    Staff s = in;
    s.id = 0;
    YB_RETURN_IF_ERROR(CheckStaffRefs(c, s));
    auto id = store::InsertStaff(c, s, w.now);
    if (!id) return std::move(id).error();
    s.id = *id;
    const api::Json after = StaffJson(s);
    YB_RETURN_IF_ERROR(Audit(c, w, "create", "staff", s.id, nullptr, &after));
    return s;
  });
}

Result<Staff> UpdateStaff(db::Pool& pool, const Write& w, int64_t id, const StaffPatch& patch) {
  return pool.Transaction<Staff>([&](db::Connection& c) -> Result<Staff> {
    auto found = Required(store::FindStaff(c, id));
    if (!found) return found;
    Staff s = *found;
    const api::Json before = StaffJson(s);
    if (patch.name) s.name = *patch.name;
    if (patch.name_initials) s.name_initials = *patch.name_initials;
    // A new name without new initials, or initials cleared: derive them again.
    if ((patch.name && !patch.name_initials) || s.name_initials.empty())
      s.name_initials = core::PinyinInitials(s.name);
    if (patch.title) s.title = *patch.title;
    if (patch.phone) s.phone = *patch.phone;
    if (patch.email) s.email = *patch.email;
    if (patch.extension) s.extension = *patch.extension;
    if (patch.department_id) s.department_id = *patch.department_id;
    if (patch.site_id) s.site_id = *patch.site_id;
    if (patch.user_id) s.user_id = *patch.user_id;
    if (patch.rank) s.rank = *patch.rank;
    if (patch.active) s.active = *patch.active;
    YB_RETURN_IF_ERROR(CheckStaff(s));
    YB_RETURN_IF_ERROR(CheckStaffRefs(c, s));
    YB_RETURN_IF_ERROR(store::UpdateStaff(c, s, w.now));
    const api::Json after = StaffJson(s);
    YB_RETURN_IF_ERROR(Audit(c, w, "update", "staff", s.id, &before, &after));
    return s;
  });
}

Status DeleteStaff(db::Pool& pool, const Write& w, int64_t id) {
  return pool.TransactionVoid([&](db::Connection& c) -> Status {
    auto found = Required(store::FindStaff(c, id));
    if (!found) return std::move(found).error();
    auto refs = store::CountStaffReferences(c, id);
    if (!refs) return std::move(refs).error();
    if (*refs > 0) return core::Conflict("error.in_use");
    const api::Json before = StaffJson(*found);
    YB_RETURN_IF_ERROR(store::DeleteStaff(c, id));
    return Audit(c, w, "delete", "staff", id, &before, nullptr);
  });
}

// --- venues ---

Result<List<Venue>> ListVenues(db::Pool& pool, std::optional<int64_t> site_id, int64_t limit,
                               int64_t offset) {
  return WithConnection(
      pool, [&](db::Connection& c) { return store::ListVenues(c, site_id, limit, offset); });
}

Result<Venue> GetVenue(db::Pool& pool, int64_t id) {
  return WithConnection(pool, [&](db::Connection& c) { return Required(store::FindVenue(c, id)); });
}

Result<Venue> CreateVenue(db::Pool& pool, const Write& w, Venue in) {
  YB_RETURN_IF_ERROR(CheckVenue(in));
  return pool.Transaction<Venue>([&](db::Connection& c) -> Result<Venue> {
    Venue v = in;
    v.id = 0;
    YB_RETURN_IF_ERROR(CheckVenueRefs(c, v));
    auto id = store::InsertVenue(c, v, w.now);
    if (!id) return std::move(id).error();
    v.id = *id;
    const api::Json after = VenueJson(v);
    YB_RETURN_IF_ERROR(Audit(c, w, "create", "venue", v.id, nullptr, &after));
    return v;
  });
}

Result<Venue> UpdateVenue(db::Pool& pool, const Write& w, int64_t id, const VenuePatch& patch) {
  return pool.Transaction<Venue>([&](db::Connection& c) -> Result<Venue> {
    auto found = Required(store::FindVenue(c, id));
    if (!found) return found;
    Venue v = *found;
    const api::Json before = VenueJson(v);
    if (patch.site_id) v.site_id = *patch.site_id;
    if (patch.name) v.name = *patch.name;
    if (patch.kind) v.kind = *patch.kind;
    if (patch.capacity) v.capacity = *patch.capacity;
    if (patch.equipment) v.equipment = *patch.equipment;
    if (patch.active) v.active = *patch.active;
    YB_RETURN_IF_ERROR(CheckVenue(v));
    YB_RETURN_IF_ERROR(CheckVenueRefs(c, v));
    YB_RETURN_IF_ERROR(store::UpdateVenue(c, v, w.now));
    const api::Json after = VenueJson(v);
    YB_RETURN_IF_ERROR(Audit(c, w, "update", "venue", v.id, &before, &after));
    return v;
  });
}

Status DeleteVenue(db::Pool& pool, const Write& w, int64_t id) {
  return pool.TransactionVoid([&](db::Connection& c) -> Status {
    auto found = Required(store::FindVenue(c, id));
    if (!found) return std::move(found).error();
    const api::Json before = VenueJson(*found);
    YB_RETURN_IF_ERROR(store::DeleteVenue(c, id));
    return Audit(c, w, "delete", "venue", id, &before, nullptr);
  });
}

}  // namespace yingbin::org
