#include "api/json.hpp"

#include <algorithm>
#include <string>

#include "core/time.hpp"

namespace yingbin::api {
namespace {

using core::Error;
using core::ErrorCode;
using core::InvalidArgument;
using core::Result;

Error TypeError(std::string_view field, const char* key) {
  return InvalidArgument(std::string(field), key);
}

std::string Trim(std::string_view s) {
  auto is_space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  // U+3000 IDEOGRAPHIC SPACE, common when typing with a Chinese IME.
  std::string out(s.substr(b, e - b));
  const std::string ideographic = "\xE3\x80\x80";
  while (out.rfind(ideographic, 0) == 0) out.erase(0, 3);
  while (out.size() >= 3 && out.compare(out.size() - 3, 3, ideographic) == 0)
    out.erase(out.size() - 3);
  return out;
}

bool HasControlChars(std::string_view s, bool multi_line) {
  for (unsigned char c : s) {
    if (c == 0x7f) return true;
    if (c < 0x20 && !(multi_line && (c == '\n' || c == '\t' || c == '\r'))) return true;
  }
  return false;
}

const Json* Find(const Json& o, std::string_view field) {
  auto it = o.find(field);
  return it == o.end() ? nullptr : &*it;
}

Result<std::string> ReadString(const Json& o, std::string_view field, size_t max_chars,
                               size_t min_chars, bool required, bool multi_line) {
  const Json* v = Find(o, field);
  if (v == nullptr || v->is_null()) {
    if (required) return InvalidArgument(std::string(field), "validation.required");
    return std::string();
  }
  if (!v->is_string()) return TypeError(field, "validation.type_string");
  std::string s = Trim(v->get_ref<const std::string&>());
  if (s.empty() && required) return InvalidArgument(std::string(field), "validation.required");
  if (HasControlChars(s, multi_line))
    return InvalidArgument(std::string(field), "validation.control_chars");
  size_t n = Utf8Length(s);
  if (n > max_chars)
    return InvalidArgument(std::string(field), "validation.too_long")
        .With("max", std::to_string(max_chars));
  if (!s.empty() && n < min_chars)
    return InvalidArgument(std::string(field), "validation.too_short")
        .With("min", std::to_string(min_chars));
  return s;
}

}  // namespace

Json IntOrNull(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(nullptr); }

Json TimeOrNull(const std::optional<int64_t>& epoch_ms) {
  return epoch_ms ? Json(core::FormatIsoUtc(*epoch_ms)) : Json(nullptr);
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  return std::count_if(s.begin(), s.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

Result<Json> ParseObject(const http::Request& req) {
  if (!IsValidUtf8(req.body)) return Error{ErrorCode::kInvalidJson, "error.invalid_utf8", {}, {}, {}};
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return Json::object();
  Json j = Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Error{ErrorCode::kInvalidJson, "error.invalid_json", {}, {}, {}};
  return j;
}

bool Input::Has(std::string_view field) const { return Find(o_, field) != nullptr; }

bool Input::IsNull(std::string_view field) const {
  const Json* v = Find(o_, field);
  return v != nullptr && v->is_null();
}

Result<std::string> Input::String(std::string_view field, size_t max_chars,
                                  size_t min_chars) const {
  return ReadString(o_, field, max_chars, min_chars, /*required=*/true, /*multi_line=*/false);
}

Result<std::string> Input::OptString(std::string_view field, size_t max_chars,
                                     bool multi_line) const {
  return ReadString(o_, field, max_chars, 0, /*required=*/false, multi_line);
}

Result<int64_t> Input::Int(std::string_view field, int64_t min, int64_t max) const {
  auto r = OptInt(field, min, max);
  if (!r) return std::move(r).error();
  if (!*r) return InvalidArgument(std::string(field), "validation.required");
  return **r;
}

Result<std::optional<int64_t>> Input::OptInt(std::string_view field, int64_t min,
                                             int64_t max) const {
  const Json* v = Find(o_, field);
  if (v == nullptr || v->is_null()) return std::optional<int64_t>();
  if (!v->is_number_integer()) return TypeError(field, "validation.type_integer");
  // Unsigned values above INT64_MAX come back as number_unsigned; treat as out of range.
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    return InvalidArgument(std::string(field), "validation.out_of_range")
        .With("min", std::to_string(min))
        .With("max", std::to_string(max));
  int64_t x = v->get<int64_t>();
  if (x < min || x > max)
    return InvalidArgument(std::string(field), "validation.out_of_range")
        .With("min", std::to_string(min))
        .With("max", std::to_string(max));
  return std::optional<int64_t>(x);
}

Result<bool> Input::Bool(std::string_view field) const {
  const Json* v = Find(o_, field);
  if (v == nullptr || v->is_null()) return InvalidArgument(std::string(field), "validation.required");
  if (!v->is_boolean()) return TypeError(field, "validation.type_boolean");
  return v->get<bool>();
}

Result<bool> Input::OptBool(std::string_view field, bool fallback) const {
  const Json* v = Find(o_, field);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_boolean()) return TypeError(field, "validation.type_boolean");
  return v->get<bool>();
}

Result<std::string> Input::Enum(std::string_view field,
                                const std::vector<std::string_view>& allowed) const {
  auto s = String(field, 100);
  if (!s) return s;
  if (std::find(allowed.begin(), allowed.end(), *s) != allowed.end()) return s;
  std::string list;
  for (auto a : allowed) {
    if (!list.empty()) list += ", ";
    list += a;
  }
  return InvalidArgument(std::string(field), "validation.one_of").With("allowed", list);
}

Result<std::vector<std::string>> Input::StringList(std::string_view field, size_t max_items,
                                                   size_t max_chars) const {
  const Json* v = Find(o_, field);
  std::vector<std::string> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return TypeError(field, "validation.type_array");
  if (v->size() > max_items)
    return InvalidArgument(std::string(field), "validation.out_of_range")
        .With("min", "0")
        .With("max", std::to_string(max_items));
  for (const auto& item : *v) {
    if (!item.is_string()) return TypeError(field, "validation.type_string");
    std::string s = Trim(item.get_ref<const std::string&>());
    if (s.empty()) continue;
    if (HasControlChars(s, false)) return InvalidArgument(std::string(field), "validation.control_chars");
    if (Utf8Length(s) > max_chars)
      return InvalidArgument(std::string(field), "validation.too_long")
          .With("max", std::to_string(max_chars));
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<int64_t>> Input::IntList(std::string_view field, size_t max_items) const {
  const Json* v = Find(o_, field);
  std::vector<int64_t> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return TypeError(field, "validation.type_array");
  if (v->size() > max_items)
    return InvalidArgument(std::string(field), "validation.out_of_range")
        .With("min", "0")
        .With("max", std::to_string(max_items));
  for (const auto& item : *v) {
    if (!item.is_number_integer() ||
        (item.is_number_unsigned() && item.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)))
      return TypeError(field, "validation.type_integer");
    int64_t x = item.get<int64_t>();
    if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
  }
  return out;
}

Result<std::string> Input::OptEmail(std::string_view field) const {
  auto s = OptString(field, 254);
  if (!s || s->empty()) return s;
  // Deliberately simple: one '@', a dot in the domain, no spaces. Delivery proves the rest.
  const std::string& e = *s;
  size_t at = e.find('@');
  bool ok = at != std::string::npos && at > 0 && e.find('@', at + 1) == std::string::npos &&
            e.find(' ') == std::string::npos && e.find('.', at + 2) != std::string::npos &&
            e.back() != '.';
  if (!ok) return InvalidArgument(std::string(field), "validation.email");
  return s;
}

Result<std::string> Input::OptPhone(std::string_view field) const {
  auto s = OptString(field, 30);
  if (!s || s->empty()) return s;
  int digits = 0;
  for (char c : *s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')') {
      return InvalidArgument(std::string(field), "validation.phone");
    }
  }
  if (digits < 3) return InvalidArgument(std::string(field), "validation.phone");
  return s;
}

}  // namespace yingbin::api
