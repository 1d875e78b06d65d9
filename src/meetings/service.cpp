#include "meetings/service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "audit/audit.hpp"
#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "meetings/ics.hpp"
#include "meetings/json.hpp"
#include "meetings/rules.hpp"
#include "meetings/store.hpp"
#include "notify/notify.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::meetings {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 24 * 60 * kMinute;
// The longest occupancy there can be: the largest allowed booking plus both largest
// buffers (the settings' upper bounds), so the conflict and calendar queries can bound
// their scan of busy_from / start_at.
constexpr int64_t kLongestMs = (1440 + 240 + 240) * kMinute;
constexpr char kSubject[] = "meeting";
// When neither the organiser nor the booker has an address, invitations still need an
// ORGANIZER (RFC 5546 REQUEST); this one receives nothing.
constexpr char kFallbackOrganizer[] = "meetings@yingbin.invalid";

struct Cfg {
  int64_t setup_buffer = 30, cleanup_buffer = 15, max_minutes = 720, max_days = 365;
  int64_t horizon_days = 365, max_occurrences = 200, category_a_days = 1;
  ChecklistTimes checklist;
  int64_t escalate_minutes = 10;
  int64_t ac_celsius = 26, summer_first = 6, summer_last = 9;
};

Result<Cfg> LoadCfg(db::Connection& c) {
  Cfg cfg;
  struct Item {
    const char* key;
    int64_t* out;
  } items[] = {{"meetings.setup_buffer_minutes", &cfg.setup_buffer},
               {"meetings.cleanup_buffer_minutes", &cfg.cleanup_buffer},
               {"meetings.max_booking_minutes", &cfg.max_minutes},
               {"meetings.max_days_ahead", &cfg.max_days},
               {"meetings.series_horizon_days", &cfg.horizon_days},
               {"meetings.series_max_occurrences", &cfg.max_occurrences},
               {"meetings.category_a_notice_days", &cfg.category_a_days},
               {"meetings.setup_before_minutes", &cfg.checklist.setup_before_minutes},
               {"meetings.greet_before_minutes", &cfg.checklist.greet_before_minutes},
               {"meetings.refill_every_minutes", &cfg.checklist.refill_every_minutes},
               {"meetings.checklist_escalate_minutes", &cfg.escalate_minutes},
               {"meetings.summer_ac_celsius", &cfg.ac_celsius},
               {"meetings.summer_first_month", &cfg.summer_first},
               {"meetings.summer_last_month", &cfg.summer_last}};
  for (auto& it : items) {
    auto v = org::GetSetting(c, it.key);
    if (!v) return std::move(v).error();
    *it.out = *v;
  }
  return cfg;
}

core::Error UnknownReference(std::string field) {
  return core::InvalidArgument(std::move(field), "validation.unknown_reference");
}

Result<Meeting> Required(Result<std::optional<Meeting>> r) {
  if (!r) return std::move(r).error();
  if (!*r) return core::NotFound();
  return std::move(**r);
}

std::optional<int64_t> ActorId(const auth::Principal& p) {
  return p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt;
}

Room RoomOf(const store::VenueBrief& v, const RoomRules& r, const Cfg& cfg,
            std::vector<std::string> equipment = {}) {
  Room room;
  room.venue_id = v.id;
  room.site_id = v.site_id;
  room.name = v.name;
  room.kind = v.kind;
  room.capacity = v.capacity;
  room.equipment = std::move(equipment);
  // VIS-11: the large meeting room needs approval unless its rules say otherwise.
  room.needs_approval = r.stored ? r.needs_approval : v.kind == "large_meeting_room";
  room.setup_override = r.setup_minutes;
  room.cleanup_override = r.cleanup_minutes;
  room.setup_minutes = r.setup_minutes.value_or(cfg.setup_buffer);
  room.cleanup_minutes = r.cleanup_minutes.value_or(cfg.cleanup_buffer);
  return room;
}

Result<Room> LoadRoom(db::Connection& tx, int64_t venue_id, const Cfg& cfg,
                      const char* field = "venue_id") {
  auto v = store::FindVenue(tx, venue_id);
  if (!v) return std::move(v).error();
  if (!*v) return UnknownReference(field);
  if (!(*v)->active) return core::InvalidArgument(field, "meetings.venue_inactive");
  auto r = store::FindRoomRules(tx, venue_id);
  if (!r) return std::move(r).error();
  return RoomOf(**v, r->value_or(RoomRules{venue_id}), cfg);
}

// "2026-11-24 09:00–10:30" in the site's zone.
std::string LocalSpan(const core::BusinessCalendar& cal, int64_t from, int64_t to) {
  auto clock = [&](int64_t at) -> std::string {
    auto d = core::LocalDate(cal, at);
    if (!d) return core::FormatIsoUtc(at);
    auto midnight = core::LocalTimeToUtc(cal, *d, 0);
    const int64_t minutes = midnight ? (at - *midnight) / kMinute : 0;
    return core::FormatTimeOfDay(static_cast<int>(std::clamp<int64_t>(minutes, 0, 1439)));
  };
  auto day = core::LocalDate(cal, from);
  std::string out = day ? core::FormatDate(*day) + " " : "";
  out += clock(from) + "–" + clock(to);
  auto end_day = core::LocalDate(cal, to);
  if (day && end_day && *end_day != *day && to - from > kMinute)
    out = (day ? core::FormatDate(*day) + " " : "") + clock(from) + " – " +
          core::FormatDate(*end_day) + " " + clock(to);
  return out;
}

// --- people ---

struct People {
  std::optional<store::StaffBrief> organizer;
  std::vector<Attendee> attendees;  // names and addresses filled from staff records
};

Result<People> CheckPeople(db::Connection& tx, std::optional<int64_t> organizer_staff_id,
                           std::optional<int64_t> clerk_user_id,
                           const std::vector<Attendee>& attendees) {
  People out;
  if (organizer_staff_id) {
    auto s = store::FindStaff(tx, *organizer_staff_id);
    if (!s) return std::move(s).error();
    if (!*s || !(*s)->active) return UnknownReference("organizer_staff_id");
    out.organizer = **s;
  }
  if (clerk_user_id) {
    auto u = store::FindUser(tx, *clerk_user_id);
    if (!u) return std::move(u).error();
    if (!*u || (*u)->disabled) return UnknownReference("clerk_user_id");
  }
  std::set<int64_t> staff_seen;
  std::set<std::string> email_seen;
  for (const auto& a : attendees) {
    Attendee x = a;
    if (a.staff_id) {
      auto s = store::FindStaff(tx, *a.staff_id);
      if (!s) return std::move(s).error();
      if (!*s || !(*s)->active) return UnknownReference("attendees");
      if (!staff_seen.insert(*a.staff_id).second) continue;  // listed twice: once
      x.name = (*s)->name;
      x.email = (*s)->email;
      x.user_id = (*s)->user_id;
    } else {
      if (x.name.empty() && x.email.empty())
        return core::InvalidArgument("attendees", "validation.required");
      if (!x.email.empty() && !email_seen.insert(x.email).second) continue;
    }
    out.attendees.push_back(std::move(x));
  }
  return out;
}

Result<bool> IsOwnBooking(db::Connection& c, const auth::Principal& p, const Meeting& m) {
  if (p.user_id == 0) return false;
  if (m.created_by && *m.created_by == p.user_id) return true;
  if (m.organizer_staff_id) {
    auto mine = store::StaffIdsOfUser(c, p.user_id);
    if (!mine) return std::move(mine).error();
    return std::find(mine->begin(), mine->end(), *m.organizer_staff_id) != mine->end();
  }
  return false;
}

