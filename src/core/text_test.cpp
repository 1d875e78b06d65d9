#include "core/text.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace yingbin::core {
namespace {

TEST(PinyinInitials, ChineseNamesGiveOneLetterPerCharacter) {
  EXPECT_EQ(PinyinInitials("张伟"), "zw");
  EXPECT_EQ(PinyinInitials("王小明"), "wxm");
  EXPECT_EQ(PinyinInitials("欧阳娜娜"), "oynn");
}

TEST(PinyinInitials, TraditionalCharactersMatchTheirSimplifiedForms) {
  EXPECT_EQ(PinyinInitials("陳大文"), PinyinInitials("陈大文"));
  EXPECT_EQ(PinyinInitials("陳大文"), "cdw");
}

TEST(PinyinInitials, LatinWordsGiveTheirFirstLetterAndOtherCharactersAreDropped) {
  EXPECT_EQ(PinyinInitials("Li Lei"), "ll");
  EXPECT_EQ(PinyinInitials("李·Lucy 2号"), "llh");
  EXPECT_EQ(PinyinInitials(""), "");
  EXPECT_EQ(PinyinInitials("123 !?"), "");
}

TEST(PinyinInitials, RemembersCharactersAcrossCallsAndThreads) {
  // The per-character cache must answer what the transliterator answers.
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(PinyinInitials("华为技术有限公司"), "hwjsyxgs");
    EXPECT_EQ(PinyinInitials("王Lucy"), "wl");
  }
  std::string other;
  std::thread t([&] { other = PinyinInitials("华为技术有限公司"); });
  t.join();
  EXPECT_EQ(other, "hwjsyxgs");
}

TEST(PinyinInitials, StopsAtTheMaximumLength) {
  EXPECT_EQ(PinyinInitials("一二三四五六七八九十", 4), "yess");
}

}  // namespace
}  // namespace yingbin::core
