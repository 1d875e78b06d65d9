#include "visitors/json.hpp"

#include "core/calendar.hpp"
#include "core/time.hpp"

namespace yingbin::visitors {

void WriteVisit(api::JsonWriter& w, const Visit& v, bool with_badge_code) {
  w.BeginObject();
  w.Key("id").Int(v.id);
  w.Key("number").String(v.number);
  w.Key("site_id").Int(v.site_id);
  w.Key("day").String(core::FormatDateNumber(v.day));
  w.Key("visitor_id").OptInt(v.visitor_id);
  w.Key("mode").String(v.mode);
  w.Key("visitor_kind").String(v.visitor_kind);
  w.Key("category").String(v.category);
  w.Key("status").String(StatusName(v.status));
  w.Key("visitor_name").String(v.visitor_name);
  w.Key("company").String(v.company);
  w.Key("phone").String(v.phone_hint);  // masked (DATA-2); the clear value only through reveal
  w.Key("head_count").Int(v.head_count);
  w.Key("purpose").String(v.purpose);
  w.Key("host_staff_id").OptInt(v.host_staff_id);
  w.Key("host_name").String(v.host_name);
  w.Key("deputy_staff_id").OptInt(v.deputy_staff_id);
  w.Key("deputy_name").String(v.deputy_name);
  w.Key("venue_id").OptInt(v.venue_id);
  w.Key("venue_name").String(v.venue_name);
  w.Key("expected_at").OptTime(v.expected_at);
  w.Key("expected_minutes").OptInt(v.expected_minutes);
  w.Key("arrived_at").OptTime(v.arrived_at);
  w.Key("admitted_at").OptTime(v.admitted_at);
  w.Key("departed_at").OptTime(v.departed_at);
  w.Key("cancelled_at").OptTime(v.cancelled_at);
  w.Key("cancel_reason").String(v.cancel_reason);
  w.Key("host_notified_at").OptTime(v.host_notified_at);
  w.Key("host_answer");
  if (v.host_answer.empty()) {
    w.Null();
  } else {
    w.BeginObject();
    w.Key("answer").String(v.host_answer);
    w.Key("minutes").OptInt(v.host_answer_minutes);
    w.Key("venue_id").OptInt(v.host_answer_venue_id);
    w.Key("venue_name").String(v.host_answer_venue_name);
    w.Key("note").String(v.host_answer_note);
    w.Key("at").OptTime(v.host_answered_at);
    w.EndObject();
  }
  w.Key("invite_email").String(v.invite_email);
  w.Key("greeting").Json(v.greeting_json, "{}");
  w.Key("special_access").Bool(v.special_access);
  w.Key("watch_hit").Bool(v.watch_hit);
  w.Key("outcome").String(v.outcome);
  w.Key("notes").String(v.notes);
  w.Key("owner_user_id").OptInt(v.owner_user_id);
  w.Key("created_at").String(core::FormatIsoUtc(v.created_at));
  if (with_badge_code) w.Key("badge_code").String(v.badge_code);
  w.EndObject();
}

std::string VisitText(const Visit& v, bool with_badge_code) {
  api::JsonWriter w;
  WriteVisit(w, v, with_badge_code);
  return std::move(w).Take();
}

api::Json VisitJson(const Visit& v, bool with_badge_code) {
  return api::Json::parse(VisitText(v, with_badge_code));
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
