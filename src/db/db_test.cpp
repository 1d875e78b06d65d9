// The storage contract of db.hpp, run once per backend (after PowerDNS's API suite):
// SQLite always, PostgreSQL when YINGBIN_TEST_PG_URL names an admin URL, e.g.
//   YINGBIN_TEST_PG_URL=postgresql://postgres@127.0.0.1:55432/postgres
// Each PostgreSQL test gets a fresh database, dropped afterwards.
#include "db/db.hpp"
#include "db/sql.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <random>
#include <stdexcept>
#include <thread>

#include "db/driver.hpp"
#include "db/migrate.hpp"

namespace yingbin::db {
namespace {

using core::ErrorCode;

std::string RandomSuffix() {
  static std::mt19937_64 rng{std::random_device{}()};
  return std::to_string(getpid()) + "_" + std::to_string(rng() % 1000000000);
}

// "postgresql://u@h:p/postgres?x=y" -> same with database `db`.
std::string WithDatabase(const std::string& url, const std::string& db) {
  size_t start = url.find("://");
  size_t slash = url.find('/', start == std::string::npos ? 0 : start + 3);
  size_t query = url.find('?');
  std::string base = url.substr(0, slash == std::string::npos ? query : slash);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + db + tail;
}

template <class T>
T Must(core::Result<T> r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
  if (!r.ok()) throw std::runtime_error("failed: " + r.error().detail);
  return std::move(*r);
}

void MustOk(const core::Status& s) {
  ASSERT_TRUE(s.ok()) << s.error().key << " " << s.error().detail;
}

class DbTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kSqlite) {
      dir_ = "/tmp/yb-dbtest-" + RandomSuffix();
      url_ = "sqlite:" + dir_ + "/test.db";
    } else {
      const char* admin = std::getenv("YINGBIN_TEST_PG_URL");
      if (!admin || !*admin) GTEST_SKIP() << "YINGBIN_TEST_PG_URL not set";
      admin_url_ = admin;
      db_name_ = "yb_dbtest_" + RandomSuffix();
      auto admin_pool = Pool::Open({admin_url_, 1});
      ASSERT_TRUE(admin_pool.ok()) << admin_pool.error().detail;
      auto lease = (*admin_pool)->Acquire();
      ASSERT_TRUE(lease.ok());
      MustOk((*lease)->ExecScript("CREATE DATABASE " + db_name_));
      url_ = WithDatabase(admin_url_, db_name_);
    }
    auto p = Pool::Open({url_, 4});
    ASSERT_TRUE(p.ok()) << p.error().detail;
    pool_ = *p;
  }

  void TearDown() override {
    pool_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!db_name_.empty()) {
      auto admin_pool = Pool::Open({admin_url_, 1});
      if (admin_pool.ok()) {
        auto lease = (*admin_pool)->Acquire();
        if (lease.ok())
          (void)(*lease)->ExecScript("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
      }
    }
  }

  bool Sqlite() const { return GetParam() == Dialect::kSqlite; }
  // An auto-assigned id column in each dialect.
  std::string IdCol() const {
    return Sqlite() ? "id INTEGER PRIMARY KEY"
                    : "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
  }

  void Script(const std::string& sql) {
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok());
    MustOk((*lease)->ExecScript(sql));
  }

  core::Result<Rows> Query(std::string_view sql, std::initializer_list<Value> params = {}) {
    auto lease = pool_->Acquire();
    if (!lease) return std::move(lease).error();
    return (*lease)->Query(sql, params);
  }

  int64_t Count(const std::string& table) {
    return Must(Query("SELECT count(*) FROM " + table)).Int(0, 0);
  }

  std::string dir_, url_, admin_url_, db_name_;
  std::shared_ptr<Pool> pool_;
};

