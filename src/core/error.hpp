#pragma once
// Domain errors are values. An Error carries a machine code (mapped to an HTTP status in
// exactly one place, api/error_response.cpp), a message key looked up in the message
// catalog (core/messages.cpp) in the caller's language, the field it concerns, and the
// values that fill the message's {placeholders}.
#include <string>
#include <utility>
#include <vector>

namespace yingbin::core {

enum class ErrorCode {
  kInvalidJson,        // body is not JSON or not UTF-8
  kInvalidArgument,    // a field is missing, of the wrong type or out of range
  kUnauthenticated,    // no valid session or token; bad credentials
  kForbidden,          // lacks the permission or outside the data scope
  kCsrfInvalid,        // a cookie-authenticated write without the CSRF token
  kNotFound,           // no such object or route
  kMethodNotAllowed,   // route exists, method does not
  kConflict,           // unique key taken, object in use, concurrent change
  kPayloadTooLarge,    // body over the limit
  kAccountLocked,      // too many failed logins
  kRateLimited,        // too many requests
  kUnavailable,        // database busy / serialisation failure / shutting down: retry
  kInternal,           // a broken invariant; see the log by request id
};

// The wire name of a code, e.g. "invalid_argument".
const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string key;    // message catalog key, e.g. "validation.required"
  std::string field;  // JSON field name the error concerns, may be empty
  std::vector<std::pair<std::string, std::string>> args;  // {name} -> value in the message
  std::string detail;  // for the log only (never shown to the client), e.g. a driver message

  Error&& With(std::string name, std::string value) && {
    args.emplace_back(std::move(name), std::move(value));
    return std::move(*this);
  }
};

// Constructors for the common cases. `key` defaults to a generic message per code.
Error InvalidArgument(std::string field, std::string key = "validation.invalid");
Error NotFound(std::string key = "error.not_found");
Error Conflict(std::string key = "error.conflict", std::string field = {});
Error Forbidden(std::string key = "error.forbidden");
Error Unauthenticated(std::string key = "error.unauthenticated");
Error Unavailable(std::string detail);
Error Internal(std::string detail);

}  // namespace yingbin::core
