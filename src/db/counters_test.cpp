// db/counters.hpp on both backends (PostgreSQL when YINGBIN_TEST_PG_URL names an admin URL).
#include "db/counters.hpp"

#include <gtest/gtest.h>

#include "db/test_database.hpp"

namespace yingbin::db {
namespace {

class CountersTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override { YB_OPEN_TEST_DATABASE(db_, "counters"); }
  void TearDown() override { db_.Close(); }

  // NextCounter inside a transaction that commits, or rolls back when `fail`.
  core::Result<int64_t> Next(const std::string& name, bool fail = false) {
    return db_.pool().Transaction<int64_t>([&](Connection& tx) -> core::Result<int64_t> {
      auto n = NextCounter(tx, name);
      if (!n || !fail) return n;
      return core::InvalidArgument("x", "validation.invalid");
    });
  }

  TestDatabase db_;
};

TEST_P(CountersTest, CountsFromOnePerName) {
  EXPECT_EQ(*Next("visit:20261123"), 1);
  EXPECT_EQ(*Next("visit:20261123"), 2);
  EXPECT_EQ(*Next("call:20261123"), 1) << "each name counts for itself";
  EXPECT_EQ(*Next("visit:20261124"), 1);
  EXPECT_EQ(*Next("visit:20261123"), 3);
}

TEST_P(CountersTest, ARollbackGivesTheNumberBack) {
  EXPECT_EQ(*Next("mail:20261123"), 1);
  EXPECT_FALSE(Next("mail:20261123", /*fail=*/true).ok());
  EXPECT_EQ(*Next("mail:20261123"), 2) << "no gap after a rolled-back transaction";
}

YB_INSTANTIATE_ON_BACKENDS(CountersTest);

}  // namespace
}  // namespace yingbin::db
