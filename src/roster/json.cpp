#include "roster/json.hpp"

#include <cstdio>

#include "core/calendar.hpp"
#include "core/time.hpp"

namespace yingbin::roster {
namespace {

using api::Json;

Json OptInt(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(nullptr); }
Json OptTime(const std::optional<int64_t>& v) {
  return v ? Json(core::FormatIsoUtc(*v)) : Json(nullptr);
}
Json OptDay(const std::optional<int32_t>& v) {
  return v ? Json(core::FormatDate(*v)) : Json(nullptr);
}

}  // namespace

std::string MonthText(int32_t yyyymm) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", yyyymm / 100, yyyymm % 100);
  return buf;
}

Json PeriodsJson(const std::vector<Period>& periods) {
  Json out = Json::array();
  for (const Period& p : periods)
    out.push_back(
        {{"start", core::FormatTimeOfDay(p.start)}, {"end", core::FormatTimeOfDay(p.end)}});
  return out;
}

Json ShiftJson(const Shift& s) {
  return {{"id", s.id},
          {"site_id", s.site_id},
          {"staff_id", s.staff_id},
          {"staff_name", s.staff_name},
          {"date", core::FormatDate(s.day)},
          {"start", core::FormatTimeOfDay(s.start)},
          {"end", core::FormatTimeOfDay(s.end)},
          {"kind", ShiftKindName(s.kind)},
          {"note", s.note},
          {"created_by", OptInt(s.created_by)},
          {"created_at", core::FormatIsoUtc(s.created_at)},
          {"updated_at", core::FormatIsoUtc(s.updated_at)}};
}

Json AbsenceJson(const Absence& a) {
  return {{"id", a.id},
          {"staff_id", a.staff_id},
          {"staff_name", a.staff_name},
          {"kind", a.kind},
          {"start_at", core::FormatIsoUtc(a.start_at)},
          {"end_at", core::FormatIsoUtc(a.end_at)},
          {"cover_staff_id", OptInt(a.cover_staff_id)},
          {"cover_name", a.cover_name},
          {"note", a.note},
          {"created_at", core::FormatIsoUtc(a.created_at)}};
}

Json HandoverJson(const Handover& h) {
  return {{"id", h.id},
          {"site_id", h.site_id},
          {"from_staff_id", h.from_staff_id},
          {"from_name", h.from_name},
          {"to_staff_id", h.to_staff_id},
          {"to_name", h.to_name},
          {"reason", h.reason},
          {"started_at", core::FormatIsoUtc(h.started_at)},
          {"ended_at", OptTime(h.ended_at)},
          {"confirmed_at", OptTime(h.confirmed_at)},
          {"open", !h.ended_at.has_value()},
          {"started_by", OptInt(h.started_by)},
          {"ended_by", OptInt(h.ended_by)}};
}

Json GapJson(const Gap& g) {
  return {{"start", core::FormatTimeOfDay(g.start)},
          {"end", core::FormatTimeOfDay(g.end)},
          {"minutes", g.end - g.start},
          {"lunch", g.lunch},
          {"absent_staff_ids", g.absent_staff_ids}};
}

Json DutyJson(const Duty& d) {
  return {{"staff_id", d.staff_id},
          {"start", core::FormatTimeOfDay(d.start)},
          {"end", core::FormatTimeOfDay(d.end)},
          {"via", ViaName(d.via)},
          {"for_staff_id", OptInt(d.for_staff_id)},
          {"shift_id", d.shift_id ? Json(d.shift_id) : Json(nullptr)}};
}

Json ClerkJson(const Clerk& k) {
  return {{"staff_id", k.id},
          {"name", k.name},
          {"site_id", OptInt(k.site_id)},
          {"department_id", OptInt(k.department_id)},
          {"user_id", OptInt(k.user_id)},
          {"active", k.active}};
}

