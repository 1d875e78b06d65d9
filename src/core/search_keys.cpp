#include "core/search_keys.hpp"

#include <opencc/opencc.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
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
  // Text without a byte over 0x7f (Latin names, numbers) has nothing to convert.
  if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return text;
  // The same texts come back: a registration folds the visitor's name twice (search document
  // and watch lists) and its company once, and the desk sees the same companies all day.
  // A conversion was an eighth of a check-in's CPU in the request handlers.
  thread_local std::unordered_map<std::string, std::string> recent;
  if (auto it = recent.find(text); it != recent.end()) return it->second;
  char* out = opencc_convert_utf8(handle.h, text.data(), text.size());
  if (!out) return text;
  std::string s(out);
  opencc_convert_utf8_free(out);
  constexpr size_t kRecent = 256;        // texts remembered per thread
  constexpr size_t kLongestKept = 256;   // bytes: names and companies, not documents
  if (recent.size() >= kRecent) recent.clear();
  if (text.size() <= kLongestKept) recent.emplace(text, s);
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

bool IsCjkToken(const std::string& t) {
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(t.size());
  if (n == 0) return false;
  UChar32 c;
  U8_NEXT(t.data(), i, n, c);
  return c >= 0 && i == n && IsCjk(c);
}

// Two CJK characters in a row as one token ("张伟"): the token a 2+ character query
// looks up, because the posting list of one common character (张: 7 % of all names) is
// far too long to intersect quickly. Empty when the two are not both CJK.
std::vector<std::string> Bigrams(const std::vector<std::string>& tokens) {
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (IsAsciiWord(tokens[i]) || IsAsciiWord(tokens[i + 1])) continue;
    if (!IsCjkToken(tokens[i]) || !IsCjkToken(tokens[i + 1])) continue;
    out.push_back(tokens[i] + tokens[i + 1]);
  }
  return out;
}

// The query's tokens to look up: its bigrams when it is 2+ CJK characters, else its
// tokens (one character, words, mixed text).
std::vector<std::string> QueryTokens(std::string_view user_query) {
  auto tokens = Tokens(user_query);
  if (tokens.size() < 2) return tokens;
  for (const auto& t : tokens)
    if (!IsCjkToken(t)) return tokens;
  return Bigrams(tokens);
}

// Separates the bigram lists of two fields in a document: a token no query produces.
constexpr const char* kFieldSeparator = "〇";

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
  std::string bigrams;
  for (auto f : fields) {
    auto tokens = Tokens(f);
    if (tokens.empty()) continue;
    for (const auto& t : tokens) {
      if (!doc.empty()) doc += ' ';
      doc += t;
    }
    std::string pi = PinyinInitials(f);
    if (!pi.empty()) {
      initials += ' ';
      initials += pi;
    }
    auto bi = Bigrams(tokens);
    if (bi.empty()) continue;
    bigrams += ' ';
    bigrams += kFieldSeparator;  // bigrams of two fields are never adjacent
    for (const auto& b : bi) {
      bigrams += ' ';
      bigrams += b;
    }
  }
  return doc + initials + bigrams;
}

std::string Fts5Query(std::string_view user_query) {
  auto tokens = QueryTokens(user_query);
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
  auto tokens = QueryTokens(user_query);
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
