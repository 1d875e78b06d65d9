#include "complaints/history.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "audit/audit.hpp"
#include "auth/directory.hpp"
#include "complaints/internal.hpp"
#include "complaints/json.hpp"
#include "complaints/phrases.hpp"
#include "complaints/routes.hpp"
#include "complaints/store.hpp"
#include "core/calendar.hpp"
#include "core/identity.hpp"
#include "core/time.hpp"
#include "db/sql.hpp"
#include "notify/notify.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::complaints {

// ---------------------------------------------------------------- pure

namespace {

std::vector<std::string> Chars(std::string_view text) {
  const std::string n = NormalisePhraseText(text);
  std::vector<std::string> out;
  for (size_t i = 0; i < n.size();) {
    const unsigned char c = n[i];
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(n.substr(i, len));
    i += len;
  }
  return out;
}

std::multiset<std::string> Grams(const std::vector<std::string>& chars) {
  std::multiset<std::string> out;
  if (chars.size() == 1) out.insert(chars[0]);
  for (size_t i = 0; i + 1 < chars.size(); ++i) out.insert(chars[i] + chars[i + 1]);
  return out;
}

double Round1(double v) { return std::round(v * 10.0) / 10.0; }

}  // namespace

double Similarity(std::string_view a, std::string_view b) {
  const auto ga = Grams(Chars(a));
  const auto gb = Grams(Chars(b));
  if (ga.empty() || gb.empty()) return 0;
  std::vector<std::string> common;
  std::set_intersection(ga.begin(), ga.end(), gb.begin(), gb.end(), std::back_inserter(common));
  return 2.0 * static_cast<double>(common.size()) / static_cast<double>(ga.size() + gb.size());
}

std::vector<ParetoRow> ParetoOf(std::vector<std::pair<std::string, int64_t>> counts) {
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;
    return a.first < b.first;
  });
  int64_t total = 0;
  for (const auto& [_, n] : counts) total += n;
  std::vector<ParetoRow> out;
  int64_t running = 0;
  for (const auto& [cause, n] : counts) {
    if (n <= 0) continue;
    running += n;
    ParetoRow r;
    r.cause = cause;
    r.count = n;
    r.percent = Round1(100.0 * static_cast<double>(n) / static_cast<double>(total));
    r.cumulative = Round1(100.0 * static_cast<double>(running) / static_cast<double>(total));
    out.push_back(r);
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

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kMaxId = INT64_MAX;
constexpr char kImprovementSubject[] = "complaint_improvement";
constexpr char kTaskImprovementDue[] = "complaint.improvement_due";
constexpr char kTaskImprovementEffect[] = "complaint.improvement_effect";

#define HIST_READ(var, expr)                                          \
  auto var##_result_ = (expr);                                        \
  if (!var##_result_) return ErrorAnswer(ctx, var##_result_.error()); \
  auto var = std::move(*var##_result_)

Ctx CtxOf(const Context& ctx, std::string reason = {}) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), *ctx.env.cipher, std::move(reason)};
}

Result<int64_t> Setting(db::Connection& c, std::string_view key) { return org::GetSetting(c, key); }

// The customer's open tickets created since `since`, other than `except`, the caller may see.
Result<std::vector<Ticket>> OpenSince(db::Connection& c, const auth::Principal& p,
                                      int64_t customer_id, int64_t since, int64_t except,
                                      int64_t now) {
  return store::SelectTickets(
      c,
      "t.customer_id = $1 AND t.is_open = 1 AND t.created_at > $2 AND t.id <> $3 AND "
      "t.merged_into_id IS NULL" +
          internal::VisibleCondition(p),
      {Value(customer_id), Value(since), Value(except)}, "t.created_at DESC, t.id DESC", 20, 0,
      now);
}

