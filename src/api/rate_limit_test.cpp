#include "api/rate_limit.hpp"

#include <gtest/gtest.h>

namespace yingbin::api {
namespace {

constexpr int64_t kMinute = 60'000;

TEST(RateLimiter, CountsPerKeyWithinTheMinuteAndStartsAfreshInTheNext) {
  RateLimiter limiter;
  const int64_t t = 1'800'000'000'000 / kMinute * kMinute;
  EXPECT_TRUE(limiter.Allow("a", t, 2));
  EXPECT_TRUE(limiter.Allow("a", t + 1000, 2));
  EXPECT_FALSE(limiter.Allow("a", t + 59'999, 2));
  EXPECT_TRUE(limiter.Allow("b", t + 59'999, 2)) << "another key has its own count";
  EXPECT_TRUE(limiter.Allow("a", t + kMinute, 2)) << "a new minute";
  EXPECT_TRUE(limiter.Allow("a", t + kMinute, 2));
  EXPECT_FALSE(limiter.Allow("a", t + kMinute, 2));
}

TEST(RateLimiter, ARefusedRequestIsNotCounted) {
  RateLimiter limiter;
  for (int i = 0; i < 5; ++i) limiter.Allow("k", 0, 1);
  EXPECT_TRUE(limiter.Allow("k", kMinute, 1));
}

}  // namespace
}  // namespace yingbin::api
