#include "receptions/execution.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "auth/directory.hpp"
#include "core/calendar.hpp"
#include "core/time.hpp"
#include "db/sql.hpp"
#include "notify/notify.hpp"
#include "org/directory.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "org/site_time.hpp"
#include "receptions/execution_store.hpp"
#include "receptions/internal.hpp"
#include "receptions/json.hpp"
#include "receptions/store.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::receptions {
namespace {

using api::Json;

constexpr int64_t kHourMs = 3600 * 1000;
constexpr int64_t kDayMs = 24 * kHourMs;

// --- settings (every number of a rule is one) ---

struct ExecCfg {
  TaskTiming timing;
  int64_t travel_hours = 8;
  int64_t followup_escalate_hours = 24;
};

Result<ExecCfg> LoadExecCfg(db::Connection& c) {
  ExecCfg cfg;
  struct Entry {
    const char* key;
    int64_t* out;
  } entries[] = {{"receptions.task_lead_minutes", &cfg.timing.lead_minutes},
                 {"receptions.pickup_lead_minutes", &cfg.timing.pickup_lead_minutes},
                 {"receptions.task_escalate_minutes", &cfg.timing.escalate_minutes},
                 {"receptions.travel_hours", &cfg.travel_hours},
                 {"receptions.followup_escalate_hours", &cfg.followup_escalate_hours}};
  for (auto& e : entries) {
    auto v = org::GetSetting(c, e.key);
    if (!v) return std::move(v).error();
    *e.out = *v;
  }
  return cfg;
}

Json IdsJson(const std::vector<int64_t>& ids) {
  Json out = Json::array();
  for (int64_t id : ids) out.push_back(id);
  return out;
}

std::vector<int64_t> IdsOf(const Json& j, const char* key) {
  std::vector<int64_t> out;
  if (!j.is_object() || !j.contains(key) || !j[key].is_array()) return out;
  for (const auto& v : j[key])
    if (v.is_number_integer()) out.push_back(v.get<int64_t>());
  return out;
}

std::vector<std::string> StringsOf(const Json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.is_object() || !j.contains(key) || !j[key].is_array()) return out;
  for (const auto& v : j[key])
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::optional<int64_t> OptIntOf(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer()) return std::nullopt;
  return j[key].get<int64_t>();
}

// The logins of staff members, looked up once per transaction.
class Logins {
 public:
  explicit Logins(db::Connection& tx) : tx_(tx) {}
  Result<std::optional<int64_t>> Of(int64_t staff_id) {
    auto it = cache_.find(staff_id);
    if (it != cache_.end()) return it->second;
    auto s = org::FindStaffBrief(tx_, staff_id);
    if (!s) return std::move(s).error();
    std::optional<int64_t> user = *s ? (*s)->user_id : std::nullopt;
    cache_[staff_id] = user;
    return user;
  }

 private:
  db::Connection& tx_;
  std::map<int64_t, std::optional<int64_t>> cache_;
};

// Every task of the visit that is not cancelled (the item tasks and the follow-up call).
Result<std::vector<tasks::Task>> VisitTasks(db::Connection& c, int64_t reception_id) {
  tasks::Query q;
  q.subject_type = kTaskSubject;
  q.subject_id = reception_id;
  q.open_only = false;
  q.limit = 100000;
  auto list = tasks::List(c, q);
  if (!list) return list;
  std::vector<tasks::Task> out;
  for (auto& t : *list)
    if (t.status != tasks::Status::kCancelled) out.push_back(std::move(t));
  return out;
}

TaskRow RowOf(const tasks::Task& t) {
  const Json p = Json::parse(t.payload_json, nullptr, false);
  TaskRow row;
  row.task_id = t.id;
  row.item_id = OptIntOf(p, "item_id").value_or(0);
  row.staff_id = OptIntOf(p, "staff_id");
  row.open = t.status == tasks::Status::kOpen;
  row.due_at = t.due_at;
  row.title = t.title;
  row.backup_staff_ids = IdsOf(p, "backup_staff_ids");
  return row;
}

TaskView ViewOf(const tasks::Task& t, int64_t now) {
  const Json p = Json::parse(t.payload_json, nullptr, false);
  TaskView v;
  v.task = t;
  v.item_id = OptIntOf(p, "item_id").value_or(0);
  v.staff_id = OptIntOf(p, "staff_id");
  v.staff_name = p.is_object() ? p.value("staff_name", "") : "";
  v.roles = StringsOf(p, "roles");
  v.backup_names = StringsOf(p, "backup_names");
  v.backup_user_ids = IdsOf(p, "backup_user_ids");
  v.missed = t.status == tasks::Status::kOpen && t.escalate_at && now >= *t.escalate_at;
  return v;
}

// A duty as a task: its owner (the person's login, else the planner, who acts for them) and
// its backups' logins.
struct DutyTask {
  tasks::Task task;
  std::vector<int64_t> backup_users;
};

