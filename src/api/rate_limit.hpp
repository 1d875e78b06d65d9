#pragma once
// Requests per key per minute for the routes anyone can reach (the kiosk, the calendar
// feed, public forms): a fixed one-minute window, in memory per node. Behind several
// nodes a client may get up to the limit from each; the limit is a brake on scripts and
// guessing, not an account of use. Memory holds only the keys of the current minute.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace yingbin::api {

class RateLimiter {
 public:
  // Counts a request for `key` at `now_ms`; false when `key` already had `per_minute`
  // requests in this minute (the refused one is not counted).
  bool Allow(const std::string& key, int64_t now_ms, int64_t per_minute) {
    const int64_t minute = now_ms / 60'000;
    std::lock_guard lock(mu_);
    if (minute != minute_) {
      minute_ = minute;
      counts_.clear();
    }
    int64_t& n = counts_[key];
    if (n >= per_minute) return false;
    ++n;
    return true;
  }

 private:
  std::mutex mu_;
  int64_t minute_ = -1;
  std::unordered_map<std::string, int64_t> counts_;
};

}  // namespace yingbin::api
