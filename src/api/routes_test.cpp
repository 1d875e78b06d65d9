// The query readers of api/routes.hpp.
#include "api/routes.hpp"

#include <gtest/gtest.h>

namespace yingbin::api {
namespace {

http::Request WithQuery(std::string query) {
  http::Request req;
  req.query = std::move(query);
  return req;
}

TEST(DayQuery, ReadsADateAsItsNumber) {
  auto day = DayQuery(WithQuery("from=2026-11-23&to=2026-12-01"), "from");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(*day, 20261123);
  EXPECT_EQ(*DayQuery(WithQuery("from=2026-11-23&to=2026-12-01"), "to"), 20261201);
}

TEST(DayQuery, AbsentOrEmptyIsNullopt) {
  auto absent = DayQuery(WithQuery("q=x"), "from");
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(*absent, std::nullopt);
  auto empty = DayQuery(WithQuery("from="), "from");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, std::nullopt);
}

TEST(DayQuery, ABadDateNamesTheParameter) {
  for (const char* bad : {"from=2026-13-01", "from=20261123", "from=yesterday"}) {
    auto day = DayQuery(WithQuery(bad), "from");
    ASSERT_FALSE(day.ok()) << bad;
    EXPECT_EQ(day.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(day.error().key, "validation.date");
    EXPECT_EQ(day.error().field, "from");
  }
}

}  // namespace
}  // namespace yingbin::api
