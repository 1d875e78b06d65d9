#pragma once
// SQL of conference reception, through db::Connection (the same text on both backends).
// Every function runs on the caller's connection (inside its transaction when it has one).
// A missing row is an answer (nullopt), never an error; the only errors are the database's
// (a unique violation is kConflict error.duplicate, a foreign key kConflict error.in_use).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "conferences/model.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::conferences::store {

using core::Result;
using core::Status;
using db::Connection;

// --- conferences ---
Result<int64_t> InsertConference(Connection& c, const Conference& m);
// Writes every editable column of `m` (by m.id), public_token included.
Status UpdateConference(Connection& c, const Conference& m);
Status DeleteConference(Connection& c, int64_t id);
// With the site's name and time zone and the number of registered delegates.
Result<std::optional<Conference>> FindConference(Connection& c, int64_t id);
Result<std::optional<Conference>> FindConferenceByToken(Connection& c, const std::string& token);
// Newest first (by start date); `upcoming_from` keeps those ending on or after that date.
Result<std::vector<Conference>> ListConferences(Connection& c,
                                                std::optional<int32_t> upcoming_from);

// --- hotel classes ---
// In display order, each with the rooms its registered delegates take.
Result<std::vector<HotelClass>> ListHotels(Connection& c, int64_t conference_id);
Result<std::optional<HotelClass>> FindHotel(Connection& c, int64_t id);
Result<int64_t> InsertHotel(Connection& c, const HotelClass& h, int64_t now);
Status UpdateHotel(Connection& c, const HotelClass& h, int64_t now);
Status DeleteHotel(Connection& c, int64_t id);
// PLAN-9 quota under concurrency: serialises the bookings of one hotel class. On PostgreSQL
// the class's row is locked FOR UPDATE until the transaction ends, so a concurrent
// registration for the same class waits and then counts this one; SQLite's one writer
// serialises already (no-op).
Status LockHotel(Connection& c, int64_t hotel_id);
// Registered delegates in the class, apart from `except_delegate_id`: {singles, sharers}.
Result<std::pair<int64_t, int64_t>> HotelOccupants(Connection& c, int64_t hotel_id,
                                                   std::optional<int64_t> except_delegate_id);

// --- meals ---
Result<std::vector<Meal>> ListMeals(Connection& c, int64_t conference_id);  // by day and time
Result<std::optional<Meal>> FindMeal(Connection& c, int64_t id);
Result<int64_t> InsertMeal(Connection& c, const Meal& m, int64_t now);
Status UpdateMeal(Connection& c, const Meal& m, int64_t now);
Status DeleteMeal(Connection& c, int64_t id);

// --- pickup points ---
Result<std::vector<PickupPoint>> ListPoints(Connection& c, int64_t conference_id);
Result<std::optional<PickupPoint>> FindPoint(Connection& c, int64_t id);
Result<int64_t> InsertPoint(Connection& c, const PickupPoint& p, int64_t now);
Status UpdatePoint(Connection& c, const PickupPoint& p, int64_t now);
Status DeletePoint(Connection& c, int64_t id);

// --- delegates ---
// The stored forms of a phone number (DATA-2).
struct Phone {
  std::string enc, index, hint;
};
Result<int64_t> InsertDelegate(Connection& c, const Delegate& d, const Phone& phone);
// Writes every editable column of `d` (by d.id); the phone only when `phone` is given.
Status UpdateDelegate(Connection& c, const Delegate& d, const std::optional<Phone>& phone);
Result<std::optional<Delegate>> FindDelegate(Connection& c, int64_t id);
Result<std::optional<Delegate>> FindDelegateByCode(Connection& c, int64_t conference_id,
                                                   const std::string& code);
// The registered delegate with this phone index in the conference.
Result<std::optional<Delegate>> FindDelegateByPhone(Connection& c, int64_t conference_id,
                                                    const std::string& phone_index);
// Registration order; cancelled ones only with `with_cancelled`.
Result<std::vector<Delegate>> ListDelegates(Connection& c, int64_t conference_id,
                                            bool with_cancelled);
Result<std::optional<std::string>> DelegatePhoneEnc(Connection& c, int64_t id);

// --- meal check-ins ---
Status InsertCheckin(Connection& c, const Checkin& k);
// Rows removed (0 when the delegate was not checked in).
Result<int64_t> DeleteCheckin(Connection& c, int64_t meal_id, int64_t delegate_id);
Result<std::vector<Checkin>> MealCheckins(Connection& c, int64_t meal_id);
// Check-ins per meal of a conference: {meal_id, count}.
Result<std::vector<std::pair<int64_t, int64_t>>> CheckinCounts(Connection& c,
                                                               int64_t conference_id);

// --- bills and payments ---
Result<std::vector<BillLine>> ListBillLines(Connection& c, int64_t conference_id);
Result<std::optional<BillLine>> FindBillLine(Connection& c, int64_t id);
Result<int64_t> InsertBillLine(Connection& c, const BillLine& l);
Status UpdateBillLine(Connection& c, const BillLine& l);
Status DeleteBillLine(Connection& c, int64_t id);

Result<std::vector<Payment>> ListPayments(Connection& c, int64_t conference_id);
Result<std::optional<Payment>> FindPayment(Connection& c, int64_t id);
Result<int64_t> InsertPayment(Connection& c, const Payment& p);
Status DeletePayment(Connection& c, int64_t id);

}  // namespace yingbin::conferences::store
