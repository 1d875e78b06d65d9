// HTTP routes of the settings (org/settings.hpp).
#include "api/routes.hpp"
#include "core/time.hpp"
#include "org/settings.hpp"

namespace yingbin::org {
namespace {

api::Json SettingJson(const SettingValue& v) {
  return {{"key", v.def->key},
          {"value", v.value},
          {"default", v.def->default_value},
          {"min", v.def->min},
          {"max", v.def->max},
          {"unit", v.def->unit},
          {"rule", v.def->rule},
          {"is_default", v.is_default},
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
    YB_READ(value, in.Int("value", INT64_MIN, INT64_MAX));
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(saved, PutSetting(ctx.db(), ctx.principal, ctx.now(), key, value, reason));
    return api::Ok(SettingJson(saved));
  });
}

}  // namespace yingbin::org
