#include "complaints/attribution.hpp"

#include <algorithm>

#include "api/export.hpp"
#include "audit/audit.hpp"
#include "auth/directory.hpp"
#include "complaints/internal.hpp"
#include "complaints/routes.hpp"
#include "core/time.hpp"
#include "db/sql.hpp"
#include "notify/notify.hpp"
#include "org/directory.hpp"
#include "org/settings.hpp"
#include "org/site_time.hpp"

namespace yingbin::complaints {

// ---------------------------------------------------------------- pure

std::string PenaltyOf(bool at_fault, const std::string& target, const std::string& severity_class) {
  if (!at_fault) return "none";
  if (target == "department") return "department_share";
  return severity_class == "loss" ? "fine" : "administrative";
}

int32_t NextMonth(int32_t month) {
  const int32_t y = month / 100, m = month % 100;
  return m >= 12 ? (y + 1) * 100 + 1 : y * 100 + m + 1;
}

std::vector<PenaltyLine> PlanPenalty(const PlanInput& in) {
  std::vector<PenaltyLine> out;
  if (in.penalty == "fine") {
    const auto& [staff, name] =
        in.people.empty() ? std::pair<std::optional<int64_t>, std::string>() : in.people.front();
    const int64_t cap = in.bonus_fen && in.fine_fen ? *in.bonus_fen * in.fine_percent / 100 : 0;
    if (cap <= 0 || !in.fine_fen) {
      out.push_back({staff, name, in.month, in.fine_percent, in.fine_fen});
      return out;
    }
    // CMP-8: at most fine_percent of each month's bonus; the rest goes to later months.
    int64_t left = *in.fine_fen;
    int32_t month = in.month;
    while (left > 0 && out.size() < 120) {
      const int64_t now = std::min(left, cap);
      const int64_t pct = (now * 100 + *in.bonus_fen - 1) / *in.bonus_fen;
      out.push_back({staff, name, month, pct, now});
      left -= now;
      month = NextMonth(month);
    }
    return out;
  }
  if (in.penalty == "department_share") {
    for (const auto& [staff, name] : in.people)
      out.push_back({staff, name, in.month, in.department_percent, std::nullopt});
  }
  return out;
}

namespace {

using api::Context;
using api::Input;
using api::Json;
using core::Status;
using db::Rows;
using db::Value;

constexpr int64_t kMaxId = INT64_MAX;

#define ATTR_READ(var, expr)                                          \
  auto var##_result_ = (expr);                                        \
  if (!var##_result_) return ErrorAnswer(ctx, var##_result_.error()); \
  auto var = std::move(*var##_result_)

Ctx CtxOf(const Context& ctx, std::string reason = {}) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), *ctx.env.cipher, std::move(reason)};
}

const std::string& AttributionSelect() {
  static const std::string s =
      "SELECT a.id, a.complaint_id, t.number AS complaint_number, a.at_fault, a.target, "
      "a.staff_id, COALESCE(st.name, '') AS staff_name, a.department_id, "
      "COALESCE(d.name, '') AS department_name, a.severity_class, a.penalty, a.percent, "
      "a.fine_fen, a.bonus_fen, a.month, a.publish_internal, a.note, a.status, "
      "a.appeal_reason, a.appealed_by, a.appealed_at, a.decision_note, a.decided_by, "
      "a.decided_at, a.created_by, " +
      auth::UserNameSql("u") +
      " AS created_by_name, a.created_at FROM complaint_attributions a "
      "JOIN complaints t ON t.id = a.complaint_id "
      "LEFT JOIN staff st ON st.id = a.staff_id "
      "LEFT JOIN departments d ON d.id = a.department_id "
      "LEFT JOIN users u ON u.id = a.created_by ";
  return s;
}

Attribution FromRow(const Rows& r, size_t i) {
  Attribution a;
  a.id = r.Int(i, "id");
  a.complaint_id = r.Int(i, "complaint_id");
  a.complaint_number = r.Text(i, "complaint_number");
  a.at_fault = r.Int(i, "at_fault") != 0;
  a.target = r.Text(i, "target");
  a.staff_id = r.OptInt(i, "staff_id");
  a.staff_name = r.Text(i, "staff_name");
  a.department_id = r.OptInt(i, "department_id");
  a.department_name = r.Text(i, "department_name");
  a.severity_class = r.Text(i, "severity_class");
  a.penalty = r.Text(i, "penalty");
  a.percent = r.Int(i, "percent");
  a.fine_fen = r.OptInt(i, "fine_fen");
  a.bonus_fen = r.OptInt(i, "bonus_fen");
  a.month = static_cast<int32_t>(r.Int(i, "month"));
  a.publish_internal = r.Int(i, "publish_internal") != 0;
  a.note = r.Text(i, "note");
  a.status = r.Text(i, "status");
  a.appeal_reason = r.Text(i, "appeal_reason");
  a.appealed_by = r.OptInt(i, "appealed_by");
  a.appealed_at = r.OptInt(i, "appealed_at");
  a.decision_note = r.Text(i, "decision_note");
  a.decided_by = r.OptInt(i, "decided_by");
  a.decided_at = r.OptInt(i, "decided_at");
  a.created_by = r.OptInt(i, "created_by");
  a.created_by_name = r.Text(i, "created_by_name");
  a.created_at = r.Int(i, "created_at");
  return a;
}

Status LoadLines(db::Connection& c, Attribution& a) {
  auto rows = c.Query(
      "SELECT staff_id, staff_name, month, percent, amount_fen FROM complaint_penalty_lines "
      "WHERE attribution_id = $1 ORDER BY month, id",
      {Value(a.id)});
  if (!rows) return std::move(rows).error();
  for (size_t i = 0; i < rows->size(); ++i)
    a.lines.push_back({rows->OptInt(i, "staff_id"), rows->Text(i, "staff_name"),
                       static_cast<int32_t>(rows->Int(i, "month")), rows->Int(i, "percent"),
                       rows->OptInt(i, "amount_fen")});
  return core::Ok();
}

Result<Attribution> Find(db::Connection& c, int64_t id) {
  auto a = db::FirstRow(c.Query(AttributionSelect() + "WHERE a.id = $1", {Value(id)}), FromRow);
  if (!a) return std::move(a).error();
  if (!*a) return core::NotFound();
  YB_RETURN_IF_ERROR(LoadLines(c, **a));
  return **a;
}

Status AuditAttribution(db::Connection& tx, const Ctx& c, const char* action,
                        const Attribution* before, const Attribution& after) {
  return audit::Record(
      tx, c.actor, c.now,
      {action, "complaint_attribution", after.id, before ? AttributionJson(*before).dump() : "",
       AttributionJson(after).dump(), c.reason});
}

// The accounts of the person attributed and of the department's head.
Result<std::vector<int64_t>> Concerned(db::Connection& tx, const Attribution& a) {
  std::vector<int64_t> users;
  if (a.staff_id) {
    auto s = org::FindStaffBrief(tx, *a.staff_id);
    if (!s) return std::move(s).error();
    if (*s && (*s)->user_id) users.push_back(*(*s)->user_id);
  }
  auto ladder = internal::LadderOf(tx, a.department_id);
  if (!ladder) return std::move(ladder).error();
  if (a.department_id && ladder->head) users.push_back(*ladder->head);
  return users;
}

Status TellAbout(db::Connection& tx, int64_t now, const Attribution& a, std::vector<int64_t> users,
                 const std::string& topic, const std::string& subject, const std::string& body) {
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  if (users.empty()) return core::Ok();
  notify::Message m;
  m.topic = topic;
  m.subject = subject;
  m.body = body;
  m.link = "/complaints/" + std::to_string(a.complaint_id);
  m.payload_json = Json({{"attribution_id", a.id}, {"complaint_id", a.complaint_id}}).dump();
  m.user_ids = std::move(users);
  return notify::Send(tx, now, m);
}

std::string WhoText(const Attribution& a) {
  return a.target == "staff" ? a.staff_name + "（" + a.department_name + "）" : a.department_name;
}

std::string PenaltyText(const std::string& p) {
  if (p == "administrative") return "行政处罚（内部通报）";
  if (p == "fine") return "罚款（月度绩效奖金）";
  if (p == "department_share") return "部门连带（每位成员绩效奖金）";
  return "无";
}

std::string MonthText(int32_t m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", m / 100, m % 100);
  return buf;
}

std::string FenText(const std::optional<int64_t>& fen) {
  if (!fen) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(*fen / 100),
                static_cast<long long>(*fen % 100));
  return buf;
}

}  // namespace

