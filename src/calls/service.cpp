#include "calls/service.hpp"

#include <algorithm>

#include "audit/audit.hpp"
#include "calls/json.hpp"
#include "calls/rules.hpp"
#include "calls/store.hpp"
#include "complaints/service.hpp"
#include "core/calendar.hpp"
#include "core/identity.hpp"
#include "core/search_keys.hpp"
#include "core/time.hpp"
#include "db/counters.hpp"
#include "db/full_text.hpp"
#include "notify/notify.hpp"
#include "org/directory.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "org/site_time.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::calls {
namespace {

constexpr int64_t kMinute = 60'000;
// A typed call time may run this far ahead of the server clock (a desk PC's clock).
constexpr int64_t kClockSkewMs = 5 * kMinute;
constexpr char kPhoneField[] = "caller.phone";  // associated data of the phone ciphertext

// Tasks of this module.
constexpr char kSubject[] = "call_message";
constexpr char kTaskRemind[] = "call_message.remind";  // TEL-2: remind while open

core::Error UnknownReference(std::string field) {
  return core::InvalidArgument(std::move(field), "validation.unknown_reference");
}

auth::Principal SystemActor() {
  auth::Principal p;
  p.username = "system";
  p.display_name = "system";
  p.scope = auth::DataScope::kAll;
  return p;
}

// " AND <column> IN (...)" for a department-scoped principal, "" otherwise.
std::string ScopeCondition(const auth::Principal& p, const std::string& column) {
  if (p.scope != auth::DataScope::kDepartment) return "";
  std::string ids;
  for (int64_t id : p.scope_department_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  return ids.empty() ? " AND 1 = 0" : " AND " + column + " IN (" + ids + ")";
}

// --- phones (DATA-2) ---

struct PreparedPhone {
  std::string enc, index, hint, tail;
};

Result<PreparedPhone> PreparePhone(const core::FieldCipher& cipher, const std::string& phone) {
  PreparedPhone out;
  if (phone.empty()) return out;
  const std::string n = core::NormalisePhone(phone);
  if (n.size() < 3) return core::InvalidArgument("phone", "validation.phone");
  out.enc = cipher.Encrypt(n, kPhoneField);
  out.index = cipher.BlindIndex(n, kPhoneField);
  out.hint = core::MaskPhone(n);
  if (n.size() >= 4) out.tail = n.substr(n.size() - 4);
  return out;
}

// --- who a message is for ---

Result<store::People> Recipients(db::Connection& tx, const Message& m) {
  if (m.for_staff_id) return store::StaffPeople(tx, *m.for_staff_id);
  return store::DepartmentPeople(tx, *m.for_department_id);
}

Result<bool> IsRecipient(db::Connection& tx, const auth::Principal& p, const Message& m) {
  if (p.user_id == 0) return false;
  auto mine = org::StaffIdsOfUser(tx, p.user_id);
  if (!mine) return std::move(mine).error();
  if (m.for_staff_id) return std::find(mine->begin(), mine->end(), *m.for_staff_id) != mine->end();
  auto departments = store::DepartmentsOfStaff(tx, *mine);
  if (!departments) return std::move(departments).error();
  return std::find(departments->begin(), departments->end(), *m.for_department_id) !=
         departments->end();
}

Result<Message> Required(Result<std::optional<Message>> r) {
  if (!r) return std::move(r).error();
  if (!*r) return core::NotFound();
  return std::move(**r);
}

Result<Call> RequiredCall(Result<std::optional<Call>> r) {
  if (!r) return std::move(r).error();
  if (!*r) return core::NotFound();
  return std::move(**r);
}

// --- telling people ---

std::string Payload(const Message& m) {
  return api::Json({{"message_id", m.id},
                    {"call_id", m.call_id},
                    {"status", m.status},
                    {"site_id", m.site_id},
                    {"for_staff_id", m.for_staff_id ? api::Json(*m.for_staff_id) : api::Json()},
                    {"for_department_id",
                     m.for_department_id ? api::Json(*m.for_department_id) : api::Json()}})
      .dump();
}

std::string Who(const Message& m) {
  std::string who = WhoCalled(m.caller_name, m.organisation);
  return who.empty() ? "来电人" : who;
}

std::string MessageBody(db::Connection& tx, const Message& m) {
  std::string body = Who(m) + " 于 " + org::FormatSiteTime(tx, m.site_id, m.called_at) + " 来电" +
                     (m.ForDepartment() ? "找" + m.for_department_name : "找您") + "。\n留言：" +
                     m.text;
  if (!m.matter.empty()) body += "\n事由：" + m.matter;
  if (!m.phone_hint.empty())
    body += "\n回电号码：" + m.phone_hint + "（在“我的留言”中点“回电”查看完整号码）";
  return body;
}

// TEL-2: the recipients at once (bell, live, e-mail by preference, webhooks), the desk's
// open list live.
Status TellRecipients(db::Connection& tx, int64_t now, const Message& m, const std::string& topic,
                      const std::string& subject, const std::string& body) {
  auto people = Recipients(tx, m);
  if (!people) return std::move(people).error();
  notify::Message n;
  n.topic = topic;
  n.subject = subject;
  n.body = body;
  n.link = "/messages";
  n.payload_json = Payload(m);
  n.user_ids = people->user_ids;
  n.emails = people->emails;
  n.live_site_ids = {m.site_id};
  return notify::Send(tx, now, n);
}

// Only the live update: the desk's open list and the recipients' open screens reload.
Status Changed(db::Connection& tx, int64_t now, const Message& m) {
  auto people = Recipients(tx, m);
  if (!people) return std::move(people).error();
  return notify::SendLiveUpdate(tx, now, "call.message_changed", m.call_number, Payload(m),
                                m.site_id, std::move(people->user_ids));
}

Status AuditMessage(db::Connection& tx, const auth::Principal& actor, int64_t now,
                    const char* action, const Message* before, const Message& after,
                    const std::string& reason) {
  return audit::Record(tx, actor, now,
                       {action, "call_message", after.id, before ? MessageJson(*before).dump() : "",
                        MessageJson(after).dump(), reason});
}

// TEL-2: the next reminder after `from`, counting desk minutes only (no reminders at night,
// at weekends or on holidays).
Status ScheduleReminder(db::Connection& tx, int64_t from, const Message& m) {
  auto minutes = org::GetSetting(tx, "calls.message_remind_minutes");
  if (!minutes) return std::move(minutes).error();
  auto cal = org::SiteCalendar(tx, m.site_id);
  if (!cal) return std::move(cal).error();
  auto due = core::AddWorkingMinutes(*cal, from, *minutes);
  if (!due) return std::move(due).error();
  tasks::Task t;
  t.kind = kTaskRemind;
  t.subject_type = kSubject;
  t.subject_id = m.id;
  t.site_id = m.site_id;
  t.title = "未处理的来电留言：" + Who(m);
  t.due_at = *due;
  if (m.for_staff_id) {
    auto people = store::StaffPeople(tx, *m.for_staff_id);
    if (!people) return std::move(people).error();
    if (!people->user_ids.empty()) t.owner_user_id = people->user_ids.front();
    t.owner_staff_id = m.for_staff_id;
  }
  auto id = tasks::Create(tx, t, from);
  if (!id) return std::move(id).error();
  return core::Ok();
}

// --- reading helpers ---

Result<Message> LoadMessage(db::Pool& pool, int64_t id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return Required(store::FindMessage(**lease, id));
}

}  // namespace

// ---------------------------------------------------------------- logging a call

Result<Logged> LogCall(const Ctx& c, const CallInput& in) {
  const int64_t called_at = in.called_at.value_or(c.now);
  if (called_at > c.now + kClockSkewMs)
    return core::InvalidArgument("called_at", "calls.called_at_future");
  auto phone = PreparePhone(c.cipher, in.phone);
  if (!phone) return std::move(phone).error();
  struct Ids {
    int64_t call = 0;
    std::optional<int64_t> message;
    std::optional<int64_t> complaint;
  };
  auto ids = c.pool.Transaction<Ids>([&](db::Connection& tx) -> Result<Ids> {
    YB_RETURN_IF_ERROR(org::CheckSiteReference(tx, in.site_id));
    // A returning caller picked from the autocomplete brings their name and organisation.
    std::optional<store::CallerRow> known;
    if (in.caller_id) {
      auto found = store::FindCaller(tx, *in.caller_id);
      if (!found) return std::move(found).error();
      if (!*found) return UnknownReference("caller_id");
      known = **found;
    }
    const std::string name = !in.caller_name.empty() ? in.caller_name : known ? known->name : "";
    const std::string organisation = !in.organisation.empty() ? in.organisation
                                     : known                  ? known->organisation
                                                              : "";
    YB_RETURN_IF_ERROR(CheckCall({in.outcome, name, organisation, in.for_staff_id.has_value(),
                                  in.for_department_id.has_value(), in.message, in.matter}));
    Call call;
    call.site_id = in.site_id;
    call.called_at = called_at;
    call.for_staff_id = in.for_staff_id;
    call.for_department_id = in.for_department_id;
    if (in.for_staff_id) {
      auto s = org::FindStaffBrief(tx, *in.for_staff_id);
      if (!s) return std::move(s).error();
      if (!*s || !(*s)->active) return UnknownReference("for_staff_id");
      call.for_department_id = (*s)->department_id;  // the department it concerns (scope)
    }
    if (in.for_department_id) {
      auto d = org::FindDepartmentBrief(tx, *in.for_department_id);
      if (!d) return std::move(d).error();
      if (!*d) return UnknownReference("for_department_id");
    }
    if (in.knowledge_id) {
      auto k = store::FindKnowledge(tx, *in.knowledge_id);
      if (!k) return std::move(k).error();
      if (!*k) return UnknownReference("knowledge_id");
      YB_RETURN_IF_ERROR(store::CountKnowledgeUse(tx, *in.knowledge_id));
    }
    auto day = org::SiteDay(tx, in.site_id, called_at);
    if (!day) return std::move(day).error();
    auto seq = db::NextCounter(tx, "call:" + std::to_string(*day));
    if (!seq) return std::move(seq).error();

    // The caller, for the next call's autocomplete: by id, else by phone, else by name.
    store::CallerRow row;
    row.name = name;
    row.organisation = organisation;
    row.phone_enc = phone->enc;
    row.phone_index = phone->index;
    row.phone_hint = phone->hint;
    row.phone_tail = phone->tail;
    row.search_doc = core::SearchDocument({name, organisation});
    const store::LastFor last{in.for_staff_id, in.for_department_id};
    std::optional<int64_t> caller_id;
    if (known) {
      caller_id = known->id;
    } else if (!phone->index.empty()) {
      auto found = store::FindCallerByPhone(tx, phone->index);
      if (!found) return std::move(found).error();
      caller_id = *found;
    } else if (!name.empty()) {
      auto found = store::FindCallerByName(tx, name, organisation);
      if (!found) return std::move(found).error();
      caller_id = *found;
    }
    if (caller_id) {
      row.id = *caller_id;
      YB_RETURN_IF_ERROR(store::TouchCaller(tx, row, called_at, c.now, last));
    } else if (!name.empty() || !phone->index.empty()) {
      auto id = store::InsertCaller(tx, row, called_at, c.now, last);
      if (!id) return std::move(id).error();
      caller_id = *id;
    }
    // The number given on this call, else the returning caller's.
    std::string phone_enc = phone->enc;
    call.phone_hint = phone->hint;
    if (phone_enc.empty() && known) {
      phone_enc = known->phone_enc;
      call.phone_hint = known->phone_hint;
    }

    call.number = CallNumber(*day, *seq);
    call.day = *day;
    call.caller_id = caller_id;
    call.caller_name = name;
    call.organisation = organisation;
    call.matter = in.matter;
    call.outcome = in.outcome;
    call.knowledge_id = in.knowledge_id;
    call.note = in.note;
    call.late_answer = in.late_answer;
    call.created_by = c.actor.user_id ? std::optional<int64_t>(c.actor.user_id) : std::nullopt;
    call.created_at = call.updated_at = c.now;
    auto call_id = store::InsertCall(tx, call, phone_enc,
                                     core::SearchDocument({name, organisation, in.matter}));
    if (!call_id) return std::move(call_id).error();
    auto full = RequiredCall(store::FindCall(tx, *call_id));
    if (!full) return std::move(full).error();
    YB_RETURN_IF_ERROR(audit::Record(
        tx, c.actor, c.now, {"create", "call", *call_id, "", CallJson(*full).dump(), c.reason}));
    Ids out{*call_id, std::nullopt, std::nullopt};

    if (in.outcome == "complaint") {
      // TEL-6: the phone complaint becomes a ticket at once, with the call.
      std::string clear_phone = in.phone;
      if (clear_phone.empty() && !phone_enc.empty()) {
        auto known_phone = c.cipher.Decrypt(phone_enc, kPhoneField);
        if (!known_phone) return std::move(known_phone).error();
        clear_phone = *known_phone;
      }
      complaints::IntakeInput ticket;
      ticket.site_id = in.site_id;
      ticket.channel = "phone";
      ticket.customer_name = name;
      ticket.organisation = organisation;
      ticket.phone = clear_phone;
      ticket.description = in.matter;
      ticket.call_id = *call_id;
      auto complaint = complaints::IntakeInTransaction(tx, c.actor, c.now, c.cipher, ticket);
      if (!complaint) return std::move(complaint).error();
      out.complaint = *complaint;
    }

    if (in.outcome == "message_taken") {
      Message m;
      m.call_id = *call_id;
      m.site_id = in.site_id;
      m.for_staff_id = in.for_staff_id;
      m.for_department_id = call.for_department_id;
      m.text = in.message;
      m.created_by = call.created_by;
      m.created_at = c.now;
      if (!m.for_staff_id && !m.for_department_id)  // a staff member without a department
        return core::Internal("message without recipient");
      auto message_id = store::InsertMessage(tx, m);
      if (!message_id) return std::move(message_id).error();
      auto saved = Required(store::FindMessage(tx, *message_id));
      if (!saved) return std::move(saved).error();
      YB_RETURN_IF_ERROR(TellRecipients(tx, c.now, *saved, "call.message",
                                        "来电留言：" + Who(*saved), MessageBody(tx, *saved)));
      YB_RETURN_IF_ERROR(ScheduleReminder(tx, c.now, *saved));
      YB_RETURN_IF_ERROR(AuditMessage(tx, c.actor, c.now, "create", nullptr, *saved, c.reason));
      out.message = *message_id;
    }
    // Other desks' lists of today's calls update live.
    YB_RETURN_IF_ERROR(notify::SendLiveUpdate(
        tx, c.now, "call.logged", call.number,
        api::Json({{"call_id", *call_id}, {"site_id", in.site_id}}).dump(), in.site_id));
    return out;
  });
  if (!ids) return std::move(ids).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  Logged out;
  auto call = RequiredCall(store::FindCall(**lease, ids->call));
  if (!call) return std::move(call).error();
  out.call = std::move(*call);
  if (ids->message) {
    auto m = Required(store::FindMessage(**lease, *ids->message));
    if (!m) return std::move(m).error();
    out.message = std::move(*m);
  }
  if (ids->complaint) {
    auto ticket = complaints::GetTicket(c.pool, c.actor, *ids->complaint, c.now);
    if (!ticket) return std::move(ticket).error();
    out.complaint_id = ids->complaint;
    out.complaint_number = ticket->ticket.number;
  }
  return out;
}

// ---------------------------------------------------------------- the log

Result<CallPage> ListCalls(db::Pool& pool, const auth::Principal& p, const CallQuery& q,
                           int64_t limit, int64_t offset) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  std::vector<db::Value> params;
  std::string where = "1 = 1";
  auto add = [&](const std::string& cond, db::Value v) {
    params.push_back(std::move(v));
    where += " AND " + cond + "$" + std::to_string(params.size());
  };
  if (q.site_id) add("c.site_id = ", *q.site_id);
  if (q.day_from) add("c.day >= ", int64_t{*q.day_from});
  if (q.day_to) add("c.day <= ", int64_t{*q.day_to});
  if (q.outcome) add("c.outcome = ", *q.outcome);
  if (q.for_staff_id) add("c.for_staff_id = ", *q.for_staff_id);
  if (q.for_department_id) add("c.for_department_id = ", *q.for_department_id);
  where += ScopeCondition(p, "c.for_department_id");
  CallPage page;
  if (!q.q.empty()) {
    const std::string cond = db::FullTextCondition(**lease, "calls_fts", "c", q.q, params);
    if (cond.empty()) return page;
    where += " AND " + cond;
  }
  auto total = store::CountCalls(**lease, where, params);
  if (!total) return std::move(total).error();
  auto items =
      store::SelectCalls(**lease, where, params, "c.called_at DESC, c.id DESC", limit, offset);
  if (!items) return std::move(items).error();
  page.items = std::move(*items);
  page.total = *total;
  return page;
}

