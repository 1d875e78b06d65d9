#include "complaints/clocks.hpp"

#include <algorithm>

namespace yingbin::complaints {
namespace {

constexpr int64_t kMinute = 60'000;

// Working days are measured in whole working days: the same calendar without desk hours
// (core::AddWorkingMinutes then counts 00:00-24:00 of every working day).
core::BusinessCalendar Measure(const core::BusinessCalendar& cal, LimitUnit unit) {
  core::BusinessCalendar out = cal;
  if (unit == LimitUnit::kWorkingDays) out.desk_hours.clear();
  return out;
}

}  // namespace

core::Result<int64_t> LimitDue(const core::BusinessCalendar& cal, int64_t start,
                               const Limit& limit) {
  switch (limit.unit) {
    case LimitUnit::kWorkingDays:
      return core::AddWorkingDays(cal, start, static_cast<int>(limit.value));
    case LimitUnit::kWorkingHours:
      return core::AddWorkingMinutes(cal, start, limit.value * 60);
    case LimitUnit::kHours:
      if (limit.value < 0) return core::InvalidArgument("hours", "validation.out_of_range");
      return start + limit.value * 60 * kMinute;
  }
  return core::Internal("unknown limit unit");
}

core::Result<ClockPlan> PlanClock(const core::BusinessCalendar& cal, std::string kind,
                                  int64_t start, const Limit& limit, std::optional<int64_t> agreed,
                                  int64_t warn_percent) {
  ClockPlan p;
  p.kind = std::move(kind);
  p.limit = limit;
  p.started_at = start;
  if (limit.value > 0) {
    auto due = LimitDue(cal, start, limit);
    if (!due) return std::move(due).error();
    p.limit_due_at = p.due_at = *due;
    // CMP-5: the customer's agreed deadline wins when it is stricter.
    if (agreed && *agreed < p.due_at) {
      p.due_at = *agreed;
      p.agreed = true;
    }
  } else if (agreed) {
    p.limit_due_at = p.due_at = *agreed;
    p.agreed = true;
  } else {
    return core::Internal("a clock without a limit or an agreed deadline");
  }
  if (warn_percent > 0 && warn_percent < 100 && p.due_at > start)
    p.warn_at = start + (p.due_at - start) * warn_percent / 100;
  return p;
}

core::Result<int64_t> WorkingMinutesBetween(const core::BusinessCalendar& cal, LimitUnit unit,
                                            int64_t a, int64_t b) {
  if (b <= a) return int64_t{0};
  if (unit == LimitUnit::kHours) return (b - a) / kMinute;
  const core::BusinessCalendar m = Measure(cal, unit);
  // The largest n with AddWorkingMinutes(a, n) <= b: AddWorkingMinutes is monotone in n,
  // so a binary search keeps this exactly the inverse of how limits are counted.
  int64_t lo = 0, hi = (b - a) / kMinute + 1;
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo + 1) / 2;
    auto at = core::AddWorkingMinutes(m, a, mid);
    if (!at) return std::move(at).error();
    if (*at <= b)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

core::Result<int64_t> ShiftForPause(const core::BusinessCalendar& cal, LimitUnit unit, int64_t t,
                                    int64_t paused_at, int64_t resumed_at) {
  if (t <= paused_at || resumed_at <= paused_at) return t;
  if (unit == LimitUnit::kHours) return t + (resumed_at - paused_at);
  auto left = WorkingMinutesBetween(cal, unit, paused_at, t);
  if (!left) return std::move(left).error();
  // Sub-minute remainders (times are not minute-aligned) travel along unchanged.
  auto moved = core::AddWorkingMinutes(Measure(cal, unit), resumed_at, *left);
  if (!moved) return std::move(moved).error();
  auto back = core::AddWorkingMinutes(Measure(cal, unit), paused_at, *left);
  if (!back) return std::move(back).error();
  return *moved + std::max<int64_t>(0, t - *back);
}

const char* ClockKindLabel(std::string_view kind) {
  if (kind == "first_contact") return "首次联系";
  if (kind == "answer") return "答复";
  if (kind == "callback") return "回访";
  if (kind == "opinion") return "处理意见";
  return "升级处理";
}

const char* ClockStateName(ClockState s) {
  switch (s) {
    case ClockState::kRunning:
      return "running";
    case ClockState::kWarning:
      return "warning";
    case ClockState::kBreached:
      return "breached";
    case ClockState::kMet:
      return "met";
    case ClockState::kMetLate:
      return "met_late";
    case ClockState::kPaused:
      return "paused";
    case ClockState::kCancelled:
      return "cancelled";
  }
  return "running";
}

ClockState StateOf(const Clock& clock, int64_t now) {
  if (clock.met_at)
    return clock.breached_at || *clock.met_at > clock.due_at ? ClockState::kMetLate
                                                             : ClockState::kMet;
  // A breached clock stays breached when a later step supersedes it.
  if (clock.breached_at) return ClockState::kBreached;
  if (clock.cancelled_at) return ClockState::kCancelled;
  // While paused the due time waits for the resume to move it.
  if (clock.paused_since) return ClockState::kPaused;
  if (now >= clock.due_at) return ClockState::kBreached;
  if (clock.warned_at || (clock.warn_at && now >= *clock.warn_at)) return ClockState::kWarning;
  return ClockState::kRunning;
}

}  // namespace yingbin::complaints
