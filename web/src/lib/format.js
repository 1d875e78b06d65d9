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
