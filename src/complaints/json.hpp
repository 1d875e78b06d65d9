#pragma once
// JSON shapes of complaint tickets (routes and audit rows).
#include <string>
#include <vector>

#include "api/json.hpp"
#include "api/json_writer.hpp"
#include "complaints/model.hpp"
#include "complaints/rules.hpp"

namespace yingbin::complaints {

// The ticket as lists and audit rows show it; the customer's phone masked (DATA-2).
api::Json TicketJson(const Ticket& t);
// The same object written straight to text, for the lists (the department's open list, the
// overdue dashboard: hundreds of tickets per answer). json_test.cpp keeps the two equal.
void WriteTicket(api::JsonWriter& w, const Ticket& t);
// Its keys only, inside an object the caller opened (the ticket page adds its own).
void WriteTicketFields(api::JsonWriter& w, const Ticket& t);
// The ticket as JSON text (WriteTicket), as its audit rows keep it.
std::string TicketText(const Ticket& t);
api::Json EventJson(const Event& e);
void WriteEvent(api::JsonWriter& w, const Event& e);
// A clock with its state and the time left (negative: overdue) at `now`.
api::Json ClockJson(const Clock& k, int64_t now);
void WriteClock(api::JsonWriter& w, const Clock& k, int64_t now);
api::Json NoticeJson(const Notice& n);
void WriteNotice(api::JsonWriter& w, const Notice& n);
api::Json TypeJson(const ComplaintType& t);
api::Json CauseJson(const CauseClass& k);
api::Json LadderJson(const DepartmentLadder& l);
api::Json ActionsJson(const std::vector<Action>& actions);

}  // namespace yingbin::complaints
