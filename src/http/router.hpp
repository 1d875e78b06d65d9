#pragma once
// Routes: method + path pattern ("/api/v1/sites/{id}/calendar") -> handler.
// Matching is by exact literal segments and {name} segments that match one non-empty
// segment. Literal segments win over parameters at the same position
// ("/users/me" beats "/users/{id}"). Thread safety: Add() before serving only; Match()
// is const and safe from many threads.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace yingbin::http {

using Handler = std::function<Response(Request&)>;

struct RouteInfo {
  Method method;
  std::string pattern;
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // REQUIRES: pattern starts with '/'; no route with the same method and pattern exists.
  void Add(Method method, std::string pattern, Handler handler);

  enum class MatchStatus { kFound, kNoPath, kNoMethod };
  struct Match {
    MatchStatus status = MatchStatus::kNoPath;
    const Handler* handler = nullptr;  // set when kFound; owned by the router
    std::string pattern;
    std::vector<std::pair<std::string, std::string>> params;
  };
  // Finds the route for method + path (path already percent-decoded, no query).
  Match Find(Method method, std::string_view path) const;

  // Every registered route, in registration order (for OpenAPI coverage checks).
  std::vector<RouteInfo> Routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace yingbin::http
