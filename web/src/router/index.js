import { createRouter, createWebHistory } from 'vue-router'
import { useSessionStore } from '../stores/session.js'
import { hasPermission } from '../lib/menu.js'

const Layout = () => import('../layouts/MainLayout.vue')

// meta.permission names the permission a page needs (see lib/menu.js for the menu).
export const routes = [
  { path: '/login', name: 'login', component: () => import('../pages/LoginPage.vue'), meta: { public: true } },
  // The lobby kiosk authenticates with its device token, not a session (see api/kiosk.js).
  { path: '/kiosk', name: 'kiosk', component: () => import('../pages/kiosk/KioskPage.vue'), meta: { public: true, kiosk: true } },
  // A conference's public registration form (PLAN-9): no sign-in, no session asked for.
  { path: '/register/:token', name: 'register', component: () => import('../pages/conferences/RegisterPage.vue'), meta: { public: true, noSession: true } },
  // Print pages stand outside the layout so that only the document reaches the paper.
  { path: '/print/badge/:id', name: 'badge', component: () => import('../pages/visitors/BadgePrintPage.vue'), meta: { permission: 'visits.write' } },
  // CMP-1 and CMP-4: the registration form and the notice form print as A4 sheets; who may
  // see the ticket is the server's to decide (owners and handlers need no permission).
  { path: '/print/complaint/:id', name: 'complaintPrint', component: () => import('../pages/complaints/RegistrationPrintPage.vue') },
  // PLAN-7/PLAN-8: a formal reception's documents on A4 (staff table, schedule, budget, summary).
  { path: '/print/reception/:id(\\d+)/:doc', name: 'receptionPrint', component: () => import('../pages/receptions/ReceptionPrintPage.vue'), meta: { permission: 'receptions.read' } },
  { path: '/complaints/:id(\\d+)/notice', name: 'complaintNotice', component: () => import('../pages/complaints/NoticePage.vue') },
  // CMP-1: the public complaint form the counter's QR code opens (no session at all).
  { path: '/complain', name: 'complain', component: () => import('../pages/complaints/PublicComplainPage.vue'), meta: { public: true, bare: true } },
  // CMP-6: the public satisfaction survey the link or QR code opens (no session at all).
  { path: '/survey/:token', name: 'survey', component: () => import('../pages/complaints/care/SurveyPage.vue'), meta: { public: true, bare: true } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'home', component: () => import('../pages/HomePage.vue') },
      { path: 'desk', name: 'desk', component: () => import('../pages/visitors/DeskPage.vue'), meta: { permission: 'visits.write' } },
      { path: 'host', name: 'host', component: () => import('../pages/visitors/HostPage.vue'), meta: { permission: 'visits.host' } },
      { path: 'visitors/log', name: 'visitLog', component: () => import('../pages/visitors/VisitLogPage.vue'), meta: { permission: 'visits.read' } },
      { path: 'calls', name: 'callDesk', component: () => import('../pages/calls/CallDeskPage.vue'), meta: { permission: 'calls.write' } },
      { path: 'calls/log', name: 'callLog', component: () => import('../pages/calls/CallLogPage.vue'), meta: { permission: 'calls.read' } },
      // A message's recipients need no permission: the server shows each their own.
      { path: 'messages', name: 'myMessages', component: () => import('../pages/calls/MyMessagesPage.vue') },
      { path: 'admin/knowledge', name: 'knowledge', component: () => import('../pages/reception-admin/KnowledgePage.vue'), meta: { permission: 'calls.admin' } },
      { path: 'mail', name: 'mailDesk', component: () => import('../pages/mail/MailDeskPage.vue'), meta: { permission: 'mail.write' } },
      // Every signed-in user has "my mail" (their own items); no permission.
      { path: 'mail/mine', name: 'myMail', component: () => import('../pages/mail/MyMailPage.vue') },
      { path: 'mail/subscriptions', name: 'subscriptions', component: () => import('../pages/mail/SubscriptionsPage.vue'), meta: { permission: 'mail.read' } },
      // The duty roster (DESK-1) and the conduct records (DESK-2); a clerk without
      // conduct.read sees their own records on the conduct page.
      { path: 'roster', name: 'roster', component: () => import('../pages/roster/RosterPage.vue'), meta: { permission: 'roster.read' } },
      { path: 'roster/conduct', name: 'conduct', component: () => import('../pages/roster/ConductPage.vue'), meta: { permission: 'roster.read' } },
      // Customer complaints (CMP): the list needs no permission: without complaints.read the
      // server answers the tickets one owns or handles ("my tickets").
      { path: 'complaints', name: 'complaintList', component: () => import('../pages/complaints/ComplaintsPage.vue') },
      { path: 'complaints/mine', name: 'myComplaints', component: () => import('../pages/complaints/ComplaintsPage.vue') },
      { path: 'complaints/new', name: 'complaintNew', component: () => import('../pages/complaints/IntakePage.vue'), meta: { permission: 'complaints.write' } },
      { path: 'complaints/:id(\\d+)', name: 'complaintTicket', component: () => import('../pages/complaints/TicketPage.vue') },
      { path: 'admin/complaint-routing', name: 'complaintRouting', component: () => import('../pages/complaints/RoutingPage.vue'), meta: { permission: 'complaints.admin' } },
      // The second half (CMP-6..10, CMP-12): the callback worklist (owners and handlers call
      // back their own too; the server decides what each sees), the reports, and the phrase,
      // temperament, reply, red-alert and survey administration.
      { path: 'complaints/callbacks', name: 'complaintCallbacks', component: () => import('../pages/complaints/care/CallbacksPage.vue') },
      { path: 'complaints/reports', name: 'complaintReports', component: () => import('../pages/complaints/care/ReportsPage.vue'), meta: { permission: 'complaints.read' } },
      { path: 'admin/complaint-care', name: 'complaintCare', component: () => import('../pages/complaints/care/CareAdminPage.vue'), meta: { permission: 'complaints.admin' } },
      { path: 'meetings', name: 'meetingCalendar', component: () => import('../pages/meetings/MeetingsPage.vue'), meta: { permission: 'meetings.read' } },
      // The run sheet shows the signed-in clerk's own checklist; the server decides what.
      { path: 'meetings/runsheet', name: 'runsheet', component: () => import('../pages/meetings/RunSheetPage.vue') },
      // Conference reception (PLAN-9): the list, one conference in tabs, the meal check-in.
      { path: 'conferences', name: 'conferences', component: () => import('../pages/conferences/ConferencesPage.vue'), meta: { permission: 'conferences.read' } },
      { path: 'conferences/:id', name: 'conference', component: () => import('../pages/conferences/ConferencePage.vue'), meta: { permission: 'conferences.read' } },
      { path: 'conferences/:id/meals/:mealId/checkin', name: 'mealCheckin', component: () => import('../pages/conferences/MealCheckinPage.vue'), meta: { permission: 'conferences.write' } },
      { path: 'meetings/approvals', name: 'meetingApprovals', component: () => import('../pages/meetings/ApprovalsPage.vue'), meta: { permission: 'meetings.approve' } },
      // Formal receptions (PLAN-1..5, PLAN-11): the list, a new request, one plan, the
      // approvals waiting, and the grades, cost standards and approval rules.
      { path: 'receptions', name: 'receptions', component: () => import('../pages/receptions/ReceptionsPage.vue'), meta: { permission: 'receptions.read' } },
      { path: 'receptions/new', name: 'receptionNew', component: () => import('../pages/receptions/ReceptionPage.vue'), meta: { permission: 'receptions.plan' } },
      // PLAN-6: everyone's own duties at the receptions in progress (the server decides what).
      { path: 'receptions/runsheet', name: 'receptionRunsheet', component: () => import('../pages/receptions/RunSheetPage.vue') },
      { path: 'receptions/approvals', name: 'receptionApprovals', component: () => import('../pages/receptions/ApprovalsPage.vue'), meta: { permission: 'receptions.read' } },
      { path: 'receptions/:id(\\d+)', name: 'reception', component: () => import('../pages/receptions/ReceptionPage.vue'), meta: { permission: 'receptions.read' } },
      { path: 'admin/cost-standards', name: 'costStandards', component: () => import('../pages/receptions/CostStandardsPage.vue'), meta: { permission: 'receptions.read' } },
      { path: 'account', name: 'account', component: () => import('../pages/AccountPage.vue') },
      { path: 'admin/users', name: 'users', component: () => import('../pages/admin/UsersPage.vue'), meta: { permission: 'users.read' } },
      { path: 'admin/roles', name: 'roles', component: () => import('../pages/admin/RolesPage.vue'), meta: { permission: 'roles.read' } },
      { path: 'admin/tokens', name: 'tokens', component: () => import('../pages/admin/TokensPage.vue'), meta: { permission: 'tokens.write' } },
      { path: 'admin/audit', name: 'audit', component: () => import('../pages/admin/AuditPage.vue'), meta: { permission: 'audit.read' } },
      { path: 'admin/triage', name: 'triage', component: () => import('../pages/reception-admin/TriageRulesPage.vue'), meta: { permission: 'visitors.admin' } },
      { path: 'admin/visitor-lists', name: 'visitorLists', component: () => import('../pages/reception-admin/VisitorListsPage.vue'), meta: { permission: 'visitors.admin' } },
      { path: 'admin/settings', name: 'settings', component: () => import('../pages/reception-admin/SettingsPage.vue'), meta: { permission: 'settings.write' } },
      { path: 'admin/webhooks', name: 'webhooks', component: () => import('../pages/reception-admin/WebhooksPage.vue'), meta: { permission: 'notify.admin' } },
      { path: 'admin/outbox', name: 'outbox', component: () => import('../pages/reception-admin/OutboxPage.vue'), meta: { permission: 'notify.admin' } },
      { path: 'notifications', name: 'notifications', component: () => import('../pages/NotificationsPage.vue') },
      { path: 'org/sites', name: 'sites', component: () => import('../pages/org/SitesPage.vue'), meta: { permission: 'org.read' } },
      { path: 'org/departments', name: 'departments', component: () => import('../pages/org/DepartmentsPage.vue'), meta: { permission: 'org.read' } },
      { path: 'org/staff', name: 'staff', component: () => import('../pages/org/StaffPage.vue'), meta: { permission: 'org.read' } },
      { path: 'org/venues', name: 'venues', component: () => import('../pages/org/VenuesPage.vue'), meta: { permission: 'org.read' } },
      { path: 'forbidden', name: 'forbidden', component: () => import('../pages/ErrorPage.vue'), props: { kind: 'forbidden' } },
      { path: ':rest(.*)*', name: 'notfound', component: () => import('../pages/ErrorPage.vue'), props: { kind: 'notFound' } },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (to.meta.kiosk || to.meta.bare) return true // no session on a kiosk tablet or the public form
  if (to.meta.kiosk || to.meta.noSession) return true // no session on a kiosk tablet or a public form
  const session = useSessionStore()
  await session.load()
  if (to.meta.public) {
    return session.signedIn && to.name === 'login' ? { name: 'home' } : true
  }
  if (!session.signedIn) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (!hasPermission(session.permissions, to.meta.permission)) return { name: 'forbidden' }
  return true
})
