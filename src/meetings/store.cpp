#include "meetings/store.hpp"

#include <nlohmann/json.hpp>

#include "meetings/rules.hpp"

namespace yingbin::meetings::store {
namespace {

using db::Null;
using db::Rows;
using db::Value;

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Null(); }
Value Bool(bool b) { return int64_t{b ? 1 : 0}; }

Status Done(Result<int64_t> r) {
  if (!r) return std::move(r).error();
  return core::Ok();
}

std::string P(size_t n) { return "$" + std::to_string(n); }

std::vector<int64_t> Ids(const Rows& r) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(r.Int(i, 0));
  return out;
}

std::string ServicesJson(const std::vector<ServiceItem>& items) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& s : items)
    j.push_back({{"item", s.item}, {"quantity", s.quantity}, {"note", s.note}});
  return j.dump();
}

std::vector<ServiceItem> ParseServices(const std::string& text) {
  std::vector<ServiceItem> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (!e.is_object()) continue;
    ServiceItem s;
    s.item = e.value("item", "");
    s.quantity = e.value("quantity", int64_t{1});
    s.note = e.value("note", "");
    out.push_back(std::move(s));
  }
  return out;
}

// The name a user is shown under: their staff record's name, else the display name, else
// the user name.
#define YB_USER_NAME(alias)                                          \
  "COALESCE((SELECT us.name FROM staff us WHERE us.user_id = " alias \
  ".id ORDER BY us.id "                                              \
  "LIMIT 1), CASE WHEN " alias ".display_name <> '' THEN " alias     \
  ".display_name ELSE "                                              \
  "COALESCE(" alias ".username, '') END)"

constexpr char kMeetingSelect[] =
    "SELECT m.id, m.site_id, m.venue_id, m.series_id, m.occurrence_start_at, m.is_exception, "
    "m.uid, m.sequence, m.title, m.category, m.organizer_staff_id, m.clerk_user_id, "
    "m.attendee_count, m.start_at, m.end_at, m.busy_from, m.busy_to, m.status, m.approval_rule, "
    "m.decided_by, m.decided_at, m.decision_reason, m.bring, m.notes, m.services_json, "
    "m.created_by, m.created_at, m.updated_at, m.source_kind, m.source_id, m.source_item_id, "
    "m.source_number, m.source_title, v.name AS venue_name, v.capacity AS venue_capacity, "
    "COALESCE(os.name, '') AS organizer_name, " YB_USER_NAME("cu") " AS clerk_name, "
    YB_USER_NAME("bu") " AS created_by_name, " YB_USER_NAME("du") " AS decided_by_name "
    "FROM meetings m JOIN venues v ON v.id = m.venue_id "
    "LEFT JOIN staff os ON os.id = m.organizer_staff_id "
    "LEFT JOIN users cu ON cu.id = m.clerk_user_id "
    "LEFT JOIN users bu ON bu.id = m.created_by "
    "LEFT JOIN users du ON du.id = m.decided_by ";

#undef YB_USER_NAME

void SourceFromRow(const Rows& r, size_t i, Source& s) {
  s.kind = r.Text(i, "source_kind");
  s.id = r.OptInt(i, "source_id").value_or(0);
  s.item_id = r.OptInt(i, "source_item_id").value_or(0);
  s.number = r.Text(i, "source_number");
  s.title = r.Text(i, "source_title");
}

Value OptId(int64_t id) { return id ? Value(id) : Null(); }