Result<Call> GetCall(db::Pool& pool, const auth::Principal& p, int64_t id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto call = RequiredCall(store::FindCall(**lease, id));
  if (!call) return call;
  if (p.scope == auth::DataScope::kDepartment &&
      (!call->for_department_id || !p.InScope(call->for_department_id)))
    return core::Forbidden("error.out_of_scope");
  return call;
}

Result<std::string> RevealPhone(const Ctx& c, int64_t call_id) {
  if (c.reason.empty()) return core::InvalidArgument("reason", "validation.required");
  if (!c.actor.Can("sensitive.reveal")) return core::Forbidden();
  auto call = GetCall(c.pool, c.actor, call_id);
  if (!call) return std::move(call).error();
  return c.pool.Transaction<std::string>([&](db::Connection& tx) -> Result<std::string> {
    auto enc = store::CallPhoneEnc(tx, call_id);
    if (!enc) return std::move(enc).error();
    if (!*enc || (*enc)->empty()) return core::NotFound();
    auto clear = c.cipher.Decrypt(**enc, kPhoneField);
    if (!clear) return std::move(clear).error();
    // The audit row names what was revealed, never the value itself.
    YB_RETURN_IF_ERROR(audit::Record(
        tx, c.actor, c.now,
        {"reveal", "call", call_id, "", api::Json({{"field", "phone"}}).dump(), c.reason}));
    return *clear;
  });
}

