#include "conferences/store.hpp"

#include "db/sql.hpp"

namespace yingbin::conferences::store {
namespace {

using db::AllRows;
using db::FirstId;
using db::FirstRow;
using db::Flag;
using db::OrNull;
using db::Rows;
using db::ToStatus;
using db::Value;

Result<int64_t> NewId(Result<Rows> rows) {
  auto id = FirstId(std::move(rows));
  if (!id) return std::move(id).error();
  if (!*id) return core::Internal("INSERT ... RETURNING id gave no row");
  return **id;
}

// --- conferences ---

constexpr char kConferenceSelect[] =
    "SELECT c.id, c.site_id, c.reception_id, c.title, c.place, c.start_date, c.end_date, "
    "c.registration_opens_at, c.registration_closes_at, c.public_token, c.fee_fen, "
    "c.waive_head, c.waive_liaison, c.liaison_free_above, c.contact, c.notes, c.created_by, "
    "c.created_at, c.updated_at, COALESCE(s.name, '') AS site_name, "
    "COALESCE(s.time_zone, 'Asia/Shanghai') AS time_zone, "
    "(SELECT COUNT(*) FROM conference_delegates d WHERE d.conference_id = c.id AND "
    "d.status = 'registered') AS delegate_count "
    "FROM conferences c LEFT JOIN sites s ON s.id = c.site_id ";

Conference ConferenceFromRow(const Rows& r, size_t i) {
  Conference m;
  m.id = r.Int(i, "id");
  m.site_id = r.Int(i, "site_id");
  m.reception_id = r.OptInt(i, "reception_id");
  m.title = r.Text(i, "title");
  m.place = r.Text(i, "place");
  m.start_date = static_cast<int32_t>(r.Int(i, "start_date"));
  m.end_date = static_cast<int32_t>(r.Int(i, "end_date"));
  m.registration_opens_at = r.Int(i, "registration_opens_at");
  m.registration_closes_at = r.Int(i, "registration_closes_at");
  m.public_token = r.Text(i, "public_token");
  m.fee_fen = r.Int(i, "fee_fen");
  m.waive_head = r.Int(i, "waive_head") != 0;
  m.waive_liaison = r.Int(i, "waive_liaison") != 0;
  m.liaison_free_above = r.Int(i, "liaison_free_above");
  m.contact = r.Text(i, "contact");
  m.notes = r.Text(i, "notes");
  m.created_by = r.OptInt(i, "created_by");
  m.created_at = r.Int(i, "created_at");
  m.updated_at = r.Int(i, "updated_at");
  m.site_name = r.Text(i, "site_name");
  m.time_zone = r.Text(i, "time_zone");
  m.delegate_count = r.Int(i, "delegate_count");
  return m;
}

// --- hotel classes ---

// Rooms taken: singles plus two sharers to a room (rules::RoomsNeeded, in SQL for the list).
constexpr char kHotelSelect[] =
    "SELECT h.id, h.conference_id, h.name, h.hotel, h.price_fen, h.rooms, h.sort, "
    "(SELECT COUNT(*) FROM conference_delegates d WHERE d.hotel_id = h.id AND "
    "d.status = 'registered' AND d.room_sharing = 'single') AS singles, "
    "(SELECT COUNT(*) FROM conference_delegates d WHERE d.hotel_id = h.id AND "
    "d.status = 'registered' AND d.room_sharing = 'shared') AS sharers "
    "FROM conference_hotels h ";

HotelClass HotelFromRow(const Rows& r, size_t i) {
  HotelClass h;
  h.id = r.Int(i, "id");
  h.conference_id = r.Int(i, "conference_id");
  h.name = r.Text(i, "name");
  h.hotel = r.Text(i, "hotel");
  h.price_fen = r.Int(i, "price_fen");
  h.rooms = r.Int(i, "rooms");
  h.sort = r.Int(i, "sort");
  const int64_t singles = r.Int(i, "singles"), sharers = r.Int(i, "sharers");
  h.rooms_taken = singles + (sharers + 1) / 2;
  return h;
}

// --- meals, pickup points ---

constexpr char kMealSelect[] =
    "SELECT id, conference_id, day, kind, starts_minute, place, price_fen FROM conference_meals ";

Meal MealFromRow(const Rows& r, size_t i) {
  Meal m;
  m.id = r.Int(i, "id");
  m.conference_id = r.Int(i, "conference_id");
  m.day = static_cast<int32_t>(r.Int(i, "day"));
  m.kind = r.Text(i, "kind");
  m.starts_minute = static_cast<int>(r.Int(i, "starts_minute"));
  m.place = r.Text(i, "place");
  m.price_fen = r.Int(i, "price_fen");
  return m;
}

const std::string& PointSelect() {
  static const std::string s =
      "SELECT p.id, p.conference_id, p.name, p.kind, p.window_minutes, p.staff_id, p.notes, "
      "COALESCE(s.name, '') AS staff_name FROM conference_pickup_points p "
      "LEFT JOIN staff s ON s.id = p.staff_id ";
  return s;
}

PickupPoint PointFromRow(const Rows& r, size_t i) {
  PickupPoint p;
  p.id = r.Int(i, "id");
  p.conference_id = r.Int(i, "conference_id");
  p.name = r.Text(i, "name");
  p.kind = r.Text(i, "kind");
  p.window_minutes = r.OptInt(i, "window_minutes");
  p.staff_id = r.OptInt(i, "staff_id");
  p.notes = r.Text(i, "notes");
  p.staff_name = r.Text(i, "staff_name");
  return p;
}

// --- delegates ---

constexpr char kDelegateSelect[] =
    "SELECT id, conference_id, code, name, gender, organisation, title, role, phone_hint, email, "
    "diet, diet_note, needs, arrival_at, arrival_transport, arrival_number, arrival_point_id, "
    "departure_at, departure_transport, departure_number, departure_point_id, return_ticket, "
    "return_note, hotel_id, room_sharing, roommate, status, source, created_by, created_at, "
    "updated_at FROM conference_delegates ";

Delegate DelegateFromRow(const Rows& r, size_t i) {
  Delegate d;
  d.id = r.Int(i, "id");
  d.conference_id = r.Int(i, "conference_id");
  d.code = r.Text(i, "code");
  d.name = r.Text(i, "name");
  d.gender = r.Text(i, "gender");
  d.organisation = r.Text(i, "organisation");
  d.title = r.Text(i, "title");
  d.role = r.Text(i, "role");
  d.phone_hint = r.Text(i, "phone_hint");
  d.email = r.Text(i, "email");
  d.diet = r.Text(i, "diet");
  d.diet_note = r.Text(i, "diet_note");
  d.needs = r.Text(i, "needs");
  d.arrival_at = r.OptInt(i, "arrival_at");
  d.arrival_transport = r.Text(i, "arrival_transport");
  d.arrival_number = r.Text(i, "arrival_number");
  d.arrival_point_id = r.OptInt(i, "arrival_point_id");
  d.departure_at = r.OptInt(i, "departure_at");
  d.departure_transport = r.Text(i, "departure_transport");
  d.departure_number = r.Text(i, "departure_number");
  d.departure_point_id = r.OptInt(i, "departure_point_id");
  d.return_ticket = r.Int(i, "return_ticket") != 0;
  d.return_note = r.Text(i, "return_note");
  d.hotel_id = r.OptInt(i, "hotel_id");
  d.room_sharing = r.Text(i, "room_sharing");
  d.roommate = r.Text(i, "roommate");
  d.status = r.Text(i, "status");
  d.source = r.Text(i, "source");
  d.created_by = r.OptInt(i, "created_by");
  d.created_at = r.Int(i, "created_at");
  d.updated_at = r.Int(i, "updated_at");
  return d;
}

// --- bills, payments ---

constexpr char kBillSelect[] =
    "SELECT id, conference_id, category, ref_id, supplier, item, quantity, unit_price_fen, note, "
    "created_by, created_at, updated_at FROM conference_bill_lines ";

BillLine BillFromRow(const Rows& r, size_t i) {
  BillLine l;
  l.id = r.Int(i, "id");
  l.conference_id = r.Int(i, "conference_id");
  l.category = r.Text(i, "category");
  l.ref_id = r.OptInt(i, "ref_id");
  l.supplier = r.Text(i, "supplier");
  l.item = r.Text(i, "item");
  l.quantity = r.Int(i, "quantity");
  l.unit_price_fen = r.Int(i, "unit_price_fen");
  l.note = r.Text(i, "note");
  l.created_by = r.OptInt(i, "created_by");
  l.created_at = r.Int(i, "created_at");
  l.updated_at = r.Int(i, "updated_at");
  return l;
}

constexpr char kPaymentSelect[] =
    "SELECT id, conference_id, organisation, amount_fen, paid_on, method, reference, note, "
    "created_by, created_at FROM conference_payments ";

Payment PaymentFromRow(const Rows& r, size_t i) {
  Payment p;
  p.id = r.Int(i, "id");
  p.conference_id = r.Int(i, "conference_id");
  p.organisation = r.Text(i, "organisation");
  p.amount_fen = r.Int(i, "amount_fen");
  p.paid_on = static_cast<int32_t>(r.Int(i, "paid_on"));
  p.method = r.Text(i, "method");
  p.reference = r.Text(i, "reference");
  p.note = r.Text(i, "note");
  p.created_by = r.OptInt(i, "created_by");
  p.created_at = r.Int(i, "created_at");
  return p;
}

}  // namespace

// ---------------------------------------------------------------- conferences

Result<int64_t> InsertConference(Connection& c, const Conference& m) {
  return NewId(c.Query(
      "INSERT INTO conferences (site_id, reception_id, title, place, start_date, end_date, "
      "registration_opens_at, registration_closes_at, public_token, fee_fen, waive_head, "
      "waive_liaison, liaison_free_above, contact, notes, created_by, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) "
      "RETURNING id",
      {m.site_id, OrNull(m.reception_id), m.title, m.place, int64_t{m.start_date},
       int64_t{m.end_date}, m.registration_opens_at, m.registration_closes_at, m.public_token,
       m.fee_fen, Flag(m.waive_head), Flag(m.waive_liaison), m.liaison_free_above, m.contact,
       m.notes, OrNull(m.created_by), m.created_at}));
}

Status UpdateConference(Connection& c, const Conference& m) {
  return ToStatus(c.Exec(
      "UPDATE conferences SET site_id = $2, reception_id = $3, title = $4, place = $5, "
      "start_date = $6, end_date = $7, registration_opens_at = $8, registration_closes_at = $9, "
      "public_token = $10, fee_fen = $11, waive_head = $12, waive_liaison = $13, "
      "liaison_free_above = $14, contact = $15, notes = $16, updated_at = $17 WHERE id = $1",
      {m.id, m.site_id, OrNull(m.reception_id), m.title, m.place, int64_t{m.start_date},
       int64_t{m.end_date}, m.registration_opens_at, m.registration_closes_at, m.public_token,
       m.fee_fen, Flag(m.waive_head), Flag(m.waive_liaison), m.liaison_free_above, m.contact,
       m.notes, m.updated_at}));
}

Status DeleteConference(Connection& c, int64_t id) {
  return ToStatus(c.Exec("DELETE FROM conferences WHERE id = $1", {id}));
}

Result<std::optional<Conference>> FindConference(Connection& c, int64_t id) {
  return FirstRow(c.Query(std::string(kConferenceSelect) + "WHERE c.id = $1", {id}),
                  ConferenceFromRow);
}

Result<std::optional<Conference>> FindConferenceByToken(Connection& c, const std::string& token) {
  return FirstRow(c.Query(std::string(kConferenceSelect) + "WHERE c.public_token = $1", {token}),
                  ConferenceFromRow);
}

Result<std::vector<Conference>> ListConferences(Connection& c,
                                                std::optional<int32_t> upcoming_from) {
  if (upcoming_from)
    return AllRows(c.Query(std::string(kConferenceSelect) +
                               "WHERE c.end_date >= $1 ORDER BY c.start_date, c.id",
                           {int64_t{*upcoming_from}}),
                   ConferenceFromRow);
  return AllRows(c.Query(std::string(kConferenceSelect) + "ORDER BY c.start_date DESC, c.id DESC"),
                 ConferenceFromRow);
}

// ---------------------------------------------------------------- hotel classes

Result<std::vector<HotelClass>> ListHotels(Connection& c, int64_t conference_id) {
  return AllRows(
      c.Query(std::string(kHotelSelect) + "WHERE h.conference_id = $1 ORDER BY h.sort, h.id",
              {conference_id}),
      HotelFromRow);
}

Result<std::optional<HotelClass>> FindHotel(Connection& c, int64_t id) {
  return FirstRow(c.Query(std::string(kHotelSelect) + "WHERE h.id = $1", {id}), HotelFromRow);
}

Result<int64_t> InsertHotel(Connection& c, const HotelClass& h, int64_t now) {
  return NewId(
      c.Query("INSERT INTO conference_hotels (conference_id, name, hotel, price_fen, rooms, sort, "
              "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
              {h.conference_id, h.name, h.hotel, h.price_fen, h.rooms, h.sort, now}));
}

Status UpdateHotel(Connection& c, const HotelClass& h, int64_t now) {
  return ToStatus(c.Exec(
      "UPDATE conference_hotels SET name = $2, hotel = $3, price_fen = $4, rooms = $5, sort = $6, "
      "updated_at = $7 WHERE id = $1",
      {h.id, h.name, h.hotel, h.price_fen, h.rooms, h.sort, now}));
}

Status DeleteHotel(Connection& c, int64_t id) {
  return ToStatus(c.Exec("DELETE FROM conference_hotels WHERE id = $1", {id}));
}

Status LockHotel(Connection& c, int64_t hotel_id) {
  if (!db::IsPostgres(c)) return core::Ok();
  auto rows = c.Query("SELECT id FROM conference_hotels WHERE id = $1 FOR UPDATE", {hotel_id});
  if (!rows) return std::move(rows).error();
  return core::Ok();
}

Result<std::pair<int64_t, int64_t>> HotelOccupants(Connection& c, int64_t hotel_id,
                                                   std::optional<int64_t> except_delegate_id) {
  auto rows = c.Query(
      "SELECT COUNT(CASE WHEN room_sharing = 'single' THEN 1 END) AS singles, "
      "COUNT(CASE WHEN room_sharing = 'shared' THEN 1 END) AS sharers "
      "FROM conference_delegates WHERE hotel_id = $1 AND status = 'registered' AND id <> $2",
      {hotel_id, except_delegate_id.value_or(0)});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::pair<int64_t, int64_t>{0, 0};
  return std::pair<int64_t, int64_t>{rows->Int(0, "singles"), rows->Int(0, "sharers")};
}

// ---------------------------------------------------------------- meals

Result<std::vector<Meal>> ListMeals(Connection& c, int64_t conference_id) {
  return AllRows(
      c.Query(std::string(kMealSelect) + "WHERE conference_id = $1 ORDER BY day, starts_minute, id",
              {conference_id}),
      MealFromRow);
}

Result<std::optional<Meal>> FindMeal(Connection& c, int64_t id) {
  return FirstRow(c.Query(std::string(kMealSelect) + "WHERE id = $1", {id}), MealFromRow);
}

Result<int64_t> InsertMeal(Connection& c, const Meal& m, int64_t now) {
  return NewId(c.Query(
      "INSERT INTO conference_meals (conference_id, day, kind, starts_minute, place, price_fen, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
      {m.conference_id, int64_t{m.day}, m.kind, int64_t{m.starts_minute}, m.place, m.price_fen,
       now}));
}

Status UpdateMeal(Connection& c, const Meal& m, int64_t now) {
  return ToStatus(
      c.Exec("UPDATE conference_meals SET day = $2, kind = $3, starts_minute = $4, place = $5, "
             "price_fen = $6, updated_at = $7 WHERE id = $1",
             {m.id, int64_t{m.day}, m.kind, int64_t{m.starts_minute}, m.place, m.price_fen, now}));
}

Status DeleteMeal(Connection& c, int64_t id) {
  return ToStatus(c.Exec("DELETE FROM conference_meals WHERE id = $1", {id}));
}

// ---------------------------------------------------------------- pickup points

Result<std::vector<PickupPoint>> ListPoints(Connection& c, int64_t conference_id) {
  return AllRows(
      c.Query(PointSelect() + "WHERE p.conference_id = $1 ORDER BY p.id", {conference_id}),
      PointFromRow);
}

Result<std::optional<PickupPoint>> FindPoint(Connection& c, int64_t id) {
  return FirstRow(c.Query(PointSelect() + "WHERE p.id = $1", {id}), PointFromRow);
}

Result<int64_t> InsertPoint(Connection& c, const PickupPoint& p, int64_t now) {
  return NewId(
      c.Query("INSERT INTO conference_pickup_points (conference_id, name, kind, window_minutes, "
              "staff_id, notes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) "
              "RETURNING id",
              {p.conference_id, p.name, p.kind, OrNull(p.window_minutes), OrNull(p.staff_id),
               p.notes, now}));
}

Status UpdatePoint(Connection& c, const PickupPoint& p, int64_t now) {
  return ToStatus(
      c.Exec("UPDATE conference_pickup_points SET name = $2, kind = $3, window_minutes = $4, "
             "staff_id = $5, notes = $6, updated_at = $7 WHERE id = $1",
             {p.id, p.name, p.kind, OrNull(p.window_minutes), OrNull(p.staff_id), p.notes, now}));
}

Status DeletePoint(Connection& c, int64_t id) {
  return ToStatus(c.Exec("DELETE FROM conference_pickup_points WHERE id = $1", {id}));
}

// ---------------------------------------------------------------- delegates

Result<int64_t> InsertDelegate(Connection& c, const Delegate& d, const Phone& phone) {
  return NewId(c.Query(
      "INSERT INTO conference_delegates (conference_id, code, name, gender, organisation, title, "
      "role, phone_enc, phone_index, phone_hint, email, diet, diet_note, needs, arrival_at, "
      "arrival_transport, arrival_number, arrival_point_id, departure_at, departure_transport, "
      "departure_number, departure_point_id, return_ticket, return_note, hotel_id, room_sharing, "
      "roommate, status, source, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
      "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, "
      "$25, $26, $27, $28, $29, $30, $31, $31) RETURNING id",
      {d.conference_id,
       d.code,
       d.name,
       d.gender,
       d.organisation,
       d.title,
       d.role,
       phone.enc,
       phone.index,
       phone.hint,
       d.email,
       d.diet,
       d.diet_note,
       d.needs,
       OrNull(d.arrival_at),
       d.arrival_transport,
       d.arrival_number,
       OrNull(d.arrival_point_id),
       OrNull(d.departure_at),
       d.departure_transport,
       d.departure_number,
       OrNull(d.departure_point_id),
       Flag(d.return_ticket),
       d.return_note,
       OrNull(d.hotel_id),
       d.room_sharing,
       d.roommate,
       d.status,
       d.source,
       OrNull(d.created_by),
       d.created_at}));
}

Status UpdateDelegate(Connection& c, const Delegate& d, const std::optional<Phone>& phone) {
  YB_RETURN_IF_ERROR(ToStatus(c.Exec(
      "UPDATE conference_delegates SET name = $2, gender = $3, organisation = $4, title = $5, "
      "role = $6, email = $7, diet = $8, diet_note = $9, needs = $10, arrival_at = $11, "
      "arrival_transport = $12, arrival_number = $13, arrival_point_id = $14, departure_at = $15, "
      "departure_transport = $16, departure_number = $17, departure_point_id = $18, "
      "return_ticket = $19, return_note = $20, hotel_id = $21, room_sharing = $22, roommate = $23, "
      "status = $24, updated_at = $25 WHERE id = $1",
      {d.id,
       d.name,
       d.gender,
       d.organisation,
       d.title,
       d.role,
       d.email,
       d.diet,
       d.diet_note,
       d.needs,
       OrNull(d.arrival_at),
       d.arrival_transport,
       d.arrival_number,
       OrNull(d.arrival_point_id),
       OrNull(d.departure_at),
       d.departure_transport,
       d.departure_number,
       OrNull(d.departure_point_id),
       Flag(d.return_ticket),
       d.return_note,
       OrNull(d.hotel_id),
       d.room_sharing,
       d.roommate,
       d.status,
       d.updated_at})));
  if (!phone) return core::Ok();
  return ToStatus(
      c.Exec("UPDATE conference_delegates SET phone_enc = $2, phone_index = $3, phone_hint = $4 "
             "WHERE id = $1",
             {d.id, phone->enc, phone->index, phone->hint}));
}

Result<std::optional<Delegate>> FindDelegate(Connection& c, int64_t id) {
  return FirstRow(c.Query(std::string(kDelegateSelect) + "WHERE id = $1", {id}), DelegateFromRow);
}

Result<std::optional<Delegate>> FindDelegateByCode(Connection& c, int64_t conference_id,
                                                   const std::string& code) {
  return FirstRow(c.Query(std::string(kDelegateSelect) + "WHERE conference_id = $1 AND code = $2",
                          {conference_id, code}),
                  DelegateFromRow);
}

Result<std::optional<Delegate>> FindDelegateByPhone(Connection& c, int64_t conference_id,
                                                    const std::string& phone_index) {
  return FirstRow(
      c.Query(std::string(kDelegateSelect) + "WHERE conference_id = $1 AND phone_index = $2 AND "
                                             "status = 'registered'",
              {conference_id, phone_index}),
      DelegateFromRow);
}

Result<std::vector<Delegate>> ListDelegates(Connection& c, int64_t conference_id,
                                            bool with_cancelled) {
  return AllRows(c.Query(std::string(kDelegateSelect) + "WHERE conference_id = $1" +
                             (with_cancelled ? "" : " AND status = 'registered'") + " ORDER BY id",
                         {conference_id}),
                 DelegateFromRow);
}

Result<std::optional<std::string>> DelegatePhoneEnc(Connection& c, int64_t id) {
  auto rows = c.Query("SELECT phone_enc FROM conference_delegates WHERE id = $1", {id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->Text(0, 0));
}

// ---------------------------------------------------------------- check-ins

Status InsertCheckin(Connection& c, const Checkin& k) {
  return ToStatus(
      c.Exec("INSERT INTO conference_meal_checkins (meal_id, delegate_id, method, checked_by, "
             "checked_at) VALUES ($1, $2, $3, $4, $5)",
             {k.meal_id, k.delegate_id, k.method, OrNull(k.checked_by), k.checked_at}));
}

Result<int64_t> DeleteCheckin(Connection& c, int64_t meal_id, int64_t delegate_id) {
  return c.Exec("DELETE FROM conference_meal_checkins WHERE meal_id = $1 AND delegate_id = $2",
                {meal_id, delegate_id});
}

Result<std::vector<Checkin>> MealCheckins(Connection& c, int64_t meal_id) {
  return AllRows(c.Query("SELECT meal_id, delegate_id, method, checked_by, checked_at FROM "
                         "conference_meal_checkins WHERE meal_id = $1 ORDER BY checked_at",
                         {meal_id}),
                 [](const Rows& r, size_t i) {
                   return Checkin{r.Int(i, "meal_id"), r.Int(i, "delegate_id"), r.Text(i, "method"),
                                  r.OptInt(i, "checked_by"), r.Int(i, "checked_at")};
                 });
}

Result<std::vector<std::pair<int64_t, int64_t>>> CheckinCounts(Connection& c,
                                                               int64_t conference_id) {
  return AllRows(c.Query("SELECT k.meal_id, COUNT(*) AS n FROM conference_meal_checkins k "
                         "JOIN conference_meals m ON m.id = k.meal_id WHERE m.conference_id = $1 "
                         "GROUP BY k.meal_id",
                         {conference_id}),
                 [](const Rows& r, size_t i) {
                   return std::pair<int64_t, int64_t>{r.Int(i, "meal_id"), r.Int(i, "n")};
                 });
}

// ---------------------------------------------------------------- bills and payments

Result<std::vector<BillLine>> ListBillLines(Connection& c, int64_t conference_id) {
  return AllRows(
      c.Query(std::string(kBillSelect) + "WHERE conference_id = $1 ORDER BY id", {conference_id}),
      BillFromRow);
}

Result<std::optional<BillLine>> FindBillLine(Connection& c, int64_t id) {
  return FirstRow(c.Query(std::string(kBillSelect) + "WHERE id = $1", {id}), BillFromRow);
}

Result<int64_t> InsertBillLine(Connection& c, const BillLine& l) {
  return NewId(c.Query(
      "INSERT INTO conference_bill_lines (conference_id, category, ref_id, supplier, item, "
      "quantity, unit_price_fen, note, created_by, created_at, updated_at) VALUES ($1, $2, $3, "
      "$4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
      {l.conference_id, l.category, OrNull(l.ref_id), l.supplier, l.item, l.quantity,
       l.unit_price_fen, l.note, OrNull(l.created_by), l.created_at}));
}

Status UpdateBillLine(Connection& c, const BillLine& l) {
  return ToStatus(c.Exec(
      "UPDATE conference_bill_lines SET category = $2, ref_id = $3, supplier = $4, item = $5, "
      "quantity = $6, unit_price_fen = $7, note = $8, updated_at = $9 WHERE id = $1",
      {l.id, l.category, OrNull(l.ref_id), l.supplier, l.item, l.quantity, l.unit_price_fen, l.note,
       l.updated_at}));
}

Status DeleteBillLine(Connection& c, int64_t id) {
  return ToStatus(c.Exec("DELETE FROM conference_bill_lines WHERE id = $1", {id}));
}

Result<std::vector<Payment>> ListPayments(Connection& c, int64_t conference_id) {
  return AllRows(
      c.Query(std::string(kPaymentSelect) + "WHERE conference_id = $1 ORDER BY paid_on, id",
              {conference_id}),
      PaymentFromRow);
}

Result<std::optional<Payment>> FindPayment(Connection& c, int64_t id) {
  return FirstRow(c.Query(std::string(kPaymentSelect) + "WHERE id = $1", {id}), PaymentFromRow);
}

Result<int64_t> InsertPayment(Connection& c, const Payment& p) {
  return NewId(c.Query(
      "INSERT INTO conference_payments (conference_id, organisation, amount_fen, paid_on, method, "
      "reference, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "RETURNING id",
      {p.conference_id, p.organisation, p.amount_fen, int64_t{p.paid_on}, p.method, p.reference,
       p.note, OrNull(p.created_by), p.created_at}));
}

Status DeletePayment(Connection& c, int64_t id) {
  return ToStatus(c.Exec("DELETE FROM conference_payments WHERE id = $1", {id}));
}

}  // namespace yingbin::conferences::store
