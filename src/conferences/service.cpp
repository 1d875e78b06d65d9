#include "conferences/service.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "audit/audit.hpp"
#include "conferences/json.hpp"
#include "conferences/store.hpp"
#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/identity.hpp"
#include "core/time.hpp"
#include "notify/notify.hpp"
#include "org/directory.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "org/site_time.hpp"

namespace yingbin::conferences {
namespace {

constexpr char kPhoneField[] = "delegate.phone";  // associated data of the phone ciphertext
constexpr int64_t kDayMs = 24 * 60 * 60'000;

template <class T>
Result<T> Required(Result<std::optional<T>> r) {
  if (!r) return std::move(r).error();
  if (!*r) return core::NotFound();
  return std::move(**r);
}

core::Error UnknownReference(std::string field) {
  return core::InvalidArgument(std::move(field), "validation.unknown_reference");
}

std::optional<int64_t> ActorId(const auth::Principal& p) {
  return p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt;
}

Status Audit(db::Connection& tx, const Ctx& c, const char* action, const char* entity, int64_t id,
             const api::Json* before, const api::Json* after) {
  return audit::Record(
      tx, c.actor, c.now,
      {action, entity, id, before ? before->dump() : "", after ? after->dump() : "", c.reason});
}

Result<Conference> LoadConference(db::Connection& c, int64_t id) {
  return Required(store::FindConference(c, id));
}

// The instant a meal starts at the conference's site.
Status DateMeals(const core::BusinessCalendar& cal, std::vector<Meal>& meals) {
  for (auto& m : meals) {
    auto at = core::LocalTimeToUtc(cal, m.day, m.starts_minute);
    if (!at) return std::move(at).error();
    m.starts_at = *at;
  }
  return core::Ok();
}

// --- everything a derived list is computed from ---

struct Snapshot {
  Conference conference;
  core::BusinessCalendar cal;
  std::vector<HotelClass> hotels;
  std::vector<Meal> meals;
  std::vector<PickupPoint> points;
  std::vector<Delegate> delegates;  // registered, in registration order
  std::map<int64_t, Stay> stays;    // by delegate id
  int64_t window_minutes = 60, meal_minutes = 60;
};

const HotelClass* HotelOf(const Snapshot& s, std::optional<int64_t> id) {
  if (!id) return nullptr;
  for (const auto& h : s.hotels)
    if (h.id == *id) return &h;
  return nullptr;
}

Result<std::optional<int32_t>> LocalDay(const core::BusinessCalendar& cal,
                                        std::optional<int64_t> at) {
  if (!at) return std::optional<int32_t>();
  auto d = core::LocalDate(cal, *at);
  if (!d) return std::move(d).error();
  return std::optional<int32_t>(*d);
}

// PLAN-9: what each delegate's stay comes to: nights and lodging in their hotel class, the
// meals they are on site for, the fee.
Status ComputeStays(Snapshot& s) {
  auto from = core::LocalTimeToUtc(s.cal, s.conference.start_date, 0);
  if (!from) return std::move(from).error();
  auto until = core::LocalTimeToUtc(s.cal, s.conference.end_date + 1, 0);
  if (!until) return std::move(until).error();
  for (const auto& d : s.delegates) {
    Stay st;
    st.fee_fen = s.conference.fee_fen;
    if (const HotelClass* h = HotelOf(s, d.hotel_id)) {
      auto in = LocalDay(s.cal, d.arrival_at);
      if (!in) return std::move(in).error();
      auto out = LocalDay(s.cal, d.departure_at);
      if (!out) return std::move(out).error();
      st.nights = rules::Nights(*in, *out, s.conference.start_date, s.conference.end_date);
      st.lodging_fen = rules::LodgingFen(h->price_fen, st.nights, d.room_sharing == "shared");
    }
    const int64_t present_from = d.arrival_at.value_or(*from);
    const int64_t present_until = d.departure_at.value_or(*until);
    for (const auto& m : s.meals)
      if (rules::AttendsMeal(present_from, present_until, m.starts_at, s.meal_minutes)) {
        st.meal_ids.push_back(m.id);
        st.meals_fen += m.price_fen;
      }
    s.stays[d.id] = std::move(st);
  }
  return core::Ok();
}

Result<Snapshot> LoadSnapshot(db::Connection& c, int64_t conference_id) {
  Snapshot s;
  auto conf = LoadConference(c, conference_id);
  if (!conf) return std::move(conf).error();
  s.conference = std::move(*conf);
  auto cal = org::SiteCalendar(c, s.conference.site_id);
  if (!cal) return std::move(cal).error();
  s.cal = std::move(*cal);
  auto hotels = store::ListHotels(c, conference_id);
  if (!hotels) return std::move(hotels).error();
  s.hotels = std::move(*hotels);
  auto meals = store::ListMeals(c, conference_id);
  if (!meals) return std::move(meals).error();
  s.meals = std::move(*meals);
  YB_RETURN_IF_ERROR(DateMeals(s.cal, s.meals));
  auto points = store::ListPoints(c, conference_id);
  if (!points) return std::move(points).error();
  s.points = std::move(*points);
  auto delegates = store::ListDelegates(c, conference_id, false);
  if (!delegates) return std::move(delegates).error();
  s.delegates = std::move(*delegates);
  auto window = org::GetSetting(c, "conferences.pickup_window_minutes");
  if (!window) return std::move(window).error();
  s.window_minutes = *window;
  auto meal_minutes = org::GetSetting(c, "conferences.meal_minutes");
  if (!meal_minutes) return std::move(meal_minutes).error();
  s.meal_minutes = *meal_minutes;
  YB_RETURN_IF_ERROR(ComputeStays(s));
  return s;
}

Result<Snapshot> LoadSnapshot(db::Pool& pool, int64_t conference_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return LoadSnapshot(**lease, conference_id);
}

// --- conferences ---

Status CheckConference(db::Connection& tx, const ConferenceInput& in) {
  YB_RETURN_IF_ERROR(org::CheckSiteReference(tx, in.site_id));
  if (in.end_date < in.start_date)
    return core::InvalidArgument("end_date", "conferences.end_before_start");
  if (in.registration_closes_at <= in.registration_opens_at)
    return core::InvalidArgument("registration_closes_at", "conferences.close_before_open");
  return core::Ok();
}

Status ApplyInput(db::Connection& tx, const ConferenceInput& in, Conference& m) {
  m.site_id = in.site_id;
  m.reception_id = in.reception_id;
  m.title = in.title;
  m.place = in.place;
  m.start_date = in.start_date;
  m.end_date = in.end_date;
  m.registration_opens_at = in.registration_opens_at;
  m.registration_closes_at = in.registration_closes_at;
  m.fee_fen = in.fee_fen;
  m.waive_head = in.waive_head;
  m.waive_liaison = in.waive_liaison;
  if (in.liaison_free_above) {
    m.liaison_free_above = *in.liaison_free_above;
  } else {
    // PLAN-9: N defaults to the setting; the conference keeps its own from then on.
    auto n = org::GetSetting(tx, "conferences.liaison_free_above");
    if (!n) return std::move(n).error();
    m.liaison_free_above = *n;
  }
  m.contact = in.contact;
  m.notes = in.notes;
  return core::Ok();
}

// --- delegates ---

// DATA-2: the stored forms of a phone number.
store::Phone PhoneOf(const core::FieldCipher& cipher, const std::string& phone) {
  const std::string n = core::NormalisePhone(phone);
  if (n.empty()) return {};
  return {cipher.Encrypt(n, kPhoneField), cipher.BlindIndex(n, kPhoneField), core::MaskPhone(n)};
}

Status CheckPointRef(db::Connection& tx, int64_t conference_id, std::optional<int64_t> id,
                     const char* field) {
  if (!id) return core::Ok();
  auto p = store::FindPoint(tx, *id);
  if (!p) return std::move(p).error();
  if (!*p || (*p)->conference_id != conference_id) return UnknownReference(field);
  return core::Ok();
}

// GEN-2 / PLAN-10 facts that depend on nothing stored.
Status CheckDelegateFacts(const DelegateInput& in) {
  // PLAN-10: a special diet other than the listed ones must say what it is.
  if (in.diet == "other" && in.diet_note.empty())
    return core::InvalidArgument("diet_note", "conferences.diet_note_required");
  if (in.arrival_at && in.departure_at && *in.departure_at <= *in.arrival_at)
    return core::InvalidArgument("departure_at", "conferences.departure_before_arrival");
  return core::Ok();
}

void ApplyDelegate(const DelegateInput& in, Delegate& d) {
  d.name = in.name;
  d.gender = in.gender;
  d.organisation = in.organisation;
  d.title = in.title;
  d.role = in.role;
  d.email = in.email;
  d.diet = in.diet;
  d.diet_note = in.diet_note;
  d.needs = in.needs;
  d.arrival_at = in.arrival_at;
  d.arrival_transport = in.arrival_transport;
  d.arrival_number = in.arrival_number;
  d.arrival_point_id = in.arrival_point_id;
  d.departure_at = in.departure_at;
  d.departure_transport = in.departure_transport;
  d.departure_number = in.departure_number;
  d.departure_point_id = in.departure_point_id;
  d.return_ticket = in.return_ticket;
  d.return_note = in.return_ticket ? in.return_note : "";
  d.hotel_id = in.hotel_id;
  d.room_sharing = in.hotel_id ? in.room_sharing : "single";
  d.roommate = in.hotel_id && in.room_sharing == "shared" ? in.roommate : "";
}

// PLAN-9: the hotel class's quota, with this delegate in it. The class's row is locked
// first (PostgreSQL), so parallel registrations for the last room are counted one after
// the other: exactly one gets it.
Status CheckQuota(db::Connection& tx, const Delegate& d) {
  if (!d.hotel_id) return core::Ok();
  auto h = store::FindHotel(tx, *d.hotel_id);
  if (!h) return std::move(h).error();
  if (!*h || (*h)->conference_id != d.conference_id) return UnknownReference("hotel_id");
  YB_RETURN_IF_ERROR(store::LockHotel(tx, *d.hotel_id));
  auto occ =
      store::HotelOccupants(tx, *d.hotel_id, d.id ? std::optional<int64_t>(d.id) : std::nullopt);
  if (!occ) return std::move(occ).error();
  auto [singles, sharers] = *occ;
  (d.room_sharing == "shared" ? sharers : singles) += 1;
  if (!rules::FitsQuota((*h)->rooms, singles, sharers))
    return core::Conflict("conferences.hotel_full", "hotel_id").With("hotel", (*h)->name);
  return core::Ok();
}

// One registration per phone number and conference (the unique index backs this up).
Status CheckPhoneFree(db::Connection& tx, int64_t conference_id, const store::Phone& phone,
                      int64_t except_id) {
  if (phone.index.empty()) return core::Ok();
  auto other = store::FindDelegateByPhone(tx, conference_id, phone.index);
  if (!other) return std::move(other).error();
  if (*other && (*other)->id != except_id)
    return core::Conflict("conferences.already_registered", "phone").With("name", (*other)->name);
  return core::Ok();
}

// A small code for the delegate's meal ticket (shown as a QR code), unique in the conference.
Result<std::string> NewCode(db::Connection& tx, int64_t conference_id) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::string code = core::RandomDigits(8);
    auto taken = store::FindDelegateByCode(tx, conference_id, code);
    if (!taken) return std::move(taken).error();
    if (!*taken) return code;
  }
  return core::Internal("no free delegate code");
}

