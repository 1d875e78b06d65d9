#pragma once
// ISO 8601 conversions for the API. Inside, times are UTC epoch milliseconds.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace yingbin::core {

// "2026-11-22T08:30:00.000Z"
std::string FormatIsoUtc(int64_t epoch_ms);
// Accepts "2026-11-22T08:30:00Z", with optional fraction, and offsets "+08:00"/"+0800";
// also "2026-11-22 08:30:00+08:00". Errors: kInvalidArgument with key validation.datetime
// on `field`.
Result<int64_t> ParseIso(std::string_view text, std::string_view field);
// "2026-11-22" -> days since 1970-01-01; kInvalidArgument validation.date on `field`.
Result<int32_t> ParseDate(std::string_view text, std::string_view field);
std::string FormatDate(int32_t days_since_epoch);

}  // namespace yingbin::core
