#include "complaints/store.hpp"

#include <cctype>
#include <string>

#include "auth/directory.hpp"
#include "complaints/rules.hpp"
#include "db/search_documents.hpp"
#include "db/sql.hpp"

namespace yingbin::complaints::store {
namespace {

using db::AllRows;
using db::FirstId;
using db::FirstRow;
using db::Flag;
using db::Null;
using db::OrNull;
using db::Param;
using db::Rows;
using db::ToStatus;
using db::Value;

Value OrNullText(const std::optional<std::string>& v) { return v ? Value(*v) : Null(); }
Value OrNullBool(const std::optional<bool>& v) { return v ? Flag(*v) : Null(); }

// --- types, causes ---

constexpr char kTypeColumns[] =
    "code, name_zh_cn, name_zh_tw, name_en, first_contact_limit, first_contact_unit, "
    "answer_limit, answer_unit, on_public_form, sort, active";

ComplaintType TypeFromRow(const Rows& r, size_t i) {
  ComplaintType t;
  t.code = r.Text(i, "code");
  t.name_zh_cn = r.Text(i, "name_zh_cn");
  t.name_zh_tw = r.Text(i, "name_zh_tw");
  t.name_en = r.Text(i, "name_en");
  t.first_contact = {r.Int(i, "first_contact_limit"),
                     ParseUnit(r.Text(i, "first_contact_unit")).value_or(LimitUnit::kWorkingDays)};
  t.answer = {r.Int(i, "answer_limit"),
              ParseUnit(r.Text(i, "answer_unit")).value_or(LimitUnit::kWorkingDays)};
  t.on_public_form = r.Int(i, "on_public_form") != 0;
  t.sort = r.Int(i, "sort");
  t.active = r.Int(i, "active") != 0;
  return t;
}

constexpr char kCauseSelect[] =
    "SELECT k.code, k.name_zh_cn, k.name_zh_tw, k.name_en, k.department_names, "
    "k.department_id, COALESCE(d.name, '') AS department_name, k.sort, k.active, k.attitude "
    "FROM complaint_causes k LEFT JOIN departments d ON d.id = k.department_id ";

CauseClass CauseFromRow(const Rows& r, size_t i) {
  CauseClass k;
  k.code = r.Text(i, "code");
  k.name_zh_cn = r.Text(i, "name_zh_cn");
  k.name_zh_tw = r.Text(i, "name_zh_tw");
  k.name_en = r.Text(i, "name_en");
  k.department_names = r.Text(i, "department_names");
  k.department_id = r.OptInt(i, "department_id");
  if (k.department_id) {
    k.routed_department_id = k.department_id;
    k.routed_department_name = r.Text(i, "department_name");
  }
  k.sort = r.Int(i, "sort");
  k.active = r.Int(i, "active") != 0;
  k.attitude = r.Int(i, "attitude") != 0;
  return k;
}

const std::string& LadderSelect() {
  static const std::string s =
      "SELECT d.id, d.name, cd.supervisor_user_id, " + auth::UserNameSql("su") +
      " AS supervisor_name, "
      "COALESCE(hs.user_id, (SELECT MIN(u.id) FROM users u WHERE u.staff_id = hs.id)) "
      "AS head_user_id, COALESCE(hs.name, '') AS head_name "
      "FROM departments d LEFT JOIN complaint_departments cd ON cd.department_id = d.id "
      "LEFT JOIN users su ON su.id = cd.supervisor_user_id "
      "LEFT JOIN staff hs ON hs.id = d.head_staff_id ";
  return s;
}

DepartmentLadder LadderFromRow(const Rows& r, size_t i) {
  DepartmentLadder l;
  l.department_id = r.Int(i, "id");
  l.department_name = r.Text(i, "name");
  l.supervisor_user_id = r.OptInt(i, "supervisor_user_id");
  l.supervisor_name = r.Text(i, "supervisor_name");
  l.head_user_id = r.OptInt(i, "head_user_id");
  l.head_name = r.Text(i, "head_name");
  return l;
}

// --- tickets ---

const std::string& TicketSelect() {
  static const std::string s =
      "SELECT t.id, t.number, t.type, t.channel, t.site_id, t.customer_id, t.subject, "
      "t.description, t.customer_request, t.severity, t.agitated, t.cause_class, "
      "t.department_id, t.assignee_user_id, t.owner_user_id, t.ladder_step, t.status, "
      "t.next_due_at, t.agreed_deadline, t.paused_since, t.pause_reason, t.reopen_count, "
      "t.resolution, t.satisfied, t.call_id, t.created_by, t.created_at, t.updated_at, "
      "t.resolved_at, t.archived_at, t.archived_by, t.temperament, t.red_alert_at, "
      "t.red_alert_reasons, t.merged_into_id, "
      "cu.name AS customer_name, cu.organisation AS customer_organisation, "
      "cu.phone_hint AS customer_phone_hint, cu.email AS customer_email, "
      "COALESCE(d.name, '') AS department_name, " +
      auth::UserNameSql("au") + " AS assignee_name, " + auth::UserNameSql("ou") +
      " AS owner_name, "
      "COALESCE(si.name, '') AS site_name, COALESCE(k.name_zh_cn, '') AS cause_name, "
      "COALESCE(ty.name_zh_cn, '') AS type_name, COALESCE(ca.number, '') AS call_number, "
      "CASE WHEN EXISTS (SELECT 1 FROM complaint_clocks x WHERE x.complaint_id = t.id "
      "AND x.met_at IS NULL AND x.cancelled_at IS NULL AND x.paused_since IS NULL "
      "AND x.due_at <= $1) THEN 1 ELSE 0 END AS overdue "
      "FROM complaints t JOIN complaint_customers cu ON cu.id = t.customer_id "
      "LEFT JOIN departments d ON d.id = t.department_id "
      "LEFT JOIN users au ON au.id = t.assignee_user_id "
      "LEFT JOIN users ou ON ou.id = t.owner_user_id "
      "LEFT JOIN sites si ON si.id = t.site_id "
      "LEFT JOIN complaint_causes k ON k.code = t.cause_class "
      "LEFT JOIN complaint_types ty ON ty.code = t.type "
      "LEFT JOIN calls ca ON ca.id = t.call_id ";
  return s;
}

Ticket TicketFromRow(const Rows& r, size_t i) {
  Ticket t;
  t.id = r.Int(i, "id");
  t.number = r.Text(i, "number");
  t.type = r.Text(i, "type");
  t.channel = r.Text(i, "channel");
  t.site_id = r.Int(i, "site_id");
  t.customer_id = r.Int(i, "customer_id");
  t.subject = r.Text(i, "subject");
  t.description = r.Text(i, "description");
  t.customer_request = r.Text(i, "customer_request");
  t.severity = r.Text(i, "severity");
  t.agitated = r.Int(i, "agitated") != 0;
  t.cause_class = r.OptText(i, "cause_class");
  t.department_id = r.OptInt(i, "department_id");
  t.assignee_user_id = r.OptInt(i, "assignee_user_id");
  t.owner_user_id = r.OptInt(i, "owner_user_id");
  t.ladder_step = static_cast<int>(r.Int(i, "ladder_step"));
  t.status = ParseStatus(r.Text(i, "status")).value_or(TicketStatus::kReceived);
  t.next_due_at = r.OptInt(i, "next_due_at");
  t.agreed_deadline = r.OptInt(i, "agreed_deadline");
  t.paused_since = r.OptInt(i, "paused_since");
  t.pause_reason = r.Text(i, "pause_reason");
  t.reopen_count = r.Int(i, "reopen_count");
  t.resolution = r.Text(i, "resolution");
  if (auto s = r.OptInt(i, "satisfied")) t.satisfied = *s != 0;
  t.call_id = r.OptInt(i, "call_id");
  t.created_by = r.OptInt(i, "created_by");
  t.created_at = r.Int(i, "created_at");
  t.updated_at = r.Int(i, "updated_at");
  t.resolved_at = r.OptInt(i, "resolved_at");
  t.archived_at = r.OptInt(i, "archived_at");
  t.archived_by = r.OptInt(i, "archived_by");
  t.temperament = r.OptText(i, "temperament");
  t.red_alert_at = r.OptInt(i, "red_alert_at");
  t.red_alert_reasons = r.Text(i, "red_alert_reasons");
  t.merged_into_id = r.OptInt(i, "merged_into_id");
  t.customer_name = r.Text(i, "customer_name");
  t.customer_organisation = r.Text(i, "customer_organisation");
  t.customer_phone_hint = r.Text(i, "customer_phone_hint");
  t.customer_email = r.Text(i, "customer_email");
  t.department_name = r.Text(i, "department_name");
  t.assignee_name = r.Text(i, "assignee_name");
  t.owner_name = r.Text(i, "owner_name");
  t.site_name = r.Text(i, "site_name");
  t.cause_name = r.Text(i, "cause_name");
  t.type_name = r.Text(i, "type_name");
  t.call_number = r.Text(i, "call_number");
  t.overdue = r.Int(i, "overdue") != 0;
  return t;
}

// Shifts "$n" placeholders of a caller's condition by `by` (the select's own $1 comes
// first).
std::string Shift(const std::string& sql, size_t by) {
  std::string out;
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '$' && i + 1 < sql.size() &&
        std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      size_t j = i + 1;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
      out += "$" + std::to_string(std::stoul(sql.substr(i + 1, j - i - 1)) + by);
      i = j - 1;
    } else {
      out += sql[i];
    }
  }
  return out;
}

