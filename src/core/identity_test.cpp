#include "core/identity.hpp"

#include <gtest/gtest.h>

namespace yingbin::core {
namespace {

TEST(Identity, Data2_PhoneNumbersTypedDifferentlyAreEqual) {
  EXPECT_EQ(NormalisePhone("138 1234 5678"), "13812345678");
  EXPECT_EQ(NormalisePhone("+86 138-1234-5678"), "13812345678");
  EXPECT_EQ(NormalisePhone("0086 13812345678"), "13812345678");
  EXPECT_EQ(NormalisePhone("(010) 6275-1234"), "01062751234");
  EXPECT_EQ(NormalisePhone("+852 9123 4567"), "+85291234567");
}

TEST(Identity, Vis17_ResidentIdChecksumAndBirthDate) {
  EXPECT_TRUE(IsValidResidentId("11010519491231002X"));  // the GB 11643 example
  EXPECT_TRUE(IsValidResidentId(NormaliseResidentId(" 11010519491231002x ")));
  EXPECT_FALSE(IsValidResidentId("110105194912310021"));  // wrong check character
  EXPECT_FALSE(IsValidResidentId("11010519491231012X"));  // one digit changed
  EXPECT_FALSE(IsValidResidentId("1101051949123100"));    // too short
  EXPECT_FALSE(IsValidResidentId("110105189901010025"));  // right checksum, born 1899
  // 19490230 is not a date; the check character below is right for these 17 digits.
  EXPECT_FALSE(IsValidResidentId("110105194902300020"));
}

TEST(Identity, Data2_MaskedForms) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("01062751234"), "010****1234");
  EXPECT_EQ(MaskPhone("+85291234567"), "********4567");
  EXPECT_EQ(MaskPhone(""), "");
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "110***********002X");
  EXPECT_EQ(MaskIdNumber("E1234567"), "******67");
  EXPECT_EQ(MaskIdNumber(""), "");
}

}  // namespace
}  // namespace yingbin::core
