#include "receptions/execution_store.hpp"

#include "db/sql.hpp"

namespace yingbin::receptions::store {
namespace {

using db::Null;
using db::OrNull;
using db::Rows;
using db::Value;

// The name a user is shown under (as in store.cpp): their staff record's name, else the
// display name, else the user name; '' for no user.
#define YB_EXEC_USER_NAME(alias)                                              \
  "CASE WHEN " alias                                                          \
  ".id IS NULL THEN '' ELSE COALESCE((SELECT us.name FROM staff us "          \
  "WHERE us.user_id = " alias ".id ORDER BY us.id LIMIT 1), CASE WHEN " alias \
  ".display_name <> '' THEN " alias ".display_name ELSE COALESCE(" alias      \
  ".username, '') "                                                           \
  "END) END"

Value OptDay(const std::optional<int32_t>& d) { return d ? Value(int64_t{*d}) : Null(); }

std::optional<int32_t> OptDayOf(const Rows& r, size_t i, std::string_view col) {
  auto v = r.OptInt(i, col);
  if (!v) return std::nullopt;
  return static_cast<int32_t>(*v);
}

}  // namespace

Result<Execution> FindExecution(Connection& c, int64_t reception_id) {
  auto rows = c.Query(
      "SELECT e.started_at, e.started_by, e.finished_at, e.finished_by, e.archived_at, "
      "e.archived_by, e.followup_due_at, e.summary_overview, e.summary_results, "
      "e.summary_problems, e.summary_improvements, e.summary_by, e.summary_at, "
      YB_EXEC_USER_NAME("su") " AS started_name, "
      YB_EXEC_USER_NAME("fu") " AS finished_name, "
      YB_EXEC_USER_NAME("au") " AS archived_name, "
      YB_EXEC_USER_NAME("wu") " AS summary_name "
      "FROM reception_execution e "
      "LEFT JOIN users su ON su.id = e.started_by "
      "LEFT JOIN users fu ON fu.id = e.finished_by "
      "LEFT JOIN users au ON au.id = e.archived_by "
      "LEFT JOIN users wu ON wu.id = e.summary_by "
      "WHERE e.reception_id = $1",
      {reception_id});
  if (!rows) return std::move(rows).error();
  Execution e;
  if (rows->empty()) return e;
  const Rows& r = *rows;
  e.started_at = r.OptInt(0, "started_at");
  e.started_by = r.OptInt(0, "started_by");
  e.finished_at = r.OptInt(0, "finished_at");
  e.finished_by = r.OptInt(0, "finished_by");
  e.archived_at = r.OptInt(0, "archived_at");
  e.archived_by = r.OptInt(0, "archived_by");
  e.followup_due_at = r.OptInt(0, "followup_due_at");
  e.summary.overview = r.Text(0, "summary_overview");
  e.summary.results = r.Text(0, "summary_results");
  e.summary.problems = r.Text(0, "summary_problems");
  e.summary.improvements = r.Text(0, "summary_improvements");
  e.summary.written_by = r.OptInt(0, "summary_by");
  e.summary.written_at = r.OptInt(0, "summary_at");
  e.started_by_name = r.Text(0, "started_name");
  e.finished_by_name = r.Text(0, "finished_name");
  e.archived_by_name = r.Text(0, "archived_name");
  e.summary.written_by_name = r.Text(0, "summary_name");
  return e;
}

Status PutExecution(Connection& c, int64_t reception_id, const Execution& e) {
  return db::ToStatus(c.Exec(
      "INSERT INTO reception_execution (reception_id, started_at, started_by, finished_at, "
      "finished_by, archived_at, archived_by, followup_due_at, summary_overview, "
      "summary_results, summary_problems, summary_improvements, summary_by, summary_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
      "ON CONFLICT (reception_id) DO UPDATE SET started_at = $2, started_by = $3, "
      "finished_at = $4, finished_by = $5, archived_at = $6, archived_by = $7, "
      "followup_due_at = $8, summary_overview = $9, summary_results = $10, "
      "summary_problems = $11, summary_improvements = $12, summary_by = $13, summary_at = $14",
      {reception_id, OrNull(e.started_at), OrNull(e.started_by), OrNull(e.finished_at),
       OrNull(e.finished_by), OrNull(e.archived_at), OrNull(e.archived_by),
       OrNull(e.followup_due_at), e.summary.overview, e.summary.results, e.summary.problems,
       e.summary.improvements, OrNull(e.summary.written_by), OrNull(e.summary.written_at)}));
}

Result<std::vector<Cost>> Costs(Connection& c, int64_t reception_id) {
  return db::AllRows(
      c.Query("SELECT k.id, k.reception_id, k.source, k.source_id, k.category, k.description, "
              "k.amount_fen, k.receipt, k.spent_on, k.recorded_by, k.recorded_at, k.updated_at, "
              "" YB_EXEC_USER_NAME(
                  "u") " AS recorded_name FROM reception_costs k "
                       "LEFT JOIN users u ON u.id = k.recorded_by WHERE k.reception_id = $1 "
                       "ORDER BY k.id",
              {reception_id}),
      [](const Rows& r, size_t i) {
        Cost k;
        k.id = r.Int(i, "id");
        k.reception_id = r.Int(i, "reception_id");
        k.source = r.Text(i, "source");
        k.source_id = r.OptInt(i, "source_id");
        k.category = r.Text(i, "category");
        k.description = r.Text(i, "description");
        k.amount_fen = r.Int(i, "amount_fen");
        k.receipt = r.Text(i, "receipt");
        k.spent_on = OptDayOf(r, i, "spent_on");
        k.recorded_by = r.OptInt(i, "recorded_by");
        k.recorded_at = r.Int(i, "recorded_at");
        k.updated_at = r.Int(i, "updated_at");
        k.recorded_by_name = r.Text(i, "recorded_name");
        return k;
      });
}

Result<int64_t> InsertCost(Connection& c, const Cost& k) {
  auto rows = c.Query(
      "INSERT INTO reception_costs (reception_id, source, source_id, category, description, "
      "amount_fen, receipt, spent_on, recorded_by, recorded_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
      {k.reception_id, k.source, OrNull(k.source_id), k.category, k.description, k.amount_fen,
       k.receipt, OptDay(k.spent_on), OrNull(k.recorded_by), k.recorded_at});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Result<bool> UpdateCost(Connection& c, const Cost& k) {
  auto n = c.Exec(
      "UPDATE reception_costs SET source = $3, source_id = $4, category = $5, description = $6, "
      "amount_fen = $7, receipt = $8, spent_on = $9, updated_at = $10 "
      "WHERE reception_id = $1 AND id = $2",
      {k.reception_id, k.id, k.source, OrNull(k.source_id), k.category, k.description, k.amount_fen,
       k.receipt, OptDay(k.spent_on), k.updated_at});
  if (!n) return std::move(n).error();
  return *n > 0;
}

Result<bool> DeleteCost(Connection& c, int64_t reception_id, int64_t cost_id) {
  auto n = c.Exec("DELETE FROM reception_costs WHERE reception_id = $1 AND id = $2",
                  {reception_id, cost_id});
  if (!n) return std::move(n).error();
  return *n > 0;
}

Result<std::vector<Followup>> Followups(Connection& c, int64_t reception_id) {
  return db::AllRows(
      c.Query("SELECT f.id, f.contact, f.called_at, f.satisfaction, f.opinions, f.recorded_by, "
              "f.recorded_at, " YB_EXEC_USER_NAME(
                  "u") " AS recorded_name "
                       "FROM reception_followups f LEFT JOIN users u ON u.id = f.recorded_by "
                       "WHERE f.reception_id = $1 ORDER BY f.id",
              {reception_id}),
      [](const Rows& r, size_t i) {
        Followup f;
        f.id = r.Int(i, "id");
        f.contact = r.Text(i, "contact");
        f.called_at = r.Int(i, "called_at");
        f.satisfaction = r.OptInt(i, "satisfaction");
        f.opinions = r.Text(i, "opinions");
        f.recorded_by = r.OptInt(i, "recorded_by");
        f.recorded_at = r.Int(i, "recorded_at");
        f.recorded_by_name = r.Text(i, "recorded_name");
        return f;
      });
}

Result<int64_t> InsertFollowup(Connection& c, int64_t reception_id, const Followup& f) {
  auto rows = c.Query(
      "INSERT INTO reception_followups (reception_id, contact, called_at, satisfaction, "
      "opinions, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {reception_id, f.contact, f.called_at, OrNull(f.satisfaction), f.opinions,
       OrNull(f.recorded_by), f.recorded_at});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Result<std::vector<Annotation>> Annotations(Connection& c, int64_t reception_id) {
  return db::AllRows(
      c.Query("SELECT a.id, a.text, a.created_by, a.created_at, " YB_EXEC_USER_NAME(
                  "u") " AS created_name FROM reception_annotations a "
                       "LEFT JOIN users u ON u.id = a.created_by WHERE a.reception_id = $1 "
                       "ORDER BY a.id",
              {reception_id}),
      [](const Rows& r, size_t i) {
        Annotation a;
        a.id = r.Int(i, "id");
        a.text = r.Text(i, "text");
        a.created_by = r.OptInt(i, "created_by");
        a.created_at = r.Int(i, "created_at");
        a.created_by_name = r.Text(i, "created_name");
        return a;
      });
}

Result<int64_t> InsertAnnotation(Connection& c, int64_t reception_id, const Annotation& a) {
  auto rows = c.Query(
      "INSERT INTO reception_annotations (reception_id, text, created_by, created_at) "
      "VALUES ($1, $2, $3, $4) RETURNING id",
      {reception_id, a.text, OrNull(a.created_by), a.created_at});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Result<std::vector<int64_t>> ReceptionsOfStaff(Connection& c, const std::vector<int64_t>& staff_ids,
                                               int64_t from, int64_t to) {
  if (staff_ids.empty()) return std::vector<int64_t>{};
  std::vector<Value> params{from, to};
  std::string in;
  for (int64_t s : staff_ids) {
    params.push_back(s);
    in += (in.empty() ? "" : ", ") + db::Param(params.size());
  }
  return db::Ids(c.Query(
      "SELECT r.id FROM receptions r WHERE r.status IN ('approved', 'in_progress', 'completed') "
      "AND (r.host_staff_id IN (" +
          in +
          ") OR r.id IN (SELECT x.reception_id FROM "
          "reception_staff x WHERE x.staff_a_id IN (" +
          in + ") OR x.staff_b_id IN (" + in +
          ")) "
          "OR r.id IN (SELECT i.reception_id FROM reception_items i JOIN reception_item_staff s ON "
          "s.item_id = i.id WHERE s.staff_id IN (" +
          in +
          "))) AND EXISTS (SELECT 1 FROM "
          "reception_items i WHERE i.reception_id = r.id AND i.end_at > $1 AND i.start_at < $2) "
          "ORDER BY r.id LIMIT 500",
      params));
}

}  // namespace yingbin::receptions::store
