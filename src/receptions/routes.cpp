// HTTP routes of formal receptions: parse and validate, call the service, answer JSON.
// Every write answers the whole plan as GET /receptions/{id} shows it.
#include "receptions/routes.hpp"

#include "core/calendar.hpp"
#include "core/time.hpp"
#include "receptions/json.hpp"
#include "receptions/service.hpp"

namespace yingbin::receptions {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

constexpr int64_t kMaxId = INT64_MAX;
constexpr int64_t kMaxMoney = 100'000'000'000;  // 10^9 yuan in fen: beyond any reception

Ctx CtxOf(const Context& ctx, std::string reason = {}) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), *ctx.env.cipher, std::move(reason)};
}

core::Result<std::string> ReadReason(const Input& in) { return in.OptString("reason", 500, true); }

// An error of a nested object named with its place: guests[2].rank.
template <class T>
core::Result<T> Nested(core::Result<T> r, const std::string& prefix) {
  if (r) return r;
  core::Error e = std::move(r).error();
  if (!e.field.empty()) e.field = prefix + e.field;
  return e;
}

// Money in fen: an integer >= 0; a negative amount is refused naming the field.
core::Result<std::optional<int64_t>> OptMoney(const Input& in, const char* field) {
  const Json& o = in.raw();
  auto it = o.find(field);
  if (it == o.end() || it->is_null()) return std::optional<int64_t>();
  if (it->is_number_integer() && it->get<int64_t>() < 0)
    return core::InvalidArgument(field, "validation.money");
  if (it->is_number_float() && it->get<double>() < 0)
    return core::InvalidArgument(field, "validation.money");
  return in.OptInt(field, 0, kMaxMoney);
}

core::Result<int64_t> Money(const Input& in, const char* field) {
  auto v = OptMoney(in, field);
  if (!v) return std::move(v).error();
  if (!*v) return core::InvalidArgument(field, "validation.required");
  return **v;
}

core::Result<int32_t> DayField(const Input& in, const char* field) {
  auto text = in.String(field, 10);
  if (!text) return std::move(text).error();
  return core::ParseDate(*text, field);
}

core::Result<std::optional<int32_t>> OptDayField(const Input& in, const char* field) {
  auto text = in.OptString(field, 10);
  if (!text) return std::move(text).error();
  if (text->empty()) return std::optional<int32_t>();
  auto d = core::ParseDate(*text, field);
  if (!d) return std::move(d).error();
  return std::optional<int32_t>(*d);
}

core::Result<std::optional<int64_t>> OptTime(const Input& in, const char* field) {
  auto text = in.OptString(field, 40);
  if (!text) return std::move(text).error();
  if (text->empty()) return std::optional<int64_t>();
  auto t = core::ParseIso(*text, field);
  if (!t) return std::move(t).error();
  return std::optional<int64_t>(*t);
}

core::Result<const Json*> ArrayField(const Json& body, const char* field, size_t max) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return static_cast<const Json*>(nullptr);
  if (!it->is_array()) return core::InvalidArgument(field, "validation.type_array");
  if (it->size() > max)
    return core::InvalidArgument(field, "validation.out_of_range")
        .With("min", "0")
        .With("max", std::to_string(max));
  return &*it;
}

