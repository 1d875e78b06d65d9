// The one translation unit with Beast and Asio (see STYLE.md: it costs ~13 s to compile).
// The session life cycle follows Beast's example/advanced/server: do_read -> on_read ->
// (worker pool for /api/) -> send -> on_write -> do_read again or close.
#include <pthread.h>
#include <sched.h>

#include <utility>  // before Asio: Boost + g++ 12 + C++20 (STYLE.md)

// Deprecated in Boost 1.81 (it prints a note); Beast types never leave this file, so its
// own string_view (convertible to std::string_view) is as good.
#undef BOOST_BEAST_USE_STD_STRING_VIEW

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "core/crypto.hpp"
#include "core/lang.hpp"
#include "core/thread_name.hpp"
#include "http/event_stream.hpp"
#include "http/server.hpp"

namespace yingbin::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;

namespace {

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'";
constexpr const char* kAssetCache = "public, max-age=31536000, immutable";

template <typename Json>
std::string Dump(const Json& j) {
  // Paths and headers come from the client and may not be UTF-8: never throw on them.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Method ToMethod(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

bool SaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string HttpDate(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string IsoNow() {
  auto now = std::chrono::system_clock::now();
  std::time_t tt = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms.count()));
  return buf;
}

std::string ContentTypeFor(const fs::path& file) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".json", "application/json; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  std::string ext = file.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// True when `p` (canonical) is `root` (canonical) or below it.
bool IsUnder(const fs::path& p, const fs::path& root) {
  auto pi = p.begin();
  for (auto ri = root.begin(); ri != root.end(); ++ri, ++pi) {
    if (ri->empty()) continue;  // trailing separator of the root
    if (pi == p.end() || *pi != *ri) return false;
  }
  return true;
}

Response PlainNotFound() { return Response::Text(404, "not found\n", "text/plain; charset=utf-8"); }

// Serves GET/HEAD outside /api/ from `root` (canonical). The decoded path is split into
// segments; "..", NUL and backslash are refused before touching the file system, and the
// resolved file must still be under the root so that a symlink cannot lead outside it.
Response ServeStatic(const fs::path& root, const std::string& path) {
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos)
    return PlainNotFound();
  fs::path rel;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    std::string_view seg(path.data() + pos, slash - pos);
    pos = slash + 1;
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") return PlainNotFound();
    rel /= std::string(seg);
  }
  const bool asset = StartsWith(path, "/assets/");
  std::error_code ec;
  if (!rel.empty()) {
    fs::path real = fs::weakly_canonical(root / rel, ec);
    if (!ec && IsUnder(real, root) && fs::is_regular_file(real, ec)) {
      Response r;
      r.content_type = ContentTypeFor(real);
      r.file_path = real.string();
      if (asset)
        r.SetHeader("Cache-Control", kAssetCache);
      else if (real.filename() == "index.html")
        r.SetHeader("Cache-Control", "no-cache");
      return r;
    }
  }
  // A missing script or stylesheet must fail loudly, not load the app's HTML.
  if (asset) return PlainNotFound();
  fs::path index = root / "index.html";
  if (!fs::is_regular_file(index, ec)) return PlainNotFound();
  Response r;
  r.content_type = "text/html; charset=utf-8";
  r.file_path = index.string();
  r.SetHeader("Cache-Control", "no-cache");
  return r;
}

class Session;

}  // namespace

std::string ErrorBody(const Request& req, std::string_view code, std::string_view message_key,
                      std::string_view field,
                      const std::vector<std::pair<std::string, std::string>>& args) {
  nlohmann::ordered_json err = {
      {"code", code},
      {"message", core::Localize(req.lang, message_key, args, field)},
      {"field", field.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(field)},
      {"request_id", req.request_id},
  };
  return Dump(nlohmann::ordered_json{{"error", std::move(err)}});
}

std::string ErrorBody(const Request& req, std::string_view code, std::string_view message_key,
                      std::string_view field) {
  return ErrorBody(req, code, message_key, field, {});
}

namespace {

// Everything a session shares with the server (Server::Impl is private to Server).
struct State {
  State(ServerOptions o, Dispatch d) : options(std::move(o)), dispatch(std::move(d)) {}

  ServerOptions options;
  Dispatch dispatch;
  fs::path static_root;  // canonical; empty = no static files

