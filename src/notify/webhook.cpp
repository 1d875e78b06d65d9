#include "notify/webhook.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "notify/curl_util.hpp"

namespace yingbin::notify {
namespace {

using OJson = nlohmann::ordered_json;

constexpr long kTimeoutMs = 10000;

std::string Dump(const OJson& j) { return j.dump(-1, ' ', false, OJson::error_handler_t::replace); }

OJson PayloadOf(const std::string& text) {
  auto j = OJson::parse(text, nullptr, false);
  return j.is_discarded() ? OJson::object() : j;
}

// "**subject**\n\nbody" for the markdown robots.
std::string Markdown(const WebhookEvent& e) {
  std::string text = "**" + e.subject + "**";
  if (!e.body.empty()) text += "\n\n" + e.body;
  return text;
}

size_t Collect(char* data, size_t size, size_t n, void* out) {
  auto* s = static_cast<std::string*>(out);
  if (s->size() < 64 * 1024) s->append(data, size * n);
  return size * n;
}

}  // namespace

std::string HmacSha256(std::string_view key, std::string_view message) {
  // The multi-part API takes keys of any length (the one-shot one wants exactly 32 bytes).
  crypto_auth_hmacsha256_state state;
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, out);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string HexLower(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string Base64(std::string_view bytes) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

HttpPost BuildWebhookPost(const Webhook& hook, const WebhookEvent& e) {
  HttpPost post;
  post.url = hook.url;
  const int64_t seconds = e.now_ms / 1000;
  if (hook.format == "wecom") {
    post.body = Dump(OJson{{"msgtype", "markdown"}, {"markdown", {{"content", Markdown(e)}}}});
  } else if (hook.format == "dingtalk") {
    post.body = Dump(OJson{{"msgtype", "markdown"},
                           {"markdown", {{"title", e.subject}, {"text", Markdown(e)}}}});
    if (!hook.secret.empty()) {
      const std::string ts = std::to_string(e.now_ms);
      const std::string sign = Base64(HmacSha256(hook.secret, ts + "\n" + hook.secret));
      post.url += (post.url.find('?') == std::string::npos ? "?" : "&");
      post.url += "timestamp=" + ts + "&sign=" + UrlEncode(sign);
    }
  } else if (hook.format == "feishu") {
    OJson j = OJson::object();
    if (!hook.secret.empty()) {
      const std::string ts = std::to_string(seconds);
      j["timestamp"] = ts;
      j["sign"] = Base64(HmacSha256(ts + "\n" + hook.secret, ""));
    }
    std::string text = e.subject;
    if (!e.body.empty()) text += "\n" + e.body;
    j["msg_type"] = "text";
    j["content"] = {{"text", text}};
    post.body = Dump(j);
  } else {  // generic
    post.body = Dump(OJson{{"topic", e.topic},
                           {"subject", e.subject},
                           {"body", e.body},
                           {"link", e.link},
                           {"payload", PayloadOf(e.payload_json)},
                           {"sent_at", core::FormatIsoUtc(e.now_ms)}});
    const std::string ts = std::to_string(seconds);
    post.headers.emplace_back("X-Yingbin-Topic", e.topic);
    post.headers.emplace_back("X-Yingbin-Timestamp", ts);
    if (!hook.secret.empty())
      post.headers.emplace_back(
          "X-Yingbin-Signature",
          "sha256=" + HexLower(HmacSha256(hook.secret, ts + "." + post.body)));
  }
  return post;
}

std::string CheckWebhookAnswer(std::string_view format, long status, std::string_view body) {
  if (status < 200 || status > 299)
    return "http " + std::to_string(status) + ": " + Truncate(std::string(body), 200);
  if (format == "generic") return {};
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return {};
  const char* code_key = format == "feishu" ? "code" : "errcode";
  const char* msg_key = format == "feishu" ? "msg" : "errmsg";
  auto code = j.find(code_key);
  if (format == "feishu" && code == j.end()) code = j.find("StatusCode");  // older answers
  if (code == j.end() || !code->is_number_integer() || code->get<int64_t>() == 0) return {};
  std::string msg;
  if (auto m = j.find(msg_key); m != j.end() && m->is_string()) msg = m->get<std::string>();
  return std::string(code_key) + " " + std::to_string(code->get<int64_t>()) + ": " +
         Truncate(msg, 200);
}

std::string SendWebhook(const Webhook& hook, const HttpPost& post,
                        const std::atomic<bool>* cancel) {
  EnsureCurl();
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return "curl init failed";
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json; charset=utf-8");
  for (const auto& [name, value] : post.headers)
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  std::string answer;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, post.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post.body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, kTimeoutMs);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "yingbin-webhook/" YINGBIN_VERSION);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  SetCancel(curl, cancel);
  CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return std::string("curl: ") + (error[0] ? error : curl_easy_strerror(rc));
  return CheckWebhookAnswer(hook.format, status, answer);
}

}  // namespace yingbin::notify
