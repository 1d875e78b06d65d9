#include "core/identity.hpp"

#include <algorithm>
#include <cctype>

namespace yingbin::core {

std::string NormalisePhone(std::string_view phone) {
  std::string out;
  for (char ch : phone) {
    if (std::isdigit(static_cast<unsigned char>(ch))) out += ch;
    else if (ch == '+' && out.empty()) out += ch;
  }
  auto strip = [&](std::string_view prefix) {
    if (out.size() == prefix.size() + 11 && out.compare(0, prefix.size(), prefix) == 0 &&
        out[prefix.size()] == '1')
      out.erase(0, prefix.size());
  };
  strip("+86");
  strip("0086");
  return out;
}

std::string NormaliseResidentId(std::string_view id) {
  size_t b = 0, e = id.size();
  while (b < e && std::isspace(static_cast<unsigned char>(id[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(id[e - 1]))) --e;
  std::string out(id.substr(b, e - b));
  for (auto& ch : out)
    if (ch == 'x') ch = 'X';
  return out;
}

bool IsValidResidentId(std::string_view id) {
  if (id.size() != 18) return false;
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kCheck[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(id[i]))) return false;
    sum += (id[i] - '0') * kWeights[i];
  }
  const char check = id[17] == 'x' ? 'X' : id[17];
  if (check != kCheck[sum % 11]) return false;
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (id[i] - '0');
    return v;
  };
  const int y = num(6, 4), m = num(10, 2), d = num(12, 2);
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::string MaskPhone(std::string_view phone) {
  if (phone.empty()) return "";
  if (phone.size() == 11) return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(7));
  if (phone.size() <= 4) return std::string(4, '*') + std::string(phone.substr(phone.size() > 1 ? 1 : 0));
  const size_t stars = std::max<size_t>(4, phone.size() - 4);
  return std::string(stars, '*') + std::string(phone.substr(phone.size() - 4));
}

std::string MaskIdNumber(std::string_view id) {
  if (id.empty()) return "";
  if (id.size() <= 8)
    return std::string(id.size() > 2 ? id.size() - 2 : 1, '*') +
           std::string(id.substr(id.size() > 2 ? id.size() - 2 : id.size() - 1));
  return std::string(id.substr(0, 3)) + std::string(id.size() - 7, '*') +
         std::string(id.substr(id.size() - 4));
}

}  // namespace yingbin::core
