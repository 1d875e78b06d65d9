#pragma once
// SQL of complaint tickets, through db::Connection; the same text on both backends. Every
// function runs on the caller's connection (inside the caller's transaction where it
// writes). Not-found look-ups return nullopt, not errors.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "complaints/model.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::complaints::store {

using core::Result;
using core::Status;
using db::Connection;

// --- what an administrator keeps ---
Result<std::vector<ComplaintType>> ListTypes(Connection& c);
Result<std::optional<ComplaintType>> FindType(Connection& c, const std::string& code);
Status UpdateType(Connection& c, const ComplaintType& t, int64_t now);

// Cause classes with department_id/department_names; routed_* are left to the service.
Result<std::vector<CauseClass>> ListCauses(Connection& c);
Result<std::optional<CauseClass>> FindCause(Connection& c, const std::string& code);
Status UpdateCause(Connection& c, const CauseClass& k, int64_t now);
// Whether the ticket has an attribution (CMP-8) recorded.
Result<bool> HasAttribution(Connection& c, int64_t complaint_id);

Result<std::optional<int64_t>> DepartmentSupervisor(Connection& c, int64_t department_id);
Status PutDepartmentSupervisor(Connection& c, int64_t department_id, std::optional<int64_t> user_id,
                               int64_t now);
// Every department with its supervisor and its head's account (the ladder's rungs 1-2).
Result<std::vector<DepartmentLadder>> ListDepartmentLadders(Connection& c);
Result<std::optional<DepartmentLadder>> FindDepartmentLadder(Connection& c, int64_t department_id);

// The lowest site id; nullopt when there is no site.
Result<std::optional<int64_t>> FirstSiteId(Connection& c);

// --- customers ---
// The field a customer's phone is encrypted and blind-indexed as (DATA-2 associated data).
inline constexpr char kCustomerPhoneField[] = "complaint_customer.phone";
struct CustomerRow {
  int64_t id = 0;
  std::string name, organisation, phone_enc, phone_index, phone_hint, phone_tail, email;
  std::string search_doc;  // core::SearchDocument of name and organisation
};
// The customer with this phone (blind index) or e-mail: id, name, organisation, phone_hint,
// email and search_doc (not the encrypted phone).
Result<std::optional<CustomerRow>> FindCustomerByPhone(Connection& c, const std::string& index);
Result<std::optional<CustomerRow>> FindCustomerByEmail(Connection& c, const std::string& email);
// Writes the row and its search index entry.
Result<int64_t> InsertCustomer(Connection& c, const CustomerRow& r, int64_t now);
// Writes the non-empty fields of r and its search_doc, and counts a ticket; the search index
// entry is rewritten when the document differs from `old_doc`.
Status TouchCustomer(Connection& c, const CustomerRow& r, const std::string& old_doc,
                     int64_t now);
Result<std::optional<std::string>> CustomerPhoneEnc(Connection& c, int64_t customer_id);

// --- tickets ---
Result<int64_t> InsertTicket(Connection& c, const Ticket& t);
// Writes every field the service changes after intake (all but number, channel, site,
// customer, call, created_*).
Status UpdateTicket(Connection& c, const Ticket& t);
Result<std::optional<Ticket>> FindTicket(Connection& c, int64_t id, int64_t now);
// The ids of the tickets matching `where` (SQL over alias t alone), in `order`: a page
// picked before its rows are read, so that nothing is joined for the tickets sorted away.
Result<std::vector<int64_t>> SelectTicketIds(Connection& c, const std::string& where,
                                             std::vector<db::Value> params,
                                             const std::string& order, int64_t limit,
                                             int64_t offset);
// Tickets matching `where` (SQL over alias t, parameters $1..$n), in `order`.
Result<std::vector<Ticket>> SelectTickets(Connection& c, const std::string& where,
                                          std::vector<db::Value> params, const std::string& order,
                                          int64_t limit, int64_t offset, int64_t now);
// With `cap`, counts up to cap + 1 and stops there (a search's "more than cap").
Result<int64_t> CountTickets(Connection& c, const std::string& where,
                             std::vector<db::Value> params,
                             std::optional<int64_t> cap = std::nullopt);
// Tickets each user handles now (assignee, dispatched or in progress): user -> count.
Result<std::map<int64_t, int64_t>> OpenLoad(Connection& c, const std::vector<int64_t>& user_ids);

// --- the timeline ---
Status InsertEvent(Connection& c, const Event& e);
Result<std::vector<Event>> SelectEvents(Connection& c, int64_t complaint_id);

// --- clocks ---
Result<int64_t> InsertClock(Connection& c, const Clock& k);
Status UpdateClock(Connection& c, const Clock& k);
Result<std::optional<Clock>> FindClock(Connection& c, int64_t id);
Result<std::vector<Clock>> SelectClocks(Connection& c, int64_t complaint_id);
// The earliest due time of the ticket's running, unpaused clocks.
Result<std::optional<int64_t>> NextDue(Connection& c, int64_t complaint_id);

// The overdue dashboard: running, unpaused clocks due before `now`, soonest first, with
// their ticket (`where` over alias t narrows the tickets: scope, department).
Result<std::vector<OverdueClock>> SelectOverdue(Connection& c, int64_t now,
                                                const std::string& where,
                                                std::vector<db::Value> params, int64_t limit);

// --- notices ---
Result<int64_t> InsertNotice(Connection& c, const Notice& n);
Status UpdateNotice(Connection& c, const Notice& n);
// The latest round of a ticket's notice.
Result<std::optional<Notice>> LatestNotice(Connection& c, int64_t complaint_id);
Result<std::vector<Notice>> SelectNotices(Connection& c, int64_t complaint_id);

}  // namespace yingbin::complaints::store
