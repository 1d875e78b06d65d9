#pragma once
// Creating and closing tasks inside a module's transaction, and reading them.
// Thread-safe (no state); every function takes the caller's open transaction or the pool.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "tasks/model.hpp"

namespace yingbin::tasks {

// Inserts `t` (id, status, fired/escalated/completed are ignored) and returns its id.
// REQUIRES: tx is inside Begin()..Commit(); t.kind, t.subject_type non-empty.
core::Result<int64_t> Create(db::Connection& tx, const Task& t, int64_t now);

// Cancels the open tasks of a subject, only those of `kind` when given. Returns how many.
core::Result<int64_t> CancelFor(db::Connection& tx, std::string_view subject_type,
                                int64_t subject_id, std::optional<std::string_view> kind,
                                int64_t now);

// Marks the open tasks of a subject (of `kind` when given) done by `user_id` (0 = system).
core::Result<int64_t> CompleteFor(db::Connection& tx, std::string_view subject_type,
                                  int64_t subject_id, std::optional<std::string_view> kind,
                                  int64_t user_id, int64_t now);

// Cancels one open task. Returns whether it was open (a done or cancelled task stays).
core::Result<bool> Cancel(db::Connection& tx, int64_t id, int64_t now);

// Moves one open task to a new due time, escalation time, title and payload; it fires (and
// escalates) again at the new times, also when it had fired already. Returns whether it
// was open.
core::Result<bool> Reschedule(db::Connection& tx, int64_t id, int64_t due_at,
                              std::optional<int64_t> escalate_at, std::string_view title,
                              std::string_view payload_json, int64_t now);

// One task; kNotFound when there is none.
core::Result<Task> Get(db::Connection& c, int64_t id);

// Marks one open task done. Errors: kNotFound; kConflict "tasks.not_open" when it is done
// or cancelled already.
core::Status Complete(db::Connection& tx, int64_t id, int64_t user_id, int64_t now);

struct Query {
  std::optional<int64_t> owner_user_id;
  std::optional<int64_t> site_id;
  bool desk_only = false;   // with site_id: tasks without an owner (the desk's)
  bool open_only = true;
  bool fired_only = false;  // only tasks already due (fired)
  std::optional<std::string> subject_type;
  std::optional<int64_t> subject_id;
  std::optional<int64_t> due_from, due_to;  // due_at in [due_from, due_to)
  int64_t limit = 100;
};
core::Result<std::vector<Task>> List(db::Connection& c, const Query& q);

}  // namespace yingbin::tasks
