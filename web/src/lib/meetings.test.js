import { describe, it, expect } from 'vitest'
import { zonedParts, zonedToUtc, dayOf, minutesOf, addDays, weekStart, isoWeekday, place, slotAt, clock, parseClock, timeSpan } from './meetings.js'

describe('site-local time', () => {
  it('reads and writes wall time in the site zone whatever the browser zone', () => {
    const t = Date.parse('2026-11-24T01:30:00Z')
    expect(zonedParts(t, 'Asia/Shanghai')).toMatchObject({ y: 2026, m: 11, d: 24, h: 9, min: 30, weekday: 2 })
    expect(zonedToUtc('2026-11-24', 9 * 60 + 30, 'Asia/Shanghai')).toBe(t)
    expect(dayOf(t, 'Asia/Shanghai')).toBe('2026-11-24')
    expect(minutesOf(t, 'Asia/Shanghai')).toBe(570)
    expect(timeSpan('2026-11-24T01:30:00Z', '2026-11-24T03:00:00Z', 'Asia/Shanghai')).toBe('09:30–11:00')
  })
  it('handles daylight saving time', () => {
    // Berlin, the day clocks go forward (02:00 -> 03:00): 10:00 is UTC+2.
    expect(zonedToUtc('2026-03-29', 600, 'Europe/Berlin')).toBe(Date.parse('2026-03-29T08:00:00Z'))
    expect(zonedToUtc('2026-03-28', 600, 'Europe/Berlin')).toBe(Date.parse('2026-03-28T09:00:00Z'))
  })
  it('steps through days and weeks', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(isoWeekday('2026-11-29')).toBe(7)
    expect(weekStart('2026-11-29')).toBe('2026-11-23')
    expect(weekStart('2026-11-23')).toBe('2026-11-23')
    expect(clock(545)).toBe('09:05')
    expect(parseClock('9:05')).toBe(545)
    expect(parseClock('x')).toBe(null)
  })
})

describe('the day grid', () => {
  const day = Date.parse('2026-11-24T00:00:00Z')
  it('places a block in percent of the visible hours, clipped', () => {
    // Row 08:00-20:00 (720 min); a block 09:00-10:00.
    expect(place(day + 9 * 3600e3, day + 10 * 3600e3, day, 480, 1200)).toEqual({ left: (60 / 720) * 100, width: (60 / 720) * 100 })
    expect(place(day + 6 * 3600e3, day + 9 * 3600e3, day, 480, 1200)).toEqual({ left: 0, width: (60 / 720) * 100 })
    expect(place(day + 21 * 3600e3, day + 22 * 3600e3, day, 480, 1200)).toBe(null)
  })
  it('turns a click into a half-hour slot', () => {
    expect(slotAt(0, 480, 1200)).toBe(480)
    expect(slotAt(0.5, 480, 1200)).toBe(840)
    expect(slotAt(0.99, 480, 1200)).toBe(1170)
    expect(slotAt(1, 480, 1200)).toBe(1170)
  })
})