// The payload a task of duty `d` carries: what the run sheet, the handlers and the diff read.
std::string PayloadOf(const Reception& r, const Duty& d, const std::vector<int64_t>& backup_users) {
  Json roles = Json::array();
  for (const auto& role : d.roles) roles.push_back(role);
  Json names = Json::array();
  for (const auto& n : d.backup_names) names.push_back(n);
  return Json({{"reception_id", r.id},
               {"item_id", d.item_id},
               {"day", d.day},
               {"staff_id", d.staff_id ? Json(*d.staff_id) : Json(nullptr)},
               {"staff_name", d.staff_name},
               {"roles", roles},
               {"lead", d.lead},
               {"backup_staff_ids", IdsJson(d.backup_staff_ids)},
               {"backup_names", names},
               {"backup_user_ids", IdsJson(backup_users)}})
      .dump();
}

// The task of duty `d` without its payload (PayloadOf: building it for every duty of a large
// plan costs more than the diff that decides which few tasks need one).
Result<DutyTask> TaskOf(Logins& logins, const Reception& r, Duty d) {
  DutyTask out;
  std::optional<int64_t> owner = r.created_by;
  if (d.staff_id) {
    auto user = logins.Of(*d.staff_id);
    if (!user) return std::move(user).error();
    if (*user)
      owner = *user;
    else
      d.title += "（代" + d.staff_name + "）";  // nobody's login: the planner acts for them
  }
  for (int64_t b : d.backup_staff_ids) {
    auto user = logins.Of(b);
    if (!user) return std::move(user).error();
    if (*user && *user != owner) out.backup_users.push_back(**user);
  }
  tasks::Task& t = out.task;
  t.kind = kItemTask;
  t.subject_type = kTaskSubject;
  t.subject_id = r.id;
  t.site_id = r.site_id;
  t.title = d.title;
  t.owner_user_id = owner;
  t.owner_staff_id = d.staff_id;
  t.due_at = d.due_at;
  t.escalate_at = d.escalate_at;
  t.escalate_to_user_id = r.created_by;
  return out;
}

// PLAN-6: makes the item tasks follow the plan. Answers the users whose tasks were created,
// moved or cancelled (owners and backups).
Result<std::set<int64_t>> SyncItemTasks(db::Connection& tx, const Ctx& c, const Reception& r,
                                        const ExecCfg& cfg,
                                        const std::vector<tasks::Task>& existing) {
  std::vector<Duty> duties = PlanDuties(r, cfg.timing, c.now);
  Logins logins(tx);
  std::vector<DutyTask> want;
  for (auto& d : duties) {
    auto t = TaskOf(logins, r, d);
    if (!t) return std::move(t).error();
    d.title = t->task.title;  // with "（代…）" when the planner acts for the person
    want.push_back(std::move(*t));
  }
  std::vector<TaskRow> have;
  std::map<int64_t, const tasks::Task*> by_id;
  for (const auto& t : existing) {
    if (t.kind != kItemTask) continue;
    have.push_back(RowOf(t));
    by_id[t.id] = &t;
  }
  const TaskChanges changes = DiffTasks(duties, have);
  for (size_t w : changes.create)
    want[w].task.payload_json = PayloadOf(r, duties[w], want[w].backup_users);
  for (const auto& [task_id, w] : changes.move)
    want[w].task.payload_json = PayloadOf(r, duties[w], want[w].backup_users);
  std::set<int64_t> affected;
  auto touch = [&](const tasks::Task& t) {
    if (t.owner_user_id) affected.insert(*t.owner_user_id);
    for (int64_t u : IdsOf(Json::parse(t.payload_json, nullptr, false), "backup_user_ids"))
      affected.insert(u);
  };
  for (size_t w : changes.create) {
    auto id = tasks::Create(tx, want[w].task, c.now);
    if (!id) return std::move(id).error();
    touch(want[w].task);
  }
  for (const auto& [task_id, w] : changes.move) {
    const tasks::Task& t = want[w].task;
    auto moved =
        tasks::Reschedule(tx, task_id, t.due_at, t.escalate_at, t.title, t.payload_json, c.now);
    if (!moved) return std::move(moved).error();
    touch(t);
    touch(*by_id[task_id]);
  }
  for (int64_t task_id : changes.cancel) {
    auto done = tasks::Cancel(tx, task_id, c.now);
    if (!done) return std::move(done).error();
    touch(*by_id[task_id]);
  }
  return affected;
}

Result<int64_t> VisitEnd(db::Connection& tx, const Reception& r) {
  auto cal = org::SiteCalendar(tx, r.site_id);
  if (!cal) return std::move(cal).error();
  return core::LocalTimeToUtc(*cal, r.end_date + 1, 0);
}

