#include "http/request.hpp"

#include <gtest/gtest.h>

namespace yingbin::http {
namespace {

TEST(PercentDecode, DecodesEscapes) {
  EXPECT_EQ(PercentDecode("%E5%BC%A0", false), "张");
  EXPECT_EQ(PercentDecode("a%2fb%2Fc", false), "a/b/c");
  EXPECT_EQ(PercentDecode("", false), "");
  EXPECT_EQ(PercentDecode("100%25", false), "100%");
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a%2Bb", true), "a+b");
}

TEST(PercentDecode, MalformedEscapesFail) {
  EXPECT_EQ(PercentDecode("%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%4", false), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%4g", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%%41", false), std::nullopt);
}

TEST(PercentDecode, NulIsDecodedForTheCallerToRefuse) {
  auto s = PercentDecode("a%00b", false);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, std::string("a\0b", 3));
}

TEST(Request, QueryParams) {
  Request req;
  req.query = "q=%E5%BC%A0+%E4%B8%89&page=2&empty=&flag&a+b=c%2Bd&bad=%zz&page=3";
  EXPECT_EQ(req.QueryParam("q"), "张 三");
  EXPECT_EQ(req.QueryParam("page"), "2");  // the first of repeated names
  EXPECT_EQ(req.QueryParam("empty"), "");
  EXPECT_EQ(req.QueryParam("flag"), "");
  EXPECT_EQ(req.QueryParam("a b"), "c+d");
  EXPECT_EQ(req.QueryParam("missing"), std::nullopt);
  EXPECT_EQ(req.QueryParam("bad"), std::nullopt);
  Request none;
  EXPECT_EQ(none.QueryParam("q"), std::nullopt);
}

TEST(Request, HeaderLookupIgnoresCase) {
  Request req;
  req.headers = {{"content-type", "application/json"}, {"x-request-id", "abc"}};
  EXPECT_EQ(req.Header("Content-Type"), "application/json");
  EXPECT_EQ(req.Header("X-REQUEST-ID"), "abc");
  EXPECT_EQ(req.Header("content-type"), "application/json");
  EXPECT_EQ(req.Header("accept"), "");
}

TEST(Request, CookiesWithSeveralPairs) {
  Request req;
  req.headers = {{"cookie", "theme=dark; yb_session=tok.en-1;  lang = en ; quoted=\"v\";novalue"}};
  EXPECT_EQ(req.Cookie("yb_session"), "tok.en-1");
  EXPECT_EQ(req.Cookie("theme"), "dark");
  EXPECT_EQ(req.Cookie("lang"), "en");
  EXPECT_EQ(req.Cookie("quoted"), "v");
  EXPECT_EQ(req.Cookie("novalue"), "");
  EXPECT_EQ(req.Cookie("session"), "");  // no prefix or suffix matches
  EXPECT_EQ(req.Cookie("yb"), "");
  Request none;
  EXPECT_EQ(none.Cookie("theme"), "");
}

TEST(Request, PathParams) {
  Request req;
  req.path_params = {{"id", "7"}, {"desk", "a"}};
  EXPECT_EQ(req.PathParam("id"), "7");
  EXPECT_EQ(req.PathParam("desk"), "a");
  EXPECT_EQ(req.PathParam("site"), "");
}

TEST(Method, NamesAndWrites) {
  EXPECT_STREQ(MethodName(Method::kGet), "GET");
  EXPECT_STREQ(MethodName(Method::kDelete), "DELETE");
  EXPECT_STREQ(MethodName(Method::kPatch), "PATCH");
  EXPECT_TRUE(IsWrite(Method::kPost));
  EXPECT_TRUE(IsWrite(Method::kPut));
  EXPECT_TRUE(IsWrite(Method::kPatch));
  EXPECT_TRUE(IsWrite(Method::kDelete));
  EXPECT_FALSE(IsWrite(Method::kGet));
  EXPECT_FALSE(IsWrite(Method::kHead));
  EXPECT_FALSE(IsWrite(Method::kOptions));
}

}  // namespace
}  // namespace yingbin::http
