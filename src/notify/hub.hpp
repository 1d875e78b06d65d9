#pragma once
// The in-process live hub: open event streams (http::EventStream) by subscription key
// ("user:7", "site:1"); Publish() pushes one SSE event to every open stream of a key.
// Streams the client closed are dropped on the next Subscribe/Publish of their key.
//
// Scope: one process. With several app nodes (PostgreSQL) the worker that delivers a live
// row sends it as a NOTIFY, and every node's LiveListener publishes it to its own hub.
//
// Thread safety: all methods may be called from any thread.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/event_stream.hpp"

namespace yingbin::notify {

class Hub {
 public:
  // Adds `stream` under every key. The hub holds it weakly: it lives as long as the server
  // writes it.
  void Subscribe(const std::vector<std::string>& keys,
                 const std::shared_ptr<http::EventStream>& stream);
  // Pushes "id: <id>\nevent: <event>\ndata: <data_json>\n\n" to the key's open streams.
  // Returns how many streams got it.
  int Publish(std::string_view key, std::string_view event, std::string_view data_json,
              std::string_view id = {});
  // Open streams under `key` (for tests and diagnostics).
  int Count(std::string_view key);

 private:
  std::mutex mu_;
  std::map<std::string, std::vector<std::weak_ptr<http::EventStream>>, std::less<>> subs_;
};

}  // namespace yingbin::notify
