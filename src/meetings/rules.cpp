#include "meetings/rules.hpp"

#include <algorithm>
#include <set>

#include "core/calendar.hpp"

namespace yingbin::meetings {
namespace {

constexpr int64_t kMinute = 60'000;

const char* const kServiceItems[] = {"name_plates", "laptop", "projector", "recorder",
                                     "tea",         "drinks", "other"};

// Civil date <-> days since epoch (Howard Hinnant's algorithms), for months.
void CivilFromDays(int32_t z, int& y, int& m, int& d) {
  int64_t zz = int64_t{z} + 719468;
  const int64_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
  const int64_t doe = zz - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

int32_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int32_t>(era * 146097 + doe - 719468);
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

const char* ByDay(int iso) {
  static const char* kDays[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  return kDays[(iso - 1) % 7];
}

}  // namespace

const char* StatusName(State s) {
  switch (s) {
    case State::kPending:
      return "pending";
    case State::kConfirmed:
      return "confirmed";
    case State::kRejected:
      return "rejected";
    case State::kCancelled:
      return "cancelled";
  }
  return "pending";
}

std::optional<State> ParseStatus(std::string_view s) {
  for (auto st : {State::kPending, State::kConfirmed, State::kRejected, State::kCancelled})
    if (s == StatusName(st)) return st;
  return std::nullopt;
}

bool Holds(State s) { return s == State::kPending || s == State::kConfirmed; }

bool IsServiceItem(std::string_view item) {
  return std::any_of(std::begin(kServiceItems), std::end(kServiceItems),
                     [&](const char* k) { return item == k; });
}

Status CheckServices(const std::vector<ServiceItem>& items) {
  std::set<std::string> seen;
  for (const auto& s : items) {
    if (!IsServiceItem(s.item))
      return core::InvalidArgument("services", "validation.one_of")
          .With("allowed", "name_plates, laptop, projector, recorder, tea, drinks, other");
    if (s.quantity < 1 || s.quantity > 999)
      return core::InvalidArgument("services", "validation.out_of_range")
          .With("min", "1")
          .With("max", "999");
    if (s.item == "other") {
      if (s.note.empty()) return core::InvalidArgument("services", "meetings.other_needs_note");
    } else if (!seen.insert(s.item).second) {
      return core::InvalidArgument("services", "meetings.service_twice").With("item", s.item);
    }
  }
  return core::Ok();
}

std::string ApprovalRule(bool venue_needs_approval, std::string_view category) {
  if (category == "A") return "category_a";
  if (venue_needs_approval) return "venue";
  return "";
}

bool CategoryANoticeOk(int32_t today, int32_t meeting_date, int64_t notice_days) {
  return int64_t{meeting_date} - today >= notice_days;
}

Result<std::vector<int32_t>> OccurrenceDates(const Recurrence& rule, int32_t first,
                                             int32_t horizon_last, int64_t max_count) {
  if (rule.freq != "daily" && rule.freq != "weekly" && rule.freq != "monthly")
    return core::InvalidArgument("recurrence.freq", "validation.one_of")
        .With("allowed", "daily, weekly, monthly");
  if (rule.interval < 1 || rule.interval > 12)
    return core::InvalidArgument("recurrence.interval", "validation.out_of_range")
        .With("min", "1")
        .With("max", "12");
  for (int w : rule.weekdays)
    if (w < 1 || w > 7)
      return core::InvalidArgument("recurrence.weekdays", "validation.out_of_range")
          .With("min", "1")
          .With("max", "7");
  if (!rule.until_date && !rule.count)
    return core::InvalidArgument("recurrence.until", "validation.required");
  if (rule.until_date && *rule.until_date < first)
    return core::InvalidArgument("recurrence.until", "meetings.until_before_start");
  if (rule.count && (*rule.count < 1 || *rule.count > max_count))
    return core::InvalidArgument("recurrence.count", "validation.out_of_range")
        .With("min", "1")
        .With("max", std::to_string(max_count));
  int32_t last = horizon_last;
  if (rule.until_date) last = std::min(last, *rule.until_date);
  int64_t limit = max_count;
  if (rule.count) limit = std::min(limit, *rule.count);

  std::vector<int32_t> out;
  auto take = [&](int32_t d) {
    if (d < first || d > last || static_cast<int64_t>(out.size()) >= limit) return false;
    out.push_back(d);
    return true;
  };
  if (rule.freq == "daily") {
    for (int32_t d = first; d <= last && static_cast<int64_t>(out.size()) < limit;
         d += static_cast<int32_t>(rule.interval))
      take(d);
  } else if (rule.freq == "weekly") {
    std::set<int> days(rule.weekdays.begin(), rule.weekdays.end());
    if (days.empty()) days.insert(core::IsoWeekday(first));
    // The first occurrence is always the first date, even off the rule's weekdays.
    take(first);
    const int32_t monday = first - (core::IsoWeekday(first) - 1);
    for (int32_t week = monday; week <= last && static_cast<int64_t>(out.size()) < limit;
         week += static_cast<int32_t>(7 * rule.interval))
      for (int wd : days) {
        const int32_t d = week + wd - 1;
        if (d > first) take(d);
      }
  } else {
    int y, m, d;
    CivilFromDays(first, y, m, d);
    for (int64_t k = 0; static_cast<int64_t>(out.size()) < limit; k += rule.interval) {
      const int64_t months = int64_t{y} * 12 + (m - 1) + k;
      const int yy = static_cast<int>(months / 12), mm = static_cast<int>(months % 12) + 1;
      if (DaysFromCivil(yy, mm, 1) > last) break;
      if (d > DaysInMonth(yy, mm)) continue;  // no 31st in that month: skipped
      take(DaysFromCivil(yy, mm, d));
    }
  }
  return out;
}

std::string RRuleText(const Recurrence& rule, int64_t materialised_count) {
  std::string freq = rule.freq == "daily" ? "DAILY" : rule.freq == "weekly" ? "WEEKLY" : "MONTHLY";
  std::string s = "FREQ=" + freq + ";INTERVAL=" + std::to_string(rule.interval);
  if (rule.freq == "weekly" && !rule.weekdays.empty()) {
    std::set<int> days(rule.weekdays.begin(), rule.weekdays.end());
    s += ";BYDAY=";
    bool first = true;
    for (int d : days) {
      if (!first) s += ",";
      s += ByDay(d);
      first = false;
    }
  }
  s += ";COUNT=" + std::to_string(materialised_count);
  return s;
}

bool IsSummer(int month, int64_t first, int64_t last) {
  return first <= last ? month >= first && month <= last : month >= first || month <= last;
}

std::vector<ChecklistStep> Checklist(int64_t start_at, int64_t end_at, const ChecklistTimes& t,
                                     const std::string& room_name,
                                     std::optional<int64_t> ac_celsius) {
  std::vector<ChecklistStep> out;
  // MTG-3: T-30 all materials in place, laptop connected to the projector and tested;
  // MTG-4: in summer the air conditioning at 26 °C (a setting).
  std::string setup = "布置会场：" + room_name + "（纸笔、茶水到位，电脑连接投影并试放资料";
  if (ac_celsius) setup += "，空调调至 " + std::to_string(*ac_celsius) + " °C";
  out.push_back({"meeting.setup", start_at - t.setup_before_minutes * kMinute, setup + "）"});
  // MTG-3: T-15 greet attendees at the front desk and lead them to their seats.
  out.push_back({"meeting.greet", start_at - t.greet_before_minutes * kMinute,
                 "前台迎候参会人员，引导至" + room_name + "入座"});
  // MTG-3: when all have arrived: pour tea, leave, close the door.
  out.push_back({"meeting.tea", start_at, "人员到齐后斟茶，退出并关门：" + room_name});
  // MTG-3: every N minutes refill (knock first), while the meeting lasts.
  if (t.refill_every_minutes > 0) {
    int n = 0;
    for (int64_t at = start_at + t.refill_every_minutes * kMinute; at < end_at;
         at += t.refill_every_minutes * kMinute)
      out.push_back({"meeting.refill", at,
                     "续水（先敲门）：" + room_name + " 第 " + std::to_string(++n) + " 次"});
  }
  // MTG-3: after the meeting: see attendees off, clear and clean, switch everything off.
  out.push_back({"meeting.cleanup", end_at,
                 "送别参会人员，清理" + room_name + "，关闭电源、空调、投影、饮水机"});
  return out;
}

}  // namespace yingbin::meetings
