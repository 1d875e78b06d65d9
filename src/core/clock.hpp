#pragma once
// Time source, injectable so that time-dependent rules are testable. Times are UTC epoch
// milliseconds everywhere inside the server.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace yingbin::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

// A clock tests set and advance by hand. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_ms) : now_ms_(now_ms) {}
  int64_t NowMs() const override { return now_ms_.load(); }
  void Set(int64_t now_ms) { now_ms_.store(now_ms); }
  void Advance(int64_t delta_ms) { now_ms_.fetch_add(delta_ms); }

 private:
  std::atomic<int64_t> now_ms_;
};

// The system clock shifted by an offset that tests of the running server move forward
// (`yingbin serve --test-clock`, POST /api/v1/test/clock), so that timed rules (reminders,
// overdue lists, renewal notices) are tested against the real binary without sleeping.
// With offset 0 (always, unless a test moves it) it is the system clock. Thread-safe.
class AdjustableClock final : public Clock {
 public:
  int64_t NowMs() const override { return system_.NowMs() + offset_ms_.load(); }
  void Advance(int64_t delta_ms) { offset_ms_.fetch_add(delta_ms); }
  int64_t offset_ms() const { return offset_ms_.load(); }

 private:
  SystemClock system_;
  std::atomic<int64_t> offset_ms_{0};
};

}  // namespace yingbin::core
