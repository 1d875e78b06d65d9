#pragma once
// Password hashing with argon2id (libsodium crypto_pwhash_str, INTERACTIVE limits:
// ~100 ms and 64 MiB here — call only from worker threads, never from I/O threads).
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace yingbin::auth {

// The encoded hash ("$argon2id$v=19$..."). kInternal when out of memory.
core::Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `encoded_hash`.
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);
// Spends the same time as a real verification; used when the user does not exist so that
// timing does not reveal which usernames exist.
void VerifyDummy(std::string_view password);
// At least `min_length` characters with at least one letter and one digit.
// kInvalidArgument on `field` with key auth.password_too_weak.
core::Status CheckPasswordStrength(std::string_view password, std::string_view field,
                                   size_t min_length = 8);
// A random password that passes CheckPasswordStrength (for the first admin account).
std::string GeneratePassword();

}  // namespace yingbin::auth