// --- audit ---

Status Audit(db::Connection& tx, const auth::Principal& actor, int64_t now, const char* action,
             const Meeting* before, const Meeting* after, const std::string& reason) {
  const int64_t id = after ? after->id : before->id;
  return audit::Record(tx, actor, now,
                       {action, "meeting", id, before ? MeetingJson(*before).dump() : "",
                        after ? MeetingJson(*after).dump() : "", reason});
}

std::string Payload(const Meeting& m) {
  return api::Json({{"meeting_id", m.id},
                    {"site_id", m.site_id},
                    {"venue_id", m.venue_id},
                    {"status", StatusName(m.status)},
                    {"subject", m.title}})
      .dump();
}

// Live update for the open calendars of the site.
Status Changed(db::Connection& tx, int64_t now, const Meeting& m) {
  notify::Message msg;
  msg.topic = "meeting.changed";
  msg.subject = m.title;
  msg.payload_json = Payload(m);
  msg.live_site_ids = {m.site_id};
  msg.webhooks = false;
  auto n = notify::Enqueue(tx, now, msg);
  if (!n) return std::move(n).error();
  return core::Ok();
}

Status Tell(db::Connection& tx, int64_t now, const Meeting& m, std::vector<int64_t> users,
            const std::string& topic, const std::string& subject, const std::string& body,
            const std::string& link, bool inapp = true) {
  if (users.empty()) return core::Ok();
  notify::Message msg;
  msg.topic = topic;
  msg.subject = subject;
  msg.body = body;
  msg.link = link;
  msg.payload_json = Payload(m);
  msg.user_ids = std::move(users);
  msg.inapp = inapp;
  msg.webhooks = false;
  auto n = notify::Enqueue(tx, now, msg);
  if (!n) return std::move(n).error();
  return core::Ok();
}

// The booker and the organiser (their logins).
Result<std::vector<int64_t>> OwnersOf(db::Connection& tx, const Meeting& m) {
  std::vector<int64_t> out;
  if (m.created_by) out.push_back(*m.created_by);
  if (m.organizer_staff_id) {
    auto s = store::FindStaff(tx, *m.organizer_staff_id);
    if (!s) return std::move(s).error();
    if (*s && (*s)->user_id) out.push_back(*(*s)->user_id);
  }
  return out;
}

// --- the checklist (MTG-3) ---

Status CancelChecklist(db::Connection& tx, int64_t now, int64_t meeting_id) {
  auto n = tasks::CancelFor(tx, kSubject, meeting_id, std::nullopt, now);
  if (!n) return std::move(n).error();
  return core::Ok();
}

// MTG-3: the timed checklist as tasks owned by the serving clerk (the site's desk when none
// is assigned); each escalates to the admin clerks when still open N minutes after it was due.
Status ScheduleChecklist(db::Connection& tx, int64_t now, const Meeting& m, const Cfg& cfg) {
  YB_RETURN_IF_ERROR(CancelChecklist(tx, now, m.id));
  // MTG-4: the air conditioning at 26 °C in summer, by the meeting's local month.
  auto cal = org::SiteCalendar(tx, m.site_id);
  if (!cal) return std::move(cal).error();
  auto day = core::LocalDate(*cal, m.start_at);
  if (!day) return std::move(day).error();
  const int month = core::DateNumber(*day) / 100 % 100;
  std::optional<int64_t> ac;
  if (IsSummer(month, cfg.summer_first, cfg.summer_last)) ac = cfg.ac_celsius;
  for (const auto& step : Checklist(m.start_at, m.end_at, cfg.checklist, m.venue_name, ac)) {
    tasks::Task t;
    t.kind = step.kind;
    t.subject_type = kSubject;
    t.subject_id = m.id;
    t.site_id = m.site_id;
    t.title = step.title;
    t.owner_user_id = m.clerk_user_id;
    t.due_at = step.due_at;
    t.escalate_at = std::max(step.due_at, now) + cfg.escalate_minutes * kMinute;
    api::Json payload = {{"meeting_id", m.id}, {"subject", m.title}};
    if (ac && step.kind == "meeting.setup") payload["ac_celsius"] = *ac;
    t.payload_json = payload.dump();
    auto id = tasks::Create(tx, t, now);
    if (!id) return std::move(id).error();
  }
  return core::Ok();
}

// --- invitations (MTG-2) ---

Result<ics::Person> OrganizerOf(db::Connection& tx, const Meeting& m) {
  if (m.organizer_staff_id) {
    auto s = store::FindStaff(tx, *m.organizer_staff_id);
    if (!s) return std::move(s).error();
    if (*s && !(*s)->email.empty()) return ics::Person{(*s)->name, (*s)->email};
  }
  if (m.created_by) {
    auto u = store::FindUser(tx, *m.created_by);
    if (!u) return std::move(u).error();
    if (*u && !(*u)->email.empty()) return ics::Person{(*u)->name, (*u)->email};
  }
  return ics::Person{m.organizer_name.empty() ? "迎宾" : m.organizer_name, kFallbackOrganizer};
}

std::string Description(const Meeting& m, const std::string& when) {
  std::string d = "时间：" + when + "\n地点：" + m.venue_name;
  if (!m.organizer_name.empty()) d += "\n组织者：" + m.organizer_name;
  if (!m.bring.empty()) d += "\n参会需准备：" + m.bring;
  if (!m.notes.empty()) d += "\n备注：" + m.notes;
  return d;
}

const char* EventStatus(State s) {
  switch (s) {
    case State::kPending:
      return "TENTATIVE";
    case State::kConfirmed:
      return "CONFIRMED";
    case State::kRejected:
    case State::kCancelled:
      return "CANCELLED";
  }
  return "CONFIRMED";
}

struct Invitation {
  std::string ics;
  std::string when;
};

// The iCalendar object of a booking: a single meeting; a series' master (RRULE with the
// materialised count, EXDATE for occurrences that no longer take place); or one occurrence
// changed or cancelled on its own (RECURRENCE-ID). `method` REQUEST or CANCEL.
Result<Invitation> BuildInvitation(db::Connection& tx, const Meeting& m, const std::string& method,
                                   bool as_series, int64_t now) {
  auto cal = org::SiteCalendar(tx, m.site_id);
  if (!cal) return std::move(cal).error();
  auto organizer = OrganizerOf(tx, m);
  if (!organizer) return std::move(organizer).error();
  ics::Event e;
  e.stamp = now;
  e.summary = m.title;
  e.location = m.venue_name;
  e.organizer = *organizer;
  for (const auto& a : m.attendees)
    if (!a.email.empty()) e.attendees.push_back({a.name, a.email});
  e.status = method == "CANCEL" ? "CANCELLED" : EventStatus(m.status);
  e.uid = m.uid;
  e.sequence = m.sequence;
  e.start_at = m.start_at;
  e.end_at = m.end_at;
  std::string when = LocalSpan(*cal, m.start_at, m.end_at);
  if (m.series_id) {
    auto s = store::FindSeries(tx, *m.series_id);
    if (!s) return std::move(s).error();
    if (!*s) return core::Internal("meeting without its series");
    const Series& series = **s;
    e.uid = series.uid;
    if (as_series) {
      auto occ = store::SeriesOccurrences(tx, series.id);
      if (!occ) return std::move(occ).error();
      e.sequence = series.sequence;
      e.start_at = series.first_start_at;
      int64_t length = m.end_at - m.start_at;
      for (const auto& o : *occ)
        if (!o.is_exception) {
          length = o.end_at - o.start_at;
          break;
        }
      e.end_at = e.start_at + length;
      e.rrule = RRuleText(series.rule, static_cast<int64_t>(occ->size()));
      for (const auto& o : *occ)
        if (!Holds(o.status) && o.occurrence_start_at) e.exdates.push_back(*o.occurrence_start_at);
      when = LocalSpan(*cal, e.start_at, e.end_at) + "（重复）";
    } else {
      e.recurrence_id = m.occurrence_start_at;
      e.sequence = std::max(series.sequence, m.sequence);
    }
  }
  e.description = Description(m, when);
  auto text = ics::Calendar(method, cal->time_zone, {e});
  if (!text) return std::move(text).error();
  return Invitation{std::move(*text), when};
}