Result<Delegate> InsertDelegateTx(db::Connection& tx, const Ctx& c, const Conference& conf,
                                  const DelegateInput& in, const std::string& source) {
  YB_RETURN_IF_ERROR(CheckDelegateFacts(in));
  YB_RETURN_IF_ERROR(CheckPointRef(tx, conf.id, in.arrival_point_id, "arrival_point_id"));
  YB_RETURN_IF_ERROR(CheckPointRef(tx, conf.id, in.departure_point_id, "departure_point_id"));
  Delegate d;
  d.conference_id = conf.id;
  ApplyDelegate(in, d);
  d.source = source;
  d.created_by = ActorId(c.actor);
  d.created_at = d.updated_at = c.now;
  const store::Phone phone = PhoneOf(c.cipher, in.phone.value_or(""));
  YB_RETURN_IF_ERROR(CheckPhoneFree(tx, conf.id, phone, 0));
  YB_RETURN_IF_ERROR(CheckQuota(tx, d));
  auto code = NewCode(tx, conf.id);
  if (!code) return std::move(code).error();
  d.code = *code;
  auto id = store::InsertDelegate(tx, d, phone);
  if (!id) return std::move(id).error();
  auto saved = Required(store::FindDelegate(tx, *id));
  if (!saved) return saved;
  const api::Json after = DelegateJson(*saved);
  YB_RETURN_IF_ERROR(Audit(tx, c, "create", "conference_delegate", *id, nullptr, &after));
  return saved;
}

Result<Delegate> DelegateOf(db::Connection& tx, int64_t conference_id, int64_t id) {
  auto d = Required(store::FindDelegate(tx, id));
  if (!d) return d;
  if (d->conference_id != conference_id) return core::NotFound();
  return d;
}

// --- pickups ---

