#include "core/calendar.hpp"

// Debian's libdate-tz is built to read the system tz database (/usr/share/zoneinfo);
// the header must agree or the library's types differ from ours.
#ifndef USE_OS_TZDB
#define USE_OS_TZDB 1
#endif

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <optional>
#include <stdexcept>

namespace yingbin::core {
namespace {

using std::chrono::milliseconds;
using LocalMs = date::local_time<milliseconds>;

constexpr int64_t kDayMs = 86'400'000;
constexpr int kMaxScanDays = 3660;  // ten years: a calendar with no working day is broken

const date::time_zone* FindZone(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

Error UnknownZone() { return InvalidArgument("time_zone", "validation.time_zone"); }

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

LocalMs ToLocal(const date::time_zone* tz, int64_t at_ms) {
  date::zoned_time<milliseconds> zt(tz, date::sys_time<milliseconds>(milliseconds(at_ms)));
  return zt.get_local_time();
}

// Local -> UTC. A local time inside a DST gap moves forward by the gap (it is read with
// the offset before the transition); an ambiguous one takes the earlier instant.
int64_t ToUtc(const date::time_zone* tz, LocalMs local) {
  const date::local_info info = tz->get_info(date::floor<std::chrono::seconds>(local));
  return (local.time_since_epoch() - std::chrono::duration_cast<milliseconds>(info.first.offset))
      .count();
}

// Splits a local time into (date, ms of day).
void Split(LocalMs local, int32_t& date, int64_t& ms_of_day) {
  const int64_t ms = local.time_since_epoch().count();
  date = static_cast<int32_t>(FloorDiv(ms, kDayMs));
  ms_of_day = ms - int64_t{date} * kDayMs;
}

LocalMs Join(int32_t date, int64_t ms_of_day) {
  return LocalMs(milliseconds(int64_t{date} * kDayMs + ms_of_day));
}

// The first working day at or after `date`; nullopt when none within the scan limit.
std::optional<int32_t> NextWorkingDay(const BusinessCalendar& cal, int32_t date) {
  for (int k = 0; k <= kMaxScanDays; ++k)
    if (IsWorkingDay(cal, date + k)) return date + k;
  return std::nullopt;
}

Error NoWorkingDay(std::string_view field) {
  return InvalidArgument(std::string(field), "validation.out_of_range")
      .With("min", "0")
      .With("max", std::to_string(kMaxScanDays));
}

}  // namespace

const char* DayKindName(DayKind k) { return k == DayKind::kWorkday ? "workday" : "holiday"; }

int IsoWeekday(int32_t date) {
  return static_cast<int>(date::weekday(date::sys_days(date::days(date))).iso_encoding());
}

bool IsWorkingDay(const BusinessCalendar& cal, int32_t date) {
  if (auto it = cal.overrides.find(date); it != cal.overrides.end())
    return it->second.kind == DayKind::kWorkday;
  return cal.working_weekdays.count(IsoWeekday(date)) > 0;
}

Status CheckTimeZone(std::string_view name, std::string_view field) {
  if (FindZone(name) == nullptr) return InvalidArgument(std::string(field), "validation.time_zone");
  return Ok();
}

Result<int32_t> LocalDate(const BusinessCalendar& cal, int64_t at_ms) {
  const date::time_zone* tz = FindZone(cal.time_zone);
  if (tz == nullptr) return UnknownZone();
  int32_t date;
  int64_t ms;
  Split(ToLocal(tz, at_ms), date, ms);
  return date;
}

Result<int64_t> LocalTimeToUtc(const BusinessCalendar& cal, int32_t date, int minutes) {
  const date::time_zone* tz = FindZone(cal.time_zone);
  if (tz == nullptr) return UnknownZone();
  return ToUtc(tz, Join(date, int64_t{minutes} * 60'000));
}

Result<int64_t> DeskCloseAt(const BusinessCalendar& cal, int32_t date) {
  const int close = cal.desk_hours.empty() ? 24 * 60 : cal.desk_hours.back().end;
  return LocalTimeToUtc(cal, date, close);
}

int32_t DateNumber(int32_t days_since_epoch) {
  const date::year_month_day ymd{date::sys_days{date::days{days_since_epoch}}};
  return static_cast<int>(ymd.year()) * 10000 + static_cast<int>(static_cast<unsigned>(ymd.month())) * 100 +
         static_cast<int>(static_cast<unsigned>(ymd.day()));
}

std::string FormatDateNumber(int32_t yyyymmdd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", yyyymmdd / 10000, yyyymmdd / 100 % 100,
                yyyymmdd % 100);
  return buf;
}

Result<int64_t> AddWorkingDays(const BusinessCalendar& cal, int64_t from_ms, int n) {
  if (n < 0) return NoWorkingDay("days");
  const date::time_zone* tz = FindZone(cal.time_zone);
  if (tz == nullptr) return UnknownZone();
  int32_t date;
  int64_t ms_of_day;
  Split(ToLocal(tz, from_ms), date, ms_of_day);
  auto day = NextWorkingDay(cal, date);  // a non-working start counts from the next one
  for (int k = 0; day && k < n; ++k) day = NextWorkingDay(cal, *day + 1);
  if (!day) return NoWorkingDay("days");
  return ToUtc(tz, Join(*day, ms_of_day));
}

Result<int64_t> AddWorkingMinutes(const BusinessCalendar& cal, int64_t from_ms, int64_t minutes) {
  if (minutes < 0) return NoWorkingDay("hours");
  if (minutes == 0) return from_ms;
  const date::time_zone* tz = FindZone(cal.time_zone);
  if (tz == nullptr) return UnknownZone();
  std::vector<Period> periods = cal.desk_hours;
  if (periods.empty()) periods.push_back({0, 24 * 60});
  std::sort(periods.begin(), periods.end(),
            [](const Period& a, const Period& b) { return a.start < b.start; });

  int32_t date;
  int64_t t;  // ms of the local day where counting resumes
  Split(ToLocal(tz, from_ms), date, t);
  int64_t remaining = minutes * 60'000;
  int idle_days = 0;  // consecutive days without desk time, to stop on a broken calendar
  while (true) {
    if (IsWorkingDay(cal, date)) {
      idle_days = 0;
      for (const Period& p : periods) {
        const int64_t start = std::max<int64_t>(t, int64_t{p.start} * 60'000);
        const int64_t end = int64_t{p.end} * 60'000;
        if (start >= end) continue;
        if (remaining <= end - start) return ToUtc(tz, Join(date, start + remaining));
        remaining -= end - start;
      }
    } else if (++idle_days > kMaxScanDays) {
      return NoWorkingDay("hours");
    }
    ++date;
    t = 0;
  }
}

Result<int> ParseTimeOfDay(std::string_view text, std::string_view field, bool allow_24) {
  const Error bad = InvalidArgument(std::string(field), "validation.time_of_day");
  if (text.size() != 5 || text[2] != ':') return bad;
  for (int i : {0, 1, 3, 4})
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return bad;
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59) return bad;
  if (h > 23 && !(allow_24 && h == 24 && m == 0)) return bad;
  return h * 60 + m;
}

std::string FormatTimeOfDay(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

Result<std::vector<Period>> NormalizePeriods(std::vector<Period> periods, std::string_view field) {
  for (const Period& p : periods)
    if (p.start < 0 || p.end > 24 * 60 || p.start >= p.end)
      return InvalidArgument(std::string(field), "validation.period_order");
  std::sort(periods.begin(), periods.end(),
            [](const Period& a, const Period& b) { return a.start < b.start; });
  for (size_t i = 1; i < periods.size(); ++i)
    if (periods[i].start < periods[i - 1].end)
      return InvalidArgument(std::string(field), "validation.period_order");
  return periods;
}

// --- iCalendar ---
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

// Physical lines -> logical lines: CRLF or LF, a line starting with space or tab continues
// the previous one (RFC 5545 §3.1 folding).
std::vector<std::string> UnfoldLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !lines.empty())
      lines.back().append(line.substr(1));
    else
      lines.emplace_back(line);
  }
  return lines;
}

struct Property {
  std::string name;    // upper case
  std::string params;  // upper case, e.g. ";VALUE=DATE"
  std::string value;
};

bool SplitProperty(const std::string& line, Property& out) {
  // The value starts at the first ':' outside a quoted parameter value.
  bool quoted = false;
  size_t colon = std::string::npos;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"')
      quoted = !quoted;
    else if (line[i] == ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon == std::string::npos) return false;
  const std::string head = line.substr(0, colon);
  const size_t semi = head.find(';');
  out.name = Upper(head.substr(0, semi));
  out.params = semi == std::string::npos ? "" : Upper(head.substr(semi));
  out.value = line.substr(colon + 1);
  return true;
}

std::string UnescapeText(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      char n = v[++i];
      out += (n == 'n' || n == 'N') ? '\n' : n;
    } else {
      out += v[i];
    }
  }
  return out;
}

