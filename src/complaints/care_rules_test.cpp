// The pure rules of the second half: canned replies' variables, survey scores (CMP-6, QA-1),
// penalty lines (CMP-8), similarity of subjects and the cause Pareto (CMP-12).
#include <gtest/gtest.h>

#include "complaints/attribution.hpp"
#include "complaints/history.hpp"
#include "complaints/replies.hpp"
#include "complaints/survey.hpp"

namespace yingbin::complaints {
namespace {

TEST(CannedReplies, VariablesFilledUnknownKept) {
  const std::map<std::string, std::string> vars = {{"客户称呼", "陈女士"}, {"工单号", "TS1"}};
  EXPECT_EQ(RenderReply("{客户称呼}您好，工单 {工单号}。{其他}", vars),
            "陈女士您好，工单 TS1。{其他}");
  EXPECT_EQ(RenderReply("没有变量 { 也没关系", vars), "没有变量 { 也没关系");
  EXPECT_EQ(UnknownVariables("{客户称呼}{期限}{不存在}{不存在}{}"),
            std::vector<std::string>{"不存在"});
}

TEST(Survey, Cmp6_MeanScoreRoundsHalfUp) {
  EXPECT_EQ(MeanScoreX100({{1, 5, ""}, {2, 4, ""}, {3, 5, ""}}), 467);
  EXPECT_EQ(MeanScoreX100({{1, 1, ""}, {2, 2, ""}}), 150);
  EXPECT_EQ(MeanScoreX100({}), 0);
}

TEST(Survey, Cmp6_EveryActiveQuestionOnce) {
  const std::vector<SurveyQuestion> qs = {{1, "a", "a", "a", 0, true}, {2, "b", "b", "b", 0, true}};
  EXPECT_TRUE(CheckAnswers({{1, 5, ""}, {2, 3, ""}}, qs));
  auto missing = CheckAnswers({{1, 5, ""}}, qs);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().key, "validation.required");
  auto range = CheckAnswers({{1, 6, ""}, {2, 3, ""}}, qs);
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().key, "validation.out_of_range");
  auto twice = CheckAnswers({{1, 5, ""}, {1, 4, ""}, {2, 3, ""}}, qs);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  auto unknown = CheckAnswers({{1, 5, ""}, {2, 3, ""}, {9, 3, ""}}, qs);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().key, "validation.unknown_reference");
}

TEST(Attribution, Cmp8_PenaltyByTargetAndSeverity) {
  EXPECT_EQ(PenaltyOf(false, "staff", "loss"), "none");
  EXPECT_EQ(PenaltyOf(true, "staff", "minor"), "administrative");
  EXPECT_EQ(PenaltyOf(true, "staff", "loss"), "fine");
  EXPECT_EQ(PenaltyOf(true, "department", "loss"), "department_share");
  EXPECT_EQ(NextMonth(202611), 202612);
  EXPECT_EQ(NextMonth(202612), 202701);
}

TEST(Attribution, Cmp8_FineAtMost40PercentAMonthRestCarried) {
  PlanInput in;
  in.penalty = "fine";
  in.month = 202611;
  in.fine_percent = 40;
  in.fine_fen = 100000;
  in.bonus_fen = 100000;
  in.people = {{7, "王工"}};
  auto lines = PlanPenalty(in);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].month, 202611);
  EXPECT_EQ(*lines[0].amount_fen, 40000);
  EXPECT_EQ(lines[1].month, 202612);
  EXPECT_EQ(lines[2].month, 202701);
  EXPECT_EQ(*lines[2].amount_fen, 20000);
  EXPECT_EQ(lines[2].percent, 20);
  // Without the amounts: one line of the share.
  in.fine_fen.reset();
  lines = PlanPenalty(in);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].percent, 40);
  EXPECT_FALSE(lines[0].amount_fen);
}

TEST(Attribution, Cmp8_DepartmentShareFallsOnEveryMember) {
  PlanInput in;
  in.penalty = "department_share";
  in.month = 202611;
  in.department_percent = 20;
  in.people = {{1, "甲"}, {2, "乙"}, {3, "丙"}};
  auto lines = PlanPenalty(in);
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& l : lines) EXPECT_EQ(l.percent, 20);
  in.penalty = "administrative";
  EXPECT_TRUE(PlanPenalty(in).empty());
}

TEST(History, Cmp12_SimilarSubjects) {
  EXPECT_GE(Similarity("打印机卡纸无法使用", "打印机卡纸，无法使用！"), kSimilar);
  EXPECT_GE(Similarity("印表機卡紙", "打印机卡纸"), 0.0);
  EXPECT_GE(Similarity("報表匯出失敗", "报表汇出失败"), 0.99) << "script folded";
  EXPECT_LT(Similarity("打印机卡纸", "发票抬头错误"), kSimilar);
  EXPECT_EQ(Similarity("", "打印机"), 0);
  EXPECT_EQ(Similarity("a", "a"), 1);
}

TEST(History, Cmp12_ParetoSortedWithCumulativeShare) {
  auto rows = ParetoOf({{"price", 2}, {"product_quality", 6}, {"staff_service", 2}, {"none", 0}});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].cause, "product_quality");
  EXPECT_EQ(rows[0].percent, 60);
  EXPECT_EQ(rows[1].cause, "price");
  EXPECT_EQ(rows[1].cumulative, 80);
  EXPECT_EQ(rows[2].cumulative, 100);
  EXPECT_TRUE(ParetoOf({}).empty());
}

}  // namespace
}  // namespace yingbin::complaints