Result<std::vector<Caller>> FindCallers(db::Pool& pool, const core::FieldCipher& cipher,
                                        const std::string& q, int64_t limit) {
  if (q.empty()) return std::vector<Caller>();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  const bool phoneish = std::all_of(q.begin(), q.end(), [](char ch) {
    return (ch >= '0' && ch <= '9') || ch == ' ' || ch == '+' || ch == '-' || ch == '(' ||
           ch == ')';
  });
  std::vector<db::Value> params;
  std::string where;
  if (phoneish) {
    const std::string n = core::NormalisePhone(q);
    if (n.size() >= 7) {
      params.push_back(cipher.BlindIndex(n, kPhoneField));
      where = "r.phone_index = $1";
    } else if (n.size() >= 4) {
      params.push_back(n.substr(n.size() - 4));
      where = "r.phone_tail = $1";
    } else {
      return std::vector<Caller>();
    }
  } else {
    where = db::FullTextCondition(**lease, "callers_fts", "r", q, params);
    if (where.empty()) return std::vector<Caller>();
  }
  return store::SelectCallers(**lease, where, params, limit);
}

// ---------------------------------------------------------------- messages

Result<std::vector<Message>> OpenMessages(db::Pool& pool, const auth::Principal& p,
                                          std::optional<int64_t> site_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  std::vector<db::Value> params;
  std::string where = "m.status = 'open'";
  if (site_id) {
    params.push_back(*site_id);
    where += " AND m.site_id = $1";
  }
  where += ScopeCondition(p, "m.for_department_id");
  return store::SelectMessages(**lease, where, params, "m.created_at, m.id", 500);
}

