// The settings cache (org/settings.hpp) on a real database: a value is reused for at most
// the cache time, and a change made through this node is read by the very next request.
// SQLite always, PostgreSQL too when YINGBIN_TEST_PG_URL names an admin URL.
#include <gtest/gtest.h>

#include "auth/principal.hpp"
#include "db/test_database.hpp"
#include "org/settings.hpp"

namespace yingbin::org {
namespace {

constexpr char kKey[] = "visits.host_answer_minutes";  // VIS-13, default 5

class SettingsCacheTest : public ::testing::TestWithParam<db::Dialect> {
 protected:
  void SetUp() override { YB_OPEN_TEST_DATABASE(db_, "settingscache"); }
  void TearDown() override {
    SetSettingsCacheMs(0);
    db_.Close();
  }
  int64_t Read() {
    auto lease = db_.pool().Acquire();
    EXPECT_TRUE(lease.ok());
    auto v = GetSetting(**lease, kKey);
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : -1;
  }
  // A change behind the server's back (another node).
  void WriteBehind(int64_t value) {
    db_.Scalar("INSERT INTO settings (key, value_json, updated_at) VALUES ('" +
               std::string(kKey) + "', '" + std::to_string(value) +
               "', 0) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json "
               "RETURNING 1");
  }
  db::TestDatabase db_;
};

TEST_P(SettingsCacheTest, AChangeThroughThisNodeIsReadAtOnce) {
  SetSettingsCacheMs(60'000);
  EXPECT_EQ(Read(), 5);
  auth::Principal admin;
  admin.user_id = 0;
  ASSERT_TRUE(PutSetting(db_.pool(), admin, 0, kKey, 7, "test").ok());
  EXPECT_EQ(Read(), 7);
}

TEST_P(SettingsCacheTest, AChangeThroughAnotherNodeIsReadWithinTheCacheTime) {
  SetSettingsCacheMs(60'000);
  EXPECT_EQ(Read(), 5);
  WriteBehind(9);
  EXPECT_EQ(Read(), 5) << "reused within the cache time";
  SetSettingsCacheMs(0);
  EXPECT_EQ(Read(), 9) << "no cache: read every time";
}

YB_INSTANTIATE_ON_BACKENDS(SettingsCacheTest);

}  // namespace
}  // namespace yingbin::org
