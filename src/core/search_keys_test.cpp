#include "core/search_keys.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <set>
#include <string>

namespace yingbin::core {
namespace {

TEST(SearchKeys, Data4_FoldsTraditionalAndFullWidth) {
  EXPECT_EQ(FoldScript("張偉"), "张伟");
  EXPECT_EQ(FoldScript("ＡＢＣ公司"), "abc公司");
  EXPECT_EQ(FoldScript("臺北"), "台北");
}

TEST(SearchKeys, Data4_RecentConversionsAnswerTheSameAsNewOnes) {
  // Conversions are remembered per thread: the second answer comes from memory, and a
  // full memory is emptied rather than answering for another text.
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(FoldScript("張偉"), "张伟");
    EXPECT_EQ(FoldScript("Zhang WEI"), "zhang wei");
  }
  for (int i = 0; i < 600; ++i) EXPECT_EQ(FoldScript("臺北" + std::to_string(i)), "台北" + std::to_string(i));
  EXPECT_EQ(FoldScript("張偉"), "张伟");
}

TEST(SearchKeys, Data4_OneTokenPerCjkCharacter) {
  EXPECT_EQ(SearchTokens("北京字节跳动 ByteDance-2"), "北 京 字 节 跳 动 bytedance 2");
  EXPECT_EQ(SearchDocument({"张伟", "字节跳动"}), "张 伟 字 节 跳 动 zw zjtd 〇 张伟 〇 字节 节跳 跳动");
}

TEST(SearchKeys, QueriesAreQuotedAndNeverOperators) {
  // Two or more CJK characters look up bigrams; one character looks up itself.
  EXPECT_EQ(Fts5Query("张伟"), "\"张伟\"");
  EXPECT_EQ(Fts5Query("字节跳动"), "\"字节 节跳 跳动\"");
  EXPECT_EQ(Fts5Query("張"), "\"张\"");
  EXPECT_EQ(Fts5Query("华为2"), "\"华 为 2\"*");
  EXPECT_EQ(Fts5Query("zw"), "\"zw\"*");
  EXPECT_EQ(Fts5Query("\"*:-"), "");
  EXPECT_EQ(Fts5Query("a NEAR b"), "\"a near b\"*");
  EXPECT_EQ(TsQuery("张伟"), "'张伟'");
  EXPECT_EQ(TsQuery("张伟明"), "'张伟' <-> '伟明'");
  EXPECT_EQ(TsQuery("zw"), "'zw':*");
  EXPECT_EQ(TsQuery("a & b | !c"), "'a' <-> 'b' <-> 'c':*");
  EXPECT_EQ(TsQuery("'\\:"), "");
}

// The whole chain on a real FTS5 table: 1- and 2-character queries, both scripts, company
// parts and initials find exactly the right rows.
TEST(SearchKeys, Data4_RealFts5FindsAnyPart) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0')",
                         nullptr, nullptr, nullptr), SQLITE_OK);
  const char* names[][2] = {{"张伟", ""}, {"張偉明", ""}, {"王伟", ""}, {"李雷", "北京字节跳动"}, {"欧阳娜娜", ""}};
  for (int i = 0; i < 5; ++i) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t (rowid, doc) VALUES (?1, ?2)", -1, &st, nullptr);
    sqlite3_bind_int(st, 1, i + 1);
    std::string doc = SearchDocument({names[i][0], names[i][1]});
    sqlite3_bind_text(st, 2, doc.c_str(), -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  auto find = [&](const std::string& q) {
    std::set<int> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1", -1, &st, nullptr), SQLITE_OK);
    const std::string m = Fts5Query(q);
    sqlite3_bind_text(st, 1, m.c_str(), -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.insert(sqlite3_column_int(st, 0));
    EXPECT_EQ(rc, SQLITE_DONE) << q;
    sqlite3_finalize(st);
    return out;
  };
  EXPECT_EQ(find("伟"), (std::set<int>{1, 2, 3}));
  EXPECT_EQ(find("张伟"), (std::set<int>{1, 2}));
  EXPECT_EQ(find("張偉"), (std::set<int>{1, 2}));
  EXPECT_EQ(find("字节"), (std::set<int>{4}));
  EXPECT_EQ(find("zw"), (std::set<int>{1, 2}));
  EXPECT_EQ(find("oynn"), (std::set<int>{5}));
  EXPECT_EQ(find("伟张"), (std::set<int>{}));
  EXPECT_EQ(find("伟明"), (std::set<int>{2}));
  EXPECT_EQ(find("字节跳动"), (std::set<int>{4}));
  EXPECT_EQ(find("京字节"), (std::set<int>{4}));
  // The bigrams of two fields are not adjacent: name + company never forms a false word.
  EXPECT_EQ(find("雷北"), (std::set<int>{}));
  EXPECT_EQ(Fts5Query("〇"), "");  // the separator can never be looked up
  sqlite3_close(db);
}

}  // namespace
}  // namespace yingbin::core
