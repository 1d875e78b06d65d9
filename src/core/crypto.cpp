#include "core/crypto.hpp"

#include <sodium.h>

#include <vector>

namespace yingbin::core {

bool InitCrypto() { return sodium_init() >= 0; }

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string out(bytes * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), buf.data(), buf.size());
  out.resize(bytes * 2);
  return out;
}

std::string RandomToken(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  const size_t len = sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string out(len, '\0');
  sodium_bin2base64(out.data(), out.size(), buf.data(), buf.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(len - 1);  // drop the terminating NUL
  return out;
}

std::string TimeOrderedToken(int64_t now_ms, size_t random_bytes) {
  // Ascending in ASCII, so that byte order (SQLite's BINARY, PostgreSQL's "C" and the
  // usual collations for these characters) is time order. 45 bits of milliseconds last
  // until the year 3084.
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuv";
  constexpr int kPrefix = 9;
  auto t = static_cast<uint64_t>(now_ms < 0 ? 0 : now_ms);
  std::string out(kPrefix, '0');
  for (int i = kPrefix - 1; i >= 0; --i, t >>= 5) out[static_cast<size_t>(i)] = kDigits[t & 31];
  return out + RandomToken(random_bytes);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string out(sizeof digest * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), digest, sizeof digest);
  out.resize(sizeof digest * 2);
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string RandomDigits(size_t n) {
  std::string out(n, '0');
  for (auto& c : out) c = static_cast<char>('0' + randombytes_uniform(10));
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  const size_t len = sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string out(len, '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(len - 1);  // drop the terminating NUL
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  const char* end = nullptr;
  // Without padding the decoder stops at the first '=': what follows is checked below.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), " \t\r\n", &len, &end,
                        sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0)
    return std::nullopt;
  // Trailing characters that are not base64 (other than padding) make it invalid.
  if (end != text.data() + text.size()) {
    for (const char* p = end; p != text.data() + text.size(); ++p)
      if (*p != '=' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') return std::nullopt;
  }
  out.resize(len);
  return out;
}

}  // namespace yingbin::core
