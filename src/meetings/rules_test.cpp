#include "meetings/rules.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"

namespace yingbin::meetings {
namespace {

constexpr int64_t kMin = 60'000;

int32_t D(const char* iso) { return *core::ParseDate(iso, "d"); }

TEST(Occupancy, Mtg4_BuffersMakeAdjacentMeetingsOverlap) {
  // 09:00-10:00 with a 15-minute clean-up and 10:10 with a 30-minute set-up overlap.
  const int64_t a_from = 9 * 60 * kMin - 30 * kMin, a_to = 10 * 60 * kMin + 15 * kMin;
  const int64_t b_start = 10 * 60 * kMin + 10 * kMin;
  EXPECT_TRUE(Overlaps(a_from, a_to, b_start - 30 * kMin, b_start + 60 * kMin));
  // Half-open: one ending where the other begins does not overlap.
  EXPECT_FALSE(Overlaps(0, 10, 10, 20));
  EXPECT_FALSE(Overlaps(10, 20, 0, 10));
}

TEST(Approval, Vis11_LargeRoomAndCategoryAWait) {
  EXPECT_EQ(ApprovalRule(true, ""), "venue");
  EXPECT_EQ(ApprovalRule(false, "A"), "category_a");
  EXPECT_EQ(ApprovalRule(true, "A"), "category_a");
  EXPECT_EQ(ApprovalRule(false, "B"), "");
  EXPECT_TRUE(CategoryANoticeOk(D("2026-11-23"), D("2026-11-24"), 1));
  EXPECT_FALSE(CategoryANoticeOk(D("2026-11-23"), D("2026-11-23"), 1));
  EXPECT_TRUE(CategoryANoticeOk(D("2026-11-23"), D("2026-11-23"), 0));
}

TEST(Services, Mtg1_ItemsQuantitiesAndOther) {
  EXPECT_TRUE(CheckServices({{"name_plates", 6, ""}, {"tea", 10, ""}, {"other", 2, "白板笔"}}));
  EXPECT_FALSE(CheckServices({{"champagne", 1, ""}}));
  EXPECT_FALSE(CheckServices({{"tea", 0, ""}}));
  EXPECT_FALSE(CheckServices({{"tea", 1000, ""}}));
  EXPECT_FALSE(CheckServices({{"tea", 1, ""}, {"tea", 2, ""}}));
  EXPECT_FALSE(CheckServices({{"other", 1, ""}}));
  // "other" may appear more than once (different things).
  EXPECT_TRUE(CheckServices({{"other", 1, "横幅"}, {"other", 1, "鲜花"}}));
  EXPECT_EQ(CheckServices({{"tea", 0, ""}}).error().field, "services");
}

TEST(Recurrence, Mtg4_WeeklyOnWeekdays) {
  // 2026-11-23 is a Monday.
  Recurrence r{"weekly", 1, {1, 3}, std::nullopt, 5};
  auto d = OccurrenceDates(r, D("2026-11-23"), D("2027-12-31"), 200);
  ASSERT_TRUE(d);
  std::vector<int32_t> want = {D("2026-11-23"), D("2026-11-25"), D("2026-11-30"), D("2026-12-02"),
                               D("2026-12-07")};
  EXPECT_EQ(*d, want);
  // Every second week, until a date (inclusive), on the first's weekday.
  Recurrence every2{"weekly", 2, {}, D("2026-12-21"), std::nullopt};
  auto e = OccurrenceDates(every2, D("2026-11-23"), D("2027-12-31"), 200);
  ASSERT_TRUE(e);
  EXPECT_EQ(*e, (std::vector<int32_t>{D("2026-11-23"), D("2026-12-07"), D("2026-12-21")}));
}

TEST(Recurrence, Mtg4_DailyMonthlyAndBounds) {
  auto daily =
      OccurrenceDates({"daily", 3, {}, std::nullopt, 3}, D("2026-11-23"), D("2027-12-31"), 200);
  ASSERT_TRUE(daily);
  EXPECT_EQ(*daily, (std::vector<int32_t>{D("2026-11-23"), D("2026-11-26"), D("2026-11-29")}));
  // Monthly on the 31st: months without one are skipped.
  auto monthly =
      OccurrenceDates({"monthly", 1, {}, std::nullopt, 4}, D("2027-01-31"), D("2028-12-31"), 200);
  ASSERT_TRUE(monthly);
  EXPECT_EQ(*monthly, (std::vector<int32_t>{D("2027-01-31"), D("2027-03-31"), D("2027-05-31"),
                                            D("2027-07-31")}));
  // The horizon and the maximum bound an open-ended rule.
  auto capped = OccurrenceDates({"daily", 1, {}, D("2030-01-01"), std::nullopt}, D("2026-11-23"),
                                D("2026-11-27"), 200);
  ASSERT_TRUE(capped);
  EXPECT_EQ(capped->size(), 5u);
  auto few = OccurrenceDates({"daily", 1, {}, D("2030-01-01"), std::nullopt}, D("2026-11-23"),
                             D("2030-01-01"), 10);
  ASSERT_TRUE(few);
  EXPECT_EQ(few->size(), 10u);
}

TEST(Recurrence, Mtg4_BadRulesNameTheirField) {
  EXPECT_EQ(OccurrenceDates({"yearly", 1, {}, std::nullopt, 2}, 0, 100, 200).error().field,
            "recurrence.freq");
  EXPECT_EQ(OccurrenceDates({"daily", 0, {}, std::nullopt, 2}, 0, 100, 200).error().field,
            "recurrence.interval");
  EXPECT_EQ(OccurrenceDates({"weekly", 1, {0}, std::nullopt, 2}, 0, 100, 200).error().field,
            "recurrence.weekdays");
  EXPECT_EQ(
      OccurrenceDates({"daily", 1, {}, std::nullopt, std::nullopt}, 0, 100, 200).error().field,
      "recurrence.until");
  EXPECT_EQ(OccurrenceDates({"daily", 1, {}, -5, std::nullopt}, 0, 100, 200).error().key,
            "meetings.until_before_start");
  EXPECT_EQ(OccurrenceDates({"daily", 1, {}, std::nullopt, 201}, 0, 100, 200).error().field,
            "recurrence.count");
}

TEST(Recurrence, RRuleCountsWhatWasMade) {
  EXPECT_EQ(RRuleText({"weekly", 1, {3, 1}, std::nullopt, 5}, 5),
            "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;COUNT=5");
  EXPECT_EQ(RRuleText({"daily", 2, {}, D("2027-01-01"), std::nullopt}, 12),
            "FREQ=DAILY;INTERVAL=2;COUNT=12");
  EXPECT_EQ(RRuleText({"monthly", 1, {}, std::nullopt, 3}, 3), "FREQ=MONTHLY;INTERVAL=1;COUNT=3");
}

TEST(Checklist, Mtg3_Timeline) {
  const int64_t start = 1'000'000 * kMin, end = start + 60 * kMin;
  auto steps = Checklist(start, end, ChecklistTimes{30, 15, 15}, "小会议室");
  std::vector<std::pair<std::string, int64_t>> got;
  for (const auto& s : steps) got.emplace_back(s.kind, s.due_at);
  std::vector<std::pair<std::string, int64_t>> want = {{"meeting.setup", start - 30 * kMin},
                                                       {"meeting.greet", start - 15 * kMin},
                                                       {"meeting.tea", start},
                                                       {"meeting.refill", start + 15 * kMin},
                                                       {"meeting.refill", start + 30 * kMin},
                                                       {"meeting.refill", start + 45 * kMin},
                                                       {"meeting.cleanup", end}};
  EXPECT_EQ(got, want);
  EXPECT_NE(steps.front().title.find("投影"), std::string::npos);
  EXPECT_NE(steps.back().title.find("空调"), std::string::npos);
  // A short meeting has no refill; a longer interval fewer.
  EXPECT_EQ(Checklist(start, start + 15 * kMin, {30, 15, 15}, "x").size(), 4u);
  EXPECT_EQ(Checklist(start, end, {30, 15, 25}, "x").size(), 6u);
}

TEST(Checklist, Mtg4_AirConditioningAt26InSummer) {
  const int64_t start = 1'000'000 * kMin;
  auto summer = Checklist(start, start + 60 * kMin, {30, 15, 15}, "小会议室", 26);
  EXPECT_NE(summer.front().title.find("空调调至 26 °C"), std::string::npos);
  auto winter = Checklist(start, start + 60 * kMin, {30, 15, 15}, "小会议室");
  EXPECT_EQ(winter.front().title.find("空调"), std::string::npos);
  EXPECT_TRUE(IsSummer(6, 6, 9));
  EXPECT_TRUE(IsSummer(9, 6, 9));
  EXPECT_FALSE(IsSummer(10, 6, 9));
  EXPECT_TRUE(IsSummer(1, 12, 2));  // wraps the year end
  EXPECT_FALSE(IsSummer(3, 12, 2));
}

TEST(State, NamesRoundTrip) {
  for (auto s : {State::kPending, State::kConfirmed, State::kRejected, State::kCancelled})
    EXPECT_EQ(ParseStatus(StatusName(s)), s);
  EXPECT_FALSE(ParseStatus("done"));
  EXPECT_TRUE(Holds(State::kPending));
  EXPECT_FALSE(Holds(State::kRejected));
}

}  // namespace
}  // namespace yingbin::meetings
