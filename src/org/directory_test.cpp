// The directory's contract (org/directory.hpp) on a real database: SQLite always,
// PostgreSQL too when YINGBIN_TEST_PG_URL names an admin URL.
#include "org/directory.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "db/test_database.hpp"

namespace yingbin::org {
namespace {

class DirectoryTest : public ::testing::TestWithParam<db::Dialect> {
 protected:
  void SetUp() override {
    YB_OPEN_TEST_DATABASE(db_, "directory");
    site_ = Scalar(
        "INSERT INTO sites (name, code, created_at, updated_at) VALUES ('总部', 'HQ', 0, 0) "
        "RETURNING id");
    dept_ = Scalar(
        "INSERT INTO departments (name, created_at, updated_at) VALUES ('市场部', 0, 0) "
        "RETURNING id");
  }

  int64_t Scalar(const std::string& sql) { return db_.Scalar(sql); }

  // A user account; `staff_id` links it from the user's side (users.staff_id).
  int64_t User(const std::string& name, std::optional<int64_t> staff_id = std::nullopt,
               bool disabled = false) {
    return Scalar(
        "INSERT INTO users (username, username_key, password_hash, password_changed_at, "
        "staff_id, disabled, created_at, updated_at) VALUES ('" +
        name + "', '" + name + "', 'x', 0, " + (staff_id ? std::to_string(*staff_id) : "NULL") +
        ", " + (disabled ? "1" : "0") + ", 0, 0) RETURNING id");
  }

  // A staff member of the department; `user_id` links them from the staff side.
  int64_t Staff(const std::string& name, std::optional<int64_t> user_id = std::nullopt,
                bool active = true, const std::string& email = "") {
    return Scalar(
        "INSERT INTO staff (name, email, site_id, department_id, user_id, active, created_at, "
        "updated_at) VALUES ('" +
        name + "', '" + email + "', " + std::to_string(site_) + ", " + std::to_string(dept_) +
        ", " + (user_id ? std::to_string(*user_id) : "NULL") + ", " + (active ? "1" : "0") +
        ", 0, 0) RETURNING id");
  }

  db::Connection& Conn() {
    if (!lease_) {
      auto lease = db_.pool().Acquire();
      EXPECT_TRUE(lease.ok());
      lease_.emplace(std::move(*lease));
    }
    return **lease_;
  }

  void TearDown() override {
    lease_.reset();
    db_.Close();
  }

  db::TestDatabase db_;
  std::optional<db::Pool::Lease> lease_;
  int64_t site_ = 0, dept_ = 0;
};

TEST_P(DirectoryTest, FindStaffBriefAnswersTheRowAndItsAccount) {
  const int64_t user = User("zw");
  const int64_t staff = Staff("张伟", user, true, "zw@example.com");
  auto found = FindStaffBrief(Conn(), staff);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  const StaffBrief& s = **found;
  EXPECT_EQ(s.id, staff);
  EXPECT_EQ(s.name, "张伟");
  EXPECT_EQ(s.email, "zw@example.com");
  EXPECT_EQ(s.site_id, site_);
  EXPECT_EQ(s.department_id, dept_);
  EXPECT_EQ(s.user_id, user);
  EXPECT_TRUE(s.active);
}

TEST_P(DirectoryTest, FindStaffBriefTakesTheAccountFromEitherSide) {
  // Linked only from the user's side: the lowest such account, disabled ones too.
  const int64_t staff = Staff("李娜");
  const int64_t first = User("ln1", staff, /*disabled=*/true);
  User("ln2", staff);
  auto found = FindStaffBrief(Conn(), staff);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->user_id, first);
  // staff.user_id wins over users.staff_id.
  const int64_t own = User("wf");
  const int64_t linked = Staff("王芳", own);
  User("wf2", linked);
  found = FindStaffBrief(Conn(), linked);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->user_id, own);
}

TEST_P(DirectoryTest, FindStaffBriefWithoutAccountOrRow) {
  const int64_t staff = Staff("赵强", std::nullopt, /*active=*/false);
  auto found = FindStaffBrief(Conn(), staff);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->user_id, std::nullopt);
  EXPECT_FALSE((*found)->active) << "inactive staff are answered, marked inactive";
  auto missing = FindStaffBrief(Conn(), staff + 1000);
  ASSERT_TRUE(missing.ok()) << "a missing row is not an error";
  EXPECT_FALSE(missing->has_value());
}

