#include "notify/hub.hpp"

#include <algorithm>

namespace yingbin::notify {
namespace {

using Streams = std::vector<std::weak_ptr<http::EventStream>>;

// Drops streams that ended; returns the open ones.
std::vector<std::shared_ptr<http::EventStream>> Live(Streams& streams) {
  std::vector<std::shared_ptr<http::EventStream>> out;
  streams.erase(std::remove_if(streams.begin(), streams.end(),
                               [&out](const std::weak_ptr<http::EventStream>& w) {
                                 auto s = w.lock();
                                 if (!s || s->closed()) return true;
                                 out.push_back(std::move(s));
                                 return false;
                               }),
                streams.end());
  return out;
}

}  // namespace

void Hub::Subscribe(const std::vector<std::string>& keys,
                    const std::shared_ptr<http::EventStream>& stream) {
  std::lock_guard lock(mu_);
  for (const auto& key : keys) {
    auto& streams = subs_[key];
    Live(streams);
    streams.push_back(stream);
  }
}

int Hub::Publish(std::string_view key, std::string_view event, std::string_view data_json,
                 std::string_view id) {
  std::vector<std::shared_ptr<http::EventStream>> targets;
  {
    std::lock_guard lock(mu_);
    auto it = subs_.find(key);
    if (it == subs_.end()) return 0;
    targets = Live(it->second);
    if (it->second.empty()) subs_.erase(it);
  }
  // Pushed outside the lock: Push wakes the server, which must not wait on the hub.
  const std::string text = http::EventStream::Format(event, data_json, id);
  int n = 0;
  for (auto& s : targets)
    if (s->Push(text)) ++n;
  return n;
}

int Hub::Count(std::string_view key) {
  std::lock_guard lock(mu_);
  auto it = subs_.find(key);
  return it == subs_.end() ? 0 : static_cast<int>(Live(it->second).size());
}

}  // namespace yingbin::notify
