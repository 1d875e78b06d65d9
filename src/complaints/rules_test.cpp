#include "complaints/rules.hpp"

#include <gtest/gtest.h>

namespace yingbin::complaints {
namespace {

using A = Action;
using S = TicketStatus;

Actor Writer() { return Actor{false, false, true, false}; }
Actor Owner() { return Actor{true, false, false, false}; }
Actor Assignee() { return Actor{false, true, false, false}; }
Actor Reviewer() { return Actor{false, false, false, true}; }

TEST(ComplaintRules, Cmp4_TheWholeLoopInOrder) {
  S s = S::kReceived;
  for (auto [action, want] : std::vector<std::pair<A, S>>{{A::kClassify, S::kClassified},
                                                          {A::kDispatch, S::kDispatched},
                                                          {A::kAcknowledge, S::kInProgress},
                                                          {A::kResolve, S::kResolved},
                                                          {A::kReview, S::kReviewed},
                                                          {A::kReport, S::kReported},
                                                          {A::kCallbackSatisfied, S::kCalledBack},
                                                          {A::kArchive, S::kArchived}}) {
    auto next = Next(s, action);
    ASSERT_TRUE(next) << ActionName(action) << " from " << StatusName(s);
    EXPECT_EQ(*next, want);
    s = *next;
  }
  EXPECT_FALSE(IsOpen(s));
}

TEST(ComplaintRules, Cmp4_IllegalMovesNameTheStateAndTheAction) {
  auto r = Next(S::kReceived, A::kResolve);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(r.error().key, "complaints.illegal_transition");
  ASSERT_GE(r.error().args.size(), 2u);
  EXPECT_EQ(r.error().args[0].second, "received");
  EXPECT_EQ(r.error().args[1].second, "resolve");
  // Skipping the review, archiving before the callback, acting on an archived ticket.
  EXPECT_FALSE(Next(S::kResolved, A::kReport));
  EXPECT_FALSE(Next(S::kReported, A::kArchive));
  EXPECT_FALSE(Next(S::kArchived, A::kClassify));
  EXPECT_FALSE(Next(S::kArchived, A::kPause));
  EXPECT_TRUE(Next(S::kArchived, A::kNote));  // still annotated
}

TEST(ComplaintRules, Cmp6_UnsatisfiedCallbackReopensAndTheReviewMayAccept) {
  EXPECT_EQ(*Next(S::kReported, A::kCallbackUnsatisfied), S::kInProgress);
  EXPECT_EQ(*Next(S::kReported, A::kCallbackAccepted), S::kCalledBack);
  EXPECT_EQ(*Next(S::kResolved, A::kRejectReview), S::kInProgress);
  // Accepting an unsatisfied callback is the review's, not the handler's.
  EXPECT_FALSE(MayAct(A::kCallbackAccepted, Actor{true, true, true, false}));
  EXPECT_TRUE(MayAct(A::kCallbackAccepted, Reviewer()));
}

TEST(ComplaintRules, Gen6_OnlyTheOwnerOrTheGmOfficeClosesTheTicket) {
  EXPECT_TRUE(MayAct(A::kArchive, Owner()));
  EXPECT_TRUE(MayAct(A::kArchive, Reviewer()));
  EXPECT_FALSE(MayAct(A::kArchive, Writer()));
  EXPECT_FALSE(MayAct(A::kArchive, Assignee()));
  // A transfer keeps the state; to another department in progress, it goes back to
  // dispatched (the new department acknowledges its notice).
  EXPECT_EQ(*Next(S::kInProgress, A::kTransfer), S::kInProgress);
  EXPECT_EQ(*Next(S::kInProgress, A::kRedirect), S::kDispatched);
}

TEST(ComplaintRules, Cmp4_TheReviewIsTheReviewersAndTheHandlerWorksTheTicket) {
  EXPECT_FALSE(MayAct(A::kReview, Writer()));
  EXPECT_FALSE(MayAct(A::kReview, Assignee()));
  EXPECT_TRUE(MayAct(A::kAcknowledge, Assignee()));
  EXPECT_TRUE(MayAct(A::kResolve, Assignee()));
  EXPECT_FALSE(MayAct(A::kResolve, Owner()));  // the owner is not the handler
  EXPECT_FALSE(MayAct(A::kDispatch, Assignee()));
  EXPECT_FALSE(MayAct(A::kNote, Actor{}));
}

TEST(ComplaintRules, AllowedActionsFollowTheStateThePauseAndTheActor) {
  auto names = [](const std::vector<A>& v) {
    std::string s;
    for (A a : v) s += std::string(s.empty() ? "" : ",") + ActionName(a);
    return s;
  };
  EXPECT_EQ(names(AllowedActions(S::kInProgress, false, Assignee())),
            "return_notice,resolve,contact,agree_deadline,transfer,redirect,escalate,pause,note");
  // Paused: no move to another state, resume instead of pause.
  EXPECT_EQ(names(AllowedActions(S::kInProgress, true, Assignee())),
            "return_notice,contact,agree_deadline,transfer,redirect,escalate,resume,note");
  EXPECT_EQ(names(AllowedActions(S::kCalledBack, false, Owner())), "archive,contact,note");
  EXPECT_EQ(names(AllowedActions(S::kResolved, false, Reviewer())), "review,reject_review,note");
}

TEST(ComplaintRules, TicketNumberIsPrefixDayAndFourDigitSequence) {
  EXPECT_EQ(TicketNumber("TS", 20261122, 7), "TS20261122-0007");
  EXPECT_EQ(TicketNumber("KF", 20261122, 12345), "KF20261122-12345");
}

// The list's search box: a clerk types what the customer says on the phone.
TEST(ComplaintRules, SearchTextIsReadAsNumberPhoneOrWords) {
  using K = TicketSearch::Kind;
  auto is = [](std::string_view q, K kind, std::string value) {
    const TicketSearch s = ParseTicketSearch(q, "TS");
    EXPECT_EQ(s.kind, kind) << q;
    EXPECT_EQ(s.value, value) << q;
  };
  is("TS20261122-0007", K::kNumber, "TS20261122-0007");
  is(" ts20261122-7 ", K::kNumber, "TS20261122-0007");      // case and padding as written
  is("20261122-0007", K::kNumber, "TS20261122-0007");        // the letters from the setting
  is("KF20261122-12345", K::kNumber, "KF20261122-12345");
  is("TS20261122", K::kNumberPrefix, "TS20261122");          // that day's tickets
  is("138 0013 8000", K::kPhone, "13800138000");
  is("+86 138-0013-8000", K::kPhone, "13800138000");         // as intake normalises it
  is("(0755) 8888 6666", K::kPhone, "075588886666");
  is("20261122", K::kPhone, "20261122");                     // 8 digits: a local number
  is("8000", K::kPhoneTail, "8000");
  is("138000", K::kPhoneTail, "8000");                       // the stored tail is 4 digits
  is("123", K::kWords, "123");
  is("张伟", K::kWords, "张伟");
  is("zw", K::kWords, "zw");
  is("TS", K::kWords, "TS");
  is("华润 3M", K::kWords, "华润 3M");
}

TEST(Ladder, Cmp5_HandlerThenSupervisorThenHeadThenGmOffice) {
  const LadderPeople p{11, 12, 13};
  auto one = NextStep(0, 10, p);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->step, 1);
  EXPECT_EQ(one->user_id, 11);
  auto two = NextStep(1, 11, p);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->step, 2);
  EXPECT_EQ(two->user_id, 12);
  auto three = NextStep(2, 12, p);
  ASSERT_TRUE(three);
  EXPECT_EQ(three->step, 3);
  EXPECT_EQ(three->user_id, 13);
  EXPECT_FALSE(NextStep(3, 13, p));  // the top of the ladder
}

