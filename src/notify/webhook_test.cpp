#include "notify/webhook.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

namespace yingbin::notify {
namespace {

class WebhookFormat : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }

  static WebhookEvent Event() {
    WebhookEvent e;
    e.topic = "visit.arrived";
    e.subject = "访客已到达";
    e.body = "张三 已在前台";
    e.link = "/host/visits/12";
    e.payload_json = R"({"visit_id":12})";
    e.now_ms = 1700000000000;  // 2023-11-14T22:13:20Z
    return e;
  }
  static Webhook Hook(std::string format, std::string url, std::string secret) {
    Webhook w;
    w.id = 3;
    w.format = std::move(format);
    w.url = std::move(url);
    w.secret = std::move(secret);
    return w;
  }
  static std::string Header(const HttpPost& p, const std::string& name) {
    for (const auto& [n, v] : p.headers)
      if (n == name) return v;
    return "<none>";
  }
};

TEST_F(WebhookFormat, HmacSha256MatchesRfc4231Case2) {
  EXPECT_EQ(HexLower(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_F(WebhookFormat, EncodingHelpers) {
  EXPECT_EQ(Base64("ab"), "YWI=");
  EXPECT_EQ(UrlEncode("a+b/c=d 迎"), "a%2Bb%2Fc%3Dd%20%E8%BF%8E");
}

TEST_F(WebhookFormat, GenericIsSignedOverTimestampAndBody) {
  HttpPost p = BuildWebhookPost(Hook("generic", "http://127.0.0.1/hook", "s3cret"), Event());
  EXPECT_EQ(p.url, "http://127.0.0.1/hook");
  EXPECT_EQ(p.body, R"({"topic":"visit.arrived","subject":"访客已到达","body":"张三 已在前台",)"
                    R"("link":"/host/visits/12","payload":{"visit_id":12},)"
                    R"("sent_at":"2023-11-14T22:13:20.000Z"})");
  EXPECT_EQ(Header(p, "X-Yingbin-Topic"), "visit.arrived");
  EXPECT_EQ(Header(p, "X-Yingbin-Timestamp"), "1700000000");
  // Expected value computed independently with Python's hmac module.
  EXPECT_EQ(Header(p, "X-Yingbin-Signature"),
            "sha256=d2d541aa7356e77f29f003072ef379b7d0db222e885463a71e11f9c5a8014f6d");
}

TEST_F(WebhookFormat, GenericWithoutSecretIsUnsigned) {
  HttpPost p = BuildWebhookPost(Hook("generic", "http://x/", ""), Event());
  EXPECT_EQ(Header(p, "X-Yingbin-Signature"), "<none>");
}

TEST_F(WebhookFormat, WeComMarkdown) {
  HttpPost p = BuildWebhookPost(
      Hook("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", ""), Event());
  auto j = nlohmann::json::parse(p.body);
  EXPECT_EQ(j["msgtype"], "markdown");
  EXPECT_EQ(j["markdown"]["content"], "**访客已到达**\n\n张三 已在前台");
  EXPECT_TRUE(p.headers.empty());
}

TEST_F(WebhookFormat, DingTalkSignsTheUrl) {
  HttpPost p = BuildWebhookPost(
      Hook("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=T", "SEC000test"),
      Event());
  // DingTalk: sign = urlencode(base64(HMAC-SHA256(secret, timestamp_ms + "\n" + secret))).
  EXPECT_EQ(p.url,
            "https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000"
            "&sign=1hLl2KkRX3rps9FaitIUwaac%2BCtAFEaP345jvdrTL7c%3D");
  auto j = nlohmann::json::parse(p.body);
  EXPECT_EQ(j["msgtype"], "markdown");
  EXPECT_EQ(j["markdown"]["title"], "访客已到达");
  EXPECT_EQ(j["markdown"]["text"], "**访客已到达**\n\n张三 已在前台");
}

TEST_F(WebhookFormat, FeishuSignsTheBody) {
  HttpPost p = BuildWebhookPost(
      Hook("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/H", "SEC000test"), Event());
  EXPECT_EQ(p.url, "https://open.feishu.cn/open-apis/bot/v2/hook/H");
  auto j = nlohmann::json::parse(p.body);
  EXPECT_EQ(j["timestamp"], "1700000000");
  // Feishu: sign = base64(HMAC-SHA256(key = timestamp_s + "\n" + secret, message = "")).
  EXPECT_EQ(j["sign"], "VJoDIs2fdNFeN6NS/KG4L8NIxm+bN/FYQRhY2lP3Mf8=");
  EXPECT_EQ(j["msg_type"], "text");
  EXPECT_EQ(j["content"]["text"], "访客已到达\n张三 已在前台");
}

TEST_F(WebhookFormat, AnswersThatMeanFailure) {
  EXPECT_EQ(CheckWebhookAnswer("generic", 200, "whatever"), "");
  EXPECT_EQ(CheckWebhookAnswer("generic", 204, ""), "");
  EXPECT_EQ(CheckWebhookAnswer("generic", 500, "down"), "http 500: down");
  EXPECT_EQ(CheckWebhookAnswer("wecom", 200, R"({"errcode":0,"errmsg":"ok"})"), "");
  EXPECT_EQ(CheckWebhookAnswer("wecom", 200, R"({"errcode":93000,"errmsg":"invalid key"})"),
            "errcode 93000: invalid key");
  EXPECT_EQ(CheckWebhookAnswer("dingtalk", 200, R"({"errcode":310000,"errmsg":"sign not match"})"),
            "errcode 310000: sign not match");
  EXPECT_EQ(CheckWebhookAnswer("feishu", 200, R"({"code":0,"msg":"success"})"), "");
  EXPECT_EQ(CheckWebhookAnswer("feishu", 200, R"({"code":19021,"msg":"sign match fail"})"),
            "code 19021: sign match fail");
  EXPECT_EQ(CheckWebhookAnswer("feishu", 200, R"({"StatusCode":0})"), "");
}

}  // namespace
}  // namespace yingbin::notify
