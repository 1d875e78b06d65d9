// HTTP routes of the settings (org/settings.hpp).
#include "api/routes.hpp"
#include "core/time.hpp"
#include "org/routes.hpp"
#include "org/settings.hpp"

namespace yingbin::org {
namespace {

api::Json SettingJson(const SettingValue& v) {
  const bool text = v.def->IsText();
  return {{"key", v.def->key},
          {"type", text ? "text" : "integer"},
          {"value", text ? api::Json(v.text) : api::Json(v.value)},
          {"default", text ? api::Json(v.def->default_text) : api::Json(v.def->default_value)},
          {"min", v.def->min},
          {"max", v.def->max},
          {"unit", v.def->unit},
          {"rule", v.def->rule},
          {"is_default", v.is_default},
          {"two_person", v.def->two_person},
          {"updated_at", v.updated_at ? api::Json(core::FormatIsoUtc(*v.updated_at)) : api::Json(nullptr)}};
}

}  // namespace

void RegisterSettingsRoutes(api::Registry& r) {
  r.Get("/api/v1/settings", api::kSignedIn, [](api::Context& ctx) {
    YB_READ(list, ListSettings(ctx.db()));
    api::Json items = api::Json::array();
    for (const auto& v : list) items.push_back(SettingJson(v));
    return api::Ok({{"items", items}});
  });
  r.Put("/api/v1/settings/{key}", "settings.write", [](api::Context& ctx) {
    std::string key(ctx.req.PathParam("key"));
    YB_READ(body, api::ParseObject(ctx.req));
    api::Input in(body);
    const SettingDef* def = FindSetting(key);
    if (def && def->IsText()) {
      // min/max of a text setting bound its length.
      YB_READ(text, in.String("value", static_cast<size_t>(def->max), static_cast<size_t>(def->min)));
      YB_READ(reason, in.OptString("reason", 500, true));
      YB_READ(saved, PutTextSetting(ctx.db(), ctx.principal, ctx.now(), key, text, reason));
      return api::Ok(SettingJson(saved));
    }
    YB_READ(value, in.Int("value", INT64_MIN, INT64_MAX));
    YB_READ(reason, in.OptString("reason", 500, true));
    if (def && def->two_person) {
      YB_READ(request, RequestSettingChange(ctx.db(), ctx.principal, ctx.now(), key, value, reason));
      return api::JsonResponse(202, ApprovalJson(request));
    }
    YB_READ(saved, PutSetting(ctx.db(), ctx.principal, ctx.now(), key, value, reason));
    return api::Ok(SettingJson(saved));
  });
}

}  // namespace yingbin::org

namespace yingbin::org {

void RegisterApprovalRoutes(api::Registry& r) {
  r.Get("/api/v1/approvals", "settings.write", [](api::Context& ctx) {
    std::string status(ctx.req.QueryParam("status").value_or(""));
    if (!status.empty() && status != "pending" && status != "applied" && status != "rejected")
      return api::ErrorResponse(ctx, core::InvalidArgument("status", "validation.invalid"));
    YB_READ(list, ListApprovals(ctx.db(), status, 200));
    api::Json items = api::Json::array();
    for (const auto& a : list) items.push_back(ApprovalJson(a));
    return api::Ok({{"items", items}});
  });
  // The second administrator approves: the change is applied in the same transaction.
  r.Post("/api/v1/approvals/{id}/approve", "settings.write", [](api::Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, api::Input(body).OptString("reason", 500, true));
    YB_READ(a, Approve(ctx.db(), ctx.principal, ctx.now(), id, reason));
    return api::Ok(ApprovalJson(a));
  });
  // Any administrator rejects; the requester rejecting withdraws the request.
  r.Post("/api/v1/approvals/{id}/reject", "settings.write", [](api::Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, api::Input(body).String("reason", 500));
    YB_READ(a, Reject(ctx.db(), ctx.principal, ctx.now(), id, reason));
    return api::Ok(ApprovalJson(a));
  });
}

}  // namespace yingbin::org
