// formatTime shows an ISO UTC time in the browser's zone as "YYYY-MM-DD HH:mm".
export function formatTime(iso) {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

// isLocked: locked_until is in the future.
export function isLocked(lockedUntil, now = Date.now()) {
  if (!lockedUntil) return false
  const t = Date.parse(lockedUntil)
  return !Number.isNaN(t) && t > now
}

// Today's date (YYYY-MM-DD) in `timeZone` (a site's zone): a site's day, not the browser's,
// decides which visits and calls are "today's" (the desk may sit in another zone, and just
// after midnight the two differ). Falls back to the browser's day without a zone.
export function todayIn(timeZone, now = new Date()) {
  const p = (n) => String(n).padStart(2, '0')
  if (!timeZone) return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
  } catch {
    return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
  }
}
