#pragma once
// SQL of the duty roster and the conduct records, through db::Connection (the same text on
// both backends).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "roster/model.hpp"

namespace yingbin::roster::store {

using core::Result;
using core::Status;
using db::Connection;

// --- shifts ---
Result<std::optional<Shift>> FindShift(Connection& c, int64_t id);
Result<int64_t> InsertShift(Connection& c, const Shift& s);
Status UpdateShift(Connection& c, const Shift& s);
Status DeleteShift(Connection& c, int64_t id);
// A site's shifts on days [from, to], by day, start and staff.
Result<std::vector<Shift>> ShiftsOfSite(Connection& c, int64_t site_id, int32_t from, int32_t to);
// A staff member's shifts on days [from, to] at any site.
Result<std::vector<Shift>> ShiftsOfStaff(Connection& c, int64_t staff_id, int32_t from, int32_t to);
// The (site, day) pairs where `staff_id` has shifts on days [from, to].
Result<std::vector<std::pair<int64_t, int32_t>>> SiteDaysOfStaff(Connection& c, int64_t staff_id,
                                                                 int32_t from, int32_t to);
// The first day a site has a shift (the day it started using the roster).
Result<std::optional<int32_t>> FirstShiftDay(Connection& c, int64_t site_id);
Result<int64_t> CountShifts(Connection& c, int64_t site_id, int32_t from, int32_t to);
Status DeleteShifts(Connection& c, int64_t site_id, int32_t from, int32_t to);

// --- absences ---
Result<std::optional<Absence>> FindAbsence(Connection& c, int64_t id);
Result<int64_t> InsertAbsence(Connection& c, const Absence& a);
Status UpdateAbsence(Connection& c, const Absence& a);
Status DeleteAbsence(Connection& c, int64_t id);
// Whether `staff_id` has an absence covering instant `at`.
Result<bool> AbsentAt(Connection& c, int64_t staff_id, int64_t at);
// Absences overlapping [from_ms, to_ms), of `staff_id` (as the absent one) when given.
Result<std::vector<Absence>> AbsencesBetween(Connection& c, int64_t from_ms, int64_t to_ms,
                                             std::optional<int64_t> staff_id);

// --- hand-overs ---
Result<std::optional<Handover>> FindHandover(Connection& c, int64_t id);
Result<int64_t> InsertHandover(Connection& c, const Handover& h);
// Writes ended_at, ended_by, confirmed_at, updated_at.
Status UpdateHandover(Connection& c, const Handover& h);
// A site's hand-overs overlapping [from_ms, to_ms) (open ones reach to the future).
Result<std::vector<Handover>> HandoversOfSite(Connection& c, int64_t site_id, int64_t from_ms,
                                              int64_t to_ms);
// The open hand-over of a clerk who left the desk, if any.
Result<std::optional<Handover>> OpenHandoverFrom(Connection& c, int64_t staff_id);
// Open hand-overs that concern `staff_id` (given or received).
Result<std::vector<Handover>> OpenHandoversOf(Connection& c, int64_t staff_id);

// --- per-site settings ---
Result<SiteSettings> GetSiteSettings(Connection& c, int64_t site_id);
Status PutSiteSettings(Connection& c, int64_t site_id, std::optional<int64_t> warn_user_id,
                       std::optional<int64_t> by, int64_t now);

// --- conduct ---
Result<std::optional<Violation>> FindViolation(Connection& c, int64_t id);
Result<int64_t> InsertViolation(Connection& c, const Violation& v);
Status UpdateViolation(Connection& c, const Violation& v);
Status DeleteViolation(Connection& c, int64_t id);
// Violations on days [from, to], of a site and/or a staff member when given; by day.
Result<std::vector<Violation>> Violations(Connection& c, std::optional<int64_t> site_id,
                                          std::optional<int64_t> staff_id, int32_t from,
                                          int32_t to);
Result<std::optional<MonthNote>> FindMonthNote(Connection& c, int64_t staff_id, int32_t month);
Status PutMonthNote(Connection& c, const MonthNote& n, std::optional<int64_t> by, int64_t now);
// The latest training of a staff member on or before `day`.
Result<std::optional<int32_t>> LastTraining(Connection& c, int64_t staff_id, int32_t day);

// --- people ---
// A staff member with their login (staff.user_id, else an enabled user naming them).
Result<std::optional<Clerk>> FindClerk(Connection& c, int64_t staff_id);
// Active staff of a site who have a login, by name.
Result<std::vector<Clerk>> ClerksOfSite(Connection& c, int64_t site_id);
// Several staff members by id (for names).
Result<std::vector<Clerk>> ClerksById(Connection& c, const std::vector<int64_t>& ids);
// The staff records of a user (staff.user_id or users.staff_id).
Result<std::vector<int64_t>> StaffIdsOfUser(Connection& c, int64_t user_id);
// Enabled users holding the built-in role `code`, by id.
Result<std::vector<int64_t>> UsersWithRole(Connection& c, const std::string& code);
// Enabled users holding `permission` through a role (sysadmins hold all), by id.
Result<std::vector<int64_t>> UsersWithPermission(Connection& c, const std::string& permission);
// An enabled user, by id: their display name (else user name); nullopt when none.
Result<std::optional<std::string>> UserName(Connection& c, int64_t user_id);
Result<std::optional<std::string>> SiteName(Connection& c, int64_t site_id);

}  // namespace yingbin::roster::store