Result<PickupList> BuildPickups(const Snapshot& s, const std::string& direction) {
  const bool arrival = direction == "arrival";
  PickupList out;
  out.direction = direction;
  out.time_zone = s.cal.time_zone;
  std::map<int64_t, const Delegate*> by_id;
  for (const auto& d : s.delegates) by_id[d.id] = &d;
  for (const auto& p : s.points) {
    PointPickups pp;
    pp.point = p;
    pp.window_minutes = p.window_minutes.value_or(s.window_minutes);
    std::vector<rules::Traveller> travellers;
    for (const auto& d : s.delegates) {
      const auto at = arrival ? d.arrival_at : d.departure_at;
      const auto point = arrival ? d.arrival_point_id : d.departure_point_id;
      if (!at || !point || *point != p.id) continue;
      auto day = core::LocalDate(s.cal, *at);
      if (!day) return std::move(day).error();
      auto midnight = core::LocalTimeToUtc(s.cal, *day, 0);
      if (!midnight) return std::move(midnight).error();
      travellers.push_back({d.id, *at, *midnight});
    }
    pp.people = static_cast<int64_t>(travellers.size());
    for (const auto& run : rules::PickupRuns(std::move(travellers), pp.window_minutes)) {
      PickupRunView v{run.from, run.to, {}};
      for (int64_t id : run.delegate_ids) v.delegates.push_back(*by_id[id]);
      pp.runs.push_back(std::move(v));
    }
    out.points.push_back(std::move(pp));
  }
  for (const auto& d : s.delegates) {
    const auto at = arrival ? d.arrival_at : d.departure_at;
    const auto point = arrival ? d.arrival_point_id : d.departure_point_id;
    if (at && !point) out.unassigned.push_back(d);
    if (d.return_ticket) out.return_tickets.push_back(d);
  }
  auto by_time = [arrival](const Delegate& a, const Delegate& b) {
    const int64_t ta = (arrival ? a.arrival_at : a.departure_at).value_or(0);
    const int64_t tb = (arrival ? b.arrival_at : b.departure_at).value_or(0);
    return std::tie(ta, a.id) < std::tie(tb, b.id);
  };
  std::sort(out.unassigned.begin(), out.unassigned.end(), by_time);
  return out;
}

// "09:00" in the site's zone.
std::string Clock(const core::BusinessCalendar& cal, int64_t at) {
  const std::string t = org::FormatSiteTime(cal, at);  // "2026-11-23 14:30"
  return t.size() >= 16 ? t.substr(11, 5) : t;
}

// The text a driver reads: one block per run.
std::string PickupText(const Snapshot& s, const PointPickups& pp) {
  std::string body = s.conference.title + " · " + pp.point.name + " 接站名单\n";
  if (pp.runs.empty()) body += "（暂无抵达该站点的代表）\n";
  for (const auto& run : pp.runs) {
    body += "\n" + org::FormatSiteTime(s.cal, run.from) + "–" + Clock(s.cal, run.to) + "　" +
            std::to_string(run.delegates.size()) + " 人\n";
    for (const auto& d : run.delegates) {
      body += "  " + Clock(s.cal, d.arrival_at.value_or(0)) + "  " + d.name + "（" +
              d.organisation + "）";
      if (!d.arrival_number.empty()) body += "  " + d.arrival_number;
      if (!d.phone_hint.empty()) body += "  " + d.phone_hint;
      if (!d.needs.empty()) body += "  需求：" + d.needs;
      body += "\n";
    }
  }
  if (!pp.point.notes.empty()) body += "\n备注：" + pp.point.notes + "\n";
  return body;
}

// --- meals ---

bool IsExpected(const Snapshot& s, int64_t delegate_id, int64_t meal_id) {
  auto it = s.stays.find(delegate_id);
  if (it == s.stays.end()) return false;
  const auto& ids = it->second.meal_ids;
  return std::find(ids.begin(), ids.end(), meal_id) != ids.end();
}

Result<Meal> MealOf(const Snapshot& s, int64_t meal_id) {
  for (const auto& m : s.meals)
    if (m.id == meal_id) return m;
  return core::NotFound();
}

// Delegation order for lists the organisers read: by organisation, head, liaison, members.
int RoleRank(const std::string& role) { return role == "head" ? 0 : role == "liaison" ? 1 : 2; }
bool ByDelegation(const Delegate& a, const Delegate& b) {
  return std::make_tuple(a.organisation, RoleRank(a.role), a.id) <
         std::make_tuple(b.organisation, RoleRank(b.role), b.id);
}

// --- bills ---

std::vector<rules::Expected> ExpectedCosts(const Snapshot& s) {
  std::vector<rules::Expected> out;
  // Room-nights: singles' nights, plus the sharers' nights two to a room.
  for (const auto& h : s.hotels) {
    int64_t single_nights = 0, shared_nights = 0;
    for (const auto& d : s.delegates) {
      if (!d.hotel_id || *d.hotel_id != h.id) continue;
      const int64_t n = s.stays.at(d.id).nights;
      (d.room_sharing == "shared" ? shared_nights : single_nights) += n;
    }
    out.push_back({"hotel", h.id, h.name + (h.hotel.empty() ? "" : " · " + h.hotel),
                   single_nights + (shared_nights + 1) / 2, h.price_fen});
  }
  for (const auto& m : s.meals) {
    int64_t diners = 0;
    for (const auto& d : s.delegates)
      if (IsExpected(s, d.id, m.id)) ++diners;
    out.push_back({"meal", m.id, core::FormatDate(m.day) + " " + m.kind, diners, m.price_fen});
  }
  for (const auto& p : s.points) {
    int64_t runs = 0;
    for (const char* dir : {"arrival", "departure"}) {
      auto list = BuildPickups(s, dir);
      if (!list) continue;
      for (const auto& pp : list->points)
        if (pp.point.id == p.id) runs += static_cast<int64_t>(pp.runs.size());
    }
    out.push_back({"transport", p.id, p.name, runs, std::nullopt});
  }
  return out;
}

Status CheckBillRef(db::Connection& tx, int64_t conference_id, const BillLine& l) {
  if (l.category == "other") {
    if (l.ref_id) return core::InvalidArgument("ref_id", "conferences.ref_not_allowed");
    return core::Ok();
  }
  if (!l.ref_id) return core::InvalidArgument("ref_id", "conferences.ref_required");
  int64_t owner = 0;
  if (l.category == "hotel") {
    auto h = store::FindHotel(tx, *l.ref_id);
    if (!h) return std::move(h).error();
    if (*h) owner = (*h)->conference_id;
  } else if (l.category == "meal") {
    auto m = store::FindMeal(tx, *l.ref_id);
    if (!m) return std::move(m).error();
    if (*m) owner = (*m)->conference_id;
  } else {
    auto p = store::FindPoint(tx, *l.ref_id);
    if (!p) return std::move(p).error();
    if (*p) owner = (*p)->conference_id;
  }
  if (owner != conference_id) return UnknownReference("ref_id");
  return core::Ok();
}