// Sends `method` to the attendees given (the booking's by default): logins get the bell and
// e-mail by their preference, outside addresses e-mail; every mail has the one VEVENT.
Status SendInvitation(db::Connection& tx, int64_t now, const Meeting& m, const std::string& method,
                      bool as_series, const std::vector<Attendee>* to = nullptr,
                      const char* topic = nullptr) {
  const std::vector<Attendee>& list = to ? *to : m.attendees;
  notify::Message msg;
  for (const auto& a : list) {
    if (a.user_id)
      msg.user_ids.push_back(*a.user_id);
    else if (!a.email.empty())
      msg.emails.push_back(a.email);
  }
  if (msg.user_ids.empty() && msg.emails.empty()) return core::Ok();
  auto inv = BuildInvitation(tx, m, method, as_series, now);
  if (!inv) return std::move(inv).error();
  const bool cancel = method == "CANCEL";
  msg.topic = topic ? topic : cancel ? "meeting.cancelled" : "meeting.invitation";
  msg.subject = std::string(cancel           ? "会议取消："
                            : m.sequence > 0 ? "会议变更："
                                             : "会议邀请：") +
                m.title + "（" + inv->when + "，" + m.venue_name + "）";
  // MTG-2: time, place and what to prepare.
  msg.body = cancel ? "以下会议已取消：\n" + Description(m, inv->when)
                    : "请准时参加会议。\n" + Description(m, inv->when);
  msg.link = "/meetings?meeting=" + std::to_string(m.id);
  msg.payload_json = Payload(m);
  msg.calendar = std::move(inv->ics);
  msg.webhooks = false;
  auto n = notify::Enqueue(tx, now, msg);
  if (!n) return std::move(n).error();
  return core::Ok();
}

// --- booking ---

std::string NewUid() { return core::RandomHex(16) + "@yingbin"; }

Status CheckTimes(const Cfg& cfg, int64_t start_at, int64_t end_at) {
  if (end_at <= start_at) return core::InvalidArgument("end_at", "meetings.end_before_start");
  if (end_at - start_at > cfg.max_minutes * kMinute)
    return core::InvalidArgument("end_at", "meetings.too_long")
        .With("max", std::to_string(cfg.max_minutes));
  return core::Ok();
}

Status CheckWhen(const Cfg& cfg, const core::BusinessCalendar& cal, int64_t now, int64_t start_at,
                 const std::string& category) {
  if (start_at < now - kMinute) return core::InvalidArgument("start_at", "meetings.in_past");
  if (start_at > now + cfg.max_days * kDay)
    return core::InvalidArgument("start_at", "meetings.too_far_ahead")
        .With("days", std::to_string(cfg.max_days));
  if (category == "A") {
    // VIS-11: the category-A meeting form is filed one day (a setting) ahead.
    auto today = core::LocalDate(cal, now);
    if (!today) return std::move(today).error();
    auto day = core::LocalDate(cal, start_at);
    if (!day) return std::move(day).error();
    if (!CategoryANoticeOk(*today, *day, cfg.category_a_days))
      return core::InvalidArgument("start_at", "meetings.category_a_notice")
          .With("days", std::to_string(cfg.category_a_days));
  }
  return core::Ok();
}

// MTG-4: the booking in the way of [busy_from, busy_to) in the venue, named in the error.
// The name a booking is known by in a conflict: a reception's room by its plan (PLAN-3).
std::string HolderName(const Meeting& m) {
  if (m.source.Empty()) return m.title;
  return m.source.number + " " + m.source.title + "（" + m.title + "）";
}

Status CheckFree(db::Connection& tx, const core::BusinessCalendar& cal, const Room& room,
                 int64_t busy_from, int64_t busy_to, const std::vector<int64_t>& except,
                 const Source* except_source = nullptr, const char* field = "start_at") {
  auto found =
      store::Conflicts(tx, room.venue_id, busy_from, busy_to, kLongestMs, except, except_source);
  if (!found) return std::move(found).error();
  if (found->empty()) return core::Ok();
  const Meeting& other = found->front();
  return core::Conflict("meetings.room_taken", field)
      .With("room", room.name)
      .With("time", LocalSpan(cal, other.start_at, other.end_at))
      .With("title", HolderName(other))
      .With("id", std::to_string(other.id));
}

// PLAN-3: a booking held by another module is changed there, never from the meetings page.
Status RefuseSourced(const Meeting& m) {
  if (m.source.Empty()) return core::Ok();
  return core::Conflict("meetings.held_by_reception", "source")
      .With("number", m.source.number)
      .With("title", m.source.title);
}

bool IsCategory(const std::string& c) {
  return c.empty() || c == "A" || c == "B" || c == "C" || c == "D";
}

std::vector<Warning> WarningsOf(const Meeting& m) {
  std::vector<Warning> w;
  if (m.venue_capacity > 0 && m.attendee_count > m.venue_capacity)
    w.push_back({"capacity", m.venue_capacity, m.attendee_count});
  return w;
}

// The checklist of a confirmed booking; `tell_clerk` once per booking or series (not once
// per occurrence).
Status AfterConfirmed(db::Connection& tx, int64_t now, const Meeting& m, const Cfg& cfg,
                      bool tell_clerk = true) {
  YB_RETURN_IF_ERROR(ScheduleChecklist(tx, now, m, cfg));
  if (m.clerk_user_id && tell_clerk)
    YB_RETURN_IF_ERROR(
        Tell(tx, now, m, {*m.clerk_user_id}, "meeting.assigned", "会议服务：" + m.title,
             "您负责“" + m.title + "”（" + m.venue_name + "）的会议服务，请查看当日服务清单。",
             "/meetings/runsheet"));
  return core::Ok();
}

Status TellApprovers(db::Connection& tx, int64_t now, const Meeting& m,
                     const core::BusinessCalendar& cal) {
  auto users = store::UsersWithPermission(tx, "meetings.approve");
  if (!users) return std::move(users).error();
  return Tell(tx, now, m, std::move(*users), "meeting.approval_requested",
              "会议室预订待审批：" + m.title,
              m.venue_name + "，" + LocalSpan(cal, m.start_at, m.end_at) + "，预订人 " +
                  m.created_by_name + (m.category == "A" ? "（A 类接待）" : ""),
              "/meetings/approvals");
}

}  // namespace

// ---------------------------------------------------------------- booking

Result<BookingResult> Book(const Ctx& c, const BookingInput& in) {
  if (!c.actor.Can("meetings.book")) return core::Forbidden();
  return c.pool.Transaction<BookingResult>([&](db::Connection& tx) -> Result<BookingResult> {
    return BookIn(tx, TxCtx{c.actor, c.now, c.reason}, in);
  });
}