TEST_P(DirectoryTest, StaffIdsOfUserFollowsBothLinks) {
  const int64_t user = User("zw");
  const int64_t own = Staff("张伟", user);
  const int64_t other = Staff("张伟（分部）", std::nullopt, /*active=*/false);
  Scalar("UPDATE users SET staff_id = " + std::to_string(other) +
         " WHERE id = " + std::to_string(user) + " RETURNING id");
  Staff("李娜");
  auto ids = StaffIdsOfUser(Conn(), user);
  ASSERT_TRUE(ids.ok());
  std::sort(ids->begin(), ids->end());
  EXPECT_EQ(*ids, (std::vector<int64_t>{own, other}));
  // Both links naming the same record count it once.
  Scalar("UPDATE users SET staff_id = " + std::to_string(own) +
         " WHERE id = " + std::to_string(user) + " RETURNING id");
  ids = StaffIdsOfUser(Conn(), user);
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*ids, (std::vector<int64_t>{own}));
  ids = StaffIdsOfUser(Conn(), User("nobody"));
  ASSERT_TRUE(ids.ok());
  EXPECT_TRUE(ids->empty());
}

TEST_P(DirectoryTest, UsersOfDepartmentAreTheActiveMembersAccounts) {
  const int64_t a = User("a");
  Staff("甲", a);
  const int64_t b_staff = Staff("乙");
  const int64_t b1 = User("b1", b_staff), b2 = User("b2", b_staff, /*disabled=*/true);
  const int64_t c = User("c");
  const int64_t c_staff = Staff("丙", c);
  User("c2", c_staff);  // staff.user_id wins: c2 is not among them
  Staff("丁", User("d"), /*active=*/false);
  Staff("戊");  // no account at all
  const int64_t other = Scalar(
      "INSERT INTO departments (name, parent_id, created_at, updated_at) VALUES ('市场二部', " +
      std::to_string(dept_) + ", 0, 0) RETURNING id");
  const int64_t sub = User("sub");
  Scalar(
      "INSERT INTO staff (name, department_id, user_id, created_at, updated_at) VALUES "
      "('己', " +
      std::to_string(other) + ", " + std::to_string(sub) + ", 0, 0) RETURNING id");
  auto users = UsersOfDepartment(Conn(), dept_);
  ASSERT_TRUE(users.ok());
  std::sort(users->begin(), users->end());
  EXPECT_EQ(*users, (std::vector<int64_t>{a, b1, b2, c}));
  users = UsersOfDepartment(Conn(), dept_ + 1000);
  ASSERT_TRUE(users.ok());
  EXPECT_TRUE(users->empty());
}

TEST_P(DirectoryTest, FindDepartmentBrief) {
  const int64_t head = Staff("李经理");
  Scalar("UPDATE departments SET head_staff_id = " + std::to_string(head) +
         " WHERE id = " + std::to_string(dept_) + " RETURNING id");
  auto found = FindDepartmentBrief(Conn(), dept_);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, dept_);
  EXPECT_EQ((*found)->name, "市场部");
  EXPECT_EQ((*found)->head_staff_id, head);
  auto missing = FindDepartmentBrief(Conn(), dept_ + 1000);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(DirectoryTest, SiteExistsAndCheckSiteReference) {
  auto exists = SiteExists(Conn(), site_);
  ASSERT_TRUE(exists.ok());
  EXPECT_TRUE(*exists);
  exists = SiteExists(Conn(), site_ + 1000);
  ASSERT_TRUE(exists.ok());
  EXPECT_FALSE(*exists);
  EXPECT_TRUE(CheckSiteReference(Conn(), site_).ok());
  auto bad = CheckSiteReference(Conn(), site_ + 1000);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().key, "validation.unknown_reference");
  EXPECT_EQ(bad.error().field, "site_id");
  EXPECT_EQ(CheckSiteReference(Conn(), site_ + 1000, "venue.site_id").error().field,
            "venue.site_id");
}

TEST_P(DirectoryTest, SiteNameOfAnswersTheNameOrTheReferenceError) {
  auto name = SiteNameOf(Conn(), site_);
  ASSERT_TRUE(name.ok());
  auto rows = Conn().Query("SELECT name FROM sites WHERE id = $1", {site_});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*name, rows->Text(0, 0));
  EXPECT_FALSE(name->empty());
  auto bad = SiteNameOf(Conn(), site_ + 1000, "venue.site_id");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().key, "validation.unknown_reference");
  EXPECT_EQ(bad.error().field, "venue.site_id");
}

YB_INSTANTIATE_ON_BACKENDS(DirectoryTest);

}  // namespace
}  // namespace yingbin::org
