#pragma once
// The outbox worker (DATA-6: nothing acknowledged is lost). One background thread per
// process. It claims due outbox rows in a short transaction (status 'sending' with a lease;
// on PostgreSQL FOR UPDATE SKIP LOCKED, so several nodes share the work), delivers them
// outside any transaction, and records the outcome: 'sent' with sent_at, or a failure
// (attempts + 1, last_error, next_attempt_at after exponential back-off, 'dead' after
// max_attempts). Rows of a node that died mid-delivery are claimed again once their lease
// ends, so delivery is at least once.
//
// Live events (the live and inapp channels) do not come here: they leave with their
// transaction (notify/live.hpp). Rows of those channels written by an older version are
// marked sent by migration V006.
//
// The thread wakes every poll_ms, or at once on Kick() (notify.hpp) / Wake().
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "notify/model.hpp"
#include "notify/options.hpp"

namespace yingbin::notify {

class Worker {
 public:
  // `pool` and `clock` must outlive the worker.
  Worker(db::Pool& pool, const core::Clock& clock, NotifyOptions options);
  ~Worker();  // Stop()
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Starts the thread and makes this the worker notify::Kick() wakes. Idempotent.
  void Start();
  // Aborts a delivery in progress (its row goes back to pending, not counted as an
  // attempt), joins the thread. Idempotent.
  void Stop();
  void Wake();

  // One pass: delivers everything due now. Returns the number of rows handled. Used by
  // the thread and by tests (without Start()).
  core::Result<int64_t> RunOnce();

 private:
  void Loop();
  core::Result<int64_t> DeliverDue();
  // Delivers one e-mail or webhook row; "" on success, else the error.
  std::string DeliverSlow(const OutboxRow& row, bool* permanent);
  struct Outcome {
    const OutboxRow* row;
    std::string error;       // "" = delivered
    bool permanent = false;  // no retry (a misconfiguration, a 4xx)
    bool release = false;    // cut short by Stop(): back to pending, not an attempt
  };
  void Record(const std::vector<Outcome>& outcomes);

  db::Pool& pool_;
  const core::Clock& clock_;
  NotifyOptions options_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool started_ = false;
  bool kicked_ = false;
  std::atomic<bool> stop_{false};
};

}  // namespace yingbin::notify
