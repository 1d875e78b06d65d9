#pragma once
// Plain records of the duty roster and the conduct records of the front desk
// (DOMAIN.md DESK-1, DESK-2). Days are days since 1970-01-01 in the site's local calendar;
// times of a day are minutes after local midnight; instants are UTC epoch milliseconds.
#include <cstdint>
#include <optional>
#include <string>

#include "roster/rules.hpp"

namespace yingbin::roster {

// DESK-1: a clerk at the desk of a site for part of a day, or the named lunch cover.
struct Shift {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t staff_id = 0;
  int32_t day = 0;
  int start = 0, end = 0;  // minutes of the local day
  ShiftKind kind = ShiftKind::kDesk;
  std::string note;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
  std::string staff_name;  // joined for display
};

// Leave, sickness, an errand: the clerk is away, with or without a named cover.
inline const char* const kAbsenceKinds[] = {"leave", "sick", "business", "other"};

struct Absence {
  int64_t id = 0;
  int64_t staff_id = 0;
  std::string kind = "leave";
  int64_t start_at = 0, end_at = 0;  // [start_at, end_at)
  std::optional<int64_t> cover_staff_id;
  std::string note;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
  std::string staff_name, cover_name;  // joined
};

// DESK-1: a clerk leaving the desk hands their duty to a named colleague until they come
// back. The colleague confirms that they took over (recorded, not required).
struct Handover {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t from_staff_id = 0, to_staff_id = 0;
  std::string reason;
  int64_t started_at = 0;
  std::optional<int64_t> ended_at, confirmed_at;
  std::optional<int64_t> started_by, ended_by;
  int64_t created_at = 0, updated_at = 0;
  std::string from_name, to_name;                   // joined
  std::optional<int64_t> from_user_id, to_user_id;  // their logins
};

// Per-site roster settings: who is warned about gaps (none = every admin clerk).
struct SiteSettings {
  int64_t site_id = 0;
  std::optional<int64_t> warn_user_id;
  std::string warn_user_name;  // joined
  std::optional<int64_t> updated_at;
};

// DESK-2: a violation logged by the supervisor.
inline const char* const kViolationKinds[] = {
    "absent_from_post",  // 离岗、空岗
    "late",              // 迟到早退
    "appearance",        // 仪容仪表
    "etiquette",         // 礼貌礼节
    "phone",             // 电话接听
    "registration",      // 来客登记
    "desk_order",        // 前台环境（进食、杂物、闲聊）
    "other",
};

struct Violation {
  int64_t id = 0;
  int64_t staff_id = 0;
  int64_t site_id = 0;
  int32_t day = 0;
  std::string kind = "other";
  std::string details;
  Severity severity = Severity::kMinor;
  int64_t fine_fen = 0;  // serious ones only; integer fen
  std::string appeal;    // the clerk's appeal or explanation
  std::optional<int64_t> appeal_at;
  std::optional<int64_t> recorded_by;
  int64_t created_at = 0, updated_at = 0;
  std::string staff_name, recorded_by_name;  // joined
  std::optional<int64_t> staff_department_id;
};

// DESK-2: the supervisor's note on a clerk's month and the training given.
struct MonthNote {
  int64_t staff_id = 0;
  int32_t month = 0;  // YYYYMM
  std::string note;
  std::optional<int32_t> training_on;  // day
  std::optional<int64_t> updated_at;
};

// A staff member as the roster needs them.
struct Clerk {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> site_id, department_id, user_id;
  bool active = true;
};

}  // namespace yingbin::roster
