#include "receptions/summary.hpp"

#include "receptions/execution.hpp"
#include "receptions/execution_store.hpp"
#include "receptions/internal.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::receptions {
namespace {

api::Json SummaryJson(const Summary& s) {
  return {{"overview", s.overview},
          {"results", s.results},
          {"problems", s.problems},
          {"improvements", s.improvements}};
}

}  // namespace

Status PutSummary(const Ctx& c, int64_t id, const Summary& in) {
  if (!c.actor.Can("receptions.plan")) return core::Forbidden();
  if (in.overview.empty()) return core::InvalidArgument("overview", "validation.required");
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto r = internal::FindVisible(tx, c.actor, id);
    if (!r) return std::move(r).error();
    YB_RETURN_IF_ERROR(internal::RefuseArchived(*r));
    if (r->status != State::kCompleted) return core::Conflict("receptions.not_completed", "status");
    auto e = store::FindExecution(tx, id);
    if (!e) return std::move(e).error();
    const api::Json before = e->summary.Empty() ? api::Json(nullptr) : SummaryJson(e->summary);
    e->summary.overview = in.overview;
    e->summary.results = in.results;
    e->summary.problems = in.problems;
    e->summary.improvements = in.improvements;
    e->summary.written_by = internal::ActorId(c.actor);
    e->summary.written_at = c.now;
    YB_RETURN_IF_ERROR(store::PutExecution(tx, id, *e));
    YB_RETURN_IF_ERROR(internal::Audit(tx, c, before.is_null() ? "create" : "update",
                                       "reception_summary", id, before, SummaryJson(e->summary)));
    return internal::Touch(tx, c, *r);
  });
}

Status Archive(const Ctx& c, int64_t id) {
  if (!c.actor.Can("receptions.plan")) return core::Forbidden();
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = internal::FindVisible(tx, c.actor, id);
    if (!found) return std::move(found).error();
    YB_RETURN_IF_ERROR(internal::RefuseArchived(*found));
    if (found->status != State::kCompleted)
      return core::Conflict("receptions.not_completed", "status");
    auto e = store::FindExecution(tx, id);
    if (!e) return std::move(e).error();
    // PLAN-8: the summary goes into the archive with the documents; PLAN-1: the follow-up
    // call closes the farewell phase.
    if (e->summary.Empty()) return core::Conflict("receptions.summary_missing", "summary");
    auto calls = store::Followups(tx, id);
    if (!calls) return std::move(calls).error();
    if (calls->empty()) return core::Conflict("receptions.followup_missing", "followups");
    Reception r = *found;
    r.status = State::kArchived;
    e->archived_at = c.now;
    e->archived_by = internal::ActorId(c.actor);
    YB_RETURN_IF_ERROR(store::PutExecution(tx, id, *e));
    auto n = tasks::CancelFor(tx, kTaskSubject, id, std::nullopt, c.now);
    if (!n) return std::move(n).error();
    YB_RETURN_IF_ERROR(internal::Touch(tx, c, r));
    YB_RETURN_IF_ERROR(internal::RecordDecision(tx, c, r, "archive"));
    return internal::Audit(tx, c, "archive", "reception", id, internal::HeadJson(*found),
                           internal::HeadJson(r));
  });
}

Result<int64_t> Annotate(const Ctx& c, int64_t id, const std::string& text) {
  if (!c.actor.Can("receptions.plan") && !c.actor.Can("receptions.approve"))
    return core::Forbidden();
  if (text.empty()) return core::InvalidArgument("text", "validation.required");
  return c.pool.Transaction<int64_t>([&](db::Connection& tx) -> Result<int64_t> {
    auto r = internal::FindVisible(tx, c.actor, id);
    if (!r) return std::move(r).error();
    if (r->status != State::kCompleted && r->status != State::kArchived)
      return core::Conflict("receptions.not_completed", "status");
    Annotation a;
    a.text = text;
    a.created_by = internal::ActorId(c.actor);
    a.created_at = c.now;
    auto aid = store::InsertAnnotation(tx, id, a);
    if (!aid) return std::move(aid).error();
    YB_RETURN_IF_ERROR(internal::Audit(tx, c, "create", "reception_annotation", *aid, nullptr,
                                       {{"reception_id", id}, {"text", text}}));
    return *aid;
  });
}

}  // namespace yingbin::receptions
