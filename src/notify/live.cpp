#include "notify/live.hpp"

#include <spdlog/spdlog.h>

#include <atomic>

#include <nlohmann/json.hpp>

#include "notify/hub.hpp"

namespace yingbin::notify {
namespace {

std::atomic<Hub*> g_hub{nullptr};

void PublishLocal(const LiveEvent& e) {
  if (Hub* hub = g_hub.load()) hub->Publish(e.key, e.topic, e.data_json);
}

}  // namespace

std::string LiveMessage(const LiveEvent& e) {
  nlohmann::json j{{"k", e.key}, {"t", e.topic}, {"d", e.data_json}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool PublishLiveMessage(Hub& hub, std::string_view message) {
  auto j = nlohmann::json::parse(message, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("k") || !j["k"].is_string() ||
      !j.contains("t") || !j["t"].is_string() || !j.contains("d") || !j["d"].is_string())
    return false;
  hub.Publish(j["k"].get<std::string>(), j["t"].get<std::string>(), j["d"].get<std::string>());
  return true;
}

void SetLiveHub(Hub* hub) { g_hub.store(hub); }

core::Status SendLive(db::Connection& tx, LiveEvent e) {
  if (tx.dialect() == db::Dialect::kPostgres) {
    std::string message = LiveMessage(e);
    if (message.size() <= kMaxNotifyPayload) {
      auto r = tx.Query("SELECT pg_notify($1, $2)", {std::string(kLiveChannel), message});
      if (!r) return std::move(r).error();
      return core::Ok();
    }
    // Rare (a huge body): this node's screens still get it; other nodes' do not.
    spdlog::warn("live event of {} bytes too large to fan out to other nodes", message.size());
  }
  tx.AfterCommit([e = std::move(e)] { PublishLocal(e); });
  return core::Ok();
}

}  // namespace yingbin::notify
