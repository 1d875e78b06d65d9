#include "meetings/ics.hpp"

// Debian's libdate-tz reads the system tz database; the header must agree (core/calendar).
#ifndef USE_OS_TZDB
#define USE_OS_TZDB 1
#endif

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace yingbin::meetings::ics {
namespace {

using std::chrono::seconds;

constexpr int64_t kYearMs = 366LL * 24 * 3600 * 1000;

const date::time_zone* Zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

core::Error UnknownZone() { return core::InvalidArgument("time_zone", "validation.time_zone"); }

bool IsUtc(std::string_view tz) { return tz.empty() || tz == "UTC" || tz == "Etc/UTC"; }

std::string Civil(int64_t seconds_since_epoch) {
  const int64_t days = seconds_since_epoch >= 0 ? seconds_since_epoch / 86400
                                                : -((-seconds_since_epoch + 86399) / 86400);
  const int64_t secs = seconds_since_epoch - days * 86400;
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02d", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(secs / 3600), int(secs / 60 % 60),
                int(secs % 60));
  return buf;
}

std::string Offset(seconds off) {
  const int64_t s = off.count();
  const int64_t a = s < 0 ? -s : s;
  char buf[16];
  if (a % 60 != 0)
    std::snprintf(buf, sizeof buf, "%c%02d%02d%02d", s < 0 ? '-' : '+', int(a / 3600),
                  int(a / 60 % 60), int(a % 60));
  else
    std::snprintf(buf, sizeof buf, "%c%02d%02d", s < 0 ? '-' : '+', int(a / 3600),
                  int(a / 60 % 60));
  return buf;
}

void Line(std::string& out, std::string_view text) { out += Fold(text); }

std::string Mailto(const Person& p) { return "mailto:" + p.email; }

}  // namespace

std::string Fold(std::string_view line) {
  std::string out;
  size_t i = 0;
  bool first = true;
  while (i < line.size()) {
    // The first line holds 75 octets; a continuation line holds the space and 74 more.
    const size_t room = first ? 75 : 74;
    size_t end = std::min(line.size(), i + room);
    while (end < line.size() && end > i && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80)
      --end;
    if (!first) out += ' ';
    out.append(line.substr(i, end - i));
    out += "\r\n";
    i = end;
    first = false;
  }
  if (first) out += "\r\n";
  return out;
}

std::string EscapeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;  // controls are not TEXT
        out += c;
    }
  }
  return out;
}

std::string ParamValue(std::string_view text) {
  std::string out = "\"";
  for (char c : text)
    if (c != '"' && (static_cast<unsigned char>(c) >= 0x20 || c == '\t') && c != 0x7f) out += c;
  return out + "\"";
}

std::string UtcStamp(int64_t at_ms) {
  const int64_t s = at_ms >= 0 ? at_ms / 1000 : -((-at_ms + 999) / 1000);
  return Civil(s) + "Z";
}

core::Result<std::string> LocalStamp(std::string_view tz, int64_t at_ms) {
  if (IsUtc(tz)) return UtcStamp(at_ms);
  const date::time_zone* zone = Zone(tz);
  if (zone == nullptr) return UnknownZone();
  const date::sys_seconds t{seconds(at_ms / 1000)};
  const date::sys_info info = zone->get_info(t);
  return Civil(at_ms / 1000 + info.offset.count());
}