bool Alike(const Ticket& t, const std::string& subject, const std::string& description) {
  if (!subject.empty() && !t.subject.empty() && Similarity(subject, t.subject) >= kSimilar)
    return true;
  const std::string a = subject.empty() ? description : subject;
  const std::string b = t.subject.empty() ? t.description : t.subject;
  return Similarity(a, b) >= kSimilar;
}

Improvement ImprovementFromRow(const Rows& r, size_t i) {
  Improvement m;
  m.id = r.Int(i, "id");
  m.cause_class = r.Text(i, "cause_class");
  m.cause_name = r.Text(i, "cause_name");
  m.action = r.Text(i, "action");
  m.owner_user_id = r.Int(i, "owner_user_id");
  m.owner_name = r.Text(i, "owner_name");
  m.due_at = r.Int(i, "due_at");
  m.status = r.Text(i, "status");
  m.created_at = r.Int(i, "created_at");
  m.done_at = r.OptInt(i, "done_at");
  m.confirmed_at = r.OptInt(i, "confirmed_at");
  m.window_days = r.OptInt(i, "window_days");
  m.before_count = r.OptInt(i, "before_count");
  m.after_count = r.OptInt(i, "after_count");
  m.done_note = r.Text(i, "done_note");
  m.effect_note = r.Text(i, "effect_note");
  return m;
}

const std::string& ImprovementSelect() {
  static const std::string s =
      "SELECT m.id, m.cause_class, COALESCE(k.name_zh_cn, '') AS cause_name, m.action, "
      "m.owner_user_id, " +
      auth::UserNameSql("u") +
      " AS owner_name, m.due_at, m.status, m.created_at, m.done_at, m.confirmed_at, "
      "m.window_days, m.before_count, m.after_count, m.done_note, m.effect_note "
      "FROM complaint_improvements m LEFT JOIN complaint_causes k ON k.code = m.cause_class "
      "LEFT JOIN users u ON u.id = m.owner_user_id ";
  return s;
}

Result<Improvement> FindImprovement(db::Connection& c, int64_t id) {
  auto r = db::FirstRow(c.Query(ImprovementSelect() + "WHERE m.id = $1", {Value(id)}),
                        ImprovementFromRow);
  if (!r) return std::move(r).error();
  if (!*r) return core::NotFound();
  return **r;
}

Status AuditImprovement(db::Connection& tx, const Ctx& c, const char* action,
                        const Improvement* before, const Improvement& after) {
  return audit::Record(
      tx, c.actor, c.now,
      {action, "complaint_improvement", after.id, before ? ImprovementJson(*before).dump() : "",
       ImprovementJson(after).dump(), c.reason});
}

// Tickets of a cause created in [from, to).
Result<int64_t> CauseCount(db::Connection& c, const std::string& cause, int64_t from, int64_t to) {
  auto r = c.Query(
      "SELECT COUNT(*) FROM complaints WHERE cause_class = $1 AND created_at >= $2 AND "
      "created_at < $3 AND merged_into_id IS NULL",
      {Value(cause), Value(from), Value(to)});
  if (!r) return std::move(r).error();
  return r->Int(0, 0);
}

Status TellImprovement(db::Connection& tx, int64_t now, const Improvement& m,
                       std::vector<int64_t> users, const std::string& topic,
                       const std::string& subject) {
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  notify::Message msg;
  msg.topic = topic;
  msg.subject = subject;
  msg.body = "原因类别：" + m.cause_name + "\n改进措施：" + m.action;
  msg.link = "/complaints/reports";
  msg.payload_json = Json({{"improvement_id", m.id}}).dump();
  msg.user_ids = std::move(users);
  return notify::Send(tx, now, msg);
}

