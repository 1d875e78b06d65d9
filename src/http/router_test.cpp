#include "http/router.hpp"

#include <gtest/gtest.h>

namespace yingbin::http {
namespace {

Handler Named(const std::string& name) {
  return [name](Request&) { return Response::Text(200, name, "text/plain"); };
}

std::string Call(const Router::Match& m) {
  Request req;
  return (*m.handler)(req).body;
}

TEST(Router, LiteralBeatsParameter) {
  Router r;
  r.Add(Method::kGet, "/users/{id}", Named("by-id"));
  r.Add(Method::kGet, "/users/me", Named("me"));
  auto me = r.Find(Method::kGet, "/users/me");
  ASSERT_EQ(me.status, Router::MatchStatus::kFound);
  EXPECT_EQ(Call(me), "me");
  EXPECT_EQ(me.pattern, "/users/me");
  EXPECT_TRUE(me.params.empty());
  auto other = r.Find(Method::kGet, "/users/42");
  ASSERT_EQ(other.status, Router::MatchStatus::kFound);
  EXPECT_EQ(Call(other), "by-id");
}

TEST(Router, LiteralBranchBacktracksToParameter) {
  Router r;
  r.Add(Method::kGet, "/sites/default/info", Named("info"));
  r.Add(Method::kGet, "/sites/{id}/calendar", Named("calendar"));
  auto m = r.Find(Method::kGet, "/sites/default/calendar");
  ASSERT_EQ(m.status, Router::MatchStatus::kFound);
  EXPECT_EQ(Call(m), "calendar");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "default");
}

TEST(Router, ParamsExtractedInOrderWithTheirOwnNames) {
  Router r;
  r.Add(Method::kGet, "/sites/{site_id}/desks/{desk_id}", Named("desk"));
  r.Add(Method::kDelete, "/sites/{id}/desks/{n}", Named("delete"));
  auto m = r.Find(Method::kGet, "/sites/7/desks/%E5");
  ASSERT_EQ(m.status, Router::MatchStatus::kFound);
  EXPECT_EQ(m.pattern, "/sites/{site_id}/desks/{desk_id}");
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>("site_id", "7")));
  EXPECT_EQ(m.params[1], (std::pair<std::string, std::string>("desk_id", "%E5")));
  auto d = r.Find(Method::kDelete, "/sites/7/desks/3");
  ASSERT_EQ(d.status, Router::MatchStatus::kFound);
  EXPECT_EQ(d.params[0].first, "id");
  EXPECT_EQ(d.params[1].first, "n");
}

TEST(Router, NoPathVersusNoMethod) {
  Router r;
  r.Add(Method::kGet, "/api/v1/staff", Named("list"));
  r.Add(Method::kPost, "/api/v1/staff", Named("create"));
  EXPECT_EQ(r.Find(Method::kGet, "/api/v1/nothing").status, Router::MatchStatus::kNoPath);
  auto m = r.Find(Method::kDelete, "/api/v1/staff");
  EXPECT_EQ(m.status, Router::MatchStatus::kNoMethod);
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.pattern, "/api/v1/staff");
  EXPECT_EQ(Call(r.Find(Method::kPost, "/api/v1/staff")), "create");
}

// The most specific route that serves the method wins, so a literal route without the
// method does not hide a parameter route with it (as Go's ServeMux does).
TEST(Router, MethodMismatchOnLiteralFallsBackToParameterRoute) {
  Router r;
  r.Add(Method::kGet, "/users/me", Named("me"));
  r.Add(Method::kDelete, "/users/{id}", Named("delete"));
  auto m = r.Find(Method::kDelete, "/users/me");
  ASSERT_EQ(m.status, Router::MatchStatus::kFound);
  EXPECT_EQ(Call(m), "delete");
  EXPECT_EQ(r.Find(Method::kPost, "/users/me").status, Router::MatchStatus::kNoMethod);
}

TEST(Router, HeadFallsBackToGet) {
  Router r;
  r.Add(Method::kGet, "/a", Named("get"));
  auto m = r.Find(Method::kHead, "/a");
  ASSERT_EQ(m.status, Router::MatchStatus::kFound);
  EXPECT_EQ(Call(m), "get");
}

// Decision: a trailing slash is significant. "/a/" does not match "/a" and vice versa,
// and a parameter never matches an empty segment.
TEST(Router, TrailingSlashIsSignificant) {
  Router r;
  r.Add(Method::kGet, "/a", Named("a"));
  r.Add(Method::kGet, "/b/", Named("b-slash"));
  r.Add(Method::kGet, "/c/{id}", Named("c"));
  EXPECT_EQ(r.Find(Method::kGet, "/a").status, Router::MatchStatus::kFound);
  EXPECT_EQ(r.Find(Method::kGet, "/a/").status, Router::MatchStatus::kNoPath);
  EXPECT_EQ(r.Find(Method::kGet, "/b").status, Router::MatchStatus::kNoPath);
  EXPECT_EQ(r.Find(Method::kGet, "/b/").status, Router::MatchStatus::kFound);
  EXPECT_EQ(r.Find(Method::kGet, "/c/").status, Router::MatchStatus::kNoPath);
  EXPECT_EQ(r.Find(Method::kGet, "/c/1/").status, Router::MatchStatus::kNoPath);
  EXPECT_EQ(r.Find(Method::kGet, "/a//").status, Router::MatchStatus::kNoPath);
}

TEST(Router, RootAndPathsWithoutSlash) {
  Router r;
  r.Add(Method::kGet, "/", Named("root"));
  EXPECT_EQ(r.Find(Method::kGet, "/").status, Router::MatchStatus::kFound);
  EXPECT_EQ(r.Find(Method::kGet, "").status, Router::MatchStatus::kNoPath);
  EXPECT_EQ(r.Find(Method::kGet, "a").status, Router::MatchStatus::kNoPath);
  EXPECT_EQ(r.Find(Method::kGet, "/x").status, Router::MatchStatus::kNoPath);
}

TEST(Router, RoutesInRegistrationOrder) {
  Router r;
  r.Add(Method::kPost, "/z", Named("1"));
  r.Add(Method::kGet, "/a/{id}", Named("2"));
  r.Add(Method::kGet, "/a/me", Named("3"));
  auto routes = r.Routes();
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(routes[0].method, Method::kPost);
  EXPECT_EQ(routes[0].pattern, "/z");
  EXPECT_EQ(routes[1].pattern, "/a/{id}");
  EXPECT_EQ(routes[2].pattern, "/a/me");
}

TEST(Router, DuplicateRouteIsRejected) {
  Router r;
  r.Add(Method::kGet, "/a/{id}", Named("1"));
  EXPECT_THROW(r.Add(Method::kGet, "/a/{other}", Named("2")), std::invalid_argument);
  EXPECT_NO_THROW(r.Add(Method::kPut, "/a/{id}", Named("3")));
  EXPECT_THROW(r.Add(Method::kGet, "a", Named("4")), std::invalid_argument);
}

}  // namespace
}  // namespace yingbin::http
