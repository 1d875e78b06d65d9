#include "auth/json.hpp"

#include "core/time.hpp"

namespace yingbin::auth {
namespace {

api::Json OptInt(const std::optional<int64_t>& v) { return v ? api::Json(*v) : api::Json(nullptr); }
api::Json OptTime(const std::optional<int64_t>& v) {
  return v ? api::Json(core::FormatIsoUtc(*v)) : api::Json(nullptr);
}
const char* ScopeName(DataScope s) { return s == DataScope::kAll ? "all" : "department"; }

}  // namespace

api::Json UserJson(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"department_id", OptInt(u.department_id)},
          {"staff_id", OptInt(u.staff_id)},
          {"role_ids", u.role_ids},
          {"disabled", u.disabled},
          {"must_change_password", u.must_change_password},
          {"locked_until", OptTime(u.locked_until)},
          {"created_at", core::FormatIsoUtc(u.created_at)}};
}

api::Json RoleJson(const Role& r) {
  return {{"id", r.id},           {"code", r.code},
          {"name", r.name},       {"builtin", r.builtin},
          {"scope", ScopeName(r.scope)}, {"permissions", r.permissions}};
}

api::Json TokenJson(const ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"kind", t.kind},
          {"prefix", t.prefix},
          {"scopes", t.scopes},
          {"site_id", OptInt(t.site_id)},
          {"created_by", OptInt(t.created_by)},
          {"created_at", core::FormatIsoUtc(t.created_at)},
          {"last_used_at", OptTime(t.last_used_at)}};
}

api::Json SessionJson(const Session& s, int64_t current_session_id) {
  return {{"id", s.id},
          {"created_at", core::FormatIsoUtc(s.created_at)},
          {"last_seen_at", core::FormatIsoUtc(s.last_seen_at)},
          {"expires_at", core::FormatIsoUtc(s.expires_at)},
          {"ip", s.ip},
          {"user_agent", s.user_agent},
          {"current", s.id == current_session_id}};
}

api::Json MeJson(const User& u, const std::vector<Role>& roles, const Principal& p) {
  api::Json role_list = api::Json::array();
  for (const auto& r : roles) role_list.push_back({{"id", r.id}, {"code", r.code}, {"name", r.name}});
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name.empty() ? u.username : u.display_name},
          {"department_id", OptInt(u.department_id)},
          {"permissions", p.permissions},
          {"roles", role_list},
          {"scope", ScopeName(p.scope)},
          {"must_change_password", u.must_change_password}};
}

}  // namespace yingbin::auth