Json RosterJson(const RosterView& v) {
  Json days = Json::array();
  for (const DayView& d : v.days) {
    Json shifts = Json::array(), absences = Json::array(), handovers = Json::array(),
         gaps = Json::array(), duty = Json::array();
    for (const auto& s : d.shifts) shifts.push_back(ShiftJson(s));
    for (const auto& a : d.absences) absences.push_back(AbsenceJson(a));
    for (const auto& h : d.handovers) handovers.push_back(HandoverJson(h));
    for (const auto& g : d.plan.gaps) gaps.push_back(GapJson(g));
    for (const auto& x : d.plan.duty) duty.push_back(DutyJson(x));
    days.push_back({{"date", core::FormatDate(d.day)},
                    {"weekday", core::IsoWeekday(d.day)},
                    {"working_day", d.working_day},
                    {"calendar_name", d.calendar_name},
                    {"on_roster", d.on_roster},
                    {"desk_hours", PeriodsJson(d.desk_hours)},
                    {"lunch", PeriodsJson(d.plan.lunch)},
                    {"shifts", shifts},
                    {"absences", absences},
                    {"handovers", handovers},
                    {"duty", duty},
                    {"gaps", gaps}});
  }
  Json clerks = Json::array();
  for (const auto& k : v.clerks) clerks.push_back(ClerkJson(k));
  return {{"site_id", v.site_id},
          {"site_name", v.site_name},
          {"time_zone", v.time_zone},
          {"from", core::FormatDate(v.from)},
          {"days", days},
          {"clerks", clerks}};
}

Json DutyNowJson(const DutyNow& n) {
  Json on = Json::array();
  for (const auto& e : n.on_duty) {
    Json j = DutyJson(e.duty);
    j["name"] = e.name;
    j["for_name"] = e.for_name;
    j["user_id"] = OptInt(e.user_id);
    on.push_back(j);
  }
  Json open = Json::array();
  for (const auto& h : n.open_handovers) open.push_back(HandoverJson(h));
  return {{"site_id", n.site_id},
          {"date", core::FormatDate(n.day)},
          {"time", core::FormatTimeOfDay(n.minute)},
          {"working_day", n.working_day},
          {"in_required_time", n.in_required_time},
          {"on_duty", on},
          {"gap_now", n.gap_now ? GapJson(*n.gap_now) : Json(nullptr)},
          {"next_gap", n.next_gap ? GapJson(*n.next_gap) : Json(nullptr)},
          {"open_handovers", open},
          {"my_staff_id", OptInt(n.my_staff_id)},
          {"i_am_on_duty", n.i_am_on_duty},
          {"my_handover", n.my_handover ? HandoverJson(*n.my_handover) : Json(nullptr)}};
}

Json SiteSettingsJson(const SiteSettings& s) {
  return {{"site_id", s.site_id},
          {"warn_user_id", OptInt(s.warn_user_id)},
          {"warn_user_name", s.warn_user_name},
          {"updated_at", OptTime(s.updated_at)}};
}

Json MyRosterJson(const MyRoster& m) {
  Json shifts = Json::array(), absences = Json::array(), handovers = Json::array();
  for (const auto& s : m.shifts) shifts.push_back(ShiftJson(s));
  for (const auto& a : m.absences) absences.push_back(AbsenceJson(a));
  for (const auto& h : m.handovers) handovers.push_back(HandoverJson(h));
  return {
      {"linked", m.linked}, {"shifts", shifts}, {"absences", absences}, {"handovers", handovers}};
}

Json ViolationJson(const Violation& v) {
  return {{"id", v.id},
          {"staff_id", v.staff_id},
          {"staff_name", v.staff_name},
          {"site_id", v.site_id},
          {"date", core::FormatDate(v.day)},
          {"kind", v.kind},
          {"details", v.details},
          {"severity", SeverityName(v.severity)},
          {"fine_fen", v.fine_fen},
          {"appeal", v.appeal},
          {"appeal_at", OptTime(v.appeal_at)},
          {"recorded_by", OptInt(v.recorded_by)},
          {"recorded_by_name", v.recorded_by_name},
          {"created_at", core::FormatIsoUtc(v.created_at)},
          {"updated_at", core::FormatIsoUtc(v.updated_at)}};
}

Json ClerkMonthJson(const ClerkMonth& m, bool with_violations) {
  Json j = {{"staff_id", m.clerk.id},
            {"name", m.clerk.name},
            {"month", MonthText(m.month)},
            {"count", m.eval.count},
            {"serious", m.eval.serious},
            {"fine_fen", m.eval.fine_fen},
            {"status", MonthStatusName(m.eval.status)},
            {"public_criticism", m.eval.public_criticism},
            {"training_needed", m.eval.training_needed},
            {"reassignment_suggested", m.eval.reassignment_suggested},
            {"note", m.note.note},
            {"training_on", OptDay(m.note.training_on)},
            {"last_training", OptDay(m.last_training)}};
  if (with_violations) {
    Json list = Json::array();
    for (const auto& v : m.violations) list.push_back(ViolationJson(v));
    j["violations"] = list;
  }
  return j;
}

}  // namespace yingbin::roster
