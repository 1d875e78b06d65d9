#include "notify/worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/qr.hpp"
#include "core/time.hpp"
#include "notify/email.hpp"
#include "notify/notify.hpp"
#include "notify/rules.hpp"
#include "notify/store.hpp"
#include "notify/webhook.hpp"

namespace yingbin::notify {
namespace {

constexpr int64_t kFastBatch = 200;
constexpr int64_t kFastLeaseMs = 30'000;
constexpr int64_t kSlowBatch = 5;
// Long enough for kSlowBatch deliveries at their timeouts (SMTP 60 s, webhooks 10 s).
constexpr int64_t kSlowLeaseMs = 10 * 60'000;

// The worker notify::Kick() wakes (the one started last in this process).
std::mutex g_mu;
Worker* g_worker = nullptr;

void LogWarn(const char* what, const std::string& error, int64_t id = 0) {
  spdlog::warn("{}", nlohmann::json{{"ts", core::FormatIsoUtc(core::SystemClock().NowMs())},
                                    {"level", "warn"},
                                    {"msg", what},
                                    {"outbox_id", id},
                                    {"error", error}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string ErrorText(const core::Error& e) {
  return std::string(core::ErrorCodeName(e.code)) + " " + e.key +
         (e.detail.empty() ? "" : " (" + e.detail + ")");
}

// The data of a live event: what a screen needs to show or to decide to reload.
std::string EventData(const OutboxRow& row) {
  auto payload = nlohmann::json::parse(row.payload_json, nullptr, false);
  nlohmann::ordered_json j{
      {"id", row.id},
      {"notification_id",
       row.notification_id ? nlohmann::ordered_json(*row.notification_id) : nullptr},
      {"topic", row.topic},
      {"subject", row.subject},
      {"body", row.body},
      {"link", row.link},
      {"payload", payload.is_discarded() ? nlohmann::json::object() : payload},
      {"created_at", core::FormatIsoUtc(row.created_at)}};
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

std::string LiveMessage(const OutboxRow& row) {
  nlohmann::json j{{"k", row.recipient}, {"t", row.topic}, {"d", EventData(row)},
                   {"i", std::to_string(row.id)}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool PublishLiveMessage(Hub& hub, std::string_view message) {
  auto j = nlohmann::json::parse(message, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("k") || !j["k"].is_string() ||
      !j.contains("t") || !j["t"].is_string() || !j.contains("d") || !j["d"].is_string())
    return false;
  hub.Publish(j["k"].get<std::string>(), j["t"].get<std::string>(), j["d"].get<std::string>(),
              j.value("i", std::string()));
  return true;
}

void Kick() {
  std::lock_guard lock(g_mu);
  if (g_worker != nullptr) g_worker->Wake();
}

Worker::Worker(db::Pool& pool, const core::Clock& clock, Hub& hub, NotifyOptions options)
    : pool_(pool), clock_(clock), hub_(hub), options_(std::move(options)) {
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  if (options_.poll_ms < 10) options_.poll_ms = 10;
}

Worker::~Worker() { Stop(); }

void Worker::Start() {
  std::lock_guard lock(mu_);
  if (started_) return;
  started_ = true;
  stop_ = false;
  {
    std::lock_guard g(g_mu);
    g_worker = this;
  }
  thread_ = std::thread([this] { Loop(); });
}

void Worker::Stop() {
  {
    std::lock_guard g(g_mu);
    if (g_worker == this) g_worker = nullptr;
  }
  {
    std::lock_guard lock(mu_);
    if (!started_) return;
    started_ = false;
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Worker::Wake() {
  {
    std::lock_guard lock(mu_);
    kicked_ = true;
  }
  cv_.notify_all();
}

void Worker::Loop() {
  while (!stop_) {
    int64_t handled = 0;
    if (auto n = RunOnce(); n)
      handled = *n;
    else
      LogWarn("notify pass failed", ErrorText(n.error()));
    std::unique_lock lock(mu_);
    if (handled > 0 && !stop_) {  // more may be due: look again before sleeping
      kicked_ = false;
      continue;
    }
    cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms),
                 [this] { return kicked_ || stop_.load(); });
    kicked_ = false;
  }
}

core::Result<int64_t> Worker::RunOnce() {
  auto fast = FastPass();
  if (!fast) return fast;
  auto slow = SlowBatch();
  if (!slow) return slow;
  return *fast + *slow;
}

core::Result<int64_t> Worker::FastPass() {
  const int64_t now = clock_.NowMs();
  auto rows = pool_.Transaction<std::vector<OutboxRow>>([&](db::Connection& c) {
    return store::ClaimDue(c, /*fast=*/true, now, now + kFastLeaseMs, kFastBatch);
  });
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return int64_t{0};
  // One node (SQLite) publishes to its own hub. Several nodes (PostgreSQL) hear each
  // other: the event goes out as a NOTIFY with the rows' "sent" mark, delivered on commit
  // to every node's LiveListener, this one's included.
  const bool fan_out = pool_.dialect() == db::Dialect::kPostgres;
  std::vector<std::string> local;  // events too large for a NOTIFY payload
  if (!fan_out) {
    for (const auto& row : *rows)
      hub_.Publish(row.recipient, row.topic, EventData(row), std::to_string(row.id));
  }
  const int64_t sent_at = clock_.NowMs();
  auto st = pool_.TransactionVoid([&](db::Connection& c) -> core::Status {
    local.clear();
    for (const auto& row : *rows) {
      YB_RETURN_IF_ERROR(store::MarkSent(c, row.id, sent_at));
      if (!fan_out) continue;
      std::string message = LiveMessage(row);
      if (message.size() > kMaxNotifyPayload) {
        local.push_back(std::to_string(row.id));
        continue;
      }
      auto n = c.Query("SELECT pg_notify($1, $2)", {std::string(kLiveChannel), message});
      if (!n) return std::move(n).error();
    }
    return core::Ok();
  });
  if (st && !local.empty()) {
    // Rare (a huge body): this node's screens still get it; other nodes' do not.
    for (const auto& row : *rows)
      if (std::find(local.begin(), local.end(), std::to_string(row.id)) != local.end())
        hub_.Publish(row.recipient, row.topic, EventData(row), std::to_string(row.id));
    LogWarn("live event too large to fan out to other nodes", std::to_string(local.size()));
  }
  if (!st) return std::move(st).error();
  return static_cast<int64_t>(rows->size());
}

core::Result<int64_t> Worker::SlowBatch() {
  const int64_t now = clock_.NowMs();
  auto rows = pool_.Transaction<std::vector<OutboxRow>>([&](db::Connection& c) {
    return store::ClaimDue(c, /*fast=*/false, now, now + kSlowLeaseMs, kSlowBatch);
  });
  if (!rows) return std::move(rows).error();
  int64_t handled = 0;
  for (const auto& row : *rows) {
    if (stop_) {  // give the rest back at once rather than when their lease ends
      auto st = pool_.TransactionVoid(
          [&](db::Connection& c) { return store::Release(c, row.id, clock_.NowMs()); });
      if (!st) LogWarn("notify release failed", ErrorText(st.error()), row.id);
      continue;
    }
    bool permanent = false;
    std::string error = DeliverSlow(row, &permanent);
    Record(row, error, permanent);
    ++handled;
    // Live events that arrived meanwhile go out before the next slow delivery.
    if (auto fast = FastPass(); fast) handled += *fast;
  }
  return handled;
}

std::string Worker::DeliverSlow(const OutboxRow& row, bool* permanent) {
  const int64_t now = clock_.NowMs();
  if (row.channel == kChannelEmail) {
    if (options_.smtp_url.empty()) {
      *permanent = true;  // visible in the outbox; an admin retries after configuring SMTP
      return "smtp not configured";
    }
    EmailContent content;
    content.from = options_.smtp_from;
    content.to = row.recipient;
    content.subject = row.subject;
    content.text = row.body;
    content.html = row.html;
    if (!row.qr_text.empty()) {
      content.qr_png = core::QrPng(row.qr_text, 6);
      content.qr_alt = "QR";
    }
    content.now_ms = now;
    content.id = "yb-" + std::to_string(row.id) + "-" + std::to_string(row.created_at);
    return SendEmail(options_, row.recipient, BuildMime(content), &stop_);
  }
  // webhook:<id>
  int64_t hook_id = 0;
  try {
    hook_id = std::stoll(row.recipient.substr(row.recipient.find(':') + 1));
  } catch (...) {
    *permanent = true;
    return "bad recipient";
  }
  core::Result<Webhook> w = core::Internal("unread");
  {  // the connection goes back to the pool before the (slow) POST
    auto conn = pool_.Acquire();
    if (!conn) return ErrorText(conn.error());
    w = store::GetWebhook(**conn, hook_id);
  }
  if (!w) {
    *permanent = w.error().code == core::ErrorCode::kNotFound;
    return *permanent ? "webhook deleted" : ErrorText(w.error());
  }
  if (!w->active && row.topic != "notify.test") {
    *permanent = true;
    return "webhook inactive";
  }
  WebhookEvent event{row.topic, row.subject, row.body, row.link, row.payload_json, now};
  return SendWebhook(*w, BuildWebhookPost(*w, event), &stop_);
}

void Worker::Record(const OutboxRow& row, const std::string& error, bool permanent) {
  const int64_t now = clock_.NowMs();
  core::Status st;
  if (error.empty()) {
    st = pool_.TransactionVoid([&](db::Connection& c) { return store::MarkSent(c, row.id, now); });
  } else if (stop_ && !permanent) {
    // Cut short by Stop(): not the receiver's fault, so not an attempt.
    st = pool_.TransactionVoid([&](db::Connection& c) { return store::Release(c, row.id, now); });
  } else {
    const int64_t attempts = row.attempts + 1;
    const bool dead = permanent || attempts >= options_.max_attempts;
    const int64_t next =
        now + BackoffMs(attempts, options_.backoff_base_ms, options_.backoff_cap_ms);
    st = pool_.TransactionVoid(
        [&](db::Connection& c) { return store::MarkFailed(c, row.id, error, dead, next); });
  }
  if (!st) LogWarn("notify record failed", ErrorText(st.error()), row.id);
}

}  // namespace yingbin::notify
