#include "complaints/phrases.hpp"

#include <gtest/gtest.h>

namespace yingbin::complaints {
namespace {

// The defaults of CMP-10 (a few of them) with their suggestions.
std::vector<ForbiddenPhrase> Defaults() {
  return {{"这不是我们的事", "我帮您联系负责的部门，并跟进到底。"},
          {"一分钱,一分货", "这款产品的价格与它的配置和服务相符，我为您详细说明。"},
          {"我不知道,不清楚", "这个问题我马上为您确认，稍后给您答复。"},
          {"改天再和你联络", "我会在约定时间之前与您联系。"},
          {"公司的规定就是这样的", "很抱歉，按照公司目前的规定是这样处理的，我为您说明原因。"}};
}

// Code-point slice of a UTF-8 string.
std::string Slice(const std::string& s, int64_t start, int64_t end) {
  std::u32string u;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    u.push_back(cp);
    i += len;
  }
  std::string out;
  for (int64_t i = start; i < end; ++i) {
    char32_t cp = u[i];
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

TEST(Phrases, Cmp10_FindsThePhraseWithItsPlaceAndSuggestion) {
  const std::string text = "您好，这不是我们的事，请找物业。";
  auto hits = FindForbidden(text, Defaults());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].phrase, "这不是我们的事");
  EXPECT_EQ(hits[0].start, 3);
  EXPECT_EQ(hits[0].end, 10);
  EXPECT_EQ(Slice(text, hits[0].start, hits[0].end), "这不是我们的事");
  EXPECT_EQ(hits[0].suggestion, "我帮您联系负责的部门，并跟进到底。");
}

TEST(Phrases, Cmp10_CleanTextPasses) {
  EXPECT_TRUE(
      FindForbidden("非常抱歉给您带来不便，我们已安排工程师明天上门。", Defaults()).empty());
  EXPECT_TRUE(FindForbidden("", Defaults()).empty());
}

TEST(Phrases, Cmp10_TraditionalCharactersAreFolded) {
  const std::string text = "這不是我們的事";
  auto hits = FindForbidden(text, Defaults());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].start, 0);
  EXPECT_EQ(hits[0].end, 7);
  EXPECT_EQ(Slice(text, 0, 7), "這不是我們的事");
  // A traditional phrase in the list finds simplified text too.
  auto same = FindForbidden("改天再和你联络吧", {{"改天再和你聯絡", "x"}});
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].start, 0);
  EXPECT_EQ(same[0].end, 7);
}

TEST(Phrases, Cmp10_FullWidthPunctuationAndSpacesInsideAPhrase) {
  // The list writes a half-width comma; the text a full-width one, spaces and an
  // ideographic space inside.
  const std::string text = "你要知道，一分钱，　一分 货嘛";
  auto hits = FindForbidden(text, Defaults());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].phrase, "一分钱,一分货");
  EXPECT_EQ(Slice(text, hits[0].start, hits[0].end), "一分钱，　一分 货");
  // Without any punctuation at all, and with a zero-width space hidden inside.
  EXPECT_EQ(FindForbidden("一分钱一分货", Defaults()).size(), 1u);
  EXPECT_EQ(FindForbidden("这不是我\u200b们的事", Defaults()).size(), 1u);
}

TEST(Phrases, Cmp10_FullWidthLettersAndCase) {
  auto hits = FindForbidden("ＮＯ ＷＡＹ!", {{"no way", "Let me check that for you."}});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].start, 0);
  EXPECT_EQ(hits[0].end, 6);
}

TEST(Phrases, Cmp10_EveryOccurrenceInOrder) {
  const std::string text = "我不知道，不清楚。公司的规定就是这样的，我不知道不清楚";
  auto hits = FindForbidden(text, Defaults());
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].phrase, "我不知道,不清楚");
  EXPECT_EQ(hits[1].phrase, "公司的规定就是这样的");
  EXPECT_EQ(hits[2].phrase, "我不知道,不清楚");
  EXPECT_LT(hits[0].start, hits[1].start);
  EXPECT_LT(hits[1].start, hits[2].start);
  EXPECT_EQ(Slice(text, hits[2].start, hits[2].end), "我不知道不清楚");
}

TEST(Phrases, Cmp10_EmptyPhraseIsIgnored) {
  EXPECT_TRUE(FindForbidden("任何文字", {{"，。", "x"}, {"", "y"}}).empty());
}

TEST(Phrases, Cmp10_Normalise) {
  EXPECT_EQ(NormalisePhraseText("這不是 我們的事！"), "这不是我们的事");
  EXPECT_EQ(NormalisePhraseText("ＡＢＣ，ｄｅｆ"), "abcdef");
}

}  // namespace
}  // namespace yingbin::complaints
