#pragma once
// The meeting service with the database (DOMAIN.md MTG-1..4, VIS-11). Every write runs in
// one transaction with its audit row, its checklist tasks (MTG-3) and its messages
// (notify::Enqueue: in-app, and e-mail invitations carrying an iCalendar object, MTG-2), so
// a committed change always has its side effects and a refused one has none. Callers then
// Kick() the scheduler and the notify worker. Thread-safe (no state of its own).
//
// No double booking (MTG-4), on both backends and under concurrent requests: a booking's
// conflict check and its insert run in one transaction that first locks the venue row on
// PostgreSQL (SELECT ... FOR UPDATE; an exclusion constraint backs it up) while SQLite's one
// writer serialises them. Occupancy is [start - set-up buffer, end + clean-up buffer).
//
// Who may do what:
//   meetings.read     the room calendars and any booking
//   meetings.book     book; change or cancel one's own bookings (booker or organiser)
//   meetings.approve  approve or reject pending bookings (VIS-11)
//   meetings.admin    the rooms' booking rules; change or cancel any booking
//   anyone signed in  their run sheet (their checklist tasks) and their calendar feed
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "meetings/ics.hpp"
#include "meetings/model.hpp"
#include "tasks/model.hpp"
#include "tasks/scheduler.hpp"

