#include "calls/json.hpp"

#include "core/calendar.hpp"
#include "core/time.hpp"

namespace yingbin::calls {

api::Json CallJson(const Call& c) {
  return {
      {"id", c.id},
      {"number", c.number},
      {"site_id", c.site_id},
      {"site_name", c.site_name},
      {"day", core::FormatDateNumber(c.day)},
      {"called_at", core::FormatIsoUtc(c.called_at)},
      {"caller_id", api::IntOrNull(c.caller_id)},
      {"caller_name", c.caller_name},
      {"organisation", c.organisation},
      {"phone", c.phone_hint},  // masked (DATA-2)
      {"matter", c.matter},
      {"for_staff_id", api::IntOrNull(c.for_staff_id)},
      {"for_staff_name", c.for_staff_name},
      {"for_department_id", api::IntOrNull(c.for_department_id)},
      {"for_department_name", c.for_department_name},
      {"outcome", c.outcome},
      {"knowledge_id", api::IntOrNull(c.knowledge_id)},
      {"knowledge_question", c.knowledge_question},
      {"note", c.note},
      {"late_answer", c.late_answer},
      {"created_by_name", c.created_by_name},
      {"created_at", core::FormatIsoUtc(c.created_at)},
      {"message", c.message_id ? api::Json({{"id", *c.message_id}, {"status", c.message_status}})
                               : api::Json(nullptr)}};
}

api::Json CallerJson(const Caller& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"organisation", c.organisation},
          {"phone", c.phone_hint},
          {"call_count", c.call_count},
          {"last_call_at", api::TimeOrNull(c.last_call_at)},
          {"last_for_staff_id", api::IntOrNull(c.last_for_staff_id)},
          {"last_for_staff_name", c.last_for_staff_name},
          {"last_for_department_id", api::IntOrNull(c.last_for_department_id)},
          {"last_for_department_name", c.last_for_department_name}};
}

api::Json MessageJson(const Message& m) {
  return {{"id", m.id},
          {"call_id", m.call_id},
          {"call_number", m.call_number},
          {"site_id", m.site_id},
          {"called_at", core::FormatIsoUtc(m.called_at)},
          {"caller_name", m.caller_name},
          {"organisation", m.organisation},
          {"phone", m.phone_hint},
          {"has_phone", m.has_phone},
          {"matter", m.matter},
          {"text", m.text},
          {"for_type", m.ForDepartment() ? "department" : "staff"},
          {"for_staff_id", api::IntOrNull(m.for_staff_id)},
          {"for_staff_name", m.for_staff_name},
          {"for_department_id", api::IntOrNull(m.for_department_id)},
          {"for_department_name", m.for_department_name},
          {"status", m.status},
          {"reminders", m.reminders},
          {"last_reminded_at", api::TimeOrNull(m.last_reminded_at)},
          {"handled_at", api::TimeOrNull(m.handled_at)},
          {"handled_by_name", m.handled_by_name},
          {"handled_on_behalf", m.handled_on_behalf},
          {"reply_note", m.reply_note},
          {"created_by_name", m.created_by_name},
          {"created_at", core::FormatIsoUtc(m.created_at)}};
}

api::Json KnowledgeJson(const KnowledgeEntry& k) {
  return {{"id", k.id},
          {"question", k.question},
          {"answer", k.answer},
          {"tags", k.tags},
          {"site_id", api::IntOrNull(k.site_id)},
          {"sort", k.sort},
          {"active", k.active},
          {"use_count", k.use_count},
          {"updated_at", core::FormatIsoUtc(k.updated_at)}};
}

api::Json DirectoryEntryJson(const DirectoryEntry& e) {
  return {{"staff_id", e.staff_id},
          {"name", e.name},
          {"name_initials", e.name_initials},
          {"title", e.title},
          {"extension", e.extension},
          {"phone", e.phone},
          {"email", e.email},
          {"department_id", api::IntOrNull(e.department_id)},
          {"department_name", e.department_name},
          {"site_id", api::IntOrNull(e.site_id)},
          {"has_account", e.has_account}};
}

api::Json DepartmentBriefJson(const DepartmentBrief& d) {
  return {{"id", d.id},
          {"name", d.name},
          {"head_staff_id", api::IntOrNull(d.head_staff_id)},
          {"head_name", d.head_name}};
}

}  // namespace yingbin::calls
