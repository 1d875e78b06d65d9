// Live updates from the server (Server-Sent Events on /api/v1/events). `onEvent` is called
// for every event; the browser reconnects by itself after a network drop. Returns a
// function that closes the stream. `topics` lists the named events to hear (default: the
// desk's LIVE_TOPICS).
export function openLiveEvents(siteIds, onEvent, topics = LIVE_TOPICS) {
  const q = (siteIds || []).map((id) => `site=${encodeURIComponent(id)}`).join('&')
  const es = new EventSource(`/api/v1/events${q ? `?${q}` : ''}`)
  const handler = (e) => onEvent(e.type, e.data ? safeParse(e.data) : null)
  // Named events (event: visit.arrived, ...) do not reach onmessage: listen to the ones
  // the pages use, and to the default channel.
  for (const topic of topics) es.addEventListener(topic, handler)
  es.onmessage = handler
  return () => es.close()
}

export const LIVE_TOPICS = [
  'visit.changed', 'visit.arrived', 'visit.host_answered', 'visit.reminder', 'visit.no_answer',
  'visit.long_wait', 'visit.watch_hit', 'visit.special_access', 'visit.cancelled', 'visit.due',
  'visit.delegated', 'visit.not_checked_out', 'visit.department', 'visit.courier', 'visit.handed_over',
]

function safeParse(text) {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
