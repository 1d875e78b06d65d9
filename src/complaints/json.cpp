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
          {"active", k.active}};
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
