// Enqueue and the Worker against a real (SQLite file) database and a real Hub; e-mail and
// webhook receivers are not needed: the failure paths use "smtp not configured" and a
// closed port. The full channels are exercised by tests/api/notify.test.mjs.
#include "notify/worker.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "core/clock.hpp"
#include "notify/hub.hpp"
#include "notify/live.hpp"
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
  EXPECT_EQ(Enq(m), 5) << "the user's live event, two e-mails, the site's live event, a hook";
  auto rows = Outbox();  // live events are not outbox rows
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].recipient, "lisi@example.com");
  EXPECT_EQ(rows[1].recipient, "guest@example.com");
  EXPECT_EQ(rows[2].channel, "webhook");
  for (const auto& r : rows) EXPECT_EQ(r.status, "pending");
  EXPECT_EQ(Exec1("SELECT COUNT(*) FROM notifications", {}), 1) << "the bell entry";
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
  EXPECT_EQ(Outbox().size(), 1u) << "one e-mail";
  EXPECT_EQ(Exec1("SELECT COUNT(*) FROM notifications", {}), 0);
}

TEST_F(NotifyDb, Data6_RolledBackChangeSendsNothing) {
  Hub hub;
  SetLiveHub(&hub);
  auto stream = std::make_shared<http::EventStream>();
  hub.Subscribe({"site:1"}, stream);
  auto st = pool_->TransactionVoid([&](db::Connection& c) -> core::Status {
    Message m;
    m.topic = "t";
    m.live_site_ids = {1};
    m.emails = {"guest@example.com"};
    auto n = Enqueue(c, kNow, m);
    if (!n) return std::move(n).error();
    return core::InvalidArgument("x");
  });
  SetLiveHub(nullptr);
  EXPECT_FALSE(st);
  EXPECT_TRUE(Outbox().empty());
  bool closed = false;
  EXPECT_EQ(stream->Take(&closed).find("event: t"), std::string::npos);
}

// Live events leave with the commit, to the hub of the process, without an outbox row or
// the worker; e-mail waits for the worker.
TEST_F(NotifyDb, LiveEventsGoOutAtCommit) {
  core::ManualClock clock(kNow);
  Hub hub;
  SetLiveHub(&hub);
  auto stream = std::make_shared<http::EventStream>();
  hub.Subscribe({"site:1", "user:" + std::to_string(user_)}, stream);
  Message m;
  m.topic = "visit.arrived";
  m.subject = "到达";
  m.live_site_ids = {1};
  m.user_ids = {user_};
  Enq(m);
  SetLiveHub(nullptr);
  bool closed = false;
  std::string text = stream->Take(&closed);
  EXPECT_NE(text.find("event: visit.arrived\ndata: {\"notification_id\":1,"), std::string::npos) << text;
  EXPECT_NE(text.find("data: {\"notification_id\":null,"), std::string::npos) << "the site's";
  EXPECT_NE(text.find("\"subject\":\"到达\""), std::string::npos) << text;
  NotifyOptions o;  // no SMTP: the e-mail row goes dead, visibly
  Worker w(*pool_, clock, o);
  auto n = w.RunOnce();
  ASSERT_TRUE(n) << n.error().detail;
  EXPECT_EQ(*n, 1);
  auto rows = Outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].channel, "email");
  EXPECT_EQ(rows[0].status, "dead");
  EXPECT_EQ(rows[0].last_error, "smtp not configured");
}

