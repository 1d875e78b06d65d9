#include "db/counters.hpp"

namespace yingbin::db {
namespace {

constexpr char kNextCounter[] =
    "INSERT INTO counters (name, value) VALUES ($1, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value";

}  // namespace

core::Result<int64_t> NextCounter(Connection& c, const std::string& name) {
  auto rows = c.Query(kNextCounter, {name});
  if (!rows) return std::move(rows).error();
  return rows->Int(0, 0);
}

}  // namespace yingbin::db