// GEN-2: one guest (the whole guest).
core::Result<Guest> ReadGuest(const Json& o) {
  if (!o.is_object()) return core::InvalidArgument("", "validation.type_object");
  Input in(o);
  Guest g;
  auto name = in.String("name", 50);
  if (!name) return std::move(name).error();
  g.name = *name;
  struct Text {
    const char* field;
    std::string* out;
    size_t max;
  } texts[] = {{"gender", &g.gender, 10},
               {"title", &g.title, 50},
               {"unit", &g.unit, 100},
               {"nationality", &g.nationality, 50},
               {"ethnicity", &g.ethnicity, 50},
               {"religion", &g.religion, 50},
               {"health", &g.health, 500},
               {"allergies", &g.allergies, 200},
               {"habits", &g.habits, 500},
               {"accessibility", &g.accessibility, 200},
               {"transport_preference", &g.transport_preference, 100},
               {"arrival_place", &g.arrival_place, 100},
               {"arrival_no", &g.arrival_no, 20},
               {"arrival_transport", &g.arrival_transport, 10},
               {"departure_place", &g.departure_place, 100},
               {"departure_no", &g.departure_no, 20},
               {"departure_transport", &g.departure_transport, 10}};
  for (auto& t : texts) {
    auto v = in.OptString(t.field, t.max, true);
    if (!v) return std::move(v).error();
    *t.out = std::move(*v);
  }
  auto age = in.OptInt("age", 0, 150);
  if (!age) return std::move(age).error();
  g.age = *age;
  auto rank = in.OptInt("rank", 1, 20);
  if (!rank) return std::move(rank).error();
  g.rank = *rank;
  if (in.Has("taboos") && !in.IsNull("taboos")) {
    auto taboos = in.StringList("taboos", 10, 20);
    if (!taboos) return std::move(taboos).error();
    g.taboos = std::move(*taboos);
  }
  auto chief = in.OptBool("is_chief", false);
  if (!chief) return std::move(chief).error();
  g.is_chief = *chief;
  auto arrival = OptTime(in, "arrival_at");
  if (!arrival) return std::move(arrival).error();
  g.arrival_at = *arrival;
  auto departure = OptTime(in, "departure_at");
  if (!departure) return std::move(departure).error();
  g.departure_at = *departure;
  return g;
}

// PLAN-3: one itinerary item (the whole item).
core::Result<Item> ReadItem(const Json& body) {
  Input in(body);
  Item it;
  auto kind = in.String("kind", 20);
  if (!kind) return std::move(kind).error();
  it.kind = *kind;
  auto day = DayField(in, "day");
  if (!day) return std::move(day).error();
  it.day = *day;
  auto start = in.String("start", 5);
  if (!start) return std::move(start).error();
  auto start_min = core::ParseTimeOfDay(*start, "start");
  if (!start_min) return std::move(start_min).error();
  it.start_min = *start_min;
  auto end = in.String("end", 5);
  if (!end) return std::move(end).error();
  auto end_min = core::ParseTimeOfDay(*end, "end", true);
  if (!end_min) return std::move(end_min).error();
  it.end_min = *end_min;
  auto activity = in.String("activity", 200);
  if (!activity) return std::move(activity).error();
  it.activity = *activity;
  struct Text {
    const char* field;
    std::string* out;
    size_t max;
  } texts[] = {{"place", &it.place, 100},
               {"vehicle", &it.vehicle, 50},
               {"notes", &it.notes, 500},
               {"meal_type", &it.meal_type, 10},
               {"menu", &it.menu, 1000}};
  for (auto& t : texts) {
    auto v = in.OptString(t.field, t.max, true);
    if (!v) return std::move(v).error();
    *t.out = std::move(*v);
  }
  auto venue = in.OptInt("venue_id", 1, kMaxId);
  if (!venue) return std::move(venue).error();
  it.venue_id = *venue;
  if (in.Has("staff_ids") && !in.IsNull("staff_ids")) {
    auto staff = in.IntList("staff_ids", 50);
    if (!staff) return std::move(staff).error();
    it.staff_ids = std::move(*staff);
  }
  auto guests = in.OptInt("diners_guests", 0, 10000);
  if (!guests) return std::move(guests).error();
  it.diners_guests = *guests;
  auto hosts = in.OptInt("diners_hosts", 0, 10000);
  if (!hosts) return std::move(hosts).error();
  it.diners_hosts = hosts->value_or(0);
  auto planned = OptMoney(in, "planned_fen");
  if (!planned) return std::move(planned).error();
  it.planned_fen = *planned;
  auto rooms = in.OptInt("rooms", 0, 1000);
  if (!rooms) return std::move(rooms).error();
  it.rooms = rooms->value_or(0);
  auto nights = in.OptInt("nights", 0, 31);
  if (!nights) return std::move(nights).error();
  it.nights = nights->value_or(0);
  return it;
}

