#include "mail/rules.hpp"

#include <gtest/gtest.h>

#include <map>

#include "core/crypto.hpp"

namespace yingbin::mail {
namespace {

using S = ItemStatus;
using A = Action;

// MAIL-1: the complete table of legal moves; every other (status, action) pair is refused.
TEST(MailStateMachine, Mail1_OnlyAWaitingItemMoves) {
  const std::map<std::pair<S, A>, S> legal = {
      {{S::kReceived, A::kPickUp}, S::kPickedUp},
      {{S::kReceived, A::kReturn}, S::kReturned},
      {{S::kReceived, A::kEdit}, S::kReceived},
      {{S::kReceived, A::kRemind}, S::kReceived},
  };
  for (S from : {S::kReceived, S::kPickedUp, S::kReturned}) {
    for (A action : {A::kPickUp, A::kReturn, A::kEdit, A::kRemind}) {
      auto next = Next(from, action);
      auto it = legal.find({from, action});
      if (it != legal.end()) {
        ASSERT_TRUE(next.ok()) << StatusName(from) << " " << ActionName(action);
        EXPECT_EQ(*next, it->second);
      } else {
        ASSERT_FALSE(next.ok()) << StatusName(from) << " " << ActionName(action);
        EXPECT_EQ(next.error().code, core::ErrorCode::kConflict);
        EXPECT_EQ(next.error().field, "status");
        EXPECT_EQ(next.error().key,
                  from == S::kPickedUp ? "mail.already_picked_up" : "mail.already_returned");
      }
    }
  }
}

TEST(MailStateMachine, StatusNamesRoundTrip) {
  for (S s : {S::kReceived, S::kPickedUp, S::kReturned}) EXPECT_EQ(ParseStatus(StatusName(s)), s);
  EXPECT_FALSE(ParseStatus("lost"));
}

TEST(MailRules, Mail1_TrackingNumbersAsScannedOrTyped) {
  EXPECT_TRUE(CheckTrackingNo("SF1234567890").ok());
  EXPECT_TRUE(CheckTrackingNo("JD-0012 3456").ok());
  EXPECT_FALSE(CheckTrackingNo("abc").ok()) << "too short for any carrier";
  EXPECT_FALSE(CheckTrackingNo(std::string(41, '1')).ok());
  EXPECT_FALSE(CheckTrackingNo("SF12<34>").ok());
  EXPECT_FALSE(CheckTrackingNo("顺丰123456").ok());
  EXPECT_EQ(CheckTrackingNo("x", "tracking_no").error().field, "tracking_no");
  // The same parcel however it was typed.
  EXPECT_EQ(TrackingKey("sf 1234-5678"), "SF12345678");
  EXPECT_EQ(TrackingKey("SF12345678"), TrackingKey("sf1234 5678"));
  EXPECT_EQ(TrackingKey(""), "");
}

TEST(MailRules, Mail1_ImagesAreKnownByTheirBytes) {
  const std::string png("\x89PNG\r\n\x1A\n....", 12);
  const std::string jpeg("\xFF\xD8\xFF\xE0....", 8);
  const std::string webp("RIFF\x10\0\0\0WEBPVP8 ", 16);
  EXPECT_EQ(SniffImage(png), "image/png");
  EXPECT_EQ(SniffImage(jpeg), "image/jpeg");
  EXPECT_EQ(SniffImage(webp), "image/webp");
  EXPECT_FALSE(SniffImage("GIF89a......"));
  EXPECT_FALSE(SniffImage("<svg xmlns=...>"));
  EXPECT_FALSE(SniffImage(""));

  EXPECT_EQ(*CheckImage(jpeg, false, 1024, "photo"), "image/jpeg");
  auto not_png = CheckImage(jpeg, /*png_only=*/true, 1024, "signature_png");
  ASSERT_FALSE(not_png.ok());
  EXPECT_EQ(not_png.error().key, "mail.image_type");
  EXPECT_EQ(not_png.error().field, "signature_png");
  auto big = CheckImage(png + std::string(2048, 'x'), false, 1024, "photo");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().key, "mail.image_too_large");
  EXPECT_EQ(big.error().args.at(0).second, "1");
}

TEST(MailRules, Mail1_ProxyPickupIsSomeoneElse) {
  EXPECT_FALSE(IsProxyPickup("张伟", "张伟", false));
  EXPECT_FALSE(IsProxyPickup("張偉", "张伟", false)) << "script folded";
  EXPECT_FALSE(IsProxyPickup("张 伟", "张伟", false)) << "spaces ignored";
  EXPECT_FALSE(IsProxyPickup("Li Lei", "li lei", false));
  EXPECT_TRUE(IsProxyPickup("李娜", "张伟", false));
  EXPECT_FALSE(IsProxyPickup("李娜", "财务部", true)) << "any member collects a department's mail";
}

TEST(MailRules, ItemNumbers) {
  EXPECT_EQ(ItemNumber(20261123, 7), "M20261123-0007");
  EXPECT_EQ(ItemNumber(20261123, 12345), "M20261123-12345");
}

TEST(MailRules, Mail2_SubscriptionStates) {
  Subscription s;
  s.period_start = 20260101;
  s.period_end = 20261231;
  s.renewal_date = 20261115;
  const auto day = [](int32_t n) { return DaysOfNumber(n); };
  EXPECT_EQ(StateOf(s, day(20260601), 30), SubscriptionState::kActive);
  EXPECT_EQ(StateOf(s, day(20261016), 30), SubscriptionState::kRenewalDue)
      << "30 days before 11-15";
  EXPECT_EQ(StateOf(s, day(20261015), 30), SubscriptionState::kActive);
  EXPECT_EQ(StateOf(s, day(20261120), 30), SubscriptionState::kRenewalDue)
      << "late, not yet renewed";
  EXPECT_EQ(StateOf(s, day(20261231), 30), SubscriptionState::kRenewalDue)
      << "the last day still counts";
  EXPECT_EQ(StateOf(s, day(20270101), 30), SubscriptionState::kExpired);
  EXPECT_EQ(StateOf(s, day(20261016), 10), SubscriptionState::kActive) << "the notice is a setting";
  s.active = false;
  EXPECT_EQ(StateOf(s, day(20260601), 30), SubscriptionState::kInactive);
}

TEST(MailRules, DaysOfNumberMatchesTheCalendar) {
  EXPECT_EQ(DaysOfNumber(19700101), 0);
  EXPECT_EQ(DaysOfNumber(19700201), 31);
  EXPECT_EQ(DaysOfNumber(20240301) - DaysOfNumber(20240228), 2) << "a leap year";
}

TEST(CoreCrypto, Base64RoundTripAndRefusals) {
  ASSERT_TRUE(core::InitCrypto());
  const std::string bytes("\x00\x01\xFF\x89PNG", 7);
  EXPECT_EQ(core::Base64Encode(bytes), "AAH/iVBORw==");
  EXPECT_EQ(core::Base64Decode("AAH/iVBORw=="), bytes);
  EXPECT_EQ(core::Base64Decode("AAH/iVBORw"), bytes) << "padding optional";
  EXPECT_EQ(core::Base64Decode("AAH/\niVBO Rw=="), bytes) << "white space ignored";
  EXPECT_FALSE(core::Base64Decode("not base64!"));
  EXPECT_FALSE(core::Base64Decode("AAH/iVBORw==AA"));
  const std::string code = core::RandomDigits(6);
  EXPECT_EQ(code.size(), 6u);
  for (char ch : code) EXPECT_TRUE(ch >= '0' && ch <= '9');
}

}  // namespace
}  // namespace yingbin::mail