Status OnImprovementTask(db::Connection& tx, const tasks::Task& task, int64_t now) {
  auto done = tasks::CompleteFor(tx, kImprovementSubject, task.subject_id,
                                 std::string_view(task.kind), 0, now);
  if (!done) return std::move(done).error();
  auto m = FindImprovement(tx, task.subject_id);
  if (!m) return m.error().code == core::ErrorCode::kNotFound ? core::Ok() : Status(m.error());
  if (task.kind == kTaskImprovementDue) {
    if (m->status != "open") return core::Ok();
    return TellImprovement(tx, now, *m, {m->owner_user_id}, "complaint.improvement_due",
                           "改进措施已到期，请完成并报告：" + m->action);
  }
  if (m->status != "done") return core::Ok();
  auto reviewers = auth::UsersWithPermission(tx, "complaints.review");
  if (!reviewers) return std::move(reviewers).error();
  return TellImprovement(tx, now, *m, *reviewers, "complaint.improvement_effect",
                         "改进措施可以确认效果了：" + m->action);
}

}  // namespace

// ---------------------------------------------------------------- history

Result<CustomerHistoryView> CustomerHistory(db::Connection& c, const auth::Principal& p,
                                            const Ticket& t, int64_t now) {
  CustomerHistoryView h;
  h.customer_id = t.customer_id;
  auto total =
      c.Query("SELECT COUNT(*) FROM complaints WHERE customer_id = $1", {Value(t.customer_id)});
  if (!total) return std::move(total).error();
  h.total = total->Int(0, 0);
  auto previous = store::SelectTickets(
      c, "t.customer_id = $1 AND t.id <> $2" + internal::VisibleCondition(p),
      {Value(t.customer_id), Value(t.id)}, "t.created_at DESC, t.id DESC", 50, 0, now);
  if (!previous) return std::move(previous).error();
  h.previous = std::move(*previous);
  auto count = Setting(c, "complaints.red_repeat_count");
  if (!count) return std::move(count).error();
  auto days = Setting(c, "complaints.red_repeat_days");
  if (!days) return std::move(days).error();
  h.repeat_count = *count;
  h.repeat_days = *days;
  auto recent = c.Query(
      "SELECT COUNT(*) FROM complaints WHERE customer_id = $1 AND created_at > $2 AND "
      "merged_into_id IS NULL",
      {Value(t.customer_id), Value(now - *days * kDayMs)});
  if (!recent) return std::move(recent).error();
  h.recent = recent->Int(0, 0);
  h.repeat = h.recent >= h.repeat_count;
  if (t.status != TicketStatus::kArchived) {
    auto dup_days = Setting(c, "complaints.duplicate_days");
    if (!dup_days) return std::move(dup_days).error();
    auto open = OpenSince(c, p, t.customer_id, t.created_at - *dup_days * kDayMs, t.id, now);
    if (!open) return std::move(open).error();
    for (auto& o : *open)
      if (std::llabs(o.created_at - t.created_at) <= *dup_days * kDayMs &&
          Alike(o, t.subject, t.description))
        h.duplicates.push_back(std::move(o));
  }
  auto merged =
      store::SelectTickets(c, "t.merged_into_id = $1", {Value(t.id)}, "t.id", 100, 0, now);
  if (!merged) return std::move(merged).error();
  h.merged = std::move(*merged);
  return h;
}

Json HistoryJson(const CustomerHistoryView& h) {
  auto list = [](const std::vector<Ticket>& ts) {
    Json a = Json::array();
    for (const auto& t : ts)
      a.push_back({{"id", t.id},
                   {"number", t.number},
                   {"subject", t.subject},
                   {"description", t.description.substr(0, 300)},
                   {"status", StatusName(t.status)},
                   {"created_at", core::FormatIsoUtc(t.created_at)},
                   {"cause_class", t.cause_class ? Json(*t.cause_class) : Json(nullptr)},
                   {"cause_name", t.cause_name},
                   {"red_alert", t.red_alert_at.has_value()},
                   {"satisfied", t.satisfied ? Json(*t.satisfied) : Json(nullptr)},
                   {"merged_into_id", api::IntOrNull(t.merged_into_id)}});
    return a;
  };
  return {{"customer_id", h.customer_id}, {"total", h.total},
          {"previous", list(h.previous)}, {"repeat", h.repeat},
          {"recent", h.recent},           {"repeat_count", h.repeat_count},
          {"repeat_days", h.repeat_days}, {"duplicates", list(h.duplicates)},
          {"merged", list(h.merged)}};
}

