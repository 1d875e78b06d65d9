#pragma once
// Plain records of the mail desk (DOMAIN.md MAIL-1, MAIL-2).
#include <cstdint>
#include <optional>
#include <string>

namespace yingbin::mail {

// Where an item stands (MAIL-1).
//   received   at the desk, waiting for its recipient (reminders run, may become overdue)
//   picked_up  signed for by the collector (the recipient or someone for them)
//   returned   sent back to the sender, or refused
enum class ItemStatus { kReceived, kPickedUp, kReturned };

struct Item {
  int64_t id = 0;
  std::string number;  // "M20261123-0007"
  int64_t site_id = 0;
  std::string kind = "package";  // letter | package | newspaper | magazine
  ItemStatus status = ItemStatus::kReceived;
  std::string carrier, tracking_no, tracking_key, sender;
  std::optional<int64_t> recipient_staff_id, recipient_department_id;
  std::string shelf, description;
  std::string pickup_code;
  std::optional<int64_t> subscription_id, visit_id;
  int64_t received_at = 0;
  std::optional<int64_t> received_by;
  int64_t overdue_at = 0;
  int64_t reminder_count = 0;
  std::optional<int64_t> last_reminded_at;
  std::optional<int64_t> picked_up_at, handed_out_by;
  std::string collector_name;
  bool proxy = false;
  std::string pickup_proof;  // "", code, signature
  std::optional<int64_t> returned_at, returned_by;
  std::string return_kind;  // "", to_sender, refused
  std::string return_reason;
  int64_t created_at = 0, updated_at = 0;
  // Joined for display (not stored in mail_items).
  std::string recipient_name;        // the staff member's or the department's name
  std::string recipient_department;  // a staff recipient's department name
  std::optional<int64_t> recipient_staff_department_id;
  std::optional<int64_t> recipient_user_id;  // a staff recipient's login
  std::string received_by_name, handed_out_by_name;
  std::string subscription_title;
  bool has_photo = false, has_signature = false;
};

// MAIL-2.
struct Subscription {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string title;
  std::string kind = "newspaper";  // newspaper | magazine
  std::string publisher;
  int64_t copies = 1;
  std::optional<int64_t> recipient_staff_id, recipient_department_id;
  int32_t period_start = 0, period_end = 0, renewal_date = 0;  // local YYYYMMDD
  int64_t price_fen = 0;
  std::string notes;
  bool active = true;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
  // Joined for display.
  std::string recipient_name;
  int64_t delivered_count = 0;
  std::optional<int64_t> last_delivered_at;
};

// A stored image: the intake photo or the pickup signature.
struct File {
  std::string content_type;
  std::string bytes;
};

}  // namespace yingbin::mail
