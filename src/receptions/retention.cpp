// DATA-5 retention of the guests' personal data (GEN-2): destroyed with the visitors' data,
// under the same retention period and the same two-administrator purge.
#include "db/sql.hpp"
#include "org/retention.hpp"
#include "receptions/service.hpp"

namespace yingbin::receptions {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// A reception is expired when its last day is before the cutoff's day.
constexpr char kExpired[] = "end_date < $1 AND anonymised_at IS NULL";

int64_t CutoffDay(int64_t cutoff_ms) { return cutoff_ms / kDayMs; }

}  // namespace

void RegisterRetention() {
  org::RegisterRetentionPart(
      {"reception_guests", "visits.retention_days",
       [](db::Connection& c, int64_t cutoff) -> core::Result<int64_t> {
         auto rows = c.Query(std::string("SELECT COUNT(*) FROM reception_guests WHERE "
                                         "reception_id IN (SELECT id FROM receptions WHERE ") +
                                 kExpired + ")",
                             {CutoffDay(cutoff)});
         if (!rows) return std::move(rows).error();
         return rows->Int(0, 0);
       },
       [](db::Connection& tx, int64_t cutoff, int64_t now) -> core::Status {
         const int64_t day = CutoffDay(cutoff);
         YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
             std::string(
                 "UPDATE reception_guests SET name = substr(name, 1, 1) || '**', "
                 "age = NULL, ethnicity_enc = '', religion_enc = '', health_enc = '', "
                 "taboos_json = '[]', allergies = '', habits = '', accessibility = '', "
                 "transport_preference = '', arrival_no = '', departure_no = '', "
                 "updated_at = $2 WHERE reception_id IN (SELECT id FROM receptions WHERE ") +
                 kExpired + ")",
             {day, now})));
         // PLAN-6: whom the follow-up call reached is personal data too; opinions stay.
         YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
             std::string("UPDATE reception_followups SET contact = '' WHERE reception_id IN "
                         "(SELECT id FROM receptions WHERE ") +
                 kExpired + ")",
             {day})));
         return db::ToStatus(tx.Exec(
             std::string("UPDATE receptions SET unit_contact = '', unit_contact_phone = '', "
                         "anonymised_at = $2 WHERE ") +
                 kExpired,
             {day, now}));
       }});
}

}  // namespace yingbin::receptions
