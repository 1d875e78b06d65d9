// The phone desk's rules without a database (DOMAIN.md TEL-2, TEL-3, TEL-4, TEL-5).
#include "calls/rules.hpp"

#include <gtest/gtest.h>

namespace yingbin::calls {
namespace {

void ExpectError(const core::Status& s, const std::string& field, const std::string& key) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().field, field);
  EXPECT_EQ(s.error().key, key);
}

CallFacts ForPerson(std::string outcome) {
  CallFacts f;
  f.outcome = std::move(outcome);
  f.caller_name = "王先生";
  f.organisation = "华为技术";
  f.for_staff = true;
  f.message = "请回电";
  return f;
}

TEST(CallRules, UnknownOutcomeIsRefused) {
  CallFacts f = ForPerson("spam");
  ExpectError(CheckCall(f), "outcome", "validation.invalid");
}

TEST(CallRules, Tel6_AComplaintNamesWhoComplainsAndWhatAbout) {
  CallFacts f = ForPerson("complaint");
  f.for_staff = false;
  f.matter = "收银系统卡顿";
  EXPECT_TRUE(CheckCall(f).ok());
  f.matter.clear();
  ExpectError(CheckCall(f), "matter", "validation.required");
  f.matter = "收银系统卡顿";
  f.caller_name.clear();
  ExpectError(CheckCall(f), "caller_name", "validation.required");
}

TEST(CallRules, Tel3_AskingForAPersonNeedsNameBeforeTransfer) {
  CallFacts f = ForPerson("transferred");
  EXPECT_TRUE(CheckCall(f).ok());
  f.caller_name.clear();
  ExpectError(CheckCall(f), "caller_name", "calls.ask_name");
}

TEST(CallRules, Tel3_AskingForAPersonNeedsOrganisationBeforeAMessage) {
  CallFacts f = ForPerson("message_taken");
  EXPECT_TRUE(CheckCall(f).ok());
  f.organisation.clear();
  ExpectError(CheckCall(f), "organisation", "calls.ask_organisation");
}

TEST(CallRules, Tel3_ADepartmentCallMayBeTransferredWithoutTheCallersName) {
  CallFacts f;
  f.outcome = "transferred";
  f.for_department = true;
  EXPECT_TRUE(CheckCall(f).ok());
}

TEST(CallRules, Tel2_AMessageNamesTheCallerAndHasAText) {
  CallFacts f;
  f.outcome = "message_taken";
  f.for_department = true;
  f.message = "请回电";
  ExpectError(CheckCall(f), "caller_name", "validation.required");
  f.caller_name = "李女士";
  EXPECT_TRUE(CheckCall(f).ok());
  f.message.clear();
  ExpectError(CheckCall(f), "message", "validation.required");
}

TEST(CallRules, TransferAndMessageNeedWhomTheCallIsFor) {
  for (const char* outcome : {"transferred", "message_taken"}) {
    CallFacts f = ForPerson(outcome);
    f.for_staff = false;
    ExpectError(CheckCall(f), "for_staff_id", "calls.target_required");
  }
}

TEST(CallRules, OnePersonOrOneDepartmentNotBoth) {
  CallFacts f = ForPerson("transferred");
  f.for_department = true;
  ExpectError(CheckCall(f), "for_department_id", "calls.one_target");
}

TEST(CallRules, Tel4_ASalesCallNeedsNothingMore) {
  CallFacts f;
  f.outcome = "declined_sales";
  EXPECT_TRUE(CheckCall(f).ok());
  f.for_staff = true;  // asked for someone: still declined without a name (TEL-4)
  EXPECT_TRUE(CheckCall(f).ok());
}

TEST(CallRules, Tel5_AnAnsweredQuestionNeedsNothingMore) {
  CallFacts f;
  f.outcome = "answered";
  EXPECT_TRUE(CheckCall(f).ok());
}

TEST(CallRules, NumberAndWho) {
  EXPECT_EQ(CallNumber(20261123, 7), "T20261123-0007");
  EXPECT_EQ(CallNumber(20261123, 12345), "T20261123-12345");
  EXPECT_EQ(WhoCalled("王先生", "华为"), "王先生（华为）");
  EXPECT_EQ(WhoCalled("王先生", ""), "王先生");
  EXPECT_EQ(WhoCalled("", ""), "");
}

}  // namespace
}  // namespace yingbin::calls
