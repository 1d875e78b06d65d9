#pragma once
// The phone desk's rules with the database (DOMAIN.md TEL-1..TEL-5, DATA-2, DATA-3).
// Every write runs in one transaction with its audit row, its tasks (tasks::Create) and
// its messages (notify::Enqueue), so a committed change always has its side effects and
// an uncommitted one has none. Callers then Kick() the scheduler and the notify worker.
//
// Who may see what:
//   - the desk (calls.read) sees the call log and the open messages; a department-scoped
//     reader (a department head) only those concerning their departments;
//   - a message's recipients need no permission: for a staff member the users linked to
//     that staff record; for a department its head and its active members (staff records
//     in the department itself, not below it). They see, call back and handle it;
//   - the desk (calls.write) may mark a message handled on a recipient's behalf (someone
//     without an account, told by phone), with a note saying how.
// Thread-safe (no state of its own).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "calls/model.hpp"
#include "core/field_crypto.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "tasks/scheduler.hpp"

namespace yingbin::calls {

using core::Result;
using core::Status;

// Who acts, when, why, with what. `cipher` encrypts callers' phone numbers (DATA-2).
struct Ctx {
  db::Pool& pool;
  const auth::Principal& actor;
  int64_t now = 0;
  const core::FieldCipher& cipher;
  std::string reason;
};

// --- logging a call (TEL-2) ---
struct CallInput {
  int64_t site_id = 0;
  std::optional<int64_t> called_at;  // default: now
  std::optional<int64_t> caller_id;  // a returning caller picked from the autocomplete
  std::string caller_name, organisation, phone, matter;
  std::optional<int64_t> for_staff_id, for_department_id;
  std::string outcome;
  std::string message;                  // message_taken: what to pass on
  std::optional<int64_t> knowledge_id;  // answered: the entry the answer came from
  std::string note;
  bool late_answer = false;  // TEL-1: answered after the ring limit (began with the apology)
};
struct Logged {
  Call call;
  std::optional<Message> message;
  // TEL-6: the complaint ticket a call with the outcome "complaint" became.
  std::optional<int64_t> complaint_id;
  std::string complaint_number;
};
// Logs a call; message_taken also creates the message, tells its recipients at once
// (in-app, live, e-mail by preference, webhook topic "call.message") and schedules the
// first reminder. TEL-6: "complaint" registers a complaint ticket (channel phone, the
// caller as the customer, the matter as its description, the desk clerk its first-contact
// owner) in the same transaction, linked to the call. Errors: the rules of CheckCall
// (rules.hpp), the ticket's (complaints::IntakeInTransaction); validation.unknown_reference
// for site_id, caller_id, for_staff_id (also an inactive one), for_department_id,
// knowledge_id; calls.called_at_future; validation.phone.
Result<Logged> LogCall(const Ctx& c, const CallInput& in);

// --- reading the log ---
struct CallQuery {
  std::optional<int64_t> site_id;
  std::optional<int32_t> day_from, day_to;  // local YYYYMMDD
  std::optional<std::string> outcome;
  std::optional<int64_t> for_staff_id, for_department_id;
  std::string q;  // caller, organisation or matter: any part, script-insensitive, initials
};
struct CallPage {
  std::vector<Call> items;
  int64_t total = 0;
};
// Newest first. Department scope applies.
Result<CallPage> ListCalls(db::Pool& pool, const auth::Principal& p, const CallQuery& q,
                           int64_t limit, int64_t offset);
// kForbidden error.out_of_scope outside a scoped reader's departments.
Result<Call> GetCall(db::Pool& pool, const auth::Principal& p, int64_t id);
// DATA-2: the clear phone of a call for holders of sensitive.reveal, audited with the
// reason (required). kNotFound when the call has none.
Result<std::string> RevealPhone(const Ctx& c, int64_t call_id);

// Returning callers for the desk's autocomplete: by a full phone number (its blind
// index), by the last four digits (4-6 digits typed), or by any part of the name or
// organisation. Masked phones only.
Result<std::vector<Caller>> FindCallers(db::Pool& pool, const core::FieldCipher& cipher,
                                        const std::string& q, int64_t limit);

// --- messages (TEL-2, TEL-3) ---
// The desk's list: open messages (of one site when given), oldest first. Scope applies.
Result<std::vector<Message>> OpenMessages(db::Pool& pool, const auth::Principal& p,
                                          std::optional<int64_t> site_id);
// The signed-in user's messages: open ones oldest first, or handled ones newest first.
Result<std::vector<Message>> MyMessages(db::Pool& pool, const auth::Principal& p, bool handled);
// Whether the user has a staff record (without one, no message can be for them).
Result<bool> HasStaffRecord(db::Pool& pool, const auth::Principal& p);
// A recipient, or a holder of calls.read in scope. kForbidden calls.not_your_message.
Result<Message> GetMessage(db::Pool& pool, const auth::Principal& p, int64_t id);
// open -> handled with an optional reply note (the clerk who took the message is told
// when there is one). Errors: kConflict calls.message_handled when it is handled already
// (nothing changes); kForbidden calls.not_your_message for anyone else but the desk;
// calls.note_required (on "note") when the desk marks it for someone else.
Result<Message> HandleMessage(const Ctx& c, int64_t id, const std::string& note);
// The caller's clear number for calling back, for a recipient (or a holder of
// sensitive.reveal); every reveal is audited. kNotFound when no number was given.
Result<std::string> CallbackNumber(const Ctx& c, int64_t id);

// --- the knowledge panel (TEL-5) ---
Result<std::vector<KnowledgeEntry>> SearchKnowledge(db::Pool& pool, const std::string& q,
                                                    std::optional<int64_t> site_id,
                                                    bool include_inactive);
// Create (no id) or replace. Errors: validation.* on question/answer/tags;
// validation.unknown_reference on site_id; kNotFound.
Result<KnowledgeEntry> PutKnowledge(const Ctx& c, std::optional<int64_t> id,
                                    const KnowledgeEntry& e);
// kConflict error.in_use when calls were answered from it (deactivate it instead).
Status DeleteKnowledge(const Ctx& c, int64_t id);

// The extension directory (TEL-5): staff by name, pinyin initials, extension or
// department; departments by name. Phones as the staff list shows them: in clear for
// holders of org.read, masked otherwise. Department scope applies to staff.
struct Directory {
  std::vector<DirectoryEntry> staff;
  std::vector<DepartmentBrief> departments;
};
Result<Directory> SearchDirectory(db::Pool& pool, const auth::Principal& p, const std::string& q,
                                  int64_t limit);

// At start: search documents of knowledge entries that have none (the seeded ones).
Status PrepareSearch(db::Pool& pool);

// Registers the reminder of open messages (TEL-2: every calls.message_remind_minutes of
// desk time while open).
void RegisterTaskHandlers(tasks::Scheduler& scheduler);

}  // namespace yingbin::calls
