#include "auth/password.hpp"

#include <sodium.h>

#include <cctype>

#include "api/json.hpp"
#include "core/crypto.hpp"

namespace yingbin::auth {

core::Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return core::Internal("argon2id hashing failed (out of memory?)");
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  std::string h(encoded_hash);  // needs NUL termination
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

void VerifyDummy(std::string_view password) {
  static const std::string dummy = [] {
    auto h = HashPassword("dummy-password-1");
    return h ? *h : std::string();
  }();
  (void)VerifyPassword(dummy, password);
}

core::Status CheckPasswordStrength(std::string_view password, std::string_view field,
                                   size_t min_length) {
  bool letter = false, digit = false;
  for (unsigned char c : password) {
    if (std::isalpha(c) || c >= 0x80) letter = true;
    if (std::isdigit(c)) digit = true;
  }
  if (api::Utf8Length(password) < min_length || !letter || !digit || password.size() > 1024)
    return core::InvalidArgument(std::string(field), "auth.password_too_weak")
        .With("min", std::to_string(min_length));
  return core::Ok();
}

std::string GeneratePassword() {
  // 12 random hex characters plus a fixed letter/digit pair: 48 bits of entropy, easy to type.
  return "Yb" + core::RandomHex(6) + "7q";
}

}  // namespace yingbin::auth
