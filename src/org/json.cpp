#include "org/json.hpp"

#include "core/time.hpp"

namespace yingbin::org {
namespace {

api::Json OptInt(const std::optional<int64_t>& v) { return v ? api::Json(*v) : api::Json(nullptr); }

}  // namespace

api::Json PeriodsJson(const std::vector<core::Period>& periods) {
  api::Json out = api::Json::array();
  for (const auto& p : periods)
    out.push_back(
        {{"start", core::FormatTimeOfDay(p.start)}, {"end", core::FormatTimeOfDay(p.end)}});
  return out;
}

api::Json SiteJson(const Site& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"code", s.code},
          {"time_zone", s.time_zone},
          {"address", s.address},
          {"directions", s.directions},
          {"transport", s.transport},
          {"desk_hours", PeriodsJson(s.desk_hours)},
          {"working_weekdays", s.working_weekdays}};
}

api::Json DepartmentJson(const Department& d) {
  return {{"id", d.id},
          {"name", d.name},
          {"code", d.code ? api::Json(*d.code) : api::Json(nullptr)},
          {"parent_id", OptInt(d.parent_id)},
          {"site_id", OptInt(d.site_id)},
          {"head_staff_id", OptInt(d.head_staff_id)}};
}

// Staff lists are the hot path (the desk's host autocomplete, the benchmark): written
// straight to text. The tree form for audit rows is parsed from the same text, so there is
// one list of fields.
void WriteStaff(api::JsonWriter& w, const Staff& s) {
  w.BeginObject();
  w.Key("id").Int(s.id);
  w.Key("name").String(s.name);
  w.Key("name_initials").String(s.name_initials);
  w.Key("department_id").OptInt(s.department_id);
  w.Key("site_id").OptInt(s.site_id);
  w.Key("title").String(s.title);
  w.Key("rank").Int(s.rank);
  w.Key("phone").String(s.phone);
  w.Key("email").String(s.email);
  w.Key("extension").String(s.extension);
  w.Key("user_id").OptInt(s.user_id);
  w.Key("active").Bool(s.active);
  w.EndObject();
}

api::Json StaffJson(const Staff& s) {
  api::JsonWriter w;
  WriteStaff(w, s);
  return api::Json::parse(w.text());
}

api::Json VenueJson(const Venue& v) {
  return {{"id", v.id},        {"site_id", v.site_id},   {"name", v.name},
          {"kind", v.kind},    {"capacity", v.capacity}, {"equipment", v.equipment},
          {"active", v.active}};
}

api::Json CalendarDayJson(const CalendarDay& d) {
  return {
      {"date", core::FormatDate(d.date)}, {"kind", core::DayKindName(d.kind)}, {"name", d.name}};
}

api::Json CalendarJson(const Calendar& c) {
  api::Json days = api::Json::array();
  for (const auto& d : c.days) days.push_back(CalendarDayJson(d));
  return {{"site_id", c.site_id},
          {"year", c.year},
          {"working_weekdays", c.working_weekdays},
          {"days", days}};
}

core::Result<std::vector<core::Period>> ReadDeskHours(const api::Json& body) {
  constexpr char kField[] = "desk_hours";
  std::vector<core::Period> out;
  auto it = body.find(kField);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) return core::InvalidArgument(kField, "validation.type_array");
  if (it->size() > 12)
    return core::InvalidArgument(kField, "validation.out_of_range")
        .With("min", "0")
        .With("max", "12");
  for (const auto& item : *it) {
    if (!item.is_object() || !item.contains("start") || !item.contains("end") ||
        !item["start"].is_string() || !item["end"].is_string())
      return core::InvalidArgument(kField, "validation.time_of_day");
    auto start = core::ParseTimeOfDay(item["start"].get<std::string>(), kField);
    if (!start) return std::move(start).error();
    auto end = core::ParseTimeOfDay(item["end"].get<std::string>(), kField, /*allow_24=*/true);
    if (!end) return std::move(end).error();
    out.push_back({*start, *end});
  }
  return core::NormalizePeriods(std::move(out), kField);
}

}  // namespace yingbin::org
