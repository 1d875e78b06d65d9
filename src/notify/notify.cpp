// Enqueue (notify.hpp): the outbox rows of one message, written in the caller's transaction
// so that they commit or roll back with the change that caused them (DATA-6: nothing
// acknowledged is lost, nothing rolled back is sent).
#include "notify/notify.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "api/json_writer.hpp"
#include "core/time.hpp"
#include "notify/live.hpp"
#include "notify/rules.hpp"
#include "notify/store.hpp"

namespace yingbin::notify {
namespace {

// The data of a live event: what a screen needs to show or to decide to reload. Built once
// per message and completed per recipient with the bell entry's id. The payload, JSON text
// our own code wrote, goes in as it is: parsing it and writing it again for every
// recipient was a tenth of a registration's time in the SQLite writer.
class EventData {
 public:
  EventData(const Message& m, int64_t now_ms) {
    api::JsonWriter w;
    w.BeginObject();
    w.Key("topic").String(m.topic).Key("subject").String(m.subject);
    w.Key("body").String(m.body).Key("link").String(m.link);
    w.Key("payload").Json(m.payload_json, "{}");
    w.Key("created_at").String(core::FormatIsoUtc(now_ms));
    w.EndObject();
    // {"topic":...}: what follows the opening brace completes each recipient's object.
    rest_ = "," + std::move(w).Take().substr(1);
  }

  std::string For(std::optional<int64_t> notification_id) const {
    return "{\"notification_id\":" +
           (notification_id ? std::to_string(*notification_id) : std::string("null")) + rest_;
  }

 private:
  std::string rest_;
};

}  // namespace

core::Result<int64_t> Enqueue(db::Connection& tx, int64_t now_ms, const Message& m) {
  int64_t written = 0;
  OutboxRow base;
  base.topic = m.topic;
  base.subject = m.subject;
  base.body = m.body;
  base.payload_json = m.payload_json.empty() ? "{}" : m.payload_json;
  base.link = m.link;
  base.created_at = now_ms;
  auto insert = [&](OutboxRow row) -> core::Status {
    auto id = store::InsertOutbox(tx, row);
    if (!id) return std::move(id).error();
    ++written;
    return core::Ok();
  };
  auto email_row = [&](const std::string& address) {
    OutboxRow row = base;
    row.channel = kChannelEmail;
    row.recipient = address;
    row.html = m.html;
    row.qr_text = m.qr_text;
    row.calendar = m.calendar;
    return row;
  };

  const EventData event(m, now_ms);
  std::set<std::string> addresses;  // one e-mail per address even when listed twice
  std::set<int64_t> users;
  for (int64_t user_id : m.user_ids) {
    if (user_id <= 0 || !users.insert(user_id).second) continue;
    auto prefs = store::GetPreferences(tx, user_id);
    if (!prefs) return std::move(prefs).error();
    const bool muted = TopicMatches(prefs->muted_topics, m.topic);
    std::optional<int64_t> notification_id;
    if (m.inapp && prefs->inapp && !muted) {
      Notification n;
      n.user_id = user_id;
      n.topic = m.topic;
      n.title = m.subject;
      n.body = m.body;
      n.link = m.link;
      n.payload_json = base.payload_json;
      n.created_at = now_ms;
      auto id = store::InsertNotification(tx, n);
      if (!id) return std::move(id).error();
      notification_id = *id;
    }
    // The user's open screens get the event even without a bell entry: a host's phone
    // shows the visitor's arrival whatever the inbox preference.
    YB_RETURN_IF_ERROR(SendLive(tx, {"user:" + std::to_string(user_id), m.topic,
                                     event.For(notification_id)}));
    ++written;
    if (m.inapp && prefs->email && !muted) {
      auto address = store::UserEmail(tx, user_id);
      if (!address) return std::move(address).error();
      if (!address->empty() && addresses.insert(*address).second)
        YB_RETURN_IF_ERROR(insert(email_row(*address)));
    }
  }
  for (const auto& address : m.emails) {
    if (address.empty() || !addresses.insert(address).second) continue;
    YB_RETURN_IF_ERROR(insert(email_row(address)));
  }
  std::set<int64_t> sites;
  for (int64_t site_id : m.live_site_ids) {
    if (!sites.insert(site_id).second) continue;
    YB_RETURN_IF_ERROR(
        SendLive(tx, {"site:" + std::to_string(site_id), m.topic, event.For(std::nullopt)}));
    ++written;
  }
  if (m.webhooks) {
    auto hooks = store::ListWebhooks(tx, /*active_only=*/true);
    if (!hooks) return std::move(hooks).error();
    for (const auto& hook : *hooks) {
      if (!TopicMatches(SplitTopics(hook.topics), m.topic)) continue;
      OutboxRow row = base;
      row.channel = kChannelWebhook;
      row.recipient = "webhook:" + std::to_string(hook.id);
      YB_RETURN_IF_ERROR(insert(std::move(row)));
    }
  }
  return written;
}

core::Status Send(db::Connection& tx, int64_t now_ms, const Message& m) {
  auto n = Enqueue(tx, now_ms, m);
  if (!n) return std::move(n).error();
  return core::Ok();
}

core::Status SendLiveUpdate(db::Connection& tx, int64_t now_ms, std::string topic,
                            std::string subject, std::string payload_json, int64_t site_id,
                            std::vector<int64_t> user_ids) {
  Message m;
  m.topic = std::move(topic);
  m.subject = std::move(subject);
  m.payload_json = std::move(payload_json);
  m.user_ids = std::move(user_ids);
  m.inapp = false;
  m.live_site_ids = {site_id};
  m.webhooks = false;
  return Send(tx, now_ms, m);
}

}  // namespace yingbin::notify