// Whether a bill line names the thing (a hotel class, meal or pickup point about to go).
Result<bool> Billed(db::Connection& tx, int64_t conference_id, const char* category, int64_t id) {
  auto lines = store::ListBillLines(tx, conference_id);
  if (!lines) return std::move(lines).error();
  for (const auto& l : *lines)
    if (l.category == category && l.ref_id && *l.ref_id == id) return true;
  return false;
}

}  // namespace

// ================================================================ conferences

Result<Conference> CreateConference(const Ctx& c, const ConferenceInput& in) {
  return c.pool.Transaction<Conference>([&](db::Connection& tx) -> Result<Conference> {
    YB_RETURN_IF_ERROR(CheckConference(tx, in));
    Conference m;
    YB_RETURN_IF_ERROR(ApplyInput(tx, in, m));
    m.public_token = core::RandomToken(18);
    m.created_by = ActorId(c.actor);
    m.created_at = m.updated_at = c.now;
    auto id = store::InsertConference(tx, m);
    if (!id) return std::move(id).error();
    auto saved = LoadConference(tx, *id);
    if (!saved) return saved;
    const api::Json after = ConferenceJson(*saved);
    YB_RETURN_IF_ERROR(Audit(tx, c, "create", "conference", *id, nullptr, &after));
    return saved;
  });
}

Result<Conference> UpdateConference(const Ctx& c, int64_t id, const ConferenceInput& in) {
  return c.pool.Transaction<Conference>([&](db::Connection& tx) -> Result<Conference> {
    auto before = LoadConference(tx, id);
    if (!before) return before;
    YB_RETURN_IF_ERROR(CheckConference(tx, in));
    // Meals must stay on conference days.
    auto meals = store::ListMeals(tx, id);
    if (!meals) return std::move(meals).error();
    for (const auto& m : *meals)
      if (m.day < in.start_date || m.day > in.end_date)
        return core::InvalidArgument("end_date", "conferences.meal_outside")
            .With("from", core::FormatDate(in.start_date))
            .With("to", core::FormatDate(in.end_date));
    Conference m = *before;
    YB_RETURN_IF_ERROR(ApplyInput(tx, in, m));
    m.updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateConference(tx, m));
    auto saved = LoadConference(tx, id);
    if (!saved) return saved;
    const api::Json b = ConferenceJson(*before), a = ConferenceJson(*saved);
    YB_RETURN_IF_ERROR(Audit(tx, c, "update", "conference", id, &b, &a));
    return saved;
  });
}

Result<Conference> RotateToken(const Ctx& c, int64_t id) {
  return c.pool.Transaction<Conference>([&](db::Connection& tx) -> Result<Conference> {
    auto before = LoadConference(tx, id);
    if (!before) return before;
    Conference m = *before;
    m.public_token = core::RandomToken(18);
    m.updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateConference(tx, m));
    // The token is a credential of sorts: the audit row says it changed, not what it is.
    const api::Json a = {{"public_token", "rotated"}};
    YB_RETURN_IF_ERROR(Audit(tx, c, "update", "conference", id, nullptr, &a));
    return LoadConference(tx, id);
  });
}

Status DeleteConference(const Ctx& c, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto before = LoadConference(tx, id);
    if (!before) return std::move(before).error();
    auto all = store::ListDelegates(tx, id, true);
    if (!all) return std::move(all).error();
    if (!all->empty()) return core::Conflict("conferences.has_delegates");
    YB_RETURN_IF_ERROR(store::DeleteConference(tx, id));
    const api::Json b = ConferenceJson(*before);
    return Audit(tx, c, "delete", "conference", id, &b, nullptr);
  });
}

Result<Conference> GetConference(db::Pool& pool, int64_t id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return LoadConference(**lease, id);
}

Result<std::vector<Conference>> ListConferences(db::Pool& pool, bool upcoming, int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  // A day before today in UTC is on or before today in every site's zone.
  return store::ListConferences(
      **lease,
      upcoming ? std::optional<int32_t>(static_cast<int32_t>(now / kDayMs) - 1) : std::nullopt);
}

Result<Setup> GetSetup(db::Pool& pool, int64_t id) {
  auto s = LoadSnapshot(pool, id);
  if (!s) return std::move(s).error();
  return Setup{std::move(s->conference), std::move(s->hotels), std::move(s->meals),
               std::move(s->points), s->window_minutes};
}

// ================================================================ hotels, meals, points

Result<HotelClass> PutHotel(const Ctx& c, int64_t conference_id, std::optional<int64_t> id,
                            const HotelClass& in) {
  return c.pool.Transaction<HotelClass>([&](db::Connection& tx) -> Result<HotelClass> {
    auto conf = LoadConference(tx, conference_id);
    if (!conf) return std::move(conf).error();
    HotelClass h = in;
    h.conference_id = conference_id;
    std::optional<HotelClass> before;
    if (id) {
      auto found = Required(store::FindHotel(tx, *id));
      if (!found) return found;
      if (found->conference_id != conference_id) return core::NotFound();
      before = *found;
      h.id = *id;
      YB_RETURN_IF_ERROR(store::LockHotel(tx, *id));
      auto occ = store::HotelOccupants(tx, *id, std::nullopt);
      if (!occ) return std::move(occ).error();
      // PLAN-9: the quota never drops below the rooms delegates already hold.
      const int64_t taken = rules::RoomsNeeded(occ->first, occ->second);
      if (h.rooms < taken)
        return core::Conflict("conferences.quota_below_taken", "rooms")
            .With("taken", std::to_string(taken));
      YB_RETURN_IF_ERROR(store::UpdateHotel(tx, h, c.now));
    } else {
      auto new_id = store::InsertHotel(tx, h, c.now);
      if (!new_id) return std::move(new_id).error();
      h.id = *new_id;
    }
    auto saved = Required(store::FindHotel(tx, h.id));
    if (!saved) return saved;
    const api::Json a = HotelJson(*saved);
    const api::Json b = before ? HotelJson(*before) : api::Json();
    YB_RETURN_IF_ERROR(Audit(tx, c, before ? "update" : "create", "conference_hotel", h.id,
                             before ? &b : nullptr, &a));
    return saved;
  });
}

