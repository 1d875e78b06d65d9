// Enqueue and the Worker against a real (SQLite file) database and a real Hub; e-mail and
// webhook receivers are not needed: the failure paths use "smtp not configured" and a
// closed port. The full channels are exercised by tests/api/notify.test.mjs.
#include "notify/worker.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "core/clock.hpp"
#include "notify/notify.hpp"
#include "notify/store.hpp"

namespace yingbin::notify {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;

class NotifyDb : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("yingbin_notify_test_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    auto pool = db::Pool::Open({"sqlite:" + path_.string()});
    ASSERT_TRUE(pool) << pool.error().detail;
    pool_ = *pool;
    auto migrated = db::Migrate(*pool_);
    ASSERT_TRUE(migrated) << migrated.error().detail;
    user_ = Exec1(
        "INSERT INTO users (username, username_key, password_hash, password_changed_at, "
        "created_at, updated_at) VALUES ('host', 'host', 'x', $1, $1, $1) RETURNING id",
        {kNow});
    Exec1(
        "INSERT INTO staff (name, email, user_id, created_at, updated_at) "
        "VALUES ('李四', 'lisi@example.com', $1, $2, $2) RETURNING id",
        {user_, kNow});
  }
  void TearDown() override {
    pool_.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }
  int64_t Exec1(const std::string& sql, std::initializer_list<db::Value> params) {
    auto lease = pool_->Acquire();
    auto r = (*lease)->Query(sql, params);
    EXPECT_TRUE(r) << r.error().detail;
    return r && !r->empty() ? r->Int(0, 0) : -1;
  }
  int64_t Enq(const Message& m) {
    auto n = pool_->Transaction<int64_t>([&](db::Connection& c) { return Enqueue(c, kNow, m); });
    EXPECT_TRUE(n) << n.error().detail;
    return n ? *n : -1;
  }
  std::vector<OutboxRow> Outbox() {
    auto lease = pool_->Acquire();
    auto r = store::ListOutbox(**lease, "", "", 100, 0);
    EXPECT_TRUE(r);
    auto rows = r->first;
    std::reverse(rows.begin(), rows.end());  // oldest first
    return rows;
  }

  std::filesystem::path path_;
  std::shared_ptr<db::Pool> pool_;
  int64_t user_ = 0;
};

TEST_F(NotifyDb, EnqueueWritesOneRowPerDelivery) {
  Exec1(
      "INSERT INTO webhooks (name, url, format, topics, created_at, updated_at) VALUES "
      "('v', 'http://127.0.0.1:1/', 'generic', 'visit.', $1, $1) RETURNING id",
      {kNow});
  Exec1(
      "INSERT INTO webhooks (name, url, format, topics, created_at, updated_at) VALUES "
      "('m', 'http://127.0.0.1:1/', 'generic', 'mail.', $1, $1) RETURNING id",
      {kNow});
  Message m;
  m.topic = "visit.arrived";
  m.subject = "访客已到达";
  m.user_ids = {user_, user_};
  m.emails = {"lisi@example.com", "guest@example.com"};  // the user's address only once
  m.live_site_ids = {1};
  EXPECT_EQ(Enq(m), 5);
  auto rows = Outbox();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].channel, "inapp");
  EXPECT_EQ(rows[0].recipient, "user:" + std::to_string(user_));
  EXPECT_TRUE(rows[0].notification_id.has_value());
  EXPECT_EQ(rows[1].recipient, "lisi@example.com");
  EXPECT_EQ(rows[2].recipient, "guest@example.com");
  EXPECT_EQ(rows[3].recipient, "site:1");
  EXPECT_EQ(rows[4].channel, "webhook");
  for (const auto& r : rows) EXPECT_EQ(r.status, "pending");
}

TEST_F(NotifyDb, PreferencesDecideBellAndEmail) {
  {
    auto lease = pool_->Acquire();
    Preferences p;
    p.inapp = false;
    p.email = true;
    p.muted_topics = {"visit.checked_out"};
    ASSERT_TRUE(store::PutPreferences(**lease, user_, p));
  }
  Message m;
  m.topic = "visit.arrived";
  m.webhooks = false;
  m.user_ids = {user_};
  EXPECT_EQ(Enq(m), 2);  // live event + e-mail, no bell entry
  m.topic = "visit.checked_out";
  EXPECT_EQ(Enq(m), 1);  // muted: the live event only
  auto rows = Outbox();
  EXPECT_FALSE(rows[0].notification_id.has_value());
  EXPECT_EQ(Exec1("SELECT COUNT(*) FROM notifications", {}), 0);
}

