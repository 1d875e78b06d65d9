// HTTP routes of customer complaints: parse and validate, call the service, answer JSON.
// Staff routes under /api/v1/complaints; the public web form under /api/v1/public (no
// sign-in, a honeypot field and a per-address rate limit); e-mail in with an API token.
#include "complaints/routes.hpp"

#include "api/rate_limit.hpp"
#include "complaints/json.hpp"
#include "complaints/rules.hpp"
#include "complaints/service.hpp"
#include "core/lang.hpp"
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

// Fields whose generic label belongs to another module ("subject" is a meeting's): the
// message names them as a complaint does.
core::Error Labelled(core::Error e) {
  static const char* kOwn[] = {"description", "subject", "from", "text", "title", "action"};
  for (const char* f : kOwn)
    if (e.field == f) e.args.emplace_back("field", std::string("complaints.field.") + f);
  return e;
}

Response Fail(const Context& ctx, const core::Error& e) { return ErrorAnswer(ctx, e); }

// As YB_READ, answering through Fail.
#define CMP_READ(var, expr)                                    \
  auto var##_result_ = (expr);                                 \
  if (!var##_result_) return Fail(ctx, var##_result_.error()); \
  auto var = std::move(*var##_result_)

Ctx CtxOf(const Context& ctx, std::string reason = {}) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), *ctx.env.cipher, std::move(reason)};
}

core::Result<std::optional<int64_t>> OptTime(const Input& in, const char* field) {
  if (!in.Has(field) || in.IsNull(field)) return std::optional<int64_t>();
  auto text = in.String(field, 40);
  if (!text) return std::move(text).error();
  auto at = core::ParseIso(*text, field);
  if (!at) return std::move(at).error();
  return std::optional<int64_t>(*at);
}

core::Result<std::optional<std::string>> OptText(const Input& in, const char* field, size_t max) {
  if (!in.Has(field) || in.IsNull(field)) return std::optional<std::string>();
  auto v = in.OptString(field, max);
  if (!v) return std::move(v).error();
  if (v->empty()) return std::optional<std::string>();
  return std::optional<std::string>(*v);
}

// The intake form's fields (staff, public, phone desk).
core::Result<IntakeInput> ReadIntake(const Input& in, bool staff) {
  IntakeInput out;
  auto site = staff ? in.Int("site_id", 1, kMaxId) : core::Result<int64_t>(0);
  if (!site) return std::move(site).error();
  out.site_id = *site;
  if (staff) {
    auto channel = in.Enum("channel", {"onsite", "phone", "email", "web"});
    if (!channel) return std::move(channel).error();
    out.channel = *channel;
  }
  auto type = OptText(in, "type", 40);
  if (!type) return std::move(type).error();
  if (*type) out.type = **type;
  auto name = in.OptString("customer_name", 50);
  if (!name) return std::move(name).error();
  out.customer_name = *name;
  auto organisation = in.OptString("organisation", 100);
  if (!organisation) return std::move(organisation).error();
  out.organisation = *organisation;
  auto phone = in.OptPhone("phone");
  if (!phone) return std::move(phone).error();
  out.phone = *phone;
  auto email = in.OptEmail("email");
  if (!email) return std::move(email).error();
  out.email = *email;
  auto subject = in.OptString("subject", 100);
  if (!subject) return std::move(subject).error();
  out.subject = *subject;
  auto description = in.OptString("description", 4000, true);
  if (!description) return std::move(description).error();
  out.description = *description;
  auto request = in.OptString("customer_request", 1000, true);
  if (!request) return std::move(request).error();
  out.customer_request = *request;
  if (!staff) return out;
  if (in.Has("severity") && !in.IsNull("severity")) {
    auto severity = in.Enum("severity", {"minor", "normal", "serious", "major"});
    if (!severity) return std::move(severity).error();
    out.severity = *severity;
  }
  auto agitated = in.OptBool("agitated", false);
  if (!agitated) return std::move(agitated).error();
  out.agitated = *agitated;
  auto cause = OptText(in, "cause_class", 40);
  if (!cause) return std::move(cause).error();
  out.cause_class = *cause;
  auto department = in.OptInt("department_id", 1, kMaxId);
  if (!department) return std::move(department).error();
  out.department_id = *department;
  auto dispatch = in.OptBool("dispatch_now", false);
  if (!dispatch) return std::move(dispatch).error();
  out.dispatch_now = *dispatch;
  auto agreed = OptTime(in, "agreed_deadline");
  if (!agreed) return std::move(agreed).error();
  out.agreed_deadline = *agreed;
  return out;
}