Result<Meal> PutMeal(const Ctx& c, int64_t conference_id, std::optional<int64_t> id,
                     const Meal& in) {
  return c.pool.Transaction<Meal>([&](db::Connection& tx) -> Result<Meal> {
    auto conf = LoadConference(tx, conference_id);
    if (!conf) return std::move(conf).error();
    if (in.day < conf->start_date || in.day > conf->end_date)
      return core::InvalidArgument("day", "conferences.meal_outside")
          .With("from", core::FormatDate(conf->start_date))
          .With("to", core::FormatDate(conf->end_date));
    Meal m = in;
    m.conference_id = conference_id;
    std::optional<Meal> before;
    if (id) {
      auto found = Required(store::FindMeal(tx, *id));
      if (!found) return found;
      if (found->conference_id != conference_id) return core::NotFound();
      before = *found;
      m.id = *id;
      YB_RETURN_IF_ERROR(store::UpdateMeal(tx, m, c.now));
    } else {
      auto new_id = store::InsertMeal(tx, m, c.now);
      if (!new_id) return std::move(new_id).error();
      m.id = *new_id;
    }
    auto saved = Required(store::FindMeal(tx, m.id));
    if (!saved) return saved;
    auto cal = org::SiteCalendar(tx, conf->site_id);
    if (!cal) return std::move(cal).error();
    std::vector<Meal> one{*saved};
    YB_RETURN_IF_ERROR(DateMeals(*cal, one));
    const api::Json a = MealJson(one[0]);
    const api::Json b = before ? MealJson(*before) : api::Json();
    YB_RETURN_IF_ERROR(Audit(tx, c, before ? "update" : "create", "conference_meal", m.id,
                             before ? &b : nullptr, &a));
    return one[0];
  });
}

Result<PickupPoint> PutPoint(const Ctx& c, int64_t conference_id, std::optional<int64_t> id,
                             const PickupPoint& in) {
  return c.pool.Transaction<PickupPoint>([&](db::Connection& tx) -> Result<PickupPoint> {
    auto conf = LoadConference(tx, conference_id);
    if (!conf) return std::move(conf).error();
    if (in.staff_id) {
      auto s = org::FindStaffBrief(tx, *in.staff_id);
      if (!s) return std::move(s).error();
      if (!*s || !(*s)->active) return UnknownReference("staff_id");
    }
    PickupPoint p = in;
    p.conference_id = conference_id;
    std::optional<PickupPoint> before;
    if (id) {
      auto found = Required(store::FindPoint(tx, *id));
      if (!found) return found;
      if (found->conference_id != conference_id) return core::NotFound();
      before = *found;
      p.id = *id;
      YB_RETURN_IF_ERROR(store::UpdatePoint(tx, p, c.now));
    } else {
      auto new_id = store::InsertPoint(tx, p, c.now);
      if (!new_id) return std::move(new_id).error();
      p.id = *new_id;
    }
    auto saved = Required(store::FindPoint(tx, p.id));
    if (!saved) return saved;
    const api::Json a = PointJson(*saved);
    const api::Json b = before ? PointJson(*before) : api::Json();
    YB_RETURN_IF_ERROR(Audit(tx, c, before ? "update" : "create", "conference_pickup_point", p.id,
                             before ? &b : nullptr, &a));
    return saved;
  });
}

Status DeleteHotel(const Ctx& c, int64_t conference_id, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto h = Required(store::FindHotel(tx, id));
    if (!h) return std::move(h).error();
    if (h->conference_id != conference_id) return core::NotFound();
    auto all = store::ListDelegates(tx, conference_id, true);
    if (!all) return std::move(all).error();
    for (const auto& d : *all)
      if (d.hotel_id && *d.hotel_id == id) return core::Conflict("conferences.in_use");
    auto billed = Billed(tx, conference_id, "hotel", id);
    if (!billed) return std::move(billed).error();
    if (*billed) return core::Conflict("conferences.billed");
    YB_RETURN_IF_ERROR(store::DeleteHotel(tx, id));
    const api::Json b = HotelJson(*h);
    return Audit(tx, c, "delete", "conference_hotel", id, &b, nullptr);
  });
}

Status DeleteMeal(const Ctx& c, int64_t conference_id, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto m = Required(store::FindMeal(tx, id));
    if (!m) return std::move(m).error();
    if (m->conference_id != conference_id) return core::NotFound();
    auto billed = Billed(tx, conference_id, "meal", id);
    if (!billed) return std::move(billed).error();
    if (*billed) return core::Conflict("conferences.billed");
    YB_RETURN_IF_ERROR(store::DeleteMeal(tx, id));
    const api::Json b = MealJson(*m);
    return Audit(tx, c, "delete", "conference_meal", id, &b, nullptr);
  });
}

Status DeletePoint(const Ctx& c, int64_t conference_id, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto p = Required(store::FindPoint(tx, id));
    if (!p) return std::move(p).error();
    if (p->conference_id != conference_id) return core::NotFound();
    auto all = store::ListDelegates(tx, conference_id, true);
    if (!all) return std::move(all).error();
    for (const auto& d : *all)
      if ((d.arrival_point_id && *d.arrival_point_id == id) ||
          (d.departure_point_id && *d.departure_point_id == id))
        return core::Conflict("conferences.in_use");
    auto billed = Billed(tx, conference_id, "transport", id);
    if (!billed) return std::move(billed).error();
    if (*billed) return core::Conflict("conferences.billed");
    YB_RETURN_IF_ERROR(store::DeletePoint(tx, id));
    const api::Json b = PointJson(*p);
    return Audit(tx, c, "delete", "conference_pickup_point", id, &b, nullptr);
  });
}

// ================================================================ delegates

Result<Delegate> Register(const Ctx& c, const std::string& token, const DelegateInput& in) {
  return c.pool.Transaction<Delegate>([&](db::Connection& tx) -> Result<Delegate> {
    auto conf = Required(store::FindConferenceByToken(tx, token));
    if (!conf) return std::move(conf).error();
    // PLAN-9: the public form takes registrations only while registration is open.
    if (c.now < conf->registration_opens_at)
      return core::Conflict("conferences.registration_not_open")
          .With("time", org::FormatSiteTime(tx, conf->site_id, conf->registration_opens_at));
    if (c.now >= conf->registration_closes_at)
      return core::Conflict("conferences.registration_closed")
          .With("time", org::FormatSiteTime(tx, conf->site_id, conf->registration_closes_at));
    // The organisers reach every delegate who registers themselves by phone.
    if (core::NormalisePhone(in.phone.value_or("")).empty())
      return core::InvalidArgument("phone", "validation.required");
    return InsertDelegateTx(tx, c, *conf, in, "public");
  });
}

Result<Delegate> AddDelegate(const Ctx& c, int64_t conference_id, const DelegateInput& in) {
  return c.pool.Transaction<Delegate>([&](db::Connection& tx) -> Result<Delegate> {
    auto conf = LoadConference(tx, conference_id);
    if (!conf) return std::move(conf).error();
    return InsertDelegateTx(tx, c, *conf, in, "staff");
  });
}