Json AttributionJson(const Attribution& a) {
  Json lines = Json::array();
  for (const auto& l : a.lines)
    lines.push_back({{"staff_id", api::IntOrNull(l.staff_id)},
                     {"staff_name", l.staff_name},
                     {"month", MonthText(l.month)},
                     {"percent", l.percent},
                     {"amount_fen", api::IntOrNull(l.amount_fen)}});
  return {{"id", a.id},
          {"complaint_id", a.complaint_id},
          {"complaint_number", a.complaint_number},
          {"at_fault", a.at_fault},
          {"target", a.target},
          {"staff_id", api::IntOrNull(a.staff_id)},
          {"staff_name", a.staff_name},
          {"department_id", api::IntOrNull(a.department_id)},
          {"department_name", a.department_name},
          {"severity_class", a.severity_class},
          {"penalty", a.penalty},
          {"percent", a.percent},
          {"fine_fen", api::IntOrNull(a.fine_fen)},
          {"bonus_fen", api::IntOrNull(a.bonus_fen)},
          {"month", MonthText(a.month)},
          {"publish_internal", a.publish_internal},
          {"note", a.note},
          {"status", a.status},
          {"appeal_reason", a.appeal_reason},
          {"appealed_at", api::TimeOrNull(a.appealed_at)},
          {"decision_note", a.decision_note},
          {"decided_at", api::TimeOrNull(a.decided_at)},
          {"created_by_name", a.created_by_name},
          {"created_at", core::FormatIsoUtc(a.created_at)},
          {"lines", lines}};
}

