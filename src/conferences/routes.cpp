// HTTP routes of conference reception (PLAN-9): parse and validate, call the service,
// answer JSON. The public registration form is here too; the derived lists are in
// list_routes.cpp.
#include "conferences/routes.hpp"

#include <map>
#include <mutex>

#include "conferences/json.hpp"
#include "conferences/routes_common.hpp"
#include "conferences/service.hpp"
#include "core/calendar.hpp"
#include "core/qr.hpp"
#include "core/time.hpp"
#include "org/settings.hpp"

namespace yingbin::conferences {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

constexpr int64_t kMaxMoneyFen = 100'000'000'00;  // one hundred million yuan

core::Result<int32_t> DateField(const Input& in, const char* field) {
  auto text = in.String(field, 10);
  if (!text) return std::move(text).error();
  return core::ParseDate(*text, field);
}

core::Result<ConferenceInput> ReadConference(const Input& in) {
  ConferenceInput c;
  auto site = in.Int("site_id", 1, kMaxId);
  if (!site) return std::move(site).error();
  auto reception = in.OptInt("reception_id", 1, kMaxId);
  if (!reception) return std::move(reception).error();
  auto name = in.String("name", 100);
  if (!name) return std::move(name).error();
  auto place = in.OptString("place", 200);
  if (!place) return std::move(place).error();
  auto start = DateField(in, "start_date");
  if (!start) return std::move(start).error();
  auto end = DateField(in, "end_date");
  if (!end) return std::move(end).error();
  auto opens = TimeField(in, "registration_opens_at");
  if (!opens) return std::move(opens).error();
  auto closes = TimeField(in, "registration_closes_at");
  if (!closes) return std::move(closes).error();
  auto fee = in.OptInt("fee_fen", 0, kMaxMoneyFen);
  if (!fee) return std::move(fee).error();
  auto head = in.OptBool("waive_head", true);
  if (!head) return std::move(head).error();
  auto liaison = in.OptBool("waive_liaison", true);
  if (!liaison) return std::move(liaison).error();
  auto above = in.OptInt("liaison_free_above", 0, 1000);
  if (!above) return std::move(above).error();
  auto contact = in.OptString("contact", 200);
  if (!contact) return std::move(contact).error();
  auto notes = in.OptString("notes", 2000, true);
  if (!notes) return std::move(notes).error();
  c.site_id = *site;
  c.reception_id = *reception;
  c.title = *name;
  c.place = *place;
  c.start_date = *start;
  c.end_date = *end;
  c.registration_opens_at = *opens;
  c.registration_closes_at = *closes;
  c.fee_fen = fee->value_or(0);
  c.waive_head = *head;
  c.waive_liaison = *liaison;
  c.liaison_free_above = *above;
  c.contact = *contact;
  c.notes = *notes;
  return c;
}

core::Result<HotelClass> ReadHotel(const Input& in) {
  HotelClass h;
  auto name = in.String("name", 50);
  if (!name) return std::move(name).error();
  auto hotel = in.OptString("hotel", 100);
  if (!hotel) return std::move(hotel).error();
  auto price = in.Int("price_per_night_fen", 0, kMaxMoneyFen);
  if (!price) return std::move(price).error();
  auto rooms = in.Int("rooms", 0, 100000);
  if (!rooms) return std::move(rooms).error();
  auto sort = in.OptInt("sort", -1000, 1000);
  if (!sort) return std::move(sort).error();
  h.name = *name;
  h.hotel = *hotel;
  h.price_fen = *price;
  h.rooms = *rooms;
  h.sort = sort->value_or(0);
  return h;
}

core::Result<Meal> ReadMeal(const Input& in) {
  Meal m;
  auto day = DateField(in, "day");
  if (!day) return std::move(day).error();
  auto kind = in.Enum("kind", {"breakfast", "lunch", "dinner"});
  if (!kind) return std::move(kind).error();
  auto time = in.String("time", 5);
  if (!time) return std::move(time).error();
  auto minute = core::ParseTimeOfDay(*time, "time");
  if (!minute) return std::move(minute).error();
  auto place = in.OptString("place", 100);
  if (!place) return std::move(place).error();
  auto price = in.OptInt("price_per_diner_fen", 0, kMaxMoneyFen);
  if (!price) return std::move(price).error();
  m.day = *day;
  m.kind = *kind;
  m.starts_minute = *minute;
  m.place = *place;
  m.price_fen = price->value_or(0);
  return m;
}

core::Result<PickupPoint> ReadPoint(const Input& in) {
  PickupPoint p;
  auto name = in.String("name", 100);
  if (!name) return std::move(name).error();
  auto kind = in.Enum("kind", {"airport", "station", "other"});
  if (!kind) return std::move(kind).error();
  auto window = in.OptInt("window_minutes", 10, 720);
  if (!window) return std::move(window).error();
  auto staff = in.OptInt("staff_id", 1, kMaxId);
  if (!staff) return std::move(staff).error();
  auto notes = in.OptString("notes", 500, true);
  if (!notes) return std::move(notes).error();
  p.name = *name;
  p.kind = *kind;
  p.window_minutes = *window;
  p.staff_id = *staff;
  p.notes = *notes;
  return p;
}

Json SetupJson(const Setup& s) {
  Json out = ConferenceJson(s.conference);
  Json hotels = Json::array(), meals = Json::array(), points = Json::array();
  for (const auto& h : s.hotels) hotels.push_back(HotelJson(h));
  for (const auto& m : s.meals) meals.push_back(MealJson(m));
  for (const auto& p : s.points) points.push_back(PointJson(p));
  out["hotels"] = hotels;
  out["meals"] = meals;
  out["pickup_points"] = points;
  out["default_window_minutes"] = s.default_window_minutes;
  return out;
}

// What the public form shows: no token, no counts of delegates, no staff names.
Json PublicJson(const PublicView& v) {
  const Conference& c = v.conference;
  Json hotels = Json::array(), points = Json::array();
  for (const auto& h : v.hotels)
    hotels.push_back({{"id", h.id},
                      {"name", h.name},
                      {"hotel", h.hotel},
                      {"price_per_night_fen", h.price_fen},
                      {"rooms_left", std::max<int64_t>(0, h.rooms - h.rooms_taken)}});
  for (const auto& p : v.points)
    points.push_back({{"id", p.id}, {"name", p.name}, {"kind", p.kind}});
  return {{"name", c.title},
          {"place", c.place},
          {"start_date", core::FormatDate(c.start_date)},
          {"end_date", core::FormatDate(c.end_date)},
          {"registration_opens_at", core::FormatIsoUtc(c.registration_opens_at)},
          {"registration_closes_at", core::FormatIsoUtc(c.registration_closes_at)},
          {"state", v.state},
          {"time_zone", c.time_zone},
          {"fee_fen", c.fee_fen},
          {"waive_head", c.waive_head},
          {"waive_liaison", c.waive_liaison},
          {"liaison_free_above", c.liaison_free_above},
          {"contact", c.contact},
          {"hotels", hotels},
          {"pickup_points", points}};
}

// The delegate's own answer after registering: their ticket, nothing else.
Json TicketJson(const Conference& c, const Delegate& d) {
  return {{"received", true}, {"conference", c.title},
          {"name", d.name},   {"organisation", d.organisation},
          {"code", d.code},   {"qr_svg", core::QrSvg(d.code)}};
}

// Registrations per address per minute (setting conferences.registrations_per_minute). In
// memory per node, like the kiosk's limit: behind nginx a client keeps to one node.
bool AllowRegistration(const Context& ctx) {
  auto limit = org::GetSetting(ctx.db(), "conferences.registrations_per_minute");
  const int64_t max = limit ? *limit : 10;
  static std::mutex mu;
  static std::map<std::string, std::pair<int64_t, int64_t>> windows;  // ip -> (minute, count)
  const int64_t minute = ctx.now() / 60'000;
  std::lock_guard lock(mu);
  if (windows.size() > 10000) windows.clear();  // a flood of addresses: start afresh
  auto& w = windows[ctx.req.remote_ip];
  if (w.first != minute) w = {minute, 0};
  return ++w.second <= max;
}

// Whoever registers on the public form, for the audit trail.
const auth::Principal& PublicPrincipal() {
  static const auth::Principal p = [] {
    auth::Principal x;
    x.username = "public:register";
    x.display_name = "公开报名表";
    return x;
  }();
  return p;
}

// "https://example.com" or "http://127.0.0.1:28080": the web app's own origin.
bool IsOrigin(std::string_view s) {
  if (s.size() > 200) return false;
  std::string_view rest;
  if (s.rfind("https://", 0) == 0)
    rest = s.substr(8);
  else if (s.rfind("http://", 0) == 0)
    rest = s.substr(7);
  else
    return false;
  if (rest.empty()) return false;
  for (char ch : rest)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == ':' ||
          ch == '[' || ch == ']'))
      return false;
  return true;
}

}  // namespace

