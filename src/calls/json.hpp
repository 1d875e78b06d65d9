#pragma once
// JSON shapes of the phone desk (API answers and audit rows). Phones are always the
// masked hint (DATA-2); the clear number only through the audited reveal routes.
#include "api/json.hpp"
#include "calls/model.hpp"

namespace yingbin::calls {

api::Json CallJson(const Call& c);
api::Json CallerJson(const Caller& c);
api::Json MessageJson(const Message& m);
api::Json KnowledgeJson(const KnowledgeEntry& k);
api::Json DirectoryEntryJson(const DirectoryEntry& e);
api::Json DepartmentBriefJson(const DepartmentBrief& d);

}  // namespace yingbin::calls
