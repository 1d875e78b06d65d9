// The phone desk's timed and stateful rules on a real database with the real task
// scheduler driven by a manual clock: TEL-2 (a message reaches its recipients at once and
// reminds them every N desk minutes while open; handled once), TEL-3 (no transfer or
// message without the caller's name and organisation), the department rule, and that a
// refused change writes nothing. SQLite always; PostgreSQL too when YINGBIN_TEST_PG_URL
// names an admin URL (postgresql://postgres@127.0.0.1:PORT/postgres).
#include "calls/service.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "tasks/scheduler.hpp"

namespace yingbin::calls {
namespace {

constexpr int64_t kMinute = 60'000;

std::string Suffix() {
  static std::mt19937_64 rng{std::random_device{}()};
  return std::to_string(getpid()) + "_" + std::to_string(rng() % 1000000000);
}

// "postgresql://u@h:p/postgres?x" -> the same with database `db`.
std::string WithDatabase(const std::string& url, const std::string& db) {
  size_t start = url.find("://");
  size_t slash = url.find('/', start == std::string::npos ? 0 : start + 3);
  size_t query = url.find('?');
  std::string base = url.substr(0, slash == std::string::npos ? query : slash);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + db + tail;
}

class CallRulesTest : public ::testing::TestWithParam<db::Dialect> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(core::InitCrypto());
    std::string url;
    if (GetParam() == db::Dialect::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() / ("yb-calls-" + Suffix());
      std::filesystem::create_directories(dir_);
      url = "sqlite:" + (dir_ / "t.db").string();
    } else {
      const char* admin = std::getenv("YINGBIN_TEST_PG_URL");
      if (!admin || !*admin) GTEST_SKIP() << "YINGBIN_TEST_PG_URL not set";
      admin_url_ = admin;
      db_name_ = "yb_calls_" + Suffix();
      auto admin_pool = db::Pool::Open({admin_url_, 1});
      ASSERT_TRUE(admin_pool.ok()) << admin_pool.error().detail;
      auto lease = (*admin_pool)->Acquire();
      ASSERT_TRUE(lease.ok());
      ASSERT_TRUE((*lease)->ExecScript("CREATE DATABASE " + db_name_).ok());
      url = WithDatabase(admin_url_, db_name_);
    }
    auto pool = db::Pool::Open({url, 4});
    ASSERT_TRUE(pool.ok()) << pool.error().detail;
    pool_ = *pool;
    auto migrated = db::Migrate(*pool_);
    ASSERT_TRUE(migrated.ok()) << migrated.error().detail;
    // Monday 2026-11-23 09:00 in Shanghai, inside desk hours (08:30-11:30, 13:30-17:30).
    now_ = *core::ParseIso("2026-11-23T09:00:00+08:00", "t");
    clock_.Set(now_);
    ASSERT_TRUE(org::EnsureDefaultSite(*pool_, now_).ok());
    site_id_ = Scalar("SELECT id FROM sites WHERE code = 'HQ'");
    dept_ = Scalar(
        "INSERT INTO departments (name, created_at, updated_at) VALUES ('市场部', 0, 0) RETURNING "
        "id");
    boss_user_ = User("boss");
    boss_ = Staff("张总", boss_user_);
    head_user_ = User("head");
    head_ = Staff("李经理", head_user_);
    member_user_ = User("member");
    member_ = Staff("王员工", member_user_);
    outsider_user_ = User("outsider");
    Scalar("UPDATE departments SET head_staff_id = " + std::to_string(head_) +
           " WHERE id = " + std::to_string(dept_) + " RETURNING id");
    desk_.user_id = User("desk");
    desk_.username = "desk";
    desk_.scope = auth::DataScope::kAll;
    desk_.permissions = {"calls.read", "calls.write"};
    scheduler_ = std::make_unique<tasks::Scheduler>(*pool_, clock_);
    RegisterTaskHandlers(*scheduler_);
  }

  void TearDown() override {
    scheduler_.reset();
    pool_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!db_name_.empty()) {
      auto admin_pool = db::Pool::Open({admin_url_, 1});
      if (admin_pool.ok()) {
        auto lease = (*admin_pool)->Acquire();
        if (lease.ok())
          (void)(*lease)->ExecScript("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
      }
    }
  }

  int64_t Scalar(const std::string& sql) {
    auto lease = pool_->Acquire();
    auto rows = (*lease)->Query(sql);
    EXPECT_TRUE(rows.ok()) << sql << " " << (rows.ok() ? "" : rows.error().detail);
    return rows.ok() && !rows->empty() ? rows->Int(0, 0) : 0;
  }
  int64_t Count(const std::string& where) { return Scalar("SELECT COUNT(*) FROM " + where); }
  int64_t Notes(const std::string& topic) {
    return Count("notifications WHERE topic = '" + topic + "'");
  }
  int64_t User(const std::string& name) {
    return Scalar(
        "INSERT INTO users (username, username_key, password_hash, password_changed_at, "
        "created_at, updated_at) VALUES ('" +
        name + "', '" + name + "', 'x', 0, 0, 0) RETURNING id");
  }
  int64_t Staff(const std::string& name, int64_t user) {
    return Scalar(
        "INSERT INTO staff (name, site_id, department_id, user_id, created_at, updated_at) "
        "VALUES ('" +
        name + "', " + std::to_string(site_id_) + ", " + std::to_string(dept_) + ", " +
        std::to_string(user) + ", 0, 0) RETURNING id");
  }
  auth::Principal As(int64_t user) {
    auth::Principal p;
    p.user_id = user;
    p.username = "u" + std::to_string(user);
    p.scope = auth::DataScope::kDepartment;
    return p;
  }
  Ctx At(int64_t t, const auth::Principal& p) { return Ctx{*pool_, p, t, cipher_, ""}; }

