#pragma once
// The pure rules of the meeting service: no database, no clock (DOMAIN.md MTG-1..4, VIS-11).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "meetings/model.hpp"

namespace yingbin::meetings {

using core::Result;
using core::Status;

const char* StatusName(State s);  // "pending" | "confirmed" | "rejected" | "cancelled"
std::optional<State> ParseStatus(std::string_view s);
// Pending and confirmed bookings hold their room; rejected and cancelled ones do not.
bool Holds(State s);

// MTG-1: the items a service order may name.
bool IsServiceItem(std::string_view item);
// Each item once, known, quantity 1..999; "other" needs a note. Errors name "services".
Status CheckServices(const std::vector<ServiceItem>& items);

// MTG-4: occupancy [start - setup, end + cleanup) overlaps [from, to).
inline bool Overlaps(int64_t a_from, int64_t a_to, int64_t b_from, int64_t b_to) {
  return a_from < b_to && b_from < a_to;
}

// VIS-11: why a booking waits for approval ("" = it does not): the venue needs approval
// (the large meeting room) -> "venue"; a category-A reception -> "category_a".
std::string ApprovalRule(bool venue_needs_approval, std::string_view category);

// VIS-11: a category-A reception's meeting form is filed `notice_days` days ahead: the
// meeting's local date must be at least that many days after today's local date.
bool CategoryANoticeOk(int32_t today, int32_t meeting_date, int64_t notice_days);

// MTG-4: the local dates of a series, the first being `first` (always included), until the
// rule's end (until_date inclusive, or count occurrences), the last allowed date
// `horizon_last` and at most `max_count` occurrences, whichever comes first.
// Daily: every `interval` days. Weekly: on the rule's weekdays (or the first's weekday) of
// every `interval`-th week counted from the first's week (weeks start on Monday). Monthly:
// the first's day of the month every `interval` months; months without that day are skipped.
// Errors (kInvalidArgument naming the field in "recurrence.*"): freq, interval (1..12),
// weekdays (1..7), until (before the first date), count (1..max); neither until nor count
// is validation.required on "recurrence.until".
Result<std::vector<int32_t>> OccurrenceDates(const Recurrence& rule, int32_t first,
                                             int32_t horizon_last, int64_t max_count);

// RFC 5545 RRULE text of the materialised series ("FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;
// COUNT=12"); COUNT is the number materialised so that calendars show exactly those.
std::string RRuleText(const Recurrence& rule, int64_t materialised_count);

// MTG-3: the timed checklist of a meeting.
struct ChecklistStep {
  std::string
      kind;  // meeting.setup | meeting.greet | meeting.tea | meeting.refill | meeting.cleanup
  int64_t due_at = 0;
  std::string title;  // zh-CN; the web app shows its own text by kind
};
struct ChecklistTimes {
  int64_t setup_before_minutes = 30;  // T-30: materials in place, laptop and projector tested
  int64_t greet_before_minutes = 15;  // T-15: greet at the desk, lead to the seats
  int64_t refill_every_minutes = 15;  // refill every N minutes during the meeting (knock first)
};
// Steps in time order: set-up, greeting, tea at the start (when all have arrived), a refill
// every N minutes strictly before the end, clean-up and power-off at the end. In summer
// (`ac_celsius` given) the set-up includes the air conditioning at that temperature (MTG-4).
std::vector<ChecklistStep> Checklist(int64_t start_at, int64_t end_at, const ChecklistTimes& t,
                                     const std::string& room_name,
                                     std::optional<int64_t> ac_celsius = std::nullopt);

// MTG-4: whether local `month` (1..12) is in the summer months first..last (a range that may
// wrap the year end, as in the southern hemisphere).
bool IsSummer(int month, int64_t first, int64_t last);

}  // namespace yingbin::meetings