TEST_F(NotifyDb, Data6_RolledBackChangeSendsNothing) {
  auto lease = pool_->Acquire();
  ASSERT_TRUE((*lease)->Begin());
  Message m;
  m.topic = "t";
  m.live_site_ids = {1};
  ASSERT_TRUE(Enqueue(**lease, kNow, m));
  ASSERT_TRUE((*lease)->Rollback());
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(NotifyDb, WorkerPublishesLiveRowsAndMarksThemSent) {
  core::ManualClock clock(kNow);
  Hub hub;
  auto stream = std::make_shared<http::EventStream>();
  hub.Subscribe({"site:1", "user:" + std::to_string(user_)}, stream);
  Message m;
  m.topic = "visit.arrived";
  m.subject = "到达";
  m.live_site_ids = {1};
  m.user_ids = {user_};
  Enq(m);
  NotifyOptions o;  // no SMTP: the e-mail row goes dead, visibly
  Worker w(*pool_, clock, hub, o);
  auto n = w.RunOnce();
  ASSERT_TRUE(n) << n.error().detail;
  EXPECT_EQ(*n, 3);
  bool closed = false;
  std::string text = stream->Take(&closed);
  EXPECT_NE(text.find("event: visit.arrived\ndata: {\"id\":1,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"subject\":\"到达\""), std::string::npos) << text;
  auto rows = Outbox();
  EXPECT_EQ(rows[0].status, "sent");
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[1].channel, "email");
  EXPECT_EQ(rows[1].status, "dead");
  EXPECT_EQ(rows[1].last_error, "smtp not configured");
  EXPECT_EQ(rows[2].status, "sent");
}

TEST_F(NotifyDb, WorkerBacksOffThenGivesUp) {
  core::ManualClock clock(kNow);
  Hub hub;
  Exec1(
      "INSERT INTO webhooks (name, url, format, created_at, updated_at) VALUES "
      "('closed port', 'http://127.0.0.1:1/', 'generic', $1, $1) RETURNING id",
      {kNow});
  Message m;
  m.topic = "visit.arrived";
  Enq(m);
  NotifyOptions o;
  o.max_attempts = 3;
  o.backoff_base_ms = 5000;
  Worker w(*pool_, clock, hub, o);
  ASSERT_TRUE(w.RunOnce());
  auto row = Outbox()[0];
  EXPECT_EQ(row.status, "pending");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.next_attempt_at, kNow + 5000);
  EXPECT_NE(row.last_error.find("curl"), std::string::npos) << row.last_error;

  EXPECT_EQ(*w.RunOnce(), 0) << "not due yet";
  clock.Advance(5000);
  ASSERT_TRUE(w.RunOnce());
  row = Outbox()[0];
  EXPECT_EQ(row.attempts, 2);
  EXPECT_EQ(row.next_attempt_at, kNow + 5000 + 10000) << "doubled";
  clock.Advance(10000);
  ASSERT_TRUE(w.RunOnce());
  row = Outbox()[0];
  EXPECT_EQ(row.status, "dead");
  EXPECT_EQ(row.attempts, 3);

  auto lease = pool_->Acquire();
  ASSERT_TRUE(store::Requeue(**lease, row.id, clock.NowMs()));
  auto again = store::GetOutbox(**lease, row.id);
  EXPECT_EQ(again->status, "pending");
  EXPECT_EQ(again->attempts, 0);
  auto not_dead = store::Requeue(**lease, row.id, clock.NowMs());
  ASSERT_FALSE(not_dead);
  EXPECT_EQ(not_dead.error().key, "notify.not_dead");
}

TEST_F(NotifyDb, RowOfADeadNodeIsClaimedAgainAfterItsLease) {
  core::ManualClock clock(kNow);
  Hub hub;
  Message m;
  m.topic = "t";
  m.live_site_ids = {1};
  Enq(m);
  {  // a node claimed it and died
    auto lease = pool_->Acquire();
    auto claimed = store::ClaimDue(**lease, true, kNow, kNow + 30000, 10);
    ASSERT_TRUE(claimed);
    ASSERT_EQ(claimed->size(), 1u);
  }
  Worker w(*pool_, clock, hub, NotifyOptions{});
  EXPECT_EQ(*w.RunOnce(), 0) << "leased";
  clock.Advance(30001);
  EXPECT_EQ(*w.RunOnce(), 1);
  EXPECT_EQ(Outbox()[0].status, "sent");
}

}  // namespace
}  // namespace yingbin::notify

namespace yingbin::notify {
namespace {

// The cross-node message carries what the local hub needs, and nothing else is taken
// for one (a stray NOTIFY on the channel must not reach screens).
TEST(LiveMessage, RoundTripsAndRefusesStrangers) {
  OutboxRow row;
  row.id = 42;
  row.recipient = "user:7";
  row.topic = "visit.arrived";
  row.subject = "访客到达：张伟";
  row.payload_json = R"({"visit_id":9})";
  const std::string m = LiveMessage(row);
  EXPECT_LT(m.size(), kMaxNotifyPayload);
  Hub hub;
  EXPECT_TRUE(PublishLiveMessage(hub, m));
  EXPECT_FALSE(PublishLiveMessage(hub, "not json"));
  EXPECT_FALSE(PublishLiveMessage(hub, R"({"k":"user:7"})"));
  EXPECT_FALSE(PublishLiveMessage(hub, R"({"k":7,"t":"x","d":"{}"})"));
}

}  // namespace
}  // namespace yingbin::notify
