#include "visitors/service.hpp"

#include <algorithm>

#include "audit/audit.hpp"
#include "auth/directory.hpp"
#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/identity.hpp"
#include "core/search_keys.hpp"
#include "core/time.hpp"
#include "db/counters.hpp"
#include "db/full_text.hpp"
#include "mail/service.hpp"
#include "notify/notify.hpp"
#include "org/directory.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "org/site_time.hpp"
#include "org/store.hpp"
#include "tasks/tasks.hpp"
#include "visitors/json.hpp"
#include "visitors/log.hpp"
#include "visitors/store.hpp"

namespace yingbin::visitors {
namespace {

constexpr int64_t kMinute = 60'000;

// Task kinds of this module.
constexpr char kTaskRemindHost[] = "visit.remind_host";      // VIS-4: visitor due at T
constexpr char kTaskNotifyHost[] = "visit.notify_host";      // VIS-4: early arrival, tell at T-10
constexpr char kTaskNoAnswer[] = "visit.host_no_answer";     // VIS-13: no answer in 5 min
constexpr char kTaskLongWait[] = "visit.long_wait";          // VIS-5/13: remind the host again
constexpr char kTaskNotCheckedOut[] = "visit.not_checked_out";  // VIS-15: still here at close

core::Error UnknownReference(std::string field) {
  return core::InvalidArgument(std::move(field), "validation.unknown_reference");
}

Result<Visit> Required(Result<std::optional<Visit>> r) {
  if (!r) return std::move(r).error();
  if (!*r) return core::NotFound();
  return std::move(**r);
}

Status AuditVisit(db::Connection& tx, const Ctx& c, const char* action, int64_t id,
                  const Visit* before, const Visit* after, const std::string& reason) {
  return audit::Record(tx, c.actor, c.now,
                       {action, "visit", id, before ? VisitText(*before) : "",
                        after ? VisitText(*after) : "", reason});
}

Result<int64_t> Setting(db::Connection& tx, std::string_view key) {
  return org::GetSetting(tx, key);
}

// --- who may do what ---

Result<bool> IsHostOf(db::Connection& tx, const auth::Principal& p, const Visit& v) {
  if (p.user_id == 0) return false;
  auto mine = org::StaffIdsOfUser(tx, p.user_id);
  if (!mine) return std::move(mine).error();
  for (int64_t s : *mine)
    if ((v.host_staff_id && s == *v.host_staff_id) || (v.deputy_staff_id && s == *v.deputy_staff_id))
      return true;
  return false;
}

// The desk (visits.write) acts on every visit; a host (visits.host) on their own and on
// those delegated to them (VIS-7).
Status CheckHostOrDesk(db::Connection& tx, const auth::Principal& p, const Visit& v) {
  if (p.Can("visits.write")) return core::Ok();
  if (p.Can("visits.host")) {
    auto host = IsHostOf(tx, p, v);
    if (!host) return std::move(host).error();
    if (*host) return core::Ok();
  }
  return core::Forbidden("visits.not_your_visit");
}

// --- messages ---

struct Recipients {
  std::vector<int64_t> user_ids;
  std::vector<std::string> emails;
};

Status AddStaff(db::Connection& tx, std::optional<int64_t> staff_id, Recipients& r) {
  if (!staff_id) return core::Ok();
  auto s = org::FindStaffBrief(tx, *staff_id);
  if (!s) return std::move(s).error();
  if (!*s) return core::Ok();
  if ((*s)->user_id)
    r.user_ids.push_back(*(*s)->user_id);
  else if (!(*s)->email.empty())
    r.emails.push_back((*s)->email);
  return core::Ok();
}

Result<Recipients> HostRecipients(db::Connection& tx, const Visit& v) {
  Recipients r;
  YB_RETURN_IF_ERROR(AddStaff(tx, v.host_staff_id, r));
  YB_RETURN_IF_ERROR(AddStaff(tx, v.deputy_staff_id, r));  // VIS-7: the deputy is told too
  return r;
}

std::string Payload(const Visit& v) {
  api::JsonWriter w;
  w.BeginObject();
  w.Key("visit_id").Int(v.id).Key("number").String(v.number);
  w.Key("status").String(StatusName(v.status)).Key("site_id").Int(v.site_id);
  w.Key("visitor_name").String(v.visitor_name).Key("company").String(v.company);
  w.Key("host_staff_id").OptInt(v.host_staff_id);
  w.EndObject();
  return std::move(w).Take();
}

std::string WhoLine(const Visit& v) {
  std::string s = v.visitor_name;
  if (!v.company.empty()) s += "（" + v.company + "）";
  if (v.head_count > 1) s += "，共 " + std::to_string(v.head_count) + " 人";
  return s;
}

// Tells the host (and deputy) something about their visitor, and updates the desk.
Status TellHost(db::Connection& tx, int64_t now, const Visit& v, const std::string& topic,
                const std::string& subject, const std::string& body) {
  auto r = HostRecipients(tx, v);
  if (!r) return std::move(r).error();
  notify::Message m;
  m.topic = topic;
  m.subject = subject;
  m.body = body;
  m.link = "/host";
  m.payload_json = Payload(v);
  m.user_ids = r->user_ids;
  m.emails = r->emails;
  m.live_site_ids = {v.site_id};
  return notify::Send(tx, now, m);
}

// A note for the desk: a live event for the site's consoles and the bell of the clerk who
// owns the visit (GEN-6).
Status TellDesk(db::Connection& tx, int64_t now, const Visit& v, const std::string& topic,
                const std::string& subject, const std::string& body) {
  notify::Message m;
  m.topic = topic;
  m.subject = subject;
  m.body = body;
  m.link = "/desk";
  m.payload_json = Payload(v);
  if (v.owner_user_id) m.user_ids = {*v.owner_user_id};
  m.live_site_ids = {v.site_id};
  m.webhooks = false;
  return notify::Send(tx, now, m);
}

// Only the live update: the desk consoles and host phones reload the visit.
Status Changed(db::Connection& tx, int64_t now, const Visit& v) {
  return notify::SendLiveUpdate(tx, now, "visit.changed", v.number, Payload(v), v.site_id);
}

Status TellUsers(db::Connection& tx, int64_t now, const Visit& v, std::vector<int64_t> users,
                 const std::string& topic, const std::string& subject, const std::string& body) {
  if (users.empty()) return core::Ok();
  notify::Message m;
  m.topic = topic;
  m.subject = subject;
  m.body = body;
  m.link = "/desk";
  m.payload_json = Payload(v);
  m.user_ids = std::move(users);
  m.live_site_ids = {v.site_id};
  return notify::Send(tx, now, m);
}

Status EmailVisitor(db::Connection& tx, int64_t now, const Visit& v, const std::string& topic,
                    const std::string& subject, const std::string& body, bool with_qr) {
  if (v.invite_email.empty()) return core::Ok();
  notify::Message m;
  m.topic = topic;
  m.subject = subject;
  m.body = body;
  m.payload_json = Payload(v);
  m.emails = {v.invite_email};
  m.webhooks = false;
  if (with_qr) m.qr_text = v.badge_code;
  return notify::Send(tx, now, m);
}

// --- tasks ---

Result<std::optional<int64_t>> HostUser(db::Connection& tx, const Visit& v) {
  if (!v.host_staff_id) return std::optional<int64_t>();
  auto s = org::FindStaffBrief(tx, *v.host_staff_id);
  if (!s) return std::move(s).error();
  if (!*s) return std::optional<int64_t>();
  return (*s)->user_id;
}

Status AddTask(db::Connection& tx, int64_t now, const Visit& v, const char* kind, int64_t due,
               std::string title, bool owner_is_host) {
  tasks::Task t;
  t.kind = kind;
  t.subject_type = "visit";
  t.subject_id = v.id;
  t.site_id = v.site_id;
  t.title = std::move(title);
  t.due_at = due;
  if (owner_is_host) {
    auto u = HostUser(tx, v);
    if (!u) return std::move(u).error();
    t.owner_user_id = *u;
    t.owner_staff_id = v.host_staff_id;
  }
  auto id = tasks::Create(tx, t, now);
  if (!id) return std::move(id).error();
  return core::Ok();
}

// Tells the host now that the visitor is here and starts the answer clock (VIS-13).
Status NotifyArrivalNow(db::Connection& tx, int64_t now, Visit& v) {
  if (!v.host_staff_id) return core::Ok();
  std::string body = WhoLine(v) + " 已到前台";
  if (!v.purpose.empty()) body += "，事由：" + v.purpose;
  body += "。请回复：马上来 / 请稍候 / 请带到会议室 / 不见。";
  YB_RETURN_IF_ERROR(TellHost(tx, now, v, "visit.arrived", "访客到达：" + v.visitor_name, body));
  v.host_notified_at = now;
  auto answer_minutes = Setting(tx, "visits.host_answer_minutes");
  if (!answer_minutes) return std::move(answer_minutes).error();
  return AddTask(tx, now, v, kTaskNoAnswer, now + *answer_minutes * kMinute,
                 "接待人未回复：" + v.visitor_name, /*owner_is_host=*/true);
}

// VIS-4: an early visitor is seated; the host is told at T-10, everyone else at once.
Status ScheduleArrivalNotice(db::Connection& tx, int64_t now, Visit& v) {
  if (!v.host_staff_id) return core::Ok();
  auto before = Setting(tx, "visits.notify_before_minutes");
  if (!before) return std::move(before).error();
  const int64_t at = HostNotifyAt(v.expected_at, now, *before * kMinute);
  if (at <= now) return NotifyArrivalNow(tx, now, v);
  return AddTask(tx, now, v, kTaskNotifyHost, at, "通知接待人：" + v.visitor_name + " 已提前到达",
                 /*owner_is_host=*/false);
}

// VIS-15: the desk's close-of-day check. `site_calendar`: the visit's site calendar when
// the caller has it loaded already.
Status ScheduleCloseCheck(db::Connection& tx, int64_t now, const Visit& v,
                          const core::BusinessCalendar* site_calendar = nullptr) {
  core::BusinessCalendar loaded;
  if (!site_calendar) {
    auto cal = org::SiteCalendar(tx, v.site_id);
    if (!cal) return std::move(cal).error();
    loaded = std::move(*cal);
    site_calendar = &loaded;
  }
  auto date = core::LocalDate(*site_calendar, now);
  if (!date) return std::move(date).error();
  auto close = core::DeskCloseAt(*site_calendar, *date);
  if (!close) return std::move(close).error();
  return AddTask(tx, now, v, kTaskNotCheckedOut, std::max(*close, now),
                 "未签离：" + v.visitor_name, /*owner_is_host=*/false);
}

// --- people ---

struct PreparedPerson {
  store::VisitorRow row;
};

Result<PreparedPerson> PreparePerson(const core::FieldCipher& cipher, const Person& p) {
  PreparedPerson out;
  auto& r = out.row;
  r.name = p.name;
  r.company = p.company;
  r.email = p.email;
  if (!p.phone.empty()) {
    const std::string phone = core::NormalisePhone(p.phone);
    if (phone.size() < 3) return core::InvalidArgument("phone", "validation.phone");
    r.phone_enc = cipher.Encrypt(phone, "visitor.phone");
    r.phone_index = cipher.BlindIndex(phone, "visitor.phone");
    r.phone_hint = core::MaskPhone(phone);
  }
  if (!p.id_number.empty()) {
    const std::string id = core::NormaliseResidentId(p.id_number);
    // VIS-17 identity check: a PRC resident identity number must carry a valid checksum.
    // Other documents (passports, HK/Macau/Taiwan permits) have no checksum to test.
    if (id.size() == 18 && !core::IsValidResidentId(id))
      return core::InvalidArgument("id_number", "visits.id_number_invalid");
    r.id_number_enc = cipher.Encrypt(id, "visitor.id_number");
    r.id_number_index = cipher.BlindIndex(id, "visitor.id_number");
    r.id_number_hint = core::MaskIdNumber(id);
  }
  r.search_doc = core::SearchDocument({p.name, p.company});
  return out;
}

// The returning visitor: by phone when given, else by name and company.
Result<int64_t> UpsertVisitor(db::Connection& tx, int64_t now, PreparedPerson& p) {
  auto& r = p.row;
  std::optional<int64_t> found;
  if (!r.phone_index.empty()) {
    auto byphone = store::FindVisitorByPhone(tx, r.phone_index);
    if (!byphone) return std::move(byphone).error();
    found = *byphone;
  } else {
    auto byname = store::FindVisitorByNameCompany(tx, r.name, r.company);
    if (!byname) return std::move(byname).error();
    found = *byname;
  }
  if (found) {
    r.id = *found;
    YB_RETURN_IF_ERROR(store::TouchVisitor(tx, r, now));
    return *found;
  }
  return store::InsertVisitor(tx, r, now);
}

// --- references ---

// The host exists and is active. `name`, when given, receives the host's name.
Status CheckHost(db::Connection& tx, std::optional<int64_t> host_staff_id, const char* field,
                 std::string* name = nullptr) {
  if (!host_staff_id) return core::Ok();
  auto s = org::FindStaffBrief(tx, *host_staff_id);
  if (!s) return std::move(s).error();
  if (!*s || !(*s)->active) return UnknownReference(field);
  if (name) *name = (*s)->name;
  return core::Ok();
}

// VIS-11: the venue exists, belongs to the site and suits the category. `name`, when
// given, receives the venue's name.
Status CheckVenue(db::Connection& tx, std::optional<int64_t> venue_id, int64_t site_id,
                  const std::string& category, const char* field = "venue_id",
                  std::string* name = nullptr) {
  if (!venue_id) return core::Ok();
  auto venue = store::FindVenue(tx, *venue_id);
  if (!venue) return std::move(venue).error();
  if (!*venue || !(*venue)->active || (*venue)->site_id != site_id) return UnknownReference(field);
  auto st = CheckVenueForCategory(category, (*venue)->kind);
  if (!st) {
    core::Error e = std::move(st).error();
    e.field = field;
    return e;
  }
  if (name) *name = (*venue)->name;
  return core::Ok();
}

Result<std::string> NewNumber(db::Connection& tx, int32_t day) {
  auto seq = db::NextCounter(tx, "visit:" + std::to_string(day));
  if (!seq) return std::move(seq).error();
  return VisitNumber(day, *seq);
}

// The watch list (security) and the special-access list (VIS-9) for this person.
struct ListHits {
  bool watch = false;
  bool special = false;
  bool exempt = false;
};

Result<ListHits> MatchLists(db::Connection& tx, const Person& person,
                            const std::string& id_number_index,
                            std::optional<int64_t> host_staff_id) {
  ListHits hits;
  const std::string key = core::FoldScript(person.name);
  auto watch = store::MatchList(tx, "watch", key, id_number_index);
  if (!watch) return std::move(watch).error();
  hits.watch = !watch->empty();
  auto special = store::MatchList(tx, "special", key, id_number_index);
  if (!special) return std::move(special).error();
  for (const auto& e : *special)
    if (!e.host_staff_id || e.host_staff_id == host_staff_id) hits.special = true;
  auto exempt = store::MatchList(tx, "exempt", key, id_number_index);
  if (!exempt) return std::move(exempt).error();
  hits.exempt = !exempt->empty();
  return hits;
}

// Security is told at once; the host only after security clears the visitor.
Status AlertSecurity(db::Connection& tx, int64_t now, const Visit& v) {
  auto users = auth::UsersWithPermission(tx, "watchlist.read");
  if (!users) return std::move(users).error();
  return TellUsers(tx, now, v, *users, "visit.watch_hit", "关注名单提示：" + v.visitor_name,
                   WhoLine(v) + " 与关注名单匹配，已暂停放行，请安保人员到前台核实。");
}

// VIS-9: a special-access visitor goes straight to the host unless the host is receiving
// someone else right now.
Result<bool> HostIsFree(db::Connection& tx, const Visit& v) {
  if (!v.host_staff_id) return false;
  auto busy = store::CountVisits(tx, "v.host_staff_id = $1 AND v.status = 'with_host' AND v.id <> $2",
                                 {*v.host_staff_id, v.id});
  if (!busy) return std::move(busy).error();
  return *busy == 0;
}

// What happens when a visitor arrives (walk-in registered, or appointment checked in).
// `site_calendar`: the visit's site calendar when the caller has loaded it; `mail_item`:
// set to the mail item a courier hand-over (VIS-10) created.
Status OnArrival(db::Connection& tx, const Ctx& c, Visit& v, const ListHits& hits,
                 const TriageRule* triage, const core::BusinessCalendar* site_calendar = nullptr,
                 std::optional<mail::Item>* mail_item = nullptr) {
  v.arrived_at = c.now;
  v.special_access = hits.special;
  if (hits.watch) {
    v.watch_hit = true;
    v.status = VisitStatus::kHeld;
    YB_RETURN_IF_ERROR(AlertSecurity(tx, c.now, v));
    return ScheduleCloseCheck(tx, c.now, v, site_calendar);
  }
  if (hits.special) {
    auto free = HostIsFree(tx, v);
    if (!free) return std::move(free).error();
    if (*free) {
      v.status = VisitStatus::kWithHost;
      v.admitted_at = c.now;
      YB_RETURN_IF_ERROR(TellHost(tx, c.now, v, "visit.special_access",
                                  "特殊人员来访：" + v.visitor_name,
                                  WhoLine(v) + " 在特殊人员接待表上，已直接前往您的办公室（VIS-9）。"));
      return ScheduleCloseCheck(tx, c.now, v, site_calendar);
    }
  }
  if (triage && (triage->action == "notify_hr" || triage->action == "consult_purchasing" ||
                 triage->action == "direct_to_department") &&
      triage->department_id) {
    auto users = org::UsersOfDepartment(tx, *triage->department_id);
    if (!users) return std::move(users).error();
    std::string body = WhoLine(v) + " 到访";
    if (!v.purpose.empty()) body += "，事由：" + v.purpose;
    body += "。" + triage->instructions;
    YB_RETURN_IF_ERROR(
        TellUsers(tx, c.now, v, *users, "visit.department", triage->label + "：" + v.visitor_name, body));
  }
  if (triage && triage->action == "courier_handover") {
    // VIS-10 / MAIL-1: the desk signs for the package and logs it at the mail desk, in this
    // transaction; the mail desk tells the recipient with their pickup code. Without a
    // named recipient the clerk logs the courier's items at the mail desk one by one.
    if (v.host_staff_id) {
      mail::IntakeInput in;
      in.site_id = v.site_id;
      in.kind = "package";
      in.carrier = v.company;
      in.recipient_staff_id = v.host_staff_id;
      in.description = v.purpose;
      in.visit_id = v.id;
      auto item = mail::ReceiveInTx(tx, c.actor, c.now, in, c.reason);
      if (!item) return std::move(item).error();
      if (mail_item) *mail_item = std::move(*item);
    }
    return ScheduleCloseCheck(tx, c.now, v, site_calendar);
  }
  YB_RETURN_IF_ERROR(ScheduleArrivalNotice(tx, c.now, v));
  return ScheduleCloseCheck(tx, c.now, v, site_calendar);
}

// Loads, checks the actor and applies a state machine move; `fn` then edits the visit.
template <class Fn>
Result<Visit> Transition(const Ctx& c, int64_t id, Action action, bool host_may, Fn&& fn,
                         const char* audit_action) {
  auto out = c.pool.Transaction<Visit>([&](db::Connection& tx) -> Result<Visit> {
    auto found = Required(store::FindVisit(tx, id));
    if (!found) return found;
    Visit before = *found;
    YB_RETURN_IF_ERROR(CheckDayOpen(tx, before.site_id, before.day));  // VIS-16
    if (host_may) {
      YB_RETURN_IF_ERROR(CheckHostOrDesk(tx, c.actor, before));
    } else if (!c.actor.Can("visits.write") && !c.actor.Can("kiosk.signin")) {
      return core::Forbidden();
    }
    auto next = Next(before.status, action);
    if (!next) return std::move(next).error();
    Visit v = before;
    v.status = *next;
    v.updated_at = c.now;
    YB_RETURN_IF_ERROR(fn(tx, v));
    YB_RETURN_IF_ERROR(store::UpdateVisit(tx, before, v));
    YB_RETURN_IF_ERROR(Changed(tx, c.now, v));
    YB_RETURN_IF_ERROR(AuditVisit(tx, c, audit_action, v.id, &before, &v, c.reason));
    return v;
  });
  if (!out) return out;
  return Required(
      [&]() -> Result<std::optional<Visit>> {
        auto lease = c.pool.Acquire();
        if (!lease) return std::move(lease).error();
        return store::FindVisit(**lease, id);
      }());
}

Status CancelVisitTasks(db::Connection& tx, int64_t now, int64_t id) {
  auto n = tasks::CancelFor(tx, "visit", id, std::nullopt, now);
  if (!n) return std::move(n).error();
  return core::Ok();
}

Status CompleteHostTasks(db::Connection& tx, const Ctx& c, int64_t id) {
  for (const char* kind : {kTaskNoAnswer, kTaskLongWait, kTaskNotifyHost}) {
    auto n = tasks::CompleteFor(tx, "visit", id, std::string_view(kind), c.actor.user_id, c.now);
    if (!n) return std::move(n).error();
  }
  return core::Ok();
}

std::string HostAnswerText(const Visit& v) {
  if (v.host_answer == "coming") return "接待人马上到前台";
  if (v.host_answer == "wait")
    return "接待人请访客稍候 " + std::to_string(v.host_answer_minutes.value_or(0)) + " 分钟";
  if (v.host_answer == "venue") return "接待人请带访客到 " + v.host_answer_venue_name;
  return "接待人不便会见" + (v.host_answer_note.empty() ? "" : "：" + v.host_answer_note);
}

}  // namespace

// ---------------------------------------------------------------- booking and arrival

Result<Visit> Book(const Ctx& c, const BookInput& in) {
  if (!IsCategory(in.category)) return core::InvalidArgument("category", "validation.invalid");
  if (in.expected_at < c.now - 5 * kMinute)
    return core::InvalidArgument("expected_at", "visits.in_the_past");
  auto prepared = PreparePerson(c.cipher, in.person);
  if (!prepared) return std::move(prepared).error();
  auto id = c.pool.Transaction<int64_t>([&](db::Connection& tx) -> Result<int64_t> {
    YB_RETURN_IF_ERROR(org::CheckSiteReference(tx, in.site_id));
    YB_RETURN_IF_ERROR(CheckHost(tx, in.host_staff_id, "host_staff_id"));
    YB_RETURN_IF_ERROR(CheckVenue(tx, in.venue_id, in.site_id, in.category));
    auto max_days = Setting(tx, "visits.max_days_ahead");
    if (!max_days) return std::move(max_days).error();
    if (in.expected_at > c.now + *max_days * 24 * 60 * kMinute)
      return core::InvalidArgument("expected_at", "visits.too_far_ahead")
          .With("days", std::to_string(*max_days));
    Visit v;
    v.site_id = in.site_id;
    v.host_staff_id = in.host_staff_id;
    if (!c.actor.Can("visits.write")) {
      // A host books only their own visitors (a secretary with visits.write books for the
      // boss: VIS-7).
      auto host = IsHostOf(tx, c.actor, v);
      if (!host) return std::move(host).error();
      if (!*host) return core::Forbidden("visits.not_your_visit");
    }
    auto day = org::SiteDay(tx, in.site_id, in.expected_at);
    if (!day) return std::move(day).error();
    auto number = NewNumber(tx, *day);
    if (!number) return std::move(number).error();
    PreparedPerson person = *prepared;
    auto visitor_id = UpsertVisitor(tx, c.now, person);
    if (!visitor_id) return std::move(visitor_id).error();
    v.number = *number;
    v.day = *day;
    v.visitor_id = *visitor_id;
    v.mode = "appointment";
    v.visitor_kind = "appointment";
    v.category = in.category;
    v.status = VisitStatus::kExpected;
    v.visitor_name = in.person.name;
    v.company = in.person.company;
    v.phone_hint = person.row.phone_hint;
    v.head_count = in.head_count;
    v.purpose = in.purpose;
    v.venue_id = in.venue_id;
    v.expected_at = in.expected_at;
    v.expected_minutes = in.expected_minutes;
    v.badge_code = core::TimeOrderedToken(c.now, 12);
    v.invite_email = in.person.email;
    v.owner_user_id = c.actor.user_id ? std::optional<int64_t>(c.actor.user_id) : std::nullopt;
    v.created_by = v.owner_user_id;
    v.created_at = v.updated_at = c.now;
    auto new_id = store::InsertVisit(tx, v, person.row.search_doc);
    if (!new_id) return std::move(new_id).error();
    v.id = *new_id;
    auto full = Required(store::FindVisit(tx, v.id));
    if (!full) return std::move(full).error();
    v = *full;
    // VIS-4: the host is reminded T-10 before the appointed time.
    auto before = Setting(tx, "visits.notify_before_minutes");
    if (!before) return std::move(before).error();
    if (v.host_staff_id)
      YB_RETURN_IF_ERROR(AddTask(tx, c.now, v, kTaskRemindHost,
                                 std::max(c.now, in.expected_at - *before * kMinute),
                                 "访客即将到访：" + v.visitor_name, /*owner_is_host=*/true));
    // The invitation (TEL-5: address and directions) with the QR code to sign in with.
    auto site = org::store::FindSite(tx, in.site_id);
    if (!site) return std::move(site).error();
    std::string body = "尊敬的 " + v.visitor_name + "：\n\n诚邀您于 " +
                       org::FormatSiteTime(tx, v.site_id, in.expected_at) + " 来访";
    if (!v.host_name.empty()) body += "，接待人：" + v.host_name;
    body += "。\n";
    if (*site) {
      const org::Site& s = **site;
      body += "地点：" + s.name + (s.address.empty() ? "" : "，" + s.address) + "\n";
      if (!s.directions.empty()) body += "交通指引：" + s.directions + "\n";
    }
    body += "\n到达后请在前台或自助签到机出示本邮件中的二维码（编号 " + v.number + "）。\n"
            "您的个人信息仅用于本次来访登记，将按规定期限删除。\n\n"
            "Dear " + v.visitor_name + ", you are invited to visit us at the time above. "
            "Show the QR code in this e-mail at the front desk or the kiosk to sign in.";
    YB_RETURN_IF_ERROR(
        EmailVisitor(tx, c.now, v, "visit.invitation", "来访邀请 / Invitation: " + v.number, body, true));
    YB_RETURN_IF_ERROR(Changed(tx, c.now, v));
    YB_RETURN_IF_ERROR(AuditVisit(tx, c, "create", v.id, nullptr, &v, c.reason));
    return v.id;
  });
  if (!id) return std::move(id).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  return Required(store::FindVisit(**lease, *id));
}

Result<Registered> RegisterWalkIn(const Ctx& c, const WalkInInput& in) {
  auto prepared = PreparePerson(c.cipher, in.person);
  if (!prepared) return std::move(prepared).error();
  Registered out;
  // The checks and look-ups run first, on a read connection beside the writer: on SQLite
  // one write transaction runs at a time, so it should hold only what must be in it.
  // What they read may change before the write; the foreign keys still hold, and a triage
  // row or host edited in that instant is a race no clerk could tell from a slower click.
  struct Checked {
    std::string category;
    std::string host_name, venue_name;
    int32_t day = 0;
    ListHits hits;
    core::BusinessCalendar calendar;
  };
  auto checked = [&]() -> Result<Checked> {
    auto lease = c.pool.Acquire();
    if (!lease) return std::move(lease).error();
    db::Connection& db = **lease;
    Checked k;
    YB_RETURN_IF_ERROR(org::CheckSiteReference(db, in.site_id));
    auto triage = store::FindTriageByKind(db, in.visitor_kind);
    if (!triage) return std::move(triage).error();
    if (!*triage || !(*triage)->active) return UnknownReference("visitor_kind");
    out.triage = **triage;
    k.category = in.category.value_or(out.triage.category);
    if (!IsCategory(k.category)) return core::InvalidArgument("category", "validation.invalid");
    // VIS-10: these handlings need the host; the others go to a department or the mail desk.
    const std::string& action = out.triage.action;
    const bool needs_host = action == "notify_host" || action == "reception_room_notify_host" ||
                            action == "report_host_now" || action == "ask_host";
    if (needs_host && !in.host_staff_id)
      return core::InvalidArgument("host_staff_id", "validation.required");
    YB_RETURN_IF_ERROR(CheckHost(db, in.host_staff_id, "host_staff_id", &k.host_name));
    YB_RETURN_IF_ERROR(
        CheckVenue(db, in.venue_id, in.site_id, k.category, "venue_id", &k.venue_name));
    auto cal = org::SiteCalendar(db, in.site_id);
    if (!cal) return std::move(cal).error();
    k.calendar = std::move(*cal);
    auto day = org::SiteDay(k.calendar, c.now);
    if (!day) return std::move(day).error();
    k.day = *day;
    auto hits = MatchLists(db, in.person, prepared->row.id_number_index, in.host_staff_id);
    if (!hits) return std::move(hits).error();
    k.hits = *hits;
    return k;
  }();
  if (!checked) return std::move(checked).error();
  out.exempt = checked->hits.exempt;
  // The visit as written is the answer: reading it back would cost the writer a query.
  auto written = c.pool.Transaction<Visit>([&](db::Connection& tx) -> Result<Visit> {
    auto number = NewNumber(tx, checked->day);
    if (!number) return std::move(number).error();
    PreparedPerson person = *prepared;
    auto visitor_id = UpsertVisitor(tx, c.now, person);
    if (!visitor_id) return std::move(visitor_id).error();
    Visit v;
    v.number = *number;
    v.site_id = in.site_id;
    v.day = checked->day;
    v.visitor_id = *visitor_id;
    v.mode = "walk_in";
    v.visitor_kind = in.visitor_kind;
    v.category = checked->category;
    v.status = VisitStatus::kWaiting;
    v.visitor_name = in.person.name;
    v.company = in.person.company;
    v.phone_hint = person.row.phone_hint;
    v.head_count = in.head_count;
    v.purpose = in.purpose;
    v.host_staff_id = in.host_staff_id;
    v.venue_id = in.venue_id;
    v.badge_code = core::TimeOrderedToken(c.now, 12);
    v.invite_email = in.person.email;
    v.greeting_json = in.greeting_json;
    v.arrived_at = c.now;
    // GEN-6: the clerk who registers the visitor owns the visit until handing it over.
    v.owner_user_id = c.actor.user_id ? std::optional<int64_t>(c.actor.user_id) : std::nullopt;
    v.created_by = v.owner_user_id;
    v.created_at = v.updated_at = c.now;
    v.host_name = checked->host_name;
    v.venue_name = checked->venue_name;
    auto new_id = store::InsertVisit(tx, v, person.row.search_doc);
    if (!new_id) return std::move(new_id).error();
    v.id = *new_id;
    const Visit inserted = v;
    YB_RETURN_IF_ERROR(OnArrival(tx, c, v, checked->hits, &out.triage, &checked->calendar,
                                 &out.mail_item));
    YB_RETURN_IF_ERROR(store::UpdateVisit(tx, inserted, v));
    YB_RETURN_IF_ERROR(Changed(tx, c.now, v));
    YB_RETURN_IF_ERROR(AuditVisit(tx, c, "create", v.id, nullptr, &v, c.reason));
    return v;
  });
  if (!written) return std::move(written).error();
  out.visit = std::move(*written);
  return out;
}

Result<Visit> CheckIn(const Ctx& c, int64_t id) {
  return Transition(c, id, Action::kCheckIn, false, [&](db::Connection& tx, Visit& v) -> Status {
    Person person{v.visitor_name, v.company, "", "", ""};
    auto hits = MatchLists(tx, person, "", v.host_staff_id);
    if (!hits) return std::move(hits).error();
    // An appointment keeps its day in the log when it was booked for today; an early or
    // late arrival on another day is logged on the day it happened.
    auto day = org::SiteDay(tx, v.site_id, c.now);
    if (!day) return std::move(day).error();
    v.day = *day;
    if (!v.owner_user_id && c.actor.user_id) v.owner_user_id = c.actor.user_id;
    auto reminded = tasks::CompleteFor(tx, "visit", v.id, std::string_view(kTaskRemindHost),
                                       c.actor.user_id, c.now);
    if (!reminded) return std::move(reminded).error();
    return OnArrival(tx, c, v, *hits, nullptr);
  }, "check_in");
}

// A kiosk stands at one site; an invitation for another site is refused there, so the
// visitor is sent to the right building instead of being logged at the wrong desk.
static Status CheckSameSite(const Ctx& c, const Visit& v) {
  if (c.actor.site_id && *c.actor.site_id != v.site_id)
    return core::InvalidArgument("badge_code", "visits.other_site");
  return core::Ok();
}

Result<Visit> CheckInByCode(const Ctx& c, const std::string& badge_code) {
  int64_t id = 0;
  {
    auto lease = c.pool.Acquire();
    if (!lease) return std::move(lease).error();
    auto v = Required(store::FindVisitByCode(**lease, badge_code));
    if (!v) return core::InvalidArgument("badge_code", "visits.unknown_code");
    YB_RETURN_IF_ERROR(CheckSameSite(c, *v));
    id = v->id;
  }
  return CheckIn(c, id);
}

// ---------------------------------------------------------------- the host answers

Result<Visit> Answer(const Ctx& c, int64_t id, const HostAnswer& a) {
  if (a.answer != "coming" && a.answer != "wait" && a.answer != "venue" && a.answer != "decline")
    return core::InvalidArgument("answer", "validation.invalid");
  if (a.answer == "wait" && !a.minutes) return core::InvalidArgument("minutes", "validation.required");
  if (a.answer == "venue" && !a.venue_id)
    return core::InvalidArgument("venue_id", "validation.required");
  return Transition(c, id, Action::kAnswer, true, [&](db::Connection& tx, Visit& v) -> Status {
    if (a.answer == "venue") YB_RETURN_IF_ERROR(CheckVenue(tx, a.venue_id, v.site_id, v.category));
    v.host_answer = a.answer;
    v.host_answer_minutes = a.answer == "wait" ? a.minutes : std::nullopt;
    v.host_answer_venue_id = a.answer == "venue" ? a.venue_id : std::nullopt;
    v.host_answer_note = a.note;
    v.host_answered_at = c.now;
    if (a.answer == "venue") {
      auto venue = store::FindVenue(tx, *a.venue_id);
      if (venue && *venue) v.host_answer_venue_name = (*venue)->name;
    }
    YB_RETURN_IF_ERROR(CompleteHostTasks(tx, c, v.id));
    if (a.answer == "wait") {
      // VIS-5 / VIS-13: when the promised wait is over and the visitor still waits,
      // the host is reminded again and the desk explains to the visitor.
      YB_RETURN_IF_ERROR(AddTask(tx, c.now, v, kTaskLongWait, c.now + *a.minutes * kMinute,
                                 "访客仍在等候：" + v.visitor_name, /*owner_is_host=*/true));
    }
    std::string body = HostAnswerText(v) + "。";
    if (a.answer == "decline")
      body += "请向访客致歉说明；如需改期，与访客约定新的时间（VIS-6）；推销资料请留存（VIS-12）。";
    return TellDesk(tx, c.now, v, "visit.host_answered", v.visitor_name + "：" + HostAnswerText(v), body);
  }, "answer");
}

// ---------------------------------------------------------------- desk moves

Result<Visit> Admit(const Ctx& c, int64_t id, std::optional<int64_t> venue_id) {
  return Transition(c, id, Action::kAdmit, false, [&](db::Connection& tx, Visit& v) -> Status {
    if (venue_id) {
      YB_RETURN_IF_ERROR(CheckVenue(tx, venue_id, v.site_id, v.category));
      v.venue_id = venue_id;
    } else if (v.host_answer_venue_id) {
      v.venue_id = v.host_answer_venue_id;
    }
    v.admitted_at = c.now;
    return CompleteHostTasks(tx, c, v.id);
  }, "admit");
}

Result<Visit> CheckOut(const Ctx& c, int64_t id, const std::string& outcome) {
  static const std::vector<std::string> kOutcomes = {"", "met", "declined", "handed_over", "left"};
  if (std::find(kOutcomes.begin(), kOutcomes.end(), outcome) == kOutcomes.end())
    return core::InvalidArgument("outcome", "validation.invalid");
  return Transition(c, id, Action::kCheckOut, false, [&](db::Connection& tx, Visit& v) -> Status {
    v.departed_at = c.now;
    v.outcome = !outcome.empty()             ? outcome
                : v.admitted_at              ? "met"
                : v.host_answer == "decline" ? "declined"
                                             : "left";
    return CancelVisitTasks(tx, c.now, v.id);
  }, "check_out");
}

Result<Visit> CheckOutByCode(const Ctx& c, const std::string& badge_code) {
  int64_t id = 0;
  {
    auto lease = c.pool.Acquire();
    if (!lease) return std::move(lease).error();
    auto v = Required(store::FindVisitByCode(**lease, badge_code));
    if (!v) return core::InvalidArgument("badge_code", "visits.unknown_code");
    YB_RETURN_IF_ERROR(CheckSameSite(c, *v));
    id = v->id;
  }
  return CheckOut(c, id, "");
}

Result<Visit> Cancel(const Ctx& c, int64_t id, const std::string& reason) {
  if (reason.empty()) return core::InvalidArgument("reason", "validation.required");
  return Transition(c, id, Action::kCancel, true, [&](db::Connection& tx, Visit& v) -> Status {
    v.cancelled_at = c.now;
    v.cancel_reason = reason;
    YB_RETURN_IF_ERROR(CancelVisitTasks(tx, c.now, v.id));
    // VIS-6: the visitor is contacted at once, with the reason and an apology.
    std::string body = "尊敬的 " + v.visitor_name + "：\n\n非常抱歉，原定于 " +
                       org::FormatSiteTime(tx, v.site_id, v.expected_at.value_or(c.now)) +
                       " 的来访因故取消。原因：" + reason +
                       "\n我们会尽快与您联系，另约时间。给您带来不便，敬请谅解。\n\n"
                       "We are sorry: your visit has been cancelled (" + reason +
                       "). We will contact you to agree a new date.";
    YB_RETURN_IF_ERROR(EmailVisitor(tx, c.now, v, "visit.cancelled", "来访取消 / Visit cancelled: " + v.number, body, false));
    return TellHost(tx, c.now, v, "visit.cancelled", "来访已取消：" + v.visitor_name,
                    "原因：" + reason + "。已通知访客。");
  }, "cancel");
}

Result<Visit> Reschedule(const Ctx& c, int64_t id, int64_t expected_at) {
  if (expected_at < c.now - 5 * kMinute)
    return core::InvalidArgument("expected_at", "visits.in_the_past");
  return Transition(c, id, Action::kReschedule, true, [&](db::Connection& tx, Visit& v) -> Status {
    auto day = org::SiteDay(tx, v.site_id, expected_at);
    if (!day) return std::move(day).error();
    v.day = *day;
    v.expected_at = expected_at;
    YB_RETURN_IF_ERROR(CancelVisitTasks(tx, c.now, v.id));
    auto before = Setting(tx, "visits.notify_before_minutes");
    if (!before) return std::move(before).error();
    if (v.host_staff_id)
      YB_RETURN_IF_ERROR(AddTask(tx, c.now, v, kTaskRemindHost,
                                 std::max(c.now, expected_at - *before * kMinute),
                                 "访客即将到访：" + v.visitor_name, true));
    std::string body = "尊敬的 " + v.visitor_name + "：\n\n您的来访时间已改为 " +
                       org::FormatSiteTime(tx, v.site_id, expected_at) +
                       "。原二维码仍然有效。给您带来不便，敬请谅解。\n\n"
                       "Your visit has been moved to the time above; your QR code stays valid.";
    return EmailVisitor(tx, c.now, v, "visit.rescheduled", "来访改期 / Visit rescheduled: " + v.number, body, true);
  }, "reschedule");
}

Result<Visit> MarkNoShow(const Ctx& c, int64_t id) {
  return Transition(c, id, Action::kNoShow, true, [&](db::Connection& tx, Visit& v) -> Status {
    return CancelVisitTasks(tx, c.now, v.id);
  }, "no_show");
}

Result<Visit> Delegate(const Ctx& c, int64_t id, std::optional<int64_t> deputy_staff_id) {
  return Transition(c, id, Action::kDelegate, true, [&](db::Connection& tx, Visit& v) -> Status {
    YB_RETURN_IF_ERROR(CheckHost(tx, deputy_staff_id, "deputy_staff_id"));
    if (deputy_staff_id && deputy_staff_id == v.host_staff_id)
      return core::InvalidArgument("deputy_staff_id", "visits.deputy_is_host");
    v.deputy_staff_id = deputy_staff_id;
    if (!deputy_staff_id) return core::Ok();
    auto deputy = org::FindStaffBrief(tx, *deputy_staff_id);
    if (!deputy) return std::move(deputy).error();
    v.deputy_name = (*deputy)->name;
    Recipients r;
    YB_RETURN_IF_ERROR(AddStaff(tx, deputy_staff_id, r));
    notify::Message m;
    m.topic = "visit.delegated";
    m.subject = "代为接待：" + v.visitor_name;
    m.body = v.host_name + " 授权您代为接待 " + WhoLine(v) + "（VIS-7）。";
    m.link = "/host";
    m.payload_json = Payload(v);
    m.user_ids = r.user_ids;
    m.emails = r.emails;
    return notify::Send(tx, c.now, m);
  }, "delegate");
}

Result<Visit> ClearHeld(const Ctx& c, int64_t id, bool admit, const std::string& note) {
  if (!c.actor.Can("watchlist.read")) return core::Forbidden();
  const Action action = admit ? Action::kClear : Action::kRefuse;
  auto out = c.pool.Transaction<Visit>([&](db::Connection& tx) -> Result<Visit> {
    auto found = Required(store::FindVisit(tx, id));
    if (!found) return found;
    Visit before = *found;
    YB_RETURN_IF_ERROR(CheckDayOpen(tx, before.site_id, before.day));  // VIS-16
    auto next = Next(before.status, action);
    if (!next) return std::move(next).error();
    Visit v = before;
    v.status = *next;
    v.updated_at = c.now;
    v.notes = note.empty() ? v.notes : (v.notes.empty() ? note : v.notes + "\n" + note);
    if (admit) {
      YB_RETURN_IF_ERROR(ScheduleArrivalNotice(tx, c.now, v));
    } else {
      v.departed_at = c.now;
      v.outcome = "refused";
      YB_RETURN_IF_ERROR(CancelVisitTasks(tx, c.now, v.id));
    }
    YB_RETURN_IF_ERROR(store::UpdateVisit(tx, before, v));
    YB_RETURN_IF_ERROR(Changed(tx, c.now, v));
    YB_RETURN_IF_ERROR(AuditVisit(tx, c, admit ? "clear" : "refuse", v.id, &before, &v, note));
    return v;
  });
  if (!out) return out;
  return GetVisit(c.pool, c.actor, id);
}

Result<Visit> HandOver(const Ctx& c, int64_t id, int64_t to_user_id) {
  return Transition(c, id, Action::kDelegate, false, [&](db::Connection& tx, Visit& v) -> Status {
    auto users = tx.Query("SELECT id FROM users WHERE id = $1 AND disabled = 0", {to_user_id});
    if (!users) return std::move(users).error();
    if (users->empty()) return UnknownReference("to_user_id");
    v.owner_user_id = to_user_id;
    return TellUsers(tx, c.now, v, {to_user_id}, "visit.handed_over", "转交给您：" + v.visitor_name,
                     c.actor.ActorName() + " 将访客 " + WhoLine(v) + " 转交给您负责（GEN-6）。");
  }, "hand_over");
}

// ---------------------------------------------------------------- reading

Result<Visit> GetVisit(db::Pool& pool, const auth::Principal& p, int64_t id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto v = Required(store::FindVisit(**lease, id));
  if (!v) return v;
  if (!p.Can("visits.read") && !p.Can("visits.write")) {
    auto host = IsHostOf(**lease, p, *v);
    if (!host) return std::move(host).error();
    if (!*host) return core::Forbidden("visits.not_your_visit");
  }
  return v;
}

Result<std::vector<Visit>> Queue(db::Pool& pool, int64_t site_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  // GEN-5: arrival order only (visits_site_status index: site, status, arrived_at).
  return store::SelectVisits(**lease, "v.site_id = $1 AND v.status IN ('waiting', 'held')",
                             {site_id}, "v.arrived_at, v.id", 500, 0);
}

Result<std::vector<Visit>> OnSiteNow(db::Pool& pool, int64_t site_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::SelectVisits(**lease,
                             "v.site_id = $1 AND v.status IN ('waiting', 'held', 'with_host')",
                             {site_id}, "v.arrived_at, v.id", 5000, 0);
}

Result<std::vector<Visit>> NotCheckedOut(db::Pool& pool, int64_t site_id, int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto cal = org::SiteCalendar(**lease, site_id);
  if (!cal) return std::move(cal).error();
  auto today = core::LocalDate(*cal, now);
  if (!today) return std::move(today).error();
  auto close = core::DeskCloseAt(*cal, *today);
  if (!close) return std::move(close).error();
  // Before today's close only earlier days count; after it, today's too.
  const int32_t last_day = core::DateNumber(now >= *close ? *today : *today - 1);
  return store::SelectVisits(
      **lease, "v.site_id = $1 AND v.status IN ('waiting', 'held', 'with_host') AND v.day <= $2",
      {site_id, int64_t{last_day}}, "v.arrived_at, v.id", 5000, 0);
}

Result<std::vector<Visit>> MyVisits(db::Pool& pool, const auth::Principal& p, int32_t from_day) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  if (p.user_id == 0) return std::vector<Visit>();
  auto staff = org::StaffIdsOfUser(**lease, p.user_id);
  if (!staff) return std::move(staff).error();
  if (staff->empty()) return std::vector<Visit>();
  std::string ids;
  std::vector<db::Value> params{int64_t{from_day}};
  for (int64_t s : *staff) {
    params.push_back(s);
    ids += (ids.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  return store::SelectVisits(
      **lease,
      "(v.host_staff_id IN (" + ids + ") OR v.deputy_staff_id IN (" + ids + ")) AND "
      "(v.day >= $1 OR v.status IN ('waiting', 'held', 'with_host'))",
      params,
      "CASE v.status WHEN 'waiting' THEN 0 WHEN 'with_host' THEN 1 WHEN 'expected' THEN 2 "
      "ELSE 3 END, COALESCE(v.arrived_at, v.expected_at), v.id",
      200, 0);
}

Result<VisitPage> ListVisits(db::Pool& pool, const auth::Principal& p, const VisitQuery& q,
                             int64_t limit, int64_t offset) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  std::vector<db::Value> params;
  std::string where = "1 = 1";
  auto add = [&](const std::string& cond, db::Value v) {
    params.push_back(std::move(v));
    where += " AND " + cond + "$" + std::to_string(params.size());
  };
  if (q.site_id) add("v.site_id = ", *q.site_id);
  if (q.day_from) add("v.day >= ", int64_t{*q.day_from});
  if (q.day_to) add("v.day <= ", int64_t{*q.day_to});
  if (q.host_staff_id) add("v.host_staff_id = ", *q.host_staff_id);
  if (q.category) add("v.category = ", *q.category);
  if (q.status) add("v.status = ", *q.status);
  if (q.mode) add("v.mode = ", *q.mode);
  // Data scope: a department-scoped reader (a department head) sees the visits received
  // by their department's subtree only.
  if (p.scope == auth::DataScope::kDepartment) {
    std::string ids;
    for (int64_t id : p.scope_department_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    where += ids.empty() ? " AND 1 = 0"
                         : " AND v.host_staff_id IN (SELECT id FROM staff WHERE department_id IN (" +
                               ids + "))";
  }
  VisitPage page;
  if (!q.q.empty() && (*lease)->dialect() == db::Dialect::kSqlite) {
    // DATA-4 on SQLite: the search index drives. Its matches come newest registration
    // first (FTS5 walks its rowids backwards and stops at the page), each checked against
    // the filters; nothing sorts all matches.
    const std::string match = core::Fts5Query(q.q);
    if (match.empty()) return page;
    const bool filtered = where != "1 = 1";
    params.push_back(match);
    const std::string m = "$" + std::to_string(params.size());
    const std::string from =
        " FROM visits_fts f JOIN visits v ON v.id = f.rowid WHERE f.visits_fts MATCH " + m +
        " AND " + where;
    auto counted = (*lease)->Query(
        filtered ? "SELECT COUNT(*) FROM (SELECT 1" + from + " LIMIT " +
                       std::to_string(db::kSearchCountCap + 1) + ")"
                 : "SELECT COUNT(*) FROM visits_fts WHERE visits_fts MATCH " + m,
        params);
    if (!counted) return std::move(counted).error();
    page.total = counted->Int(0, 0);
    if (filtered && page.total > db::kSearchCountCap) {
      page.total = db::kSearchCountCap;
      page.total_capped = true;
    }
    std::vector<db::Value> page_params = params;
    page_params.push_back(limit);
    page_params.push_back(offset);
    auto ids = (*lease)->Query("SELECT v.id" + from + " ORDER BY f.rowid DESC LIMIT $" +
                                   std::to_string(page_params.size() - 1) + " OFFSET $" +
                                   std::to_string(page_params.size()),
                               page_params);
    if (!ids) return std::move(ids).error();
    if (ids->empty()) return page;
    std::string list;
    for (size_t i = 0; i < ids->size(); ++i) list += (i ? "," : "") + std::to_string(ids->Int(i, 0));
    auto items = store::SelectVisits(**lease, "v.id IN (" + list + ")", {}, "v.id DESC",
                                     static_cast<int64_t>(ids->size()), 0);
    if (!items) return std::move(items).error();
    page.items = std::move(*items);
    return page;
  }
  if (!q.q.empty()) {
    std::string cond = db::FullTextCondition(**lease, "visits_fts", "v", q.q, params);
    if (cond.empty()) return page;
    where += " AND " + cond;
  }
  auto total = store::CountVisits(**lease, where, params);
  if (!total) return std::move(total).error();
  // A search lists the newest registrations first, as on SQLite; a plain list goes by day.
  const char* order = q.q.empty() ? "v.day DESC, v.id DESC" : "v.id DESC";
  auto items = store::SelectVisits(**lease, where, params, order, limit, offset);
  if (!items) return std::move(items).error();
  page.items = std::move(*items);
  page.total = *total;
  return page;
}

Result<std::vector<Visitor>> FindVisitors(db::Pool& pool, const std::string& q,
                                          const std::string& phone,
                                          const core::FieldCipher& cipher, int64_t limit) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  std::string index;
  if (!phone.empty()) index = cipher.BlindIndex(core::NormalisePhone(phone), "visitor.phone");
  if (q.empty() && index.empty()) return std::vector<Visitor>();
  return store::SearchVisitors(**lease, q, index, limit);
}

Result<std::string> Reveal(const Ctx& c, int64_t visitor_id, const std::string& field) {
  if (field != "phone" && field != "id_number") return core::InvalidArgument("field", "validation.invalid");
  if (c.reason.empty()) return core::InvalidArgument("reason", "validation.required");
  if (!c.actor.Can("sensitive.reveal")) return core::Forbidden();
  return c.pool.Transaction<std::string>([&](db::Connection& tx) -> Result<std::string> {
    auto rows = tx.Query(field == "phone" ? "SELECT phone_enc FROM visitors WHERE id = $1"
                                          : "SELECT id_number_enc FROM visitors WHERE id = $1",
                         {visitor_id});
    if (!rows) return std::move(rows).error();
    // Unknown, or never given, or destroyed under DATA-5: nothing to reveal.
    if (rows->empty() || rows->Text(0, 0).empty()) return core::NotFound();
    auto clear = c.cipher.Decrypt(rows->Text(0, 0), "visitor." + field);
    if (!clear) return std::move(clear).error();
    // The audit row names what was revealed, never the value itself.
    YB_RETURN_IF_ERROR(audit::Record(tx, c.actor, c.now,
                                     {"reveal", "visitor", visitor_id, "",
                                      api::Json({{"field", field}}).dump(), c.reason}));
    return *clear;
  });
}

// ---------------------------------------------------------------- triage table

Result<std::vector<TriageRule>> ListTriage(db::Pool& pool) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::ListTriage(**lease);
}

