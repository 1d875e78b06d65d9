#pragma once
// Text keys for searching Chinese names.
#include <string>
#include <string_view>

namespace yingbin::core {

// The lower-case pinyin initials of a name, for search by initials: "张伟" -> "zw",
// "欧阳娜娜" -> "oynn", "Li Lei" -> "ll". Traditional characters work too ("長沙" -> "zs").
// Uses ICU's Han-Latin transliterator, which knows one reading per character: polyphonic
// surnames (单 shàn, 曾 zēng) may come out with their common reading, so callers let the
// user override the result. Digits and punctuation are dropped; at most `max_length`
// letters. Thread-safe.
std::string PinyinInitials(std::string_view utf8_name, size_t max_length = 20);

}  // namespace yingbin::core