// --- events, clocks, notices ---

Event EventFromRow(const Rows& r, size_t i) {
  Event e;
  e.id = r.Int(i, "id");
  e.complaint_id = r.Int(i, "complaint_id");
  e.at = r.Int(i, "at");
  e.actor_user_id = r.OptInt(i, "actor_user_id");
  e.actor_name = r.Text(i, "actor_name");
  e.kind = r.Text(i, "kind");
  e.from_status = r.Text(i, "from_status");
  e.to_status = r.Text(i, "to_status");
  e.note = r.Text(i, "note");
  e.data_json = r.Text(i, "data_json");
  return e;
}

constexpr char kClockColumns[] =
    "k.id, k.complaint_id, k.kind, k.started_at, k.limit_value, k.limit_unit, k.limit_due_at, "
    "k.due_at, "
    "k.warn_at, k.warned_at, k.breached_at, k.met_at, k.cancelled_at, k.paused_since, "
    "k.paused_ms, k.agreed, k.created_at";

Clock ClockFromRow(const Rows& r, size_t i) {
  Clock k;
  k.id = r.Int(i, "id");
  k.complaint_id = r.Int(i, "complaint_id");
  k.kind = r.Text(i, "kind");
  k.started_at = r.Int(i, "started_at");
  k.limit = {r.Int(i, "limit_value"),
             ParseUnit(r.Text(i, "limit_unit")).value_or(LimitUnit::kWorkingDays)};
  k.limit_due_at = r.Int(i, "limit_due_at");
  k.due_at = r.Int(i, "due_at");
  k.warn_at = r.OptInt(i, "warn_at");
  k.warned_at = r.OptInt(i, "warned_at");
  k.breached_at = r.OptInt(i, "breached_at");
  k.met_at = r.OptInt(i, "met_at");
  k.cancelled_at = r.OptInt(i, "cancelled_at");
  k.paused_since = r.OptInt(i, "paused_since");
  k.paused_ms = r.Int(i, "paused_ms");
  k.agreed = r.Int(i, "agreed") != 0;
  k.created_at = r.Int(i, "created_at");
  return k;
}

