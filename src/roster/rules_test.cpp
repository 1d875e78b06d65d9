#include "roster/rules.hpp"

#include <gtest/gtest.h>

namespace yingbin::roster {
namespace {

constexpr int H(int h, int m = 0) { return h * 60 + m; }

// DESK-1 defaults: 08:30-11:30 and 13:30-17:30.
std::vector<Period> DeskHours() { return {{H(8, 30), H(11, 30)}, {H(13, 30), H(17, 30)}}; }

// 2026-10-01 (Thursday, 国庆节) and 2026-10-10 (Saturday, 调休上班) in days since epoch.
constexpr int32_t kNationalDay = 20727;
constexpr int32_t kMakeUpSaturday = 20736;

core::BusinessCalendar Calendar2026() {
  core::BusinessCalendar cal;
  cal.desk_hours = DeskHours();
  cal.overrides[kNationalDay] = {core::DayKind::kHoliday, "国庆节"};
  cal.overrides[kMakeUpSaturday] = {core::DayKind::kWorkday, "国庆节调休上班"};
  return cal;
}

DayInput Day(int32_t date, const core::BusinessCalendar& cal) {
  DayInput in;
  in.working_day = core::IsWorkingDay(cal, date);
  in.desk_hours = cal.desk_hours;
  return in;
}

ShiftIn Desk(int64_t staff, int start, int end, int64_t id = 0) {
  return {id, staff, start, end, ShiftKind::kDesk};
}
ShiftIn Lunch(int64_t staff, int start, int end, int64_t id = 0) {
  return {id, staff, start, end, ShiftKind::kLunch};
}

TEST(Roster, Desk1_LunchBreaksLieBetweenDeskHours) {
  EXPECT_EQ(LunchBreaks(DeskHours()), (std::vector<Period>{{H(11, 30), H(13, 30)}}));
  EXPECT_TRUE(LunchBreaks({{H(9), H(18)}}).empty());
  EXPECT_TRUE(LunchBreaks({{H(9), H(12)}, {H(12), H(18)}}).empty()) << "touching periods";
  EXPECT_EQ(LunchBreaks({{H(14), H(18)}, {H(8), H(12)}}), (std::vector<Period>{{H(12), H(14)}}));
}

TEST(Roster, Desk1_FullDayWithLunchCoverHasNoGap) {
  DayInput in = Day(kMakeUpSaturday - 2, Calendar2026());  // Thursday 2026-10-08
  ASSERT_TRUE(in.working_day);
  in.shifts = {Desk(1, H(8, 30), H(17, 30)), Lunch(2, H(11, 30), H(13, 30))};
  DayPlan p = PlanDay(in);
  EXPECT_TRUE(p.gaps.empty());
  ASSERT_EQ(OnDutyAt(p, H(12)).size(), 1u);
  EXPECT_EQ(OnDutyAt(p, H(12))[0].staff_id, 2);
  EXPECT_EQ(OnDutyAt(p, H(12))[0].via, Via::kLunch);
  EXPECT_EQ(OnDutyAt(p, H(9))[0].staff_id, 1);
}

TEST(Roster, Desk1_LunchWithoutNamedCoverIsAGap) {
  DayInput in = Day(kMakeUpSaturday - 2, Calendar2026());
  // A clerk whose shift spans lunch is at lunch then: the break needs a named cover.
  in.shifts = {Desk(1, H(8, 30), H(17, 30))};
  DayPlan p = PlanDay(in);
  ASSERT_EQ(p.gaps.size(), 1u);
  EXPECT_EQ(p.gaps[0], (Gap{H(11, 30), H(13, 30), true, {}}));
  EXPECT_TRUE(OnDutyAt(p, H(12)).empty());

  // With the setting off, the lunch break needs nobody.
  in.lunch_cover_required = false;
  p = PlanDay(in);
  EXPECT_TRUE(p.gaps.empty());
  EXPECT_EQ(OnDutyAt(p, H(12)).size(), 1u) << "the shift then counts as it is";
}

TEST(Roster, Desk1_HolidayNeedsNobody) {
  DayInput in = Day(kNationalDay, Calendar2026());
  EXPECT_FALSE(in.working_day);
  DayPlan p = PlanDay(in);
  EXPECT_TRUE(p.required.empty());
  EXPECT_TRUE(p.gaps.empty());
  // Someone may still work on a holiday; it is duty, not a requirement.
  in.shifts = {Desk(1, H(9), H(12))};
  p = PlanDay(in);
  EXPECT_TRUE(p.gaps.empty());
  EXPECT_EQ(OnDutyAt(p, H(10)).size(), 1u);
}

TEST(Roster, Desk1_MakeUpSaturdayIsAWorkingDayWithGaps) {
  DayInput in = Day(kMakeUpSaturday, Calendar2026());
  EXPECT_TRUE(in.working_day);
  DayPlan p = PlanDay(in);
  // Nobody planned: the morning, the lunch break and the afternoon are all open.
  ASSERT_EQ(p.gaps.size(), 3u);
  EXPECT_EQ(p.gaps[0], (Gap{H(8, 30), H(11, 30), false, {}}));
  EXPECT_EQ(p.gaps[1], (Gap{H(11, 30), H(13, 30), true, {}}));
  EXPECT_EQ(p.gaps[2], (Gap{H(13, 30), H(17, 30), false, {}}));
  // An ordinary Saturday is not a working day.
  EXPECT_TRUE(PlanDay(Day(kMakeUpSaturday + 7, Calendar2026())).gaps.empty());
}

TEST(Roster, Desk1_PartialShiftsLeaveExactGaps) {
  DayInput in = Day(kMakeUpSaturday - 2, Calendar2026());
  in.shifts = {Desk(1, H(9), H(11, 30)), Lunch(2, H(11, 30), H(13)), Desk(3, H(13, 30), H(17))};
  DayPlan p = PlanDay(in);
  ASSERT_EQ(p.gaps.size(), 3u);
  EXPECT_EQ(p.gaps[0], (Gap{H(8, 30), H(9), false, {}}));
  EXPECT_EQ(p.gaps[1], (Gap{H(13), H(13, 30), true, {}}));
  EXPECT_EQ(p.gaps[2], (Gap{H(17), H(17, 30), false, {}}));
}

TEST(Roster, Desk1_AbsenceWithoutCoverLeavesAGapNamingTheAbsent) {
  DayInput in = Day(kMakeUpSaturday - 2, Calendar2026());
  in.shifts = {Desk(1, H(8, 30), H(17, 30)), Lunch(2, H(11, 30), H(13, 30))};
  in.absences = {{1, 1, H(14), H(16), std::nullopt}};  // sick in the afternoon, no cover
  DayPlan p = PlanDay(in);
  ASSERT_EQ(p.gaps.size(), 1u);
  EXPECT_EQ(p.gaps[0], (Gap{H(14), H(16), false, {1}}));
}

TEST(Roster, Desk1_AbsenceWithCoverHandsTheDutyOn) {
  DayInput in = Day(kMakeUpSaturday - 2, Calendar2026());
  in.shifts = {Desk(1, H(8, 30), H(17, 30), 10), Lunch(2, H(11, 30), H(13, 30), 11)};
  in.absences = {{1, 1, 0, 24 * 60, 3}};  // on leave all day, 3 covers
  DayPlan p = PlanDay(in);
  EXPECT_TRUE(p.gaps.empty());
  auto at10 = OnDutyAt(p, H(10));
  ASSERT_EQ(at10.size(), 1u);
  EXPECT_EQ(at10[0].staff_id, 3);
  EXPECT_EQ(at10[0].via, Via::kCover);
  EXPECT_EQ(at10[0].for_staff_id, 1);
  EXPECT_EQ(at10[0].shift_id, 10);
  // The cover takes the absentee's duty only, not the whole day: lunch stays with 2.
  EXPECT_EQ(OnDutyAt(p, H(12))[0].staff_id, 2);
}

TEST(Roster, Desk1_ACoverWhoIsAwayCoversNothing) {
  DayInput in = Day(kMakeUpSaturday - 2, Calendar2026());
  in.lunch_cover_required = false;
  in.shifts = {Desk(1, H(8, 30), H(17, 30))};
  in.absences = {{1, 1, H(8, 30), H(17, 30), 3}, {2, 3, H(8, 30), H(12), std::nullopt}};
  DayPlan p = PlanDay(in);
  ASSERT_EQ(p.gaps.size(), 1u);
  EXPECT_EQ(p.gaps[0].start, H(8, 30));
  EXPECT_EQ(p.gaps[0].end, H(11, 30));
  EXPECT_EQ(p.gaps[0].absent_staff_ids, (std::vector<int64_t>{3}));
}

TEST(Roster, Desk1_HandOverPassesDutyAndComingBackEndsIt) {
  DayInput in = Day(kMakeUpSaturday - 2, Calendar2026());
  in.lunch_cover_required = false;
  in.shifts = {Desk(1, H(8, 30), H(17, 30))};
  in.handovers = {{1, 1, 2, H(10), H(10, 45)}};
  DayPlan p = PlanDay(in);
  EXPECT_TRUE(p.gaps.empty());
  ASSERT_EQ(OnDutyAt(p, H(10, 15)).size(), 1u);
  EXPECT_EQ(OnDutyAt(p, H(10, 15))[0].staff_id, 2);
  EXPECT_EQ(OnDutyAt(p, H(10, 15))[0].via, Via::kHandover);
  EXPECT_EQ(OnDutyAt(p, H(10, 15))[0].for_staff_id, 1);
  EXPECT_EQ(OnDutyAt(p, H(10, 45))[0].staff_id, 1) << "back at the desk";
  EXPECT_EQ(OnDutyAt(p, H(9))[0].staff_id, 1);
}

TEST(Roster, Desk1_HandOverAgainPassesItOn) {
  DayInput in = Day(kMakeUpSaturday - 2, Calendar2026());
  in.lunch_cover_required = false;
  in.shifts = {Desk(1, H(8, 30), H(17, 30))};
  in.handovers = {{2, 2, 3, H(10, 30), 24 * 60}, {1, 1, 2, H(10), 24 * 60}};
  DayPlan p = PlanDay(in);
  EXPECT_EQ(OnDutyAt(p, H(10, 15))[0].staff_id, 2);
  EXPECT_EQ(OnDutyAt(p, H(11))[0].staff_id, 3);
  EXPECT_EQ(OnDutyAt(p, H(11))[0].for_staff_id, 2);
  EXPECT_TRUE(OnDutyAt(p, H(18)).empty()) << "an open hand-over passes duty, not the evening";
}

TEST(Roster, Desk1_AdjacentGapsOfOneKindMerge) {
  DayInput in;
  in.desk_hours = {{H(9), H(12)}, {H(12), H(18)}};
  DayPlan p = PlanDay(in);
  ASSERT_EQ(p.gaps.size(), 1u);
  EXPECT_EQ(p.gaps[0], (Gap{H(9), H(18), false, {}}));
}

TEST(Conduct, Desk2_MonthRule) {
  const ConductRules rules;  // defaults: 2 = dereliction, fine 50-100 yuan
  const int32_t month = 202611;
  const int32_t d = FirstDayOfMonth(month);
  auto eval = [&](std::vector<ViolationIn> v, std::optional<int32_t> training = std::nullopt) {
    return EvaluateMonth(v, rules, month, training);
  };
  EXPECT_EQ(eval({}).status, MonthStatus::kClear);

  auto one = eval({{d + 2, Severity::kMinor, 0}});
  EXPECT_EQ(one.status, MonthStatus::kRecorded);
  EXPECT_FALSE(one.public_criticism);

  // Two in a month: dereliction, criticised in public.
  auto two = eval({{d + 2, Severity::kMinor, 0}, {d + 9, Severity::kMinor, 0}});
  EXPECT_EQ(two.status, MonthStatus::kDereliction);
  EXPECT_EQ(two.count, 2);
  EXPECT_TRUE(two.public_criticism);
  EXPECT_FALSE(two.training_needed);

  // A serious one: the month fails, with the fine and training.
  auto serious = eval({{d + 3, Severity::kSerious, 8000}});
  EXPECT_EQ(serious.status, MonthStatus::kFailed);
  EXPECT_EQ(serious.fine_fen, 8000);
  EXPECT_TRUE(serious.training_needed);
  EXPECT_FALSE(serious.reassignment_suggested);

  // After training the clerk does it again: reassignment suggested.
  auto again = eval({{d + 12, Severity::kSerious, 5000}}, d - 20);
  EXPECT_EQ(again.status, MonthStatus::kReassign);
  EXPECT_TRUE(again.reassignment_suggested);
  // Violations before the training do not count for it.
  auto before = eval({{d + 1, Severity::kSerious, 5000}}, d + 5);
  EXPECT_EQ(before.status, MonthStatus::kFailed);
  // One minor slip after training is not "no improvement".
  EXPECT_EQ(eval({{d + 12, Severity::kMinor, 0}}, d - 20).status, MonthStatus::kRecorded);
  // A training long ago does not count.
  EXPECT_EQ(eval({{d + 12, Severity::kSerious, 5000}}, FirstDayOfMonth(202601)).status,
            MonthStatus::kFailed);
}

TEST(Conduct, Desk2_ThresholdsAreSettings) {
  ConductRules rules;
  rules.dereliction_count = 3;
  const int32_t month = 202611;
  const int32_t d = FirstDayOfMonth(month);
  std::vector<ViolationIn> two = {{d, Severity::kMinor, 0}, {d + 1, Severity::kMinor, 0}};
  EXPECT_EQ(EvaluateMonth(two, rules, month, std::nullopt).status, MonthStatus::kRecorded);
  two.push_back({d + 2, Severity::kMinor, 0});
  EXPECT_EQ(EvaluateMonth(two, rules, month, std::nullopt).status, MonthStatus::kDereliction);

  EXPECT_TRUE(CheckFine(5000, ConductRules{}));
  EXPECT_TRUE(CheckFine(10000, ConductRules{}));
  EXPECT_FALSE(CheckFine(4999, ConductRules{}));
  EXPECT_EQ(CheckFine(10001, ConductRules{}).error().field, "fine_fen");
  rules.fine_max_fen = 20000;
  EXPECT_TRUE(CheckFine(15000, rules));
}

TEST(Conduct, MonthArithmetic) {
  EXPECT_EQ(MonthOf(kNationalDay), 202610);
  EXPECT_EQ(FirstDayOfMonth(202610), kNationalDay);
  EXPECT_EQ(LastDayOfMonth(202602), FirstDayOfMonth(202603) - 1);
  EXPECT_EQ(LastDayOfMonth(202602) - FirstDayOfMonth(202602), 27);
  EXPECT_EQ(MonthsBetween(202611, 202702), 3);
  EXPECT_EQ(MondayOf(kMakeUpSaturday), kMakeUpSaturday - 5);
  EXPECT_EQ(MondayOf(kMakeUpSaturday - 5), kMakeUpSaturday - 5);
}

}  // namespace
}  // namespace yingbin::roster
