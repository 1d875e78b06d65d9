#include "mail/service.hpp"

#include <algorithm>
#include <map>

#include "audit/audit.hpp"
#include "auth/directory.hpp"
#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/search_keys.hpp"
#include "core/text.hpp"
#include "db/counters.hpp"
#include "mail/json.hpp"
#include "mail/store.hpp"
#include "notify/notify.hpp"
#include "org/directory.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "org/site_time.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::mail {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 24 * 60 * kMinute;

// Task kinds of this module.
constexpr char kTaskRemind[] = "mail.remind";    // MAIL-1: tell the recipient again
constexpr char kTaskOverdue[] = "mail.overdue";  // MAIL-1: still not collected
constexpr char kTaskRenewal[] = "mail.renewal";  // MAIL-2: order the next period
constexpr char kItemSubject[] = "mail_item";
constexpr char kSubscriptionSubject[] = "mail_subscription";

// The common carriers of the mainland, offered after the ones a desk has typed itself.
const std::vector<std::string>& BuiltinCarriers() {
  static const std::vector<std::string> kCarriers = {"顺丰", "京东", "EMS",  "中国邮政",
                                                     "中通", "圆通", "韵达", "申通",
                                                     "极兔", "德邦", "菜鸟", "闪送"};
  return kCarriers;
}

core::Error UnknownReference(std::string field) {
  return core::InvalidArgument(std::move(field), "validation.unknown_reference");
}

Result<Item> Required(Result<std::optional<Item>> r) {
  if (!r) return std::move(r).error();
  if (!*r) return core::NotFound();
  return std::move(**r);
}

const char* KindLabel(const std::string& kind) {
  if (kind == "letter") return "信件";
  if (kind == "newspaper") return "报纸";
  if (kind == "magazine") return "杂志";
  return "包裹";
}

// --- search ---

std::string SearchDoc(const Item& m) {
  std::string doc = m.number + " " + m.tracking_no + " " + m.tracking_key + " " + m.carrier + " " +
                    m.sender + " " + m.recipient_name + " " +
                    core::PinyinInitials(m.recipient_name) + " " + m.description + " " +
                    m.subscription_title;
  return core::FoldScript(doc);
}

std::string LikePattern(const std::string& q) {
  std::string out = "%";
  for (char c : core::FoldScript(q)) {
    if (c == '\\' || c == '%' || c == '_') out.push_back('\\');
    out.push_back(c);
  }
  return out + "%";
}

