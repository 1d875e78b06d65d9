// The optional-value helpers of api/json.hpp.
#include "api/json.hpp"

#include <gtest/gtest.h>

namespace yingbin::api {
namespace {

TEST(JsonOrNull, IntOrNull) {
  EXPECT_EQ(IntOrNull(int64_t{42}).dump(), "42");
  EXPECT_EQ(IntOrNull(std::nullopt).dump(), "null");
  EXPECT_EQ(IntOrNull(int64_t{0}).dump(), "0") << "zero is a value, not absence";
}

TEST(JsonOrNull, TimeOrNullIsIsoUtc) {
  EXPECT_EQ(TimeOrNull(int64_t{1795336200000}).dump(), "\"2026-11-22T08:30:00.000Z\"");
  EXPECT_EQ(TimeOrNull(std::nullopt).dump(), "null");
}

}  // namespace
}  // namespace yingbin::api
