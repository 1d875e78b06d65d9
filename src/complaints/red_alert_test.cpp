#include "complaints/red_alert.hpp"

#include <gtest/gtest.h>

namespace yingbin::complaints {
namespace {

AlertRules Defaults() {
  AlertRules r;
  r.min_severity = "major";
  r.repeat_count = 3;
  r.repeat_days = 30;
  r.keywords = {"媒体", "曝光", "12315"};
  r.score_max_x100 = 100;
  return r;
}

AlertFacts Calm() {
  AlertFacts f;
  f.severity = "normal";
  f.recent_tickets = 1;
  f.text = "报表导出失败，请尽快处理";
  return f;
}

TEST(RedAlert, Cmp7_CalmTicketIsNotRed) {
  EXPECT_TRUE(EvaluateRedAlert(Defaults(), Calm()).empty());
}

TEST(RedAlert, Cmp7_SeverityAtOrAboveTheLevel) {
  AlertFacts f = Calm();
  f.severity = "major";
  auto r = EvaluateRedAlert(Defaults(), f);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].rule, "severity");
  EXPECT_EQ(r[0].detail, "major");
  f.severity = "serious";
  EXPECT_TRUE(EvaluateRedAlert(Defaults(), f).empty());
  AlertRules lower = Defaults();
  lower.min_severity = "serious";
  EXPECT_EQ(EvaluateRedAlert(lower, f).size(), 1u);
}

TEST(RedAlert, Cmp7_RepeatComplainantNTicketsInMDays) {
  AlertFacts f = Calm();
  f.recent_tickets = 2;
  EXPECT_TRUE(EvaluateRedAlert(Defaults(), f).empty());
  f.recent_tickets = 3;
  auto r = EvaluateRedAlert(Defaults(), f);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].rule, "repeat");
  EXPECT_EQ(r[0].detail, "3");
}

TEST(RedAlert, Cmp7_KeywordsFoldedAsThePhraseCheckFolds) {
  AlertFacts f = Calm();
  f.text = "再不解决我就找媒體曝 光，还要打１２３１５";
  auto r = EvaluateRedAlert(Defaults(), f);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].rule, "keyword");
  EXPECT_EQ(r[0].detail, "媒体");
  EXPECT_EQ(r[1].detail, "曝光");
  EXPECT_EQ(r[2].detail, "12315");
  f.text = "媒体媒体媒体";
  EXPECT_EQ(EvaluateRedAlert(Defaults(), f).size(), 1u) << "each keyword once";
}

TEST(RedAlert, Cmp7_LowSatisfactionScore) {
  AlertFacts f = Calm();
  f.survey_score_x100 = 133;
  EXPECT_TRUE(EvaluateRedAlert(Defaults(), f).empty());
  f.survey_score_x100 = 100;
  auto r = EvaluateRedAlert(Defaults(), f);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].rule, "score");
  EXPECT_EQ(r[0].detail, "1.00");
}

TEST(RedAlert, Cmp7_RulesSwitchedOffDoNotFire) {
  AlertRules off = Defaults();
  off.severity_on = off.repeat_on = off.keyword_on = off.score_on = false;
  AlertFacts f;
  f.severity = "major";
  f.recent_tickets = 10;
  f.text = "媒体";
  f.survey_score_x100 = 100;
  EXPECT_TRUE(EvaluateRedAlert(off, f).empty());
  EXPECT_EQ(EvaluateRedAlert(Defaults(), f).size(), 4u);
}

TEST(RedAlert, Cmp7_SeverityRank) {
  EXPECT_EQ(SeverityRank("minor"), 0);
  EXPECT_EQ(SeverityRank("major"), 3);
  EXPECT_EQ(SeverityRank("huge"), -1);
  AlertFacts f = Calm();
  f.severity = "huge";
  EXPECT_TRUE(EvaluateRedAlert(Defaults(), f).empty());
}

}  // namespace
}  // namespace yingbin::complaints