namespace yingbin::meetings {

using core::Result;
using core::Status;

struct Ctx {
  db::Pool& pool;
  const auth::Principal& actor;
  int64_t now = 0;
  std::string reason;
};

// Who acts and when, for the functions that run in the caller's transaction.
struct TxCtx {
  const auth::Principal& actor;
  int64_t now = 0;
  std::string reason;
};

struct BookingInput {
  int64_t venue_id = 0;
  std::string title;
  std::string category;  // "", A, B, C, D (VIS-11)
  int64_t start_at = 0, end_at = 0;
  std::optional<int64_t> organizer_staff_id;
  std::optional<int64_t> clerk_user_id;   // MTG-1: assigned staff
  std::optional<int64_t> attendee_count;  // nullopt = the number of attendees listed
  std::vector<ServiceItem> services;      // MTG-1
  std::vector<Attendee> attendees;        // MTG-2 (staff_id, or name + email)
  std::string bring, notes;               // MTG-2: what to prepare
  std::optional<Recurrence> recurrence;   // MTG-4: a series
};

struct Warning {
  std::string code;  // "capacity"
  int64_t capacity = 0, attendees = 0;
};

struct BookingResult {
  Meeting meeting;                   // the (first) booking
  std::vector<Meeting> occurrences;  // a series' occurrences (empty for a single booking)
  std::vector<Warning> warnings;
};

// Books a room (or a series). Pending when the room needs approval or it is a category-A
// reception (VIS-11), confirmed otherwise: then its checklist tasks are made (MTG-3) and the
// attendees invited by e-mail with an iCalendar REQUEST (MTG-2). A pending booking tells
// the approvers. Warns (does not refuse) when more attendees come than the room holds.
// Errors: kInvalidArgument naming the field (subject, venue_id validation.unknown_reference
// or meetings.venue_inactive, end_at meetings.end_before_start / meetings.too_long,
// start_at meetings.in_past / meetings.too_far_ahead / meetings.category_a_notice, category,
// services, attendees, organizer_staff_id, clerk_user_id, recurrence.*);
// kConflict meetings.room_taken on start_at naming the booking in the way,
// meetings.series_conflict on recurrence with the dates.
// Errors also: kForbidden without meetings.book.
Result<BookingResult> Book(const Ctx& c, const BookingInput& in);
// Book inside the caller's transaction `tx` (its side effects commit or roll back with the
// caller's change). Same rules, errors and MTG-4 guarantee: the venue row is locked until
// `tx` ends. REQUIRES: `tx` is in a transaction; the caller checked that the actor may book.
Result<BookingResult> BookIn(db::Connection& tx, const TxCtx& c, const BookingInput& in);

// --- rooms held by another module (PLAN-3: a reception plan's itinerary items) ---
// A hold is an ordinary booking for the calendar and for MTG-4 (its occupancy includes the
// room's buffers; no one else can book over it, and it cannot be placed over anyone else's),
// but it is confirmed at once (the source's own approval stands for VIS-11), has no
// checklist tasks (MTG-3: the source's tasks cover the duties), sends no invitations, and is
// changed only by its source: Update, Cancel and Decide refuse it with kConflict
// meetings.held_by_reception. The bookings of one source may share a room (consecutive
// items in one hall). Every change is audited and shown live on the site's calendars.
struct Hold {
  Source source;  // kind, plan id and item id; the plan's number and title for display
  int64_t venue_id = 0;
  int64_t start_at = 0, end_at = 0;
  std::string title;  // the item's activity
  std::optional<int64_t> organizer_staff_id;
  int64_t attendee_count = 0;
};
// The holding bookings of a source (kind, id).
Result<std::vector<Meeting>> HeldBy(db::Connection& tx, const std::string& kind,
                                    int64_t source_id);
// Creates the hold, or moves booking `meeting_id` (one of the source's) to it; a hold that
// does not change is left as it is. Runs in the caller's transaction like BookIn.
// Errors: kInvalidArgument venue_id (validation.unknown_reference, meetings.venue_inactive),
// end_at meetings.end_before_start; kConflict meetings.room_taken on venue_id naming the
// booking in the way (title, time, id).
Result<Meeting> HoldRoom(db::Connection& tx, const TxCtx& c, const Hold& h,
                         std::optional<int64_t> meeting_id);
// Frees a held room (the booking cancelled; a booking no longer holding is left alone).
Status ReleaseRoom(db::Connection& tx, const TxCtx& c, int64_t meeting_id);

// A change of one booking (an absent field stays). A series occurrence changed on its own
// becomes an exception (RFC 5545 RECURRENCE-ID). A new time or room is checked like a
// booking, its checklist tasks move, and the attendees get an updated invitation
// (SEQUENCE + 1); removed attendees get a cancellation.
struct MeetingPatch {
  std::optional<int64_t> venue_id, start_at, end_at;
  std::optional<std::string> title, category, bring, notes;
  std::optional<std::optional<int64_t>> organizer_staff_id, clerk_user_id, attendee_count;
  std::optional<std::vector<ServiceItem>> services;
  std::optional<std::vector<Attendee>> attendees;
};
// Errors as Book; kForbidden meetings.not_yours; kConflict meetings.not_active on status,
// meetings.held_by_reception on source (a room held by a reception plan, PLAN-3).
Result<BookingResult> Update(const Ctx& c, int64_t id, const MeetingPatch& p);

// Cancels one booking, or with `whole_series` every coming occurrence of its series; frees
// the room, cancels the checklist, sends METHOD:CANCEL (SEQUENCE + 1).
// Errors: kNotFound, kForbidden meetings.not_yours, kConflict meetings.not_active,
// meetings.held_by_reception, kInvalidArgument meetings.not_a_series on scope.
Result<Meeting> Cancel(const Ctx& c, int64_t id, bool whole_series);

// VIS-11: approves (then as a confirmed booking) or rejects (reason required) a pending
// booking; for a series occurrence every pending occurrence of the series. Audited; the
// booker and the organiser are told. Errors: kNotFound, kConflict meetings.not_pending,
// kInvalidArgument reason validation.required on reject.
Result<Meeting> Decide(const Ctx& c, int64_t id, bool approve);

// --- reading ---
Result<Meeting> Get(db::Pool& pool, int64_t id);
// Whether `p` may change the booking (booker, organiser, meetings.admin); never a room held
// by another module (PLAN-3).
Result<bool> MayChange(db::Pool& pool, const auth::Principal& p, const Meeting& m);

struct CalendarView {
  std::string time_zone;
  std::vector<Room> rooms;
  std::vector<Meeting> bookings;  // holding ones overlapping [from, to): store::SelectBlocks
};
// The day/week calendar of a site. Errors: kNotFound for an unknown site; kInvalidArgument
// "to" validation.out_of_range for a span over 31 days or not after `from`.
Result<CalendarView> SiteCalendarView(db::Pool& pool, int64_t site_id, int64_t from, int64_t to);
Result<std::vector<Room>> Rooms(db::Pool& pool, int64_t site_id);
// Sets a room's booking rules (audited). Errors: kNotFound for an unknown venue;
// kInvalidArgument setup_minutes / cleanup_minutes out of range.
Result<Room> PutRoom(const Ctx& c, int64_t venue_id, const RoomRules& rules);

// Pending bookings of a site (all sites when nullopt), soonest first.
Result<std::vector<Meeting>> Pending(db::Pool& pool, std::optional<int64_t> site_id);

// MTG-3: the run sheet: the caller's checklist tasks due on local `date` of the site (and,
// for meetings.admin with a site, the unowned ones there), with their meetings.
struct RunSheetItem {
  tasks::Task task;
  Meeting meeting;
  bool missed = false;  // still open after its escalation time
};
struct RunSheet {
  std::string time_zone;
  int32_t date = 0;
  std::vector<RunSheetItem> items;
};
Result<RunSheet> RunSheetOf(db::Pool& pool, const auth::Principal& p, int64_t site_id,
                            std::optional<int32_t> date, int64_t now);

// MTG-2: the invitation of a booking as it is now (REQUEST, or CANCEL when cancelled).
Result<std::string> InvitationIcs(db::Pool& pool, int64_t id, int64_t now);

// The per-user calendar feed: a new secret token (replacing the old one), returned once.
Result<std::string> RotateFeedToken(const Ctx& c);
Status DeleteFeedToken(const Ctx& c);
Result<std::optional<int64_t>> FeedTokenCreatedAt(db::Pool& pool, int64_t user_id);
// The feed of the token's user: their meetings (booked, organised, attended, served) from
// 30 days ago to a year ahead. Errors: kNotFound meetings.feed_not_found.
Result<std::string> Feed(db::Pool& pool, const std::string& token, int64_t now);

// Other modules' events for the per-user calendar feed (the reception items a staff member
// is on duty for), given the feed's connection, the user's staff ids, the span and now.
// REQUIRES: added at start-up, before the server answers requests (not synchronised).
using FeedSource = std::function<Result<std::vector<ics::Event>>(
    db::Connection&, const std::vector<int64_t>& staff_ids, int64_t from, int64_t to,
    int64_t now)>;
void AddFeedSource(FeedSource source);

// Registers the handlers of the checklist tasks (due: tell the clerk; escalation: tell the
// admin clerks that an item was missed).
void RegisterTaskHandlers(tasks::Scheduler& scheduler);

}  // namespace yingbin::meetings
