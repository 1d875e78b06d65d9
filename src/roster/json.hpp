#pragma once
// JSON shapes of the duty roster and the conduct records (API answers and audit rows).
// Days are shown as "2026-11-23", times of a day as "08:30", instants as ISO UTC.
#include <cstdint>

#include "api/json.hpp"
#include "roster/model.hpp"
#include "roster/service.hpp"

namespace yingbin::roster {

api::Json ShiftJson(const Shift& s);
api::Json AbsenceJson(const Absence& a);
api::Json HandoverJson(const Handover& h);
api::Json GapJson(const Gap& g);
api::Json DutyJson(const Duty& d);
api::Json PeriodsJson(const std::vector<Period>& periods);
api::Json ClerkJson(const Clerk& k);
api::Json RosterJson(const RosterView& v);
api::Json DutyNowJson(const DutyNow& n);
api::Json SiteSettingsJson(const SiteSettings& s);
api::Json MyRosterJson(const MyRoster& m);
api::Json ViolationJson(const Violation& v);
api::Json ClerkMonthJson(const ClerkMonth& m, bool with_violations);
// "2026-11"
std::string MonthText(int32_t yyyymm);

}  // namespace yingbin::roster
