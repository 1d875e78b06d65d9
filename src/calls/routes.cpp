// HTTP routes of the phone desk: parse and validate, call the service, answer JSON.
#include "calls/routes.hpp"

#include <algorithm>

#include "api/export.hpp"
#include "calls/json.hpp"
#include "calls/rules.hpp"
#include "calls/service.hpp"
#include "core/calendar.hpp"
#include "core/time.hpp"

namespace yingbin::calls {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

constexpr int64_t kMaxId = INT64_MAX;

Ctx CtxOf(const Context& ctx, std::string reason = {}) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), *ctx.env.cipher, std::move(reason)};
}

core::Result<std::string> TextQuery(const http::Request& req, const char* name, size_t max) {
  std::string v(req.QueryParam(name).value_or(""));
  if (!api::IsValidUtf8(v)) return core::InvalidArgument(name, "validation.invalid");
  if (api::Utf8Length(v) > max)
    return core::InvalidArgument(name, "validation.too_long").With("max", std::to_string(max));
  return v;
}

// The filters of the log (GET /calls and its exports).
core::Result<CallQuery> ReadCallQuery(const http::Request& req) {
  CallQuery q;
  auto site = api::IntQuery(req, "site_id", 1, kMaxId);
  if (!site) return std::move(site).error();
  auto staff = api::IntQuery(req, "for_staff_id", 1, kMaxId);
  if (!staff) return std::move(staff).error();
  auto dept = api::IntQuery(req, "for_department_id", 1, kMaxId);
  if (!dept) return std::move(dept).error();
  auto from = api::DayQuery(req, "from");
  if (!from) return std::move(from).error();
  auto to = api::DayQuery(req, "to");
  if (!to) return std::move(to).error();
  auto text = TextQuery(req, "q", 100);
  if (!text) return std::move(text).error();
  q.site_id = *site;
  q.for_staff_id = *staff;
  q.for_department_id = *dept;
  q.day_from = *from;
  q.day_to = *to;
  q.q = *text;
  if (auto o = req.QueryParam("outcome"); o && !o->empty()) {
    if (!IsOutcome(*o)) return core::InvalidArgument("outcome", "validation.invalid");
    q.outcome = std::string(*o);
  }
  return q;
}

const char* OutcomeLabel(const std::string& o) {
  if (o == "transferred") return "已转接";
  if (o == "message_taken") return "已留言";
  if (o == "declined_sales") return "推销已婉拒";
  if (o == "answered") return "已答复";
  if (o == "complaint") return "已转投诉工单";
  return "";
}

// The log for a spreadsheet: the phone masked (DATA-2).
core::Result<api::Table> ExportTable(Context& ctx) {
  auto q = ReadCallQuery(ctx.req);
  if (!q) return std::move(q).error();
  auto page = ListCalls(ctx.db(), ctx.principal, *q, 100000, 0);
  if (!page) return std::move(page).error();
  api::Table t;
  t.header = {"编号", "日期", "来电时间", "场所", "来电人",   "单位", "电话",
              "事由", "找谁", "部门",     "结果", "留言状态", "备注", "记录人"};
  for (const auto& c : page->items) {
    const Json j = CallJson(c);
    t.rows.push_back({c.number, j["day"].get<std::string>(), core::FormatIsoUtc(c.called_at),
                      c.site_name, c.caller_name, c.organisation, c.phone_hint, c.matter,
                      c.for_staff_name, c.for_department_name, OutcomeLabel(c.outcome),
                      c.message_status == "open"      ? "未处理"
                      : c.message_status == "handled" ? "已处理"
                                                      : "",
                      c.note, c.created_by_name});
  }
  return t;
}

