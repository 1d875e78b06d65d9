#pragma once
// The rules of the org module (DESK-1, GEN-4, DATA-2, DATA-3): sites and their business
// calendar, the department tree, staff with rank, venues. Free functions over a db::Pool;
// every write runs in one transaction together with its audit row (audit::Record, with
// before/after JSON and the caller's reason). Data scope: department-scoped principals see
// only staff in their department subtree; sites, departments and venues are visible to
// every holder of org.read. Thread-safe (no state of its own).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "auth/principal.hpp"
#include "core/calendar.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "org/model.hpp"

namespace yingbin::org {

using core::Result;
using core::Status;

template <class T>
using List = std::pair<std::vector<T>, int64_t>;  // one page of items, total count

// Who writes, when, and why (the request's "reason", stored in the audit log).
struct Write {
  const auth::Principal& actor;
  int64_t now = 0;
  std::string reason;
};

// --- pure validation (no database) ---
// Required name: 1..max_chars code points after trimming, no control characters.
// Errors: validation.required / validation.too_long / validation.control_chars on `field`.
Status CheckName(std::string_view value, std::string_view field, size_t max_chars = 100);
// Site fields: name, code ([A-Za-z0-9_-], 1..20), time zone known to the tz database,
// desk hours ordered and disjoint, working weekdays within 1..7.
Status CheckSite(const Site& s);
Status CheckStaff(const Staff& s);
Status CheckVenue(const Venue& v);

// --- sites ---
struct SitePatch {
  std::optional<std::string> name, code, time_zone, address, directions, transport;
  std::optional<std::vector<core::Period>> desk_hours;
};
Result<List<Site>> ListSites(db::Pool& pool, int64_t limit, int64_t offset);
Result<Site> GetSite(db::Pool& pool, int64_t id);
// Errors: kInvalidArgument (CheckSite), kConflict error.duplicate on name/code.
Result<Site> CreateSite(db::Pool& pool, const Write& w, Site in);
Result<Site> UpdateSite(db::Pool& pool, const Write& w, int64_t id, const SitePatch& patch);
// Errors: kNotFound; kConflict org.site_in_use while departments, staff or venues refer to
// it, org.last_site for the only site. Its calendar days go with it.
Status DeleteSite(db::Pool& pool, const Write& w, int64_t id);

// Start-up: when there is no site, creates 总部 (code HQ, Asia/Shanghai, desk hours
// 08:30-11:30 and 13:30-17:30, Monday to Friday; DESK-1 defaults). Idempotent.
Status EnsureDefaultSite(db::Pool& pool, int64_t now_ms);

// --- business calendar of a site ---
struct Calendar {
  int64_t site_id = 0;
  int year = 0;
  std::set<int> working_weekdays;
  std::vector<CalendarDay> days;  // overrides in that year, by date
};
// year 0 = the current year in the site's time zone at `now`.
Result<Calendar> GetCalendar(db::Pool& pool, int64_t site_id, int year, int64_t now);
// Errors: validation.out_of_range on "working_weekdays" for a day outside 1..7.
Result<Calendar> SetWorkingWeekdays(db::Pool& pool, const Write& w, int64_t site_id,
                                    const std::set<int>& weekdays);
// Name: at most 100 characters, no control characters.
Result<CalendarDay> PutCalendarDay(db::Pool& pool, const Write& w, int64_t site_id,
                                   CalendarDay day);
// kNotFound when the day has no override.
Status DeleteCalendarDay(db::Pool& pool, const Write& w, int64_t site_id, int32_t date);
// Imports an iCalendar text (core::ParseIcs); returns the number of days written.
Result<int64_t> ImportCalendar(db::Pool& pool, const Write& w, int64_t site_id,
                               std::string_view ics_text);
// The complete business calendar of a site, for working-day arithmetic by other modules.
Result<core::BusinessCalendar> SiteCalendar(db::Connection& c, int64_t site_id);
Result<core::BusinessCalendar> SiteCalendar(db::Pool& pool, int64_t site_id);

// --- departments ---
struct DepartmentPatch {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> code;
  std::optional<std::optional<int64_t>> parent_id, site_id, head_staff_id;
};
Result<List<Department>> ListDepartments(db::Pool& pool, std::optional<int64_t> site_id,
                                         int64_t limit, int64_t offset);
Result<Department> GetDepartment(db::Pool& pool, int64_t id);
// Errors: validation.unknown_reference (parent_id, site_id, head_staff_id),
// validation.cycle (parent_id is the department or below it), kConflict error.duplicate
// (sibling name, code).
Result<Department> CreateDepartment(db::Pool& pool, const Write& w, Department in);
Result<Department> UpdateDepartment(db::Pool& pool, const Write& w, int64_t id,
                                    const DepartmentPatch& patch);
// kConflict org.department_has_children / org.department_has_staff.
Status DeleteDepartment(db::Pool& pool, const Write& w, int64_t id);

// The department and every department below it; empty when it does not exist.
Result<std::vector<int64_t>> DepartmentSubtree(db::Connection& c, int64_t department_id);
// Changes with every change to the department tree made in this process (after it is
// made): a cache of subtrees (auth's signed-in sessions) compares it.
uint64_t DepartmentTreeVersion();

// --- staff ---
struct StaffQuery {
  std::string q;
  std::optional<int64_t> department_id;
  std::optional<int64_t> site_id;
};
struct StaffPatch {
  std::optional<std::string> name, name_initials, title, phone, email, extension;
  std::optional<std::optional<int64_t>> department_id, site_id, user_id;
  std::optional<int> rank;
  std::optional<bool> active;
};
// Department-scoped principals get only staff of their subtree (none without a department).
Result<List<Staff>> ListStaff(db::Pool& pool, const auth::Principal& p, const StaffQuery& q,
                              int64_t limit, int64_t offset);
// kForbidden error.out_of_scope for staff outside a scoped principal's departments.
Result<Staff> GetStaff(db::Pool& pool, const auth::Principal& p, int64_t id);
Result<Staff> CreateStaff(db::Pool& pool, const Write& w, Staff in);
Result<Staff> UpdateStaff(db::Pool& pool, const Write& w, int64_t id, const StaffPatch& patch);
// kConflict error.in_use while a department names them head or a user account links them.
Status DeleteStaff(db::Pool& pool, const Write& w, int64_t id);

// --- venues ---
struct VenuePatch {
  std::optional<int64_t> site_id;
  std::optional<std::string> name, kind;
  std::optional<int64_t> capacity;
  std::optional<std::vector<std::string>> equipment;
  std::optional<bool> active;
};
Result<List<Venue>> ListVenues(db::Pool& pool, std::optional<int64_t> site_id, int64_t limit,
                               int64_t offset);
Result<Venue> GetVenue(db::Pool& pool, int64_t id);
Result<Venue> CreateVenue(db::Pool& pool, const Write& w, Venue in);
Result<Venue> UpdateVenue(db::Pool& pool, const Write& w, int64_t id, const VenuePatch& patch);
Status DeleteVenue(db::Pool& pool, const Write& w, int64_t id);

}  // namespace yingbin::org
