// Fills a migrated SQLite database with historical visits for bench/visitors.sh: the
// visitor log of a large organisation (default 5 million visits over 1,000 days). Names
// follow the frequency of Chinese surnames; each row gets the search document the server
// itself builds (core::SearchDocument), so the search index is the real one. Setup only:
// the rows go in through big transactions with synchronous=OFF, which is not what is
// measured.
//
//   yingbin_bench_seed DB_PATH [VISITS] [SITE_ID]
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/search_keys.hpp"
#include "people.hpp"

namespace {

using bench::kCompanies;
using bench::kGiven;
using bench::kSurnames;

void Check(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
  std::exit(1);
}

int64_t DayNumber(std::chrono::sys_days d) {
  std::chrono::year_month_day ymd{d};
  return int64_t{int(ymd.year())} * 10000 + unsigned(ymd.month()) * 100 + unsigned(ymd.day());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB_PATH [VISITS] [SITE_ID]\n", argv[0]);
    return 2;
  }
  const int64_t total = argc > 2 ? std::atoll(argv[2]) : 5'000'000;
  const int64_t site = argc > 3 ? std::atoll(argv[3]) : 1;
  constexpr int64_t kDays = 1000;
  sqlite3* db = nullptr;
  Check(sqlite3_open(argv[1], &db), db, "open");
  Check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-524288",
                     nullptr, nullptr, nullptr), db, "pragmas");
  sqlite3_stmt* visit = nullptr;
  sqlite3_stmt* fts = nullptr;
  Check(sqlite3_prepare_v2(db,
      "INSERT INTO visits (number, site_id, day, mode, visitor_kind, category, status, "
      "visitor_name, company, phone_hint, head_count, purpose, arrived_at, departed_at, "
      "badge_code, outcome, search_doc, created_at, updated_at) VALUES "
      "(?1, ?2, ?3, 'walk_in', 'other', 'D', 'checked_out', ?4, ?5, '138****0000', 1, '洽谈', "
      "?6, ?7, ?8, 'met', ?9, ?6, ?7) RETURNING id", -1, &visit, nullptr), db, "prepare visit");
  Check(sqlite3_prepare_v2(db, "INSERT INTO visits_fts (rowid, doc) VALUES (?1, ?2)", -1, &fts,
                           nullptr), db, "prepare fts");

  std::vector<int> weights;
  for (const auto& s : kSurnames) weights.push_back(s.second);
  std::mt19937_64 rng(20261123);
  std::discrete_distribution<size_t> surname(weights.begin(), weights.end());
  std::uniform_int_distribution<size_t> given(0, std::size(kGiven) - 1);
  std::uniform_int_distribution<size_t> company(0, std::size(kCompanies) - 1);
  std::bernoulli_distribution two_chars(0.6);

  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const auto first = today - std::chrono::days(kDays);
  const auto started = std::chrono::steady_clock::now();
  std::unordered_map<std::string, std::string> docs;
  Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  for (int64_t i = 0; i < total; ++i) {
    const auto day = first + std::chrono::days(i * kDays / total);  // in time order, like life
    const int64_t day_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               day.time_since_epoch()).count();
    const int64_t arrived = day_ms + 3600'000LL + (i % 36000) * 1000;  // 09:00 local, +10 h
    std::string name = kSurnames[surname(rng)].first + kGiven[given(rng)];
    if (two_chars(rng)) name += kGiven[given(rng)];
    const std::string firm = kCompanies[company(rng)];
    // Names repeat (that is what makes search hard); build each document once.
    std::string& doc = docs[name + "|" + firm];
    if (doc.empty()) doc = yingbin::core::SearchDocument({name, firm});
    const std::string number = "H" + std::to_string(DayNumber(day)) + "-" + std::to_string(i);
    const std::string badge = "bench" + std::to_string(i);
    sqlite3_bind_text(visit, 1, number.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(visit, 2, site);
    sqlite3_bind_int64(visit, 3, DayNumber(day));
    sqlite3_bind_text(visit, 4, name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(visit, 5, firm.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(visit, 6, arrived);
    sqlite3_bind_int64(visit, 7, arrived + 3600'000LL);
    sqlite3_bind_text(visit, 8, badge.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(visit, 9, doc.c_str(), -1, SQLITE_TRANSIENT);
    Check(sqlite3_step(visit), db, "insert visit");
    const int64_t id = sqlite3_column_int64(visit, 0);
    sqlite3_reset(visit);
    sqlite3_bind_int64(fts, 1, id);
    sqlite3_bind_text(fts, 2, doc.c_str(), -1, SQLITE_TRANSIENT);
    Check(sqlite3_step(fts), db, "insert fts");
    sqlite3_reset(fts);
    if ((i + 1) % 100'000 == 0) {
      Check(sqlite3_exec(db, "COMMIT; BEGIN", nullptr, nullptr, nullptr), db, "commit");
      std::fprintf(stderr, "\r%lld visits", static_cast<long long>(i + 1));
    }
  }
  Check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  // The documents are in the current format: the server must not rebuild them at start.
  const std::string version = "INSERT INTO counters (name, value) VALUES ('search_doc_version', " +
                              std::to_string(yingbin::core::kSearchDocumentVersion) +
                              ") ON CONFLICT (name) DO UPDATE SET value = excluded.value";
  Check(sqlite3_exec(db, version.c_str(), nullptr, nullptr, nullptr), db, "version");
  // A long-lived index has merged its segments over time; a bulk load has not yet.
  Check(sqlite3_exec(db, "INSERT INTO visits_fts (visits_fts) VALUES ('optimize'); "
                         "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE",
                     nullptr, nullptr, nullptr), db, "optimize");
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "\r%lld visits in %.0f s\n", static_cast<long long>(total), secs);
  sqlite3_finalize(visit);
  sqlite3_finalize(fts);
  sqlite3_close(db);
  return 0;
}
