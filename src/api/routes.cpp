#include "api/routes.hpp"

#include <charconv>

#include <spdlog/spdlog.h>

#include "core/calendar.hpp"
#include "core/lang.hpp"
#include "core/time.hpp"

namespace yingbin::api {

int HttpStatus(core::ErrorCode code) {
  using core::ErrorCode;
  // No default: -Wswitch flags a new code that has no status yet.
  switch (code) {
    case ErrorCode::kInvalidJson: return 400;
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kCsrfInvalid: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kAccountLocked: return 423;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

http::Response JsonResponse(int status, const Json& body) {
  // Replace invalid UTF-8 rather than throw: stored text was validated on the way in, but a
  // response must never turn into a 500 because of one bad byte.
  return http::Response::Json(status, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

http::Response ErrorResponse(const http::Request& req, const core::Error& error) {
  Json body = {{"error",
                {{"code", core::ErrorCodeName(error.code)},
                 {"message", core::Localize(req.lang, error.key, error.args, error.field)},
                 {"field", error.field.empty() ? Json(nullptr) : Json(error.field)},
                 {"request_id", req.request_id}}}};
  // An illegal move says which state the object is in (machine-readable beside the text).
  for (const auto& [name, value] : error.args)
    if (name == "state") body["error"]["state"] = value;
  http::Response r = JsonResponse(HttpStatus(error.code), body);
  // The client sees only the request id; the log keeps what went wrong.
  if (error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable) {
    Json line = {{"level", error.code == core::ErrorCode::kInternal ? "error" : "warn"},
                 {"msg", core::ErrorCodeName(error.code)},
                 {"key", error.key},
                 {"detail", error.detail},
                 {"request_id", req.request_id},
                 {"route", req.route_pattern}};
    std::string text = line.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (error.code == core::ErrorCode::kInternal) spdlog::error("{}", text);
    else spdlog::warn("{}", text);
  }
  if (error.code == core::ErrorCode::kUnavailable || error.code == core::ErrorCode::kRateLimited)
    r.SetHeader("Retry-After", "1");
  return r;
}

namespace {

std::optional<int64_t> ParsePositive(std::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace

core::Result<int64_t> Context::IdParam(std::string_view name) const {
  auto v = ParsePositive(req.PathParam(name));
  if (!v) return core::NotFound();
  return *v;
}

core::Result<std::optional<int64_t>> IntQuery(const http::Request& req, const char* name,
                                              int64_t min, int64_t max) {
  auto v = req.QueryParam(name);
  if (!v || v->empty()) return std::optional<int64_t>();
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size())
    return core::InvalidArgument(name, "validation.type_integer");
  if (out < min || out > max)
    return core::InvalidArgument(name, "validation.out_of_range")
        .With("min", std::to_string(min))
        .With("max", std::to_string(max));
  return std::optional<int64_t>(out);
}

core::Result<std::optional<int32_t>> DayQuery(const http::Request& req, const char* name) {
  auto v = req.QueryParam(name);
  if (!v || v->empty()) return std::optional<int32_t>();
  auto d = core::ParseDate(*v, name);
  if (!d) return std::move(d).error();
  return std::optional<int32_t>(core::DateNumber(*d));
}

core::Result<Page> ReadPage(const http::Request& req) {
  Page p;
  if (auto s = req.QueryParam("page")) {
    auto v = ParsePositive(*s);
    if (!v || *v > 1000000) return core::InvalidArgument("page", "validation.out_of_range")
                                      .With("min", "1")
                                      .With("max", "1000000");
    p.page = *v;
  }
  if (auto s = req.QueryParam("page_size")) {
    auto v = ParsePositive(*s);
    if (!v || *v > 500)
      return core::InvalidArgument("page_size", "validation.out_of_range")
          .With("min", "1")
          .With("max", "500");
    p.page_size = *v;
  }
  return p;
}

Json PageJson(Json items, int64_t total, const Page& page) {
  return Json{{"items", std::move(items)},
              {"total", total},
              {"page", page.page},
              {"page_size", page.page_size}};
}

}  // namespace yingbin::api
