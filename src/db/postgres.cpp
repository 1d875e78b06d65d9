// The PostgreSQL driver (libpq, text protocol). Statements are prepared once per
// connection under generated names s1, s2, ... and cached by their SQL text.
#include <libpq-fe.h>

#include <charconv>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/driver.hpp"

namespace yingbin::db::internal {
namespace {

using core::Error;

constexpr size_t kMaxCachedStatements = 512;

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

bool Ok(const PGresult* r) {
  if (!r) return false;
  auto st = PQresultStatus(r);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

Value ParseValue(const PGresult* r, int row, int col, Oid type) {
  if (PQgetisnull(r, row, col)) return std::monostate{};
  const char* s = PQgetvalue(r, row, col);
  int len = PQgetlength(r, row, col);
  switch (type) {
    case kInt8:
    case kInt2:
    case kInt4: {
      int64_t v = 0;
      auto [p, ec] = std::from_chars(s, s + len, v);
      if (ec == std::errc() && p == s + len) return v;
      break;
    }
    case kFloat4:
    case kFloat8:
    case kNumeric: {
      double v = 0;
      auto [p, ec] = std::from_chars(s, s + len, v);
      if (ec == std::errc() && p == s + len) return v;
      break;
    }
    case kBool:
      return int64_t{len > 0 && s[0] == 't' ? 1 : 0};
    default:
      break;
  }
  return std::string(s, len);
}

class PgConnection final : public DriverConnection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }

  core::Result<Rows> Query(std::string_view sql, std::span<const Value> params) override {
    auto r = Run(sql, params);
    if (!r) return std::move(r).error();
    const PGresult* res = r->get();
    Rows rows;
    int ncol = PQnfields(res), nrow = PQntuples(res);
    rows.columns.reserve(ncol);
    std::vector<Oid> types(ncol);
    for (int c = 0; c < ncol; ++c) {
      rows.columns.emplace_back(PQfname(res, c));
      types[c] = PQftype(res, c);
    }
    rows.rows.resize(nrow);
    for (int i = 0; i < nrow; ++i) {
      rows.rows[i].reserve(ncol);
      for (int c = 0; c < ncol; ++c) rows.rows[i].push_back(ParseValue(res, i, c, types[c]));
    }
    return rows;
  }

  core::Result<int64_t> Exec(std::string_view sql, std::span<const Value> params) override {
    auto r = Run(sql, params);
    if (!r) return std::move(r).error();
    const char* n = PQcmdTuples(r->get());
    int64_t v = 0;
    std::from_chars(n, n + std::char_traits<char>::length(n), v);
    return v;
  }

  core::Result<int64_t> Insert(std::string_view sql, std::span<const Value> params) override {
    auto rows = Query(std::string(sql) + " RETURNING id", params);
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return core::Internal("postgres: the insert added no row: " + std::string(sql));
    return rows->Int(0, 0);
  }

  core::Status ExecScript(std::string_view sql) override { return Simple(std::string(sql)); }

  core::Status Begin() override { return Simple("BEGIN"); }
  core::Status Commit() override {
    PgResult r(PQexec(conn_, "COMMIT"));
    if (!Ok(r.get())) return MapError(r.get(), "commit");
    // COMMIT of a transaction that had an error succeeds but reports ROLLBACK.
    if (std::string_view(PQcmdStatus(r.get())) == "ROLLBACK")
      return core::Internal(
          "postgres: commit: the transaction had failed and was rolled back (a statement error "
          "was ignored inside the transaction)");
    return core::Ok();
  }
  core::Status Rollback() override {
    // After a COMMIT that rolled back there is nothing to undo; ROLLBACK would only warn.
    if (PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE)
      return core::Ok();
    return Simple("ROLLBACK");
  }

  bool ResetForReuse() override {
    if (broken_ || PQstatus(conn_) != CONNECTION_OK) return false;
    switch (PQtransactionStatus(conn_)) {
      case PQTRANS_IDLE:
        return true;
      case PQTRANS_INTRANS:
      case PQTRANS_INERROR:
        return static_cast<bool>(Rollback()) && PQtransactionStatus(conn_) == PQTRANS_IDLE;
      default:
        return false;
    }
  }

