#pragma once
// Plain records of the visitors module.
#include <cstdint>
#include <optional>
#include <string>

#include "visitors/rules.hpp"

namespace yingbin::visitors {

struct Visit {
  int64_t id = 0;
  std::string number;  // "V20261123-0007"
  int64_t site_id = 0;
  int32_t day = 0;     // local YYYYMMDD
  std::optional<int64_t> visitor_id;
  std::string mode;    // "appointment" | "walk_in"
  std::string visitor_kind = "other";  // a triage_rules.visitor_kind
  std::string category = "D";          // VIS-11 A..D
  VisitStatus status = VisitStatus::kExpected;
  std::string visitor_name, company, phone_hint;
  int64_t head_count = 1;
  std::string purpose;
  std::optional<int64_t> host_staff_id, deputy_staff_id, venue_id;
  std::optional<int64_t> expected_at, expected_minutes;
  std::optional<int64_t> arrived_at, admitted_at, departed_at, cancelled_at;
  std::string cancel_reason;
  std::optional<int64_t> host_notified_at;
  std::string host_answer;  // "", coming, wait, venue, decline
  std::optional<int64_t> host_answer_minutes, host_answer_venue_id, host_answered_at;
  std::string host_answer_note;
  std::string badge_code;
  std::string invite_email;
  std::string greeting_json = "{}";
  bool special_access = false;
  bool watch_hit = false;
  std::string outcome;
  std::string notes;
  std::optional<int64_t> owner_user_id, created_by;
  int64_t created_at = 0, updated_at = 0;
  // Joined for display (not stored in visits).
  std::string host_name, deputy_name, venue_name, host_answer_venue_name;
};

struct Visitor {
  int64_t id = 0;
  std::string name, company;
  std::string phone_hint, id_number_hint, email;
  int64_t visit_count = 0;
  std::optional<int64_t> last_visit_at;
  bool anonymised = false;
};

struct TriageRule {
  int64_t id = 0;
  std::string visitor_kind, label, action;
  std::string category = "D";
  std::optional<int64_t> department_id;
  std::string instructions;
  int64_t sort = 0;
  bool active = true;
};

struct ListEntry {
  int64_t id = 0;
  std::string list;  // exempt | special | watch
  std::string name, company, id_number_hint, note;
  std::optional<int64_t> host_staff_id;
  bool active = true;
};

}  // namespace yingbin::visitors