// PLAN-6: the follow-up call: the planner's task after the guests' estimated arrival home.
// Creates it, or moves the open one. Answers its due time.
Result<int64_t> SyncFollowup(db::Connection& tx, const Ctx& c, const Reception& r,
                             const ExecCfg& cfg, const std::vector<tasks::Task>& existing) {
  auto end = VisitEnd(tx, r);
  if (!end) return std::move(end).error();
  const int64_t due = FollowupDue(r.guests, r.items, *end, cfg.travel_hours);
  const int64_t escalate = due + cfg.followup_escalate_hours * kHourMs;
  const std::string title = "回访：" + r.visiting_unit + "（" + r.title + "）";
  const std::string payload = Json({{"reception_id", r.id}}).dump();
  bool any = false;
  for (const auto& t : existing) {
    if (t.kind != kFollowupTask) continue;
    any = true;
    if (t.status == tasks::Status::kOpen && t.due_at != due) {
      auto moved = tasks::Reschedule(tx, t.id, due, escalate, title, payload, c.now);
      if (!moved) return std::move(moved).error();
    }
  }
  if (!any) {
    tasks::Task t;
    t.kind = kFollowupTask;
    t.subject_type = kTaskSubject;
    t.subject_id = r.id;
    t.site_id = r.site_id;
    t.title = title;
    t.owner_user_id = r.created_by;
    t.due_at = due;
    t.escalate_at = escalate;
    t.escalate_to_user_id = r.created_by;
    t.payload_json = payload;
    auto id = tasks::Create(tx, t, c.now);
    if (!id) return std::move(id).error();
  }
  return due;
}

// "03-10 09:00 接站（司机）": one line of a person's duties.
std::string DutyLine(const Reception& r, const Duty& d) {
  for (const auto& it : r.items)
    if (it.id == d.item_id) return ItemLabel(it).substr(5, 11) + " " + d.title;
  return d.title;
}

// PLAN-6: tells each person their duties, and each backup what they stand in for.
Status TellDuties(db::Connection& tx, const Ctx& c, const Reception& r, const ExecCfg& cfg) {
  Logins logins(tx);
  std::map<int64_t, std::vector<std::string>> mine, backing;
  for (const auto& d : PlanDuties(r, cfg.timing, c.now)) {
    auto t = TaskOf(logins, r, d);
    if (!t) return std::move(t).error();
    if (t->task.owner_user_id) mine[*t->task.owner_user_id].push_back(DutyLine(r, d));
    for (int64_t b : t->backup_users)
      backing[b].push_back(DutyLine(r, d) + "，A角：" + d.staff_name);
  }
  const std::string head = r.number + " " + r.title + "（" + r.visiting_unit + "）";
  for (const auto& [user, lines] : mine) {
    std::string body = head;
    for (const auto& l : lines) body += "\n" + l;
    YB_RETURN_IF_ERROR(internal::Tell(tx, c.now, r, {user}, "reception.tasks",
                                      "接待任务：" + r.title, body, "/receptions/runsheet"));
  }
  for (const auto& [user, lines] : backing) {
    std::string body = head + "\n您是以下事项的 B 角（备岗），A 角不能到位时由您接替：";
    for (const auto& l : lines) body += "\n" + l;
    YB_RETURN_IF_ERROR(internal::Tell(tx, c.now, r, {user}, "reception.backup",
                                      "接待备岗（B角）：" + r.title, body, "/receptions/runsheet"));
  }
  return core::Ok();
}

core::Error OneOf(std::string field, const std::vector<std::string_view>& allowed) {
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return core::InvalidArgument(std::move(field), "validation.one_of").With("allowed", list);
}

Json CostJson(const Cost& k) {
  return {{"id", k.id},
          {"source", k.source},
          {"source_id", k.source_id ? Json(*k.source_id) : Json(nullptr)},
          {"category", k.category},
          {"description", k.description},
          {"amount_fen", k.amount_fen},
          {"receipt", k.receipt},
          {"spent_on", k.spent_on ? Json(core::FormatDate(*k.spent_on)) : Json(nullptr)}};
}

// PLAN-6: costs are recorded while the visit runs and after it.
Result<Reception> ForCosts(db::Connection& tx, const Ctx& c, int64_t id) {
  auto r = internal::FindVisible(tx, c.actor, id);
  if (!r) return r;
  YB_RETURN_IF_ERROR(internal::RefuseArchived(*r));
  if (r->status != State::kInProgress && r->status != State::kCompleted)
    return core::Conflict("receptions.costs_not_now", "status");
  return r;
}

