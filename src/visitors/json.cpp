#include "visitors/json.hpp"

#include "core/calendar.hpp"
#include "core/time.hpp"

namespace yingbin::visitors {

api::Json VisitJson(const Visit& v, bool with_badge_code) {
  api::Json greeting = api::Json::parse(v.greeting_json, nullptr, false);
  if (greeting.is_discarded()) greeting = api::Json::object();
  api::Json j = {
      {"id", v.id},
      {"number", v.number},
      {"site_id", v.site_id},
      {"day", core::FormatDateNumber(v.day)},
      {"visitor_id", api::IntOrNull(v.visitor_id)},
      {"mode", v.mode},
      {"visitor_kind", v.visitor_kind},
      {"category", v.category},
      {"status", StatusName(v.status)},
      {"visitor_name", v.visitor_name},
      {"company", v.company},
      {"phone", v.phone_hint},  // masked (DATA-2); the clear value only through reveal
      {"head_count", v.head_count},
      {"purpose", v.purpose},
      {"host_staff_id", api::IntOrNull(v.host_staff_id)},
      {"host_name", v.host_name},
      {"deputy_staff_id", api::IntOrNull(v.deputy_staff_id)},
      {"deputy_name", v.deputy_name},
      {"venue_id", api::IntOrNull(v.venue_id)},
      {"venue_name", v.venue_name},
      {"expected_at", api::TimeOrNull(v.expected_at)},
      {"expected_minutes", api::IntOrNull(v.expected_minutes)},
      {"arrived_at", api::TimeOrNull(v.arrived_at)},
      {"admitted_at", api::TimeOrNull(v.admitted_at)},
      {"departed_at", api::TimeOrNull(v.departed_at)},
      {"cancelled_at", api::TimeOrNull(v.cancelled_at)},
      {"cancel_reason", v.cancel_reason},
      {"host_notified_at", api::TimeOrNull(v.host_notified_at)},
      {"host_answer",
       v.host_answer.empty()
           ? api::Json(nullptr)
           : api::Json({{"answer", v.host_answer},
                        {"minutes", api::IntOrNull(v.host_answer_minutes)},
                        {"venue_id", api::IntOrNull(v.host_answer_venue_id)},
                        {"venue_name", v.host_answer_venue_name},
                        {"note", v.host_answer_note},
                        {"at", api::TimeOrNull(v.host_answered_at)}})},
      {"invite_email", v.invite_email},
      {"greeting", greeting},
      {"special_access", v.special_access},
      {"watch_hit", v.watch_hit},
      {"outcome", v.outcome},
      {"notes", v.notes},
      {"owner_user_id", api::IntOrNull(v.owner_user_id)},
      {"created_at", core::FormatIsoUtc(v.created_at)},
  };
  if (with_badge_code) j["badge_code"] = v.badge_code;
  return j;
}

api::Json VisitorJson(const Visitor& v) {
  return {{"id", v.id},
          {"name", v.name},
          {"company", v.company},
          {"phone", v.phone_hint},
          {"id_number", v.id_number_hint},
          {"email", v.email},
          {"visit_count", v.visit_count},
          {"last_visit_at", api::TimeOrNull(v.last_visit_at)}};
}

api::Json TriageJson(const TriageRule& r) {
  return {{"id", r.id},
          {"visitor_kind", r.visitor_kind},
          {"label", r.label},
          {"action", r.action},
          {"category", r.category},
          {"department_id", api::IntOrNull(r.department_id)},
          {"instructions", r.instructions},
          {"sort", r.sort},
          {"active", r.active}};
}

api::Json ListEntryJson(const ListEntry& e) {
  return {{"id", e.id},
          {"list", e.list},
          {"name", e.name},
          {"company", e.company},
          {"id_number", e.id_number_hint},
          {"host_staff_id", api::IntOrNull(e.host_staff_id)},
          {"note", e.note},
          {"active", e.active}};
}

}  // namespace yingbin::visitors
