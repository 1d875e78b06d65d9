#include "mail/store.hpp"

#include "auth/directory.hpp"
#include "core/crypto.hpp"
#include "db/sql.hpp"
#include "mail/rules.hpp"

namespace yingbin::mail::store {
namespace {

using db::Flag;
using db::Ids;
using db::OrNull;
using db::Param;
using db::Rows;
using db::ToStatus;
using db::Value;

const std::string& ItemSelect() {
  static const std::string s =
      "SELECT m.id, m.number, m.site_id, m.kind, m.status, m.carrier, m.tracking_no, "
      "m.tracking_key, m.sender, m.recipient_staff_id, m.recipient_department_id, m.shelf, "
      "m.description, m.pickup_code, m.subscription_id, m.visit_id, m.received_at, "
      "m.received_by, m.overdue_at, m.reminder_count, m.last_reminded_at, m.picked_up_at, "
      "m.handed_out_by, m.collector_name, m.proxy, m.pickup_proof, m.returned_at, "
      "m.returned_by, m.return_kind, m.return_reason, m.created_at, m.updated_at, "
      "COALESCE(s.name, d.name, '') AS recipient_name, "
      "COALESCE(sd.name, '') AS recipient_department, "
      "s.department_id AS recipient_staff_department_id, "
      "COALESCE(s.user_id, (SELECT MIN(u.id) FROM users u WHERE u.staff_id = s.id)) "
      "AS recipient_user_id, " +
      auth::UserNameSql("ru") + " AS received_by_name, " + auth::UserNameSql("hu") +
      " AS handed_out_by_name, "
      "COALESCE(sub.title, '') AS subscription_title, "
      "(SELECT COUNT(*) FROM mail_files f WHERE f.item_id = m.id AND f.kind = 'photo') "
      "AS has_photo, "
      "(SELECT COUNT(*) FROM mail_files f WHERE f.item_id = m.id AND f.kind = 'signature') "
      "AS has_signature "
      "FROM mail_items m "
      "LEFT JOIN staff s ON s.id = m.recipient_staff_id "
      "LEFT JOIN departments sd ON sd.id = s.department_id "
      "LEFT JOIN departments d ON d.id = m.recipient_department_id "
      "LEFT JOIN users ru ON ru.id = m.received_by "
      "LEFT JOIN users hu ON hu.id = m.handed_out_by "
      "LEFT JOIN mail_subscriptions sub ON sub.id = m.subscription_id ";
  return s;
}

Item ItemFromRow(const Rows& r, size_t i) {
  Item m;
  m.id = r.Int(i, "id");
  m.number = r.Text(i, "number");
  m.site_id = r.Int(i, "site_id");
  m.kind = r.Text(i, "kind");
  m.status = ParseStatus(r.Text(i, "status")).value_or(ItemStatus::kReceived);
  m.carrier = r.Text(i, "carrier");
  m.tracking_no = r.Text(i, "tracking_no");
  m.tracking_key = r.Text(i, "tracking_key");
  m.sender = r.Text(i, "sender");
  m.recipient_staff_id = r.OptInt(i, "recipient_staff_id");
  m.recipient_department_id = r.OptInt(i, "recipient_department_id");
  m.shelf = r.Text(i, "shelf");
  m.description = r.Text(i, "description");
  m.pickup_code = r.Text(i, "pickup_code");
  m.subscription_id = r.OptInt(i, "subscription_id");
  m.visit_id = r.OptInt(i, "visit_id");
  m.received_at = r.Int(i, "received_at");
  m.received_by = r.OptInt(i, "received_by");
  m.overdue_at = r.Int(i, "overdue_at");
  m.reminder_count = r.Int(i, "reminder_count");
  m.last_reminded_at = r.OptInt(i, "last_reminded_at");
  m.picked_up_at = r.OptInt(i, "picked_up_at");
  m.handed_out_by = r.OptInt(i, "handed_out_by");
  m.collector_name = r.Text(i, "collector_name");
  m.proxy = r.Int(i, "proxy") != 0;
  m.pickup_proof = r.Text(i, "pickup_proof");
  m.returned_at = r.OptInt(i, "returned_at");
  m.returned_by = r.OptInt(i, "returned_by");
  m.return_kind = r.Text(i, "return_kind");
  m.return_reason = r.Text(i, "return_reason");
  m.created_at = r.Int(i, "created_at");
  m.updated_at = r.Int(i, "updated_at");
  m.recipient_name = r.Text(i, "recipient_name");
  m.recipient_department = r.Text(i, "recipient_department");
  m.recipient_staff_department_id = r.OptInt(i, "recipient_staff_department_id");
  m.recipient_user_id = r.OptInt(i, "recipient_user_id");
  m.received_by_name = r.Text(i, "received_by_name");
  m.handed_out_by_name = r.Text(i, "handed_out_by_name");
  m.subscription_title = r.Text(i, "subscription_title");
  m.has_photo = r.Int(i, "has_photo") != 0;
  m.has_signature = r.Int(i, "has_signature") != 0;
  return m;
}

Result<std::optional<Item>> OneItem(Result<Rows> r) {
  return db::FirstRow(std::move(r), ItemFromRow);
}

}  // namespace

// ---------------------------------------------------------------- items

Result<std::optional<Item>> FindItem(Connection& c, int64_t id) {
  return OneItem(c.Query(ItemSelect() + "WHERE m.id = $1", {id}));
}

Result<int64_t> InsertItem(Connection& c, const Item& m, const std::string& search_doc) {
  auto rows = c.Query(
      "INSERT INTO mail_items (number, site_id, kind, status, carrier, tracking_no, tracking_key, "
      "sender, recipient_staff_id, recipient_department_id, shelf, description, pickup_code, "
      "subscription_id, visit_id, received_at, received_by, overdue_at, search_doc, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
      "$17, $18, $19, $20, $20) RETURNING id",
      {m.number,
       m.site_id,
       m.kind,
       std::string(StatusName(m.status)),
       m.carrier,
       m.tracking_no,
       m.tracking_key,
       m.sender,
       OrNull(m.recipient_staff_id),
       OrNull(m.recipient_department_id),
       m.shelf,
       m.description,
       m.pickup_code,
       OrNull(m.subscription_id),
       OrNull(m.visit_id),
       m.received_at,
       OrNull(m.received_by),
       m.overdue_at,
       search_doc,
       m.created_at});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Status UpdateItem(Connection& c, const Item& m, const std::string& search_doc) {
  return ToStatus(c.Exec(
      "UPDATE mail_items SET kind = $2, status = $3, carrier = $4, tracking_no = $5, "
      "tracking_key = $6, sender = $7, recipient_staff_id = $8, recipient_department_id = $9, "
      "shelf = $10, description = $11, overdue_at = $12, reminder_count = $13, "
      "last_reminded_at = $14, picked_up_at = $15, handed_out_by = $16, collector_name = $17, "
      "proxy = $18, pickup_proof = $19, returned_at = $20, returned_by = $21, return_kind = $22, "
      "return_reason = $23, search_doc = $24, updated_at = $25, pickup_code = $26 WHERE id = $1",
      {m.id,
       m.kind,
       std::string(StatusName(m.status)),
       m.carrier,
       m.tracking_no,
       m.tracking_key,
       m.sender,
       OrNull(m.recipient_staff_id),
       OrNull(m.recipient_department_id),
       m.shelf,
       m.description,
       m.overdue_at,
       m.reminder_count,
       OrNull(m.last_reminded_at),
       OrNull(m.picked_up_at),
       OrNull(m.handed_out_by),
       m.collector_name,
       Flag(m.proxy),
       m.pickup_proof,
       OrNull(m.returned_at),
       OrNull(m.returned_by),
       m.return_kind,
       m.return_reason,
       search_doc,
       m.updated_at,
       m.pickup_code}));
}

Result<std::vector<Item>> SelectItems(Connection& c, const std::string& where,
                                      std::vector<db::Value> params, const std::string& order,
                                      int64_t limit, int64_t offset) {
  const std::string page = db::LimitOffset(params, limit, offset);
  auto rows = c.Query(ItemSelect() + "WHERE " + where + " ORDER BY " + order + page, params);
  return db::AllRows(std::move(rows), ItemFromRow);
}

Result<int64_t> CountItems(Connection& c, const std::string& where, std::vector<db::Value> params) {
  auto rows = c.Query("SELECT COUNT(*) FROM mail_items m WHERE " + where, params);
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Result<std::optional<Item>> WaitingWithTrackingKey(Connection& c, const std::string& key,
                                                   int64_t except_id) {
  return OneItem(
      c.Query(ItemSelect() + "WHERE m.tracking_key = $1 AND m.status = 'received' AND m.id <> $2",
              {key, except_id}));
}

Result<std::vector<std::string>> RecentCarriers(Connection& c, int64_t site_id, int64_t limit) {
  // The last thousand items are enough to know the carriers a desk sees.
  auto rows = c.Query(
      "SELECT carrier, COUNT(*) AS n FROM (SELECT carrier FROM mail_items WHERE site_id = $1 "
      "AND carrier <> '' ORDER BY id DESC LIMIT 1000) recent GROUP BY carrier "
      "ORDER BY n DESC, carrier LIMIT $2",
      {site_id, limit});
  if (!rows) return std::move(rows).error();
  std::vector<std::string> out;
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(rows->Text(i, 0));
  return out;
}

// ---------------------------------------------------------------- files

Status PutFile(Connection& c, int64_t item_id, const std::string& kind, const File& f,
               std::optional<int64_t> user_id, int64_t now) {
  return ToStatus(
      c.Exec("INSERT INTO mail_files (item_id, kind, content_type, bytes, sha256, data_base64, "
             "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             {item_id, kind, f.content_type, static_cast<int64_t>(f.bytes.size()),
              core::Sha256Hex(f.bytes), core::Base64Encode(f.bytes), OrNull(user_id), now}));
}

Result<std::optional<File>> GetFile(Connection& c, int64_t item_id, const std::string& kind) {
  auto rows = c.Query(
      "SELECT content_type, data_base64, sha256 FROM mail_files WHERE item_id = $1 AND kind = $2",
      {item_id, kind});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<File>();
  auto bytes = core::Base64Decode(rows->Text(0, 1));
  // A stored file that no longer decodes or matches its hash is damage, not user error.
  if (!bytes || core::Sha256Hex(*bytes) != rows->Text(0, 2))
    return core::Internal("mail file " + std::to_string(item_id) + "/" + kind + " is damaged");
  return std::optional<File>(File{rows->Text(0, 0), std::move(*bytes)});
}

// ---------------------------------------------------------------- people

Result<std::vector<int64_t>> DepartmentsOfUser(Connection& c, int64_t user_id) {
  auto rows = c.Query(
      "SELECT DISTINCT department_id FROM staff WHERE department_id IS NOT NULL AND active = 1 "
      "AND (user_id = $1 OR id IN (SELECT staff_id FROM users WHERE id = $1))",
      {user_id});
  if (!rows) return std::move(rows).error();
  return Ids(*rows);
}

// ---------------------------------------------------------------- subscriptions

namespace {

constexpr char kSubscriptionSelect[] =
    "SELECT b.id, b.site_id, b.title, b.kind, b.publisher, b.copies, b.recipient_staff_id, "
    "b.recipient_department_id, b.period_start, b.period_end, b.renewal_date, b.price_fen, "
    "b.notes, b.active, b.created_by, b.created_at, b.updated_at, "
    "COALESCE(s.name, d.name, '') AS recipient_name, "
    "(SELECT COUNT(*) FROM mail_items i WHERE i.subscription_id = b.id) AS delivered_count, "
    "(SELECT MAX(i.received_at) FROM mail_items i WHERE i.subscription_id = b.id) AS "
    "last_delivered_at "
    "FROM mail_subscriptions b "
    "LEFT JOIN staff s ON s.id = b.recipient_staff_id "
    "LEFT JOIN departments d ON d.id = b.recipient_department_id ";

Subscription SubscriptionFromRow(const Rows& r, size_t i) {
  Subscription s;
  s.id = r.Int(i, "id");
  s.site_id = r.Int(i, "site_id");
  s.title = r.Text(i, "title");
  s.kind = r.Text(i, "kind");
  s.publisher = r.Text(i, "publisher");
  s.copies = r.Int(i, "copies");
  s.recipient_staff_id = r.OptInt(i, "recipient_staff_id");
  s.recipient_department_id = r.OptInt(i, "recipient_department_id");
  s.period_start = static_cast<int32_t>(r.Int(i, "period_start"));
  s.period_end = static_cast<int32_t>(r.Int(i, "period_end"));
  s.renewal_date = static_cast<int32_t>(r.Int(i, "renewal_date"));
  s.price_fen = r.Int(i, "price_fen");
  s.notes = r.Text(i, "notes");
  s.active = r.Int(i, "active") != 0;
  s.created_by = r.OptInt(i, "created_by");
  s.created_at = r.Int(i, "created_at");
  s.updated_at = r.Int(i, "updated_at");
  s.recipient_name = r.Text(i, "recipient_name");
  s.delivered_count = r.Int(i, "delivered_count");
  s.last_delivered_at = r.OptInt(i, "last_delivered_at");
  return s;
}

}  // namespace

Result<std::optional<Subscription>> FindSubscription(Connection& c, int64_t id) {
  return db::FirstRow(c.Query(std::string(kSubscriptionSelect) + "WHERE b.id = $1", {id}),
                      SubscriptionFromRow);
}

Result<int64_t> InsertSubscription(Connection& c, const Subscription& s) {
  auto rows = c.Query(
      "INSERT INTO mail_subscriptions (site_id, title, kind, publisher, copies, "
      "recipient_staff_id, recipient_department_id, period_start, period_end, renewal_date, "
      "price_fen, notes, active, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
      "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
      {s.site_id, s.title, s.kind, s.publisher, s.copies, OrNull(s.recipient_staff_id),
       OrNull(s.recipient_department_id), int64_t{s.period_start}, int64_t{s.period_end},
       int64_t{s.renewal_date}, s.price_fen, s.notes, Flag(s.active), OrNull(s.created_by),
       s.created_at});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

Status UpdateSubscription(Connection& c, const Subscription& s) {
  return ToStatus(c.Exec(
      "UPDATE mail_subscriptions SET site_id = $2, title = $3, kind = $4, publisher = $5, "
      "copies = $6, recipient_staff_id = $7, recipient_department_id = $8, period_start = $9, "
      "period_end = $10, renewal_date = $11, price_fen = $12, notes = $13, active = $14, "
      "updated_at = $15 WHERE id = $1",
      {s.id, s.site_id, s.title, s.kind, s.publisher, s.copies, OrNull(s.recipient_staff_id),
       OrNull(s.recipient_department_id), int64_t{s.period_start}, int64_t{s.period_end},
       int64_t{s.renewal_date}, s.price_fen, s.notes, Flag(s.active), s.updated_at}));
}

Status DeleteSubscription(Connection& c, int64_t id) {
  return ToStatus(c.Exec("DELETE FROM mail_subscriptions WHERE id = $1", {id}));
}

Result<std::vector<Subscription>> SelectSubscriptions(Connection& c, const std::string& where,
                                                      std::vector<db::Value> params) {
  auto rows = c.Query(std::string(kSubscriptionSelect) + "WHERE " + where +
                          " ORDER BY b.active DESC, b.renewal_date, b.id LIMIT 1000",
                      params);
  return db::AllRows(std::move(rows), SubscriptionFromRow);
}

}  // namespace yingbin::mail::store
