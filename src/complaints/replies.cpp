#include "complaints/replies.hpp"

#include <algorithm>

#include "api/json.hpp"
#include "audit/audit.hpp"
#include "auth/directory.hpp"
#include "complaints/internal.hpp"
#include "complaints/store.hpp"
#include "db/sql.hpp"
#include "notify/notify.hpp"
#include "org/site_time.hpp"

namespace yingbin::complaints {
namespace {

using core::Status;
using db::Rows;
using db::Value;

// --- SQL ---
constexpr char kActivePhrases[] =
    "SELECT phrase, suggestion FROM complaint_phrases WHERE active = 1 ORDER BY sort, id";
constexpr char kPhraseSelect[] =
    "SELECT id, phrase, suggestion, active, sort FROM complaint_phrases ";
constexpr char kTemperamentSelect[] =
    "SELECT code, name_zh_cn, name_zh_tw, name_en, guidance_zh_cn, guidance_zh_tw, guidance_en, "
    "sort FROM complaint_temperaments ";
constexpr char kReplySelect[] = "SELECT id, title, body, active, sort FROM complaint_replies ";

PhraseRow PhraseFromRow(const Rows& r, size_t i) {
  return {r.Int(i, "id"), r.Text(i, "phrase"), r.Text(i, "suggestion"), r.Int(i, "active") != 0,
          r.Int(i, "sort")};
}

Temperament TemperamentFromRow(const Rows& r, size_t i) {
  Temperament t;
  t.code = r.Text(i, "code");
  t.name_zh_cn = r.Text(i, "name_zh_cn");
  t.name_zh_tw = r.Text(i, "name_zh_tw");
  t.name_en = r.Text(i, "name_en");
  t.guidance_zh_cn = r.Text(i, "guidance_zh_cn");
  t.guidance_zh_tw = r.Text(i, "guidance_zh_tw");
  t.guidance_en = r.Text(i, "guidance_en");
  t.sort = r.Int(i, "sort");
  return t;
}

Reply ReplyFromRow(const Rows& r, size_t i) {
  return {r.Int(i, "id"), r.Text(i, "title"), r.Text(i, "body"), r.Int(i, "active") != 0,
          r.Int(i, "sort")};
}

api::Json PhraseJson(const PhraseRow& p) {
  return {{"id", p.id},
          {"phrase", p.phrase},
          {"suggestion", p.suggestion},
          {"active", p.active},
          {"sort", p.sort}};
}
api::Json ReplyJson(const Reply& r) {
  return {
      {"id", r.id}, {"title", r.title}, {"body", r.body}, {"active", r.active}, {"sort", r.sort}};
}
api::Json TemperamentJson(const Temperament& t) {
  return {{"code", t.code},
          {"name_zh_cn", t.name_zh_cn},
          {"name_zh_tw", t.name_zh_tw},
          {"name_en", t.name_en},
          {"guidance_zh_cn", t.guidance_zh_cn},
          {"guidance_zh_tw", t.guidance_zh_tw},
          {"guidance_en", t.guidance_en}};
}

Result<std::vector<ForbiddenPhrase>> ActivePhrases(db::Connection& c) {
  auto rows = c.Query(kActivePhrases);
  if (!rows) return std::move(rows).error();
  std::vector<ForbiddenPhrase> out;
  for (size_t i = 0; i < rows->size(); ++i) out.push_back({rows->Text(i, 0), rows->Text(i, 1)});
  return out;
}

Result<std::optional<PhraseRow>> FindPhrase(db::Connection& c, int64_t id) {
  return db::FirstRow(c.Query(std::string(kPhraseSelect) + "WHERE id = $1", {Value(id)}),
                      PhraseFromRow);
}

Status ValidatePhrase(db::Connection& tx, const PhraseRow& in, int64_t self_id) {
  if (in.phrase.empty()) return core::InvalidArgument("phrase", "validation.required");
  if (NormalisePhraseText(in.phrase).empty())
    return core::InvalidArgument("phrase", "complaints.phrase_empty");
  auto same = tx.Query("SELECT id FROM complaint_phrases WHERE phrase = $1 AND id <> $2",
                       {Value(in.phrase), Value(self_id)});
  if (!same) return std::move(same).error();
  if (!same->empty()) return core::Conflict("error.duplicate", "phrase").With("value", in.phrase);
  return core::Ok();
}

Result<std::optional<Reply>> FindReply(db::Connection& c, int64_t id) {
  return db::FirstRow(c.Query(std::string(kReplySelect) + "WHERE id = $1", {Value(id)}),
                      ReplyFromRow);
}

Status ValidateReply(db::Connection& tx, const Reply& in) {
  if (in.title.empty()) return core::InvalidArgument("title", "validation.required");
  if (in.body.empty()) return core::InvalidArgument("body", "validation.required");
  auto unknown = UnknownVariables(in.body);
  if (!unknown.empty())
    return core::InvalidArgument("body", "complaints.unknown_variable")
        .With("name", "{" + unknown.front() + "}");
  // A template may not hold a forbidden phrase of its own (its variables never do).
  return CheckCustomerText(tx, "body", in.body);
}

// May the caller speak to the customer of `t` (owner, handler, writer in scope)?
Status MayWork(const auth::Principal& p, const Ticket& t) {
  if (!internal::CanSee(p, t)) return core::Forbidden("error.out_of_scope");
  const Actor a = internal::ActorOf(p, t);
  if (!a.owner && !a.assignee && !a.writer) return core::Forbidden("complaints.not_allowed");
  return core::Ok();
}

// The values of the reply variables for a ticket: the running answer clock's due time
// (else the agreed deadline, else the next due time) is {期限}.
Result<std::map<std::string, std::string>> VariablesOf(db::Connection& tx, const Ticket& t,
                                                       const auth::Principal& actor) {
  std::map<std::string, std::string> v;
  v["客户称呼"] = t.customer_name;
  v["客户姓名"] = t.customer_name;
  v["工单号"] = t.number;
  v["处理人"] = t.assignee_name.empty() ? actor.ActorName() : t.assignee_name;
  v["部门"] = t.department_name;
  auto clocks = store::SelectClocks(tx, t.id);
  if (!clocks) return std::move(clocks).error();
  std::optional<int64_t> due;
  for (const auto& k : *clocks)
    if (k.kind == "answer" && k.Running()) due = k.due_at;
  if (!due) due = t.agreed_deadline ? t.agreed_deadline : t.next_due_at;
  v["期限"] = due ? org::FormatSiteTime(tx, t.site_id, *due) : "";
  v["受理日期"] = org::FormatSiteTime(tx, t.site_id, t.created_at).substr(0, 10);
  return v;
}

}  // namespace

// ---------------------------------------------------------------- CMP-10

core::Error ForbiddenPhraseError(const std::string& field, const std::vector<PhraseHit>& hits) {
  api::Json details = api::Json::array();
  for (const auto& h : hits)
    details.push_back(
        {{"phrase", h.phrase}, {"start", h.start}, {"end", h.end}, {"suggestion", h.suggestion}});
  return core::InvalidArgument(field, "complaints.forbidden_phrase")
      .With("phrase", hits.empty() ? "" : hits.front().phrase)
      .With("suggestion", hits.empty() ? "" : hits.front().suggestion)
      .With("details", details.dump());
}

Status CheckCustomerText(db::Connection& tx, const std::string& field, std::string_view text) {
  if (text.empty()) return core::Ok();
  auto phrases = ActivePhrases(tx);
  if (!phrases) return std::move(phrases).error();
  auto hits = FindForbidden(text, *phrases);
  if (hits.empty()) return core::Ok();
  return ForbiddenPhraseError(field, hits);
}

Result<std::vector<PhraseHit>> CheckText(db::Pool& pool, std::string_view text) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto phrases = ActivePhrases(**lease);
  if (!phrases) return std::move(phrases).error();
  return FindForbidden(text, *phrases);
}

