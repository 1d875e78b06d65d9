// EventStream alone, and streamed by a real Server over a real socket (raw POSIX client:
// Beast stays in server.cpp).
#include "http/event_stream.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include "core/crypto.hpp"
#include "http/server.hpp"

namespace yingbin::http {
namespace {

using namespace std::chrono_literals;

TEST(EventStream, FormatSplitsDataLines) {
  EXPECT_EQ(EventStream::Format("visit.arrived", R"({"id":1})", "7"),
            "id: 7\nevent: visit.arrived\ndata: {\"id\":1}\n\n");
  EXPECT_EQ(EventStream::Format("", "a\nb\r\nc"), "data: a\ndata: b\ndata: c\n\n");
}

TEST(EventStream, PushTakeCloseAndWaker) {
  EventStream s;
  int woken = 0;
  EXPECT_TRUE(s.Push("one\n\n"));
  s.SetWaker([&woken] { ++woken; });
  EXPECT_EQ(woken, 1) << "text was already waiting";
  EXPECT_TRUE(s.Push("two\n\n"));
  EXPECT_EQ(woken, 2);
  bool closed = true;
  EXPECT_EQ(s.Take(&closed), "one\n\ntwo\n\n");
  EXPECT_FALSE(closed);
  s.Close();
  EXPECT_EQ(woken, 3);
  EXPECT_FALSE(s.Push("late"));
  EXPECT_EQ(s.Take(&closed), "");
  EXPECT_TRUE(closed);
}

TEST(EventStream, SlowClientOverflowCloses) {
  EventStream s;
  EXPECT_TRUE(s.Push(std::string(EventStream::kMaxBuffered - 1, 'x')));
  s.Push("yy");
  EXPECT_TRUE(s.closed());
}

class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{0, 200000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { Close(); }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool connected() const { return connected_; }
  void Send(const std::string& s) { ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL); }
  // Reads until `needle` has arrived (true), the peer closed or `limit` passed (false).
  bool ReadUntil(const std::string& needle, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (received_.find(needle) == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline || eof_) return false;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0) eof_ = true;
      if (n > 0) received_.append(buf, static_cast<size_t>(n));
    }
    return true;
  }
  bool eof() const { return eof_; }
  const std::string& received() const { return received_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool eof_ = false;
  std::string received_;
};

class EventServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(core::InitCrypto()); }

  void SetUp() override {
    ServerOptions o;
    o.port = 0;
    o.worker_threads = 1;  // a stream must not hold the only worker
    o.drain_timeout = 2s;
    server_ = std::make_unique<Server>(o, [this](Request& req) {
      if (req.path != "/api/v1/events") return Response::Json(200, R"({"ok":true})");
      auto s = std::make_shared<EventStream>();
      s->Push(EventStream::Format("ready", "{}"));
      std::lock_guard lock(mu_);
      streams_.push_back(s);
      Response r;
      r.stream = s;
      return r;
    });
    ASSERT_TRUE(server_->Start());
  }
  void TearDown() override { server_.reset(); }

  std::shared_ptr<EventStream> Stream(size_t i) {
    std::lock_guard lock(mu_);
    return i < streams_.size() ? streams_[i] : nullptr;
  }

  std::unique_ptr<Server> server_;
  std::mutex mu_;
  std::vector<std::shared_ptr<EventStream>> streams_;
};

TEST_F(EventServer, StreamsPushedEventsWithoutHoldingAWorker) {
  Client c(server_->port());
  ASSERT_TRUE(c.connected());
  c.Send("GET /api/v1/events HTTP/1.1\r\nHost: t\r\nX-Request-Id: sse-1\r\n\r\n");
  ASSERT_TRUE(c.ReadUntil("event: ready", 2s)) << c.received();
  const std::string& head = c.received();
  EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos) << head;
  EXPECT_NE(head.find("Cache-Control: no-store"), std::string::npos);
  EXPECT_NE(head.find("X-Accel-Buffering: no"), std::string::npos);
  EXPECT_NE(head.find("X-Request-Id: sse-1"), std::string::npos);
  EXPECT_NE(head.find("X-Content-Type-Options: nosniff"), std::string::npos);
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);

  // The only worker is free while the stream is open.
  Client other(server_->port());
  other.Send("GET /api/v1/other HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_TRUE(other.ReadUntil("{\"ok\":true}", 2s)) << other.received();

  auto stream = Stream(0);
  ASSERT_TRUE(stream);
  stream->Push(EventStream::Format("visit.arrived", R"({"id":9})", "42"));
  EXPECT_TRUE(c.ReadUntil("id: 42\nevent: visit.arrived\ndata: {\"id\":9}\n\n", 2s))
      << c.received();
}

TEST_F(EventServer, Http10ClientGetsRawEventsWithoutChunks) {
  Client c(server_->port());
  c.Send("GET /api/v1/events HTTP/1.0\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(c.ReadUntil("\r\n\r\nevent: ready\ndata: {}\n\n", 2s)) << c.received();
  EXPECT_EQ(c.received().find("Transfer-Encoding"), std::string::npos);
  Stream(0)->Close();
  c.ReadUntil("never", 1s);
  EXPECT_TRUE(c.eof());
}

TEST_F(EventServer, ClientLeavingClosesTheStream) {
  Client c(server_->port());
  c.Send("GET /api/v1/events HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(c.ReadUntil("event: ready", 2s));
  auto stream = Stream(0);
  ASSERT_TRUE(stream);
  c.Close();
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (!stream->closed() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(stream->closed());
}

TEST_F(EventServer, ProducerCloseEndsTheResponse) {
  Client c(server_->port());
  c.Send("GET /api/v1/events HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(c.ReadUntil("event: ready", 2s));
  Stream(0)->Close();
  EXPECT_TRUE(c.ReadUntil("0\r\n\r\n", 2s)) << "the last chunk";
  c.ReadUntil("never", 1s);
  EXPECT_TRUE(c.eof());
}

TEST_F(EventServer, StopClosesOpenStreamsPromptly) {
  Client c(server_->port());
  c.Send("GET /api/v1/events HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(c.ReadUntil("event: ready", 2s));
  auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  c.ReadUntil("never", 1s);
  EXPECT_TRUE(c.eof());
  EXPECT_TRUE(Stream(0)->closed());
  EXPECT_FALSE(Stream(0)->Push("after stop"));
}

}  // namespace
}  // namespace yingbin::http
