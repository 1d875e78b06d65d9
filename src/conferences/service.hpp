#pragma once
// Conference reception 会务接待 with the database (DOMAIN.md PLAN-9, PLAN-10, GEN-2).
// Every write runs in one transaction with its audit row (and, for the pickup list sent to
// a driver, its message through notify::Enqueue), so a committed change has its side
// effects and a refused one has none. Thread-safe (no state of its own).
//
// The organisers' lists are computed from the registrations every time they are read,
// never stored twice: pickup runs per point (arrival and departure data), meal tickets with
// their diets and check-ins, the kitchen's diet summary, each delegation's fees after the
// waivers, the reconciliation of supplier bills, the address book.
//
// Hotel quotas hold under concurrency (PLAN-9): a registration's quota check and its write
// run in one transaction that first locks the hotel class's row on PostgreSQL (SELECT ...
// FOR UPDATE), while SQLite's one writer serialises them: for the last room exactly one of
// two parallel registrations wins, the other is refused naming hotel_id.
//
// Who may do what (the routes check the permission, the service the rest):
//   conferences.read   conferences, delegates (phones masked), every derived list, exports
//   conferences.write  organise: settings, hotel classes, meals, pickup points, delegates,
//                      meal check-in, bills, payments, sending the pickup list
//   sensitive.reveal   a delegate's full phone number, or the address book with full
//                      numbers; every reveal is audited with its reason (DATA-2)
//   anyone             registers on the public form while registration is open
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "conferences/model.hpp"
#include "conferences/rules.hpp"
#include "core/field_crypto.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::conferences {

using core::Result;
using core::Status;

// Who acts, when, why, with what. `cipher` encrypts delegates' phone numbers (DATA-2).
struct Ctx {
  db::Pool& pool;
  const auth::Principal& actor;
  int64_t now = 0;
  const core::FieldCipher& cipher;
  std::string reason;
};

// --- conferences ---

struct ConferenceInput {
  int64_t site_id = 0;
  std::optional<int64_t> reception_id;
  std::string title, place;
  int32_t start_date = 0, end_date = 0;
  int64_t registration_opens_at = 0, registration_closes_at = 0;
  int64_t fee_fen = 0;
  bool waive_head = true, waive_liaison = true;
  std::optional<int64_t> liaison_free_above;  // nullopt: the setting conferences.liaison_free_above
  std::string contact, notes;
};
// Creates a conference with a new public registration token. Errors: kInvalidArgument naming
// the field (site_id validation.unknown_reference, end_date conferences.end_before_start,
// registration_closes_at conferences.close_before_open).
Result<Conference> CreateConference(const Ctx& c, const ConferenceInput& in);
// Replaces the settings (the token stays). Errors as Create; kNotFound.
Result<Conference> UpdateConference(const Ctx& c, int64_t id, const ConferenceInput& in);
// A new public token: the old link stops working at once. Errors: kNotFound.
Result<Conference> RotateToken(const Ctx& c, int64_t id);
// Errors: kNotFound; kConflict conferences.has_delegates once anyone registered.
Status DeleteConference(const Ctx& c, int64_t id);

Result<Conference> GetConference(db::Pool& pool, int64_t id);
// All conferences, or with `upcoming` those not over by the site-local today.
Result<std::vector<Conference>> ListConferences(db::Pool& pool, bool upcoming, int64_t now);

// The settings page: the conference with its hotel classes (rooms taken), meals (with their
// instants) and pickup points.
struct Setup {
  Conference conference;
  std::vector<HotelClass> hotels;
  std::vector<Meal> meals;
  std::vector<PickupPoint> points;
  int64_t default_window_minutes = 60;  // conferences.pickup_window_minutes
};
Result<Setup> GetSetup(db::Pool& pool, int64_t id);

// Hotel classes, meals, pickup points of a conference: create (no id) or replace one.
// Errors: kNotFound (conference, or an id not of this conference); kInvalidArgument naming
// the field; hotels: kConflict conferences.quota_below_taken on rooms; meals: day
// conferences.meal_outside; points: staff_id validation.unknown_reference.
Result<HotelClass> PutHotel(const Ctx& c, int64_t conference_id, std::optional<int64_t> id,
                            const HotelClass& in);
Result<Meal> PutMeal(const Ctx& c, int64_t conference_id, std::optional<int64_t> id,
                     const Meal& in);
Result<PickupPoint> PutPoint(const Ctx& c, int64_t conference_id, std::optional<int64_t> id,
                             const PickupPoint& in);
