#include "core/text.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>

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

}  // namespace

std::string PinyinInitials(std::string_view utf8_name, size_t max_length) {
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
