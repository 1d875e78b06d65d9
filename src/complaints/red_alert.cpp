#include "complaints/red_alert.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "audit/audit.hpp"
#include "auth/directory.hpp"
#include "complaints/clocks.hpp"
#include "complaints/internal.hpp"
#include "complaints/phrases.hpp"
#include "core/time.hpp"
#include "db/sql.hpp"
#include "notify/notify.hpp"
#include "org/directory.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "org/site_time.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::complaints {

// ---------------------------------------------------------------- the pure decision

int SeverityRank(std::string_view severity) {
  for (int i = 0; i < 4; ++i)
    if (severity == kSeverities[i]) return i;
  return -1;
}

std::vector<AlertReason> EvaluateRedAlert(const AlertRules& rules, const AlertFacts& facts) {
  std::vector<AlertReason> out;
  if (rules.severity_on && SeverityRank(facts.severity) >= 0 &&
      SeverityRank(facts.severity) >= SeverityRank(rules.min_severity))
    out.push_back({"severity", facts.severity});
  if (rules.repeat_on && rules.repeat_count > 0 && facts.recent_tickets >= rules.repeat_count)
    out.push_back({"repeat", std::to_string(facts.recent_tickets)});
  if (rules.keyword_on && !rules.keywords.empty()) {
    std::vector<ForbiddenPhrase> words;
    for (const auto& k : rules.keywords) words.push_back({k, ""});
    std::set<std::string> seen;
    for (const auto& hit : FindForbidden(facts.text, words))
      if (seen.insert(hit.phrase).second) out.push_back({"keyword", hit.phrase});
  }
  if (rules.score_on && facts.survey_score_x100 &&
      *facts.survey_score_x100 <= rules.score_max_x100) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", *facts.survey_score_x100 / 100.0);
    out.push_back({"score", buf});
  }
  return out;
}

namespace {

using core::Status;
using db::Rows;
using db::Value;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr char kInvestigationSubject[] = "complaint_investigation";
constexpr char kTaskInvestigationDue[] = "complaint.investigation_due";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t from = 0;
  while (from <= text.size()) {
    size_t nl = text.find('\n', from);
    std::string line = text.substr(from, nl == std::string::npos ? std::string::npos : nl - from);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    if (!line.empty()) out.push_back(line);
    if (nl == std::string::npos) break;
    from = nl + 1;
  }
  return out;
}

AlertRuleRow RuleFromRow(const Rows& r, size_t i) {
  return {r.Text(i, "kind"), r.Int(i, "active") != 0, r.Text(i, "min_severity"),
          r.Text(i, "keywords")};
}

api::Json ReasonsJson(const std::vector<AlertReason>& reasons) {
  api::Json a = api::Json::array();
  for (const auto& r : reasons) a.push_back({{"rule", r.rule}, {"detail", r.detail}});
  return a;
}

std::vector<AlertReason> ReasonsFrom(const std::string& json) {
  std::vector<AlertReason> out;
  auto j = api::Json::parse(json.empty() ? "[]" : json, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& r : j)
    if (r.is_object())
      out.push_back({r.value("rule", std::string()), r.value("detail", std::string())});
  return out;
}

std::string ReasonText(const AlertReason& r) {
  if (r.rule == "severity") return "严重程度：" + r.detail;
  if (r.rule == "repeat") return "重复投诉：近期第 " + r.detail + " 张工单";
  if (r.rule == "keyword") return "关键词：" + r.detail;
  if (r.rule == "score") return "满意度评分：" + r.detail;
  return "人工标记：" + r.detail;
}

Result<AlertFacts> FactsOf(db::Connection& tx, const Ticket& t, const AlertRules& rules,
                           int64_t now) {
  AlertFacts f;
  f.severity = t.severity;
  f.text = t.subject + "\n" + t.description + "\n" + t.customer_request;
  if (rules.repeat_on) {
    auto n = tx.Query(
        "SELECT COUNT(*) FROM complaints WHERE customer_id = $1 AND created_at > $2 "
        "AND merged_into_id IS NULL",
        {Value(t.customer_id), Value(now - rules.repeat_days * kDayMs)});
    if (!n) return std::move(n).error();
    f.recent_tickets = n->Int(0, 0);
  }
  // A ticket registered just now has no survey yet.
  if (rules.score_on && t.created_at != now) {
    auto s = tx.Query(
        "SELECT score_x100 FROM complaint_surveys WHERE complaint_id = $1 AND submitted_at IS "
        "NOT NULL ORDER BY submitted_at DESC, id DESC LIMIT 1",
        {Value(t.id)});
    if (!s) return std::move(s).error();
    if (!s->empty()) f.survey_score_x100 = s->OptInt(0, "score_x100");
  }
  return f;
}

