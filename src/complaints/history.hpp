#pragma once
// Customer history and root causes (DOMAIN.md CMP-12): a customer's previous tickets on the
// ticket page, duplicates suggested at intake (the same customer, by phone or e-mail, with a
// similar subject within complaints.duplicate_days), merging a duplicate into another ticket
// (its timeline kept, audited), the repeat-complainant marker (the red alert's N tickets in
// M days), the cause Pareto over a period, and improvement actions on a cause tracked as
// tasks until their effect is confirmed with the numbers before and after.
// Thread-safe (no state).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/json.hpp"
#include "api/routes.hpp"
#include "complaints/service.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "tasks/scheduler.hpp"

namespace yingbin::complaints {

// --- pure ---
// How alike two subjects are, 0..1: the Dice coefficient of their character bigrams after
// the phrase check's folding (script, width, case; punctuation and spaces dropped); texts of
// one character compare as characters. Two empty texts are 0 (nothing to compare).
double Similarity(std::string_view a, std::string_view b);
inline constexpr double kSimilar = 0.5;  // at or above: "similar"

struct ParetoRow {
  std::string cause;  // cause class code
  std::string name;   // its zh-CN name
  int64_t count = 0;
  double percent = 0;     // of all counted
  double cumulative = 0;  // running total, the last row 100
};
// Rows by count descending (then code), with share and cumulative share, rounded to 0.1.
std::vector<ParetoRow> ParetoOf(std::vector<std::pair<std::string, int64_t>> counts);

// --- the customer's history (on the ticket page) ---
struct CustomerHistoryView {
  int64_t customer_id = 0;
  int64_t total = 0;             // all the customer's tickets, this one included
  std::vector<Ticket> previous;  // the others the caller may see, newest first
  bool repeat = false;           // CMP-12 marker: the red alert's N tickets in M days
  int64_t recent = 0, repeat_count = 0, repeat_days = 0;
  std::vector<Ticket> duplicates;  // open, similar, within complaints.duplicate_days
  std::vector<Ticket> merged;      // tickets merged into this one
};
Result<CustomerHistoryView> CustomerHistory(db::Connection& c, const auth::Principal& p,
                                            const Ticket& t, int64_t now);
api::Json HistoryJson(const CustomerHistoryView& h);

// Duplicates of a ticket being registered (the intake form asks before saving): open tickets
// of the customer found by phone or e-mail with a similar subject (or description) within
// complaints.duplicate_days, that the caller may see.
struct DuplicateQuery {
  std::string phone, email, subject, description;
};
Result<std::vector<Ticket>> FindDuplicates(db::Pool& pool, const core::FieldCipher& cipher,
                                           const auth::Principal& p, const DuplicateQuery& q,
                                           int64_t now);

// Ticket `id` is absorbed into `into_id`: it is archived with merged_into_id, its clocks
// stop, its timeline stays (and both timelines say so), audited. A writer in scope of both
// (or a reviewer). Errors: kNotFound; error.out_of_scope; complaints.not_allowed;
// complaints.merge_self; complaints.merge_closed; validation.required on "note".
Result<Ticket> Merge(const Ctx& c, int64_t id, int64_t into_id, const std::string& note);

// --- causes over a period ---
struct Period {
  int64_t from = 0, to = 0;  // [from, to) UTC ms
  std::optional<int64_t> site_id, department_id;
};
// Reads ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive local days of the site named, else of the
// first site; default the last 30 days), ?site_id, ?department_id.
core::Result<Period> ReadPeriod(const api::Context& ctx);
Result<std::vector<ParetoRow>> CausePareto(db::Connection& c, const auth::Principal& p,
                                           const Period& period);

// --- improvement actions (CMP-12) ---
struct Improvement {
  int64_t id = 0;
  std::string cause_class, cause_name, action;
  int64_t owner_user_id = 0;
  std::string owner_name;
  int64_t due_at = 0;
  std::string status;  // open | done | confirmed
  int64_t created_at = 0;
  std::optional<int64_t> done_at, confirmed_at, window_days, before_count, after_count;
  std::string done_note, effect_note;
};
api::Json ImprovementJson(const Improvement& i);
Result<std::vector<Improvement>> ListImprovements(db::Pool& pool,
                                                  std::optional<std::string> status);
struct ImprovementInput {
  std::string cause_class, action;
  int64_t owner_user_id = 0;
  int64_t due_at = 0;
};
// complaints.review. Errors: validation.unknown_reference on "cause_class"/"owner_user_id";
// validation.required on "action"; complaints.deadline_past on "due_at".
Result<Improvement> CreateImprovement(const Ctx& c, const ImprovementInput& in);
// The owner (or a reviewer) reports it done. Errors: kNotFound; complaints.not_allowed;
// complaints.improvement_state.
Result<Improvement> ImprovementDone(const Ctx& c, int64_t id, const std::string& note);
// A reviewer confirms the effect once complaints.effect_window_days have passed since it was
// done: the tickets of the cause in as many days before it was created and after it was
// done are counted and kept. Errors: complaints.improvement_state;
// complaints.effect_too_early; validation.required on "effect_note".
Result<Improvement> ConfirmImprovement(const Ctx& c, int64_t id, const std::string& note);

void RegisterHistoryRoutes(api::Registry& r);
void RegisterHistoryTasks(tasks::Scheduler& scheduler);

}  // namespace yingbin::complaints
