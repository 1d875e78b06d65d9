#include "notify/email.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

namespace yingbin::notify {
namespace {

class Email : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }
};

TEST_F(Email, HeaderTextIsRfc2047ForChinese) {
  EXPECT_EQ(EncodeHeaderText("Visitor arrived"), "Visitor arrived");
  // "访客" = e8 ae bf e5 ae a2
  EXPECT_EQ(EncodeHeaderText("访客"), "=?UTF-8?B?6K6/5a6i?=");
  // Long text splits into several words, never inside a character.
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "访";
  std::string enc = EncodeHeaderText(long_text);
  EXPECT_NE(enc.find("?=\r\n =?UTF-8?B?"), std::string::npos);
}

TEST_F(Email, AddressOf) {
  EXPECT_EQ(AddressOf("迎宾 <noreply@example.com>"), "noreply@example.com");
  EXPECT_EQ(AddressOf(" a@b.cn "), "a@b.cn");
}

TEST_F(Email, AlternativeWithoutQr) {
  EmailContent c{"迎宾 <noreply@example.com>",
                 "host@example.com",
                 "访客已到达",
                 "张三\n已在前台",
                 "",
                 "",
                 "",
                 1700000000000,
                 "abc"};
  std::string m = BuildMime(c);
  EXPECT_NE(m.find("From: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(m.find("To: <host@example.com>\r\n"), std::string::npos);
  EXPECT_NE(m.find("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"), std::string::npos);
  EXPECT_NE(m.find("Message-ID: <abc@example.com>\r\n"), std::string::npos);
  EXPECT_NE(m.find("Content-Type: multipart/alternative; boundary=\"yb-alt-abc\""),
            std::string::npos);
  EXPECT_EQ(m.find("multipart/related"), std::string::npos);
  EXPECT_NE(m.find("text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(m.find("text/html; charset=UTF-8"), std::string::npos);
  EXPECT_NE(m.find("--yb-alt-abc--\r\n"), std::string::npos);
}

TEST_F(Email, RelatedWithInlineQr) {
  EmailContent c{"noreply@example.com",
                 "v@example.com",
                 "邀请",
                 "请出示二维码",
                 "",
                 std::string("\x89PNG\r\n\x1a\n", 8),
                 "QR",
                 1700000000000,
                 "q1"};
  std::string m = BuildMime(c);
  EXPECT_NE(m.find("multipart/related; type=\"multipart/alternative\"; boundary=\"yb-rel-q1\""),
            std::string::npos);
  EXPECT_NE(m.find("Content-ID: <qr>"), std::string::npos);
  EXPECT_NE(m.find("Content-Type: image/png"), std::string::npos);
  EXPECT_NE(m.find("--yb-rel-q1--\r\n"), std::string::npos);
  EXPECT_EQ(m.substr(m.size() - 2), "\r\n");
}

// MTG-2: an invitation carries its iCalendar object as a text/calendar alternative with the
// object's method (RFC 6047) and as an attachment.
TEST_F(Email, Mtg2_CalendarInvitationPart) {
  EmailContent c{"noreply@example.com", "a@example.com", "会议邀请", "周例会", "", "", "",
                 1700000000000, "c1"};
  c.calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n";
  std::string m = BuildMime(c);
  EXPECT_NE(m.find("Content-Type: multipart/mixed; boundary=\"yb-mix-c1\""), std::string::npos);
  EXPECT_NE(m.find("Content-Type: text/calendar; charset=UTF-8; method=CANCEL\r\n"),
            std::string::npos);
  EXPECT_NE(m.find("filename=\"invite.ics\""), std::string::npos);
  EXPECT_NE(m.find("--yb-alt-c1--\r\n"), std::string::npos);
  EXPECT_NE(m.find("--yb-mix-c1--\r\n"), std::string::npos);
  // Without a calendar nothing changes.
  c.calendar.clear();
  EXPECT_EQ(BuildMime(c).find("multipart/mixed"), std::string::npos);
}

TEST_F(Email, TextToHtmlEscapes) {
  EXPECT_EQ(TextToHtml("a<b", "x&y\nz").find("<h2>a&lt;b</h2>") != std::string::npos, true);
  EXPECT_NE(TextToHtml("s", "x&y\nz").find("x&amp;y<br>\nz"), std::string::npos);
}

}  // namespace
}  // namespace yingbin::notify
