#include "receptions/store.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "db/sql.hpp"
#include "receptions/rules.hpp"

namespace yingbin::receptions::store {
namespace {

using db::Flag;
using db::Null;
using db::OrNull;
using db::Rows;
using db::ToStatus;
using db::Value;

Value OptDay(const std::optional<int32_t>& d) { return d ? Value(int64_t{*d}) : Null(); }
Value OptBool(const std::optional<bool>& b) { return b ? Flag(*b) : Null(); }

std::string ListJson(const std::vector<std::string>& v) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& s : v) j.push_back(s);
  return j.dump();
}

std::vector<std::string> ParseList(const std::string& text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j)
    if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

std::string RouteJson(const Route& r) {
  nlohmann::json j = nlohmann::json::object();
  if (r.rule_id) j["rule_id"] = *r.rule_id;
  if (!r.label.empty()) j["label"] = r.label;
  if (!r.approver_role.empty()) j["approver_role"] = r.approver_role;
  if (r.approver_user_id) j["approver_user_id"] = *r.approver_user_id;
  return j.dump();
}

Route ParseRoute(const std::string& text) {
  Route r;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return r;
  if (j.contains("rule_id") && j["rule_id"].is_number_integer())
    r.rule_id = j["rule_id"].get<int64_t>();
  r.label = j.value("label", "");
  r.approver_role = j.value("approver_role", "");
  if (j.contains("approver_user_id") && j["approver_user_id"].is_number_integer())
    r.approver_user_id = j["approver_user_id"].get<int64_t>();
  return r;
}

std::optional<int32_t> OptDayOf(const Rows& r, size_t i, std::string_view col) {
  auto v = r.OptInt(i, col);
  if (!v) return std::nullopt;
  return static_cast<int32_t>(*v);
}

// The name a user is shown under: their staff record's name, else the display name, else
// the user name.
#define YB_USER_NAME(alias)                                          \
  "COALESCE((SELECT us.name FROM staff us WHERE us.user_id = " alias \
  ".id ORDER BY us.id "                                              \
  "LIMIT 1), CASE WHEN " alias ".display_name <> '' THEN " alias     \
  ".display_name ELSE "                                              \
  "COALESCE(" alias ".username, '') END)"

// ---------------------------------------------------------------- grades

constexpr char kGradeSelect[] =
    "SELECT id, code, name_zh_cn, name_zh_tw, name_en, description, sort, active "
    "FROM reception_grades ";

Grade GradeFromRow(const Rows& r, size_t i) {
  Grade g;
  g.id = r.Int(i, "id");
  g.code = r.Text(i, "code");
  g.name_zh_cn = r.Text(i, "name_zh_cn");
  g.name_zh_tw = r.Text(i, "name_zh_tw");
  g.name_en = r.Text(i, "name_en");
  g.description = r.Text(i, "description");
  g.sort = r.Int(i, "sort");
  g.active = r.Int(i, "active") != 0;
  return g;
}

// ---------------------------------------------------------------- standards

constexpr char kStandardSelect[] =
    "SELECT id, rule_set, jurisdiction, name, effective_from, effective_to, "
    "designated_hotels_json, notes, created_at, updated_at FROM cost_standards ";

CostStandard StandardFromRow(const Rows& r, size_t i) {
  CostStandard s;
  s.id = r.Int(i, "id");
  s.rule_set = r.Text(i, "rule_set");
  s.jurisdiction = r.Text(i, "jurisdiction");
  s.name = r.Text(i, "name");
  s.effective_from = static_cast<int32_t>(r.Int(i, "effective_from"));
  s.effective_to = OptDayOf(r, i, "effective_to");
  s.designated_hotels = ParseList(r.Text(i, "designated_hotels_json"));
  s.notes = r.Text(i, "notes");
  s.created_at = r.Int(i, "created_at");
  s.updated_at = r.Int(i, "updated_at");
  return s;
}

StandardLine LineFromRow(const Rows& r, size_t i) {
  StandardLine l;
  l.grade_code = r.Text(i, "grade_code");
  l.lodging_cap_fen = r.OptInt(i, "lodging_cap_fen");
  l.lodging_min_fen = r.OptInt(i, "lodging_min_fen");
  l.lunch_cap_fen = r.Int(i, "lunch_cap_fen");
  l.dinner_cap_fen = r.Int(i, "dinner_cap_fen");
  l.entertainment_cap_fen = r.OptInt(i, "entertainment_cap_fen");
  l.meal_increment_fen = r.Int(i, "meal_increment_fen");
  l.entertainment_increment_fen = r.Int(i, "entertainment_increment_fen");
  l.vehicle_class = r.Text(i, "vehicle_class");
  l.accompany = r.Text(i, "accompany");
  return l;
}

Status LoadLines(Connection& c, std::vector<CostStandard>& list) {
  if (list.empty()) return core::Ok();
  std::map<int64_t, CostStandard*> by_id;
  std::string in;
  std::vector<Value> params;
  for (auto& s : list) {
    by_id[s.id] = &s;
    params.push_back(s.id);
    in += (in.empty() ? "" : ", ") + db::Param(params.size());
  }
  auto rows = c.Query(
      "SELECT l.standard_id, l.grade_code, l.lodging_cap_fen, l.lodging_min_fen, l.lunch_cap_fen, "
      "l.dinner_cap_fen, l.entertainment_cap_fen, l.meal_increment_fen, "
      "l.entertainment_increment_fen, l.vehicle_class, l.accompany FROM cost_standard_lines l "
      "LEFT JOIN reception_grades g ON g.code = l.grade_code WHERE l.standard_id IN (" +
          in + ") ORDER BY l.standard_id, COALESCE(g.sort, 0), l.grade_code",
      params);
  if (!rows) return std::move(rows).error();
  for (size_t i = 0; i < rows->size(); ++i)
    by_id[rows->Int(i, "standard_id")]->lines.push_back(LineFromRow(*rows, i));
  return core::Ok();
}