TEST_F(NotifyDb, WorkerBacksOffThenGivesUp) {
  core::ManualClock clock(kNow);
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
  Worker w(*pool_, clock, o);
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

// A pass records its rows' outcomes together, one statement per outcome: each row still
// gets its own.
TEST_F(NotifyDb, OnePassRecordsEachRowsOwnOutcome) {
  core::ManualClock clock(kNow);
  Exec1(
      "INSERT INTO webhooks (name, url, format, created_at, updated_at) VALUES "
      "('closed port', 'http://127.0.0.1:1/', 'generic', $1, $1) RETURNING id",
      {kNow});
  Message leased;
  leased.topic = "t";
  leased.emails = {"leased@example.com"};
  Enq(leased);
  {  // another node holds this one: the pass must leave it alone
    auto lease = pool_->Acquire();
    ASSERT_EQ(store::ClaimDue(**lease, kNow, kNow + 60000, 10)->size(), 2u);  // + its webhook
  }
  clock.Advance(1);
  Message m;
  m.topic = "visit.arrived";
  m.emails = {"a@example.com", "b@example.com"};
  Enq(m);
  NotifyOptions o;
  o.backoff_base_ms = 5000;
  Worker w(*pool_, clock, o);
  ASSERT_EQ(*w.RunOnce(), 3) << "two e-mails and the webhook";
  int dead = 0, retry = 0, untouched = 0;
  for (const OutboxRow& row : Outbox()) {
    if (row.status == "sending") {
      ++untouched;
      EXPECT_EQ(row.attempts, 0);
    } else if (row.channel == kChannelEmail) {
      ++dead;
      EXPECT_EQ(row.status, "dead") << row.recipient;
      EXPECT_EQ(row.attempts, 1);
      EXPECT_EQ(row.last_error, "smtp not configured");
    } else {
      ++retry;
      EXPECT_EQ(row.status, "pending");
      EXPECT_EQ(row.attempts, 1);
      EXPECT_EQ(row.next_attempt_at, kNow + 1 + 5000);
      EXPECT_NE(row.last_error.find("curl"), std::string::npos) << row.last_error;
    }
  }
  EXPECT_EQ(dead, 2);
  EXPECT_EQ(retry, 1);
  EXPECT_EQ(untouched, 2);
}

TEST_F(NotifyDb, RowOfADeadNodeIsClaimedAgainAfterItsLease) {
  core::ManualClock clock(kNow);
  Message m;
  m.topic = "t";
  m.emails = {"guest@example.com"};
  Enq(m);
  {  // a node claimed it and died
    auto lease = pool_->Acquire();
    auto claimed = store::ClaimDue(**lease, kNow, kNow + 30000, 10);
    ASSERT_TRUE(claimed);
    ASSERT_EQ(claimed->size(), 1u);
  }
  Worker w(*pool_, clock, NotifyOptions{});
  EXPECT_EQ(*w.RunOnce(), 0) << "leased";
  clock.Advance(30001);
  EXPECT_EQ(*w.RunOnce(), 1);
  EXPECT_EQ(Outbox()[0].status, "dead") << "claimed again and tried (no SMTP here)";
}

}  // namespace
}  // namespace yingbin::notify

namespace yingbin::notify {
namespace {

// The cross-node message carries what the local hub needs, and nothing else is taken
// for one (a stray NOTIFY on the channel must not reach screens).
TEST(LiveMessage, RoundTripsAndRefusesStrangers) {
  LiveEvent e{"user:7", "visit.arrived", R"({"subject":"访客到达：张伟","payload":{"visit_id":9}})"};
  const std::string m = LiveMessage(e);
  EXPECT_LT(m.size(), kMaxNotifyPayload);
  Hub hub;
  auto stream = std::make_shared<http::EventStream>();
  hub.Subscribe({"user:7"}, stream);
  EXPECT_TRUE(PublishLiveMessage(hub, m));
  bool closed = false;
  EXPECT_NE(stream->Take(&closed).find("event: visit.arrived\ndata: " + e.data_json),
            std::string::npos);
  EXPECT_FALSE(PublishLiveMessage(hub, "not json"));
  EXPECT_FALSE(PublishLiveMessage(hub, R"({"k":"user:7"})"));
  EXPECT_FALSE(PublishLiveMessage(hub, R"({"k":7,"t":"x","d":"{}"})"));
}

}  // namespace
}  // namespace yingbin::notify