// Addresses of users' staff records: the red alert goes by e-mail whatever the preference.
Result<std::vector<std::string>> EmailsOf(db::Connection& tx, const std::vector<int64_t>& users) {
  std::vector<std::string> out;
  for (int64_t u : users) {
    auto r = tx.Query(
        "SELECT email FROM staff WHERE user_id = $1 AND active = 1 AND email <> '' "
        "ORDER BY id LIMIT 1",
        {Value(u)});
    if (!r) return std::move(r).error();
    if (!r->empty()) out.push_back(r->Text(0, 0));
  }
  return out;
}

// GM office people and the heads of the departments involved (the ticket's, the
// investigation's), each once.
Result<std::vector<int64_t>> Management(db::Connection& tx, const Ticket& t,
                                        const std::vector<int64_t>& more_departments) {
  std::vector<int64_t> users;
  auto gm = auth::UsersWithRole(tx, "gm_office");
  if (!gm) return std::move(gm).error();
  users = *gm;
  std::vector<std::optional<int64_t>> departments{t.department_id};
  for (int64_t d : more_departments) departments.push_back(d);
  for (const auto& d : departments) {
    auto ladder = internal::LadderOf(tx, d);
    if (!ladder) return std::move(ladder).error();
    if (ladder->gm) users.push_back(*ladder->gm);
    if (d && ladder->head) users.push_back(*ladder->head);
  }
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  return users;
}

// On every channel at once: bell and live (user_ids), e-mail to each one's address even when
// their preference is off, webhooks, the site's screens.
Status TellManagement(db::Connection& tx, int64_t now, const Ticket& t,
                      const std::vector<int64_t>& users, const std::string& topic,
                      const std::string& subject, const std::string& body) {
  notify::Message m;
  m.topic = topic;
  m.subject = subject;
  m.body = body;
  m.link = "/complaints/" + std::to_string(t.id);
  m.payload_json = internal::Payload(t);
  m.user_ids = users;
  auto emails = EmailsOf(tx, users);
  if (!emails) return std::move(emails).error();
  m.emails = *emails;
  m.live_site_ids = {t.site_id};
  m.webhooks = true;
  return notify::Send(tx, now, m);
}

Result<std::vector<InvestigationMember>> MembersOf(db::Connection& c, int64_t investigation_id) {
  auto rows = c.Query(
      "SELECT m.department_id, COALESCE(d.name, '') AS department_name, m.user_id, " +
          auth::UserNameSql("u") +
          " AS user_name FROM complaint_investigation_members m "
          "LEFT JOIN departments d ON d.id = m.department_id "
          "LEFT JOIN users u ON u.id = m.user_id WHERE m.investigation_id = $1 ORDER BY m.id",
      {Value(investigation_id)});
  if (!rows) return std::move(rows).error();
  std::vector<InvestigationMember> out;
  for (size_t i = 0; i < rows->size(); ++i)
    out.push_back({rows->Int(i, "department_id"), rows->Text(i, "department_name"),
                   rows->OptInt(i, "user_id"), rows->Text(i, "user_name")});
  return out;
}

Status AddMember(db::Connection& tx, int64_t investigation_id, int64_t department_id,
                 std::optional<int64_t> user_id, const auth::Principal& actor, int64_t now) {
  return db::ToStatus(tx.Exec(
      "INSERT INTO complaint_investigation_members (investigation_id, department_id, user_id, "
      "added_at, added_by) VALUES ($1, $2, $3, $4, $5)",
      {Value(investigation_id), Value(department_id), db::OrNull(user_id), Value(now),
       actor.user_id ? Value(actor.user_id) : db::Null()}));
}

