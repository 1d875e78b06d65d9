// Fills a migrated SQLite database with complaint tickets for bench/complaints.sh: the
// history of a large service organisation (default 1 million tickets over 1,000 days) spread
// over DEPARTMENTS departments, every state of CMP-4 and every cause class, with their
// customers and clocks: archived tickets have met or cancelled clocks, open ones running
// first-contact/answer/callback clocks, some of them past due (the overdue dashboard).
// next_due_at and is_open are kept as the server keeps them. Customers have Chinese names
// and organisations (bench/people.hpp) with the search document and index entry the server
// writes (core::SearchDocument), and tickets real numbers (TS + local day + sequence), so
// that the list's search is measured on what it meets in life. Setup only: the rows go in
// through big transactions with synchronous=OFF, which is not what is measured.
//
//   yingbin_bench_seed_complaints DB_PATH [TICKETS] [DEPARTMENTS]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "complaints/rules.hpp"
#include "core/search_keys.hpp"
#include "people.hpp"

namespace {

void Check(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
  std::exit(1);
}

void Exec(sqlite3* db, const std::string& sql) {
  Check(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), db, sql.c_str());
}

int64_t ScalarInt(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  Check(sqlite3_prepare_v2(db, sql, -1, &s, nullptr), db, sql);
  int64_t v = 0;
  if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return v;
}

const char* const kCauses[] = {"product_quality",
                               "product_quality",
                               "product_quality",
                               "operation",
                               "implementer_attitude",
                               "staff_service",
                               "price",
                               "product_info",
                               "support_service",
                               "incident",
                               "major"};
const char* const kSubjects[] = {
    "设备无法开机",   "报表导出失败", "安装人员迟到", "收费与合同不符", "客服电话无人接听",
    "软件升级后卡顿", "发票开错",     "配件缺货",     "维修后再次故障", "服务态度差"};
// The Asia/Shanghai (UTC+8) day of an instant, as 20261122.
int32_t LocalDay(int64_t ms) {
  const std::chrono::sys_days d = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(ms + 8 * 3'600'000)));
  const std::chrono::year_month_day ymd{d};
  return int{ymd.year()} * 10000 + static_cast<int>(unsigned{ymd.month()}) * 100 +
         static_cast<int>(unsigned{ymd.day()});
}

