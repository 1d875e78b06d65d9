// Talks to a real Server over real sockets. The client is raw POSIX sockets on purpose:
// Beast stays in server.cpp only.
#include "http/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/crypto.hpp"

namespace yingbin::http {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kSecret = "TOP-SECRET-7d1f";
constexpr const char* kIndex = "<!doctype html><title>yingbin</title>";
constexpr const char* kCsp =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'";

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  json Json() const { return json::parse(body); }
};

// A blocking HTTP/1.1 client connection, enough for these tests.
class Conn {
 public:
  explicit Conn(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      error_ = errno;
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~Conn() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  int error() const { return error_; }

  void Send(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      off += static_cast<size_t>(n);
    }
  }

  // Reads one response; status 0 when the connection closed or timed out first.
  Reply Read(bool head = false) {
    Reply r;
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!Fill()) return r;
    std::istringstream lines(buf_.substr(0, end));
    buf_.erase(0, end + 4);
    std::string line;
    std::getline(lines, line);
    r.status = std::stoi(line.substr(9, 3));
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[name] = value;
    }
    size_t length =
        head ? 0
             : std::stoul(r.Header("content-length").empty() ? "0" : r.Header("content-length"));
    while (buf_.size() < length)
      if (!Fill()) return Reply{};
    r.body = buf_.substr(0, length);
    buf_.erase(0, length);
    return r;
  }

  // True when the server closed the connection (and sent nothing more).
  bool Closed() { return buf_.empty() && !Fill(); }

  Reply Get(const std::string& target, const std::string& extra_headers = "") {
    Send("GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra_headers + "\r\n");
    return Read();
  }

 private:
  bool Fill() {
    char tmp[4096];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  int error_ = 0;
  std::string buf_;
};

Response TestDispatch(Request& req) {
  if (req.path == "/api/v1/health") return Response::Json(200, R"({"status":"ok"})");
  if (req.path == "/api/v1/throw") throw std::runtime_error("boom");
  if (req.path == "/api/v1/slow") {
    std::this_thread::sleep_for(300ms);
    return Response::Json(200, R"({"slow":true})");
  }
  if (req.path == "/api/v1/echo") {
    json j = {{"method", MethodName(req.method)},
              {"path", req.path},
              {"q", req.QueryParam("q").value_or("")},
              {"request_id", req.request_id},
              {"ip", req.remote_ip},
              {"body", req.body}};
    return Response::Json(200, j.dump());
  }
  return Response::Json(404, ErrorBody(req, "not_found", "error.route_not_found"));
}

void WriteFile(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(core::InitCrypto()); }

  void SetUp() override {
    char tmpl[] = "/tmp/yingbin_http_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    base_ = tmpl;
    root_ = base_ / "root";
    WriteFile(root_ / "index.html", kIndex);
    WriteFile(root_ / "app.txt", "hello static");
    WriteFile(root_ / "assets" / "app.js", "console.log(1);");
    WriteFile(base_ / "secret.txt", kSecret);
    WriteFile(base_ / "rootsibling" / "secret.txt", kSecret);
    fs::create_symlink(base_ / "secret.txt", root_ / "link.txt");
    fs::create_directory_symlink(base_, root_ / "assets" / "up");

    log_ = std::make_shared<std::ostringstream>();
    auto logger = std::make_shared<spdlog::logger>(
        "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(*log_));
    logger->set_pattern("%v");
    previous_logger_ = spdlog::default_logger();
    spdlog::set_default_logger(logger);
  }

  void TearDown() override {
    server_.reset();
    spdlog::set_default_logger(previous_logger_);
    std::error_code ec;
    fs::remove_all(base_, ec);
  }

  ServerOptions Options() {
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.io_threads = 2;
    o.worker_threads = 2;
    o.body_limit = 1024;
    o.drain_timeout = 5s;
    o.static_root = root_.string();
    return o;
  }

  uint16_t StartServer(ServerOptions o, Dispatch d = TestDispatch) {
    server_ = std::make_unique<Server>(std::move(o), std::move(d));
    EXPECT_TRUE(server_->Start());
    return server_->port();
  }
  uint16_t StartServer() { return StartServer(Options()); }

  std::string LogText() {
    spdlog::default_logger()->flush();
    return log_->str();
  }

  fs::path base_, root_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<std::ostringstream> log_;
  std::shared_ptr<spdlog::logger> previous_logger_;
};

TEST_F(ServerTest, DispatchAnswersApiRequests) {
  Conn c(StartServer());
  ASSERT_TRUE(c.ok());
  Reply r = c.Get("/api/v1/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.Header("content-length"), "15");
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  EXPECT_FALSE(r.Header("date").empty());
}

// Everything under /api/ is the dispatcher's, found or not: never the SPA's index.html.
TEST_F(ServerTest, EveryApiPathGoesToDispatch) {
  Conn c(StartServer());
  for (const char* target : {"/api/openapi.json", "/api/v1/unknown", "/api/"}) {
    SCOPED_TRACE(target);
    Reply r = c.Get(target, "Accept-Language: en\r\n");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.Json()["error"]["code"], "not_found");
    EXPECT_EQ(r.Json()["error"]["message"], "no such API route");
    EXPECT_EQ(r.Header("cache-control"), "no-store");
  }
}

TEST_F(ServerTest, EchoSeesDecodedPathQueryAndBody) {
  Conn c(StartServer());
  c.Send("POST /api/v1/%65cho?q=%E5%BC%A0+x HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
  Reply r = c.Read();
  ASSERT_EQ(r.status, 200);
  json j = r.Json();
  EXPECT_EQ(j["method"], "POST");
  EXPECT_EQ(j["path"], "/api/v1/echo");
  EXPECT_EQ(j["q"], "张 x");
  EXPECT_EQ(j["body"], "hello");
  EXPECT_EQ(j["ip"], "127.0.0.1");
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  Conn c(StartServer());
  for (const char* target :
       {"/api/v1/health", "/api/v1/nope", "/", "/app.txt", "/assets/missing.js", "/desk/queue"}) {
    SCOPED_TRACE(target);
    Reply r = c.Get(target);
    ASSERT_NE(r.status, 0);
    EXPECT_EQ(r.Header("content-security-policy"), kCsp);
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.Header("x-frame-options"), "DENY");
    EXPECT_EQ(r.Header("referrer-policy"), "no-referrer");
    EXPECT_EQ(r.Header("server"), "yingbin");
    EXPECT_FALSE(r.Header("x-request-id").empty());
  }
}

TEST_F(ServerTest, RequestIdEchoedWhenSaneElseGenerated) {
  Conn c(StartServer());
  Reply mine = c.Get("/api/v1/echo", "X-Request-Id: abc-123_x.Y\r\n");
  EXPECT_EQ(mine.Header("x-request-id"), "abc-123_x.Y");
  EXPECT_EQ(mine.Json()["request_id"], "abc-123_x.Y");

  auto is_generated = [](const std::string& id) {
    return id.size() == 16 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
  };
  Reply bad = c.Get("/api/v1/echo", "X-Request-Id: bad id!\r\n");
  EXPECT_TRUE(is_generated(bad.Header("x-request-id"))) << bad.Header("x-request-id");
  EXPECT_EQ(bad.Json()["request_id"], bad.Header("x-request-id"));
  Reply too_long = c.Get("/api/v1/health", "X-Request-Id: " + std::string(65, 'a') + "\r\n");
  EXPECT_TRUE(is_generated(too_long.Header("x-request-id")));
  Reply none1 = c.Get("/api/v1/health");
  Reply none2 = c.Get("/api/v1/health");
  EXPECT_TRUE(is_generated(none1.Header("x-request-id")));
  EXPECT_NE(none1.Header("x-request-id"), none2.Header("x-request-id"));
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Conn c(StartServer());
  Reply a = c.Get("/api/v1/health");
  Reply b = c.Get("/app.txt");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(b.body, "hello static");
  EXPECT_NE(a.Header("connection"), "close");
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  Conn c(StartServer());
  Reply r = c.Get("/api/v1/health", "Connection: close\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("connection"), "close");
  EXPECT_TRUE(c.Closed());
}

TEST_F(ServerTest, BodyOverLimitIs413) {
  Conn c(StartServer());
  std::string body(2048, 'x');
  c.Send("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nAccept-Language: en\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body);
  Reply r = c.Read();
  ASSERT_EQ(r.status, 413);
  json j = r.Json();
  EXPECT_EQ(j["error"]["code"], "payload_too_large");
  EXPECT_EQ(j["error"]["message"], "request body too large (limit 1024 bytes)");
  EXPECT_TRUE(j["error"]["field"].is_null());
  EXPECT_EQ(j["error"]["request_id"], r.Header("x-request-id"));
  EXPECT_EQ(r.Header("connection"), "close");
}

TEST_F(ServerTest, BodyAtLimitIsAccepted) {
  Conn c(StartServer());
  std::string body(1024, 'x');
  c.Send("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" + body);
  Reply r = c.Read();
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["body"], body);
}

TEST_F(ServerTest, MalformedRequestIs400) {
  Conn c(StartServer());
  c.Send("GET /x HTTP/1.1\r\nHost: t\r\nContent-Length: nope\r\n\r\n");
  Reply r = c.Read();
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["code"], "invalid_argument");
  EXPECT_EQ(r.Json()["error"]["field"], "request");
  EXPECT_TRUE(c.Closed());

  Conn bad_escape(server_->port());
  Reply e = bad_escape.Get("/api/v1/%zz");
  EXPECT_EQ(e.status, 400);
}

TEST_F(ServerTest, StaticFilesWithTypesAndCacheHeaders) {
  Conn c(StartServer());
  Reply txt = c.Get("/app.txt");
  EXPECT_EQ(txt.status, 200);
  EXPECT_EQ(txt.body, "hello static");
  EXPECT_EQ(txt.Header("content-type"), "text/plain; charset=utf-8");

  Reply js = c.Get("/assets/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1);");
  EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("cache-control"), "public, max-age=31536000, immutable");

  Reply index = c.Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, kIndex);
  EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("cache-control"), "no-cache");
}

