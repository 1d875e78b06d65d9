#pragma once
// An iCalendar writer (RFC 5545 objects, RFC 5546 methods) for meeting invitations (MTG-2)
// and the per-user calendar feed. Pure: no database, no clock; the time zone rules come
// from the tz database (Howard Hinnant's date/tz, as core/calendar uses it).
//
// Every line ends in CRLF and is folded at 75 octets without splitting a UTF-8 sequence;
// TEXT values escape backslash, semicolon, comma and newlines. Times are written in the
// site's zone (DTSTART;TZID=...) with a VTIMEZONE built from the tz database for the span
// of the events.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace yingbin::meetings::ics {

struct Person {
  std::string name;
  std::string email;
};

struct Event {
  std::string uid;
  int64_t sequence = 0;
  int64_t stamp = 0;  // DTSTAMP (UTC ms)
  int64_t start_at = 0, end_at = 0;
  std::string summary, location, description;
  std::string status = "CONFIRMED";  // CONFIRMED | TENTATIVE | CANCELLED
  Person organizer;
  std::vector<Person> attendees;
  std::optional<int64_t> recurrence_id;  // an overridden occurrence: its original start
  std::string rrule;                     // "" or "FREQ=...;COUNT=n"
  std::vector<int64_t> exdates;          // cancelled occurrences' starts
};

// One content line, folded (RFC 5545 3.1): at most 75 octets per physical line, the
// continuation lines starting with one space; a UTF-8 sequence is never split. With CRLF.
std::string Fold(std::string_view line);
// TEXT value escaping (RFC 5545 3.3.11): \\ \; \, and \n for a newline (CR dropped).
std::string EscapeText(std::string_view text);
// A parameter value: quoted, with DQUOTE and control characters removed.
std::string ParamValue(std::string_view text);

// "20261123T093000" in `tz` (local time), or "20261123T013000Z" when tz is "UTC"/"".
// Errors: validation.time_zone on "time_zone".
core::Result<std::string> LocalStamp(std::string_view tz, int64_t at_ms);
std::string UtcStamp(int64_t at_ms);

// VTIMEZONE of `tz` covering [from, to] (a year either side is added): one STANDARD or
// DAYLIGHT sub-component per offset period that starts in that span, and the period in
// force at its start. Errors: validation.time_zone on "time_zone".
core::Result<std::string> VTimezone(std::string_view tz, int64_t from_ms, int64_t to_ms);

// A whole VCALENDAR: METHOD (REQUEST, CANCEL or PUBLISH; "" = none), the VTIMEZONE of `tz`
// for the events' span, then the events. REQUIRES: events non-empty for REQUEST/CANCEL.
core::Result<std::string> Calendar(std::string_view method, std::string_view tz,
                                   const std::vector<Event>& events,
                                   std::string_view calendar_name = {});

}  // namespace yingbin::meetings::ics
