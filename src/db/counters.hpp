#pragma once
// Named counters (table counters, name -> value) for human numbers that restart every day:
// V20261123-0007 for a visit, T... for a call, M... for a mail item. Shared by the modules that
// number things, so that each asks one place rather than writing the statement again.
#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::db {

// Atomically adds one to counter `name` (creating it at 1) and answers the new value. Run it
// inside the transaction that uses the number: the row stays locked until that transaction
// ends, and a rollback gives the number back, so the numbers of committed rows have no gaps
// and no repeats, on both backends and across nodes. Errors: the database's only.
core::Result<int64_t> NextCounter(Connection& c, const std::string& name);

}  // namespace yingbin::db
