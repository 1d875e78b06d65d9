#pragma once
// JSON shapes of conference reception (routes and audit rows). Money in fen, dates as
// "YYYY-MM-DD", instants as ISO 8601 UTC, phones masked (DATA-2).
#include "api/json.hpp"
#include "conferences/model.hpp"

namespace yingbin::conferences {

api::Json ConferenceJson(const Conference& c);
api::Json HotelJson(const HotelClass& h);
api::Json MealJson(const Meal& m);
api::Json PointJson(const PickupPoint& p);
api::Json DelegateJson(const Delegate& d);
api::Json BillLineJson(const BillLine& l);
api::Json PaymentJson(const Payment& p);

}  // namespace yingbin::conferences