bool IsPickupCode(const std::string& q) {
  return q.size() == 6 &&
         std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// --- who may see what ---

Result<bool> IsRecipient(db::Connection& tx, const auth::Principal& p, const Item& m) {
  if (p.user_id == 0) return false;
  if (m.recipient_staff_id) {
    auto mine = org::StaffIdsOfUser(tx, p.user_id);
    if (!mine) return std::move(mine).error();
    return std::find(mine->begin(), mine->end(), *m.recipient_staff_id) != mine->end();
  }
  if (m.recipient_department_id) {
    auto depts = store::DepartmentsOfUser(tx, p.user_id);
    if (!depts) return std::move(depts).error();
    return std::find(depts->begin(), depts->end(), *m.recipient_department_id) != depts->end();
  }
  return false;
}

bool DeskInScope(const auth::Principal& p, const Item& m) {
  if (!p.Can("mail.read") && !p.Can("mail.write")) return false;
  if (p.scope == auth::DataScope::kAll) return true;
  // A department-scoped desk reader sees the items of their departments only.
  const auto& ids = p.scope_department_ids;
  auto in = [&](std::optional<int64_t> d) {
    return d && std::find(ids.begin(), ids.end(), *d) != ids.end();
  };
  return in(m.recipient_department_id) || in(m.recipient_staff_department_id);
}

// The SQL condition of a department-scoped reader's items ("" when all are visible).
std::string ScopeCondition(const auth::Principal& p) {
  if (p.scope == auth::DataScope::kAll) return "";
  std::string ids;
  for (int64_t id : p.scope_department_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  if (ids.empty()) return "1 = 0";
  return "(m.recipient_department_id IN (" + ids +
         ") OR m.recipient_staff_id IN "
         "(SELECT id FROM staff WHERE department_id IN (" +
         ids + ")))";
}

// --- messages ---

struct Recipients {
  std::vector<int64_t> user_ids;
  std::vector<std::string> emails;
};

Result<Recipients> RecipientsOf(db::Connection& tx, const Item& m) {
  Recipients r;
  if (m.recipient_staff_id) {
    auto s = org::FindStaffBrief(tx, *m.recipient_staff_id);
    if (!s) return std::move(s).error();
    if (*s && (*s)->user_id)
      r.user_ids.push_back(*(*s)->user_id);
    else if (*s && !(*s)->email.empty())
      r.emails.push_back((*s)->email);
  } else if (m.recipient_department_id) {
    // Mail for a department: any member may collect it, so every member is told.
    auto users = org::UsersOfDepartment(tx, *m.recipient_department_id);
    if (!users) return std::move(users).error();
    r.user_ids = std::move(*users);
  }
  return r;
}

std::string Payload(const Item& m) {
  return api::Json({{"item_id", m.id},
                    {"number", m.number},
                    {"status", StatusName(m.status)},
                    {"site_id", m.site_id},
                    {"kind", m.kind},
                    {"recipient_name", m.recipient_name}})
      .dump();
}

// "顺丰 SF1234567890，寄件人 张三"
std::string WhatLine(const Item& m) {
  std::string s = KindLabel(m.kind);
  if (!m.subscription_title.empty()) s += "《" + m.subscription_title + "》";
  if (!m.carrier.empty() || !m.tracking_no.empty()) {
    s += "（" + m.carrier;
    if (!m.carrier.empty() && !m.tracking_no.empty()) s += " ";
    s += m.tracking_no + "）";
  }
  if (!m.sender.empty()) s += "，寄件人：" + m.sender;
  return s;
}

// `secret`: the body carries the pickup code, so it goes to the recipient only (in-app,
// e-mail), never to the group robots of the webhooks.
Status TellRecipient(db::Connection& tx, int64_t now, const Item& m, const std::string& topic,
                     const std::string& subject, const std::string& body, bool secret = false) {
  auto r = RecipientsOf(tx, m);
  if (!r) return std::move(r).error();
  if (r->user_ids.empty() && r->emails.empty()) return core::Ok();
  notify::Message msg;
  msg.topic = topic;
  msg.subject = subject;
  msg.body = body;
  msg.link = "/mail/mine";
  msg.payload_json = Payload(m);
  msg.user_ids = std::move(r->user_ids);
  msg.emails = std::move(r->emails);
  msg.webhooks = !secret;
  return notify::Send(tx, now, msg);
}

// MAIL-1: "your item is here" with where it lies and the code to collect it with.
Status TellArrived(db::Connection& tx, int64_t now, const Item& m, const char* topic,
                   const std::string& subject) {
  std::string body = "您的" + WhatLine(m) + " 已在前台";
  if (!m.shelf.empty()) body += "，存放位置：" + m.shelf;
  body += "。\n取件码：" + m.pickup_code + "（编号 " + m.number +
          "）。请凭取件码到前台领取，或请同事凭您的取件码代领。";
  return TellRecipient(tx, now, m, topic, subject, body, /*secret=*/true);
}

// A note for the desk: the clerk who logged the item (GEN-6) and the site's consoles.
Status TellDesk(db::Connection& tx, int64_t now, const Item& m, const std::string& topic,
                const std::string& subject, const std::string& body) {
  notify::Message msg;
  msg.topic = topic;
  msg.subject = subject;
  msg.body = body;
  msg.link = "/mail";
  msg.payload_json = Payload(m);
  if (m.received_by) msg.user_ids = {*m.received_by};
  msg.live_site_ids = {m.site_id};
  return notify::Send(tx, now, msg);
}

// Only the live update: the desk consoles reload the item.
Status Changed(db::Connection& tx, int64_t now, const Item& m) {
  return notify::SendLiveUpdate(tx, now, "mail.changed", m.number, Payload(m), m.site_id);
}

Status AuditItem(db::Connection& tx, const auth::Principal& actor, int64_t now, const char* action,
                 const Item* before, const Item* after, const std::string& reason) {
  const int64_t id = after ? after->id : before->id;
  return audit::Record(tx, actor, now,
                       {action, "mail_item", id, before ? ItemJson(*before, now).dump() : "",
                        after ? ItemJson(*after, now).dump() : "", reason});
}

// --- tasks ---

// MAIL-1: the next reminder, N hours of desk time from `from`; owned by the recipient
// (their to-do "collect your item") when they have a login.
Status ScheduleReminder(db::Connection& tx, int64_t now, const Item& m, int64_t from) {
  auto hours = org::GetSetting(tx, "mail.remind_every_hours");
  if (!hours) return std::move(hours).error();
  auto cal = org::SiteCalendar(tx, m.site_id);
  if (!cal) return std::move(cal).error();
  auto due = core::AddWorkingHours(*cal, from, *hours);
  if (!due) return std::move(due).error();
  tasks::Task t;
  t.kind = kTaskRemind;
  t.subject_type = kItemSubject;
  t.subject_id = m.id;
  t.site_id = m.site_id;
  t.title = std::string("领取") + KindLabel(m.kind) + "：" + m.number;
  t.due_at = std::max(*due, now);
  t.owner_user_id = m.recipient_user_id;
  t.owner_staff_id = m.recipient_staff_id;
  auto id = tasks::Create(tx, t, now);
  if (!id) return std::move(id).error();
  return core::Ok();
}

Status ScheduleOverdue(db::Connection& tx, int64_t now, const Item& m) {
  tasks::Task t;
  t.kind = kTaskOverdue;
  t.subject_type = kItemSubject;
  t.subject_id = m.id;
  t.site_id = m.site_id;
  t.title = std::string("超期未取：") + m.number + " " + m.recipient_name;
  t.due_at = std::max(m.overdue_at, now);
  auto id = tasks::Create(tx, t, now);
  if (!id) return std::move(id).error();
  return core::Ok();
}

Status CloseReminders(db::Connection& tx, int64_t user_id, int64_t now, int64_t item_id) {
  auto n =
      tasks::CompleteFor(tx, kItemSubject, item_id, std::string_view(kTaskRemind), user_id, now);
  if (!n) return std::move(n).error();
  return core::Ok();
}

Status CloseAllTasks(db::Connection& tx, int64_t user_id, int64_t now, int64_t item_id) {
  YB_RETURN_IF_ERROR(CloseReminders(tx, user_id, now, item_id));
  auto n = tasks::CancelFor(tx, kItemSubject, item_id, std::nullopt, now);
  if (!n) return std::move(n).error();
  return core::Ok();
}

// --- references ---

// Checks the recipient (exactly one of staff and department) and answers their name.
Result<std::string> CheckRecipient(db::Connection& tx, std::optional<int64_t> staff_id,
                                   std::optional<int64_t> department_id) {
  if (!staff_id && !department_id)
    return core::InvalidArgument("recipient_staff_id", "validation.required");
  if (staff_id && department_id)
    return core::InvalidArgument("recipient_department_id", "mail.one_recipient");
  if (staff_id) {
    auto s = org::FindStaffBrief(tx, *staff_id);
    if (!s) return std::move(s).error();
    if (!*s || !(*s)->active) return UnknownReference("recipient_staff_id");
    return (*s)->name;
  }
  auto d = org::FindDepartmentBrief(tx, *department_id);
  if (!d) return std::move(d).error();
  if (!*d) return UnknownReference("recipient_department_id");
  return (*d)->name;
}

Result<int64_t> ImageLimit(db::Connection& tx) {
  auto kb = org::GetSetting(tx, "mail.photo_max_kb");
  if (!kb) return std::move(kb).error();
  return *kb * 1024;
}

// The same parcel scanned twice while it waits is a conflict naming the waiting item.
Status CheckDuplicate(db::Connection& tx, const std::string& key, int64_t except_id) {
  if (key.empty()) return core::Ok();
  auto other = store::WaitingWithTrackingKey(tx, key, except_id);
  if (!other) return std::move(other).error();
  if (*other)
    return core::Conflict("mail.duplicate_tracking", "tracking_no")
        .With("number", (*other)->number);
  return core::Ok();
}

core::Error DuplicateOr(core::Error e) {
  // Two desks saving the same parcel at once: the unique index answers for the loser.
  if (e.code == core::ErrorCode::kConflict && e.key == "error.duplicate")
    return core::Conflict("mail.duplicate_tracking", "tracking_no");
  return e;
}

Result<Item> Reload(db::Connection& tx, int64_t id) { return Required(store::FindItem(tx, id)); }

// Loads an item, checks the actor and the state machine, lets `fn` edit it, then writes it
// with its live update and audit row; all in one transaction.
template <class Fn>
Result<Item> Transition(const Ctx& c, int64_t id, Action action, const char* audit_action,
                        Fn&& fn) {
  if (!c.actor.Can("mail.write")) return core::Forbidden();
  return c.pool.Transaction<Item>([&](db::Connection& tx) -> Result<Item> {
    auto found = Required(store::FindItem(tx, id));
    if (!found) return found;
    const Item before = *found;
    if (!DeskInScope(c.actor, before)) return core::Forbidden("error.out_of_scope");
    auto next = Next(before.status, action);
    if (!next) return std::move(next).error();
    Item m = before;
    m.status = *next;
    m.updated_at = c.now;
    YB_RETURN_IF_ERROR(fn(tx, m));
    YB_RETURN_IF_ERROR(store::UpdateItem(tx, m, SearchDoc(m)));
    auto after = Reload(tx, id);
    if (!after) return after;
    YB_RETURN_IF_ERROR(Changed(tx, c.now, *after));
    YB_RETURN_IF_ERROR(AuditItem(tx, c.actor, c.now, audit_action, &before, &*after, c.reason));
    return after;
  });
}

// The instant a renewal notice is due: the desk's opening on the notice date.
Result<int64_t> RenewalNoticeAt(db::Connection& tx, const Subscription& s, int64_t notice_days) {
  auto cal = org::SiteCalendar(tx, s.site_id);
  if (!cal) return std::move(cal).error();
  const int minutes = cal->desk_hours.empty() ? 9 * 60 : cal->desk_hours.front().start;
  return core::LocalTimeToUtc(
      *cal, DaysOfNumber(s.renewal_date) - static_cast<int32_t>(notice_days), minutes);
}

Status ScheduleRenewal(db::Connection& tx, int64_t now, const Subscription& s) {
  auto cancelled = tasks::CancelFor(tx, kSubscriptionSubject, s.id, std::nullopt, now);
  if (!cancelled) return std::move(cancelled).error();
  if (!s.active) return core::Ok();
  auto days = org::GetSetting(tx, "mail.renewal_notice_days");
  if (!days) return std::move(days).error();
  auto cal = org::SiteCalendar(tx, s.site_id);
  if (!cal) return std::move(cal).error();
  auto today = core::LocalDate(*cal, now);
  if (!today) return std::move(today).error();
  if (*today > DaysOfNumber(s.period_end)) return core::Ok();  // over: nothing to renew
  auto at = RenewalNoticeAt(tx, s, *days);
  if (!at) return std::move(at).error();
  tasks::Task t;
  t.kind = kTaskRenewal;
  t.subject_type = kSubscriptionSubject;
  t.subject_id = s.id;
  t.site_id = s.site_id;
  t.title = "续订《" + s.title + "》（" + core::FormatDateNumber(s.renewal_date) + " 前）";
  t.due_at = std::max(*at, now);
  auto id = tasks::Create(tx, t, now);
  if (!id) return std::move(id).error();
  return core::Ok();
}

Result<SubscriptionView> ViewOf(db::Connection& tx, Subscription s, int64_t now,
                                std::map<int64_t, int32_t>* today_by_site) {
  auto days = org::GetSetting(tx, "mail.renewal_notice_days");
  if (!days) return std::move(days).error();
  int32_t today = 0;
  if (today_by_site && today_by_site->count(s.site_id)) {
    today = (*today_by_site)[s.site_id];
  } else {
    auto cal = org::SiteCalendar(tx, s.site_id);
    if (!cal) return std::move(cal).error();
    auto d = core::LocalDate(*cal, now);
    if (!d) return std::move(d).error();
    today = *d;
    if (today_by_site) (*today_by_site)[s.site_id] = today;
  }
  SubscriptionView v;
  v.state = StateOf(s, today, *days);
  v.renewal_notice_date =
      core::DateNumber(DaysOfNumber(s.renewal_date) - static_cast<int32_t>(*days));
  v.s = std::move(s);
  return v;
}

}  // namespace

// ---------------------------------------------------------------- intake

Result<Item> ReceiveInTx(db::Connection& tx, const auth::Principal& actor, int64_t now,
                         const IntakeInput& in, const std::string& reason) {
  if (!IsKind(in.kind)) return core::InvalidArgument("kind", "validation.invalid");
  if (!in.tracking_no.empty()) YB_RETURN_IF_ERROR(CheckTrackingNo(in.tracking_no));
  YB_RETURN_IF_ERROR(org::CheckSiteReference(tx, in.site_id));
  auto recipient = CheckRecipient(tx, in.recipient_staff_id, in.recipient_department_id);
  if (!recipient) return std::move(recipient).error();
  std::string photo_type;
  if (!in.photo.empty()) {
    auto limit = ImageLimit(tx);
    if (!limit) return std::move(limit).error();
    auto type = CheckImage(in.photo, /*png_only=*/false, *limit, "photo");
    if (!type) return std::move(type).error();
    photo_type = *type;
  }
  std::string subscription_title;
  if (in.subscription_id) {
    auto s = store::FindSubscription(tx, *in.subscription_id);
    if (!s) return std::move(s).error();
    if (!*s) return UnknownReference("subscription_id");
    subscription_title = (*s)->title;
  }
  Item m;
  m.site_id = in.site_id;
  m.kind = in.kind;
  m.status = ItemStatus::kReceived;
  m.carrier = in.carrier;
  m.tracking_no = in.tracking_no;
  m.tracking_key = TrackingKey(in.tracking_no);
  YB_RETURN_IF_ERROR(CheckDuplicate(tx, m.tracking_key, 0));
  m.sender = in.sender;
  m.recipient_staff_id = in.recipient_staff_id;
  m.recipient_department_id = in.recipient_department_id;
  m.recipient_name = *recipient;
  m.subscription_title = subscription_title;
  m.shelf = in.shelf;
  m.description = in.description;
  m.subscription_id = in.subscription_id;
  m.visit_id = in.visit_id;
  m.pickup_code = core::RandomDigits(6);
  m.received_at = m.created_at = m.updated_at = now;
  m.received_by = actor.user_id ? std::optional<int64_t>(actor.user_id) : std::nullopt;
  auto cal = org::SiteCalendar(tx, in.site_id);
  if (!cal) return std::move(cal).error();
  auto day = org::SiteDay(*cal, now);
  if (!day) return std::move(day).error();
  auto seq = db::NextCounter(tx, "mail:" + std::to_string(*day));
  if (!seq) return std::move(seq).error();
  m.number = ItemNumber(*day, *seq);
  // MAIL-1: an item waiting longer than M working days is overdue (a setting).
  auto overdue_days = org::GetSetting(tx, "mail.overdue_days");
  if (!overdue_days) return std::move(overdue_days).error();
  auto overdue_at = core::AddWorkingDays(*cal, now, static_cast<int>(*overdue_days));
  if (!overdue_at) return std::move(overdue_at).error();
  m.overdue_at = *overdue_at;
  auto id = store::InsertItem(tx, m, SearchDoc(m));
  if (!id) return DuplicateOr(std::move(id).error());
  if (!in.photo.empty())
    YB_RETURN_IF_ERROR(
        store::PutFile(tx, *id, "photo", File{photo_type, in.photo}, m.received_by, now));
  auto item = Reload(tx, *id);
  if (!item) return item;
  // MAIL-1: the recipient is told at once, then reminded until the item is collected.
  YB_RETURN_IF_ERROR(
      TellArrived(tx, now, *item, "mail.received",
                  std::string("您有") + KindLabel(item->kind) + "待领取：" + item->number));
  YB_RETURN_IF_ERROR(ScheduleReminder(tx, now, *item, now));
  YB_RETURN_IF_ERROR(ScheduleOverdue(tx, now, *item));
  YB_RETURN_IF_ERROR(Changed(tx, now, *item));
  YB_RETURN_IF_ERROR(AuditItem(tx, actor, now, "create", nullptr, &*item, reason));
  return item;
}

Result<Item> Receive(const Ctx& c, const IntakeInput& in) {
  if (!c.actor.Can("mail.write")) return core::Forbidden();
  return c.pool.Transaction<Item>(
      [&](db::Connection& tx) { return ReceiveInTx(tx, c.actor, c.now, in, c.reason); });
}

// ---------------------------------------------------------------- moves

Result<Item> Update(const Ctx& c, int64_t id, const ItemPatch& p) {
  if (p.kind && !IsKind(*p.kind)) return core::InvalidArgument("kind", "validation.invalid");
  if (p.tracking_no && !p.tracking_no->empty()) YB_RETURN_IF_ERROR(CheckTrackingNo(*p.tracking_no));
  if (p.recipient_staff_id && p.recipient_department_id)
    return core::InvalidArgument("recipient_department_id", "mail.one_recipient");
  return Transition(c, id, Action::kEdit, "update", [&](db::Connection& tx, Item& m) -> Status {
    if (p.kind) m.kind = *p.kind;
    if (p.carrier) m.carrier = *p.carrier;
    if (p.sender) m.sender = *p.sender;
    if (p.shelf) m.shelf = *p.shelf;
    if (p.description) m.description = *p.description;
    if (p.tracking_no) {
      m.tracking_no = *p.tracking_no;
      m.tracking_key = TrackingKey(m.tracking_no);
      YB_RETURN_IF_ERROR(CheckDuplicate(tx, m.tracking_key, m.id));
    }
    const bool new_recipient =
        (p.recipient_staff_id && p.recipient_staff_id != m.recipient_staff_id) ||
        (p.recipient_department_id && p.recipient_department_id != m.recipient_department_id);
    if (!new_recipient) return core::Ok();
    m.recipient_staff_id = p.recipient_staff_id;
    m.recipient_department_id = p.recipient_department_id;
    auto name = CheckRecipient(tx, m.recipient_staff_id, m.recipient_department_id);
    if (!name) return std::move(name).error();
    m.recipient_name = *name;
    if (m.recipient_staff_id) {
      auto s = org::FindStaffBrief(tx, *m.recipient_staff_id);
      if (!s) return std::move(s).error();
      m.recipient_user_id = (*s)->user_id;
    } else {
      m.recipient_user_id.reset();
    }
    // The first recipient knew the old code: the new one gets a code of their own, and the
    // reminders follow them.
    m.pickup_code = core::RandomDigits(6);
    YB_RETURN_IF_ERROR(
        TellArrived(tx, c.now, m, "mail.received",
                    std::string("您有") + KindLabel(m.kind) + "待领取：" + m.number));
    auto n = tasks::CancelFor(tx, kItemSubject, m.id, std::string_view(kTaskRemind), c.now);
    if (!n) return std::move(n).error();
    return ScheduleReminder(tx, c.now, m, c.now);
  });
}

Result<Item> PickUp(const Ctx& c, int64_t id, const PickupInput& in) {
  if (in.collector_name.empty())
    return core::InvalidArgument("collector_name", "validation.required");
  return Transition(c, id, Action::kPickUp, "pick_up", [&](db::Connection& tx, Item& m) -> Status {
    // MAIL-1: pickup is signed: the code the recipient was sent, or a signature.
    if (!in.pickup_code.empty()) {
      if (!core::ConstantTimeEquals(in.pickup_code, m.pickup_code))
        return core::InvalidArgument("pickup_code", "mail.wrong_code");
      m.pickup_proof = "code";
    } else if (in.signature_png.empty()) {
      return core::InvalidArgument("signature_png", "mail.proof_required");
    }
    if (!in.signature_png.empty()) {
      auto limit = ImageLimit(tx);
      if (!limit) return std::move(limit).error();
      auto type = CheckImage(in.signature_png, /*png_only=*/true, *limit, "signature_png");
      if (!type) return std::move(type).error();
      YB_RETURN_IF_ERROR(store::PutFile(
          tx, m.id, "signature", File{*type, in.signature_png},
          c.actor.user_id ? std::optional<int64_t>(c.actor.user_id) : std::nullopt, c.now));
      if (m.pickup_proof.empty()) m.pickup_proof = "signature";
    }
    m.collector_name = in.collector_name;
    m.proxy = IsProxyPickup(in.collector_name, m.recipient_name, !m.recipient_staff_id);
    m.picked_up_at = c.now;
    m.handed_out_by = c.actor.user_id ? std::optional<int64_t>(c.actor.user_id) : std::nullopt;
    YB_RETURN_IF_ERROR(CloseAllTasks(tx, c.actor.user_id, c.now, m.id));
    if (!m.proxy) return core::Ok();
    // Someone else collected it: the recipient learns who.
    return TellRecipient(
        tx, c.now, m, "mail.picked_up",
        std::string("您的") + KindLabel(m.kind) + "已由 " + m.collector_name + " 代领",
        "您的" + WhatLine(m) + "（编号 " + m.number + "）已由 " + m.collector_name +
            " 在前台代为领取。如有疑问请联系前台。");
  });
}

Result<Item> Return(const Ctx& c, int64_t id, const std::string& return_kind,
                    const std::string& reason) {
  if (return_kind != "to_sender" && return_kind != "refused")
    return core::InvalidArgument("return_kind", "validation.invalid");
  if (reason.empty()) return core::InvalidArgument("reason", "validation.required");
  return Transition(c, id, Action::kReturn, "return", [&](db::Connection& tx, Item& m) -> Status {
    m.returned_at = c.now;
    m.returned_by = c.actor.user_id ? std::optional<int64_t>(c.actor.user_id) : std::nullopt;
    m.return_kind = return_kind;
    m.return_reason = reason;
    YB_RETURN_IF_ERROR(CloseAllTasks(tx, c.actor.user_id, c.now, m.id));
    const std::string what = return_kind == "refused" ? "已拒收" : "已退回寄件人";
    return TellRecipient(
        tx, c.now, m, "mail.returned",
        std::string("您的") + KindLabel(m.kind) + what + "：" + m.number,
        "您的" + WhatLine(m) + "（编号 " + m.number + "）" + what + "。原因：" + reason);
  });
}

Result<Item> Remind(const Ctx& c, int64_t id) {
  return Transition(c, id, Action::kRemind, "remind", [&](db::Connection& tx, Item& m) -> Status {
    m.reminder_count += 1;
    m.last_reminded_at = c.now;
    YB_RETURN_IF_ERROR(
        TellArrived(tx, c.now, m, "mail.reminder",
                    std::string("提醒：您有") + KindLabel(m.kind) + "待领取：" + m.number));
    YB_RETURN_IF_ERROR(CloseReminders(tx, c.actor.user_id, c.now, m.id));
    return ScheduleReminder(tx, c.now, m, c.now);
  });
}

// ---------------------------------------------------------------- reading

Result<Access> AccessTo(db::Connection& c, const auth::Principal& p, const Item& m) {
  Access a;
  auto mine = IsRecipient(c, p, m);
  if (!mine) return std::move(mine).error();
  a.recipient = *mine;
  a.allowed = a.recipient || DeskInScope(p, m);
  return a;
}

Result<Item> GetItem(db::Pool& pool, const auth::Principal& p, int64_t id, bool* as_recipient) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto m = Required(store::FindItem(**lease, id));
  if (!m) return m;
  auto access = AccessTo(**lease, p, *m);
  if (!access) return std::move(access).error();
  if (!access->allowed) return core::Forbidden("mail.not_your_item");
  if (as_recipient) *as_recipient = access->recipient;
  return m;
}