std::string Prefix(const char* list, size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "].";
}

// The head of a plan: on create every field (required ones required), on update those given.
core::Result<ReceptionPatch> ReadHead(const Json& body, bool create) {
  Input in(body);
  ReceptionPatch p;
  auto text = [&](const char* field, std::optional<std::string>& out, size_t max, bool required,
                  bool multi = false) -> core::Status {
    if (!create && !in.Has(field)) return core::Ok();
    auto v = required ? in.String(field, max) : in.OptString(field, max, multi);
    if (!v) return std::move(v).error();
    out = std::move(*v);
    return core::Ok();
  };
  YB_RETURN_IF_ERROR(text("name", p.title, 100, true));
  YB_RETURN_IF_ERROR(text("visiting_unit", p.visiting_unit, 100, true));
  YB_RETURN_IF_ERROR(text("purpose", p.purpose, 1000, false, true));
  YB_RETURN_IF_ERROR(text("grade_code", p.grade_code, 32, true));
  YB_RETURN_IF_ERROR(text("jurisdiction", p.jurisdiction, 100, false));
  YB_RETURN_IF_ERROR(text("letter_no", p.letter_no, 100, false));
  YB_RETURN_IF_ERROR(text("policy", p.policy, 50, false));
  YB_RETURN_IF_ERROR(text("level_override", p.level_override, 10, false));
  YB_RETURN_IF_ERROR(text("level_override_reason", p.level_override_reason, 500, false, true));
  YB_RETURN_IF_ERROR(text("unit_contact", p.unit_contact, 50, false));
  YB_RETURN_IF_ERROR(text("unit_contact_phone", p.unit_contact_phone, 30, false));
  YB_RETURN_IF_ERROR(text("preparation", p.preparation, 2000, false, true));
  YB_RETURN_IF_ERROR(text("notes", p.notes, 2000, false, true));
  if (create || in.Has("intent")) {
    auto v = in.OptString("intent", 20);
    if (!v) return std::move(v).error();
    p.intent = v->empty() ? "business" : *v;
  }
  if (create || in.Has("rule_set")) {
    auto v = in.OptString("rule_set", 20);
    if (!v) return std::move(v).error();
    p.rule_set = v->empty() ? "company" : *v;
  }
  if (create || in.Has("foreign")) {
    auto v = in.OptBool("foreign", false);
    if (!v) return std::move(v).error();
    p.foreign = *v;
  }
  if (in.Has("site_id")) {
    auto v = in.Int("site_id", 1, kMaxId);
    if (!v) return std::move(v).error();
    p.site_id = *v;
  }
  for (auto [field, out] : {std::pair{"host_staff_id", &p.host_staff_id},
                            std::pair{"department_id", &p.department_id}}) {
    if (!create && !in.Has(field)) continue;
    auto v = in.OptInt(field, 1, kMaxId);
    if (!v) return std::move(v).error();
    if (create && !*v) continue;  // absent on create: none (the department follows the host)
    *out = *v;
  }
  if (create || in.Has("letter_date")) {
    auto v = OptDayField(in, "letter_date");
    if (!v) return std::move(v).error();
    p.letter_date = *v;
  }
  for (auto [field, out] :
       {std::pair{"start_date", &p.start_date}, std::pair{"end_date", &p.end_date}}) {
    if (!create && !in.Has(field)) continue;
    auto v = DayField(in, field);
    if (!v) return std::move(v).error();
    *out = *v;
  }
  if (in.Has("version") && !in.IsNull("version")) {
    auto v = in.Int("version", 1, kMaxId);
    if (!v) return std::move(v).error();
    p.version = *v;
  }
  return p;
}

