#include "complaints/survey.hpp"

#include <algorithm>
#include <cstdio>

#include "audit/audit.hpp"
#include "auth/directory.hpp"
#include "complaints/internal.hpp"
#include "complaints/red_alert.hpp"
#include "complaints/store.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "db/sql.hpp"
#include "notify/notify.hpp"
#include "org/settings.hpp"

namespace yingbin::complaints {
namespace {

using core::Status;
using db::Rows;
using db::Value;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

constexpr char kQuestionSelect[] =
    "SELECT id, text_zh_cn, text_zh_tw, text_en, sort, active FROM complaint_survey_questions ";

SurveyQuestion QuestionFromRow(const Rows& r, size_t i) {
  return {r.Int(i, "id"),       r.Text(i, "text_zh_cn"), r.Text(i, "text_zh_tw"),
          r.Text(i, "text_en"), r.Int(i, "sort"),        r.Int(i, "active") != 0};
}

api::Json QuestionJson(const SurveyQuestion& q) {
  return {{"id", q.id},
          {"text_zh_cn", q.text_zh_cn},
          {"text_zh_tw", q.text_zh_tw},
          {"text_en", q.text_en},
          {"sort", q.sort},
          {"active", q.active}};
}

Result<std::vector<SurveyQuestion>> ActiveQuestions(db::Connection& c) {
  return db::AllRows(c.Query(std::string(kQuestionSelect) + "WHERE active = 1 ORDER BY sort, id"),
                     QuestionFromRow);
}

Status ValidateQuestion(const SurveyQuestion& q) {
  if (q.text_zh_cn.empty()) return core::InvalidArgument("text_zh_cn", "validation.required");
  if (q.text_zh_tw.empty()) return core::InvalidArgument("text_zh_tw", "validation.required");
  if (q.text_en.empty()) return core::InvalidArgument("text_en", "validation.required");
  return core::Ok();
}

std::string ScoreText(int64_t x100) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", x100 / 100.0);
  return buf;
}

// The public link's answers come from no user: they act as the survey, which may make the
// callback (complaints.read and .write everywhere) and nothing else.
auth::Principal SurveyActor() {
  auth::Principal p;
  p.username = "survey";
  p.display_name = "满意度调查";
  p.permissions = {"complaints.read", "complaints.write"};
  p.scope = auth::DataScope::kAll;
  return p;
}

Status MayWork(const auth::Principal& p, const Ticket& t) {
  if (!internal::CanSee(p, t)) return core::Forbidden("error.out_of_scope");
  const Actor a = internal::ActorOf(p, t);
  if (!a.owner && !a.assignee && !a.writer) return core::Forbidden("complaints.not_allowed");
  return core::Ok();
}

// Records the answers of survey `survey_id` (created already), then, when the ticket awaits
// its callback, makes the callback with the result; then the red alert looks at the score.
Status Record(db::Connection& tx, const Ctx& c, int64_t survey_id, const Ticket& t,
              const std::vector<SurveyAnswer>& answers, const std::string& comment,
              const std::string& via, const std::string& clerk_note) {
  const int64_t score = MeanScoreX100(answers);
  YB_RETURN_IF_ERROR(db::ToStatus(
      tx.Exec("UPDATE complaint_surveys SET submitted_at = $1, submitted_by = $2, score_x100 = $3, "
              "comment = $4 WHERE id = $5",
              {Value(c.now), c.actor.user_id ? Value(c.actor.user_id) : db::Null(), Value(score),
               Value(comment), Value(survey_id)})));
  for (const auto& a : answers)
    YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
        "INSERT INTO complaint_survey_answers (survey_id, question_id, score) VALUES ($1, $2, $3)",
        {Value(survey_id), Value(a.question_id), Value(a.score)})));
  auto threshold = org::GetSetting(tx, "complaints.unsatisfied_score");
  if (!threshold) return std::move(threshold).error();
  const bool satisfied = score > *threshold * 100;
  YB_RETURN_IF_ERROR(internal::AddEvent(tx, t, c.actor, c.now, "survey", comment,
                                        {{"survey_id", survey_id},
                                         {"via", via},
                                         {"score", ScoreText(score)},
                                         {"satisfied", satisfied}}));
  YB_RETURN_IF_ERROR(audit::Record(
      tx, c.actor, c.now,
      {"create", "complaint_survey", survey_id, "",
       api::Json({{"complaint_id", t.id}, {"via", via}, {"score_x100", score}}).dump(), c.reason}));
  if (t.status == TicketStatus::kReported) {
    // CMP-6: not closed until the customer is satisfied: an unsatisfied score reopens it.
    ActionInput in;
    in.note = std::string("满意度调查（") + (via == "link" ? "链接" : "电话") + "）：" +
              ScoreText(score) + " 分";
    if (!clerk_note.empty()) in.note += "\n" + clerk_note;
    YB_RETURN_IF_ERROR(ActInTransaction(
        tx, c, t.id, satisfied ? Action::kCallbackSatisfied : Action::kCallbackUnsatisfied, in));
  } else {
    YB_RETURN_IF_ERROR(internal::Changed(tx, c.now, t));
  }
  // CMP-7: a low score makes the ticket red.
  return RaiseIfRed(tx, t.id, c.actor, c.now);
}

