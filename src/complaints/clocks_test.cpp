#include "complaints/clocks.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/time.hpp"

namespace yingbin::complaints {
namespace {

int32_t D(const char* iso) { return *core::ParseDate(iso, "date"); }
int64_t T(const char* iso) { return *core::ParseIso(iso, "at"); }
std::string Iso(int64_t ms) { return core::FormatIsoUtc(ms); }

// Beijing, desk hours 08:30-11:30 and 13:30-17:30 (DESK-1), with the 2026 National Day
// holiday 10-01..10-07, Mid-Autumn on Friday 09-25 and the make-up working days Sunday
// 09-20 and Saturday 10-10 (as core/calendar_test.cpp).
core::BusinessCalendar China2026() {
  core::BusinessCalendar cal;
  cal.time_zone = "Asia/Shanghai";
  cal.working_weekdays = {1, 2, 3, 4, 5};
  cal.desk_hours = {{8 * 60 + 30, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60 + 30}};
  for (int32_t d = D("2026-10-01"); d <= D("2026-10-07"); ++d)
    cal.overrides[d] = {core::DayKind::kHoliday, "国庆节"};
  cal.overrides[D("2026-09-25")] = {core::DayKind::kHoliday, "中秋节"};
  cal.overrides[D("2026-09-20")] = {core::DayKind::kWorkday, "调休上班"};
  cal.overrides[D("2026-10-10")] = {core::DayKind::kWorkday, "调休上班"};
  return cal;
}

const Limit kOneDay{1, LimitUnit::kWorkingDays};
const Limit kSevenDays{7, LimitUnit::kWorkingDays};

TEST(Clocks, Cmp5_FirstContactSkipsTheHolidayAndTheWeekend) {
  // Thursday 09-24 11:00 + 1 working day: Friday is Mid-Autumn -> Monday 09-28 11:00.
  auto due = LimitDue(China2026(), T("2026-09-24T11:00:00+08:00"), kOneDay);
  ASSERT_TRUE(due);
  EXPECT_EQ(Iso(*due), "2026-09-28T03:00:00.000Z");
}

TEST(Clocks, Cmp5_SevenWorkingDaysCountTheMakeUpSaturdayAndNotTheHolidayWeek) {
  // Tuesday 09-29 09:00: 09-30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13,
  // 10-14 -> Wednesday 10-14 09:00.
  auto due = LimitDue(China2026(), T("2026-09-29T09:00:00+08:00"), kSevenDays);
  ASSERT_TRUE(due);
  EXPECT_EQ(Iso(*due), "2026-10-14T01:00:00.000Z");
}

TEST(Clocks, Cmp5_WorkingHoursCountDeskHoursOnTheMakeUpSunday) {
  // Saturday 09-19 10:00 + 4 working hours: Sunday 09-20 is a make-up working day,
  // 08:30-11:30 (3 h) then 13:30-14:30.
  auto due =
      LimitDue(China2026(), T("2026-09-19T10:00:00+08:00"), Limit{4, LimitUnit::kWorkingHours});
  ASSERT_TRUE(due);
  EXPECT_EQ(Iso(*due), "2026-09-20T06:30:00.000Z");
}

TEST(Clocks, Cmp6_CallbackIsWallClockHours) {
  // 24 hours, not working hours: over the National Day holiday all the same.
  auto due = LimitDue(China2026(), T("2026-09-30T16:00:00+08:00"), Limit{24, LimitUnit::kHours});
  ASSERT_TRUE(due);
  EXPECT_EQ(Iso(*due), "2026-10-01T08:00:00.000Z");
}

TEST(Clocks, Cmp5_AgreedDeadlineWinsWhenStricter) {
  const auto cal = China2026();
  const int64_t start = T("2026-09-29T09:00:00+08:00");  // limit due 10-14 09:00
  auto stricter = PlanClock(cal, "answer", start, kSevenDays, T("2026-10-09T17:00:00+08:00"), 80);
  ASSERT_TRUE(stricter);
  EXPECT_TRUE(stricter->agreed);
  EXPECT_EQ(Iso(stricter->due_at), "2026-10-09T09:00:00.000Z");
  // A later agreement does not loosen the limit.
  auto looser = PlanClock(cal, "answer", start, kSevenDays, T("2026-10-20T17:00:00+08:00"), 80);
  ASSERT_TRUE(looser);
  EXPECT_FALSE(looser->agreed);
  EXPECT_EQ(Iso(looser->due_at), "2026-10-14T01:00:00.000Z");
  // No limit at all: the agreement is the clock.
  auto only = PlanClock(cal, "answer", start, Limit{0, LimitUnit::kWorkingDays},
                        T("2026-10-09T17:00:00+08:00"), 80);
  ASSERT_TRUE(only);
  EXPECT_TRUE(only->agreed);
}

TEST(Clocks, Cmp5_WarningAtAShareOfTheTime) {
  const int64_t start = T("2026-09-21T09:00:00+08:00");
  auto p = PlanClock(China2026(), "first_contact", start, kOneDay, std::nullopt, 75);
  ASSERT_TRUE(p);
  EXPECT_EQ(Iso(p->due_at), "2026-09-22T01:00:00.000Z");
  ASSERT_TRUE(p->warn_at);
  EXPECT_EQ(*p->warn_at, start + 18 * 3600'000LL);  // 75 % of 24 h
  auto none = PlanClock(China2026(), "first_contact", start, kOneDay, std::nullopt, 0);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->warn_at);
}

TEST(Clocks, Cmp5_PausedWorkingTimeIsExcluded) {
  const auto cal = China2026();
  // Due Monday 09-28 10:00 (working days). Paused Thursday 09-24 10:00, resumed the same day
  // 15:00: five hours of a working day pass paused, the due time moves five hours of
  // working-day time: Monday 15:00.
  const int64_t due = T("2026-09-28T10:00:00+08:00");
  auto moved = ShiftForPause(cal, LimitUnit::kWorkingDays, due, T("2026-09-24T10:00:00+08:00"),
                             T("2026-09-24T15:00:00+08:00"));
  ASSERT_TRUE(moved);
  EXPECT_EQ(Iso(*moved), "2026-09-28T07:00:00.000Z");
  // A pause over the Mid-Autumn holiday and the weekend costs no working time at all.
  auto holiday = ShiftForPause(cal, LimitUnit::kWorkingDays, due, T("2026-09-25T00:00:00+08:00"),
                               T("2026-09-28T00:00:00+08:00"));
  ASSERT_TRUE(holiday);
  EXPECT_EQ(*holiday, due);
}

TEST(Clocks, Cmp5_PausedDeskHoursAreExcludedForWorkingHourLimits) {
  const auto cal = China2026();
  // Due Wednesday 09-30 16:00 (working hours). Paused 09-30 09:00 with 5 desk hours left
  // (09:00-11:30 and 13:30-16:00), resumed at 10-08 08:30 after the holiday: 5 desk hours
  // from 08:30 (3 h before lunch, 2 h after) -> 15:30 on 10-08.
  auto moved = ShiftForPause(cal, LimitUnit::kWorkingHours, T("2026-09-30T16:00:00+08:00"),
                             T("2026-09-30T09:00:00+08:00"), T("2026-10-08T08:30:00+08:00"));
  ASSERT_TRUE(moved);
  EXPECT_EQ(Iso(*moved), "2026-10-08T07:30:00.000Z");
}

TEST(Clocks, PauseDoesNotMoveWhatHasPassed) {
  const int64_t due = T("2026-09-22T10:00:00+08:00");
  auto r = ShiftForPause(China2026(), LimitUnit::kWorkingDays, due, T("2026-09-22T11:00:00+08:00"),
                         T("2026-09-23T11:00:00+08:00"));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, due);
  auto hours = ShiftForPause(China2026(), LimitUnit::kHours, T("2026-10-01T08:00:00Z"),
                             T("2026-10-01T00:00:00Z"), T("2026-10-01T02:00:00Z"));
  ASSERT_TRUE(hours);
  EXPECT_EQ(Iso(*hours), "2026-10-01T10:00:00.000Z");
}

TEST(Clocks, WorkingMinutesBetweenIsTheInverseOfTheLimit) {
  const auto cal = China2026();
  auto m = WorkingMinutesBetween(cal, LimitUnit::kWorkingHours, T("2026-09-30T16:00:00+08:00"),
                                 T("2026-10-08T10:00:00+08:00"));
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, 90 + 90);  // 16:00-17:30 on 09-30, 08:30-10:00 on 10-08
  auto none = WorkingMinutesBetween(cal, LimitUnit::kWorkingDays, T("2026-10-02T00:00:00+08:00"),
                                    T("2026-10-05T00:00:00+08:00"));
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
}

