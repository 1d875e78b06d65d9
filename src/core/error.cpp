#include "core/error.hpp"

namespace yingbin::core {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidJson: return "invalid_json";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kCsrfInvalid: return "csrf_invalid";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kAccountLocked: return "account_locked";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

Error InvalidArgument(std::string field, std::string key) {
  return Error{ErrorCode::kInvalidArgument, std::move(key), std::move(field), {}, {}};
}
Error NotFound(std::string key) { return Error{ErrorCode::kNotFound, std::move(key), {}, {}, {}}; }
Error Conflict(std::string key, std::string field) {
  return Error{ErrorCode::kConflict, std::move(key), std::move(field), {}, {}};
}
Error Forbidden(std::string key) { return Error{ErrorCode::kForbidden, std::move(key), {}, {}, {}}; }
Error Unauthenticated(std::string key) {
  return Error{ErrorCode::kUnauthenticated, std::move(key), {}, {}, {}};
}
Error Unavailable(std::string detail) {
  return Error{ErrorCode::kUnavailable, "error.unavailable", {}, {}, std::move(detail)};
}
Error Internal(std::string detail) {
  return Error{ErrorCode::kInternal, "error.internal", {}, {}, std::move(detail)};
}

}  // namespace yingbin::core
