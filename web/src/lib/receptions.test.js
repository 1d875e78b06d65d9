import { describe, it, expect } from 'vitest'
import { fenToYuan, yuanToFen, groupByDay, daysBetween, gradeName } from './receptions.js'

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