Result<std::vector<Message>> MyMessages(db::Pool& pool, const auth::Principal& p, bool handled) {
  if (p.user_id == 0) return std::vector<Message>();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto staff = org::StaffIdsOfUser(**lease, p.user_id);
  if (!staff) return std::move(staff).error();
  if (staff->empty()) return std::vector<Message>();
  auto departments = store::DepartmentsOfStaff(**lease, *staff);
  if (!departments) return std::move(departments).error();
  auto list = [](const std::vector<int64_t>& ids) {
    std::string s;
    for (int64_t id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
    return s.empty() ? std::string("NULL") : s;
  };
  std::string where = "(m.for_staff_id IN (" + list(*staff) +
                      ") OR (m.for_staff_id IS NULL AND m.for_department_id IN (" +
                      list(*departments) + ")))";
  where += handled ? " AND m.status = 'handled'" : " AND m.status = 'open'";
  return store::SelectMessages(**lease, where, {},
                               handled ? "m.handled_at DESC, m.id DESC" : "m.created_at, m.id",
                               handled ? 50 : 200);
}

Result<bool> HasStaffRecord(db::Pool& pool, const auth::Principal& p) {
  if (p.user_id == 0) return false;
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto staff = org::StaffIdsOfUser(**lease, p.user_id);
  if (!staff) return std::move(staff).error();
  return !staff->empty();
}

Result<Message> GetMessage(db::Pool& pool, const auth::Principal& p, int64_t id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto m = Required(store::FindMessage(**lease, id));
  if (!m) return m;
  auto mine = IsRecipient(**lease, p, *m);
  if (!mine) return std::move(mine).error();
  if (*mine) return m;
  if (p.Can("calls.read") && p.InScope(m->for_department_id)) return m;
  return core::Forbidden("calls.not_your_message");
}

Result<Message> HandleMessage(const Ctx& c, int64_t id, const std::string& note) {
  auto out = c.pool.Transaction<int64_t>([&](db::Connection& tx) -> Result<int64_t> {
    auto before = Required(store::FindMessage(tx, id));
    if (!before) return std::move(before).error();
    auto mine = IsRecipient(tx, c.actor, *before);
    if (!mine) return std::move(mine).error();
    const bool on_behalf = !*mine;
    if (on_behalf) {
      if (!c.actor.Can("calls.write")) return core::Forbidden("calls.not_your_message");
      if (!c.actor.InScope(before->for_department_id)) return core::Forbidden("error.out_of_scope");
    }
    // Handling twice changes nothing and says so.
    if (before->status != "open") return core::Conflict("calls.message_handled");
    if (on_behalf && note.empty()) return core::InvalidArgument("note", "calls.note_required");
    auto changed = store::MarkHandled(tx, id, c.actor.user_id, c.now, note, on_behalf);
    if (!changed) return std::move(changed).error();
    if (*changed == 0) return core::Conflict("calls.message_handled");
    auto done = tasks::CompleteFor(tx, kSubject, id, std::nullopt, c.actor.user_id, c.now);
    if (!done) return std::move(done).error();
    auto after = Required(store::FindMessage(tx, id));
    if (!after) return std::move(after).error();
    YB_RETURN_IF_ERROR(AuditMessage(tx, c.actor, c.now, "handle", &*before, *after,
                                    note.empty() ? c.reason : note));
    YB_RETURN_IF_ERROR(Changed(tx, c.now, *after));
    // The clerk who took the message learns the answer, to pass on if the caller rings again.
    if (!note.empty() && after->created_by && *after->created_by != c.actor.user_id) {
      notify::Message n;
      n.topic = "call.message_handled";
      n.subject = "留言已处理：" + Who(*after);
      n.body = c.actor.ActorName() + " 已处理 " + Who(*after) + " 的留言。\n回复：" + note;
      n.link = "/calls";
      n.payload_json = Payload(*after);
      n.user_ids = {*after->created_by};
      YB_RETURN_IF_ERROR(notify::Send(tx, c.now, n));
    }
    return id;
  });
  if (!out) return std::move(out).error();
  return LoadMessage(c.pool, id);
}

Result<std::string> CallbackNumber(const Ctx& c, int64_t id) {
  return c.pool.Transaction<std::string>([&](db::Connection& tx) -> Result<std::string> {
    auto m = Required(store::FindMessage(tx, id));
    if (!m) return std::move(m).error();
    auto mine = IsRecipient(tx, c.actor, *m);
    if (!mine) return std::move(mine).error();
    if (!*mine && !(c.actor.Can("sensitive.reveal") && c.actor.InScope(m->for_department_id)))
      return core::Forbidden("calls.not_your_message");
    auto enc = store::CallPhoneEnc(tx, m->call_id);
    if (!enc) return std::move(enc).error();
    if (!*enc || (*enc)->empty()) return core::NotFound();
    auto clear = c.cipher.Decrypt(**enc, kPhoneField);
    if (!clear) return std::move(clear).error();
    // DATA-2: every reveal is logged, the recipient's call-back too.
    YB_RETURN_IF_ERROR(audit::Record(
        tx, c.actor, c.now,
        {"reveal", "call", m->call_id, "",
         api::Json({{"field", "phone"}, {"message_id", id}, {"purpose", "call_back"}}).dump(),
         c.reason.empty() ? "回电" : c.reason}));
    return *clear;
  });
}

// ---------------------------------------------------------------- knowledge

Result<std::vector<KnowledgeEntry>> SearchKnowledge(db::Pool& pool, const std::string& q,
                                                    std::optional<int64_t> site_id,
                                                    bool include_inactive) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::SelectKnowledge(**lease, {q, site_id, include_inactive}, 200);
}