Result<std::vector<Ticket>> FindDuplicates(db::Pool& pool, const core::FieldCipher& cipher,
                                           const auth::Principal& p, const DuplicateQuery& q,
                                           int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  db::Connection& c = **lease;
  std::vector<int64_t> customers;
  const std::string phone = core::NormalisePhone(q.phone);
  if (phone.size() >= 3) {
    auto found = store::FindCustomerByPhone(c, cipher.BlindIndex(phone, store::kCustomerPhoneField));
    if (!found) return std::move(found).error();
    if (*found) customers.push_back((*found)->id);
  }
  if (!q.email.empty()) {
    std::string email = q.email;
    for (auto& ch : email) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto found = store::FindCustomerByEmail(c, email);
    if (!found) return std::move(found).error();
    if (*found && std::find(customers.begin(), customers.end(), (*found)->id) == customers.end())
      customers.push_back((*found)->id);
  }
  auto days = Setting(c, "complaints.duplicate_days");
  if (!days) return std::move(days).error();
  std::vector<Ticket> out;
  for (int64_t customer : customers) {
    auto open = OpenSince(c, p, customer, now - *days * kDayMs, 0, now);
    if (!open) return std::move(open).error();
    for (auto& t : *open)
      if (Alike(t, q.subject, q.description)) out.push_back(std::move(t));
  }
  return out;
}

Result<Ticket> Merge(const Ctx& c, int64_t id, int64_t into_id, const std::string& note) {
  auto done = c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    if (id == into_id) return core::InvalidArgument("into_id", "complaints.merge_self");
    auto t = internal::FindTicket(tx, id, c.now);
    if (!t) return std::move(t).error();
    auto into = internal::FindTicket(tx, into_id, c.now);
    if (!into) {
      if (into.error().code == core::ErrorCode::kNotFound)
        return core::InvalidArgument("into_id", "validation.unknown_reference");
      return std::move(into).error();
    }
    if (!internal::CanSee(c.actor, *t) || !internal::CanSee(c.actor, *into))
      return core::Forbidden("error.out_of_scope");
    const Actor a = internal::ActorOf(c.actor, *t);
    const Actor b = internal::ActorOf(c.actor, *into);
    if (!((a.writer || a.reviewer || a.owner) && (b.writer || b.reviewer || b.owner)))
      return core::Forbidden("complaints.not_allowed");
    if (t->status == TicketStatus::kArchived || t->merged_into_id ||
        into->status == TicketStatus::kArchived || into->merged_into_id)
      return core::Conflict("complaints.merge_closed", "into_id");
    if (note.empty()) return core::InvalidArgument("note", "validation.required");
    YB_RETURN_IF_ERROR(internal::CancelAllClocks(tx, *t, c.now));
    // Archived as absorbed: the state machine's archive needs the callback; a duplicate has
    // none of its own (the ticket it joins carries the loop on).
    YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
        "UPDATE complaints SET status = 'archived', is_open = 0, merged_into_id = $1, "
        "next_due_at = NULL, archived_at = $2, archived_by = $3, updated_at = $2 WHERE id = $4",
        {Value(into_id), Value(c.now), c.actor.user_id ? Value(c.actor.user_id) : db::Null(),
         Value(id)})));
    auto after = internal::FindTicket(tx, id, c.now);
    if (!after) return std::move(after).error();
    YB_RETURN_IF_ERROR(internal::AddEvent(tx, *after, c.actor, c.now, "merged_into", note,
                                          {{"into_id", into_id}, {"into_number", into->number}}));
    YB_RETURN_IF_ERROR(internal::AddEvent(tx, *into, c.actor, c.now, "merged_from", note,
                                          {{"from_id", id}, {"from_number", t->number}}));
    YB_RETURN_IF_ERROR(internal::AuditTicket(tx, c.actor, c.now, "merge", &*t, *after, note));
    YB_RETURN_IF_ERROR(internal::Changed(tx, c.now, *after));
    return internal::Changed(tx, c.now, *into);
  });
  if (!done) return std::move(done).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  return internal::FindTicket(**lease, into_id, c.now);
}