core::Result<std::vector<StaffRole>> ReadStaff(const Json& body) {
  std::vector<StaffRole> out;
  auto list = ArrayField(body, "staff", 50);
  if (!list) return std::move(list).error();
  if (!*list) return core::InvalidArgument("staff", "validation.required");
  for (size_t i = 0; i < (*list)->size(); ++i) {
    const Json& o = (**list)[i];
    const std::string pre = Prefix("staff", i);
    if (!o.is_object()) return core::InvalidArgument("staff", "validation.type_object");
    Input in(o);
    StaffRole s;
    auto role = Nested(in.String("role", 20), pre);
    if (!role) return std::move(role).error();
    s.role = *role;
    auto a = Nested(in.Int("staff_a_id", 1, kMaxId), pre);
    if (!a) return std::move(a).error();
    s.staff_a_id = *a;
    auto b = Nested(in.OptInt("staff_b_id", 1, kMaxId), pre);
    if (!b) return std::move(b).error();
    s.staff_b_id = *b;
    auto duty = Nested(in.OptString("duty", 200, true), pre);
    if (!duty) return std::move(duty).error();
    s.duty = *duty;
    out.push_back(std::move(s));
  }
  return out;
}

core::Result<std::vector<Contingency>> ReadContingencies(const Json& body) {
  std::vector<Contingency> out;
  auto list = ArrayField(body, "contingencies", 50);
  if (!list) return std::move(list).error();
  if (!*list) return core::InvalidArgument("contingencies", "validation.required");
  for (size_t i = 0; i < (*list)->size(); ++i) {
    const Json& o = (**list)[i];
    const std::string pre = Prefix("contingencies", i);
    if (!o.is_object()) return core::InvalidArgument("contingencies", "validation.type_object");
    Input in(o);
    Contingency x;
    auto kind = Nested(in.String("kind", 20), pre);
    if (!kind) return std::move(kind).error();
    x.kind = *kind;
    auto d = Nested(in.String("description", 500), pre);
    if (!d) return std::move(d).error();
    x.description = *d;
    auto owner = Nested(in.OptInt("owner_staff_id", 1, kMaxId), pre);
    if (!owner) return std::move(owner).error();
    x.owner_staff_id = *owner;
    out.push_back(std::move(x));
  }
  return out;
}

core::Result<std::vector<BudgetLine>> ReadLines(const Json& body) {
  std::vector<BudgetLine> out;
  auto list = ArrayField(body, "budget_lines", 100);
  if (!list) return std::move(list).error();
  if (!*list) return core::InvalidArgument("budget_lines", "validation.required");
  for (size_t i = 0; i < (*list)->size(); ++i) {
    const Json& o = (**list)[i];
    const std::string pre = Prefix("budget_lines", i);
    if (!o.is_object()) return core::InvalidArgument("budget_lines", "validation.type_object");
    Input in(o);
    BudgetLine l;
    auto cat = Nested(in.String("category", 20), pre);
    if (!cat) return std::move(cat).error();
    l.category = *cat;
    auto d = Nested(in.String("description", 200), pre);
    if (!d) return std::move(d).error();
    l.description = *d;
    auto q = Nested(in.OptInt("quantity", 1, 9999), pre);
    if (!q) return std::move(q).error();
    l.quantity = q->value_or(1);
    auto planned = Nested(Money(in, "planned_fen"), pre);
    if (!planned) return std::move(planned).error();
    l.planned_fen = *planned;
    out.push_back(std::move(l));
  }
  return out;
}

