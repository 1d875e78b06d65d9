// HTTP routes of the tasks module.
#include "tasks/routes.hpp"

#include "core/time.hpp"
#include "tasks/tasks.hpp"

namespace yingbin::tasks {
namespace {

api::Json OptTime(const std::optional<int64_t>& v) {
  return v ? api::Json(core::FormatIsoUtc(*v)) : api::Json(nullptr);
}
api::Json OptInt(const std::optional<int64_t>& v) { return v ? api::Json(*v) : api::Json(nullptr); }

api::Json TaskJson(const Task& t) {
  return {{"id", t.id},
          {"kind", t.kind},
          {"subject_type", t.subject_type},
          {"subject_id", t.subject_id},
          {"site_id", OptInt(t.site_id)},
          {"title", t.title},
          {"owner_user_id", OptInt(t.owner_user_id)},
          {"due_at", core::FormatIsoUtc(t.due_at)},
          {"escalate_at", OptTime(t.escalate_at)},
          {"status", StatusName(t.status)},
          {"fired_at", OptTime(t.fired_at)},
          {"completed_at", OptTime(t.completed_at)}};
}

}  // namespace

void RegisterRoutes(api::Registry& r) {
  r.Get("/api/v1/tasks", api::kSignedIn, [](api::Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, INT64_MAX));
    auto lease = ctx.db().Acquire();
    if (!lease) return api::ErrorResponse(ctx, lease.error());
    api::Json items = api::Json::array();
    if (ctx.principal.user_id) {
      Query mine;
      mine.owner_user_id = ctx.principal.user_id;
      YB_READ(list, List(**lease, mine));
      for (const auto& t : list) items.push_back(TaskJson(t));
    }
    // The desk's duties of a site (tasks without an owner) for the clerks there.
    if (site && ctx.principal.Can("visits.write")) {
      Query desk;
      desk.site_id = site;
      desk.desk_only = true;
      desk.fired_only = true;
      YB_READ(list, List(**lease, desk));
      for (const auto& t : list) items.push_back(TaskJson(t));
    }
    return api::Ok({{"items", items}});
  });

  r.Post("/api/v1/tasks/{id}/done", api::kSignedIn, [](api::Context& ctx) {
    YB_READ(id, ctx.IdParam());
    auto st = ctx.db().TransactionVoid([&](db::Connection& tx) -> core::Status {
      auto t = Get(tx, id);
      if (!t) return std::move(t).error();
      const bool mine = t->owner_user_id && *t->owner_user_id == ctx.principal.user_id;
      const bool desk = !t->owner_user_id && ctx.principal.Can("visits.write");
      if (!mine && !desk) return core::Forbidden();
      return Complete(tx, id, ctx.principal.user_id, ctx.now());
    });
    if (!st) return api::ErrorResponse(ctx, st.error());
    return http::Response::NoContent();
  });
}

}  // namespace yingbin::tasks
