#include "visitors/rules.hpp"

#include <algorithm>
#include <cstdio>

namespace yingbin::visitors {

const char* StatusName(VisitStatus s) {
  switch (s) {
    case VisitStatus::kExpected: return "expected";
    case VisitStatus::kWaiting: return "waiting";
    case VisitStatus::kHeld: return "held";
    case VisitStatus::kWithHost: return "with_host";
    case VisitStatus::kCheckedOut: return "checked_out";
    case VisitStatus::kCancelled: return "cancelled";
    case VisitStatus::kNoShow: return "no_show";
  }
  return "expected";
}

std::optional<VisitStatus> ParseStatus(std::string_view s) {
  for (VisitStatus st : {VisitStatus::kExpected, VisitStatus::kWaiting, VisitStatus::kHeld, VisitStatus::kWithHost,
                    VisitStatus::kCheckedOut, VisitStatus::kCancelled, VisitStatus::kNoShow})
    if (s == StatusName(st)) return st;
  return std::nullopt;
}

const char* ActionName(Action a) {
  switch (a) {
    case Action::kCheckIn: return "check_in";
    case Action::kAdmit: return "admit";
    case Action::kCheckOut: return "check_out";
    case Action::kCancel: return "cancel";
    case Action::kReschedule: return "reschedule";
    case Action::kNoShow: return "no_show";
    case Action::kAnswer: return "answer";
    case Action::kDelegate: return "delegate";
    case Action::kHold: return "hold";
    case Action::kClear: return "clear";
    case Action::kRefuse: return "refuse";
  }
  return "";
}

core::Result<VisitStatus> Next(VisitStatus from, Action action) {
  using S = VisitStatus;
  std::optional<VisitStatus> to;
  switch (action) {
    case Action::kCheckIn:
      if (from == S::kExpected) to = S::kWaiting;
      break;
    case Action::kAdmit:
      if (from == S::kWaiting) to = S::kWithHost;
      break;
    case Action::kCheckOut:
      if (from == S::kWaiting || from == S::kWithHost) to = S::kCheckedOut;
      break;
    case Action::kCancel:
    case Action::kNoShow:
      if (from == S::kExpected) to = action == Action::kCancel ? S::kCancelled : S::kNoShow;
      break;
    case Action::kReschedule:
      if (from == S::kExpected) to = S::kExpected;
      break;
    case Action::kAnswer:
      if (from == S::kWaiting) to = S::kWaiting;
      break;
    case Action::kDelegate:
      if (from == S::kExpected || from == S::kWaiting) to = from;
      break;
    case Action::kHold:
      if (from == S::kWaiting) to = S::kHeld;
      break;
    case Action::kClear:
      if (from == S::kHeld) to = S::kWaiting;
      break;
    case Action::kRefuse:
      if (from == S::kHeld) to = S::kCheckedOut;
      break;
  }
  if (!to)
    return core::Conflict("visits.illegal_transition")
        .With("from", StatusName(from))
        .With("action", ActionName(action));
  return *to;
}

bool OnSite(VisitStatus s) {
  return s == VisitStatus::kWaiting || s == VisitStatus::kHeld || s == VisitStatus::kWithHost;
}

bool IsCategory(std::string_view c) { return c == "A" || c == "B" || c == "C" || c == "D"; }

std::string_view CategoryVenueKind(std::string_view category) {
  if (category == "A" || category == "B") return "large_meeting_room";
  if (category == "C") return "small_meeting_room";
  return "lounge";
}

core::Status CheckVenueForCategory(std::string_view category, std::string_view venue_kind) {
  if (venue_kind == "office" || venue_kind == CategoryVenueKind(category)) return core::Ok();
  return core::InvalidArgument("venue_id", "visits.venue_not_allowed")
      .With("category", std::string(category));
}

int64_t HostNotifyAt(std::optional<int64_t> expected_at, int64_t arrived_at,
                     int64_t notify_before_ms) {
  if (!expected_at) return arrived_at;
  return std::max(arrived_at, *expected_at - notify_before_ms);
}

void SortQueue(std::vector<QueueEntry>& entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const QueueEntry& a, const QueueEntry& b) {
    if (a.arrived_at != b.arrived_at) return a.arrived_at < b.arrived_at;
    return a.visit_id < b.visit_id;
  });
}

std::string VisitNumber(int32_t yyyymmdd, int64_t sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "V%08d-%04lld", yyyymmdd, static_cast<long long>(sequence));
  return buf;
}

}  // namespace yingbin::visitors