  // Declared before the io_context: handlers destroyed with it end sessions, whose
  // destructors use these.
  std::mutex mu;
  std::condition_variable cv;
  std::map<Session*, std::weak_ptr<Session>> sessions;
  int in_flight = 0;  // requests read and not yet fully answered
  std::atomic<bool> draining{false};

  std::mutex stop_mu;
  bool started = false;
  bool stopped = false;
  uint16_t bound_port = 0;

  asio::io_context ioc{std::max(1, options.io_threads)};
  tcp::acceptor acceptor{asio::make_strand(ioc)};
  std::optional<asio::thread_pool> workers;
  std::vector<std::thread> io_threads;

  void DoAccept();
  void BeginRequest() {
    std::lock_guard lock(mu);
    ++in_flight;
  }
  void EndRequest() {
    std::lock_guard lock(mu);
    if (--in_flight == 0) cv.notify_all();
  }
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, State& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ip_ = ep.address().to_string();
  }

  ~Session() {
    if (events_) {
      events_->SetWaker(nullptr);
      events_->Close();
    }
    if (busy_) server_.EndRequest();
    std::lock_guard lock(server_.mu);
    server_.sessions.erase(this);
    server_.cv.notify_all();
  }

  void Run() {
    {
      std::lock_guard lock(server_.mu);
      server_.sessions.emplace(this, weak_from_this());
    }
    // Start on the session's strand, as the accept handler ran on the acceptor's.
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }

