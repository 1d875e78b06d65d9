#pragma once
// What the files of the execution (execution.cpp, followup.cpp, summary.cpp, documents.cpp)
// share with service.cpp: the plan's look-up with its scope check, the messages, the
// decision history, the audit rows and the computed budget. Not for other modules.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/json.hpp"
#include "receptions/model.hpp"
#include "receptions/rules.hpp"
#include "receptions/service.hpp"

namespace yingbin::receptions::internal {

// The reception with every part. Errors: kNotFound; kForbidden error.out_of_scope when
// `p` may not see it.
Result<Reception> FindVisible(db::Connection& c, const auth::Principal& p, int64_t id);
// Whether `p` may see the reception (its data scope, or routed to `p` by name).
bool Visible(const auth::Principal& p, const Reception& r);
std::optional<int64_t> ActorId(const auth::Principal& p);
// PLAN-8: an archived reception is read-only: kConflict receptions.archived.
Status RefuseArchived(const Reception& r);

// A message about reception `r` to `users` (each once), linked to its page or `link`.
Status Tell(db::Connection& tx, int64_t now, const Reception& r, std::vector<int64_t> users,
            const std::string& topic, const std::string& subject, const std::string& body,
            const std::string& link = "");
// The planner and the main host (their logins).
Result<std::vector<int64_t>> Owners(db::Connection& tx, const Reception& r);
// One entry of the decision history with the actor, the reason and the total.
Status RecordDecision(db::Connection& tx, const Ctx& c, const Reception& r,
                      const std::string& action, const api::Json& detail = api::Json::object());
Status Audit(db::Connection& tx, const Ctx& c, const char* action, const char* entity, int64_t id,
             const api::Json& before, const api::Json& after);
// The head as the audit trail compares it.
api::Json HeadJson(const Reception& r);
// The budget of `r` as it is now (PLAN-4, PLAN-5); also brings r's computed columns up to date
// in memory.
Result<Budget> PlanBudget(db::Connection& tx, Reception& r);
// Writes the head with its version bumped.
Status Touch(db::Connection& tx, const Ctx& c, Reception& r);

}  // namespace yingbin::receptions::internal
