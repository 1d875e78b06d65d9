// DATA-5 retention of complaining customers' personal data: a customer whose last ticket
// came in more than complaints.retention_days ago (a two-person setting, default three
// years) and who has no open ticket keeps only the first character of the name; the
// organisation, phone (cipher text, look-up hash, masked form), e-mail and search document are
// erased, and so is the address their e-mails were sent to. The tickets stay (the organisation's record of
// what happened and what was done), without anything that names or reaches the person.
#include "complaints/retention.hpp"

#include <string>

#include "db/sql.hpp"
#include "org/retention.hpp"

namespace yingbin::complaints {
namespace {

constexpr char kExpired[] =
    "anonymised_at IS NULL AND updated_at < $1 AND NOT EXISTS (SELECT 1 FROM complaints t "
    "WHERE t.customer_id = complaint_customers.id AND t.is_open = 1)";

}  // namespace

void RegisterRetention() {
  org::RegisterRetentionPart(
      {"complaint_customers", "complaints.retention_days",
       org::CountRowsWhere("complaint_customers", kExpired),
       [](db::Connection& tx, int64_t cutoff, int64_t now) -> core::Status {
         YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
             std::string("UPDATE complaint_customers SET name = substr(name, 1, 1) || '**', "
                         "organisation = '', phone_enc = '', phone_index = '', phone_hint = '', "
                         "phone_tail = '', email = '', search_doc = '', anonymised_at = $2 "
                         "WHERE ") +
                 kExpired,
             {db::Value(cutoff), db::Value(now)})));
         // Nor is the customer found by the name's other characters any more.
         if (tx.dialect() == db::Dialect::kSqlite)
           YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
               "DELETE FROM complaint_customers_fts WHERE rowid IN "
               "(SELECT id FROM complaint_customers WHERE anonymised_at = $1)",
               {db::Value(now)})));
         return db::ToStatus(tx.Exec(
             "UPDATE complaint_messages SET recipient = '' WHERE recipient <> '' AND "
             "complaint_id IN (SELECT t.id FROM complaints t JOIN complaint_customers cu ON "
             "cu.id = t.customer_id WHERE cu.anonymised_at = $1)",
             {db::Value(now)}));
       }});
}

}  // namespace yingbin::complaints
