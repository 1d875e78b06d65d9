#pragma once
// The rules of receiving visitors (DOMAIN.md VIS, GEN-5) as pure functions: the visit state
// machine, the venue rule of the reception categories, when the host is told, and the
// order of the queue. No database, no HTTP; unit-tested in rules_test.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace yingbin::visitors {

// Where a visit stands.
//   expected    booked (有约), the visitor has not arrived
//   waiting     at the desk, waiting for the host (the queue)
//   held        matched the watch list: not admitted until security clears it
//   with_host   admitted: met by the host or led to the venue (VIS-3, VIS-14)
//   checked_out left the premises (badge returned / scanned)
//   cancelled   the host cancelled before arrival (VIS-6)
//   no_show     expected, never came
enum class VisitStatus { kExpected, kWaiting, kHeld, kWithHost, kCheckedOut, kCancelled, kNoShow };

// What someone does to a visit.
enum class Action {
  kCheckIn,     // expected -> waiting (or held)
  kAdmit,       // waiting -> with_host
  kCheckOut,    // waiting | with_host -> checked_out (also after a declined visit)
  kCancel,      // expected -> cancelled
  kReschedule,  // expected -> expected (new time)
  kNoShow,      // expected -> no_show
  kAnswer,      // the host answers while the visitor waits: waiting -> waiting
  kDelegate,    // expected | waiting -> same (VIS-7)
  kHold,        // waiting -> held (watch list)
  kClear,       // held -> waiting (security admits)
  kRefuse,      // held -> checked_out (security refuses)
};

const char* StatusName(VisitStatus s);  // "expected", ...
std::optional<VisitStatus> ParseStatus(std::string_view s);
const char* ActionName(Action a);  // "check_in", ...

// The state machine. Returns the status after `action`, or kConflict
// "visits.illegal_transition" with args {from} and {action} when the action is not allowed
// from `from` (e.g. check-out before check-in, a second check-in).
core::Result<VisitStatus> Next(VisitStatus from, Action action);

// A visitor is on the premises (counts for the "on site now" roll call).
bool OnSite(VisitStatus s);

// VIS-11: reception categories A-D and the venue kind each uses. A venue of another kind
// is refused, except an office (the GM's and department managers' offices are allowed).
// Errors: kInvalidArgument "visits.venue_not_allowed" on field `venue_id` with {category}.
core::Status CheckVenueForCategory(std::string_view category, std::string_view venue_kind);
bool IsCategory(std::string_view c);  // "A".."D"
// The venue kind of a category ("large_meeting_room" for A and B, ...).
std::string_view CategoryVenueKind(std::string_view category);

// VIS-4: when the host is told that their visitor has arrived. A visitor who arrives more
// than `notify_before_ms` before the appointed time is seated and served; the host is
// told at expected_at - notify_before_ms. Otherwise at once (returns arrived_at).
int64_t HostNotifyAt(std::optional<int64_t> expected_at, int64_t arrived_at,
                     int64_t notify_before_ms);

// GEN-5: the waiting list in arrival order; rank and category never reorder it.
struct QueueEntry {
  int64_t visit_id = 0;
  int64_t arrived_at = 0;
};
void SortQueue(std::vector<QueueEntry>& entries);

// Human visit number: "V" + local date + "-" + 4-digit sequence ("V20261123-0007").
std::string VisitNumber(int32_t yyyymmdd, int64_t sequence);

}  // namespace yingbin::visitors
