#pragma once
// Who is who, for the other modules: the look-ups over staff, departments and sites that
// visitors/, calls/ and mail/ need to address people and check the references they are
// given. These tables belong to org/ (DESIGN.md: modules talk through services, never
// through each other's tables); this is the one place that reads them for others.
//
// Every function runs one statement on the caller's connection (inside the caller's
// transaction when it has one, so it sees that transaction's own writes) and caches
// nothing. A missing row is an answer (nullopt, false, an empty list), never an error;
// the only errors are the database's. Thread safety: as db::Connection.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::org {

// A staff member as another module needs them: to name them, reach them, check them.
struct StaffBrief {
  int64_t id = 0;
  std::string name, email;
  std::optional<int64_t> site_id, department_id;
  // The account that acts for them: staff.user_id, else the lowest users.id whose staff_id
  // names them (a disabled account too); nullopt when neither links them.
  std::optional<int64_t> user_id;
  bool active = true;
  int64_t rank = 5;  // 1..20, higher is more senior (GEN-4 compares it with a guest's)
};

// The staff member `staff_id`, inactive ones included (active = false): whether an
// inactive member may be named is the caller's rule.
core::Result<std::optional<StaffBrief>> FindStaffBrief(db::Connection& c, int64_t staff_id);

// The staff records a user account acts for, linked from either side (staff.user_id or
// users.staff_id), inactive ones included, each once, in no particular order.
core::Result<std::vector<int64_t>> StaffIdsOfUser(db::Connection& c, int64_t user_id);

// The accounts of a department's active staff, each once, in no particular order: for each
// member staff.user_id, else every account whose users.staff_id names them (disabled ones
// too). The department's own members only, not those of departments below it, nor its head
// unless the head is a member.
core::Result<std::vector<int64_t>> UsersOfDepartment(db::Connection& c, int64_t department_id);

// The active staff of a department (its own members, not those of departments below it),
// by id, each with the account that acts for them as FindStaffBrief gives it.
core::Result<std::vector<StaffBrief>> StaffOfDepartment(db::Connection& c, int64_t department_id);

// A department as another module needs it: to check a reference and name it.
struct DepartmentBrief {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> head_staff_id;
};
core::Result<std::optional<DepartmentBrief>> FindDepartmentBrief(db::Connection& c,
                                                                 int64_t department_id);

// The departments named exactly `name` (several when different parents have one each),
// by id.
core::Result<std::vector<DepartmentBrief>> FindDepartmentsByName(db::Connection& c,
                                                                 const std::string& name);

core::Result<bool> SiteExists(db::Connection& c, int64_t site_id);
// The check of a site named in a request: kInvalidArgument validation.unknown_reference on
// `field` when site `site_id` does not exist.
core::Status CheckSiteReference(db::Connection& c, int64_t site_id, std::string field = "site_id");
// The same check, answering the site's name.
core::Result<std::string> SiteNameOf(db::Connection& c, int64_t site_id,
                                     std::string field = "site_id");

}  // namespace yingbin::org
