// The pure rules of formal receptions: GEN-4 level, PLAN-5 budget per grade and guest count
// with cap violations and their approval, PLAN-4 routing and re-approval, PLAN-11 (陪餐
// ratios for 8, 10, 11 and 30 guests, letter, working meal, forbidden items, hotels), PLAN-3
// completeness, conflict detection (staff, vehicle, venue, meal against taboo), and the
// rooms a plan holds through the meeting service (PLAN-3, MTG-4).
#include "receptions/rules.hpp"

#include <gtest/gtest.h>

namespace yingbin::receptions {
namespace {

// PLAN-5's defaults (fen), as the migration seeds them.
StandardLine Regular() {
  StandardLine s;
  s.grade_code = "regular";
  s.lunch_cap_fen = 30000;
  s.dinner_cap_fen = 40000;
  s.meal_increment_fen = 5000;
  return s;
}
StandardLine Senior() {
  StandardLine s;
  s.grade_code = "senior";
  s.lunch_cap_fen = 50000;
  s.dinner_cap_fen = 50000;
  s.entertainment_cap_fen = 70000;
  s.meal_increment_fen = 10000;
  s.entertainment_increment_fen = 20000;
  return s;
}
StandardLine Special() {
  StandardLine s;
  s.grade_code = "special";
  s.lodging_cap_fen = 70000;
  s.lodging_min_fen = 40000;
  s.lunch_cap_fen = 100000;
  s.dinner_cap_fen = 100000;
  s.entertainment_cap_fen = 120000;
  s.meal_increment_fen = 10000;
  s.entertainment_increment_fen = 25000;
  return s;
}

constexpr int64_t kHour = 3'600'000;
constexpr int32_t kDay = 20000;  // a day number

Item MakeItem(int64_t id, const std::string& kind, int start_hour, int end_hour) {
  Item it;
  it.id = id;
  it.reception_id = 1;
  it.day = kDay;
  it.start_min = start_hour * 60;
  it.end_min = end_hour * 60;
  it.start_at = int64_t{kDay} * 24 * kHour + start_hour * kHour;
  it.end_at = int64_t{kDay} * 24 * kHour + end_hour * kHour;
  it.kind = kind;
  it.activity = kind;
  return it;
}

Item Meal(int64_t id, const std::string& type, std::optional<int64_t> planned, int hour = 12) {
  Item it = MakeItem(id, "meal", hour, hour + 1);
  it.meal_type = type;
  it.planned_fen = planned;
  it.activity = type == "lunch" ? "午餐" : "晚宴";
  return it;
}

std::vector<Guest> Guests(int n) {
  std::vector<Guest> out(n);
  for (int i = 0; i < n; ++i) out[i].name = "客人" + std::to_string(i + 1);
  return out;
}

const CapCheck* Check(const Budget& b, const std::string& key) {
  for (const auto& c : b.checks)
    if (c.key == key) return &c;
  return nullptr;
}

// ---------------------------------------------------------------- GEN-4

TEST(Level, Gen4_HostRankAgainstChiefGuest) {
  // Band 0: only the same rank is 对等.
  EXPECT_EQ(ComputeLevel(12, 10, 0), Level::kHigh);
  EXPECT_EQ(ComputeLevel(10, 10, 0), Level::kEqual);
  EXPECT_EQ(ComputeLevel(9, 10, 0), Level::kLow);
  // Band 1 (the default): one step either way is still 对等.
  EXPECT_EQ(ComputeLevel(11, 10, 1), Level::kEqual);
  EXPECT_EQ(ComputeLevel(9, 10, 1), Level::kEqual);
  EXPECT_EQ(ComputeLevel(12, 10, 1), Level::kHigh);
  EXPECT_EQ(ComputeLevel(8, 10, 1), Level::kLow);
  // Unknown ranks give no level.
  EXPECT_EQ(ComputeLevel(std::nullopt, 10, 1), std::nullopt);
  EXPECT_EQ(ComputeLevel(10, std::nullopt, 1), std::nullopt);
}

TEST(Level, Gen4_ChiefGuestIsFlaggedElseMostSenior) {
  std::vector<Guest> g = Guests(3);
  g[0].rank = 8;
  g[1].rank = 14;
  g[2].rank = 11;
  EXPECT_EQ(ChiefGuest(g)->name, "客人2");
  g[2].is_chief = true;
  EXPECT_EQ(ChiefGuest(g)->name, "客人3");
  EXPECT_EQ(ChiefGuest({}), nullptr);
}

TEST(Level, Gen4_WarnWhenHighLevelMoreThanNTimes) {
  EXPECT_FALSE(HighLevelTooOften(3, 3));
  EXPECT_TRUE(HighLevelTooOften(4, 3));
}

// ---------------------------------------------------------------- PLAN-5

struct GradeCase {
  StandardLine (*line)();
  int64_t guests;
  int64_t lunch, dinner, entertainment;
};

TEST(Budget, Plan5_MealAndEntertainmentCapsPerGradeAndGuests) {
  const GradeCase cases[] = {
      // 普通: 300 / 400, +50 per extra guest, no entertainment.
      {Regular, 2, 30000, 40000, 0},
      {Regular, 3, 35000, 45000, 0},
      {Regular, 5, 45000, 55000, 0},
      // 高级: 500 / 500, +100; entertainment 700, +200.
      {Senior, 2, 50000, 50000, 70000},
      {Senior, 3, 60000, 60000, 90000},
      {Senior, 5, 80000, 80000, 130000},
      // 特级: 1000 / 1000, +100; entertainment 1200, +250.
      {Special, 2, 100000, 100000, 120000},
      {Special, 3, 110000, 110000, 145000},
      {Special, 5, 130000, 130000, 195000},
  };
  for (const auto& c : cases) {
    const StandardLine s = c.line();
    SCOPED_TRACE(s.grade_code + " with " + std::to_string(c.guests) + " guests");
    EXPECT_EQ(MealCap(s, "lunch", c.guests, 2), c.lunch);
    EXPECT_EQ(MealCap(s, "dinner", c.guests, 2), c.dinner);
    EXPECT_EQ(MealCap(s, "other", c.guests, 2), std::nullopt);
    EXPECT_EQ(EntertainmentCap(s, c.guests, 2), c.entertainment);

    // The same through the whole budget: a lunch, a dinner, an outing, each exactly at cap.
    BudgetInput in;
    in.standard = s;
    in.guest_count = c.guests;
    in.items = {Meal(1, "lunch", c.lunch), Meal(2, "dinner", c.dinner, 18)};
    if (c.entertainment > 0) {
      Item fun = MakeItem(3, "leisure", 20, 22);
      fun.planned_fen = c.entertainment;
      in.items.push_back(fun);
    }
    Budget b = ComputeBudget(in);
    ASSERT_NE(Check(b, "meal:1"), nullptr);
    EXPECT_EQ(Check(b, "meal:1")->cap_fen, c.lunch);
    EXPECT_EQ(Check(b, "meal:2")->cap_fen, c.dinner);
    EXPECT_EQ(b.needing_approval, 0);
    EXPECT_EQ(b.total_fen, c.lunch + c.dinner + c.entertainment);
  }
}

TEST(Budget, Plan5_ExtraGuestBaseIsASetting) {
  // With a base of 3 guests, the 3rd guest adds nothing.
  EXPECT_EQ(MealCap(Senior(), "lunch", 3, 3), 50000);
  EXPECT_EQ(MealCap(Senior(), "lunch", 4, 3), 60000);
  EXPECT_EQ(ExtraGuests(1, 2), 0);
}

TEST(Budget, Plan5_MealCapUsesTheGuestsAtThatMeal) {
  BudgetInput in;
  in.standard = Senior();
  in.guest_count = 5;
  Item lunch = Meal(1, "lunch", 55000);
  lunch.diners_guests = 2;  // only two of the five lunch with us
  in.items = {lunch};
  Budget b = ComputeBudget(in);
  EXPECT_EQ(Check(b, "meal:1")->cap_fen, 50000);
  EXPECT_TRUE(Check(b, "meal:1")->over);
}

TEST(Budget, Plan5_OverCapIsFlaggedAndNeedsExplicitApproval) {
  BudgetInput in;
  in.standard = Senior();
  in.guest_count = 3;
  in.items = {Meal(1, "lunch", 50000), Meal(2, "dinner", 80000, 18)};  // dinner cap 600
  Budget b = ComputeBudget(in);
  const CapCheck* dinner = Check(b, "meal:2");
  ASSERT_NE(dinner, nullptr);
  EXPECT_TRUE(dinner->over);
  EXPECT_TRUE(dinner->needs_approval);
  EXPECT_FALSE(Check(b, "meal:1")->over);
  EXPECT_EQ(b.needing_approval, 1);
  EXPECT_EQ(b.total_fen, 130000);

  // Approved up to 800 yuan: still flagged as over, but no longer waiting.
  in.approvals = {{"meal:2", 60000, 80000, 7, 0, "客户重要", ""}};
  b = ComputeBudget(in);
  EXPECT_TRUE(Check(b, "meal:2")->over);
  EXPECT_FALSE(Check(b, "meal:2")->needs_approval);
  EXPECT_EQ(b.needing_approval, 0);

  // Growing beyond what was approved needs approval again.
  in.items[1].planned_fen = 90000;
  b = ComputeBudget(in);
  EXPECT_TRUE(Check(b, "meal:2")->needs_approval);
}

TEST(Budget, Plan5_GuestPaysLodgingAndNoEntertainmentForRegular) {
  BudgetInput in;
  in.standard = Regular();
  in.guest_count = 2;
  Item hotel = MakeItem(1, "lodging", 21, 22);
  hotel.rooms = 2;
  hotel.nights = 1;
  hotel.planned_fen = 60000;
  Item fun = MakeItem(2, "leisure", 19, 21);
  fun.planned_fen = 10000;
  in.items = {hotel, fun};
  Budget b = ComputeBudget(in);
  EXPECT_EQ(Check(b, "lodging")->cap_fen, 0);
  EXPECT_TRUE(Check(b, "lodging")->needs_approval);
  EXPECT_EQ(Check(b, "entertainment")->cap_fen, 0);
  EXPECT_TRUE(Check(b, "entertainment")->needs_approval);
  EXPECT_EQ(b.needing_approval, 2);
}

TEST(Budget, Plan5_SpecialLodgingCapPerRoomNightAndLines) {
  BudgetInput in;
  in.standard = Special();
  in.guest_count = 3;
  Item hotel = MakeItem(1, "lodging", 21, 22);
  hotel.rooms = 3;
  hotel.nights = 2;
  hotel.planned_fen = 6 * 65000;
  in.items = {hotel};
  in.lines = {{10, "transport", "包车两天", 1, 160000}, {11, "lodging", "司机住宿", 1, 30000}};
  Budget b = ComputeBudget(in);
  EXPECT_EQ(Check(b, "lodging")->cap_fen, 7 * 70000);
  EXPECT_EQ(Check(b, "lodging")->planned_fen, 6 * 65000 + 30000);
  EXPECT_FALSE(Check(b, "lodging")->over);
  EXPECT_EQ(b.total_fen, 6 * 65000 + 160000 + 30000);
  ASSERT_EQ(b.by_category.size(), 2u);
  EXPECT_EQ(b.by_category[0].first, "lodging");  // PLAN-4 order
  EXPECT_EQ(b.by_category[1].first, "transport");
}

TEST(Budget, Plan5_NoStandardNoCaps) {
  BudgetInput in;
  in.guest_count = 3;
  in.items = {Meal(1, "dinner", 99999900)};
  Budget b = ComputeBudget(in);
  EXPECT_FALSE(b.has_standard);
  EXPECT_TRUE(b.checks.empty());
  EXPECT_EQ(b.total_fen, 99999900);
}

// ---------------------------------------------------------------- PLAN-4

std::vector<ApprovalRule> DefaultRules() {
  ApprovalRule foreign{1, 10, "外宾", 0, std::nullopt, "", true, "gm_office", {}, true, ""};
  ApprovalRule special{2,           20, "特级", 0, std::nullopt, "special", std::nullopt,
                       "gm_office", {}, true,   ""};
  ApprovalRule big{3,           30, "≥5000", 500000, std::nullopt, "", std::nullopt,
                   "gm_office", {}, true,    ""};
  ApprovalRule rest{4, 40, "其余", 0, std::nullopt, "", std::nullopt, "dept_head", {}, true, ""};
  return {foreign, special, big, rest};
}

TEST(Routing, Plan4_RoutedByTotalGradeAndForeign) {
  auto rules = DefaultRules();
  EXPECT_EQ(MatchRule(rules, 100000, "senior", false)->id, 4);
  EXPECT_EQ(MatchRule(rules, 499999, "senior", false)->id, 4);
  EXPECT_EQ(MatchRule(rules, 500000, "senior", false)->id, 3);
  EXPECT_EQ(MatchRule(rules, 100000, "special", false)->id, 2);
  EXPECT_EQ(MatchRule(rules, 100000, "regular", true)->id, 1);
  // A band with an upper bound; inactive rules are skipped.
  rules[3].max_total_fen = 200000;
  EXPECT_EQ(MatchRule(rules, 250000, "senior", false), std::nullopt);
  rules[2].active = false;
  EXPECT_EQ(MatchRule(rules, 600000, "senior", false), std::nullopt);
}

TEST(Routing, Plan4_ReapprovalOnlyWhenThePlanGrows) {
  BudgetInput in;
  in.standard = Senior();
  in.guest_count = 3;
  in.items = {Meal(1, "lunch", 40000)};
  EXPECT_FALSE(NeedsReapproval(40000, ComputeBudget(in)));  // the same
  in.items[0].planned_fen = 30000;
  EXPECT_FALSE(NeedsReapproval(40000, ComputeBudget(in)));  // smaller
  in.items[0].planned_fen = 45000;
  EXPECT_TRUE(NeedsReapproval(40000, ComputeBudget(in)));  // grown
  // The same total, but a new line over its cap that nobody approved.
  in.items = {Meal(1, "lunch", 10000), Meal(2, "dinner", 70000, 18)};
  EXPECT_TRUE(NeedsReapproval(80000, ComputeBudget(in)));
}

// ---------------------------------------------------------------- PLAN-3 completeness

TEST(Complete, Plan3_KeyRolesNeedABackup) {
  Reception r;
  r.start_date = r.end_date = kDay;
  r.host_staff_id = 1;
  r.guests = Guests(1);
  r.items = {Meal(1, "lunch", 1)};
  r.staff = {{1, "greeter", 5, std::nullopt, "", "", ""},
             {2, "driver", 6, std::nullopt, "", "", ""}};
  auto v = CheckComplete(r, true, true);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].key, "receptions.backup_missing");
  EXPECT_EQ(v[0].args[1].second, "greeter");
  EXPECT_TRUE(CheckComplete(r, true, false).empty());
  r.staff[0].staff_b_id = 7;
  EXPECT_TRUE(CheckComplete(r, true, true).empty());
  // Items outside the visit, no guests, no standard.
  r.end_date = kDay - 1;
  r.start_date = kDay - 2;
  r.guests.clear();
  auto w = CheckComplete(r, false, true);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].key, "receptions.no_guests");
  EXPECT_EQ(w[1].key, "receptions.item_outside_dates");
  EXPECT_EQ(w[2].key, "receptions.no_standard");
}