Status InsertLines(Connection& c, const CostStandard& s) {
  for (const auto& l : s.lines)
    YB_RETURN_IF_ERROR(ToStatus(c.Exec(
        "INSERT INTO cost_standard_lines (standard_id, grade_code, lodging_cap_fen, "
        "lodging_min_fen, lunch_cap_fen, dinner_cap_fen, entertainment_cap_fen, "
        "meal_increment_fen, entertainment_increment_fen, vehicle_class, accompany) VALUES "
        "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        {s.id, l.grade_code, OrNull(l.lodging_cap_fen), OrNull(l.lodging_min_fen), l.lunch_cap_fen,
         l.dinner_cap_fen, OrNull(l.entertainment_cap_fen), l.meal_increment_fen,
         l.entertainment_increment_fen, l.vehicle_class, l.accompany})));
  return core::Ok();
}

// ---------------------------------------------------------------- rules

ApprovalRule RuleFromRow(const Rows& r, size_t i) {
  ApprovalRule a;
  a.id = r.Int(i, "id");
  a.sort = r.Int(i, "sort");
  a.label = r.Text(i, "label");
  a.min_total_fen = r.Int(i, "min_total_fen");
  a.max_total_fen = r.OptInt(i, "max_total_fen");
  a.grade_code = r.Text(i, "grade_code");
  if (auto f = r.OptInt(i, "foreign_only")) a.foreign = *f != 0;
  a.approver_role = r.Text(i, "approver_role");
  a.approver_user_id = r.OptInt(i, "approver_user_id");
  a.active = r.Int(i, "active") != 0;
  a.approver_user_name = r.Text(i, "approver_user_name");
  return a;
}

// ---------------------------------------------------------------- receptions

constexpr char kReceptionSelect[] =
    "SELECT r.id, r.number, r.site_id, r.title, r.visiting_unit, r.purpose, r.intent, "
    "r.is_foreign, r.grade_code, r.rule_set, r.jurisdiction, r.letter_no, r.letter_date, r.policy, "
    "r.host_staff_id, r.department_id, r.level, r.level_override, r.level_override_reason, "
    "r.start_date, r.end_date, r.unit_contact, r.unit_contact_phone, r.preparation, r.notes, "
    "r.status, r.cost_standard_id, r.total_fen, r.approved_total_fen, r.route_json, "
    "r.submitted_by, r.submitted_at, r.decided_by, r.decided_at, r.decision_reason, r.version, "
    "r.created_by, r.created_at, r.updated_at, "
    "COALESCE(hs.name, '') AS host_name, hs.rank AS host_rank, "
    "COALESCE(d.name, '') AS department_name, COALESCE(g.name_zh_cn, r.grade_code) AS grade_name, "
    "(SELECT COUNT(*) FROM reception_guests rg WHERE rg.reception_id = r.id) AS guest_count, "
    "CASE WHEN cu.id IS NULL THEN '' ELSE " YB_USER_NAME("cu") " END AS created_by_name "
    "FROM receptions r LEFT JOIN staff hs ON hs.id = r.host_staff_id "
    "LEFT JOIN departments d ON d.id = r.department_id "
    "LEFT JOIN reception_grades g ON g.code = r.grade_code "
    "LEFT JOIN users cu ON cu.id = r.created_by ";

Reception ReceptionFromRow(const Rows& r, size_t i) {
  Reception x;
  x.id = r.Int(i, "id");
  x.number = r.Text(i, "number");
  x.site_id = r.Int(i, "site_id");
  x.title = r.Text(i, "title");
  x.visiting_unit = r.Text(i, "visiting_unit");
  x.purpose = r.Text(i, "purpose");
  x.intent = r.Text(i, "intent");
  x.foreign = r.Int(i, "is_foreign") != 0;
  x.grade_code = r.Text(i, "grade_code");
  x.rule_set = r.Text(i, "rule_set");
  x.jurisdiction = r.Text(i, "jurisdiction");
  x.letter_no = r.Text(i, "letter_no");
  x.letter_date = OptDayOf(r, i, "letter_date");
  x.policy = r.Text(i, "policy");
  x.host_staff_id = r.OptInt(i, "host_staff_id");
  x.department_id = r.OptInt(i, "department_id");
  x.level = r.Text(i, "level");
  x.level_override = r.Text(i, "level_override");
  x.level_override_reason = r.Text(i, "level_override_reason");
  x.start_date = static_cast<int32_t>(r.Int(i, "start_date"));
  x.end_date = static_cast<int32_t>(r.Int(i, "end_date"));
  x.unit_contact = r.Text(i, "unit_contact");
  x.unit_contact_phone = r.Text(i, "unit_contact_phone");
  x.preparation = r.Text(i, "preparation");
  x.notes = r.Text(i, "notes");
  x.status = ParseState(r.Text(i, "status")).value_or(State::kDraft);
  x.cost_standard_id = r.OptInt(i, "cost_standard_id");
  x.total_fen = r.Int(i, "total_fen");
  x.approved_total_fen = r.OptInt(i, "approved_total_fen");
  x.route = ParseRoute(r.Text(i, "route_json"));
  x.submitted_by = r.OptInt(i, "submitted_by");
  x.submitted_at = r.OptInt(i, "submitted_at");
  x.decided_by = r.OptInt(i, "decided_by");
  x.decided_at = r.OptInt(i, "decided_at");
  x.decision_reason = r.Text(i, "decision_reason");
  x.version = r.Int(i, "version");
  x.created_by = r.OptInt(i, "created_by");
  x.created_at = r.Int(i, "created_at");
  x.updated_at = r.Int(i, "updated_at");
  x.host_name = r.Text(i, "host_name");
  x.host_rank = r.OptInt(i, "host_rank");
  x.department_name = r.Text(i, "department_name");
  x.grade_name = r.Text(i, "grade_name");
  x.guest_count = r.Int(i, "guest_count");
  x.created_by_name = r.Text(i, "created_by_name");
  return x;
}

