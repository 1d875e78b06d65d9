#pragma once
// SQL of the phone desk, through db::Connection. The same text on both backends except the
// search, which uses FTS5 on SQLite and a GIN tsvector index on PostgreSQL. Every function
// runs on the caller's connection (inside the caller's transaction where it writes).
// Not-found lookups return nullopt, not errors.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calls/model.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::calls::store {

using core::Result;
using core::Status;
using db::Connection;

// --- callers ---
struct CallerRow {
  int64_t id = 0;
  std::string name, organisation, phone_enc, phone_index, phone_hint, phone_tail, search_doc;
};
Result<std::optional<CallerRow>> FindCaller(Connection& c, int64_t id);
Result<std::optional<int64_t>> FindCallerByPhone(Connection& c, const std::string& phone_index);
// A caller without a phone, by exact name and organisation.
Result<std::optional<int64_t>> FindCallerByName(Connection& c, const std::string& name,
                                                const std::string& organisation);
struct LastFor {
  std::optional<int64_t> staff_id, department_id;
};
// `called_at` dates the caller's last call (DATA-5 retention counts from it).
Result<int64_t> InsertCaller(Connection& c, const CallerRow& r, int64_t called_at, int64_t now,
                             const LastFor& last);
// Writes r (its non-empty phone fields only) and counts a call.
Status TouchCaller(Connection& c, const CallerRow& r, int64_t called_at, int64_t now,
                   const LastFor& last);
// Returning callers matching `where` (SQL over alias r), most recent first.
Result<std::vector<Caller>> SelectCallers(Connection& c, const std::string& where,
                                          std::vector<db::Value> params, int64_t limit);

// --- calls ---
Result<int64_t> InsertCall(Connection& c, const Call& call, const std::string& phone_enc,
                           const std::string& search_doc);
Result<std::optional<Call>> FindCall(Connection& c, int64_t id);
// Calls matching `where` (SQL over alias c, parameters $1..$n), in `order`.
Result<std::vector<Call>> SelectCalls(Connection& c, const std::string& where,
                                      std::vector<db::Value> params, const std::string& order,
                                      int64_t limit, int64_t offset);
Result<int64_t> CountCalls(Connection& c, const std::string& where, std::vector<db::Value> params);
// The encrypted phone of a call ("" when none was given).
Result<std::optional<std::string>> CallPhoneEnc(Connection& c, int64_t call_id);

// --- messages ---
Result<int64_t> InsertMessage(Connection& c, const Message& m);
Result<std::optional<Message>> FindMessage(Connection& c, int64_t id);
// Messages matching `where` (SQL over alias m and its call c), in `order`.
Result<std::vector<Message>> SelectMessages(Connection& c, const std::string& where,
                                            std::vector<db::Value> params, const std::string& order,
                                            int64_t limit);
// open -> handled; answers the number of rows changed (0: it was handled already).
Result<int64_t> MarkHandled(Connection& c, int64_t id, int64_t user_id, int64_t now,
                            const std::string& note, bool on_behalf);
Status CountReminder(Connection& c, int64_t id, int64_t now);

// --- staff and departments as the phone desk needs them (more in org/directory.hpp) ---
// Who receives a message: for a staff member that person; for a department its head and
// its active members. Users with an account, and the e-mail addresses of those without.
struct People {
  std::vector<int64_t> user_ids;
  std::vector<std::string> emails;
};
Result<People> StaffPeople(Connection& c, int64_t staff_id);
Result<People> DepartmentPeople(Connection& c, int64_t department_id);
// Departments whose messages a user's staff records may handle (member or head).
Result<std::vector<int64_t>> DepartmentsOfStaff(Connection& c,
                                                const std::vector<int64_t>& staff_ids);
Result<std::optional<int64_t>> SiteOfStaff(Connection& c, int64_t staff_id);

// --- the extension directory (TEL-5) ---
// Active staff whose name, pinyin initials, extension or department name contains q
// ("" = everyone), by department and name. `scope` limits to those departments when set.
Result<std::vector<DirectoryEntry>> SearchStaff(Connection& c, const std::string& q,
                                                const std::optional<std::vector<int64_t>>& scope,
                                                int64_t limit);
Result<std::vector<DepartmentBrief>> SearchDepartments(Connection& c, const std::string& q,
                                                       int64_t limit);

// --- knowledge entries (TEL-5) ---
struct KnowledgeFilter {
  std::string q;
  std::optional<int64_t> site_id;  // entries of this site and of every site
  bool include_inactive = false;
};
Result<std::vector<KnowledgeEntry>> SelectKnowledge(Connection& c, const KnowledgeFilter& f,
                                                    int64_t limit);
Result<std::optional<KnowledgeEntry>> FindKnowledge(Connection& c, int64_t id);
Result<int64_t> InsertKnowledge(Connection& c, const KnowledgeEntry& e, const std::string& doc,
                                int64_t now);
Status UpdateKnowledge(Connection& c, const KnowledgeEntry& e, const std::string& doc, int64_t now);
Status DeleteKnowledge(Connection& c, int64_t id);
Status CountKnowledgeUse(Connection& c, int64_t id);
Result<int64_t> KnowledgeUsedByCalls(Connection& c, int64_t id);
// Entries without a search document (seeded by the migration): rebuilt at start.
Result<int64_t> BuildMissingKnowledgeDocs(Connection& c);

}  // namespace yingbin::calls::store
