#pragma once
// Telling people things (DESIGN.md "notify/"): a module that needs "tell someone" calls
// Enqueue() inside the transaction of the change that caused it. Enqueue writes the
// in-app notification rows and one outbox row per delivery; nothing leaves the process
// before the transaction commits, and nothing committed is lost: the Worker delivers
// outbox rows after commit, with retries, and records each outcome (visible status).
//
// Channels:
//   live    - a Server-Sent Event to every open stream of a user or of a site's desk
//             (the desk console's queue, the host's phone), sent with the transaction
//             (notify/live.hpp), not through the outbox; no retries (a stream that is
//             not open reloads its state when it opens).
//   inapp   - the notifications table (the bell) + a live event to the user.
//   email   - SMTP via libcurl (NotifyOptions::smtp_*), plain text + HTML, with an
//             optional inline QR code image (Message::qr_text).
//   webhook - every active webhook whose topics match: generic JSON signed with
//             HMAC-SHA256, or the WeCom / DingTalk / Feishu group-robot formats.
// Per-user preferences (notify_preferences) decide inapp/email for users; muted topics
// are skipped. Live events always go.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::notify {

struct Message {
  std::string topic;    // "visit.arrived", "visit.host_answered", ... (webhook topic filter)
  std::string subject;  // one line: the e-mail subject, the bell title, the robot title
  std::string body;     // plain text, several lines allowed
  std::string html;     // optional HTML body for e-mail; empty = from `body`
  std::string link;     // path in the web app, e.g. "/host/visits/12"
  std::string payload_json = "{}";  // machine-readable details (webhooks, live events)
  std::string qr_text;  // when set, e-mails carry this text as an inline QR code image
  // When set, e-mails carry this iCalendar object (one VEVENT, METHOD:REQUEST or CANCEL) as a
  // text/calendar part with the same method, so mail clients show it as an invitation.
  std::string calendar;
  std::vector<int64_t> user_ids;     // in-app + e-mail to their address, by preference
  // false: the users' open screens get the live event only (no bell entry, no e-mail), for
  // updates of something they were told about already (a message handled by a colleague).
  bool inapp = true;
  std::vector<std::string> emails;   // explicit addresses (a visitor's invitation)
  std::vector<int64_t> live_site_ids;  // live event to the desk streams of these sites
  bool webhooks = true;                // also to matching webhooks
};

// Writes the notification rows and outbox rows for `m` inside the caller's open
// transaction `tx`, then (after the caller commits) the worker delivers them; live events
// go out at commit. Returns the number of deliveries: outbox rows + live events.
// Errors: only database errors.
// REQUIRES: tx is inside Begin()..Commit().
core::Result<int64_t> Enqueue(db::Connection& tx, int64_t now_ms, const Message& m);

// Enqueue for a caller that needs only to know that it worked.
core::Status Send(db::Connection& tx, int64_t now_ms, const Message& m);

// A live update only (Message with inapp = false, webhooks = false): the desk screens of
// `site_id` and the open screens of `user_ids` hear `topic` with `payload_json` and reload
// what it names. No bell entry, no e-mail, no webhook: for changes to something people were
// told about already, or that they see on a list. As Enqueue otherwise.
core::Status SendLiveUpdate(db::Connection& tx, int64_t now_ms, std::string topic,
                            std::string subject, std::string payload_json, int64_t site_id,
                            std::vector<int64_t> user_ids = {});

// Wakes the worker at once (call after commit, so live updates arrive without waiting for
// the poll interval). Safe to call from any thread; a no-op when no worker runs.
void Kick();

}  // namespace yingbin::notify