// The departments of a user's staff records.
Result<std::vector<int64_t>> DepartmentsOfUser(db::Connection& tx, int64_t user_id) {
  std::vector<int64_t> out;
  auto staff = org::StaffIdsOfUser(tx, user_id);
  if (!staff) return std::move(staff).error();
  for (int64_t s : *staff) {
    auto b = org::FindStaffBrief(tx, s);
    if (!b) return std::move(b).error();
    if (*b && (*b)->department_id) out.push_back(*(*b)->department_id);
  }
  return out;
}

// CMP-7: the cross-department investigation with its own deadline (working days on the
// site's calendar), led by the GM office; the ticket's department and the lead's are members.
Result<int64_t> OpenInvestigation(db::Connection& tx, const Ticket& t, const auth::Principal& actor,
                                  int64_t now) {
  auto days = org::GetSetting(tx, "complaints.investigation_days");
  if (!days) return std::move(days).error();
  auto cal = org::SiteCalendar(tx, t.site_id);
  if (!cal) return std::move(cal).error();
  auto due = LimitDue(*cal, now, Limit{*days, LimitUnit::kWorkingDays});
  if (!due) return std::move(due).error();
  auto lead = internal::GmOfficeUser(tx);
  if (!lead) return std::move(lead).error();
  auto id = db::FirstId(tx.Query(
      "INSERT INTO complaint_investigations (complaint_id, lead_user_id, status, opened_at, "
      "due_at) VALUES ($1, $2, 'open', $3, $4) RETURNING id",
      {Value(t.id), db::OrNull(*lead), Value(now), Value(*due)}));
  if (!id) return std::move(id).error();
  std::vector<int64_t> departments;
  if (t.department_id) departments.push_back(*t.department_id);
  if (*lead) {
    auto mine = DepartmentsOfUser(tx, **lead);
    if (!mine) return std::move(mine).error();
    for (int64_t d : *mine) departments.push_back(d);
  }
  std::vector<int64_t> added;
  for (int64_t d : departments) {
    if (std::find(added.begin(), added.end(), d) != added.end()) continue;
    added.push_back(d);
    YB_RETURN_IF_ERROR(AddMember(tx, **id, d, std::nullopt, actor, now));
  }
  tasks::Task task;
  task.kind = kTaskInvestigationDue;
  task.subject_type = kInvestigationSubject;
  task.subject_id = **id;
  task.site_id = t.site_id;
  task.owner_user_id = *lead;
  task.title = "红色预警调查期限：" + internal::Headline(t);
  task.due_at = *due;
  task.payload_json = api::Json({{"complaint_id", t.id}}).dump();
  auto task_id = tasks::Create(tx, task, now);
  if (!task_id) return std::move(task_id).error();
  return **id;
}

