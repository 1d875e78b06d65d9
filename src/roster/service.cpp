#include "roster/service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "audit/audit.hpp"
#include "core/calendar.hpp"
#include "core/time.hpp"
#include "notify/notify.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "roster/json.hpp"
#include "roster/store.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::roster {
namespace {

using api::Json;

constexpr int64_t kMinute = 60'000;
constexpr int kDayMinutes = 24 * 60;
constexpr int32_t kWarnDaysAhead = 31;  // gap warnings are kept for this many days ahead
constexpr int64_t kMaxAbsenceDays = 366;

// Task kinds and subjects of this module.
constexpr char kTaskGap[] = "roster.gap";                   // DESK-1: a gap ahead / begun
constexpr char kTaskRefresh[] = "roster.refresh";           // a site's warnings, once a day
constexpr char kTaskConfirm[] = "roster.handover_confirm";  // the colleague has not confirmed
constexpr char kDaySubject[] = "roster_day";                // id: DaySubjectId(site, day)
constexpr char kSiteSubject[] = "roster_site";
constexpr char kHandoverSubject[] = "roster_handover";

// A task subject is one id: a site's day as site * 10^6 + day (days fit six digits until
// the year 4707).
int64_t DaySubjectId(int64_t site_id, int32_t day) { return site_id * 1'000'000 + day; }

std::optional<int64_t> UserOf(const auth::Principal& p) {
  return p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt;
}

core::Error UnknownReference(std::string field) {
  return core::InvalidArgument(std::move(field), "validation.unknown_reference");
}

template <class T>
Result<T> Required(Result<std::optional<T>> r) {
  if (!r) return std::move(r).error();
  if (!*r) return core::NotFound();
  return std::move(**r);
}

std::string Hm(int minutes) { return core::FormatTimeOfDay(minutes); }

Status Audit(db::Connection& tx, const auth::Principal& actor, int64_t now, const char* action,
             const char* entity, int64_t id, const Json* before, const Json* after,
             const std::string& reason) {
  return audit::Record(
      tx, actor, now,
      {action, entity, id, before ? before->dump() : "", after ? after->dump() : "", reason});
}

// Only the live update: the roster pages and desk consoles of the site reload.
Status Changed(db::Connection& tx, int64_t now, int64_t site_id, const std::string& what) {
  notify::Message msg;
  msg.topic = "roster.changed";
  msg.subject = what;
  msg.payload_json = Json({{"site_id", site_id}}).dump();
  msg.live_site_ids = {site_id};
  msg.webhooks = false;
  return notify::Send(tx, now, msg);
}

Status Setting(db::Connection& tx, const char* key, int64_t* out) {
  auto v = org::GetSetting(tx, key);
  if (!v) return std::move(v).error();
  *out = *v;
  return core::Ok();
}

// ---------------------------------------------------------------- people

Result<Clerk> CheckClerk(db::Connection& tx, int64_t staff_id, const char* field, bool need_login) {
  auto k = store::FindClerk(tx, staff_id);
  if (!k) return std::move(k).error();
  if (!*k || !(*k)->active) return UnknownReference(field);
  if (need_login && !(*k)->user_id) return core::InvalidArgument(field, "roster.no_login");
  return std::move(**k);
}

Status CheckSite(db::Connection& tx, int64_t site_id) {
  auto name = store::SiteName(tx, site_id);
  if (!name) return std::move(name).error();
  if (!*name) return UnknownReference("site_id");
  return core::Ok();
}

Result<std::vector<int64_t>> MyStaff(db::Connection& tx, const auth::Principal& p) {
  if (p.user_id == 0) return std::vector<int64_t>();
  return store::StaffIdsOfUser(tx, p.user_id);
}

bool Contains(const std::vector<int64_t>& v, int64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Who is warned about a site's gaps: the named user, else every admin clerk, else whoever
// may plan the roster. The first is the task's owner.
Result<std::vector<int64_t>> WarnRecipients(db::Connection& tx, int64_t site_id) {
  auto s = store::GetSiteSettings(tx, site_id);
  if (!s) return std::move(s).error();
  if (s->warn_user_id) {
    auto name = store::UserName(tx, *s->warn_user_id);
    if (!name) return std::move(name).error();
    if (*name) return std::vector<int64_t>{*s->warn_user_id};
  }
  auto clerks = store::UsersWithRole(tx, "admin_clerk");
  if (!clerks) return clerks;
  if (!clerks->empty()) return clerks;
  return store::UsersWithPermission(tx, "roster.write");
}

// ---------------------------------------------------------------- loading days

struct Loaded {
  core::BusinessCalendar cal;
  std::string site_name;
  bool lunch_required = true;
  std::optional<int32_t> first_day;  // the site's first planned day
  std::vector<Shift> shifts;
  std::vector<Absence> absences;
  std::vector<Handover> handovers;
};

int64_t DayStart(const core::BusinessCalendar& cal, int32_t day) {
  auto t = core::LocalTimeToUtc(cal, day, 0);
  return t ? *t : int64_t{day} * 86'400'000;
}

// Minutes of `day` (starting at `day_start`) at instant `ms`, within 0..1440.
int MinuteOf(int64_t ms, int64_t day_start, bool round_up) {
  if (ms <= day_start) return 0;
  const int64_t d = ms - day_start;
  const int64_t m = round_up ? (d + kMinute - 1) / kMinute : d / kMinute;
  return static_cast<int>(std::min<int64_t>(m, kDayMinutes));
}

Result<Loaded> LoadRange(db::Connection& tx, int64_t site_id, int32_t from, int32_t to) {
  Loaded l;
  auto cal = org::SiteCalendar(tx, site_id);
  if (!cal) return std::move(cal).error();
  l.cal = std::move(*cal);
  auto name = store::SiteName(tx, site_id);
  if (!name) return std::move(name).error();
  l.site_name = name->value_or("");
  int64_t lunch = 1;
  YB_RETURN_IF_ERROR(Setting(tx, "roster.lunch_cover", &lunch));
  l.lunch_required = lunch != 0;
  auto first = store::FirstShiftDay(tx, site_id);
  if (!first) return std::move(first).error();
  l.first_day = *first;
  auto shifts = store::ShiftsOfSite(tx, site_id, from, to);
  if (!shifts) return std::move(shifts).error();
  l.shifts = std::move(*shifts);
  const int64_t t0 = DayStart(l.cal, from), t1 = DayStart(l.cal, to + 1);
  auto handovers = store::HandoversOfSite(tx, site_id, t0, t1);
  if (!handovers) return std::move(handovers).error();
  l.handovers = std::move(*handovers);
  auto absences = store::AbsencesBetween(tx, t0, t1, std::nullopt);
  if (!absences) return std::move(absences).error();
  l.absences = std::move(*absences);
  return l;
}

// One day of a loaded range, worked out.
DayView ViewDay(const Loaded& l, int32_t day) {
  DayView v;
  v.day = day;
  v.working_day = core::IsWorkingDay(l.cal, day);
  if (auto it = l.cal.overrides.find(day); it != l.cal.overrides.end())
    v.calendar_name = it->second.name;
  v.on_roster = l.first_day && *l.first_day <= day;
  v.desk_hours = l.cal.desk_hours;
  const int64_t start = DayStart(l.cal, day), end = DayStart(l.cal, day + 1);

  DayInput in;
  in.working_day = v.working_day;
  in.desk_hours = l.cal.desk_hours;
  in.lunch_cover_required = l.lunch_required;
  std::set<int64_t> people;
  for (const Shift& s : l.shifts) {
    if (s.day != day) continue;
    v.shifts.push_back(s);
    in.shifts.push_back({s.id, s.staff_id, s.start, s.end, s.kind});
    people.insert(s.staff_id);
  }
  for (const Handover& h : l.handovers) {
    const int64_t h_end = h.ended_at.value_or(INT64_MAX);
    if (h.started_at >= end || h_end <= start) continue;
    v.handovers.push_back(h);
    in.handovers.push_back({h.id, h.from_staff_id, h.to_staff_id,
                            MinuteOf(h.started_at, start, false),
                            h.ended_at ? MinuteOf(*h.ended_at, start, false) : kDayMinutes});
    people.insert(h.from_staff_id);
    people.insert(h.to_staff_id);
  }
  for (const Absence& a : l.absences) {
    if (a.start_at >= end || a.end_at <= start) continue;
    in.absences.push_back({a.id, a.staff_id, MinuteOf(a.start_at, start, false),
                           MinuteOf(a.end_at, start, true), a.cover_staff_id});
    // Shown with the day when it concerns someone on its roster.
    if (people.count(a.staff_id) || (a.cover_staff_id && people.count(*a.cover_staff_id)))
      v.absences.push_back(a);
  }
  v.plan = PlanDay(in);
  return v;
}

Result<DayView> LoadDay(db::Connection& tx, int64_t site_id, int32_t day,
                        Loaded* loaded = nullptr) {
  auto l = LoadRange(tx, site_id, day, day);
  if (!l) return std::move(l).error();
  DayView v = ViewDay(*l, day);
  if (loaded) *loaded = std::move(*l);
  return v;
}

Result<int32_t> Today(const core::BusinessCalendar& cal, int64_t now) {
  return core::LocalDate(cal, now);
}

// ---------------------------------------------------------------- gap warnings (tasks)

struct GapPayload {
  int64_t site_id = 0;
  int32_t day = 0;
  int start = 0, end = 0;
};

std::optional<GapPayload> ReadPayload(const std::string& text) {
  auto j = Json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  GapPayload p;
  try {
    p.site_id = j.at("site_id").get<int64_t>();
    p.day = j.at("day").get<int32_t>();
    p.start = j.at("start").get<int>();
    p.end = j.at("end").get<int>();
  } catch (const Json::exception&) {
    return std::nullopt;
  }
  return p;
}

std::string Cause(const Gap& g, const std::map<int64_t, std::string>& names) {
  if (!g.absent_staff_ids.empty()) {
    std::string who;
    for (int64_t id : g.absent_staff_ids) {
      auto it = names.find(id);
      who += (who.empty() ? "" : "、") + (it != names.end() ? it->second : std::to_string(id));
    }
    return who + " 缺勤，未安排顶岗";
  }
  if (g.lunch) return "午休时段没有指定顶岗人员";
  return "排班没有覆盖这段前台工作时间";
}

Result<std::map<int64_t, std::string>> NamesOf(db::Connection& tx, const Gap& g) {
  std::map<int64_t, std::string> out;
  auto clerks = store::ClerksById(tx, g.absent_staff_ids);
  if (!clerks) return std::move(clerks).error();
  for (const auto& k : *clerks) out[k.id] = k.name;
  return out;
}

// Re-plans the gap warnings of one day of a site after a change: a task per gap that has
// not ended, due the warning lead before it starts (or now) and escalating when it starts.
// Unchanged gaps keep their task (so nobody is told twice); tasks of gaps that closed are
// done. Days before today or beyond the look-ahead are left to the daily refresh.
Status RescheduleDay(db::Connection& tx, int64_t site_id, int32_t day, int64_t now,
                     int64_t user_id) {
  Loaded l;
  auto view = LoadDay(tx, site_id, day, &l);
  if (!view) return std::move(view).error();
  auto today = Today(l.cal, now);
  if (!today) return std::move(today).error();
  if (day < *today || day > *today + kWarnDaysAhead) return core::Ok();
  const int64_t day_start = DayStart(l.cal, day);
  auto at = [&](int minute) {
    auto t = core::LocalTimeToUtc(l.cal, day, minute);
    return t ? *t : day_start + minute * kMinute;
  };
  std::vector<Gap> gaps;
  if (view->on_roster)
    for (const Gap& g : view->plan.gaps)
      if (at(g.end) > now) gaps.push_back(g);

  tasks::Query q;
  q.subject_type = kDaySubject;
  q.subject_id = DaySubjectId(site_id, day);
  q.open_only = true;
  auto open = tasks::List(tx, q);
  if (!open) return std::move(open).error();
  std::vector<bool> kept(gaps.size(), false);
  for (const tasks::Task& t : *open) {
    if (t.kind != kTaskGap) continue;
    auto p = ReadPayload(t.payload_json);
    bool still = false;
    for (size_t i = 0; p && i < gaps.size(); ++i)
      if (!kept[i] && gaps[i].start == p->start && gaps[i].end == p->end) kept[i] = still = true;
    if (!still) YB_RETURN_IF_ERROR(tasks::Complete(tx, t.id, user_id, now));
  }
  if (std::all_of(kept.begin(), kept.end(), [](bool k) { return k; })) return core::Ok();

  int64_t lead = 0;
  YB_RETURN_IF_ERROR(Setting(tx, "roster.gap_warn_minutes", &lead));
  auto recipients = WarnRecipients(tx, site_id);
  if (!recipients) return std::move(recipients).error();
  for (size_t i = 0; i < gaps.size(); ++i) {
    if (kept[i]) continue;
    const Gap& g = gaps[i];
    const int64_t start = at(g.start);
    tasks::Task t;
    t.kind = kTaskGap;
    t.subject_type = kDaySubject;
    t.subject_id = DaySubjectId(site_id, day);
    t.site_id = site_id;
    t.title = "前台无人值守：" + l.site_name + " " + core::FormatDate(day) + " " + Hm(g.start) +
              "–" + Hm(g.end) + (g.lunch ? "（午休无人顶岗）" : "") + "，请安排值班";
    t.due_at = std::max(start - lead * kMinute, now);
    if (start > now) t.escalate_at = start;  // DESK-1: told again when it begins
    if (!recipients->empty()) t.owner_user_id = recipients->front();
    t.payload_json = Json({{"site_id", site_id},
                           {"day", day},
                           {"start", g.start},
                           {"end", g.end},
                           {"lunch", g.lunch}})
                         .dump();
    auto id = tasks::Create(tx, t, now);
    if (!id) return std::move(id).error();
  }
  return core::Ok();
}

// Re-plans each (site, day) once.
Status RescheduleDays(db::Connection& tx, const std::set<std::pair<int64_t, int32_t>>& days,
                      int64_t now, int64_t user_id) {
  for (const auto& [site, day] : days)
    YB_RETURN_IF_ERROR(RescheduleDay(tx, site, day, now, user_id));
  return core::Ok();
}

// The (site, day) pairs where `staff_id` has shifts while [from_ms, to_ms) (an absence).
Status CollectStaffDays(db::Connection& tx, int64_t staff_id, int64_t from_ms, int64_t to_ms,
                        std::set<std::pair<int64_t, int32_t>>& out) {
  // Days by UTC with a day's margin either side: the sites' zones are within a day of UTC.
  const int32_t from = static_cast<int32_t>(from_ms / 86'400'000) - 1;
  const int32_t to = static_cast<int32_t>(to_ms / 86'400'000) + 1;
  auto pairs = store::SiteDaysOfStaff(tx, staff_id, from, to);
  if (!pairs) return std::move(pairs).error();
  for (const auto& p : *pairs) out.insert(p);
  return core::Ok();
}

// The daily refresh of a site's warnings exists once the site plans its desk.
Status EnsureRefresh(db::Connection& tx, int64_t site_id, int64_t now) {
  tasks::Query q;
  q.subject_type = kSiteSubject;
  q.subject_id = site_id;
  q.open_only = true;
  auto open = tasks::List(tx, q);
  if (!open) return std::move(open).error();
  for (const auto& t : *open)
    if (t.kind == kTaskRefresh) return core::Ok();
  auto cal = org::SiteCalendar(tx, site_id);
  if (!cal) return std::move(cal).error();
  auto today = Today(*cal, now);
  if (!today) return std::move(today).error();
  auto due = core::LocalTimeToUtc(*cal, *today + 1, 1);  // 00:01 tomorrow
  if (!due) return std::move(due).error();
  tasks::Task t;
  t.kind = kTaskRefresh;
  t.subject_type = kSiteSubject;
  t.subject_id = site_id;
  t.site_id = site_id;
  t.title = "前台值班：检查当日排班空档";
  t.due_at = std::max(*due, now);
  auto id = tasks::Create(tx, t, now);
  if (!id) return std::move(id).error();
  return core::Ok();
}

// DESK-1: tells the recipients about a gap that lies ahead or has begun.
Status WarnGap(db::Connection& tx, int64_t now, int64_t site_id, int32_t day, const Gap& g,
               bool started, const std::string& site_name) {
  auto recipients = WarnRecipients(tx, site_id);
  if (!recipients) return std::move(recipients).error();
  auto names = NamesOf(tx, g);
  if (!names) return std::move(names).error();
  const std::string when = core::FormatDate(day) + " " + Hm(g.start) + "–" + Hm(g.end);
  notify::Message msg;
  msg.topic = started ? "roster.gap_started" : "roster.gap_ahead";
  msg.subject = (started ? "前台现在无人值守：" : "前台将无人值守：") + site_name + " " + when;
  msg.body = site_name + "前台 " + when + " 没有人值班（" + Cause(g, *names) +
             "）。前台在工作时间内不得空岗，请安排值班或顶岗人员（DESK-1）。";
  msg.link = "/roster?site_id=" + std::to_string(site_id) + "&date=" + core::FormatDate(day);
  msg.payload_json = Json({{"site_id", site_id},
                           {"date", core::FormatDate(day)},
                           {"start", Hm(g.start)},
                           {"end", Hm(g.end)},
                           {"lunch", g.lunch},
                           {"started", started}})
                         .dump();
  msg.user_ids = std::move(*recipients);
  msg.live_site_ids = {site_id};
  return notify::Send(tx, now, msg);
}

// The gap of a task as it stands now: the day's current gap overlapping the task's one
// that has not ended; nullopt when it closed (or the site stopped planning its desk).
Result<std::optional<Gap>> CurrentGap(db::Connection& tx, const GapPayload& p, int64_t now,
                                      Loaded* loaded) {
  auto view = LoadDay(tx, p.site_id, p.day, loaded);
  if (!view) return std::move(view).error();
  if (!view->on_roster) return std::optional<Gap>();
  const int64_t day_start = DayStart(loaded->cal, p.day);
  const int minute_now = MinuteOf(now, day_start, false);
  for (const Gap& g : view->plan.gaps)
    if (g.start < p.end && p.start < g.end && g.end > minute_now) return std::optional<Gap>(g);
  return std::optional<Gap>();
}

// ---------------------------------------------------------------- shifts

Status CheckShift(const ShiftInput& in) {
  if (in.start < 0 || in.start >= kDayMinutes)
    return core::InvalidArgument("start", "validation.time_of_day");
  if (in.end <= in.start || in.end > kDayMinutes)
    return core::InvalidArgument("end", "validation.period_order");
  return core::Ok();
}

// A clerk cannot have two shifts of one kind at the same time (at any desk).
Status CheckOverlap(db::Connection& tx, const ShiftInput& in, int64_t except_id) {
  auto mine = store::ShiftsOfStaff(tx, in.staff_id, in.day, in.day);
  if (!mine) return std::move(mine).error();
  for (const Shift& s : *mine)
    if (s.id != except_id && s.kind == in.kind && s.start < in.end && in.start < s.end)
      return core::Conflict("roster.overlap", "start")
          .With("start", Hm(s.start))
          .With("end", Hm(s.end));
  return core::Ok();
}

Status AuditShift(db::Connection& tx, const Ctx& c, const char* action, const Shift* before,
                  const Shift* after) {
  Json b = before ? ShiftJson(*before) : Json(), a = after ? ShiftJson(*after) : Json();
  return Audit(tx, c.actor, c.now, action, "roster_shift", after ? after->id : before->id,
               before ? &b : nullptr, after ? &a : nullptr, c.reason);
}

}  // namespace

// ---------------------------------------------------------------- the roster

Result<RosterView> GetRoster(db::Pool& pool, const auth::Principal& p, int64_t site_id,
                             int32_t from, int32_t days, int64_t now) {
  if (!p.Can("roster.read")) return core::Forbidden();
  if (days < 1 || days > 31)
    return core::InvalidArgument("days", "validation.out_of_range")
        .With("min", "1")
        .With("max", "31");
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto l = LoadRange(**lease, site_id, from, from + days - 1);
  if (!l) return std::move(l).error();
  RosterView v;
  v.site_id = site_id;
  v.site_name = l->site_name;
  v.time_zone = l->cal.time_zone;
  v.from = from;
  std::set<int64_t> people;
  for (int32_t d = from; d < from + days; ++d) {
    v.days.push_back(ViewDay(*l, d));
    for (const auto& s : v.days.back().shifts) people.insert(s.staff_id);
    for (const auto& a : v.days.back().absences) {
      people.insert(a.staff_id);
      if (a.cover_staff_id) people.insert(*a.cover_staff_id);
    }
    for (const auto& h : v.days.back().handovers) {
      people.insert(h.from_staff_id);
      people.insert(h.to_staff_id);
    }
  }
  auto clerks = store::ClerksOfSite(**lease, site_id);
  if (!clerks) return std::move(clerks).error();
  for (const auto& k : *clerks) people.erase(k.id);
  v.clerks = std::move(*clerks);
  auto others = store::ClerksById(**lease, std::vector<int64_t>(people.begin(), people.end()));
  if (!others) return std::move(others).error();
  for (auto& k : *others) v.clerks.push_back(std::move(k));
  (void)now;
  return v;
}

Result<Shift> CreateShift(const Ctx& c, const ShiftInput& in) {
  if (!c.actor.Can("roster.write")) return core::Forbidden();
  YB_RETURN_IF_ERROR(CheckShift(in));
  return c.pool.Transaction<Shift>([&](db::Connection& tx) -> Result<Shift> {
    YB_RETURN_IF_ERROR(CheckSite(tx, in.site_id));
    auto clerk = CheckClerk(tx, in.staff_id, "staff_id", /*need_login=*/true);
    if (!clerk) return std::move(clerk).error();
    YB_RETURN_IF_ERROR(CheckOverlap(tx, in, 0));
    Shift s;
    s.site_id = in.site_id;
    s.staff_id = in.staff_id;
    s.day = in.day;
    s.start = in.start;
    s.end = in.end;
    s.kind = in.kind;
    s.note = in.note;
    s.created_by = UserOf(c.actor);
    s.created_at = s.updated_at = c.now;
    auto id = store::InsertShift(tx, s);
    if (!id) return std::move(id).error();
    auto saved = Required(store::FindShift(tx, *id));
    if (!saved) return saved;
    YB_RETURN_IF_ERROR(EnsureRefresh(tx, in.site_id, c.now));
    YB_RETURN_IF_ERROR(RescheduleDay(tx, in.site_id, in.day, c.now, c.actor.user_id));
    YB_RETURN_IF_ERROR(Changed(tx, c.now, in.site_id, "shift"));
    YB_RETURN_IF_ERROR(AuditShift(tx, c, "create", nullptr, &*saved));
    return saved;
  });
}

Result<Shift> UpdateShift(const Ctx& c, int64_t id, const ShiftInput& in) {
  if (!c.actor.Can("roster.write")) return core::Forbidden();
  YB_RETURN_IF_ERROR(CheckShift(in));
  return c.pool.Transaction<Shift>([&](db::Connection& tx) -> Result<Shift> {
    auto found = Required(store::FindShift(tx, id));
    if (!found) return found;
    const Shift before = *found;
    auto clerk = CheckClerk(tx, in.staff_id, "staff_id", /*need_login=*/true);
    if (!clerk) return std::move(clerk).error();
    ShiftInput at_site = in;
    at_site.site_id = before.site_id;
    YB_RETURN_IF_ERROR(CheckOverlap(tx, at_site, id));
    Shift s = before;
    s.staff_id = in.staff_id;
    s.day = in.day;
    s.start = in.start;
    s.end = in.end;
    s.kind = in.kind;
    s.note = in.note;
    s.updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateShift(tx, s));
    auto saved = Required(store::FindShift(tx, id));
    if (!saved) return saved;
    YB_RETURN_IF_ERROR(RescheduleDays(tx, {{before.site_id, before.day}, {s.site_id, s.day}}, c.now,
                                      c.actor.user_id));
    YB_RETURN_IF_ERROR(Changed(tx, c.now, s.site_id, "shift"));
    YB_RETURN_IF_ERROR(AuditShift(tx, c, "update", &before, &*saved));
    return saved;
  });
}