const std::string& NoticeSelect() {
  static const std::string s =
      "SELECT n.id, n.complaint_id, n.round, n.department_id, n.dispatched_at, n.dispatched_by, "
      "n.acknowledged_at, n.acknowledged_by, n.returned_at, n.returned_by, n.cause, n.fix, "
      "n.responsible_person, n.responsible_staff_id, n.handled_on, "
      "COALESCE(d.name, '') AS department_name, " +
      auth::UserNameSql("du") + " AS dispatched_by_name, " + auth::UserNameSql("au") +
      " AS acknowledged_by_name, " + auth::UserNameSql("ru") +
      " AS returned_by_name "
      "FROM complaint_notices n LEFT JOIN departments d ON d.id = n.department_id "
      "LEFT JOIN users du ON du.id = n.dispatched_by "
      "LEFT JOIN users au ON au.id = n.acknowledged_by "
      "LEFT JOIN users ru ON ru.id = n.returned_by ";
  return s;
}

Notice NoticeFromRow(const Rows& r, size_t i) {
  Notice n;
  n.id = r.Int(i, "id");
  n.complaint_id = r.Int(i, "complaint_id");
  n.round = r.Int(i, "round");
  n.department_id = r.OptInt(i, "department_id");
  n.dispatched_at = r.Int(i, "dispatched_at");
  n.dispatched_by = r.OptInt(i, "dispatched_by");
  n.acknowledged_at = r.OptInt(i, "acknowledged_at");
  n.acknowledged_by = r.OptInt(i, "acknowledged_by");
  n.returned_at = r.OptInt(i, "returned_at");
  n.returned_by = r.OptInt(i, "returned_by");
  n.cause = r.Text(i, "cause");
  n.fix = r.Text(i, "fix");
  n.responsible_person = r.Text(i, "responsible_person");
  n.responsible_staff_id = r.OptInt(i, "responsible_staff_id");
  if (auto d = r.OptInt(i, "handled_on")) n.handled_on = static_cast<int32_t>(*d);
  n.department_name = r.Text(i, "department_name");
  n.dispatched_by_name = r.Text(i, "dispatched_by_name");
  n.acknowledged_by_name = r.Text(i, "acknowledged_by_name");
  n.returned_by_name = r.Text(i, "returned_by_name");
  return n;
}

}  // namespace

