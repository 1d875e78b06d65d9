#include "complaints/service.hpp"

#include <algorithm>
#include <cctype>

#include "audit/audit.hpp"
#include "auth/directory.hpp"
#include "complaints/clocks.hpp"
#include "complaints/history.hpp"
#include "complaints/internal.hpp"
#include "complaints/json.hpp"
#include "complaints/red_alert.hpp"
#include "complaints/replies.hpp"
#include "complaints/search.hpp"
#include "complaints/store.hpp"
#include "core/identity.hpp"
#include "core/search_keys.hpp"
#include "core/time.hpp"
#include "db/counters.hpp"
#include "db/full_text.hpp"
#include "notify/notify.hpp"
#include "org/directory.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "org/site_time.hpp"
#include "roster/service.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::complaints {
namespace {

using core::Status;

// Tasks of this module: a clock's warning, then its breach (subject: the clock). A running
// clock has one open task at a time, the next of the two: the breach's is written when the
// warning fires. Half the task rows at intake, where the writer's time per ticket is the
// limit (docs/benchmarks.md).
constexpr char kClockSubject[] = "complaint_clock";
constexpr char kTaskWarn[] = "complaint.clock_warn";
constexpr char kTaskDue[] = "complaint.clock_due";

core::Error UnknownReference(std::string field) {
  return core::InvalidArgument(std::move(field), "validation.unknown_reference");
}

auth::Principal SystemActor() {
  auth::Principal p;
  p.username = "system";
  p.display_name = "system";
  p.scope = auth::DataScope::kAll;
  return p;
}

std::optional<int64_t> UserOf(const auth::Principal& p) {
  return p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt;
}

Result<Ticket> Required(Result<std::optional<Ticket>> r) {
  if (!r) return std::move(r).error();
  if (!*r) return core::NotFound();
  return std::move(**r);
}

bool CanSee(const auth::Principal& p, const Ticket& t) {
  if (p.user_id && (t.owner_user_id == p.user_id || t.assignee_user_id == p.user_id)) return true;
  return p.Can("complaints.read") && p.InScope(t.department_id);
}

Actor ActorOf(const auth::Principal& p, const Ticket& t) {
  Actor a;
  a.owner = p.user_id && t.owner_user_id == p.user_id;
  a.assignee = p.user_id && t.assignee_user_id == p.user_id;
  a.writer = p.Can("complaints.write") && p.InScope(t.department_id);
  a.reviewer = p.Can("complaints.review") && p.InScope(t.department_id);
  return a;
}

// " AND (<department in scope> OR owned OR handled)" for a department-scoped reader; for
// a caller without complaints.read only their own tickets.
std::string VisibleCondition(const auth::Principal& p) {
  const std::string me = std::to_string(p.user_id);
  const std::string own =
      p.user_id ? "t.owner_user_id = " + me + " OR t.assignee_user_id = " + me : "1 = 0";
  if (!p.Can("complaints.read")) return " AND (" + own + ")";
  if (p.scope != auth::DataScope::kDepartment) return "";
  std::string ids;
  for (int64_t id : p.scope_department_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  std::string dept = "t.department_id IS NULL";
  if (!ids.empty()) dept += " OR t.department_id IN (" + ids + ")";
  return " AND (" + dept + " OR " + own + ")";
}

// --- the timeline, the audit trail and telling people ---

Status AddEvent(db::Connection& tx, const Ticket& t, const auth::Principal& actor, int64_t now,
                std::string kind, TicketStatus from, TicketStatus to, std::string note,
                api::Json data = api::Json::object()) {
  Event e;
  e.complaint_id = t.id;
  e.at = now;
  e.actor_user_id = UserOf(actor);
  e.actor_name = actor.ActorName();
  e.kind = std::move(kind);
  e.from_status = StatusName(from);
  e.to_status = StatusName(to);
  e.note = std::move(note);
  e.data_json = data.dump();
  return store::InsertEvent(tx, e);
}

Status Audit(db::Connection& tx, const auth::Principal& actor, int64_t now, const char* action,
             const Ticket* before, const Ticket& after, const std::string& reason) {
  return audit::Record(tx, actor, now,
                       {action, "complaint", after.id, before ? TicketText(*before) : "",
                        TicketText(after), reason});
}

// What a notice or a live update says of the ticket (written with every intake).
std::string Payload(const Ticket& t) {
  api::JsonWriter w;
  w.BeginObject();
  w.Key("complaint_id").Int(t.id).Key("number").String(t.number);
  w.Key("status").String(StatusName(t.status)).Key("site_id").Int(t.site_id);
  w.Key("department_id").OptInt(t.department_id);
  w.Key("assignee_user_id").OptInt(t.assignee_user_id);
  w.EndObject();
  return std::move(w).Take();
}

std::string Headline(const Ticket& t) {
  std::string s = t.number;
  if (!t.subject.empty()) s += " " + t.subject;
  return s;
}

// Bell, e-mail by preference and webhooks (topic `topic`) for `users` (each once, no one
// twice, never nobody).
Status Tell(db::Connection& tx, int64_t now, const Ticket& t, std::vector<int64_t> users,
            const std::string& topic, const std::string& subject, const std::string& body) {
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  users.erase(std::remove(users.begin(), users.end(), 0), users.end());
  notify::Message m;
  m.topic = topic;
  m.subject = subject;
  m.body = body;
  m.link = "/complaints/" + std::to_string(t.id);
  m.payload_json = Payload(t);
  m.user_ids = std::move(users);
  m.live_site_ids = {t.site_id};
  return notify::Send(tx, now, m);
}

std::vector<int64_t> People(std::initializer_list<std::optional<int64_t>> ids) {
  std::vector<int64_t> out;
  for (const auto& id : ids)
    if (id) out.push_back(*id);
  return out;
}

// Open screens (lists, the ticket page) reload.
Status Changed(db::Connection& tx, int64_t now, const Ticket& t) {
  return notify::SendLiveUpdate(tx, now, "complaint.changed", t.number, Payload(t), t.site_id,
                                People({t.owner_user_id, t.assignee_user_id}));
}

// --- settings and calendars ---

Result<int64_t> Setting(db::Connection& tx, std::string_view key) {
  return org::GetSetting(tx, key);
}

Result<Limit> CallbackLimit(db::Connection& tx) {
  auto hours = Setting(tx, "complaints.callback_hours");
  if (!hours) return std::move(hours).error();
  return Limit{*hours, LimitUnit::kHours};
}

Result<Limit> StepLimit(db::Connection& tx) {
  auto days = Setting(tx, "complaints.escalation_step_days");
  if (!days) return std::move(days).error();
  return Limit{*days, LimitUnit::kWorkingDays};
}

// --- clocks (CMP-5, CMP-6) ---

// The clock's next task: its warning while that is to come, else its breach.
Status ScheduleClockTasks(db::Connection& tx, const Ticket& t, const Clock& k, int64_t now) {
  tasks::Task task;
  task.subject_type = kClockSubject;
  task.subject_id = k.id;
  task.site_id = t.site_id;
  task.owner_user_id = t.assignee_user_id ? t.assignee_user_id : t.owner_user_id;
  task.payload_json = api::Json({{"complaint_id", t.id}, {"kind", k.kind}}).dump();
  if (k.warn_at && !k.warned_at) {
    task.kind = kTaskWarn;
    task.title = "工单即将超时：" + Headline(t);
    task.due_at = *k.warn_at;
  } else if (!k.breached_at) {
    task.kind = kTaskDue;
    task.title = "工单时限到期：" + Headline(t);
    task.due_at = k.due_at;
  } else {
    return core::Ok();
  }
  auto id = tasks::Create(tx, task, now);
  if (!id) return std::move(id).error();
  return core::Ok();
}

Status DropClockTasks(db::Connection& tx, int64_t clock_id, int64_t now) {
  auto n = tasks::CancelFor(tx, kClockSubject, clock_id, std::nullopt, now);
  if (!n) return std::move(n).error();
  return core::Ok();
}

// A clock of `kind` planned on the ticket's site calendar; nullopt when the type has no
// such limit and nothing was agreed.
Result<std::optional<ClockPlan>> PlanTicketClock(db::Connection& tx, const Ticket& t,
                                                 const std::string& kind, int64_t start,
                                                 const Limit& limit,
                                                 std::optional<int64_t> agreed) {
  if (limit.value <= 0 && !agreed) return std::optional<ClockPlan>();
  auto cal = org::SiteCalendar(tx, t.site_id);
  if (!cal) return std::move(cal).error();
  auto warn = Setting(tx, "complaints.warn_percent");
  if (!warn) return std::move(warn).error();
  auto plan = PlanClock(*cal, kind, start, limit, agreed, *warn);
  if (!plan) return std::move(plan).error();
  return std::optional<ClockPlan>(std::move(*plan));
}

// Writes a planned clock of ticket `t` (already written) and schedules its tasks.
Status StartPlannedClock(db::Connection& tx, const Ticket& t, const ClockPlan& plan,
                         int64_t now) {
  Clock k;
  k.complaint_id = t.id;
  k.kind = plan.kind;
  k.started_at = plan.started_at;
  k.limit = plan.limit;
  k.limit_due_at = plan.limit_due_at;
  k.due_at = plan.due_at;
  k.warn_at = plan.warn_at;
  k.agreed = plan.agreed;
  k.created_at = now;
  auto id = store::InsertClock(tx, k);
  if (!id) return std::move(id).error();
  k.id = *id;
  // A ticket that waits on the customer starts its new clocks paused too.
  if (t.paused_since) {
    k.paused_since = now;
    return store::UpdateClock(tx, k);
  }
  return ScheduleClockTasks(tx, t, k, now);
}

Status StartClock(db::Connection& tx, const Ticket& t, const std::string& kind, int64_t start,
                  const Limit& limit, std::optional<int64_t> agreed, int64_t now) {
  auto plan = PlanTicketClock(tx, t, kind, start, limit, agreed);
  if (!plan) return std::move(plan).error();
  if (!*plan) return core::Ok();
  return StartPlannedClock(tx, t, **plan, now);
}

bool KindIn(const Clock& k, std::initializer_list<const char*> kinds) {
  return std::any_of(kinds.begin(), kinds.end(), [&](const char* x) { return k.kind == x; });
}

// Met (met = true) or cancelled: the running clocks of these kinds stop.
Status StopClocks(db::Connection& tx, const Ticket& t, std::initializer_list<const char*> kinds,
                  bool met, int64_t now) {
  auto clocks = store::SelectClocks(tx, t.id);
  if (!clocks) return std::move(clocks).error();
  for (Clock k : *clocks) {
    if (!k.Running() || !KindIn(k, kinds)) continue;
    if (k.paused_since) {
      k.paused_ms += now - *k.paused_since;
      k.paused_since.reset();
    }
    if (met)
      k.met_at = now;
    else
      k.cancelled_at = now;
    YB_RETURN_IF_ERROR(store::UpdateClock(tx, k));
    YB_RETURN_IF_ERROR(DropClockTasks(tx, k.id, now));
  }
  return core::Ok();
}

Status RefreshNextDue(db::Connection& tx, Ticket& t) {
  auto next = store::NextDue(tx, t.id);
  if (!next) return std::move(next).error();
  t.next_due_at = *next;
  return core::Ok();
}

// The answer clock of the type, started now (intake, reopen, review sent back).
Status StartAnswerClock(db::Connection& tx, const Ticket& t, int64_t start, int64_t now) {
  auto type = store::FindType(tx, t.type);
  if (!type) return std::move(type).error();
  if (!*type) return UnknownReference("type");
  std::optional<int64_t> agreed;
  if (t.agreed_deadline && *t.agreed_deadline > start) agreed = t.agreed_deadline;
  return StartClock(tx, t, "answer", start, (*type)->answer, agreed, now);
}

// --- attitude complaints (CMP-5) ---

// Whether the ticket's cause class is about a person's attitude.
Result<bool> IsAttitudeComplaint(db::Connection& tx, const Ticket& t) {
  if (!t.cause_class) return false;
  auto k = store::FindCause(tx, *t.cause_class);
  if (!k) return std::move(k).error();
  return *k && (*k)->attitude;
}

// CMP-5: once an attitude complaint is handled, the handling opinion on the staff member
// (recorded as the ticket's attribution, CMP-8) is due the same or the next day: the
// "opinion" clock, unless an opinion was given already or its clock runs.
Status StartOpinionClock(db::Connection& tx, const Ticket& t, int64_t now) {
  auto attitude = IsAttitudeComplaint(tx, t);
  if (!attitude) return std::move(attitude).error();
  if (!*attitude) return core::Ok();
  auto given = store::HasAttribution(tx, t.id);
  if (!given) return std::move(given).error();
  if (*given) return core::Ok();
  auto clocks = store::SelectClocks(tx, t.id);
  if (!clocks) return std::move(clocks).error();
  for (const Clock& k : *clocks)
    if (k.kind == "opinion" && k.Running()) return core::Ok();
  auto days = Setting(tx, "complaints.opinion_days");
  if (!days) return std::move(days).error();
  return StartClock(tx, t, "opinion", now, Limit{*days, LimitUnit::kWorkingDays}, std::nullopt,
                    now);
}

// --- routing and assignment (CMP-2, CMP-3) ---

// The first org department named like one of `names` ("/" between alternatives: the
// routing matrix's seeded names, the HR department's setting); nullopt when none exists.
Result<std::optional<org::DepartmentBrief>> FirstDepartmentNamed(db::Connection& tx,
                                                                 const std::string& names) {
  size_t from = 0;
  while (from <= names.size()) {
    const size_t slash = names.find('/', from);
    const std::string name =
        names.substr(from, slash == std::string::npos ? std::string::npos : slash - from);
    from = slash == std::string::npos ? names.size() + 1 : slash + 1;
    if (name.empty()) continue;
    auto found = org::FindDepartmentsByName(tx, name);
    if (!found) return std::move(found).error();
    if (!found->empty()) return std::optional<org::DepartmentBrief>(found->front());
  }
  return std::optional<org::DepartmentBrief>();
}

// The department a cause class goes to: the administrator's choice, else the first org
// department named like one of the seeded names; nullopt when none exists (unrouted).
Result<std::optional<org::DepartmentBrief>> Route(db::Connection& tx, const CauseClass& k) {
  if (k.department_id) return org::FindDepartmentBrief(tx, *k.department_id);
  return FirstDepartmentNamed(tx, k.department_names);
}

Result<std::optional<int64_t>> UserOfStaff(db::Connection& tx, std::optional<int64_t> staff_id) {
  if (!staff_id) return std::optional<int64_t>();
  auto s = org::FindStaffBrief(tx, *staff_id);
  if (!s) return std::move(s).error();
  if (!*s || !(*s)->active || !(*s)->user_id) return std::optional<int64_t>();
  auto enabled = auth::EnabledUsers(tx, {*(*s)->user_id});
  if (!enabled) return std::move(enabled).error();
  if (enabled->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(enabled->front());
}

// CMP-3: the least-loaded member of the department on duty: active staff with an enabled
// account, not absent now (roster), fewest tickets in hand, then lowest user id. Without
// anyone, the department's supervisor, else its head.
Result<std::optional<int64_t>> PickHandler(db::Connection& tx, int64_t department_id, int64_t now) {
  auto staff = org::StaffOfDepartment(tx, department_id);
  if (!staff) return std::move(staff).error();
  std::vector<int64_t> staff_ids, user_ids;
  for (const auto& s : *staff) {
    if (!s.user_id) continue;
    staff_ids.push_back(s.id);
    user_ids.push_back(*s.user_id);
  }
  auto enabled = auth::EnabledUsers(tx, user_ids);
  if (!enabled) return std::move(enabled).error();
  auto absent = roster::AbsentAt(tx, staff_ids, now);
  if (!absent) return std::move(absent).error();
  auto load = store::OpenLoad(tx, *enabled);
  if (!load) return std::move(load).error();
  std::vector<Candidate> candidates;
  for (size_t i = 0; i < staff_ids.size(); ++i) {
    if (std::find(enabled->begin(), enabled->end(), user_ids[i]) == enabled->end()) continue;
    const bool away = std::find(absent->begin(), absent->end(), staff_ids[i]) != absent->end();
    candidates.push_back({user_ids[i], (*load)[user_ids[i]], !away});
  }
  if (auto pick = PickLeastLoaded(candidates)) return std::optional<int64_t>(*pick);
  auto supervisor = store::DepartmentSupervisor(tx, department_id);
  if (!supervisor) return std::move(supervisor).error();
  if (*supervisor) return *supervisor;
  auto dept = org::FindDepartmentBrief(tx, department_id);
  if (!dept) return std::move(dept).error();
  if (!*dept) return std::optional<int64_t>();
  return UserOfStaff(tx, (*dept)->head_staff_id);
}

Status CheckUser(db::Connection& tx, int64_t user_id, const char* field) {
  auto enabled = auth::EnabledUsers(tx, {user_id});
  if (!enabled) return std::move(enabled).error();
  if (enabled->empty()) return UnknownReference(field);
  return core::Ok();
}

// --- the ladder (CMP-5, CMP-11) ---

Result<std::optional<int64_t>> GmOfficeUser(db::Connection& tx) {
  auto configured = Setting(tx, "complaints.gm_user_id");
  if (!configured) return std::move(configured).error();
  if (*configured > 0) {
    auto enabled = auth::EnabledUsers(tx, {*configured});
    if (!enabled) return std::move(enabled).error();
    if (!enabled->empty()) return std::optional<int64_t>(*configured);
  }
  auto gm = auth::UsersWithRole(tx, "gm_office");
  if (!gm) return std::move(gm).error();
  if (gm->empty()) return std::optional<int64_t>();
  // Several people in the GM office: the one with the fewest tickets in hand.
  auto load = store::OpenLoad(tx, *gm);
  if (!load) return std::move(load).error();
  std::vector<Candidate> c;
  for (int64_t id : *gm) c.push_back({id, (*load)[id], true});
  return PickLeastLoaded(c);
}

Result<LadderPeople> LadderOf(db::Connection& tx, std::optional<int64_t> department_id) {
  LadderPeople p;
  if (department_id) {
    auto l = store::FindDepartmentLadder(tx, *department_id);
    if (!l) return std::move(l).error();
    if (*l) {
      if ((*l)->supervisor_user_id) {
        auto ok = auth::EnabledUsers(tx, {*(*l)->supervisor_user_id});
        if (!ok) return std::move(ok).error();
        if (!ok->empty()) p.supervisor = (*l)->supervisor_user_id;
      }
      if ((*l)->head_user_id) {
        auto ok = auth::EnabledUsers(tx, {*(*l)->head_user_id});
        if (!ok) return std::move(ok).error();
        if (!ok->empty()) p.head = (*l)->head_user_id;
      }
    }
  }
  auto gm = GmOfficeUser(tx);
  if (!gm) return std::move(gm).error();
  p.gm = *gm;
  return p;
}

// One rung up: the assignee CHANGES (not merely told), the rung's own deadline starts,
// everyone concerned is told. Errors: kConflict complaints.ladder_top.
Status Escalate(db::Connection& tx, Ticket& t, const auth::Principal& actor, int64_t now,
                const std::string& reason, bool by_breach) {
  auto people = LadderOf(tx, t.department_id);
  if (!people) return std::move(people).error();
  auto step = NextStep(t.ladder_step, t.assignee_user_id, *people);
  if (!step) return core::Conflict("complaints.ladder_top");
  const std::optional<int64_t> previous = t.assignee_user_id;
  const int from_step = t.ladder_step;
  t.assignee_user_id = step->user_id;
  t.ladder_step = step->step;
  YB_RETURN_IF_ERROR(StopClocks(tx, t, {"escalation"}, false, now));
  auto limit = StepLimit(tx);
  if (!limit) return std::move(limit).error();
  YB_RETURN_IF_ERROR(StartClock(tx, t, "escalation", now, *limit, std::nullopt, now));
  auto to_name = auth::UserName(tx, step->user_id);
  if (!to_name) return std::move(to_name).error();
  YB_RETURN_IF_ERROR(AddEvent(tx, t, actor, now, "escalated", t.status, t.status, reason,
                              {{"from_user_id", api::IntOrNull(previous)},
                               {"to_user_id", step->user_id},
                               {"to_name", *to_name},
                               {"from_step", from_step},
                               {"to_step", step->step},
                               {"by", by_breach ? "breach" : "hand"}}));
  static const char* kRung[] = {"经办人", "主管", "部门负责人", "总经办"};
  return Tell(
      tx, now, t, People({t.assignee_user_id, previous, t.owner_user_id}), "complaint.escalated",
      "工单已升级至" + std::string(kRung[step->step]) + "：" + Headline(t),
      "工单 " + t.number + " 已升级，现由 " + *to_name + " 处理（CMP-5）。\n原因：" + reason);
}

// --- HR's copy of an attitude complaint's opinion (CMP-5) ---

// The people the HR department's copy goes to: the users of the first org department named
// like one of complaints.hr_department_names; without one, the GM office. nullopt
// department: none was found.
struct HrPeople {
  std::optional<org::DepartmentBrief> department;
  std::vector<int64_t> users;
};
Result<HrPeople> FindHrPeople(db::Connection& tx) {
  HrPeople out;
  auto names = org::GetTextSetting(tx, "complaints.hr_department_names");
  if (!names) return std::move(names).error();
  auto department = FirstDepartmentNamed(tx, *names);
  if (!department) return std::move(department).error();
  out.department = std::move(*department);
  if (out.department) {
    auto users = org::UsersOfDepartment(tx, out.department->id);
    if (!users) return std::move(users).error();
    out.users = std::move(*users);
  }
  if (out.users.empty()) {
    auto gm = GmOfficeUser(tx);
    if (!gm) return std::move(gm).error();
    if (*gm) out.users.push_back(**gm);
  }
  return out;
}

// --- customers (DATA-2) ---

struct PreparedPhone {
  std::string enc, index, hint, tail;
};

Result<PreparedPhone> PreparePhone(const core::FieldCipher& cipher, const std::string& phone) {
  PreparedPhone out;
  if (phone.empty()) return out;
  const std::string n = core::NormalisePhone(phone);
  if (n.size() < 3) return core::InvalidArgument("phone", "validation.phone");
  out.enc = cipher.Encrypt(n, store::kCustomerPhoneField);
  out.index = cipher.BlindIndex(n, store::kCustomerPhoneField);
  out.hint = core::MaskPhone(n);
  if (n.size() >= 4) out.tail = n.substr(n.size() - 4);
  return out;
}

std::string LowerAscii(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// The customer: found by phone, else by e-mail, else new. Answers the customer as the
// ticket shows them once this intake is written: a returning customer's fields that the
// intake left empty keep their stored values (store::TouchCustomer). The encrypted phone
// is not in the answer.
Result<store::CustomerRow> CustomerFor(db::Connection& tx, const core::FieldCipher& cipher,
                                       const IntakeInput& in, int64_t now) {
  auto phone = PreparePhone(cipher, in.phone);
  if (!phone) return std::move(phone).error();
  store::CustomerRow row;
  row.name = in.customer_name;
  row.organisation = in.organisation;
  row.phone_enc = phone->enc;
  row.phone_index = phone->index;
  row.phone_hint = phone->hint;
  row.phone_tail = phone->tail;
  row.email = LowerAscii(in.email);
  std::optional<store::CustomerRow> found;
  if (!row.phone_index.empty()) {
    auto by_phone = store::FindCustomerByPhone(tx, row.phone_index);
    if (!by_phone) return std::move(by_phone).error();
    found = std::move(*by_phone);
  }
  if (!found && !row.email.empty()) {
    auto by_email = store::FindCustomerByEmail(tx, row.email);
    if (!by_email) return std::move(by_email).error();
    found = std::move(*by_email);
  }
  if (found) {
    row.id = found->id;
    for (auto [mine, stored] : {std::pair{&row.name, &found->name},
                                {&row.organisation, &found->organisation},
                                {&row.phone_hint, &found->phone_hint},
                                {&row.email, &found->email}})
      if (mine->empty()) *mine = *stored;
    row.search_doc = core::SearchDocument({row.name, row.organisation});
    YB_RETURN_IF_ERROR(store::TouchCustomer(tx, row, found->search_doc, now));
  } else {
    row.search_doc = core::SearchDocument({row.name, row.organisation});
    auto id = store::InsertCustomer(tx, row, now);
    if (!id) return std::move(id).error();
    row.id = *id;
  }
  row.phone_enc.clear();
  return row;
}

// --- the steps that intake and Act share ---

// CMP-2/CMP-3: type, cause class, severity; routed by the matrix unless a department is
// named. GEN-6: the first staff member who handles an unowned ticket owns it.
Status DoClassify(db::Connection& tx, Ticket& t, const auth::Principal& actor, int64_t now,
                  const ActionInput& in) {
  if (in.type && *in.type != t.type) {
    auto type = store::FindType(tx, *in.type);
    if (!type) return std::move(type).error();
    if (!*type || !(*type)->active) return UnknownReference("type");
  }
  std::optional<std::string> cause = in.cause_class ? in.cause_class : t.cause_class;
  if (!cause) return core::InvalidArgument("cause_class", "validation.required");
  auto k = store::FindCause(tx, *cause);
  if (!k) return std::move(k).error();
  if (!*k || !(*k)->active) return UnknownReference("cause_class");
  if (in.severity && !IsSeverity(*in.severity))
    return core::InvalidArgument("severity", "validation.invalid");
  std::optional<int64_t> department;
  if (in.department_id) {
    auto d = org::FindDepartmentBrief(tx, *in.department_id);
    if (!d) return std::move(d).error();
    if (!*d) return UnknownReference("department_id");
    department = (*d)->id;
  } else {
    auto routed = Route(tx, **k);
    if (!routed) return std::move(routed).error();
    if (*routed) department = (*routed)->id;
  }
  // A department-scoped clerk routes only into their departments.
  if (department && !actor.InScope(department) && !actor.Can("complaints.review"))
    return core::Forbidden("error.out_of_scope");
  const bool type_changed = in.type && *in.type != t.type;
  if (in.type) t.type = *in.type;
  t.cause_class = *cause;
  if (in.severity) t.severity = *in.severity;
  t.department_id = department;
  if (!t.owner_user_id && actor.user_id) t.owner_user_id = actor.user_id;
  if (type_changed) {
    // The new type's limits count from the intake, as if it had been that type at once.
    YB_RETURN_IF_ERROR(StopClocks(tx, t, {"first_contact", "answer"}, false, now));
    auto type = store::FindType(tx, t.type);
    if (!type) return std::move(type).error();
    YB_RETURN_IF_ERROR(StartClock(tx, t, "first_contact", t.created_at, (*type)->first_contact,
                                  std::nullopt, now));
    std::optional<int64_t> agreed;
    if (t.agreed_deadline) agreed = t.agreed_deadline;
    YB_RETURN_IF_ERROR(StartClock(tx, t, "answer", t.created_at, (*type)->answer, agreed, now));
  }
  return core::Ok();
}

// CMP-4: the handler (named, else the least loaded on duty) and the notice to the
// department.
Status DoDispatch(db::Connection& tx, Ticket& t, const auth::Principal& actor, int64_t now,
                  std::optional<int64_t> assignee) {
  if (!t.department_id) return core::Conflict("complaints.unrouted", "department_id");
  int step = 0;
  if (assignee) {
    YB_RETURN_IF_ERROR(CheckUser(tx, *assignee, "assignee_user_id"));
  } else if (t.agitated) {
    // CMP-5: an agitated customer's case goes to the department's supervisor at once, who
    // has one rung's time to give a result before it goes higher.
    auto people = LadderOf(tx, t.department_id);
    if (!people) return std::move(people).error();
    auto up = NextStep(0, std::nullopt, *people);
    if (up && up->step < 3) {
      assignee = up->user_id;
      step = up->step;
    }
  }
  if (!assignee) {
    auto picked = PickHandler(tx, *t.department_id, now);
    if (!picked) return std::move(picked).error();
    if (!*picked) return core::Conflict("complaints.no_handler", "assignee_user_id");
    assignee = *picked;
  }
  t.assignee_user_id = assignee;
  t.ladder_step = step;
  YB_RETURN_IF_ERROR(StopClocks(tx, t, {"escalation"}, false, now));
  if (step > 0) {
    auto limit = StepLimit(tx);
    if (!limit) return std::move(limit).error();
    YB_RETURN_IF_ERROR(StartClock(tx, t, "escalation", now, *limit, std::nullopt, now));
  }
  if (!t.owner_user_id && actor.user_id) t.owner_user_id = actor.user_id;
  auto latest = store::LatestNotice(tx, t.id);
  if (!latest) return std::move(latest).error();
  Notice n;
  n.complaint_id = t.id;
  n.round = *latest ? (*latest)->round + 1 : 1;
  n.department_id = t.department_id;
  n.dispatched_at = now;
  n.dispatched_by = UserOf(actor);
  auto id = store::InsertNotice(tx, n);
  if (!id) return std::move(id).error();
  return Tell(tx, now, t, People({t.assignee_user_id}), "complaint.dispatched",
              "新的客户工单：" + Headline(t),
              "工单 " + t.number + "（" + t.customer_name + "）已派发给您处理。\n" + t.description +
                  "\n请确认《顾客投诉处理告知单》并在处理后填写原因、措施和责任人。");
}

// Validates and creates a ticket; classifies and dispatches it at once when asked.
Result<int64_t> CreateTicket(db::Connection& tx, const auth::Principal& actor, int64_t now,
                             const core::FieldCipher& cipher, const IntakeInput& in,
                             bool by_staff) {
  if (!IsChannel(in.channel)) return core::InvalidArgument("channel", "validation.invalid");
  if (!IsSeverity(in.severity)) return core::InvalidArgument("severity", "validation.invalid");
  auto site_name = org::SiteNameOf(tx, in.site_id);
  if (!site_name) return std::move(site_name).error();
  auto type = store::FindType(tx, in.type);
  if (!type) return std::move(type).error();
  if (!*type || !(*type)->active || (!by_staff && !(*type)->on_public_form))
    return UnknownReference("type");
  if (in.customer_name.empty())
    return core::InvalidArgument("customer_name", "validation.required");
  if (in.description.empty()) return core::InvalidArgument("description", "validation.required");
  if (in.agreed_deadline && *in.agreed_deadline <= now)
    return core::InvalidArgument("agreed_deadline", "complaints.deadline_past");
  auto customer = CustomerFor(tx, cipher, in, now);
  if (!customer) return std::move(customer).error();
  auto day = org::SiteDay(tx, in.site_id, now);
  if (!day) return std::move(day).error();
  auto seq = db::NextCounter(tx, "complaint:" + std::to_string(*day));
  if (!seq) return std::move(seq).error();
  auto prefix = org::GetTextSetting(tx, "complaints.number_prefix");
  if (!prefix) return std::move(prefix).error();

  Ticket t;
  t.number = TicketNumber(*prefix, *day, *seq);
  t.type = in.type;
  t.channel = in.channel;
  t.site_id = in.site_id;
  t.customer_id = customer->id;
  t.subject = in.subject;
  t.description = in.description;
  t.customer_request = in.customer_request;
  t.severity = in.severity;
  t.agitated = in.agitated;
  // GEN-6: the staff member who took it owns it; a web or e-mail ticket waits to be taken.
  if (by_staff && actor.user_id) t.owner_user_id = actor.user_id;
  t.agreed_deadline = in.agreed_deadline;
  t.call_id = in.call_id;
  t.created_by = UserOf(actor);
  t.created_at = t.updated_at = now;
  // CMP-5: the clocks of the type, on the site's business calendar. Planned before the
  // ticket is written, so that it is written once, with the earliest of their deadlines
  // (an UPDATE of a new ticket rewrote every index of `complaints`).
  auto first_contact =
      PlanTicketClock(tx, t, "first_contact", now, (*type)->first_contact, std::nullopt);
  if (!first_contact) return std::move(first_contact).error();
  auto answer = PlanTicketClock(tx, t, "answer", now, (*type)->answer, in.agreed_deadline);
  if (!answer) return std::move(answer).error();
  for (const auto* plan : {&*first_contact, &*answer})
    if (*plan && (!t.next_due_at || (*plan)->due_at < *t.next_due_at))
      t.next_due_at = (*plan)->due_at;
  auto id = store::InsertTicket(tx, t);
  if (!id) return std::move(id).error();
  t.id = *id;
  // What store::FindTicket joins to the row, known here without reading it back.
  t.type_name = (*type)->name_zh_cn;
  t.site_name = std::move(*site_name);
  t.customer_name = customer->name;
  t.customer_organisation = customer->organisation;
  t.customer_phone_hint = customer->phone_hint;
  t.customer_email = customer->email;
  // The owner is the actor (GEN-6), named as the audit row names them.
  if (t.owner_user_id) t.owner_name = actor.ActorName();
  for (const auto* plan : {&*first_contact, &*answer})
    if (*plan) YB_RETURN_IF_ERROR(StartPlannedClock(tx, t, **plan, now));
  YB_RETURN_IF_ERROR(AddEvent(tx, t, actor, now, "created", TicketStatus::kReceived,
                              TicketStatus::kReceived, "",
                              {{"channel", in.channel}, {"call_id", api::IntOrNull(in.call_id)}}));

  const bool classified_now = by_staff && in.cause_class;
  if (classified_now) {
    ActionInput ci;
    ci.cause_class = in.cause_class;
    ci.department_id = in.department_id;
    YB_RETURN_IF_ERROR(DoClassify(tx, t, actor, now, ci));
    t.status = TicketStatus::kClassified;
    YB_RETURN_IF_ERROR(AddEvent(
        tx, t, actor, now, "classify", TicketStatus::kReceived, t.status, "",
        {{"cause_class", *t.cause_class}, {"department_id", api::IntOrNull(t.department_id)}}));
    if (in.dispatch_now) {
      YB_RETURN_IF_ERROR(DoDispatch(tx, t, actor, now, std::nullopt));
      t.status = TicketStatus::kDispatched;
      YB_RETURN_IF_ERROR(AddEvent(tx, t, actor, now, "dispatch", TicketStatus::kClassified,
                                  t.status, "",
                                  {{"assignee_user_id", api::IntOrNull(t.assignee_user_id)}}));
    }
  }
  if (classified_now) {  // classifying and dispatching changed the ticket and its clocks
    YB_RETURN_IF_ERROR(RefreshNextDue(tx, t));
    YB_RETURN_IF_ERROR(store::UpdateTicket(tx, t));
  }
  // The ticket as its audit row, the notices and the red-alert rules see it. As written,
  // unless classifying (department, handler, cause) or the call (its number) added joined
  // names: reading it back was a query of eight joins inside every intake's write.
  // tests/api/complaints.test.mjs holds the audit row equal to the ticket read afterwards.
  // Not overdue: every clock planned above is due after `now`.
  if (classified_now || t.call_id) {
    auto read = Required(store::FindTicket(tx, t.id, now));
    if (!read) return std::move(read).error();
    t = std::move(*read);
  }
  YB_RETURN_IF_ERROR(Audit(tx, actor, now, "create", nullptr, t, ""));
  if (!t.owner_user_id) {
    // Nobody took it yet: whoever registers complaints hears of it (GEN-6).
    auto clerks = auth::UsersWithPermission(tx, "complaints.write");
    if (!clerks) return std::move(clerks).error();
    YB_RETURN_IF_ERROR(Tell(tx, now, t, *clerks, "complaint.received",
                            "新的客户来信（" + std::string(in.channel == "web" ? "网页" : "邮件") +
                                "）：" + Headline(t),
                            t.customer_name + "：" + t.description));
  }
  YB_RETURN_IF_ERROR(Changed(tx, now, t));
  // CMP-7: evaluated at intake (severity, a repeat complainant, keywords).
  YB_RETURN_IF_ERROR(RaiseIfRed(tx, t, actor, now));
  return t.id;
}

Result<Ticket> Load(db::Pool& pool, int64_t id, int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return Required(store::FindTicket(**lease, id, now));
}

// CMP-10: the actions whose note is said to the customer: the report of the result, a
// progress contact, the callback.
bool SpeaksToCustomer(Action a) {
  return a == Action::kReport || a == Action::kContact || a == Action::kCallbackSatisfied ||
         a == Action::kCallbackUnsatisfied || a == Action::kCallbackAccepted;
}

bool NeedsNote(Action a, const Actor& actor) {
  switch (a) {
    case Action::kRejectReview:
    case Action::kPause:
    case Action::kTransfer:
    case Action::kRedirect:
    case Action::kEscalate:
    case Action::kCallbackUnsatisfied:
    case Action::kCallbackAccepted:
    case Action::kNote:
    case Action::kContact:
    case Action::kReport:
      return true;
    case Action::kArchive:
      return !actor.owner;  // the GM office signs off for the owner: say why
    default:
      return false;
  }
}

// The warning before a breach, and the breach (CMP-5): recorded on the clock and in the
// timeline, told to the handler and the owner; a breached first-contact, answer or ladder
// step moves the ticket one rung up.
Status OnClockTask(db::Connection& tx, const tasks::Task& task, int64_t now, bool breach) {
  auto done =
      tasks::CompleteFor(tx, kClockSubject, task.subject_id, std::string_view(task.kind), 0, now);
  if (!done) return std::move(done).error();
  auto found = store::FindClock(tx, task.subject_id);
  if (!found) return std::move(found).error();
  if (!*found) return core::Ok();
  Clock k = **found;
  if (!k.Running() || k.paused_since) return core::Ok();
  auto ticket = Required(store::FindTicket(tx, k.complaint_id, now));
  if (!ticket) return std::move(ticket).error();
  Ticket t = *ticket;
  const Ticket before = t;
  const auth::Principal actor = SystemActor();
  const std::string due_text = org::FormatSiteTime(tx, t.site_id, k.due_at);
  const api::Json data = {
      {"clock_id", k.id}, {"kind", k.kind}, {"due_at", core::FormatIsoUtc(k.due_at)}};
  if (!breach) {
    if (k.warned_at || !k.warn_at || now < *k.warn_at) {
      // Nothing to warn of (a task left from before a change): the clock gets its next one.
      YB_RETURN_IF_ERROR(DropClockTasks(tx, k.id, now));
      return ScheduleClockTasks(tx, t, k, now);
    }
    k.warned_at = now;
    YB_RETURN_IF_ERROR(store::UpdateClock(tx, k));
    YB_RETURN_IF_ERROR(ScheduleClockTasks(tx, t, k, now));  // the breach's task, from now on
    YB_RETURN_IF_ERROR(AddEvent(tx, t, actor, now, "clock_warning", t.status, t.status, "", data));
    YB_RETURN_IF_ERROR(
        Tell(tx, now, t, People({t.assignee_user_id, t.owner_user_id}), "complaint.warning",
             std::string("工单即将超时（") + ClockKindLabel(k.kind) + "）：" + Headline(t),
             "工单 " + t.number + " 的" + ClockKindLabel(k.kind) + "时限将于 " + due_text +
                 " 到期（CMP-5）。"));
    return Changed(tx, now, t);
  }
  if (k.breached_at || now < k.due_at) return core::Ok();
  k.breached_at = now;
  YB_RETURN_IF_ERROR(store::UpdateClock(tx, k));
  YB_RETURN_IF_ERROR(AddEvent(tx, t, actor, now, "clock_breached", t.status, t.status, "", data));
  YB_RETURN_IF_ERROR(Tell(tx, now, t, People({t.assignee_user_id, t.owner_user_id}),
                          "complaint.breached",
                          std::string("工单已超时（") + ClockKindLabel(k.kind) + "）：" + Headline(t),
                          "工单 " + t.number + " 的" + ClockKindLabel(k.kind) + "时限已于 " + due_text +
                              " 到期（CMP-5）。"));
  const bool ladder = KindIn(k, {"first_contact", "answer", "escalation"});
  const bool worked =
      t.status == TicketStatus::kDispatched || t.status == TicketStatus::kInProgress;
  if (ladder && worked) {
    auto up = Escalate(tx, t, actor, now,
                       std::string("CMP-5：") + ClockKindLabel(k.kind) + "时限已过，自动升级", true);
    if (!up && up.error().key != "complaints.ladder_top") return std::move(up).error();
    if (!up)  // nobody higher: the breach stays on the dashboard
      YB_RETURN_IF_ERROR(AddEvent(tx, t, actor, now, "ladder_top", t.status, t.status, "", data));
  }
  YB_RETURN_IF_ERROR(RefreshNextDue(tx, t));
  t.updated_at = now;
  YB_RETURN_IF_ERROR(store::UpdateTicket(tx, t));
  auto after = Required(store::FindTicket(tx, t.id, now));
  if (!after) return std::move(after).error();
  YB_RETURN_IF_ERROR(Audit(tx, actor, now, "breach", &before, *after, "CMP-5"));
  return Changed(tx, now, *after);
}

}  // namespace

// ---------------------------------------------------------------- intake (CMP-1)

Sender ParseSender(const std::string& from) {
  auto trim = [](std::string s) {
    const char* ws = " \t\r\n\"'";
    s.erase(0, s.find_first_not_of(ws));
    const size_t end = s.find_last_not_of(ws);
    s.erase(end == std::string::npos ? 0 : end + 1);
    return s;
  };
  Sender out;
  const size_t lt = from.rfind('<');
  const size_t gt = from.rfind('>');
  std::string address;
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
    out.name = trim(from.substr(0, lt));
    address = trim(from.substr(lt + 1, gt - lt - 1));
  } else {
    address = trim(from);
  }
  const size_t at = address.find('@');
  if (at == std::string::npos || at == 0 || address.find('.', at) == std::string::npos ||
      address.find_first_of(" <>,;") != std::string::npos)
    return Sender{out.name, ""};
  out.email = LowerAscii(address);
  if (out.name.empty()) out.name = address.substr(0, at);
  return out;
}

Result<int64_t> DefaultSite(db::Pool& pool) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto id = store::FirstSiteId(**lease);
  if (!id) return std::move(id).error();
  if (!*id) return core::InvalidArgument("site_id", "validation.required");
  return **id;
}

Result<int64_t> IntakeInTransaction(db::Connection& tx, const auth::Principal& actor, int64_t now,
                                    const core::FieldCipher& cipher, const IntakeInput& in) {
  return CreateTicket(tx, actor, now, cipher, in, /*by_staff=*/true);
}

Result<int64_t> Intake(const Ctx& c, const IntakeInput& in) {
  return c.pool.Transaction<int64_t>([&](db::Connection& tx) {
    return CreateTicket(tx, c.actor, c.now, c.cipher, in, /*by_staff=*/true);
  });
}

Result<Ticket> PublicIntake(db::Pool& pool, const core::FieldCipher& cipher, int64_t now,
                            const IntakeInput& in) {
  if (in.phone.empty() && in.email.empty())
    return core::InvalidArgument("phone", "complaints.contact_required");
  auth::Principal web;
  web.username = "public";
  web.display_name = "网页表单";
  auto id = pool.Transaction<int64_t>([&](db::Connection& tx) {
    return CreateTicket(tx, web, now, cipher, in, /*by_staff=*/false);
  });
  if (!id) return std::move(id).error();
  return Load(pool, *id, now);
}

Result<Ticket> InboundEmail(const Ctx& c, int64_t site_id, const std::string& from,
                            const std::string& subject, const std::string& text) {
  const Sender sender = ParseSender(from);
  if (sender.email.empty()) return core::InvalidArgument("from", "validation.email");
  if (text.empty()) return core::InvalidArgument("text", "validation.required");
  IntakeInput in;
  in.site_id = site_id;
  in.channel = "email";
  in.customer_name = sender.name;
  in.email = sender.email;
  in.subject = subject;
  in.description = text;
  auto id = c.pool.Transaction<int64_t>([&](db::Connection& tx) {
    // Any work-order type may come by e-mail: the mailbox is the staff's.
    return CreateTicket(tx, c.actor, c.now, c.cipher, in, /*by_staff=*/false);
  });
  if (!id) return std::move(id).error();
  return Load(c.pool, *id, c.now);
}

// ---------------------------------------------------------------- reading

Result<TicketPage> ListTickets(db::Pool& pool, const core::FieldCipher& cipher,
                               const auth::Principal& p, const TicketQuery& q, int64_t limit,
                               int64_t offset, int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  std::vector<db::Value> params;
  std::string where = "1 = 1";
  auto add = [&](const std::string& cond, db::Value v) {
    params.push_back(std::move(v));
    where += " AND " + cond + "$" + std::to_string(params.size());
  };
  if (q.status) {
    if (*q.status == "open")
      where += " AND t.is_open = 1";
    else
      add("t.status = ", *q.status);
  }
  if (q.type) add("t.type = ", *q.type);
  if (q.department_id) {
    add("t.department_id = ", *q.department_id);
    if (!q.status) where += " AND t.is_open = 1";  // the department's open list
  }
  if (q.site_id) add("t.site_id = ", *q.site_id);
  if (q.customer_id) add("t.customer_id = ", *q.customer_id);
  if (q.assignee_user_id) add("t.assignee_user_id = ", *q.assignee_user_id);
  if (!q.number.empty()) add("t.number = ", q.number);
  // A search's condition goes last: its count and page forms differ (complaints/search.hpp).
  std::optional<TicketSearchSql> search;
  if (!q.q.empty()) {
    auto cond = TicketSearchCondition(**lease, cipher, q.q, params);
    if (!cond) return std::move(cond).error();
    search = std::move(*cond);
  }
  if (q.unrouted) where += " AND t.department_id IS NULL AND t.is_open = 1";
  if (q.mine) {
    const std::string me = std::to_string(p.user_id);
    where += " AND (t.owner_user_id = " + me + " OR t.assignee_user_id = " + me + ")";
  }
  if (q.overdue) {
    params.push_back(now);
    where +=
        " AND EXISTS (SELECT 1 FROM complaint_clocks x WHERE x.complaint_id = t.id "
        "AND x.met_at IS NULL AND x.cancelled_at IS NULL AND x.paused_since IS NULL "
        "AND x.due_at <= $" +
        std::to_string(params.size()) + ")";
  }
  where += VisibleCondition(p);
  const std::string count_where = search ? where + " AND " + search->count : where;
  const std::string page_where = search ? where + " AND " + search->page : where;
  auto total = store::CountTickets(**lease, count_where, params,
                                   search ? std::optional<int64_t>(db::kSearchCountCap) : std::nullopt);
  if (!total) return std::move(total).error();
  const std::string order =
      q.department_id ? "t.next_due_at ASC NULLS LAST, t.id" : "t.created_at DESC, t.id DESC";
  TicketPage page;
  page.total = *total;
  if (search) {
    // The page's ids first, then their rows: a search may match thousands of tickets, and
    // reading each one's names and overdue flag before sorting them away cost 15 ms for
    // 1,500 matches (bench/complaints.sh).
    auto ids = store::SelectTicketIds(**lease, page_where, params, order, limit, offset);
    if (!ids) return std::move(ids).error();
    if (ids->empty()) return page;
    std::string list;
    for (int64_t id : *ids) list += (list.empty() ? "" : ",") + std::to_string(id);
    auto items = store::SelectTickets(**lease, "t.id IN (" + list + ")", {}, order,
                                      static_cast<int64_t>(ids->size()), 0, now);
    if (!items) return std::move(items).error();
    page.items = std::move(*items);
  } else {
    auto items = store::SelectTickets(**lease, page_where, params, order, limit, offset, now);
    if (!items) return std::move(items).error();
    page.items = std::move(*items);
  }
  if (search && page.total > db::kSearchCountCap) {
    page.total = db::kSearchCountCap;
    page.total_capped = true;
  }
  return page;
}

Result<TicketView> GetTicket(db::Pool& pool, const auth::Principal& p, int64_t id, int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto t = Required(store::FindTicket(**lease, id, now));
  if (!t) return std::move(t).error();
  if (!CanSee(p, *t)) return core::Forbidden("error.out_of_scope");
  TicketView v;
  v.ticket = std::move(*t);
  auto events = store::SelectEvents(**lease, id);
  if (!events) return std::move(events).error();
  v.events = std::move(*events);
  auto clocks = store::SelectClocks(**lease, id);
  if (!clocks) return std::move(clocks).error();
  v.clocks = std::move(*clocks);
  auto notices = store::SelectNotices(**lease, id);
  if (!notices) return std::move(notices).error();
  v.notices = std::move(*notices);
  for (Action a :
       AllowedActions(v.ticket.status, v.ticket.paused_since.has_value(), ActorOf(p, v.ticket))) {
    if (a == Action::kClaim && v.ticket.owner_user_id) continue;
    if (a == Action::kClaim && !p.user_id) continue;
    v.actions.push_back(a);
  }
  v.unrouted = v.ticket.status != TicketStatus::kReceived && !v.ticket.department_id;
  return v;
}

Result<std::vector<OverdueClock>> Overdue(db::Pool& pool, const auth::Principal& p,
                                          std::optional<int64_t> department_id, int64_t now,
                                          int64_t limit) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  std::vector<db::Value> params;
  std::string where = "1 = 1";
  if (department_id) {
    params.push_back(*department_id);
    where += " AND t.department_id = $1";
  }
  where += VisibleCondition(p);
  return store::SelectOverdue(**lease, now, where, params, limit);
}

