// HTTP routes of the mail desk: parse and validate, call the service, answer JSON.
#include "mail/routes.hpp"

#include <tuple>

#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "mail/json.hpp"
#include "mail/service.hpp"
#include "org/settings.hpp"

namespace yingbin::mail {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

constexpr int64_t kMaxId = INT64_MAX;

Ctx CtxOf(const Context& ctx, std::string reason = {}) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), std::move(reason)};
}

// Answers an item after a write and wakes the scheduler and the notify worker, so that the
// recipient's message and the desks' live updates go out at once.
Response ItemAnswer(const Context& ctx, const core::Result<Item>& m, int status = 200) {
  if (!m) return ErrorResponse(ctx, m.error());
  ctx.Kick();
  return api::JsonResponse(status, ItemJson(*m, ctx.now()));
}

core::Result<std::string> ReadReason(const Input& in) { return in.OptString("reason", 500, true); }

// An image sent inside the JSON body as base64, optionally as a data URL
// ("data:image/png;base64,..."), as a canvas or a file reader in the browser makes it.
// "" when absent. The type is checked later by its bytes, never by the URL's label.
core::Result<std::string> ReadImage(const Json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) return core::InvalidArgument(field, "validation.type_string");
  std::string_view text = it->get_ref<const std::string&>();
  if (text.empty()) return std::string();
  if (text.rfind("data:", 0) == 0) {
    const size_t comma = text.find(',');
    if (comma == std::string_view::npos ||
        text.substr(0, comma).find(";base64") == std::string_view::npos)
      return core::InvalidArgument(field, "mail.image_type").With("types", "JPEG, PNG, WebP");
    text.remove_prefix(comma + 1);
  }
  auto bytes = core::Base64Decode(text);
  if (!bytes || bytes->empty())
    return core::InvalidArgument(field, "mail.image_type").With("types", "JPEG, PNG, WebP");
  return std::move(*bytes);
}

// A tracking number as the scanner typed it: surrounding white space trimmed (by Input).
core::Result<std::string> ReadTracking(const Input& in) { return in.OptString("tracking_no", 40); }

core::Result<int32_t> DateField(const Input& in, const char* field) {
  auto text = in.String(field, 10);
  if (!text) return std::move(text).error();
  auto d = core::ParseDate(*text, field);
  if (!d) return std::move(d).error();
  return core::DateNumber(*d);
}

core::Result<Subscription> ReadSubscription(const Input& in) {
  Subscription s;
  auto site = in.Int("site_id", 1, kMaxId);
  if (!site) return std::move(site).error();
  auto title = in.String("publication", 100);
  if (!title) return std::move(title).error();
  auto kind = in.Enum("kind", {"newspaper", "magazine"});
  if (!kind) return std::move(kind).error();
  auto publisher = in.OptString("publisher", 100);
  if (!publisher) return std::move(publisher).error();
  auto copies = in.OptInt("copies", 1, 999);
  if (!copies) return std::move(copies).error();
  auto staff = in.OptInt("recipient_staff_id", 1, kMaxId);
  if (!staff) return std::move(staff).error();
  auto dept = in.OptInt("recipient_department_id", 1, kMaxId);
  if (!dept) return std::move(dept).error();
  auto start = DateField(in, "period_start");
  if (!start) return std::move(start).error();
  auto end = DateField(in, "period_end");
  if (!end) return std::move(end).error();
  auto renewal = in.Has("renewal_date") && !in.IsNull("renewal_date")
                     ? DateField(in, "renewal_date")
                     : core::Result<int32_t>(*end);  // by default: order by the period's end
  if (!renewal) return std::move(renewal).error();
  auto price = in.OptInt("price_fen", 0, 100'000'000);  // up to one million yuan
  if (!price) return std::move(price).error();
  auto notes = in.OptString("notes", 500, true);
  if (!notes) return std::move(notes).error();
  auto active = in.OptBool("active", true);
  if (!active) return std::move(active).error();
  s.site_id = *site;
  s.title = *title;
  s.kind = *kind;
  s.publisher = *publisher;
  s.copies = copies->value_or(1);
  s.recipient_staff_id = *staff;
  s.recipient_department_id = *dept;
  s.period_start = *start;
  s.period_end = *end;
  s.renewal_date = *renewal;
  s.price_fen = price->value_or(0);
  s.notes = *notes;
  s.active = *active;
  return s;
}

core::Result<std::optional<SubscriptionState>> StateQuery(const http::Request& req) {
  auto v = req.QueryParam("state");
  if (!v || v->empty()) return std::optional<SubscriptionState>();
  for (auto s : {SubscriptionState::kActive, SubscriptionState::kRenewalDue,
                 SubscriptionState::kExpired, SubscriptionState::kInactive})
    if (*v == SubscriptionStateName(s)) return std::optional<SubscriptionState>(s);
  return core::InvalidArgument("state", "validation.invalid");
}

