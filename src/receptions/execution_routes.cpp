// HTTP routes of carrying receptions out (PLAN-6..8): parse and validate, call the service,
// answer JSON. Phase changes answer the plan as GET /receptions/{id} shows it; the writes of
// the execution (costs, follow-up calls, the summary, notes) answer the execution as GET
// /receptions/{id}/execution shows it.
#include "core/calendar.hpp"
#include "core/time.hpp"
#include "receptions/documents.hpp"
#include "receptions/execution.hpp"
#include "receptions/followup.hpp"
#include "receptions/json.hpp"
#include "receptions/routes.hpp"
#include "receptions/summary.hpp"

namespace yingbin::receptions {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using api::TimeOrNull;
using http::Response;

constexpr int64_t kMaxId = INT64_MAX;
constexpr int64_t kMaxMoney = 100'000'000'000;  // as routes.cpp: beyond any reception

Ctx CtxOf(const Context& ctx, std::string reason = {}) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), *ctx.env.cipher, std::move(reason)};
}

core::Result<std::string> ReadReason(const Input& in) { return in.OptString("reason", 500, true); }

Json Strings(const std::vector<std::string>& v) {
  Json out = Json::array();
  for (const auto& s : v) out.push_back(s);
  return out;
}

Json TaskJson(const TaskView& v) {
  const tasks::Task& t = v.task;
  return {{"id", t.id},
          {"kind", t.kind},
          {"title", t.title},
          {"item_id", v.item_id},
          {"staff_id", api::IntOrNull(v.staff_id)},
          {"staff_name", v.staff_name},
          {"roles", Strings(v.roles)},
          {"backup_names", Strings(v.backup_names)},
          {"owner_user_id", api::IntOrNull(t.owner_user_id)},
          {"due_at", core::FormatIsoUtc(t.due_at)},
          {"escalate_at", TimeOrNull(t.escalate_at)},
          {"status", tasks::StatusName(t.status)},
          {"fired", t.fired_at.has_value()},
          {"missed", v.missed},
          {"completed_at", TimeOrNull(t.completed_at)},
          {"completed_by_name", v.completed_by_name}};
}

Json CostJson(const Cost& k) {
  return {{"id", k.id},
          {"source", k.source},
          {"source_id", api::IntOrNull(k.source_id)},
          {"category", k.category},
          {"description", k.description},
          {"amount_fen", k.amount_fen},
          {"receipt", k.receipt},
          {"spent_on", k.spent_on ? Json(core::FormatDate(*k.spent_on)) : Json(nullptr)},
          {"recorded_by_name", k.recorded_by_name},
          {"recorded_at", core::FormatIsoUtc(k.recorded_at)}};
}

Json ActualsJson(const Actuals& a) {
  Json rows = Json::array();
  for (const auto& r : a.rows)
    rows.push_back({{"source", r.source},
                    {"source_id", api::IntOrNull(r.source_id)},
                    {"category", r.category},
                    {"label", r.label},
                    {"day", r.day ? Json(core::FormatDate(r.day)) : Json(nullptr)},
                    {"planned_fen", r.planned_fen},
                    {"actual_fen", r.actual_fen},
                    {"costs", r.costs},
                    {"over", r.over}});
  Json cats = Json::array();
  for (const auto& c : a.by_category)
    cats.push_back({{"category", c.category},
                    {"planned_fen", c.planned_fen},
                    {"actual_fen", c.actual_fen},
                    {"over", c.over}});
  return {{"rows", rows},
          {"by_category", cats},
          {"planned_fen", a.planned_fen},
          {"actual_fen", a.actual_fen},
          {"approved_fen", api::IntOrNull(a.approved_fen)},
          {"over", a.over}};
}