TEST_F(ServerTest, SpaFallbackServesIndexForAppRoutes) {
  Conn c(StartServer());
  for (const char* target : {"/desk/queue", "/desk/queue?tab=2", "/visits/42/edit"}) {
    SCOPED_TRACE(target);
    Reply r = c.Get(target);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, kIndex);
    EXPECT_EQ(r.Header("cache-control"), "no-cache");
  }
}

TEST_F(ServerTest, MissingAssetIsPlain404) {
  Conn c(StartServer());
  Reply r = c.Get("/assets/missing.js");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("<!doctype"), std::string::npos);
}

TEST_F(ServerTest, HeadHasHeadersButNoBody) {
  Conn c(StartServer());
  c.Send("HEAD /app.txt HTTP/1.1\r\nHost: t\r\n\r\n");
  Reply r = c.Read(/*head=*/true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-length"), "12");
  EXPECT_EQ(r.Header("x-frame-options"), "DENY");
  // Had a body been sent, it would be read as the next status line.
  Reply next = c.Get("/api/v1/health");
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, R"({"status":"ok"})");
}

TEST_F(ServerTest, WritesOutsideApiAreNotAllowed) {
  Conn c(StartServer());
  c.Send("POST /desk/queue HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  Reply r = c.Read();
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Json()["error"]["code"], "method_not_allowed");
}

