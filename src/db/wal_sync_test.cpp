// The SQLite group commit answers a caller only once its commit is on disk: the writer
// commits without a sync (synchronous=NORMAL) and a second thread syncs the WAL before
// anyone hears of the commit (pool.cpp, WalSyncer). These tests hold that thread before
// its sync through PoolOptions::before_wal_sync_for_test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "db/db.hpp"
#include "db/driver.hpp"

namespace yingbin::db {
namespace {

using namespace std::chrono_literals;

// A gate the syncing thread waits at while closed; counts the syncs that passed it.
class SyncGate {
 public:
  core::Status BeforeSync() {
    std::unique_lock lock(mu_);
    ++arrived_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return open_; });
    if (fail_) return core::Internal("disk gone (test)");
    return core::Ok();
  }
  void FailSyncs() {
    std::lock_guard lock(mu_);
    fail_ = true;
  }
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  // Waits (up to 10 s) until the syncing thread has arrived `n` times.
  bool AwaitArrivals(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, 10s, [&] { return arrived_ >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  bool fail_ = false;
  int arrived_ = 0;
};

class WalSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = "/tmp/yb-walsync-" + std::to_string(getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    PoolOptions o;
    o.url = "sqlite:" + dir_ + "/t.db";
    o.max_connections = 4;
    o.before_wal_sync_for_test = [this] { return gate_.BeforeSync(); };
    auto p = Pool::Open(o);
    ASSERT_TRUE(p.ok()) << p.error().detail;
    pool_ = *p;
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE((*lease)->ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)").ok());
  }
  void TearDown() override {
    gate_.Open();
    pool_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Writes a row named `name` through the group commit; true when answered ok.
  bool InsertNamed(const std::string& name) {
    return pool_
        ->TransactionVoid([&](Connection& c) -> core::Status {
          auto r = c.Exec("INSERT INTO t (name) VALUES ($1)", {name});
          if (!r) return std::move(r).error();
          return core::Ok();
        })
        .ok();
  }

  int64_t CountNamed(const std::string& name) {
    auto lease = pool_->Acquire();
    EXPECT_TRUE(lease.ok());
    auto r = (*lease)->Query("SELECT count(*) FROM t WHERE name = $1", {name});
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->Int(0, 0) : -1;
  }

  std::string dir_;
  SyncGate gate_;
  std::shared_ptr<Pool> pool_;
};

TEST_F(WalSyncTest, ACallerIsAnsweredAndItsLiveEventsSentOnlyAfterTheWalIsSynced) {
  std::atomic<bool> answered{false}, after_commit_ran{false};
  std::thread caller([&] {
    auto s = pool_->TransactionVoid([&](Connection& c) -> core::Status {
      c.AfterCommit([&] { after_commit_ran = true; });
      auto r = c.Exec("INSERT INTO t (name) VALUES ('first')");
      if (!r) return std::move(r).error();
      return core::Ok();
    });
    EXPECT_TRUE(s.ok());
    answered = true;
  });
  // The batch committed and its sync is held at the gate.
  ASSERT_TRUE(gate_.AwaitArrivals(1));
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(answered);
  EXPECT_FALSE(after_commit_ran);
  gate_.Open();
  caller.join();
  EXPECT_TRUE(answered);
  EXPECT_TRUE(after_commit_ran);
  EXPECT_EQ(CountNamed("first"), 1);
}

TEST_F(WalSyncTest, TheWriterCommitsTheNextBatchWhileTheLastOneIsSyncing) {
  std::thread first([&] { EXPECT_TRUE(InsertNamed("first")); });
  ASSERT_TRUE(gate_.AwaitArrivals(1));
  std::atomic<bool> second_answered{false};
  std::thread second([&] {
    EXPECT_TRUE(InsertNamed("second"));
    second_answered = true;
  });
  // The second batch commits (a reader sees it) though the first one's sync is held; it
  // is not answered before a sync after its commit.
  for (int i = 0; i < 200 && CountNamed("second") == 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(CountNamed("second"), 1);
  EXPECT_FALSE(second_answered);
  gate_.Open();
  first.join();
  second.join();
  EXPECT_TRUE(second_answered);
}

TEST_F(WalSyncTest, AFailedTransactionIsAnsweredWithoutWaitingForASync) {
  // Nothing of it is committed, so there is nothing to make durable.
  auto s = pool_->TransactionVoid([](Connection& c) -> core::Status {
    auto r = c.Exec("INSERT INTO missing_table (name) VALUES ('x')");
    if (!r) return std::move(r).error();
    return core::Ok();
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(CountNamed("x"), 0);
}

using WalSyncDeathTest = WalSyncTest;

TEST_F(WalSyncDeathTest, AFailedSyncStopsTheProcessBeforeAnyoneIsAnswered) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        gate_.FailSyncs();
        gate_.Open();
        const bool ok = InsertNamed("lost");
        std::fprintf(stderr, "answered: %s\n", ok ? "ok" : "error");
      },
      "wal_sync_failed");
}

}  // namespace
}  // namespace yingbin::db