Json ExecutionJson(const ExecutionView& v) {
  Json tasks = Json::array();
  for (const auto& t : v.tasks) tasks.push_back(TaskJson(t));
  Json arrangement = Json::array();
  for (const auto& a : v.arrangement)
    arrangement.push_back(
        {{"item_id", a.item_id}, {"lead", a.lead}, {"accompany", Strings(a.accompany)}});
  Json costs = Json::array();
  for (const auto& k : v.costs) costs.push_back(CostJson(k));
  Json calls = Json::array();
  for (const auto& f : v.followups)
    calls.push_back({{"id", f.id},
                     {"contact", f.contact},
                     {"called_at", core::FormatIsoUtc(f.called_at)},
                     {"satisfaction", api::IntOrNull(f.satisfaction)},
                     {"opinions", f.opinions},
                     {"recorded_by_name", f.recorded_by_name},
                     {"recorded_at", core::FormatIsoUtc(f.recorded_at)}});
  Json notes = Json::array();
  for (const auto& a : v.annotations)
    notes.push_back({{"id", a.id},
                     {"text", a.text},
                     {"created_by_name", a.created_by_name},
                     {"created_at", core::FormatIsoUtc(a.created_at)}});
  Json followup_task = nullptr;
  if (v.followup_task)
    followup_task = {{"id", v.followup_task->id},
                     {"title", v.followup_task->title},
                     {"due_at", core::FormatIsoUtc(v.followup_task->due_at)},
                     {"status", tasks::StatusName(v.followup_task->status)},
                     {"fired", v.followup_task->fired_at.has_value()}};
  const Summary& s = v.e.summary;
  return {{"reception_id", v.r.id},
          {"status", StateName(v.r.status)},
          {"version", v.r.version},
          {"time_zone", v.time_zone},
          {"started_at", TimeOrNull(v.e.started_at)},
          {"started_by_name", v.e.started_by_name},
          {"finished_at", TimeOrNull(v.e.finished_at)},
          {"finished_by_name", v.e.finished_by_name},
          {"archived_at", TimeOrNull(v.e.archived_at)},
          {"archived_by_name", v.e.archived_by_name},
          {"followup_due_at", TimeOrNull(v.e.followup_due_at)},
          {"followup_task", followup_task},
          {"tasks", tasks},
          {"arrangement", arrangement},
          {"costs", costs},
          {"actuals", ActualsJson(v.actuals)},
          {"followups", calls},
          {"summary",
           {{"overview", s.overview},
            {"results", s.results},
            {"problems", s.problems},
            {"improvements", s.improvements},
            {"written_by_name", s.written_by_name},
            {"written_at", TimeOrNull(s.written_at)}}},
          {"annotations", notes},
          {"may_run", v.may_run},
          {"may_annotate", v.may_annotate}};
}

Response PlanAnswer(Context& ctx, const core::Status& s, int64_t id) {
  if (!s) return ErrorResponse(ctx, s.error());
  YB_READ(view, Get(CtxOf(ctx), id));
  ctx.Kick();
  return api::Ok(PlanJson(view));
}

Response ExecutionAnswer(Context& ctx, const core::Status& s, int64_t id, int status = 200) {
  if (!s) return ErrorResponse(ctx, s.error());
  YB_READ(view, GetExecution(CtxOf(ctx), id));
  ctx.Kick();
  return api::JsonResponse(status, ExecutionJson(view));
}

template <class T>
core::Status StatusOf(const core::Result<T>& r) {
  if (!r) return r.error();
  return core::Ok();
}

// PLAN-6: an actual cost.
core::Result<Cost> ReadCost(const Json& body) {
  Input in(body);
  Cost k;
  auto source = in.String("source", 10);
  if (!source) return std::move(source).error();
  k.source = *source;
  auto sid = in.OptInt("source_id", 1, kMaxId);
  if (!sid) return std::move(sid).error();
  k.source_id = *sid;
  auto category = in.OptString("category", 20);
  if (!category) return std::move(category).error();
  k.category = *category;
  auto description = in.OptString("description", 200);
  if (!description) return std::move(description).error();
  k.description = *description;
  auto it = body.find("amount_fen");
  if (it != body.end() && it->is_number() && it->get<double>() < 0)
    return core::InvalidArgument("amount_fen", "validation.money");
  auto amount = in.Int("amount_fen", 0, kMaxMoney);
  if (!amount) return std::move(amount).error();
  k.amount_fen = *amount;
  auto receipt = in.OptString("receipt", 200);
  if (!receipt) return std::move(receipt).error();
  k.receipt = *receipt;
  auto spent = in.OptString("spent_on", 10);
  if (!spent) return std::move(spent).error();
  if (!spent->empty()) {
    auto d = core::ParseDate(*spent, "spent_on");
    if (!d) return std::move(d).error();
    k.spent_on = *d;
  }
  return k;
}

}  // namespace

