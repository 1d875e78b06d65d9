#pragma once
// Small pieces that the modules' store.cpp files use around db::Connection when they build
// statements and read answers: placeholders, NULLs and flags as parameters, and the common
// shapes of an answer (no row or one, a list of ids). Header-only; no state; thread-safe.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::db {

// "$n": the n-th parameter (1-based) of a statement built at run time.
inline std::string Param(size_t n) { return "$" + std::to_string(n); }

// A parameter from an optional integer: its value, or NULL.
inline Value OrNull(const std::optional<int64_t>& v) { return v ? Value(*v) : Null(); }

// A boolean parameter: 1 or 0 (booleans are integers on both backends).
inline Value Flag(bool b) { return int64_t{b ? 1 : 0}; }

inline bool IsPostgres(const Connection& c) { return c.dialect() == Dialect::kPostgres; }

// "`column` is one of the ids in parameter n", with the ids passed as IdList(c, ids): one
// statement text whatever their number, so the driver prepares it once (json_each on
// SQLite, an array on PostgreSQL).
inline std::string InIdList(const Connection& c, std::string_view column, size_t n) {
  return IsPostgres(c) ? std::string(column) + " = ANY(" + Param(n) + "::bigint[])"
                       : std::string(column) + " IN (SELECT value FROM json_each(" + Param(n) + "))";
}
inline Value IdList(const Connection& c, const std::vector<int64_t>& ids) {
  std::string out(1, IsPostgres(c) ? '{' : '[');
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  out += IsPostgres(c) ? '}' : ']';
  return out;
}

// The status of an Exec whose count of changed rows does not matter.
inline core::Status ToStatus(core::Result<int64_t> changed) {
  if (!changed) return std::move(changed).error();
  return core::Ok();
}

// The first column of the first row as an integer; nullopt when there is no row.
inline core::Result<std::optional<int64_t>> FirstId(core::Result<Rows> rows) {
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows->Int(0, 0));
}

// The first column of every row, in order.
inline std::vector<int64_t> Ids(const Rows& rows) {
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Int(i, 0));
  return out;
}
inline core::Result<std::vector<int64_t>> Ids(core::Result<Rows> rows) {
  if (!rows) return std::move(rows).error();
  return Ids(*rows);
}

// The first row read with `from_row(rows, i)`; nullopt when there is no row.
template <class FromRow>
auto FirstRow(core::Result<Rows> rows, FromRow from_row)
    -> core::Result<std::optional<std::invoke_result_t<FromRow, const Rows&, size_t>>> {
  using T = std::invoke_result_t<FromRow, const Rows&, size_t>;
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(from_row(*rows, 0));
}

// Every row read with `from_row(rows, i)`, in order.
template <class FromRow>
auto AllRows(core::Result<Rows> rows, FromRow from_row)
    -> core::Result<std::vector<std::invoke_result_t<FromRow, const Rows&, size_t>>> {
  using T = std::invoke_result_t<FromRow, const Rows&, size_t>;
  if (!rows) return std::move(rows).error();
  std::vector<T> out;
  out.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(from_row(*rows, i));
  return out;
}

// " LIMIT $n OFFSET $m" for one page of a list, with `limit` and `offset` appended to
// `params` as $n and $m.
inline std::string LimitOffset(std::vector<Value>& params, int64_t limit, int64_t offset) {
  params.push_back(limit);
  const std::string n = Param(params.size());
  params.push_back(offset);
  return " LIMIT " + n + " OFFSET " + Param(params.size());
}

}  // namespace yingbin::db