// The fields any action may carry; each action's own rules say which it needs.
core::Result<ActionInput> ReadAction(const Input& in) {
  ActionInput a;
  auto note = in.OptString("note", 2000, true);
  if (!note) return std::move(note).error();
  a.note = *note;
  auto type = OptText(in, "type", 40);
  if (!type) return std::move(type).error();
  a.type = *type;
  auto cause_class = OptText(in, "cause_class", 40);
  if (!cause_class) return std::move(cause_class).error();
  a.cause_class = *cause_class;
  if (in.Has("severity") && !in.IsNull("severity")) {
    auto severity = in.Enum("severity", {"minor", "normal", "serious", "major"});
    if (!severity) return std::move(severity).error();
    a.severity = *severity;
  }
  auto department = in.OptInt("department_id", 1, kMaxId);
  if (!department) return std::move(department).error();
  a.department_id = *department;
  auto assignee = in.OptInt("assignee_user_id", 1, kMaxId);
  if (!assignee) return std::move(assignee).error();
  a.assignee_user_id = *assignee;
  auto resolution = in.OptString("resolution", 4000, true);
  if (!resolution) return std::move(resolution).error();
  a.resolution = *resolution;
  auto agreed = OptTime(in, "agreed_deadline");
  if (!agreed) return std::move(agreed).error();
  a.agreed_deadline = *agreed;
  auto cause = in.OptString("cause", 2000, true);
  if (!cause) return std::move(cause).error();
  a.cause = *cause;
  auto fix = in.OptString("fix", 2000, true);
  if (!fix) return std::move(fix).error();
  a.fix = *fix;
  auto responsible = in.OptString("responsible_person", 50);
  if (!responsible) return std::move(responsible).error();
  a.responsible_person = *responsible;
  auto staff = in.OptInt("responsible_staff_id", 1, kMaxId);
  if (!staff) return std::move(staff).error();
  a.responsible_staff_id = *staff;
  return a;
}

// The ticket page: the ticket, its timeline, clocks and notices, and what the caller may do.
// Written straight to text: it answers every intake and every action.
std::string ViewText(const TicketView& v, int64_t now) {
  api::JsonWriter w;
  w.BeginObject();
  WriteTicketFields(w, v.ticket);
  w.Key("events").BeginArray();
  for (const auto& e : v.events) WriteEvent(w, e);
  w.EndArray().Key("clocks").BeginArray();
  for (const auto& k : v.clocks) WriteClock(w, k, now);
  w.EndArray().Key("notices").BeginArray();
  for (const auto& n : v.notices) WriteNotice(w, n);
  w.EndArray().Key("notice");
  if (v.notices.empty())
    w.Null();
  else
    WriteNotice(w, v.notices.back());
  w.Key("actions").BeginArray();
  for (Action a : v.actions) w.String(ActionName(a));
  w.EndArray();
  w.Key("unrouted").Bool(v.unrouted).Key("visible").Bool(true);
  w.EndObject();
  return std::move(w).Take();
}

Response ViewAnswer(Context& ctx, int64_t id, int status = 200) {
  auto v = GetTicket(ctx.db(), ctx.principal, id, ctx.now());
  if (!v) return Fail(ctx, v.error());
  return Response::Json(status, ViewText(*v, ctx.now()));
}

// After an action: the ticket as the page shows it; when the action handed it to someone
// else whom the caller may no longer follow (a transfer, an escalation), the ticket alone,
// with no actions left for them.
Response ActedAnswer(Context& ctx, const Ticket& t) {
  auto v = GetTicket(ctx.db(), ctx.principal, t.id, ctx.now());
  if (v) return Response::Json(200, ViewText(*v, ctx.now()));
  if (v.error().code != core::ErrorCode::kForbidden) return Fail(ctx, v.error());
  Json j = TicketJson(t);
  j["actions"] = Json::array();
  j["visible"] = false;
  return api::Ok(j);
}

