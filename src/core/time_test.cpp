#include "core/time.hpp"

#include <gtest/gtest.h>

namespace yingbin::core {
namespace {

TEST(Time, FormatIsoUtcHasMillisecondsAndZ) {
  EXPECT_EQ(FormatIsoUtc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIsoUtc(1795336200123), "2026-11-22T08:30:00.123Z");
  EXPECT_EQ(FormatIsoUtc(-1), "1969-12-31T23:59:59.999Z");  // floors, not truncates
}

TEST(Time, ParseIsoAcceptsZuluAndOffsets) {
  const int64_t want = 1795336200000;  // 2026-11-22T08:30:00Z
  EXPECT_EQ(*ParseIso("2026-11-22T08:30:00Z", "at"), want);
  EXPECT_EQ(*ParseIso("2026-11-22T16:30:00+08:00", "at"), want);
  EXPECT_EQ(*ParseIso("2026-11-22T16:30:00+0800", "at"), want);
  EXPECT_EQ(*ParseIso("2026-11-22 16:30:00+08:00", "at"), want);
  EXPECT_EQ(*ParseIso("2026-11-22T03:00:00-05:30", "at"), want);
  EXPECT_EQ(*ParseIso("2026-11-22T08:30Z", "at"), want);  // seconds optional
  EXPECT_EQ(*ParseIso("2026-11-23T00:30:00+16:00", "at"), want);
}

TEST(Time, ParseIsoKeepsMillisecondsAndTruncatesFiner) {
  EXPECT_EQ(*ParseIso("2026-11-22T08:30:00.5Z", "at"), 1795336200500);
  EXPECT_EQ(*ParseIso("2026-11-22T08:30:00.123Z", "at"), 1795336200123);
  EXPECT_EQ(*ParseIso("2026-11-22T08:30:00.123999999Z", "at"), 1795336200123);
}

TEST(Time, ParseIsoRoundTripsFormat) {
  for (int64_t ms : {int64_t{0}, int64_t{1795336200123}, int64_t{951782400000}})
    EXPECT_EQ(*ParseIso(FormatIsoUtc(ms), "at"), ms);
}

TEST(Time, ParseIsoRefusesInvalidInputNamingTheField) {
  for (const char* bad :
       {"", "2026-11-22", "2026-11-22T08:30:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-11-22T24:00:00Z", "2026-11-22T08:60:00Z", "2026-11-22T08:30:60Z",
        "2026-11-22T08:30:00+8", "2026-11-22T08:30:00.Z", "2026-11-22T08:30:00Zjunk",
        "26-11-22T08:30:00Z", "2026-11-22T08:30:00+24:00", "tomorrow"}) {
    auto r = ParseIso(bad, "from");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().key, "validation.datetime");
    EXPECT_EQ(r.error().field, "from");
  }
}

TEST(Time, ParseDateCountsDaysSinceEpoch) {
  EXPECT_EQ(*ParseDate("1970-01-01", "date"), 0);
  EXPECT_EQ(*ParseDate("2026-10-01", "date"), 20727);
  EXPECT_EQ(*ParseDate("2024-02-29", "date"), 19782);  // leap day
  EXPECT_EQ(FormatDate(20727), "2026-10-01");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
}

TEST(Time, ParseDateRefusesInvalidInput) {
  for (const char* bad : {"", "2026-1-01", "2026-02-29", "2026-10-01T00:00:00Z", "2026/10/01",
                          "20261001", "2026-00-10", "2026-10-32"}) {
    auto r = ParseDate(bad, "date");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().key, "validation.date");
    EXPECT_EQ(r.error().field, "date");
  }
}

}  // namespace
}  // namespace yingbin::core
