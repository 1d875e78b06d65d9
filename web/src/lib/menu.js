// The navigation model. Each section names the permission that opens it; the side menu
// and the Home cards show only the sections whose permission the user holds. The server
// checks permissions again on every request: hiding is for clarity, not security.
export const SECTIONS = [
  {
    group: 'reception',
    icon: 'Bell',
    items: [
      { name: 'desk', path: '/desk', permission: 'visits.write', icon: 'Monitor' },
      { name: 'host', path: '/host', permission: 'visits.host', icon: 'Iphone' },
      { name: 'visitLog', path: '/visitors/log', permission: 'visits.read', icon: 'Notebook' },
      // The phone desk (TEL); the cards' texts are in i18n/modules/calls.js.
      { name: 'callDesk', path: '/calls', permission: 'calls.write', icon: 'Phone', hint: 'callDesk.hint' },
      { name: 'callLog', path: '/calls/log', permission: 'calls.read', icon: 'Tickets', hint: 'callLog.hint' },
    ],
  },
  {
    // The mail desk (MAIL-1, MAIL-2). "My mail" is not here: like the notifications it
    // belongs to everyone (SideMenu, HomePage), no permission needed.
    group: 'mail',
    icon: 'Box',
    items: [
      { name: 'mailDesk', path: '/mail', permission: 'mail.write', icon: 'Box', hint: 'mail.hint' },
      { name: 'subscriptions', path: '/mail/subscriptions', permission: 'mail.read', icon: 'Reading', hint: 'subscriptions.hint' },
    ],
  },
  {
    // The front desk as a post (DESK-1, DESK-2); texts in i18n/modules/roster.js.
    group: 'duty',
    icon: 'Calendar',
    items: [
      { name: 'roster', path: '/roster', permission: 'roster.read', icon: 'Calendar', hint: 'roster.hint' },
      { name: 'conduct', path: '/roster/conduct', permission: 'roster.read', icon: 'Medal', hint: 'conduct.hint' },
    ],
  },
  {
    // The meeting service (MTG-1..4); texts in i18n/modules/meetings.js. The run sheet is
    // every clerk's (their own tasks), so it needs no permission beyond seeing the rooms.
    group: 'meetings',
    icon: 'Calendar',
    items: [
      { name: 'meetingCalendar', path: '/meetings', permission: 'meetings.read', icon: 'Calendar', hint: 'meetings.hint' },
      { name: 'runsheet', path: '/meetings/runsheet', permission: 'meetings.read', icon: 'Checked', hint: 'runsheet.hint' },
      { name: 'meetingApprovals', path: '/meetings/approvals', permission: 'meetings.approve', icon: 'Stamp', hint: 'meetings.approvals.hint' },
    ],
  },
  {
    // Customer complaints as work orders (CMP); texts in i18n/modules/complaints.js. "My
    // tickets" is everyone's (SideMenu): owners and handlers need no permission.
    group: 'complaints',
    icon: 'Warning',
    items: [
      { name: 'complaintList', path: '/complaints', permission: 'complaints.read', icon: 'Tickets', hint: 'complaints.listHint' },
      { name: 'complaintNew', path: '/complaints/new', permission: 'complaints.write', icon: 'EditPen', hint: 'complaints.newHint' },
      { name: 'complaintCallbacks', path: '/complaints/callbacks', permission: 'complaints.write', icon: 'PhoneFilled', hint: 'care.callbacks.hint' },
      { name: 'complaintReports', path: '/complaints/reports', permission: 'complaints.read', icon: 'DataAnalysis', hint: 'care.reports.hint' },
      { name: 'complaintRouting', path: '/admin/complaint-routing', permission: 'complaints.admin', icon: 'Guide', hint: 'complaints.routingHint' },
      { name: 'complaintCare', path: '/admin/complaint-care', permission: 'complaints.admin', icon: 'ChatLineSquare', hint: 'care.admin.hint' },
    ],
  },
  {
    // Formal guest receptions (PLAN-1..5, PLAN-11); texts in i18n/modules/receptions.js.
    group: 'receptions',
    icon: 'Flag',
    items: [
      { name: 'receptionList', path: '/receptions', permission: 'receptions.read', icon: 'Flag', hint: 'receptions.hint' },
      { name: 'receptionApprovals', path: '/receptions/approvals', permission: 'receptions.read', icon: 'Stamp', hint: 'receptions.approvals.hint' },
      { name: 'costStandards', path: '/admin/cost-standards', permission: 'receptions.admin', icon: 'Money', hint: 'receptions.admin.hint' },
    ],
  },
  {
    // Conference reception (PLAN-9); texts in i18n/modules/conferences.js.
    group: 'conferences',
    icon: 'Tickets',
    items: [
      { name: 'conferenceList', path: '/conferences', permission: 'conferences.read', icon: 'Tickets', hint: 'conferences.hint' },
    ],
  },
  {
    group: 'org',
    icon: 'OfficeBuilding',
    items: [
      { name: 'sites', path: '/org/sites', permission: 'org.read', icon: 'Location' },
      { name: 'departments', path: '/org/departments', permission: 'org.read', icon: 'Share' },
      { name: 'staff', path: '/org/staff', permission: 'org.read', icon: 'User' },
      { name: 'venues', path: '/org/venues', permission: 'org.read', icon: 'School' },
    ],
  },
  {
    group: 'admin',
    icon: 'Setting',
    items: [
      { name: 'users', path: '/admin/users', permission: 'users.read', icon: 'Avatar' },
      { name: 'roles', path: '/admin/roles', permission: 'roles.read', icon: 'Key' },
      { name: 'tokens', path: '/admin/tokens', permission: 'tokens.write', icon: 'Ticket' },
      { name: 'audit', path: '/admin/audit', permission: 'audit.read', icon: 'Document' },
    ],
  },
  {
    // The visitor module's administration; `hint` is the Home card's text (the section's
    // messages live in i18n/modules/receptionAdmin.js).
    group: 'receptionAdmin',
    icon: 'Tools',
    items: [
      { name: 'triage', path: '/admin/triage', permission: 'visitors.admin', icon: 'Guide', hint: 'triage.hint' },
      { name: 'visitorLists', path: '/admin/visitor-lists', permission: 'visitors.admin', icon: 'List', hint: 'visitorLists.hint' },
      { name: 'settings', path: '/admin/settings', permission: 'settings.write', icon: 'Operation', hint: 'settingsPage.hint' },
      { name: 'webhooks', path: '/admin/webhooks', permission: 'notify.admin', icon: 'Connection', hint: 'webhooks.hint' },
      { name: 'outbox', path: '/admin/outbox', permission: 'notify.admin', icon: 'Message', hint: 'outbox.hint' },
      { name: 'knowledge', path: '/admin/knowledge', permission: 'calls.admin', icon: 'Collection', hint: 'knowledgeAdmin.hint' },
    ],
  },
]

// hasPermission: no permission needed, or the user holds it.
export function hasPermission(permissions, needed) {
  if (!needed) return true
  return Array.isArray(permissions) && permissions.includes(needed)
}

// visibleSections drops the items the user may not open and the groups left empty.
export function visibleSections(permissions, sections = SECTIONS) {
  return sections
    .map((s) => ({ ...s, items: s.items.filter((i) => hasPermission(permissions, i.permission)) }))
    .filter((s) => s.items.length > 0)
}