// ---------------------------------------------------------------- PLAN-11

TEST(Official, Plan11_HostDinersRatioFor8_10_11_30Guests) {
  const OfficialLimits limits;  // the defaults: 3 up to 10 guests, else a third
  EXPECT_EQ(MaxHostDiners(8, limits), 3);
  EXPECT_EQ(MaxHostDiners(10, limits), 3);
  EXPECT_EQ(MaxHostDiners(11, limits), 3);
  EXPECT_EQ(MaxHostDiners(30, limits), 10);
  EXPECT_EQ(MaxHostDiners(31, limits), 10);
  EXPECT_EQ(MaxHostDiners(33, limits), 11);
}

Reception Official(int guests, int64_t hosts) {
  Reception r;
  r.rule_set = "official";
  r.letter_no = "某政函〔2026〕12号";
  r.guests = Guests(guests);
  Item lunch = Meal(1, "lunch", 0);
  lunch.diners_hosts = hosts;
  r.items = {lunch};
  return r;
}

TEST(Official, Plan11_HostDinersChecked) {
  const OfficialLimits limits;
  for (auto [guests, ok_hosts] : {std::pair{8, 3}, {10, 3}, {11, 3}, {30, 10}}) {
    SCOPED_TRACE(std::to_string(guests) + " guests");
    EXPECT_TRUE(CheckOfficial(Official(guests, ok_hosts), {}, limits).empty());
    auto v = CheckOfficial(Official(guests, ok_hosts + 1), {}, limits);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].key, "receptions.official_hosts");
    EXPECT_EQ(v[0].item_id, 1);
    EXPECT_EQ(v[0].field, "items");
  }
}

