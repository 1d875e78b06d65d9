import { clock, dayOf, minutesOf } from './meetings.js'

// Formal receptions (PLAN-1..5, PLAN-11): money shown in yuan with two decimals but kept in
// integer fen; the itinerary grouped by day; the words the plan's tags use.

// fenToYuan(123456) → "1,234.56"; null and undefined → "".
export function fenToYuan(fen, { grouping = true } = {}) {
  if (fen === null || fen === undefined || fen === '') return ''
  const n = Number(fen)
  if (!Number.isFinite(n)) return ''
  const neg = n < 0
  const abs = Math.abs(Math.trunc(n))
  const whole = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  const w = grouping ? whole.toLocaleString('en-US') : String(whole)
  return `${neg ? '-' : ''}${w}.${cents}`
}

// yuanToFen("600") → 60000, "600.5" → 60050, "1,200.05" → 120005; "" → null. Parsed as text,
// never through floating point. Answers NaN for anything that is not an amount (a minus
// sign is kept, so the server can refuse a negative amount naming the field).
export function yuanToFen(text) {
  if (text === null || text === undefined) return null
  const s = String(text).trim().replace(/,/g, '')
  if (s === '') return null
  const m = s.match(/^(-?)(\d+)(?:\.(\d{0,2}))?$/)
  if (!m) return NaN
  const fen = Number(m[2]) * 100 + Number((m[3] || '').padEnd(2, '0'))
  return m[1] ? -fen : fen
}

// groupByDay answers [{day, items}] in day order; items keep their (start) order.
export function groupByDay(items, days = []) {
  const map = new Map(days.map((d) => [d, []]))
  for (const it of items || []) {
    if (!map.has(it.day)) map.set(it.day, [])
    map.get(it.day).push(it)
  }
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, list]) => ({ day, items: list }))
}

// daysBetween("2027-03-10", "2027-03-12") → the three dates.
export function daysBetween(from, to) {
  const out = []
  if (!from || !to) return out
  const start = Date.parse(`${from}T00:00:00Z`)
  const end = Date.parse(`${to}T00:00:00Z`)
  if (Number.isNaN(start) || Number.isNaN(end)) return out
  for (let t = start; t <= end && out.length < 62; t += 86400000) out.push(new Date(t).toISOString().slice(0, 10))
  return out
}

export const STATUS_TAG = {
  draft: 'info', submitted: 'warning', approved: 'success', rejected: 'danger',
  in_progress: 'primary', completed: 'success', archived: 'info', cancelled: 'info',
}

export const LEVEL_TAG = { high: 'danger', equal: 'success', low: 'info' }

export const ITEM_KINDS = ['pickup', 'lodging', 'work', 'visit', 'meeting', 'meal', 'leisure', 'ceremony', 'gift', 'farewell', 'see_off']
export const MEAL_TYPES = ['lunch', 'dinner', 'other']
export const STAFF_ROLES = ['greeter', 'guide', 'recorder', 'logistics', 'driver', 'interpreter', 'security', 'other']
export const KEY_ROLES = ['greeter', 'guide', 'recorder', 'logistics']
export const CONTINGENCY_KINDS = ['backup_room', 'emergency_vehicle', 'weather', 'medical', 'other']
// PLAN-4's categories; meals are itinerary items, each checked against its own cap.
export const LINE_CATEGORIES = ['hospitality', 'lodging', 'transport', 'materials', 'venue', 'labour', 'entertainment', 'souvenirs', 'publicity', 'other']
export const TABOOS = ['halal', 'vegetarian', 'no_pork', 'no_beef', 'no_seafood', 'no_alcohol']
export const INTENTS = ['official', 'meeting', 'inspection', 'visit', 'business', 'technical', 'other']
export const TRANSPORTS = ['flight', 'train', 'car', 'other']

// gradeName picks the grade's name in the UI language.
export function gradeName(grade, lang) {
  if (!grade) return ''
  if (lang === 'zh-TW') return grade.name_zh_tw || grade.name_zh_cn
  if (lang === 'en') return grade.name_en || grade.code
  return grade.name_zh_cn
}

// --- the execution (PLAN-6..8) ---

// siteTime("2026-11-24T00:00:00Z", "Asia/Shanghai") → "2026-11-24 08:00": an instant as the
// site's wall clock, whatever zone the browser is in; siteClock → "08:00".
export function siteTime(iso, tz) {
  if (!iso) return ''
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return String(iso)
  return `${dayOf(ms, tz)} ${clock(minutesOf(ms, tz))}`
}
export function siteClock(iso, tz) {
  return siteTime(iso, tz).slice(11)
}

// costTargets lists what an actual cost may be recorded against: every row of the plan's
// budget ("item:12", "line:3"), then "extra" for unplanned spending.
export function costTargets(rows) {
  const out = (rows || []).map((r) => ({ value: `${r.source}:${r.source_id}`, label: r.label, category: r.category, day: r.day }))
  out.push({ value: 'extra', label: '', category: '' })
  return out
}

// parseTarget("item:12") → { source: 'item', source_id: 12 }; "extra" → { source: 'extra' }.
export function parseTarget(value) {
  const m = /^(item|line):(\d+)$/.exec(value || '')
  if (m) return { source: m[1], source_id: Number(m[2]) }
  return { source: 'extra', source_id: null }
}

// groupByReception answers the run sheet's tasks as [{ reception, items }] in the order of
// their first task (the server sends them by start time).
export function groupByReception(tasks) {
  const out = []
  const byId = new Map()
  for (const t of tasks || []) {
    let g = byId.get(t.reception.id)
    if (!g) {
      g = { reception: t.reception, items: [] }
      byId.set(t.reception.id, g)
      out.push(g)
    }
    g.items.push(t)
  }
  return out
}

// tasksByItem answers a Map item id → its tasks (lead first, as the server orders them).
export function tasksByItem(tasks) {
  const map = new Map()
  for (const t of tasks || []) {
    if (!map.has(t.item_id)) map.set(t.item_id, [])
    map.get(t.item_id).push(t)
  }
  return map
}

// The print documents of a reception (PLAN-7, PLAN-8).
export const DOCUMENTS = ['staff', 'schedule', 'budget', 'summary']
export const EXECUTED = ['in_progress', 'completed', 'archived']
