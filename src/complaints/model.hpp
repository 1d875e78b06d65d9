#pragma once
// Plain records of customer complaints as work orders (DOMAIN.md CMP): the ticket, its
// timeline, its clocks and its notice form (告知单), the customer, and the data an
// administrator keeps: work-order types with their time limits, cause classes with the
// routing matrix, and each department's supervisor for the escalation ladder.
//
// Designed to grow (issue 4, second half): severity and the customer's history feed the
// red alert (CMP-7), the notice's responsible person feeds attribution (CMP-8), the
// timeline's replies go through the phrase check (CMP-10), and the callback's answer is
// where the satisfaction survey (CMP-6, QA-1) hangs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace yingbin::complaints {

// CMP-4: received → classified → dispatched → in progress → resolved → reviewed →
// reported to the customer → called back → archived. An unsatisfied callback (or a
// rejected review) goes back to in progress.
enum class TicketStatus {
  kReceived,
  kClassified,
  kDispatched,
  kInProgress,
  kResolved,
  kReviewed,
  kReported,
  kCalledBack,
  kArchived,
};

// CMP-1 channels.
inline constexpr const char* kChannels[] = {"onsite", "phone", "email", "web"};
// Severity (CMP-7 red alert builds on it).
inline constexpr const char* kSeverities[] = {"minor", "normal", "serious", "major"};

// How a time limit counts.
enum class LimitUnit {
  kWorkingDays,   // the same local time N working days later (core::AddWorkingDays)
  kWorkingHours,  // desk hours of working days (core::AddWorkingMinutes)
  kHours,         // wall-clock hours (the callback's "within 24 h")
};

struct Limit {
  int64_t value = 0;
  LimitUnit unit = LimitUnit::kWorkingDays;
};

// CMP-1 work-order types, each with its own limits (0 = no such clock).
struct ComplaintType {
  std::string code;  // complaint, consultation, report, opinion, suggestion, praise, repair
  std::string name_zh_cn, name_zh_tw, name_en;
  Limit first_contact{1, LimitUnit::kWorkingDays};
  Limit answer{7, LimitUnit::kWorkingDays};
  bool on_public_form = true;
  int64_t sort = 0;
  bool active = true;
};

// CMP-2 cause class with its CMP-3 route.
struct CauseClass {
  std::string code;
  std::string name_zh_cn, name_zh_tw, name_en;
  std::string department_names;          // seeded names, "/" between alternatives
  std::optional<int64_t> department_id;  // the administrator's choice
  // Resolved for display and routing: the chosen department, else the first org
  // department whose name is one of department_names; none = unrouted.
  std::optional<int64_t> routed_department_id;
  std::string routed_department_name;
  int64_t sort = 0;
  bool active = true;
  // CMP-5: a complaint about a person's attitude: once handled, the handling opinion on
  // the staff member is due the same or the next day and is reported to HR.
  bool attitude = false;
};

// CMP-5 ladder settings of a department.
struct DepartmentLadder {
  int64_t department_id = 0;
  std::string department_name;
  std::optional<int64_t> supervisor_user_id;
  std::string supervisor_name;
  std::optional<int64_t> head_user_id;  // from the department's head staff record
  std::string head_name;
};

struct Customer {
  int64_t id = 0;
  std::string name, organisation, phone_hint, email;
  int64_t ticket_count = 0;
};

struct Ticket {
  int64_t id = 0;
  std::string number;  // "TS20261122-0007"
  std::string type;
  std::string channel;
  int64_t site_id = 0;
  int64_t customer_id = 0;
  std::string subject, description, customer_request;
  std::string severity = "normal";
  bool agitated = false;
  std::optional<std::string> cause_class;
  std::optional<int64_t> department_id;
  std::optional<int64_t> assignee_user_id;
  std::optional<int64_t> owner_user_id;  // GEN-6 first-contact owner
  int ladder_step = 0;
  TicketStatus status = TicketStatus::kReceived;
  std::optional<int64_t> next_due_at;
  std::optional<int64_t> agreed_deadline;
  std::optional<int64_t> paused_since;
  std::string pause_reason;
  int64_t reopen_count = 0;
  std::string resolution;
  std::optional<bool> satisfied;
  std::optional<int64_t> call_id;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
  std::optional<int64_t> resolved_at, archived_at, archived_by;
  // The second half (V014): the customer's temperament (CMP-9), the red flag (CMP-7) with
  // its reasons as JSON, the ticket a duplicate was merged into (CMP-12). Written by their
  // own parts (replies, red_alert, history), never by store::UpdateTicket.
  std::optional<std::string> temperament;
  std::optional<int64_t> red_alert_at;
  std::string red_alert_reasons = "[]";
  std::optional<int64_t> merged_into_id;
  // Joined for display.
  std::string customer_name, customer_organisation, customer_phone_hint, customer_email;
  std::string department_name, assignee_name, owner_name, site_name, cause_name, type_name;
  std::string call_number;
  bool overdue = false;  // a running clock is past due
};

struct Event {
  int64_t id = 0;
  int64_t complaint_id = 0;
  int64_t at = 0;
  std::optional<int64_t> actor_user_id;
  std::string actor_name;
  std::string kind;
  std::string from_status, to_status;
  std::string note;
  std::string data_json = "{}";
};

// CMP-5/CMP-6 clock kinds.
// "opinion": an attitude complaint's handling opinion on the staff member (CMP-5).
inline constexpr const char* kClockKinds[] = {"first_contact", "answer", "callback", "escalation",
                                              "opinion"};

struct Clock {
  int64_t id = 0;
  int64_t complaint_id = 0;
  std::string kind;
  int64_t started_at = 0;
  Limit limit;
  int64_t limit_due_at = 0;  // the limit alone; due_at is the earlier of it and the agreement
  int64_t due_at = 0;
  std::optional<int64_t> warn_at, warned_at, breached_at, met_at, cancelled_at, paused_since;
  int64_t paused_ms = 0;
  bool agreed = false;  // due_at is the deadline agreed with the customer
  int64_t created_at = 0;

  bool Running() const { return !met_at && !cancelled_at; }
};

// A line of the overdue dashboard: a running clock past due and its ticket.
struct OverdueClock {
  Clock clock;
  Ticket ticket;
};

// The notice form 顾客投诉处理告知单 (CMP-4).
struct Notice {
  int64_t id = 0;
  int64_t complaint_id = 0;
  int64_t round = 1;
  std::optional<int64_t> department_id;
  int64_t dispatched_at = 0;
  std::optional<int64_t> dispatched_by;
  std::optional<int64_t> acknowledged_at, acknowledged_by, returned_at, returned_by;
  std::string cause, fix, responsible_person;
  std::optional<int64_t> responsible_staff_id;
  std::optional<int32_t> handled_on;  // YYYYMMDD
  // Joined for display.
  std::string department_name, dispatched_by_name, acknowledged_by_name, returned_by_name;

  bool Returned() const { return returned_at.has_value(); }
};

}  // namespace yingbin::complaints
