#include "tasks/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/thread_name.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::tasks {
namespace {

// Tasks handled per transaction: small, so a slow handler never holds the write lock long.
constexpr int kBatch = 20;

// Kicked passes start at least this far apart. Every write that may have made a task due
// kicks the scheduler; at a few thousand registrations a second it ran its two look-ups
// back to back, ~3 % of the server's CPU, to find nothing due. A task due now still fires
// within this time.
constexpr auto kKickGather = std::chrono::milliseconds(20);

}  // namespace

void Scheduler::On(std::string kind, Handler fire, Handler escalate) {
  handlers_[std::move(kind)] = {std::move(fire), std::move(escalate)};
}

void Scheduler::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] {
    core::NameThisThread("tasks-due");
    std::unique_lock lock(mu_);
    while (!stop_) {
      const auto started = std::chrono::steady_clock::now();
      lock.unlock();
      auto handled = RunOnce(clock_.NowMs());
      if (!handled)
        spdlog::warn(R"({{"event":"tasks_pass_failed","error":"{}"}})",
                     core::ErrorCodeName(handled.error().code));
      lock.lock();
      if (handled && *handled >= kBatch) continue;  // more may be due: go on at once
      cv_.wait_for(lock, std::chrono::milliseconds(poll_ms_), [this] { return stop_ || kicked_; });
      if (kicked_) cv_.wait_until(lock, started + kKickGather, [this] { return stop_; });
      kicked_ = false;
    }
  });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Kick() {
  {
    std::lock_guard lock(mu_);
    // A pass is coming already. Waking the loop while it gathers kicks would only have it
    // check and sleep again: two context switches for every write under load.
    if (kicked_) return;
    kicked_ = true;
  }
  cv_.notify_all();
}

core::Result<int64_t> Scheduler::RunOnce(int64_t now) {
  // Without this, POST /test/clock could find nothing due while the thread's pass was
  // firing a warning, answer, and leave the breach task that warning wrote to the thread's
  // next pass: a test read the breach's notice too early (once, under AddressSanitizer).
  std::lock_guard pass(pass_mu_);
  auto fired = Pass(now, false);
  if (!fired) return fired;
  auto escalated = Pass(now, true);
  if (!escalated) return escalated;
  return *fired + *escalated;
}

core::Result<int64_t> Scheduler::Pass(int64_t now, bool escalation) {
  const char* due_sql =
      escalation ? "SELECT id FROM tasks WHERE status = 'open' AND escalated_at IS NULL "
                   "AND escalate_at IS NOT NULL AND escalate_at <= $1 ORDER BY escalate_at LIMIT $2"
                 : "SELECT id FROM tasks WHERE status = 'open' AND fired_at IS NULL "
                   "AND due_at <= $1 ORDER BY due_at LIMIT $2";
  std::vector<int64_t> due;
  {
    auto lease = pool_.Acquire();
    if (!lease) return std::move(lease).error();
    auto ids = (*lease)->Query(due_sql, {now, int64_t{kBatch}});
    if (!ids) return std::move(ids).error();
    for (size_t i = 0; i < ids->size(); ++i) due.push_back(ids->Int(i, 0));
  }
  int64_t handled = 0;
  // One transaction per task: a failing handler delays only its own task (retried on the
  // next pass), never the others.
  for (int64_t id : due) {
    bool fired = false;
    auto st = pool_.TransactionVoid([&](db::Connection& c) -> core::Status {
      // Claim: still due and not taken by another node meanwhile.
      std::string claim =
          escalation ? "SELECT id FROM tasks WHERE id = $1 AND status = 'open' AND escalated_at IS NULL"
                     : "SELECT id FROM tasks WHERE id = $1 AND status = 'open' AND fired_at IS NULL";
      if (c.dialect() == db::Dialect::kPostgres) claim += " FOR UPDATE SKIP LOCKED";
      auto mine = c.Query(claim, {id});
      if (!mine) return std::move(mine).error();
      if (mine->empty()) return core::Ok();
      auto task = Get(c, id);
      if (!task) return std::move(task).error();
      auto h = handlers_.find(task->kind);
      if (h != handlers_.end()) {
        const Handler& fn = escalation ? h->second.second : h->second.first;
        if (fn) YB_RETURN_IF_ERROR(fn(c, *task, now));
      }
      auto mark = c.Exec(escalation
                             ? "UPDATE tasks SET escalated_at = $1, updated_at = $1 WHERE id = $2"
                             : "UPDATE tasks SET fired_at = $1, updated_at = $1 WHERE id = $2",
                         {now, id});
      if (!mark) return std::move(mark).error();
      fired = true;
      return core::Ok();
    });
    if (st && fired) ++handled;
    if (!st)
      spdlog::warn(R"({{"event":"task_failed","task":{},"escalation":{},"error":"{}","detail":"{}"}})",
                   id, escalation, st.error().key, st.error().detail);
  }
  return handled;
}

}  // namespace yingbin::tasks