Result<KnowledgeEntry> PutKnowledge(const Ctx& c, std::optional<int64_t> id,
                                    const KnowledgeEntry& in) {
  std::string tags;
  for (const auto& t : in.tags) tags += (tags.empty() ? "" : " ") + t;
  const std::string doc = core::SearchDocument({in.question, in.answer, tags});
  auto saved = c.pool.Transaction<int64_t>([&](db::Connection& tx) -> Result<int64_t> {
    if (in.site_id) YB_RETURN_IF_ERROR(org::CheckSiteReference(tx, *in.site_id));
    KnowledgeEntry e = in;
    std::optional<KnowledgeEntry> before;
    if (id) {
      auto found = store::FindKnowledge(tx, *id);
      if (!found) return std::move(found).error();
      if (!*found) return core::NotFound();
      before = **found;
      e.id = *id;
      YB_RETURN_IF_ERROR(store::UpdateKnowledge(tx, e, doc, c.now));
    } else {
      auto new_id = store::InsertKnowledge(tx, e, doc, c.now);
      if (!new_id) return std::move(new_id).error();
      e.id = *new_id;
    }
    auto after = store::FindKnowledge(tx, e.id);
    if (!after) return std::move(after).error();
    YB_RETURN_IF_ERROR(audit::Record(
        tx, c.actor, c.now,
        {before ? "update" : "create", "knowledge_entry", e.id,
         before ? KnowledgeJson(*before).dump() : "", KnowledgeJson(**after).dump(), c.reason}));
    return e.id;
  });
  if (!saved) return std::move(saved).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto found = store::FindKnowledge(**lease, *saved);
  if (!found) return std::move(found).error();
  if (!*found) return core::NotFound();
  return **found;
}

