#pragma once
// SQL of formal receptions, through db::Connection (the same text on both backends).
// Guests are read and written with their sensitive fields (ethnicity, religion, health) as
// stored: ciphertext; the service encrypts and decrypts them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "receptions/model.hpp"

namespace yingbin::receptions::store {

using core::Result;
using core::Status;
using db::Connection;

// --- grades (PLAN-5) ---
Result<std::vector<Grade>> ListGrades(Connection& c);
Result<std::optional<Grade>> FindGrade(Connection& c, const std::string& code);
Result<std::optional<Grade>> FindGradeById(Connection& c, int64_t id);
Result<int64_t> InsertGrade(Connection& c, const Grade& g, int64_t now);
Status UpdateGrade(Connection& c, const Grade& g, int64_t now);

// --- cost standards (PLAN-5, PLAN-11) ---
Result<std::vector<CostStandard>> ListStandards(Connection& c);
Result<std::optional<CostStandard>> FindStandard(Connection& c, int64_t id);
// The version of (rule_set, jurisdiction) in force on local `day`: the latest
// effective_from on or before it whose effective_to (if any) is on or after it.
Result<std::optional<CostStandard>> StandardInForce(Connection& c, const std::string& rule_set,
                                                    const std::string& jurisdiction, int32_t day);
Result<int64_t> InsertStandard(Connection& c, const CostStandard& s, std::optional<int64_t> by,
                               int64_t now);
// Writes the header and replaces the lines.
Status UpdateStandard(Connection& c, const CostStandard& s, int64_t now);

// --- approval routing rules (PLAN-4) ---
Result<std::vector<ApprovalRule>> ListRules(Connection& c);  // by sort, id
Status ReplaceRules(Connection& c, const std::vector<ApprovalRule>& rules, int64_t now);

// --- receptions ---
Result<int64_t> InsertReception(Connection& c, const Reception& r);
// Writes every mutable column of `r` (by r.id).
Status UpdateReception(Connection& c, const Reception& r);
// The reception with its joined names and every part (guests with ciphertext).
Result<std::optional<Reception>> FindReception(Connection& c, int64_t id);
// Receptions matching `where` (SQL over alias r, parameters $1..$n), newest start first,
// without parts; `total` gets the number of matches.
Result<std::vector<Reception>> SelectReceptions(Connection& c, const std::string& where,
                                                std::vector<db::Value> params, int64_t limit,
                                                int64_t offset, int64_t* total);

// --- parts ---
Result<std::vector<Guest>> Guests(Connection& c, int64_t reception_id);
Result<int64_t> InsertGuest(Connection& c, const Guest& g, int64_t now);
Status UpdateGuest(Connection& c, const Guest& g, int64_t now);
Status DeleteGuest(Connection& c, int64_t reception_id, int64_t guest_id);

Result<std::vector<Item>> Items(Connection& c, int64_t reception_id);
Result<int64_t> InsertItem(Connection& c, const Item& it, int64_t now);
Status UpdateItem(Connection& c, const Item& it, int64_t now);
Status DeleteItem(Connection& c, int64_t reception_id, int64_t item_id);
// Items of other open receptions overlapping [from, to), with their reception's number.
struct OtherRow {
  Item item;
  std::string number, title;
};
Result<std::vector<OtherRow>> ItemsOverlapping(Connection& c, int64_t from, int64_t to,
                                               int64_t except_reception_id);

Status ReplaceStaff(Connection& c, int64_t reception_id, const std::vector<StaffRole>& staff);
Result<std::vector<StaffRole>> Staff(Connection& c, int64_t reception_id);
Status ReplaceContingencies(Connection& c, int64_t reception_id,
                            const std::vector<Contingency>& list);
Result<std::vector<Contingency>> Contingencies(Connection& c, int64_t reception_id);
Status ReplaceBudgetLines(Connection& c, int64_t reception_id,
                          const std::vector<BudgetLine>& lines);
Result<std::vector<BudgetLine>> BudgetLines(Connection& c, int64_t reception_id);

Result<std::vector<CapApproval>> CapApprovals(Connection& c, int64_t reception_id);
Status PutCapApproval(Connection& c, int64_t reception_id, const CapApproval& a);
Status DeleteCapApproval(Connection& c, int64_t reception_id, const std::string& key);

Status InsertDecision(Connection& c, int64_t reception_id, const Decision& d);
Result<std::vector<Decision>> Decisions(Connection& c, int64_t reception_id);

// --- look-ups ---
// GEN-4: receptions (other than `except_id`, not cancelled or rejected) whose main host is
// `staff_id`, at high level (the override, else the computed level), starting within
// [from_day, to_day].
Result<int64_t> HighLevelCount(Connection& c, int64_t staff_id, int32_t from_day, int32_t to_day,
                               int64_t except_id);
// PLAN-11: another open or carried-out reception with the same letter number.
Result<std::optional<std::string>> LetterUsedBy(Connection& c, const std::string& letter_no,
                                                int64_t except_id);
struct VenueBrief {
  int64_t id = 0, site_id = 0;
  std::string name;
  bool active = true;
};
Result<std::optional<VenueBrief>> FindVenue(Connection& c, int64_t id);
// Active users holding role `role_code`, with their department (for a department-scoped
// role's data scope).
struct RoleUser {
  int64_t user_id = 0;
  std::optional<int64_t> department_id;
  bool department_scope = false;  // the role's data scope is the user's department
};
Result<std::vector<RoleUser>> UsersWithRole(Connection& c, const std::string& role_code);
Result<bool> UserHasRole(Connection& c, int64_t user_id, const std::string& role_code);
// Active users holding `permission` through a role (sysadmins included).
Result<std::vector<int64_t>> UsersWithPermission(Connection& c, const std::string& permission);
// The departments at and below `department_id`.
Result<std::vector<int64_t>> DepartmentAndBelow(Connection& c, int64_t department_id);
Result<bool> RoleExists(Connection& c, const std::string& code);
Result<bool> UserActive(Connection& c, int64_t user_id);

}  // namespace yingbin::receptions::store