  CallInput MessageFor(std::optional<int64_t> staff, std::optional<int64_t> dept) {
    CallInput in;
    in.site_id = site_id_;
    in.caller_name = "陈先生";
    in.organisation = "华为技术";
    in.phone = "138 1234 5678";
    in.matter = "合作洽谈";
    in.for_staff_id = staff;
    in.for_department_id = dept;
    in.outcome = "message_taken";
    in.message = "请回电";
    return in;
  }
  Message Take(CallInput in, int64_t at) {
    auto r = LogCall(At(at, desk_), in);
    EXPECT_TRUE(r.ok()) << (r.ok()
                                ? ""
                                : r.error().key + " " + r.error().field + " " + r.error().detail);
    return r.ok() && r->message ? *r->message : Message{};
  }

  std::filesystem::path dir_;
  std::string admin_url_, db_name_;
  std::shared_ptr<db::Pool> pool_;
  core::ManualClock clock_{0};
  core::FieldCipher cipher_ = core::FieldCipher::FromKey(std::string(32, 'k'));
  std::unique_ptr<tasks::Scheduler> scheduler_;
  auth::Principal desk_;
  int64_t now_ = 0, site_id_ = 0, dept_ = 0;
  int64_t boss_user_ = 0, boss_ = 0, head_user_ = 0, head_ = 0, member_user_ = 0, member_ = 0,
          outsider_user_ = 0;
};

TEST_P(CallRulesTest, Tel2_AMessageReachesItsRecipientAtOnceAndRemindsWhileOpen) {
  Message m = Take(MessageFor(boss_, std::nullopt), now_);
  ASSERT_GT(m.id, 0);
  EXPECT_EQ(Notes("call.message"), 1) << "told at once";
  EXPECT_EQ(Count("notifications WHERE topic = 'call.message' AND user_id = " +
                  std::to_string(boss_user_)),
            1);
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 29 * kMinute).ok());
  EXPECT_EQ(Notes("call.message_reminder"), 0) << "not before 30 minutes";
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 30 * kMinute).ok());
  EXPECT_EQ(Notes("call.message_reminder"), 1);
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 45 * kMinute).ok());
  EXPECT_EQ(Notes("call.message_reminder"), 1) << "every 30 minutes, not at every pass";
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 60 * kMinute).ok());
  EXPECT_EQ(Notes("call.message_reminder"), 2) << "again while open";
  auto mine = MyMessages(*pool_, As(boss_user_), false);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].reminders, 2);

  auto handled = HandleMessage(At(now_ + 61 * kMinute, As(boss_user_)), m.id, "已回电");
  ASSERT_TRUE(handled.ok()) << handled.error().key;
  EXPECT_EQ(handled->status, "handled");
  EXPECT_EQ(Count("tasks WHERE subject_type = 'call_message' AND status = 'open'"), 0);
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 120 * kMinute).ok());
  EXPECT_EQ(Notes("call.message_reminder"), 2) << "a handled message reminds no more";
  EXPECT_EQ(Notes("call.message_handled"), 1) << "the clerk learns the reply";
}

TEST_P(CallRulesTest, Tel2_RemindersCountDeskMinutesOnly) {
  // 17:20: ten desk minutes are left today; the other twenty run from 08:30 tomorrow.
  const int64_t late = *core::ParseIso("2026-11-23T17:20:00+08:00", "t");
  Take(MessageFor(boss_, std::nullopt), late);
  ASSERT_TRUE(scheduler_->RunOnce(late + 30 * kMinute).ok());
  EXPECT_EQ(Notes("call.message_reminder"), 0) << "no reminder after the desk closes";
  const int64_t tomorrow = *core::ParseIso("2026-11-24T08:49:00+08:00", "t");
  ASSERT_TRUE(scheduler_->RunOnce(tomorrow).ok());
  EXPECT_EQ(Notes("call.message_reminder"), 0);
  ASSERT_TRUE(scheduler_->RunOnce(tomorrow + kMinute).ok());
  EXPECT_EQ(Notes("call.message_reminder"), 1) << "08:50 the next working day";
}

TEST_P(CallRulesTest, Tel2_TheReminderIntervalIsASetting) {
  auth::Principal admin;
  admin.user_id = desk_.user_id;
  ASSERT_TRUE(org::PutSetting(*pool_, admin, now_, "calls.message_remind_minutes", 10, "").ok());
  Take(MessageFor(boss_, std::nullopt), now_);
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 10 * kMinute).ok());
  EXPECT_EQ(Notes("call.message_reminder"), 1);
}