Result<ItemPage> ListItems(db::Pool& pool, const auth::Principal& p, const ItemQuery& q,
                           int64_t now, int64_t limit, int64_t offset) {
  if (!p.Can("mail.read")) return core::Forbidden();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  std::vector<db::Value> params;
  std::string where = "1 = 1";
  auto add = [&](const std::string& cond, db::Value v) {
    params.push_back(std::move(v));
    where += " AND " + cond + "$" + std::to_string(params.size());
  };
  if (q.site_id) add("m.site_id = ", *q.site_id);
  if (q.status) add("m.status = ", std::string(StatusName(*q.status)));
  if (q.overdue) {
    where += " AND m.status = 'received'";
    add("m.overdue_at <= ", now);
  }
  if (q.recipient_staff_id) add("m.recipient_staff_id = ", *q.recipient_staff_id);
  if (q.subscription_id) add("m.subscription_id = ", *q.subscription_id);
  if (!q.q.empty()) {
    params.push_back(LikePattern(q.q));
    std::string cond = "m.search_doc LIKE $" + std::to_string(params.size()) + " ESCAPE '\\'";
    if (IsPickupCode(q.q)) {
      params.push_back(q.q);
      cond = "(" + cond + " OR (m.status = 'received' AND m.pickup_code = $" +
             std::to_string(params.size()) + "))";
    }
    where += " AND " + cond;
  }
  if (const std::string scope = ScopeCondition(p); !scope.empty()) where += " AND " + scope;
  auto total = store::CountItems(**lease, where, params);
  if (!total) return std::move(total).error();
  // The waiting shelf in arrival order (the longest waiting first); history newest first.
  const char* order =
      q.status == ItemStatus::kReceived || q.overdue
          ? "m.received_at, m.id"
          : "CASE WHEN m.status = 'received' THEN 0 ELSE 1 END, m.received_at DESC, m.id DESC";
  auto items = store::SelectItems(**lease, where, params, order, limit, offset);
  if (!items) return std::move(items).error();
  return ItemPage{std::move(*items), *total};
}

