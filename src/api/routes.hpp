#pragma once
// How modules declare their routes. Each module has `void RegisterRoutes(api::Registry&)`
// in its routes.cpp; app/ calls them all and installs the registry on the HTTP router.
//
// For every route the registry, before calling the handler:
//   1. authenticates the caller (session cookie or Bearer token) unless the route is public;
//      none -> 401 unauthenticated;
//   2. for a write with a session cookie, checks X-CSRF-Token -> 403 csrf_invalid;
//   3. checks the route's permission (users: their roles' permissions; tokens: their
//      scopes) -> 403 forbidden;
//   4. calls the handler on a worker thread; an escaping exception -> 500 internal with the
//      request id logged.
// Data scope (own department vs all) is the service's job: use Principal::InScope.
#include <functional>
#include <string>
#include <vector>

#include "api/json.hpp"
#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "core/field_crypto.hpp"
#include "db/db.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace yingbin::api {

// Shared services every handler can reach. Owned by app/; outlives the server.
struct Env {
  db::Pool* db = nullptr;
  const core::Clock* clock = nullptr;
  const core::FieldCipher* cipher = nullptr;  // DATA-2 field encryption
  // Wakes the task scheduler and the notify worker after a commit that made work due now.
  std::function<void()> kick;
};

struct Context {
  http::Request& req;
  const auth::Principal& principal;
  const Env& env;

  db::Pool& db() const { return *env.db; }
  int64_t now() const { return env.clock->NowMs(); }
  core::Lang lang() const { return req.lang; }
  void Kick() const {
    if (env.kick) env.kick();
  }
  // Path parameter {name} as a positive integer id; kNotFound when it is not one.
  core::Result<int64_t> IdParam(std::string_view name = "id") const;
};

using Handler = std::function<http::Response(Context&)>;

// The permission a route needs.
inline constexpr char kPublic[] = "public";      // no authentication at all
inline constexpr char kSignedIn[] = "signed-in"; // any authenticated user or token

struct Route {
  http::Method method;
  std::string path;        // "/api/v1/sites/{id}"
  std::string permission;  // kPublic, kSignedIn, or a permission code like "org.write"
  Handler handler;
};

class Registry {
 public:
  void Add(http::Method method, std::string path, std::string permission, Handler handler) {
    routes_.push_back(Route{method, std::move(path), std::move(permission), std::move(handler)});
  }
  void Get(std::string path, std::string permission, Handler h) {
    Add(http::Method::kGet, std::move(path), std::move(permission), std::move(h));
  }
  void Post(std::string path, std::string permission, Handler h) {
    Add(http::Method::kPost, std::move(path), std::move(permission), std::move(h));
  }
  void Put(std::string path, std::string permission, Handler h) {
    Add(http::Method::kPut, std::move(path), std::move(permission), std::move(h));
  }
  void Patch(std::string path, std::string permission, Handler h) {
    Add(http::Method::kPatch, std::move(path), std::move(permission), std::move(h));
  }
  void Delete(std::string path, std::string permission, Handler h) {
    Add(http::Method::kDelete, std::move(path), std::move(permission), std::move(h));
  }
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// --- responses ---
http::Response JsonResponse(int status, const Json& body);
inline http::Response Ok(const Json& body) { return JsonResponse(200, body); }
inline http::Response Created(const Json& body) { return JsonResponse(201, body); }
// The standard error body in the request's language, status from the code.
http::Response ErrorResponse(const http::Request& req, const core::Error& error);
inline http::Response ErrorResponse(const Context& ctx, const core::Error& error) {
  return ErrorResponse(ctx.req, error);
}
// HTTP status for an error code (the one switch that maps them).
int HttpStatus(core::ErrorCode code);

// A list page: {"items":[...],"total":N,"page":P,"page_size":S}
struct Page {
  int64_t page = 1;
  int64_t page_size = 50;
  int64_t offset() const { return (page - 1) * page_size; }
};
// Reads ?page= and ?page_size= (1..500). kInvalidArgument naming the parameter.
core::Result<Page> ReadPage(const http::Request& req);
// ?name=N as an integer in [min, max]; nullopt when absent or empty. Errors name the
// parameter: validation.type_integer, validation.out_of_range.
core::Result<std::optional<int64_t>> IntQuery(const http::Request& req, const char* name,
                                              int64_t min, int64_t max);
// ?name=2026-11-23 as the date number 20261123; nullopt when absent or empty. Errors name
// the parameter: validation.date (core::ParseDate).
core::Result<std::optional<int32_t>> DayQuery(const http::Request& req, const char* name);
Json PageJson(Json items, int64_t total, const Page& page);

}  // namespace yingbin::api

// In a handler with a `ctx` in scope: evaluates a Result-returning expression, answers the
// error response when it failed, else binds the value to `var`.
//   YB_READ(id, ctx.IdParam());
#define YB_READ(var, expr)                                                 \
  auto var##_result_ = (expr);                                             \
  if (!var##_result_) return ::yingbin::api::ErrorResponse(ctx, var##_result_.error()); \
  auto var = std::move(*var##_result_)
