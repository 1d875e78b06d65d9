#include "core/search_keys.hpp"

#include <opencc/opencc.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <memory>
#include <vector>

#include "core/text.hpp"

namespace yingbin::core {
namespace {

// One OpenCC converter per thread: loading the dictionaries is done once per thread, and
// conversions never contend on a lock.
std::string T2S(const std::string& text) {
  struct Handle {
    opencc_t h = reinterpret_cast<opencc_t>(-1);
    Handle() {
      h = opencc_open("t2s.json");
      if (h == reinterpret_cast<opencc_t>(-1)) h = opencc_open("/usr/share/opencc/t2s.json");
    }
    ~Handle() {
      if (h != reinterpret_cast<opencc_t>(-1)) opencc_close(h);
    }
  };
  thread_local Handle handle;
  if (handle.h == reinterpret_cast<opencc_t>(-1)) return text;
  char* out = opencc_convert_utf8(handle.h, text.data(), text.size());
  if (!out) return text;
  std::string s(out);
  opencc_convert_utf8_free(out);
  return s;
}

bool IsCjk(UChar32 c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) ||
         (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF);
}

void Append(std::string& out, UChar32 c) {
  char buf[4];
  int32_t i = 0;
  UBool err = false;
  U8_APPEND(buf, i, 4, c, err);
  if (!err) out.append(buf, i);
}

std::vector<std::string> Tokens(std::string_view text) {
  const std::string folded = FoldScript(text);
  std::vector<std::string> tokens;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) tokens.push_back(std::move(word));
    word.clear();
  };
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(folded.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(folded.data(), i, n, c);
    if (c < 0) {
      flush();
      continue;
    }
    if (IsCjk(c)) {
      flush();
      std::string t;
      Append(t, c);
      tokens.push_back(std::move(t));
    } else if (u_isalnum(c)) {
      Append(word, u_tolower(c));
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

bool IsAsciiWord(const std::string& t) {
  for (unsigned char ch : t)
    if (ch >= 0x80) return false;
  return !t.empty();
}

}  // namespace

std::string FoldScript(std::string_view text) {
  std::string half;
  half.reserve(text.size());
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    if (c < 0) continue;  // invalid UTF-8 is dropped, never passed on
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (c == 0x3000) c = ' ';
    if (c < 0x80) c = static_cast<UChar32>(std::tolower(static_cast<int>(c)));
    Append(half, c);
  }
  return T2S(half);
}

std::string SearchTokens(std::string_view text) {
  std::string out;
  for (const auto& t : Tokens(text)) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

std::string SearchDocument(std::initializer_list<std::string_view> fields) {
  std::string doc;
  std::string initials;
  for (auto f : fields) {
    std::string tokens = SearchTokens(f);
    if (tokens.empty()) continue;
    if (!doc.empty()) doc += ' ';
    doc += tokens;
    std::string pi = PinyinInitials(f);
    if (!pi.empty()) {
      initials += ' ';
      initials += pi;
    }
  }
  return doc + initials;
}

std::string Fts5Query(std::string_view user_query) {
  auto tokens = Tokens(user_query);
  if (tokens.empty()) return "";
  std::string q = "\"";
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) q += ' ';
    for (char ch : tokens[i]) {
      if (ch == '"') q += '"';  // cannot occur (punctuation is dropped); kept for safety
      q += ch;
    }
  }
  q += '"';
  if (IsAsciiWord(tokens.back())) q += '*';
  return q;
}

std::string TsQuery(std::string_view user_query) {
  auto tokens = Tokens(user_query);
  if (tokens.empty()) return "";
  std::string q;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) q += " <-> ";
    q += '\'';
    for (char ch : tokens[i]) {
      if (ch == '\'' || ch == '\\') q += ch == '\'' ? '\'' : '\\';
      q += ch;
    }
    q += '\'';
  }
  if (IsAsciiWord(tokens.back())) q += ":*";
  return q;
}

}  // namespace yingbin::core
