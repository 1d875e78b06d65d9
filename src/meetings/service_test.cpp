// The meeting service on a real SQLite database with the real task scheduler driven by a
// manual clock: MTG-4 conflicts with buffers and from parallel threads (exactly one wins),
// a refused booking writes nothing; MTG-3 checklist tasks at their times, moved with the
// meeting, escalated to the admin clerks when missed; VIS-11 approvals.
#include "meetings/service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "db/db.hpp"
#include "org/service.hpp"
#include "tasks/scheduler.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::meetings {
namespace {

constexpr int64_t kMinute = 60'000;
int64_t At(const char* iso) { return *core::ParseIso(iso, "t"); }

class MeetingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(core::InitCrypto());
    dir_ = std::filesystem::temp_directory_path() / ("yb-mtg-" + core::RandomHex(6));
    std::filesystem::create_directories(dir_);
    auto pool = db::Pool::Open({"sqlite:" + (dir_ / "t.db").string(), 8});
    ASSERT_TRUE(pool.ok());
    pool_ = *pool;
    ASSERT_TRUE(db::Migrate(*pool_).ok());
    ASSERT_TRUE(org::EnsureDefaultSite(*pool_, now_).ok());
    site_ = Scalar("SELECT id FROM sites WHERE code = 'HQ'");
    const int64_t role = Scalar(
        "INSERT INTO roles (code, name, scope, permissions, created_at, updated_at) VALUES "
        "('mtg', 'mtg', 'all', '[\"meetings.read\",\"meetings.book\",\"meetings.approve\","
        "\"meetings.admin\"]', 0, 0) RETURNING id");
    clerk_.user_id = Scalar(
        "INSERT INTO users (username, username_key, password_hash, password_changed_at, "
        "created_at, updated_at) VALUES ('clerk', 'clerk', 'x', 0, 0, 0) RETURNING id");
    Scalar("INSERT INTO user_roles (user_id, role_id) VALUES (" + std::to_string(clerk_.user_id) +
           ", " + std::to_string(role) + ") RETURNING user_id");
    clerk_.username = "clerk";
    clerk_.scope = auth::DataScope::kAll;
    clerk_.permissions = {"meetings.read", "meetings.book", "meetings.approve", "meetings.admin"};
    room_ = Venue("小会议室", "small_meeting_room");
    large_ = Venue("大会议室", "large_meeting_room");
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
  int64_t Venue(const std::string& name, const std::string& kind) {
    return Scalar(
        "INSERT INTO venues (site_id, name, kind, capacity, created_at, updated_at) "
        "VALUES (" +
        std::to_string(site_) + ", '" + name + "', '" + kind + "', 10, 0, 0) RETURNING id");
  }
  Ctx CtxAt(int64_t t) { return Ctx{*pool_, clerk_, t, ""}; }
  BookingInput Input(const char* start, const char* end, int64_t venue = 0) {
    BookingInput in;
    in.venue_id = venue ? venue : room_;
    in.title = "周例会";
    in.start_at = At(start);
    in.end_at = At(end);
    in.clerk_user_id = clerk_.user_id;
    return in;
  }
  std::vector<tasks::Task> Checklist(int64_t meeting) {
    auto lease = pool_->Acquire();
    tasks::Query q;
    q.subject_type = "meeting";
    q.subject_id = meeting;
    return *tasks::List(**lease, q);
  }

  // Monday 2026-11-23 09:00 in Shanghai.
  int64_t now_ = At("2026-11-23T09:00:00+08:00");
  core::ManualClock clock_{now_};
  std::filesystem::path dir_;
  std::shared_ptr<db::Pool> pool_;
  std::unique_ptr<tasks::Scheduler> scheduler_;
  auth::Principal clerk_;
  int64_t site_ = 0, room_ = 0, large_ = 0;
};

TEST_F(MeetingsTest, Mtg4_BuffersAreOccupancyAndARefusalWritesNothing) {
  auto a = Book(CtxAt(now_), Input("2026-11-24T09:00:00+08:00", "2026-11-24T10:00:00+08:00"));
  ASSERT_TRUE(a) << a.error().key;
  const int64_t meetings = Scalar("SELECT COUNT(*) FROM meetings");
  const int64_t tasks = Scalar("SELECT COUNT(*) FROM tasks");
  const int64_t audit = Scalar("SELECT COUNT(*) FROM audit_log");
  // 10:30 with its 30-minute set-up meets the 15-minute clean-up until 10:15.
  auto b = Book(CtxAt(now_), Input("2026-11-24T10:30:00+08:00", "2026-11-24T11:00:00+08:00"));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().key, "meetings.room_taken");
  EXPECT_EQ(b.error().code, core::ErrorCode::kConflict);
  bool named = false;
  for (const auto& [k, v] : b.error().args) named = named || (k == "title" && v == "周例会");
  EXPECT_TRUE(named);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM meetings"), meetings);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM tasks"), tasks);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log"), audit);
  auto c = Book(CtxAt(now_), Input("2026-11-24T10:45:00+08:00", "2026-11-24T11:00:00+08:00"));
  EXPECT_TRUE(c);
}

