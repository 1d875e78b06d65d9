#pragma once
// Search keys for Chinese names and companies (DESIGN.md "Search", DATA-4): any part of a
// name from one character up, insensitive to simplified/traditional script, and pinyin
// initials. FTS5 trigram never matches 1-2 character queries, so documents hold one token
// per CJK character (SearchDocument) and queries are phrases of those tokens: on SQLite an
// FTS5 MATCH expression (Fts5Query), on PostgreSQL a to_tsquery('simple', ...) text
// (TsQuery) under a GIN index on to_tsvector('simple', doc). Thread-safe.
#include <initializer_list>
#include <string>
#include <string_view>

namespace yingbin::core {

// Traditional -> simplified (OpenCC t2s), full-width ASCII -> half-width, ASCII lower case:
// "張偉" -> "张伟", "ＡＢＣ公司" -> "abc公司".
std::string FoldScript(std::string_view text);

// The folded text as space-separated tokens: each CJK ideograph, kana or hangul syllable
// its own token; runs of other letters and digits one token; punctuation dropped.
// "北京字节跳动 ByteDance-2" -> "北 京 字 节 跳 动 bytedance 2".
std::string SearchTokens(std::string_view text);

// The tokens of every field, each field's pinyin initials as an extra token, then each
// field's CJK bigrams after a separator token:
// ("张伟", "字节跳动") -> "张 伟 字 节 跳 动 zw zjtd 〇 张伟 〇 字节 节跳 跳动".
// A query of 2+ CJK characters looks up bigrams (short posting lists); one character,
// words and initials look up the single tokens.
std::string SearchDocument(std::initializer_list<std::string_view> fields);

// Version of the SearchDocument format; documents of an older version are rebuilt at start.
inline constexpr int kSearchDocumentVersion = 2;

// FTS5 MATCH text finding documents that contain the query's tokens in a row; a last
// ASCII token matches as a prefix ("zw" finds "zwl"). "" when the query has no tokens.
std::string Fts5Query(std::string_view user_query);

// The same for PostgreSQL: 'a' <-> 'b' <-> 'c':* ; "" when the query has no tokens. User
// text can never form tsquery operators (every token is quoted).
std::string TsQuery(std::string_view user_query);

}  // namespace yingbin::core
