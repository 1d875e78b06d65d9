#pragma once
// The clocks of a ticket (DOMAIN.md CMP-5, CMP-6) as pure functions over the site's
// business calendar (core::BusinessCalendar: working weekdays, public holidays and make-up
// working days, desk hours): when a limit falls due, when it warns, how a pause moves it,
// and what state it is in at a given time. No database, no clock; unit-tested in
// clocks_test.cpp on a calendar with a holiday and a make-up working day.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "complaints/model.hpp"
#include "core/calendar.hpp"
#include "core/result.hpp"

namespace yingbin::complaints {

// The instant `limit` after `start`: working days keep the local time of day
// (core::AddWorkingDays); working hours count desk hours of working days
// (core::AddWorkingMinutes); hours are wall-clock time. Errors: the calendar's
// (an unknown time zone, a negative count).
core::Result<int64_t> LimitDue(const core::BusinessCalendar& cal, int64_t start,
                               const Limit& limit);

// A clock as it is to be started: its due time and warning time.
struct ClockPlan {
  std::string kind;
  Limit limit;
  int64_t started_at = 0;
  int64_t limit_due_at = 0;  // the limit alone (= due_at without a limit: the agreement)
  int64_t due_at = 0;
  std::optional<int64_t> warn_at;
  bool agreed = false;  // CMP-5: the deadline agreed with the customer decided due_at
};

// Plans a clock of `kind` started at `start`. CMP-5: when `agreed` (the deadline agreed
// with the customer) is earlier than the limit's due time, it wins; a later one changes
// nothing (the stricter promise is kept). The warning falls at `warn_percent` of the time
// between start and due (wall-clock), none when warn_percent is 0 or 100 or more.
// REQUIRES: limit.value > 0 or agreed is set.
core::Result<ClockPlan> PlanClock(const core::BusinessCalendar& cal, std::string kind,
                                  int64_t start, const Limit& limit, std::optional<int64_t> agreed,
                                  int64_t warn_percent);

// Working time from `a` to `b` (0 when b <= a) in whole minutes, as the unit counts it:
// desk minutes of working days for working hours, minutes of working days (00:00-24:00)
// for working days, every minute for hours.
core::Result<int64_t> WorkingMinutesBetween(const core::BusinessCalendar& cal, LimitUnit unit,
                                            int64_t a, int64_t b);

// Paused time is excluded: an instant `t` of a clock paused at `paused_at` and resumed at
// `resumed_at` moves so that the working time it had left at the pause is left again at
// the resume. An instant at or before the pause (already passed) does not move.
core::Result<int64_t> ShiftForPause(const core::BusinessCalendar& cal, LimitUnit unit, int64_t t,
                                    int64_t paused_at, int64_t resumed_at);

enum class ClockState {
  kRunning,    // before its warning
  kWarning,    // warned (or past the warning time), not yet due
  kBreached,   // past due and not met
  kMet,        // met in time
  kMetLate,    // met after it was breached
  kPaused,     // the ticket waits on the customer
  kCancelled,  // no longer applies (the ticket moved on, or was reopened)
};
const char* ClockStateName(ClockState s);
// A clock kind's name in messages and reports (zh-CN): "首次联系", "答复", "回访",
// "升级处理", "处理意见".
const char* ClockKindLabel(std::string_view kind);

// The state of `clock` at `now`.
ClockState StateOf(const Clock& clock, int64_t now);

}  // namespace yingbin::complaints