Result<std::vector<PhraseRow>> ListPhrases(db::Pool& pool) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return db::AllRows((*lease)->Query(std::string(kPhraseSelect) + "ORDER BY sort, id"),
                     PhraseFromRow);
}

Result<PhraseRow> CreatePhrase(const Ctx& c, const PhraseRow& in) {
  return c.pool.Transaction<PhraseRow>([&](db::Connection& tx) -> Result<PhraseRow> {
    YB_RETURN_IF_ERROR(ValidatePhrase(tx, in, 0));
    auto id = db::FirstId(tx.Query(
        "INSERT INTO complaint_phrases (phrase, suggestion, active, sort, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        {Value(in.phrase), Value(in.suggestion), db::Flag(in.active), Value(in.sort),
         Value(c.now)}));
    if (!id) return std::move(id).error();
    PhraseRow out = in;
    out.id = **id;
    YB_RETURN_IF_ERROR(audit::Record(
        tx, c.actor, c.now,
        {"create", "complaint_phrase", out.id, "", PhraseJson(out).dump(), c.reason}));
    return out;
  });
}

Result<PhraseRow> UpdatePhrase(const Ctx& c, int64_t id, const PhraseRow& in) {
  return c.pool.Transaction<PhraseRow>([&](db::Connection& tx) -> Result<PhraseRow> {
    auto before = FindPhrase(tx, id);
    if (!before) return std::move(before).error();
    if (!*before) return core::NotFound();
    YB_RETURN_IF_ERROR(ValidatePhrase(tx, in, id));
    YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
        "UPDATE complaint_phrases SET phrase = $1, suggestion = $2, active = $3, sort = $4, "
        "updated_at = $5 WHERE id = $6",
        {Value(in.phrase), Value(in.suggestion), db::Flag(in.active), Value(in.sort), Value(c.now),
         Value(id)})));
    PhraseRow out = in;
    out.id = id;
    YB_RETURN_IF_ERROR(audit::Record(tx, c.actor, c.now,
                                     {"update", "complaint_phrase", id, PhraseJson(**before).dump(),
                                      PhraseJson(out).dump(), c.reason}));
    return out;
  });
}

