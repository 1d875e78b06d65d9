#include "receptions/json.hpp"

#include "core/calendar.hpp"
#include "core/time.hpp"

namespace yingbin::receptions {
namespace {

using api::IntOrNull;
using api::Json;
using api::TimeOrNull;

Json DayOrNull(const std::optional<int32_t>& d) {
  return d ? Json(core::FormatDate(*d)) : Json(nullptr);
}

Json LevelOrNull(const std::optional<Level>& l) { return l ? Json(LevelName(*l)) : Json(nullptr); }

Json Strings(const std::vector<std::string>& v) {
  Json out = Json::array();
  for (const auto& s : v) out.push_back(s);
  return out;
}

Json ArgsJson(const std::vector<std::pair<std::string, std::string>>& args) {
  Json out = Json::object();
  for (const auto& [k, v] : args) out[k] = v;
  return out;
}

}  // namespace

Json GradeJson(const Grade& g) {
  return {{"id", g.id},
          {"code", g.code},
          {"name_zh_cn", g.name_zh_cn},
          {"name_zh_tw", g.name_zh_tw},
          {"name_en", g.name_en},
          {"description", g.description},
          {"sort", g.sort},
          {"active", g.active}};
}

Json StandardLineJson(const StandardLine& l) {
  return {{"grade_code", l.grade_code},
          {"lodging_cap_fen", IntOrNull(l.lodging_cap_fen)},
          {"lodging_min_fen", IntOrNull(l.lodging_min_fen)},
          {"lunch_cap_fen", l.lunch_cap_fen},
          {"dinner_cap_fen", l.dinner_cap_fen},
          {"entertainment_cap_fen", IntOrNull(l.entertainment_cap_fen)},
          {"meal_increment_fen", l.meal_increment_fen},
          {"entertainment_increment_fen", l.entertainment_increment_fen},
          {"vehicle_class", l.vehicle_class},
          {"accompany", l.accompany}};
}

Json StandardJson(const CostStandard& s) {
  Json lines = Json::array();
  for (const auto& l : s.lines) lines.push_back(StandardLineJson(l));
  return {{"id", s.id},
          {"rule_set", s.rule_set},
          {"jurisdiction", s.jurisdiction},
          {"name", s.name},
          {"effective_from", core::FormatDate(s.effective_from)},
          {"effective_to", DayOrNull(s.effective_to)},
          {"designated_hotels", Strings(s.designated_hotels)},
          {"notes", s.notes},
          {"lines", lines},
          {"updated_at", core::FormatIsoUtc(s.updated_at)}};
}

Json RuleJson(const ApprovalRule& r) {
  return {{"id", r.id},
          {"sort", r.sort},
          {"label", r.label},
          {"min_total_fen", r.min_total_fen},
          {"max_total_fen", IntOrNull(r.max_total_fen)},
          {"grade_code", r.grade_code},
          {"foreign", r.foreign ? Json(*r.foreign) : Json(nullptr)},
          {"approver_role", r.approver_role},
          {"approver_user_id", IntOrNull(r.approver_user_id)},
          {"approver_user_name", r.approver_user_name},
          {"active", r.active}};
}

Json RouteJson(const Route& r) {
  return {{"rule_id", IntOrNull(r.rule_id)},
          {"label", r.label},
          {"approver_role", r.approver_role},
          {"approver_user_id", IntOrNull(r.approver_user_id)}};
}

Json GuestJson(const Guest& g) {
  Json j = {{"id", g.id},
            {"sort", g.sort},
            {"name", g.name},
            {"gender", g.gender},
            {"age", IntOrNull(g.age)},
            {"title", g.title},
            {"rank", IntOrNull(g.rank)},
            {"unit", g.unit},
            {"nationality", g.nationality},
            {"taboos", Strings(g.taboos)},
            {"allergies", g.allergies},
            {"habits", g.habits},
            {"accessibility", g.accessibility},
            {"transport_preference", g.transport_preference},
            {"is_chief", g.is_chief},
            {"arrival_at", TimeOrNull(g.arrival_at)},
            {"arrival_place", g.arrival_place},
            {"arrival_no", g.arrival_no},
            {"arrival_transport", g.arrival_transport},
            {"departure_at", TimeOrNull(g.departure_at)},
            {"departure_place", g.departure_place},
            {"departure_no", g.departure_no},
            {"departure_transport", g.departure_transport},
            {"sensitive_hidden", g.sensitive_hidden}};
  // GEN-2: ethnicity, religion and health only for the planners.
  if (!g.sensitive_hidden) {
    j["ethnicity"] = g.ethnicity;
    j["religion"] = g.religion;
    j["health"] = g.health;
  }
  return j;
}

Json GuestAuditJson(const Guest& g) {
  Json j = GuestJson(g);
  j.erase("ethnicity");
  j.erase("religion");
  j.erase("health");
  j.erase("sensitive_hidden");
  j["ethnicity_set"] = !g.ethnicity.empty();
  j["religion_set"] = !g.religion.empty();
  j["health_set"] = !g.health.empty();
  return j;
}

Json ItemJson(const Item& it, const std::vector<DietNote>& diet) {
  Json staff = Json::array();
  for (size_t i = 0; i < it.staff_ids.size(); ++i)
    staff.push_back(
        {{"id", it.staff_ids[i]}, {"name", i < it.staff_names.size() ? it.staff_names[i] : ""}});
  Json j = {{"id", it.id},
            {"day", core::FormatDate(it.day)},
            {"start", core::FormatTimeOfDay(it.start_min)},
            {"end", core::FormatTimeOfDay(it.end_min)},
            {"start_at", core::FormatIsoUtc(it.start_at)},
            {"end_at", core::FormatIsoUtc(it.end_at)},
            {"kind", it.kind},
            {"place", it.place},
            {"venue_id", IntOrNull(it.venue_id)},
            {"venue_name", it.venue_name},
            {"activity", it.activity},
            {"vehicle", it.vehicle},
            {"notes", it.notes},
            {"staff", staff},
            {"staff_ids", it.staff_ids},
            {"meal_type", it.meal_type},
            {"diners_guests", IntOrNull(it.diners_guests)},
            {"diners_hosts", it.diners_hosts},
            {"menu", it.menu},
            {"planned_fen", IntOrNull(it.planned_fen)},
            {"rooms", it.rooms},
            {"nights", it.nights}};
  // Taboos flow into every meal: computed from the guests at each read.
  Json notes = Json::array();
  if (it.kind == "meal")
    for (const auto& n : diet)
      notes.push_back({{"taboo", n.taboo}, {"text", n.text}, {"guests", n.guests}});
  j["dietary_notes"] = notes;
  return j;
}

Json StaffJson(const std::vector<StaffRole>& staff) {
  Json out = Json::array();
  for (const auto& s : staff)
    out.push_back({{"id", s.id},
                   {"role", s.role},
                   {"staff_a_id", s.staff_a_id},
                   {"staff_a_name", s.staff_a_name},
                   {"staff_b_id", IntOrNull(s.staff_b_id)},
                   {"staff_b_name", s.staff_b_name},
                   {"duty", s.duty}});
  return out;
}

Json ContingenciesJson(const std::vector<Contingency>& list) {
  Json out = Json::array();
  for (const auto& x : list)
    out.push_back({{"id", x.id},
                   {"kind", x.kind},
                   {"description", x.description},
                   {"owner_staff_id", IntOrNull(x.owner_staff_id)},
                   {"owner_name", x.owner_name}});
  return out;
}

Json BudgetLinesJson(const std::vector<BudgetLine>& lines) {
  Json out = Json::array();
  for (const auto& l : lines)
    out.push_back({{"id", l.id},
                   {"category", l.category},
                   {"description", l.description},
                   {"quantity", l.quantity},
                   {"planned_fen", l.planned_fen}});
  return out;
}

Json BudgetJson(const Budget& b) {
  Json rows = Json::array();
  for (const auto& r : b.rows)
    rows.push_back({{"source", r.source},
                    {"source_id", r.source_id},
                    {"category", r.category},
                    {"label", r.label},
                    {"day", r.source == "item" ? Json(core::FormatDate(r.day)) : Json(nullptr)},
                    {"quantity", r.quantity},
                    {"planned_fen", r.planned_fen},
                    {"cap_key", r.cap_key}});
  Json checks = Json::array();
  for (const auto& c : b.checks)
    checks.push_back({{"key", c.key},
                      {"category", c.category},
                      {"item_id", IntOrNull(c.item_id)},
                      {"label", c.label},
                      {"cap_fen", c.cap_fen},
                      {"planned_fen", c.planned_fen},
                      {"over", c.over},
                      {"approved_fen", IntOrNull(c.approved_fen)},
                      {"needs_approval", c.needs_approval}});
  Json cats = Json::array();
  for (const auto& [cat, fen] : b.by_category)
    cats.push_back({{"category", cat}, {"planned_fen", fen}});
  return {{"has_standard", b.has_standard},
          {"rows", rows},
          {"checks", checks},
          {"by_category", cats},
          {"total_fen", b.total_fen},
          {"needing_approval", b.needing_approval},
          {"vehicle_class", b.vehicle_class},
          {"accompany", b.accompany}};
}

Json ViolationJson(const Violation& v) {
  return {{"key", v.key},
          {"field", v.field},
          {"item_id", IntOrNull(v.item_id)},
          {"args", ArgsJson(v.args)}};
}

Json ConflictJson(const Conflict& c) {
  return {{"kind", c.kind},
          {"item_id", c.item_id},
          {"other_item_id", IntOrNull(c.other_item_id)},
          {"other_reception_id", IntOrNull(c.other_reception_id)},
          {"other_reception_number", c.other_reception_number},
          {"meeting_id", IntOrNull(c.meeting_id)},
          {"staff_id", IntOrNull(c.staff_id)},
          {"venue_id", IntOrNull(c.venue_id)},
          {"what", c.what},
          {"taboo", c.taboo}};
}

Json DecisionJson(const Decision& d) {
  Json detail = Json::parse(d.detail_json, nullptr, false);
  if (detail.is_discarded()) detail = Json::object();
  return {{"id", d.id},
          {"action", d.action},
          {"actor_user_id", IntOrNull(d.actor_user_id)},
          {"actor_name", d.actor_name},
          {"at", core::FormatIsoUtc(d.at)},
          {"reason", d.reason},
          {"total_fen", d.total_fen},
          {"detail", detail}};
}

Json ReceptionBriefJson(const Reception& r) {
  return {{"id", r.id},
          {"number", r.number},
          {"site_id", r.site_id},
          {"name", r.title},
          {"visiting_unit", r.visiting_unit},
          {"purpose", r.purpose},
          {"intent", r.intent},
          {"foreign", r.foreign},
          {"grade_code", r.grade_code},
          {"grade_name", r.grade_name},
          {"rule_set", r.rule_set},
          {"jurisdiction", r.jurisdiction},
          {"letter_no", r.letter_no},
          {"letter_date", DayOrNull(r.letter_date)},
          {"policy", r.policy},
          {"host_staff_id", IntOrNull(r.host_staff_id)},
          {"host_name", r.host_name},
          {"host_rank", IntOrNull(r.host_rank)},
          {"department_id", IntOrNull(r.department_id)},
          {"department_name", r.department_name},
          {"level", r.level},
          {"level_override", r.level_override},
          {"level_override_reason", r.level_override_reason},
          {"start_date", core::FormatDate(r.start_date)},
          {"end_date", core::FormatDate(r.end_date)},
          {"unit_contact", r.unit_contact},
          {"unit_contact_phone", r.unit_contact_phone},
          {"preparation", r.preparation},
          {"notes", r.notes},
          {"status", StateName(r.status)},
          {"cost_standard_id", IntOrNull(r.cost_standard_id)},
          {"total_fen", r.total_fen},
          {"approved_total_fen", IntOrNull(r.approved_total_fen)},
          {"route", RouteJson(r.route)},
          {"submitted_at", TimeOrNull(r.submitted_at)},
          {"decided_at", TimeOrNull(r.decided_at)},
          {"decision_reason", r.decision_reason},
          {"guest_count", r.guest_count},
          {"version", r.version},
          {"created_by", IntOrNull(r.created_by)},
          {"created_by_name", r.created_by_name},
          {"created_at", core::FormatIsoUtc(r.created_at)},
          {"updated_at", core::FormatIsoUtc(r.updated_at)}};
}

Json PlanJson(const PlanView& v) {
  Json j = ReceptionBriefJson(v.r);
  Json guests = Json::array();
  for (const auto& g : v.r.guests) guests.push_back(GuestJson(g));
  j["guests"] = guests;
  Json items = Json::array();
  for (const auto& it : v.r.items) items.push_back(ItemJson(it, v.diet));
  j["items"] = items;
  j["staff"] = StaffJson(v.r.staff);
  j["contingencies"] = ContingenciesJson(v.r.contingencies);
  j["budget_lines"] = BudgetLinesJson(v.r.budget_lines);
  j["budget"] = BudgetJson(v.budget);
  j["standard"] = v.standard ? StandardJson(*v.standard) : Json(nullptr);
  j["extra_guest_base"] = v.extra_guest_base;
  j["level_info"] = {{"computed", LevelOrNull(v.level.computed)},
                     {"effective", LevelOrNull(v.level.effective)},
                     {"host_rank", IntOrNull(v.level.host_rank)},
                     {"guest_rank", IntOrNull(v.level.guest_rank)},
                     {"chief_guest", v.level.chief_guest},
                     {"high_level_count", v.level.high_level_count},
                     {"warn_count", v.level.warn_count},
                     {"warn_days", v.level.warn_days},
                     {"warn", v.level.warn}};
  Json diet = Json::array();
  for (const auto& n : v.diet)
    diet.push_back({{"taboo", n.taboo}, {"text", n.text}, {"guests", n.guests}});
  j["dietary_notes"] = diet;
  Json violations = Json::array();
  for (const auto& x : v.violations) violations.push_back(ViolationJson(x));
  j["violations"] = violations;
  Json conflicts = Json::array();
  for (const auto& c : v.conflicts) conflicts.push_back(ConflictJson(c));
  j["conflicts"] = conflicts;
  Json decisions = Json::array();
  for (const auto& d : v.r.decisions) decisions.push_back(DecisionJson(d));
  j["decisions"] = decisions;
  Json caps = Json::array();
  for (const auto& a : v.r.cap_approvals)
    caps.push_back({{"key", a.key},
                    {"cap_fen", a.cap_fen},
                    {"approved_fen", a.approved_fen},
                    {"approved_by_name", a.approved_by_name},
                    {"approved_at", core::FormatIsoUtc(a.approved_at)},
                    {"reason", a.reason}});
  j["cap_approvals"] = caps;
  j["may_plan"] = v.may_plan;
  j["may_decide"] = v.may_decide;
  return j;
}

Json OfficialListJson(const OfficialList& l) {
  const Reception& r = l.r;
  Json guests = Json::array();
  for (const auto& g : r.guests)
    guests.push_back({{"name", g.name},
                      {"title", g.title},
                      {"unit", g.unit.empty() ? r.visiting_unit : g.unit}});
  Json activities = Json::array();
  for (const auto& it : r.items)
    activities.push_back(
        {{"date", core::FormatDate(it.day)},
         {"start", core::FormatTimeOfDay(it.start_min)},
         {"end", core::FormatTimeOfDay(it.end_min)},
         {"kind", it.kind},
         {"activity", it.activity},
         {"place", it.venue_name.empty() ? it.place : it.venue_name},
         {"planned_fen", IntOrNull(it.planned_fen)},
         {"diners_hosts", it.kind == "meal" ? Json(it.diners_hosts) : Json(nullptr)}});
  Json costs = Json::array();
  for (const auto& [cat, fen] : l.budget.by_category)
    costs.push_back({{"category", cat}, {"planned_fen", fen}});
  return {{"number", r.number},
          {"guest_unit", r.visiting_unit},
          {"letter_no", r.letter_no},
          {"letter_date", DayOrNull(r.letter_date)},
          {"jurisdiction", r.jurisdiction},
          {"start_date", core::FormatDate(r.start_date)},
          {"end_date", core::FormatDate(r.end_date)},
          {"guest_count", static_cast<int64_t>(r.guests.size())},
          {"guests", guests},
          {"activities", activities},
          {"costs", costs},
          {"total_fen", l.budget.total_fen},
          {"host_name", r.host_name},
          {"status", StateName(r.status)}};
}

}  // namespace yingbin::receptions