Result<MyMailView> MyMail(db::Pool& pool, const auth::Principal& p, int64_t now,
                          int64_t history_days) {
  if (p.user_id == 0) return MyMailView{};
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto staff = org::StaffIdsOfUser(**lease, p.user_id);
  if (!staff) return std::move(staff).error();
  auto depts = store::DepartmentsOfUser(**lease, p.user_id);
  if (!depts) return std::move(depts).error();
  if (staff->empty() && depts->empty()) return MyMailView{};
  std::vector<db::Value> params{now - history_days * kDay};
  auto list = [&](const std::vector<int64_t>& ids) {
    std::string out;
    for (int64_t id : ids) {
      params.push_back(id);
      out += (out.empty() ? "$" : ", $") + std::to_string(params.size());
    }
    return out;
  };
  std::string who;
  if (!staff->empty()) who = "m.recipient_staff_id IN (" + list(*staff) + ")";
  if (!depts->empty())
    who += (who.empty() ? "" : " OR ") + std::string("m.recipient_department_id IN (") +
           list(*depts) + ")";
  auto items = store::SelectItems(
      **lease,
      "(" + who + ") AND (m.status = 'received' OR COALESCE(m.picked_up_at, m.returned_at) >= $1)",
      params, "CASE WHEN m.status = 'received' THEN 0 ELSE 1 END, m.received_at DESC, m.id DESC",
      100, 0);
  if (!items) return std::move(items).error();
  return MyMailView{std::move(*items), true};
}