Status DeleteShift(const Ctx& c, int64_t id) {
  if (!c.actor.Can("roster.write")) return core::Forbidden();
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = Required(store::FindShift(tx, id));
    if (!found) return std::move(found).error();
    YB_RETURN_IF_ERROR(store::DeleteShift(tx, id));
    YB_RETURN_IF_ERROR(RescheduleDay(tx, found->site_id, found->day, c.now, c.actor.user_id));
    YB_RETURN_IF_ERROR(Changed(tx, c.now, found->site_id, "shift"));
    return AuditShift(tx, c, "delete", &*found, nullptr);
  });
}

Result<CopyResult> CopyWeek(const Ctx& c, int64_t site_id, int32_t source, int32_t target,
                            bool replace) {
  if (!c.actor.Can("roster.write")) return core::Forbidden();
  if (MondayOf(target) != target) return core::InvalidArgument("week", "roster.not_monday");
  if (MondayOf(source) != source) return core::InvalidArgument("source_week", "roster.not_monday");
  if (source == target) return core::InvalidArgument("source_week", "roster.same_week");
  return c.pool.Transaction<CopyResult>([&](db::Connection& tx) -> Result<CopyResult> {
    YB_RETURN_IF_ERROR(CheckSite(tx, site_id));
    auto cal = org::SiteCalendar(tx, site_id);
    if (!cal) return std::move(cal).error();
    auto from = store::ShiftsOfSite(tx, site_id, source, source + 6);
    if (!from) return std::move(from).error();
    if (from->empty()) return core::InvalidArgument("source_week", "roster.nothing_to_copy");
    CopyResult r;
    auto existing = store::ShiftsOfSite(tx, site_id, target, target + 6);
    if (!existing) return std::move(existing).error();
    if (!existing->empty()) {
      if (!replace)
        return core::Conflict("roster.week_not_empty", "week")
            .With("count", std::to_string(existing->size()));
      YB_RETURN_IF_ERROR(store::DeleteShifts(tx, site_id, target, target + 6));
      r.replaced = static_cast<int64_t>(existing->size());
    }
    std::set<int32_t> skipped;
    Json created = Json::array();
    for (const Shift& s : *from) {
      const int32_t day = target + (s.day - source);
      if (!core::IsWorkingDay(*cal, day)) {
        skipped.insert(day);
        continue;
      }
      // A clerk who has since lost their login or left is not copied.
      auto clerk = store::FindClerk(tx, s.staff_id);
      if (!clerk) return std::move(clerk).error();
      if (!*clerk || !(*clerk)->active || !(*clerk)->user_id) continue;
      ShiftInput in{site_id, s.staff_id, day, s.start, s.end, s.kind, s.note};
      // The same clerk planned at another desk then: that plan stands.
      if (!CheckOverlap(tx, in, 0)) continue;
      Shift n = s;
      n.id = 0;
      n.day = day;
      n.created_by = UserOf(c.actor);
      n.created_at = n.updated_at = c.now;
      auto id = store::InsertShift(tx, n);
      if (!id) return std::move(id).error();
      n.id = *id;
      created.push_back(ShiftJson(n));
      ++r.copied;
    }
    r.skipped_days.assign(skipped.begin(), skipped.end());
    YB_RETURN_IF_ERROR(EnsureRefresh(tx, site_id, c.now));
    for (int32_t d = target; d < target + 7; ++d)
      YB_RETURN_IF_ERROR(RescheduleDay(tx, site_id, d, c.now, c.actor.user_id));
    YB_RETURN_IF_ERROR(Changed(tx, c.now, site_id, "week"));
    Json before = {{"week", core::FormatDate(target)}, {"deleted", existing->size()}};
    if (!existing->empty()) {
      Json gone = Json::array();
      for (const auto& s : *existing) gone.push_back(ShiftJson(s));
      before["shifts"] = gone;
    }
    Json after = {{"week", core::FormatDate(target)},
                  {"source_week", core::FormatDate(source)},
                  {"shifts", created}};
    YB_RETURN_IF_ERROR(
        Audit(tx, c.actor, c.now, "copy_week", "roster_week", site_id, &before, &after, c.reason));
    return r;
  });
}