// The kinds the desk cannot work without: a walk-in without a kind is "other", and an
// appointment's check-in shows the "appointment" row as its next step.
static bool IsBuiltinTriageKind(const std::string& kind) { return kind == "other" || kind == "appointment"; }

// A kind that exists already is named on its field, with the value.
static core::Error DuplicateKind(const core::Error& e, const std::string& kind) {
  if (e.code == core::ErrorCode::kConflict && e.key == "error.duplicate")
    return core::Conflict("error.duplicate", "visitor_kind").With("value", kind);
  return e;
}

Result<TriageRule> PutTriage(const Ctx& c, std::optional<int64_t> id, const TriageRule& in) {
  static const std::vector<std::string> kActions = {
      "notify_host", "reception_room_notify_host", "report_host_now", "direct_to_department",
      "notify_hr", "courier_handover", "consult_purchasing", "ask_host"};
  if (std::find(kActions.begin(), kActions.end(), in.action) == kActions.end())
    return core::InvalidArgument("action", "validation.invalid");
  if (!IsCategory(in.category)) return core::InvalidArgument("category", "validation.invalid");
  return c.pool.Transaction<TriageRule>([&](db::Connection& tx) -> Result<TriageRule> {
    if (in.department_id) {
      auto d = tx.Query("SELECT 1 FROM departments WHERE id = $1", {*in.department_id});
      if (!d) return std::move(d).error();
      if (d->empty()) return UnknownReference("department_id");
    }
    TriageRule r = in;
    std::optional<TriageRule> before;
    if (id) {
      auto found = store::FindTriage(tx, *id);
      if (!found) return std::move(found).error();
      if (!*found) return core::NotFound();
      before = **found;
      if (IsBuiltinTriageKind(before->visitor_kind) &&
          (!r.active || r.visitor_kind != before->visitor_kind))
        return core::InvalidArgument(r.active ? "visitor_kind" : "active", "visits.triage_builtin");
      r.id = *id;
      auto updated = store::UpdateTriage(tx, r, c.now);
      if (!updated) return DuplicateKind(updated.error(), r.visitor_kind);
    } else {
      auto new_id = store::InsertTriage(tx, r, c.now);
      if (!new_id) return DuplicateKind(new_id.error(), r.visitor_kind);
      r.id = *new_id;
    }
    YB_RETURN_IF_ERROR(audit::Record(tx, c.actor, c.now,
                                     {before ? "update" : "create", "triage_rule", r.id,
                                      before ? TriageJson(*before).dump() : "",
                                      TriageJson(r).dump(), c.reason}));
    return r;
  });
}

