import { describe, it, expect } from 'vitest'
import { actionButtons, actionBody, durationText, timeLeftText, noticeState, nameIn, ACTION_PATHS } from './complaints.js'

const t = (key, args = {}) => `${key}:${JSON.stringify(args)}`

describe('complaint helpers', () => {
  it('groups the callback and transfer variants into one button each', () => {
    expect(actionButtons(['callback_satisfied', 'callback_unsatisfied', 'callback_accepted', 'transfer', 'redirect', 'note']))
      .toEqual(['callback', 'transfer', 'note'])
    for (const b of actionButtons(['claim', 'return_notice', 'agree_deadline', 'reject_review'])) expect(ACTION_PATHS[b]).toBeTruthy()
  })
  it('reads time left and overdue in days, hours or minutes', () => {
    expect(durationText(t, 3 * 1440 + 125)).toBe('complaints.days:{"d":3,"h":2}')
    expect(durationText(t, 125)).toBe('complaints.hours:{"h":2,"m":5}')
    expect(durationText(t, -7)).toBe('complaints.minutes:{"m":7}')
    expect(timeLeftText(t, { time_left_minutes: -90 })).toMatch(/^complaints.overdueBy/)
    expect(timeLeftText(t, { time_left_minutes: 0 })).toMatch(/^complaints.left/)
    expect(timeLeftText(t, { time_left_minutes: null })).toBe('')
  })
  it('sends only the fields an action asks for', () => {
    expect(actionBody('resolve', { resolution: ' 已修复 ', note: 'x' })).toEqual({ resolution: '已修复' })
    expect(actionBody('callback', { satisfied: false, accept: true, note: '仍不满意' })).toEqual({ satisfied: false, accept: true, note: '仍不满意' })
    expect(actionBody('callback', { satisfied: true, accept: true })).toEqual({ satisfied: true })
    const d = new Date('2026-11-30T09:00:00Z')
    expect(actionBody('agree_deadline', { agreed_deadline: d })).toEqual({ agreed_deadline: '2026-11-30T09:00:00.000Z' })
  })
  it('names the notice state and picks names by language', () => {
    expect(noticeState(null)).toBe('none')
    expect(noticeState({ acknowledged_at: 'x' })).toBe('acknowledged')
    expect(noticeState({ acknowledged_at: 'x', returned_at: 'y' })).toBe('returned')
    const type = { name_zh_cn: '投诉', name_zh_tw: '投訴', name_en: 'Complaint' }
    expect(nameIn(type, 'en')).toBe('Complaint')
    expect(nameIn(type, 'zh-TW')).toBe('投訴')
    expect(nameIn(type, 'zh-CN')).toBe('投诉')
  })
})
