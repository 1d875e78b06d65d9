#pragma once
// The rules of carrying a reception out (DOMAIN.md PLAN-6..8) as pure functions (no
// database, no clock), unit-tested in execution_rules_test.cpp: who does what at each
// itinerary item and when (the tasks of the visit and the staff arrangement table), how
// the tasks follow a change of the plan, the actual costs against the budget, and when the
// follow-up call falls due. Every number comes from a setting through the parameters.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "receptions/model.hpp"
#include "receptions/rules.hpp"

namespace yingbin::receptions {

// PLAN-6: when the tasks of the visit fall due (settings receptions.task_lead_minutes,
// receptions.pickup_lead_minutes, receptions.task_escalate_minutes).
struct TaskTiming {
  int64_t lead_minutes = 30;         // before an item begins
  int64_t pickup_lead_minutes = 60;  // before a pickup: the driver leaves earlier
  int64_t escalate_minutes = 15;     // still open this long after the item began: missed
};

// PLAN-6: the plan roles responsible for an item of `kind`, in the order their A leads it:
// pickup → driver, greeter; lodging (hotel check-in) → logistics, greeter; meeting with the
// leader → recorder (the main host leads); meal → logistics; see-off and farewell →
// greeter, driver; visit and leisure → guide; work → recorder; ceremony → logistics,
// greeter; gift → logistics.
const std::vector<std::string_view>& ResponsibleRoles(std::string_view kind);

// "司机": how a duty's role reads in task titles and the printed tables (zh-CN, like the
// server's other message texts); "host" is the main host 主陪, "accompany" 陪同.
std::string RoleLabel(std::string_view role);

// One person's duty at one item.
struct Duty {
  int64_t item_id = 0;
  int32_t day = 0;
  std::optional<int64_t> staff_id;  // nullopt: nobody is named for the item: the planner's
  std::string staff_name;
  std::vector<std::string> roles;         // plan roles, "host", "accompany"
  std::vector<int64_t> backup_staff_ids;  // the B of each of those roles (PLAN-3 AB角)
  std::vector<std::string> backup_names;
  bool lead = false;  // the item's lead (负责人): the first responsible person
  int64_t due_at = 0, escalate_at = 0;
  std::string title;  // "接站（司机）"
};

// PLAN-6: the duties of every item: the main host at a meeting with the leader, then the A
// of each role responsible for its kind (their B as backup), then the accompanying staff;
// one duty per person and item (their roles joined). An item nobody is named for falls to
// the planner (staff_id nullopt) so that nothing is forgotten. Due at the item's start
// minus the lead time, escalated when still open `escalate_minutes` after the item began
// (after `now` for an item that began already). Items in start order.
std::vector<Duty> PlanDuties(const Reception& r, const TaskTiming& timing, int64_t now);

// A task of the visit as it stands.
struct TaskRow {
  int64_t task_id = 0;
  int64_t item_id = 0;
  std::optional<int64_t> staff_id;
  bool open = true;  // else done (cancelled ones are not given)
  int64_t due_at = 0;
  std::string title;
  std::vector<int64_t> backup_staff_ids;
};

// How the tasks follow the plan: new duties are created, open tasks whose time, title or
// backups changed are moved, open tasks nobody needs any more are cancelled. A task done
// already stays done unless its item moved (then the duty is due again at the new time).
struct TaskChanges {
  std::vector<size_t> create;                    // indexes into `want`
  std::vector<std::pair<int64_t, size_t>> move;  // task id, index into `want`
  std::vector<int64_t> cancel;                   // task ids
  bool Empty() const { return create.empty() && move.empty() && cancel.empty(); }
};
TaskChanges DiffTasks(const std::vector<Duty>& want, const std::vector<TaskRow>& have);

// What changed for the people of an item between two versions of the plan (for the
// message to everyone affected): "" when nothing they need to know changed.
std::string ItemChange(const Item& before, const Item& after);

// --- PLAN-6 / PLAN-8: actual costs against the budget ---

struct ActualRow {
  std::string source;  // item | line | extra
  std::optional<int64_t> source_id;
  std::string category;
  std::string label;
  int32_t day = 0;
  int64_t planned_fen = 0, actual_fen = 0;
  int64_t costs = 0;  // how many costs were recorded against it
  bool over = false;  // actual above planned: highlighted
};

struct Actuals {
  std::vector<ActualRow> rows;  // the budget rows in order, then unplanned costs
  struct Category {
    std::string category;
    int64_t planned_fen = 0, actual_fen = 0;
    bool over = false;
  };
  std::vector<Category> by_category;  // PLAN-4 order, rows with planned or actual only
  int64_t planned_fen = 0, actual_fen = 0;
  std::optional<int64_t> approved_fen;
  bool over = false;  // actual above the approved total (else the planned one)
};

// Sums the costs per budget row (a cost whose item or line is gone counts as unplanned
// under its category) and flags every row, category and the total spent above its plan.
Actuals CompareActual(const Budget& budget, const std::vector<Cost>& costs,
                      std::optional<int64_t> approved_fen);

// --- PLAN-6: the follow-up call ---

// When the guests are estimated home: the latest departure of a guest plus `travel_hours`
// (setting receptions.travel_hours); without departure data the end of the last item (else
// `visit_end`) plus the same.
int64_t FollowupDue(const std::vector<Guest>& guests, const std::vector<Item>& items,
                    int64_t visit_end, int64_t travel_hours);

}  // namespace yingbin::receptions