Result<File> GetFile(db::Pool& pool, const auth::Principal& p, int64_t id,
                     const std::string& kind) {
  auto item = GetItem(pool, p, id, nullptr);
  if (!item) return std::move(item).error();
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto f = store::GetFile(**lease, id, kind);
  if (!f) return std::move(f).error();
  if (!*f) return core::NotFound();
  return std::move(**f);
}

Result<std::vector<std::string>> Carriers(db::Pool& pool, int64_t site_id) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto recent = store::RecentCarriers(**lease, site_id, 10);
  if (!recent) return std::move(recent).error();
  std::vector<std::string> out = std::move(*recent);
  for (const auto& c : BuiltinCarriers())
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

// ---------------------------------------------------------------- subscriptions

Result<std::vector<SubscriptionView>> ListSubscriptions(db::Pool& pool, const SubscriptionQuery& q,
                                                        int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  std::vector<db::Value> params;
  std::string where = "1 = 1";
  if (q.site_id) {
    params.push_back(*q.site_id);
    where += " AND b.site_id = $1";
  }
  auto rows = store::SelectSubscriptions(**lease, where, params);
  if (!rows) return std::move(rows).error();
  const std::string needle = core::FoldScript(q.q);
  std::map<int64_t, int32_t> today;
  std::vector<SubscriptionView> out;
  for (auto& s : *rows) {
    if (!needle.empty() &&
        core::FoldScript(s.title + " " + s.publisher + " " + s.recipient_name).find(needle) ==
            std::string::npos)
      continue;
    auto v = ViewOf(**lease, std::move(s), now, &today);
    if (!v) return std::move(v).error();
    if (q.state && v->state != *q.state) continue;
    out.push_back(std::move(*v));
  }
  return out;
}

