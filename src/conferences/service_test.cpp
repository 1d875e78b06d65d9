// Conference reception on a real database, once per backend (PostgreSQL when
// YINGBIN_TEST_PG_URL is set): PLAN-9 hotel quotas hold for parallel registrations (the last
// room: exactly one wins), a refused registration writes nothing, a cancellation gives the
// room back; registration only while open; fees after waivers from the registrations;
// meal tickets with diets and check-in by code; the pickup runs; DATA-2 phones encrypted.
#include "conferences/service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "db/test_database.hpp"
#include "org/service.hpp"

namespace yingbin::conferences {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
int64_t At(const char* iso) { return *core::ParseIso(iso, "t"); }
int32_t Day(const char* iso) { return *core::ParseDate(iso, "d"); }

class ConferencesTest : public ::testing::TestWithParam<db::Dialect> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(core::InitCrypto());
    YB_OPEN_TEST_DATABASE(db_, "conf");
    ASSERT_TRUE(org::EnsureDefaultSite(db_.pool(), now_).ok());
    site_ = db_.Scalar("SELECT id FROM sites WHERE code = 'HQ'");
    organiser_.user_id = 0;
    organiser_.username = "organiser";
    organiser_.scope = auth::DataScope::kAll;
    organiser_.permissions = {"conferences.read", "conferences.write"};
    ConferenceInput in;
    in.site_id = site_;
    in.title = "第二届餐博会";
    in.start_date = Day("2030-01-17");
    in.end_date = Day("2030-01-21");
    in.registration_opens_at = now_ - kHour;
    in.registration_closes_at = now_ + 24 * kHour;
    in.fee_fen = 60000;
    auto conf = CreateConference(C(), in);
    ASSERT_TRUE(conf.ok()) << conf.error().key;
    conf_ = *conf;
    HotelClass h;
    h.name = "A类";
    h.hotel = "西安宾馆";
    h.price_fen = 45000;
    h.rooms = 2;
    auto hotel = PutHotel(C(), conf_.id, std::nullopt, h);
    ASSERT_TRUE(hotel.ok()) << hotel.error().key;
    hotel_ = *hotel;
  }

  Ctx C() { return Ctx{db_.pool(), organiser_, now_, cipher_, ""}; }
  Ctx Public() { return Ctx{db_.pool(), public_, now_, cipher_, ""}; }

  DelegateInput Person(const std::string& name, const std::string& phone,
                       const std::string& org = "宁夏代表团", const std::string& role = "member") {
    DelegateInput d;
    d.name = name;
    d.organisation = org;
    d.role = role;
    d.phone = phone;
    return d;
  }

  int64_t Delegates() {
    return db_.Scalar("SELECT COUNT(*) FROM conference_delegates WHERE status = 'registered'");
  }

  db::TestDatabase db_;
  int64_t now_ = At("2029-12-01T02:00:00Z");
  int64_t site_ = 0;
  auth::Principal organiser_, public_;
  core::FieldCipher cipher_ = core::FieldCipher::FromKey(std::string(32, 'k'));
  Conference conf_;
  HotelClass hotel_;
};