TEST(Clocks, StateFollowsWarningBreachPauseAndMet) {
  Clock c;
  c.started_at = 0;
  c.due_at = 1000;
  c.warn_at = 800;
  EXPECT_EQ(StateOf(c, 100), ClockState::kRunning);
  EXPECT_EQ(StateOf(c, 900), ClockState::kWarning);
  EXPECT_EQ(StateOf(c, 1000), ClockState::kBreached);
  c.paused_since = 950;
  EXPECT_EQ(StateOf(c, 1200), ClockState::kPaused);  // waits for the resume to move it
  c.paused_since.reset();
  c.met_at = 999;
  EXPECT_EQ(StateOf(c, 5000), ClockState::kMet);
  c.met_at = 1500;
  EXPECT_EQ(StateOf(c, 5000), ClockState::kMetLate);
  Clock cancelled;
  cancelled.due_at = 10;
  cancelled.cancelled_at = 5;
  EXPECT_EQ(StateOf(cancelled, 100), ClockState::kCancelled);
}

// Messages and reports name every kind (CMP-5's attitude opinion included), each its own.
TEST(ClockKindLabel, EveryKindHasItsOwnName) {
  std::set<std::string> names;
  for (const char* kind : kClockKinds) names.insert(ClockKindLabel(kind));
  EXPECT_EQ(names.size(), std::size(kClockKinds));
  EXPECT_STREQ(ClockKindLabel("opinion"), "处理意见");
}

}  // namespace
}  // namespace yingbin::complaints