// ---------------------------------------------------------------- absences

namespace {

Status CheckAbsence(db::Connection& tx, const AbsenceInput& in) {
  auto who = CheckClerk(tx, in.staff_id, "staff_id", /*need_login=*/false);
  if (!who) return std::move(who).error();
  if (in.cover_staff_id) {
    if (*in.cover_staff_id == in.staff_id)
      return core::InvalidArgument("cover_staff_id", "roster.cover_is_absent");
    auto cover = CheckClerk(tx, *in.cover_staff_id, "cover_staff_id", /*need_login=*/true);
    if (!cover) return std::move(cover).error();
  }
  return core::Ok();
}

Status TellCover(db::Connection& tx, int64_t now, const Absence& a) {
  if (!a.cover_staff_id) return core::Ok();
  auto cover = store::FindClerk(tx, *a.cover_staff_id);
  if (!cover) return std::move(cover).error();
  if (!*cover || !(*cover)->user_id) return core::Ok();
  notify::Message msg;
  msg.topic = "roster.cover";
  msg.subject = "请您顶岗：" + a.staff_name + " " + core::FormatIsoUtc(a.start_at).substr(0, 10);
  msg.body = a.staff_name + " 不在岗（" + core::FormatIsoUtc(a.start_at) + " 至 " +
             core::FormatIsoUtc(a.end_at) + "，UTC），由您顶替其前台值班（DESK-1）。" +
             (a.note.empty() ? "" : "备注：" + a.note);
  msg.link = "/roster";
  msg.payload_json = Json({{"absence_id", a.id}, {"staff_id", a.staff_id}}).dump();
  msg.user_ids = {*(*cover)->user_id};
  msg.webhooks = false;
  return notify::Send(tx, now, msg);
}

Status AuditAbsence(db::Connection& tx, const Ctx& c, const char* action, const Absence* before,
                    const Absence* after) {
  Json b = before ? AbsenceJson(*before) : Json(), a = after ? AbsenceJson(*after) : Json();
  return Audit(tx, c.actor, c.now, action, "roster_absence", after ? after->id : before->id,
               before ? &b : nullptr, after ? &a : nullptr, c.reason);
}

Status CheckAbsenceTimes(const AbsenceInput& in) {
  if (in.end_at <= in.start_at) return core::InvalidArgument("end", "validation.period_order");
  if (in.end_at - in.start_at > kMaxAbsenceDays * 86'400'000)
    return core::InvalidArgument("end", "roster.too_long")
        .With("max", std::to_string(kMaxAbsenceDays));
  return core::Ok();
}

// The live update for every site whose days an absence touches.
Status ChangedSites(db::Connection& tx, int64_t now,
                    const std::set<std::pair<int64_t, int32_t>>& days) {
  std::set<int64_t> sites;
  for (const auto& d : days) sites.insert(d.first);
  for (int64_t s : sites) YB_RETURN_IF_ERROR(Changed(tx, now, s, "absence"));
  return core::Ok();
}

}  // namespace

