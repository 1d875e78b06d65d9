#pragma once
// For unit tests only (header-only, included by *_test.cpp, so none of it is built into the
// server): a fresh, migrated database on one backend, removed again when the object goes.
//   SQLite:     a file in a new folder under the system's temporary directory.
//   PostgreSQL: a new database on the server that YINGBIN_TEST_PG_URL names with an admin
//               URL (postgresql://postgres@127.0.0.1:PORT/postgres), dropped at the end.
// With a fixture parameterised on db::Dialect:
//   void SetUp() override { YB_OPEN_TEST_DATABASE(db_, "org"); ... }
//   YB_INSTANTIATE_ON_BACKENDS(MyTest);
// PostgreSQL tests are skipped when YINGBIN_TEST_PG_URL is unset. Not thread-safe; one per
// test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "db/db.hpp"

namespace yingbin::db {

class TestDatabase {
 public:
  TestDatabase() = default;
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase() { Close(); }

  // Why a backend cannot be tested here (PostgreSQL without YINGBIN_TEST_PG_URL), or
  // nullopt when it can.
  static std::optional<std::string> Unavailable(Dialect d) {
    if (d == Dialect::kPostgres && AdminUrl().empty()) return "YINGBIN_TEST_PG_URL not set";
    return std::nullopt;
  }

  // Creates the database (named after `tag`, a lower-case word, and a random suffix) and
  // applies every migration. Errors: as db::Pool::Open and db::Migrate.
  // REQUIRES: !Unavailable(d); not open yet.
  core::Status Open(Dialect d, const std::string& tag) {
    const std::string suffix = Suffix();
    std::string url;
    if (d == Dialect::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() / ("yb-" + tag + "-" + suffix);
      std::filesystem::create_directories(dir_);
      url = "sqlite:" + (dir_ / "t.db").string();
    } else {
      pg_name_ = "yb_" + tag + "_" + suffix;
      YB_RETURN_IF_ERROR(OnAdmin("CREATE DATABASE " + pg_name_));
      url = WithDatabase(AdminUrl(), pg_name_);
    }
    auto pool = Pool::Open({url, 4});
    if (!pool) return std::move(pool).error();
    pool_ = *pool;
    auto migrated = Migrate(*pool_);
    if (!migrated) return std::move(migrated).error();
    return core::Ok();
  }

  // REQUIRES: Open() succeeded.
  Pool& pool() { return *pool_; }

  // The first column of the first row of `sql` (0 when there is no row), on a pooled
  // connection outside any transaction: for setting up rows and counting them. A failure
  // fails the test (and answers 0).
  int64_t Scalar(const std::string& sql) {
    auto lease = pool_->Acquire();
    if (!lease) {
      ADD_FAILURE() << lease.error().detail;
      return 0;
    }
    auto rows = (*lease)->Query(sql);
    if (!rows) {
      ADD_FAILURE() << sql << ": " << rows.error().detail;
      return 0;
    }
    return rows->empty() ? int64_t{0} : rows->Int(0, 0);
  }

  // Closes the pool and removes the database; safe to call twice.
  void Close() {
    pool_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    dir_.clear();
    if (!pg_name_.empty()) (void)OnAdmin("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    pg_name_.clear();
  }

 private:
  static std::string AdminUrl() {
    const char* url = std::getenv("YINGBIN_TEST_PG_URL");
    return url ? url : "";
  }

  static std::string Suffix() {
    static std::mt19937_64 rng{std::random_device{}()};
    return std::to_string(getpid()) + "_" + std::to_string(rng() % 1000000000);
  }

  // The admin URL with its database part replaced by `name`, query string kept.
  static std::string WithDatabase(const std::string& url, const std::string& name) {
    const size_t scheme = url.find("://");
    const size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    const size_t query = url.find('?');
    const std::string server = url.substr(0, path == std::string::npos ? query : path);
    return server + "/" + name + (query == std::string::npos ? "" : url.substr(query));
  }

  // Runs `sql` on the admin database (CREATE/DROP DATABASE cannot run in a transaction).
  static core::Status OnAdmin(const std::string& sql) {
    auto admin = Pool::Open({AdminUrl(), 1});
    if (!admin) return std::move(admin).error();
    auto lease = (*admin)->Acquire();
    if (!lease) return std::move(lease).error();
    return (*lease)->ExecScript(sql);
  }

  std::shared_ptr<Pool> pool_;
  std::filesystem::path dir_;
  std::string pg_name_;
};

}  // namespace yingbin::db

// In the SetUp() of a fixture parameterised on db::Dialect: skips the test when its backend
// is unavailable here, else opens `database` (a TestDatabase) named after `tag`.
#define YB_OPEN_TEST_DATABASE(database, tag)                                 \
  do {                                                                       \
    if (auto yb_why_ = ::yingbin::db::TestDatabase::Unavailable(GetParam())) \
      GTEST_SKIP() << *yb_why_;                                              \
    auto yb_opened_ = (database).Open(GetParam(), tag);                      \
    ASSERT_TRUE(yb_opened_.ok()) << yb_opened_.error().detail;               \
  } while (0)

// Runs the tests of `fixture` once per backend, named .../Sqlite and .../Postgres
// (scripts/test.sh picks the PostgreSQL ones with -R Postgres).
#define YB_INSTANTIATE_ON_BACKENDS(fixture)                                                  \
  INSTANTIATE_TEST_SUITE_P(                                                                  \
      Backends, fixture,                                                                     \
      ::testing::Values(::yingbin::db::Dialect::kSqlite, ::yingbin::db::Dialect::kPostgres), \
      [](const auto& info) {                                                                 \
        return info.param == ::yingbin::db::Dialect::kSqlite ? "Sqlite" : "Postgres";        \
      })
