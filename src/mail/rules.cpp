#include "mail/rules.hpp"

#include <date/date.h>

#include <cctype>
#include <cstdio>

#include "core/search_keys.hpp"

namespace yingbin::mail {

const char* StatusName(ItemStatus s) {
  switch (s) {
    case ItemStatus::kReceived:
      return "received";
    case ItemStatus::kPickedUp:
      return "picked_up";
    case ItemStatus::kReturned:
      return "returned";
  }
  return "received";
}

std::optional<ItemStatus> ParseStatus(std::string_view s) {
  for (ItemStatus st : {ItemStatus::kReceived, ItemStatus::kPickedUp, ItemStatus::kReturned})
    if (s == StatusName(st)) return st;
  return std::nullopt;
}

const char* ActionName(Action a) {
  switch (a) {
    case Action::kPickUp:
      return "pick_up";
    case Action::kReturn:
      return "return";
    case Action::kEdit:
      return "edit";
    case Action::kRemind:
      return "remind";
  }
  return "";
}

core::Result<ItemStatus> Next(ItemStatus from, Action action) {
  // MAIL-1: only a waiting item moves; a picked-up or returned one is history.
  if (from == ItemStatus::kReceived) {
    switch (action) {
      case Action::kPickUp:
        return ItemStatus::kPickedUp;
      case Action::kReturn:
        return ItemStatus::kReturned;
      case Action::kEdit:
      case Action::kRemind:
        return ItemStatus::kReceived;
    }
  }
  return core::Conflict(
             from == ItemStatus::kPickedUp ? "mail.already_picked_up" : "mail.already_returned",
             "status")
      .With("from", StatusName(from))
      .With("action", ActionName(action));
}

bool IsKind(std::string_view kind) {
  return kind == "letter" || kind == "package" || kind == "newspaper" || kind == "magazine";
}

bool IsSubscriptionKind(std::string_view kind) { return kind == "newspaper" || kind == "magazine"; }

core::Status CheckTrackingNo(std::string_view tracking_no, std::string_view field) {
  if (tracking_no.size() < 4 || tracking_no.size() > 40)
    return core::InvalidArgument(std::string(field), "mail.tracking_no");
  for (char ch : tracking_no) {
    const auto c = static_cast<unsigned char>(ch);
    if (!std::isalnum(c) && c != '-' && c != ' ')
      return core::InvalidArgument(std::string(field), "mail.tracking_no");
  }
  return core::Ok();
}

std::string TrackingKey(std::string_view tracking_no) {
  std::string key;
  key.reserve(tracking_no.size());
  for (char ch : tracking_no) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ' ' || c == '-') continue;
    key.push_back(static_cast<char>(std::toupper(c)));
  }
  return key;
}

std::optional<std::string> SniffImage(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return "image/jpeg";
  if (b.size() >= 8 && b.substr(0, 8) == "\x89PNG\r\n\x1A\n") return "image/png";
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return "image/webp";
  return std::nullopt;
}

core::Result<std::string> CheckImage(std::string_view bytes, bool png_only, int64_t max_bytes,
                                     std::string_view field) {
  auto type = SniffImage(bytes);
  if (!type || (png_only && *type != "image/png"))
    return core::InvalidArgument(std::string(field), "mail.image_type")
        .With("types", png_only ? "PNG" : "JPEG, PNG, WebP");
  if (static_cast<int64_t>(bytes.size()) > max_bytes)
    return core::InvalidArgument(std::string(field), "mail.image_too_large")
        .With("max_kb", std::to_string(max_bytes / 1024));
  return *type;
}

namespace {
std::string NameKey(std::string_view name) {
  std::string folded = core::FoldScript(name);
  std::string out;
  for (char c : folded)
    if (c != ' ' && c != '\t') out.push_back(c);
  return out;
}
}  // namespace

bool IsProxyPickup(std::string_view collector_name, std::string_view recipient_staff_name,
                   bool department_item) {
  if (department_item) return false;
  return NameKey(collector_name) != NameKey(recipient_staff_name);
}

std::string ItemNumber(int32_t yyyymmdd, int64_t sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "M%08d-%04lld", yyyymmdd, static_cast<long long>(sequence));
  return buf;
}

const char* SubscriptionStateName(SubscriptionState s) {
  switch (s) {
    case SubscriptionState::kActive:
      return "active";
    case SubscriptionState::kRenewalDue:
      return "renewal_due";
    case SubscriptionState::kExpired:
      return "expired";
    case SubscriptionState::kInactive:
      return "inactive";
  }
  return "active";
}

SubscriptionState StateOf(const Subscription& s, int32_t today_days, int64_t notice_days) {
  if (!s.active) return SubscriptionState::kInactive;
  if (today_days > DaysOfNumber(s.period_end)) return SubscriptionState::kExpired;
  if (today_days >= DaysOfNumber(s.renewal_date) - notice_days)
    return SubscriptionState::kRenewalDue;
  return SubscriptionState::kActive;
}

int32_t DaysOfNumber(int32_t n) {
  const date::year_month_day ymd{date::year{n / 10000},
                                 date::month{static_cast<unsigned>(n / 100 % 100)},
                                 date::day{static_cast<unsigned>(n % 100)}};
  return static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
}

}  // namespace yingbin::mail
