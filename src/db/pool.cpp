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
  void Release(std::unique_ptr<Connection> conn) override {
    // Every connection here came from a driver factory.
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
    (void)c.Rollback();
    return s;
  }
  core::Status committed = c.Commit();
  if (!committed) {
    (void)c.Rollback();
    return committed;
  }
  return core::Ok();
}

core::Status Pool::TransactionVoid(const std::function<core::Status(Connection&)>& fn) {
  for (int attempt = 1;; ++attempt) {
    core::Status s = RunTransactionOnce(*this, fn);
    if (s || s.error().code != core::ErrorCode::kUnavailable || attempt == kTransactionAttempts)
      return s;
    std::this_thread::sleep_for(Backoff());
  }
}

}  // namespace yingbin::db
