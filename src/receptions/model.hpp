#pragma once
// Plain records of formal guest receptions (DOMAIN.md PLAN-1..5, PLAN-10, PLAN-11, GEN-2,
// GEN-4). Money is int64 fen everywhere; days are days since 1970-01-01 in the site's local
// calendar; instants are UTC epoch milliseconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace yingbin::receptions {

// Where a plan stands (PLAN-1, PLAN-4).
//   draft       being written by the planner
//   submitted   waits for the approver its scale routes it to
//   approved    may be carried out; a change that makes it grow sends it back to submitted
//   rejected    refused with a reason; the planner changes it and submits again
//   in_progress the visit is being carried out: the items are tasks of their people (PLAN-6)
//   completed   the guests have left; the follow-up call, actual costs and the summary
//   archived    read-only with all its documents (PLAN-8); only notes may be added
//   cancelled   called off
enum class State {
  kDraft,
  kSubmitted,
  kApproved,
  kRejected,
  kInProgress,
  kCompleted,
  kArchived,
  kCancelled
};

// GEN-4: the reception level, from the main host's rank against the chief guest's.
enum class Level { kHigh, kEqual, kLow };

// PLAN-5: a guest grade (普通/高级/特级 by default).
struct Grade {
  int64_t id = 0;
  std::string code;
  std::string name_zh_cn, name_zh_tw, name_en;
  std::string description;
  int64_t sort = 0;
  bool active = true;
};

// PLAN-5: the caps of one grade in one cost standard version, for the base number of
// guests (a setting, 2); every extra guest adds the increments.
struct StandardLine {
  std::string grade_code;
  std::optional<int64_t> lodging_cap_fen;  // per room-night; nullopt = the guest pays
  std::optional<int64_t> lodging_min_fen;  // the hotel class's lower price (information)
  int64_t lunch_cap_fen = 0, dinner_cap_fen = 0;
  std::optional<int64_t> entertainment_cap_fen;  // nullopt = no entertainment allowed
  int64_t meal_increment_fen = 0, entertainment_increment_fen = 0;
  std::string vehicle_class, accompany;
};

// PLAN-5 / PLAN-11: one version of a cost standard.
struct CostStandard {
  int64_t id = 0;
  std::string rule_set = "company";  // company | official
  std::string jurisdiction;          // official: a place code or name
  std::string name;
  int32_t effective_from = 0;
  std::optional<int32_t> effective_to;         // inclusive; nullopt = open
  std::vector<std::string> designated_hotels;  // PLAN-11
  std::string notes;
  std::vector<StandardLine> lines;
  int64_t created_at = 0, updated_at = 0;
};

// GEN-2: one guest. Ethnicity, religion and health are clear here and encrypted at rest;
// `sensitive_hidden` is set when the reader may not see them (they are then empty).
struct Guest {
  int64_t id = 0;
  int64_t reception_id = 0;
  int64_t sort = 0;
  std::string name;
  std::string gender;  // "", male, female
  std::optional<int64_t> age;
  std::string title;
  std::optional<int64_t> rank;  // 1..20 like staff.rank: higher is more senior
  std::string unit;
  std::string nationality;
  std::string ethnicity, religion, health;
  bool sensitive_hidden = false;
  std::vector<std::string> taboos;  // halal, vegetarian, no_pork, no_beef, no_seafood, no_alcohol
  std::string allergies;            // free text
  std::string habits, accessibility, transport_preference;  // GEN-2, PLAN-10
  bool is_chief = false;
  std::optional<int64_t> arrival_at;
  std::string arrival_place, arrival_no, arrival_transport;
  std::optional<int64_t> departure_at;
  std::string departure_place, departure_no, departure_transport;
};

// PLAN-3: one itinerary item on a day of the visit.
struct Item {
  int64_t id = 0;
  int64_t reception_id = 0;
  int32_t day = 0;
  int start_min = 0, end_min = 0;  // local minutes of the day
  int64_t start_at = 0, end_at = 0;
  std::string
      kind;  // work meal visit leisure pickup lodging meeting ceremony farewell gift see_off
  std::string place;
  std::optional<int64_t> venue_id;
  std::string activity, vehicle, notes;
  std::vector<int64_t> staff_ids;        // accompanying staff
  std::string meal_type;                 // meals: lunch | dinner | other
  std::optional<int64_t> diners_guests;  // nullopt: every guest
  int64_t diners_hosts = 0;              // 陪餐
  std::string menu;
  std::optional<int64_t> planned_fen;  // PLAN-4: the item's planned cost
  int64_t rooms = 0, nights = 0;       // lodging
  // Joined for display.
  std::string venue_name;
  std::vector<std::string> staff_names;
};

// PLAN-3: a staff role with its backup (AB角).
struct StaffRole {
  int64_t id = 0;
  std::string role;  // greeter guide recorder logistics driver interpreter security other
  int64_t staff_a_id = 0;
  std::optional<int64_t> staff_b_id;
  std::string duty;
  std::string staff_a_name, staff_b_name;
};

// PLAN-10: a contingency plan.
struct Contingency {
  int64_t id = 0;
  std::string kind;  // backup_room emergency_vehicle weather medical other
  std::string description;
  std::optional<int64_t> owner_staff_id;
  std::string owner_name;
};

