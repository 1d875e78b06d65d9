#include "core/crypto.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <set>

namespace yingbin::core {
namespace {

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
};

TEST_F(CryptoTest, TimeOrderedTokenSortsByTimeAndStaysRandom) {
  const int64_t t = 1795000000000;  // 2026-11-18
  const std::string a = TimeOrderedToken(t, 12);
  const std::string b = TimeOrderedToken(t + 1, 12);
  const std::string later = TimeOrderedToken(t + 86'400'000, 12);
  EXPECT_EQ(a.size(), 9u + 16u) << a;
  EXPECT_LT(a, b) << "a millisecond later sorts after";
  EXPECT_LT(b, later);
  EXPECT_EQ(a.substr(0, 9), TimeOrderedToken(t, 12).substr(0, 9)) << "same time, same prefix";
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(TimeOrderedToken(t, 12));
  EXPECT_EQ(seen.size(), 1000u) << "the random part tells tokens of one millisecond apart";
  for (char ch : a.substr(9)) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_') << a;
  // The year 3000 still fits in the prefix and sorts after today.
  EXPECT_LT(a, TimeOrderedToken(32503680000000, 12));
}

}  // namespace
}  // namespace yingbin::core
