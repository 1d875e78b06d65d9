#include "complaints/json.hpp"

#include "complaints/clocks.hpp"
#include "core/calendar.hpp"
#include "core/time.hpp"

namespace yingbin::complaints {

using api::IntOrNull;
using api::Json;
using api::TimeOrNull;

Json TicketJson(const Ticket& t) {
  return {{"id", t.id},
          {"number", t.number},
          {"type", t.type},
          {"type_name", t.type_name},
          {"channel", t.channel},
          {"site_id", t.site_id},
          {"site_name", t.site_name},
          {"customer",
           {{"id", t.customer_id},
            {"name", t.customer_name},
            {"organisation", t.customer_organisation},
            {"phone", t.customer_phone_hint},  // masked (DATA-2)
            {"email", t.customer_email}}},
          {"subject", t.subject},
          {"description", t.description},
          {"customer_request", t.customer_request},
          {"severity", t.severity},
          {"agitated", t.agitated},
          {"cause_class", t.cause_class ? Json(*t.cause_class) : Json(nullptr)},
          {"cause_name", t.cause_name},
          {"department_id", IntOrNull(t.department_id)},
          {"department_name", t.department_name},
          {"assignee_user_id", IntOrNull(t.assignee_user_id)},
          {"assignee_name", t.assignee_name},
          {"owner_user_id", IntOrNull(t.owner_user_id)},
          {"owner_name", t.owner_name},
          {"ladder_step", t.ladder_step},
          {"status", StatusName(t.status)},
          {"paused", t.paused_since.has_value()},
          {"paused_since", TimeOrNull(t.paused_since)},
          {"pause_reason", t.pause_reason},
          {"agreed_deadline", TimeOrNull(t.agreed_deadline)},
          {"next_due_at", TimeOrNull(t.next_due_at)},
          {"overdue", t.overdue},
          {"reopen_count", t.reopen_count},
          {"resolution", t.resolution},
          {"satisfied", t.satisfied ? Json(*t.satisfied) : Json(nullptr)},
          {"call_id", IntOrNull(t.call_id)},
          {"call_number", t.call_number},
          {"created_at", core::FormatIsoUtc(t.created_at)},
          {"updated_at", core::FormatIsoUtc(t.updated_at)},
          {"resolved_at", TimeOrNull(t.resolved_at)},
          {"archived_at", TimeOrNull(t.archived_at)},
          {"archived_by", IntOrNull(t.archived_by)},
          {"temperament", t.temperament ? Json(*t.temperament) : Json(nullptr)},
          {"red_alert", t.red_alert_at.has_value()},
          {"red_alert_at", TimeOrNull(t.red_alert_at)},
          {"red_alert_reasons",
           Json::parse(t.red_alert_reasons.empty() ? "[]" : t.red_alert_reasons, nullptr, false)},
          {"merged_into_id", IntOrNull(t.merged_into_id)}};
}

namespace {

void Time(api::JsonWriter& w, const char* key, const std::optional<int64_t>& at) {
  w.Key(key);
  if (at)
    w.String(core::FormatIsoUtc(*at));
  else
    w.Null();
}

}  // namespace

void WriteTicket(api::JsonWriter& w, const Ticket& t) {
  w.BeginObject();
  WriteTicketFields(w, t);
  w.EndObject();
}

void WriteTicketFields(api::JsonWriter& w, const Ticket& t) {
  w.Key("id").Int(t.id).Key("number").String(t.number).Key("type").String(t.type);
  w.Key("type_name").String(t.type_name).Key("channel").String(t.channel);
  w.Key("site_id").Int(t.site_id).Key("site_name").String(t.site_name);
  w.Key("customer").BeginObject();
  w.Key("id").Int(t.customer_id).Key("name").String(t.customer_name);
  w.Key("organisation").String(t.customer_organisation);
  w.Key("phone").String(t.customer_phone_hint).Key("email").String(t.customer_email);
  w.EndObject();
  w.Key("subject").String(t.subject).Key("description").String(t.description);
  w.Key("customer_request").String(t.customer_request).Key("severity").String(t.severity);
  w.Key("agitated").Bool(t.agitated).Key("cause_class").OptString(t.cause_class);
  w.Key("cause_name").String(t.cause_name).Key("department_id").OptInt(t.department_id);
  w.Key("department_name").String(t.department_name);
  w.Key("assignee_user_id").OptInt(t.assignee_user_id).Key("assignee_name").String(t.assignee_name);
  w.Key("owner_user_id").OptInt(t.owner_user_id).Key("owner_name").String(t.owner_name);
  w.Key("ladder_step").Int(t.ladder_step).Key("status").String(StatusName(t.status));
  w.Key("paused").Bool(t.paused_since.has_value());
  Time(w, "paused_since", t.paused_since);
  w.Key("pause_reason").String(t.pause_reason);
  Time(w, "agreed_deadline", t.agreed_deadline);
  Time(w, "next_due_at", t.next_due_at);
  w.Key("overdue").Bool(t.overdue).Key("reopen_count").Int(t.reopen_count);
  w.Key("resolution").String(t.resolution).Key("satisfied");
  if (t.satisfied)
    w.Bool(*t.satisfied);
  else
    w.Null();
  w.Key("call_id").OptInt(t.call_id).Key("call_number").String(t.call_number);
  w.Key("created_at").String(core::FormatIsoUtc(t.created_at));
  w.Key("updated_at").String(core::FormatIsoUtc(t.updated_at));
  Time(w, "resolved_at", t.resolved_at);
  Time(w, "archived_at", t.archived_at);
  w.Key("archived_by").OptInt(t.archived_by);
  w.Key("temperament").OptString(t.temperament);
  w.Key("red_alert").Bool(t.red_alert_at.has_value());
  Time(w, "red_alert_at", t.red_alert_at);
  w.Key("red_alert_reasons").BeginArray();
  if (!t.red_alert_reasons.empty() && t.red_alert_reasons != "[]") {
    const Json reasons = Json::parse(t.red_alert_reasons, nullptr, false);
    if (reasons.is_array())
      for (const auto& r : reasons) {
        w.BeginObject();
        w.Key("rule").String(r.value("rule", std::string()));
        w.Key("detail").String(r.value("detail", std::string()));
        w.EndObject();
      }
  }
  w.EndArray();
  w.Key("merged_into_id").OptInt(t.merged_into_id);
}

void WriteClock(api::JsonWriter& w, const Clock& k, int64_t now) {
  const ClockState state = StateOf(k, now);
  const bool running = state == ClockState::kRunning || state == ClockState::kWarning ||
                       state == ClockState::kBreached || state == ClockState::kPaused;
  w.BeginObject();
  w.Key("id").Int(k.id).Key("kind").String(k.kind).Key("state").String(ClockStateName(state));
  w.Key("started_at").String(core::FormatIsoUtc(k.started_at));
  w.Key("limit").Int(k.limit.value).Key("unit").String(UnitName(k.limit.unit));
  w.Key("due_at").String(core::FormatIsoUtc(k.due_at));
  w.Key("limit_due_at").String(core::FormatIsoUtc(k.limit_due_at));
  w.Key("agreed").Bool(k.agreed);
  Time(w, "warn_at", k.warn_at);
  Time(w, "warned_at", k.warned_at);
  Time(w, "breached_at", k.breached_at);
  Time(w, "met_at", k.met_at);
  Time(w, "cancelled_at", k.cancelled_at);
  Time(w, "paused_since", k.paused_since);
  w.Key("paused_minutes").Int(k.paused_ms / 60'000);
  w.Key("time_left_minutes");
  if (running && !k.paused_since)
    w.Int((k.due_at - now) / 60'000);
  else
    w.Null();
  w.EndObject();
}

void WriteEvent(api::JsonWriter& w, const Event& e) {
  w.BeginObject();
  w.Key("id").Int(e.id).Key("at").String(core::FormatIsoUtc(e.at));
  w.Key("actor_user_id").OptInt(e.actor_user_id).Key("actor_name").String(e.actor_name);
  w.Key("kind").String(e.kind).Key("from_status").String(e.from_status);
  w.Key("to_status").String(e.to_status).Key("note").String(e.note);
  w.Key("data").Json(e.data_json, "{}");
  w.EndObject();
}

void WriteNotice(api::JsonWriter& w, const Notice& n) {
  w.BeginObject();
  w.Key("id").Int(n.id).Key("round").Int(n.round);
  w.Key("department_id").OptInt(n.department_id).Key("department_name").String(n.department_name);
  w.Key("dispatched_at").String(core::FormatIsoUtc(n.dispatched_at));
  w.Key("dispatched_by_name").String(n.dispatched_by_name);
  w.Key("acknowledged_at").OptTime(n.acknowledged_at);
  w.Key("acknowledged_by_name").String(n.acknowledged_by_name);
  w.Key("returned_at").OptTime(n.returned_at);
  w.Key("returned_by_name").String(n.returned_by_name);
  w.Key("cause").String(n.cause).Key("fix").String(n.fix);
  w.Key("responsible_person").String(n.responsible_person);
  w.Key("responsible_staff_id").OptInt(n.responsible_staff_id);
  w.Key("handled_on");
  if (n.handled_on)
    w.String(core::FormatDateNumber(*n.handled_on));
  else
    w.Null();
  w.EndObject();
}

std::string TicketText(const Ticket& t) {
  api::JsonWriter w;
  WriteTicket(w, t);
  return std::move(w).Take();
}

Json EventJson(const Event& e) {
  Json data = Json::parse(e.data_json, nullptr, false);
  if (data.is_discarded()) data = Json::object();
  return {{"id", e.id},
          {"at", core::FormatIsoUtc(e.at)},
          {"actor_user_id", IntOrNull(e.actor_user_id)},
          {"actor_name", e.actor_name},
          {"kind", e.kind},
          {"from_status", e.from_status},
          {"to_status", e.to_status},
          {"note", e.note},
          {"data", data}};
}

Json ClockJson(const Clock& k, int64_t now) {
  const ClockState state = StateOf(k, now);
  const bool running = state == ClockState::kRunning || state == ClockState::kWarning ||
                       state == ClockState::kBreached || state == ClockState::kPaused;
  return {{"id", k.id},
          {"kind", k.kind},
          {"state", ClockStateName(state)},
          {"started_at", core::FormatIsoUtc(k.started_at)},
          {"limit", k.limit.value},
          {"unit", UnitName(k.limit.unit)},
          {"due_at", core::FormatIsoUtc(k.due_at)},
          {"limit_due_at", core::FormatIsoUtc(k.limit_due_at)},
          {"agreed", k.agreed},
          {"warn_at", TimeOrNull(k.warn_at)},
          {"warned_at", TimeOrNull(k.warned_at)},
          {"breached_at", TimeOrNull(k.breached_at)},
          {"met_at", TimeOrNull(k.met_at)},
          {"cancelled_at", TimeOrNull(k.cancelled_at)},
          {"paused_since", TimeOrNull(k.paused_since)},
          {"paused_minutes", k.paused_ms / 60'000},
          // Time left (negative: overdue by) while it runs; null once met or cancelled.
          {"time_left_minutes",
           running && !k.paused_since ? Json((k.due_at - now) / 60'000) : Json(nullptr)}};
}

Json NoticeJson(const Notice& n) {
  return {
      {"id", n.id},
      {"round", n.round},
      {"department_id", IntOrNull(n.department_id)},
      {"department_name", n.department_name},
      {"dispatched_at", core::FormatIsoUtc(n.dispatched_at)},
      {"dispatched_by_name", n.dispatched_by_name},
      {"acknowledged_at", TimeOrNull(n.acknowledged_at)},
      {"acknowledged_by_name", n.acknowledged_by_name},
      {"returned_at", TimeOrNull(n.returned_at)},
      {"returned_by_name", n.returned_by_name},
      {"cause", n.cause},
      {"fix", n.fix},
      {"responsible_person", n.responsible_person},
      {"responsible_staff_id", IntOrNull(n.responsible_staff_id)},
      {"handled_on", n.handled_on ? Json(core::FormatDateNumber(*n.handled_on)) : Json(nullptr)}};
}

Json TypeJson(const ComplaintType& t) {
  return {{"code", t.code},
          {"name_zh_cn", t.name_zh_cn},
          {"name_zh_tw", t.name_zh_tw},
          {"name_en", t.name_en},
          {"first_contact_limit", t.first_contact.value},
          {"first_contact_unit", UnitName(t.first_contact.unit)},
          {"answer_limit", t.answer.value},
          {"answer_unit", UnitName(t.answer.unit)},
          {"on_public_form", t.on_public_form},
          {"sort", t.sort},
          {"active", t.active}};
}

Json CauseJson(const CauseClass& k) {
  return {{"code", k.code},
          {"name_zh_cn", k.name_zh_cn},
          {"name_zh_tw", k.name_zh_tw},
          {"name_en", k.name_en},
          {"department_names", k.department_names},
          {"department_id", IntOrNull(k.department_id)},
          {"routed_department_id", IntOrNull(k.routed_department_id)},
          {"routed_department_name", k.routed_department_name},
          {"unrouted", !k.routed_department_id.has_value()},
          {"sort", k.sort},
          {"active", k.active},
          {"attitude", k.attitude}};
}

Json LadderJson(const DepartmentLadder& l) {
  return {{"department_id", l.department_id},
          {"department_name", l.department_name},
          {"supervisor_user_id", IntOrNull(l.supervisor_user_id)},
          {"supervisor_name", l.supervisor_name},
          {"head_user_id", IntOrNull(l.head_user_id)},
          {"head_name", l.head_name}};
}

Json ActionsJson(const std::vector<Action>& actions) {
  Json out = Json::array();
  for (Action a : actions) out.push_back(ActionName(a));
  return out;
}

}  // namespace yingbin::complaints