TEST(Official, Plan11_LetterOneWorkingMealNoGiftsDesignatedHotel) {
  const OfficialLimits limits;
  Reception r = Official(4, 2);
  r.letter_no.clear();
  Item dinner = Meal(2, "dinner", 0, 18);
  Item gift = MakeItem(3, "gift", 19, 20);
  Item tour = MakeItem(4, "leisure", 15, 17);
  Item hotel = MakeItem(5, "lodging", 21, 22);
  hotel.place = "海景大酒店";
  r.items.insert(r.items.end(), {dinner, gift, tour, hotel});
  r.budget_lines = {{1, "souvenirs", "纪念品", 1, 20000}};
  auto v = CheckOfficial(r, {"市政府招待所", "会议中心宾馆"}, limits);
  std::vector<std::string> keys;
  for (const auto& x : v) keys.push_back(x.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"receptions.letter_required",
                                            "receptions.official_forbidden_item",  // tour 15:00
                                            "receptions.official_meals",           // dinner
                                            "receptions.official_forbidden_item",  // gift
                                            "receptions.official_hotel",
                                            "receptions.official_forbidden_line"}));
  EXPECT_EQ(v[2].item_id, 2);  // the second meal is the one named
  // Foreign official guests may have gifts; a designated hotel passes; a setting of two
  // working meals allows the dinner.
  r.foreign = true;
  r.letter_no = "函1";
  r.items[4].place = "会议中心宾馆";
  OfficialLimits two = limits;
  two.working_meals = 2;
  EXPECT_TRUE(CheckOfficial(r, {"市政府招待所", "会议中心宾馆"}, two).empty());
}

