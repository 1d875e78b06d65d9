#pragma once
// Request reading shared by the conference routes (routes.cpp, list_routes.cpp).
#include <cstdint>
#include <optional>
#include <string>

#include "api/routes.hpp"
#include "conferences/service.hpp"

namespace yingbin::conferences {

inline constexpr int64_t kMaxId = INT64_MAX;

Ctx CtxOf(const api::Context& ctx, std::string reason = {});
// The optional "reason" of a change (into the audit trail).
core::Result<std::string> ReadReason(const api::Input& in);
// A required ISO 8601 instant with its offset.
core::Result<int64_t> TimeField(const api::Input& in, const char* field);
// An optional one: absent, null or "" -> nullopt.
core::Result<std::optional<int64_t>> OptTimeField(const api::Input& in, const char* field);
// GEN-2 / PLAN-10 facts of a delegate, as the public form and the organisers send them.
// With keep_phone_when_absent an absent "phone" keeps the stored number (a change).
core::Result<DelegateInput> ReadDelegate(const api::Input& in, bool keep_phone_when_absent);

}  // namespace yingbin::conferences
