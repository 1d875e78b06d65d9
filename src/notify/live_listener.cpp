#include "notify/live_listener.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/thread_name.hpp"
#include "core/time.hpp"
#include "db/listener.hpp"
#include "notify/live.hpp"

namespace yingbin::notify {
namespace {

void Warn(const char* what, const std::string& error = {}) {
  spdlog::warn("{}", nlohmann::json{{"ts", core::FormatIsoUtc(core::SystemClock().NowMs())},
                                    {"level", "warn"}, {"msg", what}, {"error", error}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

void LiveListener::Start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] {
    core::NameThisThread("notify-listen");
    Loop();
  });
}

void LiveListener::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void LiveListener::Loop() {
  constexpr int kWaitMs = 250;  // how soon Stop() is noticed
  while (!stop_) {
    auto listener = db::Listener::Open(url_, kLiveChannel);
    if (!listener) {
      Warn("live listener cannot connect", listener.error().detail);
      for (int i = 0; i < 4 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(kWaitMs));
      continue;
    }
    while (!stop_) {
      auto messages = (*listener)->Wait(kWaitMs);
      if (!messages) {
        Warn("live listener lost its connection", messages.error().detail);
        break;
      }
      for (const auto& m : *messages)
        if (!PublishLiveMessage(hub_, m)) Warn("malformed live message");
    }
  }
}

}  // namespace yingbin::notify
