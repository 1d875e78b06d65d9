#pragma once
// The request every handler sees. Plain data: Beast types never leave http/.
#include <any>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/lang.hpp"

namespace yingbin::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

const char* MethodName(Method m);  // "GET", ...
bool IsWrite(Method m);            // POST, PUT, PATCH, DELETE

struct Request {
  Method method = Method::kGet;
  std::string target;  // as received, e.g. "/api/v1/staff?q=%E5%BC%A0"
  std::string path;    // percent-decoded path without the query, e.g. "/api/v1/staff"
  std::string query;   // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_ip;   // peer address (or X-Forwarded-For's first hop when trusted)
  std::string request_id;  // X-Request-Id from the client if sane, else generated
  core::Lang lang = core::Lang::kZhCN;  // from Accept-Language
  std::chrono::steady_clock::time_point received_at{};

  // Filled by the router: values of {name} segments of the matched route pattern.
  std::vector<std::pair<std::string, std::string>> path_params;
  // The matched route pattern, e.g. "/api/v1/staff/{id}" (for logs and metrics).
  std::string route_pattern;

  // Header value by case-insensitive name; empty when absent.
  std::string_view Header(std::string_view name) const;
  // Percent-decoded query parameter ('+' as space); nullopt when absent.
  std::optional<std::string> QueryParam(std::string_view name) const;
  // Cookie value from the Cookie header; empty when absent.
  std::string_view Cookie(std::string_view name) const;
  // Path parameter by name; empty when absent.
  std::string_view PathParam(std::string_view name) const;
};

// Percent-decodes `s`; returns nullopt on a malformed escape. With plus_as_space,
// '+' becomes ' ' (query strings).
std::optional<std::string> PercentDecode(std::string_view s, bool plus_as_space);

}  // namespace yingbin::http
