#include "notify/store.hpp"

#include "db/sql.hpp"
#include "notify/rules.hpp"

namespace yingbin::notify::store {
namespace {

using core::Result;
using core::Status;
using db::Null;
using db::Rows;
using db::Value;

// --- SQL (one statement each; $n placeholders for both dialects) ---
constexpr char kGetPreferences[] =
    "SELECT inapp, email, muted_topics, updated_at FROM notify_preferences WHERE user_id = $1";
constexpr char kPutPreferences[] =
    "INSERT INTO notify_preferences (user_id, inapp, email, muted_topics, updated_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET inapp = excluded.inapp, "
    "email = excluded.email, muted_topics = excluded.muted_topics, "
    "updated_at = excluded.updated_at";
constexpr char kUserEmail[] =
    "SELECT email FROM staff WHERE user_id = $1 AND active = 1 AND email <> '' "
    "ORDER BY id LIMIT 1";

constexpr char kNotificationColumns[] =
    "id, user_id, topic, title, body, link, payload_json, created_at, read_at";
constexpr char kInsertNotification[] =
    "INSERT INTO notifications (user_id, topic, title, body, link, payload_json, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr char kMarkRead[] =
    "UPDATE notifications SET read_at = $3 WHERE id = $1 AND user_id = $2 AND read_at IS NULL";
constexpr char kNotificationOwner[] = "SELECT 1 FROM notifications WHERE id = $1 AND user_id = $2";
constexpr char kMarkAllRead[] =
    "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL";
constexpr char kCountUnread[] =
    "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL";

constexpr char kWebhookColumns[] =
    "id, name, url, format, secret, topics, active, created_at, updated_at";
constexpr char kInsertWebhook[] =
    "INSERT INTO webhooks (name, url, format, secret, topics, active, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
constexpr char kUpdateWebhook[] =
    "UPDATE webhooks SET name = $2, url = $3, format = $4, secret = $5, topics = $6, "
    "active = $7, updated_at = $8 WHERE id = $1";
constexpr char kDeleteWebhook[] = "DELETE FROM webhooks WHERE id = $1";

constexpr char kOutboxColumns[] =
    "id, channel, recipient, topic, subject, body, payload_json, link, html, qr_text, "
    "calendar, notification_id, status, attempts, next_attempt_at, lease_until, last_error, created_at, "
    "sent_at";
constexpr char kInsertOutbox[] =
    "INSERT INTO outbox (channel, recipient, topic, subject, body, payload_json, link, html, "
    "qr_text, notification_id, status, next_attempt_at, created_at, calendar) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $11, $12)";
// Due: pending and time has come, or sending and the lease ran out. The claim moves
// next_attempt_at to the lease end, so both stay on the partial index outbox_due.
// The due rows are read through the partial index outbox_due. SQLite's planner, without
// statistics, prefers outbox_status and then scans every pending row, including the ones
// waiting for a retry hours away; with a backlog of undeliverable mail that scan ran inside
// the write transaction on every claim. SQLite is told the index; PostgreSQL plans by its
// statistics and locks the claimed rows instead.
constexpr char kClaimDue[] =
    "UPDATE outbox SET status = 'sending', lease_until = $2, next_attempt_at = $2 "
    "WHERE id IN (SELECT id FROM outbox%s WHERE status IN ('pending', 'sending') "
    "AND next_attempt_at <= $1 AND (status = 'pending' OR lease_until < $1) "
    "ORDER BY next_attempt_at, id LIMIT $3%s) RETURNING ";
constexpr char kHasDue[] =
    "SELECT 1 FROM outbox%s WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1 "
    "AND (status = 'pending' OR lease_until < $1) LIMIT 1";
constexpr char kSqliteDueIndex[] = " INDEXED BY outbox_due";
constexpr char kSkipLocked[] = " FOR UPDATE SKIP LOCKED";
constexpr char kMarkSent[] =
    "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, "
    "lease_until = NULL, last_error = '' WHERE ";
constexpr char kMarkFailed[] =
    "UPDATE outbox SET status = $3, attempts = attempts + 1, last_error = $2, "
    "next_attempt_at = $4, lease_until = NULL WHERE ";
constexpr char kRelease[] =
    "UPDATE outbox SET status = 'pending', next_attempt_at = $2, lease_until = NULL "
    "WHERE status = 'sending' AND ";
constexpr char kRequeue[] =
    "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, "
    "lease_until = NULL WHERE id = $1 AND status = 'dead'";

Status Done(Result<int64_t> r) {
  if (!r) return std::move(r).error();
  return core::Ok();
}

Result<int64_t> Scalar(Result<Rows> r) {
  if (!r) return std::move(r).error();
  return r->empty() ? int64_t{0} : r->Int(0, 0);
}

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Null(); }

Notification NotificationAt(const Rows& r, size_t i) {
  Notification n;
  n.id = r.Int(i, "id");
  n.user_id = r.Int(i, "user_id");
  n.topic = r.Text(i, "topic");
  n.title = r.Text(i, "title");
  n.body = r.Text(i, "body");
  n.link = r.Text(i, "link");
  n.payload_json = r.Text(i, "payload_json");
  n.created_at = r.Int(i, "created_at");
  n.read_at = r.OptInt(i, "read_at");
  return n;
}

Webhook WebhookAt(const Rows& r, size_t i) {
  Webhook w;
  w.id = r.Int(i, "id");
  w.name = r.Text(i, "name");
  w.url = r.Text(i, "url");
  w.format = r.Text(i, "format");
  w.secret = r.Text(i, "secret");
  w.topics = r.Text(i, "topics");
  w.active = r.Int(i, "active") != 0;
  w.created_at = r.Int(i, "created_at");
  w.updated_at = r.Int(i, "updated_at");
  return w;
}

OutboxRow OutboxAt(const Rows& r, size_t i) {
  OutboxRow o;
  o.id = r.Int(i, "id");
  o.channel = r.Text(i, "channel");
  o.recipient = r.Text(i, "recipient");
  o.topic = r.Text(i, "topic");
  o.subject = r.Text(i, "subject");
  o.body = r.Text(i, "body");
  o.payload_json = r.Text(i, "payload_json");
  o.link = r.Text(i, "link");
  o.html = r.Text(i, "html");
  o.qr_text = r.Text(i, "qr_text");
  o.calendar = r.Text(i, "calendar");
  o.notification_id = r.OptInt(i, "notification_id");
  o.status = r.Text(i, "status");
  o.attempts = r.Int(i, "attempts");
  o.next_attempt_at = r.Int(i, "next_attempt_at");
  o.lease_until = r.OptInt(i, "lease_until");
  o.last_error = r.Text(i, "last_error");
  o.created_at = r.Int(i, "created_at");
  o.sent_at = r.OptInt(i, "sent_at");
  return o;
}

}  // namespace