Result<std::string> RevealPhone(const Ctx& c, int64_t id) {
  return c.pool.Transaction<std::string>([&](db::Connection& tx) -> Result<std::string> {
    auto t = Required(store::FindTicket(tx, id, c.now));
    if (!t) return std::move(t).error();
    if (!CanSee(c.actor, *t)) return core::Forbidden("error.out_of_scope");
    const Actor a = ActorOf(c.actor, *t);
    // The owner and the handler call the customer back; anyone else reveals with a reason.
    if (!a.owner && !a.assignee) {
      if (!c.actor.Can("sensitive.reveal")) return core::Forbidden();
      if (c.reason.empty()) return core::InvalidArgument("reason", "validation.required");
    }
    auto enc = store::CustomerPhoneEnc(tx, t->customer_id);
    if (!enc) return std::move(enc).error();
    if (!*enc || (*enc)->empty()) return core::NotFound();
    auto clear = c.cipher.Decrypt(**enc, store::kCustomerPhoneField);
    if (!clear) return std::move(clear).error();
    // DATA-2: the audit row names what was revealed, never the value.
    YB_RETURN_IF_ERROR(audit::Record(
        tx, c.actor, c.now,
        {"reveal", "complaint", id, "", api::Json({{"field", "customer.phone"}}).dump(),
         c.reason.empty() ? "回访客户" : c.reason}));
    return *clear;
  });
}