Status Raise(db::Connection& tx, const Ticket& t, const std::vector<AlertReason>& reasons,
             const auth::Principal& actor, int64_t now) {
  std::vector<AlertReason> all = ReasonsFrom(t.red_alert_reasons);
  std::vector<AlertReason> fresh;
  for (const auto& r : reasons) {
    bool known = std::any_of(all.begin(), all.end(), [&](const AlertReason& x) {
      return x.rule == r.rule && x.detail == r.detail;
    });
    if (!known) {
      all.push_back(r);
      fresh.push_back(r);
    }
  }
  if (fresh.empty()) return core::Ok();
  const bool first = !t.red_alert_at;
  YB_RETURN_IF_ERROR(db::ToStatus(
      tx.Exec("UPDATE complaints SET red_alert_at = $1, red_alert_reasons = $2, updated_at = $3 "
              "WHERE id = $4",
              {first ? Value(now) : Value(*t.red_alert_at), Value(ReasonsJson(all).dump()),
               Value(now), Value(t.id)})));
  auto after = internal::FindTicket(tx, t.id, now);
  if (!after) return std::move(after).error();
  std::string why;
  for (const auto& r : fresh) why += (why.empty() ? "" : "；") + ReasonText(r);
  YB_RETURN_IF_ERROR(internal::AddEvent(tx, *after, actor, now,
                                        first ? "red_alert" : "red_alert_reason", why,
                                        {{"reasons", ReasonsJson(fresh)}}));
  YB_RETURN_IF_ERROR(
      internal::AuditTicket(tx, actor, now, "red_alert", &t, *after, "CMP-7：" + why));
  if (first) {
    auto inv = OpenInvestigation(tx, *after, actor, now);
    if (!inv) return std::move(inv).error();
    auto members = MembersOf(tx, *inv);
    if (!members) return std::move(members).error();
    std::vector<int64_t> departments;
    for (const auto& m : *members) departments.push_back(m.department_id);
    auto users = Management(tx, *after, departments);
    if (!users) return std::move(users).error();
    if (after->owner_user_id) users->push_back(*after->owner_user_id);
    auto found = FindInvestigation(tx, after->id);
    if (!found) return std::move(found).error();
    const std::string due = org::FormatSiteTime(tx, after->site_id, (*found)->due_at);
    YB_RETURN_IF_ERROR(TellManagement(
        tx, now, *after, *users, "complaint.red_alert", "【红色预警】" + internal::Headline(*after),
        "工单 " + after->number + "（" + after->customer_name + "）触发红色预警（CMP-7）：" + why +
            "\n已启动跨部门调查，调查期限 " + due + "。\n" + after->description));
  }
  return internal::Changed(tx, now, *after);
}

Status MayLead(const auth::Principal& p, const Ticket& t, const Investigation& inv) {
  if (!internal::CanSee(p, t) && !(p.user_id && inv.lead_user_id == p.user_id))
    return core::Forbidden("error.out_of_scope");
  const bool reviewer = p.Can("complaints.review") && p.InScope(t.department_id);
  const bool lead = p.user_id && inv.lead_user_id == p.user_id;
  if (!reviewer && !lead) return core::Forbidden("complaints.not_allowed");
  return core::Ok();
}

Status OnInvestigationDue(db::Connection& tx, const tasks::Task& task, int64_t now) {
  auto done = tasks::CompleteFor(tx, kInvestigationSubject, task.subject_id,
                                 std::string_view(task.kind), 0, now);
  if (!done) return std::move(done).error();
  auto rows = tx.Query("SELECT complaint_id FROM complaint_investigations WHERE id = $1",
                       {Value(task.subject_id)});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return core::Ok();
  auto inv = FindInvestigation(tx, rows->Int(0, 0));
  if (!inv) return std::move(inv).error();
  if (!*inv || (*inv)->status != "open" || (*inv)->overdue_at || now < (*inv)->due_at)
    return core::Ok();
  YB_RETURN_IF_ERROR(
      db::ToStatus(tx.Exec("UPDATE complaint_investigations SET overdue_at = $1 WHERE id = $2",
                           {Value(now), Value((*inv)->id)})));
  auto t = internal::FindTicket(tx, (*inv)->complaint_id, now);
  if (!t) return std::move(t).error();
  const auth::Principal system = internal::SystemActor();
  YB_RETURN_IF_ERROR(internal::AddEvent(tx, *t, system, now, "investigation_overdue", "",
                                        {{"investigation_id", (*inv)->id}}));
  std::vector<int64_t> departments;
  std::vector<int64_t> users;
  for (const auto& m : (*inv)->members) {
    departments.push_back(m.department_id);
    if (m.user_id) users.push_back(*m.user_id);
  }
  auto managers = Management(tx, *t, departments);
  if (!managers) return std::move(managers).error();
  users.insert(users.end(), managers->begin(), managers->end());
  if ((*inv)->lead_user_id) users.push_back(*(*inv)->lead_user_id);
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  YB_RETURN_IF_ERROR(TellManagement(
      tx, now, *t, users, "complaint.investigation_overdue",
      "【红色预警】调查已超期：" + internal::Headline(*t),
      "工单 " + t->number + " 的跨部门调查已超过期限（CMP-7），请尽快给出调查结论。"));
  return internal::Changed(tx, now, *t);
}

}  // namespace

// ---------------------------------------------------------------- rules as data

