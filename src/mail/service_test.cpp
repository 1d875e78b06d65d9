// The timed rules of the mail desk on a real SQLite database with the real task scheduler
// driven by a manual clock and the default desk hours (08:30-11:30, 13:30-17:30, Monday to
// Friday): MAIL-1 reminders every N hours of desk time, the overdue mark after M working
// days, MAIL-2 renewal notices; that a refused move writes nothing; and VIS-10 couriers.
#include "mail/service.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "db/db.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "tasks/scheduler.hpp"
#include "visitors/service.hpp"

namespace yingbin::mail {
namespace {

constexpr int64_t kMinute = 60'000;
int64_t At(const char* iso) { return *core::ParseIso(iso, "t"); }

class MailRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(core::InitCrypto());
    dir_ = std::filesystem::temp_directory_path() / ("yb-mail-" + core::RandomHex(6));
    std::filesystem::create_directories(dir_);
    auto pool = db::Pool::Open({"sqlite:" + (dir_ / "t.db").string(), 4});
    ASSERT_TRUE(pool.ok());
    pool_ = *pool;
    ASSERT_TRUE(db::Migrate(*pool_).ok());
    ASSERT_TRUE(org::EnsureDefaultSite(*pool_, At("2026-11-23T09:00:00+08:00")).ok());
    site_ = Scalar("SELECT id FROM sites WHERE code = 'HQ'");
    const int64_t role = Scalar(
        "INSERT INTO roles (code, name, scope, permissions, created_at, updated_at) VALUES "
        "('desk', 'desk', 'all', '[\"mail.read\",\"mail.write\",\"mail.subscriptions\"]', 0, 0) "
        "RETURNING id");
    desk_.user_id = Scalar(
        "INSERT INTO users (username, username_key, password_hash, password_changed_at, "
        "created_at, updated_at) VALUES ('desk', 'desk', 'x', 0, 0, 0) RETURNING id");
    Scalar("INSERT INTO user_roles (user_id, role_id) VALUES (" + std::to_string(desk_.user_id) +
           ", " + std::to_string(role) + ") RETURNING user_id");
    desk_.username = "desk";
    desk_.scope = auth::DataScope::kAll;
    desk_.permissions = {"mail.read", "mail.write", "mail.subscriptions", "visits.read",
                         "visits.write"};
    recipient_user_ = Scalar(
        "INSERT INTO users (username, username_key, password_hash, password_changed_at, "
        "created_at, updated_at) VALUES ('zw', 'zw', 'x', 0, 0, 0) RETURNING id");
    recipient_ = Scalar(
        "INSERT INTO staff (name, site_id, user_id, created_at, updated_at) VALUES "
        "('张伟', " +
        std::to_string(site_) + ", " + std::to_string(recipient_user_) + ", 0, 0) RETURNING id");
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
  int64_t Notes(const std::string& topic) {
    return Count("notifications WHERE topic = '" + topic + "'");
  }

  Ctx CtxAt(int64_t t) { return Ctx{*pool_, desk_, t, ""}; }

  Item Intake(int64_t t, const std::string& tracking = "") {
    IntakeInput in;
    in.site_id = site_;
    in.tracking_no = tracking;
    in.recipient_staff_id = recipient_;
    auto r = Receive(CtxAt(t), in);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().key + " " + r.error().field);
    return r.ok() ? *r : Item{};
  }

  std::filesystem::path dir_;
  std::shared_ptr<db::Pool> pool_;
  core::ManualClock clock_{0};
  std::unique_ptr<tasks::Scheduler> scheduler_;
  auth::Principal desk_;
  int64_t site_ = 0, recipient_ = 0, recipient_user_ = 0;
};

TEST_F(MailRulesTest, Mail1_RecipientIsToldAtOnceWithTheCode) {
  Item m = Intake(At("2026-11-23T10:00:00+08:00"));
  EXPECT_EQ(Notes("mail.received"), 1);
  EXPECT_EQ(Count("notifications WHERE user_id = " + std::to_string(recipient_user_) +
                  " AND body LIKE '%" + m.pickup_code + "%'"),
            1);
  EXPECT_EQ(Count("audit_log WHERE entity = 'mail_item' AND action = 'create'"), 1);
}