// ---------------------------------------------------------------- acting (CMP-4)

Status ActInTransaction(db::Connection& tx, const Ctx& c, int64_t id, Action action,
                        const ActionInput& in) {
  auto found = Required(store::FindTicket(tx, id, c.now));
  if (!found) return std::move(found).error();
  const Ticket before = *found;
  if (!CanSee(c.actor, before)) return core::Forbidden("error.out_of_scope");
  const Actor actor = ActorOf(c.actor, before);
  if (!MayAct(action, actor)) return core::Forbidden("complaints.not_allowed");
  auto to = Next(before.status, action);
  if (!to) return std::move(to).error();
  if (before.paused_since && NeedsRunning(action)) return core::Conflict("complaints.paused");
  if (action == Action::kResume && !before.paused_since)
    return core::Conflict("complaints.not_paused");
  if (NeedsNote(action, actor) && in.note.empty())
    return core::InvalidArgument("note", "validation.required");
  // CMP-10: what goes to the customer passes the forbidden-phrase check; nothing is saved
  // when it does not.
  if (SpeaksToCustomer(action)) YB_RETURN_IF_ERROR(CheckCustomerText(tx, "note", in.note));
  if (action == Action::kResolve)
    YB_RETURN_IF_ERROR(CheckCustomerText(tx, "resolution", in.resolution));

  Ticket t = before;
  const int64_t now = c.now;
  api::Json data = api::Json::object();
  switch (action) {
    case Action::kClaim:
      if (t.owner_user_id) return core::Conflict("complaints.already_owned");
      if (!c.actor.user_id) return core::Forbidden("complaints.not_allowed");
      t.owner_user_id = c.actor.user_id;  // GEN-6
      break;
    case Action::kClassify:
      YB_RETURN_IF_ERROR(DoClassify(tx, t, c.actor, now, in));
      data = {{"cause_class", *t.cause_class},
              {"type", t.type},
              {"department_id", api::IntOrNull(t.department_id)}};
      break;
    case Action::kDispatch:
      YB_RETURN_IF_ERROR(DoDispatch(tx, t, c.actor, now, in.assignee_user_id));
      data = {{"assignee_user_id", api::IntOrNull(t.assignee_user_id)}};
      break;
    case Action::kAcknowledge: {
      auto n = store::LatestNotice(tx, t.id);
      if (!n) return std::move(n).error();
      if (*n && !(*n)->acknowledged_at) {
        Notice notice = **n;
        notice.acknowledged_at = now;
        notice.acknowledged_by = UserOf(c.actor);
        YB_RETURN_IF_ERROR(store::UpdateNotice(tx, notice));
      }
      break;
    }
    case Action::kReturnNotice: {
      if (in.cause.empty()) return core::InvalidArgument("cause", "validation.required");
      if (in.fix.empty()) return core::InvalidArgument("fix", "validation.required");
      if (in.responsible_person.empty())
        return core::InvalidArgument("responsible_person", "validation.required");
      if (in.responsible_staff_id) {
        auto s = org::FindStaffBrief(tx, *in.responsible_staff_id);
        if (!s) return std::move(s).error();
        if (!*s) return UnknownReference("responsible_staff_id");
      }
      auto n = store::LatestNotice(tx, t.id);
      if (!n) return std::move(n).error();
      if (!*n) return core::Conflict("complaints.notice_not_returned");
      Notice notice = **n;
      auto day = org::SiteDay(tx, t.site_id, now);
      if (!day) return std::move(day).error();
      if (!notice.acknowledged_at) {
        notice.acknowledged_at = now;
        notice.acknowledged_by = UserOf(c.actor);
      }
      notice.returned_at = now;
      notice.returned_by = UserOf(c.actor);
      notice.cause = in.cause;
      notice.fix = in.fix;
      notice.responsible_person = in.responsible_person;
      notice.responsible_staff_id = in.responsible_staff_id;
      notice.handled_on = *day;
      YB_RETURN_IF_ERROR(store::UpdateNotice(tx, notice));
      data = {{"round", notice.round}, {"responsible_person", in.responsible_person}};
      YB_RETURN_IF_ERROR(
          Tell(tx, now, t, People({t.owner_user_id}), "complaint.notice_returned",
               "告知单已返回：" + Headline(t),
               "原因：" + in.cause + "\n措施：" + in.fix + "\n责任人：" + in.responsible_person));
      break;
    }
    case Action::kResolve: {
      if (in.resolution.empty()) return core::InvalidArgument("resolution", "validation.required");
      t.resolution = in.resolution;
      t.resolved_at = now;
      YB_RETURN_IF_ERROR(StopClocks(tx, t, {"first_contact", "answer", "escalation"}, true, now));
      auto limit = CallbackLimit(tx);
      if (!limit) return std::move(limit).error();
      // CMP-6: the callback within 24 h of the resolution.
      YB_RETURN_IF_ERROR(StartClock(tx, t, "callback", now, *limit, std::nullopt, now));
      YB_RETURN_IF_ERROR(StartOpinionClock(tx, t, now));
      auto reviewers = auth::UsersWithPermission(tx, "complaints.review");
      if (!reviewers) return std::move(reviewers).error();
      std::vector<int64_t> to_tell = *reviewers;
      if (t.owner_user_id) to_tell.push_back(*t.owner_user_id);
      YB_RETURN_IF_ERROR(Tell(tx, now, t, to_tell, "complaint.resolved",
                              "工单已解决，待复核：" + Headline(t), in.resolution));
      break;
    }
    case Action::kReview: {
      auto n = store::LatestNotice(tx, t.id);
      if (!n) return std::move(n).error();
      YB_RETURN_IF_ERROR(CheckNoticeComplete(*n));  // the review gate (CMP-4)
      break;
    }
    case Action::kRejectReview:
      YB_RETURN_IF_ERROR(StopClocks(tx, t, {"callback"}, false, now));
      YB_RETURN_IF_ERROR(StartAnswerClock(tx, t, now, now));
      YB_RETURN_IF_ERROR(Tell(tx, now, t, People({t.assignee_user_id}), "complaint.review_rejected",
                              "复核未通过，请继续处理：" + Headline(t), in.note));
      break;
    case Action::kReport:
      YB_RETURN_IF_ERROR(StopClocks(tx, t, {"first_contact"}, true, now));
      break;
    case Action::kCallbackSatisfied:
    case Action::kCallbackAccepted:
      YB_RETURN_IF_ERROR(StopClocks(tx, t, {"callback"}, true, now));
      t.satisfied = action == Action::kCallbackSatisfied;
      break;
    case Action::kCallbackUnsatisfied:
      // CMP-6: not closed until the customer is satisfied: reopened, the count kept.
      YB_RETURN_IF_ERROR(StopClocks(tx, t, {"callback"}, true, now));
      t.satisfied = false;
      t.reopen_count += 1;
      YB_RETURN_IF_ERROR(StartAnswerClock(tx, t, now, now));
      data = {{"reopen_count", t.reopen_count}};
      YB_RETURN_IF_ERROR(Tell(tx, now, t, People({t.assignee_user_id, t.owner_user_id}),
                              "complaint.reopened", "客户回访不满意，工单重开：" + Headline(t),
                              in.note));
      break;
    case Action::kArchive:
      YB_RETURN_IF_ERROR(StopClocks(
          tx, t, {"first_contact", "answer", "callback", "escalation", "opinion"}, false, now));
      t.archived_at = now;
      t.archived_by = UserOf(c.actor);
      data = {{"signed_off_by_owner", actor.owner}};
      break;
    case Action::kTransfer: {
      if (!in.assignee_user_id)
        return core::InvalidArgument("assignee_user_id", "validation.required");
      if (in.assignee_user_id == t.assignee_user_id)
        return core::InvalidArgument("assignee_user_id", "complaints.same_assignee");
      YB_RETURN_IF_ERROR(CheckUser(tx, *in.assignee_user_id, "assignee_user_id"));
      const std::optional<int64_t> previous = t.assignee_user_id;
      t.assignee_user_id = in.assignee_user_id;  // GEN-6: the owner stays
      t.ladder_step = 0;
      YB_RETURN_IF_ERROR(StopClocks(tx, t, {"escalation"}, false, now));
      data = {{"from_user_id", api::IntOrNull(previous)}, {"to_user_id", *t.assignee_user_id}};
      YB_RETURN_IF_ERROR(Tell(tx, now, t, People({t.assignee_user_id}), "complaint.transferred",
                              "工单转交给您：" + Headline(t), in.note));
      break;
    }
    case Action::kRedirect: {
      if (!in.department_id) return core::InvalidArgument("department_id", "validation.required");
      if (in.department_id == t.department_id)
        return core::InvalidArgument("department_id", "complaints.same_department");
      auto d = org::FindDepartmentBrief(tx, *in.department_id);
      if (!d) return std::move(d).error();
      if (!*d) return UnknownReference("department_id");
      const std::optional<int64_t> from_department = t.department_id;
      t.department_id = in.department_id;
      t.ladder_step = 0;
      YB_RETURN_IF_ERROR(StopClocks(tx, t, {"escalation"}, false, now));
      if (before.status == TicketStatus::kClassified) {
        t.assignee_user_id.reset();
      } else {
        // The new department gets its own notice, with the ticket (CMP-4).
        YB_RETURN_IF_ERROR(DoDispatch(tx, t, c.actor, now, in.assignee_user_id));
      }
      data = {{"from_department_id", api::IntOrNull(from_department)},
              {"to_department_id", *t.department_id},
              {"assignee_user_id", api::IntOrNull(t.assignee_user_id)}};
      break;
    }
    case Action::kEscalate:
      YB_RETURN_IF_ERROR(Escalate(tx, t, c.actor, now, in.note, false));
      break;
    case Action::kPause: {
      t.paused_since = now;
      t.pause_reason = in.note;
      auto clocks = store::SelectClocks(tx, t.id);
      if (!clocks) return std::move(clocks).error();
      for (Clock k : *clocks) {
        if (!k.Running() || k.paused_since) continue;
        k.paused_since = now;
        YB_RETURN_IF_ERROR(store::UpdateClock(tx, k));
        YB_RETURN_IF_ERROR(DropClockTasks(tx, k.id, now));
      }
      break;
    }
    case Action::kResume: {
      auto cal = org::SiteCalendar(tx, t.site_id);
      if (!cal) return std::move(cal).error();
      auto clocks = store::SelectClocks(tx, t.id);
      if (!clocks) return std::move(clocks).error();
      t.paused_since.reset();
      t.pause_reason.clear();
      for (Clock k : *clocks) {
        if (!k.Running() || !k.paused_since) continue;
        const int64_t from = *k.paused_since;
        // CMP-5: the time spent waiting on the customer does not count.
        auto limit_due = ShiftForPause(*cal, k.limit.unit, k.limit_due_at, from, now);
        if (!limit_due) return std::move(limit_due).error();
        auto due = ShiftForPause(*cal, k.limit.unit, k.due_at, from, now);
        if (!due) return std::move(due).error();
        k.limit_due_at = *limit_due;
        k.due_at = *due;
        if (k.warn_at && !k.warned_at) {
          auto warn = ShiftForPause(*cal, k.limit.unit, *k.warn_at, from, now);
          if (!warn) return std::move(warn).error();
          k.warn_at = *warn;
        }
        k.paused_ms += now - from;
        k.paused_since.reset();
        YB_RETURN_IF_ERROR(store::UpdateClock(tx, k));
        YB_RETURN_IF_ERROR(ScheduleClockTasks(tx, t, k, now));
      }
      data = {{"paused_minutes", (now - *before.paused_since) / 60'000}};
      break;
    }
    case Action::kNote:
      break;
    case Action::kContact:
      // CMP-13: the customer is told of progress; the first contact is made.
      YB_RETURN_IF_ERROR(StopClocks(tx, t, {"first_contact"}, true, now));
      break;
    case Action::kAgreeDeadline: {
      if (!in.agreed_deadline)
        return core::InvalidArgument("agreed_deadline", "validation.required");
      if (*in.agreed_deadline <= now)
        return core::InvalidArgument("agreed_deadline", "complaints.deadline_past");
      t.agreed_deadline = in.agreed_deadline;
      auto warn = Setting(tx, "complaints.warn_percent");
      if (!warn) return std::move(warn).error();
      auto clocks = store::SelectClocks(tx, t.id);
      if (!clocks) return std::move(clocks).error();
      bool answered = false;
      for (Clock k : *clocks) {
        if (!k.Running() || k.kind != "answer") continue;
        answered = true;
        // CMP-5: the agreed deadline wins when it is stricter than the limit.
        k.agreed = *in.agreed_deadline < k.limit_due_at;
        k.due_at = k.agreed ? *in.agreed_deadline : k.limit_due_at;
        if (!k.warned_at && *warn > 0 && *warn < 100 && k.due_at > k.started_at)
          k.warn_at = k.started_at + (k.due_at - k.started_at) * *warn / 100;
        YB_RETURN_IF_ERROR(store::UpdateClock(tx, k));
        YB_RETURN_IF_ERROR(DropClockTasks(tx, k.id, now));
        if (!k.paused_since) YB_RETURN_IF_ERROR(ScheduleClockTasks(tx, t, k, now));
      }
      if (!answered)
        YB_RETURN_IF_ERROR(StartClock(tx, t, "answer", now, Limit{0, LimitUnit::kWorkingDays},
                                      in.agreed_deadline, now));
      data = {{"agreed_deadline", core::FormatIsoUtc(*in.agreed_deadline)}};
      break;
    }
  }
  t.status = *to;
  t.updated_at = now;
  YB_RETURN_IF_ERROR(RefreshNextDue(tx, t));
  YB_RETURN_IF_ERROR(store::UpdateTicket(tx, t));
  YB_RETURN_IF_ERROR(AddEvent(tx, t, c.actor, now, ActionName(action), before.status, t.status,
                              action == Action::kResolve ? in.resolution : in.note, data));
  auto after = Required(store::FindTicket(tx, t.id, now));
  if (!after) return std::move(after).error();
  YB_RETURN_IF_ERROR(Audit(tx, c.actor, now, ActionName(action), &before, *after,
                           in.note.empty() ? c.reason : in.note));
  YB_RETURN_IF_ERROR(Changed(tx, now, *after));
  // CMP-7: a new severity or cause may make the ticket red.
  if (action == Action::kClassify) return RaiseIfRed(tx, *after, c.actor, now);
  return core::Ok();
}

Result<Ticket> Act(const Ctx& c, int64_t id, Action action, const ActionInput& in) {
  auto done = c.pool.TransactionVoid(
      [&](db::Connection& tx) -> Status { return ActInTransaction(tx, c, id, action, in); });
  if (!done) return std::move(done).error();
  return Load(c.pool, id, c.now);
}

// ---------------------------------------------------------------- configuration

Result<Config> GetConfig(db::Pool& pool) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  Config out;
  auto types = store::ListTypes(**lease);
  if (!types) return std::move(types).error();
  out.types = std::move(*types);
  auto causes = store::ListCauses(**lease);
  if (!causes) return std::move(causes).error();
  for (auto& k : *causes) {
    auto d = Route(**lease, k);
    if (!d) return std::move(d).error();
    if (*d) {
      k.routed_department_id = (*d)->id;
      k.routed_department_name = (*d)->name;
    }
  }
  out.causes = std::move(*causes);
  auto ladders = store::ListDepartmentLadders(**lease);
  if (!ladders) return std::move(ladders).error();
  out.departments = std::move(*ladders);
  return out;
}

Result<ComplaintType> PutType(const Ctx& c, const std::string& code, const ComplaintType& in) {
  auto saved = c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = store::FindType(tx, code);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    ComplaintType t = in;
    t.code = code;
    YB_RETURN_IF_ERROR(store::UpdateType(tx, t, c.now));
    return audit::Record(
        tx, c.actor, c.now,
        {"update", "complaint_type", 0, TypeJson(**found).dump(), TypeJson(t).dump(), c.reason});
  });
  if (!saved) return std::move(saved).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto t = store::FindType(**lease, code);
  if (!t) return std::move(t).error();
  if (!*t) return core::NotFound();
  return **t;
}