// Open states (the rest of the tickets are archived).
const char* const kOpenStates[] = {"received", "classified", "dispatched", "in_progress",
                                   "resolved", "reviewed",   "reported",   "called_back"};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB_PATH [TICKETS] [DEPARTMENTS]\n", argv[0]);
    return 2;
  }
  const int64_t total = argc > 2 ? std::atoll(argv[2]) : 1'000'000;
  const int64_t departments = argc > 3 ? std::atoll(argv[3]) : 20;
  constexpr int64_t kDays = 1000;
  constexpr int64_t kDayMs = 86'400'000;
  constexpr int64_t kHourMs = 3'600'000;
  sqlite3* db = nullptr;
  Check(sqlite3_open(argv[1], &db), db, "open");
  Exec(db,
       "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; "
       "PRAGMA cache_size=-524288");
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();

  Exec(db, "BEGIN");
  int64_t site = ScalarInt(db, "SELECT MIN(id) FROM sites");
  if (site == 0) {
    Exec(db,
         "INSERT INTO sites (name, code, working_weekdays, desk_hours_json, created_at, "
         "updated_at) VALUES ('压测总部', 'BENCH', '1,2,3,4,5,6,7', "
         "'[{\"start\":\"00:00\",\"end\":\"24:00\"}]', 0, 0)");
    site = sqlite3_last_insert_rowid(db);
  }
  std::vector<int64_t> depts;
  for (int64_t d = 0; d < departments; ++d) {
    Exec(db, "INSERT INTO departments (name, site_id, created_at, updated_at) VALUES ('压测部门" +
                 std::to_string(d + 1) + "', " + std::to_string(site) + ", 0, 0)");
    depts.push_back(sqlite3_last_insert_rowid(db));
  }
  Exec(db, "COMMIT");

  sqlite3_stmt* customer = nullptr;
  sqlite3_stmt* ticket = nullptr;
  sqlite3_stmt* clock = nullptr;
  Check(sqlite3_prepare_v2(db,
                           "INSERT INTO complaint_customers (name, organisation, phone_hint, "
                           "phone_tail, search_doc, ticket_count, created_at, updated_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6)",
                           -1, &customer, nullptr),
        db, "prepare customer");
  sqlite3_stmt* fts = nullptr;
  Check(sqlite3_prepare_v2(db, "INSERT INTO complaint_customers_fts (rowid, doc) VALUES (?1, ?2)",
                           -1, &fts, nullptr),
        db, "prepare fts");
  Check(sqlite3_prepare_v2(
            db,
            "INSERT INTO complaints (number, type, channel, site_id, customer_id, subject, "
            "description, severity, cause_class, department_id, status, is_open, next_due_at, "
            "created_at, updated_at, resolved_at, archived_at) VALUES (?1, 'complaint', ?2, ?3, "
            "?4, ?5, ?5, 'normal', ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13)",
            -1, &ticket, nullptr),
        db, "prepare ticket");
  Check(sqlite3_prepare_v2(
            db,
            "INSERT INTO complaint_clocks (complaint_id, kind, started_at, limit_value, "
            "limit_unit, limit_due_at, due_at, breached_at, met_at, cancelled_at, created_at) "
            "VALUES (?1, ?2, ?3, 1, 'working_days', ?4, ?4, ?5, ?6, ?7, ?3)",
            -1, &clock, nullptr),
        db, "prepare clock");

  std::mt19937_64 rng(20261123);
  std::vector<int> weights;
  for (const auto& s : bench::kSurnames) weights.push_back(s.second);
  std::discrete_distribution<size_t> surname(weights.begin(), weights.end());
  std::uniform_int_distribution<size_t> given(0, std::size(bench::kGiven) - 1);
  std::uniform_int_distribution<size_t> company(0, std::size(bench::kCompanies) - 1);
  std::unordered_map<std::string, std::string> docs;  // names repeat: each document once
  std::unordered_map<int32_t, int64_t> day_seq;       // the day's ticket sequence
  const char* channels[] = {"phone", "phone", "onsite", "web", "email"};
  int64_t customer_id = 0;
  const int64_t per_day = std::max<int64_t>(1, total / kDays);
  Exec(db, "BEGIN");
  for (int64_t i = 0; i < total; ++i) {
    // Older tickets are archived; the recent ones are spread over the open states (about
    // 15 % of all tickets are open: the last five months' share).
    const int64_t age_days = (total - 1 - i) / per_day;
    const int64_t created = now - age_days * kDayMs - static_cast<int64_t>(rng() % kDayMs);
    const bool open = age_days < 150 && rng() % 100 < 90;
    const char* state = open ? kOpenStates[rng() % 8] : "archived";
    const bool routed = std::string(state) != "received";
    // A new customer most of the time; some come back.
    if (customer_id == 0 || rng() % 10 < 7) {
      std::string name = bench::kSurnames[surname(rng)].first + bench::kGiven[given(rng)];
      if (rng() % 10 < 6) name += bench::kGiven[given(rng)];
      const std::string firm = bench::kCompanies[company(rng)];
      std::string& doc = docs[name + "|" + firm];
      if (doc.empty()) doc = yingbin::core::SearchDocument({name, firm});
      char hint[32], tail[8];
      const unsigned digits = static_cast<unsigned>(rng() % 10000);
      std::snprintf(hint, sizeof hint, "138****%04u", digits);
      std::snprintf(tail, sizeof tail, "%04u", digits);
      sqlite3_bind_text(customer, 1, name.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(customer, 2, firm.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(customer, 3, hint, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(customer, 4, tail, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(customer, 5, doc.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(customer, 6, created);
      Check(sqlite3_step(customer), db, "customer");
      sqlite3_reset(customer);
      customer_id = sqlite3_last_insert_rowid(db);
      sqlite3_bind_int64(fts, 1, customer_id);
      sqlite3_bind_text(fts, 2, doc.c_str(), -1, SQLITE_TRANSIENT);
      Check(sqlite3_step(fts), db, "fts");
      sqlite3_reset(fts);
    }
    // Clocks: first contact (1 day), answer (7 days), callback after the resolution. Open
    // tickets created long ago are past due: the overdue dashboard's rows.
    struct K {
      const char* kind;
      int64_t due;
      bool running;
    };
    std::vector<K> ks;
    const bool resolved_state = std::string(state) == "resolved" ||
                                std::string(state) == "reviewed" ||
                                std::string(state) == "reported";
    if (open && !resolved_state && std::string(state) != "called_back") {
      ks.push_back({"first_contact", created + kDayMs,
                    std::string(state) == "received" || std::string(state) == "classified"});
      ks.push_back({"answer", created + 7 * kDayMs, true});
    } else {
      ks.push_back({"first_contact", created + kDayMs, false});
      ks.push_back({"answer", created + 7 * kDayMs, false});
    }
    if (resolved_state) ks.push_back({"callback", created + 3 * kDayMs + 24 * kHourMs, true});
    std::optional<int64_t> next_due;
    for (const auto& k : ks)
      if (k.running && (!next_due || k.due < *next_due)) next_due = k.due;

    const int32_t day = LocalDay(created);
    const std::string number = yingbin::complaints::TicketNumber("TS", day, ++day_seq[day]);
    sqlite3_bind_text(ticket, 1, number.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ticket, 2, channels[rng() % 5], -1, SQLITE_STATIC);
    sqlite3_bind_int64(ticket, 3, site);
    sqlite3_bind_int64(ticket, 4, customer_id);
    sqlite3_bind_text(ticket, 5, kSubjects[rng() % 10], -1, SQLITE_STATIC);
    if (routed) {
      sqlite3_bind_text(ticket, 6, kCauses[rng() % 11], -1, SQLITE_STATIC);
      sqlite3_bind_int64(ticket, 7, depts[rng() % depts.size()]);
    } else {
      sqlite3_bind_null(ticket, 6);
      sqlite3_bind_null(ticket, 7);
    }
    sqlite3_bind_text(ticket, 8, state, -1, SQLITE_STATIC);
    sqlite3_bind_int(ticket, 9, open ? 1 : 0);
    if (next_due)
      sqlite3_bind_int64(ticket, 10, *next_due);
    else
      sqlite3_bind_null(ticket, 10);
    sqlite3_bind_int64(ticket, 11, created);
    if (resolved_state || !open)
      sqlite3_bind_int64(ticket, 12, created + 3 * kDayMs);
    else
      sqlite3_bind_null(ticket, 12);
    if (!open)
      sqlite3_bind_int64(ticket, 13, created + 5 * kDayMs);
    else
      sqlite3_bind_null(ticket, 13);
    Check(sqlite3_step(ticket), db, "ticket");
    sqlite3_reset(ticket);
    const int64_t id = sqlite3_last_insert_rowid(db);
    for (const auto& k : ks) {
      sqlite3_bind_int64(clock, 1, id);
      sqlite3_bind_text(clock, 2, k.kind, -1, SQLITE_STATIC);
      sqlite3_bind_int64(clock, 3, created);
      sqlite3_bind_int64(clock, 4, k.due);
      const bool breached = k.running ? k.due < now : rng() % 10 == 0;
      if (breached)
        sqlite3_bind_int64(clock, 5, k.due);
      else
        sqlite3_bind_null(clock, 5);
      if (!k.running && open) {  // met in the ticket's course
        sqlite3_bind_int64(clock, 6, std::min(k.due, created + 2 * kDayMs));
        sqlite3_bind_null(clock, 7);
      } else if (!k.running) {
        sqlite3_bind_int64(clock, 6, std::min(k.due, created + 2 * kDayMs));
        sqlite3_bind_null(clock, 7);
      } else {
        sqlite3_bind_null(clock, 6);
        sqlite3_bind_null(clock, 7);
      }
      Check(sqlite3_step(clock), db, "clock");
      sqlite3_reset(clock);
    }
    if (i % 100'000 == 99'999) {
      Exec(db, "COMMIT");
      std::fprintf(stderr, "%lld tickets\n", static_cast<long long>(i + 1));
      Exec(db, "BEGIN");
    }
  }
  Exec(db, "COMMIT");
  Exec(db, "INSERT INTO counters (name, value) VALUES ('complaint_customer_search_version', " +
               std::to_string(yingbin::core::kSearchDocumentVersion) +
               ") ON CONFLICT (name) DO UPDATE SET value = excluded.value");
  Exec(db, "INSERT INTO complaint_customers_fts (complaint_customers_fts) VALUES ('optimize')");
  sqlite3_finalize(customer);
  sqlite3_finalize(fts);
  sqlite3_finalize(ticket);
  sqlite3_finalize(clock);
  Exec(db, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE");
  sqlite3_close(db);
  return 0;
}