Meeting MeetingFromRow(const Rows& r, size_t i) {
  Meeting m;
  m.id = r.Int(i, "id");
  m.site_id = r.Int(i, "site_id");
  m.venue_id = r.Int(i, "venue_id");
  m.series_id = r.OptInt(i, "series_id");
  m.occurrence_start_at = r.OptInt(i, "occurrence_start_at");
  m.is_exception = r.Int(i, "is_exception") != 0;
  m.uid = r.Text(i, "uid");
  m.sequence = r.Int(i, "sequence");
  m.title = r.Text(i, "title");
  m.category = r.Text(i, "category");
  m.organizer_staff_id = r.OptInt(i, "organizer_staff_id");
  m.clerk_user_id = r.OptInt(i, "clerk_user_id");
  m.attendee_count = r.Int(i, "attendee_count");
  m.start_at = r.Int(i, "start_at");
  m.end_at = r.Int(i, "end_at");
  m.busy_from = r.Int(i, "busy_from");
  m.busy_to = r.Int(i, "busy_to");
  m.status = ParseStatus(r.Text(i, "status")).value_or(State::kConfirmed);
  m.approval_rule = r.Text(i, "approval_rule");
  m.decided_by = r.OptInt(i, "decided_by");
  m.decided_at = r.OptInt(i, "decided_at");
  m.decision_reason = r.Text(i, "decision_reason");
  m.bring = r.Text(i, "bring");
  m.notes = r.Text(i, "notes");
  m.services = ParseServices(r.Text(i, "services_json"));
  m.created_by = r.OptInt(i, "created_by");
  m.created_at = r.Int(i, "created_at");
  m.updated_at = r.Int(i, "updated_at");
  SourceFromRow(r, i, m.source);
  m.venue_name = r.Text(i, "venue_name");
  m.venue_capacity = r.Int(i, "venue_capacity");
  m.organizer_name = r.Text(i, "organizer_name");
  m.clerk_name = r.Text(i, "clerk_name");
  m.created_by_name = r.Text(i, "created_by_name");
  m.decided_by_name = r.Text(i, "decided_by_name");
  return m;
}

std::vector<Meeting> MeetingsFromRows(const Rows& r) {
  std::vector<Meeting> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) out.push_back(MeetingFromRow(r, i));
  return out;
}

VenueBrief VenueFromRow(const Rows& r, size_t i) {
  VenueBrief v;
  v.id = r.Int(i, "id");
  v.site_id = r.Int(i, "site_id");
  v.name = r.Text(i, "name");
  v.kind = r.Text(i, "kind");
  v.capacity = r.Int(i, "capacity");
  v.active = r.Int(i, "active") != 0;
  return v;
}

RoomRules RulesFromRow(const Rows& r, size_t i, int64_t venue_id) {
  RoomRules rr;
  rr.venue_id = venue_id;
  if (r.IsNull(i, "r_venue")) return rr;
  rr.stored = true;
  rr.needs_approval = r.Int(i, "needs_approval") != 0;
  rr.setup_minutes = r.OptInt(i, "setup_minutes");
  rr.cleanup_minutes = r.OptInt(i, "cleanup_minutes");
  return rr;
}

}  // namespace

// ---------------------------------------------------------------- venues

