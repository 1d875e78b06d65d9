#include "visitors/search_upgrade.hpp"

#include "db/search_documents.hpp"

namespace yingbin::visitors {

core::Result<int64_t> UpgradeSearchDocuments(db::Pool& pool) {
  return db::UpgradeSearchDocuments(pool, "search_doc_version",
                                    {{"visits", "visitor_name", "company", "visits_fts"},
                                     {"visitors", "name", "company", "visitors_fts"}});
}

}  // namespace yingbin::visitors