Result<Delegate> UpdateDelegate(const Ctx& c, int64_t conference_id, int64_t id,
                                const DelegateInput& in) {
  return c.pool.Transaction<Delegate>([&](db::Connection& tx) -> Result<Delegate> {
    auto before = DelegateOf(tx, conference_id, id);
    if (!before) return before;
    if (before->status != "registered")
      return core::Conflict("conferences.delegate_cancelled", "status");
    YB_RETURN_IF_ERROR(CheckDelegateFacts(in));
    YB_RETURN_IF_ERROR(CheckPointRef(tx, conference_id, in.arrival_point_id, "arrival_point_id"));
    YB_RETURN_IF_ERROR(
        CheckPointRef(tx, conference_id, in.departure_point_id, "departure_point_id"));
    Delegate d = *before;
    ApplyDelegate(in, d);
    d.updated_at = c.now;
    std::optional<store::Phone> phone;
    if (in.phone) {
      phone = PhoneOf(c.cipher, *in.phone);
      YB_RETURN_IF_ERROR(CheckPhoneFree(tx, conference_id, *phone, id));
    }
    YB_RETURN_IF_ERROR(CheckQuota(tx, d));
    YB_RETURN_IF_ERROR(store::UpdateDelegate(tx, d, phone));
    auto saved = Required(store::FindDelegate(tx, id));
    if (!saved) return saved;
    const api::Json b = DelegateJson(*before), a = DelegateJson(*saved);
    YB_RETURN_IF_ERROR(Audit(tx, c, "update", "conference_delegate", id, &b, &a));
    return saved;
  });
}

Result<Delegate> CancelDelegate(const Ctx& c, int64_t conference_id, int64_t id) {
  return c.pool.Transaction<Delegate>([&](db::Connection& tx) -> Result<Delegate> {
    auto before = DelegateOf(tx, conference_id, id);
    if (!before) return before;
    if (before->status != "registered")
      return core::Conflict("conferences.delegate_cancelled", "status");
    Delegate d = *before;
    d.status = "cancelled";
    d.updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateDelegate(tx, d, std::nullopt));
    auto saved = Required(store::FindDelegate(tx, id));
    if (!saved) return saved;
    const api::Json b = DelegateJson(*before), a = DelegateJson(*saved);
    YB_RETURN_IF_ERROR(Audit(tx, c, "cancel", "conference_delegate", id, &b, &a));
    return saved;
  });
}

Result<std::string> RevealPhone(const Ctx& c, int64_t conference_id, int64_t id) {
  if (c.reason.empty()) return core::InvalidArgument("reason", "validation.required");
  if (!c.actor.Can("sensitive.reveal")) return core::Forbidden();
  return c.pool.Transaction<std::string>([&](db::Connection& tx) -> Result<std::string> {
    auto d = DelegateOf(tx, conference_id, id);
    if (!d) return std::move(d).error();
    auto enc = store::DelegatePhoneEnc(tx, id);
    if (!enc) return std::move(enc).error();
    if (!*enc || (*enc)->empty()) return core::NotFound();
    auto clear = c.cipher.Decrypt(**enc, kPhoneField);
    if (!clear) return std::move(clear).error();
    // DATA-2: the audit row names what was revealed, never the value itself.
    const api::Json a = {{"field", "phone"}};
    YB_RETURN_IF_ERROR(Audit(tx, c, "reveal", "conference_delegate", id, nullptr, &a));
    return *clear;
  });
}

Result<Delegate> GetDelegate(db::Pool& pool, int64_t conference_id, int64_t id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return DelegateOf(**lease, conference_id, id);
}

Result<std::vector<Delegate>> ListDelegates(db::Pool& pool, int64_t conference_id,
                                            bool with_cancelled) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto conf = LoadConference(**lease, conference_id);
  if (!conf) return std::move(conf).error();
  return store::ListDelegates(**lease, conference_id, with_cancelled);
}

Result<PublicView> PublicInfo(db::Pool& pool, const std::string& token, int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto conf = Required(store::FindConferenceByToken(**lease, token));
  if (!conf) return std::move(conf).error();
  PublicView v;
  v.conference = std::move(*conf);
  v.state = now < v.conference.registration_opens_at    ? "not_yet"
            : now < v.conference.registration_closes_at ? "open"
                                                        : "closed";
  auto hotels = store::ListHotels(**lease, v.conference.id);
  if (!hotels) return std::move(hotels).error();
  v.hotels = std::move(*hotels);
  auto points = store::ListPoints(**lease, v.conference.id);
  if (!points) return std::move(points).error();
  v.points = std::move(*points);
  return v;
}

// ================================================================ pickups

Result<PickupList> Pickups(db::Pool& pool, int64_t conference_id, const std::string& direction) {
  auto s = LoadSnapshot(pool, conference_id);
  if (!s) return std::move(s).error();
  return BuildPickups(*s, direction);
}

Result<int64_t> SendPickupList(const Ctx& c, int64_t conference_id, int64_t point_id) {
  return c.pool.Transaction<int64_t>([&](db::Connection& tx) -> Result<int64_t> {
    auto s = LoadSnapshot(tx, conference_id);
    if (!s) return std::move(s).error();
    auto list = BuildPickups(*s, "arrival");
    if (!list) return std::move(list).error();
    const PointPickups* pp = nullptr;
    for (const auto& p : list->points)
      if (p.point.id == point_id) pp = &p;
    if (!pp) return core::NotFound();
    if (!pp->point.staff_id) return core::InvalidArgument("staff_id", "conferences.no_staff");
    auto staff = org::FindStaffBrief(tx, *pp->point.staff_id);
    if (!staff) return std::move(staff).error();
    if (!*staff) return UnknownReference("staff_id");
    // PLAN-9: the arrival data goes ahead to whoever meets the delegates.
    notify::Message m;
    m.topic = "conference.pickup_list";
    m.subject = "接站名单：" + s->conference.title + " · " + pp->point.name;
    m.body = PickupText(*s, *pp);
    m.link = "/conferences/" + std::to_string(conference_id) + "?tab=pickup";
    m.payload_json = api::Json({{"conference_id", conference_id},
                                {"point_id", point_id},
                                {"people", pp->people},
                                {"runs", pp->runs.size()}})
                         .dump();
    if ((*staff)->user_id)
      m.user_ids.push_back(*(*staff)->user_id);
    else if (!(*staff)->email.empty())
      m.emails.push_back((*staff)->email);
    else
      return core::InvalidArgument("staff_id", "conferences.staff_unreachable")
          .With("name", (*staff)->name);
    auto n = notify::Enqueue(tx, c.now, m);
    if (!n) return std::move(n).error();
    const api::Json a = {{"sent_to_staff_id", *pp->point.staff_id},
                         {"people", pp->people},
                         {"runs", pp->runs.size()}};
    YB_RETURN_IF_ERROR(Audit(tx, c, "send", "conference_pickup_point", point_id, nullptr, &a));
    return *n;
  });
}