TEST_P(CallRulesTest, Tel2_HandlingTwiceIsAConflictAndChangesNothing) {
  Message m = Take(MessageFor(boss_, std::nullopt), now_);
  ASSERT_TRUE(HandleMessage(At(now_ + kMinute, As(boss_user_)), m.id, "").ok());
  const int64_t audit = Count("audit_log");
  const int64_t outbox = Count("outbox");
  auto again = HandleMessage(At(now_ + 2 * kMinute, As(boss_user_)), m.id, "再次");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().key, "calls.message_handled");
  EXPECT_EQ(Count("audit_log"), audit);
  EXPECT_EQ(Count("outbox"), outbox);
  auto after = GetMessage(*pool_, As(boss_user_), m.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->reply_note, "");
}

TEST_P(CallRulesTest, Tel2_ADepartmentMessageGoesToItsHeadAndMembers) {
  Message m = Take(MessageFor(std::nullopt, dept_), now_);
  ASSERT_GT(m.id, 0);
  EXPECT_TRUE(m.ForDepartment());
  // boss, head and member all belong to the department (the head also as its head).
  for (int64_t u : {head_user_, member_user_, boss_user_}) {
    EXPECT_EQ(
        Count("notifications WHERE topic = 'call.message' AND user_id = " + std::to_string(u)), 1);
    auto mine = MyMessages(*pool_, As(u), false);
    ASSERT_TRUE(mine.ok());
    EXPECT_EQ(mine->size(), 1u);
  }
  auto outsider = HandleMessage(At(now_ + kMinute, As(outsider_user_)), m.id, "");
  ASSERT_FALSE(outsider.ok());
  EXPECT_EQ(outsider.error().key, "calls.not_your_message");
  auto theirs = MyMessages(*pool_, As(outsider_user_), false);
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->empty());
  // The desk may handle it for them, saying how.
  auto no_note = HandleMessage(At(now_ + kMinute, desk_), m.id, "");
  ASSERT_FALSE(no_note.ok());
  EXPECT_EQ(no_note.error().field, "note");
  auto by_member = HandleMessage(At(now_ + kMinute, As(member_user_)), m.id, "我来处理");
  ASSERT_TRUE(by_member.ok());
  EXPECT_FALSE(by_member->handled_on_behalf);
  auto head_open = MyMessages(*pool_, As(head_user_), false);
  EXPECT_TRUE(head_open->empty()) << "handled by one member, gone for all";
}

TEST_P(CallRulesTest, Tel3_NoMessageForAPersonWithoutTheCallersOrganisation) {
  const int64_t audit = Count("audit_log");
  CallInput in = MessageFor(boss_, std::nullopt);
  in.organisation.clear();
  auto r = LogCall(At(now_, desk_), in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "organisation");
  EXPECT_EQ(r.error().key, "calls.ask_organisation");
  EXPECT_EQ(Count("calls"), 0);
  EXPECT_EQ(Count("callers"), 0);
  EXPECT_EQ(Count("audit_log"), audit);
}

TEST_P(CallRulesTest, ReturningCallerIsFoundByPhoneAndBringsTheirNumber) {
  Take(MessageFor(boss_, std::nullopt), now_);
  auto found = FindCallers(*pool_, cipher_, "+86 138-1234-5678", 10);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].name, "陈先生");
  EXPECT_EQ((*found)[0].phone_hint, "138****5678");
  EXPECT_EQ((*found)[0].last_for_staff_name, "张总");
  auto by_tail = FindCallers(*pool_, cipher_, "5678", 10);
  ASSERT_TRUE(by_tail.ok());
  EXPECT_EQ(by_tail->size(), 1u);
  // The next call picks the caller: name, organisation and number come along.
  CallInput in;
  in.site_id = site_id_;
  in.caller_id = (*found)[0].id;
  in.for_staff_id = boss_;
  in.outcome = "message_taken";
  in.message = "第二次来电";
  Message second = Take(in, now_ + 5 * kMinute);
  EXPECT_EQ(second.caller_name, "陈先生");
  EXPECT_TRUE(second.has_phone);
  const int64_t reveals = Count("audit_log WHERE action = 'reveal'");
  auto number = CallbackNumber(At(now_ + 6 * kMinute, As(boss_user_)), second.id);
  ASSERT_TRUE(number.ok()) << number.error().key;
  EXPECT_EQ(*number, "13812345678");
  EXPECT_EQ(Count("audit_log WHERE action = 'reveal'"), reveals + 1) << "DATA-2: logged";
  auto stranger = CallbackNumber(At(now_ + 6 * kMinute, As(outsider_user_)), second.id);
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.error().code, core::ErrorCode::kForbidden);
  EXPECT_EQ(Count("callers"), 1) << "one caller, two calls";
}

INSTANTIATE_TEST_SUITE_P(Backends, CallRulesTest,
                         ::testing::Values(db::Dialect::kSqlite, db::Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == db::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace yingbin::calls