// ---------------------------------------------------------------- taboos and conflicts

TEST(Conflicts, Plan10_DietaryNotesComputedFromGuests) {
  std::vector<Guest> g = Guests(3);
  g[0].taboos = {"halal"};
  g[1].taboos = {"halal", "no_seafood"};
  g[2].allergies = "花生、芒果";
  g[1].allergies = "花生";
  auto notes = DietaryNotes(g);
  ASSERT_EQ(notes.size(), 4u);
  EXPECT_EQ(notes[0].taboo, "halal");
  EXPECT_EQ(notes[0].guests, 2);
  EXPECT_EQ(notes[1].taboo, "no_seafood");
  EXPECT_EQ(notes[2].text, "花生");
  EXPECT_EQ(notes[2].guests, 2);
  EXPECT_EQ(notes[3].text, "芒果");
}

TEST(Conflicts, Plan3_MealAgainstTaboo) {
  std::vector<Guest> g = Guests(2);
  g[0].taboos = {"halal"};
  g[1].allergies = "peanut";
  auto notes = DietaryNotes(g);
  Item ok = Meal(1, "lunch", 0);
  ok.menu = "清真烤羊排、时蔬、米饭";
  Item bad = Meal(2, "dinner", 0, 18);
  bad.menu = "红烧猪蹄、Peanut sauce noodles、啤酒";
  auto c = FindConflicts({ok, bad}, {}, {}, notes);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].kind, "taboo");
  EXPECT_EQ(c[0].item_id, 2);
  EXPECT_EQ(c[0].taboo, "halal");
  EXPECT_EQ(c[0].what, "猪");
  EXPECT_EQ(c[1].taboo, "allergy");
  EXPECT_EQ(c[1].what, "peanut");
}