// Fills the category (and a missing description) of a cost from its budget row.
Status CheckCost(db::Connection& tx, Reception& r, Cost& k) {
  if (k.source == "extra") {
    k.source_id.reset();
    if (std::find(BudgetCategories().begin(), BudgetCategories().end(), k.category) ==
        BudgetCategories().end())
      return OneOf("category", BudgetCategories());
    if (k.description.empty()) return core::InvalidArgument("description", "validation.required");
    return core::Ok();
  }
  if (k.source != "item" && k.source != "line") return OneOf("source", {"item", "line", "extra"});
  if (!k.source_id) return core::InvalidArgument("source_id", "validation.required");
  auto budget = internal::PlanBudget(tx, r);
  if (!budget) return std::move(budget).error();
  for (const auto& row : budget->rows)
    if (row.source == k.source && row.source_id == *k.source_id) {
      k.category = row.category;
      if (k.description.empty()) k.description = row.label;
      return core::Ok();
    }
  return core::InvalidArgument("source_id", "receptions.no_such_budget_row");
}

// Who ticked the task off, by name (looked up once per user).
Status NameCompleter(db::Connection& conn, std::map<int64_t, std::string>& names, TaskView& v) {
  if (!v.task.completed_by) return core::Ok();
  auto it = names.find(*v.task.completed_by);
  if (it == names.end()) {
    auto n = auth::UserName(conn, *v.task.completed_by);
    if (!n) return std::move(n).error();
    it = names.emplace(*v.task.completed_by, *n).first;
  }
  v.completed_by_name = it->second;
  return core::Ok();
}

Status Forbid(const Ctx& c) {
  return c.actor.Can("receptions.plan") ? core::Ok() : core::Status(core::Forbidden());
}

}  // namespace

// ---------------------------------------------------------------- the phases

Status Start(const Ctx& c, int64_t id) {
  YB_RETURN_IF_ERROR(Forbid(c));
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = internal::FindVisible(tx, c.actor, id);
    if (!found) return std::move(found).error();
    YB_RETURN_IF_ERROR(internal::RefuseArchived(*found));
    if (found->status != State::kApproved)
      return core::Conflict("receptions.not_approved", "status");
    auto cfg = LoadExecCfg(tx);
    if (!cfg) return std::move(cfg).error();
    Reception r = *found;
    r.status = State::kInProgress;
    auto existing = VisitTasks(tx, r.id);
    if (!existing) return std::move(existing).error();
    auto affected = SyncItemTasks(tx, c, r, *cfg, *existing);
    if (!affected) return std::move(affected).error();
    auto due = SyncFollowup(tx, c, r, *cfg, *existing);
    if (!due) return std::move(due).error();
    auto e = store::FindExecution(tx, r.id);
    if (!e) return std::move(e).error();
    e->started_at = c.now;
    e->started_by = internal::ActorId(c.actor);
    e->followup_due_at = *due;
    YB_RETURN_IF_ERROR(store::PutExecution(tx, r.id, *e));
    YB_RETURN_IF_ERROR(internal::Touch(tx, c, r));
    auto list = VisitTasks(tx, r.id);
    if (!list) return std::move(list).error();
    YB_RETURN_IF_ERROR(internal::RecordDecision(tx, c, r, "start",
                                                {{"tasks", static_cast<int64_t>(list->size()) - 1},
                                                 {"followup_due_at", core::FormatIsoUtc(*due)}}));
    YB_RETURN_IF_ERROR(internal::Audit(tx, c, "start", "reception", r.id,
                                       internal::HeadJson(*found), internal::HeadJson(r)));
    return TellDuties(tx, c, r, *cfg);
  });
}

Status Finish(const Ctx& c, int64_t id) {
  YB_RETURN_IF_ERROR(Forbid(c));
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = internal::FindVisible(tx, c.actor, id);
    if (!found) return std::move(found).error();
    YB_RETURN_IF_ERROR(internal::RefuseArchived(*found));
    if (found->status != State::kInProgress)
      return core::Conflict("receptions.not_in_progress", "status");
    Reception r = *found;
    auto list = VisitTasks(tx, r.id);
    if (!list) return std::move(list).error();
    int64_t total = 0, done = 0, missed = 0;
    for (const auto& t : *list) {
      if (t.kind != kItemTask) continue;
      ++total;
      if (t.status == tasks::Status::kDone) ++done;
      if (t.escalated_at) ++missed;
    }
    // What was not ticked by the end of the visit is not due any more.
    auto n = tasks::CancelFor(tx, kTaskSubject, r.id, std::string_view(kItemTask), c.now);
    if (!n) return std::move(n).error();
    r.status = State::kCompleted;
    auto e = store::FindExecution(tx, r.id);
    if (!e) return std::move(e).error();
    e->finished_at = c.now;
    e->finished_by = internal::ActorId(c.actor);
    YB_RETURN_IF_ERROR(store::PutExecution(tx, r.id, *e));
    YB_RETURN_IF_ERROR(internal::Touch(tx, c, r));
    YB_RETURN_IF_ERROR(internal::RecordDecision(
        tx, c, r, "finish",
        {{"tasks", total}, {"done", done}, {"missed", missed}, {"cancelled", *n}}));
    return internal::Audit(tx, c, "finish", "reception", r.id, internal::HeadJson(*found),
                           internal::HeadJson(r));
  });
}