// ================================================================ meals

Result<MealTickets> Tickets(db::Pool& pool, int64_t conference_id, int64_t meal_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto s = LoadSnapshot(**lease, conference_id);
  if (!s) return std::move(s).error();
  auto meal = MealOf(*s, meal_id);
  if (!meal) return std::move(meal).error();
  auto checkins = store::MealCheckins(**lease, meal_id);
  if (!checkins) return std::move(checkins).error();
  std::map<int64_t, Checkin> by_delegate;
  for (const auto& k : *checkins) by_delegate[k.delegate_id] = k;
  MealTickets t;
  t.meal = *meal;
  t.time_zone = s->cal.time_zone;
  t.diets = rules::DietCounts({});
  t.checked_diets = rules::DietCounts({});
  std::vector<Delegate> sorted = s->delegates;
  std::sort(sorted.begin(), sorted.end(), ByDelegation);
  for (const auto& d : sorted) {
    const bool expected = IsExpected(*s, d.id, meal_id);
    auto k = by_delegate.find(d.id);
    if (!expected && k == by_delegate.end()) continue;
    TicketLine line{d, expected, std::nullopt, ""};
    if (expected) {
      ++t.expected;
      ++t.diets[d.diet];
    }
    if (k != by_delegate.end()) {
      line.checked_at = k->second.checked_at;
      line.method = k->second.method;
      ++t.checked_in;
      ++t.checked_diets[d.diet];
    }
    t.lines.push_back(std::move(line));
  }
  return t;
}

Result<TicketLine> CheckIn(const Ctx& c, int64_t conference_id, int64_t meal_id,
                           std::optional<int64_t> delegate_id, const std::string& code) {
  return c.pool.Transaction<TicketLine>([&](db::Connection& tx) -> Result<TicketLine> {
    auto s = LoadSnapshot(tx, conference_id);
    if (!s) return std::move(s).error();
    auto meal = MealOf(*s, meal_id);
    if (!meal) return std::move(meal).error();
    std::optional<Delegate> d;
    if (delegate_id) {
      auto found = store::FindDelegate(tx, *delegate_id);
      if (!found) return std::move(found).error();
      if (!*found || (*found)->conference_id != conference_id)
        return UnknownReference("delegate_id");
      d = **found;
    } else {
      auto found = store::FindDelegateByCode(tx, conference_id, code);
      if (!found) return std::move(found).error();
      if (!*found)
        return core::InvalidArgument("code", "conferences.unknown_code").With("code", code);
      d = **found;
    }
    if (d->status != "registered")
      return core::Conflict("conferences.delegate_cancelled", "status");
    auto checkins = store::MealCheckins(tx, meal_id);
    if (!checkins) return std::move(checkins).error();
    for (const auto& k : *checkins)
      if (k.delegate_id == d->id)
        return core::Conflict("conferences.already_checked_in",
                              delegate_id ? "delegate_id" : "code")
            .With("name", d->name)
            .With("time", org::FormatSiteTime(s->cal, k.checked_at).substr(11));
    Checkin k{meal_id, d->id, delegate_id ? "tick" : "scan", ActorId(c.actor), c.now};
    YB_RETURN_IF_ERROR(store::InsertCheckin(tx, k));
    const api::Json a = {{"meal_id", meal_id}, {"method", k.method}};
    YB_RETURN_IF_ERROR(Audit(tx, c, "checkin", "conference_delegate", d->id, nullptr, &a));
    return TicketLine{*d, IsExpected(*s, d->id, meal_id), c.now, k.method};
  });
}

Status UndoCheckIn(const Ctx& c, int64_t conference_id, int64_t meal_id, int64_t delegate_id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto meal = Required(store::FindMeal(tx, meal_id));
    if (!meal) return std::move(meal).error();
    if (meal->conference_id != conference_id) return core::NotFound();
    auto n = store::DeleteCheckin(tx, meal_id, delegate_id);
    if (!n) return std::move(n).error();
    if (*n == 0) return core::NotFound();
    const api::Json b = {{"meal_id", meal_id}};
    return Audit(tx, c, "uncheck", "conference_delegate", delegate_id, &b, nullptr);
  });
}

Result<DietSummary> Diets(db::Pool& pool, int64_t conference_id) {
  auto s = LoadSnapshot(pool, conference_id);
  if (!s) return std::move(s).error();
  DietSummary out;
  out.time_zone = s->cal.time_zone;
  std::vector<std::string> all;
  for (const auto& d : s->delegates) all.push_back(d.diet);
  out.diets = rules::DietCounts(all);
  for (const auto& m : s->meals) {
    std::vector<std::string> diets;
    for (const auto& d : s->delegates)
      if (IsExpected(*s, d.id, m.id)) diets.push_back(d.diet);
    out.meals.push_back({m, rules::DietCounts(diets), static_cast<int64_t>(diets.size())});
  }
  // PLAN-10: everyone the kitchen must know by name.
  for (const auto& d : s->delegates)
    if (d.diet != "normal" || !d.diet_note.empty()) out.special.push_back(d);
  std::sort(out.special.begin(), out.special.end(), ByDelegation);
  return out;
}

// ================================================================ fees and payments

Result<FeeView> Fees(db::Pool& pool, int64_t conference_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto s = LoadSnapshot(**lease, conference_id);
  if (!s) return std::move(s).error();
  auto payments = store::ListPayments(**lease, conference_id);
  if (!payments) return std::move(payments).error();
  FeeView v;
  v.rules = {s->conference.waive_head, s->conference.waive_liaison,
             s->conference.liaison_free_above};
  std::vector<rules::Charge> charges;
  std::map<int64_t, std::string> names;
  for (const auto& d : s->delegates) {
    const Stay& st = s->stays.at(d.id);
    charges.push_back({d.id, d.organisation, d.role, st.fee_fen, st.lodging_fen, st.meals_fen});
    names[d.id] = d.name;
  }
  std::map<std::string, int64_t> paid;
  for (const auto& p : *payments) paid[p.organisation] += p.amount_fen;
  for (auto& due : rules::Fees(std::move(charges), v.rules)) {
    DelegationFees f;
    for (const auto& l : due.lines) f.names[l.charge.delegate_id] = names[l.charge.delegate_id];
    f.paid_fen = paid[due.organisation];
    paid.erase(due.organisation);
    f.due = std::move(due);
    f.balance_fen = f.due.due_fen - f.paid_fen;
    v.delegations.push_back(std::move(f));
  }
  // Money from a delegation whose delegates all cancelled: still shown (to refund).
  for (const auto& [org, amount] : paid) {
    DelegationFees f;
    f.due.organisation = org;
    f.paid_fen = amount;
    f.balance_fen = -amount;
    v.delegations.push_back(std::move(f));
  }
  for (const auto& f : v.delegations) {
    v.gross_fen += f.due.gross_fen;
    v.waived_fen += f.due.waived_fen;
    v.due_fen += f.due.due_fen;
    v.paid_fen += f.paid_fen;
  }
  v.balance_fen = v.due_fen - v.paid_fen;
  v.payments = std::move(*payments);
  return v;
}