core::Result<std::string> VTimezone(std::string_view tz, int64_t from_ms, int64_t to_ms) {
  const date::time_zone* zone = Zone(tz);
  if (zone == nullptr) return UnknownZone();
  const date::sys_seconds from{seconds((from_ms - kYearMs) / 1000)};
  const date::sys_seconds to{seconds((to_ms + kYearMs) / 1000)};
  std::string out;
  Line(out, "BEGIN:VTIMEZONE");
  Line(out, "TZID:" + std::string(tz));
  // The period in force at `from`, then one per transition up to `to`.
  date::sys_info info = zone->get_info(from);
  bool first = true;
  for (int guard = 0; guard < 64; ++guard) {
    const bool daylight = info.save != std::chrono::minutes(0);
    // The offset before this period began (for the first, before it too when known).
    seconds before = info.offset;
    if (info.begin > date::sys_seconds::min() + seconds(1))
      before = zone->get_info(info.begin - seconds(1)).offset;
    // DTSTART is the local time of the onset, read with the offset in force before it.
    const int64_t begin_s = first && info.begin < from
                                ? std::max<int64_t>(info.begin.time_since_epoch().count(), 0)
                                : info.begin.time_since_epoch().count();
    const int64_t local = begin_s + (first && info.begin < from ? info.offset : before).count();
    Line(out, daylight ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD");
    Line(out, "DTSTART:" + Civil(std::max<int64_t>(local, 0)));
    Line(out, "TZOFFSETFROM:" + Offset(first && info.begin < from ? info.offset : before));
    Line(out, "TZOFFSETTO:" + Offset(info.offset));
    if (!info.abbrev.empty() && info.abbrev[0] != '+' && info.abbrev[0] != '-')
      Line(out, "TZNAME:" + EscapeText(info.abbrev));
    Line(out, daylight ? "END:DAYLIGHT" : "END:STANDARD");
    first = false;
    if (info.end >= to || info.end >= date::sys_seconds::max() - seconds(1)) break;
    info = zone->get_info(info.end);
  }
  Line(out, "END:VTIMEZONE");
  return out;
}

core::Result<std::string> Calendar(std::string_view method, std::string_view tz,
                                   const std::vector<Event>& events,
                                   std::string_view calendar_name) {
  std::string out;
  Line(out, "BEGIN:VCALENDAR");
  Line(out, "PRODID:-//Yingbin//Meetings//ZH");
  Line(out, "VERSION:2.0");
  Line(out, "CALSCALE:GREGORIAN");
  if (!method.empty()) Line(out, "METHOD:" + std::string(method));
  if (!calendar_name.empty()) Line(out, "X-WR-CALNAME:" + EscapeText(calendar_name));
  const bool utc = IsUtc(tz);
  if (!utc && !events.empty()) {
    int64_t lo = events.front().start_at, hi = events.front().end_at;
    for (const auto& e : events) {
      lo = std::min(lo, e.start_at);
      hi = std::max(hi, e.end_at);
      if (e.recurrence_id) lo = std::min(lo, *e.recurrence_id);
    }
    auto vtz = VTimezone(tz, lo, hi);
    if (!vtz) return std::move(vtz).error();
    out += *vtz;
  }
  const std::string tzid = utc ? "" : ";TZID=" + std::string(tz);
  auto when = [&](const char* name, int64_t at) -> core::Result<std::string> {
    auto s = LocalStamp(tz, at);
    if (!s) return std::move(s).error();
    return std::string(name) + tzid + ":" + *s;
  };
  for (const auto& e : events) {
    Line(out, "BEGIN:VEVENT");
    Line(out, "UID:" + e.uid);
    Line(out, "DTSTAMP:" + UtcStamp(e.stamp));
    Line(out, "SEQUENCE:" + std::to_string(e.sequence));
    if (e.recurrence_id) {
      auto r = when("RECURRENCE-ID", *e.recurrence_id);
      if (!r) return std::move(r).error();
      Line(out, *r);
    }
    auto start = when("DTSTART", e.start_at);
    if (!start) return std::move(start).error();
    Line(out, *start);
    auto end = when("DTEND", e.end_at);
    if (!end) return std::move(end).error();
    Line(out, *end);
    if (!e.rrule.empty()) Line(out, "RRULE:" + e.rrule);
    for (int64_t ex : e.exdates) {
      auto x = when("EXDATE", ex);
      if (!x) return std::move(x).error();
      Line(out, *x);
    }
    Line(out, "SUMMARY:" + EscapeText(e.summary));
    if (!e.location.empty()) Line(out, "LOCATION:" + EscapeText(e.location));
    if (!e.description.empty()) Line(out, "DESCRIPTION:" + EscapeText(e.description));
    Line(out, "STATUS:" + e.status);
    if (!e.organizer.email.empty())
      Line(out, "ORGANIZER;CN=" +
                    ParamValue(e.organizer.name.empty() ? e.organizer.email : e.organizer.name) +
                    ":" + Mailto(e.organizer));
    for (const auto& a : e.attendees) {
      if (a.email.empty()) continue;
      Line(out, "ATTENDEE;CN=" + ParamValue(a.name.empty() ? a.email : a.name) +
                    ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:" + Mailto(a));
    }
    Line(out, "TRANSP:OPAQUE");
    Line(out, "END:VEVENT");
  }
  Line(out, "END:VCALENDAR");
  return out;
}

}  // namespace yingbin::meetings::ics
