#pragma once
// The rules of formal guest receptions as pure functions (no database, no clock), unit-tested
// in rules_test.cpp: the reception level (GEN-4), the budget against the cost standard
// (PLAN-5), the official-reception rule set (PLAN-11), dietary taboos flowing into meals
// and conflict detection (PLAN-3, PLAN-10), approval routing and re-approval (PLAN-4).
// Every number comes from a setting through the parameters; none is a constant here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "receptions/model.hpp"

namespace yingbin::receptions {

const char* StateName(State s);
std::optional<State> ParseState(std::string_view s);
const char* LevelName(Level l);
std::optional<Level> ParseLevel(std::string_view s);
// Open plans are those that can still change: draft, submitted, approved, rejected.
bool IsOpen(State s);

// The item kinds, meal types, staff roles, contingency kinds, budget categories (PLAN-4 in
// its order), taboo tags, intents (GEN-3) and transports the API accepts.
const std::vector<std::string_view>& ItemKinds();
const std::vector<std::string_view>& MealTypes();
const std::vector<std::string_view>& StaffRoles();
const std::vector<std::string_view>& KeyStaffRoles();  // PLAN-3: those that need a backup
const std::vector<std::string_view>& ContingencyKinds();
const std::vector<std::string_view>& BudgetCategories();
const std::vector<std::string_view>& TabooTags();
const std::vector<std::string_view>& Intents();
const std::vector<std::string_view>& Transports();

// --- GEN-4: the reception level ---

// Compares the main host's rank with the chief guest's (ranks 1..20, higher is more senior):
// host more than `equal_band` steps above the guest = high (高规格), more than `equal_band`
// below = low (低规格), otherwise equal (对等). nullopt when either rank is unknown.
std::optional<Level> ComputeLevel(std::optional<int64_t> host_rank,
                                  std::optional<int64_t> guest_rank, int64_t equal_band);
// The chief guest: the one flagged, else the most senior by rank, else the first; nullptr
// when there are no guests.
const Guest* ChiefGuest(const std::vector<Guest>& guests);
// GEN-4: high level costs the host's time: warn when the host has received at high level
// more than `max_count` times within the window (this plan included).
bool HighLevelTooOften(int64_t high_level_count, int64_t max_count);

// --- PLAN-5: the budget against the cost standard ---

int64_t ExtraGuests(int64_t guests, int64_t base_guests);
// The cap of one meal: the grade's lunch or dinner cap + the meal increment for every guest
// beyond the base. nullopt for other meals (breakfast, tea): PLAN-5 caps lunch and dinner.
std::optional<int64_t> MealCap(const StandardLine& s, std::string_view meal_type, int64_t guests,
                               int64_t base_guests);
// The entertainment cap of the visit: the grade's cap + the increment per extra guest;
// 0 when the grade allows none.
int64_t EntertainmentCap(const StandardLine& s, int64_t guests, int64_t base_guests);
// The lodging the company pays: cap per room-night x room-nights; 0 when the guest pays.
int64_t LodgingCap(const StandardLine& s, int64_t room_nights);
// The budget category of an itinerary item kind that carries a cost, or nullopt.
std::optional<std::string> ItemCategory(std::string_view kind);

// One line of the computed budget: an itinerary item with a cost, or a budget line.
struct BudgetRow {
  std::string source;  // item | line
  int64_t source_id = 0;
  std::string category;
  std::string label;
  int32_t day = 0;  // items
  int64_t quantity = 1;
  int64_t planned_fen = 0;
  std::string cap_key;  // the check it counts towards, "" when none
};

// One cap: a meal ("meal:<item id>"), the lodging of the visit ("lodging"), its
// entertainment ("entertainment").
struct CapCheck {
  std::string key;
  std::string category;
  std::optional<int64_t> item_id;
  std::string label;
  int64_t cap_fen = 0, planned_fen = 0;
  bool over = false;                    // planned above the cap: flagged
  std::optional<int64_t> approved_fen;  // explicitly approved up to this amount
  bool needs_approval = false;          // over, and not approved up to the planned amount
};

struct Budget {
  bool has_standard = false;
  std::vector<BudgetRow> rows;
  std::vector<CapCheck> checks;
  std::vector<std::pair<std::string, int64_t>> by_category;  // PLAN-4 order, non-zero only
  int64_t total_fen = 0;
  int64_t needing_approval = 0;          // checks with needs_approval
  std::string vehicle_class, accompany;  // the standard's suggestions for the grade
};

struct BudgetInput {
  std::optional<StandardLine> standard;  // the grade's line of the version in force
  int64_t guest_count = 0;
  int64_t base_guests = 2;  // setting receptions.extra_guest_base
  std::vector<Item> items;
  std::vector<BudgetLine> lines;
  std::vector<CapApproval> approvals;
};

// PLAN-5: the budget lines with their caps; any over its cap is flagged and needs explicit
// approval (PLAN-5 "spending above a cap needs explicit approval").
Budget ComputeBudget(const BudgetInput& in);

// --- PLAN-4: approval routing and re-approval ---

// The first active rule (in the given order) matching the total, grade and foreign/domestic.
std::optional<ApprovalRule> MatchRule(const std::vector<ApprovalRule>& rules, int64_t total_fen,
                                      std::string_view grade_code, bool foreign);
// An approved plan goes back for approval when a change makes it grow: a total above the
// approved one, or spending over a cap that nobody approved.
bool NeedsReapproval(int64_t approved_total_fen, const Budget& after);

// --- checks that block submission ---

// A rule a plan breaks: the message key, the field it concerns, the item named.
struct Violation {
  std::string key;
  std::string field;
  std::optional<int64_t> item_id;
  std::vector<std::pair<std::string, std::string>> args;
};

// "2026-11-24 12:00 午餐": how messages name an item.
std::string ItemLabel(const Item& item);

// PLAN-3: what every plan needs before it is submitted: guests, a main host, an
// itinerary inside the visit's dates, a cost standard in force, a backup for every key role
// (when `require_backup`).
std::vector<Violation> CheckComplete(const Reception& r, bool has_standard, bool require_backup);

// PLAN-11: the official-reception rule set.
struct OfficialLimits {
  int64_t working_meals = 1;      // at most this many working meals per visit
  int64_t small_group = 10;       // up to this many guests ...
  int64_t small_group_hosts = 3;  // ... at most this many host diners (陪餐)
  int64_t hosts_ratio = 3;        // above: at most one host diner per this many guests
};
// The most host diners at a meal for `guests` guests.
int64_t MaxHostDiners(int64_t guests, const OfficialLimits& limits);
// A 公函 is required; at most `working_meals` meals; host diners within MaxHostDiners at
// each meal; for domestic guests no gifts, souvenirs, sightseeing/entertainment or welcome
// ceremonies; lodging only in the designated hotels (when the standard lists any).
std::vector<Violation> CheckOfficial(const Reception& r, const std::vector<std::string>& hotels,
                                     const OfficialLimits& limits);

// --- dietary taboos and conflicts (PLAN-3, PLAN-10) ---

// A taboo of the guests as a meal needs to know it: a tag (halal ...) or an allergy word,
// and how many guests have it.
struct DietNote {
  std::string taboo;  // a tag, or "allergy"
  std::string text;   // allergy: the word
  int64_t guests = 0;
};
// The dietary notes of every meal, computed from the guests (so they never go stale).
std::vector<DietNote> DietaryNotes(const std::vector<Guest>& guests);
// The menu words that break a note: (taboo, word).
std::vector<std::pair<std::string, std::string>> MenuTabooHits(std::string_view menu,
                                                               const std::vector<DietNote>& notes);

// Another reception's item, or a meeting booking, that the plan's items may collide with.
struct OtherItem {
  Item item;
  std::string reception_number, reception_title;
};
struct Booking {
  int64_t meeting_id = 0;
  int64_t venue_id = 0;
  int64_t busy_from = 0, busy_to = 0;
  std::string title;
};

struct Conflict {
  std::string kind;  // staff | vehicle | venue | taboo
  int64_t item_id = 0;
  std::optional<int64_t> other_item_id;
  std::optional<int64_t> other_reception_id;
  std::string other_reception_number;
  std::optional<int64_t> meeting_id;
  std::optional<int64_t> staff_id;
  std::optional<int64_t> venue_id;
  std::string what;   // the vehicle, the meeting's title, the menu word
  std::string taboo;  // taboo conflicts: the tag or "allergy"
};
// A staff member or a vehicle in two overlapping items (of this plan or another's), a venue
// double-booked (by another item or a meeting booking), a meal whose menu breaks a taboo.
std::vector<Conflict> FindConflicts(const std::vector<Item>& mine,
                                    const std::vector<OtherItem>& others,
                                    const std::vector<Booking>& bookings,
                                    const std::vector<DietNote>& diet);

// --- rooms held through the meeting service (PLAN-3, MTG-4) ---

// PLAN-3: a plan holds its items' rooms from the first save until it is cancelled or
// archived (an archived plan's holds stay as the record of a past visit; only cancelling
// frees them).
bool HoldsRooms(State s);

// What one item holds: its venue for its time (the meeting service adds the room's buffers).
struct RoomHold {
  int64_t item_id = 0, venue_id = 0;
  int64_t start_at = 0, end_at = 0;
  std::string title;  // the item's activity
  std::optional<int64_t> organizer_staff_id;  // the plan's main host
  int64_t attendee_count = 0;                 // guests and the item's staff
  std::string number, plan_title;             // shown on the room calendar
  bool operator==(const RoomHold&) const = default;
};
// The holds plan `r` wants as it is now: one per item with a venue, none when the plan does
// not hold rooms (HoldsRooms).
std::vector<RoomHold> WantedHolds(const Reception& r);

// A booking the plan holds now, as a RoomHold.
struct HeldRoom {
  int64_t meeting_id = 0;
  RoomHold hold;
};
struct HoldChanges {
  // Holds to create (no meeting id) or to move or rename (the item's booking), in venue
  // order so that two plans lock their venues in the same order.
  std::vector<std::pair<RoomHold, std::optional<int64_t>>> put;
  std::vector<int64_t> release;  // bookings no item wants any more (or an item's extra ones)
};
// PLAN-3: from the holds a plan has to the holds it wants; unchanged holds are left alone.
HoldChanges DiffHolds(const std::vector<RoomHold>& wanted, const std::vector<HeldRoom>& held);

// "1234.50": fen as yuan with two decimals, for messages.
std::string FormatYuan(int64_t fen);

}  // namespace yingbin::receptions
