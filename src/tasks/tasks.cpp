#include "tasks/tasks.hpp"

#include <string>

namespace yingbin::tasks {
namespace {

using db::Null;
using db::Value;

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Null(); }

constexpr char kColumns[] =
    "id, kind, subject_type, subject_id, site_id, title, owner_user_id, owner_staff_id, "
    "due_at, escalate_at, escalate_to_user_id, status, fired_at, escalated_at, completed_at, "
    "completed_by, payload_json, created_at";

constexpr char kInsert[] =
    "INSERT INTO tasks (kind, subject_type, subject_id, site_id, title, owner_user_id, "
    "owner_staff_id, due_at, escalate_at, escalate_to_user_id, status, payload_json, "
    "created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12, $12)";

Status ParseStatus(const std::string& s) {
  if (s == "done") return Status::kDone;
  if (s == "cancelled") return Status::kCancelled;
  return Status::kOpen;
}

Task FromRow(const db::Rows& r, size_t i) {
  Task t;
  t.id = r.Int(i, "id");
  t.kind = r.Text(i, "kind");
  t.subject_type = r.Text(i, "subject_type");
  t.subject_id = r.Int(i, "subject_id");
  t.site_id = r.OptInt(i, "site_id");
  t.title = r.Text(i, "title");
  t.owner_user_id = r.OptInt(i, "owner_user_id");
  t.owner_staff_id = r.OptInt(i, "owner_staff_id");
  t.due_at = r.Int(i, "due_at");
  t.escalate_at = r.OptInt(i, "escalate_at");
  t.escalate_to_user_id = r.OptInt(i, "escalate_to_user_id");
  t.status = ParseStatus(r.Text(i, "status"));
  t.fired_at = r.OptInt(i, "fired_at");
  t.escalated_at = r.OptInt(i, "escalated_at");
  t.completed_at = r.OptInt(i, "completed_at");
  t.completed_by = r.OptInt(i, "completed_by");
  t.payload_json = r.Text(i, "payload_json");
  t.created_at = r.Int(i, "created_at");
  return t;
}

// "subject_type = $1 AND subject_id = $2 [AND kind = $n]" with its parameters appended.
std::string SubjectFilter(std::string_view subject_type, int64_t subject_id,
                          std::optional<std::string_view> kind, std::vector<Value>& params) {
  params.push_back(std::string(subject_type));
  std::string sql = "subject_type = $" + std::to_string(params.size());
  params.push_back(subject_id);
  sql += " AND subject_id = $" + std::to_string(params.size());
  if (kind) {
    params.push_back(std::string(*kind));
    sql += " AND kind = $" + std::to_string(params.size());
  }
  return sql;
}

}  // namespace

const char* StatusName(Status s) {
  switch (s) {
    case Status::kOpen: return "open";
    case Status::kDone: return "done";
    case Status::kCancelled: return "cancelled";
  }
  return "open";
}

core::Result<int64_t> Create(db::Connection& tx, const Task& t, int64_t now) {
  return tx.Insert(kInsert, {t.kind, t.subject_type, t.subject_id, Opt(t.site_id), t.title,
                             Opt(t.owner_user_id), Opt(t.owner_staff_id), t.due_at,
                             Opt(t.escalate_at), Opt(t.escalate_to_user_id),
                             t.payload_json.empty() ? std::string("{}") : t.payload_json, now});
}

core::Result<int64_t> CancelFor(db::Connection& tx, std::string_view subject_type,
                                int64_t subject_id, std::optional<std::string_view> kind,
                                int64_t now) {
  std::vector<Value> params{now};
  std::string sql = "UPDATE tasks SET status = 'cancelled', updated_at = $1 WHERE status = 'open' AND " +
                    SubjectFilter(subject_type, subject_id, kind, params);
  return tx.Exec(sql, params);
}

core::Result<int64_t> CompleteFor(db::Connection& tx, std::string_view subject_type,
                                  int64_t subject_id, std::optional<std::string_view> kind,
                                  int64_t user_id, int64_t now) {
  std::vector<Value> params{now, user_id ? Value(user_id) : Null()};
  std::string sql =
      "UPDATE tasks SET status = 'done', completed_at = $1, completed_by = $2, updated_at = $1 "
      "WHERE status = 'open' AND " +
      SubjectFilter(subject_type, subject_id, kind, params);
  return tx.Exec(sql, params);
}

core::Result<bool> Cancel(db::Connection& tx, int64_t id, int64_t now) {
  auto n = tx.Exec(
      "UPDATE tasks SET status = 'cancelled', updated_at = $1 WHERE id = $2 AND status = 'open'",
      {now, id});
  if (!n) return std::move(n).error();
  return *n > 0;
}

core::Result<bool> Reschedule(db::Connection& tx, int64_t id, int64_t due_at,
                              std::optional<int64_t> escalate_at, std::string_view title,
                              std::string_view payload_json, int64_t now) {
  auto n = tx.Exec(
      "UPDATE tasks SET due_at = $1, escalate_at = $2, title = $3, payload_json = $4, "
      "fired_at = NULL, escalated_at = NULL, updated_at = $5 WHERE id = $6 AND status = 'open'",
      {due_at, Opt(escalate_at), std::string(title),
       payload_json.empty() ? std::string("{}") : std::string(payload_json), now, id});
  if (!n) return std::move(n).error();
  return *n > 0;
}

core::Result<Task> Get(db::Connection& c, int64_t id) {
  auto rows = c.Query(std::string("SELECT ") + kColumns + " FROM tasks WHERE id = $1", {id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return core::NotFound();
  return FromRow(*rows, 0);
}

core::Status Complete(db::Connection& tx, int64_t id, int64_t user_id, int64_t now) {
  auto task = Get(tx, id);
  if (!task) return std::move(task).error();
  if (task->status != Status::kOpen) return core::Conflict("tasks.not_open");
  auto n = tx.Exec(
      "UPDATE tasks SET status = 'done', completed_at = $1, completed_by = $2, updated_at = $1 "
      "WHERE id = $3 AND status = 'open'",
      {now, user_id ? Value(user_id) : Null(), id});
  if (!n) return std::move(n).error();
  return core::Ok();
}

core::Result<std::vector<Task>> List(db::Connection& c, const Query& q) {
  std::vector<Value> params;
  std::string where = "1 = 1";
  auto add = [&](const std::string& cond, Value v) {
    params.push_back(std::move(v));
    where += " AND " + cond + " $" + std::to_string(params.size());
  };
  if (q.owner_user_id) add("owner_user_id =", *q.owner_user_id);
  if (q.site_id) add("site_id =", *q.site_id);
  if (q.desk_only) where += " AND owner_user_id IS NULL";
  if (q.open_only) where += " AND status = 'open'";
  if (q.fired_only) where += " AND fired_at IS NOT NULL";
  if (q.subject_type) add("subject_type =", *q.subject_type);
  if (q.subject_id) add("subject_id =", *q.subject_id);
  if (q.due_from) add("due_at >=", *q.due_from);
  if (q.due_to) add("due_at <", *q.due_to);
  params.push_back(q.limit);
  auto rows = c.Query(std::string("SELECT ") + kColumns + " FROM tasks WHERE " + where +
                          " ORDER BY due_at, id LIMIT $" + std::to_string(params.size()),
                      params);
  if (!rows) return std::move(rows).error();
  std::vector<Task> out;
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(FromRow(*rows, i));
  return out;
}

}  // namespace yingbin::tasks
