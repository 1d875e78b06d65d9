#pragma once
// The HTTP/1.1 server (Boost.Beast inside server.cpp only).
//
// Life cycle: Server s(options, dispatch); s.Start(); ... s.Stop();
// - I/O runs on `io_threads` threads; every dispatched request runs on a separate
//   worker pool of `worker_threads` threads, so blocking work (database, password
//   hashing) never stalls the I/O threads.
// - Keep-alive; each read has `read_timeout`, each write `write_timeout`; a body over
//   `body_limit` answers 413 with the standard error JSON; a malformed request 400.
// - Every response gets security headers (Content-Security-Policy, X-Content-Type-Options:
//   nosniff, X-Frame-Options: DENY, Referrer-Policy: no-referrer), X-Request-Id, and one
//   JSON access log line via spdlog (method, path, status, bytes, duration ms, request id,
//   remote ip).
// - Requests whose path starts with "/api/" go to `dispatch`. Other GET/HEAD requests
//   are served from `static_root` (when non-empty): the file if it exists under the root
//   (no traversal outside it: ".." segments, encoded or not, symlinks leaving the root),
//   else index.html (SPA fallback). Files under /assets/ get long cache headers,
//   index.html "no-cache".
// - Stop(): stops accepting, lets in-flight requests finish (up to `drain_timeout`),
//   closes idle keep-alive connections, then returns. New connections during draining
//   are refused; a request arriving on a kept-alive connection while draining gets 503.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace yingbin::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 = pick a free port (see Server::port())
  int io_threads = 1;
  int worker_threads = 4;
  size_t body_limit = 1 << 20;
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds write_timeout{30000};
  std::chrono::milliseconds drain_timeout{10000};
  std::string static_root;           // directory of the built web app; empty = none
  bool trust_forwarded_for = false;  // take remote_ip from X-Forwarded-For (behind nginx)
};

// Handles one /api/ request on a worker thread. Must not throw; if it does, the server
// answers 500 with the standard error JSON and logs the exception with the request id.
using Dispatch = std::function<Response(Request&)>;

class Server {
 public:
  Server(ServerOptions options, Dispatch dispatch);
  ~Server();  // calls Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads. Returns false (and logs) when the address cannot be bound.
  bool Start();
  // The bound port (useful with port 0). REQUIRES: Start() returned true.
  uint16_t port() const;
  // Graceful stop as described above. Idempotent; safe from any thread but a worker.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The standard error body {"error":{"code","message","field","request_id"}} for
// failures the server itself produces (400/404/405/413/500/503) in the request's language.
std::string ErrorBody(const Request& req, std::string_view code, std::string_view message_key,
                      std::string_view field = {});
// The same with values for the message's {placeholders}, e.g. {"limit", "1048576"}.
std::string ErrorBody(const Request& req, std::string_view code, std::string_view message_key,
                      std::string_view field,
                      const std::vector<std::pair<std::string, std::string>>& args);

}  // namespace yingbin::http
