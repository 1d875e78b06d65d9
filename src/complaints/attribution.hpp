#pragma once
// CMP-8 attribution: a complaint is attributed to a person where possible, otherwise to the
// department, at fault or not. The penalty follows the severity class: minor without loss →
// an administrative penalty published internally; loss or serious damage → a fine of up to
// complaints.fine_percent (40 %) of the month's performance bonus, the rest carried to later
// months; a department's attribution → complaints.department_percent (20 %) of every
// member's bonus. These are records and reports, not payroll. The person (or their
// department head) may appeal; the GM office (complaints.review) decides; all audited.
// A monthly attribution report lists every record of a month with its penalty lines.
// Thread-safe (no state).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/json.hpp"
#include "api/routes.hpp"
#include "complaints/service.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::complaints {

struct PenaltyLine {
  std::optional<int64_t> staff_id;
  std::string staff_name;
  int32_t month = 0;  // YYYYMM
  int64_t percent = 0;
  std::optional<int64_t> amount_fen;
};

// --- pure ---
// "none" (not at fault), "department_share" (a department), "administrative" (a person,
// minor), "fine" (a person, loss).
std::string PenaltyOf(bool at_fault, const std::string& target, const std::string& severity_class);
// The month after YYYYMM: 202612 -> 202701.
int32_t NextMonth(int32_t month);

struct PlanInput {
  std::string penalty;  // as PenaltyOf
  int32_t month = 0;
  int64_t fine_percent = 40, department_percent = 20;
  std::optional<int64_t> fine_fen, bonus_fen;
  // The person (fine) or every member (department share).
  std::vector<std::pair<std::optional<int64_t>, std::string>> people;
};
// The lines of a penalty: a fine with both amount and bonus known is cut into months of at
// most fine_percent of the bonus each (the rest carried over); without them one line of
// fine_percent (with the amount when known); a department share one line per member of
// department_percent; none and administrative have no lines.
std::vector<PenaltyLine> PlanPenalty(const PlanInput& in);

// --- with the database ---
struct Attribution {
  int64_t id = 0;
  int64_t complaint_id = 0;
  std::string complaint_number;
  bool at_fault = false;
  std::string target;  // staff | department
  std::optional<int64_t> staff_id, department_id;
  std::string staff_name, department_name;
  std::string severity_class;  // none | minor | loss
  std::string penalty;
  int64_t percent = 0;
  std::optional<int64_t> fine_fen, bonus_fen;
  int32_t month = 0;
  bool publish_internal = false;
  std::string note, status;  // recorded | appealed | upheld | overturned
  std::string appeal_reason, decision_note;
  std::optional<int64_t> appealed_by, appealed_at, decided_by, decided_at, created_by;
  std::string created_by_name;
  int64_t created_at = 0;
  std::vector<PenaltyLine> lines;
};
api::Json AttributionJson(const Attribution& a);
Result<std::vector<Attribution>> ListAttributions(db::Connection& c, int64_t complaint_id);

struct AttributionInput {
  bool at_fault = false;
  std::string target;  // staff | department
  std::optional<int64_t> staff_id, department_id;
  std::string severity_class = "none";
  std::optional<int64_t> fine_fen, bonus_fen;
  std::string note;
};
// A reviewer (complaints.review in scope) records it. Errors: kNotFound; error.out_of_scope;
// complaints.not_allowed; complaints.attribution_target on "staff_id"/"department_id";
// validation.unknown_reference on them; validation.one_of on "severity_class" (minor or loss
// when at fault).
Result<Attribution> Attribute(const Ctx& c, int64_t complaint_id, const AttributionInput& in);
// The person attributed (their account) or the head of the department appeals a recorded
// attribution. Errors: kNotFound; complaints.not_allowed; complaints.not_appealable;
// validation.required on "appeal_reason".
Result<Attribution> Appeal(const Ctx& c, int64_t attribution_id, const std::string& reason);
// The GM office decides: upheld or overturned (the penalty no longer counts). Errors:
// kNotFound; complaints.not_allowed (complaints.review); complaints.not_appealed;
// validation.required on "decision".
Result<Attribution> DecideAppeal(const Ctx& c, int64_t attribution_id, bool uphold,
                                 const std::string& note);

// The records of month YYYYMM (site-local months) and those whose penalty carries into it,
// in the caller's department scope.
Result<std::vector<Attribution>> MonthlyAttributions(db::Pool& pool, const auth::Principal& p,
                                                     int32_t month);

void RegisterAttributionRoutes(api::Registry& r);

}  // namespace yingbin::complaints
