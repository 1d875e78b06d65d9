#include <semaphore.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "db/db.hpp"
#include "db/driver.hpp"

namespace yingbin::db {
namespace {

using internal::DriverConnection;

constexpr auto kAcquireTimeout = std::chrono::seconds(30);

// The connection of the group transaction this thread is running fns in, if any.
thread_local Connection* tls_group_connection = nullptr;

// Runs fn inside a savepoint of c's open transaction: fn's changes are undone alone when
// it fails (or throws: the writer thread must outlive every caller's mistakes). Errors of
// the savepoint statements themselves leave the transaction unusable; they are answered
// as `broken`.
core::Status InSavepoint(Connection& c, const std::function<core::Status(Connection&)>& fn,
                         bool& broken) {
  // Exec, not ExecScript: the driver keeps these three prepared.
  auto run = [&](std::string_view sql) -> core::Status {
    auto r = c.Exec(sql);
    if (!r) return std::move(r).error();
    return core::Ok();
  };
  if (auto s = run("SAVEPOINT group_item"); !s) {
    broken = true;
    return s;
  }
  const Connection::DeferredMark mark = c.MarkDeferred();
  core::Status s = core::Ok();
  try {
    s = fn(c);
  } catch (const std::exception& e) {
    s = core::Internal(std::string("db: transaction threw: ") + e.what());
  } catch (...) {
    s = core::Internal("db: transaction threw");
  }
  if (!s) {
    c.DropDeferred(mark);
    if (!run("ROLLBACK TO group_item") || !run("RELEASE group_item")) broken = true;
    return s;
  }
  if (auto r = run("RELEASE group_item"); !r) {
    broken = true;
    return r;
  }
  return core::Ok();
}

// A one-shot wake-up that sleeps in the kernel at once. std::binary_semaphore (and
// std::atomic::wait) in libstdc++ first spin, calling sched_yield a dozen times: with some
// sixty callers waiting for the writer on two cores, those yields were 46 % of all context
// switches.
class Wakeup {
 public:
  Wakeup() { sem_init(&sem_, 0, 0); }
  ~Wakeup() { sem_destroy(&sem_); }
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;

  void Wait() {
    while (sem_wait(&sem_) != 0) {
      // EINTR: a signal arrived; keep waiting.
    }
  }
  void Signal() { sem_post(&sem_); }

 private:
  sem_t sem_;
};

// Group commit for SQLite (see Pool::Transaction), by one writer thread per pool. Callers
// queue their fn and sleep; the writer takes the whole queue, runs it as one transaction
// (each fn in a savepoint of its own), commits once and wakes everyone in it, then takes
// what queued meanwhile.
//
// A thread of its own, not the first caller leading the others as before: a leader
// handed the lead to a sleeping caller after each batch, and that caller took 0.6-0.9 ms
// to be scheduled, a tenth of the writer's time at 64 connections; and being a request
// handler, the leader shared the CPU with the handlers it had just woken. Request
// handlers run as SCHED_BATCH (http/server.cpp), so woken, they do not preempt this
// thread; it stays an ordinary one.
class CommitGroup {
 public:
  CommitGroup() = default;
  ~CommitGroup() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }
  CommitGroup(const CommitGroup&) = delete;
  CommitGroup& operator=(const CommitGroup&) = delete;

  core::Status Run(Pool& pool, const std::function<core::Status(Connection&)>& fn) {
    if (tls_group_connection) {  // nested: part of the enclosing group transaction
      bool broken = false;
      return InSavepoint(*tls_group_connection, fn, broken);
    }
    Job job{&fn};
    bool wake = false;
    {
      std::lock_guard lock(mu_);
      if (!thread_.joinable()) thread_ = std::thread([this, &pool] { Loop(pool); });
      queue_.push_back(&job);
      wake = waiting_;  // the writer sleeps only on an empty queue
      waiting_ = false;
    }
    if (wake) cv_.notify_one();
    job.signal.Wait();
    return std::move(job.result);
  }

 private:
  struct Job {
    explicit Job(const std::function<core::Status(Connection&)>* f) : fn(f) {}
    const std::function<core::Status(Connection&)>* fn;
    core::Status result;
    Wakeup signal;
  };