Status DeletePhrase(const Ctx& c, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto before = FindPhrase(tx, id);
    if (!before) return std::move(before).error();
    if (!*before) return core::NotFound();
    YB_RETURN_IF_ERROR(
        db::ToStatus(tx.Exec("DELETE FROM complaint_phrases WHERE id = $1", {Value(id)})));
    return audit::Record(
        tx, c.actor, c.now,
        {"delete", "complaint_phrase", id, PhraseJson(**before).dump(), "", c.reason});
  });
}

// ---------------------------------------------------------------- CMP-9

Result<std::vector<Temperament>> ListTemperaments(db::Pool& pool) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return db::AllRows((*lease)->Query(std::string(kTemperamentSelect) + "ORDER BY sort, code"),
                     TemperamentFromRow);
}

Result<std::optional<Temperament>> FindTemperament(db::Connection& c, const std::string& code) {
  return db::FirstRow(c.Query(std::string(kTemperamentSelect) + "WHERE code = $1", {Value(code)}),
                      TemperamentFromRow);
}

Result<Temperament> PutTemperament(const Ctx& c, const std::string& code, const Temperament& in) {
  return c.pool.Transaction<Temperament>([&](db::Connection& tx) -> Result<Temperament> {
    auto before = FindTemperament(tx, code);
    if (!before) return std::move(before).error();
    if (!*before) return core::NotFound();
    if (in.name_zh_cn.empty()) return core::InvalidArgument("name_zh_cn", "validation.required");
    if (in.name_zh_tw.empty()) return core::InvalidArgument("name_zh_tw", "validation.required");
    if (in.name_en.empty()) return core::InvalidArgument("name_en", "validation.required");
    if (in.guidance_zh_cn.empty())
      return core::InvalidArgument("guidance_zh_cn", "validation.required");
    YB_RETURN_IF_ERROR(db::ToStatus(tx.Exec(
        "UPDATE complaint_temperaments SET name_zh_cn = $1, name_zh_tw = $2, name_en = $3, "
        "guidance_zh_cn = $4, guidance_zh_tw = $5, guidance_en = $6, updated_at = $7 "
        "WHERE code = $8",
        {Value(in.name_zh_cn), Value(in.name_zh_tw), Value(in.name_en), Value(in.guidance_zh_cn),
         Value(in.guidance_zh_tw), Value(in.guidance_en), Value(c.now), Value(code)})));
    Temperament out = in;
    out.code = code;
    out.sort = (*before)->sort;
    YB_RETURN_IF_ERROR(
        audit::Record(tx, c.actor, c.now,
                      {"update", "complaint_temperament", 0, TemperamentJson(**before).dump(),
                       TemperamentJson(out).dump(), c.reason}));
    return out;
  });
}

