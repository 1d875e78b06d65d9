#pragma once
// Helping the handler (DOMAIN.md CMP-9, CMP-10): the forbidden-phrase list and the check every
// message to a customer passes on the server, the customer's temperament with its guidance,
// canned replies with variables, and the messages sent to the customer.
//
// The check (CheckCustomerText) refuses a text holding a forbidden phrase with kInvalidArgument
// "complaints.forbidden_phrase" on the text's field; the error's args carry "phrase" and
// "suggestion" (the first hit, for the message) and "details", the JSON array
// [{phrase, start, end, suggestion}] of every hit (offsets in characters of the text), which
// routes answer as error.code "forbidden_phrase" with error.details. Nothing is saved.
// Thread-safe (no state).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "complaints/phrases.hpp"
#include "complaints/service.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::complaints {

// --- CMP-10: the list and the check ---
struct PhraseRow {
  int64_t id = 0;
  std::string phrase, suggestion;
  bool active = true;
  int64_t sort = 0;
};
Result<std::vector<PhraseRow>> ListPhrases(db::Pool& pool);
// Errors: validation.required on "phrase"; complaints.phrase_empty on "phrase" when nothing is
// left of it after normalising (only punctuation); kConflict error.duplicate on "phrase".
Result<PhraseRow> CreatePhrase(const Ctx& c, const PhraseRow& in);
// Errors as CreatePhrase; kNotFound.
Result<PhraseRow> UpdatePhrase(const Ctx& c, int64_t id, const PhraseRow& in);
core::Status DeletePhrase(const Ctx& c, int64_t id);

// The hits of the active list in `text` (the form's live highlighting).
Result<std::vector<PhraseHit>> CheckText(db::Pool& pool, std::string_view text);
// The check on the server: Ok, or complaints.forbidden_phrase on `field` (see above).
core::Status CheckCustomerText(db::Connection& tx, const std::string& field, std::string_view text);
// The error of a refused text (exposed for tests and for routes' answers).
core::Error ForbiddenPhraseError(const std::string& field, const std::vector<PhraseHit>& hits);

// --- CMP-9: temperaments and their guidance ---
struct Temperament {
  std::string code;  // controlled_anger, venting_anger, talkative, demanding, professional
  std::string name_zh_cn, name_zh_tw, name_en;
  std::string guidance_zh_cn, guidance_zh_tw, guidance_en;
  int64_t sort = 0;
};
Result<std::vector<Temperament>> ListTemperaments(db::Pool& pool);
Result<std::optional<Temperament>> FindTemperament(db::Connection& c, const std::string& code);
// Edits the names and guidance (complaints.admin). Errors: kNotFound; validation.* on names.
Result<Temperament> PutTemperament(const Ctx& c, const std::string& code, const Temperament& in);
// Tags the ticket's customer (nullopt clears it): the owner, the handler or a writer in scope;
// in the timeline and audited. Errors: kNotFound; error.out_of_scope; complaints.not_allowed;
// validation.unknown_reference on "temperament".
Result<Ticket> SetTemperament(const Ctx& c, int64_t id, std::optional<std::string> code);

// --- canned replies ---
struct Reply {
  int64_t id = 0;
  std::string title, body;
  bool active = true;
  int64_t sort = 0;
};
// The variables a reply may use.
inline constexpr const char* kReplyVariables[] = {"客户称呼", "客户姓名", "工单号",  "处理人",
                                                  "部门",     "期限",     "受理日期"};
// {name} placeholders of `body` that are not kReplyVariables (in order, each once).
std::vector<std::string> UnknownVariables(std::string_view body);
// `body` with each {name} of `vars` replaced; unknown {names} are left as written.
std::string RenderReply(std::string_view body, const std::map<std::string, std::string>& vars);

Result<std::vector<Reply>> ListReplies(db::Pool& pool, bool active_only);
// Errors: validation.required on "title"/"body"; complaints.unknown_variable on "body" (with
// {name}); the body's own forbidden phrases (complaints.forbidden_phrase on "body").
Result<Reply> CreateReply(const Ctx& c, const Reply& in);
Result<Reply> UpdateReply(const Ctx& c, int64_t id, const Reply& in);
core::Status DeleteReply(const Ctx& c, int64_t id);
// The reply filled in for the ticket, then phrase-checked (field "text"). Errors: kNotFound
// (ticket or reply); error.out_of_scope.
Result<std::string> RenderForTicket(const Ctx& c, int64_t ticket_id, int64_t reply_id);

// --- messages to the customer ---
struct CustomerMessage {
  int64_t id = 0;
  int64_t complaint_id = 0;
  std::string channel;  // phone | email | sms | onsite | letter
  std::string text;
  std::optional<int64_t> reply_id;
  std::string recipient;
  std::optional<int64_t> sent_by;
  std::string sent_by_name;
  int64_t sent_at = 0;
};
struct MessageInput {
  std::string channel;
  std::string text;
  std::optional<int64_t> reply_id;
};
// Records (and for e-mail sends) a message to the customer: the owner, the handler or a
// writer in scope, on an open ticket. Errors: kNotFound;
// error.out_of_scope; complaints.not_allowed; complaints.closed (archived);
// validation.required on "text"; complaints.forbidden_phrase on "text";
// complaints.no_email on "channel" (e-mail without the customer's address);
// validation.unknown_reference on "reply_id".
Result<CustomerMessage> SendMessage(const Ctx& c, int64_t id, const MessageInput& in);
Result<std::vector<CustomerMessage>> ListMessages(db::Connection& c, int64_t complaint_id);

}  // namespace yingbin::complaints
