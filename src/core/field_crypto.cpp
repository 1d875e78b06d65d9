#include "core/field_crypto.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace yingbin::core {
namespace {

constexpr char kPrefix[] = "v1:";

Error BadKeyFile(std::string detail) {
  Error e = InvalidArgument("key_file", "crypto.bad_key_file");
  e.detail = std::move(detail);
  return e;
}

}  // namespace

FieldCipher FieldCipher::FromKey(const std::string& key) {
  FieldCipher c;
  std::memcpy(c.key_, key.data(), std::min<size_t>(key.size(), sizeof c.key_));
  // A separate subkey for the blind index, so the index never reveals the encryption key.
  crypto_kdf_derive_from_key(c.index_key_, sizeof c.index_key_, 1, "ybblind1", c.key_);
  return c;
}

Result<FieldCipher> FieldCipher::LoadOrCreateKey(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    fs::path p(path);
    if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
    unsigned char key[32];
    randombytes_buf(key, sizeof key);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    sodium_memzero(key, sizeof key);
    const mode_t old = umask(077);
    {
      std::ofstream out(path, std::ios::trunc);
      out << hex << "\n";
      out.flush();
      if (!out) {
        umask(old);
        return BadKeyFile("cannot write " + path);
      }
    }
    umask(old);
    chmod(path.c_str(), 0600);
    sodium_memzero(hex, sizeof hex);
  }
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return BadKeyFile("cannot stat " + path);
  if (st.st_mode & 077) return BadKeyFile(path + " is readable by group or others (chmod 600)");
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  unsigned char key[32];
  size_t len = 0;
  if (text.size() != 64 ||
      sodium_hex2bin(key, sizeof key, text.data(), text.size(), nullptr, &len, nullptr) != 0 ||
      len != 32)
    return BadKeyFile(path + " must hold 64 hex characters");
  sodium_memzero(text.data(), text.size());
  FieldCipher c = FromKey(std::string(reinterpret_cast<char*>(key), sizeof key));
  sodium_memzero(key, sizeof key);
  return c;
}

FieldCipher::FieldCipher(FieldCipher&& other) noexcept {
  std::memcpy(key_, other.key_, sizeof key_);
  std::memcpy(index_key_, other.index_key_, sizeof index_key_);
  sodium_memzero(other.key_, sizeof key_);
  sodium_memzero(other.index_key_, sizeof index_key_);
}

FieldCipher& FieldCipher::operator=(FieldCipher&& other) noexcept {
  if (this != &other) {
    std::memcpy(key_, other.key_, sizeof key_);
    std::memcpy(index_key_, other.index_key_, sizeof index_key_);
    sodium_memzero(other.key_, sizeof key_);
    sodium_memzero(other.index_key_, sizeof index_key_);
  }
  return *this;
}

FieldCipher::~FieldCipher() {
  sodium_memzero(key_, sizeof key_);
  sodium_memzero(index_key_, sizeof index_key_);
}

std::string FieldCipher::Encrypt(std::string_view plaintext, std::string_view field) const {
  if (plaintext.empty()) return "";
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string bin(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* out = reinterpret_cast<unsigned char*>(bin.data());
  randombytes_buf(out, kNonce);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out + kNonce, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(field.data()), field.size(),
      nullptr, out, key_);
  bin.resize(kNonce + clen);
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string b64(sodium_base64_encoded_len(bin.size(), variant), '\0');
  sodium_bin2base64(b64.data(), b64.size(), out, bin.size(), variant);
  b64.resize(std::strlen(b64.c_str()));
  return kPrefix + b64;
}

Result<std::string> FieldCipher::Decrypt(std::string_view stored, std::string_view field) const {
  if (stored.empty()) return std::string();
  if (stored.substr(0, 3) != kPrefix) return Internal("field cipher: unknown format");
  std::string_view b64 = stored.substr(3);
  std::string bin(b64.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), b64.data(),
                        b64.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return Internal("field cipher: bad base64");
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (len < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return Internal("field cipher: too short");
  const auto* in = reinterpret_cast<const unsigned char*>(bin.data());
  std::string plain(len - kNonce, '\0');
  unsigned long long plen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plen, nullptr, in + kNonce,
          len - kNonce, reinterpret_cast<const unsigned char*>(field.data()), field.size(), in,
          key_) != 0)
    return Internal("field cipher: authentication failed (tampered value, wrong key or field)");
  plain.resize(plen);
  return plain;
}

std::string FieldCipher::BlindIndex(std::string_view value, std::string_view field) const {
  if (value.empty()) return "";
  crypto_generichash_state st;
  crypto_generichash_init(&st, index_key_, sizeof index_key_, 32);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(field.data()), field.size());
  const unsigned char sep = 0x1f;
  crypto_generichash_update(&st, &sep, 1);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(value.data()), value.size());
  unsigned char out[32];
  crypto_generichash_final(&st, out, sizeof out);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

}  // namespace yingbin::core
