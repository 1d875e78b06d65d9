#pragma once
// The visitors module's rules with the database (DOMAIN.md VIS, GEN-5, GEN-6, DATA-2).
// Every write runs in one transaction with its audit row, its tasks (tasks::Create) and
// its messages (notify::Enqueue), so a committed change always has its side effects and
// an uncommitted one has none. Callers then Kick() the scheduler and the notify worker.
// Thread-safe (no state of its own).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/principal.hpp"
#include "core/field_crypto.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "mail/model.hpp"
#include "tasks/scheduler.hpp"
#include "visitors/model.hpp"

namespace yingbin::visitors {

using core::Result;
using core::Status;

// Who acts, when, why, with what. `cipher` encrypts phone and identity numbers (DATA-2).
struct Ctx {
  db::Pool& pool;
  const auth::Principal& actor;
  int64_t now = 0;
  const core::FieldCipher& cipher;
  std::string reason;
};

// The visitor's personal data as typed at the desk or in a booking.
struct Person {
  std::string name, company, phone, id_number, email;
};

// VIS-3 appointment (有约), booked by a host for themself or by the desk for anyone.
struct BookInput {
  int64_t site_id = 0;
  Person person;
  int64_t head_count = 1;
  std::string purpose;
  std::string category = "B";
  int64_t host_staff_id = 0;
  std::optional<int64_t> venue_id;
  int64_t expected_at = 0;
  int64_t expected_minutes = 60;
};
// Errors: validation.* naming the field; visits.venue_not_allowed (VIS-11);
// validation.unknown_reference for site/host/venue; kForbidden visits.not_your_visit when a
// host without visits.write books for someone else; visits.in_the_past for expected_at.
Result<Visit> Book(const Ctx& c, const BookInput& in);

// VIS-1/VIS-2/VIS-8: a walk-in (无约) registered at the desk. `greeting` records the four
// questions: whom to see, which company, surname, appointment or not.
struct WalkInInput {
  int64_t site_id = 0;
  Person person;
  int64_t head_count = 1;
  std::string purpose;
  std::string visitor_kind = "other";  // VIS-10 triage row
  std::optional<std::string> category;  // default: the triage row's
  std::optional<int64_t> host_staff_id;
  std::optional<int64_t> venue_id;
  std::string greeting_json = "{}";
};
struct Registered {
  Visit visit;
  TriageRule triage;  // the handling shown to the clerk as the next step (VIS-10)
  bool exempt = false;  // on the exempt list (VIS-1): registration was optional
  // VIS-10 courier with a named recipient (the host): the package was signed for and
  // logged at the mail desk (MAIL-1) in the same transaction.
  std::optional<mail::Item> mail_item;
};
Result<Registered> RegisterWalkIn(const Ctx& c, const WalkInInput& in);

// Transitions (see rules.hpp for the state machine; illegal ones answer kConflict
// visits.illegal_transition and change nothing).
Result<Visit> CheckIn(const Ctx& c, int64_t id);
Result<Visit> CheckInByCode(const Ctx& c, const std::string& badge_code);
struct HostAnswer {
  std::string answer;  // coming | wait | venue | decline
  std::optional<int64_t> minutes;   // wait
  std::optional<int64_t> venue_id;  // venue
  std::string note;
};
Result<Visit> Answer(const Ctx& c, int64_t id, const HostAnswer& a);
Result<Visit> Admit(const Ctx& c, int64_t id, std::optional<int64_t> venue_id);
Result<Visit> CheckOut(const Ctx& c, int64_t id, const std::string& outcome);
Result<Visit> CheckOutByCode(const Ctx& c, const std::string& badge_code);
Result<Visit> Cancel(const Ctx& c, int64_t id, const std::string& reason);
Result<Visit> Reschedule(const Ctx& c, int64_t id, int64_t expected_at);
Result<Visit> MarkNoShow(const Ctx& c, int64_t id);
Result<Visit> Delegate(const Ctx& c, int64_t id, std::optional<int64_t> deputy_staff_id);
Result<Visit> ClearHeld(const Ctx& c, int64_t id, bool admit, const std::string& note);
// GEN-6: hand the visit over to another user explicitly.
Result<Visit> HandOver(const Ctx& c, int64_t id, int64_t to_user_id);

// --- reading ---
Result<Visit> GetVisit(db::Pool& pool, const auth::Principal& p, int64_t id);
// GEN-5: waiting (and held) visitors of a site in arrival order.
Result<std::vector<Visit>> Queue(db::Pool& pool, int64_t site_id);
// Everyone on the premises now (roll call): waiting, held, with host.
Result<std::vector<Visit>> OnSiteNow(db::Pool& pool, int64_t site_id);
// VIS-15/issue: on site although the desk hours of their day are over.
Result<std::vector<Visit>> NotCheckedOut(db::Pool& pool, int64_t site_id, int64_t now);
// A host's visits (as host or deputy) from `from_day` on (local YYYYMMDD), plus every one
// still on site.
Result<std::vector<Visit>> MyVisits(db::Pool& pool, const auth::Principal& p, int32_t from_day);

struct VisitQuery {
  std::optional<int64_t> site_id;
  std::optional<int32_t> day_from, day_to;
  std::optional<int64_t> host_staff_id;
  std::optional<std::string> category, status, mode;
  std::string q;  // name or company: any part, simplified/traditional, pinyin initials
};
// A page of visits. With a search and other filters together on SQLite the total is
// counted up to db::kSearchCountCap (total_capped then says "at least").
struct VisitPage {
  std::vector<Visit> items;
  int64_t total = 0;
  bool total_capped = false;
};
Result<VisitPage> ListVisits(db::Pool& pool, const auth::Principal& p, const VisitQuery& q,
                             int64_t limit, int64_t offset);

// Returning visitors for autocomplete (masked phone only).
Result<std::vector<Visitor>> FindVisitors(db::Pool& pool, const std::string& q,
                                          const std::string& phone,
                                          const core::FieldCipher& cipher, int64_t limit);

// DATA-2: the clear phone or identity number of a visitor, for holders of
// sensitive.reveal; every reveal writes an audit row with the reason (required).
// Errors: kInvalidArgument on "field" (phone | id_number) or "reason"; kNotFound.
Result<std::string> Reveal(const Ctx& c, int64_t visitor_id, const std::string& field);

// --- the triage table (VIS-10) ---
Result<std::vector<TriageRule>> ListTriage(db::Pool& pool);
Result<TriageRule> PutTriage(const Ctx& c, std::optional<int64_t> id, const TriageRule& r);
Status DeleteTriage(const Ctx& c, int64_t id);

// --- the lists (VIS-1 exempt, VIS-9 special access, watch) ---
struct ListInput {
  std::string list, name, company, id_number, note;
  std::optional<int64_t> host_staff_id;
  bool active = true;
};
// Watch entries are only listed for holders of watchlist.read or visitors.admin.
Result<std::vector<ListEntry>> ListEntries(db::Pool& pool, const auth::Principal& p,
                                           std::optional<std::string> list);
Result<ListEntry> PutListEntry(const Ctx& c, std::optional<int64_t> id, const ListInput& in);
Status DeleteListEntry(const Ctx& c, int64_t id);
struct ListCheck {
  bool exempt = false;
  bool special = false;
};
// What the desk needs to know before registering (never reveals the watch list).
Result<ListCheck> CheckLists(db::Pool& pool, const std::string& name,
                             std::optional<int64_t> host_staff_id);

// Registers the handlers of the visit tasks (notify host at T-10, no answer, long wait,
// not checked out at close).
void RegisterTaskHandlers(tasks::Scheduler& scheduler);

}  // namespace yingbin::visitors
