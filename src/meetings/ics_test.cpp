#include "meetings/ics.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"

namespace yingbin::meetings::ics {
namespace {

int64_t T(const char* iso) { return *core::ParseIso(iso, "t"); }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find("\r\n", i);
    EXPECT_NE(end, std::string::npos) << "every line ends in CRLF";
    if (end == std::string::npos) break;
    out.push_back(text.substr(i, end - i));
    i = end + 2;
  }
  return out;
}

bool ValidUtf8Start(unsigned char c) { return (c & 0xC0) != 0x80; }

TEST(Ics, Mtg2_FoldsAt75OctetsWithoutSplittingUtf8) {
  std::string line = "SUMMARY:";
  for (int i = 0; i < 60; ++i) line += "会议";  // 3 octets each
  const std::string folded = Fold(line);
  auto lines = Lines(folded);
  ASSERT_GT(lines.size(), 1u);
  std::string unfolded;
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 75u);
    if (i > 0) {
      ASSERT_EQ(lines[i][0], ' ');
      // The first octet after the space starts a character.
      EXPECT_TRUE(ValidUtf8Start(static_cast<unsigned char>(lines[i][1])));
      unfolded += lines[i].substr(1);
    } else {
      unfolded += lines[i];
    }
  }
  EXPECT_EQ(unfolded, line);
  EXPECT_EQ(Fold("SHORT:x"), "SHORT:x\r\n");
  EXPECT_EQ(Fold(std::string(75, 'a')), std::string(75, 'a') + "\r\n");
  EXPECT_EQ(Fold(std::string(76, 'a')), std::string(75, 'a') + "\r\n a\r\n");
}

TEST(Ics, Mtg2_EscapesText) {
  EXPECT_EQ(EscapeText("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
  EXPECT_EQ(EscapeText("行1\r\n行2"), "行1\\n行2");
  EXPECT_EQ(ParamValue("王\"总\""), "\"王总\"");
}

TEST(Ics, Mtg2_LocalTimesInTheSiteZone) {
  EXPECT_EQ(*LocalStamp("Asia/Shanghai", T("2026-11-24T01:30:00Z")), "20261124T093000");
  EXPECT_EQ(*LocalStamp("UTC", T("2026-11-24T01:30:00Z")), "20261124T013000Z");
  EXPECT_EQ(UtcStamp(T("2026-11-24T01:30:05Z")), "20261124T013005Z");
  EXPECT_FALSE(LocalStamp("Mars/Olympus", 0));
}

TEST(Ics, Mtg2_VTimezoneFromTheTzDatabase) {
  auto sh = VTimezone("Asia/Shanghai", T("2026-11-24T00:00:00Z"), T("2026-11-24T02:00:00Z"));
  ASSERT_TRUE(sh);
  EXPECT_NE(sh->find("TZID:Asia/Shanghai\r\n"), std::string::npos);
  EXPECT_NE(sh->find("BEGIN:STANDARD\r\n"), std::string::npos);
  EXPECT_NE(sh->find("TZOFFSETTO:+0800\r\n"), std::string::npos);
  EXPECT_EQ(sh->find("BEGIN:DAYLIGHT"), std::string::npos);
  // A zone with daylight saving time: both kinds of period, the right offsets.
  auto ber = VTimezone("Europe/Berlin", T("2026-11-24T00:00:00Z"), T("2026-11-24T02:00:00Z"));
  ASSERT_TRUE(ber);
  EXPECT_NE(ber->find("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\n"
                      "TZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"),
            std::string::npos)
      << *ber;
  EXPECT_NE(ber->find("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\n"
                      "TZOFFSETTO:+0100\r\n"),
            std::string::npos);
  EXPECT_FALSE(VTimezone("Nowhere/Else", 0, 1));
}

TEST(Ics, Mtg2_RequestHasTheRequiredProperties) {
  Event e;
  e.uid = "abc@yingbin";
  e.sequence = 2;
  e.stamp = T("2026-11-23T00:00:00Z");
  e.start_at = T("2026-11-24T01:30:00Z");
  e.end_at = T("2026-11-24T03:00:00Z");
  e.summary = "季度会议, 第一次; 请准时";
  e.location = "大会议室";
  e.organizer = {"张伟", "zw@example.com"};
  e.attendees = {{"李娜", "ln@example.com"}, {"", "x@example.com"}};
  auto text = Calendar("REQUEST", "Asia/Shanghai", {e});
  ASSERT_TRUE(text);
  for (const auto& l : Lines(*text)) EXPECT_LE(l.size(), 75u) << l;
  EXPECT_EQ(text->rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  for (const char* want :
       {"METHOD:REQUEST\r\n", "VERSION:2.0\r\n", "UID:abc@yingbin\r\n", "SEQUENCE:2\r\n",
        "DTSTAMP:20261123T000000Z\r\n", "DTSTART;TZID=Asia/Shanghai:20261124T093000\r\n",
        "DTEND;TZID=Asia/Shanghai:20261124T110000\r\n", "SUMMARY:季度会议\\, 第一次\\; 请准时\r\n",
        "STATUS:CONFIRMED\r\n", "ORGANIZER;CN=\"张伟\":mailto:zw@example.com\r\n",
        "BEGIN:VTIMEZONE\r\n", "END:VCALENDAR\r\n"})
    EXPECT_NE(text->find(want), std::string::npos) << want;
  EXPECT_NE(text->find("ATTENDEE;CN=\"李娜\";ROLE=REQ-PARTICIPANT"), std::string::npos);
  // One VEVENT.
  EXPECT_EQ(text->find("BEGIN:VEVENT"), text->rfind("BEGIN:VEVENT"));

  e.status = "CANCELLED";
  e.sequence = 3;
  e.recurrence_id = e.start_at;
  auto cancel = Calendar("CANCEL", "Asia/Shanghai", {e});
  ASSERT_TRUE(cancel);
  EXPECT_NE(cancel->find("METHOD:CANCEL\r\n"), std::string::npos);
  EXPECT_NE(cancel->find("RECURRENCE-ID;TZID=Asia/Shanghai:20261124T093000\r\n"),
            std::string::npos);
  EXPECT_NE(cancel->find("SEQUENCE:3\r\n"), std::string::npos);
}

}  // namespace
}  // namespace yingbin::meetings::ics