void RegisterExecutionRoutes(api::Registry& r) {
  // --- the phases (PLAN-1, PLAN-6, PLAN-8) ---
  r.Post("/api/v1/receptions/{id}/start", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return PlanAnswer(ctx, Start(CtxOf(ctx, reason), id), id);
  });

  r.Post("/api/v1/receptions/{id}/finish", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return PlanAnswer(ctx, Finish(CtxOf(ctx, reason), id), id);
  });

  r.Post("/api/v1/receptions/{id}/archive", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return PlanAnswer(ctx, Archive(CtxOf(ctx, reason), id), id);
  });

  r.Get("/api/v1/receptions/{id}/execution", "receptions.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    return ExecutionAnswer(ctx, core::Ok(), id);
  });

  // --- actual costs (PLAN-6) ---
  r.Post("/api/v1/receptions/{id}/costs", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(cost, ReadCost(body));
    YB_READ(reason, ReadReason(Input(body)));
    return ExecutionAnswer(ctx, StatusOf(AddCost(CtxOf(ctx, reason), id, cost)), id, 201);
  });

  r.Put("/api/v1/receptions/{id}/costs/{cost_id}", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(cid, ctx.IdParam("cost_id"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(cost, ReadCost(body));
    YB_READ(reason, ReadReason(Input(body)));
    return ExecutionAnswer(ctx, PutCost(CtxOf(ctx, reason), id, cid, cost), id);
  });

  r.Delete("/api/v1/receptions/{id}/costs/{cost_id}", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(cid, ctx.IdParam("cost_id"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return ExecutionAnswer(ctx, DeleteCost(CtxOf(ctx, reason), id, cid), id);
  });

  // --- the follow-up call (PLAN-6), the summary and notes (PLAN-8) ---
  r.Post("/api/v1/receptions/{id}/followups", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    Followup f;
    YB_READ(contact, in.OptString("contact", 100));
    f.contact = contact;
    YB_READ(called, in.OptString("called_at", 40));
    if (!called.empty()) {
      YB_READ(at, core::ParseIso(called, "called_at"));
      f.called_at = at;
    }
    YB_READ(satisfaction, in.OptInt("satisfaction", 1, 5));
    f.satisfaction = satisfaction;
    YB_READ(opinions, in.String("opinions", 2000));
    f.opinions = opinions;
    return ExecutionAnswer(ctx, StatusOf(RecordFollowup(CtxOf(ctx), id, f)), id, 201);
  });

  r.Put("/api/v1/receptions/{id}/summary", "receptions.plan", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    Summary s;
    YB_READ(overview, in.String("overview", 5000));
    s.overview = overview;
    YB_READ(results, in.OptString("results", 5000, true));
    s.results = results;
    YB_READ(problems, in.OptString("problems", 5000, true));
    s.problems = problems;
    YB_READ(improvements, in.OptString("improvements", 5000, true));
    s.improvements = improvements;
    return ExecutionAnswer(ctx, PutSummary(CtxOf(ctx), id, s), id);
  });

  r.Post("/api/v1/receptions/{id}/annotations", "receptions.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(text, Input(body).String("text", 2000));
    return ExecutionAnswer(ctx, StatusOf(Annotate(CtxOf(ctx), id, text)), id, 201);
  });

  // --- documents (PLAN-7) ---
  r.Get("/api/v1/receptions/{id}/itinerary.ics", "receptions.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(text, ItineraryIcs(CtxOf(ctx), id));
    Response resp = Response::Text(200, std::move(text), "text/calendar; charset=utf-8");
    resp.SetHeader("Content-Disposition",
                   "attachment; filename=\"reception-" + std::to_string(id) + ".ics\"");
    resp.SetHeader("Cache-Control", "private, no-store");
    return resp;
  });

  // --- the run sheet (PLAN-6): anyone signed in sees their own tasks ---
  r.Get("/api/v1/receptions/runsheet", api::kSignedIn, [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    std::optional<int32_t> date;
    if (auto d = ctx.req.QueryParam("date"); d && !d->empty()) {
      YB_READ(day, core::ParseDate(*d, "date"));
      date = day;
    }
    bool all = false;
    if (auto a = ctx.req.QueryParam("all"); a && !a->empty()) {
      if (*a != "0" && *a != "1" && *a != "true" && *a != "false")
        return ErrorResponse(ctx, core::InvalidArgument("all", "validation.invalid"));
      all = *a == "1" || *a == "true";
    }
    YB_READ(sheet, RunSheetOf(CtxOf(ctx), site, date, all));
    Json items = Json::array();
    for (const auto& e : sheet.entries) {
      Json j = TaskJson(e.view);
      j["backup"] = e.backup;
      j["reception"] = {{"id", e.reception_id},
                        {"number", e.number},
                        {"name", e.title},
                        {"visiting_unit", e.visiting_unit}};
      j["item"] = ItemJson(e.item, {});
      items.push_back(std::move(j));
    }
    return api::Ok({{"date", core::FormatDate(sheet.date)},
                    {"time_zone", sheet.time_zone},
                    {"site_id", sheet.site_id},
                    {"now", core::FormatIsoUtc(ctx.now())},
                    {"may_see_all", ctx.principal.Can("receptions.plan")},
                    {"items", items}});
  });

  r.Post("/api/v1/receptions/runsheet/{task_id}/done", api::kSignedIn, [](Context& ctx) {
    YB_READ(tid, ctx.IdParam("task_id"));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    auto st = Tick(CtxOf(ctx, reason), tid);
    if (!st) return ErrorResponse(ctx, st.error());
    ctx.Kick();
    return Response::NoContent();
  });
}

}  // namespace yingbin::receptions
