#include "notify/worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "core/qr.hpp"
#include "core/thread_name.hpp"
#include "core/time.hpp"
#include "notify/email.hpp"
#include "notify/notify.hpp"
#include "notify/rules.hpp"
#include "notify/store.hpp"
#include "notify/webhook.hpp"

namespace yingbin::notify {
namespace {

// Rows claimed per pass. A pass costs two write transactions (claim, record) whatever its
// size, and on SQLite every write transaction waits its turn behind the desk's; a busy
// desk makes hundreds of rows a minute.
constexpr int64_t kBatch = 100;
// A claimed row is someone else's to claim again after this long (a node that died while
// delivering). A pass delivers for at most half of it and gives back what it has not
// tried, so the slowest delivery (SMTP's 60 s timeout) still ends inside the lease.
constexpr int64_t kLeaseMs = 10 * 60'000;
constexpr int64_t kDeliverForMs = kLeaseMs / 2;

// The least time between the starts of two passes that a kick begins: a message still
// goes out within it.
constexpr auto kKickGather = std::chrono::milliseconds(20);

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

}  // namespace

void Kick() {
  std::lock_guard lock(g_mu);
  if (g_worker != nullptr) g_worker->Wake();
}

Worker::Worker(db::Pool& pool, const core::Clock& clock, NotifyOptions options)
    : pool_(pool), clock_(clock), options_(std::move(options)) {
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  if (options_.poll_ms < 10) options_.poll_ms = 10;
  if (options_.gather_ms < 0) options_.gather_ms = 0;
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
  thread_ = std::thread([this] {
    core::NameThisThread("notify-outbox");
    Loop();
  });
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
    if (kicked_) return;  // a pass is coming already (as Scheduler::Kick)
    kicked_ = true;
  }
  cv_.notify_all();
}

void Worker::Loop() {
  using Clock = std::chrono::steady_clock;
  while (!stop_) {
    const Clock::time_point started = Clock::now();
    int64_t handled = 0;
    if (auto n = RunOnce(); n)
      handled = *n;
    else
      LogWarn("notify pass failed", ErrorText(n.error()));
    std::unique_lock lock(mu_);
    if (handled >= kBatch) {  // a backlog: on at once
      kicked_ = false;
      continue;
    }
    if (handled > 0) {
      // Rows keep coming: let them gather for a moment, kicks or not, and claim them
      // together. One pass per registration was two extra commits for each one, half of
      // the SQLite writer's time under a busy desk (docs/benchmarks.md). Quiet times keep
      // their instant delivery: the first row after a pause goes at once.
      cv_.wait_until(lock, started + std::chrono::milliseconds(options_.gather_ms),
                     [this] { return stop_.load(); });
      kicked_ = false;
      continue;
    }
    cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms),
                 [this] { return kicked_ || stop_.load(); });
    // Kicked after a pass that found nothing: at once if that pass began long enough ago,
    // else when it has. Every change kicks the worker, and at a few thousand complaints a
    // second (which send nothing) it was looking for due rows ~1,700 times a second.
    if (kicked_)
      cv_.wait_until(lock, started + kKickGather, [this] { return stop_.load(); });
    kicked_ = false;
  }
}

core::Result<int64_t> Worker::RunOnce() { return DeliverDue(); }

core::Result<int64_t> Worker::DeliverDue() {
  const int64_t now = clock_.NowMs();
  {
    // Looking is a read, beside the writer; claiming is a write transaction, taken only
    // when there is something to claim (every change kicks the worker).
    auto lease = pool_.Acquire();
    if (!lease) return std::move(lease).error();
    auto due = store::HasDue(**lease, now);
    if (!due) return std::move(due).error();
    if (!*due) return int64_t{0};
  }
  auto rows = pool_.Transaction<std::vector<OutboxRow>>([&](db::Connection& c) {
    return store::ClaimDue(c, now, now + kLeaseMs, kBatch);
  });
  if (!rows) return std::move(rows).error();
  // Outcomes are recorded together, in one transaction after the batch: each record is a
  // write, and writes are what the desk's registrations queue behind.
  std::vector<Outcome> outcomes;
  for (const auto& row : *rows) {
    // Stopping, or out of time before the lease ends: give the rest back at once rather
    // than when their lease ends (not an attempt).
    if (stop_ || clock_.NowMs() - now > kDeliverForMs) {
      outcomes.push_back({&row, "stopped", false, /*release=*/true});
      continue;
    }
    Outcome o{&row, "", false, false};
    o.error = DeliverSlow(row, &o.permanent);
    // Cut short by Stop(): not the receiver's fault, so not an attempt.
    o.release = !o.error.empty() && stop_ && !o.permanent;
    outcomes.push_back(std::move(o));
  }
  Record(outcomes);
  return static_cast<int64_t>(outcomes.size());
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
    content.calendar = row.calendar;
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

void Worker::Record(const std::vector<Outcome>& outcomes) {
  if (outcomes.empty()) return;
  const int64_t now = clock_.NowMs();
  // Rows with the same outcome are recorded by one statement.
  std::vector<int64_t> released, sent;
  struct Failure {
    std::string error;
    bool dead = false;
    int64_t next = 0;
    auto operator<=>(const Failure&) const = default;
  };
  std::map<Failure, std::vector<int64_t>> failed;
  for (const Outcome& o : outcomes) {
    const OutboxRow& row = *o.row;
    if (o.release) {
      released.push_back(row.id);
    } else if (o.error.empty()) {
      sent.push_back(row.id);
    } else {
      const int64_t attempts = row.attempts + 1;
      const bool dead = o.permanent || attempts >= options_.max_attempts;
      const int64_t next =
          now + BackoffMs(attempts, options_.backoff_base_ms, options_.backoff_cap_ms);
      failed[Failure{o.error, dead, next}].push_back(row.id);
    }
  }
  auto st = pool_.TransactionVoid([&](db::Connection& c) -> core::Status {
    YB_RETURN_IF_ERROR(store::Release(c, released, now));
    YB_RETURN_IF_ERROR(store::MarkSent(c, sent, now));
    for (const auto& [f, ids] : failed)
      YB_RETURN_IF_ERROR(store::MarkFailed(c, ids, f.error, f.dead, f.next));
    return core::Ok();
  });
  // The rows stay 'sending' until their lease ends, then are claimed again: delivered at
  // least once.
  if (!st) LogWarn("notify record failed", ErrorText(st.error()), outcomes.front().row->id);
}

}  // namespace yingbin::notify
