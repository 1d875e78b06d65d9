import { describe, it, expect } from 'vitest'
import { yuan, toFen, localInput, fromLocalInput, registrationState, groupByOrganisation, matches, delegateForm, delegateBody } from './conferences.js'

describe('conference helpers', () => {
  it('shows fen as yuan and reads yuan as fen (PLAN-9: money in integer fen)', () => {
    expect(yuan(45000)).toBe('450.00')
    expect(yuan(5)).toBe('0.05')
    expect(yuan(-1250)).toBe('-12.50')
    expect(yuan(null)).toBe('0.00')
    expect(toFen(450)).toBe(45000)
    expect(toFen('12.34')).toBe(1234)
    expect(toFen(0.1 + 0.2)).toBe(30)
    expect(toFen('')).toBe(0)
    expect(toFen('abc')).toBeNaN()
  })
  it('edits arrival times in the site zone whatever the browser zone', () => {
    expect(localInput('2030-01-17T01:35:00.000Z', 'Asia/Shanghai')).toBe('2030-01-17T09:35')
    expect(fromLocalInput('2030-01-17 09:35', 'Asia/Shanghai')).toBe('2030-01-17T01:35:00.000Z')
    expect(fromLocalInput('', 'Asia/Shanghai')).toBeNull()
    expect(localInput(null, 'Asia/Shanghai')).toBe('')
  })
  it('tells whether registration is open', () => {
    const c = { registration_opens_at: '2030-01-01T00:00:00Z', registration_closes_at: '2030-01-10T00:00:00Z' }
    expect(registrationState(c, Date.parse('2029-12-31T23:59:59Z'))).toBe('not_yet')
    expect(registrationState(c, Date.parse('2030-01-01T00:00:00Z'))).toBe('open')
    expect(registrationState(c, Date.parse('2030-01-10T00:00:00Z'))).toBe('closed')
  })
  it('groups delegates by delegation and finds them by name, unit or code', () => {
    const rows = [{ name: '马明', organisation: '宁夏', code: '123' }, { name: '李', organisation: '甘肃', code: '456' }, { name: '王', organisation: '宁夏', code: '789' }]
    expect(groupByOrganisation(rows).map((g) => [g.organisation, g.items.length])).toEqual([['宁夏', 2], ['甘肃', 1]])
    expect(rows.filter((d) => matches(d, '宁')).length).toBe(2)
    expect(rows.filter((d) => matches(d, '456')).map((d) => d.name)).toEqual(['李'])
    expect(rows.filter((d) => matches(d, '')).length).toBe(3)
  })
  it('turns a delegate into a form and back, times in the site zone', () => {
    const d = { name: '马明', organisation: '宁夏代表团', role: 'head', diet: 'halal', arrival_at: '2030-01-17T01:35:00.000Z',
      arrival_point_id: 3, hotel_id: 2, room_sharing: 'shared', roommate: '王', return_ticket: false, return_note: 'x' }
    const f = delegateForm(d, 'Asia/Shanghai')
    expect(f.arrival_at).toBe('2030-01-17T09:35')
    expect(f.phone).toBe('')
    const change = delegateBody(f, 'Asia/Shanghai', { keepPhone: true })
    expect(change.phone).toBeUndefined()
    expect(change.arrival_at).toBe('2030-01-17T01:35:00.000Z')
    expect(change.roommate).toBe('王')
    expect(change.return_note).toBe('')
    const fresh = delegateBody({ ...delegateForm({}), name: ' 李 ', organisation: '甘肃', phone: '139', hotel_id: null, room_sharing: 'shared', roommate: '王' }, 'Asia/Shanghai')
    expect(fresh.name).toBe('李')
    expect(fresh.phone).toBe('139')
    expect(fresh.room_sharing).toBe('single')
    expect(fresh.roommate).toBe('')
    expect(fresh.arrival_at).toBeNull()
  })
})