core::Result<KnowledgeEntry> ReadKnowledge(const Input& in) {
  KnowledgeEntry k;
  auto question = in.String("question", 200);
  if (!question) return std::move(question).error();
  // Multi-line answers (several steps of directions) are allowed.
  auto answer = in.OptString("answer", 2000, /*multi_line=*/true);
  if (!answer) return std::move(answer).error();
  if (answer->empty()) return core::InvalidArgument("answer", "validation.required");
  std::vector<std::string> tags;
  if (in.Has("tags") && !in.IsNull("tags")) {
    auto list = in.StringList("tags", 10, 20);
    if (!list) return std::move(list).error();
    for (auto& t : *list) {
      if (t.find(',') != std::string::npos)
        return core::InvalidArgument("tags", "validation.invalid");
      if (!t.empty() && std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
    }
  }
  auto site = in.OptInt("site_id", 1, kMaxId);
  if (!site) return std::move(site).error();
  auto sort = in.OptInt("sort", 0, 100000);
  if (!sort) return std::move(sort).error();
  auto active = in.OptBool("active", true);
  if (!active) return std::move(active).error();
  k.question = *question;
  k.answer = *answer;
  k.tags = std::move(tags);
  k.site_id = *site;
  k.sort = sort->value_or(0);
  k.active = *active;
  return k;
}

Json Items(const std::vector<Message>& list) {
  Json items = Json::array();
  for (const auto& m : list) items.push_back(MessageJson(m));
  return items;
}

}  // namespace

