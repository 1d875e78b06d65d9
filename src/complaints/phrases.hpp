#pragma once
// CMP-10 forbidden phrases 禁语 as a pure function: every message that goes to a customer is
// searched for each phrase of the (editable) list, insensitive to how it was typed, and each
// hit is reported with its place in the ORIGINAL text so that the form can highlight it and
// offer the phrase's suggested wording. No database, no HTTP; unit-tested in
// phrases_test.cpp.
//
// Normalisation (the same for the text and the phrases): full-width ASCII to half-width,
// traditional to simplified script (core::FoldScript, OpenCC t2s), lower case; spaces,
// punctuation, symbols and invisible format characters (zero-width space...) dropped. So
// "這不是 我們的事", "这不是我们的事！" and "这不是，我们的事" all contain 这不是我们的事.
// Thread-safe (no state).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace yingbin::complaints {

struct ForbiddenPhrase {
  std::string phrase;      // as the administrator wrote it: "一分钱,一分货"
  std::string suggestion;  // the wording to use instead
};

// One place where a phrase occurs. start/end are offsets in Unicode code points
// (characters) of the original text, end exclusive: text[start, end) covers the phrase from
// its first to its last matching character (what was dropped in between is inside).
struct PhraseHit {
  std::string phrase;
  int64_t start = 0, end = 0;
  std::string suggestion;
};

// The normalised form of a text (see above): what FindForbidden compares.
std::string NormalisePhraseText(std::string_view text);

// Every occurrence of every phrase in `text`, ordered by start (then by the list's order);
// overlapping hits of different phrases are all reported, one phrase's repeats each once.
// A phrase that normalises to nothing is ignored. Invalid UTF-8 bytes count as nothing.
std::vector<PhraseHit> FindForbidden(std::string_view text,
                                     const std::vector<ForbiddenPhrase>& phrases);

}  // namespace yingbin::complaints
