// DATA-5 retention of conference delegates (PLAN-9), under the visitors' period
// (visits.retention_days), counted from the conference's last day: a delegate then keeps
// the first character of the name, the organisation, role and hotel class (the bill and the
// attendance stay explainable); phone, e-mail, title, diet notes, needs, travel numbers and
// roommate are erased.
#include "conferences/retention.hpp"

#include <string>

#include "db/sql.hpp"
#include "org/retention.hpp"

namespace yingbin::conferences {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// $1: the cutoff as a day number (conferences keep dates as days since the epoch).
constexpr char kExpired[] =
    "anonymised_at IS NULL AND conference_id IN (SELECT id FROM conferences WHERE end_date < $1)";

int64_t CutoffDay(int64_t cutoff_ms) { return cutoff_ms / kDayMs; }

}  // namespace

void RegisterRetention() {
  org::RegisterRetentionPart(
      {"delegates", "visits.retention_days",
       [](db::Connection& c, int64_t cutoff) -> core::Result<int64_t> {
         auto rows =
             c.Query(std::string("SELECT COUNT(*) FROM conference_delegates WHERE ") + kExpired,
                     {db::Value(CutoffDay(cutoff))});
         if (!rows) return std::move(rows).error();
         return rows->Int(0, 0);
       },
       [](db::Connection& tx, int64_t cutoff, int64_t now) -> core::Status {
         return db::ToStatus(tx.Exec(
             std::string("UPDATE conference_delegates SET name = substr(name, 1, 1) || '**', "
                         "title = '', phone_enc = '', phone_index = '', phone_hint = '', "
                         "email = '', diet_note = '', needs = '', arrival_number = '', "
                         "departure_number = '', return_note = '', roommate = '', "
                         "anonymised_at = $2, updated_at = $2 WHERE ") +
                 kExpired,
             {db::Value(CutoffDay(cutoff)), db::Value(now)}));
       }});
}

}  // namespace yingbin::conferences