Result<SubscriptionView> GetSubscription(db::Pool& pool, int64_t id, int64_t now) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto s = store::FindSubscription(**lease, id);
  if (!s) return std::move(s).error();
  if (!*s) return core::NotFound();
  return ViewOf(**lease, std::move(**s), now, nullptr);
}

Result<SubscriptionView> PutSubscription(const Ctx& c, std::optional<int64_t> id,
                                         const Subscription& in) {
  if (!c.actor.Can("mail.subscriptions")) return core::Forbidden();
  if (!IsSubscriptionKind(in.kind)) return core::InvalidArgument("kind", "validation.invalid");
  if (in.period_end < in.period_start)
    return core::InvalidArgument("period_end", "mail.period_order");
  if (in.renewal_date > in.period_end)
    return core::InvalidArgument("renewal_date", "mail.renewal_after_end");
  return c.pool.Transaction<SubscriptionView>([&](db::Connection& tx) -> Result<SubscriptionView> {
    YB_RETURN_IF_ERROR(org::CheckSiteReference(tx, in.site_id));
    auto name = CheckRecipient(tx, in.recipient_staff_id, in.recipient_department_id);
    if (!name) return std::move(name).error();
    Subscription s = in;
    s.updated_at = c.now;
    std::optional<SubscriptionView> before;
    if (id) {
      auto found = store::FindSubscription(tx, *id);
      if (!found) return std::move(found).error();
      if (!*found) return core::NotFound();
      auto v = ViewOf(tx, **found, c.now, nullptr);
      if (!v) return std::move(v).error();
      before = std::move(*v);
      s.id = *id;
      s.created_at = before->s.created_at;
      s.created_by = before->s.created_by;
      YB_RETURN_IF_ERROR(store::UpdateSubscription(tx, s));
    } else {
      s.created_at = c.now;
      s.created_by = c.actor.user_id ? std::optional<int64_t>(c.actor.user_id) : std::nullopt;
      auto new_id = store::InsertSubscription(tx, s);
      if (!new_id) return std::move(new_id).error();
      s.id = *new_id;
    }
    // MAIL-2: the desk is reminded N days before the renewal date.
    YB_RETURN_IF_ERROR(ScheduleRenewal(tx, c.now, s));
    auto saved = store::FindSubscription(tx, s.id);
    if (!saved) return std::move(saved).error();
    auto after = ViewOf(tx, std::move(**saved), c.now, nullptr);
    if (!after) return std::move(after).error();
    YB_RETURN_IF_ERROR(audit::Record(tx, c.actor, c.now,
                                     {before ? "update" : "create", "mail_subscription", s.id,
                                      before ? SubscriptionJson(*before).dump() : "",
                                      SubscriptionJson(*after).dump(), c.reason}));
    return after;
  });
}