struct TokenSurvey {
  int64_t id = 0;
  int64_t complaint_id = 0;
  std::optional<int64_t> expires_at, submitted_at;
};

Result<TokenSurvey> FindByToken(db::Connection& c, const std::string& token, int64_t now) {
  if (token.size() < 16 || token.size() > 100) return core::NotFound();
  auto rows = c.Query(
      "SELECT id, complaint_id, expires_at, submitted_at FROM complaint_surveys "
      "WHERE token_hash = $1",
      {Value(core::Sha256Hex(token))});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return core::NotFound();
  TokenSurvey s{rows->Int(0, "id"), rows->Int(0, "complaint_id"), rows->OptInt(0, "expires_at"),
                rows->OptInt(0, "submitted_at")};
  if (s.submitted_at) return core::Conflict("complaints.survey_done");
  if (s.expires_at && *s.expires_at <= now) return core::Conflict("complaints.survey_expired");
  return s;
}

}  // namespace

// ---------------------------------------------------------------- questions

Result<std::vector<SurveyQuestion>> ListQuestions(db::Pool& pool, bool active_only) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  if (active_only) return ActiveQuestions(**lease);
  return db::AllRows((*lease)->Query(std::string(kQuestionSelect) + "ORDER BY sort, id"),
                     QuestionFromRow);
}

Result<SurveyQuestion> CreateQuestion(const Ctx& c, const SurveyQuestion& in) {
  return c.pool.Transaction<SurveyQuestion>([&](db::Connection& tx) -> Result<SurveyQuestion> {
    YB_RETURN_IF_ERROR(ValidateQuestion(in));
    auto id = db::FirstId(tx.Query(
        "INSERT INTO complaint_survey_questions (text_zh_cn, text_zh_tw, text_en, sort, active, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {Value(in.text_zh_cn), Value(in.text_zh_tw), Value(in.text_en), Value(in.sort),
         db::Flag(in.active), Value(c.now)}));
    if (!id) return std::move(id).error();
    SurveyQuestion out = in;
    out.id = **id;
    YB_RETURN_IF_ERROR(audit::Record(
        tx, c.actor, c.now,
        {"create", "complaint_survey_question", out.id, "", QuestionJson(out).dump(), c.reason}));
    return out;
  });
}

