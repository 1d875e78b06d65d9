#pragma once
// The webhook channel: one HTTP POST per delivery, in the receiver's format.
//   generic  - {"topic","subject","body","link","payload","sent_at"}, signed: headers
//              X-Yingbin-Topic, X-Yingbin-Timestamp (epoch seconds) and, with a secret,
//              X-Yingbin-Signature: sha256=<hex HMAC-SHA256(secret, timestamp "." body)>.
//   wecom    - WeCom group robot markdown message.
//   dingtalk - DingTalk robot markdown; with a secret, &timestamp=<ms>&sign=<...> on the
//              URL (DingTalk's scheme: base64 HMAC-SHA256(key=secret, ts "\n" secret)).
//   feishu   - Feishu robot text; with a secret, "timestamp" (seconds) and "sign" in the
//              body (Feishu's scheme: base64 HMAC-SHA256(key=ts "\n" secret, msg="")).
// The builders are pure (tested against fixed inputs in webhook_test.cpp); Post() does I/O.
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notify/model.hpp"

namespace yingbin::notify {

struct WebhookEvent {
  std::string topic, subject, body, link;
  std::string payload_json = "{}";
  int64_t now_ms = 0;
};

struct HttpPost {
  std::string url;
  std::string body;                                          // JSON
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
};

// The request for `hook` (its format, URL and secret) carrying `event`.
HttpPost BuildWebhookPost(const Webhook& hook, const WebhookEvent& event);

// "" when the receiver's answer means delivered, else why not: a status outside 2xx, or a
// robot's JSON answer with a non-zero "errcode" (WeCom, DingTalk) or "code" (Feishu).
std::string CheckWebhookAnswer(std::string_view format, long status, std::string_view body);

// Sends `post` (10 s timeout). Returns "" on success, else the error for last_error.
// Aborts soon after *cancel becomes true.
std::string SendWebhook(const Webhook& hook, const HttpPost& post, const std::atomic<bool>* cancel);

// Building blocks, exposed for the tests.
std::string HmacSha256(std::string_view key, std::string_view message);  // 32 raw bytes
std::string HexLower(std::string_view bytes);
std::string Base64(std::string_view bytes);    // with padding
std::string UrlEncode(std::string_view text);  // RFC 3986 unreserved

}  // namespace yingbin::notify