Result<Preferences> GetPreferences(db::Connection& c, int64_t user_id) {
  auto r = c.Query(kGetPreferences, {Value(user_id)});
  if (!r) return std::move(r).error();
  Preferences p;
  if (r->empty()) return p;
  p.inapp = r->Int(0, "inapp") != 0;
  p.email = r->Int(0, "email") != 0;
  p.muted_topics = SplitTopics(r->Text(0, "muted_topics"));
  p.updated_at = r->Int(0, "updated_at");
  return p;
}

Status PutPreferences(db::Connection& c, int64_t user_id, const Preferences& p) {
  return Done(
      c.Exec(kPutPreferences, {Value(user_id), Value(int64_t{p.inapp}), Value(int64_t{p.email}),
                               Value(JoinTopics(p.muted_topics)), Value(p.updated_at)}));
}

Result<std::string> UserEmail(db::Connection& c, int64_t user_id) {
  auto r = c.Query(kUserEmail, {Value(user_id)});
  if (!r) return std::move(r).error();
  return r->empty() ? std::string() : r->Text(0, 0);
}

Result<int64_t> InsertNotification(db::Connection& c, const Notification& n) {
  return c.Insert(kInsertNotification, {Value(n.user_id), Value(n.topic), Value(n.title),
                                        Value(n.body), Value(n.link), Value(n.payload_json),
                                        Value(n.created_at)});
}