Status DeleteKnowledge(const Ctx& c, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = store::FindKnowledge(tx, id);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    auto used = store::KnowledgeUsedByCalls(tx, id);
    if (!used) return std::move(used).error();
    // The log refers to it: deactivate it instead.
    if (*used > 0) return core::Conflict("error.in_use");
    YB_RETURN_IF_ERROR(store::DeleteKnowledge(tx, id));
    return audit::Record(
        tx, c.actor, c.now,
        {"delete", "knowledge_entry", id, KnowledgeJson(**found).dump(), "", c.reason});
  });
}

// ---------------------------------------------------------------- directory

Result<Directory> SearchDirectory(db::Pool& pool, const auth::Principal& p, const std::string& q,
                                  int64_t limit) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  std::optional<std::vector<int64_t>> scope;
  if (p.scope == auth::DataScope::kDepartment) scope = p.scope_department_ids;
  Directory out;
  auto staff = store::SearchStaff(**lease, q, scope, limit);
  if (!staff) return std::move(staff).error();
  out.staff = std::move(*staff);
  // Staff phones as the staff list shows them: in clear to org.read, masked otherwise.
  if (!p.Can("org.read"))
    for (auto& e : out.staff) e.phone = core::MaskPhone(core::NormalisePhone(e.phone));
  auto departments = store::SearchDepartments(**lease, q, 20);
  if (!departments) return std::move(departments).error();
  out.departments = std::move(*departments);
  return out;
}