// ---------------------------------------------------------------- Pareto

core::Result<Period> ReadPeriod(const Context& ctx) {
  Period p;
  auto site = api::IntQuery(ctx.req, "site_id", 1, kMaxId);
  if (!site) return std::move(site).error();
  p.site_id = *site;
  auto dept = api::IntQuery(ctx.req, "department_id", 1, kMaxId);
  if (!dept) return std::move(dept).error();
  p.department_id = *dept;
  // Local days (days since 1970-01-01) of ?from and ?to.
  auto day = [&](const char* name) -> core::Result<std::optional<int32_t>> {
    auto v = ctx.req.QueryParam(name);
    if (!v || v->empty()) return std::optional<int32_t>();
    auto d = core::ParseDate(*v, name);
    if (!d) return std::move(d).error();
    return std::optional<int32_t>(*d);
  };
  auto from = day("from");
  if (!from) return std::move(from).error();
  auto to = day("to");
  if (!to) return std::move(to).error();
  int64_t site_for_zone = 0;
  if (p.site_id) {
    site_for_zone = *p.site_id;
  } else {
    auto first = DefaultSite(ctx.db());
    if (first) site_for_zone = *first;
  }
  core::BusinessCalendar cal;
  if (site_for_zone) {
    auto c = org::SiteCalendar(ctx.db(), site_for_zone);
    if (!c) return std::move(c).error();
    cal = *c;
  }
  p.to = ctx.now();
  p.from = p.to - 30 * kDayMs;
  if (*from) {
    auto at = core::LocalTimeToUtc(cal, **from, 0);
    if (!at) return std::move(at).error();
    p.from = *at;
  }
  if (*to) {
    auto at = core::LocalTimeToUtc(cal, **to, 0);
    if (!at) return std::move(at).error();
    p.to = *at + kDayMs;
  }
  if (p.to <= p.from) return core::InvalidArgument("to", "validation.invalid");
  return p;
}

Result<std::vector<ParetoRow>> CausePareto(db::Connection& c, const auth::Principal& p,
                                           const Period& period) {
  std::vector<Value> params{Value(period.from), Value(period.to)};
  std::string where =
      "t.created_at >= $1 AND t.created_at < $2 AND t.cause_class IS NOT NULL AND "
      "t.merged_into_id IS NULL";
  if (period.site_id) {
    params.push_back(*period.site_id);
    where += " AND t.site_id = $" + std::to_string(params.size());
  }
  if (period.department_id) {
    params.push_back(*period.department_id);
    where += " AND t.department_id = $" + std::to_string(params.size());
  }
  where += internal::VisibleCondition(p);
  auto rows = c.Query(
      "SELECT t.cause_class, COUNT(*) FROM complaints t WHERE " + where + " GROUP BY t.cause_class",
      params);
  if (!rows) return std::move(rows).error();
  std::vector<std::pair<std::string, int64_t>> counts;
  for (size_t i = 0; i < rows->size(); ++i) counts.emplace_back(rows->Text(i, 0), rows->Int(i, 1));
  auto out = ParetoOf(std::move(counts));
  auto causes = store::ListCauses(c);
  if (!causes) return std::move(causes).error();
  for (auto& r : out)
    for (const auto& k : *causes)
      if (k.code == r.cause) r.name = k.name_zh_cn;
  return out;
}

// ---------------------------------------------------------------- improvements

