#pragma once
// PLAN-8: after the visit, the summary 接待总结 (free text sections; the actual-against-budget
// table is computed, see execution.hpp GetExecution), then the archive: read-only, every
// write refused with kConflict receptions.archived, the documents still printable, notes
// still allowed (like the visitor log's archive, VIS-16). Thread-safe (no state).
#include <cstdint>
#include <string>

#include "receptions/model.hpp"
#include "receptions/service.hpp"

namespace yingbin::receptions {

// Writes the summary (the overview is required). Completed receptions only; needs
// receptions.plan. Errors: kInvalidArgument overview validation.required; kConflict
// receptions.not_completed, receptions.archived.
Status PutSummary(const Ctx& c, int64_t id, const Summary& s);

// completed -> archived (PLAN-8): needs the summary and at least one follow-up call
// recorded (PLAN-6). Errors: kConflict receptions.not_completed, receptions.archived,
// receptions.summary_missing, receptions.followup_missing.
Status Archive(const Ctx& c, int64_t id);

// A note on a completed or archived reception (receptions.plan or receptions.approve).
// Errors: kInvalidArgument text validation.required; kConflict receptions.not_completed.
Result<int64_t> Annotate(const Ctx& c, int64_t id, const std::string& text);

}  // namespace yingbin::receptions