std::vector<Value> ReceptionParams(const Reception& r) {
  return {r.number,
          r.site_id,
          r.title,
          r.visiting_unit,
          r.purpose,
          r.intent,
          Flag(r.foreign),
          r.grade_code,
          r.rule_set,
          r.jurisdiction,
          r.letter_no,
          OptDay(r.letter_date),
          r.policy,
          OrNull(r.host_staff_id),
          OrNull(r.department_id),
          r.level,
          r.level_override,
          r.level_override_reason,
          int64_t{r.start_date},
          int64_t{r.end_date},
          r.unit_contact,
          r.unit_contact_phone,
          r.preparation,
          r.notes,
          std::string(StateName(r.status)),
          OrNull(r.cost_standard_id),
          r.total_fen,
          OrNull(r.approved_total_fen),
          RouteJson(r.route),
          OrNull(r.submitted_by),
          OrNull(r.submitted_at),
          OrNull(r.decided_by),
          OrNull(r.decided_at),
          r.decision_reason,
          r.version,
          OrNull(r.created_by),
          r.created_at,
          r.updated_at};
}

// ---------------------------------------------------------------- guests

constexpr char kGuestColumns[] =
    "id, reception_id, sort, name, gender, age, title, rank, unit, nationality, ethnicity_enc, "
    "religion_enc, health_enc, taboos_json, allergies, habits, accessibility, "
    "transport_preference, is_chief, arrival_at, arrival_place, arrival_no, arrival_transport, "
    "departure_at, departure_place, departure_no, departure_transport";

Guest GuestFromRow(const Rows& r, size_t i) {
  Guest g;
  g.id = r.Int(i, "id");
  g.reception_id = r.Int(i, "reception_id");
  g.sort = r.Int(i, "sort");
  g.name = r.Text(i, "name");
  g.gender = r.Text(i, "gender");
  g.age = r.OptInt(i, "age");
  g.title = r.Text(i, "title");
  g.rank = r.OptInt(i, "rank");
  g.unit = r.Text(i, "unit");
  g.nationality = r.Text(i, "nationality");
  g.ethnicity = r.Text(i, "ethnicity_enc");
  g.religion = r.Text(i, "religion_enc");
  g.health = r.Text(i, "health_enc");
  g.taboos = ParseList(r.Text(i, "taboos_json"));
  g.allergies = r.Text(i, "allergies");
  g.habits = r.Text(i, "habits");
  g.accessibility = r.Text(i, "accessibility");
  g.transport_preference = r.Text(i, "transport_preference");
  g.is_chief = r.Int(i, "is_chief") != 0;
  g.arrival_at = r.OptInt(i, "arrival_at");
  g.arrival_place = r.Text(i, "arrival_place");
  g.arrival_no = r.Text(i, "arrival_no");
  g.arrival_transport = r.Text(i, "arrival_transport");
  g.departure_at = r.OptInt(i, "departure_at");
  g.departure_place = r.Text(i, "departure_place");
  g.departure_no = r.Text(i, "departure_no");
  g.departure_transport = r.Text(i, "departure_transport");
  return g;
}

std::vector<Value> GuestParams(const Guest& g) {
  return {g.reception_id,
          g.sort,
          g.name,
          g.gender,
          OrNull(g.age),
          g.title,
          OrNull(g.rank),
          g.unit,
          g.nationality,
          g.ethnicity,
          g.religion,
          g.health,
          ListJson(g.taboos),
          g.allergies,
          g.habits,
          g.accessibility,
          g.transport_preference,
          Flag(g.is_chief),
          OrNull(g.arrival_at),
          g.arrival_place,
          g.arrival_no,
          g.arrival_transport,
          OrNull(g.departure_at),
          g.departure_place,
          g.departure_no,
          g.departure_transport};
}

// ---------------------------------------------------------------- items

constexpr char kItemSelect[] =
    "SELECT i.id, i.reception_id, i.day, i.start_min, i.end_min, i.start_at, i.end_at, i.kind, "
    "i.place, i.venue_id, i.activity, i.vehicle, i.notes, i.meal_type, i.diners_guests, "
    "i.diners_hosts, i.menu, i.planned_fen, i.rooms, i.nights, COALESCE(v.name, '') AS venue_name "
    "FROM reception_items i LEFT JOIN venues v ON v.id = i.venue_id ";

Item ItemFromRow(const Rows& r, size_t i) {
  Item it;
  it.id = r.Int(i, "id");
  it.reception_id = r.Int(i, "reception_id");
  it.day = static_cast<int32_t>(r.Int(i, "day"));
  it.start_min = static_cast<int>(r.Int(i, "start_min"));
  it.end_min = static_cast<int>(r.Int(i, "end_min"));
  it.start_at = r.Int(i, "start_at");
  it.end_at = r.Int(i, "end_at");
  it.kind = r.Text(i, "kind");
  it.place = r.Text(i, "place");
  it.venue_id = r.OptInt(i, "venue_id");
  it.activity = r.Text(i, "activity");
  it.vehicle = r.Text(i, "vehicle");
  it.notes = r.Text(i, "notes");
  it.meal_type = r.Text(i, "meal_type");
  it.diners_guests = r.OptInt(i, "diners_guests");
  it.diners_hosts = r.Int(i, "diners_hosts");
  it.menu = r.Text(i, "menu");
  it.planned_fen = r.OptInt(i, "planned_fen");
  it.rooms = r.Int(i, "rooms");
  it.nights = r.Int(i, "nights");
  it.venue_name = r.Text(i, "venue_name");
  return it;
}

std::vector<Value> ItemParams(const Item& it) {
  return {it.reception_id,
          int64_t{it.day},
          int64_t{it.start_min},
          int64_t{it.end_min},
          it.start_at,
          it.end_at,
          it.kind,
          it.place,
          OrNull(it.venue_id),
          it.activity,
          it.vehicle,
          it.notes,
          it.meal_type,
          OrNull(it.diners_guests),
          it.diners_hosts,
          it.menu,
          OrNull(it.planned_fen),
          it.rooms,
          it.nights};
}

