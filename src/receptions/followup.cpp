#include "receptions/followup.hpp"

#include "core/time.hpp"
#include "receptions/execution.hpp"
#include "receptions/execution_store.hpp"
#include "receptions/internal.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::receptions {

Result<int64_t> RecordFollowup(const Ctx& c, int64_t id, const Followup& in) {
  if (!c.actor.Can("receptions.plan")) return core::Forbidden();
  if (in.opinions.empty()) return core::InvalidArgument("opinions", "validation.required");
  return c.pool.Transaction<int64_t>([&](db::Connection& tx) -> Result<int64_t> {
    auto r = internal::FindVisible(tx, c.actor, id);
    if (!r) return std::move(r).error();
    YB_RETURN_IF_ERROR(internal::RefuseArchived(*r));
    if (r->status != State::kInProgress && r->status != State::kCompleted)
      return core::Conflict("receptions.followup_not_now", "status");
    Followup f = in;
    if (f.called_at == 0) f.called_at = c.now;
    f.recorded_by = internal::ActorId(c.actor);
    f.recorded_at = c.now;
    auto fid = store::InsertFollowup(tx, id, f);
    if (!fid) return std::move(fid).error();
    // PLAN-6: the call is made: the planner's task is done.
    auto n = tasks::CompleteFor(tx, kTaskSubject, id, std::string_view(kFollowupTask),
                                c.actor.user_id, c.now);
    if (!n) return std::move(n).error();
    YB_RETURN_IF_ERROR(internal::RecordDecision(
        tx, c, *r, "followup",
        {{"contact", f.contact},
         {"satisfaction", f.satisfaction ? api::Json(*f.satisfaction) : api::Json(nullptr)}}));
    YB_RETURN_IF_ERROR(internal::Audit(
        tx, c, "create", "reception_followup", *fid, nullptr,
        {{"reception_id", id},
         {"contact", f.contact},
         {"called_at", core::FormatIsoUtc(f.called_at)},
         {"satisfaction", f.satisfaction ? api::Json(*f.satisfaction) : api::Json(nullptr)},
         {"opinions", f.opinions}}));
    YB_RETURN_IF_ERROR(internal::Touch(tx, c, *r));
    return *fid;
  });
}

}  // namespace yingbin::receptions
