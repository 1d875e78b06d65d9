#pragma once
// Plain records of the phone desk (DOMAIN.md TEL): calls, the messages taken on them,
// returning callers, the knowledge panel's entries and the extension directory.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace yingbin::calls {

// What became of a call.
//   transferred     put through to the person or department asked for (TEL-3)
//   message_taken   a message for a person or department (TEL-2, TEL-3)
//   declined_sales  advertising, sales or unrelated: declined politely (TEL-4)
//   answered        the desk answered the question itself, from the knowledge panel (TEL-5)
//   complaint       a phone complaint: it becomes a complaint ticket at once (TEL-6)
inline constexpr const char* kOutcomes[] = {"transferred", "message_taken", "declined_sales",
                                            "answered", "complaint"};

struct Call {
  int64_t id = 0;
  std::string number;  // "T20261123-0007"
  int64_t site_id = 0;
  int32_t day = 0;  // local YYYYMMDD of called_at
  int64_t called_at = 0;
  std::optional<int64_t> caller_id;
  std::string caller_name, organisation, phone_hint;
  std::string matter;
  std::optional<int64_t> for_staff_id, for_department_id;
  std::string outcome;
  std::optional<int64_t> knowledge_id;
  std::string note;
  bool late_answer = false;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
  // Joined for display.
  std::string for_staff_name, for_department_name, site_name, created_by_name, knowledge_question;
  std::optional<int64_t> message_id;
  std::string message_status;  // "", open, handled
};

struct Caller {
  int64_t id = 0;
  std::string name, organisation, phone_hint;
  int64_t call_count = 0;
  std::optional<int64_t> last_call_at;
  std::optional<int64_t> last_for_staff_id, last_for_department_id;
  std::string last_for_staff_name, last_for_department_name;
};

struct Message {
  int64_t id = 0;
  int64_t call_id = 0;
  int64_t site_id = 0;
  std::optional<int64_t> for_staff_id, for_department_id;
  std::string text;
  std::string status = "open";  // open | handled
  int64_t reminders = 0;
  std::optional<int64_t> last_reminded_at;
  std::optional<int64_t> handled_by, handled_at;
  bool handled_on_behalf = false;
  std::string reply_note;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
  // From the call and joins, for display.
  std::string call_number;
  int64_t called_at = 0;
  std::string caller_name, organisation, phone_hint, matter;
  bool has_phone = false;
  std::string for_staff_name, for_department_name, handled_by_name, created_by_name;

  bool ForDepartment() const { return !for_staff_id.has_value(); }
};

struct KnowledgeEntry {
  int64_t id = 0;
  std::string question, answer;
  std::vector<std::string> tags;
  std::optional<int64_t> site_id;
  int64_t sort = 0;
  bool active = true;
  int64_t use_count = 0;
  int64_t updated_at = 0;
};

// One line of the extension directory (TEL-5).
struct DirectoryEntry {
  int64_t staff_id = 0;
  std::string name, name_initials, title, extension, phone, email;
  std::optional<int64_t> department_id, site_id;
  std::string department_name;
  bool has_account = false;  // a message reaches them in the app, not only by e-mail
};

struct DepartmentBrief {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> head_staff_id;
  std::string head_name;
};

}  // namespace yingbin::calls
