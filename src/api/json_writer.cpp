#include "api/json_writer.hpp"

#include <charconv>

#include "api/json.hpp"
#include "core/time.hpp"

namespace yingbin::api {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendEscaped(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t run = 0;  // start of the current run of bytes that need no escaping
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(s[i]);
    if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[ch >> 4]);
        out.push_back(kHex[ch & 0xf]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

// Replaces every byte that is not part of a valid UTF-8 sequence with U+FFFD.
std::string ReplaceInvalidUtf8(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t len = 1;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) len = 3;
    else if (c >= 0xf0 && c <= 0xf4) len = 4;
    if ((c < 0x80) || (len > 1 && i + len <= s.size() && IsValidUtf8(s.substr(i, len)))) {
      out.append(s.data() + i, c < 0x80 ? 1 : len);
      i += c < 0x80 ? 1 : len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

}  // namespace

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_) out_.push_back(',');
  first_ = false;
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  out_.push_back('{');
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_.push_back('}');
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  Separate();
  out_.push_back('[');
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_.push_back(']');
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  Separate();
  out_.push_back('"');
  out_.append(key);
  out_ += "\":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  if (IsValidUtf8(value)) AppendEscaped(out_, value);
  else AppendEscaped(out_, ReplaceInvalidUtf8(value));
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  Separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::OptInt(const std::optional<int64_t>& value) {
  return value ? Int(*value) : Null();
}

JsonWriter& JsonWriter::OptString(const std::optional<std::string>& value) {
  return value ? String(*value) : Null();
}

JsonWriter& JsonWriter::OptTime(const std::optional<int64_t>& epoch_ms) {
  return epoch_ms ? String(core::FormatIsoUtc(*epoch_ms)) : Null();
}

JsonWriter& JsonWriter::Json(std::string_view json_text, std::string_view fallback) {
  Separate();
  out_.append(api::Json::accept(json_text) ? json_text : fallback);
  return *this;
}

JsonWriter& JsonWriter::Tree(const api::Json& value) {
  Separate();
  out_ += value.dump(-1, ' ', false, api::Json::error_handler_t::replace);
  return *this;
}

JsonWriter& JsonWriter::StringArray(const std::vector<std::string>& values) {
  BeginArray();
  for (const auto& v : values) String(v);
  return EndArray();
}

JsonWriter& JsonWriter::IntArray(const std::vector<int>& values) {
  BeginArray();
  for (int v : values) Int(v);
  return EndArray();
}

}  // namespace yingbin::api
