#pragma once
// Turns the route registry into the server's dispatch function: routing, authentication,
// CSRF, permission checks and error answers for every /api/ request (see routes.hpp).
#include <memory>

#include "api/routes.hpp"
#include "auth/service.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace yingbin::api {

class Dispatcher {
 public:
  // `registry`, `auth` and `env` must outlive the dispatcher.
  Dispatcher(const Registry& registry, auth::AuthService& auth, const Env& env);
  http::Response Handle(http::Request& req);
  // Every registered route (for the OpenAPI coverage check and `yingbin routes`).
  std::vector<http::RouteInfo> Routes() const { return router_.Routes(); }

 private:
  http::Router router_;
  auth::AuthService& auth_;
  const Env& env_;
};

}  // namespace yingbin::api