// ---------------------------------------------------------------- types, causes, ladder

Result<std::vector<ComplaintType>> ListTypes(Connection& c) {
  return AllRows(
      c.Query(std::string("SELECT ") + kTypeColumns + " FROM complaint_types ORDER BY sort, code"),
      TypeFromRow);
}

Result<std::optional<ComplaintType>> FindType(Connection& c, const std::string& code) {
  return FirstRow(
      c.Query(std::string("SELECT ") + kTypeColumns + " FROM complaint_types WHERE code = $1",
              {code}),
      TypeFromRow);
}

Status UpdateType(Connection& c, const ComplaintType& t, int64_t now) {
  return ToStatus(c.Exec(
      "UPDATE complaint_types SET name_zh_cn = $2, name_zh_tw = $3, name_en = $4, "
      "first_contact_limit = $5, first_contact_unit = $6, answer_limit = $7, answer_unit = $8, "
      "on_public_form = $9, sort = $10, active = $11, updated_at = $12 WHERE code = $1",
      {t.code, t.name_zh_cn, t.name_zh_tw, t.name_en, t.first_contact.value,
       std::string(UnitName(t.first_contact.unit)), t.answer.value,
       std::string(UnitName(t.answer.unit)), Flag(t.on_public_form), t.sort, Flag(t.active), now}));
}

Result<std::vector<CauseClass>> ListCauses(Connection& c) {
  return AllRows(c.Query(std::string(kCauseSelect) + "ORDER BY k.sort, k.code"), CauseFromRow);
}

Result<std::optional<CauseClass>> FindCause(Connection& c, const std::string& code) {
  return FirstRow(c.Query(std::string(kCauseSelect) + "WHERE k.code = $1", {code}), CauseFromRow);
}

Result<bool> HasAttribution(Connection& c, int64_t complaint_id) {
  auto rows =
      c.Query("SELECT 1 FROM complaint_attributions WHERE complaint_id = $1 LIMIT 1", {complaint_id});
  if (!rows) return std::move(rows).error();
  return !rows->empty();
}

Status UpdateCause(Connection& c, const CauseClass& k, int64_t now) {
  return ToStatus(
      c.Exec("UPDATE complaint_causes SET name_zh_cn = $2, name_zh_tw = $3, name_en = $4, "
             "department_names = $5, department_id = $6, sort = $7, active = $8, updated_at = $9, "
             "attitude = $10 WHERE code = $1",
             {k.code, k.name_zh_cn, k.name_zh_tw, k.name_en, k.department_names,
              OrNull(k.department_id), k.sort, Flag(k.active), now, Flag(k.attitude)}));
}