Result<SurveyQuestion> UpdateQuestion(const Ctx& c, int64_t id, const SurveyQuestion& in) {
  return c.pool.Transaction<SurveyQuestion>([&](db::Connection& tx) -> Result<SurveyQuestion> {
    auto before = db::FirstRow(
        tx.Query(std::string(kQuestionSelect) + "WHERE id = $1", {Value(id)}), QuestionFromRow);
    if (!before) return std::move(before).error();
    if (!*before) return core::NotFound();
    YB_RETURN_IF_ERROR(ValidateQuestion(in));
    YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
        "UPDATE complaint_survey_questions SET text_zh_cn = $1, text_zh_tw = $2, text_en = $3, "
        "sort = $4, active = $5, updated_at = $6 WHERE id = $7",
        {Value(in.text_zh_cn), Value(in.text_zh_tw), Value(in.text_en), Value(in.sort),
         db::Flag(in.active), Value(c.now), Value(id)})));
    SurveyQuestion out = in;
    out.id = id;
    YB_RETURN_IF_ERROR(
        audit::Record(tx, c.actor, c.now,
                      {"update", "complaint_survey_question", id, QuestionJson(**before).dump(),
                       QuestionJson(out).dump(), c.reason}));
    return out;
  });
}

// ---------------------------------------------------------------- answers

int64_t MeanScoreX100(const std::vector<SurveyAnswer>& answers) {
  if (answers.empty()) return 0;
  int64_t sum = 0;
  for (const auto& a : answers) sum += a.score;
  const int64_t n = static_cast<int64_t>(answers.size());
  return (sum * 200 + n) / (2 * n);  // sum * 100 / n rounded half up
}

Status CheckAnswers(const std::vector<SurveyAnswer>& answers,
                    const std::vector<SurveyQuestion>& active_questions) {
  for (const auto& a : answers) {
    if (a.score < 1 || a.score > 5)
      return core::InvalidArgument("answers", "validation.out_of_range")
          .With("min", "1")
          .With("max", "5");
    const bool known = std::any_of(active_questions.begin(), active_questions.end(),
                                   [&](const SurveyQuestion& q) { return q.id == a.question_id; });
    if (!known) return core::InvalidArgument("answers", "validation.unknown_reference");
    if (std::count_if(answers.begin(), answers.end(),
                      [&](const SurveyAnswer& b) { return b.question_id == a.question_id; }) > 1)
      return core::Conflict("error.duplicate", "answers")
          .With("value", std::to_string(a.question_id));
  }
  for (const auto& q : active_questions) {
    const bool answered = std::any_of(answers.begin(), answers.end(),
                                      [&](const SurveyAnswer& a) { return a.question_id == q.id; });
    if (!answered) return core::InvalidArgument("answers", "validation.required");
  }
  if (answers.empty()) return core::InvalidArgument("answers", "validation.required");
  return core::Ok();
}

Result<std::vector<Survey>> ListSurveys(db::Connection& c, int64_t complaint_id) {
  auto rows = c.Query(
      "SELECT s.id, s.complaint_id, s.via, s.created_at, s.expires_at, s.submitted_at, "
      "s.submitted_by, s.score_x100, s.comment, " +
          auth::UserNameSql("u") +
          " AS submitted_by_name FROM complaint_surveys s LEFT JOIN users u ON u.id = "
          "s.submitted_by WHERE s.complaint_id = $1 ORDER BY s.id",
      {Value(complaint_id)});
  if (!rows) return std::move(rows).error();
  std::vector<Survey> out;
  for (size_t i = 0; i < rows->size(); ++i) {
    Survey s;
    s.id = rows->Int(i, "id");
    s.complaint_id = rows->Int(i, "complaint_id");
    s.via = rows->Text(i, "via");
    s.created_at = rows->Int(i, "created_at");
    s.expires_at = rows->OptInt(i, "expires_at");
    s.submitted_at = rows->OptInt(i, "submitted_at");
    s.submitted_by = rows->OptInt(i, "submitted_by");
    s.score_x100 = rows->OptInt(i, "score_x100");
    s.comment = rows->Text(i, "comment");
    s.submitted_by_name = rows->Text(i, "submitted_by_name");
    auto answers = c.Query(
        "SELECT a.question_id, a.score, q.text_zh_cn FROM complaint_survey_answers a "
        "JOIN complaint_survey_questions q ON q.id = a.question_id WHERE a.survey_id = $1 "
        "ORDER BY q.sort, q.id",
        {Value(s.id)});
    if (!answers) return std::move(answers).error();
    for (size_t k = 0; k < answers->size(); ++k)
      s.answers.push_back({answers->Int(k, 0), answers->Int(k, 1), answers->Text(k, 2)});
    out.push_back(std::move(s));
  }
  return out;
}