Result<BookingResult> BookIn(db::Connection& tx, const TxCtx& c, const BookingInput& in) {
  if (!IsCategory(in.category))
    return core::InvalidArgument("category", "validation.one_of").With("allowed", "A, B, C, D");
  YB_RETURN_IF_ERROR(CheckServices(in.services));
  {
    auto cfg = LoadCfg(tx);
    if (!cfg) return std::move(cfg).error();
    YB_RETURN_IF_ERROR(CheckTimes(*cfg, in.start_at, in.end_at));
    auto room = LoadRoom(tx, in.venue_id, *cfg);
    if (!room) return std::move(room).error();
    // MTG-4: bookings of this venue wait for each other from here to the commit.
    YB_RETURN_IF_ERROR(store::LockVenue(tx, room->venue_id));
    auto cal = org::SiteCalendar(tx, room->site_id);
    if (!cal) return std::move(cal).error();
    YB_RETURN_IF_ERROR(CheckWhen(*cfg, *cal, c.now, in.start_at, in.category));
    auto people = CheckPeople(tx, in.organizer_staff_id, in.clerk_user_id, in.attendees);
    if (!people) return std::move(people).error();

    // The starts: one, or the series' occurrences at the same local time of day.
    std::vector<int64_t> starts{in.start_at};
    if (in.recurrence) {
      auto first = core::LocalDate(*cal, in.start_at);
      if (!first) return std::move(first).error();
      auto midnight = core::LocalTimeToUtc(*cal, *first, 0);
      if (!midnight) return std::move(midnight).error();
      const int minute = static_cast<int>((in.start_at - *midnight) / kMinute);
      auto today = core::LocalDate(*cal, c.now);
      if (!today) return std::move(today).error();
      auto dates =
          OccurrenceDates(*in.recurrence, *first, *today + static_cast<int32_t>(cfg->horizon_days),
                          cfg->max_occurrences);
      if (!dates) return std::move(dates).error();
      starts.clear();
      for (int32_t d : *dates) {
        auto at = core::LocalTimeToUtc(*cal, d, minute);
        if (!at) return std::move(at).error();
        starts.push_back(*at + (in.start_at - *midnight) % kMinute);
      }
    }
    const int64_t length = in.end_at - in.start_at;
    const int64_t setup = room->setup_minutes * kMinute, cleanup = room->cleanup_minutes * kMinute;
    // MTG-4: every occurrence is checked; the whole series refuses naming the dates.
    std::vector<std::string> taken;
    for (size_t i = 0; i < starts.size(); ++i) {
      if (i > 0 && starts[i] - setup < starts[i - 1] + length + cleanup)
        return core::InvalidArgument("recurrence", "meetings.series_overlaps_itself");
      auto st = CheckFree(tx, *cal, *room, starts[i] - setup, starts[i] + length + cleanup, {});
      if (st) continue;
      if (!in.recurrence || st.error().key != "meetings.room_taken") return std::move(st).error();
      auto day = core::LocalDate(*cal, starts[i]);
      if (!day) return std::move(day).error();
      std::string what = core::FormatDate(*day);
      for (const auto& [name, value] : st.error().args)
        if (name == "title") what += "（" + value + "）";
      taken.push_back(std::move(what));
    }
    if (!taken.empty()) {
      std::string dates;
      for (size_t i = 0; i < taken.size() && i < 10; ++i) dates += (i ? "、" : "") + taken[i];
      if (taken.size() > 10) dates += " …（共 " + std::to_string(taken.size()) + " 天）";
      return core::Conflict("meetings.series_conflict", "recurrence").With("dates", dates);
    }

    std::optional<int64_t> series_id;
    if (in.recurrence) {
      Series s;
      s.site_id = room->site_id;
      s.uid = NewUid();
      s.rule = *in.recurrence;
      s.first_start_at = starts.front();
      s.created_by = ActorId(c.actor);
      s.created_at = s.updated_at = c.now;
      auto id = store::InsertSeries(tx, s);
      if (!id) return std::move(id).error();
      series_id = *id;
    }
    const std::string rule = ApprovalRule(room->needs_approval, in.category);
    BookingResult out;
    for (int64_t start : starts) {
      Meeting m;
      m.site_id = room->site_id;
      m.venue_id = room->venue_id;
      m.series_id = series_id;
      if (series_id) m.occurrence_start_at = start;
      m.uid = NewUid();
      m.title = in.title;
      m.category = in.category;
      m.organizer_staff_id = in.organizer_staff_id;
      m.clerk_user_id = in.clerk_user_id;
      m.attendee_count = in.attendee_count.value_or(static_cast<int64_t>(people->attendees.size()));
      m.start_at = start;
      m.end_at = start + length;
      m.busy_from = start - setup;
      m.busy_to = m.end_at + cleanup;
      m.status = rule.empty() ? State::kConfirmed : State::kPending;
      m.approval_rule = rule;
      m.bring = in.bring;
      m.notes = in.notes;
      m.services = in.services;
      m.created_by = ActorId(c.actor);
      m.created_at = m.updated_at = c.now;
      auto id = store::InsertMeeting(tx, m);
      if (!id) {
        // The exclusion constraint caught what the check could not see (should not happen
        // behind the venue lock): still a conflict, never a 500.
        if (id.error().code == core::ErrorCode::kConflict && id.error().key == "error.conflict")
          return core::Conflict("meetings.room_taken", "start_at")
              .With("room", room->name)
              .With("time", LocalSpan(*cal, m.start_at, m.end_at))
              .With("title", "?");
        return std::move(id).error();
      }
      YB_RETURN_IF_ERROR(store::ReplaceAttendees(tx, *id, people->attendees));
      auto saved = Required(store::FindMeeting(tx, *id));
      if (!saved) return std::move(saved).error();
      if (saved->status == State::kConfirmed)
        YB_RETURN_IF_ERROR(AfterConfirmed(tx, c.now, *saved, *cfg, out.occurrences.empty()));
      YB_RETURN_IF_ERROR(Audit(tx, c.actor, c.now, "create", nullptr, &*saved, c.reason));
      out.occurrences.push_back(std::move(*saved));
    }
    out.meeting = out.occurrences.front();
    if (!series_id) out.occurrences.clear();
    const Meeting& m = out.meeting;
    if (m.status == State::kConfirmed) {
      YB_RETURN_IF_ERROR(SendInvitation(tx, c.now, m, "REQUEST", series_id.has_value()));
    } else {
      YB_RETURN_IF_ERROR(TellApprovers(tx, c.now, m, *cal));
    }
    YB_RETURN_IF_ERROR(Changed(tx, c.now, m));
    out.warnings = WarningsOf(m);
    return out;
  }
}

// ---------------------------------------------------------------- rooms held by a source

Result<std::vector<Meeting>> HeldBy(db::Connection& tx, const std::string& kind,
                                    int64_t source_id) {
  return store::HeldBy(tx, kind, source_id);
}