void RegisterRoutes(api::Registry& r) {
  // --- the desk logs a call (TEL-2, TEL-3, TEL-4, TEL-5) ---
  r.Post("/api/v1/calls", "calls.write", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    CallInput c;
    YB_READ(site_id, in.Int("site_id", 1, kMaxId));
    YB_READ(outcome, in.Enum("outcome", {"transferred", "message_taken", "declined_sales",
                                         "answered", "complaint"}));
    YB_READ(caller_id, in.OptInt("caller_id", 1, kMaxId));
    YB_READ(name, in.OptString("caller_name", 50));
    YB_READ(organisation, in.OptString("organisation", 100));
    YB_READ(phone, in.OptPhone("phone"));
    YB_READ(matter, in.OptString("matter", 500, true));
    YB_READ(staff, in.OptInt("for_staff_id", 1, kMaxId));
    YB_READ(dept, in.OptInt("for_department_id", 1, kMaxId));
    YB_READ(message, in.OptString("message", 1000, true));
    YB_READ(knowledge, in.OptInt("knowledge_id", 1, kMaxId));
    YB_READ(note, in.OptString("note", 500, true));
    YB_READ(late, in.OptBool("late_answer", false));
    YB_READ(reason, in.OptString("reason", 500, true));
    if (in.Has("called_at") && !in.IsNull("called_at")) {
      YB_READ(text, in.String("called_at", 40));
      YB_READ(at, core::ParseIso(text, "called_at"));
      c.called_at = at;
    }
    c.site_id = site_id;
    c.outcome = outcome;
    c.caller_id = caller_id;
    c.caller_name = name;
    c.organisation = organisation;
    c.phone = phone;
    c.matter = matter;
    c.for_staff_id = staff;
    c.for_department_id = dept;
    c.message = message;
    c.knowledge_id = knowledge;
    c.note = note;
    c.late_answer = late;
    YB_READ(logged, LogCall(CtxOf(ctx, reason), c));
    ctx.Kick();
    return api::Created(
        {{"call", CallJson(logged.call)},
         {"message", logged.message ? MessageJson(*logged.message) : Json(nullptr)},
         {"complaint", logged.complaint_id ? Json({{"id", *logged.complaint_id},
                                                   {"number", logged.complaint_number}})
                                           : Json(nullptr)}});
  });

  // --- the log ---
  r.Get("/api/v1/calls", "calls.read", [](Context& ctx) {
    YB_READ(page, api::ReadPage(ctx.req));
    YB_READ(q, ReadCallQuery(ctx.req));
    YB_READ(list, ListCalls(ctx.db(), ctx.principal, q, page.page_size, page.offset()));
    Json items = Json::array();
    for (const auto& c : list.items) items.push_back(CallJson(c));
    return api::Ok(api::PageJson(items, list.total, page));
  });
  r.Get("/api/v1/calls/export.csv", "calls.read", [](Context& ctx) {
    YB_READ(table, ExportTable(ctx));
    return api::CsvResponse(table, "calls.csv");
  });
  r.Get("/api/v1/calls/export.xlsx", "calls.read", [](Context& ctx) {
    YB_READ(table, ExportTable(ctx));
    YB_READ(bytes, api::ToXlsx(table, "来电记录"));
    return api::XlsxResponse(std::move(bytes), "calls.xlsx");
  });
  r.Get("/api/v1/calls/{id}", "calls.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(c, GetCall(ctx.db(), ctx.principal, id));
    return api::Ok(CallJson(c));
  });
  r.Post("/api/v1/calls/{id}/reveal", "sensitive.reveal", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).String("reason", 500));
    YB_READ(value, RevealPhone(CtxOf(ctx, reason), id));
    return api::Ok({{"field", "phone"}, {"value", value}});
  });

  // --- returning callers (autocomplete) and the extension directory (TEL-5) ---
  r.Get("/api/v1/callers", "calls.write", [](Context& ctx) {
    YB_READ(q, TextQuery(ctx.req, "q", 50));
    YB_READ(found, FindCallers(ctx.db(), *ctx.env.cipher, q, 10));
    Json items = Json::array();
    for (const auto& c : found) items.push_back(CallerJson(c));
    return api::Ok({{"items", items}});
  });
  r.Get("/api/v1/calls/directory", "calls.read", [](Context& ctx) {
    YB_READ(q, TextQuery(ctx.req, "q", 50));
    YB_READ(limit, api::IntQuery(ctx.req, "limit", 1, 200));
    YB_READ(dir, SearchDirectory(ctx.db(), ctx.principal, q, limit.value_or(50)));
    Json staff = Json::array();
    for (const auto& e : dir.staff) staff.push_back(DirectoryEntryJson(e));
    Json departments = Json::array();
    for (const auto& d : dir.departments) departments.push_back(DepartmentBriefJson(d));
    return api::Ok({{"staff", staff}, {"departments", departments}});
  });

  // --- messages (TEL-2, TEL-3) ---
  r.Get("/api/v1/call-messages", "calls.read", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    YB_READ(list, OpenMessages(ctx.db(), ctx.principal, site));
    return api::Ok({{"items", Items(list)}});
  });
  // A recipient's own messages: no permission needed beyond being signed in.
  r.Get("/api/v1/call-messages/mine", api::kSignedIn, [](Context& ctx) {
    std::string status(ctx.req.QueryParam("status").value_or("open"));
    if (status != "open" && status != "handled")
      return ErrorResponse(ctx, core::InvalidArgument("status", "validation.invalid"));
    YB_READ(list, MyMessages(ctx.db(), ctx.principal, status == "handled"));
    YB_READ(linked, HasStaffRecord(ctx.db(), ctx.principal));
    return api::Ok({{"items", Items(list)}, {"linked", linked}});
  });
  r.Get("/api/v1/call-messages/{id}", api::kSignedIn, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(m, GetMessage(ctx.db(), ctx.principal, id));
    return api::Ok(MessageJson(m));
  });
  r.Post("/api/v1/call-messages/{id}/handle", api::kSignedIn, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(note, Input(body).OptString("note", 500, true));
    YB_READ(m, HandleMessage(CtxOf(ctx), id, note));
    ctx.Kick();
    return api::Ok(MessageJson(m));
  });
  r.Post("/api/v1/call-messages/{id}/callback-number", api::kSignedIn, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    YB_READ(value, CallbackNumber(CtxOf(ctx, reason), id));
    return api::Ok({{"phone", value}});
  });

  // --- the knowledge panel (TEL-5) ---
  r.Get("/api/v1/knowledge", "calls.read", [](Context& ctx) {
    YB_READ(q, TextQuery(ctx.req, "q", 100));
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    const bool all = ctx.req.QueryParam("all").value_or("") == "1";
    if (all && !ctx.principal.Can("calls.admin")) return ErrorResponse(ctx, core::Forbidden());
    YB_READ(list, SearchKnowledge(ctx.db(), q, site, all));
    Json items = Json::array();
    for (const auto& k : list) items.push_back(KnowledgeJson(k));
    return api::Ok({{"items", items}});
  });
  r.Post("/api/v1/knowledge", "calls.admin", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(k, ReadKnowledge(in));
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(saved, PutKnowledge(CtxOf(ctx, reason), std::nullopt, k));
    return api::Created(KnowledgeJson(saved));
  });
  r.Put("/api/v1/knowledge/{id}", "calls.admin", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(k, ReadKnowledge(in));
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(saved, PutKnowledge(CtxOf(ctx, reason), id, k));
    return api::Ok(KnowledgeJson(saved));
  });
  r.Delete("/api/v1/knowledge/{id}", "calls.admin", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    auto st = DeleteKnowledge(CtxOf(ctx, reason), id);
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });
}

}  // namespace yingbin::calls
