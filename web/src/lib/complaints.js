// Pure helpers of the complaint pages (CMP): which buttons a ticket's allowed actions
// make, where each action posts, how a clock's time left reads, names in the UI language.

// The route under /complaints/{id}/ that each action posts to.
export const ACTION_PATHS = {
  claim: 'claim', classify: 'classify', dispatch: 'dispatch', acknowledge: 'acknowledge',
  return_notice: 'notice', resolve: 'resolve', review: 'review', reject_review: 'reject-review',
  report: 'report', callback: 'callback', archive: 'archive', contact: 'contact',
  agree_deadline: 'deadline', transfer: 'transfer', escalate: 'escalate', pause: 'pause',
  resume: 'resume', note: 'notes',
}

// The server lists callback_satisfied/_unsatisfied/_accepted and transfer/redirect
// separately; the page offers one button for each group, in the server's order.
export function actionButtons(actions = []) {
  const out = []
  for (const a of actions) {
    const b = a.startsWith('callback_') ? 'callback' : a === 'redirect' ? 'transfer' : a
    if (!out.includes(b)) out.push(b)
  }
  return out
}

// The fields each action's dialog asks for; an action without any is a confirmation.
export const ACTION_FIELDS = {
  classify: ['type', 'cause_class', 'severity', 'department_id'],
  dispatch: ['assignee_user_id'],
  return_notice: ['cause', 'fix', 'responsible_person'],
  resolve: ['resolution'],
  reject_review: ['note'],
  report: ['note'],
  callback: ['satisfied', 'note'],
  contact: ['note'],
  agree_deadline: ['agreed_deadline', 'note'],
  transfer: ['department_id', 'assignee_user_id', 'note'],
  escalate: ['note'],
  pause: ['note'],
  note: ['note'],
  archive: ['note'],
}

// Minutes as "2 d 3 h" / "3 h 5 min" / "12 min" through the message `t`.
export function durationText(t, minutes) {
  const m = Math.abs(Math.trunc(minutes))
  const d = Math.floor(m / 1440)
  const h = Math.floor((m % 1440) / 60)
  if (d > 0) return t('complaints.days', { d, h })
  if (h > 0) return t('complaints.hours', { h, m: m % 60 })
  return t('complaints.minutes', { m })
}

// "3 h 5 min left" or "overdue 2 d 1 h" for a running clock; '' for one that stopped.
export function timeLeftText(t, clock) {
  if (clock?.time_left_minutes == null) return ''
  const n = clock.time_left_minutes
  return n >= 0 ? t('complaints.left', { t: durationText(t, n) }) : t('complaints.overdueBy', { t: durationText(t, n) })
}

// The tag colour of a state or clock state.
export function stateType(state) {
  return {
    breached: 'danger', warning: 'warning', paused: 'info', met: 'success', met_late: 'warning', cancelled: 'info',
    received: 'warning', classified: 'warning', dispatched: '', in_progress: '', resolved: 'success', reviewed: 'success',
    reported: 'success', called_back: 'success', archived: 'info', running: '',
  }[state] ?? ''
}

// A type's or cause class's name in the UI language.
export function nameIn(item, lang) {
  if (!item) return ''
  if (lang === 'en') return item.name_en || item.name_zh_cn
  if (lang === 'zh-TW') return item.name_zh_tw || item.name_zh_cn
  return item.name_zh_cn
}

// Where the notice form stands: none | sent | acknowledged | returned.
export function noticeState(notice) {
  if (!notice) return 'none'
  if (notice.returned_at) return 'returned'
  if (notice.acknowledged_at) return 'acknowledged'
  return 'sent'
}

// The request body of an action from the dialog's form: only the fields it asks for,
// blanks left out (the server names what is missing).
export function actionBody(action, form) {
  const body = {}
  for (const f of ACTION_FIELDS[action] || []) {
    const v = form[f]
    if (v === undefined || v === null || v === '') continue
    body[f] = typeof v === 'string' ? v.trim() : v
  }
  if (action === 'callback') {
    body.satisfied = form.satisfied !== false
    if (!body.satisfied && form.accept) body.accept = true
  }
  if (action === 'agree_deadline' && form.agreed_deadline instanceof Date) body.agreed_deadline = form.agreed_deadline.toISOString()
  return body
}