Json ImprovementJson(const Improvement& m) {
  return {{"id", m.id},
          {"cause_class", m.cause_class},
          {"cause_name", m.cause_name},
          {"action", m.action},
          {"owner_user_id", m.owner_user_id},
          {"owner_name", m.owner_name},
          {"due_at", core::FormatIsoUtc(m.due_at)},
          {"status", m.status},
          {"created_at", core::FormatIsoUtc(m.created_at)},
          {"done_at", api::TimeOrNull(m.done_at)},
          {"done_note", m.done_note},
          {"confirmed_at", api::TimeOrNull(m.confirmed_at)},
          {"window_days", api::IntOrNull(m.window_days)},
          {"before_count", api::IntOrNull(m.before_count)},
          {"after_count", api::IntOrNull(m.after_count)},
          {"effect_note", m.effect_note}};
}

Result<std::vector<Improvement>> ListImprovements(db::Pool& pool,
                                                  std::optional<std::string> status) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  if (status)
    return db::AllRows(
        (*lease)->Query(ImprovementSelect() + "WHERE m.status = $1 ORDER BY m.due_at, m.id",
                        {Value(*status)}),
        ImprovementFromRow);
  return db::AllRows(
      (*lease)->Query(ImprovementSelect() +
                      "ORDER BY CASE m.status WHEN 'open' THEN 0 WHEN 'done' THEN 1 ELSE 2 END, "
                      "m.due_at, m.id"),
      ImprovementFromRow);
}

Result<Improvement> CreateImprovement(const Ctx& c, const ImprovementInput& in) {
  return c.pool.Transaction<Improvement>([&](db::Connection& tx) -> Result<Improvement> {
    auto cause = store::FindCause(tx, in.cause_class);
    if (!cause) return std::move(cause).error();
    if (!*cause) return core::InvalidArgument("cause_class", "validation.unknown_reference");
    if (in.action.empty()) return core::InvalidArgument("action", "validation.required");
    auto owner = auth::EnabledUsers(tx, {in.owner_user_id});
    if (!owner) return std::move(owner).error();
    if (owner->empty())
      return core::InvalidArgument("owner_user_id", "validation.unknown_reference");
    if (in.due_at <= c.now) return core::InvalidArgument("due_at", "complaints.deadline_past");
    auto id = db::FirstId(tx.Query(
        "INSERT INTO complaint_improvements (cause_class, action, owner_user_id, due_at, status, "
        "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'open', $5, $6, $6) "
        "RETURNING id",
        {Value(in.cause_class), Value(in.action), Value(in.owner_user_id), Value(in.due_at),
         c.actor.user_id ? Value(c.actor.user_id) : db::Null(), Value(c.now)}));
    if (!id) return std::move(id).error();
    auto m = FindImprovement(tx, **id);
    if (!m) return std::move(m).error();
    tasks::Task task;
    task.kind = kTaskImprovementDue;
    task.subject_type = kImprovementSubject;
    task.subject_id = m->id;
    task.owner_user_id = m->owner_user_id;
    task.title = "改进措施：" + m->action;
    task.due_at = m->due_at;
    auto tid = tasks::Create(tx, task, c.now);
    if (!tid) return std::move(tid).error();
    YB_RETURN_IF_ERROR(AuditImprovement(tx, c, "create", nullptr, *m));
    YB_RETURN_IF_ERROR(TellImprovement(tx, c.now, *m, {m->owner_user_id}, "complaint.improvement",
                                       "新的改进措施由您负责：" + m->action));
    return *m;
  });
}

