#pragma once
// CMP-7 red alert: a severe complaint (by severity, a repeat complainant, keywords, or a low
// satisfaction score) is flagged red; management (the GM office and the department heads
// involved) is told at once on every channel (bell, live, e-mail, webhook), and a
// cross-department investigation opens with its own deadline, a task that escalates when it
// passes while the investigation is still open.
//
// The rules are data (complaint_alert_rules: which are on, the severity level, the
// keywords); their numbers are settings (complaints.red_repeat_count / _days,
// complaints.red_score_max, complaints.investigation_days). The decision itself is the pure
// function EvaluateRedAlert, unit-tested in red_alert_test.cpp; it runs at intake, on a
// classification (a new severity), and on every survey result.
// Thread-safe (no state).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json.hpp"
#include "complaints/service.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "tasks/scheduler.hpp"

namespace yingbin::complaints {

// --- the pure decision ---
struct AlertRules {
  bool severity_on = true;
  std::string min_severity = "major";  // severity >= this is red
  bool repeat_on = true;
  int64_t repeat_count = 3;  // N tickets of one customer ...
  int64_t repeat_days = 30;  // ... within M days (this one included)
  bool keyword_on = true;
  std::vector<std::string> keywords;  // found as the phrase check finds (CMP-10 folding)
  bool score_on = true;
  int64_t score_max_x100 = 100;  // a survey's mean score (x 100) at or below this is red
};

struct AlertFacts {
  std::string severity = "normal";
  int64_t recent_tickets = 0;                // the customer's tickets created within repeat_days
  std::string text;                          // subject, description and the customer's request
  std::optional<int64_t> survey_score_x100;  // the latest survey's mean (x 100)
};

struct AlertReason {
  std::string rule;    // severity | repeat | keyword | score | manual
  std::string detail;  // "major", "3", the keyword, "1.50", the note
};

// 0 minor, 1 normal, 2 serious, 3 major; -1 for anything else.
int SeverityRank(std::string_view severity);

// The reasons the facts make a ticket red under the rules (empty: not red), in the order
// severity, repeat, keyword (each keyword found once), score.
std::vector<AlertReason> EvaluateRedAlert(const AlertRules& rules, const AlertFacts& facts);

// --- with the database ---
struct AlertRuleRow {
  std::string kind;  // severity | repeat | keyword | score
  bool active = true;
  std::string min_severity = "major";
  std::string keywords;  // one per line
};
Result<std::vector<AlertRuleRow>> ListAlertRules(db::Pool& pool);
// Errors: kNotFound for an unknown kind; validation.one_of on "min_severity".
Result<AlertRuleRow> PutAlertRule(const Ctx& c, const std::string& kind, const AlertRuleRow& in);
Result<AlertRules> LoadAlertRules(db::Connection& c);

// Evaluates the ticket (its severity, the customer's recent tickets, its text, its latest
// survey score) and, when red and not red yet, raises the alert: flag and reasons, timeline,
// audit, management told on every channel, the investigation opened. A red ticket that gets
// new reasons keeps its flag; the reasons are added. Inside the caller's transaction.
core::Status RaiseIfRed(db::Connection& tx, int64_t complaint_id, const auth::Principal& actor,
                        int64_t now);
// The same for a ticket just read in the caller's transaction (intake, classification).
core::Status RaiseIfRed(db::Connection& tx, const Ticket& t, const auth::Principal& actor,
                        int64_t now);
// A reviewer raises the alert by hand with a note (rule "manual"). Errors: kNotFound;
// error.out_of_scope; complaints.not_allowed (complaints.review in scope);
// validation.required on "note"; complaints.already_red.
Result<Ticket> RaiseByHand(const Ctx& c, int64_t id, const std::string& note);

// --- the investigation ---
struct InvestigationMember {
  int64_t department_id = 0;
  std::string department_name;
  std::optional<int64_t> user_id;  // the member named; none = the department head
  std::string user_name;
};
struct Investigation {
  int64_t id = 0;
  int64_t complaint_id = 0;
  std::optional<int64_t> lead_user_id;
  std::string lead_name;
  std::string status;  // open | closed
  int64_t opened_at = 0, due_at = 0;
  std::optional<int64_t> overdue_at, closed_at, closed_by;
  std::string findings;
  std::vector<InvestigationMember> members;
};
Result<std::optional<Investigation>> FindInvestigation(db::Connection& c, int64_t complaint_id);
api::Json InvestigationJson(const Investigation& inv, int64_t now);

// Adds a department (and optionally its named member) to the open investigation: a reviewer
// or the lead. Errors: kNotFound (ticket or no investigation); complaints.not_allowed;
// complaints.investigation_closed; validation.unknown_reference on "department_id" /
// "user_id"; kConflict error.duplicate on "department_id".
Result<Investigation> AddInvestigationMember(const Ctx& c, int64_t id, int64_t department_id,
                                             std::optional<int64_t> user_id);
// Closes it with the findings: a reviewer or the lead. Errors: as above;
// validation.required on "findings".
Result<Investigation> CloseInvestigation(const Ctx& c, int64_t id, const std::string& findings);

// The investigation's deadline task (complaint.investigation_due).
void RegisterRedAlertTasks(tasks::Scheduler& scheduler);

}  // namespace yingbin::complaints