// ---------------------------------------------------------------- the link

Result<SurveyLink> CreateSurveyLink(const Ctx& c, int64_t id, const std::string& base_url,
                                    bool send_email) {
  return c.pool.Transaction<SurveyLink>([&](db::Connection& tx) -> Result<SurveyLink> {
    auto t = internal::FindTicket(tx, id, c.now);
    if (!t) return std::move(t).error();
    YB_RETURN_IF_ERROR(MayWork(c.actor, *t));
    if (t->status != TicketStatus::kReported)
      return core::Conflict("complaints.not_awaiting_callback")
          .With("state", StatusName(t->status));
    if (send_email && t->customer_email.empty())
      return core::InvalidArgument("send_email", "complaints.no_email");
    auto days = org::GetSetting(tx, "complaints.survey_link_days");
    if (!days) return std::move(days).error();
    // One working link per ticket: an earlier one stops working.
    YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
        "UPDATE complaint_surveys SET expires_at = $1 WHERE complaint_id = $2 AND via = 'link' "
        "AND submitted_at IS NULL AND (expires_at IS NULL OR expires_at > $1)",
        {Value(c.now), Value(id)})));
    SurveyLink link;
    link.token = core::RandomToken(24);
    link.expires_at = c.now + *days * kDayMs;
    auto sid = db::FirstId(tx.Query(
        "INSERT INTO complaint_surveys (complaint_id, via, token_hash, created_at, created_by, "
        "expires_at) VALUES ($1, 'link', $2, $3, $4, $5) RETURNING id",
        {Value(id), Value(core::Sha256Hex(link.token)), Value(c.now),
         c.actor.user_id ? Value(c.actor.user_id) : db::Null(), Value(link.expires_at)}));
    if (!sid) return std::move(sid).error();
    const std::string url = base_url + "/survey/" + link.token;
    YB_RETURN_IF_ERROR(internal::AddEvent(tx, *t, c.actor, c.now, "survey_link", "",
                                          {{"survey_id", **sid},
                                           {"expires_at", core::FormatIsoUtc(link.expires_at)},
                                           {"emailed", send_email}}));
    YB_RETURN_IF_ERROR(audit::Record(
        tx, c.actor, c.now,
        {"create", "complaint_survey", **sid, "",
         api::Json({{"complaint_id", id}, {"via", "link"}, {"emailed", send_email}}).dump(),
         c.reason}));
    if (send_email) {
      notify::Message m;
      m.topic = "complaint.survey";
      m.subject = "满意度调查：" + t->number;
      m.body = t->customer_name + "您好：感谢您对我们工作的监督。您反映的问题（工单 " + t->number +
               "）已处理完毕，请花一分钟告诉我们您是否满意：\n" + url;
      m.qr_text = url;
      m.emails = {t->customer_email};
      m.webhooks = false;
      YB_RETURN_IF_ERROR(notify::Send(tx, c.now, m));
    }
    YB_RETURN_IF_ERROR(internal::Changed(tx, c.now, *t));
    return link;
  });
}

Result<PublicSurvey> GetPublicSurvey(db::Pool& pool, const std::string& token, int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto s = FindByToken(**lease, token, now);
  if (!s) return std::move(s).error();
  auto number =
      (*lease)->Query("SELECT number FROM complaints WHERE id = $1", {Value(s->complaint_id)});
  if (!number) return std::move(number).error();
  if (number->empty()) return core::NotFound();
  auto questions = ActiveQuestions(**lease);
  if (!questions) return std::move(questions).error();
  return PublicSurvey{number->Text(0, 0), std::move(*questions)};
}

Status SubmitPublicSurvey(db::Pool& pool, const core::FieldCipher& cipher, const std::string& token,
                          const std::vector<SurveyAnswer>& answers, const std::string& comment,
                          int64_t now) {
  const auth::Principal actor = SurveyActor();
  const Ctx c{pool, actor, now, cipher, "满意度调查链接"};
  return pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto s = FindByToken(tx, token, now);
    if (!s) return std::move(s).error();
    auto questions = ActiveQuestions(tx);
    if (!questions) return std::move(questions).error();
    YB_RETURN_IF_ERROR(CheckAnswers(answers, *questions));
    auto t = internal::FindTicket(tx, s->complaint_id, now);
    if (!t) return std::move(t).error();
    return Record(tx, c, s->id, *t, answers, comment, "link", "");
  });
}

