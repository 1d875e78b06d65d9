// HTTP routes of the second half of complaints (CMP-6..10, CMP-12, QA-1): the phrase list
// and check, temperaments, canned replies and messages to the customer, the red alert and its
// investigation, the survey (questions, link, public page, the call) and the callback
// worklist, attribution, history and merge, the cause Pareto and improvement actions, and
// the reports. Parse, call the part, answer JSON; errors through ErrorAnswer (which answers a
// refused phrase as code "forbidden_phrase" with its details).
#include "api/rate_limit.hpp"
#include "complaints/attribution.hpp"
#include "complaints/history.hpp"
#include "complaints/internal.hpp"
#include "complaints/json.hpp"
#include "complaints/red_alert.hpp"
#include "complaints/replies.hpp"
#include "complaints/reports.hpp"
#include "complaints/routes.hpp"
#include "complaints/survey.hpp"
#include "core/qr.hpp"
#include "core/time.hpp"
#include "org/settings.hpp"

namespace yingbin::complaints {
namespace {

using api::Context;
using api::Input;
using api::Json;
using http::Response;

constexpr int64_t kMaxId = INT64_MAX;

#define CARE_READ(var, expr)                                          \
  auto var##_result_ = (expr);                                        \
  if (!var##_result_) return ErrorAnswer(ctx, var##_result_.error()); \
  auto var = std::move(*var##_result_)

Ctx CtxOf(const Context& ctx, std::string reason = {}) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), *ctx.env.cipher, std::move(reason)};
}

std::string BaseUrl(const Context& ctx) {
  std::string scheme(ctx.req.Header("x-forwarded-proto"));
  if (scheme != "https") scheme = "http";
  return scheme + "://" + std::string(ctx.req.Header("host"));
}

Json HitsJson(const std::vector<PhraseHit>& hits) {
  Json a = Json::array();
  for (const auto& h : hits)
    a.push_back(
        {{"phrase", h.phrase}, {"start", h.start}, {"end", h.end}, {"suggestion", h.suggestion}});
  return a;
}

Json PhraseRowJson(const PhraseRow& p) {
  return {{"id", p.id},
          {"phrase", p.phrase},
          {"suggestion", p.suggestion},
          {"active", p.active},
          {"sort", p.sort}};
}

Json TemperamentOut(const Temperament& t) {
  return {{"code", t.code},
          {"name_zh_cn", t.name_zh_cn},
          {"name_zh_tw", t.name_zh_tw},
          {"name_en", t.name_en},
          {"guidance_zh_cn", t.guidance_zh_cn},
          {"guidance_zh_tw", t.guidance_zh_tw},
          {"guidance_en", t.guidance_en},
          {"sort", t.sort}};
}

Json ReplyOut(const Reply& r) {
  return {
      {"id", r.id}, {"title", r.title}, {"body", r.body}, {"active", r.active}, {"sort", r.sort}};
}

Json MessageOut(const CustomerMessage& m) {
  return {{"id", m.id},
          {"channel", m.channel},
          {"text", m.text},
          {"reply_id", api::IntOrNull(m.reply_id)},
          {"recipient", m.recipient},
          {"sent_by", api::IntOrNull(m.sent_by)},
          {"sent_by_name", m.sent_by_name},
          {"sent_at", core::FormatIsoUtc(m.sent_at)}};
}

Json QuestionOut(const SurveyQuestion& q) {
  return {{"id", q.id},
          {"text_zh_cn", q.text_zh_cn},
          {"text_zh_tw", q.text_zh_tw},
          {"text_en", q.text_en},
          {"sort", q.sort},
          {"active", q.active}};
}

Json ScoreOrNull(const std::optional<int64_t>& x100) {
  return x100 ? Json(static_cast<double>(*x100) / 100.0) : Json(nullptr);
}

Json SurveyOut(const Survey& s) {
  Json answers = Json::array();
  for (const auto& a : s.answers)
    answers.push_back(
        {{"question_id", a.question_id}, {"question", a.question}, {"score", a.score}});
  return {{"id", s.id},
          {"via", s.via},
          {"created_at", core::FormatIsoUtc(s.created_at)},
          {"expires_at", api::TimeOrNull(s.expires_at)},
          {"submitted_at", api::TimeOrNull(s.submitted_at)},
          {"submitted_by_name", s.submitted_by_name},
          {"score", ScoreOrNull(s.score_x100)},
          {"comment", s.comment},
          {"answers", answers}};
}

Json RuleOut(const AlertRuleRow& r) {
  return {{"kind", r.kind},
          {"active", r.active},
          {"min_severity", r.min_severity},
          {"keywords", r.keywords}};
}

// {"answers": [{"question_id": 1, "score": 5}, ...]}.
core::Result<std::vector<SurveyAnswer>> ReadAnswers(const Input& in) {
  const Json& o = in.raw();
  auto it = o.find("answers");
  if (it == o.end() || it->is_null())
    return core::InvalidArgument("answers", "validation.required");
  if (!it->is_array() || it->size() > 50)
    return core::InvalidArgument("answers", "validation.invalid");
  std::vector<SurveyAnswer> out;
  for (const auto& a : *it) {
    if (!a.is_object()) return core::InvalidArgument("answers", "validation.invalid");
    auto q = a.find("question_id");
    auto s = a.find("score");
    if (q == a.end() || s == a.end() || !q->is_number_integer() || !s->is_number_integer())
      return core::InvalidArgument("answers", "validation.invalid");
    out.push_back({q->get<int64_t>(), s->get<int64_t>(), ""});
  }
  return out;
}

core::Result<PhraseRow> ReadPhrase(const Input& in) {
  PhraseRow p;
  auto phrase = in.String("phrase", 50);
  if (!phrase) return std::move(phrase).error();
  p.phrase = *phrase;
  auto suggestion = in.OptString("suggestion", 500, true);
  if (!suggestion) return std::move(suggestion).error();
  p.suggestion = *suggestion;
  auto active = in.OptBool("active", true);
  if (!active) return std::move(active).error();
  p.active = *active;
  auto sort = in.OptInt("sort", 0, 100000);
  if (!sort) return std::move(sort).error();
  p.sort = sort->value_or(0);
  return p;
}

core::Result<Reply> ReadReply(const Input& in) {
  Reply r;
  auto title = in.String("title", 50);
  if (!title) return std::move(title).error();
  r.title = *title;
  auto body = in.String("body", 2000, true);
  if (!body) return std::move(body).error();
  r.body = *body;
  auto active = in.OptBool("active", true);
  if (!active) return std::move(active).error();
  r.active = *active;
  auto sort = in.OptInt("sort", 0, 100000);
  if (!sort) return std::move(sort).error();
  r.sort = sort->value_or(0);
  return r;
}

core::Result<SurveyQuestion> ReadQuestion(const Input& in) {
  SurveyQuestion q;
  auto zh_cn = in.String("text_zh_cn", 100);
  if (!zh_cn) return std::move(zh_cn).error();
  auto zh_tw = in.String("text_zh_tw", 100);
  if (!zh_tw) return std::move(zh_tw).error();
  auto en = in.String("text_en", 200);
  if (!en) return std::move(en).error();
  auto sort = in.OptInt("sort", 0, 100000);
  if (!sort) return std::move(sort).error();
  auto active = in.OptBool("active", true);
  if (!active) return std::move(active).error();
  q.text_zh_cn = *zh_cn;
  q.text_zh_tw = *zh_tw;
  q.text_en = *en;
  q.sort = sort->value_or(0);
  q.active = *active;
  return q;
}

// CMP-6: the public survey page's requests per address per minute.
bool AllowSurvey(const Context& ctx) {
  auto limit = org::GetSetting(ctx.db(), "complaints.survey_per_minute");
  static api::RateLimiter limiter;
  return limiter.Allow(ctx.req.remote_ip, ctx.now(), limit ? *limit : 20);
}

// The ticket page's second half in one answer.
Response CareAnswer(Context& ctx, int64_t id) {
  auto lease = ctx.db().Acquire();
  if (!lease) return ErrorAnswer(ctx, lease.error());
  db::Connection& c = **lease;
  auto t = internal::FindTicket(c, id, ctx.now());
  if (!t) return ErrorAnswer(ctx, t.error());
  if (!internal::CanSee(ctx.principal, *t))
    return ErrorAnswer(ctx, core::Forbidden("error.out_of_scope"));
  Json out;
  out["temperament"] = nullptr;
  if (t->temperament) {
    auto k = FindTemperament(c, *t->temperament);
    if (!k) return ErrorAnswer(ctx, k.error());
    if (*k) out["temperament"] = TemperamentOut(**k);
  }
  auto messages = ListMessages(c, id);
  if (!messages) return ErrorAnswer(ctx, messages.error());
  out["messages"] = Json::array();
  for (const auto& m : *messages) out["messages"].push_back(MessageOut(m));
  auto inv = FindInvestigation(c, id);
  if (!inv) return ErrorAnswer(ctx, inv.error());
  out["investigation"] = *inv ? InvestigationJson(**inv, ctx.now()) : Json(nullptr);
  auto surveys = ListSurveys(c, id);
  if (!surveys) return ErrorAnswer(ctx, surveys.error());
  out["surveys"] = Json::array();
  for (const auto& s : *surveys) out["surveys"].push_back(SurveyOut(s));
  auto attributions = ListAttributions(c, id);
  if (!attributions) return ErrorAnswer(ctx, attributions.error());
  out["attributions"] = Json::array();
  for (const auto& a : *attributions) out["attributions"].push_back(AttributionJson(a));
  auto history = CustomerHistory(c, ctx.principal, *t, ctx.now());
  if (!history) return ErrorAnswer(ctx, history.error());
  out["history"] = HistoryJson(*history);
  const Actor a = internal::ActorOf(ctx.principal, *t);
  out["can"] = {{"work", a.owner || a.assignee || a.writer},
                {"review", a.reviewer},
                {"attribute", a.reviewer},
                {"lead", *inv && ((*inv)->lead_user_id == ctx.principal.user_id || a.reviewer)}};
  return api::Ok(out);
}

Response TicketAnswer(Context& ctx, const Ticket& t) { return api::Ok(TicketJson(t)); }

}  // namespace

