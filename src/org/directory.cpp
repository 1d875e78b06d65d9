#include "org/directory.hpp"

namespace yingbin::org {
namespace {

constexpr char kStaffBrief[] =
    "SELECT s.id, s.name, s.email, s.site_id, s.department_id, "
    "COALESCE(s.user_id, (SELECT MIN(u.id) FROM users u WHERE u.staff_id = s.id)) AS user_id, "
    "s.active FROM staff s WHERE s.id = $1";

}  // namespace

core::Result<std::optional<StaffBrief>> FindStaffBrief(db::Connection& c, int64_t staff_id) {
  auto rows = c.Query(kStaffBrief, {staff_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<StaffBrief>();
  StaffBrief s;
  s.id = rows->Int(0, "id");
  s.name = rows->Text(0, "name");
  s.email = rows->Text(0, "email");
  s.site_id = rows->OptInt(0, "site_id");
  s.department_id = rows->OptInt(0, "department_id");
  s.user_id = rows->OptInt(0, "user_id");
  s.active = rows->Int(0, "active") != 0;
  return std::optional<StaffBrief>(std::move(s));
}

}  // namespace yingbin::org