TEST(Conflicts, Plan3_StaffVehicleVenueDoubleBooked) {
  Item a = MakeItem(1, "visit", 9, 11);
  a.staff_ids = {10, 11};
  a.vehicle = "沪A 12345";
  a.venue_id = 5;
  a.venue_name = "展厅";
  Item b = MakeItem(2, "work", 10, 12);
  b.staff_ids = {11};
  b.vehicle = "沪a12345";
  Item c = MakeItem(3, "work", 11, 12);  // starts when a ends: no overlap
  c.staff_ids = {10};
  c.venue_id = 5;
  auto found = FindConflicts({a, b, c}, {}, {}, {});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, "staff");
  EXPECT_EQ(found[0].staff_id, 11);
  EXPECT_EQ(found[1].kind, "vehicle");

  // Another reception's item with the same staff member; a meeting booking of the venue.
  OtherItem other{MakeItem(9, "meal", 10, 11), "JD20261124-0002", "另一接待"};
  other.item.reception_id = 2;
  other.item.staff_ids = {10};
  Booking meeting{77, 5, 10 * kHour + int64_t{kDay} * 24 * kHour,
                  12 * kHour + int64_t{kDay} * 24 * kHour, "部门例会"};
  found = FindConflicts({a}, {other}, {meeting}, {});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, "staff");
  EXPECT_EQ(found[0].other_reception_id, 2);
  EXPECT_EQ(found[0].other_reception_number, "JD20261124-0002");
  EXPECT_EQ(found[1].kind, "venue");
  EXPECT_EQ(found[1].meeting_id, 77);
  EXPECT_EQ(found[1].what, "部门例会");
}