TEST(RewritePlaceholders, NumbersOutsideLiteralsAndComments) {
  EXPECT_EQ(internal::RewritePlaceholders("SELECT $2, $1"), "SELECT ?2, ?1");
  EXPECT_EQ(internal::RewritePlaceholders("SELECT '$1', \"$2\", [$3], `$4`, $5"),
            "SELECT '$1', \"$2\", [$3], `$4`, ?5");
  EXPECT_EQ(internal::RewritePlaceholders("SELECT 'it''s $1' -- $2\n, $3 /* $4 */ , $10"),
            "SELECT 'it''s $1' -- $2\n, ?3 /* $4 */ , ?10");
  EXPECT_EQ(internal::RewritePlaceholders("SELECT a$1, $name, $1"), "SELECT a$1, $name, ?1");
}

TEST_P(DbTest, PlaceholdersBindByNumberNotByAppearance) {
  Rows r = Must(Query("SELECT $2 AS b, $1 AS a", {std::string("one"), std::string("two")}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.Text(0, "b"), "two");
  EXPECT_EQ(r.Text(0, "a"), "one");
}

TEST_P(DbTest, DollarInsideStringLiteralIsUntouched) {
  Rows r = Must(Query("SELECT '$1' AS lit, $1 AS p", {std::string("x")}));
  EXPECT_EQ(r.Text(0, "lit"), "$1");
  EXPECT_EQ(r.Text(0, "p"), "x");
}

TEST_P(DbTest, InsertReturningId) {
  Script("CREATE TABLE t (" + IdCol() + ", name TEXT NOT NULL)");
  auto lease = Must(pool_->Acquire());
  Rows a = Must(lease->Query("INSERT INTO t (name) VALUES ($1) RETURNING id", {std::string("a")}));
  Rows b = Must(lease->Query("INSERT INTO t (name) VALUES ($1) RETURNING id", {std::string("b")}));
  EXPECT_EQ(a.Int(0, "id"), 1);
  EXPECT_EQ(b.Int(0, "id"), 2);
  EXPECT_EQ(Must(lease->Exec("UPDATE t SET name = $1", {std::string("c")})), 2);
}

TEST_P(DbTest, InsertAnswersTheNewRowsIdEvenAfterATriggerInsertedElsewhere) {
  Script("CREATE TABLE t (" + IdCol() + ", name TEXT NOT NULL)");
  Script("CREATE TABLE log (" + IdCol() + ", note TEXT NOT NULL)");
  // The trigger's row gets id 5 in log: Insert must still answer the id in t.
  Script("INSERT INTO log (note) VALUES ('1'), ('2'), ('3'), ('4')");
  if (Sqlite()) {
    Script("CREATE TRIGGER t_logged AFTER INSERT ON t BEGIN "
           "INSERT INTO log (note) VALUES (NEW.name); END");
  } else {
    Script("CREATE FUNCTION t_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
           "INSERT INTO log (note) VALUES (NEW.name); RETURN NEW; END $$");
    Script("CREATE TRIGGER t_logged AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION t_log()");
  }
  auto lease = Must(pool_->Acquire());
  EXPECT_EQ(Must(lease->Insert("INSERT INTO t (name) VALUES ($1)", {std::string("a")})), 1);
  EXPECT_EQ(Must(lease->Insert("INSERT INTO t (name) VALUES ($1)", {std::string("b")})), 2);
  EXPECT_EQ(Must(lease->Query("SELECT MAX(id) FROM log")).Int(0, 0), 6);
}

TEST_P(DbTest, InsertThatAddsNoRowIsAnError) {
  Script("CREATE TABLE t (" + IdCol() + ", code TEXT NOT NULL UNIQUE)");
  auto lease = Must(pool_->Acquire());
  EXPECT_EQ(Must(lease->Insert("INSERT INTO t (code) VALUES ($1)", {std::string("A")})), 1);
  // A skipped row must not answer the id of the row inserted before it.
  auto skipped =
      lease->Insert("INSERT INTO t (code) VALUES ($1) ON CONFLICT DO NOTHING", {std::string("A")});
  ASSERT_FALSE(skipped.ok());
  EXPECT_EQ(skipped.error().code, ErrorCode::kInternal);
}

TEST_P(DbTest, OneStatementMatchesAListOfIdsOfAnyLength) {
  Script("CREATE TABLE t (" + IdCol() + ", name TEXT NOT NULL)");
  Script("INSERT INTO t (name) VALUES ('a'), ('b'), ('c'), ('d')");
  auto lease = Must(pool_->Acquire());
  const std::string sql = "UPDATE t SET name = 'x' WHERE " + InIdList(*lease, "id", 1);
  EXPECT_EQ(Must(lease->Exec(sql, {IdList(*lease, {2, 4, 99})})), 2);
  EXPECT_EQ(Must(lease->Exec(sql, {IdList(*lease, {})})), 0) << "an empty list matches nothing";
  EXPECT_EQ(Must(lease->Exec(sql, {IdList(*lease, {1})})), 1);
  Rows r = Must(lease->Query("SELECT id FROM t WHERE name = 'x' ORDER BY id"));
  EXPECT_EQ(Ids(r), (std::vector<int64_t>{1, 2, 4}));
}

TEST_P(DbTest, UniqueViolationIsConflictDuplicate) {
  Script("CREATE TABLE t (" + IdCol() +
         ", code TEXT NOT NULL, CONSTRAINT t_code_key UNIQUE (code))");
  auto lease = Must(pool_->Acquire());
  Must(lease->Exec("INSERT INTO t (code) VALUES ($1)", {std::string("A")}));
  auto dup = lease->Exec("INSERT INTO t (code) VALUES ($1)", {std::string("A")});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().key, "error.duplicate");
  // SQLite names the columns ("t.code"), PostgreSQL the constraint ("t_code_key").
  EXPECT_EQ(dup.error().detail, Sqlite() ? "t.code" : "t_code_key");
}

