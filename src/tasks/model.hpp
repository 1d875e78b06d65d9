#pragma once
// A task is one timed duty with an owner (DESIGN.md "tasks/"): "notify the host at T-10",
// "the host has not answered in 5 minutes", "not checked out at close". Modules create
// tasks in the transaction of the change that makes them due; the scheduler fires each
// once at due_at (the handler of its kind runs in a transaction) and escalates it at
// escalate_at when it is still open then.
#include <cstdint>
#include <optional>
#include <string>

namespace yingbin::tasks {

enum class Status { kOpen, kDone, kCancelled };
const char* StatusName(Status s);  // "open", "done", "cancelled"

struct Task {
  int64_t id = 0;
  std::string kind;          // "visit.notify_host"
  std::string subject_type;  // "visit"
  int64_t subject_id = 0;
  std::optional<int64_t> site_id;
  std::string title;
  std::optional<int64_t> owner_user_id;   // who must act; none = the site's desk
  std::optional<int64_t> owner_staff_id;
  int64_t due_at = 0;
  std::optional<int64_t> escalate_at;
  std::optional<int64_t> escalate_to_user_id;
  Status status = Status::kOpen;
  std::optional<int64_t> fired_at, escalated_at, completed_at, completed_by;
  std::string payload_json = "{}";
  int64_t created_at = 0;
};

}  // namespace yingbin::tasks