Result<std::vector<Attribution>> ListAttributions(db::Connection& c, int64_t complaint_id) {
  auto rows = db::AllRows(c.Query(AttributionSelect() + "WHERE a.complaint_id = $1 ORDER BY a.id",
                                  {Value(complaint_id)}),
                          FromRow);
  if (!rows) return std::move(rows).error();
  for (auto& a : *rows) YB_RETURN_IF_ERROR(LoadLines(c, a));
  return rows;
}

Result<Attribution> Attribute(const Ctx& c, int64_t complaint_id, const AttributionInput& in) {
  return c.pool.Transaction<Attribution>([&](db::Connection& tx) -> Result<Attribution> {
    auto t = internal::FindTicket(tx, complaint_id, c.now);
    if (!t) return std::move(t).error();
    if (!internal::CanSee(c.actor, *t)) return core::Forbidden("error.out_of_scope");
    if (!internal::ActorOf(c.actor, *t).reviewer) return core::Forbidden("complaints.not_allowed");
    if (in.target != "staff" && in.target != "department")
      return core::InvalidArgument("target", "validation.invalid");
    std::string severity = in.at_fault ? in.severity_class : "none";
    if (in.at_fault && severity != "minor" && severity != "loss")
      return core::InvalidArgument("severity_class", "validation.invalid");
    std::optional<int64_t> department = in.department_id;
    std::vector<std::pair<std::optional<int64_t>, std::string>> people;
    if (in.target == "staff") {
      // CMP-8: to a person where possible.
      if (!in.staff_id) return core::InvalidArgument("staff_id", "complaints.attribution_target");
      auto s = org::FindStaffBrief(tx, *in.staff_id);
      if (!s) return std::move(s).error();
      if (!*s) return core::InvalidArgument("staff_id", "validation.unknown_reference");
      if (!department) department = (*s)->department_id;
      people.emplace_back((*s)->id, (*s)->name);
    } else {
      if (!in.department_id)
        return core::InvalidArgument("department_id", "complaints.attribution_target");
    }
    if (department) {
      auto d = org::FindDepartmentBrief(tx, *department);
      if (!d) return std::move(d).error();
      if (!*d) return core::InvalidArgument("department_id", "validation.unknown_reference");
      if (in.target == "department") {
        auto members = org::StaffOfDepartment(tx, *department);
        if (!members) return std::move(members).error();
        for (const auto& m : *members) people.emplace_back(m.id, m.name);
      }
    }
    const std::string penalty = PenaltyOf(in.at_fault, in.target, severity);
    auto fine_pct = org::GetSetting(tx, "complaints.fine_percent");
    if (!fine_pct) return std::move(fine_pct).error();
    auto dept_pct = org::GetSetting(tx, "complaints.department_percent");
    if (!dept_pct) return std::move(dept_pct).error();
    auto day = org::SiteDay(tx, t->site_id, c.now);
    if (!day) return std::move(day).error();
    const int32_t month = *day / 100;
    const int64_t percent = penalty == "fine"               ? *fine_pct
                            : penalty == "department_share" ? *dept_pct
                                                            : 0;
    const bool publish = penalty == "administrative";
    auto id = db::FirstId(tx.Query(
        "INSERT INTO complaint_attributions (complaint_id, at_fault, target, staff_id, "
        "department_id, severity_class, penalty, percent, fine_fen, bonus_fen, month, "
        "publish_internal, note, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
        "$7, $8, $9, $10, $11, $12, $13, 'recorded', $14, $15) RETURNING id",
        {Value(complaint_id), db::Flag(in.at_fault), Value(in.target), db::OrNull(in.staff_id),
         db::OrNull(department), Value(severity), Value(penalty), Value(percent),
         penalty == "fine" ? db::OrNull(in.fine_fen) : db::Null(),
         penalty == "fine" ? db::OrNull(in.bonus_fen) : db::Null(), Value(int64_t{month}),
         db::Flag(publish), Value(in.note), c.actor.user_id ? Value(c.actor.user_id) : db::Null(),
         Value(c.now)}));
    if (!id) return std::move(id).error();
    PlanInput plan;
    plan.penalty = penalty;
    plan.month = month;
    plan.fine_percent = *fine_pct;
    plan.department_percent = *dept_pct;
    plan.fine_fen = in.fine_fen;
    plan.bonus_fen = in.bonus_fen;
    plan.people = people;
    for (const auto& l : PlanPenalty(plan))
      YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
          "INSERT INTO complaint_penalty_lines (attribution_id, staff_id, staff_name, month, "
          "percent, amount_fen) VALUES ($1, $2, $3, $4, $5, $6)",
          {Value(**id), db::OrNull(l.staff_id), Value(l.staff_name), Value(int64_t{l.month}),
           Value(l.percent), db::OrNull(l.amount_fen)})));
    auto a = Find(tx, **id);
    if (!a) return std::move(a).error();
    YB_RETURN_IF_ERROR(internal::AddEvent(tx, *t, c.actor, c.now, "attributed", in.note,
                                          {{"attribution_id", a->id},
                                           {"at_fault", a->at_fault},
                                           {"who", WhoText(*a)},
                                           {"penalty", a->penalty}}));
    YB_RETURN_IF_ERROR(AuditAttribution(tx, c, "create", nullptr, *a));
    // CMP-5: for an attitude complaint this is the handling opinion HR hears of.
    YB_RETURN_IF_ERROR(internal::OpinionGiven(
        tx, *t, c.actor, c.now,
        "责任对象：" + WhoText(*a) + "\n" + (a->at_fault ? "有责" : "无责") + "；处理：" +
            PenaltyText(a->penalty) + (a->note.empty() ? "" : "\n" + a->note)));
    auto concerned = Concerned(tx, *a);
    if (!concerned) return std::move(concerned).error();
    YB_RETURN_IF_ERROR(
        TellAbout(tx, c.now, *a, *concerned, "complaint.attributed", "投诉责任认定：" + t->number,
                  "责任对象：" + WhoText(*a) + "\n" + (a->at_fault ? "有责" : "无责") + "；处理：" +
                      PenaltyText(a->penalty) + "\n如有异议可在工单页面提出申诉。"));
    if (publish && a->department_id) {
      // CMP-8: a minor case is an administrative penalty published inside the company.
      auto members = org::UsersOfDepartment(tx, *a->department_id);
      if (!members) return std::move(members).error();
      YB_RETURN_IF_ERROR(TellAbout(
          tx, c.now, *a, *members, "complaint.penalty_published", "内部通报：" + t->number,
          "因客户投诉（工单 " + t->number + "），对 " + WhoText(*a) + " 给予行政处罚并内部通报。"));
    }
    YB_RETURN_IF_ERROR(internal::Changed(tx, c.now, *t));
    return *a;
  });
}

