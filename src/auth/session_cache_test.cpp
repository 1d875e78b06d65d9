// The signed-in session cache of AuthService on a real database: a request reuses what the
// last one read for at most session_cache_ms, and every change made through this node to
// sessions, accounts or roles applies to the very next request. SQLite always, PostgreSQL
// too when YINGBIN_TEST_PG_URL names an admin URL.
#include <gtest/gtest.h>

#include "auth/service.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "db/test_database.hpp"

namespace yingbin::auth {
namespace {

constexpr char kPassword[] = "Cache-test-12345";

class SessionCacheTest : public ::testing::TestWithParam<db::Dialect> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(core::InitCrypto());
    YB_OPEN_TEST_DATABASE(db_, "sessioncache");
    Start(1000);
  }
  void TearDown() override {
    auth_.reset();
    db_.Close();
  }

  void Start(int cache_ms) {
    AuthOptions options;
    options.session_cache_ms = cache_ms;
    auth_ = std::make_unique<AuthService>(db_.pool(), clock_, options);
    ASSERT_TRUE(auth_->EnsureBuiltinRoles().ok());
    ASSERT_TRUE(auth_->EnsureFirstAdmin(std::string(kPassword)).ok());
  }

  LoginResult SignIn(const std::string& username = "admin") {
    auto r = auth_->Login(username, kPassword, "127.0.0.1", "test");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
    return r.ok() ? *r : LoginResult{};
  }

  bool SignedIn(const std::string& token) { return auth_->AuthenticateSession(token).ok(); }

  core::ManualClock clock_{1'800'000'000'000};
  db::TestDatabase db_;
  std::unique_ptr<AuthService> auth_;
};

TEST_P(SessionCacheTest, LogoutEndsTheSessionForTheVeryNextRequest) {
  LoginResult login = SignIn();
  auto p = auth_->AuthenticateSession(login.session_token);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(SignedIn(login.session_token));  // now served from the cache
  ASSERT_TRUE(auth_->Logout(*p).ok());
  EXPECT_FALSE(SignedIn(login.session_token));
}

TEST_P(SessionCacheTest, ARoleChangeAppliesToTheVeryNextRequest) {
  auto admin = auth_->AuthenticateSession(SignIn().session_token);
  ASSERT_TRUE(admin.ok());
  Role role;
  role.code = "mail_reader";
  role.name = "mail reader";
  role.scope = DataScope::kAll;
  role.permissions = {"mail.read"};
  auto created = auth_->CreateRole(*admin, role, "test");
  ASSERT_TRUE(created.ok());
  UserInput in;
  in.username = "reader";
  in.password = kPassword;
  in.role_ids = {created->id};
  ASSERT_TRUE(auth_->CreateUser(*admin, in, "test").ok());
  auto user_login = auth_->Login("reader", kPassword, "127.0.0.1", "test");
  ASSERT_TRUE(user_login.ok());
  const std::string token = user_login->session_token;
  ASSERT_TRUE(auth_->AuthenticateSession(token)->Can("mail.read"));

  RolePatch patch;
  patch.permissions = std::vector<std::string>{"calls.read"};
  ASSERT_TRUE(auth_->UpdateRole(*admin, created->id, patch, "test").ok());
  auto after = auth_->AuthenticateSession(token);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->Can("mail.read"));
  EXPECT_TRUE(after->Can("calls.read"));

  UserPatch disable;
  disable.disabled = true;
  ASSERT_TRUE(auth_->UpdateUser(*admin, after->user_id, disable, "test").ok());
  EXPECT_FALSE(SignedIn(token));
}

// A change made by another node (here: straight in the database) is seen once the cached
// entry is older than session_cache_ms, and at once when the cache is off.
TEST_P(SessionCacheTest, AnotherNodesRevocationIsSeenWithinTheCacheTime) {
  LoginResult login = SignIn();
  ASSERT_TRUE(SignedIn(login.session_token));
  db_.Scalar("UPDATE sessions SET revoked_at = 1 RETURNING id");
  EXPECT_TRUE(SignedIn(login.session_token));
  clock_.Advance(999);
  EXPECT_TRUE(SignedIn(login.session_token));
  clock_.Advance(1);
  EXPECT_FALSE(SignedIn(login.session_token));

  Start(0);
  LoginResult again = SignIn();
  ASSERT_TRUE(SignedIn(again.session_token));
  db_.Scalar("UPDATE sessions SET revoked_at = 1 WHERE revoked_at IS NULL RETURNING id");
  EXPECT_FALSE(SignedIn(again.session_token));
}

YB_INSTANTIATE_ON_BACKENDS(SessionCacheTest);

}  // namespace
}  // namespace yingbin::auth