Result<Payment> AddPayment(const Ctx& c, int64_t conference_id, const Payment& in) {
  return c.pool.Transaction<Payment>([&](db::Connection& tx) -> Result<Payment> {
    auto conf = LoadConference(tx, conference_id);
    if (!conf) return std::move(conf).error();
    auto delegates = store::ListDelegates(tx, conference_id, false);
    if (!delegates) return std::move(delegates).error();
    const bool known = std::any_of(delegates->begin(), delegates->end(), [&](const Delegate& d) {
      return d.organisation == in.organisation;
    });
    if (!known)
      return core::InvalidArgument("organisation", "conferences.unknown_delegation")
          .With("organisation", in.organisation);
    Payment p = in;
    p.conference_id = conference_id;
    p.created_by = ActorId(c.actor);
    p.created_at = c.now;
    auto id = store::InsertPayment(tx, p);
    if (!id) return std::move(id).error();
    auto saved = Required(store::FindPayment(tx, *id));
    if (!saved) return saved;
    const api::Json a = PaymentJson(*saved);
    YB_RETURN_IF_ERROR(Audit(tx, c, "create", "conference_payment", *id, nullptr, &a));
    return saved;
  });
}

Status DeletePayment(const Ctx& c, int64_t conference_id, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto p = Required(store::FindPayment(tx, id));
    if (!p) return std::move(p).error();
    if (p->conference_id != conference_id) return core::NotFound();
    YB_RETURN_IF_ERROR(store::DeletePayment(tx, id));
    const api::Json b = PaymentJson(*p);
    return Audit(tx, c, "delete", "conference_payment", id, &b, nullptr);
  });
}

// ================================================================ bills

Result<BillLine> PutBillLine(const Ctx& c, int64_t conference_id, std::optional<int64_t> id,
                             const BillLine& in) {
  return c.pool.Transaction<BillLine>([&](db::Connection& tx) -> Result<BillLine> {
    auto conf = LoadConference(tx, conference_id);
    if (!conf) return std::move(conf).error();
    YB_RETURN_IF_ERROR(CheckBillRef(tx, conference_id, in));
    BillLine l = in;
    l.conference_id = conference_id;
    l.updated_at = c.now;
    std::optional<BillLine> before;
    if (id) {
      auto found = Required(store::FindBillLine(tx, *id));
      if (!found) return found;
      if (found->conference_id != conference_id) return core::NotFound();
      before = *found;
      l.id = *id;
      YB_RETURN_IF_ERROR(store::UpdateBillLine(tx, l));
    } else {
      l.created_by = ActorId(c.actor);
      l.created_at = c.now;
      auto new_id = store::InsertBillLine(tx, l);
      if (!new_id) return std::move(new_id).error();
      l.id = *new_id;
    }
    auto saved = Required(store::FindBillLine(tx, l.id));
    if (!saved) return saved;
    const api::Json a = BillLineJson(*saved);
    const api::Json b = before ? BillLineJson(*before) : api::Json();
    YB_RETURN_IF_ERROR(Audit(tx, c, before ? "update" : "create", "conference_bill_line", l.id,
                             before ? &b : nullptr, &a));
    return saved;
  });
}

Status DeleteBillLine(const Ctx& c, int64_t conference_id, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto l = Required(store::FindBillLine(tx, id));
    if (!l) return std::move(l).error();
    if (l->conference_id != conference_id) return core::NotFound();
    YB_RETURN_IF_ERROR(store::DeleteBillLine(tx, id));
    const api::Json b = BillLineJson(*l);
    return Audit(tx, c, "delete", "conference_bill_line", id, &b, nullptr);
  });
}

Result<BillView> Bills(db::Pool& pool, int64_t conference_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto s = LoadSnapshot(**lease, conference_id);
  if (!s) return std::move(s).error();
  auto lines = store::ListBillLines(**lease, conference_id);
  if (!lines) return std::move(lines).error();
  auto counts = store::CheckinCounts(**lease, conference_id);
  if (!counts) return std::move(counts).error();
  std::vector<rules::BilledLine> billed;
  for (const auto& l : *lines)
    billed.push_back({l.id, l.category, l.ref_id, l.quantity, l.unit_price_fen});
  BillView v;
  v.reconciliation = rules::Reconcile(ExpectedCosts(*s), billed);
  v.lines = std::move(*lines);
  for (const auto& [meal, n] : *counts) v.meal_checkins[meal] = n;
  return v;
}

// ================================================================ address book

Result<std::vector<AddressEntry>> AddressBook(const Ctx& c, int64_t conference_id, bool reveal) {
  if (reveal) {
    if (!c.actor.Can("sensitive.reveal")) return core::Forbidden();
    if (c.reason.empty()) return core::InvalidArgument("reason", "validation.required");
  }
  auto run = [&](db::Connection& tx) -> Result<std::vector<AddressEntry>> {
    auto conf = LoadConference(tx, conference_id);
    if (!conf) return std::move(conf).error();
    auto delegates = store::ListDelegates(tx, conference_id, false);
    if (!delegates) return std::move(delegates).error();
    std::sort(delegates->begin(), delegates->end(), ByDelegation);
    std::vector<AddressEntry> out;
    for (auto& d : *delegates) {
      AddressEntry e{d, d.phone_hint};
      if (reveal) {
        auto enc = store::DelegatePhoneEnc(tx, d.id);
        if (!enc) return std::move(enc).error();
        if (*enc && !(*enc)->empty()) {
          auto clear = c.cipher.Decrypt(**enc, kPhoneField);
          if (!clear) return std::move(clear).error();
          e.phone = *clear;
        }
      }
      out.push_back(std::move(e));
    }
    if (reveal) {
      // DATA-2: one audit row for the export, naming what was revealed and how many.
      const api::Json a = {
          {"field", "phone"}, {"export", "address_book"}, {"delegates", out.size()}};
      YB_RETURN_IF_ERROR(Audit(tx, c, "reveal", "conference", conference_id, nullptr, &a));
    }
    return out;
  };
  if (reveal) return c.pool.Transaction<std::vector<AddressEntry>>(run);
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  return run(**lease);
}

}  // namespace yingbin::conferences
