#pragma once
// JSON shapes of formal receptions (routes and audit rows). Money is integer fen; days
// "YYYY-MM-DD"; times of a day "HH:MM"; instants ISO 8601 UTC.
#include "api/json.hpp"
#include "receptions/model.hpp"
#include "receptions/rules.hpp"
#include "receptions/service.hpp"

namespace yingbin::receptions {

api::Json GradeJson(const Grade& g);
api::Json StandardJson(const CostStandard& s);
api::Json StandardLineJson(const StandardLine& l);
api::Json RuleJson(const ApprovalRule& r);
api::Json RouteJson(const Route& r);
// A guest as the reader may see it: without ethnicity, religion and health (and with
// "sensitive_hidden": true) when they are hidden.
api::Json GuestJson(const Guest& g);
// For the audit trail: never the sensitive values, only whether they are set.
api::Json GuestAuditJson(const Guest& g);
// An item with the dietary notes every meal shows (computed from the guests).
api::Json ItemJson(const Item& it, const std::vector<DietNote>& diet);
api::Json StaffJson(const std::vector<StaffRole>& staff);
api::Json ContingenciesJson(const std::vector<Contingency>& list);
api::Json BudgetLinesJson(const std::vector<BudgetLine>& lines);
api::Json BudgetJson(const Budget& b);
api::Json ViolationJson(const Violation& v);
api::Json ConflictJson(const Conflict& c);
api::Json DecisionJson(const Decision& d);
// The head of a plan (lists, audit rows).
api::Json ReceptionBriefJson(const Reception& r);
// The whole plan with its computed parts.
api::Json PlanJson(const PlanView& v);
// PLAN-11: 接待清单.
api::Json OfficialListJson(const OfficialList& l);

}  // namespace yingbin::receptions