  void Loop(Pool& pool) {
    std::vector<Job*> batch;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        while (queue_.empty()) {
          if (stop_) return;
          waiting_ = true;
          cv_.wait(lock);
        }
        batch.swap(queue_);
      }
      RunBatch(pool, batch);
      // A woken caller returns and its Job is gone: nothing touches a Job after Signal().
      for (Job* j : batch) j->signal.Signal();
      batch.clear();
    }
  }

  static void RunBatch(Pool& pool, const std::vector<Job*>& batch) {
    auto fail_all = [&](const core::Status& s) {
      for (Job* j : batch) j->result = s;
    };
    auto lease = pool.Acquire();
    if (!lease) return fail_all(std::move(lease).error());
    Connection& c = **lease;
    if (auto b = c.Begin(); !b) return fail_all(b);
    bool broken = false;
    tls_group_connection = &c;
    for (Job* j : batch) {
      j->result = InSavepoint(c, *j->fn, broken);
      if (broken) break;
    }
    tls_group_connection = nullptr;
    if (broken) {
      core::Status why = core::Unavailable("db: group transaction failed; retrying");
      c.DropDeferred();
      (void)c.Rollback();
      return fail_all(why);
    }
    if (auto before = c.RunBeforeCommit(); !before) {
      c.DropDeferred();
      (void)c.Rollback();
      return fail_all(before);
    }
    if (auto committed = c.Commit(); !committed) {
      c.DropDeferred();
      (void)c.Rollback();
      return fail_all(committed);  // fns that had failed fail again with the commit's error
    }
    c.RunAfterCommit();
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Job*> queue_;  // guarded by mu_
  bool waiting_ = false;     // guarded by mu_: the writer sleeps on cv_
  bool stop_ = false;        // guarded by mu_
  std::thread thread_;       // guarded by mu_; started with the first write
};
constexpr int kTransactionAttempts = 3;

class PoolImpl final : public Pool {
 public:
  using Factory = std::function<core::Result<std::unique_ptr<DriverConnection>>()>;

  PoolImpl(Dialect dialect, int max_connections, Factory factory)
      : dialect_(dialect),
        max_(max_connections < 1 ? 1 : max_connections),
        factory_(std::move(factory)) {}

  Dialect dialect() const override { return dialect_; }

  core::Result<Lease> Acquire() override {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, kAcquireTimeout, [&] { return !idle_.empty() || open_ < max_; }))
      return core::Unavailable("db: no free connection after 30 s");
    if (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
    ++open_;
    lock.unlock();
    // Connect outside the lock: a slow server must not block Release().
    auto c = factory_();
    if (!c) {
      lock.lock();
      --open_;
      cv_.notify_one();
      return std::move(c).error();
    }
    return Lease(this, std::unique_ptr<Connection>(std::move(*c)));
  }

 protected:
  core::Status RunTransaction(const std::function<core::Status(Connection&)>& fn) override {
    if (dialect_ == Dialect::kSqlite) return group_.Run(*this, fn);
    return RunTransactionOnce(*this, fn);
  }

  void Release(std::unique_ptr<Connection> conn) override {
    // Every connection here came from a driver factory.
    conn->DropDeferred();  // left by a caller that ran Begin() itself
    bool reusable = static_cast<DriverConnection&>(*conn).ResetForReuse();
    if (!reusable) conn.reset();  // close a lost connection; the next Acquire reconnects
    std::lock_guard lock(mu_);
    if (reusable) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
    cv_.notify_one();
  }

 private:
  const Dialect dialect_;
  const int max_;
  const Factory factory_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int open_ = 0;                                   // guarded by mu_; idle and leased
  CommitGroup group_;
};

std::chrono::milliseconds Backoff() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 50)(rng));
}

}  // namespace

core::Result<std::shared_ptr<Pool>> Pool::Open(const PoolOptions& options) {
  std::shared_ptr<PoolImpl> pool;
  if (auto path = internal::SqlitePathFromUrl(options.url)) {
    // Each connection to ":memory:" would be a different, empty database.
    int max = *path == ":memory:" ? 1 : options.max_connections;
    int busy = options.busy_timeout_ms;
    pool = std::make_shared<PoolImpl>(Dialect::kSqlite, max,
                                      [p = *path, busy] { return internal::OpenSqlite(p, busy); });
  } else if (internal::IsPostgresUrl(options.url)) {
    pool = std::make_shared<PoolImpl>(Dialect::kPostgres, options.max_connections,
                                      [url = options.url] { return internal::OpenPostgres(url); });
  } else {
    core::Error e = core::InvalidArgument("db");
    e.detail = "unknown database URL scheme (want sqlite: or postgresql://)";
    return e;
  }
  {
    auto first = pool->Acquire();  // check the URL now, not on the first request
    if (!first) return std::move(first).error();
  }
  return std::shared_ptr<Pool>(std::move(pool));
}

core::Status RunTransactionOnce(Pool& pool, const std::function<core::Status(Connection&)>& fn) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  Connection& c = **lease;
  YB_RETURN_IF_ERROR(c.Begin());
  core::Status s = fn(c);
  if (!s) {
    // The first error is the one to report; a failed rollback leaves the connection in a
    // transaction, which Release() resolves or discards.
    c.DropDeferred();
    (void)c.Rollback();
    return s;
  }
  if (auto before = c.RunBeforeCommit(); !before) {
    c.DropDeferred();
    (void)c.Rollback();
    return before;
  }
  core::Status committed = c.Commit();
  if (!committed) {
    c.DropDeferred();
    (void)c.Rollback();
    return committed;
  }
  c.RunAfterCommit();
  return core::Ok();
}

core::Status Pool::TransactionVoid(const std::function<core::Status(Connection&)>& fn) {
  for (int attempt = 1;; ++attempt) {
    core::Status s = RunTransaction(fn);
    if (s || s.error().code != core::ErrorCode::kUnavailable || attempt == kTransactionAttempts)
      return s;
    std::this_thread::sleep_for(Backoff());
  }
}

}  // namespace yingbin::db
