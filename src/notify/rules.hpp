#pragma once
// The pure rules of notify/: topic filters and retry back-off. No I/O; unit-tested alone.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace yingbin::notify {

// Splits "visit., complaint.new" into trimmed, non-empty prefixes.
std::vector<std::string> SplitTopics(std::string_view comma_separated);
std::string JoinTopics(const std::vector<std::string>& prefixes);

// True when `topic` starts with one of the prefixes, or a prefix is "*".
bool TopicMatches(const std::vector<std::string>& prefixes, std::string_view topic);

// The wait after the `failed_attempts`-th failure (1 = the first): base * 2^(n-1), at most
// cap. Exponential back-off so a receiver that is down is not hammered.
int64_t BackoffMs(int64_t failed_attempts, int64_t base_ms, int64_t cap_ms);

// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence.
std::string Truncate(std::string text, size_t max);

}  // namespace yingbin::notify
