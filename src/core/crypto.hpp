#pragma once
// Small wrappers over libsodium for the few primitives the server needs.
// REQUIRES: InitCrypto() called once at start (sodium_init).
#include <cstdint>
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
// A token that sorts by the time it was made: `now_ms` in 9 base-32 digits ("0"-"9",
// "a"-"v"), then `random_bytes` random bytes as base64url. The random part alone makes it
// unguessable; the prefix makes new tokens land at the end of an index on them, so that
// adding one rewrites the same last page instead of a random one (bench/: a random badge
// code cost a 4 KiB WAL page per registration).
std::string TimeOrderedToken(int64_t now_ms, size_t random_bytes);
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
