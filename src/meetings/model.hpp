#pragma once
// Plain records of the meeting service (DOMAIN.md MTG-1..4, VIS-11).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace yingbin::meetings {

// Where a booking stands.
//   pending    waits for approval (the large meeting room, category-A receptions: VIS-11);
//              it holds the room meanwhile
//   confirmed  booked; its checklist tasks run (MTG-3) and attendees are invited (MTG-2)
//   rejected   refused by an approver, with a reason; frees the room
//   cancelled  withdrawn by its organiser or the desk; frees the room
enum class State { kPending, kConfirmed, kRejected, kCancelled };

// MTG-1: one line of the service order.
struct ServiceItem {
  std::string item;  // name_plates | laptop | projector | recorder | tea | drinks | other
  int64_t quantity = 1;
  std::string note;  // for "other": what it is
};

// MTG-2: one invited person (a staff member, or an outside address).
struct Attendee {
  std::optional<int64_t> staff_id;
  std::string name;
  std::string email;
  std::optional<int64_t> user_id;  // the staff member's login (joined)
};

// How a venue is booked (a venue without settings: approval for the large meeting room,
// buffers from the settings).
struct RoomRules {
  int64_t venue_id = 0;
  bool needs_approval = false;
  std::optional<int64_t> setup_minutes = std::nullopt;    // nullopt = the setting
  std::optional<int64_t> cleanup_minutes = std::nullopt;
  bool stored = false;                                    // a row exists
};

// A bookable room as the calendar shows it.
struct Room {
  int64_t venue_id = 0;
  int64_t site_id = 0;
  std::string name;
  std::string kind;
  int64_t capacity = 0;
  std::vector<std::string> equipment;
  bool needs_approval = false;
  int64_t setup_minutes = 0, cleanup_minutes = 0;  // in force (the setting when unset)
  std::optional<int64_t> setup_override, cleanup_override;
};

// MTG-4: a recurrence rule. Occurrences are materialised up to a horizon.
struct Recurrence {
  std::string freq;                   // daily | weekly | monthly
  int64_t interval = 1;               // every N days/weeks/months
  std::vector<int> weekdays;          // weekly: ISO weekdays (Monday = 1); empty = the first's
  std::optional<int32_t> until_date;  // local date, inclusive
  std::optional<int64_t> count;
};

struct Series {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string uid;
  int64_t sequence = 0;
  Recurrence rule;
  int64_t first_start_at = 0;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
};

// PLAN-3: the module that holds a room through the meeting service (a reception plan's
// itinerary item). Such a booking is changed only by its source, never from the meetings
// page; it has no checklist (MTG-3) and no invitations: its source has its own duties.
struct Source {
  std::string kind;  // "" (an ordinary booking) | reception
  int64_t id = 0;    // the plan
  int64_t item_id = 0;
  std::string number, title;  // the plan's, for the room calendar
  bool Empty() const { return kind.empty(); }
};

struct Meeting {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t venue_id = 0;
  std::optional<int64_t> series_id;
  std::optional<int64_t> occurrence_start_at;
  bool is_exception = false;
  std::string uid;
  int64_t sequence = 0;
  std::string title;
  std::string category;  // "", A, B, C, D (VIS-11)
  std::optional<int64_t> organizer_staff_id;
  std::optional<int64_t> clerk_user_id;
  int64_t attendee_count = 0;
  int64_t start_at = 0, end_at = 0;
  int64_t busy_from = 0, busy_to = 0;
  State status = State::kConfirmed;
  std::string approval_rule;  // venue | category_a
  std::optional<int64_t> decided_by, decided_at;
  std::string decision_reason;
  std::string bring, notes;
  std::vector<ServiceItem> services;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
  Source source;
  // Joined for display.
  std::string venue_name;
  int64_t venue_capacity = 0;
  std::string organizer_name, clerk_name, created_by_name, decided_by_name;
  std::vector<Attendee> attendees;
};

}  // namespace yingbin::meetings
