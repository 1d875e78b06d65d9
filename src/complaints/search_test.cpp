// The ticket list's search over many matches, on a real SQLite database (DATA-4): when a name
// matches more customers than kWalkAbove, the page walks the tickets newest first instead of
// sorting every match; it must list the same tickets in the same order, and the total stops
// at db::kSearchCountCap. (The API test, tests/api/complaint_search.test.mjs, has too few
// customers to take this path.)
#include "complaints/search.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "complaints/service.hpp"
#include "core/crypto.hpp"
#include "core/search_keys.hpp"
#include "db/db.hpp"
#include "db/full_text.hpp"
#include "org/service.hpp"

namespace yingbin::complaints {
namespace {

class ManyMatchesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(core::InitCrypto());
    dir_ = std::filesystem::temp_directory_path() / ("yb-complaint-search-" + core::RandomHex(6));
    std::filesystem::create_directories(dir_);
    auto pool = db::Pool::Open({"sqlite:" + (dir_ / "t.db").string(), 2});
    ASSERT_TRUE(pool.ok());
    pool_ = *pool;
    ASSERT_TRUE(db::Migrate(*pool_).ok());
    ASSERT_TRUE(org::EnsureDefaultSite(*pool_, 0).ok());
    reader_.user_id = 1;
    reader_.scope = auth::DataScope::kAll;
    reader_.permissions = {"complaints.read"};
    // 2,100 customers named 王…, and 3 named 李…, one ticket each, a minute apart; every
    // third ticket archived. Ticket ids do not follow time (the newest 王 has the lowest
    // id), and the 李 tickets are the newest of all: a walk that let them through shows.
    auto st = pool_->TransactionVoid([&](db::Connection& tx) -> core::Status {
      auto site = tx.Query("SELECT MIN(id) FROM sites");
      if (!site) return site.error();
      for (int i = 0; i < kWang + 3; ++i) {
        const std::string name = (i < kWang ? "王" : "李") + std::to_string(i) + "号";
        const std::string doc = core::SearchDocument({name, ""});
        auto cu = tx.Insert(
            "INSERT INTO complaint_customers (name, search_doc, created_at, updated_at) "
            "VALUES ($1, $2, 0, 0)",
            {name, doc});
        if (!cu) return cu.error();
        auto f = tx.Exec("INSERT INTO complaint_customers_fts (rowid, doc) VALUES ($1, $2)",
                         {*cu, doc});
        if (!f) return f.error();
        // 王: the first is the newest; 李: newer than every 王, the last the newest.
        const int64_t created = (i < kWang ? kWang - i : i + 10) * 60'000LL;
        const bool archived = i % 3 == 0;
        auto t = tx.Exec(
            "INSERT INTO complaints (number, type, channel, site_id, customer_id, status, is_open, "
            "created_at, updated_at) VALUES ($1, 'complaint', 'phone', $2, $3, $4, $5, $6, $6)",
            {"TS20261124-" + std::to_string(10000 + i), site->Int(0, 0), *cu,
             std::string(archived ? "archived" : "received"), int64_t{archived ? 0 : 1}, created});
        if (!t) return t.error();
      }
      return core::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.error().detail;
  }
  void TearDown() override {
    pool_.reset();
    std::filesystem::remove_all(dir_);
  }

  // The numbers of the page, in order.
  std::vector<std::string> Page(TicketQuery q, int64_t limit, int64_t offset, int64_t* total,
                                bool* capped) {
    auto page = ListTickets(*pool_, cipher_, reader_, q, limit, offset, 0);
    EXPECT_TRUE(page.ok());
    if (!page.ok()) return {};
    *total = page->total;
    *capped = page->total_capped;
    std::vector<std::string> out;
    for (const auto& t : page->items) out.push_back(t.number);
    return out;
  }

  static constexpr int kWang = 2100;
  std::filesystem::path dir_;
  std::shared_ptr<db::Pool> pool_;
  core::FieldCipher cipher_ = core::FieldCipher::FromKey(std::string(32, 'k'));
  auth::Principal reader_;
};

TEST_F(ManyMatchesTest, Data4_ManyMatchesWalkTheNewestTicketsFewAreSorted) {
  auto lease = pool_->Acquire();
  ASSERT_TRUE(lease.ok());
  std::vector<db::Value> params;
  auto many = TicketSearchCondition(**lease, cipher_, "王", params);
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(many->page.rfind("+t.customer_id IN", 0), 0u) << many->page;
  EXPECT_EQ(many->count.rfind("t.customer_id IN", 0), 0u) << many->count;
  params.clear();
  auto few = TicketSearchCondition(**lease, cipher_, "李", params);
  ASSERT_TRUE(few.ok());
  EXPECT_EQ(few->page, few->count);
}

TEST_F(ManyMatchesTest, Data4_TheWalkListsTheNewestMatchesFirstAndCapsTheTotal) {
  int64_t total = 0;
  bool capped = false;
  TicketQuery q;
  q.q = "王";
  auto first = Page(q, 50, 0, &total, &capped);
  ASSERT_EQ(first.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(first[i], "TS20261124-" + std::to_string(10000 + i));
  EXPECT_EQ(total, db::kSearchCountCap);
  EXPECT_TRUE(capped);
  // A later page, and the state filter applied on the walk.
  auto third = Page(q, 50, 100, &total, &capped);
  ASSERT_EQ(third.size(), 50u);
  EXPECT_EQ(third.front(), "TS20261124-10100");
  q.status = "archived";
  auto archived = Page(q, 5, 0, &total, &capped);
  EXPECT_EQ(archived, (std::vector<std::string>{"TS20261124-10000", "TS20261124-10003",
                                                "TS20261124-10006", "TS20261124-10009",
                                                "TS20261124-10012"}));
  EXPECT_EQ(total, 700);  // 2,100 / 3: under the cap, counted exactly
  EXPECT_FALSE(capped);
  // Without a search the list is counted exactly.
  auto all = Page(TicketQuery{}, 1, 0, &total, &capped);
  EXPECT_EQ(all, (std::vector<std::string>{"TS20261124-12102"}));
  EXPECT_EQ(total, kWang + 3);
  EXPECT_FALSE(capped);
  // Few matches: sorted, counted exactly.
  q = TicketQuery{};
  q.q = "李";
  auto li = Page(q, 50, 0, &total, &capped);
  EXPECT_EQ(li, (std::vector<std::string>{"TS20261124-12102", "TS20261124-12101",
                                          "TS20261124-12100"}));
  EXPECT_EQ(total, 3);
  EXPECT_FALSE(capped);
}

}  // namespace
}  // namespace yingbin::complaints
