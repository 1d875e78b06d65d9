#pragma once
// VIS-16: the daily visitor log of a site is compiled by the desk (open), reviewed by the
// supervisor, then archived; an archived day can no longer be edited, only annotated.
// Every step is audited. Thread-safe (no state).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::visitors {

struct Annotation {
  int64_t id = 0;
  std::optional<int64_t> visit_id;
  std::string text;
  std::optional<int64_t> created_by;
  std::string created_by_name;
  int64_t created_at = 0;
};

struct LogDay {
  int64_t site_id = 0;
  int32_t day = 0;              // YYYYMMDD
  std::string status = "open";  // open | reviewed | archived
  std::optional<int64_t> reviewed_by, reviewed_at, archived_by, archived_at;
  int64_t visits = 0;           // visits logged that day
  int64_t still_on_site = 0;    // a day with visitors on site cannot be reviewed
  std::vector<Annotation> annotations;
};

core::Result<LogDay> GetLogDay(db::Pool& pool, int64_t site_id, int32_t day);
// open -> reviewed. Errors: kConflict visits.day_not_open; visits.day_has_visitors_on_site.
core::Result<LogDay> ReviewDay(db::Pool& pool, const auth::Principal& p, int64_t now,
                               int64_t site_id, int32_t day);
// reviewed -> archived. Errors: kConflict visits.day_not_reviewed.
core::Result<LogDay> ArchiveDay(db::Pool& pool, const auth::Principal& p, int64_t now,
                                int64_t site_id, int32_t day);
core::Result<LogDay> Annotate(db::Pool& pool, const auth::Principal& p, int64_t now,
                              int64_t site_id, int32_t day, std::optional<int64_t> visit_id,
                              const std::string& text);
// kConflict visits.day_archived when the day of (site, day) is archived.
core::Status CheckDayOpen(db::Connection& tx, int64_t site_id, int32_t day);

}  // namespace yingbin::visitors