  core::Status Init() {
    return Simple("SET client_min_messages TO warning; SET TimeZone TO 'UTC'");
  }

 private:
  Error MapError(const PGresult* r, std::string_view what) {
    std::string msg = Trim(r ? PQresultErrorMessage(r) : "");
    if (msg.empty()) msg = Trim(PQerrorMessage(conn_));
    const char* state_c = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string_view state = state_c ? state_c : "";
    // 08P01 (protocol violation, e.g. a wrong parameter count) leaves the session usable.
    if (PQstatus(conn_) != CONNECTION_OK || (state.starts_with("08") && state != "08P01") ||
        state.starts_with("57P")) {
      broken_ = true;
      return core::Unavailable("postgres: connection lost: " + msg);
    }
    if (state == "23505") {
      Error e = core::Conflict("error.duplicate");
      const char* c = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
      e.detail = c ? c : msg;
      return e;
    }
    // An exclusion constraint (two bookings of one room overlapping) is a conflict too.
    if (state == "23P01") {
      Error e = core::Conflict("error.conflict");
      const char* c = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
      e.detail = c ? c : msg;
      return e;
    }
    if (state == "23503") {
      Error e = core::Conflict("error.in_use");
      const char* c = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
      e.detail = c ? c : msg;
      return e;
    }
    if (state == "40001" || state == "40P01" || state == "55P03" || state == "53300")
      return core::Unavailable("postgres: " + msg);
    return core::Internal("postgres: " + std::string(what) + ": " + msg);
  }

  core::Status Simple(const std::string& sql) {
    PgResult r(PQexec(conn_, sql.c_str()));
    if (!Ok(r.get())) return MapError(r.get(), "exec");
    return core::Ok();
  }

  core::Result<std::string> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = names_.find(key); it != names_.end()) return it->second;
    if (names_.size() >= kMaxCachedStatements) {
      // Prepared statements are not transactional: DEALLOCATE works inside a transaction,
      // but not inside a failed one, and then the cache simply stays as it is.
      PgResult d(PQexec(conn_, "DEALLOCATE ALL"));
      if (Ok(d.get())) names_.clear();
    }
    std::string name = "s" + std::to_string(++next_id_);
    PgResult r(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
    if (!Ok(r.get())) return MapError(r.get(), "prepare");
    names_.emplace(std::move(key), name);
    return name;
  }

  core::Result<PgResult> Run(std::string_view sql, std::span<const Value> params) {
    auto name = Prepare(sql);
    if (!name) return std::move(name).error();
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (auto* n = std::get_if<int64_t>(&v)) {
        text[i] = std::to_string(*n);
      } else if (auto* d = std::get_if<double>(&v)) {
        char buf[32];
        auto [p, ec] = std::to_chars(buf, buf + sizeof buf, *d);
        text[i].assign(buf, ec == std::errc() ? p : buf);
      } else if (auto* s = std::get_if<std::string>(&v)) {
        values[i] = s->c_str();
        continue;
      } else {
        continue;  // NULL
      }
      values[i] = text[i].c_str();
    }
    PgResult r(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()), values.data(),
                              nullptr, nullptr, 0));
    if (!Ok(r.get())) return MapError(r.get(), "query");
    return r;
  }

  PGconn* conn_;
  bool broken_ = false;
  int next_id_ = 0;
  std::unordered_map<std::string, std::string> names_;
};

}  // namespace

bool IsPostgresUrl(std::string_view url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

core::Result<std::unique_ptr<DriverConnection>> OpenPostgres(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (!c) return core::Unavailable("postgres: out of memory");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = Trim(PQerrorMessage(c));
    PQfinish(c);
    return core::Unavailable("postgres: cannot connect: " + msg);
  }
  auto conn = std::make_unique<PgConnection>(c);
  auto s = conn->Init();
  if (!s) return std::move(s).error();
  return std::unique_ptr<DriverConnection>(std::move(conn));
}

}  // namespace yingbin::db::internal