core::Result<Grade> ReadGrade(const Json& body, bool create) {
  Input in(body);
  Grade g;
  if (create) {
    auto code = in.String("code", 32);
    if (!code) return std::move(code).error();
    g.code = *code;
  }
  auto zh = in.String("name_zh_cn", 20);
  if (!zh) return std::move(zh).error();
  g.name_zh_cn = *zh;
  for (auto [field, out, max] : {std::tuple{"name_zh_tw", &g.name_zh_tw, size_t{20}},
                                 std::tuple{"name_en", &g.name_en, size_t{40}},
                                 std::tuple{"description", &g.description, size_t{500}}}) {
    auto v = in.OptString(field, max, true);
    if (!v) return std::move(v).error();
    *out = std::move(*v);
  }
  auto sort = in.OptInt("sort", -1000, 1000);
  if (!sort) return std::move(sort).error();
  g.sort = sort->value_or(0);
  auto active = in.OptBool("active", true);
  if (!active) return std::move(active).error();
  g.active = *active;
  return g;
}

core::Result<CostStandard> ReadStandard(const Json& body) {
  Input in(body);
  CostStandard s;
  auto rule_set = in.String("rule_set", 20);
  if (!rule_set) return std::move(rule_set).error();
  s.rule_set = *rule_set;
  auto jurisdiction = in.OptString("jurisdiction", 100);
  if (!jurisdiction) return std::move(jurisdiction).error();
  s.jurisdiction = *jurisdiction;
  auto name = in.String("name", 100);
  if (!name) return std::move(name).error();
  s.name = *name;
  auto from = DayField(in, "effective_from");
  if (!from) return std::move(from).error();
  s.effective_from = *from;
  auto to = OptDayField(in, "effective_to");
  if (!to) return std::move(to).error();
  s.effective_to = *to;
  auto notes = in.OptString("notes", 1000, true);
  if (!notes) return std::move(notes).error();
  s.notes = *notes;
  if (in.Has("designated_hotels") && !in.IsNull("designated_hotels")) {
    auto hotels = in.StringList("designated_hotels", 50, 100);
    if (!hotels) return std::move(hotels).error();
    s.designated_hotels = std::move(*hotels);
  }
  auto list = ArrayField(body, "lines", 50);
  if (!list) return std::move(list).error();
  if (*list) {
    for (size_t i = 0; i < (*list)->size(); ++i) {
      const Json& o = (**list)[i];
      const std::string pre = Prefix("lines", i);
      if (!o.is_object()) return core::InvalidArgument("lines", "validation.type_object");
      Input li(o);
      StandardLine l;
      auto grade = Nested(li.String("grade_code", 32), pre);
      if (!grade) return std::move(grade).error();
      l.grade_code = *grade;
      for (auto [field, out] : {std::pair{"lodging_cap_fen", &l.lodging_cap_fen},
                                std::pair{"lodging_min_fen", &l.lodging_min_fen},
                                std::pair{"entertainment_cap_fen", &l.entertainment_cap_fen}}) {
        auto v = Nested(OptMoney(li, field), pre);
        if (!v) return std::move(v).error();
        *out = *v;
      }
      for (auto [field, out] : {std::pair{"lunch_cap_fen", &l.lunch_cap_fen},
                                std::pair{"dinner_cap_fen", &l.dinner_cap_fen}}) {
        auto v = Nested(Money(li, field), pre);
        if (!v) return std::move(v).error();
        *out = *v;
      }
      for (auto [field, out] :
           {std::pair{"meal_increment_fen", &l.meal_increment_fen},
            std::pair{"entertainment_increment_fen", &l.entertainment_increment_fen}}) {
        auto v = Nested(OptMoney(li, field), pre);
        if (!v) return std::move(v).error();
        *out = v->value_or(0);
      }
      for (auto [field, out] :
           {std::pair{"vehicle_class", &l.vehicle_class}, std::pair{"accompany", &l.accompany}}) {
        auto v = Nested(li.OptString(field, 200), pre);
        if (!v) return std::move(v).error();
        *out = std::move(*v);
      }
      s.lines.push_back(std::move(l));
    }
  }
  return s;
}

