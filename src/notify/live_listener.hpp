#pragma once
// Hears the live events of every app node (PostgreSQL LISTEN on kLiveChannel, see
// notify/live.hpp) and publishes them to this node's hub, so a screen sees an event
// whichever node made the change. Reconnects after a lost connection; events sent while it was away are
// lost to its screens, which reload their lists when the stream reconnects anyway.
#include <atomic>
#include <string>
#include <thread>

#include "notify/hub.hpp"

namespace yingbin::notify {

class LiveListener {
 public:
  // `hub` must outlive the listener; `url` is the postgresql:// database URL.
  LiveListener(std::string url, Hub& hub) : url_(std::move(url)), hub_(hub) {}
  ~LiveListener() { Stop(); }
  LiveListener(const LiveListener&) = delete;
  LiveListener& operator=(const LiveListener&) = delete;

  void Start();
  void Stop();  // joins the thread; idempotent

 private:
  void Loop();

  const std::string url_;
  Hub& hub_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
};

}  // namespace yingbin::notify