Result<Attribution> Appeal(const Ctx& c, int64_t attribution_id, const std::string& reason) {
  return c.pool.Transaction<Attribution>([&](db::Connection& tx) -> Result<Attribution> {
    auto before = Find(tx, attribution_id);
    if (!before) return std::move(before).error();
    auto concerned = Concerned(tx, *before);
    if (!concerned) return std::move(concerned).error();
    if (!c.actor.user_id ||
        std::find(concerned->begin(), concerned->end(), c.actor.user_id) == concerned->end())
      return core::Forbidden("complaints.not_allowed");
    if (before->status != "recorded" || !before->at_fault)
      return core::Conflict("complaints.not_appealable");
    if (reason.empty()) return core::InvalidArgument("appeal_reason", "validation.required");
    YB_RETURN_IF_ERROR(db::ToStatus(
        tx.Exec("UPDATE complaint_attributions SET status = 'appealed', appeal_reason = $1, "
                "appealed_by = $2, appealed_at = $3 WHERE id = $4",
                {Value(reason), Value(c.actor.user_id), Value(c.now), Value(attribution_id)})));
    auto after = Find(tx, attribution_id);
    if (!after) return std::move(after).error();
    auto t = internal::FindTicket(tx, after->complaint_id, c.now);
    if (!t) return std::move(t).error();
    YB_RETURN_IF_ERROR(internal::AddEvent(tx, *t, c.actor, c.now, "appealed", reason,
                                          {{"attribution_id", attribution_id}}));
    YB_RETURN_IF_ERROR(AuditAttribution(tx, c, "appeal", &*before, *after));
    auto gm = auth::UsersWithRole(tx, "gm_office");
    if (!gm) return std::move(gm).error();
    YB_RETURN_IF_ERROR(TellAbout(tx, c.now, *after, *gm, "complaint.appeal",
                                 "责任认定申诉待裁决：" + t->number,
                                 WhoText(*after) + " 提出申诉：" + reason));
    return *after;
  });
}

