#pragma once
// Plain records of conference reception 会务接待 (DOMAIN.md PLAN-9, PLAN-10, GEN-2).
// Money is integer fen; times UTC epoch milliseconds; dates days since 1970-01-01, local
// to the conference's site.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace yingbin::conferences {

struct Conference {
  int64_t id = 0;
  int64_t site_id = 0;
  std::optional<int64_t> reception_id;  // a formal reception plan (no FK; later)
  std::string title, place;
  int32_t start_date = 0, end_date = 0;
  int64_t registration_opens_at = 0, registration_closes_at = 0;
  std::string public_token;
  int64_t fee_fen = 0;  // 会务费 per delegate
  // PLAN-9 waivers: the head of each delegation free; one liaison free in a delegation of
  // more than `liaison_free_above` delegates.
  bool waive_head = true, waive_liaison = true;
  int64_t liaison_free_above = 2;
  std::string contact, notes;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
  // Joined / computed for display.
  std::string site_name, time_zone;
  int64_t delegate_count = 0;
};

// A hotel class (A类, B类): its hotel, the price of a room per night, the rooms held.
struct HotelClass {
  int64_t id = 0;
  int64_t conference_id = 0;
  std::string name, hotel;
  int64_t price_fen = 0;
  int64_t rooms = 0;  // the quota
  int64_t sort = 0;
  // Computed: rooms taken by registered delegates (rules::RoomsNeeded).
  int64_t rooms_taken = 0;
};

struct Meal {
  int64_t id = 0;
  int64_t conference_id = 0;
  int32_t day = 0;
  std::string kind;  // breakfast | lunch | dinner
  int starts_minute = 720;
  std::string place;
  int64_t price_fen = 0;  // per diner
  int64_t starts_at = 0;  // computed: the instant it starts (site-local day + minute)
};

struct PickupPoint {
  int64_t id = 0;
  int64_t conference_id = 0;
  std::string name;
  std::string kind;                       // airport | station | other
  std::optional<int64_t> window_minutes;  // nullopt: the setting
  std::optional<int64_t> staff_id;        // the driver / logistics contact sent the list
  std::string notes;
  std::string staff_name;  // joined
};

struct Delegate {
  int64_t id = 0;
  int64_t conference_id = 0;
  std::string code;
  std::string name, gender, organisation, title;
  std::string role = "member";  // head | liaison | member
  std::string phone_hint;       // masked (DATA-2); the clear number only through reveal
  std::string email;
  std::string diet = "normal";  // normal | halal | vegetarian | other
  std::string diet_note, needs;
  std::optional<int64_t> arrival_at;
  std::string arrival_transport, arrival_number;
  std::optional<int64_t> arrival_point_id;
  std::optional<int64_t> departure_at;
  std::string departure_transport, departure_number;
  std::optional<int64_t> departure_point_id;
  bool return_ticket = false;
  std::string return_note;
  std::optional<int64_t> hotel_id;
  std::string room_sharing = "single";  // single | shared
  std::string roommate;
  std::string status = "registered";  // registered | cancelled
  std::string source = "staff";       // public | staff
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
};

struct Checkin {
  int64_t meal_id = 0, delegate_id = 0;
  std::string method;  // tick | scan
  std::optional<int64_t> checked_by;
  int64_t checked_at = 0;
};

// One line of a supplier's bill.
struct BillLine {
  int64_t id = 0;
  int64_t conference_id = 0;
  std::string category;           // hotel | meal | transport | other
  std::optional<int64_t> ref_id;  // the hotel class / meal / pickup point it is for
  std::string supplier, item;
  int64_t quantity = 0;
  int64_t unit_price_fen = 0;
  std::string note;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
  int64_t amount_fen() const { return quantity * unit_price_fen; }
};

struct Payment {
  int64_t id = 0;
  int64_t conference_id = 0;
  std::string organisation;
  int64_t amount_fen = 0;
  int32_t paid_on = 0;
  std::string method = "transfer";
  std::string reference, note;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

}  // namespace yingbin::conferences