void RegisterRoutes(api::Registry& r) {
  // --- conferences ---
  r.Get("/api/v1/conferences", "conferences.read", [](Context& ctx) {
    bool upcoming = false;
    if (auto u = ctx.req.QueryParam("upcoming"); u && !u->empty()) {
      if (*u != "true" && *u != "false")
        return ErrorResponse(ctx, core::InvalidArgument("upcoming", "validation.type_boolean"));
      upcoming = *u == "true";
    }
    YB_READ(list, ListConferences(ctx.db(), upcoming, ctx.now()));
    Json items = Json::array();
    for (const auto& c : list) items.push_back(ConferenceJson(c));
    return api::Ok({{"items", items}});
  });
  r.Post("/api/v1/conferences", "conferences.write", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(c, ReadConference(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, CreateConference(CtxOf(ctx, reason), c));
    return api::Created(ConferenceJson(saved));
  });
  r.Get("/api/v1/conferences/{id}", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(setup, GetSetup(ctx.db(), id));
    return api::Ok(SetupJson(setup));
  });
  r.Put("/api/v1/conferences/{id}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(c, ReadConference(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, UpdateConference(CtxOf(ctx, reason), id, c));
    return api::Ok(ConferenceJson(saved));
  });
  r.Delete("/api/v1/conferences/{id}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    auto st = DeleteConference(CtxOf(ctx, reason), id);
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });
  r.Post("/api/v1/conferences/{id}/token", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    YB_READ(saved, RotateToken(CtxOf(ctx, reason), id));
    return api::Ok(ConferenceJson(saved));
  });
  // The public form's link as a QR code (core/qr) for the invitation letter: the web app
  // sends its own origin, the server adds /register/<token>.
  r.Get("/api/v1/conferences/{id}/registration-qr", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    const std::string base = ctx.req.QueryParam("base").value_or("");
    if (!IsOrigin(base))
      return ErrorResponse(ctx, core::InvalidArgument("base", "validation.invalid"));
    YB_READ(c, GetConference(ctx.db(), id));
    const std::string url = base + "/register/" + c.public_token;
    return api::Ok({{"url", url}, {"qr_svg", core::QrSvg(url)}});
  });

  // --- hotel classes, meals, pickup points ---
  r.Post("/api/v1/conferences/{id}/hotels", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(h, ReadHotel(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, PutHotel(CtxOf(ctx, reason), id, std::nullopt, h));
    return api::Created(HotelJson(saved));
  });
  r.Put("/api/v1/conferences/{id}/hotels/{hid}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(hid, ctx.IdParam("hid"));
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(h, ReadHotel(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, PutHotel(CtxOf(ctx, reason), id, hid, h));
    return api::Ok(HotelJson(saved));
  });
  r.Delete("/api/v1/conferences/{id}/hotels/{hid}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(hid, ctx.IdParam("hid"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    auto st = DeleteHotel(CtxOf(ctx, reason), id, hid);
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });
  r.Post("/api/v1/conferences/{id}/meals", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(m, ReadMeal(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, PutMeal(CtxOf(ctx, reason), id, std::nullopt, m));
    return api::Created(MealJson(saved));
  });
  r.Put("/api/v1/conferences/{id}/meals/{mid}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(mid, ctx.IdParam("mid"));
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(m, ReadMeal(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, PutMeal(CtxOf(ctx, reason), id, mid, m));
    return api::Ok(MealJson(saved));
  });
  r.Delete("/api/v1/conferences/{id}/meals/{mid}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(mid, ctx.IdParam("mid"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    auto st = DeleteMeal(CtxOf(ctx, reason), id, mid);
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });
  r.Post("/api/v1/conferences/{id}/pickup-points", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(p, ReadPoint(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, PutPoint(CtxOf(ctx, reason), id, std::nullopt, p));
    return api::Created(PointJson(saved));
  });
  r.Put("/api/v1/conferences/{id}/pickup-points/{pid}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(pid, ctx.IdParam("pid"));
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(p, ReadPoint(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, PutPoint(CtxOf(ctx, reason), id, pid, p));
    return api::Ok(PointJson(saved));
  });
  r.Delete("/api/v1/conferences/{id}/pickup-points/{pid}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(pid, ctx.IdParam("pid"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    auto st = DeletePoint(CtxOf(ctx, reason), id, pid);
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });

  // --- delegates ---
  r.Get("/api/v1/conferences/{id}/delegates", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    bool with_cancelled = false;
    if (auto w = ctx.req.QueryParam("with_cancelled"); w && !w->empty()) {
      if (*w != "true" && *w != "false")
        return ErrorResponse(ctx,
                             core::InvalidArgument("with_cancelled", "validation.type_boolean"));
      with_cancelled = *w == "true";
    }
    YB_READ(list, ListDelegates(ctx.db(), id, with_cancelled));
    Json items = Json::array();
    for (const auto& d : list) items.push_back(DelegateJson(d));
    return api::Ok({{"items", items}});
  });
  r.Post("/api/v1/conferences/{id}/delegates", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(d, ReadDelegate(in, /*keep_phone_when_absent=*/false));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, AddDelegate(CtxOf(ctx, reason), id, d));
    return api::Created(DelegateJson(saved));
  });
  r.Get("/api/v1/conferences/{id}/delegates/{did}", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(did, ctx.IdParam("did"));
    YB_READ(d, GetDelegate(ctx.db(), id, did));
    return api::Ok(DelegateJson(d));
  });
  r.Put("/api/v1/conferences/{id}/delegates/{did}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(did, ctx.IdParam("did"));
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(d, ReadDelegate(in, /*keep_phone_when_absent=*/true));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, UpdateDelegate(CtxOf(ctx, reason), id, did, d));
    return api::Ok(DelegateJson(saved));
  });
  r.Post("/api/v1/conferences/{id}/delegates/{did}/cancel", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(did, ctx.IdParam("did"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    YB_READ(saved, CancelDelegate(CtxOf(ctx, reason), id, did));
    return api::Ok(DelegateJson(saved));
  });
  r.Post("/api/v1/conferences/{id}/delegates/{did}/reveal", "sensitive.reveal", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(did, ctx.IdParam("did"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).String("reason", 500));
    YB_READ(value, RevealPhone(CtxOf(ctx, reason), id, did));
    return api::Ok({{"field", "phone"}, {"value", value}});
  });
  // The delegate's meal ticket: the small code and its QR (to print or resend).
  r.Get("/api/v1/conferences/{id}/delegates/{did}/ticket", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(did, ctx.IdParam("did"));
    YB_READ(c, GetConference(ctx.db(), id));
    YB_READ(d, GetDelegate(ctx.db(), id, did));
    return api::Ok(TicketJson(c, d));
  });

  // --- the public registration form (PLAN-9): no sign-in ---
  r.Get("/api/v1/register/{token}", api::kPublic, [](Context& ctx) {
    const std::string token(ctx.req.PathParam("token"));
    if (token.empty() || token.size() > 64) return ErrorResponse(ctx, core::NotFound());
    YB_READ(v, PublicInfo(ctx.db(), token, ctx.now()));
    return api::Ok(PublicJson(v));
  });
  r.Post("/api/v1/register/{token}", api::kPublic, [](Context& ctx) {
    if (!AllowRegistration(ctx))
      return ErrorResponse(
          ctx, core::Error{core::ErrorCode::kRateLimited, "error.rate_limited", "", {}, ""});
    const std::string token(ctx.req.PathParam("token"));
    if (token.empty() || token.size() > 64) return ErrorResponse(ctx, core::NotFound());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    // A field people never see and robots fill in: answer as if received, keep nothing.
    YB_READ(honeypot, in.OptString("website", 500));
    if (!honeypot.empty()) return api::Created({{"received", true}});
    YB_READ(d, ReadDelegate(in, /*keep_phone_when_absent=*/false));
    const Ctx c{ctx.db(), PublicPrincipal(), ctx.now(), *ctx.env.cipher, "public registration"};
    YB_READ(saved, Register(c, token, d));
    YB_READ(conf, GetConference(ctx.db(), saved.conference_id));
    return api::Created(TicketJson(conf, saved));
  });

  RegisterListRoutes(r);
}

}  // namespace yingbin::conferences