Result<Attribution> DecideAppeal(const Ctx& c, int64_t attribution_id, bool uphold,
                                 const std::string& note) {
  return c.pool.Transaction<Attribution>([&](db::Connection& tx) -> Result<Attribution> {
    auto before = Find(tx, attribution_id);
    if (!before) return std::move(before).error();
    auto t = internal::FindTicket(tx, before->complaint_id, c.now);
    if (!t) return std::move(t).error();
    if (!internal::ActorOf(c.actor, *t).reviewer) return core::Forbidden("complaints.not_allowed");
    if (before->status != "appealed") return core::Conflict("complaints.not_appealed");
    if (note.empty()) return core::InvalidArgument("decision", "validation.required");
    YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
        "UPDATE complaint_attributions SET status = $1, decision_note = $2, decided_by = $3, "
        "decided_at = $4 WHERE id = $5",
        {Value(uphold ? "upheld" : "overturned"), Value(note),
         c.actor.user_id ? Value(c.actor.user_id) : db::Null(), Value(c.now),
         Value(attribution_id)})));
    auto after = Find(tx, attribution_id);
    if (!after) return std::move(after).error();
    YB_RETURN_IF_ERROR(internal::AddEvent(tx, *t, c.actor, c.now,
                                          uphold ? "appeal_upheld" : "appeal_overturned", note,
                                          {{"attribution_id", attribution_id}}));
    YB_RETURN_IF_ERROR(AuditAttribution(tx, c, "decide", &*before, *after));
    std::vector<int64_t> users;
    if (after->appealed_by) users.push_back(*after->appealed_by);
    YB_RETURN_IF_ERROR(TellAbout(
        tx, c.now, *after, users, "complaint.appeal_decided",
        std::string("申诉") + (uphold ? "被驳回，维持原认定：" : "成立，撤销认定：") + t->number,
        note));
    return *after;
  });
}

