// The statement and answer helpers of db/sql.hpp (no database needed: Rows are plain data).
#include "db/sql.hpp"

#include <gtest/gtest.h>

namespace yingbin::db {
namespace {

Rows IdRows(std::vector<int64_t> ids) {
  Rows r;
  r.columns = {"id", "name"};
  for (int64_t id : ids) r.rows.push_back({Value(id), Value("n" + std::to_string(id))});
  return r;
}

TEST(Sql, Parameters) {
  EXPECT_EQ(Param(1), "$1");
  EXPECT_EQ(Param(12), "$12");
  EXPECT_EQ(OrNull(int64_t{7}), Value(int64_t{7}));
  EXPECT_EQ(OrNull(std::nullopt), Null());
  EXPECT_EQ(Flag(true), Value(int64_t{1}));
  EXPECT_EQ(Flag(false), Value(int64_t{0}));
}

TEST(Sql, ToStatusDropsTheCount) {
  EXPECT_TRUE(ToStatus(core::Result<int64_t>(int64_t{3})).ok());
  auto failed = ToStatus(core::Result<int64_t>(core::Conflict("error.duplicate", "name")));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().key, "error.duplicate");
}

TEST(Sql, FirstIdAndIds) {
  EXPECT_EQ(*FirstId(IdRows({5, 6})), std::optional<int64_t>(5));
  EXPECT_EQ(*FirstId(IdRows({})), std::nullopt);
  EXPECT_EQ(*Ids(core::Result<Rows>(IdRows({3, 1, 2}))), (std::vector<int64_t>{3, 1, 2}));
  EXPECT_TRUE(Ids(IdRows({})).empty());
  EXPECT_FALSE(FirstId(core::Internal("x")).ok());
  EXPECT_FALSE(Ids(core::Result<Rows>(core::Internal("x"))).ok());
}

TEST(Sql, FirstRowReadsWithTheGivenFunction) {
  auto name = [](const Rows& r, size_t i) { return r.Text(i, "name"); };
  auto found = FirstRow(IdRows({9, 10}), name);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, std::optional<std::string>("n9"));
  auto none = FirstRow(IdRows({}), name);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, std::nullopt);
  EXPECT_FALSE(FirstRow(core::Result<Rows>(core::Internal("x")), name).ok());
}

TEST(Sql, AllRowsKeepsTheOrder) {
  auto ids = AllRows(IdRows({3, 1, 2}), [](const Rows& r, size_t i) { return r.Int(i, "id"); });
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*ids, (std::vector<int64_t>{3, 1, 2}));
  EXPECT_FALSE(
      AllRows(core::Result<Rows>(core::Internal("x")), [](const Rows&, size_t) { return 0; }).ok());
}

TEST(Sql, LimitOffsetAppendsItsTwoParameters) {
  std::vector<Value> params = {Value("x")};
  EXPECT_EQ(LimitOffset(params, 50, 100), " LIMIT $2 OFFSET $3");
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(params[1], Value(int64_t{50}));
  EXPECT_EQ(params[2], Value(int64_t{100}));
}

}  // namespace
}  // namespace yingbin::db
