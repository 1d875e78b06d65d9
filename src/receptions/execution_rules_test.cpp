// The pure rules of carrying a reception out: PLAN-6 duties per item and person (pickup by the
// driver and the greeter, the meeting with the leader by the main host, backups from the AB
// roles, nobody named → the planner), their times from the settings, how tasks follow a
// changed plan, what changed for the people of an item, actual costs against the budget
// (PLAN-6/PLAN-8), the follow-up call after the estimated arrival home; and conflicts the
// plan shows while it runs (PLAN-3).
#include "receptions/execution_rules.hpp"

#include <gtest/gtest.h>

namespace yingbin::receptions {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int32_t kDay = 20000;
constexpr int64_t kDayStart = int64_t{kDay} * 24 * kHour;

Item MakeItem(int64_t id, const std::string& kind, int start_hour, int end_hour,
              const std::string& activity = "") {
  Item it;
  it.id = id;
  it.reception_id = 1;
  it.day = kDay;
  it.start_min = start_hour * 60;
  it.end_min = end_hour * 60;
  it.start_at = kDayStart + start_hour * kHour;
  it.end_at = kDayStart + end_hour * kHour;
  it.kind = kind;
  it.activity = activity.empty() ? kind : activity;
  return it;
}

StaffRole Role(const std::string& role, int64_t a, const std::string& a_name,
               std::optional<int64_t> b = std::nullopt, const std::string& b_name = "") {
  StaffRole s;
  s.role = role;
  s.staff_a_id = a;
  s.staff_a_name = a_name;
  s.staff_b_id = b;
  s.staff_b_name = b_name;
  return s;
}

// A plan with a driver (老赵, backup 小钱), a greeter (小李, backup 小张), a recorder (小王)
// and the main host 王总 (id 1).
Reception Plan() {
  Reception r;
  r.id = 1;
  r.host_staff_id = 1;
  r.host_name = "王总";
  r.staff = {Role("driver", 20, "老赵", 21, "小钱"), Role("greeter", 30, "小李", 31, "小张"),
             Role("recorder", 40, "小王")};
  return r;
}

const Duty* DutyOf(const std::vector<Duty>& duties, int64_t item, std::optional<int64_t> staff) {
  for (const auto& d : duties)
    if (d.item_id == item && d.staff_id == staff) return &d;
  return nullptr;
}

TEST(Duties, Plan6_PickupIsTheDriversAndTheGreetersWithTheirBackups) {
  Reception r = Plan();
  r.items = {MakeItem(7, "pickup", 9, 10, "接站 CA1234")};
  TaskTiming t;
  t.lead_minutes = 30;
  t.pickup_lead_minutes = 60;
  t.escalate_minutes = 15;
  auto duties = PlanDuties(r, t, /*now=*/0);
  ASSERT_EQ(duties.size(), 2u);
  const Duty* driver = DutyOf(duties, 7, 20);
  ASSERT_NE(driver, nullptr);
  EXPECT_TRUE(driver->lead);
  EXPECT_EQ(driver->roles, std::vector<std::string>{"driver"});
  EXPECT_EQ(driver->backup_staff_ids, std::vector<int64_t>{21});
  EXPECT_EQ(driver->backup_names, std::vector<std::string>{"小钱"});
  EXPECT_EQ(driver->due_at, kDayStart + 9 * kHour - 60 * kMinute) << "pickup: its own lead time";
  EXPECT_EQ(driver->escalate_at, kDayStart + 9 * kHour + 15 * kMinute);
  EXPECT_EQ(driver->title, "接站 CA1234（司机）");
  const Duty* greeter = DutyOf(duties, 7, 30);
  ASSERT_NE(greeter, nullptr);
  EXPECT_FALSE(greeter->lead);
  EXPECT_EQ(greeter->backup_staff_ids, std::vector<int64_t>{31});
}

TEST(Duties, Plan6_MeetingWithTheLeaderIsTheMainHostsMealsAndSeeOff) {
  Reception r = Plan();
  r.staff.push_back(Role("logistics", 50, "后勤小周", 51, "后勤小吴"));
  Item meeting = MakeItem(1, "meeting", 10, 11, "会见王总");
  meeting.staff_ids = {40};  // the recorder accompanies too: one duty, two roles
  Item meal = MakeItem(2, "meal", 12, 13, "午餐");
  meal.staff_ids = {1};
  Item see_off = MakeItem(3, "see_off", 15, 16, "送站");
  r.items = {see_off, meal, meeting};  // out of order: duties follow the start times
  TaskTiming t;
  t.lead_minutes = 20;
  auto duties = PlanDuties(r, t, 0);
  ASSERT_GE(duties.size(), 6u);
  EXPECT_EQ(duties[0].item_id, 1);
  EXPECT_EQ(duties[0].staff_id, 1) << "the main host leads the meeting";
  EXPECT_EQ(duties[0].roles, std::vector<std::string>{"host"});
  EXPECT_EQ(duties[0].due_at, kDayStart + 10 * kHour - 20 * kMinute);
  const Duty* recorder = DutyOf(duties, 1, 40);
  ASSERT_NE(recorder, nullptr);
  EXPECT_EQ(recorder->roles, (std::vector<std::string>{"recorder", "accompany"}));
  EXPECT_EQ(recorder->title, "会见王总（记录、陪同）");
  EXPECT_NE(DutyOf(duties, 2, 50), nullptr) << "meals: logistics";
  EXPECT_TRUE(DutyOf(duties, 2, 50)->lead);
  EXPECT_NE(DutyOf(duties, 2, 1), nullptr) << "the host dines with the guests";
  EXPECT_NE(DutyOf(duties, 3, 30), nullptr) << "see-off: the greeter";
  EXPECT_NE(DutyOf(duties, 3, 20), nullptr) << "see-off: the driver";
}

TEST(Duties, Plan6_AnItemNobodyIsNamedForFallsToThePlanner) {
  Reception r;
  r.id = 1;
  r.items = {MakeItem(5, "visit", 9, 11, "参观展厅")};  // no guide named, nobody accompanies
  auto duties = PlanDuties(r, TaskTiming{}, 0);
  ASSERT_EQ(duties.size(), 1u);
  EXPECT_FALSE(duties[0].staff_id.has_value());
  EXPECT_EQ(duties[0].roles, std::vector<std::string>{"planner"});
}

TEST(Duties, Plan6_AnItemAlreadyBegunEscalatesAfterNow) {
  Reception r = Plan();
  r.items = {MakeItem(7, "pickup", 9, 10)};
  TaskTiming t;
  t.escalate_minutes = 10;
  const int64_t now = kDayStart + 12 * kHour;
  auto duties = PlanDuties(r, t, now);
  ASSERT_FALSE(duties.empty());
  EXPECT_EQ(duties[0].escalate_at, now + 10 * kMinute);
}

Duty WantDuty(int64_t item, std::optional<int64_t> staff, int64_t due, const std::string& title) {
  Duty d;
  d.item_id = item;
  d.staff_id = staff;
  d.due_at = due;
  d.title = title;
  return d;
}

TaskRow Have(int64_t id, int64_t item, std::optional<int64_t> staff, int64_t due,
             const std::string& title, bool open = true) {
  TaskRow t;
  t.task_id = id;
  t.item_id = item;
  t.staff_id = staff;
  t.due_at = due;
  t.title = title;
  t.open = open;
  return t;
}

TEST(Tasks, Plan6_TasksFollowTheChangedPlan) {
  std::vector<Duty> want = {WantDuty(1, 20, 100, "接站（司机）"),   // unchanged
                            WantDuty(2, 30, 250, "午餐（后勤）"),   // moved
                            WantDuty(3, 40, 300, "会见（记录）"),   // new
                            WantDuty(4, 50, 400, "送站（迎宾）")};  // done, same time
  std::vector<TaskRow> have = {Have(11, 1, 20, 100, "接站（司机）"),
                               Have(12, 2, 30, 200, "午餐（后勤）"),
                               Have(13, 9, 20, 500, "已删除的日程（司机）"),  // item gone
                               Have(14, 4, 50, 400, "送站（迎宾）", false)};
  TaskChanges c = DiffTasks(want, have);
  EXPECT_EQ(c.create, std::vector<size_t>{2});
  ASSERT_EQ(c.move.size(), 1u);
  EXPECT_EQ(c.move[0], (std::pair<int64_t, size_t>{12, 1}));
  EXPECT_EQ(c.cancel, std::vector<int64_t>{13});
}

TEST(Tasks, Plan6_ANewPersonOrNewBackupChangesTheTasks) {
  Duty d = WantDuty(1, 21, 100, "接站（司机）");  // the driver changed from 20 to 21
  TaskChanges c = DiffTasks({d}, {Have(11, 1, 20, 100, "接站（司机）")});
  EXPECT_EQ(c.create, std::vector<size_t>{0});
  EXPECT_EQ(c.cancel, std::vector<int64_t>{11});
  // Same person, a new backup: the task is moved (its payload names the backups).
  Duty b = WantDuty(1, 20, 100, "接站（司机）");
  b.backup_staff_ids = {22};
  c = DiffTasks({b}, {Have(11, 1, 20, 100, "接站（司机）")});
  ASSERT_EQ(c.move.size(), 1u);
  EXPECT_TRUE(c.create.empty());
  // Done, then the item moved: due again at the new time.
  c = DiffTasks({WantDuty(1, 20, 900, "接站（司机）")},
                {Have(11, 1, 20, 100, "接站（司机）", false)});
  EXPECT_EQ(c.create, std::vector<size_t>{0});
  EXPECT_TRUE(c.cancel.empty());
  // Nothing changed: nothing to do.
  EXPECT_TRUE(DiffTasks({WantDuty(1, 20, 100, "t")}, {Have(11, 1, 20, 100, "t")}).Empty());
}

TEST(Tasks, Plan6_WhatChangedForThePeopleOfAnItem) {
  Item a = MakeItem(1, "pickup", 9, 10, "接站");
  a.place = "首都机场 T3";
  Item b = a;
  EXPECT_EQ(ItemChange(a, b), "");
  b.start_min = 10 * 60;
  b.end_min = 11 * 60;
  b.place = "首都机场 T2";
  b.vehicle = "京A 12345";
  const std::string what = ItemChange(a, b);
  EXPECT_NE(what.find("时间改为"), std::string::npos) << what;
  EXPECT_NE(what.find("10:00"), std::string::npos) << what;
  EXPECT_NE(what.find("地点改为 首都机场 T2"), std::string::npos) << what;
  EXPECT_NE(what.find("车辆改为 京A 12345"), std::string::npos) << what;
}

Budget TwoRowBudget() {
  Budget b;
  BudgetRow lunch;
  lunch.source = "item";
  lunch.source_id = 5;
  lunch.category = "meals";
  lunch.label = "工作午餐";
  lunch.planned_fen = 60000;
  BudgetRow car;
  car.source = "line";
  car.source_id = 8;
  car.category = "transport";
  car.label = "包车";
  car.planned_fen = 100000;
  b.rows = {lunch, car};
  b.total_fen = 160000;
  return b;
}

Cost MakeCost(const std::string& source, std::optional<int64_t> id, const std::string& category,
              int64_t fen, const std::string& what = "") {
  Cost k;
  k.source = source;
  k.source_id = id;
  k.category = category;
  k.amount_fen = fen;
  k.description = what;
  return k;
}

TEST(Actuals, Plan6_CostsAgainstBudgetRowsOverBudgetHighlighted) {
  std::vector<Cost> costs = {MakeCost("item", 5, "meals", 50000),
                             MakeCost("item", 5, "meals", 15000),  // two receipts: 650 > 600
                             MakeCost("line", 8, "transport", 90000),
                             MakeCost("extra", std::nullopt, "materials", 8000, "资料印刷")};
  Actuals a = CompareActual(TwoRowBudget(), costs, 160000);
  ASSERT_EQ(a.rows.size(), 3u);
  EXPECT_EQ(a.rows[0].actual_fen, 65000);
  EXPECT_EQ(a.rows[0].costs, 2);
  EXPECT_TRUE(a.rows[0].over);
  EXPECT_EQ(a.rows[1].actual_fen, 90000);
  EXPECT_FALSE(a.rows[1].over);
  EXPECT_EQ(a.rows[2].source, "extra");
  EXPECT_EQ(a.rows[2].label, "资料印刷");
  EXPECT_EQ(a.rows[2].planned_fen, 0);
  EXPECT_TRUE(a.rows[2].over) << "unplanned spending is above its plan of nothing";
  EXPECT_EQ(a.planned_fen, 160000);
  EXPECT_EQ(a.actual_fen, 163000);
  EXPECT_TRUE(a.over) << "above the approved total";
  // PLAN-4 order: meals, transport, materials.
  ASSERT_EQ(a.by_category.size(), 3u);
  EXPECT_EQ(a.by_category[0].category, "meals");
  EXPECT_TRUE(a.by_category[0].over);
  EXPECT_EQ(a.by_category[1].category, "transport");
  EXPECT_FALSE(a.by_category[1].over);
  EXPECT_EQ(a.by_category[2].category, "materials");
}

TEST(Actuals, Plan6_ACostWhoseItemIsGoneCountsAsUnplanned) {
  Actuals a =
      CompareActual(TwoRowBudget(), {MakeCost("item", 99, "meals", 3000, "茶歇")}, std::nullopt);
  ASSERT_EQ(a.rows.size(), 3u);
  EXPECT_EQ(a.rows[2].source, "extra");
  EXPECT_EQ(a.rows[2].category, "meals");
  EXPECT_FALSE(a.over) << "against the planned total when nothing was approved";
}

TEST(Followup, Plan6_DueAfterTheLastDepartureAndTheTravelTime) {
  std::vector<Guest> guests(2);
  guests[0].departure_at = kDayStart + 15 * kHour;
  guests[1].departure_at = kDayStart + 18 * kHour;
  std::vector<Item> items = {MakeItem(1, "see_off", 14, 16)};
  EXPECT_EQ(FollowupDue(guests, items, kDayStart + 24 * kHour, 8), kDayStart + 26 * kHour);
  // Without departure data: the end of the last item; without items: the end of the visit.
  guests[0].departure_at.reset();
  guests[1].departure_at.reset();
  EXPECT_EQ(FollowupDue(guests, items, kDayStart + 24 * kHour, 6), kDayStart + 22 * kHour);
  EXPECT_EQ(FollowupDue(guests, {}, kDayStart + 24 * kHour, 0), kDayStart + 24 * kHour);
}

// PLAN-3: the conflicts the plan shows per item (and warns of on submission) hold for the
// run of the visit too: the same vehicle at two pickups, the venue of another reception.
TEST(Conflicts, Plan3_VehicleAndVenueAcrossReceptionsBackToBackIsFine) {
  Item a = MakeItem(1, "pickup", 9, 10);
  a.vehicle = "京A-88888";
  a.venue_id = 3;
  OtherItem other{MakeItem(2, "pickup", 9, 11), "JD20261201-0001", "另一接待"};
  other.item.reception_id = 2;
  other.item.vehicle = "京a88888";
  other.item.venue_id = 3;
  auto found = FindConflicts({a}, {other}, {}, {});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, "vehicle");
  EXPECT_EQ(found[0].other_reception_number, "JD20261201-0001");
  EXPECT_EQ(found[1].kind, "venue");
  // Back to back (one ends when the other begins) is no conflict.
  other.item = MakeItem(2, "pickup", 10, 11);
  other.item.reception_id = 2;
  other.item.vehicle = "京A88888";
  EXPECT_TRUE(FindConflicts({a}, {other}, {}, {}).empty());
}

TEST(Conflicts, Plan3_AllergyWordInTheMenu) {
  std::vector<Guest> guests(1);
  guests[0].allergies = "花生、芒果";
  Item meal = MakeItem(1, "meal", 12, 13);
  meal.menu = "宫保鸡丁（花生）、米饭";
  auto found = FindConflicts({meal}, {}, {}, DietaryNotes(guests));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, "taboo");
  EXPECT_EQ(found[0].taboo, "allergy");
  EXPECT_EQ(found[0].what, "花生");
}

}  // namespace
}  // namespace yingbin::receptions