Result<std::pair<std::vector<Notification>, int64_t>> ListNotifications(
    db::Connection& c, int64_t user_id, bool unread_only, int64_t limit, int64_t offset) {
  const std::string where = std::string(" FROM notifications WHERE user_id = $1") +
                            (unread_only ? " AND read_at IS NULL" : "");
  auto total = Scalar(c.Query("SELECT COUNT(*)" + where, {Value(user_id)}));
  if (!total) return std::move(total).error();
  auto r = c.Query(std::string("SELECT ") + kNotificationColumns + where +
                       " ORDER BY id DESC LIMIT $2 OFFSET $3",
                   {Value(user_id), Value(limit), Value(offset)});
  if (!r) return std::move(r).error();
  std::vector<Notification> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back(NotificationAt(*r, i));
  return std::pair{std::move(out), *total};
}

Result<int64_t> CountUnread(db::Connection& c, int64_t user_id) {
  return Scalar(c.Query(kCountUnread, {Value(user_id)}));
}

Status MarkRead(db::Connection& c, int64_t user_id, int64_t id, int64_t now) {
  auto n = c.Exec(kMarkRead, {Value(id), Value(user_id), Value(now)});
  if (!n) return std::move(n).error();
  if (*n > 0) return core::Ok();
  auto mine = c.Query(kNotificationOwner, {Value(id), Value(user_id)});
  if (!mine) return std::move(mine).error();
  if (mine->empty()) return core::NotFound();
  return core::Ok();  // already read
}

Result<int64_t> MarkAllRead(db::Connection& c, int64_t user_id, int64_t now) {
  return c.Exec(kMarkAllRead, {Value(user_id), Value(now)});
}

Result<std::vector<Webhook>> ListWebhooks(db::Connection& c, bool active_only) {
  auto r = c.Query(std::string("SELECT ") + kWebhookColumns + " FROM webhooks" +
                   (active_only ? " WHERE active = 1" : "") + " ORDER BY id");
  if (!r) return std::move(r).error();
  std::vector<Webhook> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back(WebhookAt(*r, i));
  return out;
}

Result<Webhook> GetWebhook(db::Connection& c, int64_t id) {
  auto r = c.Query(std::string("SELECT ") + kWebhookColumns + " FROM webhooks WHERE id = $1",
                   {Value(id)});
  if (!r) return std::move(r).error();
  if (r->empty()) return core::NotFound();
  return WebhookAt(*r, 0);
}

Result<int64_t> InsertWebhook(db::Connection& c, const Webhook& w) {
  return Scalar(
      c.Query(kInsertWebhook, {Value(w.name), Value(w.url), Value(w.format), Value(w.secret),
                               Value(w.topics), Value(int64_t{w.active}), Value(w.created_at)}));
}

Status UpdateWebhook(db::Connection& c, const Webhook& w) {
  auto n = c.Exec(kUpdateWebhook,
                  {Value(w.id), Value(w.name), Value(w.url), Value(w.format), Value(w.secret),
                   Value(w.topics), Value(int64_t{w.active}), Value(w.updated_at)});
  if (!n) return std::move(n).error();
  if (*n == 0) return core::NotFound();
  return core::Ok();
}

Status DeleteWebhook(db::Connection& c, int64_t id) {
  auto n = c.Exec(kDeleteWebhook, {Value(id)});
  if (!n) return std::move(n).error();
  if (*n == 0) return core::NotFound();
  return core::Ok();
}

Result<int64_t> InsertOutbox(db::Connection& c, const OutboxRow& o) {
  return c.Insert(kInsertOutbox,
                  {Value(o.channel), Value(o.recipient), Value(o.topic), Value(o.subject),
                   Value(o.body), Value(o.payload_json), Value(o.link), Value(o.html),
                   Value(o.qr_text), Opt(o.notification_id), Value(o.created_at),
                   Value(o.calendar)});
}

Result<OutboxRow> GetOutbox(db::Connection& c, int64_t id) {
  auto r =
      c.Query(std::string("SELECT ") + kOutboxColumns + " FROM outbox WHERE id = $1", {Value(id)});
  if (!r) return std::move(r).error();
  if (r->empty()) return core::NotFound();
  return OutboxAt(*r, 0);
}