Status AfterChangeInProgress(db::Connection& tx, const Ctx& c, const Reception& before,
                             const Reception& after) {
  if (after.status == State::kCancelled) {
    // The visit is called off: every open task goes, and everyone on duty hears why.
    auto list = VisitTasks(tx, after.id);
    if (!list) return std::move(list).error();
    std::vector<int64_t> users;
    for (const auto& t : *list) {
      if (t.status != tasks::Status::kOpen) continue;
      if (t.owner_user_id) users.push_back(*t.owner_user_id);
      for (int64_t u : IdsOf(Json::parse(t.payload_json, nullptr, false), "backup_user_ids"))
        users.push_back(u);
    }
    auto n = tasks::CancelFor(tx, kTaskSubject, after.id, std::nullopt, c.now);
    if (!n) return std::move(n).error();
    return internal::Tell(tx, c.now, after, users, "reception.cancelled",
                          "接待已取消：" + after.title,
                          after.number + " " + after.visiting_unit + "\n取消原因：" + c.reason,
                          "/receptions/runsheet");
  }
  if (after.status != State::kInProgress) return core::Ok();
  auto cfg = LoadExecCfg(tx);
  if (!cfg) return std::move(cfg).error();
  // The visit's tasks as they stand: the follow-up call is not touched by the item sync.
  auto existing = VisitTasks(tx, after.id);
  if (!existing) return std::move(existing).error();
  auto affected = SyncItemTasks(tx, c, after, *cfg, *existing);
  if (!affected) return std::move(affected).error();
  // PLAN-6: what changed, item by item, for the people on those items.
  std::vector<std::string> lines;
  std::set<int64_t> changed_items;
  for (const auto& b : before.items) {
    auto a = std::find_if(after.items.begin(), after.items.end(),
                          [&](const Item& x) { return x.id == b.id; });
    if (a == after.items.end()) {
      lines.push_back(ItemLabel(b) + "：已取消");
      changed_items.insert(b.id);
    } else if (auto what = ItemChange(b, *a); !what.empty()) {
      lines.push_back(ItemLabel(b) + "：" + what);
      changed_items.insert(b.id);
    }
  }
  for (const auto& a : after.items)
    if (std::none_of(before.items.begin(), before.items.end(),
                     [&](const Item& x) { return x.id == a.id; })) {
      lines.push_back(ItemLabel(a) + "：新增");
      changed_items.insert(a.id);
    }
  Logins logins(tx);
  for (const Reception* version : {&before, &after})
    for (const auto& d : PlanDuties(*version, cfg->timing, c.now)) {
      if (!changed_items.count(d.item_id)) continue;
      auto t = TaskOf(logins, *version, d);
      if (!t) return std::move(t).error();
      if (t->task.owner_user_id) affected->insert(*t->task.owner_user_id);
      affected->insert(t->backup_users.begin(), t->backup_users.end());
    }
  // The follow-up call follows the guests' departures.
  auto due = SyncFollowup(tx, c, after, *cfg, *existing);
  if (!due) return std::move(due).error();
  auto e = store::FindExecution(tx, after.id);
  if (!e) return std::move(e).error();
  if (e->followup_due_at != *due) {
    e->followup_due_at = *due;
    YB_RETURN_IF_ERROR(store::PutExecution(tx, after.id, *e));
  }
  if (affected->empty()) return core::Ok();
  std::string body = after.number + " " + after.title + "（" + after.visiting_unit + "）";
  if (lines.empty()) body += "\n您的接待任务有调整，请查看任务单。";
  for (const auto& l : lines) body += "\n" + l;
  if (!c.reason.empty()) body += "\n原因：" + c.reason;
  return internal::Tell(tx, c.now, after, std::vector<int64_t>(affected->begin(), affected->end()),
                        "reception.changed", "接待日程变更：" + after.title, body,
                        "/receptions/runsheet");
}

// ---------------------------------------------------------------- actual costs

Result<int64_t> AddCost(const Ctx& c, int64_t id, const Cost& in) {
  YB_RETURN_IF_ERROR(Forbid(c));
  return c.pool.Transaction<int64_t>([&](db::Connection& tx) -> Result<int64_t> {
    auto r = ForCosts(tx, c, id);
    if (!r) return std::move(r).error();
    Cost k = in;
    k.reception_id = id;
    YB_RETURN_IF_ERROR(CheckCost(tx, *r, k));
    k.recorded_by = internal::ActorId(c.actor);
    k.recorded_at = k.updated_at = c.now;
    auto cid = store::InsertCost(tx, k);
    if (!cid) return std::move(cid).error();
    k.id = *cid;
    YB_RETURN_IF_ERROR(
        internal::Audit(tx, c, "create", "reception_cost", k.id, nullptr, CostJson(k)));
    YB_RETURN_IF_ERROR(internal::Touch(tx, c, *r));
    return k.id;
  });
}

