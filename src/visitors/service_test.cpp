// The timed rules of receiving visitors, on a real SQLite database with the real task
// scheduler driven by a manual clock: VIS-4 (early arrival: the host is told at T-10),
// VIS-13 (no answer in 5 minutes: reminder + desk note), VIS-5 (the promised wait is over),
// VIS-15 (not checked out at close), and that every move writes its audit and outbox rows
// in the same transaction.
#include "visitors/service.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "db/db.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "tasks/scheduler.hpp"

namespace yingbin::visitors {
namespace {

constexpr int64_t kMinute = 60'000;

class VisitRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(core::InitCrypto());
    dir_ = std::filesystem::temp_directory_path() /
           ("yb-visitors-" + core::RandomHex(6));
    std::filesystem::create_directories(dir_);
    auto pool = db::Pool::Open({"sqlite:" + (dir_ / "t.db").string(), 4});
    ASSERT_TRUE(pool.ok());
    pool_ = *pool;
    ASSERT_TRUE(db::Migrate(*pool_).ok());
    // Monday 2026-11-23 09:00 in Shanghai (01:00 UTC), inside desk hours.
    now_ = *core::ParseIso("2026-11-23T09:00:00+08:00", "t");
    clock_.Set(now_);
    ASSERT_TRUE(org::EnsureDefaultSite(*pool_, now_).ok());
    site_id_ = Scalar("SELECT id FROM sites WHERE code = 'HQ'");
    host_user_ = Scalar(
        "INSERT INTO users (username, username_key, password_hash, password_changed_at, "
        "created_at, updated_at) VALUES ('zw', 'zw', 'x', 0, 0, 0) RETURNING id");
    host_staff_ = Scalar("INSERT INTO staff (name, site_id, user_id, created_at, updated_at) VALUES "
                         "('张伟', " + std::to_string(site_id_) + ", " + std::to_string(host_user_) +
                         ", 0, 0) RETURNING id");
    desk_.user_id = Scalar(
        "INSERT INTO users (username, username_key, password_hash, password_changed_at, "
        "created_at, updated_at) VALUES ('desk', 'desk', 'x', 0, 0, 0) RETURNING id");
    desk_.username = "desk";
    desk_.scope = auth::DataScope::kAll;
    desk_.permissions = {"visits.read", "visits.write", "visits.host"};
    scheduler_ = std::make_unique<tasks::Scheduler>(*pool_, clock_);
    RegisterTaskHandlers(*scheduler_);
  }
  void TearDown() override {
    scheduler_.reset();
    pool_.reset();
    std::filesystem::remove_all(dir_);
  }

  int64_t Scalar(const std::string& sql) {
    auto lease = pool_->Acquire();
    auto rows = (*lease)->Query(sql);
    EXPECT_TRUE(rows.ok()) << sql << " " << (rows.ok() ? "" : rows.error().detail);
    return rows.ok() && !rows->empty() ? rows->Int(0, 0) : 0;
  }
  int64_t Count(const std::string& where) { return Scalar("SELECT COUNT(*) FROM " + where); }

  Ctx At(int64_t t) { return Ctx{*pool_, desk_, t, cipher_, ""}; }

  Visit WalkIn(const std::string& name) {
    WalkInInput in;
    in.site_id = site_id_;
    in.person.name = name;
    in.host_staff_id = host_staff_;
    auto r = RegisterWalkIn(At(clock_.NowMs()), in);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().key + " " + r.error().field);
    return r.ok() ? r->visit : Visit{};
  }

  int64_t Notes(const std::string& topic) {
    return Count("notifications WHERE topic = '" + topic + "'");
  }

  std::filesystem::path dir_;
  std::shared_ptr<db::Pool> pool_;
  core::ManualClock clock_{0};
  core::FieldCipher cipher_ = core::FieldCipher::FromKey(std::string(32, 'k'));
  std::unique_ptr<tasks::Scheduler> scheduler_;
  auth::Principal desk_;
  int64_t now_ = 0, site_id_ = 0, host_user_ = 0, host_staff_ = 0;
};

TEST_F(VisitRulesTest, Vis13_NoAnswerInFiveMinutesRemindsHostAndTellsDesk) {
  Visit v = WalkIn("陈晓明");
  EXPECT_EQ(Notes("visit.arrived"), 1) << "the host is told at once";
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 4 * kMinute).ok());
  EXPECT_EQ(Notes("visit.no_answer"), 0) << "not before 5 minutes";
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 5 * kMinute).ok());
  EXPECT_EQ(Notes("visit.reminder"), 1) << "the host is reminded";
  EXPECT_EQ(Notes("visit.no_answer"), 1) << "the clerk who owns the visit gets a note";
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 10 * kMinute).ok());
  EXPECT_EQ(Notes("visit.reminder"), 1) << "a task fires once";
  (void)v;
}