Result<std::optional<int64_t>> DepartmentSupervisor(Connection& c, int64_t department_id) {
  auto rows =
      c.Query("SELECT supervisor_user_id FROM complaint_departments WHERE department_id = $1",
              {department_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<int64_t>();
  return rows->OptInt(0, "supervisor_user_id");
}

Status PutDepartmentSupervisor(Connection& c, int64_t department_id, std::optional<int64_t> user_id,
                               int64_t now) {
  return ToStatus(
      c.Exec("INSERT INTO complaint_departments (department_id, supervisor_user_id, updated_at) "
             "VALUES ($1, $2, $3) ON CONFLICT (department_id) DO UPDATE SET "
             "supervisor_user_id = excluded.supervisor_user_id, updated_at = excluded.updated_at",
             {department_id, OrNull(user_id), now}));
}

Result<std::vector<DepartmentLadder>> ListDepartmentLadders(Connection& c) {
  return AllRows(c.Query(LadderSelect() + "ORDER BY d.id"), LadderFromRow);
}

Result<std::optional<DepartmentLadder>> FindDepartmentLadder(Connection& c, int64_t department_id) {
  return FirstRow(c.Query(LadderSelect() + "WHERE d.id = $1", {department_id}), LadderFromRow);
}

Result<std::optional<int64_t>> FirstSiteId(Connection& c) {
  return FirstId(c.Query("SELECT id FROM sites ORDER BY id LIMIT 1"));
}

// ---------------------------------------------------------------- customers

namespace {

constexpr char kCustomerFts[] = "complaint_customers_fts";

constexpr char kCustomerSelect[] =
    "SELECT id, name, organisation, phone_hint, email, search_doc FROM complaint_customers ";

CustomerRow CustomerFromRow(const Rows& r, size_t i) {
  CustomerRow out;
  out.id = r.Int(i, 0);
  out.name = r.Text(i, 1);
  out.organisation = r.Text(i, 2);
  out.phone_hint = r.Text(i, 3);
  out.email = r.Text(i, 4);
  out.search_doc = r.Text(i, 5);
  return out;
}

}  // namespace

Result<std::optional<CustomerRow>> FindCustomerByPhone(Connection& c, const std::string& index) {
  return FirstRow(c.Query(std::string(kCustomerSelect) +
                              "WHERE phone_index = $1 ORDER BY id LIMIT 1",
                          {index}),
                  CustomerFromRow);
}

Result<std::optional<CustomerRow>> FindCustomerByEmail(Connection& c, const std::string& email) {
  return FirstRow(
      c.Query(std::string(kCustomerSelect) + "WHERE email = $1 ORDER BY id LIMIT 1", {email}),
      CustomerFromRow);
}

Result<int64_t> InsertCustomer(Connection& c, const CustomerRow& r, int64_t now) {
  auto id = c.Insert(
      "INSERT INTO complaint_customers (name, organisation, phone_enc, phone_index, phone_hint, "
      "phone_tail, email, search_doc, ticket_count, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)",
      {r.name, r.organisation, r.phone_enc, r.phone_index, r.phone_hint, r.phone_tail, r.email,
       r.search_doc, now});
  if (!id) return std::move(id).error();
  db::IndexAtCommit(c, kCustomerFts, *id, r.search_doc, /*replace=*/false);
  return id;
}

Status TouchCustomer(Connection& c, const CustomerRow& r, const std::string& old_doc,
                     int64_t now) {
  YB_RETURN_IF_ERROR(ToStatus(
      c.Exec("UPDATE complaint_customers SET "
             "name = CASE WHEN $2 <> '' THEN $2 ELSE name END, "
             "organisation = CASE WHEN $3 <> '' THEN $3 ELSE organisation END, "
             "phone_enc = CASE WHEN $4 <> '' THEN $4 ELSE phone_enc END, "
             "phone_index = CASE WHEN $5 <> '' THEN $5 ELSE phone_index END, "
             "phone_hint = CASE WHEN $6 <> '' THEN $6 ELSE phone_hint END, "
             "phone_tail = CASE WHEN $7 <> '' THEN $7 ELSE phone_tail END, "
             "email = CASE WHEN $8 <> '' THEN $8 ELSE email END, search_doc = $9, "
             "ticket_count = ticket_count + 1, updated_at = $10 WHERE id = $1",
             {r.id, r.name, r.organisation, r.phone_enc, r.phone_index, r.phone_hint, r.phone_tail,
              r.email, r.search_doc, now})));
  if (r.search_doc != old_doc) db::IndexAtCommit(c, kCustomerFts, r.id, r.search_doc, true);
  return core::Ok();
}

Result<std::optional<std::string>> CustomerPhoneEnc(Connection& c, int64_t customer_id) {
  auto rows = c.Query("SELECT phone_enc FROM complaint_customers WHERE id = $1", {customer_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->Text(0, 0));
}

// ---------------------------------------------------------------- tickets

Result<int64_t> InsertTicket(Connection& c, const Ticket& t) {
  return c.Insert(
      "INSERT INTO complaints (number, type, channel, site_id, customer_id, subject, description, "
      "customer_request, severity, agitated, cause_class, department_id, assignee_user_id, "
      "owner_user_id, ladder_step, status, is_open, next_due_at, agreed_deadline, call_id, "
      "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
      "$12, $13, $14, $15, $16, 1, $17, $18, $19, $20, $21, $21)",
      {t.number,
       t.type,
       t.channel,
       t.site_id,
       t.customer_id,
       t.subject,
       t.description,
       t.customer_request,
       t.severity,
       Flag(t.agitated),
       OrNullText(t.cause_class),
       OrNull(t.department_id),
       OrNull(t.assignee_user_id),
       OrNull(t.owner_user_id),
       int64_t{t.ladder_step},
       std::string(StatusName(t.status)),
       OrNull(t.next_due_at),
       OrNull(t.agreed_deadline),
       OrNull(t.call_id),
       OrNull(t.created_by),
       t.created_at});
}

Status UpdateTicket(Connection& c, const Ticket& t) {
  return ToStatus(c.Exec(
      "UPDATE complaints SET type = $2, subject = $3, description = $4, customer_request = $5, "
      "severity = $6, agitated = $7, cause_class = $8, department_id = $9, "
      "assignee_user_id = $10, owner_user_id = $11, ladder_step = $12, status = $13, "
      "is_open = $14, next_due_at = $15, agreed_deadline = $16, paused_since = $17, "
      "pause_reason = $18, reopen_count = $19, resolution = $20, satisfied = $21, "
      "updated_at = $22, resolved_at = $23, archived_at = $24, archived_by = $25 WHERE id = $1",
      {t.id,
       t.type,
       t.subject,
       t.description,
       t.customer_request,
       t.severity,
       Flag(t.agitated),
       OrNullText(t.cause_class),
       OrNull(t.department_id),
       OrNull(t.assignee_user_id),
       OrNull(t.owner_user_id),
       int64_t{t.ladder_step},
       std::string(StatusName(t.status)),
       Flag(IsOpen(t.status)),
       OrNull(t.next_due_at),
       OrNull(t.agreed_deadline),
       OrNull(t.paused_since),
       t.pause_reason,
       t.reopen_count,
       t.resolution,
       OrNullBool(t.satisfied),
       t.updated_at,
       OrNull(t.resolved_at),
       OrNull(t.archived_at),
       OrNull(t.archived_by)}));
}

Result<std::optional<Ticket>> FindTicket(Connection& c, int64_t id, int64_t now) {
  return FirstRow(c.Query(TicketSelect() + "WHERE t.id = $2", {now, id}), TicketFromRow);
}

Result<std::vector<Ticket>> SelectTickets(Connection& c, const std::string& where,
                                          std::vector<db::Value> params, const std::string& order,
                                          int64_t limit, int64_t offset, int64_t now) {
  params.insert(params.begin(), now);
  std::string sql = TicketSelect() + "WHERE " + Shift(where, 1) + " ORDER BY " + order;
  sql += db::LimitOffset(params, limit, offset);
  return AllRows(c.Query(sql, params), TicketFromRow);
}

Result<std::vector<int64_t>> SelectTicketIds(Connection& c, const std::string& where,
                                             std::vector<db::Value> params,
                                             const std::string& order, int64_t limit,
                                             int64_t offset) {
  std::string sql = "SELECT t.id FROM complaints t WHERE " + where + " ORDER BY " + order;
  sql += db::LimitOffset(params, limit, offset);
  auto rows = c.Query(sql, params);
  if (!rows) return std::move(rows).error();
  std::vector<int64_t> ids;
  for (size_t i = 0; i < rows->size(); ++i) ids.push_back(rows->Int(i, 0));
  return ids;
}

Result<int64_t> CountTickets(Connection& c, const std::string& where,
                             std::vector<db::Value> params, std::optional<int64_t> cap) {
  auto rows = c.Query(
      cap ? "SELECT COUNT(*) FROM (SELECT 1 FROM complaints t WHERE " + where + " LIMIT " +
                std::to_string(*cap + 1) + ") capped"
          : "SELECT COUNT(*) FROM complaints t WHERE " + where,
      params);
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Result<std::map<int64_t, int64_t>> OpenLoad(Connection& c, const std::vector<int64_t>& user_ids) {
  std::map<int64_t, int64_t> out;
  for (int64_t id : user_ids) {
    auto rows = c.Query(
        "SELECT COUNT(*) FROM complaints WHERE assignee_user_id = $1 "
        "AND status IN ('dispatched', 'in_progress')",
        {id});
    if (!rows) return std::move(rows).error();
    out[id] = rows->Int(0, 0);
  }
  return out;
}

// ---------------------------------------------------------------- timeline

Status InsertEvent(Connection& c, const Event& e) {
  return ToStatus(
      c.Exec("INSERT INTO complaint_events (complaint_id, at, actor_user_id, actor_name, kind, "
             "from_status, to_status, note, data_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
             {e.complaint_id, e.at, OrNull(e.actor_user_id), e.actor_name, e.kind, e.from_status,
              e.to_status, e.note, e.data_json.empty() ? std::string("{}") : e.data_json}));
}

Result<std::vector<Event>> SelectEvents(Connection& c, int64_t complaint_id) {
  return AllRows(c.Query("SELECT id, complaint_id, at, actor_user_id, actor_name, kind, "
                         "from_status, to_status, note, data_json FROM complaint_events "
                         "WHERE complaint_id = $1 ORDER BY id",
                         {complaint_id}),
                 EventFromRow);
}

// ---------------------------------------------------------------- clocks

Result<int64_t> InsertClock(Connection& c, const Clock& k) {
  return c.Insert(
      "INSERT INTO complaint_clocks (complaint_id, kind, started_at, limit_value, limit_unit, "
      "limit_due_at, due_at, warn_at, agreed, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {k.complaint_id, k.kind, k.started_at, k.limit.value, std::string(UnitName(k.limit.unit)),
       k.limit_due_at, k.due_at, OrNull(k.warn_at), Flag(k.agreed), k.created_at});
}

Status UpdateClock(Connection& c, const Clock& k) {
  return ToStatus(c.Exec(
      "UPDATE complaint_clocks SET due_at = $2, warn_at = $3, warned_at = $4, breached_at = $5, "
      "met_at = $6, cancelled_at = $7, paused_since = $8, paused_ms = $9, agreed = $10, "
      "limit_due_at = $11 WHERE id = $1",
      {k.id, k.due_at, OrNull(k.warn_at), OrNull(k.warned_at), OrNull(k.breached_at),
       OrNull(k.met_at), OrNull(k.cancelled_at), OrNull(k.paused_since), k.paused_ms,
       Flag(k.agreed), k.limit_due_at}));
}

Result<std::optional<Clock>> FindClock(Connection& c, int64_t id) {
  return FirstRow(
      c.Query(std::string("SELECT ") + kClockColumns + " FROM complaint_clocks k WHERE k.id = $1",
              {id}),
      ClockFromRow);
}

Result<std::vector<Clock>> SelectClocks(Connection& c, int64_t complaint_id) {
  return AllRows(c.Query(std::string("SELECT ") + kClockColumns +
                             " FROM complaint_clocks k WHERE k.complaint_id = $1 ORDER BY k.id",
                         {complaint_id}),
                 ClockFromRow);
}

Result<std::optional<int64_t>> NextDue(Connection& c, int64_t complaint_id) {
  auto rows = c.Query(
      "SELECT MIN(due_at) FROM complaint_clocks WHERE complaint_id = $1 AND met_at IS NULL "
      "AND cancelled_at IS NULL AND paused_since IS NULL",
      {complaint_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty() || rows->IsNull(0, 0)) return std::optional<int64_t>();
  return std::optional<int64_t>(rows->Int(0, 0));
}

Result<std::vector<OverdueClock>> SelectOverdue(Connection& c, int64_t now,
                                                const std::string& where,
                                                std::vector<db::Value> params, int64_t limit) {
  // The clocks' partial index (due_at, running) drives: the soonest overdue first.
  params.insert(params.begin(), now);
  const size_t n = params.size();
  params.push_back(limit);
  std::string sql = std::string("SELECT ") + kClockColumns +
                    ", t.id AS ticket_id FROM complaint_clocks k "
                    "JOIN complaints t ON t.id = k.complaint_id "
                    "WHERE k.met_at IS NULL AND k.cancelled_at IS NULL AND k.paused_since IS NULL "
                    "AND k.due_at <= $1 AND (" +
                    Shift(where, 1) + ") ORDER BY k.due_at, k.id LIMIT " + Param(n + 1);
  auto rows = c.Query(sql, params);
  if (!rows) return std::move(rows).error();
  // The clocks' tickets in one query (not one look-up per row: the dashboard shows 200).
  std::string ids;
  for (size_t i = 0; i < rows->size(); ++i)
    ids += (ids.empty() ? "" : ",") + std::to_string(rows->Int(i, "ticket_id"));
  std::map<int64_t, Ticket> tickets;
  if (!ids.empty()) {
    auto found = SelectTickets(c, "t.id IN (" + ids + ")", {}, "t.id", rows->size(), 0, now);
    if (!found) return std::move(found).error();
    for (auto& t : *found) tickets.emplace(t.id, std::move(t));
  }
  std::vector<OverdueClock> out;
  for (size_t i = 0; i < rows->size(); ++i) {
    auto it = tickets.find(rows->Int(i, "ticket_id"));
    if (it == tickets.end()) continue;
    out.push_back({ClockFromRow(*rows, i), it->second});
  }
  return out;
}

// ---------------------------------------------------------------- notices

Result<int64_t> InsertNotice(Connection& c, const Notice& n) {
  return c.Insert(
      "INSERT INTO complaint_notices (complaint_id, round, department_id, dispatched_at, "
              "dispatched_by) VALUES ($1, $2, $3, $4, $5)",
              {n.complaint_id, n.round, OrNull(n.department_id), n.dispatched_at,
               OrNull(n.dispatched_by)});
}

Status UpdateNotice(Connection& c, const Notice& n) {
  return ToStatus(c.Exec(
      "UPDATE complaint_notices SET acknowledged_at = $2, acknowledged_by = $3, returned_at = $4, "
      "returned_by = $5, cause = $6, fix = $7, responsible_person = $8, "
      "responsible_staff_id = $9, handled_on = $10 WHERE id = $1",
      {n.id, OrNull(n.acknowledged_at), OrNull(n.acknowledged_by), OrNull(n.returned_at),
       OrNull(n.returned_by), n.cause, n.fix, n.responsible_person, OrNull(n.responsible_staff_id),
       n.handled_on ? Value(int64_t{*n.handled_on}) : Null()}));
}

Result<std::optional<Notice>> LatestNotice(Connection& c, int64_t complaint_id) {
  return FirstRow(c.Query(NoticeSelect() + "WHERE n.complaint_id = $1 ORDER BY n.round DESC "
                                           "LIMIT 1",
                          {complaint_id}),
                  NoticeFromRow);
}

Result<std::vector<Notice>> SelectNotices(Connection& c, int64_t complaint_id) {
  return AllRows(
      c.Query(NoticeSelect() + "WHERE n.complaint_id = $1 ORDER BY n.round", {complaint_id}),
      NoticeFromRow);
}

}  // namespace yingbin::complaints::store
