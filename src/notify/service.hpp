#pragma once
// The administrative side of notify/: webhooks (audited, DATA-3), the outbox view and
// requeue, preferences, and test messages. Every write runs in one transaction with its
// audit row; a caller that enqueued something calls notify::Kick() after it returns.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "notify/model.hpp"
#include "notify/notify.hpp"

namespace yingbin::notify {

struct Write {
  const auth::Principal& actor;
  int64_t now;
  std::string reason;
};

// Optional fields of a webhook PATCH.
struct WebhookPatch {
  std::optional<std::string> name, url, format, secret, topics;
  std::optional<bool> active;
};

// The webhook as JSON text for the audit trail and answers: the secret never appears,
// only "secret_set".
std::string WebhookAuditJson(const Webhook& w);

// Errors: kConflict error.duplicate (field "name") when the name is taken.
core::Result<Webhook> CreateWebhook(db::Pool& pool, const Write& w, Webhook hook);
core::Result<Webhook> UpdateWebhook(db::Pool& pool, const Write& w, int64_t id,
                                    const WebhookPatch& patch);
core::Status DeleteWebhook(db::Pool& pool, const Write& w, int64_t id);
// Enqueues a "notify.test" delivery to this webhook only (active or not). Returns the
// outbox id.
core::Result<int64_t> TestWebhook(db::Pool& pool, const Write& w, int64_t id);

// dead -> pending now (attempts from 0), audited. kConflict notify.not_dead otherwise.
core::Result<OutboxRow> RetryOutbox(db::Pool& pool, const Write& w, int64_t id);

// Enqueues `m` (topic forced to "notify.test") in its own transaction. Returns the number
// of outbox rows.
core::Result<int64_t> SendTest(db::Pool& pool, int64_t now, Message m);

}  // namespace yingbin::notify
