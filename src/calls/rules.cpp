#include "calls/rules.hpp"

#include <cstdio>

#include "calls/model.hpp"

namespace yingbin::calls {

bool IsOutcome(std::string_view outcome) {
  for (const char* o : kOutcomes)
    if (outcome == o) return true;
  return false;
}

core::Status CheckCall(const CallFacts& f) {
  if (!IsOutcome(f.outcome)) return core::InvalidArgument("outcome", "validation.invalid");
  if (f.for_staff && f.for_department)
    return core::InvalidArgument("for_department_id", "calls.one_target");
  const bool needs_target = f.outcome == "transferred" || f.outcome == "message_taken";
  if (needs_target && !f.for_staff && !f.for_department)
    return core::InvalidArgument("for_staff_id", "calls.target_required");
  // TEL-3: name and organisation first, then transfer or take a message.
  if (needs_target && f.for_staff) {
    if (f.caller_name.empty()) return core::InvalidArgument("caller_name", "calls.ask_name");
    if (f.organisation.empty())
      return core::InvalidArgument("organisation", "calls.ask_organisation");
  }
  // TEL-6: a complaint ticket names who complains and what about.
  if (f.outcome == "complaint") {
    if (f.caller_name.empty()) return core::InvalidArgument("caller_name", "validation.required");
    if (f.matter.empty()) return core::InvalidArgument("matter", "validation.required");
  }
  if (f.outcome == "message_taken") {
    if (f.caller_name.empty()) return core::InvalidArgument("caller_name", "validation.required");
    if (f.message.empty()) return core::InvalidArgument("message", "validation.required");
  }
  return core::Ok();
}

std::string CallNumber(int32_t day, int64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%08d-%04lld", day, static_cast<long long>(seq));
  return buf;
}

std::string WhoCalled(std::string_view name, std::string_view organisation) {
  std::string s(name);
  if (!organisation.empty()) s += "（" + std::string(organisation) + "）";
  return s;
}

}  // namespace yingbin::calls