Status DeleteTriage(const Ctx& c, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = store::FindTriage(tx, id);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    auto used = tx.Query("SELECT 1 FROM visits WHERE visitor_kind = $1 LIMIT 1",
                         {(*found)->visitor_kind});
    if (!used) return std::move(used).error();
    // Kinds used by visits stay (the log refers to them); deactivate them instead.
    if (!used->empty()) return core::Conflict("error.in_use");
    if (IsBuiltinTriageKind((*found)->visitor_kind)) return core::Conflict("visits.triage_builtin");
    YB_RETURN_IF_ERROR(store::DeleteTriage(tx, id));
    return audit::Record(tx, c.actor, c.now,
                         {"delete", "triage_rule", id, TriageJson(**found).dump(), "", c.reason});
  });
}

// ---------------------------------------------------------------- lists

Result<std::vector<ListEntry>> ListEntries(db::Pool& pool, const auth::Principal& p,
                                           std::optional<std::string> list) {
  const bool may_watch = p.Can("watchlist.read") || p.Can("visitors.admin");
  if (list && *list == "watch" && !may_watch) return core::Forbidden();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::ListEntries(**lease, list, may_watch);
}

Result<ListEntry> PutListEntry(const Ctx& c, std::optional<int64_t> id, const ListInput& in) {
  if (in.list != "exempt" && in.list != "special" && in.list != "watch")
    return core::InvalidArgument("list", "validation.invalid");
  store::ListRow row;
  row.entry.list = in.list;
  row.entry.name = in.name;
  row.entry.company = in.company;
  row.entry.note = in.note;
  row.entry.host_staff_id = in.host_staff_id;
  row.entry.active = in.active;
  row.name_key = core::FoldScript(in.name);
  if (!in.id_number.empty()) {
    const std::string idn = core::NormaliseResidentId(in.id_number);
    if (idn.size() == 18 && !core::IsValidResidentId(idn))
      return core::InvalidArgument("id_number", "visits.id_number_invalid");
    row.id_number_index = c.cipher.BlindIndex(idn, "visitor.id_number");
    row.entry.id_number_hint = core::MaskIdNumber(idn);
  }
  return c.pool.Transaction<ListEntry>([&](db::Connection& tx) -> Result<ListEntry> {
    YB_RETURN_IF_ERROR(CheckHost(tx, in.host_staff_id, "host_staff_id"));
    store::ListRow r = row;
    std::optional<store::ListRow> before;
    if (id) {
      auto found = store::FindListEntry(tx, *id);
      if (!found) return std::move(found).error();
      if (!*found) return core::NotFound();
      before = **found;
      r.entry.id = *id;
      if (in.id_number.empty()) {  // keep the stored number unless a new one is given
        r.id_number_index = before->id_number_index;
        r.entry.id_number_hint = before->entry.id_number_hint;
      }
      YB_RETURN_IF_ERROR(store::UpdateListEntry(tx, r, c.now));
    } else {
      auto new_id = store::InsertListEntry(tx, r, c.now);
      if (!new_id) return std::move(new_id).error();
      r.entry.id = *new_id;
    }
    YB_RETURN_IF_ERROR(audit::Record(tx, c.actor, c.now,
                                     {before ? "update" : "create", "visitor_list", r.entry.id,
                                      before ? ListEntryJson(before->entry).dump() : "",
                                      ListEntryJson(r.entry).dump(), c.reason}));
    return r.entry;
  });
}

