// HTTP routes of DATA-5 retention (org/retention.hpp).
#include "api/routes.hpp"
#include "org/retention.hpp"
#include "org/routes.hpp"

namespace yingbin::org {

void RegisterRetentionRoutes(api::Registry& r) {
  r.Get("/api/v1/retention", "settings.write", [](api::Context& ctx) {
    auto lease = ctx.db().Acquire();
    if (!lease) return api::ErrorResponse(ctx, lease.error());
    YB_READ(counts, PreviewRetention(**lease, ctx.now()));
    return api::Ok(RetentionJson(counts));
  });
  r.Post("/api/v1/retention/purge", "settings.write", [](api::Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, api::Input(body).OptString("reason", 500, true));
    YB_READ(request, RequestPurge(ctx.db(), ctx.principal, ctx.now(), reason));
    return api::JsonResponse(202, ApprovalJson(request));
  });
}

}  // namespace yingbin::org