Status WriteItemStaff(Connection& c, int64_t item_id, const std::vector<int64_t>& staff) {
  YB_RETURN_IF_ERROR(
      ToStatus(c.Exec("DELETE FROM reception_item_staff WHERE item_id = $1", {item_id})));
  for (int64_t s : staff)
    YB_RETURN_IF_ERROR(ToStatus(c.Exec(
        "INSERT INTO reception_item_staff (item_id, staff_id) VALUES ($1, $2)", {item_id, s})));
  return core::Ok();
}

// Fills staff_ids and staff_names of `items` (one query).
Status LoadItemStaff(Connection& c, std::vector<Item>& items) {
  if (items.empty()) return core::Ok();
  std::map<int64_t, Item*> by_id;
  std::string in;
  std::vector<Value> params;
  for (auto& it : items) {
    by_id[it.id] = &it;
    params.push_back(it.id);
    in += (in.empty() ? "" : ", ") + db::Param(params.size());
  }
  auto rows = c.Query(
      "SELECT x.item_id, x.staff_id, s.name FROM reception_item_staff x JOIN staff s ON s.id = "
      "x.staff_id WHERE x.item_id IN (" +
          in + ") ORDER BY x.item_id, s.name, x.staff_id",
      params);
  if (!rows) return std::move(rows).error();
  for (size_t i = 0; i < rows->size(); ++i) {
    Item* it = by_id[rows->Int(i, 0)];
    it->staff_ids.push_back(rows->Int(i, 1));
    it->staff_names.push_back(rows->Text(i, 2));
  }
  return core::Ok();
}

}  // namespace

// ---------------------------------------------------------------- grades

Result<std::vector<Grade>> ListGrades(Connection& c) {
  return db::AllRows(c.Query(std::string(kGradeSelect) + "ORDER BY sort, id"), GradeFromRow);
}

Result<std::optional<Grade>> FindGrade(Connection& c, const std::string& code) {
  return db::FirstRow(c.Query(std::string(kGradeSelect) + "WHERE code = $1", {code}), GradeFromRow);
}

Result<std::optional<Grade>> FindGradeById(Connection& c, int64_t id) {
  return db::FirstRow(c.Query(std::string(kGradeSelect) + "WHERE id = $1", {id}), GradeFromRow);
}

Result<int64_t> InsertGrade(Connection& c, const Grade& g, int64_t now) {
  auto id = db::FirstId(c.Query(
      "INSERT INTO reception_grades (code, name_zh_cn, name_zh_tw, name_en, description, sort, "
      "active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
      {g.code, g.name_zh_cn, g.name_zh_tw, g.name_en, g.description, g.sort, Flag(g.active), now}));
  if (!id) return std::move(id).error();
  return id->value_or(0);
}

Status UpdateGrade(Connection& c, const Grade& g, int64_t now) {
  return ToStatus(c.Exec(
      "UPDATE reception_grades SET name_zh_cn = $2, name_zh_tw = $3, name_en = $4, "
      "description = $5, sort = $6, active = $7, updated_at = $8 WHERE id = $1",
      {g.id, g.name_zh_cn, g.name_zh_tw, g.name_en, g.description, g.sort, Flag(g.active), now}));
}

// ---------------------------------------------------------------- standards

Result<std::vector<CostStandard>> ListStandards(Connection& c) {
  auto list = db::AllRows(c.Query(std::string(kStandardSelect) +
                                  "ORDER BY rule_set, jurisdiction, effective_from DESC, id DESC"),
                          StandardFromRow);
  if (!list) return list;
  YB_RETURN_IF_ERROR(LoadLines(c, *list));
  return list;
}

Result<std::optional<CostStandard>> FindStandard(Connection& c, int64_t id) {
  auto s =
      db::FirstRow(c.Query(std::string(kStandardSelect) + "WHERE id = $1", {id}), StandardFromRow);
  if (!s || !*s) return s;
  std::vector<CostStandard> one{**s};
  YB_RETURN_IF_ERROR(LoadLines(c, one));
  return std::optional<CostStandard>(std::move(one.front()));
}

Result<std::optional<CostStandard>> StandardInForce(Connection& c, const std::string& rule_set,
                                                    const std::string& jurisdiction, int32_t day) {
  auto s = db::FirstRow(
      c.Query(std::string(kStandardSelect) +
                  "WHERE rule_set = $1 AND jurisdiction = $2 AND effective_from <= $3 AND "
                  "(effective_to IS NULL OR effective_to >= $3) "
                  "ORDER BY effective_from DESC, id DESC LIMIT 1",
              {rule_set, jurisdiction, int64_t{day}}),
      StandardFromRow);
  if (!s || !*s) return s;
  std::vector<CostStandard> one{**s};
  YB_RETURN_IF_ERROR(LoadLines(c, one));
  return std::optional<CostStandard>(std::move(one.front()));
}

Result<int64_t> InsertStandard(Connection& c, const CostStandard& s, std::optional<int64_t> by,
                               int64_t now) {
  auto id = db::FirstId(c.Query(
      "INSERT INTO cost_standards (rule_set, jurisdiction, name, effective_from, effective_to, "
      "designated_hotels_json, notes, created_by, created_at, updated_at) VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
      {s.rule_set, s.jurisdiction, s.name, int64_t{s.effective_from}, OptDay(s.effective_to),
       ListJson(s.designated_hotels), s.notes, OrNull(by), now}));
  if (!id) return std::move(id).error();
  CostStandard saved = s;
  saved.id = id->value_or(0);
  YB_RETURN_IF_ERROR(InsertLines(c, saved));
  return saved.id;
}