Result<std::vector<AlertRuleRow>> ListAlertRules(db::Pool& pool) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return db::AllRows(
      (*lease)->Query("SELECT kind, active, min_severity, keywords FROM complaint_alert_rules "
                      "ORDER BY CASE kind WHEN 'severity' THEN 1 WHEN 'repeat' THEN 2 "
                      "WHEN 'keyword' THEN 3 ELSE 4 END"),
      RuleFromRow);
}

Result<AlertRuleRow> PutAlertRule(const Ctx& c, const std::string& kind, const AlertRuleRow& in) {
  return c.pool.Transaction<AlertRuleRow>([&](db::Connection& tx) -> Result<AlertRuleRow> {
    auto before = db::FirstRow(
        tx.Query("SELECT kind, active, min_severity, keywords FROM complaint_alert_rules "
                 "WHERE kind = $1",
                 {Value(kind)}),
        RuleFromRow);
    if (!before) return std::move(before).error();
    if (!*before) return core::NotFound();
    if (SeverityRank(in.min_severity) < 0)
      return core::InvalidArgument("min_severity", "validation.invalid");
    AlertRuleRow out = in;
    out.kind = kind;
    std::string keywords;
    for (const auto& k : Lines(in.keywords)) keywords += (keywords.empty() ? "" : "\n") + k;
    out.keywords = keywords;
    YB_RETURN_IF_ERROR(db::ToStatus(
        tx.Exec("UPDATE complaint_alert_rules SET active = $1, min_severity = $2, keywords = $3, "
                "updated_at = $4 WHERE kind = $5",
                {db::Flag(out.active), Value(out.min_severity), Value(out.keywords), Value(c.now),
                 Value(kind)})));
    auto json = [](const AlertRuleRow& r) {
      return api::Json({{"kind", r.kind},
                        {"active", r.active},
                        {"min_severity", r.min_severity},
                        {"keywords", r.keywords}})
          .dump();
    };
    YB_RETURN_IF_ERROR(
        audit::Record(tx, c.actor, c.now,
                      {"update", "complaint_alert_rule", 0, json(**before), json(out), c.reason}));
    return out;
  });
}

Result<AlertRules> LoadAlertRules(db::Connection& c) {
  AlertRules rules;
  auto rows =
      db::AllRows(c.Query("SELECT kind, active, min_severity, keywords FROM complaint_alert_rules"),
                  RuleFromRow);
  if (!rows) return std::move(rows).error();
  rules.severity_on = rules.repeat_on = rules.keyword_on = rules.score_on = false;
  for (const auto& r : *rows) {
    if (r.kind == "severity") {
      rules.severity_on = r.active;
      rules.min_severity = r.min_severity;
    } else if (r.kind == "repeat") {
      rules.repeat_on = r.active;
    } else if (r.kind == "keyword") {
      rules.keyword_on = r.active;
      rules.keywords = Lines(r.keywords);
    } else if (r.kind == "score") {
      rules.score_on = r.active;
    }
  }
  // The numbers of the rules switched on only (this runs inside every intake's write).
  if (rules.repeat_on) {
    auto count = org::GetSetting(c, "complaints.red_repeat_count");
    if (!count) return std::move(count).error();
    auto days = org::GetSetting(c, "complaints.red_repeat_days");
    if (!days) return std::move(days).error();
    rules.repeat_count = *count;
    rules.repeat_days = *days;
  }
  if (rules.score_on) {
    auto score = org::GetSetting(c, "complaints.red_score_max");
    if (!score) return std::move(score).error();
    rules.score_max_x100 = *score * 100;
  }
  return rules;
}

// ---------------------------------------------------------------- raising

Status RaiseIfRed(db::Connection& tx, const Ticket& t, const auth::Principal& actor, int64_t now) {
  if (t.merged_into_id) return core::Ok();
  auto rules = LoadAlertRules(tx);
  if (!rules) return std::move(rules).error();
  auto facts = FactsOf(tx, t, *rules, now);
  if (!facts) return std::move(facts).error();
  auto reasons = EvaluateRedAlert(*rules, *facts);
  if (reasons.empty()) return core::Ok();
  return Raise(tx, t, reasons, actor, now);
}

