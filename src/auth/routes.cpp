// HTTP routes of the auth module: parse and validate, call AuthService, answer JSON.
#include "auth/routes.hpp"

#include "auth/json.hpp"
#include "auth/permissions.hpp"

namespace yingbin::auth {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

std::string CookieHeader(const std::string& value, int64_t max_age_s, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (secure) c += "; Secure";
  return c;
}

Response NoContentOr(const Context& ctx, const core::Status& s) {
  if (!s) return ErrorResponse(ctx, s.error());
  return Response::NoContent();
}

core::Result<std::vector<std::string>> ReadPermissions(const Input& in, std::string_view field) {
  return in.StringList(field, 200, 60);
}

core::Result<DataScope> ReadScope(const Input& in) {
  auto s = in.Enum("scope", {"department", "all"});
  if (!s) return std::move(s).error();
  return *s == "all" ? DataScope::kAll : DataScope::kDepartment;
}

}  // namespace

void RegisterRoutes(api::Registry& r, AuthService& svc) {
  r.Post("/api/v1/auth/login", api::kPublic, [&svc](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(username, in.String("username", 64));
    // Passwords are not trimmed or otherwise touched; only type-checked.
    if (!body.contains("password") || !body["password"].is_string() ||
        body["password"].get_ref<const std::string&>().empty())
      return ErrorResponse(ctx, core::InvalidArgument("password", "validation.required"));
    auto result = svc.Login(username, body["password"].get_ref<const std::string&>(),
                            ctx.req.remote_ip, ctx.req.Header("user-agent"));
    if (!result) return ErrorResponse(ctx, result.error());
    Response resp = api::Ok({{"user", MeJson(result->user, result->roles, result->principal)},
                             {"csrf_token", result->principal.csrf_token}});
    resp.SetHeader("Set-Cookie",
                   CookieHeader(result->session_token, svc.options().session_idle_minutes * 60,
                                svc.options().secure_cookie));
    return resp;
  });

  r.Post("/api/v1/auth/logout", api::kSignedIn, [&svc](Context& ctx) {
    auto s = svc.Logout(ctx.principal);
    if (!s) return ErrorResponse(ctx, s.error());
    Response resp = Response::NoContent();
    resp.SetHeader("Set-Cookie", CookieHeader("", 0, svc.options().secure_cookie));
    return resp;
  });

  r.Get("/api/v1/auth/me", api::kSignedIn, [&svc](Context& ctx) {
    if (ctx.principal.user_id == 0) {  // an API token
      return api::Ok({{"user",
                       {{"id", nullptr},
                        {"username", ctx.principal.username},
                        {"display_name", ctx.principal.display_name},
                        {"permissions", ctx.principal.permissions},
                        {"roles", Json::array()},
                        {"scope", "all"},
                        {"must_change_password", false}}},
                      {"csrf_token", nullptr}});
    }
    YB_READ(me, svc.Me(ctx.principal));
    return api::Ok({{"user", MeJson(me.first, me.second, ctx.principal)},
                    {"csrf_token", ctx.principal.csrf_token}});
  });

  r.Post("/api/v1/auth/password", api::kSignedIn, [&svc](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    for (const char* f : {"old_password", "new_password"})
      if (!body.contains(f) || !body[f].is_string() || body[f].get_ref<const std::string&>().empty())
        return ErrorResponse(ctx, core::InvalidArgument(f, "validation.required"));
    return NoContentOr(ctx, svc.ChangePassword(ctx.principal, body["old_password"].get<std::string>(),
                                               body["new_password"].get<std::string>()));
  });

  r.Get("/api/v1/auth/sessions", api::kSignedIn, [&svc](Context& ctx) {
    YB_READ(sessions, svc.Sessions(ctx.principal));
    Json items = Json::array();
    for (const auto& s : sessions) items.push_back(SessionJson(s, ctx.principal.session_id));
    return api::Ok({{"items", items}});
  });

  r.Delete("/api/v1/auth/sessions/{id}", api::kSignedIn, [&svc](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    return NoContentOr(ctx, svc.RevokeSession(ctx.principal, id));
  });

  r.Get("/api/v1/permissions", "roles.read", [](Context& ctx) {
    Json items = Json::array();
    for (const auto& p : AllPermissions()) items.push_back({{"code", p.code}, {"group", p.group}});
    return api::Ok({{"items", items}});
  });

  // --- users ---
  r.Get("/api/v1/users", "users.read", [&svc](Context& ctx) {
    YB_READ(page, api::ReadPage(ctx.req));
    YB_READ(list, svc.ListUsers(ctx.principal, ctx.req.QueryParam("q").value_or(""),
                                page.page_size, page.offset()));
    Json items = Json::array();
    for (const auto& u : list.first) items.push_back(UserJson(u));
    return api::Ok(api::PageJson(items, list.second, page));
  });

  r.Get("/api/v1/users/{id}", "users.read", [&svc](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(user, svc.GetUser(ctx.principal, id));
    return api::Ok(UserJson(user));
  });

  r.Post("/api/v1/users", "users.write", [&svc](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    UserInput u;
    YB_READ(username, in.String("username", 64, 2));
    YB_READ(display_name, in.OptString("display_name", 100));
    if (!body.contains("password") || !body["password"].is_string())
      return ErrorResponse(ctx, core::InvalidArgument("password", "validation.required"));
    YB_READ(department_id, in.OptInt("department_id", 1, INT64_MAX));
    YB_READ(staff_id, in.OptInt("staff_id", 1, INT64_MAX));
    YB_READ(role_ids, in.IntList("role_ids", 50));
    YB_READ(disabled, in.OptBool("disabled", false));
    YB_READ(reason, in.OptString("reason", 500, true));
    u.username = username;
    u.display_name = display_name.empty() ? username : display_name;
    u.password = body["password"].get<std::string>();
    u.department_id = department_id;
    u.staff_id = staff_id;
    u.role_ids = role_ids;
    u.disabled = disabled;
    YB_READ(user, svc.CreateUser(ctx.principal, u, reason));
    return api::Created(UserJson(user));
  });

  r.Patch("/api/v1/users/{id}", "users.write", [&svc](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    UserPatch patch;
    if (in.Has("display_name")) {
      YB_READ(v, in.String("display_name", 100));
      patch.display_name = v;
    }
    if (in.Has("department_id")) {
      YB_READ(v, in.OptInt("department_id", 1, INT64_MAX));
      patch.department_id = v;
    }
    if (in.Has("staff_id")) {
      YB_READ(v, in.OptInt("staff_id", 1, INT64_MAX));
      patch.staff_id = v;
    }
    if (in.Has("role_ids")) {
      YB_READ(v, in.IntList("role_ids", 50));
      patch.role_ids = v;
    }
    if (in.Has("disabled")) {
      YB_READ(v, in.Bool("disabled"));
      patch.disabled = v;
    }
    if (in.Has("password")) {
      if (!body["password"].is_string())
        return ErrorResponse(ctx, core::InvalidArgument("password", "validation.type_string"));
      patch.password = body["password"].get<std::string>();
    }
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(user, svc.UpdateUser(ctx.principal, id, patch, reason));
    return api::Ok(UserJson(user));
  });

  r.Post("/api/v1/users/{id}/unlock", "users.write", [&svc](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    return NoContentOr(ctx, svc.UnlockUser(ctx.principal, id, reason));
  });

  // --- roles ---
  r.Get("/api/v1/roles", "roles.read", [&svc](Context& ctx) {
    YB_READ(roles, svc.ListRoles());
    Json items = Json::array();
    for (const auto& role : roles) items.push_back(RoleJson(role));
    return api::Ok({{"items", items}, {"total", items.size()}, {"page", 1},
                    {"page_size", items.size()}});
  });

  r.Post("/api/v1/roles", "roles.write", [&svc](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    Role role;
    YB_READ(code, in.String("code", 40));
    YB_READ(name, in.String("name", 50));
    YB_READ(scope, ReadScope(in));
    YB_READ(perms, ReadPermissions(in, "permissions"));
    YB_READ(reason, in.OptString("reason", 500, true));
    role.code = code;
    role.name = name;
    role.scope = scope;
    role.permissions = perms;
    YB_READ(created, svc.CreateRole(ctx.principal, role, reason));
    return api::Created(RoleJson(created));
  });

  r.Patch("/api/v1/roles/{id}", "roles.write", [&svc](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    RolePatch patch;
    if (in.Has("name")) {
      YB_READ(v, in.String("name", 50));
      patch.name = v;
    }
    if (in.Has("scope")) {
      YB_READ(v, ReadScope(in));
      patch.scope = v;
    }
    if (in.Has("permissions")) {
      YB_READ(v, ReadPermissions(in, "permissions"));
      patch.permissions = v;
    }
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(role, svc.UpdateRole(ctx.principal, id, patch, reason));
    return api::Ok(RoleJson(role));
  });

  r.Delete("/api/v1/roles/{id}", "roles.write", [&svc](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    return NoContentOr(ctx, svc.DeleteRole(ctx.principal, id, reason));
  });

  // --- API tokens ---
  r.Get("/api/v1/tokens", "tokens.write", [&svc](Context& ctx) {
    YB_READ(tokens, svc.ListTokens());
    Json items = Json::array();
    for (const auto& t : tokens) items.push_back(TokenJson(t));
    return api::Ok({{"items", items}, {"total", items.size()}, {"page", 1},
                    {"page_size", items.size()}});
  });

  r.Post("/api/v1/tokens", "tokens.write", [&svc](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    ApiToken t;
    YB_READ(name, in.String("name", 100));
    YB_READ(kind, in.Enum("kind", {"integration", "kiosk"}));
    YB_READ(scopes, ReadPermissions(in, "scopes"));
    YB_READ(site_id, in.OptInt("site_id", 1, INT64_MAX));
    YB_READ(reason, in.OptString("reason", 500, true));
    t.name = name;
    t.kind = kind;
    t.scopes = scopes;
    t.site_id = site_id;
    YB_READ(created, svc.CreateToken(ctx.principal, t, reason));
    return api::Created({{"token", TokenJson(created.token)}, {"secret", created.secret}});
  });

  r.Delete("/api/v1/tokens/{id}", "tokens.write", [&svc](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    return NoContentOr(ctx, svc.RevokeToken(ctx.principal, id, reason));
  });
}

}  // namespace yingbin::auth
