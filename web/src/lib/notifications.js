import { reactive } from 'vue'
import { api } from '../api/client.js'
import { LIVE_TOPICS } from './liveEvents.js'

// The signed-in user's inbox, shared by the bell and the notifications page so that a
// notification read on one shows as read on the other.
export const inbox = reactive({ latest: [], unread: 0, loaded: false })

const LATEST = 8

export async function loadInbox() {
  const r = await api.get('/notifications', { page_size: LATEST })
  inbox.latest = r?.items || []
  inbox.unread = r?.unread ?? 0
  inbox.loaded = true
}

export async function markRead(n) {
  if (n.read_at) return
  await api.post(`/notifications/${n.id}/read`)
  n.read_at = new Date().toISOString()
  const mine = inbox.latest.find((x) => x.id === n.id)
  if (mine) mine.read_at = n.read_at
  inbox.unread = Math.max(0, inbox.unread - 1)
}

export async function markAllRead() {
  const r = await api.post('/notifications/read-all')
  const now = new Date().toISOString()
  for (const n of inbox.latest) n.read_at = n.read_at || now
  inbox.unread = 0
  return r?.updated ?? 0
}

// Topics whose messages reach a user's bell (server: the modules' Enqueue calls). The bell
// listens to these named events; the preferences page offers them for muting.
export const NOTIFY_TOPICS = [
  'visit.arrived', 'visit.due', 'visit.reminder', 'visit.no_answer', 'visit.long_wait',
  'visit.host_answered', 'visit.cancelled', 'visit.rescheduled', 'visit.delegated',
  'visit.handed_over', 'visit.not_checked_out', 'visit.checked_out', 'visit.watch_hit',
  'visit.special_access', 'visit.courier', 'visit.department', 'notify.test', 'complaint.new',
  'call.message', 'call.message_reminder', 'call.message_handled',
  'mail.received', 'mail.reminder', 'mail.overdue', 'mail.picked_up', 'mail.returned', 'mail.renewal_due',
  'roster.gap_ahead', 'roster.gap_started', 'roster.handover', 'roster.handover_confirmed', 'roster.handover_ended',
  'roster.handover_unconfirmed', 'roster.cover', 'conduct.violation', 'conduct.appeal',
]
export const BELL_EVENTS = [...new Set([...LIVE_TOPICS, ...NOTIFY_TOPICS])]

// topicLabel: the localised name of a topic (or prefix), else the topic itself.
export function topicLabel(t, te, topic) {
  const k = `notifications.topics.${String(topic).replace(/\.$/, '').replace(/\./g, '_')}`
  return te(k) ? t(k) : topic
}