Status RaiseIfRed(db::Connection& tx, int64_t complaint_id, const auth::Principal& actor,
                  int64_t now) {
  auto t = internal::FindTicket(tx, complaint_id, now);
  if (!t) return std::move(t).error();
  return RaiseIfRed(tx, *t, actor, now);
}

Result<Ticket> RaiseByHand(const Ctx& c, int64_t id, const std::string& note) {
  auto done = c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto t = internal::FindTicket(tx, id, c.now);
    if (!t) return std::move(t).error();
    if (!internal::CanSee(c.actor, *t)) return core::Forbidden("error.out_of_scope");
    if (!internal::ActorOf(c.actor, *t).reviewer) return core::Forbidden("complaints.not_allowed");
    if (note.empty()) return core::InvalidArgument("note", "validation.required");
    if (t->red_alert_at) return core::Conflict("complaints.already_red");
    return Raise(tx, *t, {{"manual", note}}, c.actor, c.now);
  });
  if (!done) return std::move(done).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  return internal::FindTicket(**lease, id, c.now);
}

// ---------------------------------------------------------------- the investigation

Result<std::optional<Investigation>> FindInvestigation(db::Connection& c, int64_t complaint_id) {
  auto rows =
      c.Query("SELECT i.id, i.complaint_id, i.lead_user_id, " + auth::UserNameSql("u") +
                  " AS lead_name, i.status, i.opened_at, i.due_at, i.overdue_at, i.findings, "
                  "i.closed_at, i.closed_by FROM complaint_investigations i "
                  "LEFT JOIN users u ON u.id = i.lead_user_id WHERE i.complaint_id = $1",
              {Value(complaint_id)});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<Investigation>();
  Investigation inv;
  inv.id = rows->Int(0, "id");
  inv.complaint_id = rows->Int(0, "complaint_id");
  inv.lead_user_id = rows->OptInt(0, "lead_user_id");
  inv.lead_name = rows->Text(0, "lead_name");
  inv.status = rows->Text(0, "status");
  inv.opened_at = rows->Int(0, "opened_at");
  inv.due_at = rows->Int(0, "due_at");
  inv.overdue_at = rows->OptInt(0, "overdue_at");
  inv.findings = rows->Text(0, "findings");
  inv.closed_at = rows->OptInt(0, "closed_at");
  inv.closed_by = rows->OptInt(0, "closed_by");
  auto members = MembersOf(c, inv.id);
  if (!members) return std::move(members).error();
  inv.members = std::move(*members);
  return std::optional<Investigation>(std::move(inv));
}

api::Json InvestigationJson(const Investigation& inv, int64_t now) {
  api::Json members = api::Json::array();
  for (const auto& m : inv.members)
    members.push_back({{"department_id", m.department_id},
                       {"department_name", m.department_name},
                       {"user_id", api::IntOrNull(m.user_id)},
                       {"user_name", m.user_name}});
  return {{"id", inv.id},
          {"status", inv.status},
          {"lead_user_id", api::IntOrNull(inv.lead_user_id)},
          {"lead_name", inv.lead_name},
          {"opened_at", core::FormatIsoUtc(inv.opened_at)},
          {"due_at", core::FormatIsoUtc(inv.due_at)},
          {"overdue", inv.status == "open" && now >= inv.due_at},
          {"overdue_at", api::TimeOrNull(inv.overdue_at)},
          {"findings", inv.findings},
          {"closed_at", api::TimeOrNull(inv.closed_at)},
          {"members", members}};
}

