#pragma once
// The rules of the front desk as a post (DOMAIN.md DESK-1, DESK-2) as pure functions: who
// is on duty when, where a day of desk hours has nobody (gap detection), and the monthly
// conduct rule. No database, no clock, no HTTP; unit-tested in rules_test.cpp.
//
// Times within a day are minutes of the site's local day, [start, end) with
// 0 <= start < end <= 1440 (core::Period). A day whose clocks change (DST) is treated as
// 24 hours of wall time; the sites' default zone (Asia/Shanghai) has no DST.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"

namespace yingbin::roster {

using core::Period;

// --- DESK-1: the duty of a day ---

// desk: an ordinary shift at the desk. lunch: a named lunch cover (DESK-1 "lunch needs a
// named cover"); only lunch covers count during a lunch break.
enum class ShiftKind { kDesk, kLunch };
const char* ShiftKindName(ShiftKind k);  // "desk" | "lunch"
std::optional<ShiftKind> ParseShiftKind(std::string_view s);

struct ShiftIn {
  int64_t id = 0;
  int64_t staff_id = 0;
  int start = 0, end = 0;
  ShiftKind kind = ShiftKind::kDesk;
};
// Someone away (leave, sick, business): their duty in [start, end) goes to the named cover,
// or nowhere (a gap) without one.
struct AbsenceIn {
  int64_t id = 0;
  int64_t staff_id = 0;
  int start = 0, end = 0;
  std::optional<int64_t> cover_staff_id;
};
// A clerk who left the desk handed their duty in [start, end) to a named colleague
// (end = 1440 while the hand-over is open).
struct HandoverIn {
  int64_t id = 0;
  int64_t from_staff_id = 0, to_staff_id = 0;
  int start = 0, end = 0;
};

struct DayInput {
  bool working_day = true;           // core::IsWorkingDay: holidays off, make-up days on
  std::vector<Period> desk_hours;    // sorted, disjoint (the site's desk hours)
  bool lunch_cover_required = true;  // setting roster.lunch_cover
  std::vector<ShiftIn> shifts;
  std::vector<AbsenceIn> absences;    // clipped to the day
  std::vector<HandoverIn> handovers;  // clipped to the day
};

// How someone came to be on duty for a while.
enum class Via { kShift, kLunch, kCover, kHandover };
const char* ViaName(Via v);  // "shift" | "lunch" | "cover" | "handover"

struct Duty {
  int64_t staff_id = 0;
  int start = 0, end = 0;
  Via via = Via::kShift;
  std::optional<int64_t> for_staff_id;  // kCover / kHandover: whose duty this was
  int64_t shift_id = 0;                 // the shift the duty comes from
};

// A period of required desk time with nobody on duty.
struct Gap {
  int start = 0, end = 0;
  bool lunch = false;                     // within a lunch break (no named lunch cover)
  std::vector<int64_t> absent_staff_ids;  // whose uncovered absence left it empty
  bool operator==(const Gap&) const = default;
};

struct DayPlan {
  std::vector<Period> required;  // desk hours and lunch breaks of a working day; none else
  std::vector<Period> lunch;     // the lunch breaks that need a named cover
  std::vector<Duty> duty;        // who is on duty when, after absences and hand-overs
  std::vector<Gap> gaps;         // required time with nobody on duty, in order
};

// The breaks between consecutive desk-hour periods (08:30-11:30 + 13:30-17:30 ->
// 11:30-13:30): DESK-1's lunch.
std::vector<Period> LunchBreaks(const std::vector<Period>& desk_hours);

// DESK-1: the desk is never unstaffed in desk hours. Works out a day:
//   1. a desk shift is duty except in the lunch breaks (the clerk is at lunch) when a lunch
//      cover is required; a lunch cover is duty for its whole time;
//   2. an absence takes its person's duty in its time and gives it to the cover, if named;
//   3. hand-overs, in order of their start, give the leaving clerk's duty in their time to
//      the colleague (a colleague who hands over again passes it on);
//   4. nobody is on duty while absent (a cover who is away covers nothing);
//   5. required time (desk hours and, when a cover is required, the lunch breaks, of a
//      working day) with no duty left is a gap; adjacent gaps of one kind are merged.
DayPlan PlanDay(const DayInput& in);

// The duty pieces that hold `minute` (who is at the desk then), in order of staff id.
std::vector<Duty> OnDutyAt(const DayPlan& plan, int minute);

// --- DESK-2: conduct ---

// The thresholds (settings conduct.*).
struct ConductRules {
  int64_t dereliction_count = 2;  // violations in a month that make dereliction
  int64_t fine_min_fen = 5000;    // a serious violation's fine, 50..100 yuan
  int64_t fine_max_fen = 10000;
  int64_t after_training_months = 3;  // "no improvement after training" looks this far
};

enum class Severity { kMinor, kSerious };
const char* SeverityName(Severity s);  // "minor" | "serious"
std::optional<Severity> ParseSeverity(std::string_view s);

// What a month comes to for one clerk (DESK-2):
//   clear        no violation
//   recorded     violations below the dereliction count, none serious
//   dereliction  the count reached: public criticism (失职，公开批评)
//   failed       a serious violation: the month is assessed as failed, a fine, training
//   reassign     after a training, the clerk again reached dereliction or a serious
//                violation within the look-back months: reassignment suggested (调岗)
enum class MonthStatus { kClear, kRecorded, kDereliction, kFailed, kReassign };
const char* MonthStatusName(MonthStatus s);

struct ViolationIn {
  int32_t day = 0;  // days since 1970-01-01, local
  Severity severity = Severity::kMinor;
  int64_t fine_fen = 0;
};

struct MonthEvaluation {
  int64_t count = 0;
  int64_t serious = 0;
  int64_t fine_fen = 0;  // the fines of the month's serious violations
  MonthStatus status = MonthStatus::kClear;
  bool public_criticism = false;
  bool training_needed = false;
  bool reassignment_suggested = false;
};

// Evaluates one clerk's month (`month` as YYYYMM) from its violations. `last_training` is
// the day of the clerk's latest training on or before the month's end, if any: the
// violations after it count for the "no improvement after training" rule when it lies
// within rules.after_training_months months before the month.
MonthEvaluation EvaluateMonth(const std::vector<ViolationIn>& month_violations,
                              const ConductRules& rules, int32_t month,
                              std::optional<int32_t> last_training);

// A fine within the configured range. Errors: kInvalidArgument validation.out_of_range on
// "fine_fen" with {min} and {max}.
core::Status CheckFine(int64_t fine_fen, const ConductRules& rules);

// --- dates ---
// YYYYMM of a day; the first and last day of a YYYYMM month; the Monday of a day's week.
int32_t MonthOf(int32_t day);
int32_t FirstDayOfMonth(int32_t yyyymm);
int32_t LastDayOfMonth(int32_t yyyymm);
int32_t MondayOf(int32_t day);
// Months from `a` to `b` (YYYYMM), b - a in months.
int32_t MonthsBetween(int32_t a, int32_t b);

}  // namespace yingbin::roster