Result<Ticket> SetTemperament(const Ctx& c, int64_t id, std::optional<std::string> code) {
  auto done = c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto t = internal::FindTicket(tx, id, c.now);
    if (!t) return std::move(t).error();
    YB_RETURN_IF_ERROR(MayWork(c.actor, *t));
    if (code) {
      auto found = FindTemperament(tx, *code);
      if (!found) return std::move(found).error();
      if (!*found) return core::InvalidArgument("temperament", "validation.unknown_reference");
    }
    if (code == t->temperament) return core::Ok();
    YB_RETURN_IF_ERROR(db::ToStatus(
        tx.Exec("UPDATE complaints SET temperament = $1, updated_at = $2 WHERE id = $3",
                {code ? Value(*code) : db::Null(), Value(c.now), Value(id)})));
    auto after = internal::FindTicket(tx, id, c.now);
    if (!after) return std::move(after).error();
    YB_RETURN_IF_ERROR(
        internal::AddEvent(tx, *after, c.actor, c.now, "temperament", "",
                           {{"temperament", code ? api::Json(*code) : api::Json(nullptr)}}));
    YB_RETURN_IF_ERROR(
        internal::AuditTicket(tx, c.actor, c.now, "temperament", &*t, *after, c.reason));
    return internal::Changed(tx, c.now, *after);
  });
  if (!done) return std::move(done).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  return internal::FindTicket(**lease, id, c.now);
}

// ---------------------------------------------------------------- canned replies