// POST /complaints/{id}/<action>: read, act, answer the ticket as the page shows it.
void ActionRoute(api::Registry& r, const std::string& path, Action action) {
  r.Post("/api/v1/complaints/{id}/" + path, api::kSignedIn, [action](Context& ctx) {
    CMP_READ(id, ctx.IdParam());
    CMP_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CMP_READ(a, ReadAction(in));
    CMP_READ(reason, in.OptString("reason", 500, true));
    CMP_READ(t, Act(CtxOf(ctx, reason), id, action, a));
    ctx.Kick();
    return ActedAnswer(ctx, t);
  });
}

core::Result<TicketQuery> ReadQuery(const http::Request& req) {
  TicketQuery q;
  if (auto s = req.QueryParam("status"); s && !s->empty()) {
    if (*s != "open" && !ParseStatus(*s))
      return core::InvalidArgument("status", "validation.invalid");
    q.status = std::string(*s);
  }
  if (auto t = req.QueryParam("type"); t && !t->empty()) q.type = std::string(*t);
  auto dept = api::IntQuery(req, "department_id", 1, kMaxId);
  if (!dept) return std::move(dept).error();
  q.department_id = *dept;
  auto site = api::IntQuery(req, "site_id", 1, kMaxId);
  if (!site) return std::move(site).error();
  q.site_id = *site;
  auto customer = api::IntQuery(req, "customer_id", 1, kMaxId);
  if (!customer) return std::move(customer).error();
  q.customer_id = *customer;
  auto assignee = api::IntQuery(req, "assignee_user_id", 1, kMaxId);
  if (!assignee) return std::move(assignee).error();
  q.assignee_user_id = *assignee;
  auto flag = [&](const char* name) {
    auto v = req.QueryParam(name);
    return v && (*v == "1" || *v == "true");
  };
  q.overdue = flag("overdue");
  q.mine = flag("mine");
  q.unrouted = flag("unrouted");
  if (auto n = req.QueryParam("number"); n && !n->empty()) {
    if (n->size() > 40) return core::InvalidArgument("number", "validation.invalid");
    q.number = std::string(*n);
  }
  if (auto text = req.QueryParam("q"); text && !text->empty()) {
    if (text->size() > 100)
      return core::InvalidArgument("q", "validation.too_long").With("max", "100");
    q.q = std::string(*text);
  }
  return q;
}

// CMP-1: web-form submissions per address per minute (setting complaints.public_per_minute).
// In memory per node, as the kiosk's and the login's limits.
bool AllowPublic(const Context& ctx) {
  auto limit = org::GetSetting(ctx.db(), "complaints.public_per_minute");
  static api::RateLimiter limiter;
  return limiter.Allow(ctx.req.remote_ip, ctx.now(), limit ? *limit : 5);
}

// The site named, else the first one (web and e-mail tickets without a site).
core::Result<int64_t> SiteOrDefault(const Context& ctx, std::optional<int64_t> site) {
  if (site) return *site;
  return DefaultSite(ctx.db());
}

Json ConfigJson(const Config& c, bool public_only) {
  if (public_only) {  // the names of the types offered to the public, nothing else
    Json out = Json::array();
    for (const auto& t : c.types)
      if (t.active && t.on_public_form)
        out.push_back({{"code", t.code},
                       {"name_zh_cn", t.name_zh_cn},
                       {"name_zh_tw", t.name_zh_tw},
                       {"name_en", t.name_en}});
    return {{"types", out}};
  }
  Json types = Json::array();
  for (const auto& t : c.types) types.push_back(TypeJson(t));
  Json causes = Json::array();
  for (const auto& k : c.causes) causes.push_back(CauseJson(k));
  Json departments = Json::array();
  for (const auto& d : c.departments) departments.push_back(LadderJson(d));
  Json channels = Json::array();
  for (const char* ch : kChannels) channels.push_back(ch);
  Json severities = Json::array();
  for (const char* s : kSeverities) severities.push_back(s);
  return {{"types", types},
          {"causes", causes},
          {"departments", departments},
          {"channels", channels},
          {"severities", severities}};
}

