#pragma once
// Live events: what open screens (the desk console, a host's phone, the bell) hear at once.
//
// A live event is not an outbox row. Enqueue() hands it to the transaction of the change:
// on SQLite it is published to this process's hub after the commit
// (db::Connection::AfterCommit); on PostgreSQL it is a NOTIFY on kLiveChannel inside the
// transaction, which PostgreSQL delivers at commit to every app node's LiveListener, this
// one's included. Either way a rolled-back change sends nothing, and the writer spends no
// second transaction on marking events sent. There are no retries: a screen whose stream
// was not open reloads its state when the stream opens.
#include <cstddef>
#include <string>
#include <string_view>

#include "db/db.hpp"

namespace yingbin::notify {

class Hub;

struct LiveEvent {
  std::string key;        // "user:7", "site:1"
  std::string topic;      // the SSE event name, e.g. "visit.arrived"
  std::string data_json;  // the SSE data
};

// Cross-node live events (PostgreSQL): the NOTIFY channel, the largest payload it takes
// (PostgreSQL's limit is 8000 bytes), and the message format: {"k": key, "t": topic,
// "d": data JSON text}.
inline constexpr const char* kLiveChannel = "yingbin_live";
inline constexpr size_t kMaxNotifyPayload = 7900;
std::string LiveMessage(const LiveEvent& e);
// Publishes a LiveMessage to `hub`; false when `message` is not one.
bool PublishLiveMessage(Hub& hub, std::string_view message);

// The hub of this process (set by the app at start, nullptr to detach). Live events of
// SQLite transactions go there; without one they are dropped. Thread-safe.
void SetLiveHub(Hub* hub);

// Sends `e` with the transaction `tx`: see the file comment. Errors: database errors of
// the NOTIFY (PostgreSQL). REQUIRES: tx is inside a Pool transaction.
core::Status SendLive(db::Connection& tx, LiveEvent e);

}  // namespace yingbin::notify
