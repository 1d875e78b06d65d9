#include "complaints/phrases.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "core/search_keys.hpp"

namespace yingbin::complaints {
namespace {

// A character of the normalised text and the index (in code points) of the original
// character it came from.
struct Unit {
  UChar32 c;
  int64_t origin;
};

bool Dropped(UChar32 c) {
  return (U_GET_GC_MASK(c) &
          (U_GC_P_MASK | U_GC_S_MASK | U_GC_Z_MASK | U_GC_CC_MASK | U_GC_CF_MASK)) != 0 ||
         u_isUWhiteSpace(c);
}

void Append(std::string& out, UChar32 c) {
  char buf[4];
  int32_t i = 0;
  UBool err = false;
  U8_APPEND(buf, i, 4, c, err);
  if (!err) out.append(buf, i);
}

std::vector<UChar32> Decode(std::string_view s) {
  std::vector<UChar32> out;
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c >= 0) out.push_back(c);
  }
  return out;
}

bool IsHan(UChar32 c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

std::vector<Unit> Normalise(std::string_view text) {
  std::vector<Unit> units;
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  int64_t index = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    if (c < 0) continue;  // invalid UTF-8: nothing (the HTTP layer refuses it anyway)
    const int64_t origin = index++;
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (Dropped(c)) continue;
    units.push_back({u_tolower(c), origin});
  }
  // Traditional -> simplified with core's script folding (OpenCC t2s). It converts whole
  // phrases, which keeps the number of characters in practice; when it does not, each
  // character is folded alone so that every one keeps its origin.
  std::string han;
  bool any_han = false;
  for (const auto& u : units) {
    Append(han, u.c);
    any_han = any_han || IsHan(u.c);
  }
  if (!any_han) return units;
  std::vector<UChar32> folded = Decode(core::FoldScript(han));
  if (folded.size() == units.size()) {
    for (size_t k = 0; k < units.size(); ++k) units[k].c = folded[k];
    return units;
  }
  for (auto& u : units) {
    if (!IsHan(u.c)) continue;
    std::string one;
    Append(one, u.c);
    auto f = Decode(core::FoldScript(one));
    if (f.size() == 1) u.c = f[0];
  }
  return units;
}

}  // namespace

std::string NormalisePhraseText(std::string_view text) {
  std::string out;
  for (const auto& u : Normalise(text)) Append(out, u.c);
  return out;
}

std::vector<PhraseHit> FindForbidden(std::string_view text,
                                     const std::vector<ForbiddenPhrase>& phrases) {
  const std::vector<Unit> units = Normalise(text);
  struct Ordered {
    PhraseHit hit;
    size_t list_index;
  };
  std::vector<Ordered> found;
  for (size_t p = 0; p < phrases.size(); ++p) {
    const std::vector<Unit> needle = Normalise(phrases[p].phrase);
    if (needle.empty() || needle.size() > units.size()) continue;
    for (size_t at = 0; at + needle.size() <= units.size(); ++at) {
      bool match = true;
      for (size_t k = 0; k < needle.size() && match; ++k) match = units[at + k].c == needle[k].c;
      if (!match) continue;
      found.push_back({PhraseHit{phrases[p].phrase, units[at].origin,
                                 units[at + needle.size() - 1].origin + 1, phrases[p].suggestion},
                       p});
      at += needle.size() - 1;  // a repeat is reported once per occurrence, not overlapping
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const Ordered& a, const Ordered& b) {
    if (a.hit.start != b.hit.start) return a.hit.start < b.hit.start;
    return a.list_index < b.list_index;
  });
  std::vector<PhraseHit> out;
  out.reserve(found.size());
  for (auto& f : found) out.push_back(std::move(f.hit));
  return out;
}

}  // namespace yingbin::complaints
