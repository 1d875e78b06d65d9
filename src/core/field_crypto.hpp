#pragma once
// Field encryption for sensitive personal data (DATA-2: identity card numbers and phone
// numbers encrypted at rest, the key outside the database).
//
// Ciphertext: "v1:" + base64url(nonce | XChaCha20-Poly1305 ciphertext), with the field name
// as associated data, so a phone ciphertext never decrypts as an identity number.
// BlindIndex: a keyed hash (BLAKE2b with a subkey derived from the master key) for equality
// lookups on encrypted columns: the same value and field always give the same index.
//
// Thread-safe after construction (const methods). REQUIRES: core::InitCrypto() was called.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace yingbin::core {

class FieldCipher {
 public:
  // Reads the 32-byte key from `path` (64 hex characters); creates it with mode 0600 (and
  // its directory) when missing. Errors: kInvalidArgument "crypto.bad_key_file" when the
  // file has the wrong size or content, or is readable by group or others.
  static Result<FieldCipher> LoadOrCreateKey(const std::string& path);
  // REQUIRES: key.size() == 32.
  static FieldCipher FromKey(const std::string& key);

  FieldCipher(FieldCipher&& other) noexcept;
  FieldCipher& operator=(FieldCipher&& other) noexcept;
  FieldCipher(const FieldCipher&) = delete;
  FieldCipher& operator=(const FieldCipher&) = delete;
  ~FieldCipher();  // zeroes the keys

  // "" encrypts to "" (nothing to protect).
  std::string Encrypt(std::string_view plaintext, std::string_view field) const;
  // kInternal on a tampered value or a wrong key (detail says which); "" -> "".
  Result<std::string> Decrypt(std::string_view stored, std::string_view field) const;
  // Lower-case hex; "" -> "".
  std::string BlindIndex(std::string_view normalised_value, std::string_view field) const;

 private:
  FieldCipher() = default;
  unsigned char key_[32] = {};
  unsigned char index_key_[32] = {};
};

}  // namespace yingbin::core
