#include "org/site_time.hpp"

#include <cstdio>

#include "core/time.hpp"
#include "org/service.hpp"

namespace yingbin::org {
namespace {

constexpr int64_t kMinute = 60'000;

}  // namespace

core::Result<int32_t> SiteDay(const core::BusinessCalendar& cal, int64_t at) {
  auto date = core::LocalDate(cal, at);
  if (!date) return std::move(date).error();
  return core::DateNumber(*date);
}

core::Result<int32_t> SiteDay(db::Connection& c, int64_t site_id, int64_t at) {
  auto cal = SiteCalendar(c, site_id);
  if (!cal) return std::move(cal).error();
  return SiteDay(*cal, at);
}

std::string FormatSiteTime(const core::BusinessCalendar& cal, int64_t at) {
  auto date = core::LocalDate(cal, at);
  if (!date) return core::FormatIsoUtc(at);
  auto midnight = core::LocalTimeToUtc(cal, *date, 0);
  if (!midnight) return core::FormatIsoUtc(at);
  const int64_t minutes = (at - *midnight) / kMinute;
  char buf[32];
  std::snprintf(buf, sizeof buf, " %02d:%02d", static_cast<int>(minutes / 60),
                static_cast<int>(minutes % 60));
  return core::FormatDate(*date) + buf;
}

std::string FormatSiteTime(db::Connection& c, int64_t site_id, int64_t at) {
  auto cal = SiteCalendar(c, site_id);
  if (!cal) return core::FormatIsoUtc(at);
  return FormatSiteTime(*cal, at);
}

}  // namespace yingbin::org
