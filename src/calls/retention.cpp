// DATA-5 retention of the phone desk's personal data, under the visitors' period
// (visits.retention_days: the people the front desk receives, in person or on the phone,
// are kept for one period). A call older than the period keeps the first character of the
// caller's name, its matter, outcome and whom it was for (the desk's record of its work);
// the organisation, phone, note and the message text taken for a colleague are erased. A
// call whose message is still open is left alone until it is handled. A caller (the
// address book of who rang before) is anonymised when their last call is that old.
#include "calls/retention.hpp"

#include <string>

#include "db/sql.hpp"
#include "org/retention.hpp"

namespace yingbin::calls {
namespace {

constexpr char kSetting[] = "visits.retention_days";

constexpr char kExpiredCalls[] =
    "anonymised_at IS NULL AND called_at < $1 AND NOT EXISTS (SELECT 1 FROM call_messages m "
    "WHERE m.call_id = calls.id AND m.status = 'open')";
constexpr char kExpiredCallers[] =
    "anonymised_at IS NULL AND COALESCE(last_call_at, created_at) < $1";

core::Status PurgeCalls(db::Connection& tx, int64_t cutoff, int64_t now) {
  YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
      std::string("UPDATE calls SET caller_name = CASE WHEN caller_name = '' THEN '' ELSE "
                  "substr(caller_name, 1, 1) || '**' END, organisation = '', phone_enc = '', "
                  "phone_hint = '', note = '', search_doc = '', anonymised_at = $2, "
                  "updated_at = $2 WHERE ") +
          kExpiredCalls,
      {db::Value(cutoff), db::Value(now)})));
  YB_RETURN_IF_ERROR(db::ToStatus(
      tx.Exec("UPDATE call_messages SET text = '', reply_note = '', updated_at = $1 WHERE "
              "call_id IN (SELECT id FROM calls WHERE anonymised_at = $1)",
              {db::Value(now)})));
  if (tx.dialect() == db::Dialect::kSqlite)
    YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
        "DELETE FROM calls_fts WHERE rowid IN (SELECT id FROM calls WHERE anonymised_at = $1)",
        {db::Value(now)})));
  return core::Ok();
}

core::Status PurgeCallers(db::Connection& tx, int64_t cutoff, int64_t now) {
  YB_RETURN_IF_ERROR(db::ToStatus(
      tx.Exec(std::string("UPDATE callers SET name = CASE WHEN name = '' THEN '' ELSE "
                          "substr(name, 1, 1) || '**' END, organisation = '', phone_enc = '', "
                          "phone_index = '', phone_hint = '', phone_tail = '', search_doc = '', "
                          "anonymised_at = $2, updated_at = $2 WHERE ") +
                  kExpiredCallers,
              {db::Value(cutoff), db::Value(now)})));
  if (tx.dialect() == db::Dialect::kSqlite)
    YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
        "DELETE FROM callers_fts WHERE rowid IN (SELECT id FROM callers WHERE anonymised_at = $1)",
        {db::Value(now)})));
  return core::Ok();
}

}  // namespace

void RegisterRetention() {
  org::RegisterRetentionPart(
      {"calls", kSetting, org::CountRowsWhere("calls", kExpiredCalls), PurgeCalls});
  org::RegisterRetentionPart(
      {"callers", kSetting, org::CountRowsWhere("callers", kExpiredCallers), PurgeCallers});
}

}  // namespace yingbin::calls
