#pragma once
// SQL of the notify module, through db::Connection (both dialects). Every function runs
// one or a few statements on the connection it is given; transactions are the caller's.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "notify/model.hpp"

namespace yingbin::notify::store {

// --- preferences ---
// The user's preferences; the defaults (all on, nothing muted) when there is no row.
core::Result<Preferences> GetPreferences(db::Connection& c, int64_t user_id);
core::Status PutPreferences(db::Connection& c, int64_t user_id, const Preferences& p);

// The e-mail address of the active staff record linked to the user, "" when none.
core::Result<std::string> UserEmail(db::Connection& c, int64_t user_id);

// --- notifications ---
core::Result<int64_t> InsertNotification(db::Connection& c, const Notification& n);
// Newest first. Returns the page and the total number matching.
core::Result<std::pair<std::vector<Notification>, int64_t>> ListNotifications(
    db::Connection& c, int64_t user_id, bool unread_only, int64_t limit, int64_t offset);
core::Result<int64_t> CountUnread(db::Connection& c, int64_t user_id);
// Marks one of the user's notifications read. kNotFound when it is not theirs.
core::Status MarkRead(db::Connection& c, int64_t user_id, int64_t id, int64_t now);
core::Result<int64_t> MarkAllRead(db::Connection& c, int64_t user_id, int64_t now);

// --- webhooks ---
core::Result<std::vector<Webhook>> ListWebhooks(db::Connection& c, bool active_only);
core::Result<Webhook> GetWebhook(db::Connection& c, int64_t id);  // kNotFound
core::Result<int64_t> InsertWebhook(db::Connection& c, const Webhook& w);
core::Status UpdateWebhook(db::Connection& c, const Webhook& w);
core::Status DeleteWebhook(db::Connection& c, int64_t id);

// --- outbox ---
core::Result<int64_t> InsertOutbox(db::Connection& c, const OutboxRow& row);
core::Result<OutboxRow> GetOutbox(db::Connection& c, int64_t id);  // kNotFound
core::Result<std::pair<std::vector<OutboxRow>, int64_t>> ListOutbox(db::Connection& c,
                                                                    const std::string& status,
                                                                    const std::string& channel,
                                                                    int64_t limit, int64_t offset);

// Claims up to `limit` due rows (e-mail and webhook deliveries): pending with next_attempt_at <= now, or sending whose lease ran out (the
// node that claimed them died). Sets them 'sending' with lease_until = next_attempt_at =
// lease_until. On PostgreSQL FOR UPDATE SKIP LOCKED lets several nodes claim at once
// without taking the same row (DESIGN.md scale-out).
// REQUIRES: inside a transaction.
core::Result<std::vector<OutboxRow>> ClaimDue(db::Connection& c, int64_t now,
                                              int64_t lease_until, int64_t limit);
// Whether ClaimDue would claim anything now (a read).
core::Result<bool> HasDue(db::Connection& c, int64_t now);
// These three take the rows with one outcome together, in one statement: the worker
// records a pass of up to a hundred rows inside the SQLite writer's time.
core::Status MarkSent(db::Connection& c, const std::vector<int64_t>& ids, int64_t now);
// One more failed attempt: 'dead' when `dead`, else pending again at next_attempt_at.
core::Status MarkFailed(db::Connection& c, const std::vector<int64_t>& ids,
                        const std::string& error, bool dead, int64_t next_attempt_at);
// Gives claimed rows back untouched (the worker stops mid-delivery): pending, due now.
core::Status Release(db::Connection& c, const std::vector<int64_t>& ids, int64_t now);
// dead -> pending, due now, attempts from 0. kConflict "notify.not_dead" for other rows.
core::Status Requeue(db::Connection& c, int64_t id, int64_t now);

}  // namespace yingbin::notify::store