TEST_P(DbTest, PrimaryKeyViolationIsConflictDuplicate) {
  Script("CREATE TABLE k (id BIGINT PRIMARY KEY)");
  auto lease = Must(pool_->Acquire());
  Must(lease->Exec("INSERT INTO k (id) VALUES ($1)", {int64_t{7}}));
  auto dup = lease->Exec("INSERT INTO k (id) VALUES ($1)", {int64_t{7}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().key, "error.duplicate");
}

TEST_P(DbTest, ForeignKeyViolationIsConflictInUse) {
  Script("CREATE TABLE parent (" + IdCol() +
         ");"
         "CREATE TABLE child (" +
         IdCol() + ", parent_id BIGINT NOT NULL REFERENCES parent(id));");
  auto lease = Must(pool_->Acquire());
  auto orphan = lease->Exec("INSERT INTO child (parent_id) VALUES ($1)", {int64_t{42}});
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kConflict);
  EXPECT_EQ(orphan.error().key, "error.in_use");

  int64_t pid = Must(lease->Query("INSERT INTO parent DEFAULT VALUES RETURNING id")).Int(0, 0);
  Must(lease->Exec("INSERT INTO child (parent_id) VALUES ($1)", {pid}));
  auto del = lease->Exec("DELETE FROM parent WHERE id = $1", {pid});
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.error().code, ErrorCode::kConflict);
  EXPECT_EQ(del.error().key, "error.in_use");
}

