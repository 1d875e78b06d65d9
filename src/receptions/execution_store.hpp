#pragma once
// SQL of carrying receptions out (PLAN-6..8), through db::Connection (the same text on both
// backends): the phases' times and the summary, actual costs, follow-up calls and notes.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "receptions/model.hpp"

namespace yingbin::receptions::store {

using core::Result;
using core::Status;
using db::Connection;

// The execution row of a reception with the names of who moved it on; an empty one
// (nothing set) when there is none yet.
Result<Execution> FindExecution(Connection& c, int64_t reception_id);
// Writes every column of `e` (inserting the row when there is none).
Status PutExecution(Connection& c, int64_t reception_id, const Execution& e);

Result<std::vector<Cost>> Costs(Connection& c, int64_t reception_id);
Result<int64_t> InsertCost(Connection& c, const Cost& cost);
// By (reception_id, id); answers whether the row existed.
Result<bool> UpdateCost(Connection& c, const Cost& cost);
Result<bool> DeleteCost(Connection& c, int64_t reception_id, int64_t cost_id);

Result<std::vector<Followup>> Followups(Connection& c, int64_t reception_id);
Result<int64_t> InsertFollowup(Connection& c, int64_t reception_id, const Followup& f);

Result<std::vector<Annotation>> Annotations(Connection& c, int64_t reception_id);
Result<int64_t> InsertAnnotation(Connection& c, int64_t reception_id, const Annotation& a);

// The approved, in-progress and completed receptions where one of `staff_ids` is on duty
// (main host, a role's A or B, accompanying an item) with an item in [from, to).
Result<std::vector<int64_t>> ReceptionsOfStaff(Connection& c, const std::vector<int64_t>& staff_ids,
                                               int64_t from, int64_t to);

}  // namespace yingbin::receptions::store