core::Result<std::vector<ApprovalRule>> ReadRules(const Json& body) {
  std::vector<ApprovalRule> out;
  auto list = ArrayField(body, "rules", 50);
  if (!list) return std::move(list).error();
  if (!*list) return core::InvalidArgument("rules", "validation.required");
  for (size_t i = 0; i < (*list)->size(); ++i) {
    const Json& o = (**list)[i];
    const std::string pre = Prefix("rules", i);
    if (!o.is_object()) return core::InvalidArgument("rules", "validation.type_object");
    Input in(o);
    ApprovalRule r;
    r.sort = static_cast<int64_t>(i + 1) * 10;
    auto label = Nested(in.String("label", 100), pre);
    if (!label) return std::move(label).error();
    r.label = *label;
    auto min = Nested(OptMoney(in, "min_total_fen"), pre);
    if (!min) return std::move(min).error();
    r.min_total_fen = min->value_or(0);
    auto max = Nested(OptMoney(in, "max_total_fen"), pre);
    if (!max) return std::move(max).error();
    r.max_total_fen = *max;
    auto grade = Nested(in.OptString("grade_code", 32), pre);
    if (!grade) return std::move(grade).error();
    r.grade_code = *grade;
    if (in.Has("foreign") && !in.IsNull("foreign")) {
      auto f = Nested(in.Bool("foreign"), pre);
      if (!f) return std::move(f).error();
      r.foreign = *f;
    }
    auto role = Nested(in.OptString("approver_role", 32), pre);
    if (!role) return std::move(role).error();
    r.approver_role = *role;
    auto user = Nested(in.OptInt("approver_user_id", 1, kMaxId), pre);
    if (!user) return std::move(user).error();
    r.approver_user_id = *user;
    auto active = Nested(in.OptBool("active", true), pre);
    if (!active) return std::move(active).error();
    r.active = *active;
    out.push_back(std::move(r));
  }
  return out;
}

// The plan as it is now (after a change: answered with `status`).
Response PlanAnswer(Context& ctx, int64_t id, int status = 200) {
  YB_READ(view, Get(CtxOf(ctx), id));
  ctx.Kick();
  return api::JsonResponse(status, PlanJson(view));
}

Response Done(Context& ctx, const core::Status& s, int64_t id) {
  if (!s) return ErrorResponse(ctx, s.error());
  return PlanAnswer(ctx, id);
}

Json List(const std::vector<Reception>& list) {
  Json items = Json::array();
  for (const auto& r : list) items.push_back(ReceptionBriefJson(r));
  return items;
}

}  // namespace