  // Ends the connection (Stop(): idle keep-alive connections and event streams). Runs on
  // the strand.
  void Close() {
    if (events_) {
      events_->SetWaker(nullptr);
      events_->Close();
      events_done_ = true;
    }
    if (ping_timer_) ping_timer_->cancel();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

 private:
  void DoRead() {
    parser_.emplace();
    parser_->body_limit(server_.options.body_limit);
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  // A client that sends "Expect: 100-continue" (curl does for large bodies) waits for our
  // go-ahead before the body; without it every such upload would stall for a second.
  void OnHeader(beast::error_code ec, std::size_t n) {
    if (ec) return OnRead(ec, n);
    const auto& header = parser_->get();
    if (!parser_->is_done() && beast::iequals(header[bhttp::field::expect], "100-continue")) {
      auto go_ahead = std::make_shared<bhttp::response<bhttp::empty_body>>(
          bhttp::status::continue_, header.version());
      stream_.expires_after(server_.options.write_timeout);
      bhttp::async_write(stream_, *go_ahead,
                         [self = shared_from_this(), go_ahead](beast::error_code ec, std::size_t) {
                           if (ec) return;  // the peer left; the session ends
                           self->ReadBody();
                         });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream) return DoClose();
    if (ec == bhttp::error::body_limit) {
      auto req = MakeRequest(false);
      Begin();
      Response r =
          Response::Json(413, ErrorBody(*req, "payload_too_large", "error.payload_too_large", {},
                                        {{"limit", std::to_string(server_.options.body_limit)}}));
      return Send(*req, std::move(r), /*force_close=*/true);
    }
    if (ec) {
      // Parse errors get 400; timeouts, resets and EOF in the middle of a message are the
      // peer's business and end the connection quietly.
      bool malformed =
          ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
          ec != bhttp::error::partial_message;
      if (!malformed) return;
      auto req = MakeRequest(false);
      Begin();
      Response r =
          Response::Json(400, ErrorBody(*req, "invalid_argument", "validation.invalid", "request"));
      return Send(*req, std::move(r), true);
    }

    Begin();
    auto req = MakeRequest(true);
    if (server_.draining) {
      Response r = Response::Json(503, ErrorBody(*req, "unavailable", "error.unavailable"));
      return Send(*req, std::move(r), true);
    }
    const std::string& target = req->target;
    if (target.empty() || target.front() != '/' || !path_ok_) {
      Response r =
          Response::Json(400, ErrorBody(*req, "invalid_argument", "validation.invalid", "request"));
      return Send(*req, std::move(r), true);
    }
    if (StartsWith(req->path, "/api/")) {
      // The tracked executor counts as work, so the io_context (and Stop()) waits for the
      // answer to come back even when no socket operation is pending.
      auto home = asio::prefer(stream_.get_executor(), asio::execution::outstanding_work.tracked);
      asio::post(*server_.workers, [self = shared_from_this(), req, home]() mutable {
        // Handlers are batch work to the kernel: woken, they wait for the running thread's
        // slice instead of preempting it (the SQLite writer thread, db/pool.cpp).
        static thread_local const bool batch = [] {
          core::NameThisThread("http-handler");
          sched_param p{};
          return pthread_setschedparam(pthread_self(), SCHED_BATCH, &p) == 0;
        }();
        (void)batch;
        Response r = self->RunDispatch(*req);
        asio::post(home, [self, req = std::move(req), r = std::move(r)]() mutable {
          self->Send(*req, std::move(r), false);
        });
      });
      return;
    }
    Response r;
    if (server_.static_root.empty()) {
      r = Response::Json(404, ErrorBody(*req, "not_found", "error.not_found"));
    } else if (req->method != Method::kGet && req->method != Method::kHead) {
      r = Response::Json(405, ErrorBody(*req, "method_not_allowed", "error.method_not_allowed"));
      r.SetHeader("Allow", "GET, HEAD");
    } else {
      r = ServeStatic(server_.static_root, req->path);
    }
    Send(*req, std::move(r), false);
  }

  Response RunDispatch(Request& req) {
    try {
      return server_.dispatch(req);
    } catch (const std::exception& e) {
      spdlog::error("{}", Dump(nlohmann::ordered_json{{"ts", IsoNow()},
                                                      {"level", "error"},
                                                      {"msg", "dispatch threw"},
                                                      {"error", e.what()},
                                                      {"request_id", req.request_id}}));
    } catch (...) {
      spdlog::error("{}", Dump(nlohmann::ordered_json{{"ts", IsoNow()},
                                                      {"level", "error"},
                                                      {"msg", "dispatch threw a non-exception"},
                                                      {"request_id", req.request_id}}));
    }
    return Response::Json(500, ErrorBody(req, "internal", "error.internal"));
  }

  void Begin() {
    busy_ = true;
    server_.BeginRequest();
  }

  // Builds the plain Request from what the parser has; `complete` = the body was read.
  std::shared_ptr<Request> MakeRequest(bool complete) {
    auto req = std::make_shared<Request>();
    req->received_at = std::chrono::steady_clock::now();
    req->remote_ip = peer_ip_;
    path_ok_ = true;
    // After a body_limit or parse error the header is partly or fully parsed: use what
    // there is (for the language and the request id of the error answer).
    if (parser_) {
      auto& msg = parser_->get();
      keep_alive_ = complete && msg.keep_alive();
      req->method = ToMethod(msg.method());
      req->target = std::string(msg.target());
      for (const auto& field : msg) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        req->headers.emplace_back(std::move(name), std::string(field.value()));
      }
      if (complete) req->body = std::move(msg.body());
    } else {
      keep_alive_ = false;
    }
    std::string_view target = req->target;
    size_t q = target.find('?');
    if (q != std::string_view::npos) req->query = std::string(target.substr(q + 1));
    if (auto path = PercentDecode(target.substr(0, q), false))
      req->path = std::move(*path);
    else
      path_ok_ = false;

    std::string_view id = req->Header("x-request-id");
    req->request_id = SaneRequestId(id) ? std::string(id) : core::RandomHex(8);
    req->lang = core::ParseAcceptLanguage(req->Header("accept-language"));
    if (server_.options.trust_forwarded_for) {
      std::string_view xff = req->Header("x-forwarded-for");
      std::string_view first = xff.substr(0, xff.find(','));
      while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
      while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
      beast::error_code ec;
      auto addr = asio::ip::make_address(std::string(first), ec);
      if (!ec) req->remote_ip = addr.to_string();
    }
    return req;
  }

  void Send(const Request& req, Response r, bool force_close) {
    bool keep = keep_alive_ && !force_close && !server_.draining;
    const bool head = req.method == Method::kHead;
    const bool no_body = r.status == 204 || r.status == 304 || (r.status >= 100 && r.status < 200);

    std::optional<bhttp::file_body::value_type> file;
    if (!r.file_path.empty()) {
      beast::error_code ec;
      file.emplace();
      file->open(r.file_path.c_str(), beast::file_mode::scan, ec);
      if (ec) {
        file.reset();
        r = PlainNotFound();
      }
    }
    uint64_t size = file ? file->size() : r.body.size();

    bhttp::response_header<> h;
    h.version(11);
    h.result(static_cast<unsigned>(r.status));
    h.set(bhttp::field::server, "yingbin");
    h.set(bhttp::field::date, HttpDate(std::chrono::system_clock::now()));
    if (!r.content_type.empty()) h.set(bhttp::field::content_type, r.content_type);
    bool has_cache_control = false;
    for (auto& [name, value] : r.headers) {
      if (beast::iequals(name, "cache-control")) has_cache_control = true;
      h.insert(name, value);
    }
    if (!has_cache_control && StartsWith(req.path, "/api/"))
      h.set(bhttp::field::cache_control, "no-store");
    h.set("Content-Security-Policy", kContentSecurityPolicy);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Request-Id", req.request_id);

    if (r.stream) {
      if (!head && r.status == 200) return StartEvents(req, std::move(h), std::move(r.stream));
      r.stream->Close();
    }

    uint64_t sent = 0;
    std::optional<bhttp::message_generator> gen;
    if (head || no_body) {
      bhttp::response<bhttp::empty_body> res(std::move(h));
      if (!no_body) res.content_length(size);
      res.keep_alive(keep);
      gen.emplace(std::move(res));
    } else if (file) {
      bhttp::response<bhttp::file_body> res(std::move(h), std::move(*file));
      res.content_length(size);
      res.keep_alive(keep);
      sent = size;
      gen.emplace(std::move(res));
    } else {
      bhttp::response<bhttp::string_body> res(std::move(h), std::move(r.body));
      res.content_length(size);
      res.keep_alive(keep);
      sent = size;
      gen.emplace(std::move(res));
    }

    LogAccess(req, r.status, sent);
    stream_.expires_after(server_.options.write_timeout);
    beast::async_write(stream_, std::move(*gen),
                       beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep));
  }