TEST_P(ConferencesTest, Plan9_LastRoomUnderParallelRegistrationsExactlyOneWins) {
  // One room left of two.
  auto first = Person("甲", "13900000001");
  first.hotel_id = hotel_.id;
  ASSERT_TRUE(Register(Public(), conf_.public_token, first).ok());
  constexpr int kRacers = 8;
  std::atomic<int> won{0}, full{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i)
    threads.emplace_back([&, i] {
      auto d = Person("乙" + std::to_string(i), "1390000010" + std::to_string(i));
      d.hotel_id = hotel_.id;
      auto r = Register(Public(), conf_.public_token, d);
      if (r.ok())
        ++won;
      else if (r.error().key == "conferences.hotel_full" && r.error().field == "hotel_id")
        ++full;
      else
        ++other;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(full.load(), kRacers - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Delegates(), 2) << "the refused registrations wrote nothing";
  EXPECT_EQ(db_.Scalar("SELECT COUNT(*) FROM conference_delegates WHERE hotel_id IS NOT NULL"), 2);
}

TEST_P(ConferencesTest, Plan9_SharersFillATwinRoomAndCancellingGivesTheRoomBack) {
  auto a = Person("甲", "13900000001");
  a.hotel_id = hotel_.id;
  auto single = Register(Public(), conf_.public_token, a);
  ASSERT_TRUE(single.ok());
  for (const char* phone : {"13900000002", "13900000003"}) {
    auto s = Person(phone, phone);
    s.hotel_id = hotel_.id;
    s.room_sharing = "shared";
    ASSERT_TRUE(Register(Public(), conf_.public_token, s).ok()) << phone;
  }
  auto extra = Person("丁", "13900000004");
  extra.hotel_id = hotel_.id;
  extra.room_sharing = "shared";
  auto refused = Register(Public(), conf_.public_token, extra);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().key, "conferences.hotel_full");
  // The single room comes back when its delegate cancels.
  ASSERT_TRUE(CancelDelegate(C(), conf_.id, single->id).ok());
  EXPECT_TRUE(Register(Public(), conf_.public_token, extra).ok());
  // The quota cannot drop below the rooms taken (two: a twin and a half-full twin).
  HotelClass h = hotel_;
  h.rooms = 1;
  auto shrink = PutHotel(C(), conf_.id, hotel_.id, h);
  ASSERT_FALSE(shrink.ok());
  EXPECT_EQ(shrink.error().key, "conferences.quota_below_taken");
}

TEST_P(ConferencesTest, Plan9_RegistrationOnlyWhileOpenAndOncePerPhone) {
  Ctx late = Public();
  late.now = conf_.registration_closes_at;
  auto closed = Register(late, conf_.public_token, Person("甲", "13900000001"));
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().key, "conferences.registration_closed");
  Ctx early = Public();
  early.now = conf_.registration_opens_at - 1;
  auto not_yet = Register(early, conf_.public_token, Person("甲", "13900000001"));
  ASSERT_FALSE(not_yet.ok());
  EXPECT_EQ(not_yet.error().key, "conferences.registration_not_open");
  EXPECT_EQ(Delegates(), 0);

  ASSERT_TRUE(Register(Public(), conf_.public_token, Person("甲", "139 0000 0001")).ok());
  auto twice = Register(Public(), conf_.public_token, Person("甲乙", "+86 139-0000-0001"));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().key, "conferences.already_registered");
  EXPECT_EQ(twice.error().field, "phone");
  auto no_phone = Register(Public(), conf_.public_token, Person("丙", ""));
  ASSERT_FALSE(no_phone.ok());
  EXPECT_EQ(no_phone.error().field, "phone");
  EXPECT_EQ(Delegates(), 1);
  // DATA-2: the number is stored encrypted and shown masked.
  EXPECT_EQ(db_.Scalar("SELECT COUNT(*) FROM conference_delegates WHERE phone_enc LIKE "
                       "'%13900000001%' OR phone_hint <> '139****0001'"),
            0);
}

TEST_P(ConferencesTest, Plan9_FeesAfterWaiversFromTheRegistrations) {
  // Four of one delegation (above N = 2): the head and one liaison are free.
  auto head = Person("团长", "13900000001", "宁夏代表团", "head");
  head.hotel_id = hotel_.id;  // 4 nights at 450 yuan
  ASSERT_TRUE(Register(Public(), conf_.public_token, head).ok());
  ASSERT_TRUE(Register(Public(), conf_.public_token,
                       Person("联络员", "13900000002", "宁夏代表团", "liaison"))
                  .ok());
  ASSERT_TRUE(Register(Public(), conf_.public_token, Person("团员一", "13900000003")).ok());
  ASSERT_TRUE(Register(Public(), conf_.public_token, Person("团员二", "13900000004")).ok());
  // Two of another (not above N): its liaison pays.
  ASSERT_TRUE(Register(Public(), conf_.public_token,
                       Person("联络员乙", "13900000005", "甘肃代表团", "liaison"))
                  .ok());
  ASSERT_TRUE(
      Register(Public(), conf_.public_token, Person("团员三", "13900000006", "甘肃代表团")).ok());
  auto fees = Fees(db_.pool(), conf_.id);
  ASSERT_TRUE(fees.ok());
  ASSERT_EQ(fees->delegations.size(), 2u);
  const auto& gansu = fees->delegations[0].due.organisation == "甘肃代表团" ? fees->delegations[0]
                                                                            : fees->delegations[1];
  const auto& ningxia =
      &gansu == &fees->delegations[0] ? fees->delegations[1] : fees->delegations[0];
  EXPECT_EQ(ningxia.due.delegates, 4);
  EXPECT_EQ(ningxia.due.gross_fen, 4 * 60000 + 4 * 45000);
  EXPECT_EQ(ningxia.due.due_fen, 2 * 60000) << "head (fee and lodging) and liaison free";
  EXPECT_EQ(gansu.due.due_fen, 2 * 60000);
  // A payment reduces the balance; one from an unknown delegation is refused.
  Payment p;
  p.organisation = "宁夏代表团";
  p.amount_fen = 50000;
  p.paid_on = Day("2029-12-01");
  ASSERT_TRUE(AddPayment(C(), conf_.id, p).ok());
  p.organisation = "不存在的代表团";
  auto unknown = AddPayment(C(), conf_.id, p);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "organisation");
  auto after = Fees(db_.pool(), conf_.id);
  EXPECT_EQ(after->paid_fen, 50000);
  EXPECT_EQ(after->balance_fen, 4 * 60000 - 50000);
}

