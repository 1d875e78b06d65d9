#pragma once
// SQL of the org module. Every function runs on the caller's connection (inside the
// caller's transaction where it writes). Not-found lookups return nullopt, not errors.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "org/model.hpp"

namespace yingbin::org::store {

using core::Result;
using core::Status;
using db::Connection;

template <class T>
using Page = std::pair<std::vector<T>, int64_t>;  // items, total

// --- sites ---
Result<Page<Site>> ListSites(Connection& c, int64_t limit, int64_t offset);
Result<std::optional<Site>> FindSite(Connection& c, int64_t id);
// The id of a site with this name or code other than `except_id`, if any.
Result<std::optional<int64_t>> SiteWithName(Connection& c, std::string_view name,
                                            int64_t except_id);
Result<std::optional<int64_t>> SiteWithCode(Connection& c, std::string_view code,
                                            int64_t except_id);
Result<int64_t> CountSites(Connection& c);
Result<int64_t> InsertSite(Connection& c, const Site& s, int64_t now);
Status UpdateSite(Connection& c, const Site& s, int64_t now);
Status DeleteSite(Connection& c, int64_t id);
// The token that changes with every change to the site's calendar (InsertSite, UpdateSite,
// UpsertCalendarDay, DeleteCalendarDay); '' for a row written by other means. nullopt when
// there is no such site.
Result<std::optional<std::string>> CalendarVersion(Connection& c, int64_t site_id);
// Departments, staff and venues that reference the site.
Result<int64_t> CountSiteUsers(Connection& c, int64_t site_id);

// --- calendar days ---
Result<std::vector<CalendarDay>> ListCalendarDays(Connection& c, int64_t site_id, int32_t from,
                                                  int32_t to_excl);
Result<std::optional<CalendarDay>> FindCalendarDay(Connection& c, int64_t site_id, int32_t date);
Status UpsertCalendarDay(Connection& c, int64_t site_id, const CalendarDay& d);
Status DeleteCalendarDay(Connection& c, int64_t site_id, int32_t date);

// --- departments ---
Result<Page<Department>> ListDepartments(Connection& c, std::optional<int64_t> site_id,
                                         int64_t limit, int64_t offset);
Result<std::optional<Department>> FindDepartment(Connection& c, int64_t id);
// A sibling (same parent, NULL = top level) with this name other than `except_id`.
Result<std::optional<int64_t>> SiblingWithName(Connection& c, std::optional<int64_t> parent_id,
                                               std::string_view name, int64_t except_id);
Result<std::optional<int64_t>> DepartmentWithCode(Connection& c, std::string_view code,
                                                  int64_t except_id);
// The department and all below it (ids), in no particular order; empty when missing.
Result<std::vector<int64_t>> Subtree(Connection& c, int64_t department_id);
Result<int64_t> InsertDepartment(Connection& c, const Department& d, int64_t now);
Status UpdateDepartment(Connection& c, const Department& d, int64_t now);
Status DeleteDepartment(Connection& c, int64_t id);
Result<int64_t> CountChildren(Connection& c, int64_t department_id);
// Staff and user accounts in the department.
Result<int64_t> CountDepartmentMembers(Connection& c, int64_t department_id);

// --- staff ---
struct StaffFilter {
  std::string q;  // substring of name, pinyin initials or extension; "" = all
  std::optional<int64_t> department_id;
  std::optional<int64_t> site_id;
  // Data scope: 0 = everything; >0 = only staff in this department's subtree; <0 = none.
  int64_t scope_root = 0;
};
Result<Page<Staff>> ListStaff(Connection& c, const StaffFilter& f, int64_t limit, int64_t offset);
Result<std::optional<Staff>> FindStaff(Connection& c, int64_t id);
Result<int64_t> InsertStaff(Connection& c, const Staff& s, int64_t now);
Status UpdateStaff(Connection& c, const Staff& s, int64_t now);
Status DeleteStaff(Connection& c, int64_t id);
// Departments headed by, and user accounts linked to, the staff member.
Result<int64_t> CountStaffReferences(Connection& c, int64_t staff_id);
Result<bool> UserExists(Connection& c, int64_t user_id);

// --- venues ---
Result<Page<Venue>> ListVenues(Connection& c, std::optional<int64_t> site_id, int64_t limit,
                               int64_t offset);
Result<std::optional<Venue>> FindVenue(Connection& c, int64_t id);
Result<std::optional<int64_t>> VenueWithName(Connection& c, int64_t site_id, std::string_view name,
                                             int64_t except_id);
Result<int64_t> InsertVenue(Connection& c, const Venue& v, int64_t now);
Status UpdateVenue(Connection& c, const Venue& v, int64_t now);
Status DeleteVenue(Connection& c, int64_t id);

}  // namespace yingbin::org::store
