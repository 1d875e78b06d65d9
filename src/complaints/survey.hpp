#pragma once
// Callback and satisfaction (DOMAIN.md CMP-6, QA-1): the survey's questions (each scored
// 1-5, plus a comment; editable), the survey sent as a public link with a secret token and
// its QR code or filled in by the callback clerk during the call, and the callback worklist
// (tickets resolved and awaiting their callback, soonest callback due first).
//
// A survey answered while the ticket awaits its callback (status reported) makes the
// callback through the core state machine: a mean score at or below
// complaints.unsatisfied_score reopens the ticket (callback_unsatisfied), otherwise it is
// called back satisfied. Every result is recorded on the ticket and feeds the red alert
// (CMP-7, the score rule) and the reports (satisfaction rate).
// Thread-safe (no state).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "complaints/service.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::complaints {

struct SurveyQuestion {
  int64_t id = 0;
  std::string text_zh_cn, text_zh_tw, text_en;
  int64_t sort = 0;
  bool active = true;
};
Result<std::vector<SurveyQuestion>> ListQuestions(db::Pool& pool, bool active_only);
// Errors: validation.required on the texts.
Result<SurveyQuestion> CreateQuestion(const Ctx& c, const SurveyQuestion& in);
Result<SurveyQuestion> UpdateQuestion(const Ctx& c, int64_t id, const SurveyQuestion& in);

struct SurveyAnswer {
  int64_t question_id = 0;
  int64_t score = 0;     // 1..5
  std::string question;  // the question's zh-CN text, for display
};
struct Survey {
  int64_t id = 0;
  int64_t complaint_id = 0;
  std::string via;  // link | call
  int64_t created_at = 0;
  std::optional<int64_t> expires_at, submitted_at, submitted_by, score_x100;
  std::string submitted_by_name, comment;
  std::vector<SurveyAnswer> answers;
};
Result<std::vector<Survey>> ListSurveys(db::Connection& c, int64_t complaint_id);

// The mean of the scores x 100, rounded half up: {4, 5, 5} -> 467.
int64_t MeanScoreX100(const std::vector<SurveyAnswer>& answers);
// Every active question answered once with 1..5 (answers to inactive or unknown questions
// refused). Errors: validation.required on "answers"; validation.out_of_range on "answers"
// (a score outside 1..5); validation.unknown_reference on "answers" (a question); kConflict
// error.duplicate on "answers" (a question twice).
core::Status CheckAnswers(const std::vector<SurveyAnswer>& answers,
                          const std::vector<SurveyQuestion>& active_questions);

// A link for the customer: the secret token (only its hash is stored), valid for
// complaints.survey_link_days; an earlier unanswered link of the ticket stops working.
// With send_email, the link goes to the customer's address. The owner, the handler or a
// writer in scope, while the ticket awaits its callback. Errors: kNotFound;
// error.out_of_scope; complaints.not_allowed; complaints.not_awaiting_callback;
// complaints.no_email on "send_email".
struct SurveyLink {
  std::string token;
  int64_t expires_at = 0;
};
Result<SurveyLink> CreateSurveyLink(const Ctx& c, int64_t id, const std::string& base_url,
                                    bool send_email);

// What the public page shows for a token: the ticket number and the questions. Errors:
// kNotFound (unknown token); kConflict complaints.survey_done; complaints.survey_expired.
struct PublicSurvey {
  std::string number;
  std::vector<SurveyQuestion> questions;
};
Result<PublicSurvey> GetPublicSurvey(db::Pool& pool, const std::string& token, int64_t now);
// The customer answers. Errors as GetPublicSurvey, and as CheckAnswers; validation on
// "comment".
core::Status SubmitPublicSurvey(db::Pool& pool, const core::FieldCipher& cipher,
                                const std::string& token, const std::vector<SurveyAnswer>& answers,
                                const std::string& comment, int64_t now);

// The callback clerk fills it in during the call, and the callback is made with it (note:
// the clerk's own words, phrase-checked as every callback note). Errors: as Act(callback);
// complaints.not_awaiting_callback; as CheckAnswers.
Result<Ticket> SubmitCallSurvey(const Ctx& c, int64_t id, const std::vector<SurveyAnswer>& answers,
                                const std::string& comment, const std::string& note);

// The callback worklist: tickets with a running callback clock (resolved, reviewed,
// reported), soonest due first, in the caller's scope.
struct CallbackItem {
  Ticket ticket;
  Clock clock;
  bool ready = false;                      // reported: the callback can be made now
  std::optional<int64_t> link_expires_at;  // an open survey link
};
Result<std::vector<CallbackItem>> CallbackWorklist(db::Pool& pool, const auth::Principal& p,
                                                   std::optional<int64_t> department_id,
                                                   std::optional<int64_t> site_id, int64_t now,
                                                   int64_t limit);

}  // namespace yingbin::complaints
