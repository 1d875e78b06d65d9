#pragma once
// The rules of conference reception as pure functions (DOMAIN.md PLAN-9, PLAN-10): rooms
// against a hotel class's quota, nights and meals of a delegate's stay, what each delegate
// owes and what the waivers take off, the pickup runs at a station, the kitchen's diet
// counts, and the reconciliation of supplier bills against the registrations. No database,
// no clock; unit-tested in rules_test.cpp. Thread-safe.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace yingbin::conferences::rules {

// --- rooms (PLAN-9 hotel classes with quotas) ---

// Rooms a hotel class gives to `singles` delegates with a room of their own and `sharers`
// delegates who share a twin room: two sharers to a room, an odd one still needs a room.
int64_t RoomsNeeded(int64_t singles, int64_t sharers);
// Whether the rooms needed fit the quota.
bool FitsQuota(int64_t quota_rooms, int64_t singles, int64_t sharers);

// --- a delegate's stay ---

// Nights in the hotel: from the local day of arrival (else the conference's first day) to
// the local day of departure (else its last day). Someone who asks for a room stays at
// least one night (a one-day conference, or arrival and departure on one day).
int64_t Nights(std::optional<int32_t> arrival_day, std::optional<int32_t> departure_day,
               int32_t start_date, int32_t end_date);

// The lodging a delegate pays: the room's price per night times the nights; a sharer pays
// half the room, rounded up to the fen.
int64_t LodgingFen(int64_t price_per_night_fen, int64_t nights, bool shared);

// Whether a delegate on site from `present_from` to `present_until` (arrival and departure,
// or the conference's first midnight and last midnight when unknown) eats a meal that starts
// at `meal_at` and lasts `meal_minutes`: they arrive before it ends and leave after it
// starts.
bool AttendsMeal(int64_t present_from, int64_t present_until, int64_t meal_at,
                 int64_t meal_minutes);

// --- fees and waivers (PLAN-9) ---

struct WaiverRules {
  bool head_free = true;           // the head of each delegation pays nothing
  bool liaison_free = true;        // one liaison pays nothing ...
  int64_t liaison_free_above = 2;  // ... in a delegation of more than this many delegates
};

// What one delegate would pay without waivers.
struct Charge {
  int64_t delegate_id = 0;  // registration order: lower ids registered first
  std::string organisation;
  std::string role;  // head | liaison | member
  int64_t fee_fen = 0, lodging_fen = 0, meals_fen = 0;
  int64_t gross_fen() const { return fee_fen + lodging_fen + meals_fen; }
};

struct ChargeLine {
  Charge charge;
  std::string waiver;  // "" | head | liaison
  int64_t due_fen = 0;
};

struct DelegationDue {
  std::string organisation;
  int64_t delegates = 0;
  std::vector<ChargeLine> lines;  // registration order
  int64_t gross_fen = 0, waived_fen = 0, due_fen = 0;
  // More than one head registered: only the first is free (the organisers should look).
  bool several_heads = false;
};

// Each delegation's amount due after waivers (the delegation is the organisation; delegations
// in name order). PLAN-9: the head of each delegation is free of fee, lodging and meals (one
// head: the first registered); in a delegation of more than N delegates one liaison (the
// first registered) is free too; exactly N delegates is not enough.
std::vector<DelegationDue> Fees(std::vector<Charge> charges, const WaiverRules& rules);

// --- pickup lists (PLAN-9: pickup points fed by arrival data) ---

struct Traveller {
  int64_t delegate_id = 0;
  int64_t at = 0;         // arrival (or departure) instant
  int64_t day_start = 0;  // the instant of local midnight of that day (site zone)
};
struct PickupRun {
  int64_t from = 0, to = 0;           // [from, to): one run of the shuttle
  std::vector<int64_t> delegate_ids;  // by time, then registration order
};
// Groups travellers into runs of `window_minutes` aligned to local midnight (09:00–10:00,
// 10:00–11:00 for 60), in time order; empty runs are left out.
// REQUIRES: window_minutes > 0.
std::vector<PickupRun> PickupRuns(std::vector<Traveller> travellers, int64_t window_minutes);

// --- special diets for the kitchen (PLAN-10) ---

// Counts per diet (normal, halal, vegetarian, other), every diet present, zero or not.
std::map<std::string, int64_t> DietCounts(const std::vector<std::string>& diets);
extern const char* const kDiets[4];

// --- bill reconciliation (PLAN-9) ---

// What the registrations lead one to expect for one thing billed: room-nights of a hotel
// class, diners at a meal, shuttle runs at a pickup point.
struct Expected {
  std::string category;  // hotel | meal | transport
  int64_t ref_id = 0;
  std::string label;
  int64_t quantity = 0;
  std::optional<int64_t> unit_price_fen;  // nullopt: no agreed price (compare quantities)
};
struct BilledLine {
  int64_t line_id = 0;
  std::string category;  // hotel | meal | transport | other
  std::optional<int64_t> ref_id;
  int64_t quantity = 0;
  int64_t unit_price_fen = 0;
};
struct ReconRow {
  std::string category;
  std::optional<int64_t> ref_id;
  std::string label;
  int64_t expected_quantity = 0;
  std::optional<int64_t> expected_fen;  // nullopt without an agreed price
  int64_t billed_quantity = 0, billed_fen = 0;
  int64_t quantity_diff = 0;           // billed - expected
  std::optional<int64_t> amount_diff;  // billed - expected
  // match | over | under (billed more / less than expected) | unbilled (expected, no bill
  // line) | unexpected (a line for nothing expected: "other", or an unknown reference)
  std::string status;
  std::vector<int64_t> line_ids;
};
struct Reconciliation {
  std::vector<ReconRow> rows;  // expected things in their order, then unexpected lines
  int64_t expected_fen = 0, billed_fen = 0, difference_fen = 0;
  int64_t mismatches = 0;  // rows not "match"
};
Reconciliation Reconcile(const std::vector<Expected>& expected,
                         const std::vector<BilledLine>& lines);

}  // namespace yingbin::conferences::rules