Result<Improvement> ImprovementDone(const Ctx& c, int64_t id, const std::string& note) {
  return c.pool.Transaction<Improvement>([&](db::Connection& tx) -> Result<Improvement> {
    auto before = FindImprovement(tx, id);
    if (!before) return std::move(before).error();
    if (before->owner_user_id != c.actor.user_id && !c.actor.Can("complaints.review"))
      return core::Forbidden("complaints.not_allowed");
    if (before->status != "open") return core::Conflict("complaints.improvement_state");
    auto window = Setting(tx, "complaints.effect_window_days");
    if (!window) return std::move(window).error();
    YB_RETURN_IF_ERROR(db::ToStatus(
        tx.Exec("UPDATE complaint_improvements SET status = 'done', done_at = $1, done_note = $2, "
                "window_days = $3, updated_at = $1 WHERE id = $4",
                {Value(c.now), Value(note), Value(*window), Value(id)})));
    auto n = tasks::CompleteFor(tx, kImprovementSubject, id, std::string_view(kTaskImprovementDue),
                                c.actor.user_id, c.now);
    if (!n) return std::move(n).error();
    auto after = FindImprovement(tx, id);
    if (!after) return std::move(after).error();
    // The effect can be judged once as many days have passed as it is compared over.
    tasks::Task task;
    task.kind = kTaskImprovementEffect;
    task.subject_type = kImprovementSubject;
    task.subject_id = id;
    task.title = "确认改进效果：" + after->action;
    task.due_at = c.now + *window * kDayMs;
    auto tid = tasks::Create(tx, task, c.now);
    if (!tid) return std::move(tid).error();
    YB_RETURN_IF_ERROR(AuditImprovement(tx, c, "done", &*before, *after));
    return *after;
  });
}

Result<Improvement> ConfirmImprovement(const Ctx& c, int64_t id, const std::string& note) {
  return c.pool.Transaction<Improvement>([&](db::Connection& tx) -> Result<Improvement> {
    auto before = FindImprovement(tx, id);
    if (!before) return std::move(before).error();
    if (before->status != "done") return core::Conflict("complaints.improvement_state");
    if (note.empty()) return core::InvalidArgument("effect_note", "validation.required");
    const int64_t window = before->window_days.value_or(30);
    if (c.now < *before->done_at + window * kDayMs)
      return core::Conflict("complaints.effect_too_early").With("days", std::to_string(window));
    auto pre = CauseCount(tx, before->cause_class, before->created_at - window * kDayMs,
                          before->created_at);
    if (!pre) return std::move(pre).error();
    auto post =
        CauseCount(tx, before->cause_class, *before->done_at, *before->done_at + window * kDayMs);
    if (!post) return std::move(post).error();
    YB_RETURN_IF_ERROR(db::ToStatus(
        tx.Exec("UPDATE complaint_improvements SET status = 'confirmed', confirmed_at = $1, "
                "confirmed_by = $2, before_count = $3, after_count = $4, effect_note = $5, "
                "updated_at = $1 WHERE id = $6",
                {Value(c.now), c.actor.user_id ? Value(c.actor.user_id) : db::Null(), Value(*pre),
                 Value(*post), Value(note), Value(id)})));
    auto n = tasks::CompleteFor(tx, kImprovementSubject, id, std::nullopt, c.actor.user_id, c.now);
    if (!n) return std::move(n).error();
    auto after = FindImprovement(tx, id);
    if (!after) return std::move(after).error();
    YB_RETURN_IF_ERROR(AuditImprovement(tx, c, "confirm", &*before, *after));
    return *after;
  });
}

void RegisterHistoryTasks(tasks::Scheduler& scheduler) {
  for (const char* kind : {kTaskImprovementDue, kTaskImprovementEffect})
    scheduler.On(kind, [](db::Connection& tx, const tasks::Task& t, int64_t now) {
      return OnImprovementTask(tx, t, now);
    });
}

// ---------------------------------------------------------------- routes

