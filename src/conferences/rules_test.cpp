#include "conferences/rules.hpp"

#include <gtest/gtest.h>

namespace yingbin::conferences::rules {
namespace {

constexpr int64_t kMin = 60'000;
constexpr int64_t kHour = 60 * kMin;

Charge C(int64_t id, const char* org, const char* role, int64_t fee = 60000, int64_t lodging = 0,
         int64_t meals = 0) {
  return Charge{id, org, role, fee, lodging, meals};
}

const DelegationDue& Of(const std::vector<DelegationDue>& all, const std::string& org) {
  for (const auto& d : all)
    if (d.organisation == org) return d;
  static DelegationDue none;
  ADD_FAILURE() << "no delegation " << org;
  return none;
}

// --- fees and waivers ---

TEST(Fees, Plan9_HeadOfDelegationIsFreeOfFeeLodgingAndMeals) {
  auto out = Fees({C(1, "陕西代表团", "head", 60000, 45000, 12000),
                   C(2, "陕西代表团", "member", 60000, 45000, 12000)},
                  WaiverRules{true, true, 2});
  ASSERT_EQ(out.size(), 1u);
  const auto& d = out[0];
  EXPECT_EQ(d.delegates, 2);
  EXPECT_EQ(d.lines[0].waiver, "head");
  EXPECT_EQ(d.lines[0].due_fen, 0);
  EXPECT_EQ(d.lines[1].waiver, "");
  EXPECT_EQ(d.lines[1].due_fen, 117000);
  EXPECT_EQ(d.gross_fen, 234000);
  EXPECT_EQ(d.waived_fen, 117000);
  EXPECT_EQ(d.due_fen, 117000);
}

TEST(Fees, Plan9_HeadWaiverCanBeSwitchedOff) {
  auto out = Fees({C(1, "甲", "head"), C(2, "甲", "member")}, WaiverRules{false, true, 2});
  EXPECT_EQ(out[0].lines[0].waiver, "");
  EXPECT_EQ(out[0].due_fen, 120000);
}

TEST(Fees, Plan9_OnlyOneHeadPerDelegationIsFreeAndTwoAreFlagged) {
  auto out = Fees({C(5, "甲", "head"), C(3, "甲", "head"), C(4, "甲", "member")},
                  WaiverRules{true, false, 2});
  const auto& d = out[0];
  EXPECT_TRUE(d.several_heads);
  EXPECT_EQ(d.lines[0].charge.delegate_id, 3) << "registration order";
  EXPECT_EQ(d.lines[0].waiver, "head") << "the first head registered is free";
  EXPECT_EQ(d.lines[2].charge.delegate_id, 5);
  EXPECT_EQ(d.lines[2].waiver, "");
  EXPECT_EQ(d.due_fen, 120000);
}

TEST(Fees, Plan9_LiaisonFreeOnlyAboveN) {
  const WaiverRules rules{true, true, 3};
  // Exactly N = 3 delegates: the liaison pays.
  auto at_n = Fees({C(1, "甲", "head"), C(2, "甲", "liaison"), C(3, "甲", "member")}, rules);
  EXPECT_EQ(at_n[0].lines[1].waiver, "");
  EXPECT_EQ(at_n[0].due_fen, 120000);
  // N + 1 = 4: one liaison is free.
  auto above =
      Fees({C(1, "甲", "head"), C(2, "甲", "liaison"), C(3, "甲", "member"), C(4, "甲", "member")},
           rules);
  EXPECT_EQ(above[0].lines[1].waiver, "liaison");
  EXPECT_EQ(above[0].due_fen, 120000);
  // N - 1 = 2: the liaison pays.
  auto below = Fees({C(1, "甲", "liaison"), C(2, "甲", "member")}, rules);
  EXPECT_EQ(below[0].lines[0].waiver, "");
  EXPECT_EQ(below[0].due_fen, 120000);
}

TEST(Fees, Plan9_OneLiaisonFreeNotTwo) {
  auto out = Fees(
      {C(1, "甲", "liaison"), C(2, "甲", "liaison"), C(3, "甲", "member"), C(4, "甲", "member")},
      WaiverRules{true, true, 2});
  EXPECT_EQ(out[0].lines[0].waiver, "liaison");
  EXPECT_EQ(out[0].lines[1].waiver, "") << "one liaison only";
  EXPECT_EQ(out[0].due_fen, 180000);
}

TEST(Fees, Plan9_NZeroMeansAnyDelegationWithALiaison) {
  auto out = Fees({C(1, "甲", "liaison")}, WaiverRules{true, true, 0});
  EXPECT_EQ(out[0].lines[0].waiver, "liaison");
  EXPECT_EQ(out[0].due_fen, 0);
}

TEST(Fees, Plan9_LiaisonWaiverCanBeSwitchedOff) {
  auto out = Fees(
      {C(1, "甲", "liaison"), C(2, "甲", "member"), C(3, "甲", "member"), C(4, "甲", "member")},
      WaiverRules{true, false, 2});
  EXPECT_EQ(out[0].lines[0].waiver, "");
}

TEST(Fees, Plan9_DelegationsAreCountedApart) {
  // Two delegations of two: neither is above N = 2, although together they are four.
  auto out = Fees(
      {C(1, "甲", "liaison"), C(2, "乙", "liaison"), C(3, "甲", "member"), C(4, "乙", "member")},
      WaiverRules{true, true, 2});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(Of(out, "甲").due_fen, 120000);
  EXPECT_EQ(Of(out, "乙").due_fen, 120000);
  EXPECT_EQ(Of(out, "甲").delegates, 2);
}

TEST(Fees, Plan9_HeadAndLiaisonBothFreeInALargeDelegation) {
  auto out =
      Fees({C(1, "甲", "member"), C(2, "甲", "head"), C(3, "甲", "liaison"), C(4, "甲", "member")},
           WaiverRules{true, true, 2});
  EXPECT_EQ(out[0].due_fen, 120000);
  EXPECT_EQ(out[0].waived_fen, 120000);
}

TEST(Fees, EmptyIsEmpty) { EXPECT_TRUE(Fees({}, WaiverRules{}).empty()); }

// --- rooms and stays ---

TEST(Rooms, Plan9_TwoSharersToARoom) {
  EXPECT_EQ(RoomsNeeded(0, 0), 0);
  EXPECT_EQ(RoomsNeeded(3, 0), 3);
  EXPECT_EQ(RoomsNeeded(0, 1), 1) << "an odd sharer still needs a room";
  EXPECT_EQ(RoomsNeeded(0, 2), 1);
  EXPECT_EQ(RoomsNeeded(2, 3), 4);
}

TEST(Rooms, Plan9_QuotaBoundary) {
  EXPECT_TRUE(FitsQuota(2, 2, 0)) << "the last room";
  EXPECT_FALSE(FitsQuota(2, 3, 0)) << "one over";
  EXPECT_TRUE(FitsQuota(2, 1, 2)) << "a second sharer joins the half-empty room";
  EXPECT_TRUE(FitsQuota(2, 1, 1));
  EXPECT_FALSE(FitsQuota(2, 1, 3));
  EXPECT_FALSE(FitsQuota(0, 1, 0)) << "no rooms held";
  EXPECT_TRUE(FitsQuota(0, 0, 0));
}

TEST(Stay, Plan9_NightsFromArrivalAndDepartureElseTheConference) {
  EXPECT_EQ(Nights(std::nullopt, std::nullopt, 100, 104), 4);
  EXPECT_EQ(Nights(99, std::nullopt, 100, 104), 5) << "arrives the day before";
  EXPECT_EQ(Nights(100, 102, 100, 104), 2) << "leaves early";
  EXPECT_EQ(Nights(std::nullopt, std::nullopt, 100, 100), 1) << "a one-day conference";
  EXPECT_EQ(Nights(101, 101, 100, 104), 1);
}

TEST(Stay, Plan9_SharersPayHalfARoomRoundedUp) {
  EXPECT_EQ(LodgingFen(45000, 4, false), 180000);
  EXPECT_EQ(LodgingFen(45000, 4, true), 90000);
  EXPECT_EQ(LodgingFen(45001, 1, true), 22501);
  EXPECT_EQ(LodgingFen(45000, 0, false), 0);
}

TEST(Stay, Plan9_MealsDuringTheStay) {
  const int64_t lunch = 12 * kHour;
  EXPECT_TRUE(AttendsMeal(9 * kHour, 30 * kHour, lunch, 60));
  EXPECT_TRUE(AttendsMeal(12 * kHour + 30 * kMin, 30 * kHour, lunch, 60)) << "arrives during lunch";
  EXPECT_FALSE(AttendsMeal(13 * kHour, 30 * kHour, lunch, 60)) << "arrives after lunch";
  EXPECT_FALSE(AttendsMeal(0, 12 * kHour, lunch, 60)) << "leaves as lunch starts";
  EXPECT_TRUE(AttendsMeal(0, 12 * kHour + kMin, lunch, 60));
}

// --- pickup runs ---

TEST(Pickup, Plan9_ArrivalsGroupedIntoRunsAlignedToLocalMidnight) {
  const int64_t day = 1000 * kHour;  // some local midnight
  std::vector<Traveller> t = {{1, day + 9 * kHour + 50 * kMin, day},
                              {2, day + 9 * kHour + 5 * kMin, day},
                              {3, day + 11 * kHour, day},
                              {4, day + 9 * kHour + 5 * kMin, day}};
  auto runs = PickupRuns(t, 60);
  ASSERT_EQ(runs.size(), 2u) << "10:00-11:00 has nobody";
  EXPECT_EQ(runs[0].from, day + 9 * kHour);
  EXPECT_EQ(runs[0].to, day + 10 * kHour);
  EXPECT_EQ(runs[0].delegate_ids, (std::vector<int64_t>{2, 4, 1}));
  EXPECT_EQ(runs[1].from, day + 11 * kHour) << "the window's start is inclusive";
  EXPECT_EQ(runs[1].delegate_ids, (std::vector<int64_t>{3}));
  auto half = PickupRuns(t, 30);
  ASSERT_EQ(half.size(), 3u);
  EXPECT_EQ(half[0].delegate_ids, (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(half[1].delegate_ids, (std::vector<int64_t>{1}));
}

TEST(Pickup, Plan9_RunsOnTwoDays) {
  const int64_t d1 = 1000 * kHour, d2 = d1 + 24 * kHour;
  auto runs = PickupRuns({{1, d2 + 10 * kHour, d2}, {2, d1 + 10 * kHour, d1}}, 120);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].delegate_ids, (std::vector<int64_t>{2}));
  EXPECT_EQ(runs[1].from, d2 + 10 * kHour);
}

// --- diets ---

TEST(Diets, Plan10_CountsPerDietForTheKitchen) {
  auto c = DietCounts({"normal", "halal", "halal", "vegetarian", "normal", "normal"});
  EXPECT_EQ(c["normal"], 3);
  EXPECT_EQ(c["halal"], 2);
  EXPECT_EQ(c["vegetarian"], 1);
  EXPECT_EQ(c["other"], 0) << "every diet is listed";
  EXPECT_EQ(c.size(), 4u);
}

// --- bill reconciliation ---

TEST(Reconcile, Plan9_MatchingBillIsMatch) {
  auto r = Reconcile({{"hotel", 1, "A类", 8, 45000}}, {{10, "hotel", 1, 8, 45000}});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].status, "match");
  EXPECT_EQ(r.rows[0].amount_diff, 0);
  EXPECT_EQ(r.mismatches, 0);
  EXPECT_EQ(r.expected_fen, 360000);
  EXPECT_EQ(r.billed_fen, 360000);
  EXPECT_EQ(r.difference_fen, 0);
}

