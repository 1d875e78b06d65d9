#pragma once
// The mail desk's rules with the database (DOMAIN.md MAIL-1, MAIL-2; VIS-10 couriers).
// Every write runs in one transaction with its audit row, its tasks (reminders, the overdue
// mark, the renewal notice) and its messages (notify::Enqueue), so a committed change
// always has its side effects and a rejected one has none. Callers then Kick() the
// scheduler and the notify worker. Thread-safe (no state of its own).
//
// Who may do what:
//   mail.read            the desk's lists of every item (department-scoped readers: the
//                        items of their departments' staff and departments only)
//   mail.write           intake, corrections, pickup, return, reminders, logging an issue
//   mail.subscriptions   keeping the subscriptions (MAIL-2)
//   the recipient        (a user linked to the recipient staff record, or to a staff record
//                        of the recipient department) sees their own items, with the pickup
//                        code, without any permission.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "mail/model.hpp"
#include "mail/rules.hpp"
#include "tasks/scheduler.hpp"

namespace yingbin::mail {

using core::Result;
using core::Status;

// Who acts, when, why.
struct Ctx {
  db::Pool& pool;
  const auth::Principal& actor;
  int64_t now = 0;
  std::string reason;
};

// MAIL-1: what the desk logs on receipt.
struct IntakeInput {
  int64_t site_id = 0;
  std::string kind = "package";
  std::string carrier, tracking_no, sender, shelf, description;
  // Exactly one of the two.
  std::optional<int64_t> recipient_staff_id, recipient_department_id;
  std::string photo;                       // the image's bytes; "" = none
  std::optional<int64_t> subscription_id;  // MAIL-2: a delivered issue
  std::optional<int64_t> visit_id;         // VIS-10: the courier's visit
};
// Logs an item, tells the recipient at once (in-app, live, e-mail by their preference) with
// the pickup code, and starts the reminders and the overdue clock.
// Errors: kInvalidArgument naming the field (kind, tracking_no "mail.tracking_no",
// recipient_staff_id validation.required when neither recipient is given,
// recipient_department_id "mail.one_recipient" when both, validation.unknown_reference for
// site, staff, department; photo "mail.image_type" / "mail.image_too_large");
// kConflict "mail.duplicate_tracking" on tracking_no with {number} when an item with the
// same tracking number is still waiting.
Result<Item> Receive(const Ctx& c, const IntakeInput& in);
// The same inside the caller's open transaction (VIS-10: the courier's visit and the mail
// item it brought commit together). REQUIRES: tx is inside Begin()..Commit().
Result<Item> ReceiveInTx(db::Connection& tx, const auth::Principal& actor, int64_t now,
                         const IntakeInput& in, const std::string& reason);

// Corrections while the item waits (an absent field stays as it is). A new recipient is
// told at once and the reminders follow them. Errors as Receive; kConflict
// "mail.already_picked_up" / "mail.already_returned" on status after the item left.
struct ItemPatch {
  std::optional<std::string> kind, carrier, tracking_no, sender, shelf, description;
  std::optional<int64_t> recipient_staff_id, recipient_department_id;  // one replaces the other
};
Result<Item> Update(const Ctx& c, int64_t id, const ItemPatch& p);

// MAIL-1 pickup, signed: the collector's name (required) and either the pickup code the
// recipient was sent or a signature drawn on the screen (a PNG). Someone other than the
// recipient may collect (proxy pickup, recorded; the recipient is told).
// Errors: kInvalidArgument on collector_name (validation.required), pickup_code
// ("mail.wrong_code"), signature_png ("mail.proof_required" when neither is given,
// "mail.image_type", "mail.image_too_large"); kConflict "mail.already_picked_up" /
// "mail.already_returned" on status: nothing changes.
struct PickupInput {
  std::string collector_name;
  std::string pickup_code;
  std::string signature_png;  // bytes; "" = none
};
Result<Item> PickUp(const Ctx& c, int64_t id, const PickupInput& in);

// MAIL-1: back to the sender or refused, with a reason (required).
// Errors: kInvalidArgument on return_kind / reason; kConflict as PickUp.
Result<Item> Return(const Ctx& c, int64_t id, const std::string& return_kind,
                    const std::string& reason);

// Tells the recipient again now (the desk's "remind" button); the next automatic
// reminder counts from now. Errors: kConflict as PickUp.
Result<Item> Remind(const Ctx& c, int64_t id);

// --- reading ---

// Whether `p` may see the item, and whether as its recipient (who is shown the code).
struct Access {
  bool allowed = false;
  bool recipient = false;
};
Result<Access> AccessTo(db::Connection& c, const auth::Principal& p, const Item& m);

// One item for the desk (mail.read, in scope) or its recipient. Errors: kNotFound;
// kForbidden "mail.not_your_item".
Result<Item> GetItem(db::Pool& pool, const auth::Principal& p, int64_t id, bool* as_recipient);

struct ItemQuery {
  std::optional<int64_t> site_id;
  std::optional<ItemStatus> status;
  bool overdue = false;  // waiting past their overdue time (the desk's overdue list)
  std::optional<int64_t> recipient_staff_id, subscription_id;
  // Any part of the recipient's or sender's name, pinyin initials of the recipient, the
  // carrier, the item number, the tracking number; a 6-digit text also finds the waiting
  // item with that pickup code.
  std::string q;
};
struct ItemPage {
  std::vector<Item> items;
  int64_t total = 0;
};
// The desk's list: waiting items oldest first, the others newest first.
Result<ItemPage> ListItems(db::Pool& pool, const auth::Principal& p, const ItemQuery& q,
                           int64_t now, int64_t limit, int64_t offset);

// "My mail": the caller's waiting items (own and their departments'), then the last ones
// collected or returned (`history_days`). `linked` is false for an account without a staff
// record (nothing can be addressed to it).
struct MyMailView {
  std::vector<Item> items;
  bool linked = false;
};
Result<MyMailView> MyMail(db::Pool& pool, const auth::Principal& p, int64_t now,
                          int64_t history_days);

// The intake photo or the pickup signature, for whoever may see the item.
// Errors: kNotFound (no such item or no such file), kForbidden as GetItem.
Result<File> GetFile(db::Pool& pool, const auth::Principal& p, int64_t id, const std::string& kind);

// Carrier suggestions for a site: the ones it used most, then the common Chinese carriers.
Result<std::vector<std::string>> Carriers(db::Pool& pool, int64_t site_id);

// --- subscriptions (MAIL-2) ---

struct SubscriptionView {
  Subscription s;
  SubscriptionState state = SubscriptionState::kActive;
  int32_t renewal_notice_date = 0;  // local YYYYMMDD from which it shows "renewal due"
};
struct SubscriptionQuery {
  std::optional<int64_t> site_id;
  std::optional<SubscriptionState> state;
  std::string q;  // any part of the title, publisher or recipient
};
Result<std::vector<SubscriptionView>> ListSubscriptions(db::Pool& pool, const SubscriptionQuery& q,
                                                        int64_t now);
Result<SubscriptionView> GetSubscription(db::Pool& pool, int64_t id, int64_t now);
// Creates (no id) or replaces one; the desk is reminded `mail.renewal_notice_days` before
// the renewal date. Errors: kInvalidArgument naming the field (kind, copies, price_fen,
// period_end "mail.period_order", renewal_date "mail.renewal_after_end", recipients as
// Receive, unknown references); kNotFound for an unknown id.
Result<SubscriptionView> PutSubscription(const Ctx& c, std::optional<int64_t> id,
                                         const Subscription& in);
// Errors: kNotFound; kConflict error.in_use once issues were logged (switch it off instead).
Status DeleteSubscription(const Ctx& c, int64_t id);
// One click for a delivered issue: a mail item of the subscription's kind for its recipient.
// Errors: kNotFound; kConflict "mail.subscription_inactive" for a switched-off one.
Result<Item> DeliverIssue(const Ctx& c, int64_t subscription_id, const std::string& issue,
                          const std::string& shelf);

// Registers the handlers of the mail tasks (reminders, overdue, renewal notice).
void RegisterTaskHandlers(tasks::Scheduler& scheduler);

}  // namespace yingbin::mail