Result<Meeting> HoldRoom(db::Connection& tx, const TxCtx& c, const Hold& h,
                         std::optional<int64_t> meeting_id) {
  if (h.source.Empty() || h.source.id == 0) return core::Internal("a hold without its source");
  std::optional<Meeting> before;
  if (meeting_id) {
    auto found = Required(store::FindMeeting(tx, *meeting_id));
    if (!found) return std::move(found).error();
    if (found->source.kind != h.source.kind || found->source.id != h.source.id)
      return core::Internal("a hold moved by another source");
    if (!Holds(found->status)) return core::Conflict("meetings.not_active", "status");
    before = std::move(*found);
  }
  auto cfg = LoadCfg(tx);
  if (!cfg) return std::move(cfg).error();
  if (h.end_at <= h.start_at) return core::InvalidArgument("end_at", "meetings.end_before_start");
  auto room = LoadRoom(tx, h.venue_id, *cfg);
  if (!room) return std::move(room).error();
  // MTG-4: bookings of this venue wait for each other from here to the commit, whoever books.
  YB_RETURN_IF_ERROR(store::LockVenue(tx, room->venue_id));
  auto cal = org::SiteCalendar(tx, room->site_id);
  if (!cal) return std::move(cal).error();
  Meeting m = before ? *before : Meeting{};
  m.site_id = room->site_id;
  m.venue_id = room->venue_id;
  m.title = h.title;
  m.organizer_staff_id = h.organizer_staff_id;
  m.attendee_count = h.attendee_count;
  m.start_at = h.start_at;
  m.end_at = h.end_at;
  m.busy_from = h.start_at - room->setup_minutes * kMinute;
  m.busy_to = h.end_at + room->cleanup_minutes * kMinute;
  m.source = h.source;
  // VIS-11 / MTG-3: the source's own approval and duties stand for the meeting service's
  // (docs/design-notes.md): the room is held as confirmed, without a checklist.
  m.status = State::kConfirmed;
  m.approval_rule.clear();
  m.updated_at = c.now;
  const bool moved = !before || m.venue_id != before->venue_id || m.busy_from != before->busy_from ||
                     m.busy_to != before->busy_to;
  if (before && !moved && m.title == before->title &&
      m.organizer_staff_id == before->organizer_staff_id &&
      m.attendee_count == before->attendee_count && m.source.number == before->source.number &&
      m.source.title == before->source.title)
    return *before;  // nothing to change
  if (moved) {
    std::vector<int64_t> except;
    if (before) except.push_back(before->id);
    YB_RETURN_IF_ERROR(
        CheckFree(tx, *cal, *room, m.busy_from, m.busy_to, except, &h.source, "venue_id"));
  }
  auto taken = [&] {
    return core::Conflict("meetings.room_taken", "venue_id")
        .With("room", room->name)
        .With("time", LocalSpan(*cal, m.start_at, m.end_at))
        .With("title", "?");
  };
  if (before) {
    if (moved) m.sequence = before->sequence + 1;
    auto st = store::UpdateMeeting(tx, m);
    if (!st) {
      if (st.error().code == core::ErrorCode::kConflict && st.error().key == "error.conflict")
        return taken();
      return std::move(st).error();
    }
  } else {
    m.uid = NewUid();
    m.created_by = ActorId(c.actor);
    m.created_at = c.now;
    auto id = store::InsertMeeting(tx, m);
    if (!id) {
      if (id.error().code == core::ErrorCode::kConflict && id.error().key == "error.conflict")
        return taken();
      return std::move(id).error();
    }
    m.id = *id;
  }
  auto after = Required(store::FindMeeting(tx, m.id));
  if (!after) return std::move(after).error();
  YB_RETURN_IF_ERROR(Audit(tx, c.actor, c.now, before ? "update" : "create",
                           before ? &*before : nullptr, &*after, c.reason));
  YB_RETURN_IF_ERROR(Changed(tx, c.now, *after));
  return after;
}

Status ReleaseRoom(db::Connection& tx, const TxCtx& c, int64_t meeting_id) {
  auto found = Required(store::FindMeeting(tx, meeting_id));
  if (!found) return std::move(found).error();
  if (!Holds(found->status)) return core::Ok();
  const Meeting before = *found;
  Meeting m = before;
  m.status = State::kCancelled;
  m.sequence = before.sequence + 1;
  m.updated_at = c.now;
  YB_RETURN_IF_ERROR(store::UpdateMeeting(tx, m));
  auto after = Required(store::FindMeeting(tx, m.id));
  if (!after) return std::move(after).error();
  YB_RETURN_IF_ERROR(Audit(tx, c.actor, c.now, "cancel", &before, &*after, c.reason));
  return Changed(tx, c.now, *after);
}

// ---------------------------------------------------------------- changes

Result<BookingResult> Update(const Ctx& c, int64_t id, const MeetingPatch& p) {
  if (!c.actor.Can("meetings.book") && !c.actor.Can("meetings.admin")) return core::Forbidden();
  if (p.category && !IsCategory(*p.category))
    return core::InvalidArgument("category", "validation.one_of").With("allowed", "A, B, C, D");
  if (p.services) YB_RETURN_IF_ERROR(CheckServices(*p.services));
  return c.pool.Transaction<BookingResult>([&](db::Connection& tx) -> Result<BookingResult> {
    auto found = Required(store::FindMeeting(tx, id));
    if (!found) return std::move(found).error();
    const Meeting before = *found;
    YB_RETURN_IF_ERROR(RefuseSourced(before));
    if (!Holds(before.status)) return core::Conflict("meetings.not_active", "status");
    if (!c.actor.Can("meetings.admin")) {
      auto own = IsOwnBooking(tx, c.actor, before);
      if (!own) return std::move(own).error();
      if (!*own) return core::Forbidden("meetings.not_yours");
    }
    auto cfg = LoadCfg(tx);
    if (!cfg) return std::move(cfg).error();
    Meeting m = before;
    if (p.title) m.title = *p.title;
    if (p.category) m.category = *p.category;
    if (p.bring) m.bring = *p.bring;
    if (p.notes) m.notes = *p.notes;
    if (p.services) m.services = *p.services;
    if (p.organizer_staff_id) m.organizer_staff_id = *p.organizer_staff_id;
    if (p.clerk_user_id) m.clerk_user_id = *p.clerk_user_id;
    if (p.venue_id) m.venue_id = *p.venue_id;
    if (p.start_at) m.start_at = *p.start_at;
    if (p.end_at) m.end_at = *p.end_at;
    const bool moved =
        m.venue_id != before.venue_id || m.start_at != before.start_at || m.end_at != before.end_at;
    YB_RETURN_IF_ERROR(CheckTimes(*cfg, m.start_at, m.end_at));
    auto room = LoadRoom(tx, m.venue_id, *cfg);
    if (!room) return std::move(room).error();
    YB_RETURN_IF_ERROR(store::LockVenue(tx, room->venue_id));
    auto cal = org::SiteCalendar(tx, room->site_id);
    if (!cal) return std::move(cal).error();
    if (moved || m.category != before.category)
      YB_RETURN_IF_ERROR(CheckWhen(*cfg, *cal, c.now, m.start_at, m.category));
    auto people = CheckPeople(tx, m.organizer_staff_id, m.clerk_user_id,
                              p.attendees ? *p.attendees : before.attendees);
    if (!people) return std::move(people).error();
    if (moved) {
      m.site_id = room->site_id;
      m.busy_from = m.start_at - room->setup_minutes * kMinute;
      m.busy_to = m.end_at + room->cleanup_minutes * kMinute;
      YB_RETURN_IF_ERROR(CheckFree(tx, *cal, *room, m.busy_from, m.busy_to, {m.id}));
    }
    if (p.attendee_count)
      m.attendee_count = p.attendee_count->value_or(static_cast<int64_t>(people->attendees.size()));
    else if (p.attendees && before.attendee_count == static_cast<int64_t>(before.attendees.size()))
      m.attendee_count = static_cast<int64_t>(people->attendees.size());
    // VIS-11: a move into a room that needs approval, or a change to category A, waits again.
    const std::string rule = ApprovalRule(room->needs_approval, m.category);
    if (!rule.empty() && (m.venue_id != before.venue_id || m.category != before.category) &&
        rule != before.approval_rule) {
      m.status = State::kPending;
      m.approval_rule = rule;
      m.decided_by.reset();
      m.decided_at.reset();
      m.decision_reason.clear();
    } else if (rule.empty() && m.status == State::kPending) {
      m.status = State::kConfirmed;  // nothing to approve any more
      m.approval_rule.clear();
    }
    std::set<std::string> before_people, after_people;
    for (const auto& a : before.attendees)
      before_people.insert(a.staff_id ? "s" + std::to_string(*a.staff_id) : "e" + a.email);
    for (const auto& a : people->attendees)
      after_people.insert(a.staff_id ? "s" + std::to_string(*a.staff_id) : "e" + a.email);
    const bool visible = moved || m.title != before.title || m.bring != before.bring ||
                         before_people != after_people;
    if (m.series_id) m.is_exception = true;
    if (visible) m.sequence = before.sequence + 1;
    m.updated_at = c.now;
    auto st = store::UpdateMeeting(tx, m);
    if (!st) {
      if (st.error().code == core::ErrorCode::kConflict && st.error().key == "error.conflict")
        return core::Conflict("meetings.room_taken", "start_at")
            .With("room", room->name)
            .With("time", LocalSpan(*cal, m.start_at, m.end_at))
            .With("title", "?");
      return std::move(st).error();
    }
    if (p.attendees) YB_RETURN_IF_ERROR(store::ReplaceAttendees(tx, m.id, people->attendees));
    auto after = Required(store::FindMeeting(tx, m.id));
    if (!after) return std::move(after).error();
    // MTG-3: moving the meeting moves its tasks; pending again, it has none.
    if (after->status == State::kConfirmed &&
        (moved || before.status != State::kConfirmed || m.clerk_user_id != before.clerk_user_id)) {
      YB_RETURN_IF_ERROR(AfterConfirmed(tx, c.now, *after, *cfg));
    } else if (after->status == State::kPending) {
      YB_RETURN_IF_ERROR(CancelChecklist(tx, c.now, m.id));
    }
    if (before.status == State::kConfirmed && after->status == State::kConfirmed && visible) {
      YB_RETURN_IF_ERROR(
          SendInvitation(tx, c.now, *after, "REQUEST", false, nullptr, "meeting.updated"));
      // Removed attendees learn that it is off for them.
      std::vector<Attendee> removed;
      for (const auto& a : before.attendees)
        if (!after_people.count(a.staff_id ? "s" + std::to_string(*a.staff_id) : "e" + a.email))
          removed.push_back(a);
      if (!removed.empty())
        YB_RETURN_IF_ERROR(SendInvitation(tx, c.now, *after, "CANCEL", false, &removed));
    } else if (before.status != State::kConfirmed && after->status == State::kConfirmed) {
      YB_RETURN_IF_ERROR(SendInvitation(tx, c.now, *after, "REQUEST", false));
    } else if (before.status == State::kConfirmed && after->status == State::kPending) {
      YB_RETURN_IF_ERROR(SendInvitation(tx, c.now, *after, "CANCEL", false));
      YB_RETURN_IF_ERROR(TellApprovers(tx, c.now, *after, *cal));
    }
    YB_RETURN_IF_ERROR(Changed(tx, c.now, *after));
    YB_RETURN_IF_ERROR(Audit(tx, c.actor, c.now, "update", &before, &*after, c.reason));
    BookingResult out;
    out.meeting = std::move(*after);
    out.warnings = WarningsOf(out.meeting);
    return out;
  });
}