TEST(Reconcile, Plan9_DifferencesAreHighlighted) {
  auto r = Reconcile({{"hotel", 1, "A类", 8, 45000},
                      {"meal", 7, "午餐", 20, 8000},
                      {"meal", 8, "晚餐", 20, 10000},
                      {"transport", 3, "机场", 4, std::nullopt}},
                     {{10, "hotel", 1, 9, 45000},      // one room-night too many
                      {11, "meal", 7, 18, 8000},       // two diners fewer
                      {12, "meal", 8, 20, 11000},      // the same diners at a higher price
                      {13, "transport", 3, 4, 30000},  // no agreed price: quantities only
                      {14, "other", std::nullopt, 1, 5000}});
  ASSERT_EQ(r.rows.size(), 5u);
  EXPECT_EQ(r.rows[0].status, "over");
  EXPECT_EQ(r.rows[0].quantity_diff, 1);
  EXPECT_EQ(r.rows[0].amount_diff, 45000);
  EXPECT_EQ(r.rows[1].status, "under");
  EXPECT_EQ(r.rows[1].quantity_diff, -2);
  EXPECT_EQ(r.rows[1].amount_diff, -16000);
  EXPECT_EQ(r.rows[2].status, "over") << "price differs though the diners match";
  EXPECT_EQ(r.rows[2].quantity_diff, 0);
  EXPECT_EQ(r.rows[2].amount_diff, 20000);
  EXPECT_EQ(r.rows[3].status, "match");
  EXPECT_FALSE(r.rows[3].amount_diff.has_value());
  EXPECT_EQ(r.rows[4].status, "unexpected");
  EXPECT_EQ(r.mismatches, 4);
}

TEST(Reconcile, Plan9_SeveralLinesAddUpAndNothingBilledIsUnbilled) {
  auto r = Reconcile(
      {{"hotel", 1, "A类", 8, 45000}, {"hotel", 2, "B类", 3, 30000}, {"meal", 9, "早餐", 0, 2000}},
      {{10, "hotel", 1, 5, 45000}, {11, "hotel", 1, 3, 45000}, {12, "hotel", 99, 1, 100}});
  EXPECT_EQ(r.rows[0].status, "match");
  EXPECT_EQ(r.rows[0].line_ids, (std::vector<int64_t>{10, 11}));
  EXPECT_EQ(r.rows[1].status, "unbilled");
  EXPECT_EQ(r.rows[2].status, "match") << "nothing expected, nothing billed";
  EXPECT_EQ(r.rows[3].status, "unexpected") << "a line for an unknown hotel class";
  EXPECT_EQ(r.mismatches, 2);
}

}  // namespace
}  // namespace yingbin::conferences::rules