TEST_F(MailRulesTest, Mail1_RemindersCountOnlyDeskHours) {
  // Monday 16:30: one desk hour left today, three more on Tuesday morning.
  Intake(At("2026-11-23T16:30:00+08:00"));
  ASSERT_TRUE(scheduler_->RunOnce(At("2026-11-23T20:30:00+08:00")).ok());
  EXPECT_EQ(Notes("mail.reminder"), 0) << "four wall-clock hours are not four desk hours";
  ASSERT_TRUE(scheduler_->RunOnce(At("2026-11-24T11:29:00+08:00")).ok());
  EXPECT_EQ(Notes("mail.reminder"), 0);
  ASSERT_TRUE(scheduler_->RunOnce(At("2026-11-24T11:30:00+08:00")).ok());
  EXPECT_EQ(Notes("mail.reminder"), 1) << "Tuesday 11:30 is four desk hours later";
  // The next one: 13:30-17:30 on Tuesday afternoon.
  ASSERT_TRUE(scheduler_->RunOnce(At("2026-11-24T17:29:00+08:00")).ok());
  EXPECT_EQ(Notes("mail.reminder"), 1);
  ASSERT_TRUE(scheduler_->RunOnce(At("2026-11-24T17:30:00+08:00")).ok());
  EXPECT_EQ(Notes("mail.reminder"), 2);
  EXPECT_EQ(Count("tasks WHERE kind = 'mail.remind' AND status = 'open'"), 1)
      << "one reminder to-do at a time";
}

TEST_F(MailRulesTest, Mail1_ReminderIntervalIsASetting) {
  auth::Principal admin;
  admin.user_id = desk_.user_id;
  ASSERT_TRUE(org::PutSetting(*pool_, admin, 0, "mail.remind_every_hours", 1, "").ok());
  Intake(At("2026-11-23T09:00:00+08:00"));
  ASSERT_TRUE(scheduler_->RunOnce(At("2026-11-23T10:00:00+08:00")).ok());
  EXPECT_EQ(Notes("mail.reminder"), 1);
}

TEST_F(MailRulesTest, Mail1_OverdueAfterMWorkingDays) {
  // Friday 10:00 + 3 working days = Wednesday 10:00 (the weekend does not count).
  Item m = Intake(At("2026-11-27T10:00:00+08:00"));
  EXPECT_EQ(m.overdue_at, At("2026-12-02T10:00:00+08:00"));
  ItemQuery q;
  q.site_id = site_;
  q.overdue = true;
  auto before = ListItems(*pool_, desk_, q, At("2026-12-02T09:59:00+08:00"), 50, 0);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->total, 0);
  ASSERT_TRUE(scheduler_->RunOnce(At("2026-12-02T10:00:00+08:00")).ok());
  auto after = ListItems(*pool_, desk_, q, At("2026-12-02T10:00:00+08:00"), 50, 0);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->total, 1);
  EXPECT_EQ(after->items[0].id, m.id);
  EXPECT_EQ(Count("notifications WHERE topic = 'mail.overdue' AND user_id = " +
                  std::to_string(desk_.user_id)),
            1)
      << "the clerk who logged it";
  EXPECT_EQ(Count("notifications WHERE topic = 'mail.overdue' AND user_id = " +
                  std::to_string(recipient_user_)),
            1)
      << "and the recipient";
}

TEST_F(MailRulesTest, Mail1_PickupIsSignedAndStopsTheClock) {
  const int64_t t = At("2026-11-23T09:00:00+08:00");
  Item m = Intake(t);
  PickupInput none{"张伟", "", ""};
  auto refused = PickUp(CtxAt(t + kMinute), m.id, none);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().key, "mail.proof_required");
  PickupInput ok{"张伟", m.pickup_code, ""};
  auto done = PickUp(CtxAt(t + kMinute), m.id, ok);
  ASSERT_TRUE(done.ok()) << done.error().key;
  EXPECT_EQ(done->status, ItemStatus::kPickedUp);
  EXPECT_EQ(Count("tasks WHERE subject_type = 'mail_item' AND status = 'open'"), 0);
  ASSERT_TRUE(scheduler_->RunOnce(At("2026-12-31T09:00:00+08:00")).ok());
  EXPECT_EQ(Notes("mail.reminder"), 0);
  EXPECT_EQ(Notes("mail.overdue"), 0);
}