Result<Ticket> SubmitCallSurvey(const Ctx& c, int64_t id, const std::vector<SurveyAnswer>& answers,
                                const std::string& comment, const std::string& note) {
  auto done = c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto t = internal::FindTicket(tx, id, c.now);
    if (!t) return std::move(t).error();
    YB_RETURN_IF_ERROR(MayWork(c.actor, *t));
    if (t->status != TicketStatus::kReported)
      return core::Conflict("complaints.not_awaiting_callback")
          .With("state", StatusName(t->status));
    auto questions = ActiveQuestions(tx);
    if (!questions) return std::move(questions).error();
    YB_RETURN_IF_ERROR(CheckAnswers(answers, *questions));
    auto sid = db::FirstId(
        tx.Query("INSERT INTO complaint_surveys (complaint_id, via, created_at, created_by) "
                 "VALUES ($1, 'call', $2, $3) RETURNING id",
                 {Value(id), Value(c.now), c.actor.user_id ? Value(c.actor.user_id) : db::Null()}));
    if (!sid) return std::move(sid).error();
    // The open link is no longer needed: the customer answered on the phone.
    YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
        "UPDATE complaint_surveys SET expires_at = $1 WHERE complaint_id = $2 AND via = 'link' "
        "AND submitted_at IS NULL AND (expires_at IS NULL OR expires_at > $1)",
        {Value(c.now), Value(id)})));
    return Record(tx, c, **sid, *t, answers, comment, "call", note);
  });
  if (!done) return std::move(done).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  return internal::FindTicket(**lease, id, c.now);
}

// ---------------------------------------------------------------- the worklist

Result<std::vector<CallbackItem>> CallbackWorklist(db::Pool& pool, const auth::Principal& p,
                                                   std::optional<int64_t> department_id,
                                                   std::optional<int64_t> site_id, int64_t now,
                                                   int64_t limit) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  constexpr char kRunning[] =
      "FROM complaint_clocks x WHERE x.complaint_id = t.id "
      "AND x.kind = 'callback' AND x.met_at IS NULL AND x.cancelled_at IS NULL";
  std::vector<db::Value> params;  // $1.. in `where` (SelectTickets shifts them past its own)
  std::string where = std::string("t.is_open = 1 AND EXISTS (SELECT 1 ") + kRunning + ")";
  if (department_id) {
    params.push_back(*department_id);
    where += " AND t.department_id = $" + std::to_string(params.size());
  }
  if (site_id) {
    params.push_back(*site_id);
    where += " AND t.site_id = $" + std::to_string(params.size());
  }
  where += internal::VisibleCondition(p);
  auto tickets = store::SelectTickets(**lease, where, params,
                                      std::string("(SELECT MIN(x.due_at) ") + kRunning + "), t.id",
                                      limit, 0, now);
  if (!tickets) return std::move(tickets).error();
  std::vector<CallbackItem> out;
  for (auto& t : *tickets) {
    CallbackItem item;
    auto clocks = store::SelectClocks(**lease, t.id);
    if (!clocks) return std::move(clocks).error();
    for (const auto& k : *clocks)
      if (k.kind == "callback" && k.Running()) item.clock = k;
    auto link = (*lease)->Query(
        "SELECT MAX(expires_at) FROM complaint_surveys WHERE complaint_id = $1 AND via = 'link' "
        "AND submitted_at IS NULL AND expires_at > $2",
        {Value(t.id), Value(now)});
    if (!link) return std::move(link).error();
    if (!link->empty() && !link->IsNull(0, 0)) item.link_expires_at = link->Int(0, 0);
    item.ready = t.status == TicketStatus::kReported;
    item.ticket = std::move(t);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace yingbin::complaints
