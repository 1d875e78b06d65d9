#include "notify/rules.hpp"

#include <algorithm>

namespace yingbin::notify {

std::vector<std::string> SplitTopics(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(start, comma - start);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
    if (!part.empty() && std::find(out.begin(), out.end(), part) == out.end())
      out.emplace_back(part);
    start = comma + 1;
  }
  return out;
}

std::string JoinTopics(const std::vector<std::string>& prefixes) {
  std::string out;
  for (const auto& p : prefixes) {
    if (!out.empty()) out += ',';
    out += p;
  }
  return out;
}

bool TopicMatches(const std::vector<std::string>& prefixes, std::string_view topic) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) {
    return p == "*" || topic.substr(0, p.size()) == p;
  });
}

int64_t BackoffMs(int64_t failed_attempts, int64_t base_ms, int64_t cap_ms) {
  if (failed_attempts < 1) failed_attempts = 1;
  int64_t wait = std::max<int64_t>(base_ms, 0);
  for (int64_t i = 1; i < failed_attempts && wait < cap_ms; ++i) wait *= 2;
  return std::min(wait, cap_ms);
}

std::string Truncate(std::string text, size_t max) {
  if (text.size() <= max) return text;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text;
}

}  // namespace yingbin::notify
