#include "auth/permissions.hpp"

#include <algorithm>

namespace yingbin::auth {

const std::vector<PermissionInfo>& AllPermissions() {
  static const std::vector<PermissionInfo> kAll = {
      {"org.read", "org"},         {"org.write", "org"},     {"users.read", "users"},
      {"users.write", "users"},    {"roles.read", "users"},  {"roles.write", "users"},
      {"tokens.write", "users"},   {"audit.read", "audit"},  {"sensitive.reveal", "audit"},
      {"settings.write", "system"}, {"notify.admin", "system"},
      // visitors: read the log and queues; register and handle at the desk; receive one's
      // own visitors and book appointments (every staff member); review and archive the
      // daily log (VIS-16); edit the triage table and the lists; see watch-list alerts.
      {"visits.read", "visitors"}, {"visits.write", "visitors"}, {"visits.host", "visitors"},
      {"visits.review", "visitors"}, {"visitors.admin", "visitors"},
      {"watchlist.read", "visitors"},
      // kiosk devices (token scope): self sign-in and check-out at the kiosk
      {"kiosk.signin", "visitors"},
      // the phone desk (TEL): read the call log and the open messages; log calls at the
      // desk; edit the knowledge panel's entries. Recipients of messages need none.
      {"calls.read", "calls"}, {"calls.write", "calls"}, {"calls.admin", "calls"},
      // mail desk (MAIL-1): the desk's lists; intake, pickup and return; keeping the
      // newspaper and magazine subscriptions (MAIL-2). A recipient needs none of these to
      // see their own items.
      {"mail.read", "mail"}, {"mail.write", "mail"}, {"mail.subscriptions", "mail"},
      // the front desk as a post (DESK-1, DESK-2): read the duty roster (and hand over when on
      // duty); plan it; read the conduct records; log violations as the supervisor. A clerk
      // needs none of these to see their own shifts and records.
      {"roster.read", "roster"}, {"roster.write", "roster"}, {"conduct.read", "roster"},
      {"conduct.write", "roster"},
      // meeting service (MTG-1..4): see the room calendars; book rooms (every staff member);
      // approve bookings of rooms that need it and category-A receptions (VIS-11); keep the
      // rooms' booking rules and serve any meeting (assign clerks, edit anyone's booking).
      {"meetings.read", "meetings"}, {"meetings.book", "meetings"},
      {"meetings.approve", "meetings"}, {"meetings.admin", "meetings"},
      // customer complaints as work orders (CMP): read the tickets (in the data scope);
      // register and handle them; keep the types, cause classes, routing and ladder; review
      // resolved tickets and sign off for the owner (the GM office). Owners and handlers see
      // their own tickets without any of these. complaints.inbound is an API-token scope:
      // the mail gateway posting e-mails in.
      {"complaints.read", "complaints"}, {"complaints.write", "complaints"},
      {"complaints.admin", "complaints"}, {"complaints.review", "complaints"},
      {"complaints.inbound", "complaints"},
      // formal guest receptions (PLAN-1..5, PLAN-10, PLAN-11): see the plans (without the
      // guests' ethnicity, religion, health); plan them (and see those); approve plans and
      // spending over caps (a plan routed to a role or user may also be decided by them);
      // keep the guest grades, cost standards and approval rules.
      {"receptions.read", "receptions"}, {"receptions.plan", "receptions"},
      {"receptions.approve", "receptions"}, {"receptions.admin", "receptions"},
      // conference reception (PLAN-9): see conferences, their delegates and derived lists;
      // organise them (settings, hotels, meals, pickup points, delegates, meal check-in,
      // bills and payments). Delegates register on the public form without any.
      {"conferences.read", "conferences"}, {"conferences.write", "conferences"},
  };
  return kAll;
}

bool IsKnownPermission(std::string_view code) {
  const auto& all = AllPermissions();
  return std::any_of(all.begin(), all.end(), [&](const auto& p) { return p.code == code; });
}

const std::vector<BuiltinRole>& BuiltinRoles() {
  static const std::vector<BuiltinRole> kRoles = {
      {"sysadmin", "系统管理员", DataScope::kAll, {}},
      {"gm_office", "总经办", DataScope::kAll,
       {"org.read", "users.read", "roles.read", "audit.read", "sensitive.reveal", "visits.read",
        "visits.host", "visits.review", "calls.read", "roster.read", "conduct.read",
        "meetings.read", "meetings.book", "meetings.approve", "complaints.read",
        "complaints.review", "receptions.read", "receptions.approve", "conferences.read"}},
      {"admin_clerk", "行政文员", DataScope::kAll,
       {"org.read", "org.write", "visits.read", "visits.write", "visits.host", "visits.review",
        "visitors.admin", "calls.read", "calls.write", "calls.admin", "mail.read", "mail.write",
        "mail.subscriptions", "roster.read", "roster.write", "conduct.read", "conduct.write",
        "meetings.read", "meetings.book", "meetings.approve", "meetings.admin", "complaints.read",
        "complaints.write", "complaints.admin", "complaints.review", "receptions.read",
        "receptions.plan", "receptions.admin", "conferences.read", "conferences.write"}},
      {"front_desk", "前台文员", DataScope::kAll,
       {"org.read", "visits.read", "visits.write", "visits.host", "calls.read", "calls.write",
        "mail.read", "mail.write", "mail.subscriptions", "roster.read", "meetings.read",
        "meetings.book"}},
      {"dept_head", "部门负责人", DataScope::kDepartment,
       {"org.read", "users.read", "visits.read", "visits.host", "calls.read", "meetings.read",
        "meetings.book", "complaints.read", "complaints.write", "receptions.read"}},
      {"customer_service", "客服", DataScope::kAll,
       {"org.read", "visits.host", "meetings.read", "meetings.book", "complaints.read",
        "complaints.write"}},
      {"security", "保安", DataScope::kAll, {"org.read", "visits.read", "watchlist.read"}},
      {"host", "员工（接待人）", DataScope::kDepartment,
       {"org.read", "visits.host", "meetings.read", "meetings.book"}},
  };
  return kRoles;
}

const BuiltinRole* FindBuiltinRole(std::string_view code) {
  for (const auto& r : BuiltinRoles())
    if (r.code == code) return &r;
  return nullptr;
}

}  // namespace yingbin::auth