std::string PublicFormUrl(const Context& ctx, int64_t site_id) {
  std::string scheme(ctx.req.Header("x-forwarded-proto"));
  if (scheme != "https") scheme = "http";
  return scheme + "://" + std::string(ctx.req.Header("host")) +
         "/complain?site=" + std::to_string(site_id);
}

}  // namespace

Response ErrorAnswer(const Context& ctx, const core::Error& error) {
  core::Error e = Labelled(error);
  if (e.key != "complaints.forbidden_phrase") return api::ErrorResponse(ctx, e);
  // CMP-10: the phrases found, where, and what to say instead, for the form to highlight.
  Json details = Json::array();
  std::vector<std::pair<std::string, std::string>> args;
  for (const auto& [name, value] : e.args) {
    if (name == "details")
      details = Json::parse(value, nullptr, false);
    else
      args.emplace_back(name, value);
  }
  return api::JsonResponse(400, {{"error",
                                  {{"code", "forbidden_phrase"},
                                   {"message", core::Localize(ctx.lang(), e.key, args, e.field)},
                                   {"field", e.field.empty() ? Json(nullptr) : Json(e.field)},
                                   {"request_id", ctx.req.request_id},
                                   {"details", details}}}});
}

void RegisterRoutes(api::Registry& r) {
  // --- intake by staff (CMP-1): on site, by phone, a letter or e-mail typed in ---
  r.Post("/api/v1/complaints", "complaints.write", [](Context& ctx) {
    CMP_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CMP_READ(intake, ReadIntake(in, true));
    CMP_READ(reason, in.OptString("reason", 500, true));
    CMP_READ(id, Intake(CtxOf(ctx, reason), intake));
    ctx.Kick();
    return ViewAnswer(ctx, id, 201);
  });

  // --- lists: the open list of a department, my tickets, overdue, by status/type ---
  r.Get("/api/v1/complaints", api::kSignedIn, [](Context& ctx) {
    CMP_READ(page, api::ReadPage(ctx.req));
    CMP_READ(q, ReadQuery(ctx.req));
    CMP_READ(list,
             ListTickets(ctx.db(), *ctx.env.cipher, ctx.principal, q, page.page_size,
                         page.offset(), ctx.now()));
    // Written straight to text (a page is up to 500 tickets).
    return Response::Json(
        200, api::PageText(list.items, WriteTicket, list.total, page.page, page.page_size,
                           list.total_capped));
  });

  // CMP-5: the overdue dashboard (running clocks past due, soonest first).
  r.Get("/api/v1/complaints/overdue", "complaints.read", [](Context& ctx) {
    CMP_READ(dept, api::IntQuery(ctx.req, "department_id", 1, kMaxId));
    CMP_READ(limit, api::IntQuery(ctx.req, "limit", 1, 500));
    CMP_READ(rows, Overdue(ctx.db(), ctx.principal, dept, ctx.now(), limit.value_or(200)));
    // Written straight to text: 200 tickets with their clocks (docs/benchmarks.md).
    api::JsonWriter w;
    w.BeginObject().Key("items").BeginArray();
    for (const auto& row : rows) {
      w.BeginObject().Key("clock");
      WriteClock(w, row.clock, ctx.now());
      w.Key("ticket");
      WriteTicket(w, row.ticket);
      w.EndObject();
    }
    w.EndArray().EndObject();
    return Response::Json(200, std::move(w).Take());
  });

  // --- configuration (types and limits, cause classes and routing, ladder) ---
  r.Get("/api/v1/complaints/config", api::kSignedIn, [](Context& ctx) {
    CMP_READ(config, GetConfig(ctx.db()));
    return api::Ok(ConfigJson(config, false));
  });
  r.Put("/api/v1/complaints/config/types/{code}", "complaints.admin", [](Context& ctx) {
    const std::string code(ctx.req.PathParam("code"));
    CMP_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    ComplaintType t;
    CMP_READ(zh_cn, in.String("name_zh_cn", 20));
    CMP_READ(zh_tw, in.String("name_zh_tw", 20));
    CMP_READ(en, in.String("name_en", 40));
    CMP_READ(first, in.Int("first_contact_limit", 0, 365));
    CMP_READ(first_unit, in.Enum("first_contact_unit", {"working_days", "working_hours"}));
    CMP_READ(answer, in.Int("answer_limit", 0, 365));
    CMP_READ(answer_unit, in.Enum("answer_unit", {"working_days", "working_hours"}));
    CMP_READ(on_public, in.OptBool("on_public_form", true));
    CMP_READ(sort, in.OptInt("sort", 0, 100000));
    CMP_READ(active, in.OptBool("active", true));
    CMP_READ(reason, in.OptString("reason", 500, true));
    t.name_zh_cn = zh_cn;
    t.name_zh_tw = zh_tw;
    t.name_en = en;
    t.first_contact = {first, *ParseUnit(first_unit)};
    t.answer = {answer, *ParseUnit(answer_unit)};
    t.on_public_form = on_public;
    t.sort = sort.value_or(0);
    t.active = active;
    CMP_READ(saved, PutType(CtxOf(ctx, reason), code, t));
    return api::Ok(TypeJson(saved));
  });
  r.Put("/api/v1/complaints/config/causes/{code}", "complaints.admin", [](Context& ctx) {
    const std::string code(ctx.req.PathParam("code"));
    CMP_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CauseClass k;
    CMP_READ(zh_cn, in.String("name_zh_cn", 40));
    CMP_READ(zh_tw, in.String("name_zh_tw", 40));
    CMP_READ(en, in.String("name_en", 80));
    CMP_READ(names, in.OptString("department_names", 100));
    CMP_READ(dept, in.OptInt("department_id", 1, kMaxId));
    CMP_READ(sort, in.OptInt("sort", 0, 100000));
    CMP_READ(active, in.OptBool("active", true));
    CMP_READ(attitude, in.OptBool("attitude", false));
    CMP_READ(reason, in.OptString("reason", 500, true));
    k.name_zh_cn = zh_cn;
    k.name_zh_tw = zh_tw;
    k.name_en = en;
    k.department_names = names;
    k.department_id = dept;
    k.sort = sort.value_or(0);
    k.active = active;
    // Left out, the flag keeps its value (an older client does not know it).
    k.attitude = attitude;
    CMP_READ(saved, PutCause(CtxOf(ctx, reason), code, k, in.Has("attitude")));
    return api::Ok(CauseJson(saved));
  });
  r.Put("/api/v1/complaints/config/departments/{id}", "complaints.admin", [](Context& ctx) {
    CMP_READ(id, ctx.IdParam());
    CMP_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CMP_READ(supervisor, in.OptInt("supervisor_user_id", 1, kMaxId));
    CMP_READ(reason, in.OptString("reason", 500, true));
    CMP_READ(saved, PutDepartmentLadder(CtxOf(ctx, reason), id, supervisor));
    return api::Ok(LadderJson(saved));
  });

  // CMP-1: the public form's address and its QR code (for a poster at the counter).
  r.Get("/api/v1/complaints/public-form", "complaints.write", [](Context& ctx) {
    CMP_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    CMP_READ(site_id, SiteOrDefault(ctx, site));
    const std::string url = PublicFormUrl(ctx, site_id);
    return api::Ok({{"url", url}, {"qr_svg", core::QrSvg(url)}});
  });

  // --- one ticket ---
  r.Get("/api/v1/complaints/{id}", api::kSignedIn, [](Context& ctx) {
    CMP_READ(id, ctx.IdParam());
    return ViewAnswer(ctx, id);
  });
  // DATA-2: the customer's phone in clear, audited (the owner and handler call back).
  r.Post("/api/v1/complaints/{id}/reveal-phone", api::kSignedIn, [](Context& ctx) {
    CMP_READ(id, ctx.IdParam());
    CMP_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CMP_READ(reason, in.OptString("reason", 500, true));
    CMP_READ(phone, RevealPhone(CtxOf(ctx, reason), id));
    return api::Ok({{"phone", phone}});
  });

  // --- the closed loop (CMP-4, CMP-6), GEN-6 and the ladder (CMP-5, CMP-11) ---
  ActionRoute(r, "claim", Action::kClaim);
  ActionRoute(r, "classify", Action::kClassify);
  ActionRoute(r, "dispatch", Action::kDispatch);
  ActionRoute(r, "acknowledge", Action::kAcknowledge);
  ActionRoute(r, "notice", Action::kReturnNotice);
  ActionRoute(r, "resolve", Action::kResolve);
  ActionRoute(r, "review", Action::kReview);
  ActionRoute(r, "reject-review", Action::kRejectReview);
  ActionRoute(r, "report", Action::kReport);
  ActionRoute(r, "archive", Action::kArchive);
  ActionRoute(r, "escalate", Action::kEscalate);
  ActionRoute(r, "pause", Action::kPause);
  ActionRoute(r, "resume", Action::kResume);
  ActionRoute(r, "notes", Action::kNote);
  ActionRoute(r, "contact", Action::kContact);
  ActionRoute(r, "deadline", Action::kAgreeDeadline);
  // CMP-6: satisfied -> called back; unsatisfied -> reopened, unless the review accepts it.
  r.Post("/api/v1/complaints/{id}/callback", api::kSignedIn, [](Context& ctx) {
    CMP_READ(id, ctx.IdParam());
    CMP_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CMP_READ(satisfied, in.Bool("satisfied"));
    CMP_READ(accept, in.OptBool("accept", false));
    CMP_READ(a, ReadAction(in));
    CMP_READ(reason, in.OptString("reason", 500, true));
    const Action action = satisfied ? Action::kCallbackSatisfied
                          : accept  ? Action::kCallbackAccepted
                                    : Action::kCallbackUnsatisfied;
    CMP_READ(t, Act(CtxOf(ctx, reason), id, action, a));
    ctx.Kick();
    return ActedAnswer(ctx, t);
  });
  // GEN-6: a hand-over to another handler (same department) or another department; the
  // owner stays.
  r.Post("/api/v1/complaints/{id}/transfer", api::kSignedIn, [](Context& ctx) {
    CMP_READ(id, ctx.IdParam());
    CMP_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CMP_READ(a, ReadAction(in));
    CMP_READ(reason, in.OptString("reason", 500, true));
    const Action action = a.department_id ? Action::kRedirect : Action::kTransfer;
    CMP_READ(t, Act(CtxOf(ctx, reason), id, action, a));
    ctx.Kick();
    return ActedAnswer(ctx, t);
  });

  // --- e-mail in (CMP-1): a mail gateway posts each message with an API token ---
  r.Post("/api/v1/complaints/inbound", "complaints.inbound", [](Context& ctx) {
    CMP_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CMP_READ(from, in.String("from", 200));
    CMP_READ(subject, in.OptString("subject", 100));
    CMP_READ(text, in.OptString("text", 4000, true));
    CMP_READ(site, in.OptInt("site_id", 1, kMaxId));
    CMP_READ(site_id, SiteOrDefault(ctx, site));
    CMP_READ(t, InboundEmail(CtxOf(ctx, "inbound e-mail"), site_id, from, subject, text));
    ctx.Kick();
    return api::Created({{"id", t.id}, {"number", t.number}, {"status", StatusName(t.status)}});
  });

  // --- the public web form (CMP-1), no sign-in ---
  r.Get("/api/v1/public/complaint-form", api::kPublic, [](Context& ctx) {
    CMP_READ(config, GetConfig(ctx.db()));
    return api::Ok(ConfigJson(config, true));
  });
  r.Post("/api/v1/public/complaints", api::kPublic, [](Context& ctx) {
    if (!AllowPublic(ctx))
      return Fail(ctx,
                  core::Error{core::ErrorCode::kRateLimited, "error.rate_limited", "", {}, ""});
    CMP_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CMP_READ(website, in.OptString("website", 200));
    CMP_READ(intake, ReadIntake(in, false));
    CMP_READ(site, in.OptInt("site_id", 1, kMaxId));
    // A honeypot: the form hides this field; a person leaves it empty, a bot fills it. The
    // bot is answered as a person would be, and nothing is stored.
    if (!website.empty()) return api::Created({{"received", true}, {"number", nullptr}});
    CMP_READ(site_id, SiteOrDefault(ctx, site));
    intake.site_id = site_id;
    intake.channel = "web";
    CMP_READ(t, PublicIntake(ctx.db(), *ctx.env.cipher, ctx.now(), intake));
    ctx.Kick();
    return api::Created({{"received", true}, {"number", t.number}});
  });

  RegisterCareRoutes(r);
}

}  // namespace yingbin::complaints