Status DeleteSubscription(const Ctx& c, int64_t id) {
  if (!c.actor.Can("mail.subscriptions")) return core::Forbidden();
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = store::FindSubscription(tx, id);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    // Logged issues refer to it (the history of MAIL-2 deliveries): switch it off instead.
    if ((*found)->delivered_count > 0) return core::Conflict("error.in_use");
    auto v = ViewOf(tx, **found, c.now, nullptr);
    if (!v) return std::move(v).error();
    auto n = tasks::CancelFor(tx, kSubscriptionSubject, id, std::nullopt, c.now);
    if (!n) return std::move(n).error();
    YB_RETURN_IF_ERROR(store::DeleteSubscription(tx, id));
    return audit::Record(
        tx, c.actor, c.now,
        {"delete", "mail_subscription", id, SubscriptionJson(*v).dump(), "", c.reason});
  });
}

Result<Item> DeliverIssue(const Ctx& c, int64_t subscription_id, const std::string& issue,
                          const std::string& shelf) {
  if (!c.actor.Can("mail.write")) return core::Forbidden();
  return c.pool.Transaction<Item>([&](db::Connection& tx) -> Result<Item> {
    auto found = store::FindSubscription(tx, subscription_id);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    const Subscription& s = **found;
    if (!s.active) return core::Conflict("mail.subscription_inactive");
    IntakeInput in;
    in.site_id = s.site_id;
    in.kind = s.kind;
    in.sender = s.publisher;
    in.recipient_staff_id = s.recipient_staff_id;
    in.recipient_department_id = s.recipient_department_id;
    in.subscription_id = s.id;
    in.shelf = shelf;
    in.description = issue;
    if (s.copies > 1)
      in.description += (issue.empty() ? "" : " ") + std::string("×") + std::to_string(s.copies);
    return ReceiveInTx(tx, c.actor, c.now, in, c.reason);
  });
}

