#pragma once
// Site-local time for the other modules: the local day an instant falls on at a site (the
// day a visit, call or mail item is numbered and logged under) and the local clock time
// that message texts show. Sites, their time zones and calendars belong to org/
// (org::SiteCalendar); times are UTC epoch milliseconds everywhere else.
// Thread safety: pure functions, and db::Connection's rules for the ones that take one.
#include <cstdint>
#include <string>

#include "core/calendar.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::org {

// The local date of `at` in the calendar's time zone as the number YYYYMMDD (20261123).
// Errors: kInvalidArgument validation.time_zone on "time_zone" for a zone the tz database
// does not know.
core::Result<int32_t> SiteDay(const core::BusinessCalendar& cal, int64_t at);
// The same at site `site_id`, reading its calendar on `c` (inside the caller's transaction
// when it has one). Errors: kNotFound when there is no such site; as above; the database's.
core::Result<int32_t> SiteDay(db::Connection& c, int64_t site_id, int64_t at);

// "2026-11-23 14:30": the local date and time of `at` (to the minute, cut, not rounded) in
// the calendar's time zone, for the texts of messages. Never fails: for a zone the tz
// database does not know it answers the instant in UTC (core::FormatIsoUtc), so that the
// message still goes out.
std::string FormatSiteTime(const core::BusinessCalendar& cal, int64_t at);
// The same at site `site_id`; also UTC when the site cannot be read.
std::string FormatSiteTime(db::Connection& c, int64_t site_id, int64_t at);

}  // namespace yingbin::org
