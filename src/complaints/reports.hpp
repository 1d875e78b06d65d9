#pragma once
// Complaint reports (DOMAIN.md QA-1, QA-5, CMP-5..8, CMP-12): open and overdue tickets by
// department (now), SLA met per clock kind, satisfaction rate, at-fault rate and the cause
// Pareto over a period, filtered by site and department; in the caller's department scope;
// exported as CSV (with BOM) or XLSX (api/export.hpp).
// Thread-safe (no state).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/export.hpp"
#include "api/routes.hpp"
#include "complaints/history.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::complaints {

struct DepartmentLine {
  std::optional<int64_t> department_id;
  std::string department_name;  // "" for tickets not routed yet
  int64_t open = 0, overdue = 0;
};
struct SlaLine {
  std::string kind;         // first_contact | answer | callback | escalation
  int64_t decided = 0;      // met, or breached
  int64_t met_in_time = 0;  // met without a breach
  double rate = 0;          // met_in_time / decided x 100, to 0.1
};
struct ComplaintReport {
  Period period;
  int64_t tickets = 0;  // created in the period
  std::vector<DepartmentLine> departments;
  std::vector<SlaLine> sla;
  int64_t surveys = 0, satisfied = 0;
  double satisfaction_rate = 0, average_score = 0;
  int64_t attributed = 0, at_fault = 0;
  double at_fault_rate = 0;
  int64_t red_alerts = 0;
  std::vector<ParetoRow> causes;
};

// Percentage of part in whole to one decimal (0 when whole is 0).
double Rate(int64_t part, int64_t whole);

Result<ComplaintReport> BuildReport(db::Pool& pool, const auth::Principal& p, const Period& period,
                                    int64_t now);
// The report as one table: section, item, count, total, rate.
api::Table ReportTable(const ComplaintReport& r);

void RegisterReportRoutes(api::Registry& r);

}  // namespace yingbin::complaints