TEST_F(ServerTest, TraversalNeverLeavesTheRoot) {
  Conn probe(StartServer());
  for (const char* target :
       {"/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e/%2e%2e/etc/passwd",
        "/../etc/passwd", "/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt",
        "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt",
        "/..\\secret.txt", "/link.txt", "/assets/up/secret.txt",
        "/assets/up/rootsibling/secret.txt", "/%00/../secret.txt", "//secret.txt",
        "/./../secret.txt", "/root/../secret.txt", "/a/b/../../../secret.txt"}) {
    SCOPED_TRACE(target);
    Conn c(server_->port());
    Reply r = c.Get(target);
    EXPECT_EQ(r.body.find(kSecret), std::string::npos) << r.status;
    EXPECT_EQ(r.body.find("root:"), std::string::npos);
    EXPECT_NE(r.status, 0);
  }
}

TEST_F(ServerTest, DispatchThatThrowsIs500WithRequestId) {
  Conn c(StartServer());
  Reply r = c.Get("/api/v1/throw", "X-Request-Id: req-500\r\n");
  ASSERT_EQ(r.status, 500);
  json j = r.Json();
  EXPECT_EQ(j["error"]["code"], "internal");
  EXPECT_EQ(j["error"]["request_id"], "req-500");
  EXPECT_EQ(j["error"]["message"], "服务器内部错误");
  std::string log = LogText();
  EXPECT_NE(log.find("boom"), std::string::npos);
  EXPECT_NE(log.find("req-500"), std::string::npos);
  // The connection survives.
  EXPECT_EQ(c.Get("/api/v1/health").status, 200);
}

TEST_F(ServerTest, AcceptLanguagePicksTheMessageLanguage) {
  Conn c(StartServer());
  EXPECT_EQ(
      c.Get("/api/v1/throw", "Accept-Language: en-US,en;q=0.9\r\n").Json()["error"]["message"],
      "internal server error");
  EXPECT_EQ(c.Get("/api/v1/throw", "Accept-Language: zh-TW\r\n").Json()["error"]["message"],
            "伺服器內部錯誤");
  EXPECT_EQ(c.Get("/api/v1/throw").Json()["error"]["message"], "服务器内部错误");
}

