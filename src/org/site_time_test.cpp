// org/site_time.hpp: the local day and clock time of an instant at a site. The pure forms
// on calendars; the site forms on a real database (SQLite always, PostgreSQL too when
// YINGBIN_TEST_PG_URL names an admin URL).
#include "org/site_time.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"
#include "db/test_database.hpp"
#include "org/service.hpp"
#include "org/store.hpp"

namespace yingbin::org {
namespace {

int64_t At(const char* iso) { return *core::ParseIso(iso, "t"); }

core::BusinessCalendar Zone(const char* tz) {
  core::BusinessCalendar cal;
  cal.time_zone = tz;
  return cal;
}

TEST(SiteTime, SiteDayIsTheLocalDate) {
  // 23:30 UTC on the 22nd is already the 23rd in Shanghai (UTC+8).
  const int64_t t = At("2026-11-22T23:30:00Z");
  EXPECT_EQ(*SiteDay(Zone("Asia/Shanghai"), t), 20261123);
  EXPECT_EQ(*SiteDay(Zone("UTC"), t), 20261122);
  EXPECT_EQ(*SiteDay(Zone("Asia/Shanghai"), At("2026-11-23T00:00:00+08:00")), 20261123);
  EXPECT_EQ(*SiteDay(Zone("Asia/Shanghai"), At("2026-11-23T23:59:59+08:00")), 20261123);
  auto bad = SiteDay(Zone("Asia/Beijing"), t);  // not an IANA zone
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().key, "validation.time_zone");
}

TEST(SiteTime, FormatSiteTimeIsLocalToTheMinute) {
  const int64_t t = At("2026-11-23T06:30:59Z");
  EXPECT_EQ(FormatSiteTime(Zone("Asia/Shanghai"), t), "2026-11-23 14:30");
  EXPECT_EQ(FormatSiteTime(Zone("UTC"), t), "2026-11-23 06:30");
  EXPECT_EQ(FormatSiteTime(Zone("Asia/Shanghai"), At("2026-11-23T00:00:00+08:00")),
            "2026-11-23 00:00");
  EXPECT_EQ(FormatSiteTime(Zone("Asia/Shanghai"), At("2026-11-23T23:59:00+08:00")),
            "2026-11-23 23:59");
  // An unknown zone still gives a text: the instant in UTC.
  EXPECT_EQ(FormatSiteTime(Zone("Asia/Beijing"), t), core::FormatIsoUtc(t));
}

class SiteTimeDbTest : public ::testing::TestWithParam<db::Dialect> {
 protected:
  void SetUp() override {
    YB_OPEN_TEST_DATABASE(db_, "sitetime");
    site_ = db_.Scalar(
        "INSERT INTO sites (name, code, time_zone, created_at, updated_at) VALUES "
        "('伦敦办事处', 'LDN', 'Europe/London', 0, 0) RETURNING id");
  }
  void TearDown() override { db_.Close(); }

  db::TestDatabase db_;
  int64_t site_ = 0;
};

TEST_P(SiteTimeDbTest, UsesTheSitesZone) {
  auto lease = db_.pool().Acquire();
  ASSERT_TRUE(lease.ok());
  // 00:30 in Shanghai is still the evening before in London (UTC+0 in November).
  const int64_t t = At("2026-11-23T00:30:00+08:00");
  auto day = SiteDay(**lease, site_, t);
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(*day, 20261122);
  EXPECT_EQ(FormatSiteTime(**lease, site_, t), "2026-11-22 16:30");
}

TEST_P(SiteTimeDbTest, AMissingSite) {
  auto lease = db_.pool().Acquire();
  ASSERT_TRUE(lease.ok());
  const int64_t t = At("2026-11-23T00:30:00+08:00");
  auto day = SiteDay(**lease, site_ + 1000, t);
  ASSERT_FALSE(day.ok());
  EXPECT_EQ(day.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(FormatSiteTime(**lease, site_ + 1000, t), core::FormatIsoUtc(t));
}

// org::SiteCalendar keeps what it read, per process, by the site's calendar version:
// every change through the store is seen by the next read, and a hand-written row (no
// version) is read afresh each time.
TEST_P(SiteTimeDbTest, AKeptCalendarFollowsEveryChange) {
  auto lease = db_.pool().Acquire();
  ASSERT_TRUE(lease.ok());
  db::Connection& c = **lease;
  Site s;
  s.name = "杭州分部";
  s.code = "HZ";
  s.time_zone = "Asia/Shanghai";
  const int64_t id = *store::InsertSite(c, s, 0);
  s.id = id;
  const int32_t day = 20614;  // 2026-06-10, a Wednesday
  EXPECT_EQ(SiteCalendar(c, id)->time_zone, "Asia/Shanghai");
  EXPECT_TRUE(SiteCalendar(c, id)->overrides.empty()) << "read twice: the kept copy";

  ASSERT_TRUE(store::UpsertCalendarDay(c, id, CalendarDay{day, core::DayKind::kHoliday, "端午节"}));
  auto cal = SiteCalendar(c, id);
  ASSERT_TRUE(cal.ok());
  ASSERT_EQ(cal->overrides.count(day), 1u) << "a new holiday is seen at once";
  EXPECT_EQ(cal->overrides.at(day).name, "端午节");

  s.time_zone = "Europe/London";
  s.working_weekdays = {1, 2, 3, 4};
  ASSERT_TRUE(store::UpdateSite(c, s, 1));
  cal = SiteCalendar(c, id);
  EXPECT_EQ(cal->time_zone, "Europe/London");
  EXPECT_EQ(cal->working_weekdays, (std::set<int>{1, 2, 3, 4}));

  ASSERT_TRUE(store::DeleteCalendarDay(c, id, day));
  EXPECT_TRUE(SiteCalendar(c, id)->overrides.empty()) << "a removed holiday is gone at once";
}

TEST_P(SiteTimeDbTest, AHandWrittenSiteIsReadAfreshEachTime) {
  auto lease = db_.pool().Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_EQ(SiteCalendar(**lease, site_)->time_zone, "Europe/London");
  ASSERT_TRUE((*lease)->Exec("UPDATE sites SET time_zone = 'Asia/Tokyo' WHERE id = $1", {site_}));
  EXPECT_EQ(SiteCalendar(**lease, site_)->time_zone, "Asia/Tokyo");
}

YB_INSTANTIATE_ON_BACKENDS(SiteTimeDbTest);

}  // namespace
}  // namespace yingbin::org