Result<Absence> CreateAbsence(const Ctx& c, const AbsenceInput& in) {
  if (!c.actor.Can("roster.write")) return core::Forbidden();
  YB_RETURN_IF_ERROR(CheckAbsenceTimes(in));
  return c.pool.Transaction<Absence>([&](db::Connection& tx) -> Result<Absence> {
    YB_RETURN_IF_ERROR(CheckAbsence(tx, in));
    Absence a;
    a.staff_id = in.staff_id;
    a.kind = in.kind;
    a.start_at = in.start_at;
    a.end_at = in.end_at;
    a.cover_staff_id = in.cover_staff_id;
    a.note = in.note;
    a.created_by = UserOf(c.actor);
    a.created_at = a.updated_at = c.now;
    auto id = store::InsertAbsence(tx, a);
    if (!id) return std::move(id).error();
    auto saved = Required(store::FindAbsence(tx, *id));
    if (!saved) return saved;
    std::set<std::pair<int64_t, int32_t>> days;
    YB_RETURN_IF_ERROR(CollectStaffDays(tx, a.staff_id, a.start_at, a.end_at, days));
    if (a.cover_staff_id)
      YB_RETURN_IF_ERROR(CollectStaffDays(tx, *a.cover_staff_id, a.start_at, a.end_at, days));
    YB_RETURN_IF_ERROR(RescheduleDays(tx, days, c.now, c.actor.user_id));
    YB_RETURN_IF_ERROR(TellCover(tx, c.now, *saved));
    YB_RETURN_IF_ERROR(ChangedSites(tx, c.now, days));
    YB_RETURN_IF_ERROR(AuditAbsence(tx, c, "create", nullptr, &*saved));
    return saved;
  });
}

Result<Absence> UpdateAbsence(const Ctx& c, int64_t id, const AbsenceInput& in) {
  if (!c.actor.Can("roster.write")) return core::Forbidden();
  YB_RETURN_IF_ERROR(CheckAbsenceTimes(in));
  return c.pool.Transaction<Absence>([&](db::Connection& tx) -> Result<Absence> {
    auto found = Required(store::FindAbsence(tx, id));
    if (!found) return found;
    const Absence before = *found;
    YB_RETURN_IF_ERROR(CheckAbsence(tx, in));
    Absence a = before;
    a.staff_id = in.staff_id;
    a.kind = in.kind;
    a.start_at = in.start_at;
    a.end_at = in.end_at;
    a.cover_staff_id = in.cover_staff_id;
    a.note = in.note;
    a.updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateAbsence(tx, a));
    auto saved = Required(store::FindAbsence(tx, id));
    if (!saved) return saved;
    std::set<std::pair<int64_t, int32_t>> days;
    for (const Absence* x : std::initializer_list<const Absence*>{&before, &*saved}) {
      YB_RETURN_IF_ERROR(CollectStaffDays(tx, x->staff_id, x->start_at, x->end_at, days));
      if (x->cover_staff_id)
        YB_RETURN_IF_ERROR(CollectStaffDays(tx, *x->cover_staff_id, x->start_at, x->end_at, days));
    }
    YB_RETURN_IF_ERROR(RescheduleDays(tx, days, c.now, c.actor.user_id));
    if (saved->cover_staff_id != before.cover_staff_id)
      YB_RETURN_IF_ERROR(TellCover(tx, c.now, *saved));
    YB_RETURN_IF_ERROR(ChangedSites(tx, c.now, days));
    YB_RETURN_IF_ERROR(AuditAbsence(tx, c, "update", &before, &*saved));
    return saved;
  });
}