Status DeleteListEntry(const Ctx& c, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = store::FindListEntry(tx, id);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    YB_RETURN_IF_ERROR(store::DeleteListEntry(tx, id));
    return audit::Record(tx, c.actor, c.now,
                         {"delete", "visitor_list", id, ListEntryJson((*found)->entry).dump(), "",
                          c.reason});
  });
}

Result<ListCheck> CheckLists(db::Pool& pool, const std::string& name,
                             std::optional<int64_t> host_staff_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  const std::string key = core::FoldScript(name);
  ListCheck out;
  auto exempt = store::MatchList(**lease, "exempt", key, "");
  if (!exempt) return std::move(exempt).error();
  out.exempt = !exempt->empty();
  auto special = store::MatchList(**lease, "special", key, "");
  if (!special) return std::move(special).error();
  for (const auto& e : *special)
    if (!e.host_staff_id || e.host_staff_id == host_staff_id) out.special = true;
  return out;
}

// ---------------------------------------------------------------- timed duties

void RegisterTaskHandlers(tasks::Scheduler& scheduler) {
  auto load = [](db::Connection& tx, const tasks::Task& t) { return store::FindVisit(tx, t.subject_id); };

  // VIS-4: the host is reminded that an appointment is due.
  scheduler.On(kTaskRemindHost, [load](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto v = load(tx, t);
    if (!v) return std::move(v).error();
    if (!*v || (*v)->status != VisitStatus::kExpected) return core::Ok();
    return TellHost(tx, now, **v, "visit.due", "访客即将到访：" + (*v)->visitor_name,
                    WhoLine(**v) + " 预约于 " + org::FormatSiteTime(tx, (*v)->site_id, (*v)->expected_at.value_or(now)) +
                        " 来访，请做好准备。");
  });

  // VIS-4: an early visitor's host is told now (T-10).
  scheduler.On(kTaskNotifyHost, [load](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto v = load(tx, t);
    if (!v) return std::move(v).error();
    if (!*v || (*v)->status != VisitStatus::kWaiting) return core::Ok();
    Visit visit = **v;
    YB_RETURN_IF_ERROR(NotifyArrivalNow(tx, now, visit));
    return store::UpdateVisit(tx, **v, visit);
  });

  // VIS-13: no answer in time: remind the host again and tell the desk.
  scheduler.On(kTaskNoAnswer, [load](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto v = load(tx, t);
    if (!v) return std::move(v).error();
    if (!*v || (*v)->status != VisitStatus::kWaiting || !(*v)->host_answer.empty()) return core::Ok();
    YB_RETURN_IF_ERROR(TellHost(tx, now, **v, "visit.reminder", "访客仍在等候：" + (*v)->visitor_name,
                                WhoLine(**v) + " 仍在前台等候，请尽快回复。"));
    return TellDesk(tx, now, **v, "visit.no_answer", "接待人未回复：" + (*v)->visitor_name,
                    "接待人尚未回复。请安排访客就座、倒水，并电话联系接待人或其负责人（VIS-13）。");
  });

  // VIS-5 / VIS-13: the promised wait is over.
  scheduler.On(kTaskLongWait, [load](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto v = load(tx, t);
    if (!v) return std::move(v).error();
    if (!*v || (*v)->status != VisitStatus::kWaiting) return core::Ok();
    YB_RETURN_IF_ERROR(TellHost(tx, now, **v, "visit.reminder", "访客仍在等候：" + (*v)->visitor_name,
                                WhoLine(**v) + " 已等候超过约定时间，请尽快接待或告知前台如何安排。"));
    return TellDesk(tx, now, **v, "visit.long_wait", "等候过久：" + (*v)->visitor_name,
                    "请向访客说明情况，询问是否继续等候或改约时间（VIS-5）。");
  });

  // VIS-15: still on site when the desk closes: the desk must close the visit.
  scheduler.On(kTaskNotCheckedOut, [load](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto v = load(tx, t);
    if (!v) return std::move(v).error();
    if (!*v || !OnSite((*v)->status)) return core::Ok();
    return TellDesk(tx, now, **v, "visit.not_checked_out", "未签离：" + (*v)->visitor_name,
                    "前台下班时访客仍未签离，请核实并办理签离。");
  });
}

}  // namespace yingbin::visitors
