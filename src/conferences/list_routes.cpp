// Routes of the lists computed from the registrations (PLAN-9, PLAN-10): pickup lists per
// point and time window (and sending one to its driver), meal tickets as check-in lists,
// the kitchen's diets, fees after waivers with the payments, supplier bills with their
// reconciliation, and the delegate address book (CSV with BOM / XLSX).
#include "api/export.hpp"
#include "conferences/json.hpp"
#include "conferences/routes.hpp"
#include "conferences/routes_common.hpp"
#include "conferences/service.hpp"
#include "core/calendar.hpp"
#include "core/time.hpp"
#include "org/site_time.hpp"

namespace yingbin::conferences {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

constexpr int64_t kMaxMoneyFen = 100'000'000'00;

Json DietsJson(const std::map<std::string, int64_t>& m) {
  Json out = Json::object();
  for (const auto& [diet, n] : m) out[diet] = n;
  return out;
}

core::Result<std::string> Direction(const http::Request& req) {
  const std::string d = req.QueryParam("direction").value_or("arrival");
  if (d != "arrival" && d != "departure")
    return core::InvalidArgument("direction", "validation.one_of")
        .With("allowed", "arrival, departure");
  return d;
}

// A delegate as a pickup list shows them: who, when, how, from where (phone masked).
Json TravellerJson(const Delegate& d, bool arrival) {
  return {{"id", d.id},
          {"name", d.name},
          {"organisation", d.organisation},
          {"role", d.role},
          {"phone", d.phone_hint},
          {"at", api::TimeOrNull(arrival ? d.arrival_at : d.departure_at)},
          {"transport", arrival ? d.arrival_transport : d.departure_transport},
          {"number", arrival ? d.arrival_number : d.departure_number},
          {"needs", d.needs},
          {"return_ticket", d.return_ticket},
          {"return_note", d.return_note}};
}

Json PickupsJson(const PickupList& l) {
  const bool arrival = l.direction == "arrival";
  Json points = Json::array();
  for (const auto& pp : l.points) {
    Json runs = Json::array();
    for (const auto& run : pp.runs) {
      Json people = Json::array();
      for (const auto& d : run.delegates) people.push_back(TravellerJson(d, arrival));
      runs.push_back({{"from", core::FormatIsoUtc(run.from)},
                      {"to", core::FormatIsoUtc(run.to)},
                      {"count", run.delegates.size()},
                      {"delegates", people}});
    }
    points.push_back({{"point", PointJson(pp.point)},
                      {"window_minutes", pp.window_minutes},
                      {"people", pp.people},
                      {"runs", runs}});
  }
  Json unassigned = Json::array(), tickets = Json::array();
  for (const auto& d : l.unassigned) unassigned.push_back(TravellerJson(d, arrival));
  for (const auto& d : l.return_tickets) tickets.push_back(TravellerJson(d, false));
  return {{"direction", l.direction},
          {"time_zone", l.time_zone},
          {"points", points},
          {"unassigned", unassigned},
          {"return_tickets", tickets}};
}

const char* RoleLabel(const std::string& r) {
  return r == "head" ? "团长" : r == "liaison" ? "联络员" : "团员";
}
const char* TransportLabel(const std::string& t) {
  return t == "flight"  ? "航班"
         : t == "train" ? "火车"
         : t == "car"   ? "自驾"
         : t == "other" ? "其他"
                        : "";
}

Json TicketsJson(const MealTickets& t) {
  Json lines = Json::array();
  for (const auto& l : t.lines)
    lines.push_back({{"delegate_id", l.delegate.id},
                     {"code", l.delegate.code},
                     {"name", l.delegate.name},
                     {"organisation", l.delegate.organisation},
                     {"role", l.delegate.role},
                     {"diet", l.delegate.diet},
                     {"diet_note", l.delegate.diet_note},
                     {"expected", l.expected},
                     {"checked_at", api::TimeOrNull(l.checked_at)},
                     {"method", l.method}});
  return {{"meal", MealJson(t.meal)},
          {"time_zone", t.time_zone},
          {"expected", t.expected},
          {"checked_in", t.checked_in},
          {"diets", DietsJson(t.diets)},
          {"checked_diets", DietsJson(t.checked_diets)},
          {"lines", lines}};
}

Json FeesJson(const FeeView& v) {
  Json delegations = Json::array();
  for (const auto& f : v.delegations) {
    Json lines = Json::array();
    for (const auto& l : f.due.lines) {
      auto name = f.names.find(l.charge.delegate_id);
      lines.push_back({{"delegate_id", l.charge.delegate_id},
                       {"name", name == f.names.end() ? "" : name->second},
                       {"role", l.charge.role},
                       {"fee_fen", l.charge.fee_fen},
                       {"lodging_fen", l.charge.lodging_fen},
                       {"meals_fen", l.charge.meals_fen},
                       {"gross_fen", l.charge.gross_fen()},
                       {"waiver", l.waiver},
                       {"due_fen", l.due_fen}});
    }
    delegations.push_back({{"organisation", f.due.organisation},
                           {"delegates", f.due.delegates},
                           {"gross_fen", f.due.gross_fen},
                           {"waived_fen", f.due.waived_fen},
                           {"due_fen", f.due.due_fen},
                           {"paid_fen", f.paid_fen},
                           {"balance_fen", f.balance_fen},
                           {"several_heads", f.due.several_heads},
                           {"lines", lines}});
  }
  Json payments = Json::array();
  for (const auto& p : v.payments) payments.push_back(PaymentJson(p));
  return {{"delegations", delegations},
          {"payments", payments},
          {"gross_fen", v.gross_fen},
          {"waived_fen", v.waived_fen},
          {"due_fen", v.due_fen},
          {"paid_fen", v.paid_fen},
          {"balance_fen", v.balance_fen},
          {"rules",
           {{"waive_head", v.rules.head_free},
            {"waive_liaison", v.rules.liaison_free},
            {"liaison_free_above", v.rules.liaison_free_above}}}};
}

Json BillsJson(const BillView& v) {
  Json lines = Json::array();
  for (const auto& l : v.lines) lines.push_back(BillLineJson(l));
  Json rows = Json::array();
  for (const auto& r : v.reconciliation.rows) {
    Json checked = nullptr;
    if (r.category == "meal" && r.ref_id) {
      auto it = v.meal_checkins.find(*r.ref_id);
      checked = it == v.meal_checkins.end() ? 0 : it->second;
    }
    rows.push_back({{"kind", r.category},
                    {"ref_id", api::IntOrNull(r.ref_id)},
                    {"label", r.label},
                    {"expected_quantity", r.expected_quantity},
                    {"expected_fen", api::IntOrNull(r.expected_fen)},
                    {"billed_quantity", r.billed_quantity},
                    {"billed_fen", r.billed_fen},
                    {"quantity_diff", r.quantity_diff},
                    {"amount_diff", api::IntOrNull(r.amount_diff)},
                    {"checked_in", checked},
                    {"status", r.status},
                    {"line_ids", r.line_ids}});
  }
  return {{"lines", lines},
          {"reconciliation",
           {{"rows", rows},
            {"expected_fen", v.reconciliation.expected_fen},
            {"billed_fen", v.reconciliation.billed_fen},
            {"difference_fen", v.reconciliation.difference_fen},
            {"mismatches", v.reconciliation.mismatches}}}};
}

core::Result<BillLine> ReadBillLine(const Input& in) {
  BillLine l;
  auto kind = in.Enum("kind", {"hotel", "meal", "transport", "other"});
  if (!kind) return std::move(kind).error();
  auto ref = in.OptInt("ref_id", 1, kMaxId);
  if (!ref) return std::move(ref).error();
  auto supplier = in.String("supplier", 100);
  if (!supplier) return std::move(supplier).error();
  auto item = in.String("item", 100);
  if (!item) return std::move(item).error();
  auto quantity = in.Int("quantity", 0, 1'000'000);
  if (!quantity) return std::move(quantity).error();
  auto price = in.Int("unit_price_fen", 0, kMaxMoneyFen);
  if (!price) return std::move(price).error();
  auto note = in.OptString("note", 500);
  if (!note) return std::move(note).error();
  l.category = *kind;
  l.ref_id = *ref;
  l.supplier = *supplier;
  l.item = *item;
  l.quantity = *quantity;
  l.unit_price_fen = *price;
  l.note = *note;
  return l;
}

core::Result<Payment> ReadPayment(const Input& in) {
  Payment p;
  auto org = in.String("organisation", 100);
  if (!org) return std::move(org).error();
  auto amount = in.Int("amount_fen", 1, kMaxMoneyFen);
  if (!amount) return std::move(amount).error();
  auto day_text = in.String("paid_on", 10);
  if (!day_text) return std::move(day_text).error();
  auto day = core::ParseDate(*day_text, "paid_on");
  if (!day) return std::move(day).error();
  auto method = in.OptString("method", 20);
  if (!method) return std::move(method).error();
  if (!method->empty()) {
    auto m = in.Enum("method", {"transfer", "cash", "card", "other"});
    if (!m) return std::move(m).error();
  }
  auto reference = in.OptString("reference", 100);
  if (!reference) return std::move(reference).error();
  auto note = in.OptString("note", 500);
  if (!note) return std::move(note).error();
  p.organisation = *org;
  p.amount_fen = *amount;
  p.paid_on = *day;
  p.method = method->empty() ? "transfer" : *method;
  p.reference = *reference;
  p.note = *note;
  return p;
}

// --- exports ---

std::string Local(const core::BusinessCalendar& cal, std::optional<int64_t> at) {
  return at ? org::FormatSiteTime(cal, *at) : "";
}

core::Result<api::Table> PickupTable(Context& ctx, int64_t id, const std::string& direction) {
  auto list = Pickups(ctx.db(), id, direction);
  if (!list) return std::move(list).error();
  core::BusinessCalendar cal;
  cal.time_zone = list->time_zone;
  const bool arrival = direction == "arrival";
  api::Table t;
  t.header = {arrival ? "接站地点" : "送站地点",
              "时段",
              "时间",
              "姓名",
              "单位",
              "团内身份",
              "方式",
              "航班/车次",
              "电话",
              "其他需求"};
  auto row = [&](const std::string& point, const std::string& window, const Delegate& d) {
    const auto at = arrival ? d.arrival_at : d.departure_at;
    t.rows.push_back({point, window, Local(cal, at), d.name, d.organisation, RoleLabel(d.role),
                      TransportLabel(arrival ? d.arrival_transport : d.departure_transport),
                      arrival ? d.arrival_number : d.departure_number, d.phone_hint, d.needs});
  };
  for (const auto& pp : list->points)
    for (const auto& run : pp.runs) {
      const std::string to = org::FormatSiteTime(cal, run.to);
      const std::string window =
          org::FormatSiteTime(cal, run.from) + "–" + (to.size() >= 16 ? to.substr(11) : to);
      for (const auto& d : run.delegates) row(pp.point.name, window, d);
    }
  for (const auto& d : list->unassigned) row("（未选接站点）", "", d);
  return t;
}

core::Result<api::Table> AddressTable(Context& ctx, int64_t id) {
  bool reveal = false;
  if (auto r = ctx.req.QueryParam("reveal"); r && !r->empty()) {
    if (*r != "true" && *r != "false")
      return core::InvalidArgument("reveal", "validation.type_boolean");
    reveal = *r == "true";
  }
  std::string reason = ctx.req.QueryParam("reason").value_or("");
  if (api::Utf8Length(reason) > 500)
    return core::InvalidArgument("reason", "validation.too_long").With("max", "500");
  auto book = AddressBook(CtxOf(ctx, reason), id, reveal);
  if (!book) return std::move(book).error();
  api::Table t;
  t.header = {"单位", "姓名", "性别", "职务", "团内身份", "电话", "电子邮箱"};
  for (const auto& e : *book) {
    const Delegate& d = e.delegate;
    t.rows.push_back({d.organisation, d.name,
                      d.gender == "male"     ? "男"
                      : d.gender == "female" ? "女"
                                             : "",
                      d.title, RoleLabel(d.role), e.phone, d.email});
  }
  return t;
}

}  // namespace