// PLAN-4: a budget line that is not an itinerary item.
struct BudgetLine {
  int64_t id = 0;
  std::string category;  // hospitality lodging meals transport materials venue labour
                         // entertainment souvenirs publicity other
  std::string description;
  int64_t quantity = 1;  // lodging: room-nights
  int64_t planned_fen = 0;
};

// PLAN-5: spending above a cap, approved explicitly up to approved_fen.
struct CapApproval {
  std::string key;  // meal:<item id> | lodging | entertainment
  int64_t cap_fen = 0, approved_fen = 0;
  std::optional<int64_t> approved_by;
  int64_t approved_at = 0;
  std::string reason;
  std::string approved_by_name;
};

// PLAN-4: one entry of the approval history.
struct Decision {
  int64_t id = 0;
  std::string action;  // submit approve reject reopen cap_approve cancel
  std::optional<int64_t> actor_user_id;
  std::string actor_name;
  int64_t at = 0;
  std::string reason;
  int64_t total_fen = 0;
  std::string detail_json = "{}";
};

// PLAN-4: a routing rule: plans matching it go to its approver (a role or a user).
struct ApprovalRule {
  int64_t id = 0;
  int64_t sort = 0;
  std::string label;
  int64_t min_total_fen = 0;
  std::optional<int64_t> max_total_fen;  // exclusive
  std::string grade_code;                // "" = any
  std::optional<bool> foreign;           // nullopt = either
  std::string approver_role;
  std::optional<int64_t> approver_user_id;
  bool active = true;
  std::string approver_user_name;  // joined
};

// The approver a plan was routed to when it was submitted.
struct Route {
  std::optional<int64_t> rule_id;
  std::string label;
  std::string approver_role;
  std::optional<int64_t> approver_user_id;
};

struct Reception {
  int64_t id = 0;
  std::string number;
  int64_t site_id = 0;
  std::string title, visiting_unit, purpose;
  std::string intent = "business";  // GEN-3
  bool foreign = false;
  std::string grade_code;
  std::string rule_set = "company";  // company | official (PLAN-11)
  std::string jurisdiction;
  std::string letter_no;
  std::optional<int32_t> letter_date;
  std::string policy;
  std::optional<int64_t> host_staff_id;
  std::optional<int64_t> department_id;
  std::string level;  // computed: "", high, equal, low
  std::string level_override, level_override_reason;
  int32_t start_date = 0, end_date = 0;
  std::string unit_contact, unit_contact_phone, preparation, notes;
  State status = State::kDraft;
  std::optional<int64_t> cost_standard_id;
  int64_t total_fen = 0;
  std::optional<int64_t> approved_total_fen;
  Route route;
  std::optional<int64_t> submitted_by, submitted_at, decided_by, decided_at;
  std::string decision_reason;
  int64_t version = 1;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
  // Joined for display.
  std::string host_name, department_name, created_by_name, grade_name;
  std::optional<int64_t> host_rank;
  int64_t guest_count = 0;
  // The plan's parts (FindReception fills them; lists leave them empty).
  std::vector<Guest> guests;
  std::vector<Item> items;
  std::vector<StaffRole> staff;
  std::vector<Contingency> contingencies;
  std::vector<BudgetLine> budget_lines;
  std::vector<CapApproval> cap_approvals;
  std::vector<Decision> decisions;
};

// --- the execution (PLAN-6..8) ---

// PLAN-6: money actually spent, against a budget row (an item with a cost, a budget line)
// or unplanned ("extra").
struct Cost {
  int64_t id = 0;
  int64_t reception_id = 0;
  std::string source;  // item | line | extra
  std::optional<int64_t> source_id;
  std::string category;  // a budget category (PLAN-4)
  std::string description;
  int64_t amount_fen = 0;
  std::string receipt;  // receipt or invoice note
  std::optional<int32_t> spent_on;
  std::optional<int64_t> recorded_by;
  int64_t recorded_at = 0, updated_at = 0;
  std::string recorded_by_name;
};

// PLAN-6: one follow-up call with the guests' opinions.
struct Followup {
  int64_t id = 0;
  std::string contact;
  int64_t called_at = 0;
  std::optional<int64_t> satisfaction;  // 1..5
  std::string opinions;
  std::optional<int64_t> recorded_by;
  int64_t recorded_at = 0;
  std::string recorded_by_name;
};

// PLAN-8: a note on a completed or archived reception.
struct Annotation {
  int64_t id = 0;
  std::string text;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
  std::string created_by_name;
};

// PLAN-8: the summary 接待总结 (free text; the actual-against-budget table is computed).
struct Summary {
  std::string overview, results, problems, improvements;
  std::optional<int64_t> written_by;
  std::optional<int64_t> written_at;
  std::string written_by_name;
  bool Empty() const {
    return overview.empty() && results.empty() && problems.empty() && improvements.empty();
  }
};

// When each phase began (PLAN-1) and the follow-up's due time.
struct Execution {
  std::optional<int64_t> started_at, started_by, finished_at, finished_by, archived_at,
      archived_by;
  std::optional<int64_t> followup_due_at;
  Summary summary;
  std::string started_by_name, finished_by_name, archived_by_name;
};

}  // namespace yingbin::receptions
