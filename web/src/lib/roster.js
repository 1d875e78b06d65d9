// Helpers of the duty roster pages (pages/roster, components/DutyBar.vue): dates of a week,
// times of a day, where a period sits on a day's time line, and what the server's words
// (gap, duty, month status) look like on screen. Dates are "YYYY-MM-DD" strings of the
// site's calendar; they are computed in UTC so that the browser's zone never shifts them.

// minutes("08:30") → 510; "24:00" → 1440.
export function minutes(hm) {
  const m = /^(\d{2}):(\d{2})$/.exec(String(hm || ''))
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0
}

// hm(510) → "08:30".
export function hm(total) {
  const p = (n) => String(n).padStart(2, '0')
  return `${p(Math.floor(total / 60))}:${p(total % 60)}`
}

export function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

// isoWeekday("2026-11-23") → 1 (Monday) .. 7 (Sunday).
export function isoWeekday(iso) {
  return new Date(`${iso}T00:00:00Z`).getUTCDay() || 7
}

export function mondayOf(iso) {
  return addDays(iso, 1 - isoWeekday(iso))
}

export function weekDays(monday) {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i))
}

// timeOptions(0, 1440, 15) → ["00:00", "00:15", … "24:00"]: the choices of a time field
// (Element Plus's time select stops at 23:59; a shift may end at midnight).
export function timeOptions(from, to, step) {
  const out = []
  for (let m = from; m <= to; m += step) out.push(hm(m))
  return out
}

// The browser's today as "YYYY-MM-DD" (the page corrects it from the server's answer).
export function localToday(now = new Date()) {
  const p = (n) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}

// The span a day's time line shows: the desk hours widened to every shift, in whole hours.
export function dayRange(day) {
  let lo = 24 * 60
  let hi = 0
  for (const p of [...(day?.desk_hours || []), ...(day?.shifts || [])]) {
    lo = Math.min(lo, minutes(p.start))
    hi = Math.max(hi, minutes(p.end))
  }
  if (lo >= hi) return { start: 8 * 60, end: 18 * 60 }
  return { start: Math.floor(lo / 60) * 60, end: Math.ceil(hi / 60) * 60 }
}

// Where [start, end) sits on a time line of `range`, in percent of its width.
export function place(start, end, range) {
  const span = range.end - range.start
  const a = Math.max(range.start, minutes(start))
  const b = Math.min(range.end, minutes(end))
  if (span <= 0 || b <= a) return { left: 0, width: 0 }
  return { left: ((a - range.start) / span) * 100, width: ((b - a) / span) * 100 }
}

// A day's shifts grouped by clerk: Map staff_id → shifts in order of start.
export function shiftsByClerk(day) {
  const out = new Map()
  for (const s of day?.shifts || []) {
    if (!out.has(s.staff_id)) out.set(s.staff_id, [])
    out.get(s.staff_id).push(s)
  }
  for (const list of out.values()) list.sort((a, b) => minutes(a.start) - minutes(b.start))
  return out
}

// The clerks shown as rows of the week: the site's clerks and whoever else is on it, the
// ones with shifts that week first.
export function rosterRows(view) {
  const planned = new Set()
  for (const d of view?.days || []) for (const s of d.shifts) planned.add(s.staff_id)
  const rows = [...(view?.clerks || [])]
  return rows.sort((a, b) => Number(planned.has(b.staff_id)) - Number(planned.has(a.staff_id)))
}

// The absences of a clerk on a day.
export function absencesOf(day, staffId) {
  return (day?.absences || []).filter((a) => a.staff_id === staffId)
}

// Element Plus tag types of a month's status (DESK-2).
export const STATUS_TYPE = { clear: 'success', recorded: 'info', dereliction: 'warning', failed: 'danger', reassign: 'danger' }

// yuanToFen("80.5") → 8050; "" → null. Money travels in integer fen.
export function yuanToFen(text) {
  const s = String(text ?? '').trim()
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null
  const [y, f = ''] = s.split('.')
  return Number(y) * 100 + Number((f + '00').slice(0, 2))
}
