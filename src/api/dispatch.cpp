#include "api/dispatch.hpp"

#include "auth/routes.hpp"
#include "core/crypto.hpp"

namespace yingbin::api {
namespace {

using core::Error;
using core::ErrorCode;

Error Code(ErrorCode code, const char* key) { return Error{code, key, {}, {}, {}}; }

// Resolves the caller. A Bearer token wins over a cookie (integrations send no cookies).
core::Result<auth::Principal> Authenticate(auth::AuthService& auth, const http::Request& req,
                                           bool* by_cookie) {
  std::string_view authz = req.Header("authorization");
  if (authz.size() > 7 && (authz.substr(0, 7) == "Bearer " || authz.substr(0, 7) == "bearer ")) {
    *by_cookie = false;
    return auth.AuthenticateToken(authz.substr(7));
  }
  *by_cookie = true;
  return auth.AuthenticateSession(req.Cookie(auth::kSessionCookie));
}

}  // namespace

Dispatcher::Dispatcher(const Registry& registry, auth::AuthService& auth, const Env& env)
    : auth_(auth), env_(env) {
  for (const Route& route : registry.routes()) {
    // Each route's pipeline captures its own permission and handler.
    router_.Add(route.method, route.path,
                [this, permission = route.permission, handler = route.handler](
                    http::Request& req) -> http::Response {
                  static const auth::Principal kAnonymous;
                  if (permission == kPublic) {
                    Context ctx{req, kAnonymous, env_};
                    return handler(ctx);
                  }
                  bool by_cookie = true;
                  auto principal = Authenticate(auth_, req, &by_cookie);
                  if (!principal) return ErrorResponse(req, principal.error());
                  // CSRF: a browser sends the cookie on its own; only a page of ours can read
                  // the token, so a write without it did not come from our page.
                  if (by_cookie && http::IsWrite(req.method) &&
                      !core::ConstantTimeEquals(req.Header("x-csrf-token"), principal->csrf_token))
                    return ErrorResponse(req, Code(ErrorCode::kCsrfInvalid, "error.csrf_invalid"));
                  if (permission != kSignedIn && !principal->Can(permission))
                    return ErrorResponse(req, core::Forbidden());
                  Context ctx{req, *principal, env_};
                  return handler(ctx);
                });
  }
}

http::Response Dispatcher::Handle(http::Request& req) {
  auto match = router_.Find(req.method, req.path);
  switch (match.status) {
    case http::Router::MatchStatus::kNoPath:
      return ErrorResponse(req, Code(ErrorCode::kNotFound, "error.route_not_found"));
    case http::Router::MatchStatus::kNoMethod:
      return ErrorResponse(req, Code(ErrorCode::kMethodNotAllowed, "error.method_not_allowed"));
    case http::Router::MatchStatus::kFound:
      break;
  }
  req.path_params = std::move(match.params);
  req.route_pattern = std::move(match.pattern);
  try {
    return (*match.handler)(req);
  } catch (const std::exception& e) {
    // ErrorResponse logs the exception text with the request id.
    return ErrorResponse(req, core::Internal(e.what()));
  }
}

}  // namespace yingbin::api
