#include "roster/rules.hpp"

#include <date/date.h>

#include <algorithm>

namespace yingbin::roster {
namespace {

constexpr int kDayMinutes = 24 * 60;

bool Overlaps(int a0, int a1, int b0, int b1) { return a0 < b1 && b0 < a1; }

// `spans` minus [cut0, cut1), keeping order.
std::vector<Period> Minus(const std::vector<Period>& spans, int cut0, int cut1) {
  std::vector<Period> out;
  for (const Period& p : spans) {
    if (!Overlaps(p.start, p.end, cut0, cut1)) {
      out.push_back(p);
      continue;
    }
    if (p.start < cut0) out.push_back({p.start, cut0});
    if (cut1 < p.end) out.push_back({cut1, p.end});
  }
  return out;
}

// Moves the parts of `from`'s duty that fall in [t0, t1) to `to` (or drops them when `to`
// is empty), recording what was dropped.
void Transfer(std::vector<Duty>& duty, int64_t from, int t0, int t1, std::optional<int64_t> to,
              Via via, std::vector<Duty>* dropped) {
  std::vector<Duty> out;
  out.reserve(duty.size() + 2);
  for (const Duty& d : duty) {
    if (d.staff_id != from || !Overlaps(d.start, d.end, t0, t1)) {
      out.push_back(d);
      continue;
    }
    if (d.start < t0) out.push_back({d.staff_id, d.start, t0, d.via, d.for_staff_id, d.shift_id});
    if (t1 < d.end) out.push_back({d.staff_id, t1, d.end, d.via, d.for_staff_id, d.shift_id});
    Duty moved{from, std::max(d.start, t0), std::min(d.end, t1), d.via, d.for_staff_id, d.shift_id};
    if (to) {
      moved.staff_id = *to;
      moved.via = via;
      moved.for_staff_id = from;
      out.push_back(moved);
    } else if (dropped) {
      dropped->push_back(moved);
    }
  }
  duty = std::move(out);
}

bool Within(const std::vector<Period>& spans, int start, int end) {
  return std::any_of(spans.begin(), spans.end(),
                     [&](const Period& p) { return p.start <= start && end <= p.end; });
}

}  // namespace

const char* ShiftKindName(ShiftKind k) { return k == ShiftKind::kLunch ? "lunch" : "desk"; }

std::optional<ShiftKind> ParseShiftKind(std::string_view s) {
  if (s == "desk") return ShiftKind::kDesk;
  if (s == "lunch") return ShiftKind::kLunch;
  return std::nullopt;
}

const char* ViaName(Via v) {
  switch (v) {
    case Via::kShift:
      return "shift";
    case Via::kLunch:
      return "lunch";
    case Via::kCover:
      return "cover";
    case Via::kHandover:
      return "handover";
  }
  return "shift";
}

std::vector<Period> LunchBreaks(const std::vector<Period>& desk_hours) {
  std::vector<Period> sorted = desk_hours;
  std::sort(sorted.begin(), sorted.end(),
            [](const Period& a, const Period& b) { return a.start < b.start; });
  std::vector<Period> out;
  for (size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i - 1].end < sorted[i].start) out.push_back({sorted[i - 1].end, sorted[i].start});
  return out;
}

DayPlan PlanDay(const DayInput& in) {
  DayPlan plan;
  if (in.lunch_cover_required) plan.lunch = LunchBreaks(in.desk_hours);
  if (in.working_day) {
    plan.required = in.desk_hours;
    plan.required.insert(plan.required.end(), plan.lunch.begin(), plan.lunch.end());
    std::sort(plan.required.begin(), plan.required.end(),
              [](const Period& a, const Period& b) { return a.start < b.start; });
  }

  // 1. Shifts: a desk shift leaves the desk for lunch when a named cover is required.
  std::vector<Duty>& duty = plan.duty;
  for (const ShiftIn& s : in.shifts) {
    if (s.start >= s.end) continue;
    std::vector<Period> parts = {{s.start, s.end}};
    if (s.kind == ShiftKind::kDesk)
      for (const Period& l : plan.lunch) parts = Minus(parts, l.start, l.end);
    for (const Period& p : parts)
      duty.push_back({s.staff_id, p.start, p.end,
                      s.kind == ShiftKind::kLunch ? Via::kLunch : Via::kShift, std::nullopt, s.id});
  }

  // 2. Absences, in the order they were recorded.
  std::vector<Duty> dropped;
  std::vector<AbsenceIn> absences = in.absences;
  std::sort(absences.begin(), absences.end(),
            [](const AbsenceIn& a, const AbsenceIn& b) { return a.id < b.id; });
  for (const AbsenceIn& a : absences) {
    if (a.cover_staff_id && *a.cover_staff_id == a.staff_id) continue;
    Transfer(duty, a.staff_id, a.start, a.end, a.cover_staff_id, Via::kCover, &dropped);
  }

  // 3. Hand-overs, in the order they happened.
  std::vector<HandoverIn> handovers = in.handovers;
  std::sort(handovers.begin(), handovers.end(), [](const HandoverIn& a, const HandoverIn& b) {
    return a.start != b.start ? a.start < b.start : a.id < b.id;
  });
  for (const HandoverIn& h : handovers) {
    if (h.from_staff_id == h.to_staff_id) continue;
    Transfer(duty, h.from_staff_id, h.start, h.end, h.to_staff_id, Via::kHandover, nullptr);
  }

  // 4. Nobody covers anything while away.
  for (const AbsenceIn& a : absences)
    Transfer(duty, a.staff_id, a.start, a.end, std::nullopt, Via::kShift, &dropped);

  std::sort(duty.begin(), duty.end(), [](const Duty& a, const Duty& b) {
    return a.start != b.start ? a.start < b.start : a.staff_id < b.staff_id;
  });

  // 5. Gaps.
  for (const Period& r : plan.required) {
    std::vector<Period> open = {r};
    for (const Duty& d : duty) open = Minus(open, d.start, d.end);
    const bool lunch = Within(plan.lunch, r.start, r.end);
    for (const Period& o : open) {
      Gap g{o.start, o.end, lunch, {}};
      if (!plan.gaps.empty() && plan.gaps.back().end == g.start &&
          plan.gaps.back().lunch == lunch) {
        plan.gaps.back().end = g.end;
      } else {
        plan.gaps.push_back(g);
      }
    }
  }
  for (Gap& g : plan.gaps) {
    for (const Duty& d : dropped)
      if (Overlaps(d.start, d.end, g.start, g.end) &&
          std::find(g.absent_staff_ids.begin(), g.absent_staff_ids.end(), d.staff_id) ==
              g.absent_staff_ids.end())
        g.absent_staff_ids.push_back(d.staff_id);
    std::sort(g.absent_staff_ids.begin(), g.absent_staff_ids.end());
  }
  return plan;
}