  // --- Server-Sent Events (event_stream.hpp) ---
  // The headers go out at once (chunked, no Content-Length); then every batch of pushed text
  // is one chunk. The request counts as answered once the headers are written, so Stop()
  // does not wait for streams to end: it closes them. No thread waits on an idle stream:
  // the stream's waker posts PumpEvents to this session's strand.
  void StartEvents(const Request& req, bhttp::response_header<> h,
                   std::shared_ptr<EventStream> events) {
    h.set(bhttp::field::content_type, "text/event-stream; charset=utf-8");
    h.set(bhttp::field::cache_control, "no-store");
    h.set("X-Accel-Buffering", "no");  // nginx: pass events through unbuffered
    events_ = std::move(events);
    // HTTP/1.0 clients (nginx without proxy_http_version 1.1) know no chunked encoding:
    // for them the body is the raw events and ends when the connection closes.
    events_chunked_ = parser_ && parser_->get().version() >= 11;
    events_res_.emplace(std::move(h));
    events_res_->chunked(events_chunked_);
    events_res_->keep_alive(false);
    events_sr_.emplace(*events_res_);
    LogAccess(req, 200, 0);
    stream_.expires_after(server_.options.write_timeout);
    bhttp::async_write_header(
        stream_, *events_sr_,
        beast::bind_front_handler(&Session::OnEventsHeader, shared_from_this()));
  }

  void OnEventsHeader(beast::error_code ec, std::size_t) {
    busy_ = false;
    server_.EndRequest();
    if (ec || server_.draining || events_done_) return EndEvents();
    stream_.expires_never();
    // The client leaving (EOF or reset) completes this read; SSE clients send nothing more.
    stream_.socket().async_read_some(
        asio::buffer(drain_buffer_),
        asio::bind_executor(
            stream_.get_executor(),
            [self = shared_from_this()](beast::error_code, std::size_t) { self->EndEvents(); }));
    ping_timer_.emplace(stream_.get_executor());
    SchedulePing();
    std::weak_ptr<Session> weak = weak_from_this();
    auto ex = stream_.get_executor();
    events_->SetWaker([weak, ex] {
      asio::post(ex, [weak] {
        if (auto self = weak.lock()) self->PumpEvents();
      });
    });
  }

