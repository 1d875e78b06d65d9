#include <semaphore.h>

#include <cstdio>
#include <cstdlib>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/thread_name.hpp"
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

// Undoes c's open transaction and the work deferred to its commit; answers `why`.
core::Status Abandon(Connection& c, core::Status why) {
  c.DropDeferred();
  (void)c.Rollback();  // the first error is the one to report
  return why;
}

// Runs the work deferred to just before COMMIT, then commits; abandons the transaction
// when either fails.
core::Status CommitOrAbandon(Connection& c) {
  if (auto before = c.RunBeforeCommit(); !before) return Abandon(c, before);
  if (auto committed = c.Commit(); !committed) return Abandon(c, committed);
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

// A queue that one thread drains. A push wakes the thread only when it sleeps, which it
// does only on an empty queue: most pushes under load cost a lock and no system call.
template <class T>
class HandOff {
 public:
  void Push(T item) {
    bool wake = false;
    {
      std::lock_guard lock(mu_);
      queue_.push_back(std::move(item));
      wake = waiting_;
      waiting_ = false;
    }
    if (wake) cv_.notify_one();
  }

  // Waits for items and moves them all into `out` (empty on entry). False once Stop() was
  // called and everything pushed before has been taken.
  bool TakeAll(std::vector<T>& out) {
    std::unique_lock lock(mu_);
    while (queue_.empty()) {
      if (stop_) return false;
      waiting_ = true;
      cv_.wait(lock);
    }
    out.swap(queue_);
    return true;
  }

  void Stop() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<T> queue_;  // guarded by mu_
  bool waiting_ = false;  // guarded by mu_: the draining thread sleeps on cv_
  bool stop_ = false;     // guarded by mu_
};

using AfterCommit = std::vector<std::function<void()>>;

struct Job {
  explicit Job(const std::function<core::Status(Connection&)>* f) : fn(f) {}
  const std::function<core::Status(Connection&)>* fn;
  core::Status result;
  Wakeup signal;
};

// A committed (or failed) batch: its callers and what runs once it is durable.
struct Batch {
  std::vector<Job*> jobs;
  AfterCommit after_commit;

  // Runs the after-commit work and wakes the callers. A woken caller returns and its Job
  // is gone: nothing touches a Job after Signal().
  void Answer() {
    for (auto& fn : after_commit) fn();
    for (Job* j : jobs) j->signal.Signal();
    jobs.clear();
    after_commit.clear();
  }
};

// Makes the writer's commits durable and only then answers their callers, while the
// writer runs the next batch. The writer's connection commits with synchronous=NORMAL:
// COMMIT hands the WAL frames to the operating system and returns, and this thread
// fdatasync()s the WAL. The COMMIT with synchronous=FULL used to wait for that sync itself,
// ~0.8 ms of every ~6 ms batch at 64 connections in which the writer did nothing else.
// Batches that committed while a sync ran share the next one.
//
// Durability is as before: a caller hears of its commit only after its frames are on
// disk, and its after-commit work (live events) runs only then. What changes: for the
// length of one sync, other connections can read a commit that a power cut would still
// undo. A write that depends on what it read commits after it in the same WAL, and the
// sync that acknowledges that write covers the commit it read.
//
// A failed sync leaves no way to know what is on disk (Linux may have dropped the pages
// it could not write): the process stops, as PostgreSQL does, and on restart SQLite
// recovers the WAL from what the disk really holds. No caller was answered for it.
class WalSyncer {
 public:
  WalSyncer(const std::string& db_path, std::function<core::Status()> before_sync)
      : wal_(db_path), before_sync_(std::move(before_sync)) {
    thread_ = std::thread([this] {
      core::NameThisThread("db-wal-sync");
      Loop();
    });
  }
  ~WalSyncer() {  // answers everything handed over first
    queue_.Stop();
    thread_.join();
  }
  WalSyncer(const WalSyncer&) = delete;
  WalSyncer& operator=(const WalSyncer&) = delete;

  void Hand(Batch&& batch) { queue_.Push(std::move(batch)); }

 private:
  void Loop() {
    std::vector<Batch> synced;
    while (queue_.TakeAll(synced)) {
      core::Status s = before_sync_ ? before_sync_() : core::Ok();
      if (s) s = wal_.Sync();
      if (!s) {
        std::string detail = s.error().detail;  // holds the path in quotes: keep the line JSON
        std::replace(detail.begin(), detail.end(), '"', '\'');
        std::fprintf(stderr,
                     "{\"level\":\"critical\",\"event\":\"wal_sync_failed\",\"detail\":\"%s\"}\n",
                     detail.c_str());
        std::abort();
      }
      for (Batch& b : synced) b.Answer();
      synced.clear();
    }
  }

  internal::WalFile wal_;
  const std::function<core::Status()> before_sync_;
  HandOff<Batch> queue_;
  std::thread thread_;  // last: started once the members above exist
};

// Group commit for SQLite (see Pool::Transaction), by one writer thread per pool. Callers
// queue their fn and sleep; the writer takes the whole queue, runs it as one transaction
// (each fn in a savepoint of its own), commits once, and hands the batch to the WalSyncer,
// which wakes everyone in it once the commit is durable; the writer meanwhile takes what
// queued. A database without a WAL file (in memory) commits on a pooled connection and
// answers at once.
//
// A thread of its own, not the first caller leading the others as before: a leader
// handed the lead to a sleeping caller after each batch, and that caller took 0.6-0.9 ms
// to be scheduled, a tenth of the writer's time at 64 connections; and being a request
// handler, the leader shared the CPU with the handlers it had just woken. Request
// handlers run as SCHED_BATCH (http/server.cpp), so woken, they do not preempt this
// thread; it stays an ordinary one.
class CommitGroup {
 public:
  using Factory = std::function<core::Result<std::unique_ptr<internal::DriverConnection>>()>;

  CommitGroup() = default;
  // The writer's own connection comes from `open_writer`, committing without a sync of
  // its own (SqliteSync::kByCaller); the WAL of `db_path` is synced before callers hear.
  CommitGroup(Factory open_writer, const std::string& db_path,
              std::function<core::Status()> before_sync)
      : open_writer_(std::move(open_writer)),
        syncer_(std::make_unique<WalSyncer>(db_path, std::move(before_sync))) {}
  ~CommitGroup() {
    queue_.Stop();
    if (thread_.joinable()) thread_.join();
    syncer_.reset();  // answers what it holds; then the writer's connection closes
  }
  CommitGroup(const CommitGroup&) = delete;
  CommitGroup& operator=(const CommitGroup&) = delete;

  core::Status Run(Pool& pool, const std::function<core::Status(Connection&)>& fn) {
    if (tls_group_connection) {  // nested: part of the enclosing group transaction
      bool broken = false;
      return InSavepoint(*tls_group_connection, fn, broken);
    }
    std::call_once(started_, [&] {
      thread_ = std::thread([this, &pool] {
        core::NameThisThread("db-writer");
        Loop(pool);
      });
    });
    Job job{&fn};
    queue_.Push(&job);
    job.signal.Wait();
    return std::move(job.result);
  }

 private:
  void Loop(Pool& pool) {
    Batch batch;
    while (queue_.TakeAll(batch.jobs)) {
      const bool committed = RunBatchOnWriter(pool, batch);
      const bool wrote = committed && std::any_of(batch.jobs.begin(), batch.jobs.end(),
                                                  [](const Job* j) { return j->result.ok(); });
      if (wrote && syncer_) {
        syncer_->Hand(std::move(batch));
        batch = Batch();
      } else {
        // Nothing to make durable (the batch failed, or every fn in it did), or it was
        // synced at COMMIT.
        batch.Answer();
      }
    }
  }

  static bool FailAll(Batch& batch, const core::Status& s) {
    for (Job* j : batch.jobs) j->result = s;
    return false;
  }

  // Runs the batch on the writer's own connection, or on a pooled one for a database
  // without a WAL file; true when it committed.
  bool RunBatchOnWriter(Pool& pool, Batch& batch) {
    if (!open_writer_) {
      auto lease = pool.Acquire();
      if (!lease) return FailAll(batch, std::move(lease).error());
      return RunBatch(**lease, batch);
    }
    if (!writer_) {
      auto c = open_writer_();
      if (!c) return FailAll(batch, std::move(c).error());
      writer_ = std::move(*c);
    }
    const bool committed = RunBatch(*writer_, batch);
    writer_->DropDeferred();
    if (!writer_->ResetForReuse()) writer_.reset();  // opened again for the next batch
    return committed;
  }

  // Runs the batch as one transaction; true when it committed. Sets each job's result;
  // moves the after-commit work into the batch.
  static bool RunBatch(Connection& c, Batch& batch) {
    if (auto b = c.Begin(); !b) return FailAll(batch, b);
    bool broken = false;
    tls_group_connection = &c;
    for (Job* j : batch.jobs) {
      j->result = InSavepoint(c, *j->fn, broken);
      if (broken) break;
    }
    tls_group_connection = nullptr;
    if (broken)
      return FailAll(batch, Abandon(c, core::Unavailable("db: group transaction failed; retrying")));
    // A failed commit fails every fn, those that had failed with the commit's error too.
    if (auto committed = CommitOrAbandon(c); !committed) return FailAll(batch, committed);
    batch.after_commit = c.TakeAfterCommit();
    return true;
  }

  const Factory open_writer_;
  std::unique_ptr<internal::DriverConnection> writer_;  // the writer thread's own
  std::unique_ptr<WalSyncer> syncer_;
  HandOff<Job*> queue_;
  std::once_flag started_;
  std::thread thread_;  // started with the first write
};
constexpr int kTransactionAttempts = 3;

class PoolImpl final : public Pool {
 public:
  using Factory = std::function<core::Result<std::unique_ptr<DriverConnection>>()>;

  // `group`: the group commit of a SQLite pool; null for PostgreSQL.
  PoolImpl(Dialect dialect, int max_connections, Factory factory,
           std::unique_ptr<CommitGroup> group = nullptr)
      : dialect_(dialect),
        max_(max_connections < 1 ? 1 : max_connections),
        factory_(std::move(factory)),
        group_(std::move(group)) {}

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
    if (group_) return group_->Run(*this, fn);
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
  const std::unique_ptr<CommitGroup> group_;  // last: its writer thread uses the pool
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
    auto group = internal::HasWalFile(*path)
                     ? std::make_unique<CommitGroup>(
                           [p = *path, busy] {
                             return internal::OpenSqlite(p, busy, internal::SqliteSync::kByCaller);
                           },
                           *path, options.before_wal_sync_for_test)
                     : std::make_unique<CommitGroup>();
    pool = std::make_shared<PoolImpl>(
        Dialect::kSqlite, max, [p = *path, busy] { return internal::OpenSqlite(p, busy); },
        std::move(group));
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
  // A failed rollback leaves the connection in a transaction, which Release() resolves or
  // discards.
  if (core::Status s = fn(c); !s) return Abandon(c, s);
  YB_RETURN_IF_ERROR(CommitOrAbandon(c));
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
