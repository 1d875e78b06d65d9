#include "visitors/rules.hpp"

#include <gtest/gtest.h>

#include <map>

namespace yingbin::visitors {
namespace {

using S = VisitStatus;
using A = Action;

const std::vector<S> kAllStatuses = {S::kExpected,   S::kWaiting,   S::kHeld,  S::kWithHost,
                                     S::kCheckedOut, S::kCancelled, S::kNoShow};
const std::vector<A> kAllActions = {A::kCheckIn, A::kAdmit,  A::kCheckOut, A::kCancel,
                                    A::kReschedule, A::kNoShow, A::kAnswer, A::kDelegate,
                                    A::kHold, A::kClear, A::kRefuse};

// The complete table of legal moves; every other (status, action) pair must be refused.
const std::map<std::pair<S, A>, S> kLegal = {
    {{S::kExpected, A::kCheckIn}, S::kWaiting},      {{S::kWaiting, A::kAdmit}, S::kWithHost},
    {{S::kWaiting, A::kCheckOut}, S::kCheckedOut},   {{S::kWithHost, A::kCheckOut}, S::kCheckedOut},
    {{S::kExpected, A::kCancel}, S::kCancelled},     {{S::kExpected, A::kReschedule}, S::kExpected},
    {{S::kExpected, A::kNoShow}, S::kNoShow},        {{S::kWaiting, A::kAnswer}, S::kWaiting},
    {{S::kExpected, A::kDelegate}, S::kExpected},    {{S::kWaiting, A::kDelegate}, S::kWaiting},
    {{S::kWaiting, A::kHold}, S::kHeld},             {{S::kHeld, A::kClear}, S::kWaiting},
    {{S::kHeld, A::kRefuse}, S::kCheckedOut},
};

TEST(VisitStateMachine, EveryPairIsEitherLegalOrRefusedWithItsNames) {
  for (S from : kAllStatuses) {
    for (A action : kAllActions) {
      auto next = Next(from, action);
      auto legal = kLegal.find({from, action});
      if (legal != kLegal.end()) {
        ASSERT_TRUE(next.ok()) << StatusName(from) << " " << ActionName(action);
        EXPECT_EQ(*next, legal->second);
      } else {
        ASSERT_FALSE(next.ok()) << StatusName(from) << " " << ActionName(action);
        EXPECT_EQ(next.error().code, core::ErrorCode::kConflict);
        EXPECT_EQ(next.error().key, "visits.illegal_transition");
        ASSERT_EQ(next.error().args.size(), 2u);
        EXPECT_EQ(next.error().args[0].second, StatusName(from));
        EXPECT_EQ(next.error().args[1].second, ActionName(action));
      }
    }
  }
}

TEST(VisitStateMachine, CheckOutBeforeCheckInIsRefused) {
  EXPECT_FALSE(Next(S::kExpected, A::kCheckOut).ok());
}

TEST(VisitStateMachine, SecondCheckInIsRefused) {
  auto first = Next(S::kExpected, A::kCheckIn);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(Next(*first, A::kCheckIn).ok());
}

TEST(VisitStateMachine, StatusNamesRoundTrip) {
  for (S s : kAllStatuses) EXPECT_EQ(ParseStatus(StatusName(s)), s);
  EXPECT_FALSE(ParseStatus("gone").has_value());
}

TEST(VisitStateMachine, OnSiteMeansWaitingHeldOrWithHost) {
  EXPECT_TRUE(OnSite(S::kWaiting));
  EXPECT_TRUE(OnSite(S::kHeld));
  EXPECT_TRUE(OnSite(S::kWithHost));
  EXPECT_FALSE(OnSite(S::kExpected));
  EXPECT_FALSE(OnSite(S::kCheckedOut));
}

TEST(ReceptionCategory, Vis11_EachCategoryHasItsVenueKind) {
  EXPECT_TRUE(CheckVenueForCategory("A", "large_meeting_room").ok());
  EXPECT_TRUE(CheckVenueForCategory("B", "large_meeting_room").ok());
  EXPECT_TRUE(CheckVenueForCategory("C", "small_meeting_room").ok());
  EXPECT_TRUE(CheckVenueForCategory("D", "lounge").ok());
}

TEST(ReceptionCategory, Vis11_OtherVenuesAreRefusedButOfficesAllowed) {
  auto st = CheckVenueForCategory("A", "lounge");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(st.error().field, "venue_id");
  EXPECT_EQ(st.error().key, "visits.venue_not_allowed");
  EXPECT_FALSE(CheckVenueForCategory("D", "large_meeting_room").ok());
  EXPECT_FALSE(CheckVenueForCategory("C", "lounge").ok());
  for (const char* c : {"A", "B", "C", "D"}) EXPECT_TRUE(CheckVenueForCategory(c, "office").ok());
}

TEST(HostNotification, Vis4_EarlyArrivalNotifiesTenMinutesBefore) {
  const int64_t minute = 60'000;
  const int64_t appointed = 1'000'000'000;
  // 40 minutes early: the host is told at T-10.
  EXPECT_EQ(HostNotifyAt(appointed, appointed - 40 * minute, 10 * minute), appointed - 10 * minute);
  // 5 minutes early, or late: at once.
  EXPECT_EQ(HostNotifyAt(appointed, appointed - 5 * minute, 10 * minute), appointed - 5 * minute);
  EXPECT_EQ(HostNotifyAt(appointed, appointed + 3 * minute, 10 * minute), appointed + 3 * minute);
  // The lead time is a setting.
  EXPECT_EQ(HostNotifyAt(appointed, appointed - 40 * minute, 5 * minute), appointed - 5 * minute);
  // Walk-ins have no appointment: at once.
  EXPECT_EQ(HostNotifyAt(std::nullopt, 42, 10 * minute), 42);
}

TEST(Queue, Gen5_ArrivalOrderOnlyTiesByRegistration) {
  std::vector<QueueEntry> q = {{7, 300}, {3, 100}, {9, 100}, {5, 200}};
  SortQueue(q);
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0].visit_id, 3);
  EXPECT_EQ(q[1].visit_id, 9);
  EXPECT_EQ(q[2].visit_id, 5);
  EXPECT_EQ(q[3].visit_id, 7);
}

TEST(VisitNumber, DateAndSequence) {
  EXPECT_EQ(VisitNumber(20261123, 7), "V20261123-0007");
  EXPECT_EQ(VisitNumber(20261123, 12345), "V20261123-12345");
}

}  // namespace
}  // namespace yingbin::visitors
