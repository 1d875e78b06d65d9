// Fills a migrated SQLite database for bench/meetings.sh: ROOMS meeting rooms at a site and
// BOOKINGS room bookings spread over the days around today (default 50 rooms, 100,000
// bookings: five one-hour meetings a day in every room, 200 days back and 200 ahead), each
// with its occupancy (30 minutes set-up, 15 clean-up, the default buffers) in the site's
// zone. Setup only: big transactions with synchronous=OFF, which is not what is measured.
//
//   yingbin_bench_seed_meetings DB_PATH [BOOKINGS] [ROOMS] [SITE_ID]
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/calendar.hpp"

namespace {

void Check(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
  std::exit(1);
}

const char* const kSubjects[] = {"部门例会", "项目评审会", "客户洽谈",     "季度经营分析会",
                                 "培训",     "招聘面试",   "供应商沟通会", "产品发布准备会"};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB_PATH [BOOKINGS] [ROOMS] [SITE_ID]\n", argv[0]);
    return 2;
  }
  const int64_t total = argc > 2 ? std::atoll(argv[2]) : 100'000;
  const int64_t rooms = argc > 3 ? std::atoll(argv[3]) : 50;
  const int64_t site = argc > 4 ? std::atoll(argv[4]) : 1;
  constexpr int kSlots[] = {8 * 60, 10 * 60, 12 * 60, 14 * 60, 16 * 60};  // one hour each
  constexpr int64_t kMinute = 60'000;
  sqlite3* db = nullptr;
  Check(sqlite3_open(argv[1], &db), db, "open");
  Check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF",
                     nullptr, nullptr, nullptr),
        db, "pragmas");
  yingbin::core::BusinessCalendar cal;
  {
    sqlite3_stmt* tz = nullptr;
    Check(sqlite3_prepare_v2(db, "SELECT time_zone FROM sites WHERE id = ?1", -1, &tz, nullptr), db,
          "prepare site");
    sqlite3_bind_int64(tz, 1, site);
    if (sqlite3_step(tz) != SQLITE_ROW) {
      std::fprintf(stderr, "no site %lld (start the server once first)\n",
                   static_cast<long long>(site));
      return 1;
    }
    cal.time_zone = reinterpret_cast<const char*>(sqlite3_column_text(tz, 0));
    sqlite3_finalize(tz);
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const int32_t today = *yingbin::core::LocalDate(cal, now);

  Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  std::vector<int64_t> venues;
  sqlite3_stmt* venue = nullptr;
  Check(
      sqlite3_prepare_v2(
          db,
          "INSERT INTO venues (site_id, name, kind, capacity, equipment_json, active, created_at, "
          "updated_at) VALUES (?1, ?2, 'small_meeting_room', 12, '[\"投影仪\",\"白板\"]', 1, ?3, "
          "?3) "
          "RETURNING id",
          -1, &venue, nullptr),
      db, "prepare venue");
  for (int64_t r = 0; r < rooms; ++r) {
    char name[64];
    std::snprintf(name, sizeof name, "压测会议室%02lld", static_cast<long long>(r + 1));
    sqlite3_bind_int64(venue, 1, site);
    sqlite3_bind_text(venue, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(venue, 3, now);
    Check(sqlite3_step(venue), db, "insert venue");
    venues.push_back(sqlite3_column_int64(venue, 0));
    sqlite3_reset(venue);
  }
  sqlite3_finalize(venue);

  sqlite3_stmt* meeting = nullptr;
  Check(
      sqlite3_prepare_v2(
          db,
          "INSERT INTO meetings (site_id, venue_id, uid, title, attendee_count, start_at, end_at, "
          "busy_from, busy_to, status, services_json, created_at, updated_at) VALUES (?1, ?2, ?3, "
          "?4, "
          "8, ?5, ?6, ?7, ?8, 'confirmed', '[{\"item\":\"tea\",\"quantity\":8,\"note\":\"\"}]', "
          "?9, ?9)",
          -1, &meeting, nullptr),
      db, "prepare meeting");
  const int64_t per_day = rooms * static_cast<int64_t>(std::size(kSlots));
  const int64_t days = (total + per_day - 1) / per_day;
  const auto started = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < total; ++i) {
    const int64_t day = i / per_day;
    const int64_t in_day = i % per_day;
    const int32_t date = today - static_cast<int32_t>(days / 2) + static_cast<int32_t>(day);
    const int64_t start =
        *yingbin::core::LocalTimeToUtc(cal, date, kSlots[in_day % std::size(kSlots)]);
    const std::string uid = "bench-" + std::to_string(i) + "@yingbin";
    sqlite3_bind_int64(meeting, 1, site);
    sqlite3_bind_int64(meeting, 2, venues[in_day / std::size(kSlots)]);
    sqlite3_bind_text(meeting, 3, uid.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(meeting, 4, kSubjects[i % std::size(kSubjects)], -1, SQLITE_STATIC);
    sqlite3_bind_int64(meeting, 5, start);
    sqlite3_bind_int64(meeting, 6, start + 60 * kMinute);
    sqlite3_bind_int64(meeting, 7, start - 30 * kMinute);
    sqlite3_bind_int64(meeting, 8, start + 75 * kMinute);
    sqlite3_bind_int64(meeting, 9, now);
    Check(sqlite3_step(meeting), db, "insert meeting");
    sqlite3_reset(meeting);
    if ((i + 1) % 50'000 == 0)
      Check(sqlite3_exec(db, "COMMIT; BEGIN", nullptr, nullptr, nullptr), db, "commit");
  }
  Check(sqlite3_exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE); ANALYZE", nullptr, nullptr,
                     nullptr),
        db, "commit");
  sqlite3_finalize(meeting);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "%lld rooms, %lld bookings over %lld days in %.0f s\n",
               static_cast<long long>(rooms), static_cast<long long>(total),
               static_cast<long long>(days), secs);
  std::printf("FIRST_VENUE=%lld\nROOMS=%lld\n", static_cast<long long>(venues.front()),
              static_cast<long long>(rooms));
  sqlite3_close(db);
  return 0;
}