Status PrepareSearch(db::Pool& pool) {
  return pool.TransactionVoid([](db::Connection& tx) -> Status {
    auto n = store::BuildMissingKnowledgeDocs(tx);
    if (!n) return std::move(n).error();
    return core::Ok();
  });
}

// ---------------------------------------------------------------- timed duties

void RegisterTaskHandlers(tasks::Scheduler& scheduler) {
  // TEL-2: an open message reminds its recipients, and keeps doing so while it is open.
  scheduler.On(kTaskRemind, [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto found = store::FindMessage(tx, t.subject_id);
    if (!found) return std::move(found).error();
    if (!*found || (*found)->status != "open") return core::Ok();
    const Message before = **found;
    // This reminder is done; the next one is a task of its own.
    auto done = tasks::CompleteFor(tx, kSubject, before.id, std::string_view(kTaskRemind), 0, now);
    if (!done) return std::move(done).error();
    YB_RETURN_IF_ERROR(store::CountReminder(tx, before.id, now));
    auto after = Required(store::FindMessage(tx, before.id));
    if (!after) return std::move(after).error();
    YB_RETURN_IF_ERROR(TellRecipients(
        tx, now, *after, "call.message_reminder", "留言仍未处理：" + Who(*after),
        "第 " + std::to_string(after->reminders) + " 次提醒。\n" + MessageBody(tx, *after)));
    YB_RETURN_IF_ERROR(
        AuditMessage(tx, SystemActor(), now, "remind", &before, *after, "TEL-2 reminder"));
    return ScheduleReminder(tx, now, *after);
  });
}

}  // namespace yingbin::calls