Status DeleteAbsence(const Ctx& c, int64_t id) {
  if (!c.actor.Can("roster.write")) return core::Forbidden();
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = Required(store::FindAbsence(tx, id));
    if (!found) return std::move(found).error();
    YB_RETURN_IF_ERROR(store::DeleteAbsence(tx, id));
    std::set<std::pair<int64_t, int32_t>> days;
    YB_RETURN_IF_ERROR(CollectStaffDays(tx, found->staff_id, found->start_at, found->end_at, days));
    if (found->cover_staff_id)
      YB_RETURN_IF_ERROR(
          CollectStaffDays(tx, *found->cover_staff_id, found->start_at, found->end_at, days));
    YB_RETURN_IF_ERROR(RescheduleDays(tx, days, c.now, c.actor.user_id));
    YB_RETURN_IF_ERROR(ChangedSites(tx, c.now, days));
    return AuditAbsence(tx, c, "delete", &*found, nullptr);
  });
}

Result<std::vector<Absence>> ListAbsences(db::Pool& pool, const auth::Principal& p, int64_t from_ms,
                                          int64_t to_ms, std::optional<int64_t> staff_id) {
  if (!p.Can("roster.read")) return core::Forbidden();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::AbsencesBetween(**lease, from_ms, to_ms, staff_id);
}

// ---------------------------------------------------------------- on duty now

namespace {

struct TodayAt {
  Loaded loaded;
  DayView view;
  int32_t day = 0;
  int minute = 0;
};

Result<TodayAt> LoadToday(db::Connection& tx, int64_t site_id, int64_t now) {
  auto cal = org::SiteCalendar(tx, site_id);
  if (!cal) return std::move(cal).error();
  auto today = Today(*cal, now);
  if (!today) return std::move(today).error();
  TodayAt t;
  auto view = LoadDay(tx, site_id, *today, &t.loaded);
  if (!view) return std::move(view).error();
  t.view = std::move(*view);
  t.day = *today;
  t.minute = MinuteOf(now, DayStart(t.loaded.cal, *today), false);
  return t;
}

bool OnDuty(const DayPlan& plan, int minute, int64_t staff_id) {
  for (const Duty& d : OnDutyAt(plan, minute))
    if (d.staff_id == staff_id) return true;
  return false;
}

}  // namespace

Result<DutyNow> Now(db::Pool& pool, const auth::Principal& p, int64_t site_id, int64_t now) {
  if (!p.Can("roster.read")) return core::Forbidden();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto t = LoadToday(**lease, site_id, now);
  if (!t) return std::move(t).error();
  DutyNow n;
  n.site_id = site_id;
  n.day = t->day;
  n.minute = t->minute;
  n.working_day = t->view.working_day;
  for (const Period& r : t->view.plan.required)
    if (r.start <= n.minute && n.minute < r.end) n.in_required_time = true;
  const auto duty = OnDutyAt(t->view.plan, n.minute);
  std::vector<int64_t> ids;
  for (const Duty& d : duty) {
    ids.push_back(d.staff_id);
    if (d.for_staff_id) ids.push_back(*d.for_staff_id);
  }
  auto clerks = store::ClerksById(**lease, ids);
  if (!clerks) return std::move(clerks).error();
  std::map<int64_t, Clerk> by_id;
  for (auto& k : *clerks) by_id[k.id] = k;
  for (const Duty& d : duty) {
    DutyEntry e;
    e.duty = d;
    e.name = by_id[d.staff_id].name;
    e.user_id = by_id[d.staff_id].user_id;
    if (d.for_staff_id) e.for_name = by_id[*d.for_staff_id].name;
    n.on_duty.push_back(std::move(e));
  }
  if (t->view.on_roster) {
    for (const Gap& g : t->view.plan.gaps) {
      if (g.start <= n.minute && n.minute < g.end) n.gap_now = g;
      if (g.start > n.minute && !n.next_gap) n.next_gap = g;
    }
  }
  for (const Handover& h : t->view.handovers)
    if (!h.ended_at) n.open_handovers.push_back(h);
  auto mine = MyStaff(**lease, p);
  if (!mine) return std::move(mine).error();
  for (int64_t id : *mine) {
    if (OnDuty(t->view.plan, n.minute, id)) {
      n.my_staff_id = id;
      n.i_am_on_duty = true;
    }
    auto open = store::OpenHandoverFrom(**lease, id);
    if (!open) return std::move(open).error();
    if (*open && (*open)->site_id == site_id) {
      n.my_handover = **open;
      if (!n.my_staff_id) n.my_staff_id = id;
    }
  }
  if (!n.my_staff_id && !mine->empty()) n.my_staff_id = mine->front();
  return n;
}

// ---------------------------------------------------------------- hand-overs

namespace {

Status AuditHandover(db::Connection& tx, const Ctx& c, const char* action, const Handover* before,
                     const Handover& after) {
  Json b = before ? HandoverJson(*before) : Json(), a = HandoverJson(after);
  return Audit(tx, c.actor, c.now, action, "roster_handover", after.id, before ? &b : nullptr, &a,
               c.reason);
}

Status TellUser(db::Connection& tx, int64_t now, std::optional<int64_t> user_id,
                const std::string& topic, const std::string& subject, const std::string& body,
                const Handover& h) {
  notify::Message msg;
  msg.topic = topic;
  msg.subject = subject;
  msg.body = body;
  msg.link = "/roster";
  msg.payload_json = Json({{"handover_id", h.id},
                           {"site_id", h.site_id},
                           {"from_staff_id", h.from_staff_id},
                           {"to_staff_id", h.to_staff_id}})
                         .dump();
  if (user_id) msg.user_ids = {*user_id};
  msg.live_site_ids = {h.site_id};
  msg.webhooks = false;
  return notify::Send(tx, now, msg);
}

Result<Handover> Reload(db::Connection& tx, int64_t id) {
  return Required(store::FindHandover(tx, id));
}

}  // namespace

Result<Handover> HandOver(const Ctx& c, int64_t site_id, std::optional<int64_t> from_staff_id,
                          int64_t to_staff_id, const std::string& reason) {
  if (!c.actor.Can("roster.read")) return core::Forbidden();
  if (reason.empty()) return core::InvalidArgument("reason", "validation.required");
  return c.pool.Transaction<Handover>([&](db::Connection& tx) -> Result<Handover> {
    YB_RETURN_IF_ERROR(CheckSite(tx, site_id));
    auto mine = MyStaff(tx, c.actor);
    if (!mine) return std::move(mine).error();
    auto today = LoadToday(tx, site_id, c.now);
    if (!today) return std::move(today).error();
    int64_t from = 0;
    if (from_staff_id) {
      from = *from_staff_id;
      if (!Contains(*mine, from) && !c.actor.Can("roster.write")) return core::Forbidden();
      auto k = CheckClerk(tx, from, "from_staff_id", /*need_login=*/false);
      if (!k) return std::move(k).error();
    } else {
      if (mine->empty()) return core::InvalidArgument("from_staff_id", "roster.not_a_clerk");
      from = mine->front();
      for (int64_t id : *mine)
        if (OnDuty(today->view.plan, today->minute, id)) from = id;
    }
    if (to_staff_id == from) return core::InvalidArgument("to_staff_id", "roster.handover_to_self");
    auto to = CheckClerk(tx, to_staff_id, "to_staff_id", /*need_login=*/true);
    if (!to) return std::move(to).error();
    // DESK-1: a colleague of the same desk: staff of the site, or on its roster today.
    bool same_site = to->site_id && *to->site_id == site_id;
    for (const Shift& s : today->view.shifts) same_site = same_site || s.staff_id == to_staff_id;
    if (!same_site) return core::InvalidArgument("to_staff_id", "roster.not_same_site");
    auto open = store::OpenHandoverFrom(tx, from);
    if (!open) return std::move(open).error();
    if (*open)
      return core::Conflict("roster.already_handed_over", "from_staff_id")
          .With("name", (*open)->to_name);
    if (!OnDuty(today->view.plan, today->minute, from))
      return core::Conflict("roster.not_on_duty", "from_staff_id");

    Handover h;
    h.site_id = site_id;
    h.from_staff_id = from;
    h.to_staff_id = to_staff_id;
    h.reason = reason;
    h.started_at = c.now;
    h.started_by = UserOf(c.actor);
    h.created_at = h.updated_at = c.now;
    auto id = store::InsertHandover(tx, h);
    if (!id) {
      // Two hand-overs of one clerk at once: the unique index answers for the second.
      if (id.error().code == core::ErrorCode::kConflict && id.error().key == "error.duplicate")
        return core::Conflict("roster.already_handed_over", "from_staff_id").With("name", "");
      return std::move(id).error();
    }
    auto saved = Reload(tx, *id);
    if (!saved) return saved;
    // DESK-1: the colleague is told at once and asked to confirm; the admin clerk hears of
    // it if they do not within the setting's minutes.
    int64_t confirm = 0;
    YB_RETURN_IF_ERROR(Setting(tx, "roster.handover_confirm_minutes", &confirm));
    if (confirm > 0) {
      tasks::Task t;
      t.kind = kTaskConfirm;
      t.subject_type = kHandoverSubject;
      t.subject_id = saved->id;
      t.site_id = site_id;
      t.title = "确认接手前台：" + saved->from_name + " 交接给您";
      t.due_at = c.now + confirm * kMinute;
      t.owner_user_id = saved->to_user_id;
      t.owner_staff_id = saved->to_staff_id;
      auto task = tasks::Create(tx, t, c.now);
      if (!task) return std::move(task).error();
    }
    YB_RETURN_IF_ERROR(TellUser(tx, c.now, saved->to_user_id, "roster.handover",
                                saved->from_name + " 将前台交接给您",
                                saved->from_name + " 离开前台（" + reason +
                                    "），已将前台值班交接给您。请到前台接手并在系统中确认；" +
                                    saved->from_name + " 回来后交接结束（DESK-1）。",
                                *saved));
    YB_RETURN_IF_ERROR(RescheduleDay(tx, site_id, today->day, c.now, c.actor.user_id));
    YB_RETURN_IF_ERROR(AuditHandover(tx, c, "create", nullptr, *saved));
    return saved;
  });
}

