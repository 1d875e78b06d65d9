// Helpers of the conference pages (pages/conferences, PLAN-9): money on screen in yuan and
// on the wire in fen, site-local date-times for the arrival and departure fields, the
// registration window's state, and how a reconciliation row is highlighted.
import { dayOf, minutesOf, clock, zonedToUtc } from './meetings.js'

// yuan: 45000 fen -> "450.00".
export function yuan(fen) {
  const n = Number(fen || 0)
  const sign = n < 0 ? '-' : ''
  const abs = Math.abs(n)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

// toFen: a yuan amount typed on screen (number or text) as integer fen; NaN stays NaN so
// the server names the field.
export function toFen(value) {
  if (value === '' || value === null || value === undefined) return 0
  const n = Number(value)
  return Number.isFinite(n) ? Math.round(n * 100) : NaN
}

// localInput: an instant (ISO) as "YYYY-MM-DDTHH:mm" in the site's zone, for a
// datetime-local input (a phone shows its own picker); '' for none.
export function localInput(iso, tz) {
  if (!iso) return ''
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ''
  return `${dayOf(t, tz)}T${clock(minutesOf(t, tz))}`
}

// fromLocalInput: "YYYY-MM-DDTHH:mm" (or with a space) in the site's zone as an ISO instant; null for ''.
export function fromLocalInput(text, tz) {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})/.exec(text || '')
  if (!m) return null
  return new Date(zonedToUtc(m[1], Number(m[2]) * 60 + Number(m[3]), tz)).toISOString()
}

// registrationState: not_yet | open | closed, as the server decides it.
export function registrationState(conference, now = Date.now()) {
  if (!conference) return 'closed'
  if (now < Date.parse(conference.registration_opens_at)) return 'not_yet'
  if (now < Date.parse(conference.registration_closes_at)) return 'open'
  return 'closed'
}

// The tag type of a reconciliation status: differences stand out.
export const RECON_TYPE = { match: 'success', over: 'danger', under: 'warning', unbilled: 'info', unexpected: 'danger' }

// The tag type of a diet on ticket lists: special diets stand out for the kitchen.
export const DIET_TYPE = { normal: 'info', halal: 'success', vegetarian: 'warning', other: 'danger' }
export const DIETS = ['normal', 'halal', 'vegetarian', 'other']

// groupByOrganisation: [{organisation, items}] in first-seen order.
export function groupByOrganisation(rows) {
  const out = new Map()
  for (const r of rows) {
    if (!out.has(r.organisation)) out.set(r.organisation, [])
    out.get(r.organisation).push(r)
  }
  return [...out].map(([organisation, items]) => ({ organisation, items }))
}

// matches: the delegate's name, organisation or code contains the query (case-insensitive).
export function matches(d, q) {
  const needle = String(q || '').trim().toLowerCase()
  if (!needle) return true
  return [d.name, d.organisation, d.code].some((s) => String(s || '').toLowerCase().includes(needle))
}

// delegateForm: the editable fields of a delegate (an empty form without one), with the
// times as site-local input text.
export function delegateForm(d = {}, tz = 'Asia/Shanghai') {
  return {
    name: d.name || '', gender: d.gender || '', organisation: d.organisation || '', title: d.title || '',
    role: d.role || 'member', phone: '', email: d.email || '', diet: d.diet || 'normal', diet_note: d.diet_note || '',
    needs: d.needs || '', arrival_at: localInput(d.arrival_at, tz), arrival_transport: d.arrival_transport || '',
    arrival_number: d.arrival_number || '', arrival_point_id: d.arrival_point_id ?? null,
    departure_at: localInput(d.departure_at, tz), departure_transport: d.departure_transport || '',
    departure_number: d.departure_number || '', departure_point_id: d.departure_point_id ?? null,
    return_ticket: !!d.return_ticket, return_note: d.return_note || '', hotel_id: d.hotel_id ?? null,
    room_sharing: d.room_sharing || 'single', roommate: d.roommate || '',
  }
}

// delegateBody: the form as the API takes it. An empty phone on a change is left out (the
// stored number stays); `keepPhone` says it is a change.
export function delegateBody(f, tz, { keepPhone = false } = {}) {
  const text = (s) => String(s ?? '').trim()
  const body = {
    name: text(f.name), gender: f.gender || undefined, organisation: text(f.organisation), title: text(f.title),
    role: f.role, email: text(f.email), diet: f.diet, diet_note: f.diet === 'normal' ? '' : text(f.diet_note),
    needs: text(f.needs), arrival_at: fromLocalInput(f.arrival_at, tz), arrival_transport: f.arrival_transport || undefined,
    arrival_number: text(f.arrival_number), arrival_point_id: f.arrival_point_id || null,
    departure_at: fromLocalInput(f.departure_at, tz), departure_transport: f.departure_transport || undefined,
    departure_number: text(f.departure_number), departure_point_id: f.departure_point_id || null,
    return_ticket: !!f.return_ticket, return_note: f.return_ticket ? text(f.return_note) : '',
    hotel_id: f.hotel_id || null, room_sharing: f.hotel_id ? f.room_sharing : 'single',
    roommate: f.hotel_id && f.room_sharing === 'shared' ? text(f.roommate) : '',
  }
  if (!(keepPhone && !text(f.phone))) body.phone = text(f.phone)
  return body
}

// The fields of a delegate form, for mapping a server error onto its input.
export const DELEGATE_FIELDS = ['name', 'gender', 'organisation', 'title', 'role', 'phone', 'email', 'diet', 'diet_note',
  'needs', 'arrival_at', 'arrival_transport', 'arrival_number', 'arrival_point_id', 'departure_at', 'departure_transport',
  'departure_number', 'departure_point_id', 'return_ticket', 'return_note', 'hotel_id', 'room_sharing', 'roommate']