Status PutCost(const Ctx& c, int64_t id, int64_t cost_id, const Cost& in) {
  YB_RETURN_IF_ERROR(Forbid(c));
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto r = ForCosts(tx, c, id);
    if (!r) return std::move(r).error();
    auto costs = store::Costs(tx, id);
    if (!costs) return std::move(costs).error();
    auto old =
        std::find_if(costs->begin(), costs->end(), [&](const Cost& x) { return x.id == cost_id; });
    if (old == costs->end()) return core::NotFound();
    Cost k = in;
    k.id = cost_id;
    k.reception_id = id;
    YB_RETURN_IF_ERROR(CheckCost(tx, *r, k));
    k.updated_at = c.now;
    auto ok = store::UpdateCost(tx, k);
    if (!ok) return std::move(ok).error();
    YB_RETURN_IF_ERROR(
        internal::Audit(tx, c, "update", "reception_cost", cost_id, CostJson(*old), CostJson(k)));
    return internal::Touch(tx, c, *r);
  });
}

Status DeleteCost(const Ctx& c, int64_t id, int64_t cost_id) {
  YB_RETURN_IF_ERROR(Forbid(c));
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto r = ForCosts(tx, c, id);
    if (!r) return std::move(r).error();
    auto costs = store::Costs(tx, id);
    if (!costs) return std::move(costs).error();
    auto old =
        std::find_if(costs->begin(), costs->end(), [&](const Cost& x) { return x.id == cost_id; });
    if (old == costs->end()) return core::NotFound();
    auto gone = store::DeleteCost(tx, id, cost_id);
    if (!gone) return std::move(gone).error();
    YB_RETURN_IF_ERROR(
        internal::Audit(tx, c, "delete", "reception_cost", cost_id, CostJson(*old), nullptr));
    return internal::Touch(tx, c, *r);
  });
}

// ---------------------------------------------------------------- reading

Result<ExecutionView> GetExecution(const Ctx& c, int64_t id) {
  if (!c.actor.Can("receptions.read")) return core::Forbidden();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  db::Connection& conn = **lease;
  ExecutionView v;
  auto r = internal::FindVisible(conn, c.actor, id);
  if (!r) return std::move(r).error();
  v.r = std::move(*r);
  auto e = store::FindExecution(conn, id);
  if (!e) return std::move(e).error();
  v.e = std::move(*e);
  auto cal = org::SiteCalendar(conn, v.r.site_id);
  if (!cal) return std::move(cal).error();
  v.time_zone = cal->time_zone;
  auto cfg = LoadExecCfg(conn);
  if (!cfg) return std::move(cfg).error();
  auto list = VisitTasks(conn, id);
  if (!list) return std::move(list).error();
  std::map<int64_t, std::string> names;
  for (const auto& t : *list) {
    if (t.kind == kFollowupTask) {
      v.followup_task = t;
      continue;
    }
    TaskView tv = ViewOf(t, c.now);
    YB_RETURN_IF_ERROR(NameCompleter(conn, names, tv));
    v.tasks.push_back(std::move(tv));
  }
  // PLAN-7: the staff arrangement table: the lead and who accompanies, item by item.
  std::map<int64_t, ArrangementRow> rows;
  for (const auto& d : PlanDuties(v.r, cfg->timing, c.now)) {
    ArrangementRow& row = rows[d.item_id];
    row.item_id = d.item_id;
    std::vector<std::string> labels;
    for (const auto& role : d.roles)
      if (role != "planner") labels.push_back(RoleLabel(role));
    if (!d.staff_id) continue;  // nobody named
    std::string who = d.staff_name;
    if (!labels.empty()) {
      who += "（";
      for (size_t i = 0; i < labels.size(); ++i) who += (i ? "、" : "") + labels[i];
      who += "）";
    }
    if (d.lead)
      row.lead = who;
    else
      row.accompany.push_back(who);
  }
  std::vector<const Item*> items;
  for (const auto& it : v.r.items) items.push_back(&it);
  std::stable_sort(items.begin(), items.end(),
                   [](const Item* a, const Item* b) { return a->start_at < b->start_at; });
  for (const Item* it : items) {
    auto found = rows.find(it->id);
    v.arrangement.push_back(found == rows.end() ? ArrangementRow{it->id, "", {}} : found->second);
  }
  auto budget = internal::PlanBudget(conn, v.r);
  if (!budget) return std::move(budget).error();
  auto costs = store::Costs(conn, id);
  if (!costs) return std::move(costs).error();
  v.costs = std::move(*costs);
  v.actuals = CompareActual(*budget, v.costs, v.r.approved_total_fen);
  auto followups = store::Followups(conn, id);
  if (!followups) return std::move(followups).error();
  v.followups = std::move(*followups);
  auto notes = store::Annotations(conn, id);
  if (!notes) return std::move(notes).error();
  v.annotations = std::move(*notes);
  const State s = v.r.status;
  v.may_run = c.actor.Can("receptions.plan") &&
              (s == State::kApproved || s == State::kInProgress || s == State::kCompleted);
  v.may_annotate = (c.actor.Can("receptions.plan") || c.actor.Can("receptions.approve")) &&
                   (s == State::kCompleted || s == State::kArchived);
  return v;
}