Result<Investigation> AddInvestigationMember(const Ctx& c, int64_t id, int64_t department_id,
                                             std::optional<int64_t> user_id) {
  auto done = c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto t = internal::FindTicket(tx, id, c.now);
    if (!t) return std::move(t).error();
    auto inv = FindInvestigation(tx, id);
    if (!inv) return std::move(inv).error();
    if (!*inv) return core::NotFound();
    YB_RETURN_IF_ERROR(MayLead(c.actor, *t, **inv));
    if ((*inv)->status != "open") return core::Conflict("complaints.investigation_closed");
    auto d = org::FindDepartmentBrief(tx, department_id);
    if (!d) return std::move(d).error();
    if (!*d) return core::InvalidArgument("department_id", "validation.unknown_reference");
    if (user_id) {
      auto ok = auth::EnabledUsers(tx, {*user_id});
      if (!ok) return std::move(ok).error();
      if (ok->empty()) return core::InvalidArgument("user_id", "validation.unknown_reference");
    }
    for (const auto& m : (*inv)->members)
      if (m.department_id == department_id)
        return core::Conflict("error.duplicate", "department_id").With("value", (*d)->name);
    YB_RETURN_IF_ERROR(AddMember(tx, (*inv)->id, department_id, user_id, c.actor, c.now));
    YB_RETURN_IF_ERROR(internal::AddEvent(
        tx, *t, c.actor, c.now, "investigation_member", (*d)->name,
        {{"department_id", department_id}, {"user_id", api::IntOrNull(user_id)}}));
    YB_RETURN_IF_ERROR(audit::Record(
        tx, c.actor, c.now,
        {"update", "complaint_investigation", (*inv)->id, "",
         api::Json({{"added_department_id", department_id}, {"user_id", api::IntOrNull(user_id)}})
             .dump(),
         c.reason}));
    // The new member's people hear of it at once, like management did.
    auto ladder = internal::LadderOf(tx, department_id);
    if (!ladder) return std::move(ladder).error();
    std::vector<int64_t> users;
    if (user_id) users.push_back(*user_id);
    if (ladder->head) users.push_back(*ladder->head);
    if (!users.empty())
      YB_RETURN_IF_ERROR(
          TellManagement(tx, c.now, *t, users, "complaint.red_alert",
                         "【红色预警】请参加调查：" + internal::Headline(*t),
                         "您的部门已加入工单 " + t->number + " 的跨部门调查（CMP-7）。"));
    return internal::Changed(tx, c.now, *t);
  });
  if (!done) return std::move(done).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto inv = FindInvestigation(**lease, id);
  if (!inv) return std::move(inv).error();
  if (!*inv) return core::NotFound();
  return **inv;
}

Result<Investigation> CloseInvestigation(const Ctx& c, int64_t id, const std::string& findings) {
  auto done = c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto t = internal::FindTicket(tx, id, c.now);
    if (!t) return std::move(t).error();
    auto inv = FindInvestigation(tx, id);
    if (!inv) return std::move(inv).error();
    if (!*inv) return core::NotFound();
    YB_RETURN_IF_ERROR(MayLead(c.actor, *t, **inv));
    if ((*inv)->status != "open") return core::Conflict("complaints.investigation_closed");
    if (findings.empty()) return core::InvalidArgument("findings", "validation.required");
    YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
        "UPDATE complaint_investigations SET status = 'closed', findings = $1, closed_at = $2, "
        "closed_by = $3 WHERE id = $4",
        {Value(findings), Value(c.now), c.actor.user_id ? Value(c.actor.user_id) : db::Null(),
         Value((*inv)->id)})));
    auto n = tasks::CompleteFor(tx, kInvestigationSubject, (*inv)->id, std::nullopt,
                                c.actor.user_id, c.now);
    if (!n) return std::move(n).error();
    YB_RETURN_IF_ERROR(internal::AddEvent(tx, *t, c.actor, c.now, "investigation_closed", findings,
                                          {{"investigation_id", (*inv)->id}}));
    YB_RETURN_IF_ERROR(audit::Record(
        tx, c.actor, c.now,
        {"update", "complaint_investigation", (*inv)->id, api::Json({{"status", "open"}}).dump(),
         api::Json({{"status", "closed"}, {"findings", findings}}).dump(), c.reason}));
    return internal::Changed(tx, c.now, *t);
  });
  if (!done) return std::move(done).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto inv = FindInvestigation(**lease, id);
  if (!inv) return std::move(inv).error();
  if (!*inv) return core::NotFound();
  return **inv;
}

void RegisterRedAlertTasks(tasks::Scheduler& scheduler) {
  scheduler.On(kTaskInvestigationDue, [](db::Connection& tx, const tasks::Task& t, int64_t now) {
    return OnInvestigationDue(tx, t, now);
  });
}

}  // namespace yingbin::complaints
