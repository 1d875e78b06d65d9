#include "notify/service.hpp"

#include <nlohmann/json.hpp>

#include "audit/audit.hpp"
#include "notify/store.hpp"

namespace yingbin::notify {
namespace {

core::Status Audit(db::Connection& c, const Write& w, std::string action, int64_t id,
                   std::string before, std::string after) {
  return audit::Record(c, w.actor, w.now,
                       audit::Change{std::move(action), "webhook", id, std::move(before),
                                     std::move(after), w.reason});
}

// The driver's unique violation names no field; the only unique column is the name.
core::Error MapConflict(core::Error e, const std::string& name) {
  if (e.code == core::ErrorCode::kConflict && e.key == "error.duplicate")
    return core::Conflict("error.duplicate", "name").With("value", name);
  return e;
}

}  // namespace

std::string WebhookAuditJson(const Webhook& w) {
  return nlohmann::ordered_json{{"id", w.id},
                                {"name", w.name},
                                {"url", w.url},
                                {"format", w.format},
                                {"topics", w.topics},
                                {"active", w.active},
                                {"secret_set", !w.secret.empty()}}
      .dump();
}

core::Result<Webhook> CreateWebhook(db::Pool& pool, const Write& w, Webhook hook) {
  hook.created_at = hook.updated_at = w.now;
  auto r = pool.Transaction<Webhook>([&](db::Connection& c) -> core::Result<Webhook> {
    auto id = store::InsertWebhook(c, hook);
    if (!id) return MapConflict(std::move(id).error(), hook.name);
    Webhook out = hook;
    out.id = *id;
    YB_RETURN_IF_ERROR(Audit(c, w, "create", out.id, "", WebhookAuditJson(out)));
    return out;
  });
  return r;
}

core::Result<Webhook> UpdateWebhook(db::Pool& pool, const Write& w, int64_t id,
                                    const WebhookPatch& p) {
  return pool.Transaction<Webhook>([&](db::Connection& c) -> core::Result<Webhook> {
    auto before = store::GetWebhook(c, id);
    if (!before) return std::move(before).error();
    Webhook after = *before;
    if (p.name) after.name = *p.name;
    if (p.url) after.url = *p.url;
    if (p.format) after.format = *p.format;
    if (p.secret) after.secret = *p.secret;
    if (p.topics) after.topics = *p.topics;
    if (p.active) after.active = *p.active;
    after.updated_at = w.now;
    if (auto st = store::UpdateWebhook(c, after); !st)
      return MapConflict(std::move(st).error(), after.name);
    YB_RETURN_IF_ERROR(
        Audit(c, w, "update", id, WebhookAuditJson(*before), WebhookAuditJson(after)));
    return after;
  });
}

core::Status DeleteWebhook(db::Pool& pool, const Write& w, int64_t id) {
  return pool.TransactionVoid([&](db::Connection& c) -> core::Status {
    auto before = store::GetWebhook(c, id);
    if (!before) return std::move(before).error();
    YB_RETURN_IF_ERROR(store::DeleteWebhook(c, id));
    return Audit(c, w, "delete", id, WebhookAuditJson(*before), "");
  });
}

core::Result<int64_t> TestWebhook(db::Pool& pool, const Write& w, int64_t id) {
  return pool.Transaction<int64_t>([&](db::Connection& c) -> core::Result<int64_t> {
    auto hook = store::GetWebhook(c, id);
    if (!hook) return std::move(hook).error();
    OutboxRow row;
    row.channel = kChannelWebhook;
    row.recipient = "webhook:" + std::to_string(id);
    row.topic = "notify.test";
    row.subject = "迎宾测试消息 / Yingbin test message";
    row.body = "这是一条来自迎宾的测试消息。\nThis is a test message from Yingbin.";
    row.payload_json = nlohmann::json{{"webhook_id", id}, {"by", w.actor.username}}.dump();
    row.created_at = w.now;
    return store::InsertOutbox(c, row);
  });
}

core::Result<OutboxRow> RetryOutbox(db::Pool& pool, const Write& w, int64_t id) {
  return pool.Transaction<OutboxRow>([&](db::Connection& c) -> core::Result<OutboxRow> {
    YB_RETURN_IF_ERROR(store::Requeue(c, id, w.now));
    YB_RETURN_IF_ERROR(
        audit::Record(c, w.actor, w.now, audit::Change{"retry", "outbox", id, "", "", w.reason}));
    return store::GetOutbox(c, id);
  });
}

core::Result<int64_t> SendTest(db::Pool& pool, int64_t now, Message m) {
  m.topic = "notify.test";
  return pool.Transaction<int64_t>([&](db::Connection& c) { return Enqueue(c, now, m); });
}

}  // namespace yingbin::notify