Result<Handover> ConfirmHandover(const Ctx& c, int64_t id) {
  return c.pool.Transaction<Handover>([&](db::Connection& tx) -> Result<Handover> {
    auto found = Reload(tx, id);
    if (!found) return found;
    const Handover before = *found;
    auto mine = MyStaff(tx, c.actor);
    if (!mine) return std::move(mine).error();
    if (!Contains(*mine, before.to_staff_id)) return core::Forbidden("roster.not_yours");
    if (before.ended_at) return core::Conflict("roster.handover_ended");
    if (before.confirmed_at) return core::Conflict("roster.already_confirmed");
    Handover h = before;
    h.confirmed_at = c.now;
    h.updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateHandover(tx, h));
    auto n = tasks::CompleteFor(tx, kHandoverSubject, id, std::string_view(kTaskConfirm),
                                c.actor.user_id, c.now);
    if (!n) return std::move(n).error();
    auto saved = Reload(tx, id);
    if (!saved) return saved;
    YB_RETURN_IF_ERROR(TellUser(tx, c.now, saved->from_user_id, "roster.handover_confirmed",
                                saved->to_name + " 已确认接手前台",
                                saved->to_name + " 已确认接手您交接的前台值班。", *saved));
    YB_RETURN_IF_ERROR(AuditHandover(tx, c, "confirm", &before, *saved));
    return saved;
  });
}

Result<Handover> EndHandover(const Ctx& c, int64_t id) {
  return c.pool.Transaction<Handover>([&](db::Connection& tx) -> Result<Handover> {
    auto found = Reload(tx, id);
    if (!found) return found;
    const Handover before = *found;
    auto mine = MyStaff(tx, c.actor);
    if (!mine) return std::move(mine).error();
    const bool party = Contains(*mine, before.from_staff_id) || Contains(*mine, before.to_staff_id);
    if (!party && !c.actor.Can("roster.write")) return core::Forbidden("roster.not_yours");
    if (before.ended_at) return core::Conflict("roster.handover_ended");
    Handover h = before;
    h.ended_at = c.now;
    h.ended_by = UserOf(c.actor);
    h.updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateHandover(tx, h));
    auto n = tasks::CancelFor(tx, kHandoverSubject, id, std::nullopt, c.now);
    if (!n) return std::move(n).error();
    auto saved = Reload(tx, id);
    if (!saved) return saved;
    YB_RETURN_IF_ERROR(TellUser(tx, c.now, saved->to_user_id, "roster.handover_ended",
                                saved->from_name + " 已回到前台，交接结束",
                                saved->from_name + " 已回到前台，您可以离开前台了。", *saved));
    auto cal = org::SiteCalendar(tx, saved->site_id);
    if (!cal) return std::move(cal).error();
    auto today = Today(*cal, c.now);
    if (!today) return std::move(today).error();
    YB_RETURN_IF_ERROR(RescheduleDay(tx, saved->site_id, *today, c.now, c.actor.user_id));
    YB_RETURN_IF_ERROR(AuditHandover(tx, c, "end", &before, *saved));
    return saved;
  });
}

Result<std::vector<Handover>> ListHandovers(db::Pool& pool, const auth::Principal& p,
                                            int64_t site_id, int64_t from_ms, int64_t to_ms) {
  if (!p.Can("roster.read")) return core::Forbidden();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::HandoversOfSite(**lease, site_id, from_ms, to_ms);
}

// ---------------------------------------------------------------- settings and people

Result<SiteSettings> GetSiteSettings(db::Pool& pool, int64_t site_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto name = store::SiteName(**lease, site_id);
  if (!name) return std::move(name).error();
  if (!*name) return core::NotFound();
  return store::GetSiteSettings(**lease, site_id);
}

Result<SiteSettings> PutSiteSettings(const Ctx& c, int64_t site_id,
                                     std::optional<int64_t> warn_user_id) {
  if (!c.actor.Can("roster.write")) return core::Forbidden();
  return c.pool.Transaction<SiteSettings>([&](db::Connection& tx) -> Result<SiteSettings> {
    auto name = store::SiteName(tx, site_id);
    if (!name) return std::move(name).error();
    if (!*name) return core::NotFound();
    if (warn_user_id) {
      auto user = store::UserName(tx, *warn_user_id);
      if (!user) return std::move(user).error();
      if (!*user) return UnknownReference("warn_user_id");
    }
    auto before = store::GetSiteSettings(tx, site_id);
    if (!before) return std::move(before).error();
    YB_RETURN_IF_ERROR(store::PutSiteSettings(tx, site_id, warn_user_id, UserOf(c.actor), c.now));
    auto after = store::GetSiteSettings(tx, site_id);
    if (!after) return std::move(after).error();
    Json b = SiteSettingsJson(*before), a = SiteSettingsJson(*after);
    YB_RETURN_IF_ERROR(
        Audit(tx, c.actor, c.now, "update", "roster_site", site_id, &b, &a, c.reason));
    return after;
  });
}

Result<std::vector<Clerk>> Clerks(db::Pool& pool, int64_t site_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  YB_RETURN_IF_ERROR(CheckSite(**lease, site_id));
  return store::ClerksOfSite(**lease, site_id);
}

Result<MyRoster> Mine(db::Pool& pool, const auth::Principal& p, int64_t now, int32_t days) {
  MyRoster m;
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto mine = MyStaff(**lease, p);
  if (!mine) return std::move(mine).error();
  if (mine->empty()) return m;
  m.linked = true;
  // "Today" in UTC less a day: the sites' zones are within a day of it.
  const int32_t from = static_cast<int32_t>(now / 86'400'000) - 1;
  for (int64_t id : *mine) {
    auto shifts = store::ShiftsOfStaff(**lease, id, from, from + days + 1);
    if (!shifts) return std::move(shifts).error();
    m.shifts.insert(m.shifts.end(), shifts->begin(), shifts->end());
    auto absences =
        store::AbsencesBetween(**lease, now - 86'400'000, now + int64_t{days + 1} * 86'400'000, id);
    if (!absences) return std::move(absences).error();
    m.absences.insert(m.absences.end(), absences->begin(), absences->end());
    auto open = store::OpenHandoversOf(**lease, id);
    if (!open) return std::move(open).error();
    m.handovers.insert(m.handovers.end(), open->begin(), open->end());
  }
  std::sort(m.shifts.begin(), m.shifts.end(), [](const Shift& a, const Shift& b) {
    return a.day != b.day ? a.day < b.day : a.start < b.start;
  });
  return m;
}

// ---------------------------------------------------------------- conduct (DESK-2)

Result<ConductRules> CurrentConductRules(db::Connection& c) {
  ConductRules r;
  YB_RETURN_IF_ERROR(Setting(c, "conduct.dereliction_count", &r.dereliction_count));
  YB_RETURN_IF_ERROR(Setting(c, "conduct.fine_min_fen", &r.fine_min_fen));
  YB_RETURN_IF_ERROR(Setting(c, "conduct.fine_max_fen", &r.fine_max_fen));
  YB_RETURN_IF_ERROR(Setting(c, "conduct.after_training_months", &r.after_training_months));
  return r;
}