Result<RunSheet> RunSheetOf(const Ctx& c, std::optional<int64_t> site_id,
                            std::optional<int32_t> date, bool all) {
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  db::Connection& conn = **lease;
  RunSheet out;
  if (site_id) {
    YB_RETURN_IF_ERROR(org::CheckSiteReference(conn, *site_id));
    out.site_id = *site_id;
  } else {
    auto first = db::FirstId(conn.Query("SELECT MIN(id) FROM sites"));
    if (!first) return std::move(first).error();
    out.site_id = first->value_or(0);
  }
  auto cal = org::SiteCalendar(conn, out.site_id);
  if (!cal) return std::move(cal).error();
  out.time_zone = cal->time_zone;
  if (date) {
    out.date = *date;
  } else {
    auto today = core::LocalDate(*cal, c.now);
    if (!today) return std::move(today).error();
    out.date = *today;
  }
  auto from = core::LocalTimeToUtc(*cal, out.date, 0);
  if (!from) return std::move(from).error();
  auto to = core::LocalTimeToUtc(*cal, out.date + 1, 0);
  if (!to) return std::move(to).error();
  // Tasks are due before their items (the lead time): look a day back, keep the date's items.
  tasks::Query q;
  q.site_id = out.site_id;
  q.subject_type = kTaskSubject;
  q.open_only = false;
  q.due_from = *from - kDayMs;
  q.due_to = *to;
  q.limit = 5000;
  auto list = tasks::List(conn, q);
  if (!list) return std::move(list).error();
  const bool planner = all && c.actor.Can("receptions.plan");
  std::map<int64_t, std::optional<Reception>> receptions;
  std::map<int64_t, std::string> names;
  for (const auto& t : *list) {
    if (t.kind != kItemTask || t.status == tasks::Status::kCancelled) continue;
    const Json p = Json::parse(t.payload_json, nullptr, false);
    if (OptIntOf(p, "day") != std::optional<int64_t>(out.date)) continue;
    TaskView tv = ViewOf(t, c.now);
    const bool mine = c.actor.user_id != 0 && t.owner_user_id == c.actor.user_id;
    const bool backup =
        c.actor.user_id != 0 && std::find(tv.backup_user_ids.begin(), tv.backup_user_ids.end(),
                                          c.actor.user_id) != tv.backup_user_ids.end();
    if (!mine && !backup && !planner) continue;
    auto rit = receptions.find(t.subject_id);
    if (rit == receptions.end()) {
      auto r = store::FindReception(conn, t.subject_id);
      if (!r) return std::move(r).error();
      rit = receptions.emplace(t.subject_id, std::move(*r)).first;
    }
    if (!rit->second) continue;
    const Reception& r = *rit->second;
    if (r.status != State::kInProgress && r.status != State::kCompleted) continue;
    if (!mine && !backup && !internal::Visible(c.actor, r)) continue;
    auto item = std::find_if(r.items.begin(), r.items.end(),
                             [&](const Item& x) { return x.id == tv.item_id; });
    if (item == r.items.end()) continue;
    YB_RETURN_IF_ERROR(NameCompleter(conn, names, tv));
    RunSheetEntry e;
    e.view = std::move(tv);
    e.item = *item;
    e.reception_id = r.id;
    e.number = r.number;
    e.title = r.title;
    e.visiting_unit = r.visiting_unit;
    e.backup = backup && !mine;
    out.entries.push_back(std::move(e));
  }
  std::stable_sort(out.entries.begin(), out.entries.end(),
                   [](const RunSheetEntry& a, const RunSheetEntry& b) {
                     if (a.item.start_at != b.item.start_at)
                       return a.item.start_at < b.item.start_at;
                     return a.view.task.id < b.view.task.id;
                   });
  return out;
}