// Errors: kNotFound; kConflict conferences.in_use when a delegate chose it (hotel classes,
// pickup points) or a bill line names it.
Status DeleteHotel(const Ctx& c, int64_t conference_id, int64_t id);
Status DeleteMeal(const Ctx& c, int64_t conference_id, int64_t id);
Status DeletePoint(const Ctx& c, int64_t conference_id, int64_t id);

// --- delegates (GEN-2, PLAN-10) ---

struct DelegateInput {
  std::string name, gender, organisation, title;
  std::string role = "member";
  std::optional<std::string> phone;  // clear; nullopt on a change keeps the stored number
  std::string email;
  std::string diet = "normal", diet_note, needs;
  std::optional<int64_t> arrival_at;
  std::string arrival_transport, arrival_number;
  std::optional<int64_t> arrival_point_id;
  std::optional<int64_t> departure_at;
  std::string departure_transport, departure_number;
  std::optional<int64_t> departure_point_id;
  bool return_ticket = false;
  std::string return_note;
  std::optional<int64_t> hotel_id;
  std::string room_sharing = "single";
  std::string roommate;
};

// The public form (/register/<token>): registration must be open; a phone number is
// required and registers once per conference. Answers the new delegate (with the code of
// their meal ticket). Errors: kNotFound for an unknown token; kConflict
// conferences.registration_not_open / conferences.registration_closed; kInvalidArgument
// naming the field (phone validation.required, diet_note conferences.diet_note_required,
// departure_at conferences.departure_before_arrival, arrival_point_id / departure_point_id /
// hotel_id validation.unknown_reference); kConflict conferences.already_registered on phone,
// conferences.hotel_full on hotel_id (PLAN-9 quota).
Result<Delegate> Register(const Ctx& c, const std::string& token, const DelegateInput& in);
// The organisers add a delegate (any time; the quota still holds; phone optional).
// Errors as Register, without the window.
Result<Delegate> AddDelegate(const Ctx& c, int64_t conference_id, const DelegateInput& in);
// Replaces a delegate's facts. Errors as AddDelegate; kNotFound; kConflict
// conferences.delegate_cancelled.
Result<Delegate> UpdateDelegate(const Ctx& c, int64_t conference_id, int64_t id,
                                const DelegateInput& in);
// Cancels a registration: the room goes back to the quota; the delegate drops out of every
// list. Errors: kNotFound; kConflict conferences.delegate_cancelled.
Result<Delegate> CancelDelegate(const Ctx& c, int64_t conference_id, int64_t id);
// DATA-2: the clear phone number for holders of sensitive.reveal, audited with the reason
// (required). Errors: kInvalidArgument reason; kForbidden; kNotFound (also: no number).
Result<std::string> RevealPhone(const Ctx& c, int64_t conference_id, int64_t id);

Result<Delegate> GetDelegate(db::Pool& pool, int64_t conference_id, int64_t id);
Result<std::vector<Delegate>> ListDelegates(db::Pool& pool, int64_t conference_id,
                                            bool with_cancelled);

// What the public form shows: the conference, whether registration is open, its hotel
// classes with the rooms left, the pickup points. Errors: kNotFound.
struct PublicView {
  Conference conference;
  std::string state;  // not_yet | open | closed
  std::vector<HotelClass> hotels;
  std::vector<PickupPoint> points;
};
Result<PublicView> PublicInfo(db::Pool& pool, const std::string& token, int64_t now);

// --- what each delegate's stay comes to (computed) ---

struct Stay {
  int64_t nights = 0;  // in the hotel (0 without a room)
  int64_t fee_fen = 0, lodging_fen = 0, meals_fen = 0;
  std::vector<int64_t> meal_ids;  // the meals the delegate is expected at
};

// --- pickup lists (PLAN-9) ---

struct PickupRunView {
  int64_t from = 0, to = 0;
  std::vector<Delegate> delegates;
};
struct PointPickups {
  PickupPoint point;
  int64_t window_minutes = 60;
  std::vector<PickupRunView> runs;
  int64_t people = 0;
};
struct PickupList {
  std::string direction;  // arrival | departure
  std::string time_zone;
  std::vector<PointPickups> points;
  std::vector<Delegate> unassigned;      // a time given but no pickup point
  std::vector<Delegate> return_tickets;  // PLAN-9: asked the organisers to book it
};
// Errors: kNotFound.
Result<PickupList> Pickups(db::Pool& pool, int64_t conference_id, const std::string& direction);
// Sends a point's arrival list (its runs and names, flight/train numbers, masked phones) to
// the staff member assigned to it (in-app and e-mail by their preference, or their e-mail
// address), audited. Answers the number of deliveries. Errors: kNotFound;
// kInvalidArgument conferences.no_staff / conferences.staff_unreachable on staff_id.
Result<int64_t> SendPickupList(const Ctx& c, int64_t conference_id, int64_t point_id);

