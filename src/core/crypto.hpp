#pragma once
// Small wrappers over libsodium for the few primitives the server needs.
// REQUIRES: InitCrypto() called once at start (sodium_init).
#include <optional>
#include <string>
#include <string_view>

namespace yingbin::core {

// Initialises libsodium; returns false if it cannot (then nothing is safe to do).
bool InitCrypto();
// `bytes` random bytes as lower-case hex (2*bytes characters).
std::string RandomHex(size_t bytes);
// `bytes` random bytes as unpadded base64url (for cookies and tokens).
std::string RandomToken(size_t bytes);
// SHA-256 of `data` as lower-case hex.
std::string Sha256Hex(std::string_view data);
// Constant-time equality of two strings (lengths may differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// `n` uniformly random decimal digits ("042917" for n = 6): codes people read and type.
std::string RandomDigits(size_t n);
// Standard base64 with padding (RFC 4648 section 4), for binary data kept in text columns.
std::string Base64Encode(std::string_view bytes);
// Decodes standard base64; white space is ignored, padding optional. nullopt when `text`
// is not base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace yingbin::core