Result<CauseClass> PutCause(const Ctx& c, const std::string& code, const CauseClass& in,
                            bool with_attitude) {
  auto saved = c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = store::FindCause(tx, code);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    if (in.department_id) {
      auto d = org::FindDepartmentBrief(tx, *in.department_id);
      if (!d) return std::move(d).error();
      if (!*d) return UnknownReference("department_id");
    }
    CauseClass k = in;
    k.code = code;
    if (!with_attitude) k.attitude = (*found)->attitude;
    YB_RETURN_IF_ERROR(store::UpdateCause(tx, k, c.now));
    return audit::Record(
        tx, c.actor, c.now,
        {"update", "complaint_cause", 0, CauseJson(**found).dump(), CauseJson(k).dump(), c.reason});
  });
  if (!saved) return std::move(saved).error();
  auto config = GetConfig(c.pool);
  if (!config) return std::move(config).error();
  for (const auto& k : config->causes)
    if (k.code == code) return k;
  return core::NotFound();
}

Result<DepartmentLadder> PutDepartmentLadder(const Ctx& c, int64_t department_id,
                                             std::optional<int64_t> supervisor_user_id) {
  auto saved = c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto before = store::FindDepartmentLadder(tx, department_id);
    if (!before) return std::move(before).error();
    if (!*before) return core::NotFound();
    if (supervisor_user_id)
      YB_RETURN_IF_ERROR(CheckUser(tx, *supervisor_user_id, "supervisor_user_id"));
    YB_RETURN_IF_ERROR(
        store::PutDepartmentSupervisor(tx, department_id, supervisor_user_id, c.now));
    auto after = store::FindDepartmentLadder(tx, department_id);
    if (!after) return std::move(after).error();
    return audit::Record(tx, c.actor, c.now,
                         {"update", "complaint_department", department_id,
                          LadderJson(**before).dump(), LadderJson(**after).dump(), c.reason});
  });
  if (!saved) return std::move(saved).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto l = store::FindDepartmentLadder(**lease, department_id);
  if (!l) return std::move(l).error();
  if (!*l) return core::NotFound();
  return **l;
}

