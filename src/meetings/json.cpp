#include "meetings/json.hpp"

#include "core/time.hpp"
#include "meetings/rules.hpp"

namespace yingbin::meetings {
namespace {

api::Json OptInt(const std::optional<int64_t>& v) { return v ? api::Json(*v) : api::Json(nullptr); }
api::Json OptTime(const std::optional<int64_t>& v) {
  return v ? api::Json(core::FormatIsoUtc(*v)) : api::Json(nullptr);
}

// PLAN-3: who holds the room through the meeting service (null for an ordinary booking).
api::Json SourceJson(const Source& src) {
  if (src.Empty()) return nullptr;
  return {{"kind", src.kind},
          {"id", src.id},
          {"item_id", src.item_id},
          {"number", src.number},
          {"title", src.title},
          {"link", "/receptions/" + std::to_string(src.id)}};
}

}  // namespace

api::Json ServicesJson(const std::vector<ServiceItem>& items) {
  api::Json j = api::Json::array();
  for (const auto& s : items)
    j.push_back({{"item", s.item}, {"quantity", s.quantity}, {"note", s.note}});
  return j;
}

api::Json AttendeesJson(const std::vector<Attendee>& list) {
  api::Json j = api::Json::array();
  for (const auto& a : list)
    j.push_back({{"staff_id", OptInt(a.staff_id)},
                 {"name", a.name},
                 {"email", a.email},
                 {"user_id", OptInt(a.user_id)}});
  return j;
}

api::Json RecurrenceJson(const Recurrence& r) {
  return {{"freq", r.freq},
          {"interval", r.interval},
          {"weekdays", r.weekdays},
          {"until", r.until_date ? api::Json(core::FormatDate(*r.until_date)) : api::Json(nullptr)},
          {"count", OptInt(r.count)}};
}

api::Json BlockJson(const Meeting& m) {
  return {{"id", m.id},
          {"venue_id", m.venue_id},
          {"series_id", OptInt(m.series_id)},
          {"is_exception", m.is_exception},
          {"subject", m.title},
          {"category", m.category},
          {"status", StatusName(m.status)},
          {"start_at", core::FormatIsoUtc(m.start_at)},
          {"end_at", core::FormatIsoUtc(m.end_at)},
          {"busy_from", core::FormatIsoUtc(m.busy_from)},
          {"busy_to", core::FormatIsoUtc(m.busy_to)},
          {"attendee_count", m.attendee_count},
          {"created_by", OptInt(m.created_by)},
          {"source", SourceJson(m.source)}};
}

void WriteBlock(api::JsonWriter& w, const Meeting& m) {
  w.BeginObject();
  w.Key("id").Int(m.id);
  w.Key("venue_id").Int(m.venue_id);
  w.Key("series_id").OptInt(m.series_id);
  w.Key("is_exception").Bool(m.is_exception);
  w.Key("subject").String(m.title);
  w.Key("category").String(m.category);
  w.Key("status").String(StatusName(m.status));
  w.Key("start_at").String(core::FormatIsoUtc(m.start_at));
  w.Key("end_at").String(core::FormatIsoUtc(m.end_at));
  w.Key("busy_from").String(core::FormatIsoUtc(m.busy_from));
  w.Key("busy_to").String(core::FormatIsoUtc(m.busy_to));
  w.Key("attendee_count").Int(m.attendee_count);
  w.Key("created_by").OptInt(m.created_by);
  w.Key("source");
  if (m.source.Empty()) {
    w.Null();
  } else {
    w.BeginObject();
    w.Key("kind").String(m.source.kind);
    w.Key("id").Int(m.source.id);
    w.Key("item_id").Int(m.source.item_id);
    w.Key("number").String(m.source.number);
    w.Key("title").String(m.source.title);
    w.Key("link").String("/receptions/" + std::to_string(m.source.id));
    w.EndObject();
  }
  w.EndObject();
}

void WriteRoom(api::JsonWriter& w, const Room& r) {
  w.BeginObject();
  w.Key("venue_id").Int(r.venue_id);
  w.Key("site_id").Int(r.site_id);
  w.Key("name").String(r.name);
  w.Key("kind").String(r.kind);
  w.Key("capacity").Int(r.capacity);
  w.Key("equipment").StringArray(r.equipment);
  w.Key("needs_approval").Bool(r.needs_approval);
  w.Key("setup_minutes").Int(r.setup_minutes);
  w.Key("cleanup_minutes").Int(r.cleanup_minutes);
  w.Key("setup_override").OptInt(r.setup_override);
  w.Key("cleanup_override").OptInt(r.cleanup_override);
  w.EndObject();
}

api::Json MeetingJson(const Meeting& m) {
  api::Json j = BlockJson(m);
  j["site_id"] = m.site_id;
  j["venue_name"] = m.venue_name;
  j["venue_capacity"] = m.venue_capacity;
  j["organizer_name"] = m.organizer_name;
  j["created_by_name"] = m.created_by_name;
  j["occurrence_start_at"] = OptTime(m.occurrence_start_at);
  j["uid"] = m.uid;
  j["sequence"] = m.sequence;
  j["organizer_staff_id"] = OptInt(m.organizer_staff_id);
  j["clerk_user_id"] = OptInt(m.clerk_user_id);
  j["clerk_name"] = m.clerk_name;
  j["approval_rule"] = m.approval_rule;
  j["decided_by"] = OptInt(m.decided_by);
  j["decided_by_name"] = m.decided_by_name;
  j["decided_at"] = OptTime(m.decided_at);
  j["decision_reason"] = m.decision_reason;
  j["bring"] = m.bring;
  j["notes"] = m.notes;
  j["services"] = ServicesJson(m.services);
  j["attendees"] = AttendeesJson(m.attendees);
  j["created_at"] = core::FormatIsoUtc(m.created_at);
  j["updated_at"] = core::FormatIsoUtc(m.updated_at);
  j["ics_url"] = "/api/v1/meetings/" + std::to_string(m.id) + "/invitation.ics";
  return j;
}

api::Json RoomJson(const Room& r) {
  return {{"venue_id", r.venue_id},
          {"site_id", r.site_id},
          {"name", r.name},
          {"kind", r.kind},
          {"capacity", r.capacity},
          {"equipment", r.equipment},
          {"needs_approval", r.needs_approval},
          {"setup_minutes", r.setup_minutes},
          {"cleanup_minutes", r.cleanup_minutes},
          {"setup_override", OptInt(r.setup_override)},
          {"cleanup_override", OptInt(r.cleanup_override)}};
}

}  // namespace yingbin::meetings