TEST_P(DbTest, SyntaxErrorIsInternalWithDriverMessage) {
  auto r = Query("SELEKT 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_NE(r.error().detail.find("SELEKT"), std::string::npos) << r.error().detail;
}

TEST_P(DbTest, TransactionRollsBackOnError) {
  Script("CREATE TABLE t (" + IdCol() + ", name TEXT NOT NULL)");
  core::Status s = pool_->TransactionVoid([](Connection& c) -> core::Status {
    YB_RETURN_IF_ERROR(c.Exec("INSERT INTO t (name) VALUES ($1)", {std::string("gone")}));
    return core::NotFound();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("t"), 0);
}

TEST_P(DbTest, TransactionCommitsAndReturnsValue) {
  Script("CREATE TABLE t (" + IdCol() + ", name TEXT NOT NULL)");
  auto id = pool_->Transaction<int64_t>([](Connection& c) -> core::Result<int64_t> {
    auto r = c.Query("INSERT INTO t (name) VALUES ($1) RETURNING id", {std::string("kept")});
    if (!r) return std::move(r).error();
    return r->Int(0, 0);
  });
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, 1);
  EXPECT_EQ(Count("t"), 1);
}

TEST_P(DbTest, TransactionRetriesUnavailableUpToThreeTimes) {
  Script("CREATE TABLE t (" + IdCol() + ", n BIGINT NOT NULL)");
  int runs = 0;
  core::Status s = pool_->TransactionVoid([&](Connection& c) -> core::Status {
    ++runs;
    YB_RETURN_IF_ERROR(c.Exec("INSERT INTO t (n) VALUES ($1)", {int64_t{runs}}));
    if (runs < 3) return core::Unavailable("simulated busy");
    return core::Ok();
  });
  MustOk(s);
  EXPECT_EQ(runs, 3);
  Rows r = Must(Query("SELECT n FROM t"));
  ASSERT_EQ(r.size(), 1u);  // the first two attempts were rolled back
  EXPECT_EQ(r.Int(0, 0), 3);

  runs = 0;
  s = pool_->TransactionVoid([&](Connection&) -> core::Status {
    ++runs;
    return core::Unavailable("always busy");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(runs, 3);

  runs = 0;
  s = pool_->TransactionVoid([&](Connection&) -> core::Status {
    ++runs;
    return core::Conflict();
  });
  EXPECT_EQ(runs, 1);  // only kUnavailable is retried
}

TEST_P(DbTest, NullsReadAsZeroEmptyOrNullopt) {
  Script("CREATE TABLE t (" + IdCol() + ", n BIGINT, s TEXT, r DOUBLE PRECISION)");
  auto lease = Must(pool_->Acquire());
  Must(lease->Exec("INSERT INTO t (n, s, r) VALUES ($1, $2, $3)", {Null(), Null(), Null()}));
  Must(lease->Exec("INSERT INTO t (n, s, r) VALUES ($1, $2, $3)",
                   {int64_t{5}, std::string("x"), 2.5}));
  Rows r = Must(lease->Query("SELECT n, s, r FROM t ORDER BY id"));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(r.IsNull(0, "n"));
  EXPECT_TRUE(r.IsNull(0, size_t{1}));
  EXPECT_EQ(r.Int(0, "n"), 0);
  EXPECT_EQ(r.Text(0, "s"), "");
  EXPECT_EQ(r.Real(0, 2), 0.0);
  EXPECT_EQ(r.OptInt(0, "n"), std::nullopt);
  EXPECT_EQ(r.OptText(0, "s"), std::nullopt);
  EXPECT_FALSE(r.IsNull(1, "n"));
  EXPECT_EQ(r.OptInt(1, "n"), 5);
  EXPECT_EQ(r.OptText(1, "s"), "x");
  EXPECT_EQ(r.Real(1, 2), 2.5);
}

TEST_P(DbTest, ChineseTextRoundTrips) {
  Script("CREATE TABLE t (" + IdCol() + ", name TEXT NOT NULL)");
  const std::string name = "王小明 · 前台接待 🏢";
  auto lease = Must(pool_->Acquire());
  Must(lease->Exec("INSERT INTO t (name) VALUES ($1)", {name}));
  Rows r = Must(lease->Query("SELECT name, length(name) AS n FROM t WHERE name = $1", {name}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.Text(0, "name"), name);
  EXPECT_EQ(r.Int(0, "n"), 12);  // characters, not bytes
}

TEST_P(DbTest, Int64ExtremesRoundTrip) {
  Script("CREATE TABLE t (" + IdCol() + ", n BIGINT NOT NULL)");
  const int64_t hi = std::numeric_limits<int64_t>::max();
  const int64_t lo = std::numeric_limits<int64_t>::min();
  auto lease = Must(pool_->Acquire());
  Must(lease->Exec("INSERT INTO t (n) VALUES ($1), ($2)", {hi, lo}));
  Rows r = Must(lease->Query("SELECT n FROM t ORDER BY n"));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r.Int(0, 0), lo);
  EXPECT_EQ(r.Int(1, 0), hi);
  // An untyped parameter comes back as text on PostgreSQL; Int() parses it.
  EXPECT_EQ(Must(lease->Query("SELECT $1", {hi})).Int(0, 0), hi);
  EXPECT_EQ(Must(lease->Query("SELECT n FROM t WHERE n = $1", {hi})).size(), 1u);
}

TEST_P(DbTest, ParameterCountMismatchIsAnError) {
  auto r = Query("SELECT $1, $2", {int64_t{1}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
}

std::vector<core::EmbeddedFile> Files(std::initializer_list<core::EmbeddedFile> f) { return f; }

TEST_P(DbTest, MigrateFromAppliesInOrderOnce) {
  auto files = Files({
      {"migrations/x/V002__b.sql",
       "CREATE TABLE b (a_id BIGINT REFERENCES a(id)); INSERT INTO b VALUES (1);"},
      {"migrations/x/V001__a.sql",
       "CREATE TABLE a (id BIGINT PRIMARY KEY); INSERT INTO a VALUES (1);"},
  });
  auto applied = MigrateFrom(*pool_, files);
  ASSERT_TRUE(applied.ok()) << applied.error().detail;
  EXPECT_EQ(*applied, (std::vector<int>{1, 2}));
  Rows r = Must(Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version"));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r.Text(0, "name"), "V001__a");
  EXPECT_EQ(r.Text(1, "name"), "V002__b");
  EXPECT_GT(r.Int(1, "applied_at"), 1'600'000'000'000);
  EXPECT_EQ(Count("b"), 1);

  auto again = MigrateFrom(*pool_, files);
  ASSERT_TRUE(again.ok()) << again.error().detail;
  EXPECT_TRUE(again->empty());
}

TEST_P(DbTest, FailingMigrationLeavesNoTrace) {
  auto files = Files({
      {"V001__a.sql", "CREATE TABLE a (id BIGINT PRIMARY KEY);"},
      {"V002__bad.sql", "CREATE TABLE c (id BIGINT); INSERT INTO missing VALUES (1);"},
  });
  auto applied = MigrateFrom(*pool_, files);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::kInternal);
  EXPECT_NE(applied.error().detail.find("V002__bad"), std::string::npos) << applied.error().detail;
  EXPECT_FALSE(Query("SELECT * FROM c").ok());  // the table of the failed migration is gone
  Rows r = Must(Query("SELECT version FROM schema_migrations ORDER BY version"));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.Int(0, 0), 1);
}

TEST_P(DbTest, MigrateRefusesGapsDuplicatesAndNewerDatabase) {
  auto gap =
      MigrateFrom(*pool_, Files({{"V001__a.sql", "SELECT 1;"}, {"V003__c.sql", "SELECT 1;"}}));
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error().code, ErrorCode::kInternal);
  auto dup =
      MigrateFrom(*pool_, Files({{"V001__a.sql", "SELECT 1;"}, {"V001__b.sql", "SELECT 1;"}}));
  ASSERT_FALSE(dup.ok());
  auto bad_name = MigrateFrom(*pool_, Files({{"001_a.sql", "SELECT 1;"}}));
  ASSERT_FALSE(bad_name.ok());

  ASSERT_TRUE(MigrateFrom(*pool_, Files({{"V001__a.sql", "CREATE TABLE a (id BIGINT);"},
                                         {"V002__b.sql", "CREATE TABLE b (id BIGINT);"}}))
                  .ok());
  auto older_binary = MigrateFrom(*pool_, Files({{"V001__a.sql", "CREATE TABLE a (id BIGINT);"}}));
  ASSERT_FALSE(older_binary.ok());
  EXPECT_EQ(older_binary.error().code, ErrorCode::kInternal);
  EXPECT_NE(older_binary.error().detail.find("newer"), std::string::npos)
      << older_binary.error().detail;
}

TEST_P(DbTest, ConcurrentMigrationsApplyEachVersionOnce) {
  auto files = Files({{"V001__a.sql", "CREATE TABLE a (id BIGINT);"},
                      {"V002__b.sql", "CREATE TABLE b (id BIGINT);"},
                      {"V003__c.sql", "CREATE TABLE c (id BIGINT);"}});
  std::vector<std::vector<int>> applied(3);
  std::vector<std::thread> nodes;
  std::atomic<int> failures = 0;
  for (int i = 0; i < 3; ++i) {
    nodes.emplace_back([&, i] {
      auto pool = Pool::Open({url_, 1});  // each "node" has its own pool
      if (!pool) return void(++failures);
      auto r = MigrateFrom(**pool, files);
      if (!r) return void(++failures);
      applied[i] = *r;
    });
  }
  for (auto& t : nodes) t.join();
  EXPECT_EQ(failures, 0);
  std::vector<int> all;
  for (auto& a : applied) all.insert(all.end(), a.begin(), a.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(Count("schema_migrations"), 3);
}

TEST_P(DbTest, BackupCopiesRows) {
  std::string target = "/tmp/yb-dbtest-backup-" + RandomSuffix() + "/copy.db";
  if (!Sqlite()) {
    core::Status s = BackupSqlite(url_, target);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    return;
  }
  Script("CREATE TABLE t (" + IdCol() +
         ", name TEXT NOT NULL);"
         "INSERT INTO t (name) VALUES ('一'), ('二'), ('三');");
  MustOk(BackupSqlite(url_, target));
  EXPECT_FALSE(std::filesystem::exists(target + ".tmp"));
  {
    auto copy = Pool::Open({"sqlite:" + target, 1});
    ASSERT_TRUE(copy.ok()) << copy.error().detail;
    auto lease = Must((*copy)->Acquire());
    Rows r = Must(lease->Query("SELECT name FROM t ORDER BY id"));
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r.Text(2, 0), "三");
  }
  std::filesystem::remove_all(std::filesystem::path(target).parent_path());
}

TEST_P(DbTest, ConcurrentWritersAllSucceed) {
  Script("CREATE TABLE t (" + IdCol() + ", worker BIGINT NOT NULL, n BIGINT NOT NULL)");
  constexpr int kThreads = 4, kPerThread = 50;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerThread; ++i) {
        core::Status s = pool_->TransactionVoid([&](Connection& c) -> core::Status {
          // Read-then-write inside the transaction, the pattern that deadlocks on upgrade
          // without BEGIN IMMEDIATE.
          auto n = c.Query("SELECT count(*) FROM t");
          if (!n) return std::move(n).error();
          YB_RETURN_IF_ERROR(
              c.Exec("INSERT INTO t (worker, n) VALUES ($1, $2)", {int64_t{w}, n->Int(0, 0)}));
          return core::Ok();
        });
        if (!s) {
          ++failures;
          ADD_FAILURE() << s.error().detail;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(Count("t"), kThreads * kPerThread);
}

// Group commit (SQLite) must keep each caller's transaction its own: a caller whose fn
// fails loses only its own changes, however many others were committed with it.
TEST_P(DbTest, ConcurrentTransactionsFailAlone) {
  Script("CREATE TABLE t (" + IdCol() + ", worker BIGINT NOT NULL, i BIGINT NOT NULL)");
  constexpr int kThreads = 16, kPerThread = 20;
  std::atomic<int> wrong = 0;
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool fail = (w + i) % 5 == 0;
        auto id = pool_->Transaction<int64_t>([&](Connection& c) -> core::Result<int64_t> {
          auto r = c.Query("INSERT INTO t (worker, i) VALUES ($1, $2) RETURNING id",
                           {int64_t{w}, int64_t{i}});
          if (!r) return std::move(r).error();
          if (fail) return core::InvalidArgument("i");
          return r->Int(0, 0);
        });
        if (id.ok() == fail) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
  int64_t expected = 0;
  for (int w = 0; w < kThreads; ++w)
    for (int i = 0; i < kPerThread; ++i) expected += (w + i) % 5 != 0;
  EXPECT_EQ(Count("t"), expected);
  EXPECT_EQ(Must(Query("SELECT count(*) FROM t WHERE (worker + i) % 5 = 0")).Int(0, 0), 0);
}

TEST_P(DbTest, NestedTransactionJoinsTheEnclosingOne) {
  if (!Sqlite()) GTEST_SKIP() << "PostgreSQL transactions are not group-committed";
  Script("CREATE TABLE t (" + IdCol() + ", name TEXT NOT NULL)");
  core::Status outer = pool_->TransactionVoid([&](Connection& c) -> core::Status {
    YB_RETURN_IF_ERROR(c.Exec("INSERT INTO t (name) VALUES ('outer')"));
    core::Status inner = pool_->TransactionVoid([](Connection& n) -> core::Status {
      return n.Exec("INSERT INTO t (name) VALUES ('inner')").ok() ? core::Ok()
                                                                 : core::Internal("insert");
    });
    if (!inner) return inner;
    return core::InvalidArgument("x");  // the outer fails: the inner goes with it
  });
  EXPECT_FALSE(outer.ok());
  EXPECT_EQ(Count("t"), 0);
}

// The SQLite writer thread runs every caller's work: one that throws must fail alone,
// with its changes undone, and leave the writer serving the next caller.
TEST_P(DbTest, ATransactionThatThrowsFailsAloneAndTheNextOneCommits) {
  if (!Sqlite()) GTEST_SKIP() << "PostgreSQL transactions run on the caller's thread";
  Script("CREATE TABLE t (" + IdCol() + ", name TEXT NOT NULL)");
  core::Status thrown = pool_->TransactionVoid([](Connection& c) -> core::Status {
    (void)c.Exec("INSERT INTO t (name) VALUES ('half done')");
    throw std::runtime_error("a bug in a handler");
  });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code, core::ErrorCode::kInternal);
  core::Status next = pool_->TransactionVoid([](Connection& c) -> core::Status {
    return c.Exec("INSERT INTO t (name) VALUES ('next')").ok() ? core::Ok()
                                                               : core::Internal("insert");
  });
  EXPECT_TRUE(next.ok());
  auto lease = pool_->Acquire();
  ASSERT_TRUE(lease.ok());
  auto names = (*lease)->Query("SELECT name FROM t ORDER BY id");
  ASSERT_TRUE(names.ok());
  ASSERT_EQ(names->size(), 1u);
  EXPECT_EQ(names->Text(0, 0), "next");
}

// Live events leave only with a committed change: an after-commit action runs once the
// transaction commits, never for a caller whose transaction (or group item) rolled back.
// A before-commit write (the search index) commits with its caller's work or not at all.
TEST_P(DbTest, DeferredWorkRunsOnlyForCommittedWork) {
  Script("CREATE TABLE t (" + IdCol() + ", worker BIGINT NOT NULL)");
  Script("CREATE TABLE later (" + IdCol() + ", worker BIGINT NOT NULL)");
  constexpr int kThreads = 8, kPerThread = 10;
  std::atomic<int> ran = 0, wrong = 0;
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool fail = (w + i) % 3 == 0;
        std::atomic<bool> mine = false;
        core::Status s = pool_->TransactionVoid([&](Connection& c) -> core::Status {
          YB_RETURN_IF_ERROR(c.Exec("INSERT INTO t (worker) VALUES ($1)", {int64_t{w}}));
          c.AfterCommit([&] { mine = true; ++ran; });
          c.BeforeCommit([w](Connection& tx) -> core::Status {
            auto r = tx.Exec("INSERT INTO later (worker) VALUES ($1)", {int64_t{w}});
            if (!r) return std::move(r).error();
            return core::Ok();
          });
          if (fail) return core::InvalidArgument("worker");
          return core::Ok();
        });
        // The action has run by the time the caller hears "committed".
        if (s.ok() == fail || mine.load() == fail) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(ran.load(), Count("t"));
  EXPECT_EQ(Count("later"), Count("t"));
  EXPECT_EQ(Must(Query("SELECT count(*) FROM later WHERE worker NOT IN (SELECT worker FROM t)"))
                .Int(0, 0),
            0);
}

TEST_P(DbTest, ReleasedTransactionIsRolledBack) {
  Script("CREATE TABLE t (" + IdCol() + ", name TEXT NOT NULL)");
  {
    auto lease = Must(pool_->Acquire());
    MustOk(lease->Begin());
    Must(lease->Exec("INSERT INTO t (name) VALUES ('left open')"));
  }  // returned to the pool mid-transaction
  EXPECT_EQ(Count("t"), 0);
}

TEST_P(DbTest, PostgresCommitOfFailedTransactionIsReported) {
  if (Sqlite()) GTEST_SKIP() << "SQLite keeps a transaction usable after a statement error";
  Script("CREATE TABLE t (" + IdCol() + ", code TEXT UNIQUE)");
  core::Status s = pool_->TransactionVoid([](Connection& c) -> core::Status {
    (void)c.Exec("INSERT INTO t (code) VALUES ('a')");
    (void)c.Exec("INSERT INTO t (code) VALUES ('a')");  // error swallowed: txn now aborted
    return core::Ok();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Count("t"), 0);
}

TEST_P(DbTest, PostgresLostConnectionIsUnavailableAndReplaced) {
  if (Sqlite()) GTEST_SKIP() << "PostgreSQL only";
  auto pool = Must(Pool::Open({url_, 2}));
  {
    auto victim = Must(pool->Acquire());
    auto killer = Must(pool->Acquire());
    int64_t pid = Must(victim->Query("SELECT pg_backend_pid()")).Int(0, 0);
    Must(killer->Query("SELECT pg_terminate_backend($1::int)", {pid}));
    core::Result<Rows> r = victim->Query("SELECT 1");
    for (int i = 0; i < 50 && r.ok(); ++i) {  // termination is asynchronous
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      r = victim->Query("SELECT 1");
    }
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnavailable) << r.error().detail;
  }
  auto a = Must(pool->Acquire());
  auto b = Must(pool->Acquire());
  EXPECT_EQ(Must(a->Query("SELECT 1")).Int(0, 0), 1);
  EXPECT_EQ(Must(b->Query("SELECT 1")).Int(0, 0), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DbTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

TEST(Pool, UnknownSchemeIsInvalidArgument) {
  auto p = Pool::Open({"mysql://localhost/x"});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(p.error().key, "validation.invalid");
  EXPECT_EQ(p.error().field, "db");
}

TEST(Pool, UnreachablePostgresIsUnavailable) {
  auto p = Pool::Open({"postgresql://postgres@127.0.0.1:1/none?connect_timeout=2"});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kUnavailable);
}

TEST(Pool, SqliteMemoryIsOneSharedDatabase) {
  auto p = Pool::Open({"sqlite::memory:", 8});
  ASSERT_TRUE(p.ok());
  {
    auto lease = Must((*p)->Acquire());
    MustOk(lease->ExecScript("CREATE TABLE m (x INTEGER); INSERT INTO m VALUES (1);"));
  }
  auto lease = Must((*p)->Acquire());
  EXPECT_EQ(Must(lease->Query("SELECT x FROM m")).Int(0, 0), 1);
}

TEST(Rows, IntParsesNumericText) {
  Rows r;
  r.columns = {"a", "b", "c"};
  r.rows = {{std::string("42"), 3.9, std::string("abc")}};
  EXPECT_EQ(r.Int(0, "a"), 42);
  EXPECT_EQ(r.Int(0, "b"), 3);
  EXPECT_EQ(r.Int(0, "c"), 0);
  EXPECT_EQ(r.Text(0, "b"), "3.9");
}

}  // namespace
}  // namespace yingbin::db