TEST_P(ConferencesTest, Plan9_MealTicketsWithDietsAndCheckInByCode) {
  Meal lunch;
  lunch.day = Day("2030-01-17");
  lunch.kind = "lunch";
  lunch.starts_minute = 12 * 60;
  auto meal = PutMeal(C(), conf_.id, std::nullopt, lunch);
  ASSERT_TRUE(meal.ok());
  auto halal = Person("马明", "13900000001");
  halal.diet = "halal";
  auto ma = Register(Public(), conf_.public_token, halal);
  ASSERT_TRUE(ma.ok());
  // Arrives after lunch: not expected at it.
  auto late = Person("晚到", "13900000002");
  late.arrival_at = At("2030-01-17T07:00:00Z");  // 15:00 in Shanghai
  ASSERT_TRUE(Register(Public(), conf_.public_token, late).ok());
  auto t = Tickets(db_.pool(), conf_.id, meal->id);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->expected, 1);
  EXPECT_EQ(t->diets["halal"], 1);
  EXPECT_EQ(t->diets["normal"], 0);
  auto in = CheckIn(C(), conf_.id, meal->id, std::nullopt, ma->code);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->method, "scan");
  auto again = CheckIn(C(), conf_.id, meal->id, std::nullopt, ma->code);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().key, "conferences.already_checked_in");
  auto bad = CheckIn(C(), conf_.id, meal->id, std::nullopt, "00000000");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().key, "conferences.unknown_code");
  EXPECT_EQ(Tickets(db_.pool(), conf_.id, meal->id)->checked_in, 1);
  ASSERT_TRUE(UndoCheckIn(C(), conf_.id, meal->id, ma->id).ok());
  EXPECT_EQ(Tickets(db_.pool(), conf_.id, meal->id)->checked_in, 0);
}

TEST_P(ConferencesTest, Plan9_PickupRunsFromArrivalData) {
  PickupPoint airport;
  airport.name = "咸阳国际机场";
  airport.kind = "airport";
  auto point = PutPoint(C(), conf_.id, std::nullopt, airport);
  ASSERT_TRUE(point.ok());
  const char* arrivals[] = {"2030-01-17T01:10:00Z", "2030-01-17T01:50:00Z",
                            "2030-01-17T03:20:00Z"};  // 09:10, 09:50, 11:20 local
  int i = 0;
  for (const char* a : arrivals) {
    auto d = Person("代表" + std::to_string(i), "1390000000" + std::to_string(i));
    d.arrival_at = At(a);
    d.arrival_point_id = point->id;
    ++i;
    ASSERT_TRUE(Register(Public(), conf_.public_token, d).ok());
  }
  auto list = Pickups(db_.pool(), conf_.id, "arrival");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->points.size(), 1u);
  const auto& runs = list->points[0].runs;
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].from, At("2030-01-17T01:00:00Z")) << "09:00 local";
  EXPECT_EQ(runs[0].delegates.size(), 2u);
  EXPECT_EQ(runs[1].from, At("2030-01-17T03:00:00Z"));
  // A point of another conference is refused.
  auto d = Person("外人", "13900000099");
  d.arrival_point_id = point->id + 1000;
  auto refused = Register(Public(), conf_.public_token, d);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "arrival_point_id");
}

YB_INSTANTIATE_ON_BACKENDS(ConferencesTest);

}  // namespace
}  // namespace yingbin::conferences
