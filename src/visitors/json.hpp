#pragma once
// JSON shapes of the visitors module (API answers and audit rows).
#include <string>

#include "api/json.hpp"
#include "api/json_writer.hpp"
#include "visitors/model.hpp"

namespace yingbin::visitors {

// A visit as the API shows it. The badge code (a bearer secret for check-out) is only
// included when `with_badge_code` (the desk, the host, the kiosk that created it).
// WriteVisit and VisitText write it straight as text, for the hot paths (a registration's
// answer and audit row); VisitJson parses that text for answers built as trees.
void WriteVisit(api::JsonWriter& w, const Visit& v, bool with_badge_code = false);
std::string VisitText(const Visit& v, bool with_badge_code = false);
api::Json VisitJson(const Visit& v, bool with_badge_code = false);
api::Json VisitorJson(const Visitor& v);
api::Json TriageJson(const TriageRule& r);
api::Json ListEntryJson(const ListEntry& e);

}  // namespace yingbin::visitors
