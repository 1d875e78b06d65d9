#pragma once
// Plain records of the org module (DESK, GEN-4): sites with their business calendar,
// departments (a tree), staff with rank, venues.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"

namespace yingbin::org {

struct Site {
  int64_t id = 0;
  std::string name;
  std::string code;
  std::string time_zone = "Asia/Shanghai";
  std::string address;
  std::string directions;
  std::string transport;  // TEL-5: bus stops, metro, parking (for callers asking the way)
  std::vector<core::Period> desk_hours;  // sorted, non-overlapping (DESK-1)
  std::set<int> working_weekdays = {1, 2, 3, 4, 5};
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Department {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> code;  // optional and unique when given
  std::optional<int64_t> parent_id;
  std::optional<int64_t> site_id;
  std::optional<int64_t> head_staff_id;
};

inline constexpr int kMinRank = 1;
inline constexpr int kMaxRank = 20;
inline constexpr int kDefaultRank = 5;

struct Staff {
  int64_t id = 0;
  std::string name;
  // Pinyin initials for search ("zs" for 张三). There is no pinyin library among the
  // dependencies, so they are supplied by the client (or left empty) rather than derived.
  std::string name_initials;
  std::optional<int64_t> department_id;
  std::optional<int64_t> site_id;
  std::string title;
  int rank = kDefaultRank;  // 1..20, higher is more senior (GEN-4)
  std::string phone;
  std::string email;
  std::string extension;
  std::optional<int64_t> user_id;
  bool active = true;
};

inline const std::vector<std::string_view> kVenueKinds = {"large_meeting_room",
                                                          "small_meeting_room", "lounge", "office"};

struct Venue {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string name;
  std::string kind = "small_meeting_room";
  int64_t capacity = 0;
  std::vector<std::string> equipment;
  bool active = true;
};

struct CalendarDay {
  int32_t date = 0;  // days since epoch, site-local
  core::DayKind kind = core::DayKind::kHoliday;
  std::string name;
};

}  // namespace yingbin::org