TEST_F(MeetingsTest, Mtg4_ParallelBookingsOfOneSlotExactlyOneWins) {
  std::atomic<int> won{0}, lost{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i)
    threads.emplace_back([&] {
      auto r = Book(CtxAt(now_), Input("2026-11-25T14:00:00+08:00", "2026-11-25T15:00:00+08:00"));
      if (r)
        ++won;
      else if (r.error().key == "meetings.room_taken")
        ++lost;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(lost.load(), 15);
}

TEST_F(MeetingsTest, Mtg3_ChecklistMovesWithTheMeetingAndMissedItemsEscalate) {
  auto m = Book(CtxAt(now_), Input("2026-11-23T10:00:00+08:00", "2026-11-23T10:40:00+08:00"));
  ASSERT_TRUE(m) << m.error().key;
  auto list = Checklist(m->meeting.id);
  ASSERT_EQ(list.size(), 6u);  // set-up, greeting, tea, two refills, clean-up
  EXPECT_EQ(list.front().kind, "meeting.setup");
  EXPECT_EQ(list.front().due_at, At("2026-11-23T09:30:00+08:00"));
  EXPECT_EQ(list.front().owner_user_id, clerk_.user_id);
  EXPECT_EQ(list.back().due_at, At("2026-11-23T10:40:00+08:00"));

  MeetingPatch p;
  p.start_at = At("2026-11-23T11:00:00+08:00");
  p.end_at = At("2026-11-23T12:00:00+08:00");
  ASSERT_TRUE(Update(CtxAt(now_), m->meeting.id, p));
  list = Checklist(m->meeting.id);
  ASSERT_EQ(list.size(), 7u);  // three refills now
  EXPECT_EQ(list.front().due_at, At("2026-11-23T10:30:00+08:00"));

  // The set-up falls due at 10:30 and is still open at 10:40: the admin clerks hear of it.
  clock_.Set(At("2026-11-23T10:35:00+08:00"));
  ASSERT_TRUE(scheduler_->RunOnce(clock_.NowMs()));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM notifications WHERE topic = 'meeting.task_due'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM notifications WHERE topic = 'meeting.task_missed'"), 0);
  clock_.Set(At("2026-11-23T10:41:00+08:00"));
  ASSERT_TRUE(scheduler_->RunOnce(clock_.NowMs()));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM notifications WHERE topic = 'meeting.task_missed'"), 1);

  // Cancelled: nothing of it stays open.
  ASSERT_TRUE(Cancel(CtxAt(clock_.NowMs()), m->meeting.id, false));
  EXPECT_TRUE(Checklist(m->meeting.id).empty());
}

TEST_F(MeetingsTest, Vis11_LargeRoomWaitsAndCategoryAIsBookedADayAhead) {
  auto big =
      Book(CtxAt(now_), Input("2026-11-26T09:00:00+08:00", "2026-11-26T10:00:00+08:00", large_));
  ASSERT_TRUE(big);
  EXPECT_EQ(big->meeting.status, State::kPending);
  EXPECT_TRUE(Checklist(big->meeting.id).empty()) << "no service before approval";
  auto in = Input("2026-11-23T15:00:00+08:00", "2026-11-23T16:00:00+08:00");
  in.category = "A";
  auto late = Book(CtxAt(now_), in);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().key, "meetings.category_a_notice");
  EXPECT_FALSE(Decide(CtxAt(now_), big->meeting.id, false)) << "a rejection needs a reason";
  auto ok = Decide(CtxAt(now_), big->meeting.id, true);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, State::kConfirmed);
  EXPECT_FALSE(Checklist(big->meeting.id).empty());
  EXPECT_EQ(Decide(CtxAt(now_), big->meeting.id, true).error().key, "meetings.not_pending");
}

}  // namespace
}  // namespace yingbin::meetings
