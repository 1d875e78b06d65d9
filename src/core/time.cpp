#include "core/time.hpp"

#include <date/date.h>

#include <chrono>
#include <cstdio>

namespace yingbin::core {
namespace {

using std::chrono::milliseconds;

// A cursor over the text; every reader fails softly so the caller can answer one error.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool Done() const { return i_ >= s_.size(); }
  char Peek() const { return Done() ? '\0' : s_[i_]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i_;
    return true;
  }
  // Exactly n decimal digits.
  bool Digits(int n, int& out) {
    out = 0;
    for (int k = 0; k < n; ++k) {
      char c = Peek();
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
      ++i_;
    }
    return true;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

bool ReadDate(Cursor& c, date::year_month_day& out) {
  int y, m, d;
  if (!c.Digits(4, y) || !c.Eat('-') || !c.Digits(2, m) || !c.Eat('-') || !c.Digits(2, d))
    return false;
  out = date::year{y} / date::month{static_cast<unsigned>(m)} / date::day{static_cast<unsigned>(d)};
  return out.ok();
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::string FormatIsoUtc(int64_t epoch_ms) {
  const int64_t days = FloorDiv(epoch_ms, 86'400'000);
  const int64_t ms_of_day = epoch_ms - days * 86'400'000;
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(ms_of_day / 3'600'000),
                int(ms_of_day / 60'000 % 60), int(ms_of_day / 1000 % 60), int(ms_of_day % 1000));
  return buf;
}

Result<int64_t> ParseIso(std::string_view text, std::string_view field) {
  const Error bad = InvalidArgument(std::string(field), "validation.datetime");
  Cursor c(text);
  date::year_month_day ymd;
  if (!ReadDate(c, ymd)) return bad;
  if (!c.Eat('T') && !c.Eat('t') && !c.Eat(' ')) return bad;
  int hh, mm, ss = 0;
  if (!c.Digits(2, hh) || !c.Eat(':') || !c.Digits(2, mm)) return bad;
  if (c.Eat(':') && !c.Digits(2, ss)) return bad;
  if (hh > 23 || mm > 59 || ss > 59) return bad;
  int64_t frac_ms = 0;
  if (c.Eat('.') || c.Eat(',')) {
    // Any number of digits; precision beyond milliseconds is truncated.
    int n = 0, digit;
    while (c.Digits(1, digit)) {
      if (n < 3) frac_ms = frac_ms * 10 + digit;
      ++n;
    }
    if (n == 0 || n > 9) return bad;
    for (int k = n; k < 3; ++k) frac_ms *= 10;
  }
  // A time without a zone is ambiguous between sites: refuse it rather than guess.
  int64_t offset_min = 0;
  if (c.Eat('Z') || c.Eat('z')) {
  } else if (c.Peek() == '+' || c.Peek() == '-') {
    const int sign = c.Peek() == '-' ? -1 : 1;
    c.Eat(c.Peek());
    int oh, om;
    if (!c.Digits(2, oh)) return bad;
    c.Eat(':');
    if (!c.Digits(2, om) || oh > 23 || om > 59) return bad;
    offset_min = sign * (oh * 60 + om);
  } else {
    return bad;
  }
  if (!c.Done()) return bad;
  const int64_t days = date::sys_days{ymd}.time_since_epoch().count();
  return ((days * 24 + hh) * 60 + mm - offset_min) * 60'000 + ss * 1000 + frac_ms;
}

Result<int32_t> ParseDate(std::string_view text, std::string_view field) {
  Cursor c(text);
  date::year_month_day ymd;
  if (!ReadDate(c, ymd) || !c.Done()) return InvalidArgument(std::string(field), "validation.date");
  return static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
}

std::string FormatDate(int32_t days_since_epoch) {
  date::year_month_day ymd{date::sys_days{date::days{days_since_epoch}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}

}  // namespace yingbin::core