Status Tick(const Ctx& c, int64_t task_id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto t = tasks::Get(tx, task_id);
    if (!t) return std::move(t).error();
    if (t->subject_type != kTaskSubject || t->kind != kItemTask) return core::NotFound();
    auto found = store::FindReception(tx, t->subject_id);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    const Reception& r = **found;
    YB_RETURN_IF_ERROR(internal::RefuseArchived(r));
    const TaskView v = ViewOf(*t, c.now);
    const bool mine = c.actor.user_id != 0 && t->owner_user_id == c.actor.user_id;
    const bool backup =
        c.actor.user_id != 0 && std::find(v.backup_user_ids.begin(), v.backup_user_ids.end(),
                                          c.actor.user_id) != v.backup_user_ids.end();
    const bool planner = c.actor.Can("receptions.plan") && internal::Visible(c.actor, r);
    if (!mine && !backup && !planner) return core::Forbidden("receptions.not_your_task");
    if (r.status != State::kInProgress)
      return core::Conflict("receptions.not_in_progress", "status");
    YB_RETURN_IF_ERROR(tasks::Complete(tx, task_id, c.actor.user_id, c.now));
    YB_RETURN_IF_ERROR(internal::Audit(tx, c, "complete", "reception_task", task_id, nullptr,
                                       {{"reception_id", r.id},
                                        {"item_id", v.item_id},
                                        {"title", t->title},
                                        {"as", mine     ? "owner"
                                               : backup ? "backup"
                                                        : "planner"}}));
    // The planner's page and the others' run sheets reload.
    std::vector<int64_t> users;
    if (r.created_by) users.push_back(*r.created_by);
    return notify::SendLiveUpdate(tx, c.now, "reception.task_done", t->title,
                                  Json({{"reception_id", r.id}, {"task_id", task_id}}).dump(),
                                  r.site_id, users);
  });
}

// ---------------------------------------------------------------- timed duties

void RegisterTaskHandlers(tasks::Scheduler& scheduler) {
  // PLAN-6: an item falls due: its person's phone rings (their backups hear it too).
  auto due = [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto found = store::FindReception(tx, t.subject_id);
    if (!found) return std::move(found).error();
    if (!*found || (*found)->status != State::kInProgress) return core::Ok();
    const Reception& r = **found;
    const TaskView v = ViewOf(t, now);
    std::string body = r.number + " " + r.title + "（" + r.visiting_unit + "）";
    for (const auto& it : r.items)
      if (it.id == v.item_id) {
        body += "\n" + ItemLabel(it);
        if (!it.venue_name.empty() || !it.place.empty())
          body += "\n地点：" + (it.venue_name.empty() ? it.place : it.venue_name);
        if (!it.vehicle.empty()) body += "\n车辆：" + it.vehicle;
        if (!it.notes.empty()) body += "\n备注：" + it.notes;
      }
    if (t.owner_user_id)
      YB_RETURN_IF_ERROR(internal::Tell(tx, now, r, {*t.owner_user_id}, "reception.task_due",
                                        "接待任务：" + t.title, body, "/receptions/runsheet"));
    return internal::Tell(
        tx, now, r, v.backup_user_ids, "reception.task_due", "接待任务（备岗）：" + t.title,
        body + "\nA 角：" + v.staff_name + "，如其不能到位请您接替。", "/receptions/runsheet");
  };
  // PLAN-6: missed: still open after the item began: the planner hears of it.
  auto missed = [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto found = store::FindReception(tx, t.subject_id);
    if (!found) return std::move(found).error();
    if (!*found || (*found)->status != State::kInProgress) return core::Ok();
    const Reception& r = **found;
    const TaskView v = ViewOf(t, now);
    std::vector<int64_t> users;
    if (t.escalate_to_user_id) users.push_back(*t.escalate_to_user_id);
    if (users.empty() && r.created_by) users.push_back(*r.created_by);
    std::string who = v.staff_name.empty() ? "经办人" : v.staff_name;
    return internal::Tell(
        tx, now, r, users, "reception.task_missed", "接待任务未完成：" + t.title,
        r.number + " " + r.title + "：“" + t.title + "”已超时未确认完成（" + who + "）。");
  };
  scheduler.On(kItemTask, due, missed);
  // PLAN-6: the follow-up call after the guests' estimated arrival home.
  auto followup_due = [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto found = store::FindReception(tx, t.subject_id);
    if (!found) return std::move(found).error();
    if (!*found || (*found)->status == State::kCancelled) return core::Ok();
    const Reception& r = **found;
    if (!t.owner_user_id) return core::Ok();
    return internal::Tell(tx, now, r, {*t.owner_user_id}, "reception.followup_due", t.title,
                          r.number + "：客人应已返程到达，请致电回访并记录意见（" + r.unit_contact +
                              " " + r.unit_contact_phone + "）。");
  };
  auto followup_missed = [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto found = store::FindReception(tx, t.subject_id);
    if (!found) return std::move(found).error();
    if (!*found || (*found)->status == State::kCancelled) return core::Ok();
    const Reception& r = **found;
    auto owners = internal::Owners(tx, r);
    if (!owners) return std::move(owners).error();
    return internal::Tell(tx, now, r, std::move(*owners), "reception.followup_missed",
                          "回访未完成：" + r.title, r.number + "：回访电话尚未记录。");
  };
  scheduler.On(kFollowupTask, followup_due, followup_missed);
}

}  // namespace yingbin::receptions
