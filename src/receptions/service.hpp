#pragma once
// Formal guest receptions with the database (DOMAIN.md PLAN-1..5, PLAN-10, PLAN-11, GEN-2,
// GEN-4). Every write runs in one transaction with its audit rows and its messages
// (notify::Send), so a committed change always has its side effects and a refused one has
// none: bad input changes nothing. Thread-safe (no state of its own).
//
// After every change of a plan its computed parts are brought up to date in the same
// transaction: the level (GEN-4), the cost standard version in force on its first day, the
// budget total (PLAN-5), and, when it is submitted, its approver (PLAN-4). An approved plan
// that grows (a higher total, or spending over a cap nobody approved) goes back to
// submitted; one that does not grow stays approved.
//
// Who may do what:
//   receptions.read     the list and the plans in the reader's data scope; ethnicity,
//                       religion and health of guests are left out (GEN-2, DATA-2)
//   receptions.plan     create and change plans, submit, cancel; sees the sensitive fields
//                       (so does sensitive.reveal)
//   receptions.approve  approve or reject any submitted plan and its spending over caps;
//                       a plan routed to a role or a named user may also be decided by them
//   receptions.admin    the guest grades, the cost standards, the approval rules
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/field_crypto.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "receptions/model.hpp"
#include "receptions/rules.hpp"

