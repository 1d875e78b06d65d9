#include "calls/store.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "auth/directory.hpp"
#include "core/search_keys.hpp"
#include "db/full_text.hpp"
#include "db/search_documents.hpp"
#include "db/sql.hpp"

namespace yingbin::calls::store {
namespace {

using db::FirstId;
using db::Flag;
using db::Ids;
using db::IsPostgres;
using db::Null;
using db::OrNull;
using db::Param;
using db::Rows;
using db::ToStatus;
using db::Value;

// "%q%" for LIKE ... ESCAPE '\', ASCII lower-cased (SQLite's LIKE ignores ASCII case;
// PostgreSQL gets ILIKE).
std::string LikePattern(std::string_view q) {
  std::string p = "%";
  for (char ch : q) {
    if (ch == '%' || ch == '_' || ch == '\\') p += '\\';
    p += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return p + "%";
}


// --- calls ---

const std::string& CallSelect() {
  static const std::string s =
      "SELECT c.id, c.number, c.site_id, c.day, c.called_at, c.caller_id, c.caller_name, "
      "c.organisation, c.phone_hint, c.matter, c.for_staff_id, c.for_department_id, c.outcome, "
      "c.knowledge_id, c.note, c.late_answer, c.created_by, c.created_at, c.updated_at, "
      "COALESCE(s.name, '') AS for_staff_name, COALESCE(d.name, '') AS for_department_name, "
      "COALESCE(si.name, '') AS site_name, " +
      auth::UserNameSql("u") +
      " AS created_by_name, "
      "COALESCE(k.question, '') AS knowledge_question, m.id AS message_id, "
      "COALESCE(m.status, '') AS message_status "
      "FROM calls c "
      "LEFT JOIN staff s ON s.id = c.for_staff_id "
      "LEFT JOIN departments d ON d.id = c.for_department_id "
      "LEFT JOIN sites si ON si.id = c.site_id "
      "LEFT JOIN users u ON u.id = c.created_by "
      "LEFT JOIN knowledge_entries k ON k.id = c.knowledge_id "
      "LEFT JOIN call_messages m ON m.call_id = c.id ";
  return s;
}

Call CallFromRow(const Rows& r, size_t i) {
  Call c;
  c.id = r.Int(i, "id");
  c.number = r.Text(i, "number");
  c.site_id = r.Int(i, "site_id");
  c.day = static_cast<int32_t>(r.Int(i, "day"));
  c.called_at = r.Int(i, "called_at");
  c.caller_id = r.OptInt(i, "caller_id");
  c.caller_name = r.Text(i, "caller_name");
  c.organisation = r.Text(i, "organisation");
  c.phone_hint = r.Text(i, "phone_hint");
  c.matter = r.Text(i, "matter");
  c.for_staff_id = r.OptInt(i, "for_staff_id");
  c.for_department_id = r.OptInt(i, "for_department_id");
  c.outcome = r.Text(i, "outcome");
  c.knowledge_id = r.OptInt(i, "knowledge_id");
  c.note = r.Text(i, "note");
  c.late_answer = r.Int(i, "late_answer") != 0;
  c.created_by = r.OptInt(i, "created_by");
  c.created_at = r.Int(i, "created_at");
  c.updated_at = r.Int(i, "updated_at");
  c.for_staff_name = r.Text(i, "for_staff_name");
  c.for_department_name = r.Text(i, "for_department_name");
  c.site_name = r.Text(i, "site_name");
  c.created_by_name = r.Text(i, "created_by_name");
  c.knowledge_question = r.Text(i, "knowledge_question");
  c.message_id = r.OptInt(i, "message_id");
  c.message_status = r.Text(i, "message_status");
  return c;
}

// --- messages ---

const std::string& MessageSelect() {
  static const std::string s =
      "SELECT m.id, m.call_id, m.site_id, m.for_staff_id, m.for_department_id, m.text, m.status, "
      "m.reminders, m.last_reminded_at, m.handled_by, m.handled_at, m.handled_on_behalf, "
      "m.reply_note, m.created_by, m.created_at, m.updated_at, c.number AS call_number, "
      "c.called_at, c.caller_name, c.organisation, c.phone_hint, c.matter, "
      "CASE WHEN c.phone_enc <> '' THEN 1 ELSE 0 END AS has_phone, "
      "COALESCE(s.name, '') AS for_staff_name, COALESCE(d.name, '') AS for_department_name, " +
      auth::UserNameSql("hu") + " AS handled_by_name, " + auth::UserNameSql("cu") +
      " AS created_by_name "
      "FROM call_messages m JOIN calls c ON c.id = m.call_id "
      "LEFT JOIN staff s ON s.id = m.for_staff_id "
      "LEFT JOIN departments d ON d.id = m.for_department_id "
      "LEFT JOIN users hu ON hu.id = m.handled_by "
      "LEFT JOIN users cu ON cu.id = m.created_by ";
  return s;
}

Message MessageFromRow(const Rows& r, size_t i) {
  Message m;
  m.id = r.Int(i, "id");
  m.call_id = r.Int(i, "call_id");
  m.site_id = r.Int(i, "site_id");
  m.for_staff_id = r.OptInt(i, "for_staff_id");
  m.for_department_id = r.OptInt(i, "for_department_id");
  m.text = r.Text(i, "text");
  m.status = r.Text(i, "status");
  m.reminders = r.Int(i, "reminders");
  m.last_reminded_at = r.OptInt(i, "last_reminded_at");
  m.handled_by = r.OptInt(i, "handled_by");
  m.handled_at = r.OptInt(i, "handled_at");
  m.handled_on_behalf = r.Int(i, "handled_on_behalf") != 0;
  m.reply_note = r.Text(i, "reply_note");
  m.created_by = r.OptInt(i, "created_by");
  m.created_at = r.Int(i, "created_at");
  m.updated_at = r.Int(i, "updated_at");
  m.call_number = r.Text(i, "call_number");
  m.called_at = r.Int(i, "called_at");
  m.caller_name = r.Text(i, "caller_name");
  m.organisation = r.Text(i, "organisation");
  m.phone_hint = r.Text(i, "phone_hint");
  m.matter = r.Text(i, "matter");
  m.has_phone = r.Int(i, "has_phone") != 0;
  m.for_staff_name = r.Text(i, "for_staff_name");
  m.for_department_name = r.Text(i, "for_department_name");
  m.handled_by_name = r.Text(i, "handled_by_name");
  m.created_by_name = r.Text(i, "created_by_name");
  return m;
}

// --- knowledge ---

constexpr char kKnowledgeSelect[] =
    "SELECT k.id, k.question, k.answer, k.tags, k.site_id, k.sort, k.active, k.use_count, "
    "k.updated_at FROM knowledge_entries k ";

std::vector<std::string> SplitTags(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string JoinTags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : ",") + t;
  return out;
}

KnowledgeEntry KnowledgeFromRow(const Rows& r, size_t i) {
  KnowledgeEntry k;
  k.id = r.Int(i, "id");
  k.question = r.Text(i, "question");
  k.answer = r.Text(i, "answer");
  k.tags = SplitTags(r.Text(i, "tags"));
  k.site_id = r.OptInt(i, "site_id");
  k.sort = r.Int(i, "sort");
  k.active = r.Int(i, "active") != 0;
  k.use_count = r.Int(i, "use_count");
  k.updated_at = r.Int(i, "updated_at");
  return k;
}

}  // namespace

// ---------------------------------------------------------------- callers

Result<std::optional<CallerRow>> FindCaller(Connection& c, int64_t id) {
  auto rows = c.Query(
      "SELECT id, name, organisation, phone_enc, phone_index, phone_hint, phone_tail, search_doc "
      "FROM callers WHERE id = $1",
      {id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<CallerRow>();
  CallerRow r;
  r.id = rows->Int(0, "id");
  r.name = rows->Text(0, "name");
  r.organisation = rows->Text(0, "organisation");
  r.phone_enc = rows->Text(0, "phone_enc");
  r.phone_index = rows->Text(0, "phone_index");
  r.phone_hint = rows->Text(0, "phone_hint");
  r.phone_tail = rows->Text(0, "phone_tail");
  r.search_doc = rows->Text(0, "search_doc");
  return std::optional<CallerRow>(std::move(r));
}

Result<std::optional<int64_t>> FindCallerByPhone(Connection& c, const std::string& phone_index) {
  return FirstId(c.Query("SELECT id FROM callers WHERE phone_index = $1 ORDER BY id DESC LIMIT 1",
                         {phone_index}));
}

Result<std::optional<int64_t>> FindCallerByName(Connection& c, const std::string& name,
                                                const std::string& organisation) {
  return FirstId(
      c.Query("SELECT id FROM callers WHERE name = $1 AND organisation = $2 AND phone_index = '' "
              "ORDER BY id DESC LIMIT 1",
              {name, organisation}));
}

Result<int64_t> InsertCaller(Connection& c, const CallerRow& r, int64_t called_at, int64_t now,
                             const LastFor& last) {
  auto rows = c.Query(
      "INSERT INTO callers (name, organisation, phone_enc, phone_index, phone_hint, phone_tail, "
      "search_doc, call_count, last_call_at, last_for_staff_id, last_for_department_id, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $11, $11) "
      "RETURNING id",
      {r.name, r.organisation, r.phone_enc, r.phone_index, r.phone_hint, r.phone_tail, r.search_doc,
       called_at, OrNull(last.staff_id), OrNull(last.department_id), now});
  if (!rows) return std::move(rows).error();
  const int64_t id = rows->Int(0, 0);
  YB_RETURN_IF_ERROR(db::PutSearchShadow(c, "callers_fts", id, r.search_doc, false));
  return id;
}

Status TouchCaller(Connection& c, const CallerRow& r, int64_t called_at, int64_t now,
                   const LastFor& last) {
  YB_RETURN_IF_ERROR(ToStatus(
      c.Exec("UPDATE callers SET name = $2, organisation = $3, "
             "phone_enc = CASE WHEN $4 = '' THEN phone_enc ELSE $4 END, "
             "phone_index = CASE WHEN $5 = '' THEN phone_index ELSE $5 END, "
             "phone_hint = CASE WHEN $6 = '' THEN phone_hint ELSE $6 END, "
             "phone_tail = CASE WHEN $7 = '' THEN phone_tail ELSE $7 END, search_doc = $8, "
             "call_count = call_count + 1, last_call_at = CASE WHEN last_call_at IS NULL OR "
             "last_call_at < $9 THEN $9 ELSE last_call_at END, last_for_staff_id = $10, "
             "last_for_department_id = $11, updated_at = $12, anonymised_at = NULL WHERE id = $1",
             {r.id, r.name, r.organisation, r.phone_enc, r.phone_index, r.phone_hint, r.phone_tail,
              r.search_doc, called_at, OrNull(last.staff_id), OrNull(last.department_id), now})));
  return db::PutSearchShadow(c, "callers_fts", r.id, r.search_doc, true);
}

Result<std::vector<Caller>> SelectCallers(Connection& c, const std::string& where,
                                          std::vector<db::Value> params, int64_t limit) {
  params.push_back(limit);
  auto rows = c.Query(
      "SELECT r.id, r.name, r.organisation, r.phone_hint, r.call_count, r.last_call_at, "
      "r.last_for_staff_id, r.last_for_department_id, COALESCE(s.name, '') AS staff_name, "
      "COALESCE(d.name, '') AS department_name FROM callers r "
      "LEFT JOIN staff s ON s.id = r.last_for_staff_id "
      "LEFT JOIN departments d ON d.id = r.last_for_department_id WHERE " +
          where + " ORDER BY r.last_call_at DESC, r.id DESC LIMIT " + Param(params.size()),
      params);
  if (!rows) return std::move(rows).error();
  std::vector<Caller> out;
  for (size_t i = 0; i < rows->size(); ++i) {
    Caller k;
    k.id = rows->Int(i, "id");
    k.name = rows->Text(i, "name");
    k.organisation = rows->Text(i, "organisation");
    k.phone_hint = rows->Text(i, "phone_hint");
    k.call_count = rows->Int(i, "call_count");
    k.last_call_at = rows->OptInt(i, "last_call_at");
    k.last_for_staff_id = rows->OptInt(i, "last_for_staff_id");
    k.last_for_department_id = rows->OptInt(i, "last_for_department_id");
    k.last_for_staff_name = rows->Text(i, "staff_name");
    k.last_for_department_name = rows->Text(i, "department_name");
    out.push_back(std::move(k));
  }
  return out;
}

// ---------------------------------------------------------------- calls

Result<int64_t> InsertCall(Connection& c, const Call& call, const std::string& phone_enc,
                           const std::string& search_doc) {
  auto rows = c.Query(
      "INSERT INTO calls (number, site_id, day, called_at, caller_id, caller_name, organisation, "
      "phone_enc, phone_hint, matter, for_staff_id, for_department_id, outcome, knowledge_id, "
      "note, late_answer, created_by, search_doc, created_at, updated_at) VALUES ($1, $2, $3, $4, "
      "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id",
      {call.number, call.site_id, int64_t{call.day}, call.called_at, OrNull(call.caller_id),
       call.caller_name, call.organisation, phone_enc, call.phone_hint, call.matter,
       OrNull(call.for_staff_id), OrNull(call.for_department_id), call.outcome,
       OrNull(call.knowledge_id), call.note, Flag(call.late_answer), OrNull(call.created_by),
       search_doc, call.created_at});
  if (!rows) return std::move(rows).error();
  const int64_t id = rows->Int(0, 0);
  YB_RETURN_IF_ERROR(db::PutSearchShadow(c, "calls_fts", id, search_doc, false));
  return id;
}

Result<std::optional<Call>> FindCall(Connection& c, int64_t id) {
  return db::FirstRow(c.Query(CallSelect() + "WHERE c.id = $1", {id}), CallFromRow);
}

Result<std::vector<Call>> SelectCalls(Connection& c, const std::string& where,
                                      std::vector<db::Value> params, const std::string& order,
                                      int64_t limit, int64_t offset) {
  const std::string page = db::LimitOffset(params, limit, offset);
  auto rows = c.Query(CallSelect() + "WHERE " + where + " ORDER BY " + order + page, params);
  return db::AllRows(std::move(rows), CallFromRow);
}

Result<int64_t> CountCalls(Connection& c, const std::string& where, std::vector<db::Value> params) {
  auto rows = c.Query("SELECT COUNT(*) FROM calls c WHERE " + where, params);
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Result<std::optional<std::string>> CallPhoneEnc(Connection& c, int64_t call_id) {
  auto rows = c.Query("SELECT phone_enc FROM calls WHERE id = $1", {call_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->Text(0, 0));
}

// ---------------------------------------------------------------- messages

Result<int64_t> InsertMessage(Connection& c, const Message& m) {
  auto rows = c.Query(
      "INSERT INTO call_messages (call_id, site_id, for_staff_id, for_department_id, text, status, "
      "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $7) "
      "RETURNING id",
      {m.call_id, m.site_id, OrNull(m.for_staff_id), OrNull(m.for_department_id), m.text,
       OrNull(m.created_by), m.created_at});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Result<std::optional<Message>> FindMessage(Connection& c, int64_t id) {
  return db::FirstRow(c.Query(MessageSelect() + "WHERE m.id = $1", {id}), MessageFromRow);
}

Result<std::vector<Message>> SelectMessages(Connection& c, const std::string& where,
                                            std::vector<db::Value> params, const std::string& order,
                                            int64_t limit) {
  params.push_back(limit);
  auto rows = c.Query(
      MessageSelect() + "WHERE " + where + " ORDER BY " + order + " LIMIT " + Param(params.size()),
      params);
  return db::AllRows(std::move(rows), MessageFromRow);
}

Result<int64_t> MarkHandled(Connection& c, int64_t id, int64_t user_id, int64_t now,
                            const std::string& note, bool on_behalf) {
  // The status test in the statement: of two concurrent handlers exactly one changes it.
  return c.Exec(
      "UPDATE call_messages SET status = 'handled', handled_by = $2, handled_at = $3, "
      "reply_note = $4, handled_on_behalf = $5, updated_at = $3 WHERE id = $1 AND status = 'open'",
      {id, user_id ? Value(user_id) : Null(), now, note, Flag(on_behalf)});
}

Status CountReminder(Connection& c, int64_t id, int64_t now) {
  return ToStatus(c.Exec(
      "UPDATE call_messages SET reminders = reminders + 1, last_reminded_at = $2, updated_at = $2 "
      "WHERE id = $1",
      {id, now}));
}

// ---------------------------------------------------------------- staff and departments

namespace {

// Rows (id, email, user_id) of staff -> the users with an account and the e-mail
// addresses of those without one.
Result<People> PeopleOf(Result<Rows> rows) {
  if (!rows) return std::move(rows).error();
  People p;
  for (size_t i = 0; i < rows->size(); ++i) {
    if (!rows->IsNull(i, "user_id")) {
      const int64_t u = rows->Int(i, "user_id");
      if (std::find(p.user_ids.begin(), p.user_ids.end(), u) == p.user_ids.end())
        p.user_ids.push_back(u);
    } else if (!rows->Text(i, "email").empty()) {
      p.emails.push_back(rows->Text(i, "email"));
    }
  }
  return p;
}

constexpr char kPeopleSelect[] =
    "SELECT s.id, s.email, COALESCE(s.user_id, (SELECT MIN(u.id) FROM users u "
    "WHERE u.staff_id = s.id AND u.disabled = 0)) AS user_id FROM staff s ";

}  // namespace

Result<People> StaffPeople(Connection& c, int64_t staff_id) {
  return PeopleOf(c.Query(std::string(kPeopleSelect) + "WHERE s.id = $1", {staff_id}));
}

Result<People> DepartmentPeople(Connection& c, int64_t department_id) {
  return PeopleOf(
      c.Query(std::string(kPeopleSelect) +
                  "WHERE s.active = 1 AND (s.department_id = $1 OR s.id = "
                  "(SELECT head_staff_id FROM departments WHERE id = $1)) ORDER BY s.id",
              {department_id}));
}

Result<std::vector<int64_t>> DepartmentsOfStaff(Connection& c,
                                                const std::vector<int64_t>& staff_ids) {
  if (staff_ids.empty()) return std::vector<int64_t>();
  std::vector<Value> params;
  std::string list;
  for (int64_t id : staff_ids) {
    params.push_back(id);
    list += (list.empty() ? "" : ", ") + Param(params.size());
  }
  return Ids(c.Query("SELECT department_id FROM staff WHERE id IN (" + list +
                         ") AND department_id IS NOT NULL AND active = 1 "
                         "UNION SELECT id FROM departments WHERE head_staff_id IN (" +
                         list + ")",
                     params));
}

Result<std::optional<int64_t>> SiteOfStaff(Connection& c, int64_t staff_id) {
  auto rows = c.Query("SELECT site_id FROM staff WHERE id = $1", {staff_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<int64_t>();
  return rows->OptInt(0, "site_id");
}

// ---------------------------------------------------------------- directory

Result<std::vector<DirectoryEntry>> SearchStaff(Connection& c, const std::string& q,
                                                const std::optional<std::vector<int64_t>>& scope,
                                                int64_t limit) {
  std::vector<Value> params;
  std::string where = "s.active = 1";
  if (!q.empty()) {
    const std::string op = IsPostgres(c) ? " ILIKE " : " LIKE ";
    std::string any;
    // The folded form too: 張偉 finds 张伟.
    for (const std::string& text : {q, core::FoldScript(q)}) {
      if (!any.empty() && text == q) continue;
      params.push_back(LikePattern(text));
      const std::string p = Param(params.size());
      any += std::string(any.empty() ? "" : " OR ") + "s.name" + op + p + " ESCAPE '\\' OR " +
             "s.name_initials LIKE " + p + " ESCAPE '\\' OR s.extension LIKE " + p +
             " ESCAPE '\\' OR d.name" + op + p + " ESCAPE '\\'";
    }
    where += " AND (" + any + ")";
  }
  if (scope) {
    std::string ids;
    for (int64_t id : *scope) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    where += ids.empty() ? " AND 1 = 0" : " AND s.department_id IN (" + ids + ")";
  }
  params.push_back(limit);
  auto rows = c.Query(
      "SELECT s.id, s.name, s.name_initials, s.title, s.extension, s.phone, s.email, "
      "s.department_id, s.site_id, COALESCE(d.name, '') AS department_name, "
      "CASE WHEN s.user_id IS NOT NULL OR EXISTS (SELECT 1 FROM users u WHERE u.staff_id = s.id) "
      "THEN 1 ELSE 0 END AS has_account "
      "FROM staff s LEFT JOIN departments d ON d.id = s.department_id WHERE " +
          where + " ORDER BY COALESCE(d.name, ''), s.name, s.id LIMIT " + Param(params.size()),
      params);
  if (!rows) return std::move(rows).error();
  std::vector<DirectoryEntry> out;
  for (size_t i = 0; i < rows->size(); ++i) {
    DirectoryEntry e;
    e.staff_id = rows->Int(i, "id");
    e.name = rows->Text(i, "name");
    e.name_initials = rows->Text(i, "name_initials");
    e.title = rows->Text(i, "title");
    e.extension = rows->Text(i, "extension");
    e.phone = rows->Text(i, "phone");
    e.email = rows->Text(i, "email");
    e.department_id = rows->OptInt(i, "department_id");
    e.site_id = rows->OptInt(i, "site_id");
    e.department_name = rows->Text(i, "department_name");
    e.has_account = rows->Int(i, "has_account") != 0;
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<DepartmentBrief>> SearchDepartments(Connection& c, const std::string& q,
                                                       int64_t limit) {
  std::vector<Value> params;
  std::string where = "1 = 1";
  if (!q.empty()) {
    const std::string op = IsPostgres(c) ? " ILIKE " : " LIKE ";
    params.push_back(LikePattern(q));
    params.push_back(LikePattern(core::FoldScript(q)));
    where = "(d.name" + op + "$1 ESCAPE '\\' OR d.name" + op + "$2 ESCAPE '\\' OR d.code" + op +
            "$1 ESCAPE '\\')";
  }
  params.push_back(limit);
  auto rows = c.Query(
      "SELECT d.id, d.name, d.head_staff_id, COALESCE(h.name, '') AS head_name "
      "FROM departments d LEFT JOIN staff h ON h.id = d.head_staff_id WHERE " +
          where + " ORDER BY d.name, d.id LIMIT " + Param(params.size()),
      params);
  if (!rows) return std::move(rows).error();
  std::vector<DepartmentBrief> out;
  for (size_t i = 0; i < rows->size(); ++i)
    out.push_back(DepartmentBrief{rows->Int(i, "id"), rows->Text(i, "name"),
                                  rows->OptInt(i, "head_staff_id"), rows->Text(i, "head_name")});
  return out;
}

// ---------------------------------------------------------------- knowledge

Result<std::vector<KnowledgeEntry>> SelectKnowledge(Connection& c, const KnowledgeFilter& f,
                                                    int64_t limit) {
  std::vector<Value> params;
  std::string where = f.include_inactive ? "1 = 1" : "k.active = 1";
  if (f.site_id) {
    params.push_back(*f.site_id);
    where += " AND (k.site_id IS NULL OR k.site_id = " + Param(params.size()) + ")";
  }
  if (!f.q.empty()) {
    std::string cond = db::FullTextCondition(c, "knowledge_fts", "k", f.q, params);
    if (cond.empty()) return std::vector<KnowledgeEntry>();
    where += " AND " + cond;
  }
  params.push_back(limit);
  // The most used answers first within the administrator's order.
  auto rows = c.Query(std::string(kKnowledgeSelect) + "WHERE " + where +
                          " ORDER BY k.sort, k.use_count DESC, k.id LIMIT " + Param(params.size()),
                      params);
  return db::AllRows(std::move(rows), KnowledgeFromRow);
}

Result<std::optional<KnowledgeEntry>> FindKnowledge(Connection& c, int64_t id) {
  return db::FirstRow(c.Query(std::string(kKnowledgeSelect) + "WHERE k.id = $1", {id}),
                      KnowledgeFromRow);
}

Result<int64_t> InsertKnowledge(Connection& c, const KnowledgeEntry& e, const std::string& doc,
                                int64_t now) {
  auto rows = c.Query(
      "INSERT INTO knowledge_entries (question, answer, tags, site_id, sort, active, search_doc, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
      {e.question, e.answer, JoinTags(e.tags), OrNull(e.site_id), e.sort, Flag(e.active), doc,
       now});
  if (!rows) return std::move(rows).error();
  const int64_t id = rows->Int(0, 0);
  YB_RETURN_IF_ERROR(db::PutSearchShadow(c, "knowledge_fts", id, doc, false));
  return id;
}

Status UpdateKnowledge(Connection& c, const KnowledgeEntry& e, const std::string& doc,
                       int64_t now) {
  YB_RETURN_IF_ERROR(ToStatus(
      c.Exec("UPDATE knowledge_entries SET question = $2, answer = $3, tags = $4, site_id = $5, "
             "sort = $6, active = $7, search_doc = $8, updated_at = $9 WHERE id = $1",
             {e.id, e.question, e.answer, JoinTags(e.tags), OrNull(e.site_id), e.sort,
              Flag(e.active), doc, now})));
  return db::PutSearchShadow(c, "knowledge_fts", e.id, doc, true);
}

Status DeleteKnowledge(Connection& c, int64_t id) {
  YB_RETURN_IF_ERROR(ToStatus(c.Exec("DELETE FROM knowledge_entries WHERE id = $1", {id})));
  if (IsPostgres(c)) return core::Ok();
  return ToStatus(c.Exec("DELETE FROM knowledge_fts WHERE rowid = $1", {id}));
}

Status CountKnowledgeUse(Connection& c, int64_t id) {
  return ToStatus(
      c.Exec("UPDATE knowledge_entries SET use_count = use_count + 1 WHERE id = $1", {id}));
}

Result<int64_t> KnowledgeUsedByCalls(Connection& c, int64_t id) {
  auto rows = c.Query("SELECT COUNT(*) FROM calls WHERE knowledge_id = $1", {id});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Result<int64_t> BuildMissingKnowledgeDocs(Connection& c) {
  auto rows =
      c.Query("SELECT id, question, answer, tags FROM knowledge_entries WHERE search_doc = ''");
  if (!rows) return std::move(rows).error();
  for (size_t i = 0; i < rows->size(); ++i) {
    const int64_t id = rows->Int(i, 0);
    const std::string doc =
        core::SearchDocument({rows->Text(i, 1), rows->Text(i, 2), rows->Text(i, 3)});
    YB_RETURN_IF_ERROR(
        ToStatus(c.Exec("UPDATE knowledge_entries SET search_doc = $2 WHERE id = $1", {id, doc})));
    YB_RETURN_IF_ERROR(db::PutSearchShadow(c, "knowledge_fts", id, doc, true));
  }
  return static_cast<int64_t>(rows->size());
}

}  // namespace yingbin::calls::store
