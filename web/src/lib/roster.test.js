import { describe, it, expect } from 'vitest'
import {
  minutes, hm, addDays, isoWeekday, mondayOf, weekDays, dayRange, place, shiftsByClerk, rosterRows,
  absencesOf, yuanToFen, timeOptions,
} from './roster.js'

describe('roster helpers', () => {
  it('reads and writes times of a day', () => {
    expect(minutes('08:30')).toBe(510)
    expect(minutes('24:00')).toBe(1440)
    expect(minutes('8:30')).toBe(0)
    expect(hm(510)).toBe('08:30')
    expect(hm(1440)).toBe('24:00')
    const ends = timeOptions(15, 1440, 15)
    expect(ends[0]).toBe('00:15')
    expect(ends.at(-1)).toBe('24:00')
    expect(ends).toHaveLength(96)
  })

  it('walks the weeks of the calendar without the browser zone', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(isoWeekday('2026-11-23')).toBe(1)
    expect(isoWeekday('2026-11-29')).toBe(7)
    expect(mondayOf('2026-11-29')).toBe('2026-11-23')
    expect(mondayOf('2026-11-23')).toBe('2026-11-23')
    expect(weekDays('2026-11-23')).toHaveLength(7)
    expect(weekDays('2026-11-23')[6]).toBe('2026-11-29')
  })

  it('lays periods on the time line of the desk hours widened to the shifts', () => {
    const day = { desk_hours: [{ start: '08:30', end: '11:30' }, { start: '13:30', end: '17:30' }], shifts: [{ start: '07:45', end: '12:00' }] }
    const r = dayRange(day)
    expect(r).toEqual({ start: 7 * 60, end: 18 * 60 })
    expect(place('07:00', '18:00', r)).toEqual({ left: 0, width: 100 })
    const lunch = place('11:30', '13:30', r)
    expect(lunch.left).toBeCloseTo(40.909, 2)
    expect(lunch.width).toBeCloseTo(18.18, 1)
    expect(place('19:00', '20:00', r).width).toBe(0)
    expect(dayRange({ desk_hours: [], shifts: [] })).toEqual({ start: 480, end: 1080 })
  })

  it('groups shifts by clerk and puts the planned clerks first', () => {
    const day = { shifts: [{ staff_id: 2, start: '13:30' }, { staff_id: 1, start: '08:30' }, { staff_id: 2, start: '08:30' }], absences: [{ staff_id: 2 }, { staff_id: 3 }] }
    const g = shiftsByClerk(day)
    expect(g.get(2).map((s) => s.start)).toEqual(['08:30', '13:30'])
    expect(absencesOf(day, 2)).toHaveLength(1)
    const rows = rosterRows({ days: [day], clerks: [{ staff_id: 5 }, { staff_id: 1 }, { staff_id: 2 }] })
    expect(rows.map((r) => r.staff_id)).toEqual([1, 2, 5])
  })

  it('turns yuan typed by a person into integer fen', () => {
    expect(yuanToFen('80')).toBe(8000)
    expect(yuanToFen('80.5')).toBe(8050)
    expect(yuanToFen('0.05')).toBe(5)
    expect(yuanToFen('')).toBe(null)
    expect(yuanToFen('-1')).toBe(null)
    expect(yuanToFen('1.234')).toBe(null)
  })
})