TEST_F(ServerTest, OneJsonAccessLogLinePerRequest) {
  Conn c(StartServer());
  c.Get("/api/v1/health", "X-Request-Id: log-1\r\n");
  c.Get("/desk/%22quote%22", "X-Request-Id: log-2\r\n");
  std::istringstream lines(LogText());
  std::string line;
  int seen = 0;
  while (std::getline(lines, line)) {
    json j = json::parse(line);  // every line is JSON
    if (j["msg"] != "access") continue;
    ++seen;
    if (j["request_id"] == "log-1") {
      EXPECT_EQ(j["method"], "GET");
      EXPECT_EQ(j["path"], "/api/v1/health");
      EXPECT_EQ(j["status"], 200);
      EXPECT_EQ(j["bytes"], 15);
      EXPECT_EQ(j["ip"], "127.0.0.1");
      EXPECT_EQ(j["level"], "info");
      EXPECT_TRUE(j["ms"].is_number());
      EXPECT_TRUE(j["ts"].is_string());
    } else {
      EXPECT_EQ(j["path"], "/desk/\"quote\"");
    }
  }
  EXPECT_EQ(seen, 2);
}

TEST_F(ServerTest, ForwardedForOnlyWhenTrusted) {
  ServerOptions o = Options();
  o.trust_forwarded_for = true;
  Conn c(StartServer(o));
  EXPECT_EQ(c.Get("/api/v1/echo", "X-Forwarded-For: 203.0.113.9, 10.0.0.1\r\n").Json()["ip"],
            "203.0.113.9");
  EXPECT_EQ(c.Get("/api/v1/echo", "X-Forwarded-For: not-an-ip\r\n").Json()["ip"], "127.0.0.1");
  server_.reset();

  Conn d(StartServer());
  EXPECT_EQ(d.Get("/api/v1/echo", "X-Forwarded-For: 203.0.113.9\r\n").Json()["ip"], "127.0.0.1");
}

TEST_F(ServerTest, StopLetsInFlightRequestFinishAndRefusesNewConnections) {
  uint16_t port = StartServer();
  Conn idle(port);
  ASSERT_EQ(idle.Get("/api/v1/health").status, 200);  // now an idle keep-alive connection
  Conn slow(port);
  slow.Send("GET /api/v1/slow HTTP/1.1\r\nHost: t\r\n\r\n");
  std::this_thread::sleep_for(50ms);

  auto started = std::chrono::steady_clock::now();
  std::thread stopper([this] { server_->Stop(); });
  std::this_thread::sleep_for(50ms);

  // A request on a kept-alive connection while draining: 503, then the server closes.
  Reply busy = idle.Get("/api/v1/health", "Accept-Language: en\r\n");
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.Header("connection"), "close");
  if (busy.status == 503) {
    EXPECT_EQ(busy.Json()["error"]["code"], "unavailable");
    EXPECT_EQ(busy.Json()["error"]["message"], "service busy; try again");
  }

  Reply done = slow.Read();
  EXPECT_EQ(done.status, 200);
  EXPECT_EQ(done.body, R"({"slow":true})");
  EXPECT_EQ(done.Header("connection"), "close");
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);

  Conn after(port);
  EXPECT_FALSE(after.ok());
  EXPECT_EQ(after.error(), ECONNREFUSED);
  server_->Stop();  // idempotent
}

TEST_F(ServerTest, StopClosesIdleConnectionsPromptly) {
  uint16_t port = StartServer();
  Conn idle(port);
  ASSERT_EQ(idle.Get("/app.txt").status, 200);
  auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  EXPECT_TRUE(idle.Closed());
}

TEST_F(ServerTest, SilentConnectionIsClosedAfterReadTimeout) {
  ServerOptions o = Options();
  o.read_timeout = 200ms;
  Conn c(StartServer(o));
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.Closed());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);

  Conn slow_body(server_->port());
  slow_body.Send("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
  EXPECT_TRUE(slow_body.Closed());
}

TEST_F(ServerTest, StartFailsWhenThePortIsTaken) {
  uint16_t port = StartServer();
  ServerOptions o = Options();
  o.port = port;
  Server second(o, TestDispatch);
  EXPECT_FALSE(second.Start());
}

TEST_F(ServerTest, DestructorWithoutStartIsFine) { Server s(Options(), TestDispatch); }

TEST_F(ServerTest, NoStaticRootMeansApiOnly) {
  ServerOptions o = Options();
  o.static_root.clear();
  Conn c(StartServer(o));
  Reply r = c.Get("/");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Json()["error"]["code"], "not_found");
}

}  // namespace
}  // namespace yingbin::http
