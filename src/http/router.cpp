#include "http/router.hpp"

#include <map>
#include <stdexcept>
#include <string_view>

namespace yingbin::http {
namespace {

// "/a/b/" -> {"a", "b", ""}; "/" -> {""}. Empty segments are kept so that a trailing
// slash is significant: "/a/" does not match "/a".
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

struct Router::Impl {
  struct Route {
    Method method;
    std::string pattern;
    Handler handler;
    std::vector<std::string> param_names;  // in path order
  };
  struct Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
    std::unique_ptr<Node> param;  // one child for any {name}; names live in the Route
    std::vector<size_t> routes;   // indices into `routes` of patterns ending here
  };

  std::vector<Route> routes;
  Node root;

  // The route at `node` that serves `method`; HEAD falls back to GET.
  const Route* ForMethod(const Node& node, Method method) const {
    const Route* get = nullptr;
    for (size_t i : node.routes) {
      if (routes[i].method == method) return &routes[i];
      if (routes[i].method == Method::kGet) get = &routes[i];
    }
    return method == Method::kHead ? get : nullptr;
  }

  // Depth-first, literal before parameter, so the first route found is the most specific
  // one serving `method`. `first_path` remembers the most specific pattern of the path
  // whatever its method, which tells 405 from 404.
  const Route* Search(const Node& node, const std::vector<std::string_view>& segs, size_t i,
                      Method method, std::vector<std::string_view>& values,
                      const Route** first_path) const {
    if (i == segs.size()) {
      if (node.routes.empty()) return nullptr;
      if (*first_path == nullptr) *first_path = &routes[node.routes.front()];
      return ForMethod(node, method);
    }
    if (auto it = node.literals.find(segs[i]); it != node.literals.end()) {
      if (const Route* r = Search(*it->second, segs, i + 1, method, values, first_path)) return r;
    }
    if (node.param && !segs[i].empty()) {
      values.push_back(segs[i]);
      if (const Route* r = Search(*node.param, segs, i + 1, method, values, first_path)) return r;
      values.pop_back();
    }
    return nullptr;
  }
};

Router::Router() : impl_(std::make_unique<Impl>()) {}
Router::~Router() = default;

void Router::Add(Method method, std::string pattern, Handler handler) {
  if (pattern.empty() || pattern.front() != '/')
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  Impl::Route route{method, pattern, std::move(handler), {}};
  Impl::Node* node = &impl_->root;
  for (std::string_view seg : Segments(pattern)) {
    if (IsParam(seg)) {
      route.param_names.emplace_back(seg.substr(1, seg.size() - 2));
      if (!node->param) node->param = std::make_unique<Impl::Node>();
      node = node->param.get();
    } else {
      auto it = node->literals.find(seg);
      if (it == node->literals.end())
        it = node->literals.emplace(std::string(seg), std::make_unique<Impl::Node>()).first;
      node = it->second.get();
    }
  }
  for (size_t i : node->routes)
    if (impl_->routes[i].method == method)
      throw std::invalid_argument(std::string("duplicate route: ") + MethodName(method) + " " +
                                  pattern);
  node->routes.push_back(impl_->routes.size());
  impl_->routes.push_back(std::move(route));
}

Router::Match Router::Find(Method method, std::string_view path) const {
  Match match;
  if (path.empty() || path.front() != '/') return match;
  const auto segs = Segments(path);
  std::vector<std::string_view> values;
  const Impl::Route* first_path = nullptr;
  const Impl::Route* route = impl_->Search(impl_->root, segs, 0, method, values, &first_path);
  if (route == nullptr) {
    if (first_path != nullptr) {
      match.status = MatchStatus::kNoMethod;
      match.pattern = first_path->pattern;
    }
    return match;
  }
  match.status = MatchStatus::kFound;
  match.handler = &route->handler;
  match.pattern = route->pattern;
  for (size_t i = 0; i < values.size() && i < route->param_names.size(); ++i)
    match.params.emplace_back(route->param_names[i], std::string(values[i]));
  return match;
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  out.reserve(impl_->routes.size());
  for (const auto& r : impl_->routes) out.push_back({r.method, r.pattern});
  return out;
}

}  // namespace yingbin::http
