#include "core/text.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <unicode/utf8.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace yingbin::core {
namespace {

// Creating the transliterator costs ~100 ms (it compiles rules), so it is made once.
// transliterate() is not documented as thread-safe: calls are serialised (~10 µs each).
struct Pinyin {
  std::mutex mu;
  std::unique_ptr<icu::Transliterator> to_latin;

  Pinyin() {
    UErrorCode status = U_ZERO_ERROR;
    to_latin.reset(icu::Transliterator::createInstance("Han-Latin; Latin-ASCII; Lower",
                                                       UTRANS_FORWARD, status));
    if (U_FAILURE(status)) to_latin.reset();
  }
};

Pinyin& Instance() {
  static Pinyin pinyin;
  return pinyin;
}

// Han-Latin reads each Han character on its own (Unihan readings), so a character's initial
// never depends on its neighbours and can be remembered. Names repeat the same few
// thousand characters: after warming up, a name costs no transliteration and no lock.
bool IsHan(UChar32 c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2EBEF) || (c >= 0xF900 && c <= 0xFAFF);
}

char HanInitial(UChar32 c) {
  thread_local std::unordered_map<UChar32, char> cache;
  if (auto it = cache.find(c); it != cache.end()) return it->second;
  icu::UnicodeString one(c);
  Pinyin& p = Instance();
  if (p.to_latin) {
    std::lock_guard lock(p.mu);
    p.to_latin->transliterate(one);
  }
  std::string latin;
  one.toUTF8String(latin);
  char initial = 0;
  for (char ch : latin)
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
      initial = static_cast<char>(ch | 0x20);
      break;
    }
  cache.emplace(c, initial);
  return initial;
}

// The fast path for text of Han characters and ASCII only (nearly every name and
// company); nullopt when anything else is in it.
std::optional<std::string> FastInitials(std::string_view utf8, size_t max_length) {
  std::string initials;
  bool in_word = false;
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(utf8.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < 0) return std::nullopt;
    if (c < 0x80) {
      const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (letter && !in_word && initials.size() < max_length)
        initials.push_back(static_cast<char>(c | 0x20));
      in_word = letter;
    } else if (IsHan(c)) {
      const char initial = HanInitial(c);
      if (initial && initials.size() < max_length) initials.push_back(initial);
      in_word = false;
    } else {
      return std::nullopt;
    }
  }
  return initials;
}

}  // namespace

std::string PinyinInitials(std::string_view utf8_name, size_t max_length) {
  if (auto fast = FastInitials(utf8_name, max_length)) return *fast;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8_name.data(), static_cast<int32_t>(utf8_name.size())));
  Pinyin& p = Instance();
  if (p.to_latin) {
    std::lock_guard lock(p.mu);
    p.to_latin->transliterate(text);
  }
  std::string latin;
  text.toUTF8String(latin);
  // Han-Latin separates the syllables of Chinese characters with spaces; take the first
  // letter of every run of letters.
  std::string initials;
  bool in_word = false;
  for (char ch : latin) {
    const bool letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    if (letter && !in_word && initials.size() < max_length)
      initials.push_back(static_cast<char>(ch | 0x20));
    in_word = letter;
  }
  return initials;
}

}  // namespace yingbin::core
