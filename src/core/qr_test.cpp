#include "core/qr.hpp"

#include <gtest/gtest.h>

namespace yingbin::core {
namespace {

TEST(Qr, SvgHasViewBoxAndPath) {
  std::string svg = QrSvg("VIS-0007");
  ASSERT_FALSE(svg.empty());
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  // Version 1 (21 modules, up to 14 bytes at level M) + 2 * 4 quiet zone = 29.
  EXPECT_NE(svg.find("viewBox=\"0 0 29 29\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("<path"), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(Qr, PngStartsWithSignature) {
  std::string png = QrPng("迎宾 访客 0007", 4);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  // IHDR width: (modules + 8) * 4 pixels, big-endian at offset 16.
  const auto b = [&](size_t i) { return static_cast<unsigned char>(png[i]); };
  uint32_t width = (b(16) << 24) | (b(17) << 16) | (b(18) << 8) | b(19);
  EXPECT_EQ(width % 4, 0u);
  EXPECT_GE(width, 29u * 4);
}

TEST(Qr, TooLongGivesEmpty) {
  EXPECT_EQ(QrSvg(std::string(5000, 'x')), "");
  EXPECT_EQ(QrPng(std::string(5000, 'x')), "");
  EXPECT_EQ(QrPng("x", 0), "");
}

}  // namespace
}  // namespace yingbin::core