// --- rooms held through the meeting service (PLAN-3, MTG-4) ---

Reception PlanWithRooms() {
  Reception r;
  r.id = 7;
  r.number = "JD20261124-0001";
  r.title = "华东经销商来访";
  r.host_staff_id = 3;
  r.status = State::kDraft;
  r.guests.resize(2);
  Item talk;
  talk.id = 11;
  talk.venue_id = 5;
  talk.start_at = 1000;
  talk.end_at = 2000;
  talk.activity = "会谈";
  talk.staff_ids = {3, 4};
  Item lunch;  // no venue: holds nothing
  lunch.id = 12;
  lunch.start_at = 3000;
  lunch.end_at = 4000;
  lunch.activity = "午餐";
  Item sign;
  sign.id = 13;
  sign.venue_id = 2;
  sign.start_at = 5000;
  sign.end_at = 6000;
  sign.activity = "签约";
  r.items = {talk, lunch, sign};
  return r;
}

TEST(RoomHolds, Plan3_EveryItemWithAVenueHoldsItWhileThePlanIsAlive) {
  Reception r = PlanWithRooms();
  for (State s : {State::kDraft, State::kSubmitted, State::kApproved, State::kRejected,
                  State::kInProgress, State::kCompleted}) {
    r.status = s;
    auto holds = WantedHolds(r);
    ASSERT_EQ(holds.size(), 2u) << StateName(s);
    EXPECT_EQ(holds[0].item_id, 11);
    EXPECT_EQ(holds[0].venue_id, 5);
    EXPECT_EQ(holds[0].start_at, 1000);
    EXPECT_EQ(holds[0].end_at, 2000);
    EXPECT_EQ(holds[0].title, "会谈");
    EXPECT_EQ(holds[0].organizer_staff_id, std::optional<int64_t>(3));
    EXPECT_EQ(holds[0].attendee_count, 4);  // two guests, two staff
    EXPECT_EQ(holds[0].number, "JD20261124-0001");
    EXPECT_EQ(holds[0].plan_title, "华东经销商来访");
    EXPECT_EQ(holds[1].item_id, 13);
  }
  for (State s : {State::kCancelled, State::kArchived}) {
    r.status = s;
    EXPECT_FALSE(HoldsRooms(s));
    EXPECT_TRUE(WantedHolds(r).empty()) << StateName(s);
  }
}

