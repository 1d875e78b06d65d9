// The contract of auth/directory.hpp on a real database: SQLite always, PostgreSQL too when
// YINGBIN_TEST_PG_URL names an admin URL.
#include "auth/directory.hpp"

#include <gtest/gtest.h>

#include "db/test_database.hpp"

namespace yingbin::auth {
namespace {

class AuthDirectoryTest : public ::testing::TestWithParam<db::Dialect> {
 protected:
  void SetUp() override { YB_OPEN_TEST_DATABASE(db_, "authdir"); }
  void TearDown() override { db_.Close(); }

  int64_t Scalar(const std::string& sql) { return db_.Scalar(sql); }

  int64_t Role(const std::string& code, const std::string& permissions_json) {
    return Scalar(
        "INSERT INTO roles (code, name, scope, permissions, created_at, updated_at) VALUES ('" +
        code + "', '" + code + "', 'all', '" + permissions_json + "', 0, 0) RETURNING id");
  }

  int64_t User(const std::string& name, std::vector<int64_t> roles, bool disabled = false) {
    const int64_t id = Scalar(
        "INSERT INTO users (username, username_key, password_hash, password_changed_at, "
        "disabled, created_at, updated_at) VALUES ('" +
        name + "', '" + name + "', 'x', 0, " + (disabled ? "1" : "0") + ", 0, 0) RETURNING id");
    for (int64_t role : roles)
      Scalar("INSERT INTO user_roles (user_id, role_id) VALUES (" + std::to_string(id) + ", " +
             std::to_string(role) + ") RETURNING user_id");
    return id;
  }

  std::vector<int64_t> With(std::string_view permission) {
    auto lease = db_.pool().Acquire();
    EXPECT_TRUE(lease.ok());
    auto users = UsersWithPermission(**lease, permission);
    EXPECT_TRUE(users.ok());
    return users.ok() ? *users : std::vector<int64_t>{};
  }

  db::TestDatabase db_;
};

TEST_P(AuthDirectoryTest, UsersWithPermissionThroughTheirRoles) {
  const int64_t security = Role("security_t", R"(["watchlist.read","visits.read"])");
  const int64_t clerk = Role("clerk_t", R"(["visits.read","visits.write"])");
  const int64_t admin = Role("sysadmin", "[]");  // holds every permission
  const int64_t guard = User("guard", {security});
  const int64_t both = User("both", {security, clerk});  // counted once
  User("desk", {clerk});
  User("former", {security}, /*disabled=*/true);
  const int64_t root = User("root", {admin});
  User("nobody", {});
  EXPECT_EQ(With("watchlist.read"), (std::vector<int64_t>{guard, both, root}));
  EXPECT_EQ(With("visits.write").size(), 3u);
  // A code is matched whole: "visits.re" is not a prefix match of "visits.read".
  EXPECT_EQ(With("visits.re"), (std::vector<int64_t>{root}));
}

TEST_P(AuthDirectoryTest, UserNameSqlIsTheDisplayNameElseTheUsername) {
  const int64_t named = User("zw", {});
  Scalar("UPDATE users SET display_name = '张伟' WHERE id = " + std::to_string(named) +
         " RETURNING id");
  const int64_t plain = User("desk2", {});
  auto lease = db_.pool().Acquire();
  ASSERT_TRUE(lease.ok());
  auto name_of = [&](int64_t id) {
    // A LEFT JOIN as the modules write it: no user row gives "".
    auto rows = (*lease)->Query("SELECT " + UserNameSql("u") +
                                    " AS name FROM (SELECT CAST($1 AS BIGINT) AS id) x "
                                    "LEFT JOIN users u ON u.id = x.id",
                                {id});
    EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().detail);
    return rows.ok() && !rows->empty() ? rows->Text(0, "name") : "?";
  };
  EXPECT_EQ(name_of(named), "张伟");
  EXPECT_EQ(name_of(plain), "desk2");
  EXPECT_EQ(name_of(plain + 1000), "");
}

YB_INSTANTIATE_ON_BACKENDS(AuthDirectoryTest);

}  // namespace
}  // namespace yingbin::auth
