#include "visitors/retention.hpp"

#include <string>

#include "org/retention.hpp"

namespace yingbin::visitors {
namespace {

constexpr char kSetting[] = "visits.retention_days";

// Visits still under way are never touched, however old: the desk must see who is in.
constexpr const char* kExpiredVisits =
    "anonymised_at IS NULL AND created_at < $1 AND status NOT IN ('waiting', 'held', 'with_host')";
constexpr const char* kExpiredVisitors =
    "anonymised_at IS NULL AND COALESCE(last_visit_at, created_at) < $1";
constexpr const char* kExpiredOutbox = "created_at < $1 AND status IN ('sent', 'dead')";
constexpr const char* kExpiredNotifications = "created_at < $1";

core::Status Run(db::Connection& tx, const std::string& sql, std::vector<db::Value> params) {
  auto n = tx.Exec(sql, params);
  if (!n) return std::move(n).error();
  return core::Ok();
}

core::Status PurgeVisits(db::Connection& tx, int64_t cutoff, int64_t now) {
  YB_RETURN_IF_ERROR(
      Run(tx,
          std::string("UPDATE visits SET visitor_name = substr(visitor_name, 1, 1) || '**', "
                      "phone_hint = '', invite_email = '', greeting_json = '{}', notes = '', "
                      "search_doc = '', anonymised_at = $2 WHERE ") +
              kExpiredVisits,
          {cutoff, now}));
  if (tx.dialect() == db::Dialect::kSqlite)
    YB_RETURN_IF_ERROR(Run(tx,
                           "DELETE FROM visits_fts WHERE rowid IN "
                           "(SELECT id FROM visits WHERE anonymised_at = $1)",
                           {now}));
  return core::Ok();
}

core::Status PurgeVisitors(db::Connection& tx, int64_t cutoff, int64_t now) {
  YB_RETURN_IF_ERROR(Run(
      tx,
      std::string("UPDATE visitors SET name = substr(name, 1, 1) || '**', phone_enc = '', "
                  "phone_index = '', phone_hint = '', id_number_enc = '', id_number_index = '', "
                  "id_number_hint = '', email = '', search_doc = '', anonymised_at = $2, "
                  "updated_at = $2 WHERE ") +
          kExpiredVisitors,
      {cutoff, now}));
  if (tx.dialect() == db::Dialect::kSqlite)
    YB_RETURN_IF_ERROR(Run(tx,
                           "DELETE FROM visitors_fts WHERE rowid IN "
                           "(SELECT id FROM visitors WHERE anonymised_at = $1)",
                           {now}));
  return core::Ok();
}

auto Deleter(const char* table, const char* where) {
  return [table, where](db::Connection& tx, int64_t cutoff, int64_t) -> core::Status {
    return Run(tx, std::string("DELETE FROM ") + table + " WHERE " + where, {cutoff});
  };
}

}  // namespace

void RegisterRetentionParts() {
  org::RegisterRetentionPart(
      {"visits", kSetting, org::CountRowsWhere("visits", kExpiredVisits), PurgeVisits});
  org::RegisterRetentionPart(
      {"visitors", kSetting, org::CountRowsWhere("visitors", kExpiredVisitors), PurgeVisitors});
  org::RegisterRetentionPart({"outbox", kSetting, org::CountRowsWhere("outbox", kExpiredOutbox),
                              Deleter("outbox", kExpiredOutbox)});
  org::RegisterRetentionPart({"notifications", kSetting,
                              org::CountRowsWhere("notifications", kExpiredNotifications),
                              Deleter("notifications", kExpiredNotifications)});
}

}  // namespace yingbin::visitors
