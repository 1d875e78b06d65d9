import { describe, it, expect } from 'vitest'
import {
  fenToYuan, yuanToFen, groupByDay, daysBetween, gradeName, costTargets, parseTarget, groupByReception, tasksByItem, siteTime, siteClock,
} from './receptions.js'

describe('money in fen, shown in yuan', () => {
  it('formats fen as yuan with two decimals', () => {
    expect(fenToYuan(0)).toBe('0.00')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(123456)).toBe('1,234.56')
    expect(fenToYuan(123456, { grouping: false })).toBe('1234.56')
    expect(fenToYuan(-150)).toBe('-1.50')
    expect(fenToYuan(null)).toBe('')
  })
  it('parses yuan text without floating point', () => {
    expect(yuanToFen('600')).toBe(60000)
    expect(yuanToFen('600.5')).toBe(60050)
    expect(yuanToFen('0.29')).toBe(29)
    expect(yuanToFen('1,200.05')).toBe(120005)
    expect(yuanToFen(' ')).toBe(null)
    expect(yuanToFen('-3')).toBe(-300)
    expect(Number.isNaN(yuanToFen('1.234'))).toBe(true)
    expect(Number.isNaN(yuanToFen('abc'))).toBe(true)
  })
})

describe('the itinerary by day', () => {
  it('lists every day of the visit, empty ones too, in order', () => {
    const days = daysBetween('2027-03-10', '2027-03-12')
    expect(days).toEqual(['2027-03-10', '2027-03-11', '2027-03-12'])
    const g = groupByDay([{ day: '2027-03-11', id: 2 }, { day: '2027-03-10', id: 1 }, { day: '2027-03-11', id: 3 }], days)
    expect(g.map((d) => [d.day, d.items.map((i) => i.id)])).toEqual([
      ['2027-03-10', [1]], ['2027-03-11', [2, 3]], ['2027-03-12', []],
    ])
  })
  it('names a grade in the UI language', () => {
    const g = { code: 'senior', name_zh_cn: '高级', name_zh_tw: '高級', name_en: 'Senior' }
    expect(gradeName(g, 'zh-CN')).toBe('高级')
    expect(gradeName(g, 'zh-TW')).toBe('高級')
    expect(gradeName(g, 'en')).toBe('Senior')
  })
})

describe('the execution (PLAN-6..8)', () => {
  it('lists the budget rows and unplanned spending as cost targets', () => {
    const t = costTargets([{ source: 'item', source_id: 12, label: '午餐', category: 'meals', day: '2027-03-10' }, { source: 'line', source_id: 3, label: '包车', category: 'transport' }])
    expect(t.map((x) => x.value)).toEqual(['item:12', 'line:3', 'extra'])
    expect(parseTarget('item:12')).toEqual({ source: 'item', source_id: 12 })
    expect(parseTarget('line:3')).toEqual({ source: 'line', source_id: 3 })
    expect(parseTarget('extra')).toEqual({ source: 'extra', source_id: null })
    expect(parseTarget('item:x')).toEqual({ source: 'extra', source_id: null })
  })
  it('groups the run sheet by reception in the order of the first task', () => {
    const a = { id: 1, number: 'JD1' }
    const b = { id: 2, number: 'JD2' }
    const g = groupByReception([{ id: 10, reception: b }, { id: 11, reception: a }, { id: 12, reception: b }])
    expect(g.map((x) => x.reception.id)).toEqual([2, 1])
    expect(g[0].items.map((x) => x.id)).toEqual([10, 12])
    const m = tasksByItem([{ id: 1, item_id: 5 }, { id: 2, item_id: 6 }, { id: 3, item_id: 5 }])
    expect(m.get(5).map((x) => x.id)).toEqual([1, 3])
  })
})

describe('times as the site shows them', () => {
  it('writes an instant in the site\'s zone, not the browser\'s', () => {
    expect(siteTime('2026-11-24T00:30:00Z', 'Asia/Shanghai')).toBe('2026-11-24 08:30')
    expect(siteTime('2026-11-23T16:30:00Z', 'Asia/Shanghai')).toBe('2026-11-24 00:30')
    expect(siteClock('2026-11-24T00:30:00Z', 'Asia/Shanghai')).toBe('08:30')
    expect(siteTime(null, 'Asia/Shanghai')).toBe('')
  })
})