std::vector<Duty> OnDutyAt(const DayPlan& plan, int minute) {
  std::vector<Duty> out;
  if (minute < 0 || minute >= kDayMinutes) return out;
  for (const Duty& d : plan.duty)
    if (d.start <= minute && minute < d.end) out.push_back(d);
  std::sort(out.begin(), out.end(),
            [](const Duty& a, const Duty& b) { return a.staff_id < b.staff_id; });
  return out;
}

// ---------------------------------------------------------------- DESK-2

const char* SeverityName(Severity s) { return s == Severity::kSerious ? "serious" : "minor"; }

std::optional<Severity> ParseSeverity(std::string_view s) {
  if (s == "minor") return Severity::kMinor;
  if (s == "serious") return Severity::kSerious;
  return std::nullopt;
}

const char* MonthStatusName(MonthStatus s) {
  switch (s) {
    case MonthStatus::kClear:
      return "clear";
    case MonthStatus::kRecorded:
      return "recorded";
    case MonthStatus::kDereliction:
      return "dereliction";
    case MonthStatus::kFailed:
      return "failed";
    case MonthStatus::kReassign:
      return "reassign";
  }
  return "clear";
}

MonthEvaluation EvaluateMonth(const std::vector<ViolationIn>& month_violations,
                              const ConductRules& rules, int32_t month,
                              std::optional<int32_t> last_training) {
  MonthEvaluation e;
  for (const ViolationIn& v : month_violations) {
    ++e.count;
    if (v.severity == Severity::kSerious) {
      ++e.serious;
      e.fine_fen += v.fine_fen;
    }
  }
  // DESK-2: more serious = the month fails, with a fine and training; N in a month =
  // dereliction, criticised in public.
  if (e.serious > 0) {
    e.status = MonthStatus::kFailed;
  } else if (e.count >= rules.dereliction_count) {
    e.status = MonthStatus::kDereliction;
  } else if (e.count > 0) {
    e.status = MonthStatus::kRecorded;
  }
  // DESK-2: no improvement after training = reassignment. Only what happened after the
  // training counts, and only within the look-back months.
  if (last_training &&
      MonthsBetween(MonthOf(*last_training), month) <= rules.after_training_months) {
    int64_t after = 0, serious_after = 0;
    for (const ViolationIn& v : month_violations) {
      if (v.day <= *last_training) continue;
      ++after;
      if (v.severity == Severity::kSerious) ++serious_after;
    }
    if (serious_after > 0 || after >= rules.dereliction_count) e.status = MonthStatus::kReassign;
  }
  e.public_criticism =
      e.status == MonthStatus::kDereliction || e.status == MonthStatus::kReassign || e.serious > 0;
  e.training_needed = e.status == MonthStatus::kFailed;
  e.reassignment_suggested = e.status == MonthStatus::kReassign;
  return e;
}

core::Status CheckFine(int64_t fine_fen, const ConductRules& rules) {
  if (fine_fen < rules.fine_min_fen || fine_fen > rules.fine_max_fen)
    return core::InvalidArgument("fine_fen", "validation.out_of_range")
        .With("min", std::to_string(rules.fine_min_fen))
        .With("max", std::to_string(rules.fine_max_fen));
  return core::Ok();
}

// ---------------------------------------------------------------- dates

int32_t MonthOf(int32_t day) {
  const date::year_month_day ymd{date::sys_days{date::days{day}}};
  return static_cast<int>(ymd.year()) * 100 + static_cast<int>(static_cast<unsigned>(ymd.month()));
}

int32_t FirstDayOfMonth(int32_t yyyymm) {
  const date::year_month_day ymd =
      date::year{yyyymm / 100} / date::month{static_cast<unsigned>(yyyymm % 100)} / date::day{1};
  return static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
}

int32_t LastDayOfMonth(int32_t yyyymm) {
  const date::year_month_day_last ymdl{
      date::year{yyyymm / 100},
      date::month_day_last{date::month{static_cast<unsigned>(yyyymm % 100)}}};
  return static_cast<int32_t>(date::sys_days{ymdl}.time_since_epoch().count());
}

int32_t MondayOf(int32_t day) { return day - (core::IsoWeekday(day) - 1); }

int32_t MonthsBetween(int32_t a, int32_t b) {
  return (b / 100 - a / 100) * 12 + (b % 100 - a % 100);
}

}  // namespace yingbin::roster