Result<std::vector<Attribution>> MonthlyAttributions(db::Pool& pool, const auth::Principal& p,
                                                     int32_t month) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto rows = db::AllRows(
      (*lease)->Query(AttributionSelect() +
                          "WHERE (a.month = $1 OR EXISTS (SELECT 1 FROM "
                          "complaint_penalty_lines l WHERE l.attribution_id = "
                          "a.id AND l.month = $1))" +
                          internal::VisibleCondition(p) + " ORDER BY a.created_at, a.id",
                      {Value(int64_t{month})}),
      FromRow);
  if (!rows) return std::move(rows).error();
  for (auto& a : *rows) YB_RETURN_IF_ERROR(LoadLines(**lease, a));
  return rows;
}

// ---------------------------------------------------------------- routes

namespace {

core::Result<int32_t> ReadMonth(const Context& ctx) {
  auto v = ctx.req.QueryParam("month");
  if (!v || v->size() != 7 || (*v)[4] != '-')
    return core::InvalidArgument("month", "validation.invalid");
  int y = 0, m = 0;
  for (size_t i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if ((*v)[i] < '0' || (*v)[i] > '9') return core::InvalidArgument("month", "validation.invalid");
  }
  y = std::stoi(std::string(v->substr(0, 4)));
  m = std::stoi(std::string(v->substr(5, 2)));
  if (m < 1 || m > 12 || y < 2000) return core::InvalidArgument("month", "validation.invalid");
  return y * 100 + m;
}

api::Table MonthTable(const std::vector<Attribution>& rows) {
  api::Table t;
  t.header = {"工单编号", "责任对象",    "部门",         "是否有责", "情节",
              "处理",     "比例(%)",     "罚款(元)",     "状态",     "承担人",
              "月份",     "本月比例(%)", "本月金额(元)", "说明"};
  t.numeric_columns = {6, 11};
  auto status_text = [](const std::string& s) {
    if (s == "appealed") return "申诉中";
    if (s == "upheld") return "申诉驳回";
    if (s == "overturned") return "已撤销";
    return "已认定";
  };
  for (const auto& a : rows) {
    std::vector<std::string> base = {a.complaint_number,
                                     a.target == "staff" ? a.staff_name : a.department_name,
                                     a.department_name,
                                     a.at_fault ? "有责" : "无责",
                                     a.severity_class == "loss"    ? "有损失"
                                     : a.severity_class == "minor" ? "轻微"
                                                                   : "",
                                     PenaltyText(a.penalty),
                                     std::to_string(a.percent),
                                     FenText(a.fine_fen),
                                     status_text(a.status)};
    if (a.lines.empty()) {
      auto row = base;
      row.insert(row.end(), {"", MonthText(a.month), "0", "", a.note});
      t.rows.push_back(row);
    }
    for (const auto& l : a.lines) {
      auto row = base;
      row.insert(row.end(), {l.staff_name, MonthText(l.month), std::to_string(l.percent),
                             FenText(l.amount_fen), a.note});
      t.rows.push_back(row);
    }
  }
  return t;
}

}  // namespace