// --- meal tickets as check-in lists ---

struct TicketLine {
  Delegate delegate;
  bool expected = true;  // on site at that meal (a delegate checked in unexpectedly: false)
  std::optional<int64_t> checked_at;
  std::string method;  // tick | scan
};
struct MealTickets {
  Meal meal;
  std::string time_zone;
  std::vector<TicketLine> lines;                 // by delegation, then registration order
  std::map<std::string, int64_t> diets;          // expected diners per diet (PLAN-10)
  std::map<std::string, int64_t> checked_diets;  // checked-in diners per diet
  int64_t expected = 0, checked_in = 0;
};
// Errors: kNotFound (also a meal of another conference).
Result<MealTickets> Tickets(db::Pool& pool, int64_t conference_id, int64_t meal_id);
// Checks a delegate in at a meal by ticking (`delegate_id`) or by their code (scanned QR).
// Errors: kNotFound; kInvalidArgument code conferences.unknown_code / delegate_id
// validation.unknown_reference; kConflict conferences.delegate_cancelled,
// conferences.already_checked_in (a ticket used twice) with the name and time.
Result<TicketLine> CheckIn(const Ctx& c, int64_t conference_id, int64_t meal_id,
                           std::optional<int64_t> delegate_id, const std::string& code);
// Un-ticks. Errors: kNotFound (also: not checked in).
Status UndoCheckIn(const Ctx& c, int64_t conference_id, int64_t meal_id, int64_t delegate_id);

// The kitchen's view (PLAN-10): per meal the expected diners per diet, and everyone with a
// special diet or need.
struct DietSummary {
  struct PerMeal {
    Meal meal;
    std::map<std::string, int64_t> diets;
    int64_t diners = 0;
  };
  std::string time_zone;
  std::vector<PerMeal> meals;
  std::vector<Delegate> special;         // diet other than normal, or a diet note
  std::map<std::string, int64_t> diets;  // all registered delegates
};
Result<DietSummary> Diets(db::Pool& pool, int64_t conference_id);

// --- fees, waivers and payments (PLAN-9) ---

struct DelegationFees {
  rules::DelegationDue due;
  std::map<int64_t, std::string> names;  // delegate id -> name
  int64_t paid_fen = 0;
  int64_t balance_fen = 0;  // due - paid (negative: paid too much)
};
struct FeeView {
  std::vector<DelegationFees> delegations;
  std::vector<Payment> payments;
  int64_t gross_fen = 0, waived_fen = 0, due_fen = 0, paid_fen = 0, balance_fen = 0;
  rules::WaiverRules rules;
};
Result<FeeView> Fees(db::Pool& pool, int64_t conference_id);
// Records money received from a delegation. Errors: kInvalidArgument organisation
// conferences.unknown_delegation (no registered delegate of that organisation).
Result<Payment> AddPayment(const Ctx& c, int64_t conference_id, const Payment& in);
Status DeletePayment(const Ctx& c, int64_t conference_id, int64_t id);

// --- bills and their reconciliation (PLAN-9) ---

// Errors: kInvalidArgument naming the field (ref_id conferences.ref_required /
// conferences.ref_not_allowed / validation.unknown_reference); kNotFound.
Result<BillLine> PutBillLine(const Ctx& c, int64_t conference_id, std::optional<int64_t> id,
                             const BillLine& in);
Status DeleteBillLine(const Ctx& c, int64_t conference_id, int64_t id);
struct BillView {
  std::vector<BillLine> lines;
  rules::Reconciliation reconciliation;
  std::map<int64_t, int64_t> meal_checkins;  // meal id -> diners checked in
};
// Expected: room-nights per hotel class (singles' nights plus half the sharers' nights,
// rounded up) at its price; diners per meal at its price; shuttle runs (arrival and
// departure) per pickup point, no agreed price.
Result<BillView> Bills(db::Pool& pool, int64_t conference_id);

// --- the delegate address book ---

struct AddressEntry {
  Delegate delegate;
  std::string phone;  // masked, or clear when revealed
};
// Registered delegates by delegation. With `reveal` the clear phone numbers, for holders of
// sensitive.reveal only, with a reason, audited once for the export (DATA-2).
// Errors: kNotFound; kForbidden; kInvalidArgument reason validation.required.
Result<std::vector<AddressEntry>> AddressBook(const Ctx& c, int64_t conference_id, bool reveal);

}  // namespace yingbin::conferences
