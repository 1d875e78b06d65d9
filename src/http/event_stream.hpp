#pragma once
// A Server-Sent Events stream (DESIGN.md "http/ ... SSE") as plain data, so that modules can
// stream without seeing Beast or Asio.
//
// A handler creates one, hands it to whoever produces events (e.g. notify::Hub), and
// returns it in http::Response::stream. The server then writes the headers
// (Content-Type: text/event-stream, no Content-Length) and writes whatever is pushed, as it
// is pushed, plus a ": ping" comment every 15 s, until the client leaves, the server stops,
// or a producer calls Close(). An idle stream holds no thread: the server is woken through
// the waker it installs.
//
// Thread safety: every method may be called from any thread.
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace yingbin::http {

class EventStream {
 public:
  // Text a slow client may leave unread before the stream is closed (a stuck client must
  // not grow memory without bound; the web app reloads its state when it reconnects).
  static constexpr size_t kMaxBuffered = 1 << 20;

  // Appends raw event text ("event: x\ndata: y\n\n" or ": comment\n\n") for the client.
  // Returns false (and drops the text) when the stream is closed.
  bool Push(std::string text) {
    std::function<void()> wake;
    {
      std::lock_guard lock(mu_);
      if (closed_) return false;
      if (pending_.size() + text.size() > kMaxBuffered) {
        closed_ = true;
        pending_.clear();
      } else {
        pending_ += text;
      }
      wake = waker_;
    }
    if (wake) wake();
    return true;
  }

  // Ends the stream: the server finishes the response and closes the connection. Idempotent.
  void Close() {
    std::function<void()> wake;
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
      closed_ = true;
      wake = waker_;
    }
    if (wake) wake();
  }

  bool closed() const {
    std::lock_guard lock(mu_);
    return closed_;
  }

  // --- the server's side ---

  // Installs the function the stream calls (from the pushing thread) when there is text to
  // write or it closed. Called at once when text is already waiting.
  void SetWaker(std::function<void()> waker) {
    std::function<void()> wake;
    {
      std::lock_guard lock(mu_);
      waker_ = std::move(waker);
      if (!pending_.empty() || closed_) wake = waker_;
    }
    if (wake) wake();
  }

  // Takes everything pushed so far; *closed tells whether the stream has ended.
  std::string Take(bool* closed) {
    std::lock_guard lock(mu_);
    *closed = closed_;
    return std::exchange(pending_, std::string());
  }

  // One event in the SSE wire format; `data` may hold several lines (each becomes a
  // "data:" line). Empty `id` or `event` are left out.
  static std::string Format(std::string_view event, std::string_view data,
                            std::string_view id = {}) {
    std::string out;
    if (!id.empty()) out.append("id: ").append(id).append("\n");
    if (!event.empty()) out.append("event: ").append(event).append("\n");
    size_t start = 0;
    while (true) {
      size_t nl = data.find('\n', start);
      std::string_view line = data.substr(start, nl == std::string_view::npos ? nl : nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      out.append("data: ").append(line).append("\n");
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
    out.append("\n");
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::string pending_;
  bool closed_ = false;
  std::function<void()> waker_;
};

}  // namespace yingbin::http
