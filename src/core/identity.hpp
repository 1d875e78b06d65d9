#pragma once
// Phone numbers and identity numbers as the desk types them (DATA-2, VIS-17): normal
// forms for lookups, the checksum of PRC resident identity numbers, and masked forms for
// display. Pure functions, thread-safe.
#include <string>
#include <string_view>

namespace yingbin::core {

// Digits only, a leading "+" kept; mainland prefixes "+86"/"0086" before an 11-digit
// mobile number are dropped, so "138 1234 5678", "+86 138-1234-5678" and "13812345678"
// are the same number.
std::string NormalisePhone(std::string_view phone);

// Trimmed, lower-case x as upper-case X.
std::string NormaliseResidentId(std::string_view id);

// GB 11643-1999: 17 digits + check character (ISO 7064 MOD 11-2), and a real birth date
// (YYYYMMDD, 1900..2100) in positions 7..14.
bool IsValidResidentId(std::string_view id);

// "13812345678" -> "138****5678"; other lengths keep the last 4 and mask the rest with at
// least four '*'. "" -> "".
std::string MaskPhone(std::string_view phone);
// First 3 and last 4 kept ("110***********002X"); values of 8 or fewer characters keep only
// their last 2. "" -> "".
std::string MaskIdNumber(std::string_view id);

}  // namespace yingbin::core
