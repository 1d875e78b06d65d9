#pragma once
// The three languages of the product and the message catalog.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yingbin::core {

enum class Lang { kZhCN, kZhTW, kEn };

// Picks the language from an Accept-Language header value. zh-CN is the default;
// zh-TW, zh-HK, zh-Hant pick zh-TW; en* picks English; q-values are honoured.
Lang ParseAcceptLanguage(std::string_view header);

// The message for `key` in `lang`, with {name} placeholders filled from `args`.
// The special placeholder {field} is filled with the localised label of the field
// (see FieldLabel) when args do not give it. Unknown keys fall back to the generic
// message of "error.internal" so that a missing translation never leaks a key.
std::string Localize(Lang lang, std::string_view key,
                     const std::vector<std::pair<std::string, std::string>>& args = {},
                     std::string_view field = {});

// The localised label of a JSON field name ("name" -> "名称"), or the name itself.
std::string FieldLabel(Lang lang, std::string_view field);

// True when `key` exists in all three languages (used by tests).
bool HasMessage(std::string_view key);

}  // namespace yingbin::core
