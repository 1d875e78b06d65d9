// The shorthands of notify.hpp on both backends (PostgreSQL when YINGBIN_TEST_PG_URL names an
// admin URL): what they write in the transaction; Enqueue itself is tested in worker_test.
#include "notify/notify.hpp"

#include <gtest/gtest.h>

#include "db/test_database.hpp"
#include "http/event_stream.hpp"
#include "notify/hub.hpp"
#include "notify/live.hpp"

namespace yingbin::notify {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;

class NotifySendTest : public ::testing::TestWithParam<db::Dialect> {
 protected:
  void SetUp() override {
    YB_OPEN_TEST_DATABASE(db_, "notify");
    user_ = Scalar(
        "INSERT INTO users (username, username_key, password_hash, password_changed_at, "
        "created_at, updated_at) VALUES ('host', 'host', 'x', 0, 0, 0) RETURNING id");
    // A webhook for every topic: a message that goes to webhooks leaves an outbox row.
    Scalar(
        "INSERT INTO webhooks (name, url, format, topics, created_at, updated_at) VALUES "
        "('all', 'http://127.0.0.1:9/hook', 'generic', '*', 0, 0) RETURNING id");
  }
  void TearDown() override { db_.Close(); }

  int64_t Scalar(const std::string& sql) { return db_.Scalar(sql); }

  int64_t Count(const std::string& table) { return Scalar("SELECT COUNT(*) FROM " + table); }

  core::Status InTransaction(const std::function<core::Status(db::Connection&)>& fn) {
    return db_.pool().TransactionVoid(fn);
  }

  db::TestDatabase db_;
  int64_t user_ = 0;
};

TEST_P(NotifySendTest, SendWritesWhatEnqueueWrites) {
  Message m;
  m.topic = "visit.arrived";
  m.subject = "访客到达";
  m.body = "陈晓明 已到前台";
  m.user_ids = {user_};
  m.emails = {"guest@example.com"};
  m.live_site_ids = {1};
  auto st = InTransaction([&](db::Connection& tx) { return Send(tx, kNow, m); });
  ASSERT_TRUE(st.ok()) << st.error().detail;
  EXPECT_EQ(Count("notifications"), 1) << "the bell";
  EXPECT_EQ(Count("outbox WHERE channel = 'email'"), 1) << "the explicit address";
  EXPECT_EQ(Count("outbox WHERE channel = 'webhook'"), 1);
}

TEST_P(NotifySendTest, SendLiveUpdateReachesOpenScreensOnly) {
  Hub hub;
  SetLiveHub(&hub);  // SQLite publishes to the process's hub at commit
  auto stream = std::make_shared<http::EventStream>();
  hub.Subscribe({"site:1", "user:" + std::to_string(user_)}, stream);
  auto st = InTransaction([&](db::Connection& tx) {
    return SendLiveUpdate(tx, kNow, "visit.changed", "V20261123-0001", R"({"visit_id":7})", 1,
                          {user_});
  });
  SetLiveHub(nullptr);
  ASSERT_TRUE(st.ok()) << st.error().detail;
  EXPECT_EQ(Count("notifications"), 0) << "no bell entry";
  EXPECT_EQ(Count("outbox"), 0) << "no e-mail, no webhook";
  if (GetParam() == db::Dialect::kSqlite) {
    bool closed = false;
    const std::string text = stream->Take(&closed);
    size_t events = 0;
    for (size_t at = text.find("event: visit.changed"); at != std::string::npos;
         at = text.find("event: visit.changed", at + 1))
      ++events;
    EXPECT_EQ(events, 2u) << "the site's desks and the user: " << text;
    EXPECT_NE(text.find("\"visit_id\":7"), std::string::npos) << text;
  }
}

YB_INSTANTIATE_ON_BACKENDS(NotifySendTest);

}  // namespace
}  // namespace yingbin::notify
