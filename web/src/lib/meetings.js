// Time in a site's zone for the meeting pages: the calendar shows and books site-local
// times whatever zone the browser is in (the server stores UTC; the site has its zone).

const formats = new Map()
function formatter(tz) {
  if (!formats.has(tz)) {
    formats.set(tz, new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short',
    }))
  }
  return formats.get(tz)
}

const WEEKDAYS = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }

// zonedParts: the wall clock of an instant in `tz`: {y, m, d, h, min, weekday (Mon = 1)}.
export function zonedParts(ms, tz) {
  const out = {}
  for (const p of formatter(tz).formatToParts(new Date(ms))) out[p.type] = p.value
  return { y: +out.year, m: +out.month, d: +out.day, h: +out.hour % 24, min: +out.minute, weekday: WEEKDAYS[out.weekday] }
}

function offsetAt(ms, tz) {
  const p = zonedParts(ms, tz)
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.min) - Math.floor(ms / 60000) * 60000
}

// zonedToUtc: the instant of wall time `date` ("YYYY-MM-DD") + `minutes` in `tz`.
export function zonedToUtc(date, minutes, tz) {
  const [y, m, d] = date.split('-').map(Number)
  const guess = Date.UTC(y, m - 1, d, 0, 0) + minutes * 60000
  let t = guess - offsetAt(guess, tz)
  const again = guess - offsetAt(t, tz)
  if (again !== t) t = again
  return t
}

const pad = (n) => String(n).padStart(2, '0')

// dayOf: "YYYY-MM-DD" of an instant in `tz`.
export function dayOf(ms, tz) {
  const p = zonedParts(ms, tz)
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`
}

// minutesOf: minutes after local midnight of an instant in `tz`.
export function minutesOf(ms, tz) {
  const p = zonedParts(ms, tz)
  return p.h * 60 + p.min
}

export function clock(minutes) {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`
}

export function parseClock(text) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text || '')
  return m ? +m[1] * 60 + +m[2] : null
}

export function addDays(date, n) {
  const [y, m, d] = date.split('-').map(Number)
  const t = new Date(Date.UTC(y, m - 1, d + n))
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
}

// isoWeekday of a "YYYY-MM-DD" (Monday = 1).
export function isoWeekday(date) {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7
}

export function weekStart(date) {
  return addDays(date, 1 - isoWeekday(date))
}

// timeSpan: "09:00–10:30" in `tz`.
export function timeSpan(startIso, endIso, tz) {
  return `${clock(minutesOf(Date.parse(startIso), tz))}–${clock(minutesOf(Date.parse(endIso), tz))}`
}

// place: where a block sits on a day row that shows [open, close) minutes: left and width
// in percent, clipped to the row; null when it is outside.
export function place(fromMs, toMs, dayStartMs, open, close) {
  const span = close - open
  const a = (fromMs - dayStartMs) / 60000 - open
  const b = (toMs - dayStartMs) / 60000 - open
  if (b <= 0 || a >= span) return null
  const left = Math.max(0, a)
  const right = Math.min(span, b)
  return { left: (left / span) * 100, width: ((right - left) / span) * 100 }
}

// slotAt: the minute of day a click at `fraction` (0..1) of a row lands on, rounded down
// to `step` minutes.
export function slotAt(fraction, open, close, step = 30) {
  const minute = open + fraction * (close - open)
  return Math.max(open, Math.min(close - step, Math.floor(minute / step) * step))
}

export const SERVICE_ITEMS = ['name_plates', 'laptop', 'projector', 'recorder', 'tea', 'drinks']
export const CHECKLIST_KINDS = ['meeting.setup', 'meeting.greet', 'meeting.tea', 'meeting.refill', 'meeting.cleanup']