  void SchedulePing() {
    ping_timer_->expires_after(kPingInterval);
    ping_timer_->async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->events_done_) return;
      self->events_->Push(": ping\n\n");
      self->SchedulePing();
    });
  }

  void PumpEvents() {
    if (!events_ || events_writing_ || events_done_) return;
    bool closed = false;
    std::string text = events_->Take(&closed);
    if (text.empty()) {
      if (closed) FinishEvents();
      return;
    }
    events_out_ = std::move(text);
    events_writing_ = true;
    stream_.expires_after(server_.options.write_timeout);
    auto on_written = [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->events_writing_ = false;
      if (ec) return self->EndEvents();
      self->stream_.expires_never();
      self->PumpEvents();
    };
    if (events_chunked_)
      asio::async_write(stream_, bhttp::make_chunk(asio::buffer(events_out_)),
                        std::move(on_written));
    else
      asio::async_write(stream_, asio::buffer(events_out_), std::move(on_written));
  }

  // A producer closed the stream: end the chunked body, then the connection.
  void FinishEvents() {
    events_done_ = true;
    if (!events_chunked_) return Close();
    events_writing_ = true;
    stream_.expires_after(server_.options.write_timeout);
    asio::async_write(stream_, bhttp::make_chunk_last(),
                      [self = shared_from_this()](beast::error_code, std::size_t) {
                        self->events_writing_ = false;
                        self->Close();
                      });
  }

  void EndEvents() {
    if (events_ended_) return;
    events_ended_ = true;
    Close();
  }

  void LogAccess(const Request& req, int status, uint64_t bytes) {
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                          req.received_at)
                    .count();
    ms = std::round(ms * 100) / 100;
    spdlog::info(
        "{}", Dump(nlohmann::ordered_json{
                  {"ts", IsoNow()},
                  {"level", "info"},
                  {"msg", "access"},
                  {"method", MethodName(req.method)},
                  {"path", req.path},
                  {"route", req.route_pattern.empty() ? nlohmann::ordered_json(nullptr)
                                                      : nlohmann::ordered_json(req.route_pattern)},
                  {"status", status},
                  {"bytes", bytes},
                  {"ms", ms},
                  {"request_id", req.request_id},
                  {"ip", req.remote_ip}}));
  }

  void OnWrite(bool keep, beast::error_code ec, std::size_t) {
    busy_ = false;
    server_.EndRequest();
    if (ec) return;
    if (!keep) return DoClose();
    DoRead();
  }

  // Lingering close: after our last response, stop sending but keep reading (and
  // discarding) for a short while. Closing with unread data in the socket makes the
  // kernel send RST, and the client would lose the response we just wrote (a 413 sent
  // while it is still uploading the body it was refused for).
  void DoClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return;
    stream_.expires_after(kLingerTime);
    DoDrain();
  }

  void DoDrain() {
    stream_.async_read_some(
        asio::buffer(drain_buffer_),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          self->drained_ += n;
          if (ec || self->drained_ > kLingerMaxBytes) {
            beast::error_code ignored;
            self->stream_.socket().close(ignored);
            return;
          }
          self->DoDrain();
        });
  }

  static constexpr std::chrono::seconds kLingerTime{2};
  static constexpr std::chrono::seconds kPingInterval{15};
  static constexpr std::size_t kLingerMaxBytes = 64 << 20;
  std::array<char, 16384> drain_buffer_{};
  std::size_t drained_ = 0;

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  State& server_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string peer_ip_;
  bool path_ok_ = true;  // the target's path percent-decoded
  bool keep_alive_ = false;
  bool busy_ = false;  // counted in in_flight until the answer is written

  // Set while this connection streams events (then it serves nothing else).
  std::shared_ptr<EventStream> events_;
  std::optional<bhttp::response<bhttp::empty_body>> events_res_;
  std::optional<bhttp::response_serializer<bhttp::empty_body>> events_sr_;
  std::optional<asio::steady_timer> ping_timer_;
  std::string events_out_;  // the chunk being written
  bool events_chunked_ = true;
  bool events_writing_ = false;
  bool events_done_ = false;
  bool events_ended_ = false;
};