TEST(Ladder, Cmp5_WithoutSupervisorTheHeadIsStepOneAndStepTwoIsSkipped) {
  const LadderPeople p{std::nullopt, 12, 13};
  auto one = NextStep(0, 10, p);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->step, 1);
  EXPECT_EQ(one->user_id, 12);
  auto next = NextStep(1, 12, p);  // the head has it already: straight to the GM office
  ASSERT_TRUE(next);
  EXPECT_EQ(next->step, 3);
  EXPECT_EQ(next->user_id, 13);
}

TEST(Ladder, Cmp11_AHandlerWhoIsTheSupervisorGoesHigher) {
  const LadderPeople p{10, 12, std::nullopt};
  auto next = NextStep(0, 10, p);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->step, 2);
  EXPECT_EQ(next->user_id, 12);
  EXPECT_FALSE(NextStep(2, 12, p));  // no GM office configured: nowhere higher
}

TEST(Assignment, Cmp3_LeastLoadedMemberOnDutyThenLowestId) {
  EXPECT_EQ(PickLeastLoaded({{5, 3, true}, {7, 1, true}, {6, 1, true}}), 6);
  // The least loaded is absent: the next one takes it.
  EXPECT_EQ(PickLeastLoaded({{5, 3, true}, {6, 0, false}, {7, 1, true}}), 7);
  EXPECT_EQ(PickLeastLoaded({{6, 0, false}}), std::nullopt);
  EXPECT_EQ(PickLeastLoaded({}), std::nullopt);
}

TEST(ReviewGate, Cmp4_TheNoticeMustComeBackWithCauseFixAndResponsible) {
  EXPECT_EQ(CheckNoticeComplete(std::nullopt).error().key, "complaints.notice_not_returned");
  Notice n;
  EXPECT_EQ(CheckNoticeComplete(n).error().key, "complaints.notice_not_returned");
  n.returned_at = 1;
  EXPECT_EQ(CheckNoticeComplete(n).error().field, "cause");
  n.cause = "配置错误";
  n.fix = "已重新配置";
  EXPECT_EQ(CheckNoticeComplete(n).error().field, "responsible_person");
  n.responsible_person = "王工";
  EXPECT_TRUE(CheckNoticeComplete(n));
}

}  // namespace
}  // namespace yingbin::complaints
