// Routes of the daily visitor log (VIS-16) and its export (CSV with a UTF-8 BOM so Excel
// opens it; phone numbers masked as everywhere, DATA-2).
#include "api/export.hpp"
#include "core/calendar.hpp"
#include "core/time.hpp"
#include "visitors/json.hpp"
#include "visitors/log.hpp"
#include "visitors/routes.hpp"
#include "visitors/service.hpp"

namespace yingbin::visitors {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Json;

Json LogDayJson(const LogDay& d) {
  auto t = [](const std::optional<int64_t>& v) {
    return v ? Json(core::FormatIsoUtc(*v)) : Json(nullptr);
  };
  Json notes = Json::array();
  for (const auto& a : d.annotations)
    notes.push_back({{"id", a.id},
                     {"visit_id", a.visit_id ? Json(*a.visit_id) : Json(nullptr)},
                     {"text", a.text},
                     {"created_by", a.created_by_name},
                     {"created_at", core::FormatIsoUtc(a.created_at)}});
  return {{"site_id", d.site_id},   {"day", core::FormatDateNumber(d.day)},
          {"status", d.status},     {"reviewed_at", t(d.reviewed_at)},
          {"archived_at", t(d.archived_at)}, {"visits", d.visits},
          {"still_on_site", d.still_on_site}, {"annotations", notes}};
}

// {site} and {day} ("2026-11-23") of the path.
core::Result<std::pair<int64_t, int32_t>> SiteDay(const Context& ctx) {
  auto site = ctx.IdParam("site");
  if (!site) return std::move(site).error();
  auto date = core::ParseDate(ctx.req.PathParam("day"), "day");
  if (!date) return std::move(date).error();
  return std::make_pair(*site, core::DateNumber(*date));
}

std::string Local(const std::optional<int64_t>& t) { return t ? core::FormatIsoUtc(*t) : ""; }

// The filters of an export, as GET /visits reads them.
core::Result<VisitQuery> ExportQuery(const Context& ctx) {
  VisitQuery q;
  auto site = api::IntQuery(ctx.req, "site_id", 1, INT64_MAX);
  if (!site) return std::move(site).error();
  auto host = api::IntQuery(ctx.req, "host_staff_id", 1, INT64_MAX);
  if (!host) return std::move(host).error();
  auto from = api::DayQuery(ctx.req, "from");
  if (!from) return std::move(from).error();
  auto to = api::DayQuery(ctx.req, "to");
  if (!to) return std::move(to).error();
  q.site_id = *site;
  q.host_staff_id = *host;
  q.day_from = *from;
  q.day_to = *to;
  if (auto c = ctx.req.QueryParam("category"); c && !c->empty()) q.category = *c;
  if (auto t = ctx.req.QueryParam("q")) q.q = *t;
  return q;
}

// The export of the visitor log: phone masked (DATA-2), head count a number.
core::Result<api::Table> ExportTable(const Context& ctx) {
  auto q = ExportQuery(ctx);
  if (!q) return std::move(q).error();
  auto list = ListVisits(ctx.db(), ctx.principal, *q, 100000, 0);
  if (!list) return std::move(list).error();
  api::Table t;
  t.header = {"编号", "日期", "方式", "类别", "状态", "访客", "单位", "电话",
              "人数", "事由", "接待人", "地点", "到达", "离开", "结果"};
  t.numeric_columns = {8};
  for (const auto& v : list->items) {
    const Json j = VisitJson(v);
    t.rows.push_back({v.number, j["day"].get<std::string>(), v.mode, v.category,
                      StatusName(v.status), v.visitor_name, v.company, v.phone_hint,
                      std::to_string(v.head_count), v.purpose, v.host_name, v.venue_name,
                      Local(v.arrived_at), Local(v.departed_at), v.outcome});
  }
  return t;
}

}  // namespace

void RegisterLogRoutes(api::Registry& r) {
  r.Get("/api/v1/visit-days/{site}/{day}", "visits.read", [](Context& ctx) {
    YB_READ(sd, SiteDay(ctx));
    YB_READ(d, GetLogDay(ctx.db(), sd.first, sd.second));
    return api::Ok(LogDayJson(d));
  });
  r.Post("/api/v1/visit-days/{site}/{day}/review", "visits.review", [](Context& ctx) {
    YB_READ(sd, SiteDay(ctx));
    YB_READ(d, ReviewDay(ctx.db(), ctx.principal, ctx.now(), sd.first, sd.second));
    return api::Ok(LogDayJson(d));
  });
  r.Post("/api/v1/visit-days/{site}/{day}/archive", "visits.review", [](Context& ctx) {
    YB_READ(sd, SiteDay(ctx));
    YB_READ(d, ArchiveDay(ctx.db(), ctx.principal, ctx.now(), sd.first, sd.second));
    return api::Ok(LogDayJson(d));
  });
  r.Post("/api/v1/visit-days/{site}/{day}/annotations", "visits.read", [](Context& ctx) {
    YB_READ(sd, SiteDay(ctx));
    YB_READ(body, api::ParseObject(ctx.req));
    api::Input in(body);
    YB_READ(text, in.String("text", 2000));
    YB_READ(visit, in.OptInt("visit_id", 1, INT64_MAX));
    YB_READ(d, Annotate(ctx.db(), ctx.principal, ctx.now(), sd.first, sd.second, visit, text));
    return api::Created(LogDayJson(d));
  });

  // The log as CSV: the same filters as GET /visits, at most 100,000 rows.
  r.Get("/api/v1/visits/export.csv", "visits.read", [](Context& ctx) {
    YB_READ(table, ExportTable(ctx));
    return api::CsvResponse(table, "visits.csv");
  });

  // The same as an Excel workbook.
  r.Get("/api/v1/visits/export.xlsx", "visits.read", [](Context& ctx) {
    YB_READ(table, ExportTable(ctx));
    YB_READ(bytes, api::ToXlsx(table, "来访登记"));
    return api::XlsxResponse(std::move(bytes), "visits.xlsx");
  });
}

}  // namespace yingbin::visitors