void State::DoAccept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      spdlog::warn("{}", Dump(nlohmann::ordered_json{{"ts", IsoNow()},
                                                     {"level", "warn"},
                                                     {"msg", "accept failed"},
                                                     {"error", ec.message()}}));
    } else if (draining) {
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      // Responses are written whole; without NODELAY a small response that follows another
      // waits for the client's delayed ACK (~40 ms on Linux).
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Session>(std::move(socket), *this)->Run();
    }
    if (acceptor.is_open()) DoAccept();
  });
}

}  // namespace

struct Server::Impl : State {
  using State::State;
};

Server::Server(ServerOptions options, Dispatch dispatch)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatch))) {}

Server::~Server() {
  try {
    Stop();
  } catch (const std::exception& e) {
    spdlog::error(
        "{}",
        Dump(nlohmann::ordered_json{
            {"ts", IsoNow()}, {"level", "error"}, {"msg", "stop failed"}, {"error", e.what()}}));
  }
}

bool Server::Start() {
  Impl& s = *impl_;
  std::lock_guard stop_lock(s.stop_mu);
  if (s.started || s.stopped) return false;
  auto fail = [](const std::string& what, const beast::error_code& ec) {
    spdlog::error("{}", Dump(nlohmann::ordered_json{{"ts", IsoNow()},
                                                    {"level", "error"},
                                                    {"msg", "cannot listen"},
                                                    {"step", what},
                                                    {"error", ec.message()}}));
    return false;
  };

  beast::error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(s.options.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, s.options.port);
  } else {
    tcp::resolver resolver(s.ioc);
    auto results = resolver.resolve(s.options.host, std::to_string(s.options.port), ec);
    if (ec || results.empty()) return fail("resolve " + s.options.host, ec);
    endpoint = results.begin()->endpoint();
  }
  s.acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open", ec);
  s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("set_option", ec);
  s.acceptor.bind(endpoint, ec);
  if (ec) return fail("bind", ec);
  s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen", ec);
  s.bound_port = s.acceptor.local_endpoint(ec).port();

  if (!s.options.static_root.empty()) {
    std::error_code fec;
    fs::path root = fs::canonical(s.options.static_root, fec);
    if (fec || !fs::is_directory(root, fec)) {
      spdlog::warn("{}", Dump(nlohmann::ordered_json{{"ts", IsoNow()},
                                                     {"level", "warn"},
                                                     {"msg", "static root is not a directory"},
                                                     {"path", s.options.static_root}}));
    } else {
      s.static_root = root;
    }
  }

  s.workers.emplace(static_cast<std::size_t>(std::max(1, s.options.worker_threads)));
  s.DoAccept();
  for (int i = 0; i < std::max(1, s.options.io_threads); ++i)
    s.io_threads.emplace_back([&s] {
      core::NameThisThread("http-io");
      s.ioc.run();
    });
  s.started = true;
  return true;
}

uint16_t Server::port() const { return impl_->bound_port; }

void Server::Stop() {
  Impl& s = *impl_;
  std::lock_guard stop_lock(s.stop_mu);
  if (s.stopped) return;
  s.stopped = true;
  if (!s.started) return;
  s.draining = true;

  // Stop accepting: on the acceptor's strand, as its handler may be running.
  std::promise<void> closed;
  asio::post(s.acceptor.get_executor(), [&s, &closed] {
    beast::error_code ec;
    s.acceptor.close(ec);
    closed.set_value();
  });
  closed.get_future().wait_for(std::chrono::seconds(5));

  const auto deadline = std::chrono::steady_clock::now() + s.options.drain_timeout;
  std::vector<std::shared_ptr<Session>> live;
  {
    std::unique_lock lock(s.mu);
    s.cv.wait_until(lock, deadline, [&s] { return s.in_flight == 0; });
    for (auto& [ptr, weak] : s.sessions)
      if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  // What is left is idle keep-alive connections (or requests past the drain timeout).
  for (auto& session : live) {
    auto ex = session->executor();
    asio::post(ex, [session = std::move(session)] { session->Close(); });
  }
  live.clear();
  {
    std::unique_lock lock(s.mu);
    s.cv.wait_for(lock, std::chrono::seconds(2), [&s] { return s.sessions.empty(); });
  }
  s.ioc.stop();
  for (auto& t : s.io_threads) t.join();
  s.io_threads.clear();
  // A dispatch still running past the drain timeout is waited for: it cannot be cut.
  s.workers->stop();
  s.workers->join();
}

}  // namespace yingbin::http
