#include "visitors/store.hpp"

#include "db/full_text.hpp"
#include "db/search_documents.hpp"
#include "db/sql.hpp"

namespace yingbin::visitors::store {
namespace {

using db::FirstId;
using db::Flag;
using db::OrNull;
using db::Param;
using db::Rows;
using db::ToStatus;
using db::Value;

constexpr char kVisitSelect[] =
    "SELECT v.id, v.number, v.site_id, v.day, v.visitor_id, v.mode, v.visitor_kind, v.category, "
    "v.status, v.visitor_name, v.company, v.phone_hint, v.head_count, v.purpose, "
    "v.host_staff_id, v.deputy_staff_id, v.venue_id, v.expected_at, v.expected_minutes, "
    "v.arrived_at, v.admitted_at, v.departed_at, v.cancelled_at, v.cancel_reason, "
    "v.host_notified_at, v.host_answer, v.host_answer_minutes, v.host_answer_venue_id, "
    "v.host_answer_note, v.host_answered_at, v.badge_code, v.invite_email, v.greeting_json, "
    "v.special_access, v.watch_hit, v.outcome, v.notes, v.owner_user_id, v.created_by, "
    "v.created_at, v.updated_at, "
    "COALESCE(h.name, '') AS host_name, COALESCE(d.name, '') AS deputy_name, "
    "COALESCE(ve.name, '') AS venue_name, COALESCE(av.name, '') AS answer_venue_name "
    "FROM visits v "
    "LEFT JOIN staff h ON h.id = v.host_staff_id "
    "LEFT JOIN staff d ON d.id = v.deputy_staff_id "
    "LEFT JOIN venues ve ON ve.id = v.venue_id "
    "LEFT JOIN venues av ON av.id = v.host_answer_venue_id ";

Visit VisitFromRow(const Rows& r, size_t i) {
  Visit v;
  v.id = r.Int(i, "id");
  v.number = r.Text(i, "number");
  v.site_id = r.Int(i, "site_id");
  v.day = static_cast<int32_t>(r.Int(i, "day"));
  v.visitor_id = r.OptInt(i, "visitor_id");
  v.mode = r.Text(i, "mode");
  v.visitor_kind = r.Text(i, "visitor_kind");
  v.category = r.Text(i, "category");
  v.status = ParseStatus(r.Text(i, "status")).value_or(VisitStatus::kExpected);
  v.visitor_name = r.Text(i, "visitor_name");
  v.company = r.Text(i, "company");
  v.phone_hint = r.Text(i, "phone_hint");
  v.head_count = r.Int(i, "head_count");
  v.purpose = r.Text(i, "purpose");
  v.host_staff_id = r.OptInt(i, "host_staff_id");
  v.deputy_staff_id = r.OptInt(i, "deputy_staff_id");
  v.venue_id = r.OptInt(i, "venue_id");
  v.expected_at = r.OptInt(i, "expected_at");
  v.expected_minutes = r.OptInt(i, "expected_minutes");
  v.arrived_at = r.OptInt(i, "arrived_at");
  v.admitted_at = r.OptInt(i, "admitted_at");
  v.departed_at = r.OptInt(i, "departed_at");
  v.cancelled_at = r.OptInt(i, "cancelled_at");
  v.cancel_reason = r.Text(i, "cancel_reason");
  v.host_notified_at = r.OptInt(i, "host_notified_at");
  v.host_answer = r.Text(i, "host_answer");
  v.host_answer_minutes = r.OptInt(i, "host_answer_minutes");
  v.host_answer_venue_id = r.OptInt(i, "host_answer_venue_id");
  v.host_answer_note = r.Text(i, "host_answer_note");
  v.host_answered_at = r.OptInt(i, "host_answered_at");
  v.badge_code = r.Text(i, "badge_code");
  v.invite_email = r.Text(i, "invite_email");
  v.greeting_json = r.Text(i, "greeting_json");
  v.special_access = r.Int(i, "special_access") != 0;
  v.watch_hit = r.Int(i, "watch_hit") != 0;
  v.outcome = r.Text(i, "outcome");
  v.notes = r.Text(i, "notes");
  v.owner_user_id = r.OptInt(i, "owner_user_id");
  v.created_by = r.OptInt(i, "created_by");
  v.created_at = r.Int(i, "created_at");
  v.updated_at = r.Int(i, "updated_at");
  v.host_name = r.Text(i, "host_name");
  v.deputy_name = r.Text(i, "deputy_name");
  v.venue_name = r.Text(i, "venue_name");
  v.host_answer_venue_name = r.Text(i, "answer_venue_name");
  return v;
}

Result<std::optional<Visit>> OneVisit(Result<Rows> r) {
  return db::FirstRow(std::move(r), VisitFromRow);
}

}  // namespace

Result<std::optional<Visit>> FindVisit(Connection& c, int64_t id) {
  return OneVisit(c.Query(std::string(kVisitSelect) + "WHERE v.id = $1", {id}));
}

Result<std::optional<Visit>> FindVisitByCode(Connection& c, const std::string& badge_code) {
  return OneVisit(c.Query(std::string(kVisitSelect) + "WHERE v.badge_code = $1", {badge_code}));
}

Result<int64_t> InsertVisit(Connection& c, const Visit& v, const std::string& search_doc) {
  auto id = c.Insert(
      "INSERT INTO visits (number, site_id, day, visitor_id, mode, visitor_kind, category, "
      "status, visitor_name, company, phone_hint, head_count, purpose, host_staff_id, "
      "deputy_staff_id, venue_id, expected_at, expected_minutes, arrived_at, admitted_at, "
      "badge_code, invite_email, greeting_json, special_access, watch_hit, owner_user_id, "
      "created_by, search_doc, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, "
      "$27, $28, $29, $29)",
      {v.number, v.site_id, int64_t{v.day}, OrNull(v.visitor_id), v.mode, v.visitor_kind,
       v.category, std::string(StatusName(v.status)), v.visitor_name, v.company, v.phone_hint,
       v.head_count, v.purpose, OrNull(v.host_staff_id), OrNull(v.deputy_staff_id), OrNull(v.venue_id),
       OrNull(v.expected_at), OrNull(v.expected_minutes), OrNull(v.arrived_at), OrNull(v.admitted_at),
       v.badge_code, v.invite_email, v.greeting_json, Flag(v.special_access), Flag(v.watch_hit),
       OrNull(v.owner_user_id), OrNull(v.created_by), search_doc, v.created_at});
  if (!id) return std::move(id).error();
  db::IndexAtCommit(c, "visits_fts", *id, search_doc, /*replace=*/false);
  return id;
}

Status UpdateVisit(Connection& c, const Visit& before, const Visit& v) {
  // Only the columns that changed: SQLite rewrites every index holding a column named in
  // SET, changed or not, and visits has several (a registration would rewrite them all).
  std::string set;
  std::vector<db::Value> params{v.id};
  auto col = [&](const char* name, db::Value now, const db::Value& was) {
    if (now == was) return;
    params.push_back(std::move(now));
    set += (set.empty() ? "" : ", ") + std::string(name) + " = " + Param(params.size());
  };
  col("status", std::string(StatusName(v.status)), std::string(StatusName(before.status)));
  col("day", int64_t{v.day}, int64_t{before.day});
  col("category", v.category, before.category);
  col("head_count", v.head_count, before.head_count);
  col("purpose", v.purpose, before.purpose);
  col("host_staff_id", OrNull(v.host_staff_id), OrNull(before.host_staff_id));
  col("deputy_staff_id", OrNull(v.deputy_staff_id), OrNull(before.deputy_staff_id));
  col("venue_id", OrNull(v.venue_id), OrNull(before.venue_id));
  col("expected_at", OrNull(v.expected_at), OrNull(before.expected_at));
  col("expected_minutes", OrNull(v.expected_minutes), OrNull(before.expected_minutes));
  col("arrived_at", OrNull(v.arrived_at), OrNull(before.arrived_at));
  col("admitted_at", OrNull(v.admitted_at), OrNull(before.admitted_at));
  col("departed_at", OrNull(v.departed_at), OrNull(before.departed_at));
  col("cancelled_at", OrNull(v.cancelled_at), OrNull(before.cancelled_at));
  col("cancel_reason", v.cancel_reason, before.cancel_reason);
  col("host_notified_at", OrNull(v.host_notified_at), OrNull(before.host_notified_at));
  col("host_answer", v.host_answer, before.host_answer);
  col("host_answer_minutes", OrNull(v.host_answer_minutes), OrNull(before.host_answer_minutes));
  col("host_answer_venue_id", OrNull(v.host_answer_venue_id), OrNull(before.host_answer_venue_id));
  col("host_answer_note", v.host_answer_note, before.host_answer_note);
  col("host_answered_at", OrNull(v.host_answered_at), OrNull(before.host_answered_at));
  col("watch_hit", Flag(v.watch_hit), Flag(before.watch_hit));
  col("outcome", v.outcome, before.outcome);
  col("notes", v.notes, before.notes);
  col("owner_user_id", OrNull(v.owner_user_id), OrNull(before.owner_user_id));
  col("special_access", Flag(v.special_access), Flag(before.special_access));
  if (set.empty()) return core::Ok();
  col("updated_at", v.updated_at, before.updated_at);
  return ToStatus(c.Exec("UPDATE visits SET " + set + " WHERE id = $1", params));
}

Result<std::vector<Visit>> SelectVisits(Connection& c, const std::string& where,
                                        std::vector<db::Value> params, const std::string& order,
                                        int64_t limit, int64_t offset) {
  const std::string page = db::LimitOffset(params, limit, offset);
  auto rows = c.Query(std::string(kVisitSelect) + "WHERE " + where + " ORDER BY " + order + page,
                      params);
  return db::AllRows(std::move(rows), VisitFromRow);
}

Result<int64_t> CountVisits(Connection& c, const std::string& where,
                            std::vector<db::Value> params) {
  auto rows = c.Query("SELECT COUNT(*) FROM visits v WHERE " + where, params);
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

// --- visitors ---

Result<std::optional<int64_t>> FindVisitorByPhone(Connection& c, const std::string& phone_index) {
  return FirstId(c.Query(
      "SELECT id FROM visitors WHERE phone_index = $1 AND anonymised_at IS NULL "
      "ORDER BY id DESC LIMIT 1",
      {phone_index}));
}

Result<std::optional<int64_t>> FindVisitorByNameCompany(Connection& c, const std::string& name,
                                                        const std::string& company) {
  return FirstId(c.Query(
      "SELECT id FROM visitors WHERE name = $1 AND company = $2 AND phone_index = '' "
      "AND anonymised_at IS NULL ORDER BY id DESC LIMIT 1",
      {name, company}));
}

Result<int64_t> InsertVisitor(Connection& c, const VisitorRow& v, int64_t now) {
  auto id = c.Insert(
      "INSERT INTO visitors (name, company, phone_enc, phone_index, phone_hint, id_number_enc, "
      "id_number_index, id_number_hint, email, search_doc, visit_count, last_visit_at, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11, $11)",
      {v.name, v.company, v.phone_enc, v.phone_index, v.phone_hint, v.id_number_enc,
       v.id_number_index, v.id_number_hint, v.email, v.search_doc, now});
  if (!id) return std::move(id).error();
  db::IndexAtCommit(c, "visitors_fts", *id, v.search_doc, /*replace=*/false);
  return id;
}

Status TouchVisitor(Connection& c, const VisitorRow& v, int64_t now) {
  auto n = c.Exec(
      "UPDATE visitors SET name = $2, "
      "company = CASE WHEN $3 = '' THEN company ELSE $3 END, "
      "phone_enc = CASE WHEN $4 = '' THEN phone_enc ELSE $4 END, "
      "phone_index = CASE WHEN $5 = '' THEN phone_index ELSE $5 END, "
      "phone_hint = CASE WHEN $6 = '' THEN phone_hint ELSE $6 END, "
      "id_number_enc = CASE WHEN $7 = '' THEN id_number_enc ELSE $7 END, "
      "id_number_index = CASE WHEN $8 = '' THEN id_number_index ELSE $8 END, "
      "id_number_hint = CASE WHEN $9 = '' THEN id_number_hint ELSE $9 END, "
      "email = CASE WHEN $10 = '' THEN email ELSE $10 END, search_doc = $11, "
      "visit_count = visit_count + 1, last_visit_at = $12, updated_at = $12 WHERE id = $1",
      {v.id, v.name, v.company, v.phone_enc, v.phone_index, v.phone_hint, v.id_number_enc,
       v.id_number_index, v.id_number_hint, v.email, v.search_doc, now});
  if (!n) return std::move(n).error();
  db::IndexAtCommit(c, "visitors_fts", v.id, v.search_doc, /*replace=*/true);
  return core::Ok();
}

Result<std::vector<Visitor>> SearchVisitors(Connection& c, const std::string& q,
                                            const std::string& phone_index, int64_t limit) {
  std::vector<Value> params;
  std::string where = "anonymised_at IS NULL";
  if (!phone_index.empty()) {
    params.push_back(phone_index);
    where += " AND phone_index = " + Param(params.size());
  }
  if (!q.empty()) {
    const std::string cond = db::FullTextCondition(c, "visitors_fts", "", q, params);
    if (cond.empty()) return std::vector<Visitor>();
    where += " AND " + cond;
  }
  params.push_back(limit);
  auto rows = c.Query(
      "SELECT id, name, company, phone_hint, id_number_hint, email, visit_count, last_visit_at "
      "FROM visitors WHERE " + where + " ORDER BY last_visit_at DESC, id DESC LIMIT " +
          Param(params.size()),
      params);
  if (!rows) return std::move(rows).error();
  std::vector<Visitor> out;
  for (size_t i = 0; i < rows->size(); ++i) {
    Visitor v;
    v.id = rows->Int(i, "id");
    v.name = rows->Text(i, "name");
    v.company = rows->Text(i, "company");
    v.phone_hint = rows->Text(i, "phone_hint");
    v.id_number_hint = rows->Text(i, "id_number_hint");
    v.email = rows->Text(i, "email");
    v.visit_count = rows->Int(i, "visit_count");
    v.last_visit_at = rows->OptInt(i, "last_visit_at");
    out.push_back(std::move(v));
  }
  return out;
}

// --- venues ---

Result<std::optional<VenueBrief>> FindVenue(Connection& c, int64_t id) {
  auto rows = c.Query("SELECT id, site_id, name, kind, active FROM venues WHERE id = $1", {id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<VenueBrief>();
  return std::optional<VenueBrief>(VenueBrief{rows->Int(0, 0), rows->Int(0, 1), rows->Text(0, 2),
                                              rows->Text(0, 3), rows->Int(0, 4) != 0});
}

// --- triage ---

namespace {
constexpr char kTriageSelect[] =
    "SELECT id, visitor_kind, label, action, category, department_id, instructions, sort, active "
    "FROM triage_rules ";

TriageRule TriageFromRow(const Rows& r, size_t i) {
  TriageRule t;
  t.id = r.Int(i, "id");
  t.visitor_kind = r.Text(i, "visitor_kind");
  t.label = r.Text(i, "label");
  t.action = r.Text(i, "action");
  t.category = r.Text(i, "category");
  t.department_id = r.OptInt(i, "department_id");
  t.instructions = r.Text(i, "instructions");
  t.sort = r.Int(i, "sort");
  t.active = r.Int(i, "active") != 0;
  return t;
}

Result<std::optional<TriageRule>> OneTriage(Result<Rows> r) {
  return db::FirstRow(std::move(r), TriageFromRow);
}
}  // namespace

Result<std::vector<TriageRule>> ListTriage(Connection& c) {
  auto rows = c.Query(std::string(kTriageSelect) + "ORDER BY sort, id");
  return db::AllRows(std::move(rows), TriageFromRow);
}

Result<std::optional<TriageRule>> FindTriage(Connection& c, int64_t id) {
  return OneTriage(c.Query(std::string(kTriageSelect) + "WHERE id = $1", {id}));
}

Result<std::optional<TriageRule>> FindTriageByKind(Connection& c, const std::string& kind) {
  return OneTriage(c.Query(std::string(kTriageSelect) + "WHERE visitor_kind = $1", {kind}));
}

Result<int64_t> InsertTriage(Connection& c, const TriageRule& r, int64_t now) {
  auto rows = c.Query(
      "INSERT INTO triage_rules (visitor_kind, label, action, category, department_id, "
      "instructions, sort, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
      "$8, $9, $9) RETURNING id",
      {r.visitor_kind, r.label, r.action, r.category, OrNull(r.department_id), r.instructions,
       r.sort, Flag(r.active), now});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Status UpdateTriage(Connection& c, const TriageRule& r, int64_t now) {
  return ToStatus(c.Exec(
      "UPDATE triage_rules SET visitor_kind = $2, label = $3, action = $4, category = $5, "
      "department_id = $6, instructions = $7, sort = $8, active = $9, updated_at = $10 "
      "WHERE id = $1",
      {r.id, r.visitor_kind, r.label, r.action, r.category, OrNull(r.department_id), r.instructions,
       r.sort, Flag(r.active), now}));
}

Status DeleteTriage(Connection& c, int64_t id) {
  return ToStatus(c.Exec("DELETE FROM triage_rules WHERE id = $1", {id}));
}

// --- lists ---

namespace {
constexpr char kListSelect[] =
    "SELECT id, list, name, name_key, company, id_number_index, id_number_hint, host_staff_id, "
    "note, active FROM visitor_lists ";

ListRow ListFromRow(const Rows& r, size_t i) {
  ListRow row;
  row.entry.id = r.Int(i, "id");
  row.entry.list = r.Text(i, "list");
  row.entry.name = r.Text(i, "name");
  row.entry.company = r.Text(i, "company");
  row.entry.id_number_hint = r.Text(i, "id_number_hint");
  row.entry.host_staff_id = r.OptInt(i, "host_staff_id");
  row.entry.note = r.Text(i, "note");
  row.entry.active = r.Int(i, "active") != 0;
  row.name_key = r.Text(i, "name_key");
  row.id_number_index = r.Text(i, "id_number_index");
  return row;
}
}  // namespace

Result<std::vector<ListEntry>> ListEntries(Connection& c, std::optional<std::string> list,
                                           bool include_watch) {
  std::vector<Value> params;
  std::string where = include_watch ? "1 = 1" : "list <> 'watch'";
  if (list) {
    params.push_back(*list);
    where += " AND list = $1";
  }
  auto rows = c.Query(std::string(kListSelect) + "WHERE " + where + " ORDER BY list, name, id",
                      params);
  if (!rows) return std::move(rows).error();
  std::vector<ListEntry> out;
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(ListFromRow(*rows, i).entry);
  return out;
}

Result<std::optional<ListRow>> FindListEntry(Connection& c, int64_t id) {
  return db::FirstRow(c.Query(std::string(kListSelect) + "WHERE id = $1", {id}), ListFromRow);
}

Result<int64_t> InsertListEntry(Connection& c, const ListRow& r, int64_t now) {
  auto rows = c.Query(
      "INSERT INTO visitor_lists (list, name, name_key, company, id_number_index, id_number_hint, "
      "host_staff_id, note, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
      "$8, $9, $10, $10) RETURNING id",
      {r.entry.list, r.entry.name, r.name_key, r.entry.company, r.id_number_index,
       r.entry.id_number_hint, OrNull(r.entry.host_staff_id), r.entry.note, Flag(r.entry.active),
       now});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Status UpdateListEntry(Connection& c, const ListRow& r, int64_t now) {
  return ToStatus(c.Exec(
      "UPDATE visitor_lists SET list = $2, name = $3, name_key = $4, company = $5, "
      "id_number_index = $6, id_number_hint = $7, host_staff_id = $8, note = $9, active = $10, "
      "updated_at = $11 WHERE id = $1",
      {r.entry.id, r.entry.list, r.entry.name, r.name_key, r.entry.company, r.id_number_index,
       r.entry.id_number_hint, OrNull(r.entry.host_staff_id), r.entry.note, Flag(r.entry.active),
       now}));
}

Status DeleteListEntry(Connection& c, int64_t id) {
  return ToStatus(c.Exec("DELETE FROM visitor_lists WHERE id = $1", {id}));
}

Result<std::vector<ListEntry>> MatchList(Connection& c, const std::string& list,
                                         const std::string& name_key,
                                         const std::string& id_number_index) {
  auto rows = c.Query(std::string(kListSelect) +
                          "WHERE list = $1 AND active = 1 AND (name_key = $2 OR "
                          "(id_number_index <> '' AND id_number_index = $3))",
                      {list, name_key, id_number_index});
  if (!rows) return std::move(rows).error();
  std::vector<ListEntry> out;
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(ListFromRow(*rows, i).entry);
  return out;
}

}  // namespace yingbin::visitors::store
