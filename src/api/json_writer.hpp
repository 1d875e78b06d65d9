#pragma once
// Writes JSON text straight into a string, for answers that are hot paths (list pages).
// Building an nlohmann::json tree first costs an allocation per value and a map node per
// key; a 50-row list spent more time there than in SQLite (docs/benchmarks.md).
//
//   JsonWriter w;
//   w.BeginObject();
//   w.Key("id").Int(7);
//   w.Key("name").String("张三");
//   w.EndObject();
//   std::string text = std::move(w).Take();
//
// Commas are inserted automatically. Strings are escaped as JSON requires; invalid UTF-8
// is replaced by U+FFFD, as JsonResponse does, so that one bad byte never breaks an answer.
// REQUIRES: calls form a well-nested document (not checked in release builds).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json.hpp"

namespace yingbin::api {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);  // key is written verbatim: plain ASCII names only
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  JsonWriter& OptInt(const std::optional<int64_t>& value);
  JsonWriter& OptString(const std::optional<std::string>& value);
  // An instant (UTC epoch ms) as ISO 8601 UTC (core::FormatIsoUtc), or null.
  JsonWriter& OptTime(const std::optional<int64_t>& epoch_ms);
  // A value that is JSON text already (an object our own code wrote and stored). Text
  // that is not one valid JSON value is written as `fallback`, so the document stays valid.
  JsonWriter& Json(std::string_view json_text, std::string_view fallback = "null");
  // A value built as an nlohmann tree (invalid UTF-8 in it replaced, as JsonResponse does).
  JsonWriter& Tree(const api::Json& value);
  JsonWriter& StringArray(const std::vector<std::string>& values);
  JsonWriter& IntArray(const std::vector<int>& values);

  const std::string& text() const { return out_; }
  std::string Take() && { return std::move(out_); }

 private:
  void Separate();  // a comma before a value or key that is not the first in its container

  std::string out_;
  bool first_ = true;     // no value yet in the current container
  bool after_key_ = false;
};

// A list page {"items":[...],"total":N,"page":P,"page_size":S} (see PageJson), each item
// written by write_item(JsonWriter&, const T&).
template <class T, class WriteItem>
std::string PageText(const std::vector<T>& items, WriteItem write_item, int64_t total,
                     int64_t page, int64_t page_size,
                     std::optional<bool> total_capped = std::nullopt) {
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const T& item : items) write_item(w, item);
  w.EndArray();
  w.Key("total").Int(total).Key("page").Int(page).Key("page_size").Int(page_size);
  if (total_capped) w.Key("total_capped").Bool(*total_capped);
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace yingbin::api