void RegisterHistoryRoutes(api::Registry& r) {
  // CMP-12: duplicates of a ticket being registered (asked before saving).
  r.Post("/api/v1/complaints/duplicates", "complaints.write", [](Context& ctx) {
    HIST_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    DuplicateQuery q;
    HIST_READ(phone, in.OptPhone("phone"));
    HIST_READ(email, in.OptEmail("email"));
    HIST_READ(subject, in.OptString("subject", 100));
    HIST_READ(description, in.OptString("description", 4000, true));
    q.phone = phone;
    q.email = email;
    q.subject = subject;
    q.description = description;
    HIST_READ(rows, FindDuplicates(ctx.db(), *ctx.env.cipher, ctx.principal, q, ctx.now()));
    Json items = Json::array();
    for (const auto& t : rows) items.push_back(TicketJson(t));
    return api::Ok({{"items", items}});
  });
  r.Post("/api/v1/complaints/{id}/merge", api::kSignedIn, [](Context& ctx) {
    HIST_READ(id, ctx.IdParam());
    HIST_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    HIST_READ(into, in.Int("into_id", 1, kMaxId));
    HIST_READ(note, in.OptString("note", 1000, true));
    HIST_READ(t, Merge(CtxOf(ctx, note), id, into, note));
    ctx.Kick();
    return api::Ok(TicketJson(t));
  });
  r.Get("/api/v1/complaints/pareto", "complaints.read", [](Context& ctx) {
    HIST_READ(period, ReadPeriod(ctx));
    auto lease = ctx.db().Acquire();
    if (!lease) return ErrorAnswer(ctx, lease.error());
    HIST_READ(rows, CausePareto(**lease, ctx.principal, period));
    Json items = Json::array();
    int64_t total = 0;
    for (const auto& x : rows) {
      total += x.count;
      items.push_back({{"cause_class", x.cause},
                       {"cause_name", x.name},
                       {"count", x.count},
                       {"percent", x.percent},
                       {"cumulative", x.cumulative}});
    }
    return api::Ok({{"items", items},
                    {"total", total},
                    {"from", core::FormatIsoUtc(period.from)},
                    {"to", core::FormatIsoUtc(period.to)}});
  });
  r.Get("/api/v1/complaints/improvements", "complaints.read", [](Context& ctx) {
    std::optional<std::string> status;
    if (auto s = ctx.req.QueryParam("status"); s && !s->empty()) {
      if (*s != "open" && *s != "done" && *s != "confirmed")
        return ErrorAnswer(ctx, core::InvalidArgument("status", "validation.invalid"));
      status = std::string(*s);
    }
    HIST_READ(rows, ListImprovements(ctx.db(), status));
    Json items = Json::array();
    for (const auto& m : rows) items.push_back(ImprovementJson(m));
    return api::Ok({{"items", items}});
  });
  r.Post("/api/v1/complaints/improvements", "complaints.review", [](Context& ctx) {
    HIST_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    ImprovementInput m;
    HIST_READ(cause, in.String("cause_class", 40));
    HIST_READ(action, in.String("action", 1000, true));
    HIST_READ(owner, in.Int("owner_user_id", 1, kMaxId));
    HIST_READ(due_text, in.String("due_at", 40));
    HIST_READ(due, core::ParseIso(due_text, "due_at"));
    HIST_READ(reason, in.OptString("reason", 500, true));
    m.cause_class = cause;
    m.action = action;
    m.owner_user_id = owner;
    m.due_at = due;
    HIST_READ(saved, CreateImprovement(CtxOf(ctx, reason), m));
    ctx.Kick();
    return api::Created(ImprovementJson(saved));
  });
  r.Post("/api/v1/complaints/improvements/{id}/done", api::kSignedIn, [](Context& ctx) {
    HIST_READ(id, ctx.IdParam());
    HIST_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    HIST_READ(note, in.OptString("note", 2000, true));
    HIST_READ(saved, ImprovementDone(CtxOf(ctx, note), id, note));
    ctx.Kick();
    return api::Ok(ImprovementJson(saved));
  });
  r.Post("/api/v1/complaints/improvements/{id}/confirm", "complaints.review", [](Context& ctx) {
    HIST_READ(id, ctx.IdParam());
    HIST_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    HIST_READ(note, in.OptString("effect_note", 2000, true));
    HIST_READ(saved, ConfirmImprovement(CtxOf(ctx, note), id, note));
    return api::Ok(ImprovementJson(saved));
  });
}

}  // namespace yingbin::complaints