TEST_F(MailRulesTest, Mail1_IllegalMoveWritesNothing) {
  const int64_t t = At("2026-11-23T09:00:00+08:00");
  Item m = Intake(t);
  ASSERT_TRUE(Return(CtxAt(t + kMinute), m.id, "to_sender", "地址不详").ok());
  const int64_t audit = Count("audit_log");
  const int64_t outbox = Count("outbox");
  auto again = PickUp(CtxAt(t + 2 * kMinute), m.id, PickupInput{"张伟", m.pickup_code, ""});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().key, "mail.already_returned");
  EXPECT_EQ(Count("audit_log"), audit);
  EXPECT_EQ(Count("outbox"), outbox);
  EXPECT_EQ(Count("mail_files"), 0);
}

TEST_F(MailRulesTest, Mail1_DuplicateTrackingWhileWaiting) {
  const int64_t t = At("2026-11-23T09:00:00+08:00");
  Item first = Intake(t, "ZT 5566-7788");
  IntakeInput in;
  in.site_id = site_;
  in.tracking_no = "zt55667788";
  in.recipient_staff_id = recipient_;
  auto dup = Receive(CtxAt(t), in);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().key, "mail.duplicate_tracking");
  EXPECT_EQ(dup.error().field, "tracking_no");
  EXPECT_EQ(dup.error().args.at(0).second, first.number);
  EXPECT_EQ(Count("mail_items"), 1);
}

TEST_F(MailRulesTest, Mail2_RenewalNoticeAtDeskOpeningNDaysBefore) {
  Subscription s;
  s.site_id = site_;
  s.title = "人民日报";
  s.kind = "newspaper";
  s.recipient_staff_id = recipient_;
  s.period_start = 20260101;
  s.period_end = 20261231;
  s.renewal_date = 20261231;
  auto saved = PutSubscription(CtxAt(At("2026-11-23T09:00:00+08:00")), std::nullopt, s);
  ASSERT_TRUE(saved.ok()) << saved.error().key << " " << saved.error().field;
  EXPECT_EQ(saved->state, SubscriptionState::kActive);
  EXPECT_EQ(saved->renewal_notice_date, 20261201);
  // 30 days before 12-31 is Tuesday 12-01; the desk opens at 08:30.
  ASSERT_TRUE(scheduler_->RunOnce(At("2026-12-01T08:29:00+08:00")).ok());
  EXPECT_EQ(Notes("mail.renewal_due"), 0);
  ASSERT_TRUE(scheduler_->RunOnce(At("2026-12-01T08:30:00+08:00")).ok());
  EXPECT_EQ(Notes("mail.renewal_due"), 1) << "the user holding mail.subscriptions is told";
  auto now = GetSubscription(*pool_, saved->s.id, At("2026-12-01T08:30:00+08:00"));
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->state, SubscriptionState::kRenewalDue);
  auto later = GetSubscription(*pool_, saved->s.id, At("2027-01-01T08:30:00+08:00"));
  EXPECT_EQ(later->state, SubscriptionState::kExpired);
}

TEST_F(MailRulesTest, Vis10_CourierCreatesTheMailItemWithTheVisit) {
  core::FieldCipher cipher = core::FieldCipher::FromKey(std::string(32, 'k'));
  visitors::WalkInInput w;
  w.site_id = site_;
  w.person.name = "快递员";
  w.person.company = "顺丰速运";
  w.visitor_kind = "courier";
  w.host_staff_id = recipient_;
  auto r = visitors::RegisterWalkIn(
      visitors::Ctx{*pool_, desk_, At("2026-11-23T10:00:00+08:00"), cipher, ""}, w);
  ASSERT_TRUE(r.ok()) << r.error().key << " " << r.error().field;
  ASSERT_TRUE(r->mail_item.has_value());
  EXPECT_EQ(r->mail_item->visit_id, r->visit.id);
  EXPECT_EQ(r->mail_item->carrier, "顺丰速运");
  EXPECT_EQ(r->mail_item->kind, "package");
  EXPECT_EQ(r->mail_item->recipient_staff_id, recipient_);
  EXPECT_EQ(Count("mail_items WHERE visit_id = " + std::to_string(r->visit.id)), 1);
  EXPECT_EQ(Notes("mail.received"), 1) << "the recipient is told once, by the mail desk";
}

}  // namespace
}  // namespace yingbin::mail