Result<std::pair<std::vector<OutboxRow>, int64_t>> ListOutbox(db::Connection& c,
                                                              const std::string& status,
                                                              const std::string& channel,
                                                              int64_t limit, int64_t offset) {
  std::vector<Value> params;
  std::string where = " FROM outbox WHERE 1 = 1";
  if (!status.empty()) {
    params.emplace_back(status);
    where += " AND status = $" + std::to_string(params.size());
  }
  if (!channel.empty()) {
    params.emplace_back(channel);
    where += " AND channel = $" + std::to_string(params.size());
  }
  auto total = Scalar(c.Query("SELECT COUNT(*)" + where, params));
  if (!total) return std::move(total).error();
  params.emplace_back(limit);
  std::string page = " ORDER BY id DESC LIMIT $" + std::to_string(params.size());
  params.emplace_back(offset);
  page += " OFFSET $" + std::to_string(params.size());
  auto r = c.Query(std::string("SELECT ") + kOutboxColumns + where + page, params);
  if (!r) return std::move(r).error();
  std::vector<OutboxRow> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back(OutboxAt(*r, i));
  return std::pair{std::move(out), *total};
}

Result<std::vector<OutboxRow>> ClaimDue(db::Connection& c, int64_t now,
                                        int64_t lease_until, int64_t limit) {
  // Built once per dialect; the driver caches the prepared statement by its text.
  static const std::string kSqlite = [] {
    char buf[1024];
    std::snprintf(buf, sizeof buf, kClaimDue, kSqliteDueIndex, "");
    return std::string(buf) + kOutboxColumns;
  }();
  static const std::string kPostgres = [] {
    char buf[1024];
    std::snprintf(buf, sizeof buf, kClaimDue, "", kSkipLocked);
    return std::string(buf) + kOutboxColumns;
  }();
  const std::string& sql = c.dialect() == db::Dialect::kPostgres ? kPostgres : kSqlite;
  auto r = c.Query(sql, {Value(now), Value(lease_until), Value(limit)});
  if (!r) return std::move(r).error();
  std::vector<OutboxRow> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back(OutboxAt(*r, i));
  return out;
}

Result<bool> HasDue(db::Connection& c, int64_t now) {
  static const auto sql_for = [](const char* index) {
    char buf[512];
    std::snprintf(buf, sizeof buf, kHasDue, index);
    return std::string(buf);
  };
  static const std::string kSqlite = sql_for(kSqliteDueIndex);
  static const std::string kPostgres = sql_for("");
  auto r = c.Query(c.dialect() == db::Dialect::kPostgres ? kPostgres : kSqlite, {Value(now)});
  if (!r) return std::move(r).error();
  return !r->empty();
}

// `sql` with "id is one of parameter 1" appended.
std::string ForIds(const db::Connection& c, const char* sql) {
  return std::string(sql) + db::InIdList(c, "id", 1);
}

Status MarkSent(db::Connection& c, const std::vector<int64_t>& ids, int64_t now) {
  if (ids.empty()) return core::Ok();
  return Done(c.Exec(ForIds(c, kMarkSent), {db::IdList(c, ids), Value(now)}));
}

Status MarkFailed(db::Connection& c, const std::vector<int64_t>& ids, const std::string& error,
                  bool dead, int64_t next_attempt_at) {
  if (ids.empty()) return core::Ok();
  return Done(c.Exec(ForIds(c, kMarkFailed),
                     {db::IdList(c, ids), Value(Truncate(error, 1000)),
                      Value(std::string(dead ? "dead" : "pending")), Value(next_attempt_at)}));
}

Status Release(db::Connection& c, const std::vector<int64_t>& ids, int64_t now) {
  if (ids.empty()) return core::Ok();
  return Done(c.Exec(ForIds(c, kRelease), {db::IdList(c, ids), Value(now)}));
}

Status Requeue(db::Connection& c, int64_t id, int64_t now) {
  auto n = c.Exec(kRequeue, {Value(id), Value(now)});
  if (!n) return std::move(n).error();
  if (*n > 0) return core::Ok();
  auto row = GetOutbox(c, id);
  if (!row) return std::move(row).error();
  return core::Conflict("notify.not_dead");
}

}  // namespace yingbin::notify::store
