#include "core/calendar.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"

namespace yingbin::core {
namespace {

int32_t D(const char* iso) { return *ParseDate(iso, "date"); }
int64_t T(const char* iso) { return *ParseIso(iso, "at"); }
std::string Iso(int64_t ms) { return FormatIsoUtc(ms); }

// A site in Beijing with the desk hours of DESK-1 and the State Council's 2026 schedule
// around National Day: 10-01..10-07 off, make-up working days Sunday 09-20 and Saturday
// 10-10. Mid-Autumn falls on Friday 09-25 in 2026 (a separate one-day holiday), not inside
// the National Day week.
BusinessCalendar China2026() {
  BusinessCalendar cal;
  cal.time_zone = "Asia/Shanghai";
  cal.working_weekdays = {1, 2, 3, 4, 5};
  cal.desk_hours = {{8 * 60 + 30, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60 + 30}};
  for (int32_t d = D("2026-10-01"); d <= D("2026-10-07"); ++d)
    cal.overrides[d] = {DayKind::kHoliday, "国庆节、中秋节"};
  cal.overrides[D("2026-09-25")] = {DayKind::kHoliday, "中秋节"};
  cal.overrides[D("2026-09-20")] = {DayKind::kWorkday, "调休上班"};
  cal.overrides[D("2026-10-10")] = {DayKind::kWorkday, "调休上班"};
  return cal;
}

TEST(Calendar, IsoWeekdayMondayIsOne) {
  EXPECT_EQ(IsoWeekday(D("2026-09-28")), 1);  // Monday
  EXPECT_EQ(IsoWeekday(D("2026-09-20")), 7);  // Sunday
  EXPECT_EQ(IsoWeekday(D("2026-10-10")), 6);  // Saturday
  EXPECT_EQ(IsoWeekday(0), 4);                // 1970-01-01 was a Thursday
}

TEST(Calendar, OverrideWinsOverWeekday) {
  const BusinessCalendar cal = China2026();
  EXPECT_TRUE(IsWorkingDay(cal, D("2026-09-20")));   // Sunday, make-up day
  EXPECT_TRUE(IsWorkingDay(cal, D("2026-10-10")));   // Saturday, make-up day
  EXPECT_FALSE(IsWorkingDay(cal, D("2026-10-01")));  // Thursday, National Day
  EXPECT_FALSE(IsWorkingDay(cal, D("2026-10-05")));  // Monday inside the holiday
  EXPECT_FALSE(IsWorkingDay(cal, D("2026-10-11")));  // an ordinary Sunday
  EXPECT_TRUE(IsWorkingDay(cal, D("2026-10-08")));   // Thursday after the holiday
}

TEST(Calendar, MidAutumnFridayIsSkipped) {
  // Thu 09-24 11:00 + 1 working day: Fri 09-25 is Mid-Autumn, Sat/Sun off -> Mon 09-28.
  auto r = AddWorkingDays(China2026(), T("2026-09-24T11:00:00+08:00"), 1);
  ASSERT_TRUE(r);
  EXPECT_EQ(Iso(*r), "2026-09-28T03:00:00.000Z");
}

TEST(Calendar, ThreeWorkingDaysAfterEveOfNationalDayLandsOnMakeUpSaturday) {
  // Wed 09-30 10:00 Beijing -> Thu 10-08, Fri 10-09, Sat 10-10 (make-up) at 10:00.
  auto r = AddWorkingDays(China2026(), T("2026-09-30T10:00:00+08:00"), 3);
  ASSERT_TRUE(r);
  EXPECT_EQ(Iso(*r), "2026-10-10T02:00:00.000Z");
}

TEST(Calendar, FourWorkingDaysAfterEveSkipsTheOrdinarySunday) {
  auto r = AddWorkingDays(China2026(), T("2026-09-30T10:00:00+08:00"), 4);
  ASSERT_TRUE(r);
  EXPECT_EQ(Iso(*r), "2026-10-12T02:00:00.000Z");  // Monday 10-12 10:00
}

TEST(Calendar, WorkingDaysFromAHolidayCountFromTheNextWorkingDay) {
  const BusinessCalendar cal = China2026();
  // Saturday 10-03 15:00 (holiday): day 0 is Thu 10-08, so 1 working day is Fri 10-09.
  auto one = AddWorkingDays(cal, T("2026-10-03T15:00:00+08:00"), 1);
  ASSERT_TRUE(one);
  EXPECT_EQ(Iso(*one), "2026-10-09T07:00:00.000Z");
  auto zero = AddWorkingDays(cal, T("2026-10-03T15:00:00+08:00"), 0);
  ASSERT_TRUE(zero);
  EXPECT_EQ(Iso(*zero), "2026-10-08T07:00:00.000Z");
}

TEST(Calendar, MakeUpSundayCountsAsAWorkingDay) {
  // Friday 09-18 09:00 + 1 working day = Sunday 09-20 (make-up) 09:00.
  auto r = AddWorkingDays(China2026(), T("2026-09-18T09:00:00+08:00"), 1);
  ASSERT_TRUE(r);
  EXPECT_EQ(Iso(*r), "2026-09-20T01:00:00.000Z");
}

TEST(Calendar, WorkingHoursSkipTheLunchBreak) {
  // Tue 09-29 10:30 + 2 h: 1 h until 11:30, then 13:30 + 1 h = 14:30.
  auto r = AddWorkingHours(China2026(), T("2026-09-29T10:30:00+08:00"), 2);
  ASSERT_TRUE(r);
  EXPECT_EQ(Iso(*r), "2026-09-29T06:30:00.000Z");
}

TEST(Calendar, WorkingHoursRunOvernightIntoTheNextMorning) {
  // Tue 09-29 16:30 + 4 h: 1 h until 17:30, then Wed 08:30 + 3 h = 11:30.
  auto r = AddWorkingHours(China2026(), T("2026-09-29T16:30:00+08:00"), 4);
  ASSERT_TRUE(r);
  EXPECT_EQ(Iso(*r), "2026-09-30T03:30:00.000Z");
}

TEST(Calendar, WorkingHoursJumpOverTheNationalDayWeek) {
  // Wed 09-30 16:00 + 4 h: 1.5 h that day, then Thu 10-08 08:30 + 2.5 h = 11:00.
  auto r = AddWorkingHours(China2026(), T("2026-09-30T16:00:00+08:00"), 4);
  ASSERT_TRUE(r);
  EXPECT_EQ(Iso(*r), "2026-10-08T03:00:00.000Z");
}

TEST(Calendar, WorkingHoursStartedOutsideDeskHoursCountFromTheNextPeriod) {
  const BusinessCalendar cal = China2026();
  // 12:00 at lunch + 1 h -> 14:30; 20:00 in the evening + 1 h -> 09:30 next day.
  EXPECT_EQ(Iso(*AddWorkingHours(cal, T("2026-09-29T12:00:00+08:00"), 1)),
            "2026-09-29T06:30:00.000Z");
  EXPECT_EQ(Iso(*AddWorkingHours(cal, T("2026-09-29T20:00:00+08:00"), 1)),
            "2026-09-30T01:30:00.000Z");
}

TEST(Calendar, WorkingTimeEndingOnAPeriodEndStaysThere) {
  // Tue 09-29 16:30 + 60 min ends at 17:30, not at 08:30 the next morning.
  auto r = AddWorkingMinutes(China2026(), T("2026-09-29T16:30:00+08:00"), 60);
  ASSERT_TRUE(r);
  EXPECT_EQ(Iso(*r), "2026-09-29T09:30:00.000Z");
}

TEST(Calendar, ZeroWorkingMinutesIsTheStart) {
  const int64_t sat = T("2026-10-03T15:00:00+08:00");
  EXPECT_EQ(*AddWorkingMinutes(China2026(), sat, 0), sat);
}

TEST(Calendar, NegativeCountsAreRefused) {
  auto days = AddWorkingDays(China2026(), 0, -1);
  ASSERT_FALSE(days);
  EXPECT_EQ(days.error().field, "days");
  auto hours = AddWorkingHours(China2026(), 0, -1);
  ASSERT_FALSE(hours);
  EXPECT_EQ(hours.error().field, "hours");
}

TEST(Calendar, CalendarWithoutWorkingDaysFailsInsteadOfLooping) {
  BusinessCalendar cal;
  cal.working_weekdays.clear();
  auto r = AddWorkingDays(cal, 0, 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(AddWorkingHours(cal, 0, 1));
}

TEST(Calendar, TaipeiSiteCountsInItsOwnLocalDay) {
  // Fri 2026-11-20 23:30 UTC is already Saturday 07:30 in Taipei, before the desk opens.
  BusinessCalendar taipei;
  taipei.time_zone = "Asia/Taipei";
  taipei.desk_hours = {{9 * 60, 12 * 60}, {13 * 60, 18 * 60}};
  BusinessCalendar utc = taipei;
  utc.time_zone = "UTC";
  const int64_t from = T("2026-11-20T23:30:00Z");
  EXPECT_EQ(*LocalDate(taipei, from), D("2026-11-21"));
  EXPECT_EQ(*LocalDate(utc, from), D("2026-11-20"));
  // Taipei: Saturday -> Monday 09:00 + 1 h = 10:00 (+08:00) = 02:00Z.
  EXPECT_EQ(Iso(*AddWorkingHours(taipei, from, 1)), "2026-11-23T02:00:00.000Z");
  // UTC: Friday 23:30 is after hours -> Monday 09:00 + 1 h = 10:00Z.
  EXPECT_EQ(Iso(*AddWorkingHours(utc, from, 1)), "2026-11-23T10:00:00.000Z");
  // Zero working days: Taipei's Saturday moves to Monday 07:30 local; UTC's Friday stays.
  EXPECT_EQ(Iso(*AddWorkingDays(taipei, from, 0)), "2026-11-22T23:30:00.000Z");
  EXPECT_EQ(Iso(*AddWorkingDays(utc, from, 0)), "2026-11-20T23:30:00.000Z");
  // One working day keeps the local time: Taipei Mon -> Tue 07:30; UTC Fri -> Mon 23:30.
  EXPECT_EQ(Iso(*AddWorkingDays(taipei, from, 1)), "2026-11-23T23:30:00.000Z");
  EXPECT_EQ(Iso(*AddWorkingDays(utc, from, 1)), "2026-11-23T23:30:00.000Z");
}

TEST(Calendar, DaylightSavingGapMovesForward) {
  // Europe/Berlin springs forward on Sunday 2026-03-29 at 02:00 -> 03:00. With every day
  // working, 1 day after Sat 02:30 local is the non-existent Sun 02:30 -> 03:30 CEST.
  BusinessCalendar cal;
  cal.time_zone = "Europe/Berlin";
  cal.working_weekdays = {1, 2, 3, 4, 5, 6, 7};
  auto r = AddWorkingDays(cal, T("2026-03-28T02:30:00+01:00"), 1);
  ASSERT_TRUE(r);
  EXPECT_EQ(Iso(*r), "2026-03-29T01:30:00.000Z");
}

TEST(Calendar, UnknownTimeZoneIsAValidationError) {
  BusinessCalendar cal;
  cal.time_zone = "Mars/Olympus_Mons";
  auto r = AddWorkingDays(cal, 0, 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "validation.time_zone");
  EXPECT_FALSE(CheckTimeZone("Mars/Olympus_Mons"));
  EXPECT_FALSE(CheckTimeZone(""));
  EXPECT_TRUE(CheckTimeZone("Asia/Shanghai"));
  EXPECT_TRUE(CheckTimeZone("UTC"));
}

TEST(Calendar, TimeOfDayParsesHoursAndMinutes) {
  EXPECT_EQ(*ParseTimeOfDay("08:30", "start"), 510);
  EXPECT_EQ(*ParseTimeOfDay("00:00", "start"), 0);
  EXPECT_EQ(*ParseTimeOfDay("24:00", "end", true), 1440);
  EXPECT_FALSE(ParseTimeOfDay("24:00", "start"));
  EXPECT_FALSE(ParseTimeOfDay("8:30", "start"));
  EXPECT_FALSE(ParseTimeOfDay("08:60", "start"));
  EXPECT_FALSE(ParseTimeOfDay("08-30", "start"));
  EXPECT_EQ(ParseTimeOfDay("x", "desk_hours").error().key, "validation.time_of_day");
  EXPECT_EQ(FormatTimeOfDay(510), "08:30");
}

TEST(Calendar, PeriodsMustBeOrderedAndDisjoint) {
  auto ok = NormalizePeriods({{810, 1050}, {510, 690}}, "desk_hours");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->front().start, 510);  // sorted
  auto reversed = NormalizePeriods({{690, 510}}, "desk_hours");
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().key, "validation.period_order");
  EXPECT_FALSE(NormalizePeriods({{510, 510}}, "desk_hours"));
  auto overlap = NormalizePeriods({{510, 700}, {690, 900}}, "desk_hours");
  ASSERT_FALSE(overlap);
  EXPECT_EQ(overlap.error().field, "desk_hours");
  EXPECT_TRUE(NormalizePeriods({{510, 690}, {690, 900}}, "desk_hours"));  // touching is fine
}

constexpr char kChinaIcs[] =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Test//CN Holidays//ZH\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:2026-national-day\r\n"
    "DTSTART;VALUE=DATE:20261001\r\n"
    "DTEND;VALUE=DATE:20261008\r\n"
    "SUMMARY:国庆节\\,中秋节 放\r\n"
    " 假\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;VALUE=DATE:20260920\r\n"
    "SUMMARY:国庆节调休上班\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;TZID=Asia/Shanghai:20261010T090000\r\n"
    "DTEND;TZID=Asia/Shanghai:20261010T173000\r\n"
    "SUMMARY;LANGUAGE=en:Make-up WORKday\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

TEST(Calendar, IcsImportExpandsMultiDayEventsAndUnfoldsSummaries) {
  auto r = ParseIcs(kChinaIcs);
  ASSERT_TRUE(r) << r.error().key;
  ASSERT_EQ(r->size(), 9u);  // 7 holidays + 2 make-up days
  EXPECT_EQ((*r)[0].date, D("2026-09-20"));
  EXPECT_EQ((*r)[0].kind, DayKind::kWorkday);
  EXPECT_EQ((*r)[1].date, D("2026-10-01"));
  EXPECT_EQ((*r)[1].kind, DayKind::kHoliday);
  EXPECT_EQ((*r)[1].name, "国庆节,中秋节 放假");  // unfolded and unescaped
  EXPECT_EQ((*r)[7].date, D("2026-10-07"));       // DTEND 10-08 is exclusive
  EXPECT_EQ((*r)[8].date, D("2026-10-10"));
  EXPECT_EQ((*r)[8].kind, DayKind::kWorkday);  // "work" in any case
  EXPECT_EQ((*r)[8].name, "Make-up WORKday");
}

TEST(Calendar, IcsWithLfLineEndingsAndEscapes) {
  auto r = ParseIcs(
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101T000000Z\nSUMMARY:New Year\\; day\\\\1\\n"
      "\nEND:VEVENT\nEND:VCALENDAR\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].date, D("2026-01-01"));
  EXPECT_EQ((*r)[0].name, "New Year; day\\1\n");
  EXPECT_EQ((*r)[0].kind, DayKind::kHoliday);
}

TEST(Calendar, IcsWithoutCalendarIsRefusedOnFile) {
  auto r = ParseIcs("DTSTART;VALUE=DATE:20261001\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "file");
  EXPECT_FALSE(ParseIcs(""));
}

TEST(Calendar, IcsWithBadDateIsRefused) {
  auto r = ParseIcs(
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261341\nEND:VEVENT\n"
      "END:VCALENDAR\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "file");
}

TEST(Calendar, IcsEventWithoutStartIsSkipped) {
  auto r = ParseIcs("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}

}  // namespace
}  // namespace yingbin::core

namespace yingbin::core {
namespace {

TEST(DeskClose, Desk1_ClosingTimeIsTheEndOfTheLastPeriodInTheSiteZone) {
  BusinessCalendar cal;
  cal.time_zone = "Asia/Shanghai";
  cal.desk_hours = {{8 * 60 + 30, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60 + 30}};
  auto date = ParseDate("2026-11-23", "d");
  ASSERT_TRUE(date.ok());
  auto close = DeskCloseAt(cal, *date);
  ASSERT_TRUE(close.ok());
  EXPECT_EQ(FormatIsoUtc(*close), "2026-11-23T09:30:00.000Z");  // 17:30 in UTC+8
  EXPECT_EQ(DateNumber(*date), 20261123);
  cal.desk_hours.clear();
  EXPECT_EQ(FormatIsoUtc(*DeskCloseAt(cal, *date)), "2026-11-23T16:00:00.000Z");
}

TEST(DateNumber, FormatDateNumberIsTheIsoDate) {
  EXPECT_EQ(FormatDateNumber(20261123), "2026-11-23");
  EXPECT_EQ(FormatDateNumber(20260105), "2026-01-05");
  EXPECT_EQ(FormatDateNumber(DateNumber(*ParseDate("2028-02-29", "d"))), "2028-02-29");
  EXPECT_EQ(FormatDateNumber(0), "0000-00-00") << "an unset day";
}

}  // namespace
}  // namespace yingbin::core