Result<std::optional<VenueBrief>> FindVenue(Connection& c, int64_t id) {
  auto rows =
      c.Query("SELECT id, site_id, name, kind, capacity, active FROM venues WHERE id = $1", {id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<VenueBrief>();
  return std::optional<VenueBrief>(VenueFromRow(*rows, 0));
}

Status LockVenue(Connection& c, int64_t venue_id) {
  if (c.dialect() != db::Dialect::kPostgres) return core::Ok();
  auto rows = c.Query("SELECT id FROM venues WHERE id = $1 FOR UPDATE", {venue_id});
  if (!rows) return std::move(rows).error();
  return core::Ok();
}

Result<std::optional<RoomRules>> FindRoomRules(Connection& c, int64_t venue_id) {
  auto rows = c.Query(
      "SELECT venue_id AS r_venue, needs_approval, setup_minutes, cleanup_minutes "
      "FROM meeting_rooms WHERE venue_id = $1",
      {venue_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<RoomRules>();
  return std::optional<RoomRules>(RulesFromRow(*rows, 0, venue_id));
}

Status PutRoomRules(Connection& c, const RoomRules& r, int64_t now) {
  return Done(c.Exec(
      "INSERT INTO meeting_rooms (venue_id, needs_approval, setup_minutes, cleanup_minutes, "
      "updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (venue_id) DO UPDATE SET "
      "needs_approval = excluded.needs_approval, setup_minutes = excluded.setup_minutes, "
      "cleanup_minutes = excluded.cleanup_minutes, updated_at = excluded.updated_at",
      {r.venue_id, Bool(r.needs_approval), Opt(r.setup_minutes), Opt(r.cleanup_minutes), now}));
}

Result<std::vector<std::pair<VenueBrief, RoomRules>>> SiteRooms(Connection& c, int64_t site_id) {
  auto rows = c.Query(
      "SELECT v.id, v.site_id, v.name, v.kind, v.capacity, v.active, v.equipment_json, "
      "r.venue_id AS r_venue, "
      "r.needs_approval, r.setup_minutes, r.cleanup_minutes FROM venues v "
      "LEFT JOIN meeting_rooms r ON r.venue_id = v.id WHERE v.site_id = $1 AND v.active = 1 "
      "ORDER BY CASE v.kind WHEN 'large_meeting_room' THEN 0 WHEN 'small_meeting_room' THEN 1 "
      "WHEN 'lounge' THEN 2 ELSE 3 END, v.name, v.id",
      {site_id});
  if (!rows) return std::move(rows).error();
  std::vector<std::pair<VenueBrief, RoomRules>> out;
  for (size_t i = 0; i < rows->size(); ++i) {
    VenueBrief v = VenueFromRow(*rows, i);
    auto j = nlohmann::json::parse(rows->Text(i, "equipment_json"), nullptr, false);
    if (j.is_array())
      for (const auto& e : j)
        if (e.is_string()) v.equipment.push_back(e.get<std::string>());
    RoomRules r = RulesFromRow(*rows, i, v.id);
    out.emplace_back(std::move(v), r);
  }
  return out;
}

Result<std::vector<std::string>> VenueEquipment(Connection& c, int64_t venue_id) {
  auto rows = c.Query("SELECT equipment_json FROM venues WHERE id = $1", {venue_id});
  if (!rows) return std::move(rows).error();
  std::vector<std::string> out;
  if (rows->empty()) return out;
  auto j = nlohmann::json::parse(rows->Text(0, 0), nullptr, false);
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

// ---------------------------------------------------------------- bookings

Result<std::vector<Meeting>> Conflicts(Connection& c, int64_t venue_id, int64_t busy_from,
                                       int64_t busy_to, int64_t longest_ms,
                                       const std::vector<int64_t>& except_ids,
                                       const Source* except_source) {
  std::vector<Value> params{venue_id, busy_from, busy_to, busy_from - longest_ms};
  std::string except;
  for (int64_t id : except_ids) {
    params.push_back(id);
    except += " AND m.id <> " + P(params.size());
  }
  if (except_source && !except_source->Empty()) {
    params.push_back(except_source->kind);
    params.push_back(except_source->id);
    except += " AND NOT (m.source_kind = " + P(params.size() - 1) +
              " AND m.source_id = " + P(params.size()) + ")";
  }
  auto rows = c.Query(std::string(kMeetingSelect) +
                          "WHERE m.venue_id = $1 AND m.status IN ('pending', 'confirmed') "
                          "AND m.busy_from < $3 AND m.busy_to > $2 AND m.busy_from >= $4" +
                          except + " ORDER BY m.busy_from, m.id LIMIT 20",
                      params);
  if (!rows) return std::move(rows).error();
  return MeetingsFromRows(*rows);
}

Result<int64_t> InsertMeeting(Connection& c, const Meeting& m) {
  // PostgreSQL's exclusion constraint lets one source's bookings share a room (V017).
  const bool hold_group = !m.source.Empty() && c.dialect() == db::Dialect::kPostgres;
  std::vector<Value> params{m.site_id,
                            m.venue_id,
                            Opt(m.series_id),
                            Opt(m.occurrence_start_at),
                            Bool(m.is_exception),
                            m.uid,
                            m.sequence,
                            m.title,
                            m.category,
                            Opt(m.organizer_staff_id),
                            Opt(m.clerk_user_id),
                            m.attendee_count,
                            m.start_at,
                            m.end_at,
                            m.busy_from,
                            m.busy_to,
                            std::string(StatusName(m.status)),
                            m.approval_rule,
                            m.bring,
                            m.notes,
                            ServicesJson(m.services),
                            Opt(m.created_by),
                            m.created_at,
                            m.source.kind,
                            OptId(m.source.id),
                            OptId(m.source.item_id),
                            m.source.number,
                            m.source.title};
  if (hold_group) params.push_back(-m.source.id);
  const std::string sql =
      "INSERT INTO meetings (site_id, venue_id, series_id, occurrence_start_at, is_exception, uid, "
      "sequence, title, category, organizer_staff_id, clerk_user_id, attendee_count, start_at, "
      "end_at, busy_from, busy_to, status, approval_rule, bring, notes, services_json, created_by, "
      "created_at, updated_at, source_kind, source_id, source_item_id, source_number, "
      "source_title" +
      std::string(hold_group ? ", hold_group" : "") +
      ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
      "$19, $20, $21, $22, $23, $23, $24, $25, $26, $27, $28" +
      std::string(hold_group ? ", $29" : "") + ") RETURNING id";
  auto rows = c.Query(sql, params);
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Status UpdateMeeting(Connection& c, const Meeting& m) {
  return Done(
      c.Exec("UPDATE meetings SET venue_id = $2, is_exception = $3, sequence = $4, title = $5, "
             "category = $6, organizer_staff_id = $7, clerk_user_id = $8, attendee_count = $9, "
             "start_at = $10, end_at = $11, busy_from = $12, busy_to = $13, status = $14, "
             "approval_rule = $15, decided_by = $16, decided_at = $17, decision_reason = $18, "
             "bring = $19, notes = $20, services_json = $21, updated_at = $22, source_number = $23, "
             "source_title = $24 WHERE id = $1",
             {m.id,
              m.venue_id,
              Bool(m.is_exception),
              m.sequence,
              m.title,
              m.category,
              Opt(m.organizer_staff_id),
              Opt(m.clerk_user_id),
              m.attendee_count,
              m.start_at,
              m.end_at,
              m.busy_from,
              m.busy_to,
              std::string(StatusName(m.status)),
              m.approval_rule,
              Opt(m.decided_by),
              Opt(m.decided_at),
              m.decision_reason,
              m.bring,
              m.notes,
              ServicesJson(m.services),
              m.updated_at,
              m.source.number,
              m.source.title}));
}

Result<std::optional<Meeting>> FindMeeting(Connection& c, int64_t id) {
  auto rows = c.Query(std::string(kMeetingSelect) + "WHERE m.id = $1", {id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<Meeting>();
  Meeting m = MeetingFromRow(*rows, 0);
  auto a = Attendees(c, id);
  if (!a) return std::move(a).error();
  m.attendees = std::move(*a);
  return std::optional<Meeting>(std::move(m));
}

Result<std::vector<Meeting>> SelectMeetings(Connection& c, const std::string& where,
                                            std::vector<db::Value> params, const std::string& order,
                                            int64_t limit) {
  params.push_back(limit);
  auto rows = c.Query(std::string(kMeetingSelect) + "WHERE " + where + " ORDER BY " + order +
                          " LIMIT " + P(params.size()),
                      params);
  if (!rows) return std::move(rows).error();
  return MeetingsFromRows(*rows);
}

Result<std::vector<Meeting>> SelectBlocks(Connection& c, int64_t site_id, int64_t from, int64_t to,
                                          int64_t longest_ms) {
  auto rows = c.Query(
      "SELECT m.id, m.venue_id, m.series_id, m.is_exception, m.title, m.category, m.status, "
      "m.attendee_count, m.start_at, m.end_at, m.busy_from, m.busy_to, m.created_by, "
      "m.source_kind, m.source_id, m.source_item_id, m.source_number, m.source_title "
      "FROM meetings m WHERE m.site_id = $1 AND m.start_at >= $2 AND m.start_at < $3 AND "
      "m.end_at > $4 AND m.status IN ('pending', 'confirmed') ORDER BY m.start_at, m.venue_id, "
      "m.id "
      "LIMIT 20000",
      {site_id, from - longest_ms, to, from});
  if (!rows) return std::move(rows).error();
  std::vector<Meeting> out;
  out.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    Meeting m;
    m.id = rows->Int(i, 0);
    m.site_id = site_id;
    m.venue_id = rows->Int(i, 1);
    m.series_id = rows->OptInt(i, "series_id");
    m.is_exception = rows->Int(i, 3) != 0;
    m.title = rows->Text(i, 4);
    m.category = rows->Text(i, 5);
    m.status = ParseStatus(rows->Text(i, 6)).value_or(State::kConfirmed);
    m.attendee_count = rows->Int(i, 7);
    m.start_at = rows->Int(i, 8);
    m.end_at = rows->Int(i, 9);
    m.busy_from = rows->Int(i, 10);
    m.busy_to = rows->Int(i, 11);
    m.created_by = rows->OptInt(i, "created_by");
    SourceFromRow(*rows, i, m.source);
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<Meeting>> HeldBy(Connection& c, const std::string& kind, int64_t source_id) {
  auto rows = c.Query(std::string(kMeetingSelect) +
                          "WHERE m.source_kind = $1 AND m.source_id = $2 AND "
                          "m.status IN ('pending', 'confirmed') ORDER BY m.venue_id, m.id",
                      {kind, source_id});
  if (!rows) return std::move(rows).error();
  return MeetingsFromRows(*rows);
}

Status ReplaceAttendees(Connection& c, int64_t meeting_id, const std::vector<Attendee>& list) {
  YB_RETURN_IF_ERROR(
      Done(c.Exec("DELETE FROM meeting_attendees WHERE meeting_id = $1", {meeting_id})));
  for (const auto& a : list)
    YB_RETURN_IF_ERROR(Done(c.Exec(
        "INSERT INTO meeting_attendees (meeting_id, staff_id, name, email) VALUES ($1, $2, $3, $4)",
        {meeting_id, Opt(a.staff_id), a.name, a.email})));
  return core::Ok();
}

Result<std::vector<Attendee>> Attendees(Connection& c, int64_t meeting_id) {
  auto rows = c.Query(
      "SELECT a.staff_id, CASE WHEN a.staff_id IS NULL THEN a.name ELSE COALESCE(s.name, a.name) "
      "END AS name, CASE WHEN a.staff_id IS NULL OR COALESCE(s.email, '') = '' THEN a.email ELSE "
      "s.email END AS email, "
      "COALESCE(s.user_id, (SELECT MIN(u.id) FROM users u WHERE u.staff_id = s.id)) AS user_id "
      "FROM meeting_attendees a LEFT JOIN staff s ON s.id = a.staff_id "
      "WHERE a.meeting_id = $1 ORDER BY a.id",
      {meeting_id});
  if (!rows) return std::move(rows).error();
  std::vector<Attendee> out;
  for (size_t i = 0; i < rows->size(); ++i)
    out.push_back(Attendee{rows->OptInt(i, "staff_id"), rows->Text(i, "name"),
                           rows->Text(i, "email"), rows->OptInt(i, "user_id")});
  return out;
}

// ---------------------------------------------------------------- series

Result<int64_t> InsertSeries(Connection& c, const Series& s) {
  std::string days;
  for (int d : s.rule.weekdays) days += (days.empty() ? "" : ",") + std::to_string(d);
  auto rows = c.Query(
      "INSERT INTO meeting_series (site_id, uid, sequence, freq, interval_n, weekdays, until_date, "
      "count, first_start_at, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
      "$7, $8, $9, $10, $11, $11) RETURNING id",
      {s.site_id, s.uid, s.sequence, s.rule.freq, s.rule.interval, days,
       s.rule.until_date ? Value(int64_t{*s.rule.until_date}) : Null(), Opt(s.rule.count),
       s.first_start_at, Opt(s.created_by), s.created_at});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Result<std::optional<Series>> FindSeries(Connection& c, int64_t id) {
  auto rows = c.Query(
      "SELECT id, site_id, uid, sequence, freq, interval_n, weekdays, until_date, count, "
      "first_start_at, created_by, created_at, updated_at FROM meeting_series WHERE id = $1",
      {id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<Series>();
  Series s;
  s.id = rows->Int(0, "id");
  s.site_id = rows->Int(0, "site_id");
  s.uid = rows->Text(0, "uid");
  s.sequence = rows->Int(0, "sequence");
  s.rule.freq = rows->Text(0, "freq");
  s.rule.interval = rows->Int(0, "interval_n");
  const std::string days = rows->Text(0, "weekdays");
  for (size_t i = 0; i < days.size(); ++i)
    if (days[i] >= '1' && days[i] <= '7') s.rule.weekdays.push_back(days[i] - '0');
  if (auto u = rows->OptInt(0, "until_date")) s.rule.until_date = static_cast<int32_t>(*u);
  s.rule.count = rows->OptInt(0, "count");
  s.first_start_at = rows->Int(0, "first_start_at");
  s.created_by = rows->OptInt(0, "created_by");
  s.created_at = rows->Int(0, "created_at");
  s.updated_at = rows->Int(0, "updated_at");
  return std::optional<Series>(std::move(s));
}

Status BumpSeriesSequence(Connection& c, int64_t id, int64_t sequence, int64_t now) {
  return Done(c.Exec("UPDATE meeting_series SET sequence = $2, updated_at = $3 WHERE id = $1",
                     {id, sequence, now}));
}

Result<std::vector<Meeting>> SeriesOccurrences(Connection& c, int64_t series_id) {
  auto rows = c.Query(std::string(kMeetingSelect) +
                          "WHERE m.series_id = $1 ORDER BY COALESCE(m.occurrence_start_at, "
                          "m.start_at), m.id",
                      {series_id});
  if (!rows) return std::move(rows).error();
  return MeetingsFromRows(*rows);
}

// ---------------------------------------------------------------- people

Result<std::optional<StaffBrief>> FindStaff(Connection& c, int64_t id) {
  auto rows = c.Query(
      "SELECT s.id, s.name, s.email, "
      "COALESCE(s.user_id, (SELECT MIN(u.id) FROM users u WHERE u.staff_id = s.id)) AS user_id, "
      "s.active FROM staff s WHERE s.id = $1",
      {id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<StaffBrief>();
  return std::optional<StaffBrief>(StaffBrief{rows->Int(0, "id"), rows->Text(0, "name"),
                                              rows->Text(0, "email"), rows->OptInt(0, "user_id"),
                                              rows->Int(0, "active") != 0});
}

Result<std::optional<UserBrief>> FindUser(Connection& c, int64_t id) {
  auto rows = c.Query(
      "SELECT u.id, CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.username END AS "
      "name, "
      "COALESCE((SELECT s.email FROM staff s WHERE (s.user_id = u.id OR s.id = u.staff_id) AND "
      "s.active = 1 AND s.email <> '' ORDER BY s.id LIMIT 1), '') AS email, u.disabled "
      "FROM users u WHERE u.id = $1",
      {id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<UserBrief>();
  return std::optional<UserBrief>(UserBrief{rows->Int(0, "id"), rows->Text(0, "name"),
                                            rows->Text(0, "email"), rows->Int(0, "disabled") != 0});
}

Result<std::vector<int64_t>> StaffIdsOfUser(Connection& c, int64_t user_id) {
  auto rows = c.Query(
      "SELECT id FROM staff WHERE user_id = $1 UNION "
      "SELECT staff_id FROM users WHERE id = $1 AND staff_id IS NOT NULL",
      {user_id});
  if (!rows) return std::move(rows).error();
  return Ids(*rows);
}

Result<std::vector<int64_t>> UsersWithPermission(Connection& c, const std::string& permission) {
  // roles.permissions is a JSON array of strings; the quoted code cannot match a longer one.
  auto rows = c.Query(
      "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id "
      "JOIN roles r ON r.id = ur.role_id WHERE u.disabled = 0 AND "
      "(r.code = 'sysadmin' OR r.permissions LIKE $1) ORDER BY u.id",
      {"%\"" + permission + "\"%"});
  if (!rows) return std::move(rows).error();
  return Ids(*rows);
}

// ---------------------------------------------------------------- feed tokens

Status PutFeedToken(Connection& c, int64_t user_id, const std::string& sha256, int64_t now) {
  return Done(c.Exec(
      "INSERT INTO meeting_feed_tokens (user_id, token_sha256, created_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (user_id) DO UPDATE SET token_sha256 = excluded.token_sha256, "
      "created_at = excluded.created_at",
      {user_id, sha256, now}));
}

Result<std::optional<int64_t>> UserOfFeedToken(Connection& c, const std::string& sha256) {
  auto rows = c.Query("SELECT user_id FROM meeting_feed_tokens WHERE token_sha256 = $1", {sha256});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows->Int(0, 0));
}

Result<std::optional<int64_t>> FeedTokenCreatedAt(Connection& c, int64_t user_id) {
  auto rows = c.Query("SELECT created_at FROM meeting_feed_tokens WHERE user_id = $1", {user_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows->Int(0, 0));
}

Status DeleteFeedToken(Connection& c, int64_t user_id) {
  return Done(c.Exec("DELETE FROM meeting_feed_tokens WHERE user_id = $1", {user_id}));
}

}  // namespace yingbin::meetings::store
