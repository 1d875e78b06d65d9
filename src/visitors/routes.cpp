// HTTP routes of the visitors module: parse and validate, call the service, answer JSON.
#include "visitors/routes.hpp"

#include <charconv>

#include "core/time.hpp"
#include "core/calendar.hpp"
#include "mail/json.hpp"
#include "org/directory.hpp"
#include "visitors/json.hpp"
#include "visitors/service.hpp"
#include "visitors/store.hpp"

namespace yingbin::visitors {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

constexpr int64_t kMaxId = INT64_MAX;

Ctx CtxOf(const Context& ctx, std::string reason = {}) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), *ctx.env.cipher, std::move(reason)};
}

// Answers a visit after a write, and wakes the scheduler and the notify worker so that
// tasks due now and live updates go out at once.
Response VisitAnswer(const Context& ctx, const Result<Visit>& v, int status = 200) {
  if (!v) return ErrorResponse(ctx, v.error());
  ctx.Kick();
  return api::JsonResponse(status, VisitJson(*v, /*with_badge_code=*/true));
}

Json VisitList(const std::vector<Visit>& visits, bool with_code = false) {
  Json items = Json::array();
  for (const auto& v : visits) items.push_back(VisitJson(v, with_code));
  return items;
}


core::Result<int64_t> TimeField(const Input& in, const char* field) {
  auto text = in.String(field, 40);
  if (!text) return std::move(text).error();
  return core::ParseIso(*text, field);
}

// A host booking their own visitor may leave host_staff_id out: it is the staff record
// linked to their account.
core::Result<int64_t> OwnStaffId(Context& ctx) {
  auto lease = ctx.db().Acquire();
  if (!lease) return std::move(lease).error();
  auto ids = org::StaffIdsOfUser(**lease, ctx.principal.user_id);
  if (!ids) return std::move(ids).error();
  if (ids->empty()) return core::InvalidArgument("host_staff_id", "validation.required");
  return ids->front();
}

core::Result<Person> ReadPerson(const Input& in) {
  Person p;
  auto name = in.String("visitor_name", 50);
  if (!name) return std::move(name).error();
  auto company = in.OptString("company", 100);
  if (!company) return std::move(company).error();
  auto phone = in.OptPhone("phone");
  if (!phone) return std::move(phone).error();
  auto id_number = in.OptString("id_number", 30);
  if (!id_number) return std::move(id_number).error();
  auto email = in.OptEmail("email");
  if (!email) return std::move(email).error();
  p.name = *name;
  p.company = *company;
  p.phone = *phone;
  p.id_number = *id_number;
  p.email = *email;
  return p;
}

core::Result<std::string> ReadReason(const Input& in) { return in.OptString("reason", 500, true); }

core::Result<std::string> ReadCategory(const Input& in, const char* fallback) {
  if (!in.Has("category") || in.IsNull("category")) return std::string(fallback);
  return in.Enum("category", {"A", "B", "C", "D"});
}

}  // namespace

