#pragma once
// Plain structs of the notify module (rows of notifications, webhooks, outbox,
// notify_preferences).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace yingbin::notify {

inline constexpr char kChannelLive[] = "live";
inline constexpr char kChannelInapp[] = "inapp";
inline constexpr char kChannelEmail[] = "email";
inline constexpr char kChannelWebhook[] = "webhook";

struct Preferences {
  bool inapp = true;  // a missing row means on
  bool email = true;
  std::vector<std::string> muted_topics;  // topic prefixes
  int64_t updated_at = 0;
};

struct Notification {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string topic, title, body, link;
  std::string payload_json = "{}";
  int64_t created_at = 0;
  std::optional<int64_t> read_at;
};

struct Webhook {
  int64_t id = 0;
  std::string name, url;
  std::string format = "generic";  // generic | wecom | dingtalk | feishu
  std::string secret;
  std::string topics = "*";  // comma-separated topic prefixes, '*' = all
  bool active = true;
  int64_t created_at = 0, updated_at = 0;
};

// One delivery (a row of the outbox).
struct OutboxRow {
  int64_t id = 0;
  std::string channel, recipient, topic, subject, body;
  std::string payload_json = "{}";
  std::string link, html, qr_text;
  std::string calendar;  // e-mail: an iCalendar object sent as text/calendar (RFC 6047)
  std::optional<int64_t> notification_id;
  std::string status = "pending";  // pending | sending | sent | dead
  int64_t attempts = 0;
  int64_t next_attempt_at = 0;
  std::optional<int64_t> lease_until;
  std::string last_error;
  int64_t created_at = 0;
  std::optional<int64_t> sent_at;
};

}  // namespace yingbin::notify
