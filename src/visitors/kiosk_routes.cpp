// The kiosk (self sign-in on a tablet, authenticated by a kiosk token with scope
// kiosk.signin) and the badge (VIS-15): sign in with the invitation QR code or by name
// and host, check out by scanning the badge. Kiosk answers carry only what the visitor
// may see: their own visit and host names, never other visitors or phone numbers.

#include "api/rate_limit.hpp"
#include "core/calendar.hpp"
#include "core/qr.hpp"
#include "org/settings.hpp"
#include "visitors/json.hpp"
#include "visitors/routes.hpp"
#include "visitors/service.hpp"

namespace yingbin::visitors {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

constexpr char kKiosk[] = "kiosk.signin";

// Sign-ins per kiosk token per minute (setting kiosk.signins_per_minute). In memory per
// node: a kiosk talks to one node at a time behind nginx's ip_hash or keep-alive.
bool AllowSignIn(const Context& ctx) {
  auto limit = org::GetSetting(ctx.db(), "kiosk.signins_per_minute");
  static api::RateLimiter limiter;
  return limiter.Allow(std::to_string(ctx.principal.token_id), ctx.now(), limit ? *limit : 20);
}

Json BadgeJson(const Visit& v) {
  return {{"visit_id", v.id},
          {"number", v.number},
          {"visitor_name", v.visitor_name},
          {"company", v.company},
          {"host_name", v.host_name},
          {"venue_name", v.venue_name},
          {"category", v.category},
          {"head_count", v.head_count},
          {"day", core::FormatDateNumber(v.day)},
          {"status", StatusName(v.status)},
          {"badge_code", v.badge_code},
          {"qr_svg", core::QrSvg(v.badge_code)}};
}

Ctx KioskCtx(const Context& ctx) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), *ctx.env.cipher, "kiosk"};
}

Response Limited(const Context& ctx) {
  return ErrorResponse(ctx, core::Error{core::ErrorCode::kRateLimited, "error.rate_limited", "", {}, ""});
}

}  // namespace

void RegisterKioskRoutes(api::Registry& r) {
  // The badge of a visit (desk and host): name, company, host, date and the QR code the
  // check-out scan reads. The PNG form is for label printers and tests.
  r.Get("/api/v1/visits/{id}/badge", api::kSignedIn, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(v, GetVisit(ctx.db(), ctx.principal, id));
    return api::Ok(BadgeJson(v));
  });
  r.Get("/api/v1/visits/{id}/badge.png", api::kSignedIn, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(v, GetVisit(ctx.db(), ctx.principal, id));
    return Response::Text(200, core::QrPng(v.badge_code, 8), "image/png");
  });

  // The kiosk's own site, for its welcome screen: name, address and directions only.
  r.Get("/api/v1/kiosk/site", kKiosk, [](Context& ctx) {
    if (!ctx.principal.site_id)
      return ErrorResponse(ctx, core::InvalidArgument("site_id", "validation.required"));
    auto lease = ctx.db().Acquire();
    if (!lease) return ErrorResponse(ctx, lease.error());
    auto rows = (*lease)->Query("SELECT id, name, address, directions FROM sites WHERE id = $1",
                                {*ctx.principal.site_id});
    if (!rows) return ErrorResponse(ctx, rows.error());
    if (rows->size() == 0) return ErrorResponse(ctx, core::NotFound());
    return api::Ok({{"id", rows->Int(0, 0)}, {"name", rows->Text(0, 1)},
                    {"address", rows->Text(0, 2)}, {"directions", rows->Text(0, 3)}});
  });

  // Hosts for the kiosk's "whom do you visit" search: names and departments only.
  r.Get("/api/v1/kiosk/hosts", kKiosk, [](Context& ctx) {
    std::string q = ctx.req.QueryParam("q").value_or("");
    if (q.empty()) return api::Ok({{"items", Json::array()}});
    if (q.size() > 50) return ErrorResponse(ctx, core::InvalidArgument("q", "validation.too_long").With("max", "50"));
    auto lease = ctx.db().Acquire();
    if (!lease) return ErrorResponse(ctx, lease.error());
    std::string like = "%";
    for (char ch : q) {
      if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
      like += ch;
    }
    like += '%';
    auto rows = (*lease)->Query(
        "SELECT s.id, s.name, COALESCE(d.name, '') AS department FROM staff s "
        "LEFT JOIN departments d ON d.id = s.department_id WHERE s.active = 1 AND "
        "(s.name LIKE $1 ESCAPE '\\' OR s.name_initials LIKE $1 ESCAPE '\\') ORDER BY s.name LIMIT 8",
        {like});
    if (!rows) return ErrorResponse(ctx, rows.error());
    Json items = Json::array();
    for (size_t i = 0; i < rows->size(); ++i)
      items.push_back({{"id", rows->Int(i, 0)}, {"name", rows->Text(i, 1)}, {"department", rows->Text(i, 2)}});
    return api::Ok({{"items", items}});
  });

  // Sign in with the invitation QR code (an appointment) ...
  r.Post("/api/v1/kiosk/sign-in", kKiosk, [](Context& ctx) {
    if (!AllowSignIn(ctx)) return Limited(ctx);
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(code, Input(body).String("badge_code", 64));
    auto v = CheckInByCode(KioskCtx(ctx), code);
    if (!v) return ErrorResponse(ctx, v.error());
    ctx.Kick();
    return api::Ok(BadgeJson(*v));
  });

  // ... or by name and host (a walk-in: VIS-1 registration, the host is notified).
  r.Post("/api/v1/kiosk/walk-in", kKiosk, [](Context& ctx) {
    if (!AllowSignIn(ctx)) return Limited(ctx);
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    WalkInInput w;
    // A kiosk bound to a site registers there; site_id may be left out.
    YB_READ(given_site, in.OptInt("site_id", 1, INT64_MAX));
    const auto bound = ctx.principal.site_id;
    if (!given_site && !bound) return ErrorResponse(ctx, core::InvalidArgument("site_id", "validation.required"));
    if (given_site && bound && *given_site != *bound)
      return ErrorResponse(ctx, core::InvalidArgument("site_id", "visits.kiosk_site"));
    const int64_t site_id = given_site ? *given_site : *bound;
    YB_READ(name, in.String("visitor_name", 50));
    YB_READ(company, in.OptString("company", 100));
    YB_READ(phone, in.OptPhone("phone"));
    YB_READ(host, in.Int("host_staff_id", 1, INT64_MAX));
    YB_READ(head_count, in.OptInt("head_count", 1, 50));
    YB_READ(purpose, in.OptString("purpose", 200));
    w.site_id = site_id;
    w.person.name = name;
    w.person.company = company;
    w.person.phone = phone;
    w.host_staff_id = host;
    w.head_count = head_count.value_or(1);
    w.purpose = purpose;
    w.visitor_kind = "other";
    w.greeting_json = Json({{"whom", ""}, {"company", company}, {"surname", name},
                            {"has_appointment", false}, {"kiosk", true}}).dump();
    auto reg = RegisterWalkIn(KioskCtx(ctx), w);
    if (!reg) return ErrorResponse(ctx, reg.error());
    ctx.Kick();
    return api::Created(BadgeJson(reg->visit));
  });

  r.Post("/api/v1/kiosk/check-out", kKiosk, [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(code, Input(body).String("badge_code", 64));
    auto v = CheckOutByCode(KioskCtx(ctx), code);
    if (!v) return ErrorResponse(ctx, v.error());
    ctx.Kick();
    return api::Ok({{"number", v->number}, {"status", StatusName(v->status)}});
  });
}

}  // namespace yingbin::visitors
