#include "api/json_writer.hpp"

#include <gtest/gtest.h>

#include "api/json.hpp"

namespace yingbin::api {
namespace {

TEST(JsonWriter, WritesNestedObjectsAndArraysWithCommas) {
  JsonWriter w;
  w.BeginObject();
  w.Key("items").BeginArray();
  w.BeginObject().Key("id").Int(1).Key("ok").Bool(true).EndObject();
  w.BeginObject().Key("id").Int(-2).Key("x").Null().EndObject();
  w.EndArray();
  w.Key("tags").StringArray({"a", "b"});
  w.Key("days").IntArray({1, 2});
  w.Key("total").Int(2);
  w.EndObject();
  EXPECT_EQ(w.text(),
            R"({"items":[{"id":1,"ok":true},{"id":-2,"x":null}],"tags":["a","b"],"days":[1,2],"total":2})");
}

TEST(JsonWriter, EscapesLikeNlohmannAndParsesBack) {
  const std::string tricky = "O'Brien \"; DROP TABLE x; -- <script>\\ \n\t\x01 张三🙂";
  JsonWriter w;
  w.BeginObject().Key("name").String(tricky).EndObject();
  Json parsed = Json::parse(w.text());
  EXPECT_EQ(parsed["name"], tricky);
  EXPECT_EQ(w.text(), Json({{"name", tricky}}).dump());
}

TEST(JsonWriter, ReplacesInvalidUtf8InsteadOfFailing) {
  JsonWriter w;
  w.BeginArray().String(std::string("a\xC3(b\xFF", 5)).EndArray();
  EXPECT_EQ(w.text(), "[\"a\xEF\xBF\xBD(b\xEF\xBF\xBD\"]");
  EXPECT_NO_THROW(Json::parse(w.text()));
}

TEST(JsonWriter, OptionalValuesWriteNull) {
  JsonWriter w;
  w.BeginObject().Key("a").OptInt(std::nullopt).Key("b").OptInt(5).Key("c").OptString(std::nullopt);
  w.EndObject();
  EXPECT_EQ(w.text(), R"({"a":null,"b":5,"c":null})");
}

TEST(JsonWriter, StoredJsonGoesInAsItIsAndBrokenJsonAsTheFallback) {
  JsonWriter w;
  w.BeginObject();
  w.Key("greeting").Json(R"({"whom":"李明"})", "{}");
  w.Key("broken").Json(R"({"whom":)", "{}");
  w.Key("empty").Json("");
  w.Key("at").OptTime(int64_t{0}).Key("never").OptTime(std::nullopt);
  w.EndObject();
  EXPECT_EQ(w.text(),
            R"({"greeting":{"whom":"李明"},"broken":{},"empty":null,)"
            R"("at":"1970-01-01T00:00:00.000Z","never":null})");
}

}  // namespace
}  // namespace yingbin::api