Response FileAnswer(Context& ctx, const std::string& kind) {
  YB_READ(id, ctx.IdParam());
  YB_READ(f, GetFile(ctx.db(), ctx.principal, id, kind));
  Response r = Response::Text(200, std::move(f.bytes), f.content_type);
  // Personal data: never kept by shared caches.
  r.SetHeader("Cache-Control", "private, max-age=3600");
  return r;
}

}  // namespace

void RegisterRoutes(api::Registry& r) {
  // --- intake (MAIL-1) ---
  r.Post("/api/v1/mail/items", "mail.write", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    IntakeInput m;
    YB_READ(site_id, in.Int("site_id", 1, kMaxId));
    YB_READ(kind, in.Enum("kind", {"letter", "package", "newspaper", "magazine"}));
    YB_READ(carrier, in.OptString("carrier", 40));
    YB_READ(tracking, ReadTracking(in));
    YB_READ(sender, in.OptString("sender", 100));
    YB_READ(staff, in.OptInt("recipient_staff_id", 1, kMaxId));
    YB_READ(dept, in.OptInt("recipient_department_id", 1, kMaxId));
    YB_READ(shelf, in.OptString("shelf", 40));
    YB_READ(description, in.OptString("description", 200));
    YB_READ(photo, ReadImage(body, "photo"));
    YB_READ(reason, ReadReason(in));
    m.site_id = site_id;
    m.kind = kind;
    m.carrier = carrier;
    m.tracking_no = tracking;
    m.sender = sender;
    m.recipient_staff_id = staff;
    m.recipient_department_id = dept;
    m.shelf = shelf;
    m.description = description;
    m.photo = std::move(photo);
    return ItemAnswer(ctx, Receive(CtxOf(ctx, reason), m), 201);
  });

  // --- reading ---
  r.Get("/api/v1/mail/items", "mail.read", [](Context& ctx) {
    YB_READ(page, api::ReadPage(ctx.req));
    ItemQuery q;
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    YB_READ(staff, api::IntQuery(ctx.req, "recipient_staff_id", 1, kMaxId));
    YB_READ(subscription, api::IntQuery(ctx.req, "subscription_id", 1, kMaxId));
    q.site_id = site;
    q.recipient_staff_id = staff;
    q.subscription_id = subscription;
    if (auto s = ctx.req.QueryParam("status"); s && !s->empty()) {
      q.status = ParseStatus(*s);
      if (!q.status)
        return ErrorResponse(ctx, core::InvalidArgument("status", "validation.invalid"));
    }
    if (auto o = ctx.req.QueryParam("overdue"); o && !o->empty()) {
      if (*o != "true" && *o != "false")
        return ErrorResponse(ctx, core::InvalidArgument("overdue", "validation.type_boolean"));
      q.overdue = *o == "true";
    }
    q.q = ctx.req.QueryParam("q").value_or("");
    if (api::Utf8Length(q.q) > 100)
      return ErrorResponse(ctx,
                           core::InvalidArgument("q", "validation.too_long").With("max", "100"));
    YB_READ(list, ListItems(ctx.db(), ctx.principal, q, ctx.now(), page.page_size, page.offset()));
    Json items = Json::array();
    for (const auto& m : list.items) items.push_back(ItemJson(m, ctx.now()));
    return api::Ok(api::PageJson(items, list.total, page));
  });

  // "My mail" needs no permission: every user sees the items addressed to their own staff
  // record or their department, with the pickup codes.
  r.Get("/api/v1/mail/mine", api::kSignedIn, [](Context& ctx) {
    YB_READ(days, org::GetSetting(ctx.db(), "mail.my_history_days"));
    YB_READ(mine, MyMail(ctx.db(), ctx.principal, ctx.now(), days));
    Json out = Json::array();
    for (const auto& m : mine.items)
      out.push_back(ItemJson(m, ctx.now(), /*with_code=*/m.status == ItemStatus::kReceived));
    return api::Ok({{"items", out}, {"history_days", days}, {"linked", mine.linked}});
  });

  r.Get("/api/v1/mail/items/{id}", api::kSignedIn, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    bool recipient = false;
    YB_READ(m, GetItem(ctx.db(), ctx.principal, id, &recipient));
    return api::Ok(ItemJson(m, ctx.now(), recipient && m.status == ItemStatus::kReceived));
  });
  r.Get("/api/v1/mail/items/{id}/photo", api::kSignedIn,
        [](Context& ctx) { return FileAnswer(ctx, "photo"); });
  r.Get("/api/v1/mail/items/{id}/signature", api::kSignedIn,
        [](Context& ctx) { return FileAnswer(ctx, "signature"); });

  r.Get("/api/v1/mail/carriers", "mail.write", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    YB_READ(list, Carriers(ctx.db(), site.value_or(0)));
    return api::Ok({{"items", list}});
  });

  // --- moves ---
  r.Patch("/api/v1/mail/items/{id}", "mail.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    ItemPatch p;
    if (in.Has("kind")) {
      YB_READ(kind, in.Enum("kind", {"letter", "package", "newspaper", "magazine"}));
      p.kind = kind;
    }
    auto opt_text = [&](const char* field, size_t max,
                        std::optional<std::string>& out) -> core::Status {
      if (!in.Has(field)) return core::Ok();
      auto v = in.OptString(field, max);
      if (!v) return std::move(v).error();
      out = *v;
      return core::Ok();
    };
    for (auto [field, max, out] :
         {std::tuple{"carrier", size_t{40}, &p.carrier},
          std::tuple{"tracking_no", size_t{40}, &p.tracking_no},
          std::tuple{"sender", size_t{100}, &p.sender}, std::tuple{"shelf", size_t{40}, &p.shelf},
          std::tuple{"description", size_t{200}, &p.description}}) {
      auto st = opt_text(field, max, *out);
      if (!st) return ErrorResponse(ctx, st.error());
    }
    YB_READ(staff, in.OptInt("recipient_staff_id", 1, kMaxId));
    YB_READ(dept, in.OptInt("recipient_department_id", 1, kMaxId));
    YB_READ(reason, ReadReason(in));
    p.recipient_staff_id = staff;
    p.recipient_department_id = dept;
    return ItemAnswer(ctx, Update(CtxOf(ctx, reason), id, p));
  });

  r.Post("/api/v1/mail/items/{id}/pickup", "mail.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    PickupInput p;
    YB_READ(collector, in.String("collector_name", 50));
    YB_READ(code, in.OptString("pickup_code", 20));
    YB_READ(signature, ReadImage(body, "signature_png"));
    YB_READ(reason, ReadReason(in));
    p.collector_name = collector;
    p.pickup_code = code;
    p.signature_png = std::move(signature);
    return ItemAnswer(ctx, PickUp(CtxOf(ctx, reason), id, p));
  });

  r.Post("/api/v1/mail/items/{id}/return", "mail.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(kind, in.Enum("return_kind", {"to_sender", "refused"}));
    YB_READ(reason, in.String("reason", 500));
    return ItemAnswer(ctx, Return(CtxOf(ctx, reason), id, kind, reason));
  });

  r.Post("/api/v1/mail/items/{id}/remind", "mail.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return ItemAnswer(ctx, Remind(CtxOf(ctx, reason), id));
  });

  // --- subscriptions (MAIL-2) ---
  r.Get("/api/v1/mail/subscriptions", "mail.read", [](Context& ctx) {
    SubscriptionQuery q;
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    YB_READ(state, StateQuery(ctx.req));
    q.site_id = site;
    q.state = state;
    q.q = ctx.req.QueryParam("q").value_or("");
    if (api::Utf8Length(q.q) > 100)
      return ErrorResponse(ctx,
                           core::InvalidArgument("q", "validation.too_long").With("max", "100"));
    YB_READ(list, ListSubscriptions(ctx.db(), q, ctx.now()));
    Json items = Json::array();
    for (const auto& v : list) items.push_back(SubscriptionJson(v));
    return api::Ok({{"items", items}});
  });
  r.Get("/api/v1/mail/subscriptions/{id}", "mail.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(v, GetSubscription(ctx.db(), id, ctx.now()));
    return api::Ok(SubscriptionJson(v));
  });
  r.Post("/api/v1/mail/subscriptions", "mail.subscriptions", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(s, ReadSubscription(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(v, PutSubscription(CtxOf(ctx, reason), std::nullopt, s));
    ctx.Kick();
    return api::Created(SubscriptionJson(v));
  });
  r.Put("/api/v1/mail/subscriptions/{id}", "mail.subscriptions", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(s, ReadSubscription(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(v, PutSubscription(CtxOf(ctx, reason), id, s));
    ctx.Kick();
    return api::Ok(SubscriptionJson(v));
  });
  r.Delete("/api/v1/mail/subscriptions/{id}", "mail.subscriptions", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    auto st = DeleteSubscription(CtxOf(ctx, reason), id);
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });
  r.Post("/api/v1/mail/subscriptions/{id}/deliveries", "mail.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(issue, in.OptString("issue", 100));
    YB_READ(shelf, in.OptString("shelf", 40));
    YB_READ(reason, ReadReason(in));
    return ItemAnswer(ctx, DeliverIssue(CtxOf(ctx, reason), id, issue, shelf), 201);
  });
}

}  // namespace yingbin::mail
