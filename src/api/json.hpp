#pragma once
// JSON for routes: nlohmann::json plus readers that validate a request object field by
// field and return localisable errors naming the field.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "http/request.hpp"

namespace yingbin::api {

using Json = nlohmann::json;

// Parses the request body as a JSON object. Errors: kInvalidJson ("error.invalid_utf8"
// for bytes that are not UTF-8, "error.invalid_json" for syntax, or a non-object top
// level). An empty body parses as {} (for DELETE with an optional reason).
core::Result<Json> ParseObject(const http::Request& req);

// Reads fields of a JSON object with validation. Every method returns an error naming
// the field: validation.required, validation.type_*, validation.too_long, ...
// Strings are trimmed of surrounding white space; control characters (other than tab and
// newline in multi-line fields) are refused.
class Input {
 public:
  explicit Input(const Json& object) : o_(object) {}

  bool Has(std::string_view field) const;            // present (null counts as present)
  bool IsNull(std::string_view field) const;         // present and null

  // Required non-empty string of at most max_chars characters (code points).
  core::Result<std::string> String(std::string_view field, size_t max_chars = 100,
                                   size_t min_chars = 1) const;
  // Optional string: absent or null -> "" ; multi_line allows '\n' and '\t'.
  core::Result<std::string> OptString(std::string_view field, size_t max_chars = 500,
                                      bool multi_line = false) const;
  core::Result<int64_t> Int(std::string_view field, int64_t min, int64_t max) const;
  // Absent or null -> nullopt.
  core::Result<std::optional<int64_t>> OptInt(std::string_view field, int64_t min,
                                              int64_t max) const;
  core::Result<bool> Bool(std::string_view field) const;
  core::Result<bool> OptBool(std::string_view field, bool fallback) const;
  // One of the allowed values (message lists them).
  core::Result<std::string> Enum(std::string_view field,
                                 const std::vector<std::string_view>& allowed) const;
  core::Result<std::vector<std::string>> StringList(std::string_view field, size_t max_items,
                                                    size_t max_chars) const;
  core::Result<std::vector<int64_t>> IntList(std::string_view field, size_t max_items) const;
  // Optional e-mail address ("" when absent).
  core::Result<std::string> OptEmail(std::string_view field) const;
  // Optional phone number: digits, spaces, + - ( ) only, 3..30 chars ("" when absent).
  core::Result<std::string> OptPhone(std::string_view field) const;
  const Json& raw() const { return o_; }

 private:
  const Json& o_;
};

// Optional values as JSON answers show them: the value, or null when absent.
Json IntOrNull(const std::optional<int64_t>& v);
// An instant (UTC epoch ms) as ISO 8601 UTC (core::FormatIsoUtc), or null.
Json TimeOrNull(const std::optional<int64_t>& epoch_ms);

// True when `s` is valid UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);
// Number of code points in a valid UTF-8 string.
size_t Utf8Length(std::string_view s);

}  // namespace yingbin::api