Result<Meeting> Cancel(const Ctx& c, int64_t id, bool whole_series) {
  if (!c.actor.Can("meetings.book") && !c.actor.Can("meetings.admin")) return core::Forbidden();
  return c.pool.Transaction<Meeting>([&](db::Connection& tx) -> Result<Meeting> {
    auto found = Required(store::FindMeeting(tx, id));
    if (!found) return std::move(found).error();
    const Meeting m0 = *found;
    YB_RETURN_IF_ERROR(RefuseSourced(m0));
    if (whole_series && !m0.series_id)
      return core::InvalidArgument("scope", "meetings.not_a_series");
    if (!whole_series && !Holds(m0.status)) return core::Conflict("meetings.not_active", "status");
    if (!c.actor.Can("meetings.admin")) {
      auto own = IsOwnBooking(tx, c.actor, m0);
      if (!own) return std::move(own).error();
      if (!*own) return core::Forbidden("meetings.not_yours");
    }
    std::vector<Meeting> targets;
    if (whole_series) {
      auto occ = store::SeriesOccurrences(tx, *m0.series_id);
      if (!occ) return std::move(occ).error();
      for (auto& o : *occ)
        if (Holds(o.status) && o.end_at > c.now) targets.push_back(std::move(o));
      if (targets.empty()) return core::Conflict("meetings.not_active", "status");
    } else {
      targets.push_back(m0);
    }
    bool any_confirmed = false;
    for (const auto& t : targets) {
      auto full = Required(store::FindMeeting(tx, t.id));
      if (!full) return std::move(full).error();
      Meeting m = *full;
      const Meeting before = m;
      any_confirmed = any_confirmed || before.status == State::kConfirmed;
      m.status = State::kCancelled;
      m.sequence = before.sequence + 1;
      if (m.series_id && !whole_series) m.is_exception = true;
      m.updated_at = c.now;
      YB_RETURN_IF_ERROR(store::UpdateMeeting(tx, m));
      YB_RETURN_IF_ERROR(CancelChecklist(tx, c.now, m.id));
      auto after = Required(store::FindMeeting(tx, m.id));
      if (!after) return std::move(after).error();
      if (after->clerk_user_id && before.status == State::kConfirmed && !whole_series)
        YB_RETURN_IF_ERROR(
            Tell(tx, c.now, *after, {*after->clerk_user_id}, "meeting.cancelled",
                 "会议取消：" + after->title,
                 "“" + after->title + "”（" + after->venue_name + "）已取消，相关服务任务已撤销。",
                 "/meetings/runsheet"));
      YB_RETURN_IF_ERROR(Audit(tx, c.actor, c.now, "cancel", &before, &*after, c.reason));
      YB_RETURN_IF_ERROR(Changed(tx, c.now, *after));
    }
    auto result = Required(store::FindMeeting(tx, id));
    if (!result) return std::move(result).error();
    if (any_confirmed) {
      if (whole_series) {
        auto s = store::FindSeries(tx, *m0.series_id);
        if (!s) return std::move(s).error();
        YB_RETURN_IF_ERROR(store::BumpSeriesSequence(tx, (*s)->id, (*s)->sequence + 1, c.now));
      }
      // MTG-2: METHOD:CANCEL with SEQUENCE + 1 (RFC 5546 3.2.5).
      YB_RETURN_IF_ERROR(SendInvitation(tx, c.now, *result, "CANCEL", whole_series));
    }
    return result;
  });
}

