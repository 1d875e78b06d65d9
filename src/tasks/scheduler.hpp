#pragma once
// Fires due tasks. One background thread per process polls (every `poll_ms`, or at once
// after Kick()) for open tasks whose due_at or escalate_at has passed, and for each runs
// the handler registered for its kind inside one transaction that also marks the task
// fired (or escalated); a handler error rolls that back and the task is retried on the
// next poll. On PostgreSQL the rows are claimed with FOR UPDATE SKIP LOCKED, so several
// app nodes can run schedulers without firing a task twice.
//
// Handlers run on the scheduler thread; they must only touch the database through the
// given transaction (and may call notify::Enqueue / tasks::Create on it).
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "tasks/model.hpp"

namespace yingbin::tasks {

using Handler = std::function<core::Status(db::Connection& tx, const Task& task, int64_t now)>;

class Scheduler {
 public:
  Scheduler(db::Pool& pool, const core::Clock& clock, int poll_ms = 1000)
      : pool_(pool), clock_(clock), poll_ms_(poll_ms) {}
  ~Scheduler() { Stop(); }

  // Registers what happens when a task of `kind` falls due and when it escalates (either
  // may be empty: the task is then only marked fired / escalated, it stays a to-do).
  // REQUIRES: before Start().
  void On(std::string kind, Handler fire, Handler escalate = {});

  void Start();
  void Stop();
  // Wakes the thread now (after a commit that created a task due immediately).
  void Kick();

  // One pass at time `now`: fires and escalates everything due. Returns the number of
  // tasks handled. Used by the thread and by tests. Passes in this process run one at a
  // time: a caller waits for the thread's pass in progress, so that what that pass's tasks
  // create (a clock's breach task, written when its warning fires) is due for the caller's.
  core::Result<int64_t> RunOnce(int64_t now);

 private:
  core::Result<int64_t> Pass(int64_t now, bool escalation);

  db::Pool& pool_;
  const core::Clock& clock_;
  int poll_ms_;
  std::map<std::string, std::pair<Handler, Handler>, std::less<>> handlers_;
  std::thread thread_;
  std::mutex pass_mu_;  // one RunOnce at a time (the thread's and the test clock's)
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool kicked_ = false;
};

}  // namespace yingbin::tasks
