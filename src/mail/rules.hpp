#pragma once
// The rules of the mail desk (DOMAIN.md MAIL-1, MAIL-2) as pure functions: the item state
// machine, tracking numbers, image checks, proxy pickup, numbers and the state of a
// subscription. No database, no HTTP; unit-tested in rules_test.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "mail/model.hpp"

namespace yingbin::mail {

// What someone does to an item.
enum class Action {
  kPickUp,  // received -> picked_up
  kReturn,  // received -> returned
  kEdit,    // received -> received (shelf, recipient, ... corrected)
  kRemind,  // received -> received (the recipient is told again)
};

const char* StatusName(ItemStatus s);  // "received", ...
std::optional<ItemStatus> ParseStatus(std::string_view s);
const char* ActionName(Action a);  // "pick_up", ...

// The state machine. Returns the status after `action`, or kConflict
// "mail.illegal_transition" with args {from} and {action} when the action is not allowed
// from `from` (a second pickup, a return after pickup, ...).
core::Result<ItemStatus> Next(ItemStatus from, Action action);

bool IsKind(std::string_view kind);              // letter | package | newspaper | magazine
bool IsSubscriptionKind(std::string_view kind);  // newspaper | magazine

// A tracking number as scanned or typed: letters, digits, '-' and spaces, 4..40 characters
// (a USB scanner types the code then Enter). Errors: kInvalidArgument on `field`
// ("mail.tracking_no").
core::Status CheckTrackingNo(std::string_view tracking_no, std::string_view field = "tracking_no");
// The key that finds the same parcel however it was typed: upper case, without spaces
// and dashes ("sf 1234-5678" -> "SF12345678"). "" for "".
std::string TrackingKey(std::string_view tracking_no);

// The image type by its first bytes (never by a name or a declared type): "image/jpeg",
// "image/png" or "image/webp"; nullopt for anything else.
std::optional<std::string> SniffImage(std::string_view bytes);
// An uploaded photo (any of the three types) or a signature (PNG only, from the signature
// canvas) within `max_bytes`. Errors on `field`: kInvalidArgument "mail.image_type" with
// {types}, "mail.image_too_large" with {max_kb}.
core::Result<std::string> CheckImage(std::string_view bytes, bool png_only, int64_t max_bytes,
                                     std::string_view field);

// MAIL-1: a pickup by someone other than the recipient (a colleague collecting for them).
// Names compare after folding script and case and dropping white space; a department's
// item is never a proxy pickup (any member may collect it).
bool IsProxyPickup(std::string_view collector_name, std::string_view recipient_staff_name,
                   bool department_item);

// Human item number: "M" + local date + "-" + 4-digit sequence ("M20261123-0007").
std::string ItemNumber(int32_t yyyymmdd, int64_t sequence);

// MAIL-2: where a subscription stands on local date `today` (days since epoch):
//   inactive     switched off
//   expired      after its period
//   renewal_due  from `notice_days` before its renewal date (and after it, until renewed)
//   active       otherwise
enum class SubscriptionState { kActive, kRenewalDue, kExpired, kInactive };
const char* SubscriptionStateName(SubscriptionState s);
// Dates of `s` are local YYYYMMDD numbers.
SubscriptionState StateOf(const Subscription& s, int32_t today_days, int64_t notice_days);

// Local YYYYMMDD <-> days since 1970-01-01.
int32_t DaysOfNumber(int32_t yyyymmdd);

}  // namespace yingbin::mail
