#include "core/field_crypto.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.hpp"

namespace yingbin::core {
namespace {

class FieldCipherTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
  FieldCipher cipher_ = FieldCipher::FromKey(std::string(32, 'a'));
};

TEST_F(FieldCipherTest, Data2_RoundTripAndNoPlaintextInCiphertext) {
  const std::string stored = cipher_.Encrypt("13812345678", "visitor.phone");
  EXPECT_EQ(stored.rfind("v1:", 0), 0u);
  EXPECT_EQ(stored.find("13812345678"), std::string::npos);
  EXPECT_NE(cipher_.Encrypt("13812345678", "visitor.phone"), stored) << "random nonce";
  auto back = cipher_.Decrypt(stored, "visitor.phone");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "13812345678");
  EXPECT_EQ(cipher_.Encrypt("", "visitor.phone"), "");
}

TEST_F(FieldCipherTest, Data2_PhoneCiphertextDoesNotOpenAsIdNumber) {
  const std::string stored = cipher_.Encrypt("13812345678", "visitor.phone");
  EXPECT_FALSE(cipher_.Decrypt(stored, "visitor.id_number").ok());
}

TEST_F(FieldCipherTest, Data2_TamperedOrWrongKeyIsRefused) {
  std::string stored = cipher_.Encrypt("11010519491231002X", "visitor.id_number");
  stored[stored.size() - 2] = stored[stored.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(cipher_.Decrypt(stored, "visitor.id_number").ok());
  FieldCipher other = FieldCipher::FromKey(std::string(32, 'b'));
  EXPECT_FALSE(other.Decrypt(cipher_.Encrypt("x", "f"), "f").ok());
}

TEST_F(FieldCipherTest, BlindIndexIsStablePerKeyAndField) {
  EXPECT_EQ(cipher_.BlindIndex("13812345678", "visitor.phone"),
            cipher_.BlindIndex("13812345678", "visitor.phone"));
  EXPECT_NE(cipher_.BlindIndex("13812345678", "visitor.phone"),
            cipher_.BlindIndex("13812345678", "visitor.id_number"));
  EXPECT_NE(cipher_.BlindIndex("13812345678", "visitor.phone"),
            FieldCipher::FromKey(std::string(32, 'b')).BlindIndex("13812345678", "visitor.phone"));
  EXPECT_EQ(cipher_.BlindIndex("13812345678", "visitor.phone").size(), 64u);
}

TEST_F(FieldCipherTest, Data2_KeyFileIsCreatedPrivateAndReloaded) {
  auto dir = std::filesystem::temp_directory_path() / ("yb-key-" + RandomHex(6));
  const std::string path = (dir / "sub" / "yingbin.key").string();
  auto first = FieldCipher::LoadOrCreateKey(path);
  ASSERT_TRUE(first.ok()) << first.error().detail;
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  const std::string stored = first->Encrypt("secret", "f");
  auto second = FieldCipher::LoadOrCreateKey(path);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second->Decrypt(stored, "f"), "secret") << "the same key after a restart";
  chmod(path.c_str(), 0644);
  auto open = FieldCipher::LoadOrCreateKey(path);
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().key, "crypto.bad_key_file");
  chmod(path.c_str(), 0600);
  std::ofstream(path, std::ios::trunc) << "short\n";
  EXPECT_FALSE(FieldCipher::LoadOrCreateKey(path).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace yingbin::core
