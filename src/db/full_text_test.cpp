// db/full_text.hpp on both backends (PostgreSQL when YINGBIN_TEST_PG_URL names an admin URL),
// over the callers table and its FTS5 shadow (migration V007).
#include "db/full_text.hpp"

#include <gtest/gtest.h>

#include "core/search_keys.hpp"
#include "db/test_database.hpp"

namespace yingbin::db {
namespace {

class FullTextTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    YB_OPEN_TEST_DATABASE(db_, "fulltext");
    zhang_ = Caller("张伟", "华为技术");
    li_ = Caller("李娜", "腾讯");
  }
  void TearDown() override { db_.Close(); }

  int64_t Caller(const std::string& name, const std::string& organisation) {
    const std::string doc = core::SearchDocument({name, organisation});
    auto lease = db_.pool().Acquire();
    EXPECT_TRUE(lease.ok());
    auto id = (*lease)->Query(
        "INSERT INTO callers (name, organisation, search_doc, created_at, updated_at) VALUES "
        "($1, $2, $3, 0, 0) RETURNING id",
        {name, organisation, doc});
    EXPECT_TRUE(id.ok());
    if (GetParam() == Dialect::kSqlite)
      EXPECT_TRUE(
          (*lease)
              ->Exec("INSERT INTO callers_fts (rowid, doc) VALUES ($1, $2)", {id->Int(0, 0), doc})
              .ok());
    return id->Int(0, 0);
  }

  // The ids the condition finds, with `alias` for the table ("" = unqualified).
  std::vector<int64_t> Find(const std::string& q, const std::string& alias = "r") {
    auto lease = db_.pool().Acquire();
    EXPECT_TRUE(lease.ok());
    std::vector<Value> params = {int64_t{0}};  // one of the caller's own, before it
    const std::string cond = FullTextCondition(**lease, "callers_fts", alias, q, params);
    EXPECT_FALSE(cond.empty());
    EXPECT_EQ(params.size(), 2u);
    const std::string from = alias.empty() ? "callers" : "callers " + alias;
    auto rows = (*lease)->Query(
        "SELECT id FROM " + from + " WHERE id > $1 AND " + cond + " ORDER BY id", params);
    EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().detail);
    std::vector<int64_t> ids;
    for (size_t i = 0; rows.ok() && i < rows->size(); ++i) ids.push_back(rows->Int(i, 0));
    return ids;
  }

  TestDatabase db_;
  int64_t zhang_ = 0, li_ = 0;
};

TEST_P(FullTextTest, FindsByAnyPartOfTheDocument) {
  EXPECT_EQ(Find("张"), (std::vector<int64_t>{zhang_})) << "one character";
  EXPECT_EQ(Find("华为"), (std::vector<int64_t>{zhang_})) << "the organisation";
  EXPECT_EQ(Find("張偉"), (std::vector<int64_t>{zhang_})) << "traditional script";
  EXPECT_EQ(Find("李娜", ""), (std::vector<int64_t>{li_})) << "unqualified columns";
  EXPECT_TRUE(Find("王").empty());
}

TEST_P(FullTextTest, NothingToSearchForIsNoCondition) {
  auto lease = db_.pool().Acquire();
  ASSERT_TRUE(lease.ok());
  std::vector<Value> params;
  EXPECT_EQ(FullTextCondition(**lease, "callers_fts", "r", "  ", params), "");
  EXPECT_TRUE(params.empty());
}

YB_INSTANTIATE_ON_BACKENDS(FullTextTest);

}  // namespace
}  // namespace yingbin::db