void RegisterListRoutes(api::Registry& r) {
  // --- pickup lists ---
  r.Get("/api/v1/conferences/{id}/pickups", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(direction, Direction(ctx.req));
    YB_READ(list, Pickups(ctx.db(), id, direction));
    return api::Ok(PickupsJson(list));
  });
  r.Get("/api/v1/conferences/{id}/pickups.csv", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(direction, Direction(ctx.req));
    YB_READ(table, PickupTable(ctx, id, direction));
    return api::CsvResponse(table, direction == "arrival" ? "pickups.csv" : "see-off.csv");
  });
  r.Post("/api/v1/conferences/{id}/pickup-points/{pid}/send", "conferences.write",
         [](Context& ctx) {
           YB_READ(id, ctx.IdParam());
           YB_READ(pid, ctx.IdParam("pid"));
           YB_READ(body, api::ParseObject(ctx.req));
           YB_READ(reason, ReadReason(Input(body)));
           YB_READ(n, SendPickupList(CtxOf(ctx, reason), id, pid));
           ctx.Kick();
           return api::Ok({{"deliveries", n}});
         });

  // --- meal tickets and check-in ---
  r.Get("/api/v1/conferences/{id}/meals/{mid}/tickets", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(mid, ctx.IdParam("mid"));
    YB_READ(t, Tickets(ctx.db(), id, mid));
    return api::Ok(TicketsJson(t));
  });
  r.Post("/api/v1/conferences/{id}/meals/{mid}/checkins", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(mid, ctx.IdParam("mid"));
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(delegate, in.OptInt("delegate_id", 1, kMaxId));
    std::string code;
    if (!delegate) {
      YB_READ(c, in.String("code", 40));
      code = c;
    }
    YB_READ(reason, ReadReason(in));
    YB_READ(line, CheckIn(CtxOf(ctx, reason), id, mid, delegate, code));
    return api::Created({{"delegate_id", line.delegate.id},
                         {"name", line.delegate.name},
                         {"organisation", line.delegate.organisation},
                         {"diet", line.delegate.diet},
                         {"diet_note", line.delegate.diet_note},
                         {"expected", line.expected},
                         {"checked_at", api::TimeOrNull(line.checked_at)},
                         {"method", line.method}});
  });
  r.Delete("/api/v1/conferences/{id}/meals/{mid}/checkins/{did}", "conferences.write",
           [](Context& ctx) {
             YB_READ(id, ctx.IdParam());
             YB_READ(mid, ctx.IdParam("mid"));
             YB_READ(did, ctx.IdParam("did"));
             YB_READ(body, api::ParseObject(ctx.req));
             YB_READ(reason, ReadReason(Input(body)));
             auto st = UndoCheckIn(CtxOf(ctx, reason), id, mid, did);
             if (!st) return ErrorResponse(ctx, st.error());
             return Response::NoContent();
           });
  r.Get("/api/v1/conferences/{id}/diets", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(s, Diets(ctx.db(), id));
    Json meals = Json::array(), special = Json::array();
    for (const auto& m : s.meals)
      meals.push_back(
          {{"meal", MealJson(m.meal)}, {"diners", m.diners}, {"diets", DietsJson(m.diets)}});
    for (const auto& d : s.special)
      special.push_back({{"id", d.id},
                         {"name", d.name},
                         {"organisation", d.organisation},
                         {"diet", d.diet},
                         {"diet_note", d.diet_note},
                         {"needs", d.needs}});
    return api::Ok({{"time_zone", s.time_zone},
                    {"diets", DietsJson(s.diets)},
                    {"meals", meals},
                    {"special", special}});
  });

  // --- fees and payments ---
  r.Get("/api/v1/conferences/{id}/fees", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(v, Fees(ctx.db(), id));
    return api::Ok(FeesJson(v));
  });
  r.Post("/api/v1/conferences/{id}/payments", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(p, ReadPayment(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, AddPayment(CtxOf(ctx, reason), id, p));
    return api::Created(PaymentJson(saved));
  });
  r.Delete("/api/v1/conferences/{id}/payments/{pid}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(pid, ctx.IdParam("pid"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    auto st = DeletePayment(CtxOf(ctx, reason), id, pid);
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });

  // --- bills and reconciliation ---
  r.Get("/api/v1/conferences/{id}/bills", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(v, Bills(ctx.db(), id));
    return api::Ok(BillsJson(v));
  });
  r.Post("/api/v1/conferences/{id}/bills", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(l, ReadBillLine(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, PutBillLine(CtxOf(ctx, reason), id, std::nullopt, l));
    return api::Created(BillLineJson(saved));
  });
  r.Put("/api/v1/conferences/{id}/bills/{lid}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(lid, ctx.IdParam("lid"));
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(l, ReadBillLine(in));
    YB_READ(reason, ReadReason(in));
    YB_READ(saved, PutBillLine(CtxOf(ctx, reason), id, lid, l));
    return api::Ok(BillLineJson(saved));
  });
  r.Delete("/api/v1/conferences/{id}/bills/{lid}", "conferences.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(lid, ctx.IdParam("lid"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    auto st = DeleteBillLine(CtxOf(ctx, reason), id, lid);
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });

  // --- the delegate address book: phones masked, or with ?reveal=true&reason=... clear for
  // holders of sensitive.reveal (audited) ---
  r.Get("/api/v1/conferences/{id}/address-book.csv", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(table, AddressTable(ctx, id));
    return api::CsvResponse(table, "address-book.csv");
  });
  r.Get("/api/v1/conferences/{id}/address-book.xlsx", "conferences.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(table, AddressTable(ctx, id));
    YB_READ(bytes, api::ToXlsx(table, "代表通讯录"));
    return api::XlsxResponse(std::move(bytes), "address-book.xlsx");
  });
}

}  // namespace yingbin::conferences
