#pragma once
// The business calendar of a site (DESK-1, and the "N working days/hours" of every time
// limit): which days are working days in the site's time zone, and the desk hours within
// them. Pure functions: no database, no clock. Times are UTC epoch milliseconds; dates are
// days since 1970-01-01 in the site's local calendar.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace yingbin::core {

enum class DayKind { kHoliday, kWorkday };

const char* DayKindName(DayKind k);  // "holiday" | "workday"

// A date whose status differs from its weekday's: a public holiday, or a make-up working
// day (调休上班) that falls on a weekend.
struct DayOverride {
  DayKind kind = DayKind::kHoliday;
  std::string name;
};

// [start, end) in minutes of the local day, 0 <= start < end <= 1440.
struct Period {
  int start = 0;
  int end = 0;
  bool operator==(const Period&) const = default;
};

struct BusinessCalendar {
  std::string time_zone = "Asia/Shanghai";           // IANA name
  std::set<int> working_weekdays = {1, 2, 3, 4, 5};  // ISO: Monday = 1 .. Sunday = 7
  std::map<int32_t, DayOverride> overrides;          // by date
  std::vector<Period> desk_hours;                    // sorted, non-overlapping
};

// ISO weekday of a date, Monday = 1 .. Sunday = 7.
int IsoWeekday(int32_t date);

// True when `date` is a working day: an override decides; otherwise the weekday does.
bool IsWorkingDay(const BusinessCalendar& cal, int32_t date);

// kInvalidArgument validation.time_zone on `field` unless the tz database knows `name`.
Status CheckTimeZone(std::string_view name, std::string_view field = "time_zone");

// The local date of an instant in the calendar's time zone.
// Errors: kInvalidArgument validation.time_zone on "time_zone" for an unknown zone.
Result<int32_t> LocalDate(const BusinessCalendar& cal, int64_t at_ms);

// The instant of local `date` at `minutes` after midnight in the calendar's time zone
// (DST as in AddWorkingDays). Errors: validation.time_zone on "time_zone".
Result<int64_t> LocalTimeToUtc(const BusinessCalendar& cal, int32_t date, int minutes);

// The end of the last desk-hours period of local `date` (the desk's closing time), or the
// end of that day when the calendar has no desk hours.
Result<int64_t> DeskCloseAt(const BusinessCalendar& cal, int32_t date);

// Local date as the number YYYYMMDD (20261123), as human numbers and daily logs use it.
int32_t DateNumber(int32_t days_since_epoch);
// A date number as text: 20261123 -> "2026-11-23" (as the API and exports show days).
std::string FormatDateNumber(int32_t yyyymmdd);

// The same local time of day `n` working days after `from_ms` (n >= 0).
// When `from_ms` falls on a non-working day, counting starts as if it were at the same
// time on the next working day: 1 working day after Saturday 10:00 is the Tuesday after at
// 10:00 (Monday is "day 0"). n = 0 therefore moves a weekend time onto the next working
// day and leaves a working-day time where it is. A local time that does not exist on the
// result day (a DST gap) moves forward by the gap; an ambiguous one takes the earlier.
// Errors: kInvalidArgument validation.time_zone; kInvalidArgument "days"
// validation.out_of_range when n < 0 or no working day exists within ten years.
Result<int64_t> AddWorkingDays(const BusinessCalendar& cal, int64_t from_ms, int n);

// The instant at which `minutes` of desk time have passed after `from_ms`, counting only
// desk-hour periods of working days in the site's time zone (CMP time limits: "answer
// within 4 working hours"). A start outside desk hours counts from the next period's
// start; a result that lands exactly on a period end stays there (17:30, not 08:30 next
// day). minutes = 0 returns from_ms unchanged. Without desk hours the whole working day
// (00:00-24:00) counts.
// Errors: as AddWorkingDays, with field "hours" for a negative count.
Result<int64_t> AddWorkingMinutes(const BusinessCalendar& cal, int64_t from_ms, int64_t minutes);
inline Result<int64_t> AddWorkingHours(const BusinessCalendar& cal, int64_t from_ms,
                                       int64_t hours) {
  return AddWorkingMinutes(cal, from_ms, hours * 60);
}

// "08:30" -> 510. kInvalidArgument validation.time_of_day on `field`. "24:00" is allowed
// only as an end (allow_24).
Result<int> ParseTimeOfDay(std::string_view text, std::string_view field, bool allow_24 = false);
std::string FormatTimeOfDay(int minutes);
// Sorts and checks periods: each start < end (validation.period_order), none overlapping
// (validation.period_order). Errors name `field`.
Result<std::vector<Period>> NormalizePeriods(std::vector<Period> periods, std::string_view field);

// One day of an imported iCalendar file.
struct IcsDay {
  int32_t date = 0;
  DayKind kind = DayKind::kHoliday;
  std::string name;
};

// Reads the VEVENTs of an iCalendar (RFC 5545) text as holidays and make-up working days.
// DTSTART;VALUE=DATE:YYYYMMDD or DTSTART[;TZID=..]:YYYYMMDDTHHMMSS[Z] (the date part is
// taken); DTEND is exclusive, so a multi-day event yields one entry per day (a missing or
// non-later DTEND means one day). SUMMARY is unfolded and unescaped. The kind rule: a
// SUMMARY containing "班" (补班, 上班, 调休上班) or "work" in any case is a working day;
// anything else is a holiday. Events without DTSTART are skipped. Later entries for the
// same date replace earlier ones. Result is sorted by date.
// Errors: kInvalidArgument on "file": validation.ics without BEGIN:VCALENDAR, or a
// malformed DTSTART/DTEND; more than 3660 days in total (ten years) is out of range.
Result<std::vector<IcsDay>> ParseIcs(std::string_view text);

}  // namespace yingbin::core
