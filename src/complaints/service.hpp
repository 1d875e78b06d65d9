#pragma once
// Complaint tickets with the database (DOMAIN.md CMP-1..6, CMP-11, CMP-13, GEN-6, TEL-6).
// Every write runs in one transaction with its timeline event, its audit row, its clock
// tasks (tasks::Create: warnings and breaches fire on the scheduler, so they follow the
// test clock) and its messages (notify::Send), so a committed change always has its side
// effects and a refused one has none. Callers then Kick() the scheduler and the worker.
//
// Who may see what:
//   - complaints.read: every ticket in the reader's department scope (a department head:
//     the tickets of their departments; tickets not yet routed are everyone's);
//   - without it, a user sees the tickets they own (GEN-6 first contact) or handle;
//   - the actions on a ticket follow rules.hpp (MayAct): writer = complaints.write in
//     scope, reviewer = complaints.review in scope, owner, assignee.
// Thread-safe (no state of its own).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "complaints/model.hpp"
#include "complaints/rules.hpp"
#include "core/field_crypto.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "tasks/scheduler.hpp"

namespace yingbin::complaints {

using core::Result;

// Who acts, when, why, with what. `cipher` encrypts customers' phone numbers (DATA-2).
struct Ctx {
  db::Pool& pool;
  const auth::Principal& actor;
  int64_t now = 0;
  const core::FieldCipher& cipher;
  std::string reason;
};

// --- intake (CMP-1) ---
struct IntakeInput {
  int64_t site_id = 0;
  std::string channel;             // onsite | phone | email | web
  std::string type = "complaint";  // a complaint_types code
  std::string customer_name, organisation, phone, email;
  std::string subject, description, customer_request;
  std::string severity = "normal";
  bool agitated = false;                   // CMP-5: an agitated customer on site
  std::optional<std::string> cause_class;  // staff may classify at once (CMP-2)
  std::optional<int64_t> department_id;    // ... and route by hand instead of the matrix
  bool dispatch_now = false;               // ... and dispatch at once (CMP-4)
  std::optional<int64_t> agreed_deadline;  // CMP-5
  std::optional<int64_t> call_id;          // TEL-6: the call it came from
};

// A staff member registers a ticket (on site, by phone, or a letter/e-mail by hand): they
// own it (GEN-6). Starts the first-contact and answer clocks of its type. With a cause
// class it is classified (and routed) at once; with dispatch_now also dispatched.
// Errors: validation.* on the fields (customer_name, description required;
// validation.one_of on channel, severity; validation.unknown_reference on site_id, type,
// cause_class, department_id); validation.phone; complaints.unrouted (409) when
// dispatch_now finds no department; as Act(kDispatch). Answers the new ticket's id.
Result<int64_t> Intake(const Ctx& c, const IntakeInput& in);
// The same inside the caller's transaction (TEL-6: the phone desk's call and its ticket
// commit together). Answers the ticket's id.
Result<int64_t> IntakeInTransaction(db::Connection& tx, const auth::Principal& actor, int64_t now,
                                    const core::FieldCipher& cipher, const IntakeInput& in);

// The public web form (/complain, no sign-in): the ticket has no owner until a clerk
// claims or classifies it (GEN-6); every holder of complaints.write is told. Only types
// offered on the public form. Errors as Intake, plus validation.required on "phone" when
// neither phone nor e-mail is given (the customer must be reachable).
Result<Ticket> PublicIntake(db::Pool& pool, const core::FieldCipher& cipher, int64_t now,
                            const IntakeInput& in);

// E-mail in (a mail gateway posts {from, subject, text} with an API token): the sender
// "Name <addr>" is parsed, the customer found by address or created. Errors:
// validation.email on "from"; validation.required on "text".
Result<Ticket> InboundEmail(const Ctx& c, int64_t site_id, const std::string& from,
                            const std::string& subject, const std::string& text);

// The first site (lowest id): where web and e-mail tickets go when none is named.
// Errors: validation.required on "site_id" when there is no site at all.
Result<int64_t> DefaultSite(db::Pool& pool);

// "张三 <zhang@example.com>" -> {"张三", "zhang@example.com"}; a bare address gives its
// local part as the name. Address lower-cased; "" when there is none.
struct Sender {
  std::string name, email;
};
Sender ParseSender(const std::string& from);

// --- reading ---
struct TicketQuery {
  std::optional<std::string> status;  // a state, or "open" (every state but archived)
  std::optional<std::string> type;
  std::optional<int64_t> department_id, site_id, customer_id, assignee_user_id;
  bool overdue = false;   // a running clock past due
  bool mine = false;      // owned or handled by the caller
  bool unrouted = false;  // no department yet
  std::string number;     // exact human number
  std::string q;          // number, phone or customer's words (complaints/search.hpp)
};
struct TicketPage {
  std::vector<Ticket> items;
  int64_t total = 0;
  bool total_capped = false;  // a search's total stops at db::kSearchCountCap: "at least"
};
// Newest first; with department_id (the department's open list), soonest due first.
Result<TicketPage> ListTickets(db::Pool& pool, const core::FieldCipher& cipher,
                               const auth::Principal& p, const TicketQuery& q, int64_t limit,
                               int64_t offset, int64_t now);

struct TicketView {
  Ticket ticket;
  std::vector<Event> events;
  std::vector<Clock> clocks;
  std::vector<Notice> notices;  // by round; the last is the current one
  std::vector<Action> actions;  // what the caller may do now
  bool unrouted = false;        // classified without a department
};
// kNotFound; kForbidden error.out_of_scope when the caller may not see it.
Result<TicketView> GetTicket(db::Pool& pool, const auth::Principal& p, int64_t id, int64_t now);

// The overdue dashboard: running clocks past due, soonest first (scope applies).
Result<std::vector<OverdueClock>> Overdue(db::Pool& pool, const auth::Principal& p,
                                          std::optional<int64_t> department_id, int64_t now,
                                          int64_t limit);

// DATA-2: the customer's clear phone number, for the owner, the assignee or a holder of
// sensitive.reveal in scope; audited with the reason. kNotFound when none was given.
Result<std::string> RevealPhone(const Ctx& c, int64_t id);

// --- acting on a ticket (CMP-4, CMP-5, CMP-6, CMP-11, CMP-13, GEN-6) ---
struct ActionInput {
  std::string note;  // the reason or the note of the step
  // classify
  std::optional<std::string> type, cause_class, severity;
  std::optional<int64_t> department_id;
  // dispatch, transfer, redirect: the handler (default: least loaded on duty)
  std::optional<int64_t> assignee_user_id;
  // resolve
  std::string resolution;
  // agree_deadline
  std::optional<int64_t> agreed_deadline;
  // return_notice
  std::string cause, fix, responsible_person;
  std::optional<int64_t> responsible_staff_id;
};
// Makes `action`. Errors: kForbidden complaints.not_allowed when the caller may not make it
// (rules.hpp MayAct); kConflict complaints.illegal_transition (with the state) when the
// state does not allow it, complaints.paused when it waits on the customer (resume first),
// complaints.not_paused, complaints.unrouted (no department to dispatch to),
// complaints.no_handler (nobody on duty and no head), complaints.ladder_top,
// complaints.notice_not_returned / complaints.notice_incomplete (the review gate);
// kInvalidArgument on the action's fields (note required for reject_review, pause,
// transfer, redirect, escalate by hand, callback_unsatisfied and callback_accepted;
// resolution for resolve; cause, fix, responsible_person for return_notice).
// Nothing changes on any error.
Result<Ticket> Act(const Ctx& c, int64_t id, Action action, const ActionInput& in);

// --- what an administrator keeps (complaints.admin) ---
struct Config {
  std::vector<ComplaintType> types;
  std::vector<CauseClass> causes;  // with their resolved route
  std::vector<DepartmentLadder> departments;
};
Result<Config> GetConfig(db::Pool& pool);
// Errors: kNotFound; validation.* on the names and limits.
Result<ComplaintType> PutType(const Ctx& c, const std::string& code, const ComplaintType& in);
// Errors: kNotFound; validation.unknown_reference on department_id.
// with_attitude false: the stored attitude flag is kept (a client that does not send it).
Result<CauseClass> PutCause(const Ctx& c, const std::string& code, const CauseClass& in,
                            bool with_attitude = true);
// Errors: kNotFound for the department; validation.unknown_reference on supervisor_user_id.
Result<DepartmentLadder> PutDepartmentLadder(const Ctx& c, int64_t department_id,
                                             std::optional<int64_t> supervisor_user_id);

// Registers the clock tasks: the warning before a breach and the breach itself (recorded
// on the clock and in the timeline, told; a first-contact, answer or ladder-step breach
// escalates the ticket one rung, CMP-5).
void RegisterTaskHandlers(tasks::Scheduler& scheduler);

}  // namespace yingbin::complaints