void RegisterAttributionRoutes(api::Registry& r) {
  r.Post("/api/v1/complaints/{id}/attributions", api::kSignedIn, [](Context& ctx) {
    ATTR_READ(id, ctx.IdParam());
    ATTR_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    AttributionInput a;
    ATTR_READ(at_fault, in.Bool("at_fault"));
    ATTR_READ(target, in.Enum("target", {"staff", "department"}));
    ATTR_READ(staff, in.OptInt("staff_id", 1, kMaxId));
    ATTR_READ(dept, in.OptInt("department_id", 1, kMaxId));
    ATTR_READ(severity, in.OptString("severity_class", 20));
    ATTR_READ(fine, in.OptInt("fine_fen", 0, 1'000'000'000));
    ATTR_READ(bonus, in.OptInt("bonus_fen", 1, 1'000'000'000));
    ATTR_READ(note, in.OptString("note", 2000, true));
    a.at_fault = at_fault;
    a.target = target;
    a.staff_id = staff;
    a.department_id = dept;
    a.severity_class = severity.empty() ? "none" : severity;
    a.fine_fen = fine;
    a.bonus_fen = bonus;
    a.note = note;
    ATTR_READ(saved, Attribute(CtxOf(ctx, note), id, a));
    ctx.Kick();
    return api::Created(AttributionJson(saved));
  });
  r.Post("/api/v1/complaints/attributions/{id}/appeal", api::kSignedIn, [](Context& ctx) {
    ATTR_READ(id, ctx.IdParam());
    ATTR_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    ATTR_READ(reason, in.OptString("appeal_reason", 2000, true));
    ATTR_READ(saved, Appeal(CtxOf(ctx, reason), id, reason));
    ctx.Kick();
    return api::Ok(AttributionJson(saved));
  });
  r.Post("/api/v1/complaints/attributions/{id}/decide", "complaints.review", [](Context& ctx) {
    ATTR_READ(id, ctx.IdParam());
    ATTR_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    ATTR_READ(uphold, in.Bool("uphold"));
    ATTR_READ(note, in.OptString("decision", 2000, true));
    ATTR_READ(saved, DecideAppeal(CtxOf(ctx, note), id, uphold, note));
    ctx.Kick();
    return api::Ok(AttributionJson(saved));
  });
  // The monthly attribution report (CMP-8): JSON, or ?format=csv|xlsx.
  r.Get("/api/v1/complaints/attributions", "complaints.review", [](Context& ctx) {
    ATTR_READ(month, ReadMonth(ctx));
    ATTR_READ(rows, MonthlyAttributions(ctx.db(), ctx.principal, month));
    const std::string format(ctx.req.QueryParam("format").value_or("json"));
    const std::string name = "complaint-attributions-" + MonthText(month);
    if (format == "csv") return api::CsvResponse(MonthTable(rows), name + ".csv");
    if (format == "xlsx") {
      ATTR_READ(bytes, api::ToXlsx(MonthTable(rows), "责任认定"));
      return api::XlsxResponse(std::move(bytes), name + ".xlsx");
    }
    if (format != "json")
      return ErrorAnswer(ctx, core::InvalidArgument("format", "validation.invalid"));
    Json items = Json::array();
    int64_t at_fault = 0, fines = 0;
    for (const auto& a : rows) {
      items.push_back(AttributionJson(a));
      if (a.at_fault && a.status != "overturned") {
        ++at_fault;
        for (const auto& l : a.lines)
          if (l.month == month && l.amount_fen) fines += *l.amount_fen;
      }
    }
    return api::Ok({{"month", MonthText(month)},
                    {"items", items},
                    {"total", static_cast<int64_t>(rows.size())},
                    {"at_fault", at_fault},
                    {"fines_this_month_fen", fines}});
  });
}

}  // namespace yingbin::complaints
