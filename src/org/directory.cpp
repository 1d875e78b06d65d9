#include "org/directory.hpp"

namespace yingbin::org {
namespace {

constexpr char kStaffBrief[] =
    "SELECT s.id, s.name, s.email, s.site_id, s.department_id, "
    "COALESCE(s.user_id, (SELECT MIN(u.id) FROM users u WHERE u.staff_id = s.id)) AS user_id, "
    "s.active, s.rank FROM staff s WHERE s.id = $1";

constexpr char kStaffIdsOfUser[] =
    "SELECT id FROM staff WHERE user_id = $1 UNION "
    "SELECT staff_id FROM users WHERE id = $1 AND staff_id IS NOT NULL";

constexpr char kUsersOfDepartment[] =
    "SELECT DISTINCT COALESCE(s.user_id, u.id) FROM staff s "
    "LEFT JOIN users u ON u.staff_id = s.id "
    "WHERE s.department_id = $1 AND s.active = 1 AND COALESCE(s.user_id, u.id) IS NOT NULL";

constexpr char kDepartmentBrief[] = "SELECT id, name, head_staff_id FROM departments WHERE id = $1";

constexpr char kStaffOfDepartment[] =
    "SELECT s.id, s.name, s.email, s.site_id, s.department_id, "
    "COALESCE(s.user_id, (SELECT MIN(u.id) FROM users u WHERE u.staff_id = s.id)) AS user_id, "
    "s.active, s.rank FROM staff s WHERE s.department_id = $1 AND s.active = 1 ORDER BY s.id";

constexpr char kDepartmentsByName[] =
    "SELECT id, name, head_staff_id FROM departments WHERE name = $1 ORDER BY id";

constexpr char kSiteExists[] = "SELECT 1 FROM sites WHERE id = $1";
constexpr char kSiteName[] = "SELECT name FROM sites WHERE id = $1";

core::Result<std::vector<int64_t>> Ids(core::Result<db::Rows> rows) {
  if (!rows) return std::move(rows).error();
  std::vector<int64_t> out;
  out.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(rows->Int(i, 0));
  return out;
}

StaffBrief StaffFromRow(const db::Rows& r, size_t i) {
  StaffBrief s;
  s.id = r.Int(i, "id");
  s.name = r.Text(i, "name");
  s.email = r.Text(i, "email");
  s.site_id = r.OptInt(i, "site_id");
  s.department_id = r.OptInt(i, "department_id");
  s.user_id = r.OptInt(i, "user_id");
  s.active = r.Int(i, "active") != 0;
  s.rank = r.Int(i, "rank");
  return s;
}

}  // namespace

core::Result<std::optional<StaffBrief>> FindStaffBrief(db::Connection& c, int64_t staff_id) {
  auto rows = c.Query(kStaffBrief, {staff_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<StaffBrief>();
  return std::optional<StaffBrief>(StaffFromRow(*rows, 0));
}

core::Result<std::vector<StaffBrief>> StaffOfDepartment(db::Connection& c, int64_t department_id) {
  auto rows = c.Query(kStaffOfDepartment, {department_id});
  if (!rows) return std::move(rows).error();
  std::vector<StaffBrief> out;
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(StaffFromRow(*rows, i));
  return out;
}

core::Result<std::vector<DepartmentBrief>> FindDepartmentsByName(db::Connection& c,
                                                                 const std::string& name) {
  auto rows = c.Query(kDepartmentsByName, {name});
  if (!rows) return std::move(rows).error();
  std::vector<DepartmentBrief> out;
  for (size_t i = 0; i < rows->size(); ++i)
    out.push_back({rows->Int(i, "id"), rows->Text(i, "name"), rows->OptInt(i, "head_staff_id")});
  return out;
}

core::Result<std::vector<int64_t>> StaffIdsOfUser(db::Connection& c, int64_t user_id) {
  return Ids(c.Query(kStaffIdsOfUser, {user_id}));
}

core::Result<std::vector<int64_t>> UsersOfDepartment(db::Connection& c, int64_t department_id) {
  return Ids(c.Query(kUsersOfDepartment, {department_id}));
}

core::Result<std::optional<DepartmentBrief>> FindDepartmentBrief(db::Connection& c,
                                                                 int64_t department_id) {
  auto rows = c.Query(kDepartmentBrief, {department_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<DepartmentBrief>();
  return std::optional<DepartmentBrief>(
      DepartmentBrief{rows->Int(0, "id"), rows->Text(0, "name"), rows->OptInt(0, "head_staff_id")});
}

core::Result<bool> SiteExists(db::Connection& c, int64_t site_id) {
  auto rows = c.Query(kSiteExists, {site_id});
  if (!rows) return std::move(rows).error();
  return !rows->empty();
}

core::Result<std::string> SiteNameOf(db::Connection& c, int64_t site_id, std::string field) {
  auto rows = c.Query(kSiteName, {site_id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return core::InvalidArgument(std::move(field), "validation.unknown_reference");
  return rows->Text(0, 0);
}

core::Status CheckSiteReference(db::Connection& c, int64_t site_id, std::string field) {
  auto exists = SiteExists(c, site_id);
  if (!exists) return std::move(exists).error();
  if (!*exists) return core::InvalidArgument(std::move(field), "validation.unknown_reference");
  return core::Ok();
}

}  // namespace yingbin::org