TEST_F(VisitRulesTest, Vis13_AnAnswerStopsTheReminder) {
  Visit v = WalkIn("刘洋");
  auth::Principal host;
  host.user_id = host_user_;
  host.permissions = {"visits.host"};
  auto a = Answer(Ctx{*pool_, host, now_ + kMinute, cipher_, ""}, v.id, {"coming", {}, {}, ""});
  ASSERT_TRUE(a.ok()) << a.error().key;
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 6 * kMinute).ok());
  EXPECT_EQ(Notes("visit.reminder"), 0);
  EXPECT_EQ(Count("tasks WHERE kind = 'visit.host_no_answer' AND status = 'done'"), 1);
}

TEST_F(VisitRulesTest, Vis5_WaitPromiseOverRemindsHostAgain) {
  Visit v = WalkIn("孙丽");
  auth::Principal host;
  host.user_id = host_user_;
  host.permissions = {"visits.host"};
  ASSERT_TRUE(Answer(Ctx{*pool_, host, now_ + kMinute, cipher_, ""}, v.id, {"wait", 10, {}, ""}).ok());
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 10 * kMinute).ok());
  EXPECT_EQ(Notes("visit.long_wait"), 0);
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 11 * kMinute).ok());
  EXPECT_EQ(Notes("visit.long_wait"), 1);
  EXPECT_EQ(Notes("visit.reminder"), 1);
}

TEST_F(VisitRulesTest, Vis4_EarlyArrivalNotifiesHostTenMinutesBefore) {
  BookInput b;
  b.site_id = site_id_;
  b.person.name = "周杰";
  b.host_staff_id = host_staff_;
  b.expected_at = now_ + 60 * kMinute;
  auto booked = Book(At(now_), b);
  ASSERT_TRUE(booked.ok()) << booked.error().key << " " << booked.error().field;
  // Arrives 40 minutes early.
  auto in = CheckIn(At(now_ + 20 * kMinute), booked->id);
  ASSERT_TRUE(in.ok()) << in.error().key;
  EXPECT_EQ(Notes("visit.arrived"), 0) << "seated and served; the host is not disturbed yet";
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 49 * kMinute).ok());
  EXPECT_EQ(Notes("visit.arrived"), 0);
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 50 * kMinute).ok());
  EXPECT_EQ(Notes("visit.arrived"), 1) << "told at T-10";
}

TEST_F(VisitRulesTest, Vis4_LeadTimeIsASetting) {
  auth::Principal admin;
  admin.user_id = desk_.user_id;
  ASSERT_TRUE(org::PutSetting(*pool_, admin, now_, "visits.notify_before_minutes", 5, "").ok());
  BookInput b;
  b.site_id = site_id_;
  b.person.name = "吴敏";
  b.host_staff_id = host_staff_;
  b.expected_at = now_ + 60 * kMinute;
  auto booked = Book(At(now_), b);
  ASSERT_TRUE(booked.ok());
  ASSERT_TRUE(CheckIn(At(now_ + 20 * kMinute), booked->id).ok());
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 50 * kMinute).ok());
  EXPECT_EQ(Notes("visit.arrived"), 0);
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 55 * kMinute).ok());
  EXPECT_EQ(Notes("visit.arrived"), 1);
}

TEST_F(VisitRulesTest, Vis15_StillOnSiteAtCloseIsListedAndTheDeskTold) {
  Visit v = WalkIn("郑凯");
  const int64_t close = *core::ParseIso("2026-11-23T17:30:00+08:00", "t");
  auto before = NotCheckedOut(*pool_, site_id_, close - kMinute);
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->empty()) << "before closing time the visit is simply on site";
  ASSERT_TRUE(scheduler_->RunOnce(close).ok());
  EXPECT_EQ(Notes("visit.not_checked_out"), 1);
  auto after = NotCheckedOut(*pool_, site_id_, close + kMinute);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].id, v.id);
  ASSERT_TRUE(CheckOut(At(close + 2 * kMinute), v.id, "").ok());
  EXPECT_TRUE(NotCheckedOut(*pool_, site_id_, close + 3 * kMinute)->empty());
}

TEST_F(VisitRulesTest, CheckOutCancelsOpenTasks) {
  Visit v = WalkIn("王五");
  ASSERT_TRUE(CheckOut(At(now_ + kMinute), v.id, "").ok());
  EXPECT_EQ(Count("tasks WHERE subject_id = " + std::to_string(v.id) + " AND status = 'open'"), 0);
  ASSERT_TRUE(scheduler_->RunOnce(now_ + 10 * kMinute).ok());
  EXPECT_EQ(Notes("visit.reminder"), 0);
}

TEST_F(VisitRulesTest, IllegalMoveWritesNothing) {
  Visit v = WalkIn("赵六");
  const int64_t audit = Count("audit_log");
  const int64_t outbox = Count("outbox");
  auto again = CheckIn(At(now_ + kMinute), v.id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().key, "visits.illegal_transition");
  EXPECT_EQ(Count("audit_log"), audit);
  EXPECT_EQ(Count("outbox"), outbox);
}

}  // namespace
}  // namespace yingbin::visitors