// "20261001" or "20261001T090000[Z]" -> date; `late` tells whether a time after 00:00 was
// given (an end at 09:00 still covers that day).
bool ParseIcsDate(std::string_view v, int32_t& date, bool& late) {
  auto digits = [&](size_t from, size_t n, int& out) {
    if (v.size() < from + n) return false;
    out = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(v[i]))) return false;
      out = out * 10 + (v[i] - '0');
    }
    return true;
  };
  int y, m, d;
  if (!digits(0, 4, y) || !digits(4, 2, m) || !digits(6, 2, d)) return false;
  date::year_month_day ymd =
      date::year{y} / date::month{static_cast<unsigned>(m)} / date::day{static_cast<unsigned>(d)};
  if (!ymd.ok()) return false;
  date = static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
  late = false;
  if (v.size() == 8) return true;
  int hms;
  if (v[8] != 'T' || !digits(9, 6, hms)) return false;
  if (!(v.size() == 15 || (v.size() == 16 && (v[15] == 'Z' || v[15] == 'z')))) return false;
  late = hms != 0;
  return true;
}

bool IsWorkdayName(const std::string& name) {
  if (name.find("班") != std::string::npos) return true;
  std::string lower(name);
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lower.find("work") != std::string::npos;
}

}  // namespace

Result<std::vector<IcsDay>> ParseIcs(std::string_view text) {
  const Error bad = InvalidArgument("file", "validation.ics");
  const std::vector<std::string> lines = UnfoldLines(text);
  const bool is_calendar = std::any_of(lines.begin(), lines.end(), [](const std::string& l) {
    return Upper(l) == "BEGIN:VCALENDAR";
  });
  if (!is_calendar) return bad;

  std::map<int32_t, IcsDay> days;
  bool in_event = false;
  // An event's DTSTART / DTEND: date, and whether a time after midnight was given.
  struct When {
    bool set = false;
    int32_t date = 0;
    bool late = false;
  };
  When start, end;
  std::string summary;
  for (const std::string& line : lines) {
    Property p;
    if (!SplitProperty(line, p)) continue;
    if (p.name == "BEGIN" && Upper(p.value) == "VEVENT") {
      in_event = true;
      start = end = When{};
      summary.clear();
    } else if (!in_event) {
      continue;
    } else if (p.name == "DTSTART" || p.name == "DTEND") {
      int32_t date = 0;
      bool late = false;
      if (!ParseIcsDate(p.value, date, late)) return bad;
      (p.name == "DTSTART" ? start : end) = When{true, date, late};
    } else if (p.name == "SUMMARY") {
      summary = UnescapeText(p.value);
    } else if (p.name == "END" && Upper(p.value) == "VEVENT") {
      in_event = false;
      if (!start.set) continue;
      int32_t last = start.date;  // inclusive
      if (end.set) {
        const int32_t end_incl = end.late ? end.date : end.date - 1;
        last = std::max(last, end_incl);
      }
      if (last - start.date > 366) return bad;  // a "holiday" of more than a year is a mistake
      const DayKind kind = IsWorkdayName(summary) ? DayKind::kWorkday : DayKind::kHoliday;
      for (int32_t d = start.date; d <= last; ++d) days[d] = IcsDay{d, kind, summary};
      if (days.size() > static_cast<size_t>(kMaxScanDays))
        return InvalidArgument("file", "validation.out_of_range")
            .With("min", "0")
            .With("max", std::to_string(kMaxScanDays));
    }
  }
  std::vector<IcsDay> out;
  out.reserve(days.size());
  for (auto& [d, day] : days) out.push_back(std::move(day));
  return out;
}

}  // namespace yingbin::core