Result<Meeting> Decide(const Ctx& c, int64_t id, bool approve) {
  if (!c.actor.Can("meetings.approve")) return core::Forbidden();
  if (!approve && c.reason.empty()) return core::InvalidArgument("reason", "validation.required");
  return c.pool.Transaction<Meeting>([&](db::Connection& tx) -> Result<Meeting> {
    auto found = Required(store::FindMeeting(tx, id));
    if (!found) return std::move(found).error();
    YB_RETURN_IF_ERROR(RefuseSourced(*found));
    if (found->status != State::kPending) return core::Conflict("meetings.not_pending", "status");
    auto cfg = LoadCfg(tx);
    if (!cfg) return std::move(cfg).error();
    std::vector<int64_t> ids{id};
    if (found->series_id) {
      auto occ = store::SeriesOccurrences(tx, *found->series_id);
      if (!occ) return std::move(occ).error();
      ids.clear();
      for (const auto& o : *occ)
        if (o.status == State::kPending) ids.push_back(o.id);
    }
    for (int64_t oid : ids) {
      auto full = Required(store::FindMeeting(tx, oid));
      if (!full) return std::move(full).error();
      const Meeting before = *full;
      Meeting m = before;
      m.status = approve ? State::kConfirmed : State::kRejected;
      m.decided_by = ActorId(c.actor);
      m.decided_at = c.now;
      m.decision_reason = c.reason;
      m.updated_at = c.now;
      YB_RETURN_IF_ERROR(store::UpdateMeeting(tx, m));
      auto after = Required(store::FindMeeting(tx, oid));
      if (!after) return std::move(after).error();
      if (approve) YB_RETURN_IF_ERROR(AfterConfirmed(tx, c.now, *after, *cfg, oid == ids.front()));
      YB_RETURN_IF_ERROR(
          Audit(tx, c.actor, c.now, approve ? "approve" : "reject", &before, &*after, c.reason));
      YB_RETURN_IF_ERROR(Changed(tx, c.now, *after));
    }
    auto result = Required(store::FindMeeting(tx, id));
    if (!result) return std::move(result).error();
    auto owners = OwnersOf(tx, *result);
    if (!owners) return std::move(owners).error();
    auto cal = org::SiteCalendar(tx, result->site_id);
    if (!cal) return std::move(cal).error();
    const std::string when = LocalSpan(*cal, result->start_at, result->end_at);
    YB_RETURN_IF_ERROR(Tell(
        tx, c.now, *result, std::move(*owners), approve ? "meeting.approved" : "meeting.rejected",
        std::string(approve ? "会议室预订已批准：" : "会议室预订被驳回：") + result->title,
        result->venue_name + "，" + when + (c.reason.empty() ? "" : "。意见：" + c.reason),
        "/meetings?meeting=" + std::to_string(result->id)));
    if (approve)
      YB_RETURN_IF_ERROR(
          SendInvitation(tx, c.now, *result, "REQUEST", result->series_id.has_value()));
    return result;
  });
}

// ---------------------------------------------------------------- reading

Result<Meeting> Get(db::Pool& pool, int64_t id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return Required(store::FindMeeting(**lease, id));
}

Result<bool> MayChange(db::Pool& pool, const auth::Principal& p, const Meeting& m) {
  if (!m.source.Empty()) return false;  // PLAN-3: changed through its plan
  if (p.Can("meetings.admin")) return true;
  if (!p.Can("meetings.book")) return false;
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return IsOwnBooking(**lease, p, m);
}

Result<std::vector<Room>> Rooms(db::Pool& pool, int64_t site_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto cfg = LoadCfg(**lease);
  if (!cfg) return std::move(cfg).error();
  auto rows = store::SiteRooms(**lease, site_id);
  if (!rows) return std::move(rows).error();
  std::vector<Room> out;
  for (const auto& [v, r] : *rows) out.push_back(RoomOf(v, r, *cfg, v.equipment));
  return out;
}

Result<CalendarView> SiteCalendarView(db::Pool& pool, int64_t site_id, int64_t from, int64_t to) {
  if (to <= from || to - from > 31 * kDay)
    return core::InvalidArgument("to", "validation.out_of_range")
        .With("min", core::FormatIsoUtc(from))
        .With("max", core::FormatIsoUtc(from + 31 * kDay));
  auto rooms = Rooms(pool, site_id);
  if (!rooms) return std::move(rooms).error();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto cal = org::SiteCalendar(**lease, site_id);
  if (!cal) return std::move(cal).error();
  auto rows = store::SelectBlocks(**lease, site_id, from, to, kLongestMs);
  if (!rows) return std::move(rows).error();
  return CalendarView{cal->time_zone, std::move(*rooms), std::move(*rows)};
}

Result<Room> PutRoom(const Ctx& c, int64_t venue_id, const RoomRules& in) {
  if (!c.actor.Can("meetings.admin")) return core::Forbidden();
  for (auto [v, field] : {std::pair{in.setup_minutes, "setup_minutes"},
                          std::pair{in.cleanup_minutes, "cleanup_minutes"}})
    if (v && (*v < 0 || *v > 240))
      return core::InvalidArgument(field, "validation.out_of_range")
          .With("min", "0")
          .With("max", "240");
  return c.pool.Transaction<Room>([&](db::Connection& tx) -> Result<Room> {
    auto v = store::FindVenue(tx, venue_id);
    if (!v) return std::move(v).error();
    if (!*v) return core::NotFound();
    auto cfg = LoadCfg(tx);
    if (!cfg) return std::move(cfg).error();
    auto old = store::FindRoomRules(tx, venue_id);
    if (!old) return std::move(old).error();
    const Room before = RoomOf(**v, old->value_or(RoomRules{venue_id}), *cfg);
    RoomRules r = in;
    r.venue_id = venue_id;
    r.stored = true;
    YB_RETURN_IF_ERROR(store::PutRoomRules(tx, r, c.now));
    auto eq = store::VenueEquipment(tx, venue_id);
    if (!eq) return std::move(eq).error();
    Room after = RoomOf(**v, r, *cfg, std::move(*eq));
    YB_RETURN_IF_ERROR(audit::Record(tx, c.actor, c.now,
                                     {"update", "meeting_room", venue_id, RoomJson(before).dump(),
                                      RoomJson(after).dump(), c.reason}));
    return after;
  });
}

Result<std::vector<Meeting>> Pending(db::Pool& pool, std::optional<int64_t> site_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  std::vector<db::Value> params;
  std::string where = "m.status = 'pending'";
  if (site_id) {
    params.push_back(*site_id);
    where += " AND m.site_id = $1";
  }
  return store::SelectMeetings(**lease, where, params, "m.start_at, m.id", 500);
}

Result<RunSheet> RunSheetOf(db::Pool& pool, const auth::Principal& p, int64_t site_id,
                            std::optional<int32_t> date, int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto cal = org::SiteCalendar(**lease, site_id);
  if (!cal) return std::move(cal).error();
  RunSheet out;
  out.time_zone = cal->time_zone;
  if (date) {
    out.date = *date;
  } else {
    auto today = core::LocalDate(*cal, now);
    if (!today) return std::move(today).error();
    out.date = *today;
  }
  auto from = core::LocalTimeToUtc(*cal, out.date, 0);
  if (!from) return std::move(from).error();
  auto to = core::LocalTimeToUtc(*cal, out.date + 1, 0);
  if (!to) return std::move(to).error();
  std::vector<tasks::Task> list;
  auto add = [&](tasks::Query q) -> Status {
    q.site_id = site_id;
    q.subject_type = kSubject;
    q.open_only = false;
    q.due_from = *from;
    q.due_to = *to;
    q.limit = 1000;
    auto got = tasks::List(**lease, q);
    if (!got) return std::move(got).error();
    for (auto& t : *got)
      if (t.status != tasks::Status::kCancelled) list.push_back(std::move(t));
    return core::Ok();
  };
  if (p.user_id) {
    tasks::Query mine;
    mine.owner_user_id = p.user_id;
    YB_RETURN_IF_ERROR(add(mine));
  }
  if (p.Can("meetings.admin")) {
    tasks::Query desk;
    desk.desk_only = true;
    YB_RETURN_IF_ERROR(add(desk));
  }
  std::sort(list.begin(), list.end(), [](const tasks::Task& a, const tasks::Task& b) {
    return a.due_at != b.due_at ? a.due_at < b.due_at : a.id < b.id;
  });
  std::map<int64_t, Meeting> meetings;
  for (auto& t : list) {
    auto it = meetings.find(t.subject_id);
    if (it == meetings.end()) {
      auto m = store::FindMeeting(**lease, t.subject_id);
      if (!m) return std::move(m).error();
      if (!*m) continue;
      it = meetings.emplace(t.subject_id, std::move(**m)).first;
    }
    RunSheetItem item{std::move(t), it->second, false};
    item.missed = item.task.status == tasks::Status::kOpen && item.task.escalate_at &&
                  now >= *item.task.escalate_at;
    out.items.push_back(std::move(item));
  }
  return out;
}

