#include "notify/rules.hpp"

#include <gtest/gtest.h>

namespace yingbin::notify {
namespace {

TEST(NotifyRules, SplitTopicsTrimsAndDropsEmpty) {
  EXPECT_EQ(SplitTopics(" visit. , ,complaint.new,visit."),
            (std::vector<std::string>{"visit.", "complaint.new"}));
  EXPECT_TRUE(SplitTopics("").empty());
  EXPECT_EQ(JoinTopics({"a", "b."}), "a,b.");
}

TEST(NotifyRules, TopicMatchesPrefixOrStar) {
  EXPECT_TRUE(TopicMatches({"*"}, "visit.arrived"));
  EXPECT_TRUE(TopicMatches({"mail.", "visit."}, "visit.arrived"));
  EXPECT_TRUE(TopicMatches({"visit.arrived"}, "visit.arrived"));
  EXPECT_FALSE(TopicMatches({"visit.host"}, "visit.arrived"));
  EXPECT_FALSE(TopicMatches({}, "visit.arrived"));
}

TEST(NotifyRules, BackoffDoublesFromBaseUpToCap) {
  EXPECT_EQ(BackoffMs(1, 5000, 3600000), 5000);
  EXPECT_EQ(BackoffMs(2, 5000, 3600000), 10000);
  EXPECT_EQ(BackoffMs(5, 5000, 3600000), 80000);
  EXPECT_EQ(BackoffMs(20, 5000, 3600000), 3600000);
  EXPECT_EQ(BackoffMs(200, 5000, 3600000), 3600000);  // no overflow
  EXPECT_EQ(BackoffMs(0, 5000, 3600000), 5000);
}

TEST(NotifyRules, TruncateKeepsUtf8Whole) {
  EXPECT_EQ(Truncate("abc", 10), "abc");
  EXPECT_EQ(Truncate("访客", 4), "访");  // 3 + 3 bytes: cut before the second character
  EXPECT_EQ(Truncate("访客", 2), "");
}

}  // namespace
}  // namespace yingbin::notify
