#pragma once
// The rules of complaint tickets (DOMAIN.md CMP-4, CMP-5, CMP-11, GEN-6) as pure functions:
// the state machine with its table of allowed moves and who may make them, the human
// ticket number, the escalation ladder's next step, and least-loaded assignment. No
// database, no HTTP, no clock; unit-tested in rules_test.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "complaints/model.hpp"
#include "core/result.hpp"

namespace yingbin::complaints {

const char* StatusName(TicketStatus s);  // "received", ..., "archived"
std::optional<TicketStatus> ParseStatus(std::string_view s);
bool IsOpen(TicketStatus s);  // everything but archived

bool IsChannel(std::string_view c);
bool IsSeverity(std::string_view s);
bool IsClockKind(std::string_view k);
const char* UnitName(LimitUnit u);  // "working_days", "working_hours", "hours"
std::optional<LimitUnit> ParseUnit(std::string_view s);

// What can be done to a ticket. Some actions move it to another state; the others
// (transfer, escalate, pause, resume, note, contact, agree_deadline, return_notice, claim)
// keep its state but are allowed only in some states. The table is rules.cpp's kMoves.
enum class Action {
  kClaim,                // GEN-6: a clerk takes a web or e-mail ticket: they become its owner
  kClassify,             // received → classified (type, cause class, severity; routes, CMP-2/3)
  kDispatch,             // classified → dispatched (assignee chosen, notice sent, CMP-4)
  kAcknowledge,          // dispatched → in progress (the department acknowledges the notice)
  kReturnNotice,         // the department returns the notice with cause, fix, responsible
  kResolve,              // in progress → resolved (the callback clock starts, CMP-6)
  kReview,               // resolved → reviewed (review gate: the notice is back and complete)
  kRejectReview,         // resolved → in progress
  kReport,               // reviewed → reported (the result told to the customer)
  kCallbackSatisfied,    // reported → called back
  kCallbackUnsatisfied,  // reported → in progress (reopened, CMP-6)
  kCallbackAccepted,     // reported → called back though unsatisfied: the review accepts it
  kArchive,              // called back → archived (the owner signs off, GEN-6)
  kTransfer,             // another handler in the same department; the owner stays (GEN-6)
  kRedirect,             // another department: its notice goes out anew (back to dispatched)
  kEscalate,             // up the ladder (CMP-5, CMP-11)
  kPause,                // waiting on the customer: clocks stop
  kResume,
  kNote,
  kContact,        // the customer was contacted / told of progress (CMP-13)
  kAgreeDeadline,  // CMP-5: a deadline agreed with the customer
};
const char* ActionName(Action a);  // "classify", "callback_unsatisfied", ...

// Who acts, as far as the table cares.
struct Actor {
  bool owner = false;     // the ticket's first-contact owner (GEN-6)
  bool assignee = false;  // its current handler
  bool writer = false;    // complaints.write, the ticket inside their department scope
  bool reviewer = false;  // complaints.review
};

// The state `action` leads to from `from` (the same state for actions that keep it).
// Errors: kConflict complaints.illegal_transition with {state} and {action} when the
// table has no such move (the caller changes nothing).
core::Result<TicketStatus> Next(TicketStatus from, Action action);

// Whether `actor` may make `action` (the table's "who" column):
//   claim, classify, dispatch                 writer or owner
//   acknowledge, return_notice, resolve       assignee or writer
//   review, reject_review, callback_accepted  reviewer
//   report, callback_satisfied/unsatisfied, contact, note, pause, resume,
//   agree_deadline, transfer, redirect, escalate
//                                             owner, assignee or writer
//   archive                                   owner, or a reviewer (the GM office) instead
bool MayAct(Action action, const Actor& actor);

// Whether an action needs the ticket running (not paused): every move to another state
// does; so do pause and claim. Resume needs it paused.
bool NeedsRunning(Action action);

// The actions offered to `actor` on a ticket in `status` (paused or not), in the order
// the page shows them.
std::vector<Action> AllowedActions(TicketStatus status, bool paused, const Actor& actor);

// "TS20261122-0007": the prefix (a setting), the site-local day, the day's sequence.
std::string TicketNumber(std::string_view prefix, int32_t day, int64_t seq);

// What a ticket search's text (the list's q) is, read as a clerk types what a customer says:
//   kNumber       a whole ticket number, "TS20261122-0007", "ts20261122-7" or, without the
//                 letters, "20261122-0007" (then with `number_prefix`): value is the number;
//   kNumberPrefix the letters and the day, "TS20261122": value is that prefix;
//   kPhone        digits (spaces, '+', '-', brackets allowed), 7 or more: value is the
//                 normalised number;
//   kPhoneTail    4 to 6 digits: value is the last four (the stored tail);
//   kWords        anything else: part of a customer's name or organisation.
struct TicketSearch {
  enum class Kind { kNumber, kNumberPrefix, kPhone, kPhoneTail, kWords };
  Kind kind = Kind::kWords;
  std::string value;
};
TicketSearch ParseTicketSearch(std::string_view q, std::string_view number_prefix);

// --- CMP-5 / CMP-11: the escalation ladder ---
// Step 0 the handler, 1 the department's supervisor (its head when none is set), 2 the
// department head, 3 the GM office.
struct LadderPeople {
  std::optional<int64_t> supervisor, head, gm;
};
struct LadderStep {
  int step = 0;
  int64_t user_id = 0;
};
// The next rung above `current_step` that has someone who is not already the assignee;
// nullopt at the top (nobody higher to go to).
std::optional<LadderStep> NextStep(int current_step, std::optional<int64_t> current_assignee,
                                   const LadderPeople& people);

// --- CMP-3: assignment inside the department ---
struct Candidate {
  int64_t user_id = 0;
  int64_t open_tickets = 0;  // tickets they handle now (dispatched or in progress)
  bool on_duty = true;       // not absent (roster absences) at the time of dispatch
};
// The least-loaded member on duty: fewest open tickets, then lowest user id; nullopt when
// nobody is on duty.
std::optional<int64_t> PickLeastLoaded(const std::vector<Candidate>& members);

// CMP-6: the review gate: the notice came back with cause, fix and the person responsible.
// Errors: kConflict complaints.notice_not_returned; kConflict complaints.notice_incomplete
// on "cause", "fix" or "responsible_person" for a blank one.
core::Status CheckNoticeComplete(const std::optional<Notice>& notice);

}  // namespace yingbin::complaints