namespace {

bool InScope(const auth::Principal& p, std::optional<int64_t> department_id) {
  return p.InScope(department_id);
}

// Validates a violation against the rules and the clerk, filling the site and the fine.
Result<Violation> BuildViolation(db::Connection& tx, const Ctx& c, const ViolationInput& in) {
  auto clerk = CheckClerk(tx, in.staff_id, "staff_id", /*need_login=*/false);
  if (!clerk) return std::move(clerk).error();
  if (!InScope(c.actor, clerk->department_id)) return core::Forbidden("error.out_of_scope");
  Violation v;
  v.staff_id = in.staff_id;
  if (in.site_id) {
    YB_RETURN_IF_ERROR(CheckSite(tx, *in.site_id));
    v.site_id = *in.site_id;
  } else if (clerk->site_id) {
    v.site_id = *clerk->site_id;
  } else {
    return core::InvalidArgument("site_id", "conduct.site_required");
  }
  auto cal = org::SiteCalendar(tx, v.site_id);
  if (!cal) return std::move(cal).error();
  auto today = Today(*cal, c.now);
  if (!today) return std::move(today).error();
  if (in.day > *today) return core::InvalidArgument("date", "conduct.future_date");
  v.day = in.day;
  v.kind = in.kind;
  v.details = in.details;
  v.severity = in.severity;
  auto rules = CurrentConductRules(tx);
  if (!rules) return std::move(rules).error();
  if (in.severity == Severity::kSerious) {
    // DESK-2: a serious violation carries a fine within the configured range.
    v.fine_fen = in.fine_fen.value_or(rules->fine_min_fen);
    YB_RETURN_IF_ERROR(CheckFine(v.fine_fen, *rules));
  } else if (in.fine_fen.value_or(0) != 0) {
    return core::InvalidArgument("fine_fen", "conduct.fine_minor");
  }
  return v;
}

Status AuditViolation(db::Connection& tx, const Ctx& c, const char* action, const Violation* before,
                      const Violation* after) {
  Json b = before ? ViolationJson(*before) : Json(), a = after ? ViolationJson(*after) : Json();
  return Audit(tx, c.actor, c.now, action, "conduct_violation", after ? after->id : before->id,
               before ? &b : nullptr, after ? &a : nullptr, c.reason);
}

const char* KindLabel(const std::string& kind) {
  if (kind == "absent_from_post") return "离岗/空岗";
  if (kind == "late") return "迟到早退";
  if (kind == "appearance") return "仪容仪表";
  if (kind == "etiquette") return "礼貌礼节";
  if (kind == "phone") return "电话接听";
  if (kind == "registration") return "来客登记";
  if (kind == "desk_order") return "前台秩序";
  return "其他";
}

Status TellClerk(db::Connection& tx, int64_t now, const Violation& v) {
  auto clerk = store::FindClerk(tx, v.staff_id);
  if (!clerk) return std::move(clerk).error();
  if (!*clerk || !(*clerk)->user_id) return core::Ok();
  notify::Message msg;
  msg.topic = "conduct.violation";
  msg.subject =
      std::string("前台工作违规记录：") + KindLabel(v.kind) + " " + core::FormatDate(v.day);
  msg.body = std::string("您于 ") + core::FormatDate(v.day) + " 有一条前台工作违规记录（" +
             KindLabel(v.kind) + (v.severity == Severity::kSerious ? "，严重" : "") + "）：" +
             v.details + "。如有异议，可在“我的记录”中填写申诉说明（DESK-2）。";
  msg.link = "/roster/conduct";
  msg.payload_json = Json({{"violation_id", v.id}, {"staff_id", v.staff_id}}).dump();
  msg.user_ids = {*(*clerk)->user_id};
  msg.webhooks = false;
  return notify::Send(tx, now, msg);
}

Result<Violation> ReloadViolation(db::Connection& tx, int64_t id) {
  return Required(store::FindViolation(tx, id));
}

}  // namespace

Result<Violation> CreateViolation(const Ctx& c, const ViolationInput& in) {
  if (!c.actor.Can("conduct.write")) return core::Forbidden();
  return c.pool.Transaction<Violation>([&](db::Connection& tx) -> Result<Violation> {
    auto v = BuildViolation(tx, c, in);
    if (!v) return v;
    v->recorded_by = UserOf(c.actor);
    v->created_at = v->updated_at = c.now;
    auto id = store::InsertViolation(tx, *v);
    if (!id) return std::move(id).error();
    auto saved = ReloadViolation(tx, *id);
    if (!saved) return saved;
    YB_RETURN_IF_ERROR(TellClerk(tx, c.now, *saved));
    YB_RETURN_IF_ERROR(AuditViolation(tx, c, "create", nullptr, &*saved));
    return saved;
  });
}

Result<Violation> UpdateViolation(const Ctx& c, int64_t id, const ViolationInput& in) {
  if (!c.actor.Can("conduct.write")) return core::Forbidden();
  return c.pool.Transaction<Violation>([&](db::Connection& tx) -> Result<Violation> {
    auto found = ReloadViolation(tx, id);
    if (!found) return found;
    const Violation before = *found;
    if (!InScope(c.actor, before.staff_department_id)) return core::Forbidden("error.out_of_scope");
    auto v = BuildViolation(tx, c, in);
    if (!v) return v;
    v->id = id;
    v->appeal = before.appeal;
    v->appeal_at = before.appeal_at;
    v->recorded_by = before.recorded_by;
    v->created_at = before.created_at;
    v->updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateViolation(tx, *v));
    auto saved = ReloadViolation(tx, id);
    if (!saved) return saved;
    YB_RETURN_IF_ERROR(AuditViolation(tx, c, "update", &before, &*saved));
    return saved;
  });
}

Status DeleteViolation(const Ctx& c, int64_t id) {
  if (!c.actor.Can("conduct.write")) return core::Forbidden();
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = ReloadViolation(tx, id);
    if (!found) return std::move(found).error();
    if (!InScope(c.actor, found->staff_department_id)) return core::Forbidden("error.out_of_scope");
    YB_RETURN_IF_ERROR(store::DeleteViolation(tx, id));
    return AuditViolation(tx, c, "delete", &*found, nullptr);
  });
}

Result<Violation> Appeal(const Ctx& c, int64_t id, const std::string& text) {
  return c.pool.Transaction<Violation>([&](db::Connection& tx) -> Result<Violation> {
    auto found = ReloadViolation(tx, id);
    if (!found) return found;
    const Violation before = *found;
    auto mine = MyStaff(tx, c.actor);
    if (!mine) return std::move(mine).error();
    const bool own = Contains(*mine, before.staff_id);
    if (!own && !(c.actor.Can("conduct.write") && InScope(c.actor, before.staff_department_id)))
      return core::Forbidden("conduct.not_yours");
    Violation v = before;
    v.appeal = text;
    v.appeal_at = text.empty() ? std::nullopt : std::optional<int64_t>(c.now);
    v.updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateViolation(tx, v));
    auto saved = ReloadViolation(tx, id);
    if (!saved) return saved;
    // The supervisor who logged it hears of the clerk's appeal.
    if (own && !text.empty() && saved->recorded_by && *saved->recorded_by != c.actor.user_id) {
      notify::Message msg;
      msg.topic = "conduct.appeal";
      msg.subject = saved->staff_name + " 对违规记录提出申诉";
      msg.body = saved->staff_name + " 对 " + core::FormatDate(saved->day) + " 的违规记录（" +
                 KindLabel(saved->kind) + "）提出申诉：" + text;
      msg.link = "/roster/conduct";
      msg.payload_json = Json({{"violation_id", saved->id}, {"staff_id", saved->staff_id}}).dump();
      msg.user_ids = {*saved->recorded_by};
      msg.webhooks = false;
      YB_RETURN_IF_ERROR(notify::Send(tx, c.now, msg));
    }
    YB_RETURN_IF_ERROR(AuditViolation(tx, c, "appeal", &before, &*saved));
    return saved;
  });
}

Result<std::vector<Violation>> ListViolations(db::Pool& pool, const auth::Principal& p,
                                              const ViolationQuery& q) {
  if (!p.Can("conduct.read")) return core::Forbidden();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto all = store::Violations(**lease, q.site_id, q.staff_id, q.from, q.to);
  if (!all) return all;
  std::vector<Violation> out;
  for (auto& v : *all)
    if (InScope(p, v.staff_department_id)) out.push_back(std::move(v));
  return out;
}