Status UpdateStandard(Connection& c, const CostStandard& s, int64_t now) {
  YB_RETURN_IF_ERROR(ToStatus(
      c.Exec("UPDATE cost_standards SET rule_set = $2, jurisdiction = $3, name = $4, "
             "effective_from = $5, effective_to = $6, designated_hotels_json = $7, notes = $8, "
             "updated_at = $9 WHERE id = $1",
             {s.id, s.rule_set, s.jurisdiction, s.name, int64_t{s.effective_from},
              OptDay(s.effective_to), ListJson(s.designated_hotels), s.notes, now})));
  YB_RETURN_IF_ERROR(
      ToStatus(c.Exec("DELETE FROM cost_standard_lines WHERE standard_id = $1", {s.id})));
  return InsertLines(c, s);
}

// ---------------------------------------------------------------- rules

Result<std::vector<ApprovalRule>> ListRules(Connection& c) {
  return db::AllRows(
      c.Query(
          "SELECT a.id, a.sort, a.label, a.min_total_fen, a.max_total_fen, a.grade_code, "
          "a.foreign_only, a.approver_role, a.approver_user_id, a.active, "
          "CASE WHEN u.id IS NULL THEN '' ELSE " YB_USER_NAME(
              "u") " END AS approver_user_name "
                   "FROM reception_approval_rules a LEFT JOIN users u ON u.id = a.approver_user_id "
                   "ORDER BY a.sort, a.id"),
      RuleFromRow);
}

Status ReplaceRules(Connection& c, const std::vector<ApprovalRule>& rules, int64_t now) {
  YB_RETURN_IF_ERROR(ToStatus(c.Exec("DELETE FROM reception_approval_rules")));
  for (const auto& r : rules)
    YB_RETURN_IF_ERROR(ToStatus(c.Exec(
        "INSERT INTO reception_approval_rules (sort, label, min_total_fen, max_total_fen, "
        "grade_code, foreign_only, approver_role, approver_user_id, active, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        {r.sort, r.label, r.min_total_fen, OrNull(r.max_total_fen), r.grade_code,
         OptBool(r.foreign), r.approver_role, OrNull(r.approver_user_id), Flag(r.active), now})));
  return core::Ok();
}

// ---------------------------------------------------------------- receptions

Result<int64_t> InsertReception(Connection& c, const Reception& r) {
  auto id = db::FirstId(c.Query(
      "INSERT INTO receptions (number, site_id, title, visiting_unit, purpose, intent, is_foreign, "
      "grade_code, rule_set, jurisdiction, letter_no, letter_date, policy, host_staff_id, "
      "department_id, level, level_override, level_override_reason, start_date, end_date, "
      "unit_contact, unit_contact_phone, preparation, notes, status, cost_standard_id, total_fen, "
      "approved_total_fen, route_json, submitted_by, submitted_at, decided_by, decided_at, "
      "decision_reason, version, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
      "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, "
      "$25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38) RETURNING id",
      ReceptionParams(r)));
  if (!id) return std::move(id).error();
  return id->value_or(0);
}

Status UpdateReception(Connection& c, const Reception& r) {
  std::vector<Value> p = ReceptionParams(r);
  p.push_back(r.id);
  return ToStatus(c.Exec(
      "UPDATE receptions SET number = $1, site_id = $2, title = $3, visiting_unit = $4, "
      "purpose = $5, intent = $6, is_foreign = $7, grade_code = $8, rule_set = $9, "
      "jurisdiction = $10, letter_no = $11, letter_date = $12, policy = $13, host_staff_id = $14, "
      "department_id = $15, level = $16, level_override = $17, level_override_reason = $18, "
      "start_date = $19, end_date = $20, unit_contact = $21, unit_contact_phone = $22, "
      "preparation = $23, notes = $24, status = $25, cost_standard_id = $26, total_fen = $27, "
      "approved_total_fen = $28, route_json = $29, submitted_by = $30, submitted_at = $31, "
      "decided_by = $32, decided_at = $33, decision_reason = $34, version = $35, "
      "created_by = $36, created_at = $37, updated_at = $38 WHERE id = $39",
      p));
}

Result<std::optional<Reception>> FindReception(Connection& c, int64_t id) {
  auto found = db::FirstRow(c.Query(std::string(kReceptionSelect) + "WHERE r.id = $1", {id}),
                            ReceptionFromRow);
  if (!found || !*found) return found;
  Reception& r = **found;
  auto guests = Guests(c, id);
  if (!guests) return std::move(guests).error();
  r.guests = std::move(*guests);
  auto items = Items(c, id);
  if (!items) return std::move(items).error();
  r.items = std::move(*items);
  auto staff = Staff(c, id);
  if (!staff) return std::move(staff).error();
  r.staff = std::move(*staff);
  auto cont = Contingencies(c, id);
  if (!cont) return std::move(cont).error();
  r.contingencies = std::move(*cont);
  auto lines = BudgetLines(c, id);
  if (!lines) return std::move(lines).error();
  r.budget_lines = std::move(*lines);
  auto caps = CapApprovals(c, id);
  if (!caps) return std::move(caps).error();
  r.cap_approvals = std::move(*caps);
  auto dec = Decisions(c, id);
  if (!dec) return std::move(dec).error();
  r.decisions = std::move(*dec);
  return found;
}

Result<std::vector<Reception>> SelectReceptions(Connection& c, const std::string& where,
                                                std::vector<db::Value> params, int64_t limit,
                                                int64_t offset, int64_t* total) {
  const std::string cond = where.empty() ? "" : "WHERE " + where;
  auto count = c.Query("SELECT COUNT(*) FROM receptions r " + cond, params);
  if (!count) return std::move(count).error();
  *total = count->Int(0, 0);
  std::string sql = std::string(kReceptionSelect) + cond + " ORDER BY r.start_date DESC, r.id DESC";
  sql += db::LimitOffset(params, limit, offset);
  return db::AllRows(c.Query(sql, params), ReceptionFromRow);
}

// ---------------------------------------------------------------- guests