void RegisterRoutes(api::Registry& r) {
  RegisterKioskRoutes(r);
  RegisterLogRoutes(r);
  // --- booking (VIS-3) and walk-ins (VIS-1, VIS-2, VIS-8, VIS-10) ---
  r.Post("/api/v1/visits/appointments", "visits.host", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    BookInput b;
    YB_READ(site_id, in.Int("site_id", 1, kMaxId));
    YB_READ(person, ReadPerson(in));
    YB_READ(head_count, in.OptInt("head_count", 1, 500));
    YB_READ(purpose, in.OptString("purpose", 500, true));
    YB_READ(category, ReadCategory(in, "B"));
    YB_READ(given_host, in.OptInt("host_staff_id", 1, kMaxId));
    YB_READ(host, given_host ? core::Result<int64_t>(*given_host) : OwnStaffId(ctx));
    YB_READ(venue, in.OptInt("venue_id", 1, kMaxId));
    YB_READ(expected_at, TimeField(in, "expected_at"));
    YB_READ(minutes, in.OptInt("expected_minutes", 5, 24 * 60));
    YB_READ(reason, ReadReason(in));
    b.site_id = site_id;
    b.person = person;
    b.head_count = head_count.value_or(1);
    b.purpose = purpose;
    b.category = category;
    b.host_staff_id = host;
    b.venue_id = venue;
    b.expected_at = expected_at;
    b.expected_minutes = minutes.value_or(60);
    return VisitAnswer(ctx, Book(CtxOf(ctx, reason), b), 201);
  });

  r.Post("/api/v1/visits/walk-ins", "visits.write", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    WalkInInput w;
    YB_READ(site_id, in.Int("site_id", 1, kMaxId));
    YB_READ(person, ReadPerson(in));
    YB_READ(head_count, in.OptInt("head_count", 1, 500));
    YB_READ(purpose, in.OptString("purpose", 500, true));
    YB_READ(kind, in.OptString("visitor_kind", 40));
    YB_READ(host, in.OptInt("host_staff_id", 1, kMaxId));
    YB_READ(venue, in.OptInt("venue_id", 1, kMaxId));
    YB_READ(reason, ReadReason(in));
    w.site_id = site_id;
    w.person = person;
    w.head_count = head_count.value_or(1);
    w.purpose = purpose;
    if (!kind.empty()) w.visitor_kind = kind;
    w.host_staff_id = host;
    w.venue_id = venue;
    if (in.Has("category") && !in.IsNull("category")) {
      YB_READ(category, in.Enum("category", {"A", "B", "C", "D"}));
      w.category = category;
    }
    // VIS-2: the four greeting questions (whom, company, surname, appointment).
    if (in.Has("greeting") && !in.IsNull("greeting")) {
      const Json& g = body["greeting"];
      if (!g.is_object()) return ErrorResponse(ctx, core::InvalidArgument("greeting", "validation.type_object"));
      Input gi(g);
      YB_READ(whom, gi.OptString("whom", 100));
      YB_READ(company, gi.OptString("company", 100));
      YB_READ(surname, gi.OptString("surname", 20));
      YB_READ(appointment, gi.OptBool("has_appointment", false));
      w.greeting_json = Json({{"whom", whom}, {"company", company}, {"surname", surname},
                              {"has_appointment", appointment}})
                            .dump();
    }
    auto reg = RegisterWalkIn(CtxOf(ctx, reason), w);
    if (!reg) return ErrorResponse(ctx, reg.error());
    ctx.Kick();
    // Written as text: the desk's most frequent write, and its answer (Created with a tree)
    // cost more than the checks before the transaction.
    api::JsonWriter out;
    out.BeginObject().Key("visit");
    WriteVisit(out, reg->visit, /*with_badge_code=*/true);
    out.Key("next_step").Tree(TriageJson(reg->triage));
    out.Key("exempt").Bool(reg->exempt);
    out.Key("mail_item");
    if (reg->mail_item) out.Tree(mail::ItemJson(*reg->mail_item, ctx.now()));
    else out.Null();
    out.EndObject();
    return http::Response::Json(201, std::move(out).Take());
  });

  // --- reading ---
  r.Get("/api/v1/visits", "visits.read", [](Context& ctx) {
    YB_READ(page, api::ReadPage(ctx.req));
    VisitQuery q;
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    YB_READ(host, api::IntQuery(ctx.req, "host_staff_id", 1, kMaxId));
    YB_READ(from, api::DayQuery(ctx.req, "from"));
    YB_READ(to, api::DayQuery(ctx.req, "to"));
    q.site_id = site;
    q.host_staff_id = host;
    q.day_from = from;
    q.day_to = to;
    if (auto c = ctx.req.QueryParam("category"); c && !c->empty()) q.category = *c;
    if (auto s = ctx.req.QueryParam("status"); s && !s->empty()) {
      if (!ParseStatus(*s)) return ErrorResponse(ctx, core::InvalidArgument("status", "validation.invalid"));
      q.status = *s;
    }
    if (auto m = ctx.req.QueryParam("mode"); m && !m->empty()) q.mode = *m;
    if (auto text = ctx.req.QueryParam("q")) q.q = *text;
    if (q.q.size() > 200) return ErrorResponse(ctx, core::InvalidArgument("q", "validation.too_long").With("max", "200"));
    YB_READ(list, ListVisits(ctx.db(), ctx.principal, q, page.page_size, page.offset()));
    api::Json out = api::PageJson(VisitList(list.items), list.total, page);
    out["total_capped"] = list.total_capped;
    return api::Ok(out);
  });

  r.Get("/api/v1/visits/mine", "visits.host", [](Context& ctx) {
    // Today and later in the default site's zone is close enough for "mine": the host
    // sees everything still on site whatever the day.
    const int32_t today = core::DateNumber(static_cast<int32_t>(ctx.now() / 86'400'000) - 1);
    YB_READ(visits, MyVisits(ctx.db(), ctx.principal, today));
    return api::Ok({{"items", VisitList(visits, true)}});
  });

  r.Get("/api/v1/visits/{id}", api::kSignedIn, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(v, GetVisit(ctx.db(), ctx.principal, id));
    return api::Ok(VisitJson(v, ctx.principal.Can("visits.write")));
  });

  r.Get("/api/v1/sites/{id}/queue", "visits.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(visits, Queue(ctx.db(), id));
    return api::Ok({{"items", VisitList(visits)}});
  });
  r.Get("/api/v1/sites/{id}/on-site", "visits.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(visits, OnSiteNow(ctx.db(), id));
    int64_t people = 0;
    for (const auto& v : visits) people += v.head_count;
    return api::Ok({{"items", VisitList(visits)}, {"people", people},
                    {"at", core::FormatIsoUtc(ctx.now())}});
  });
  r.Get("/api/v1/sites/{id}/not-checked-out", "visits.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(visits, NotCheckedOut(ctx.db(), id, ctx.now()));
    return api::Ok({{"items", VisitList(visits)}});
  });

  // --- transitions ---
  r.Post("/api/v1/visits/{id}/check-in", "visits.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return VisitAnswer(ctx, CheckIn(CtxOf(ctx, reason), id));
  });
  r.Post("/api/v1/visits/check-in", "visits.write", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(code, Input(body).String("badge_code", 64));
    return VisitAnswer(ctx, CheckInByCode(CtxOf(ctx), code));
  });
  r.Post("/api/v1/visits/{id}/answer", "visits.host", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    HostAnswer a;
    YB_READ(answer, in.Enum("answer", {"coming", "wait", "venue", "decline"}));
    YB_READ(minutes, in.OptInt("minutes", 1, 240));
    YB_READ(venue, in.OptInt("venue_id", 1, kMaxId));
    YB_READ(note, in.OptString("note", 500, true));
    a.answer = answer;
    a.minutes = minutes;
    a.venue_id = venue;
    a.note = note;
    return VisitAnswer(ctx, Answer(CtxOf(ctx), id, a));
  });
  r.Post("/api/v1/visits/{id}/admit", "visits.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(venue, in.OptInt("venue_id", 1, kMaxId));
    YB_READ(reason, ReadReason(in));
    return VisitAnswer(ctx, Admit(CtxOf(ctx, reason), id, venue));
  });
  r.Post("/api/v1/visits/{id}/check-out", "visits.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(outcome, in.OptString("outcome", 20));
    YB_READ(reason, ReadReason(in));
    return VisitAnswer(ctx, CheckOut(CtxOf(ctx, reason), id, outcome));
  });
  r.Post("/api/v1/visits/check-out", "visits.write", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(code, Input(body).String("badge_code", 64));
    return VisitAnswer(ctx, CheckOutByCode(CtxOf(ctx), code));
  });
  r.Post("/api/v1/visits/{id}/cancel", "visits.host", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).String("reason", 500));
    return VisitAnswer(ctx, Cancel(CtxOf(ctx, reason), id, reason));
  });
  r.Post("/api/v1/visits/{id}/reschedule", "visits.host", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(at, TimeField(in, "expected_at"));
    YB_READ(reason, ReadReason(in));
    return VisitAnswer(ctx, Reschedule(CtxOf(ctx, reason), id, at));
  });
  r.Post("/api/v1/visits/{id}/no-show", "visits.host", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    return VisitAnswer(ctx, MarkNoShow(CtxOf(ctx), id));
  });
  r.Post("/api/v1/visits/{id}/delegate", "visits.host", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(deputy, in.OptInt("deputy_staff_id", 1, kMaxId));
    YB_READ(reason, ReadReason(in));
    return VisitAnswer(ctx, Delegate(CtxOf(ctx, reason), id, deputy));
  });
  r.Post("/api/v1/visits/{id}/clear", "watchlist.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(admit, in.Bool("admit"));
    YB_READ(note, in.String("note", 500));
    return VisitAnswer(ctx, ClearHeld(CtxOf(ctx, note), id, admit, note));
  });
  r.Post("/api/v1/visits/{id}/hand-over", "visits.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(to, in.Int("to_user_id", 1, kMaxId));
    YB_READ(reason, ReadReason(in));
    return VisitAnswer(ctx, HandOver(CtxOf(ctx, reason), id, to));
  });

  // --- returning visitors (autocomplete) ---
  r.Get("/api/v1/visitors", "visits.write", [](Context& ctx) {
    std::string q = ctx.req.QueryParam("q").value_or("");
    std::string phone = ctx.req.QueryParam("phone").value_or("");
    if (q.size() > 100) return ErrorResponse(ctx, core::InvalidArgument("q", "validation.too_long").With("max", "100"));
    YB_READ(found, FindVisitors(ctx.db(), q, phone, *ctx.env.cipher, 10));
    Json items = Json::array();
    for (const auto& v : found) items.push_back(VisitorJson(v));
    return api::Ok({{"items", items}});
  });

  r.Post("/api/v1/visitors/{id}/reveal", "sensitive.reveal", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(field, in.Enum("field", {"phone", "id_number"}));
    YB_READ(reason, in.String("reason", 500));
    YB_READ(value, Reveal(CtxOf(ctx, reason), id, field));
    return api::Ok({{"field", field}, {"value", value}});
  });

  // --- lists (VIS-1, VIS-9, watch) ---
  r.Get("/api/v1/visitor-lists/check", "visits.write", [](Context& ctx) {
    std::string name = ctx.req.QueryParam("name").value_or("");
    YB_READ(host, api::IntQuery(ctx.req, "host_staff_id", 1, kMaxId));
    if (name.empty()) return ErrorResponse(ctx, core::InvalidArgument("name", "validation.required"));
    YB_READ(check, CheckLists(ctx.db(), name, host));
    return api::Ok({{"exempt", check.exempt}, {"special", check.special}});
  });
  r.Get("/api/v1/visitor-lists", "visits.read", [](Context& ctx) {
    std::optional<std::string> list;
    if (auto l = ctx.req.QueryParam("list"); l && !l->empty()) list = *l;
    YB_READ(entries, ListEntries(ctx.db(), ctx.principal, list));
    Json items = Json::array();
    for (const auto& e : entries) items.push_back(ListEntryJson(e));
    return api::Ok({{"items", items}});
  });
  auto read_list_input = [](const Input& in) -> core::Result<ListInput> {
    ListInput l;
    auto list = in.Enum("list", {"exempt", "special", "watch"});
    if (!list) return std::move(list).error();
    auto name = in.String("name", 50);
    if (!name) return std::move(name).error();
    auto company = in.OptString("company", 100);
    if (!company) return std::move(company).error();
    auto idn = in.OptString("id_number", 30);
    if (!idn) return std::move(idn).error();
    auto note = in.OptString("note", 500, true);
    if (!note) return std::move(note).error();
    auto host = in.OptInt("host_staff_id", 1, kMaxId);
    if (!host) return std::move(host).error();
    auto active = in.OptBool("active", true);
    if (!active) return std::move(active).error();
    l.list = *list;
    l.name = *name;
    l.company = *company;
    l.id_number = *idn;
    l.note = *note;
    l.host_staff_id = *host;
    l.active = *active;
    return l;
  };
  r.Post("/api/v1/visitor-lists", "visitors.admin", [read_list_input](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(l, read_list_input(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(e, PutListEntry(CtxOf(ctx, reason), std::nullopt, l));
    return api::Created(ListEntryJson(e));
  });
  r.Put("/api/v1/visitor-lists/{id}", "visitors.admin", [read_list_input](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(l, read_list_input(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(e, PutListEntry(CtxOf(ctx, reason), id, l));
    return api::Ok(ListEntryJson(e));
  });
  r.Delete("/api/v1/visitor-lists/{id}", "visitors.admin", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    auto st = DeleteListEntry(CtxOf(ctx, reason), id);
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });

  // --- the triage table (VIS-10) ---
  r.Get("/api/v1/triage-rules", "visits.read", [](Context& ctx) {
    YB_READ(rules, ListTriage(ctx.db()));
    Json items = Json::array();
    for (const auto& t : rules) items.push_back(TriageJson(t));
    return api::Ok({{"items", items}});
  });
  auto read_triage = [](const Input& in) -> core::Result<TriageRule> {
    TriageRule t;
    auto kind = in.String("visitor_kind", 40);
    if (!kind) return std::move(kind).error();
    for (char ch : *kind)
      if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'))
        return core::InvalidArgument("visitor_kind", "validation.code");
    auto label = in.String("label", 100);
    if (!label) return std::move(label).error();
    auto action = in.Enum("action", {"notify_host", "reception_room_notify_host", "report_host_now",
                                     "direct_to_department", "notify_hr", "courier_handover",
                                     "consult_purchasing", "ask_host"});
    if (!action) return std::move(action).error();
    auto category = in.Enum("category", {"A", "B", "C", "D"});
    if (!category) return std::move(category).error();
    auto dept = in.OptInt("department_id", 1, kMaxId);
    if (!dept) return std::move(dept).error();
    auto instructions = in.OptString("instructions", 1000, true);
    if (!instructions) return std::move(instructions).error();
    auto sort = in.OptInt("sort", 0, 100000);
    if (!sort) return std::move(sort).error();
    auto active = in.OptBool("active", true);
    if (!active) return std::move(active).error();
    t.visitor_kind = *kind;
    t.label = *label;
    t.action = *action;
    t.category = *category;
    t.department_id = *dept;
    t.instructions = *instructions;
    t.sort = sort->value_or(0);
    t.active = *active;
    return t;
  };
  r.Post("/api/v1/triage-rules", "visitors.admin", [read_triage](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(t, read_triage(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, PutTriage(CtxOf(ctx, reason), std::nullopt, t));
    return api::Created(TriageJson(saved));
  });
  r.Put("/api/v1/triage-rules/{id}", "visitors.admin", [read_triage](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(t, read_triage(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, PutTriage(CtxOf(ctx, reason), id, t));
    return api::Ok(TriageJson(saved));
  });
  r.Delete("/api/v1/triage-rules/{id}", "visitors.admin", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    auto st = DeleteTriage(CtxOf(ctx, reason), id);
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });
}

}  // namespace yingbin::visitors