namespace {

Result<ClerkMonth> EvaluateClerk(db::Connection& c, const Clerk& k, int32_t month,
                                 const ConductRules& rules) {
  ClerkMonth m;
  m.clerk = k;
  m.month = month;
  auto violations =
      store::Violations(c, std::nullopt, k.id, FirstDayOfMonth(month), LastDayOfMonth(month));
  if (!violations) return std::move(violations).error();
  m.violations = std::move(*violations);
  auto training = store::LastTraining(c, k.id, LastDayOfMonth(month));
  if (!training) return std::move(training).error();
  m.last_training = *training;
  auto note = store::FindMonthNote(c, k.id, month);
  if (!note) return std::move(note).error();
  m.note = note->value_or(MonthNote{k.id, month, "", std::nullopt, std::nullopt});
  std::vector<ViolationIn> in;
  for (const auto& v : m.violations) in.push_back({v.day, v.severity, v.fine_fen});
  m.eval = EvaluateMonth(in, rules, month, m.last_training);
  return m;
}

}  // namespace

Result<std::vector<ClerkMonth>> MonthReport(db::Pool& pool, const auth::Principal& p,
                                            int64_t site_id, int32_t month) {
  if (!p.Can("conduct.read")) return core::Forbidden();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  YB_RETURN_IF_ERROR(CheckSite(**lease, site_id));
  auto rules = CurrentConductRules(**lease);
  if (!rules) return std::move(rules).error();
  auto clerks = store::ClerksOfSite(**lease, site_id);
  if (!clerks) return std::move(clerks).error();
  // Whoever has a violation at this desk that month is in its report too.
  auto here = store::Violations(**lease, site_id, std::nullopt, FirstDayOfMonth(month),
                                LastDayOfMonth(month));
  if (!here) return std::move(here).error();
  std::vector<int64_t> extra;
  for (const auto& v : *here)
    if (std::none_of(clerks->begin(), clerks->end(),
                     [&](const Clerk& k) { return k.id == v.staff_id; }) &&
        !Contains(extra, v.staff_id))
      extra.push_back(v.staff_id);
  auto others = store::ClerksById(**lease, extra);
  if (!others) return std::move(others).error();
  clerks->insert(clerks->end(), others->begin(), others->end());
  std::vector<ClerkMonth> out;
  for (const Clerk& k : *clerks) {
    if (!p.InScope(k.department_id)) continue;
    auto m = EvaluateClerk(**lease, k, month, *rules);
    if (!m) return std::move(m).error();
    out.push_back(std::move(*m));
  }
  return out;
}

Result<ClerkMonth> PutMonthNote(const Ctx& c, int64_t staff_id, int32_t month,
                                const std::string& note, std::optional<int32_t> training_on) {
  if (!c.actor.Can("conduct.write")) return core::Forbidden();
  if (training_on && MonthOf(*training_on) != month)
    return core::InvalidArgument("training_on", "conduct.training_month")
        .With("month", MonthText(month));
  return c.pool.Transaction<ClerkMonth>([&](db::Connection& tx) -> Result<ClerkMonth> {
    auto clerk = CheckClerk(tx, staff_id, "staff_id", /*need_login=*/false);
    if (!clerk) return std::move(clerk).error();
    if (!InScope(c.actor, clerk->department_id)) return core::Forbidden("error.out_of_scope");
    auto rules = CurrentConductRules(tx);
    if (!rules) return std::move(rules).error();
    auto before = EvaluateClerk(tx, *clerk, month, *rules);
    if (!before) return std::move(before).error();
    MonthNote n{staff_id, month, note, training_on, std::nullopt};
    YB_RETURN_IF_ERROR(store::PutMonthNote(tx, n, UserOf(c.actor), c.now));
    auto after = EvaluateClerk(tx, *clerk, month, *rules);
    if (!after) return std::move(after).error();
    Json b = ClerkMonthJson(*before, false), a = ClerkMonthJson(*after, false);
    YB_RETURN_IF_ERROR(
        Audit(tx, c.actor, c.now, "update", "conduct_month", staff_id, &b, &a, c.reason));
    return after;
  });
}

Result<std::vector<ClerkMonth>> MyConduct(db::Pool& pool, const auth::Principal& p, int32_t month) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto mine = MyStaff(**lease, p);
  if (!mine) return std::move(mine).error();
  auto rules = CurrentConductRules(**lease);
  if (!rules) return std::move(rules).error();
  auto clerks = store::ClerksById(**lease, *mine);
  if (!clerks) return std::move(clerks).error();
  std::vector<ClerkMonth> out;
  for (const Clerk& k : *clerks) {
    auto m = EvaluateClerk(**lease, k, month, *rules);
    if (!m) return std::move(m).error();
    out.push_back(std::move(*m));
  }
  return out;
}

// ---------------------------------------------------------------- timed duties

Result<std::vector<int64_t>> AbsentAt(db::Connection& c, const std::vector<int64_t>& staff_ids,
                                      int64_t at) {
  std::vector<int64_t> out;
  for (int64_t id : staff_ids) {
    auto absent = store::AbsentAt(c, id, at);
    if (!absent) return std::move(absent).error();
    if (*absent) out.push_back(id);
  }
  return out;
}

void RegisterTaskHandlers(tasks::Scheduler& scheduler) {
  // DESK-1: the warning lead before a gap: the admin clerk is told so they can arrange
  // cover; a gap that has begun already (planned late) is told as begun.
  scheduler.On(
      kTaskGap,
      [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
        auto p = ReadPayload(t.payload_json);
        if (!p) return core::Ok();
        Loaded l;
        auto gap = CurrentGap(tx, *p, now, &l);
        if (!gap) return std::move(gap).error();
        if (!*gap) return tasks::Complete(tx, t.id, 0, now);
        auto start = core::LocalTimeToUtc(l.cal, p->day, (*gap)->start);
        if (!start) return std::move(start).error();
        return WarnGap(tx, now, p->site_id, p->day, **gap, now >= *start, l.site_name);
      },
      // DESK-1: the gap begins and nobody is on duty: told again.
      [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
        auto p = ReadPayload(t.payload_json);
        if (!p) return core::Ok();
        Loaded l;
        auto gap = CurrentGap(tx, *p, now, &l);
        if (!gap) return std::move(gap).error();
        if (!*gap) return tasks::Complete(tx, t.id, 0, now);
        auto start = core::LocalTimeToUtc(l.cal, p->day, p->start);
        if (!start) return std::move(start).error();
        if (t.fired_at && *t.fired_at >= *start) return core::Ok();  // told as begun already
        return WarnGap(tx, now, p->site_id, p->day, **gap, true, l.site_name);
      });

  // Once a day a site's warnings are planned again for today and tomorrow, so that a day
  // nobody planned, or a change of the calendar or desk hours, is warned about too.
  scheduler.On(kTaskRefresh, [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    const int64_t site_id = t.subject_id;
    auto name = store::SiteName(tx, site_id);
    if (!name) return std::move(name).error();
    if (!*name) return core::Ok();  // the site is gone
    auto cal = org::SiteCalendar(tx, site_id);
    if (!cal) return std::move(cal).error();
    auto today = Today(*cal, now);
    if (!today) return std::move(today).error();
    YB_RETURN_IF_ERROR(RescheduleDay(tx, site_id, *today, now, 0));
    YB_RETURN_IF_ERROR(RescheduleDay(tx, site_id, *today + 1, now, 0));
    YB_RETURN_IF_ERROR(tasks::Complete(tx, t.id, 0, now));
    return EnsureRefresh(tx, site_id, now);
  });

  // DESK-1: the colleague has not confirmed taking over the desk: whoever is warned about
  // gaps and the clerk who left are told.
  scheduler.On(kTaskConfirm, [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto h = store::FindHandover(tx, t.subject_id);
    if (!h) return std::move(h).error();
    if (!*h || (*h)->ended_at || (*h)->confirmed_at) return core::Ok();
    const Handover& x = **h;
    auto recipients = WarnRecipients(tx, x.site_id);
    if (!recipients) return std::move(recipients).error();
    if (x.from_user_id && !Contains(*recipients, *x.from_user_id))
      recipients->push_back(*x.from_user_id);
    notify::Message msg;
    msg.topic = "roster.handover_unconfirmed";
    msg.subject = x.to_name + " 尚未确认接手前台";
    msg.body = x.from_name + " 于 " + core::FormatIsoUtc(x.started_at) + " 将前台交接给 " +
               x.to_name + "（" + x.reason +
               "），对方至今未确认接手。请确认前台有人值守（DESK-1）。";
    msg.link = "/roster";
    msg.payload_json = Json({{"handover_id", x.id}, {"site_id", x.site_id}}).dump();
    msg.user_ids = std::move(*recipients);
    msg.live_site_ids = {x.site_id};
    return notify::Send(tx, now, msg);
  });
}

}  // namespace yingbin::roster