Result<std::vector<Guest>> Guests(Connection& c, int64_t reception_id) {
  return db::AllRows(c.Query(std::string("SELECT ") + kGuestColumns +
                                 " FROM reception_guests WHERE reception_id = $1 ORDER BY sort, id",
                             {reception_id}),
                     GuestFromRow);
}

Result<int64_t> InsertGuest(Connection& c, const Guest& g, int64_t now) {
  std::vector<Value> p = GuestParams(g);
  p.push_back(now);
  auto id = db::FirstId(c.Query(
      "INSERT INTO reception_guests (reception_id, sort, name, gender, age, title, rank, unit, "
      "nationality, ethnicity_enc, religion_enc, health_enc, taboos_json, allergies, habits, "
      "accessibility, transport_preference, is_chief, arrival_at, arrival_place, arrival_no, "
      "arrival_transport, departure_at, departure_place, departure_no, departure_transport, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
      "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $27) RETURNING id",
      p));
  if (!id) return std::move(id).error();
  return id->value_or(0);
}

Status UpdateGuest(Connection& c, const Guest& g, int64_t now) {
  std::vector<Value> p = GuestParams(g);
  p.push_back(now);
  p.push_back(g.id);
  return ToStatus(c.Exec(
      "UPDATE reception_guests SET reception_id = $1, sort = $2, name = $3, gender = $4, "
      "age = $5, title = $6, rank = $7, unit = $8, nationality = $9, ethnicity_enc = $10, "
      "religion_enc = $11, health_enc = $12, taboos_json = $13, allergies = $14, habits = $15, "
      "accessibility = $16, transport_preference = $17, is_chief = $18, arrival_at = $19, "
      "arrival_place = $20, arrival_no = $21, arrival_transport = $22, departure_at = $23, "
      "departure_place = $24, departure_no = $25, departure_transport = $26, updated_at = $27 "
      "WHERE id = $28",
      p));
}

Status DeleteGuest(Connection& c, int64_t reception_id, int64_t guest_id) {
  return ToStatus(c.Exec("DELETE FROM reception_guests WHERE id = $1 AND reception_id = $2",
                         {guest_id, reception_id}));
}

// ---------------------------------------------------------------- items

Result<std::vector<Item>> Items(Connection& c, int64_t reception_id) {
  auto items =
      db::AllRows(c.Query(std::string(kItemSelect) +
                              "WHERE i.reception_id = $1 ORDER BY i.start_at, i.end_at, i.id",
                          {reception_id}),
                  ItemFromRow);
  if (!items) return items;
  YB_RETURN_IF_ERROR(LoadItemStaff(c, *items));
  return items;
}

Result<int64_t> InsertItem(Connection& c, const Item& it, int64_t now) {
  std::vector<Value> p = ItemParams(it);
  p.push_back(now);
  auto id = db::FirstId(c.Query(
      "INSERT INTO reception_items (reception_id, day, start_min, end_min, start_at, end_at, "
      "kind, place, venue_id, activity, vehicle, notes, meal_type, diners_guests, diners_hosts, "
      "menu, planned_fen, rooms, nights, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
      "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) RETURNING id",
      p));
  if (!id) return std::move(id).error();
  const int64_t new_id = id->value_or(0);
  YB_RETURN_IF_ERROR(WriteItemStaff(c, new_id, it.staff_ids));
  return new_id;
}

Status UpdateItem(Connection& c, const Item& it, int64_t now) {
  std::vector<Value> p = ItemParams(it);
  p.push_back(now);
  p.push_back(it.id);
  YB_RETURN_IF_ERROR(ToStatus(c.Exec(
      "UPDATE reception_items SET reception_id = $1, day = $2, start_min = $3, end_min = $4, "
      "start_at = $5, end_at = $6, kind = $7, place = $8, venue_id = $9, activity = $10, "
      "vehicle = $11, notes = $12, meal_type = $13, diners_guests = $14, diners_hosts = $15, "
      "menu = $16, planned_fen = $17, rooms = $18, nights = $19, updated_at = $20 WHERE id = $21",
      p)));
  return WriteItemStaff(c, it.id, it.staff_ids);
}

Status DeleteItem(Connection& c, int64_t reception_id, int64_t item_id) {
  return ToStatus(c.Exec("DELETE FROM reception_items WHERE id = $1 AND reception_id = $2",
                         {item_id, reception_id}));
}

Result<std::vector<OtherRow>> ItemsOverlapping(Connection& c, int64_t from, int64_t to,
                                               int64_t except_reception_id) {
  // An item lasts at most one day, so start_at > from - 1 day bounds the index scan.
  auto rows = c.Query(
      "SELECT i.id, i.reception_id, i.day, i.start_min, i.end_min, i.start_at, i.end_at, i.kind, "
      "i.place, i.venue_id, i.activity, i.vehicle, i.notes, i.meal_type, i.diners_guests, "
      "i.diners_hosts, i.menu, i.planned_fen, i.rooms, i.nights, COALESCE(v.name, '') AS "
      "venue_name, r.number AS r_number, r.title AS r_title FROM reception_items i "
      "JOIN receptions r ON r.id = i.reception_id LEFT JOIN venues v ON v.id = i.venue_id "
      "WHERE i.start_at < $2 AND i.start_at > $4 AND i.end_at > $1 "
      "AND i.reception_id <> $3 AND r.status IN ('draft', 'submitted', 'approved', 'in_progress') "
      "ORDER BY i.start_at, i.id",
      {from, to, except_reception_id, from - 86'400'000});
  if (!rows) return std::move(rows).error();
  std::vector<Item> items;
  for (size_t i = 0; i < rows->size(); ++i) items.push_back(ItemFromRow(*rows, i));
  YB_RETURN_IF_ERROR(LoadItemStaff(c, items));
  std::vector<OtherRow> out;
  for (size_t i = 0; i < rows->size(); ++i)
    out.push_back({std::move(items[i]), rows->Text(i, "r_number"), rows->Text(i, "r_title")});
  return out;
}

// ---------------------------------------------------------------- staff, contingencies, lines

