#pragma once
// What the core of complaints (service.cpp) lends to the parts built on it (red_alert,
// replies, survey, attribution, history, reports): who may see and act on a ticket, the
// timeline, the audit row, telling people, the ladder's people, and acting inside the
// caller's transaction. Not for other modules: they go through service.hpp.
// Thread-safe (no state).
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "api/json.hpp"
#include "auth/principal.hpp"
#include "complaints/model.hpp"
#include "complaints/rules.hpp"
#include "complaints/service.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::complaints::internal {

// complaints.read in scope, or the ticket's owner or handler.
bool CanSee(const auth::Principal& p, const Ticket& t);
Actor ActorOf(const auth::Principal& p, const Ticket& t);
// " AND (...)" over alias t restricting a query to the tickets `p` may see ("" for all).
std::string VisibleCondition(const auth::Principal& p);

// The ticket, kNotFound when there is none.
Result<Ticket> FindTicket(db::Connection& c, int64_t id, int64_t now);

// A timeline entry (states unchanged: from = to = the ticket's).
core::Status AddEvent(db::Connection& tx, const Ticket& t, const auth::Principal& actor,
                      int64_t now, std::string kind, std::string note,
                      api::Json data = api::Json::object());
// The audit row of a change of the ticket (before may be null).
core::Status AuditTicket(db::Connection& tx, const auth::Principal& actor, int64_t now,
                         const char* action, const Ticket* before, const Ticket& after,
                         const std::string& reason);
// Bell, e-mail by preference, webhooks of `topic`, live event to the site, for `users`
// (each once, none twice).
core::Status Tell(db::Connection& tx, int64_t now, const Ticket& t, std::vector<int64_t> users,
                  const std::string& topic, const std::string& subject, const std::string& body);
// The ticket's machine-readable payload of messages and live events.
std::string Payload(const Ticket& t);
// "TS20261122-0007 报表导出失败".
std::string Headline(const Ticket& t);
// Open screens (lists, the ticket page) reload.
core::Status Changed(db::Connection& tx, int64_t now, const Ticket& t);

// The actor of timed duties and public submissions (no user).
auth::Principal SystemActor();
// The ladder of a department: its supervisor, head and the GM office's user (CMP-5).
Result<LadderPeople> LadderOf(db::Connection& tx, std::optional<int64_t> department_id);
// The GM office's user for new work: the setting's, else the least-loaded gm_office user.
Result<std::optional<int64_t>> GmOfficeUser(db::Connection& tx);

// CMP-5: the handling opinion on the staff member (the attribution, CMP-8) was recorded:
// for an attitude complaint its "opinion" clock is met and HR is told (the users of the
// department named by complaints.hr_department_names, else the GM office), on the timeline.
// Anything else: nothing happens.
core::Status OpinionGiven(db::Connection& tx, const Ticket& t, const auth::Principal& actor,
                          int64_t now, const std::string& opinion);
// Stops (cancels) every running clock of the ticket (a merged duplicate).
core::Status CancelAllClocks(db::Connection& tx, const Ticket& t, int64_t now);

}  // namespace yingbin::complaints::internal

namespace yingbin::complaints {

// Act() inside the caller's transaction (a survey's answer and the callback it makes commit
// together). Errors as Act(); the caller's transaction must then roll back.
core::Status ActInTransaction(db::Connection& tx, const Ctx& c, int64_t id, Action action,
                              const ActionInput& in);

}  // namespace yingbin::complaints