// ---------------------------------------------------------------- timed duties

// ---------------------------------------------------------------- for the parts built on it

namespace internal {

bool CanSee(const auth::Principal& p, const Ticket& t) { return complaints::CanSee(p, t); }
Actor ActorOf(const auth::Principal& p, const Ticket& t) { return complaints::ActorOf(p, t); }
std::string VisibleCondition(const auth::Principal& p) { return complaints::VisibleCondition(p); }
Result<Ticket> FindTicket(db::Connection& c, int64_t id, int64_t now) {
  return Required(store::FindTicket(c, id, now));
}
Status AddEvent(db::Connection& tx, const Ticket& t, const auth::Principal& actor, int64_t now,
                std::string kind, std::string note, api::Json data) {
  return complaints::AddEvent(tx, t, actor, now, std::move(kind), t.status, t.status,
                              std::move(note), std::move(data));
}
Status AuditTicket(db::Connection& tx, const auth::Principal& actor, int64_t now,
                   const char* action, const Ticket* before, const Ticket& after,
                   const std::string& reason) {
  return complaints::Audit(tx, actor, now, action, before, after, reason);
}
Status Tell(db::Connection& tx, int64_t now, const Ticket& t, std::vector<int64_t> users,
            const std::string& topic, const std::string& subject, const std::string& body) {
  return complaints::Tell(tx, now, t, std::move(users), topic, subject, body);
}
std::string Payload(const Ticket& t) { return complaints::Payload(t); }
std::string Headline(const Ticket& t) { return complaints::Headline(t); }
Status Changed(db::Connection& tx, int64_t now, const Ticket& t) {
  return complaints::Changed(tx, now, t);
}
auth::Principal SystemActor() { return complaints::SystemActor(); }
Result<LadderPeople> LadderOf(db::Connection& tx, std::optional<int64_t> department_id) {
  return complaints::LadderOf(tx, department_id);
}
Result<std::optional<int64_t>> GmOfficeUser(db::Connection& tx) {
  return complaints::GmOfficeUser(tx);
}
Status OpinionGiven(db::Connection& tx, const Ticket& ticket, const auth::Principal& actor,
                    int64_t now, const std::string& opinion) {
  auto attitude = IsAttitudeComplaint(tx, ticket);
  if (!attitude) return std::move(attitude).error();
  if (!*attitude) return core::Ok();
  Ticket t = ticket;
  YB_RETURN_IF_ERROR(complaints::StopClocks(tx, t, {"opinion"}, true, now));
  auto hr = FindHrPeople(tx);
  if (!hr) return std::move(hr).error();
  YB_RETURN_IF_ERROR(complaints::Tell(
      tx, now, t, hr->users, "complaint.attitude_opinion",
      "服务态度投诉处理意见（绩效考核）：" + complaints::Headline(t),
      "工单 " + t.number + "（" + t.customer_name + "）的被投诉人员处理意见：\n" + opinion +
          "\n请纳入绩效考核（CMP-5）。"));
  YB_RETURN_IF_ERROR(complaints::AddEvent(
      tx, t, actor, now, "reported_to_hr", t.status, t.status, "",
      {{"department_id", hr->department ? api::Json(hr->department->id) : api::Json(nullptr)},
       {"department_name", hr->department ? hr->department->name : std::string()}}));
  YB_RETURN_IF_ERROR(RefreshNextDue(tx, t));
  t.updated_at = now;
  YB_RETURN_IF_ERROR(store::UpdateTicket(tx, t));
  return complaints::Changed(tx, now, t);
}

Status CancelAllClocks(db::Connection& tx, const Ticket& t, int64_t now) {
  return complaints::StopClocks(
      tx, t, {"first_contact", "answer", "callback", "escalation", "opinion"}, false, now);
}

}  // namespace internal

void RegisterTaskHandlers(tasks::Scheduler& scheduler) {
  RegisterRedAlertTasks(scheduler);  // CMP-7: the investigation's deadline
  RegisterHistoryTasks(scheduler);   // CMP-12: improvement actions
  scheduler.On(kTaskWarn, [](db::Connection& tx, const tasks::Task& t, int64_t now) {
    return OnClockTask(tx, t, now, /*breach=*/false);
  });
  scheduler.On(kTaskDue, [](db::Connection& tx, const tasks::Task& t, int64_t now) {
    return OnClockTask(tx, t, now, /*breach=*/true);
  });
}

}  // namespace yingbin::complaints
