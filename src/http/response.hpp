#pragma once
// The response a handler returns. Plain data; the server adds Date, Server, security
// headers, X-Request-Id and Content-Length.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yingbin::http {

class EventStream;

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the server streams this file (static assets) instead of `body`.
  std::string file_path;
  // When set, the server answers with Server-Sent Events from this stream (event_stream.hpp)
  // instead of `body`: text/event-stream, no Content-Length, open until either side ends it.
  std::shared_ptr<EventStream> stream;

  Response& SetHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }

  static Response Json(int status, std::string json_text) {
    Response r;
    r.status = status;
    r.body = std::move(json_text);
    return r;
  }
  static Response NoContent() {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
  }
  static Response Text(int status, std::string text, std::string content_type) {
    Response r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(text);
    return r;
  }
};

}  // namespace yingbin::http