TEST(RoomHolds, Plan3_NewItemsAreBookedUnchangedOnesLeftAlone) {
  const auto wanted = WantedHolds(PlanWithRooms());
  auto first = DiffHolds(wanted, {});
  ASSERT_EQ(first.put.size(), 2u);
  EXPECT_TRUE(first.release.empty());
  // In venue order (2 before 5), so that two plans lock their venues in the same order.
  EXPECT_EQ(first.put[0].first.venue_id, 2);
  EXPECT_EQ(first.put[1].first.venue_id, 5);
  EXPECT_FALSE(first.put[0].second.has_value());
  auto same = DiffHolds(wanted, {{100, wanted[0]}, {101, wanted[1]}});
  EXPECT_TRUE(same.put.empty());
  EXPECT_TRUE(same.release.empty());
}

TEST(RoomHolds, Plan3_MovedItemMovesItsBookingRemovedItemFreesIt) {
  Reception r = PlanWithRooms();
  const auto held = WantedHolds(r);
  r.items[0].start_at = 1500;   // the talk moves
  r.items.erase(r.items.end() - 1);  // the signing is removed
  auto d = DiffHolds(WantedHolds(r), {{100, held[0]}, {101, held[1]}});
  ASSERT_EQ(d.put.size(), 1u);
  EXPECT_EQ(d.put[0].first.start_at, 1500);
  EXPECT_EQ(d.put[0].second, std::optional<int64_t>(100));  // the same booking, moved
  EXPECT_EQ(d.release, std::vector<int64_t>{101});
  // A new title of the plan renames its bookings (the room calendar shows it).
  r = PlanWithRooms();
  r.title = "华东经销商来访（改）";
  d = DiffHolds(WantedHolds(r), {{100, held[0]}, {101, held[1]}});
  EXPECT_EQ(d.put.size(), 2u);
}

TEST(RoomHolds, Plan3_CancelledPlanReleasesEveryRoom) {
  Reception r = PlanWithRooms();
  const auto held = WantedHolds(r);
  r.status = State::kCancelled;
  auto d = DiffHolds(WantedHolds(r), {{100, held[0]}, {101, held[1]}, {102, held[1]}});
  EXPECT_TRUE(d.put.empty());
  EXPECT_EQ(d.release, (std::vector<int64_t>{100, 101, 102}));
  // An item holding two bookings (should not happen) keeps one.
  r.status = State::kDraft;
  d = DiffHolds(WantedHolds(r), {{100, held[0]}, {101, held[1]}, {102, held[1]}});
  EXPECT_TRUE(d.put.empty());
  EXPECT_EQ(d.release, std::vector<int64_t>{102});
}

TEST(Money, FormatYuan) {
  EXPECT_EQ(FormatYuan(0), "0.00");
  EXPECT_EQ(FormatYuan(5), "0.05");
  EXPECT_EQ(FormatYuan(123456), "1234.56");
  EXPECT_EQ(FormatYuan(-150), "-1.50");
}

}  // namespace
}  // namespace yingbin::receptions