Status ReplaceStaff(Connection& c, int64_t reception_id, const std::vector<StaffRole>& staff) {
  YB_RETURN_IF_ERROR(
      ToStatus(c.Exec("DELETE FROM reception_staff WHERE reception_id = $1", {reception_id})));
  int64_t sort = 0;
  for (const auto& s : staff)
    YB_RETURN_IF_ERROR(ToStatus(c.Exec(
        "INSERT INTO reception_staff (reception_id, sort, role, staff_a_id, staff_b_id, duty) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {reception_id, ++sort, s.role, s.staff_a_id, OrNull(s.staff_b_id), s.duty})));
  return core::Ok();
}

Result<std::vector<StaffRole>> Staff(Connection& c, int64_t reception_id) {
  return db::AllRows(
      c.Query("SELECT x.id, x.role, x.staff_a_id, x.staff_b_id, x.duty, COALESCE(a.name, '') AS "
              "a_name, COALESCE(b.name, '') AS b_name FROM reception_staff x "
              "LEFT JOIN staff a ON a.id = x.staff_a_id LEFT JOIN staff b ON b.id = x.staff_b_id "
              "WHERE x.reception_id = $1 ORDER BY x.sort, x.id",
              {reception_id}),
      [](const Rows& r, size_t i) {
        StaffRole s;
        s.id = r.Int(i, "id");
        s.role = r.Text(i, "role");
        s.staff_a_id = r.Int(i, "staff_a_id");
        s.staff_b_id = r.OptInt(i, "staff_b_id");
        s.duty = r.Text(i, "duty");
        s.staff_a_name = r.Text(i, "a_name");
        s.staff_b_name = r.Text(i, "b_name");
        return s;
      });
}

Status ReplaceContingencies(Connection& c, int64_t reception_id,
                            const std::vector<Contingency>& list) {
  YB_RETURN_IF_ERROR(ToStatus(
      c.Exec("DELETE FROM reception_contingencies WHERE reception_id = $1", {reception_id})));
  int64_t sort = 0;
  for (const auto& x : list)
    YB_RETURN_IF_ERROR(ToStatus(
        c.Exec("INSERT INTO reception_contingencies (reception_id, sort, kind, description, "
               "owner_staff_id) VALUES ($1, $2, $3, $4, $5)",
               {reception_id, ++sort, x.kind, x.description, OrNull(x.owner_staff_id)})));
  return core::Ok();
}

Result<std::vector<Contingency>> Contingencies(Connection& c, int64_t reception_id) {
  return db::AllRows(
      c.Query("SELECT x.id, x.kind, x.description, x.owner_staff_id, COALESCE(s.name, '') AS "
              "owner_name FROM reception_contingencies x LEFT JOIN staff s ON s.id = "
              "x.owner_staff_id WHERE x.reception_id = $1 ORDER BY x.sort, x.id",
              {reception_id}),
      [](const Rows& r, size_t i) {
        Contingency x;
        x.id = r.Int(i, "id");
        x.kind = r.Text(i, "kind");
        x.description = r.Text(i, "description");
        x.owner_staff_id = r.OptInt(i, "owner_staff_id");
        x.owner_name = r.Text(i, "owner_name");
        return x;
      });
}

Status ReplaceBudgetLines(Connection& c, int64_t reception_id,
                          const std::vector<BudgetLine>& lines) {
  YB_RETURN_IF_ERROR(ToStatus(
      c.Exec("DELETE FROM reception_budget_lines WHERE reception_id = $1", {reception_id})));
  int64_t sort = 0;
  for (const auto& l : lines)
    YB_RETURN_IF_ERROR(ToStatus(
        c.Exec("INSERT INTO reception_budget_lines (reception_id, sort, category, description, "
               "quantity, planned_fen) VALUES ($1, $2, $3, $4, $5, $6)",
               {reception_id, ++sort, l.category, l.description, l.quantity, l.planned_fen})));
  return core::Ok();
}

Result<std::vector<BudgetLine>> BudgetLines(Connection& c, int64_t reception_id) {
  return db::AllRows(c.Query("SELECT id, category, description, quantity, planned_fen FROM "
                             "reception_budget_lines WHERE reception_id = $1 ORDER BY sort, id",
                             {reception_id}),
                     [](const Rows& r, size_t i) {
                       BudgetLine l;
                       l.id = r.Int(i, "id");
                       l.category = r.Text(i, "category");
                       l.description = r.Text(i, "description");
                       l.quantity = r.Int(i, "quantity");
                       l.planned_fen = r.Int(i, "planned_fen");
                       return l;
                     });
}

Result<std::vector<CapApproval>> CapApprovals(Connection& c, int64_t reception_id) {
  return db::AllRows(
      c.Query("SELECT a.cap_key, a.cap_fen, a.approved_fen, a.approved_by, a.approved_at, "
              "a.reason, CASE WHEN u.id IS NULL THEN '' ELSE " YB_USER_NAME(
                  "u") " END AS "
                       "by_name FROM reception_cap_approvals a LEFT JOIN users u ON u.id = "
                       "a.approved_by "
                       "WHERE a.reception_id = $1 ORDER BY a.cap_key",
              {reception_id}),
      [](const Rows& r, size_t i) {
        CapApproval a;
        a.key = r.Text(i, "cap_key");
        a.cap_fen = r.Int(i, "cap_fen");
        a.approved_fen = r.Int(i, "approved_fen");
        a.approved_by = r.OptInt(i, "approved_by");
        a.approved_at = r.Int(i, "approved_at");
        a.reason = r.Text(i, "reason");
        a.approved_by_name = r.Text(i, "by_name");
        return a;
      });
}

Status PutCapApproval(Connection& c, int64_t reception_id, const CapApproval& a) {
  return ToStatus(
      c.Exec("INSERT INTO reception_cap_approvals (reception_id, cap_key, cap_fen, approved_fen, "
             "approved_by, approved_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7) "
             "ON CONFLICT (reception_id, cap_key) DO UPDATE SET cap_fen = excluded.cap_fen, "
             "approved_fen = excluded.approved_fen, approved_by = excluded.approved_by, "
             "approved_at = excluded.approved_at, reason = excluded.reason",
             {reception_id, a.key, a.cap_fen, a.approved_fen, OrNull(a.approved_by), a.approved_at,
              a.reason}));
}

Status DeleteCapApproval(Connection& c, int64_t reception_id, const std::string& key) {
  return ToStatus(
      c.Exec("DELETE FROM reception_cap_approvals WHERE reception_id = $1 AND cap_key = $2",
             {reception_id, key}));
}

Status InsertDecision(Connection& c, int64_t reception_id, const Decision& d) {
  return ToStatus(
      c.Exec("INSERT INTO reception_decisions (reception_id, action, actor_user_id, at, reason, "
             "total_fen, detail_json) VALUES ($1, $2, $3, $4, $5, $6, $7)",
             {reception_id, d.action, OrNull(d.actor_user_id), d.at, d.reason, d.total_fen,
              d.detail_json}));
}

Result<std::vector<Decision>> Decisions(Connection& c, int64_t reception_id) {
  return db::AllRows(
      c.Query("SELECT d.id, d.action, d.actor_user_id, d.at, d.reason, d.total_fen, d.detail_json, "
              "CASE WHEN u.id IS NULL THEN '' ELSE " YB_USER_NAME(
                  "u") " END AS actor_name "
                       "FROM reception_decisions d LEFT JOIN users u ON u.id = d.actor_user_id "
                       "WHERE d.reception_id = $1 ORDER BY d.id",
              {reception_id}),
      [](const Rows& r, size_t i) {
        Decision d;
        d.id = r.Int(i, "id");
        d.action = r.Text(i, "action");
        d.actor_user_id = r.OptInt(i, "actor_user_id");
        d.at = r.Int(i, "at");
        d.reason = r.Text(i, "reason");
        d.total_fen = r.Int(i, "total_fen");
        d.detail_json = r.Text(i, "detail_json");
        d.actor_name = r.Text(i, "actor_name");
        return d;
      });
}

// ---------------------------------------------------------------- look-ups

Result<int64_t> HighLevelCount(Connection& c, int64_t staff_id, int32_t from_day, int32_t to_day,
                               int64_t except_id) {
  auto rows = c.Query(
      "SELECT COUNT(*) FROM receptions WHERE host_staff_id = $1 AND start_date BETWEEN $2 AND $3 "
      "AND id <> $4 AND status NOT IN ('cancelled', 'rejected') AND "
      "(CASE WHEN level_override <> '' THEN level_override ELSE level END) = 'high'",
      {staff_id, int64_t{from_day}, int64_t{to_day}, except_id});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Result<std::optional<std::string>> LetterUsedBy(Connection& c, const std::string& letter_no,
                                                int64_t except_id) {
  auto rows = c.Query(
      "SELECT number FROM receptions WHERE letter_no = $1 AND id <> $2 AND rule_set = 'official' "
      "AND status IN ('submitted', 'approved', 'in_progress', 'completed', 'archived') "
      "ORDER BY id LIMIT 1",
      {letter_no, except_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->Text(0, 0));
}

Result<std::optional<VenueBrief>> FindVenue(Connection& c, int64_t id) {
  return db::FirstRow(c.Query("SELECT id, site_id, name, active FROM venues WHERE id = $1", {id}),
                      [](const Rows& r, size_t i) {
                        VenueBrief v;
                        v.id = r.Int(i, "id");
                        v.site_id = r.Int(i, "site_id");
                        v.name = r.Text(i, "name");
                        v.active = r.Int(i, "active") != 0;
                        return v;
                      });
}

Result<std::vector<RoleUser>> UsersWithRole(Connection& c, const std::string& role_code) {
  return db::AllRows(
      c.Query("SELECT DISTINCT u.id, u.department_id, r.scope FROM users u JOIN user_roles ur ON "
              "ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE u.disabled = 0 AND "
              "r.code = $1 ORDER BY u.id",
              {role_code}),
      [](const Rows& r, size_t i) {
        return RoleUser{r.Int(i, 0), r.OptInt(i, "department_id"), r.Text(i, "scope") != "all"};
      });
}

Result<bool> UserHasRole(Connection& c, int64_t user_id, const std::string& role_code) {
  auto rows = c.Query(
      "SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 AND "
      "r.code = $2",
      {user_id, role_code});
  if (!rows) return std::move(rows).error();
  return !rows->empty();
}

Result<std::vector<int64_t>> UsersWithPermission(Connection& c, const std::string& permission) {
  // roles.permissions is a JSON array of strings; the quoted code cannot match a longer one.
  return db::Ids(
      c.Query("SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id "
              "JOIN roles r ON r.id = ur.role_id WHERE u.disabled = 0 AND "
              "(r.code = 'sysadmin' OR r.permissions LIKE $1) ORDER BY u.id",
              {"%\"" + permission + "\"%"}));
}

Result<std::vector<int64_t>> DepartmentAndBelow(Connection& c, int64_t department_id) {
  return db::Ids(
      c.Query("WITH RECURSIVE t(id) AS (SELECT id FROM departments WHERE id = $1 UNION ALL "
              "SELECT d.id FROM departments d JOIN t ON d.parent_id = t.id) SELECT id FROM t",
              {department_id}));
}

Result<bool> RoleExists(Connection& c, const std::string& code) {
  auto rows = c.Query("SELECT 1 FROM roles WHERE code = $1", {code});
  if (!rows) return std::move(rows).error();
  return !rows->empty();
}

Result<bool> UserActive(Connection& c, int64_t user_id) {
  auto rows = c.Query("SELECT 1 FROM users WHERE id = $1 AND disabled = 0", {user_id});
  if (!rows) return std::move(rows).error();
  return !rows->empty();
}

#undef YB_USER_NAME

}  // namespace yingbin::receptions::store
