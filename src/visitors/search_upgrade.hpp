#pragma once
// Rebuilds the search documents of visits and visitors written in an older format
// (core::kSearchDocumentVersion), once, at start-up, in batches. On a fresh database, or
// one already current, it only reads one counter.
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::visitors {

// Answers how many rows were rebuilt.
core::Result<int64_t> UpgradeSearchDocuments(db::Pool& pool);

}  // namespace yingbin::visitors
