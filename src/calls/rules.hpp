#pragma once
// The rules of the phone desk (DOMAIN.md TEL) as pure functions: what a call of each
// outcome must carry, its human number, and the text of a message. No database, no HTTP;
// unit-tested in rules_test.cpp.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace yingbin::calls {

bool IsOutcome(std::string_view outcome);

// What the desk typed, as far as the rules care.
struct CallFacts {
  std::string outcome;
  std::string caller_name, organisation;
  bool for_staff = false;       // the caller asked for a person
  bool for_department = false;  // ... or for a department
  std::string message;          // the message text (message_taken)
  std::string matter;           // what the call is about (a complaint's description)
};

// Checks a call before it is logged, in the order of the desk's form, so the first field
// to fix is named:
//   - outcome is one of kOutcomes;
//   - a call is for one person or one department, not both (calls.one_target);
//   - transferred and message_taken need whom it is for (calls.target_required on
//     for_staff_id);
//   - TEL-3: a caller asking for a person gives name and organisation before being put
//     through or leaving a message (calls.ask_name / calls.ask_organisation);
//   - TEL-2: a message names who called (validation.required on caller_name) and has a
//     text (validation.required on message);
//   - TEL-6: a complaint names who complains (caller_name) and what about (matter).
// declined_sales (TEL-4) and answered (TEL-5) need nothing more.
core::Status CheckCall(const CallFacts& f);

// "T20261123-0007": T (telephone), the local day, the day's sequence number.
std::string CallNumber(int32_t day, int64_t seq);

// "张伟（华为技术）" / "张伟" / "（华为技术）" / "" : who called, for message texts.
std::string WhoCalled(std::string_view name, std::string_view organisation);

}  // namespace yingbin::calls
