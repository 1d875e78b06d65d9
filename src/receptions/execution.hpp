#pragma once
// Carrying a formal reception out (DOMAIN.md PLAN-1, PLAN-6): the approved plan becomes the
// tasks of its people (src/tasks), shown on their phones' run sheet where they tick them off;
// missed ones go to the planner; a change during the visit moves or cancels the tasks and
// tells everyone affected; actual costs are recorded against the budget rows. Every write
// runs in one transaction with its audit rows, its messages and its tasks. Thread-safe (no
// state of its own).
//
//   approved --start--> in_progress --finish--> completed --archive--> archived
//
// Who may do what: receptions.plan starts and finishes the visit, records costs and ticks any
// task of a plan in their scope; everyone else ticks their own tasks and those they back up
// (B角); receptions.read sees the execution of the plans in scope.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "receptions/execution_rules.hpp"
#include "receptions/service.hpp"
#include "tasks/model.hpp"
#include "tasks/scheduler.hpp"

namespace yingbin::receptions {

// The subject and kinds of the visit's tasks in src/tasks.
inline constexpr char kTaskSubject[] = "reception";
inline constexpr char kItemTask[] = "reception.item";
inline constexpr char kFollowupTask[] = "reception.followup";

// PLAN-6: approved -> in_progress: every item becomes the tasks of its responsible people
// (execution_rules.hpp PlanDuties), each told their duties (and their B their backups); the
// follow-up call becomes the planner's task after the guests' estimated arrival home.
// Errors: kConflict receptions.not_approved (or receptions.archived) on status.
Status Start(const Ctx& c, int64_t id);
// in_progress -> completed: the open item tasks are cancelled (the follow-up call stays).
// Errors: kConflict receptions.not_in_progress.
Status Finish(const Ctx& c, int64_t id);

// Called by the plan's writes (service.cpp) after a change of a plan that was in progress,
// in the same transaction: the tasks follow the plan (moved, created, cancelled; all of them
// cancelled when the visit was called off), the follow-up call follows the guests'
// departures, and everyone affected is told.
Status AfterChangeInProgress(db::Connection& tx, const Ctx& c, const Reception& before,
                             const Reception& after);

// PLAN-6: an actual cost against a budget row ("item" or "line" with its source_id, which
// gives the category) or unplanned ("extra" with its category and a description).
// Allowed while in progress or completed. Errors: kInvalidArgument source / source_id
// receptions.no_such_budget_row / category / description; kConflict
// receptions.costs_not_now, receptions.archived; kNotFound for an unknown cost.
Result<int64_t> AddCost(const Ctx& c, int64_t id, const Cost& cost);
Status PutCost(const Ctx& c, int64_t id, int64_t cost_id, const Cost& cost);
Status DeleteCost(const Ctx& c, int64_t id, int64_t cost_id);

// One task of the visit as the plan page and the run sheet show it.
struct TaskView {
  tasks::Task task;
  int64_t item_id = 0;
  std::optional<int64_t> staff_id;
  std::string staff_name;
  std::vector<std::string> roles;
  std::vector<std::string> backup_names;
  std::vector<int64_t> backup_user_ids;
  bool missed = false;  // open after its escalation time
  std::string completed_by_name;
};

// PLAN-7: one row of the staff arrangement table (time, place, matter, lead, accompany).
struct ArrangementRow {
  int64_t item_id = 0;
  std::string lead;                    // the lead's name and role
  std::vector<std::string> accompany;  // everyone else on duty, with their roles
};

struct ExecutionView {
  Reception r;  // head and parts (guests as stored: not shown)
  Execution e;
  std::string time_zone;        // the site's, for showing the times
  std::vector<TaskView> tasks;  // the item tasks, by due time
  std::optional<tasks::Task> followup_task;
  std::vector<ArrangementRow> arrangement;  // by item start
  std::vector<Cost> costs;
  Actuals actuals;
  std::vector<Followup> followups;
  std::vector<Annotation> annotations;
  bool may_run = false;       // start/finish, costs, follow-up, summary (status permitting)
  bool may_annotate = false;  // completed or archived, receptions.plan or .approve
};
// Errors: kNotFound; kForbidden error.out_of_scope.
Result<ExecutionView> GetExecution(const Ctx& c, int64_t id);

// PLAN-6: the run sheet of the signed-in user for local `date` (today by default) at a site
// (the first one by default): their tasks of the visits in progress and the ones they back
// up; with `all` (receptions.plan) every reception task of the site that day. By due time.
struct RunSheetEntry {
  TaskView view;
  Item item;
  int64_t reception_id = 0;
  std::string number, title, visiting_unit;
  bool backup = false;  // the reader is the B of this task, not its owner
};
struct RunSheet {
  int64_t site_id = 0;
  std::string time_zone;
  int32_t date = 0;
  std::vector<RunSheetEntry> entries;
};
Result<RunSheet> RunSheetOf(const Ctx& c, std::optional<int64_t> site_id,
                            std::optional<int32_t> date, bool all);
// Ticks a task off: its owner, its backups, or a planner of the reception. Errors:
// kNotFound (also for a task that is not a reception's); kForbidden receptions.not_your_task;
// kConflict tasks.not_open, receptions.archived.
Status Tick(const Ctx& c, int64_t task_id);

// Registers the handlers of the visit's tasks: due, tell the owner (and their backups);
// missed, tell the planner; the follow-up call due and missed.
void RegisterTaskHandlers(tasks::Scheduler& scheduler);

}  // namespace yingbin::receptions