// ---------------------------------------------------------------- timed duties

void RegisterTaskHandlers(tasks::Scheduler& scheduler) {
  // MAIL-1: every N desk hours the recipient is told again, until the item is collected.
  scheduler.On(kTaskRemind, [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto found = store::FindItem(tx, t.subject_id);
    if (!found) return std::move(found).error();
    if (!*found || (*found)->status != ItemStatus::kReceived) return core::Ok();
    Item m = **found;
    m.reminder_count += 1;
    m.last_reminded_at = now;
    m.updated_at = now;
    YB_RETURN_IF_ERROR(store::UpdateItem(tx, m, SearchDoc(m)));
    YB_RETURN_IF_ERROR(
        TellArrived(tx, now, m, "mail.reminder",
                    std::string("提醒：您有") + KindLabel(m.kind) + "待领取：" + m.number));
    YB_RETURN_IF_ERROR(CloseReminders(tx, 0, now, m.id));
    YB_RETURN_IF_ERROR(ScheduleReminder(tx, now, m, now));
    return Changed(tx, now, m);
  });

  // MAIL-1: M working days and still here: the item is on the desk's overdue list; the
  // clerk who logged it and the recipient are told.
  scheduler.On(kTaskOverdue, [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto found = store::FindItem(tx, t.subject_id);
    if (!found) return std::move(found).error();
    if (!*found || (*found)->status != ItemStatus::kReceived) return core::Ok();
    const Item& m = **found;
    YB_RETURN_IF_ERROR(TellDesk(
        tx, now, m, "mail.overdue", "超期未取：" + m.number + " " + m.recipient_name,
        WhatLine(m) + " 至今未领取。请联系收件人" + m.recipient_name + "，或按规定退回寄件人。"));
    return TellArrived(tx, now, m, "mail.overdue",
                       std::string("您的") + KindLabel(m.kind) + "已超期未取：" + m.number);
  });

  // MAIL-2: the next period must be ordered: the desk keepers are told.
  scheduler.On(kTaskRenewal, [](db::Connection& tx, const tasks::Task& t, int64_t now) -> Status {
    auto found = store::FindSubscription(tx, t.subject_id);
    if (!found) return std::move(found).error();
    if (!*found || !(*found)->active) return core::Ok();
    const Subscription& s = **found;
    auto users = auth::UsersWithPermission(tx, "mail.subscriptions");
    if (!users) return std::move(users).error();
    notify::Message msg;
    msg.topic = "mail.renewal_due";
    msg.subject = "报刊待续订：《" + s.title + "》";
    msg.body = "《" + s.title + "》（" + s.recipient_name + "，" + std::to_string(s.copies) +
               " 份）的订阅期至 " + core::FormatDateNumber(s.period_end) + "，请于 " +
               core::FormatDateNumber(s.renewal_date) + " 前办理续订（MAIL-2）。";
    msg.link = "/mail/subscriptions";
    msg.payload_json =
        api::Json({{"subscription_id", s.id}, {"site_id", s.site_id}, {"title", s.title}}).dump();
    msg.user_ids = std::move(*users);
    msg.live_site_ids = {s.site_id};
    return notify::Send(tx, now, msg);
  });
}

}  // namespace yingbin::mail