namespace yingbin::receptions {

using core::Result;
using core::Status;

// Who acts, when, why, with what. `cipher` encrypts the sensitive guest fields (DATA-2).
struct Ctx {
  db::Pool& pool;
  const auth::Principal& actor;
  int64_t now = 0;
  const core::FieldCipher& cipher;
  std::string reason;
};

// --- the request (PLAN-2) ---

// The head of a plan. On create every field is taken (absent = empty); on update only the
// fields set.
struct ReceptionPatch {
  std::optional<int64_t> site_id;
  std::optional<std::string> title, visiting_unit, purpose, intent;
  std::optional<bool> foreign;
  std::optional<std::string> grade_code, rule_set, jurisdiction, letter_no;
  std::optional<std::optional<int32_t>> letter_date;
  std::optional<std::string> policy;
  std::optional<std::optional<int64_t>> host_staff_id, department_id;
  std::optional<std::string> level_override, level_override_reason;
  std::optional<int32_t> start_date, end_date;
  std::optional<std::string> unit_contact, unit_contact_phone, preparation, notes;
  std::optional<int64_t> version;  // when set, the plan must still be at this version
};

// Creates a draft with its guests. Errors: kInvalidArgument naming the field (title,
// visiting_unit, site_id, grade_code receptions.unknown_grade, rule_set, intent, end_date
// receptions.end_before_start / receptions.too_long, host_staff_id / department_id
// validation.unknown_reference, level_override_reason validation.required,
// guests[n].<field>).
Result<int64_t> Create(const Ctx& c, const ReceptionPatch& in, const std::vector<Guest>& guests);
// Errors as Create; kConflict receptions.not_editable on status (cancelled, carried out),
// receptions.stale on version.
Status Update(const Ctx& c, int64_t id, const ReceptionPatch& p);

// GEN-2: guests (the whole guest: PUT semantics).
Result<int64_t> AddGuest(const Ctx& c, int64_t id, const Guest& g);
Status PutGuest(const Ctx& c, int64_t id, int64_t guest_id, const Guest& g);
Status DeleteGuest(const Ctx& c, int64_t id, int64_t guest_id);

// --- the plan (PLAN-3, PLAN-10) ---

// An itinerary item (PUT semantics). day must be within the visit, start before end, the
// venue at the plan's site. Errors: kInvalidArgument naming the field.
Result<int64_t> AddItem(const Ctx& c, int64_t id, const Item& it);
Status PutItem(const Ctx& c, int64_t id, int64_t item_id, const Item& it);
Status DeleteItem(const Ctx& c, int64_t id, int64_t item_id);
// The staff roles with their backups, the contingencies, the budget lines: each replaced
// as a whole list. Errors name the field as staff[n].<field> etc.
Status PutStaff(const Ctx& c, int64_t id, const std::vector<StaffRole>& staff);
Status PutContingencies(const Ctx& c, int64_t id, const std::vector<Contingency>& list);
Status PutBudgetLines(const Ctx& c, int64_t id, const std::vector<BudgetLine>& lines);

// --- approval (PLAN-4, PLAN-5) ---

// Draft or rejected -> submitted, routed to its approver. Errors: the first Violation
// (PLAN-3 completeness, PLAN-11) as kInvalidArgument naming its field and item;
// kConflict receptions.letter_used (PLAN-11: one letter, one visit),
// receptions.no_route, receptions.not_submittable on status.
Status Submit(const Ctx& c, int64_t id);
// Submitted -> approved. Errors: kForbidden receptions.not_your_approval; kConflict
// receptions.not_submitted, receptions.caps_unapproved (spending over a cap must be
// approved first, PLAN-5).
Status Approve(const Ctx& c, int64_t id);
// Submitted -> rejected with the reason (required).
Status Reject(const Ctx& c, int64_t id);
// PLAN-5: approves the spending over cap `key` up to the amount planned now. Errors:
// kNotFound receptions.no_such_cap; kConflict receptions.not_over_cap,
// receptions.not_submitted.
Status ApproveCap(const Ctx& c, int64_t id, const std::string& key);
// Any open plan -> cancelled (reason required).
Status Cancel(const Ctx& c, int64_t id);

// --- reading ---

struct LevelInfo {
  std::optional<Level> computed, effective;
  std::optional<int64_t> host_rank, guest_rank;
  std::string chief_guest;
  int64_t high_level_count = 0;  // the host's high-level receptions in the window, this one too
  int64_t warn_count = 0, warn_days = 0;
  bool warn = false;  // GEN-4: chosen too often for this host
};

struct PlanView {
  Reception r;  // guests decrypted, or with sensitive_hidden
  std::optional<CostStandard> standard;
  Budget budget;
  LevelInfo level;
  std::vector<DietNote> diet;
  std::vector<Violation> violations;  // what blocks submission now
  std::vector<Conflict> conflicts;
  bool may_plan = false, may_decide = false;
  int64_t extra_guest_base = 2;
};
// Errors: kNotFound; kForbidden error.out_of_scope.
Result<PlanView> Get(const Ctx& c, int64_t id);

struct ListQuery {
  std::optional<State> status;
  std::string q;  // number, title, visiting unit: any part
  std::optional<int32_t> from_date, to_date;
  int64_t limit = 50, offset = 0;
};
Result<std::vector<Reception>> List(const Ctx& c, const ListQuery& q, int64_t* total);
// The submitted plans the actor may decide, oldest first.
Result<std::vector<Reception>> ToDecide(const Ctx& c);

// PLAN-11: the reception list 接待清单 (guest unit, names, titles, activities, times, places,
// costs) as data; printed later.
struct OfficialList {
  Reception r;
  Budget budget;
};
Result<OfficialList> OfficialListOf(const Ctx& c, int64_t id);

// --- administration (receptions.admin) ---

Result<std::vector<Grade>> ListGrades(db::Pool& pool);
// Errors: kInvalidArgument code validation.code / name_zh_cn validation.required;
// kConflict error.duplicate on code.
Result<Grade> CreateGrade(const Ctx& c, const Grade& g);
// The code stays. Errors: kNotFound.
Result<Grade> UpdateGrade(const Ctx& c, int64_t id, const Grade& g);

Result<std::vector<CostStandard>> ListStandards(db::Pool& pool);
// A new version. Errors: kInvalidArgument naming the field (rule_set, jurisdiction required
// for official, effective_to receptions.end_before_start, lines[n].grade_code
// receptions.unknown_grade, lines[n].<money> validation.money).
Result<CostStandard> CreateStandard(const Ctx& c, const CostStandard& s);
Result<CostStandard> UpdateStandard(const Ctx& c, int64_t id, const CostStandard& s);
// The version in force for a rule set and jurisdiction on a local day (nullopt when none).
Result<std::optional<CostStandard>> StandardOn(db::Pool& pool, const std::string& rule_set,
                                               const std::string& jurisdiction, int32_t day);

Result<std::vector<ApprovalRule>> ListRules(db::Pool& pool);
// Replaces the routing rules. Errors: kInvalidArgument rules[n].<field> (approver required:
// a known role or an active user; grade known; max above min).
Result<std::vector<ApprovalRule>> PutRules(const Ctx& c, const std::vector<ApprovalRule>& rules);

// --- retention (GEN-2 "retention like visitor data", DATA-5) ---

// Registers the guests' personal data with the visitors' retention: a reception whose last
// day is older than the retention period has its guests' names cut to their first
// character and their ethnicity, religion, health, taboos, allergies, habits, needs and
// flight/train numbers erased (titles, units and ranks stay for the records), when two
// administrators approve the purge. Call once at start-up.
void RegisterRetention();

}  // namespace yingbin::receptions