Result<std::string> InvitationIcs(db::Pool& pool, int64_t id, int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto m = Required(store::FindMeeting(**lease, id));
  if (!m) return std::move(m).error();
  auto inv = BuildInvitation(**lease, *m, Holds(m->status) ? "REQUEST" : "CANCEL",
                             m->series_id && !m->is_exception, now);
  if (!inv) return std::move(inv).error();
  return std::move(inv->ics);
}

// ---------------------------------------------------------------- the calendar feed

Result<std::string> RotateFeedToken(const Ctx& c) {
  if (c.actor.user_id == 0) return core::Forbidden();
  const std::string token = core::RandomToken(24);
  auto st = c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    YB_RETURN_IF_ERROR(store::PutFeedToken(tx, c.actor.user_id, core::Sha256Hex(token), c.now));
    return audit::Record(tx, c.actor, c.now,
                         {"rotate", "calendar_feed", c.actor.user_id, "", "", c.reason});
  });
  if (!st) return std::move(st).error();
  return token;
}

Status DeleteFeedToken(const Ctx& c) {
  if (c.actor.user_id == 0) return core::Forbidden();
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    YB_RETURN_IF_ERROR(store::DeleteFeedToken(tx, c.actor.user_id));
    return audit::Record(tx, c.actor, c.now,
                         {"delete", "calendar_feed", c.actor.user_id, "", "", c.reason});
  });
}

Result<std::optional<int64_t>> FeedTokenCreatedAt(db::Pool& pool, int64_t user_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::FeedTokenCreatedAt(**lease, user_id);
}

namespace {

std::vector<FeedSource>& FeedSources() {
  static std::vector<FeedSource> sources;
  return sources;
}

}  // namespace

void AddFeedSource(FeedSource source) { FeedSources().push_back(std::move(source)); }

Result<std::string> Feed(db::Pool& pool, const std::string& token, int64_t now) {
  if (token.empty() || token.size() > 100) return core::NotFound("meetings.feed_not_found");
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto user = store::UserOfFeedToken(**lease, core::Sha256Hex(token));
  if (!user) return std::move(user).error();
  if (!*user) return core::NotFound("meetings.feed_not_found");
  auto u = store::FindUser(**lease, **user);
  if (!u) return std::move(u).error();
  if (!*u || (*u)->disabled) return core::NotFound("meetings.feed_not_found");
  auto staff = store::StaffIdsOfUser(**lease, **user);
  if (!staff) return std::move(staff).error();
  std::vector<db::Value> params{**user, now - 30 * kDay, now + 366 * kDay};
  std::string staff_list;
  for (int64_t s : *staff) {
    params.push_back(s);
    staff_list += (staff_list.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  std::string who = "m.created_by = $1 OR m.clerk_user_id = $1";
  if (!staff_list.empty())
    who += " OR m.organizer_staff_id IN (" + staff_list +
           ") OR m.id IN (SELECT a.meeting_id FROM meeting_attendees a WHERE a.staff_id IN (" +
           staff_list + "))";
  auto rows =
      store::SelectMeetings(**lease,
                            "(" + who +
                                ") AND m.status IN ('pending', 'confirmed') AND m.source_kind = '' AND "
                                "m.end_at >= $2 AND "
                                "m.start_at < $3",
                            params, "m.start_at, m.id", 2000);
  if (!rows) return std::move(rows).error();
  // One zone for the whole feed: the sites' when they agree, else UTC.
  std::map<int64_t, std::string> zones;
  std::set<std::string> distinct;
  for (const auto& m : *rows) {
    if (!zones.count(m.site_id)) {
      auto cal = org::SiteCalendar(**lease, m.site_id);
      if (!cal) return std::move(cal).error();
      zones[m.site_id] = cal->time_zone;
    }
    distinct.insert(zones[m.site_id]);
  }
  const std::string tz = distinct.size() == 1 ? *distinct.begin() : "UTC";
  std::vector<ics::Event> events;
  for (const auto& m : *rows) {
    ics::Event e;
    e.uid = m.uid;
    e.sequence = m.sequence;
    e.stamp = now;
    e.start_at = m.start_at;
    e.end_at = m.end_at;
    e.summary = m.title;
    e.location = m.venue_name;
    e.status = EventStatus(m.status);
    std::string d = "地点：" + m.venue_name;
    if (!m.organizer_name.empty()) d += "\n组织者：" + m.organizer_name;
    if (!m.bring.empty()) d += "\n参会需准备：" + m.bring;
    e.description = d;
    events.push_back(std::move(e));
  }
  for (const auto& source : FeedSources()) {
    auto more = source(**lease, *staff, now - 30 * kDay, now + 366 * kDay, now);
    if (!more) return std::move(more).error();
    events.insert(events.end(), more->begin(), more->end());
  }
  return ics::Calendar("PUBLISH", tz, events, "迎宾 · " + (*u)->name);
}

// ---------------------------------------------------------------- timed duties

void RegisterTaskHandlers(tasks::Scheduler& scheduler) {
  // MTG-3: when an item falls due, its clerk's phone shows it (the bell for the main steps,
  // a live update of the run sheet for tea and refills).
  auto due = [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto found = store::FindMeeting(tx, t.subject_id);
    if (!found) return std::move(found).error();
    if (!*found || (*found)->status != State::kConfirmed) return core::Ok();
    const Meeting& m = **found;
    const bool quiet = t.kind == "meeting.refill" || t.kind == "meeting.tea";
    if (t.owner_user_id)
      return Tell(tx, now, m, {*t.owner_user_id}, "meeting.task_due", t.title,
                  m.title + "（" + m.venue_name + "）", "/meetings/runsheet", !quiet);
    notify::Message msg;
    msg.topic = "meeting.task_due";
    msg.subject = t.title;
    msg.payload_json = Payload(m);
    msg.live_site_ids = {m.site_id};
    msg.webhooks = false;
    auto n = notify::Enqueue(tx, now, msg);
    if (!n) return std::move(n).error();
    return core::Ok();
  };
  // MTG-3: an item still open after its time escalates to the admin clerks.
  auto missed = [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto found = store::FindMeeting(tx, t.subject_id);
    if (!found) return std::move(found).error();
    if (!*found || (*found)->status != State::kConfirmed) return core::Ok();
    const Meeting& m = **found;
    auto users = store::UsersWithPermission(tx, "meetings.admin");
    if (!users) return std::move(users).error();
    std::string who = m.clerk_name.empty() ? "前台" : m.clerk_name;
    return Tell(tx, now, m, std::move(*users), "meeting.task_missed", "会议服务未完成：" + t.title,
                "“" + m.title + "”（" + m.venue_name + "）的服务项目“" + t.title +
                    "”已超时未完成（" + who + "）。",
                "/meetings/runsheet");
  };
  for (const char* kind :
       {"meeting.setup", "meeting.greet", "meeting.tea", "meeting.refill", "meeting.cleanup"})
    scheduler.On(kind, due, missed);
}

}  // namespace yingbin::meetings
