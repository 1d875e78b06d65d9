#pragma once
// PLAN-6: the follow-up call after the guests' estimated arrival home (the planner's task,
// created when the visit starts, see execution.hpp), and the opinions it collects. Thread-safe
// (no state).
#include <cstdint>

#include "receptions/model.hpp"
#include "receptions/service.hpp"

namespace yingbin::receptions {

// Records one call with the guests' opinions (required; satisfaction 1..5 optional; called_at
// defaults to now) and ticks the follow-up task off. Allowed while the visit is in progress
// or completed; needs receptions.plan. Errors: kInvalidArgument opinions validation.required;
// kConflict receptions.followup_not_now, receptions.archived on status.
Result<int64_t> RecordFollowup(const Ctx& c, int64_t id, const Followup& f);

}  // namespace yingbin::receptions