void RegisterRoutes(api::Registry& r) {
  // --- the list and the approvals waiting ---
  r.Get("/api/v1/receptions", "receptions.read", [](Context& ctx) {
    YB_READ(page, api::ReadPage(ctx.req));
    ListQuery q;
    if (auto s = ctx.req.QueryParam("status"); s && !s->empty()) {
      auto st = ParseState(*s);
      if (!st) return ErrorResponse(ctx, core::InvalidArgument("status", "validation.invalid"));
      q.status = *st;
    }
    if (auto t = ctx.req.QueryParam("q")) q.q = std::string(*t);
    YB_READ(from, api::DayQuery(ctx.req, "from"));
    YB_READ(to, api::DayQuery(ctx.req, "to"));
    // DayQuery answers YYYYMMDD numbers; the plans keep days since 1970-01-01.
    if (from) {
      YB_READ(d, core::ParseDate(core::FormatDateNumber(*from), "from"));
      q.from_date = d;
    }
    if (to) {
      YB_READ(d, core::ParseDate(core::FormatDateNumber(*to), "to"));
      q.to_date = d;
    }
    q.limit = page.page_size;
    q.offset = page.offset();
    int64_t total = 0;
    YB_READ(list, List(CtxOf(ctx), q, &total));
    return api::Ok(api::PageJson(List(list), total, page));
  });

  r.Get("/api/v1/receptions/approvals", "receptions.read", [](Context& ctx) {
    YB_READ(list, ToDecide(CtxOf(ctx)));
    return api::Ok({{"items", List(list)}});
  });

  // --- the request (PLAN-2, GEN-2) ---
  r.Post("/api/v1/receptions", "receptions.plan", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(head, ReadHead(body, true));
    YB_READ(list, ArrayField(body, "guests", 200));
    std::vector<Guest> guests;
    if (list) {
      for (size_t i = 0; i < list->size(); ++i) {
        YB_READ(g, Nested(ReadGuest((*list)[i]), Prefix("guests", i)));
        guests.push_back(std::move(g));
      }
    }
    YB_READ(reason, ReadReason(Input(body)));
    YB_READ(id, Create(CtxOf(ctx, reason), head, guests));
    return PlanAnswer(ctx, id, 201);
  });

  r.Get("/api/v1/receptions/{id}", "receptions.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    return PlanAnswer(ctx, id);
  });

  r.Patch("/api/v1/receptions/{id}", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(head, ReadHead(body, false));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, Update(CtxOf(ctx, reason), id, head), id);
  });

  r.Post("/api/v1/receptions/{id}/guests", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(g, ReadGuest(body));
    YB_READ(reason, ReadReason(Input(body)));
    YB_READ(gid, AddGuest(CtxOf(ctx, reason), id, g));
    (void)gid;
    return PlanAnswer(ctx, id, 201);
  });

  r.Put("/api/v1/receptions/{id}/guests/{guest_id}", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(gid, ctx.IdParam("guest_id"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(g, ReadGuest(body));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, PutGuest(CtxOf(ctx, reason), id, gid, g), id);
  });

  r.Delete("/api/v1/receptions/{id}/guests/{guest_id}", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(gid, ctx.IdParam("guest_id"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, DeleteGuest(CtxOf(ctx, reason), id, gid), id);
  });

  // --- the plan (PLAN-3, PLAN-10) ---
  r.Post("/api/v1/receptions/{id}/items", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(it, ReadItem(body));
    YB_READ(reason, ReadReason(Input(body)));
    YB_READ(iid, AddItem(CtxOf(ctx, reason), id, it));
    (void)iid;
    return PlanAnswer(ctx, id, 201);
  });

  r.Put("/api/v1/receptions/{id}/items/{item_id}", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(iid, ctx.IdParam("item_id"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(it, ReadItem(body));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, PutItem(CtxOf(ctx, reason), id, iid, it), id);
  });

  r.Delete("/api/v1/receptions/{id}/items/{item_id}", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(iid, ctx.IdParam("item_id"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, DeleteItem(CtxOf(ctx, reason), id, iid), id);
  });

  r.Put("/api/v1/receptions/{id}/staff", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(staff, ReadStaff(body));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, PutStaff(CtxOf(ctx, reason), id, staff), id);
  });

  r.Put("/api/v1/receptions/{id}/contingencies", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(list, ReadContingencies(body));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, PutContingencies(CtxOf(ctx, reason), id, list), id);
  });

  r.Put("/api/v1/receptions/{id}/budget-lines", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(lines, ReadLines(body));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, PutBudgetLines(CtxOf(ctx, reason), id, lines), id);
  });

  // --- approval (PLAN-4, PLAN-5). Deciders are checked by the service: holders of
  // receptions.approve, or the role or user the plan was routed to.
  r.Post("/api/v1/receptions/{id}/submit", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, Submit(CtxOf(ctx, reason), id), id);
  });

  r.Post("/api/v1/receptions/{id}/approve", "receptions.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, Approve(CtxOf(ctx, reason), id), id);
  });

  r.Post("/api/v1/receptions/{id}/reject", "receptions.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, Reject(CtxOf(ctx, reason), id), id);
  });

  r.Post("/api/v1/receptions/{id}/caps/approve", "receptions.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(key, in.String("key", 40));
    YB_READ(reason, ReadReason(in));
    return Done(ctx, ApproveCap(CtxOf(ctx, reason), id, key), id);
  });

  r.Post("/api/v1/receptions/{id}/cancel", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return Done(ctx, Cancel(CtxOf(ctx, reason), id), id);
  });

  // PLAN-11: 接待清单 as data.
  r.Get("/api/v1/receptions/{id}/official-list", "receptions.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(list, OfficialListOf(CtxOf(ctx), id));
    return api::Ok(OfficialListJson(list));
  });

  // --- administration: grades, cost standards, approval rules ---
  r.Get("/api/v1/receptions/grades", "receptions.read", [](Context& ctx) {
    YB_READ(list, ListGrades(ctx.db()));
    Json items = Json::array();
    for (const auto& g : list) items.push_back(GradeJson(g));
    return api::Ok({{"items", items}});
  });

  r.Post("/api/v1/receptions/grades", "receptions.admin", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(g, ReadGrade(body, true));
    YB_READ(reason, ReadReason(Input(body)));
    YB_READ(saved, CreateGrade(CtxOf(ctx, reason), g));
    return api::Created(GradeJson(saved));
  });

  r.Put("/api/v1/receptions/grades/{id}", "receptions.admin", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(g, ReadGrade(body, false));
    YB_READ(reason, ReadReason(Input(body)));
    YB_READ(saved, UpdateGrade(CtxOf(ctx, reason), id, g));
    return api::Ok(GradeJson(saved));
  });

  r.Get("/api/v1/receptions/cost-standards", "receptions.read", [](Context& ctx) {
    YB_READ(list, ListStandards(ctx.db()));
    Json items = Json::array();
    for (const auto& s : list) items.push_back(StandardJson(s));
    return api::Ok({{"items", items}});
  });

  // The version in force on a day (PLAN-11: local caps differ by place and date).
  r.Get("/api/v1/receptions/cost-standards/in-force", "receptions.read", [](Context& ctx) {
    auto rule_set = ctx.req.QueryParam("rule_set");
    const std::string set = rule_set && !rule_set->empty() ? std::string(*rule_set) : "company";
    if (set != "company" && set != "official")
      return ErrorResponse(ctx, core::InvalidArgument("rule_set", "validation.one_of")
                                    .With("allowed", "company, official"));
    auto j = ctx.req.QueryParam("jurisdiction");
    auto date = ctx.req.QueryParam("date");
    if (!date || date->empty())
      return ErrorResponse(ctx, core::InvalidArgument("date", "validation.required"));
    YB_READ(day, core::ParseDate(*date, "date"));
    YB_READ(found, StandardOn(ctx.db(), set, j ? std::string(*j) : "", day));
    if (!found) return ErrorResponse(ctx, core::NotFound("receptions.no_standard"));
    return api::Ok(StandardJson(*found));
  });

  r.Post("/api/v1/receptions/cost-standards", "receptions.admin", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(s, ReadStandard(body));
    YB_READ(reason, ReadReason(Input(body)));
    YB_READ(saved, CreateStandard(CtxOf(ctx, reason), s));
    return api::Created(StandardJson(saved));
  });

  r.Put("/api/v1/receptions/cost-standards/{id}", "receptions.admin", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(s, ReadStandard(body));
    YB_READ(reason, ReadReason(Input(body)));
    YB_READ(saved, UpdateStandard(CtxOf(ctx, reason), id, s));
    return api::Ok(StandardJson(saved));
  });

  r.Get("/api/v1/receptions/approval-rules", "receptions.read", [](Context& ctx) {
    YB_READ(list, ListRules(ctx.db()));
    Json items = Json::array();
    for (const auto& x : list) items.push_back(RuleJson(x));
    return api::Ok({{"items", items}});
  });

  r.Put("/api/v1/receptions/approval-rules", "receptions.admin", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(rules, ReadRules(body));
    YB_READ(reason, ReadReason(Input(body)));
    YB_READ(saved, PutRules(CtxOf(ctx, reason), rules));
    Json items = Json::array();
    for (const auto& x : saved) items.push_back(RuleJson(x));
    return api::Ok({{"items", items}});
  });

  RegisterExecutionRoutes(r);
}

}  // namespace yingbin::receptions