void RegisterCareRoutes(api::Registry& r) {
  // ------------------------------------------------------------ CMP-10 phrases
  r.Get("/api/v1/complaints/phrases", api::kSignedIn, [](Context& ctx) {
    CARE_READ(rows, ListPhrases(ctx.db()));
    Json items = Json::array();
    for (const auto& p : rows) items.push_back(PhraseRowJson(p));
    return api::Ok({{"items", items}});
  });
  r.Post("/api/v1/complaints/phrases", "complaints.admin", [](Context& ctx) {
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(p, ReadPhrase(in));
    CARE_READ(reason, in.OptString("reason", 500, true));
    CARE_READ(saved, CreatePhrase(CtxOf(ctx, reason), p));
    return api::Created(PhraseRowJson(saved));
  });
  r.Put("/api/v1/complaints/phrases/{id}", "complaints.admin", [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(p, ReadPhrase(in));
    CARE_READ(reason, in.OptString("reason", 500, true));
    CARE_READ(saved, UpdatePhrase(CtxOf(ctx, reason), id, p));
    return api::Ok(PhraseRowJson(saved));
  });
  r.Delete("/api/v1/complaints/phrases/{id}", "complaints.admin", [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(reason, in.OptString("reason", 500, true));
    auto done = DeletePhrase(CtxOf(ctx, reason), id);
    if (!done) return ErrorAnswer(ctx, done.error());
    return api::Ok({{"deleted", true}});
  });
  // The form's live check: the hits with their places and suggestions (never an error).
  r.Post("/api/v1/complaints/phrases/check", api::kSignedIn, [](Context& ctx) {
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(text, in.OptString("text", 4000, true));
    CARE_READ(hits, CheckText(ctx.db(), text));
    return api::Ok({{"hits", HitsJson(hits)}});
  });

  // ------------------------------------------------------------ CMP-9 temperaments
  r.Get("/api/v1/complaints/temperaments", api::kSignedIn, [](Context& ctx) {
    CARE_READ(rows, ListTemperaments(ctx.db()));
    Json items = Json::array();
    for (const auto& t : rows) items.push_back(TemperamentOut(t));
    return api::Ok({{"items", items}});
  });
  r.Put("/api/v1/complaints/temperaments/{code}", "complaints.admin", [](Context& ctx) {
    const std::string code(ctx.req.PathParam("code"));
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    Temperament t;
    CARE_READ(zh_cn, in.String("name_zh_cn", 20));
    CARE_READ(zh_tw, in.String("name_zh_tw", 20));
    CARE_READ(en, in.String("name_en", 40));
    CARE_READ(g_cn, in.String("guidance_zh_cn", 500, true));
    CARE_READ(g_tw, in.OptString("guidance_zh_tw", 500, true));
    CARE_READ(g_en, in.OptString("guidance_en", 1000, true));
    CARE_READ(reason, in.OptString("reason", 500, true));
    t.name_zh_cn = zh_cn;
    t.name_zh_tw = zh_tw;
    t.name_en = en;
    t.guidance_zh_cn = g_cn;
    t.guidance_zh_tw = g_tw;
    t.guidance_en = g_en;
    CARE_READ(saved, PutTemperament(CtxOf(ctx, reason), code, t));
    return api::Ok(TemperamentOut(saved));
  });
  r.Post("/api/v1/complaints/{id}/temperament", api::kSignedIn, [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    std::optional<std::string> code;
    if (in.Has("temperament") && !in.IsNull("temperament")) {
      CARE_READ(c, in.String("temperament", 40));
      code = c;
    }
    CARE_READ(reason, in.OptString("reason", 500, true));
    CARE_READ(t, SetTemperament(CtxOf(ctx, reason), id, code));
    return TicketAnswer(ctx, t);
  });

  // ------------------------------------------------------------ canned replies
  r.Get("/api/v1/complaints/replies", api::kSignedIn, [](Context& ctx) {
    const bool all = ctx.req.QueryParam("all").value_or("") == "1";
    CARE_READ(rows, ListReplies(ctx.db(), !all));
    Json items = Json::array();
    for (const auto& x : rows) items.push_back(ReplyOut(x));
    Json variables = Json::array();
    for (const char* v : kReplyVariables) variables.push_back(v);
    return api::Ok({{"items", items}, {"variables", variables}});
  });
  r.Post("/api/v1/complaints/replies", "complaints.admin", [](Context& ctx) {
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(x, ReadReply(in));
    CARE_READ(reason, in.OptString("reason", 500, true));
    CARE_READ(saved, CreateReply(CtxOf(ctx, reason), x));
    return api::Created(ReplyOut(saved));
  });
  r.Put("/api/v1/complaints/replies/{id}", "complaints.admin", [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(x, ReadReply(in));
    CARE_READ(reason, in.OptString("reason", 500, true));
    CARE_READ(saved, UpdateReply(CtxOf(ctx, reason), id, x));
    return api::Ok(ReplyOut(saved));
  });
  r.Delete("/api/v1/complaints/replies/{id}", "complaints.admin", [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(reason, in.OptString("reason", 500, true));
    auto done = DeleteReply(CtxOf(ctx, reason), id);
    if (!done) return ErrorAnswer(ctx, done.error());
    return api::Ok({{"deleted", true}});
  });
  // A canned reply filled in for the ticket (then phrase-checked).
  r.Post("/api/v1/complaints/{id}/replies/{reply_id}/render", api::kSignedIn, [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(reply_id, ctx.IdParam("reply_id"));
    CARE_READ(text, RenderForTicket(CtxOf(ctx), id, reply_id));
    return api::Ok({{"text", text}, {"reply_id", reply_id}});
  });
  // A message to the customer (CMP-10 checked; e-mail sent).
  r.Post("/api/v1/complaints/{id}/messages", api::kSignedIn, [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    MessageInput m;
    CARE_READ(channel, in.Enum("channel", {"phone", "email", "sms", "onsite", "letter"}));
    CARE_READ(text, in.OptString("text", 4000, true));
    CARE_READ(reply_id, in.OptInt("reply_id", 1, kMaxId));
    CARE_READ(reason, in.OptString("reason", 500, true));
    m.channel = channel;
    m.text = text;
    m.reply_id = reply_id;
    CARE_READ(saved, SendMessage(CtxOf(ctx, reason), id, m));
    ctx.Kick();
    return api::Created(MessageOut(saved));
  });

  // ------------------------------------------------------------ the ticket page's second half
  r.Get("/api/v1/complaints/{id}/care", api::kSignedIn, [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    return CareAnswer(ctx, id);
  });

  // ------------------------------------------------------------ CMP-7 red alert
  r.Get("/api/v1/complaints/alert-rules", "complaints.read", [](Context& ctx) {
    CARE_READ(rows, ListAlertRules(ctx.db()));
    Json items = Json::array();
    for (const auto& x : rows) items.push_back(RuleOut(x));
    return api::Ok({{"items", items}});
  });
  r.Put("/api/v1/complaints/alert-rules/{kind}", "complaints.admin", [](Context& ctx) {
    const std::string kind(ctx.req.PathParam("kind"));
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    AlertRuleRow x;
    CARE_READ(active, in.Bool("active"));
    CARE_READ(severity, in.Has("min_severity") && !in.IsNull("min_severity")
                            ? in.Enum("min_severity", {"minor", "normal", "serious", "major"})
                            : core::Result<std::string>(std::string("major")));
    CARE_READ(keywords, in.OptString("keywords", 2000, true));
    CARE_READ(reason, in.OptString("reason", 500, true));
    x.active = active;
    x.min_severity = severity;
    x.keywords = keywords;
    CARE_READ(saved, PutAlertRule(CtxOf(ctx, reason), kind, x));
    return api::Ok(RuleOut(saved));
  });
  r.Post("/api/v1/complaints/{id}/red-alert", api::kSignedIn, [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(note, in.OptString("note", 1000, true));
    CARE_READ(t, RaiseByHand(CtxOf(ctx, note), id, note));
    ctx.Kick();
    return TicketAnswer(ctx, t);
  });
  r.Post("/api/v1/complaints/{id}/investigation/members", api::kSignedIn, [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(department, in.Int("department_id", 1, kMaxId));
    CARE_READ(user, in.OptInt("user_id", 1, kMaxId));
    CARE_READ(reason, in.OptString("reason", 500, true));
    CARE_READ(inv, AddInvestigationMember(CtxOf(ctx, reason), id, department, user));
    ctx.Kick();
    return api::Ok(InvestigationJson(inv, ctx.now()));
  });
  r.Post("/api/v1/complaints/{id}/investigation/close", api::kSignedIn, [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(findings, in.OptString("findings", 4000, true));
    CARE_READ(inv, CloseInvestigation(CtxOf(ctx), id, findings));
    ctx.Kick();
    return api::Ok(InvestigationJson(inv, ctx.now()));
  });

  // ------------------------------------------------------------ CMP-6 / QA-1 survey
  r.Get("/api/v1/complaints/survey-questions", api::kSignedIn, [](Context& ctx) {
    const bool all = ctx.req.QueryParam("all").value_or("") == "1";
    CARE_READ(rows, ListQuestions(ctx.db(), !all));
    Json items = Json::array();
    for (const auto& q : rows) items.push_back(QuestionOut(q));
    return api::Ok({{"items", items}});
  });
  r.Post("/api/v1/complaints/survey-questions", "complaints.admin", [](Context& ctx) {
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(q, ReadQuestion(in));
    CARE_READ(reason, in.OptString("reason", 500, true));
    CARE_READ(saved, CreateQuestion(CtxOf(ctx, reason), q));
    return api::Created(QuestionOut(saved));
  });
  r.Put("/api/v1/complaints/survey-questions/{id}", "complaints.admin", [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(q, ReadQuestion(in));
    CARE_READ(reason, in.OptString("reason", 500, true));
    CARE_READ(saved, UpdateQuestion(CtxOf(ctx, reason), id, q));
    return api::Ok(QuestionOut(saved));
  });
  // The link (and its QR code) for the customer; optionally e-mailed to them.
  r.Post("/api/v1/complaints/{id}/survey-link", api::kSignedIn, [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(send_email, in.OptBool("send_email", false));
    CARE_READ(link, CreateSurveyLink(CtxOf(ctx), id, BaseUrl(ctx), send_email));
    ctx.Kick();
    const std::string url = BaseUrl(ctx) + "/survey/" + link.token;
    return api::Created({{"url", url},
                         {"qr_svg", core::QrSvg(url)},
                         {"expires_at", core::FormatIsoUtc(link.expires_at)}});
  });
  // The callback clerk fills it in during the call; the callback is made with the result.
  r.Post("/api/v1/complaints/{id}/survey", api::kSignedIn, [](Context& ctx) {
    CARE_READ(id, ctx.IdParam());
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(answers, ReadAnswers(in));
    CARE_READ(comment, in.OptString("comment", 2000, true));
    CARE_READ(note, in.OptString("note", 2000, true));
    CARE_READ(t, SubmitCallSurvey(CtxOf(ctx), id, answers, comment, note));
    ctx.Kick();
    return TicketAnswer(ctx, t);
  });
  // The callback worklist (CMP-6): soonest callback due first.
  r.Get("/api/v1/complaints/callbacks", api::kSignedIn, [](Context& ctx) {
    CARE_READ(dept, api::IntQuery(ctx.req, "department_id", 1, kMaxId));
    CARE_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    CARE_READ(rows, CallbackWorklist(ctx.db(), ctx.principal, dept, site, ctx.now(), 500));
    Json items = Json::array();
    for (const auto& x : rows)
      items.push_back({{"ticket", TicketJson(x.ticket)},
                       {"clock", ClockJson(x.clock, ctx.now())},
                       {"ready", x.ready},
                       {"link_expires_at", api::TimeOrNull(x.link_expires_at)}});
    return api::Ok({{"items", items}});
  });
  // The public survey page (no sign-in; rate-limited per address).
  r.Get("/api/v1/public/surveys/{token}", api::kPublic, [](Context& ctx) {
    if (!AllowSurvey(ctx))
      return ErrorAnswer(
          ctx, core::Error{core::ErrorCode::kRateLimited, "error.rate_limited", "", {}, ""});
    const std::string token(ctx.req.PathParam("token"));
    CARE_READ(s, GetPublicSurvey(ctx.db(), token, ctx.now()));
    Json questions = Json::array();
    for (const auto& q : s.questions)
      questions.push_back({{"id", q.id},
                           {"text_zh_cn", q.text_zh_cn},
                           {"text_zh_tw", q.text_zh_tw},
                           {"text_en", q.text_en}});
    return api::Ok({{"number", s.number}, {"questions", questions}});
  });
  r.Post("/api/v1/public/surveys/{token}", api::kPublic, [](Context& ctx) {
    if (!AllowSurvey(ctx))
      return ErrorAnswer(
          ctx, core::Error{core::ErrorCode::kRateLimited, "error.rate_limited", "", {}, ""});
    const std::string token(ctx.req.PathParam("token"));
    CARE_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CARE_READ(answers, ReadAnswers(in));
    CARE_READ(comment, in.OptString("comment", 2000, true));
    auto done = SubmitPublicSurvey(ctx.db(), *ctx.env.cipher, token, answers, comment, ctx.now());
    if (!done) return ErrorAnswer(ctx, done.error());
    ctx.Kick();
    return api::Created({{"received", true}});
  });

  RegisterHistoryRoutes(r);
  RegisterAttributionRoutes(r);
  RegisterReportRoutes(r);
}

}  // namespace yingbin::complaints
