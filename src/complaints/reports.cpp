#include "complaints/reports.hpp"

#include <cmath>

#include "complaints/clocks.hpp"
#include "complaints/internal.hpp"
#include "complaints/routes.hpp"
#include "core/time.hpp"
#include "db/sql.hpp"
#include "org/settings.hpp"

namespace yingbin::complaints {
namespace {

using api::Context;
using api::Json;
using db::Value;

// " AND t.site_id = $n AND t.department_id = $m" for the filters, then the caller's scope.
std::string Filters(const Period& p, const auth::Principal& who, std::vector<Value>& params) {
  std::string where;
  if (p.site_id) {
    params.push_back(*p.site_id);
    where += " AND t.site_id = $" + std::to_string(params.size());
  }
  if (p.department_id) {
    params.push_back(*p.department_id);
    where += " AND t.department_id = $" + std::to_string(params.size());
  }
  return where + internal::VisibleCondition(who);
}

std::string SumOf(const std::string& condition) {
  return "CAST(COALESCE(SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END), 0) AS BIGINT)";
}

std::string RateText(double r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", r);
  return buf;
}

}  // namespace

double Rate(int64_t part, int64_t whole) {
  if (whole <= 0) return 0;
  return std::round(1000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 10.0;
}

Result<ComplaintReport> BuildReport(db::Pool& pool, const auth::Principal& who,
                                    const Period& period, int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  db::Connection& c = **lease;
  ComplaintReport r;
  r.period = period;

  {  // tickets created, red alerts raised in the period
    std::vector<Value> params{Value(period.from), Value(period.to)};
    const std::string where = Filters(period, who, params);
    auto rows = c.Query("SELECT COUNT(*), " + SumOf("t.red_alert_at IS NOT NULL") +
                            " FROM complaints t WHERE t.created_at >= $1 AND t.created_at < $2 AND "
                            "t.merged_into_id IS NULL" +
                            where,
                        params);
    if (!rows) return std::move(rows).error();
    r.tickets = rows->Int(0, 0);
    r.red_alerts = rows->Int(0, 1);
  }
  {  // open and overdue by department, now (CMP-5)
    std::vector<Value> params{Value(now)};
    const std::string where = Filters(period, who, params);
    auto rows = c.Query(
        "SELECT t.department_id, COALESCE(d.name, '') AS name, COUNT(*) AS open, " +
            SumOf("EXISTS (SELECT 1 FROM complaint_clocks x WHERE x.complaint_id = t.id AND "
                  "x.met_at IS NULL AND x.cancelled_at IS NULL AND x.paused_since IS NULL AND "
                  "x.due_at <= $1)") +
            " AS overdue FROM complaints t LEFT JOIN departments d ON d.id = t.department_id "
            "WHERE t.is_open = 1" +
            where + " GROUP BY t.department_id, d.name ORDER BY COUNT(*) DESC, d.name",
        params);
    if (!rows) return std::move(rows).error();
    for (size_t i = 0; i < rows->size(); ++i)
      r.departments.push_back({rows->OptInt(i, "department_id"), rows->Text(i, "name"),
                               rows->Int(i, "open"), rows->Int(i, "overdue")});
  }
  {  // SLA met per clock kind, of the tickets created in the period (CMP-5, CMP-6)
    std::vector<Value> params{Value(period.from), Value(period.to)};
    const std::string where = Filters(period, who, params);
    auto rows = c.Query(
        "SELECT k.kind, COUNT(*) AS decided, " +
            SumOf("k.met_at IS NOT NULL AND k.breached_at IS NULL") +
            " AS in_time FROM complaint_clocks k JOIN complaints t ON t.id = k.complaint_id "
            "WHERE t.created_at >= $1 AND t.created_at < $2 AND "
            "(k.met_at IS NOT NULL OR k.breached_at IS NOT NULL)" +
            where + " GROUP BY k.kind",
        params);
    if (!rows) return std::move(rows).error();
    for (const char* kind : kClockKinds) {
      SlaLine line;
      line.kind = kind;
      for (size_t i = 0; i < rows->size(); ++i)
        if (rows->Text(i, "kind") == kind) {
          line.decided = rows->Int(i, "decided");
          line.met_in_time = rows->Int(i, "in_time");
        }
      line.rate = Rate(line.met_in_time, line.decided);
      r.sla.push_back(line);
    }
  }
  {  // satisfaction (QA-1): surveys answered in the period
    auto threshold = org::GetSetting(c, "complaints.unsatisfied_score");
    if (!threshold) return std::move(threshold).error();
    std::vector<Value> params{Value(period.from), Value(period.to), Value(*threshold * 100)};
    const std::string where = Filters(period, who, params);
    auto rows =
        c.Query("SELECT COUNT(*), " + SumOf("s.score_x100 > $3") +
                    ", CAST(COALESCE(SUM(s.score_x100), 0) AS BIGINT) FROM complaint_surveys s "
                    "JOIN complaints t ON t.id = s.complaint_id WHERE s.submitted_at >= $1 AND "
                    "s.submitted_at < $2" +
                    where,
                params);
    if (!rows) return std::move(rows).error();
    r.surveys = rows->Int(0, 0);
    r.satisfied = rows->Int(0, 1);
    r.satisfaction_rate = Rate(r.satisfied, r.surveys);
    r.average_score =
        r.surveys ? std::round(static_cast<double>(rows->Int(0, 2)) / r.surveys) / 100.0 : 0;
  }
  {  // at-fault rate (CMP-8): attributions recorded in the period
    std::vector<Value> params{Value(period.from), Value(period.to)};
    const std::string where = Filters(period, who, params);
    auto rows =
        c.Query("SELECT COUNT(*), " + SumOf("a.at_fault = 1 AND a.status <> 'overturned'") +
                    " FROM complaint_attributions a JOIN complaints t ON t.id = a.complaint_id "
                    "WHERE a.created_at >= $1 AND a.created_at < $2" +
                    where,
                params);
    if (!rows) return std::move(rows).error();
    r.attributed = rows->Int(0, 0);
    r.at_fault = rows->Int(0, 1);
    r.at_fault_rate = Rate(r.at_fault, r.attributed);
  }
  auto causes = CausePareto(c, who, period);
  if (!causes) return std::move(causes).error();
  r.causes = std::move(*causes);
  return r;
}

api::Table ReportTable(const ComplaintReport& r) {
  api::Table t;
  t.header = {"部分", "项目", "数量", "合计", "比例(%)"};
  t.numeric_columns = {2, 3};
  auto row = [&](std::string section, std::string item, int64_t n, int64_t total,
                 std::string rate) {
    t.rows.push_back({std::move(section), std::move(item), std::to_string(n), std::to_string(total),
                      std::move(rate)});
  };
  row("期间", core::FormatIsoUtc(r.period.from) + " ~ " + core::FormatIsoUtc(r.period.to),
      r.tickets, r.tickets, "");
  for (const auto& d : r.departments)
    row("未结/超时（按部门）", d.department_name.empty() ? "（未派部门）" : d.department_name,
        d.overdue, d.open, RateText(Rate(d.overdue, d.open)));
  for (const auto& s : r.sla)
    row("时限达成（按时限）", ClockKindLabel(s.kind), s.met_in_time, s.decided, RateText(s.rate));
  row("满意度", "满意 / 回访调查", r.satisfied, r.surveys, RateText(r.satisfaction_rate));
  row("责任认定", "有责 / 认定", r.at_fault, r.attributed, RateText(r.at_fault_rate));
  row("红色预警", "红色预警 / 工单", r.red_alerts, r.tickets,
      RateText(Rate(r.red_alerts, r.tickets)));
  int64_t total = 0;
  for (const auto& c : r.causes) total += c.count;
  for (const auto& c : r.causes)
    row("原因（帕累托）", c.name.empty() ? c.cause : c.name, c.count, total,
        RateText(c.percent) + "（累计 " + RateText(c.cumulative) + "）");
  return t;
}

void RegisterReportRoutes(api::Registry& reg) {
  // QA-1, QA-5, CMP-5..8, CMP-12: ?from&to (inclusive local days), ?site_id, ?department_id;
  // ?format=csv|xlsx downloads the same as one table.
  reg.Get("/api/v1/complaints/reports", "complaints.read", [](Context& ctx) {
    auto period = ReadPeriod(ctx);
    if (!period) return ErrorAnswer(ctx, period.error());
    auto r = BuildReport(ctx.db(), ctx.principal, *period, ctx.now());
    if (!r) return ErrorAnswer(ctx, r.error());
    const std::string format(ctx.req.QueryParam("format").value_or("json"));
    if (format == "csv") return api::CsvResponse(ReportTable(*r), "complaint-report.csv");
    if (format == "xlsx") {
      auto bytes = api::ToXlsx(ReportTable(*r), "投诉报表");
      if (!bytes) return ErrorAnswer(ctx, bytes.error());
      return api::XlsxResponse(std::move(*bytes), "complaint-report.xlsx");
    }
    if (format != "json")
      return ErrorAnswer(ctx, core::InvalidArgument("format", "validation.invalid"));
    Json departments = Json::array();
    for (const auto& d : r->departments)
      departments.push_back({{"department_id", api::IntOrNull(d.department_id)},
                             {"department_name", d.department_name},
                             {"open", d.open},
                             {"overdue", d.overdue}});
    Json sla = Json::array();
    for (const auto& s : r->sla)
      sla.push_back({{"kind", s.kind},
                     {"decided", s.decided},
                     {"met_in_time", s.met_in_time},
                     {"rate", s.rate}});
    Json causes = Json::array();
    for (const auto& c : r->causes)
      causes.push_back({{"cause_class", c.cause},
                        {"cause_name", c.name},
                        {"count", c.count},
                        {"percent", c.percent},
                        {"cumulative", c.cumulative}});
    return api::Ok(
        {{"from", core::FormatIsoUtc(r->period.from)},
         {"to", core::FormatIsoUtc(r->period.to)},
         {"tickets", r->tickets},
         {"red_alerts", r->red_alerts},
         {"departments", departments},
         {"sla", sla},
         {"satisfaction",
          {{"surveys", r->surveys},
           {"satisfied", r->satisfied},
           {"rate", r->satisfaction_rate},
           {"average", r->average_score}}},
         {"attribution",
          {{"attributed", r->attributed}, {"at_fault", r->at_fault}, {"rate", r->at_fault_rate}}},
         {"causes", causes}});
  });
}

}  // namespace yingbin::complaints