std::vector<std::string> UnknownVariables(std::string_view body) {
  std::vector<std::string> out;
  size_t at = 0;
  while ((at = body.find('{', at)) != std::string_view::npos) {
    const size_t close = body.find('}', at + 1);
    if (close == std::string_view::npos) break;
    const std::string name(body.substr(at + 1, close - at - 1));
    at = close + 1;
    if (name.empty() || name.find('{') != std::string::npos) continue;
    const bool known = std::any_of(std::begin(kReplyVariables), std::end(kReplyVariables),
                                   [&](const char* v) { return name == v; });
    if (!known && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

std::string RenderReply(std::string_view body, const std::map<std::string, std::string>& vars) {
  std::string out;
  size_t at = 0;
  while (at < body.size()) {
    const size_t open = body.find('{', at);
    if (open == std::string_view::npos) break;
    const size_t close = body.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out.append(body.substr(at, open - at));
    const std::string name(body.substr(open + 1, close - open - 1));
    auto it = vars.find(name);
    if (it != vars.end())
      out += it->second;
    else
      out.append(body.substr(open, close - open + 1));
    at = close + 1;
  }
  out.append(body.substr(at));
  return out;
}

Result<std::vector<Reply>> ListReplies(db::Pool& pool, bool active_only) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return db::AllRows(
      (*lease)->Query(std::string(kReplySelect) + (active_only ? "WHERE active = 1 " : "") +
                      "ORDER BY sort, id"),
      ReplyFromRow);
}

Result<Reply> CreateReply(const Ctx& c, const Reply& in) {
  return c.pool.Transaction<Reply>([&](db::Connection& tx) -> Result<Reply> {
    YB_RETURN_IF_ERROR(ValidateReply(tx, in));
    auto id = db::FirstId(tx.Query(
        "INSERT INTO complaint_replies (title, body, active, sort, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        {Value(in.title), Value(in.body), db::Flag(in.active), Value(in.sort), Value(c.now)}));
    if (!id) return std::move(id).error();
    Reply out = in;
    out.id = **id;
    YB_RETURN_IF_ERROR(
        audit::Record(tx, c.actor, c.now,
                      {"create", "complaint_reply", out.id, "", ReplyJson(out).dump(), c.reason}));
    return out;
  });
}

Result<Reply> UpdateReply(const Ctx& c, int64_t id, const Reply& in) {
  return c.pool.Transaction<Reply>([&](db::Connection& tx) -> Result<Reply> {
    auto before = FindReply(tx, id);
    if (!before) return std::move(before).error();
    if (!*before) return core::NotFound();
    YB_RETURN_IF_ERROR(ValidateReply(tx, in));
    YB_RETURN_IF_ERROR(db::ToStatus(
        tx.Exec("UPDATE complaint_replies SET title = $1, body = $2, active = $3, sort = $4, "
                "updated_at = $5 WHERE id = $6",
                {Value(in.title), Value(in.body), db::Flag(in.active), Value(in.sort), Value(c.now),
                 Value(id)})));
    Reply out = in;
    out.id = id;
    YB_RETURN_IF_ERROR(audit::Record(tx, c.actor, c.now,
                                     {"update", "complaint_reply", id, ReplyJson(**before).dump(),
                                      ReplyJson(out).dump(), c.reason}));
    return out;
  });
}

Status DeleteReply(const Ctx& c, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto before = FindReply(tx, id);
    if (!before) return std::move(before).error();
    if (!*before) return core::NotFound();
    // Messages that started from it keep their text; the link is dropped.
    YB_RETURN_IF_ERROR(db::ToStatus(
        tx.Exec("UPDATE complaint_messages SET reply_id = NULL WHERE reply_id = $1", {Value(id)})));
    YB_RETURN_IF_ERROR(
        db::ToStatus(tx.Exec("DELETE FROM complaint_replies WHERE id = $1", {Value(id)})));
    return audit::Record(
        tx, c.actor, c.now,
        {"delete", "complaint_reply", id, ReplyJson(**before).dump(), "", c.reason});
  });
}

Result<std::string> RenderForTicket(const Ctx& c, int64_t ticket_id, int64_t reply_id) {
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  db::Connection& conn = **lease;
  auto t = internal::FindTicket(conn, ticket_id, c.now);
  if (!t) return std::move(t).error();
  if (!internal::CanSee(c.actor, *t)) return core::Forbidden("error.out_of_scope");
  auto reply = FindReply(conn, reply_id);
  if (!reply) return std::move(reply).error();
  if (!*reply || !(*reply)->active) return core::NotFound();
  auto vars = VariablesOf(conn, *t, c.actor);
  if (!vars) return std::move(vars).error();
  std::string text = RenderReply((*reply)->body, *vars);
  // CMP-10: checked after the variables are filled in (a name may not, a template may).
  YB_RETURN_IF_ERROR(CheckCustomerText(conn, "text", text));
  return text;
}

// ---------------------------------------------------------------- messages

namespace {

const std::string& MessageSelect() {
  static const std::string s =
      "SELECT m.id, m.complaint_id, m.channel, m.text, m.reply_id, m.recipient, m.sent_by, "
      "m.sent_at, " +
      auth::UserNameSql("u") +
      " AS sent_by_name FROM complaint_messages m LEFT JOIN users u ON u.id = m.sent_by ";
  return s;
}

CustomerMessage MessageFromRow(const Rows& r, size_t i) {
  CustomerMessage m;
  m.id = r.Int(i, "id");
  m.complaint_id = r.Int(i, "complaint_id");
  m.channel = r.Text(i, "channel");
  m.text = r.Text(i, "text");
  m.reply_id = r.OptInt(i, "reply_id");
  m.recipient = r.Text(i, "recipient");
  m.sent_by = r.OptInt(i, "sent_by");
  m.sent_at = r.Int(i, "sent_at");
  m.sent_by_name = r.Text(i, "sent_by_name");
  return m;
}

}  // namespace

Result<std::vector<CustomerMessage>> ListMessages(db::Connection& c, int64_t complaint_id) {
  return db::AllRows(
      c.Query(MessageSelect() + "WHERE m.complaint_id = $1 ORDER BY m.id", {Value(complaint_id)}),
      MessageFromRow);
}

Result<CustomerMessage> SendMessage(const Ctx& c, int64_t id, const MessageInput& in) {
  auto message_id = c.pool.Transaction<int64_t>([&](db::Connection& tx) -> Result<int64_t> {
    auto t = internal::FindTicket(tx, id, c.now);
    if (!t) return std::move(t).error();
    YB_RETURN_IF_ERROR(MayWork(c.actor, *t));
    if (t->status == TicketStatus::kArchived) return core::Conflict("complaints.closed");
    if (in.text.empty()) return core::InvalidArgument("text", "validation.required");
    // CMP-10: refused with the phrase highlighted; nothing saved.
    YB_RETURN_IF_ERROR(CheckCustomerText(tx, "text", in.text));
    if (in.reply_id) {
      auto reply = FindReply(tx, *in.reply_id);
      if (!reply) return std::move(reply).error();
      if (!*reply) return core::InvalidArgument("reply_id", "validation.unknown_reference");
    }
    std::string recipient;
    if (in.channel == "email") {
      if (t->customer_email.empty()) return core::InvalidArgument("channel", "complaints.no_email");
      recipient = t->customer_email;
    }
    auto mid = db::FirstId(tx.Query(
        "INSERT INTO complaint_messages (complaint_id, channel, text, reply_id, recipient, "
        "sent_by, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {Value(id), Value(in.channel), Value(in.text), db::OrNull(in.reply_id), Value(recipient),
         c.actor.user_id ? Value(c.actor.user_id) : db::Null(), Value(c.now)}));
    if (!mid) return std::move(mid).error();
    if (in.channel == "email") {
      notify::Message m;
      m.topic = "complaint.customer_message";
      m.subject = "关于您的反馈（" + t->number + "）";
      m.body = in.text;
      m.emails = {recipient};
      m.webhooks = false;
      YB_RETURN_IF_ERROR(notify::Send(tx, c.now, m));
    }
    YB_RETURN_IF_ERROR(internal::AddEvent(tx, *t, c.actor, c.now, "message", in.text,
                                          {{"channel", in.channel},
                                           {"message_id", **mid},
                                           {"reply_id", api::IntOrNull(in.reply_id)}}));
    YB_RETURN_IF_ERROR(audit::Record(tx, c.actor, c.now,
                                     {"create", "complaint_message", **mid, "",
                                      api::Json({{"complaint_id", id},
                                                 {"channel", in.channel},
                                                 {"reply_id", api::IntOrNull(in.reply_id)}})
                                          .dump(),
                                      c.reason}));
    YB_RETURN_IF_ERROR(internal::Changed(tx, c.now, *t));
    return **mid;
  });
  if (!message_id) return std::move(message_id).error();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto rows = db::FirstRow(
      (*lease)->Query(MessageSelect() + "WHERE m.id = $1", {Value(*message_id)}), MessageFromRow);
  if (!rows) return std::move(rows).error();
  if (!*rows) return core::NotFound();
  return **rows;
}

}  // namespace yingbin::complaints
