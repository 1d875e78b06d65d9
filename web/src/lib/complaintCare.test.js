import { describe, expect, it } from 'vitest'
import { applySuggestion, meanScore, paretoGeometry, phraseHits, segments, toFen, yuan } from './complaintCare.js'

describe('CMP-10 highlighting', () => {
  const text = '您好，這不是 我們的事！'
  const hits = [{ phrase: '这不是我们的事', start: 3, end: 11, suggestion: '我帮您联系负责的部门。' }]
  it('cuts the text at the hits by characters', () => {
    expect(segments(text, hits)).toEqual([
      { text: '您好，', hit: -1 }, { text: '這不是 我們的事', hit: 0 }, { text: '！', hit: -1 },
    ])
  })
  it('counts characters beyond the BMP as one', () => {
    expect(segments('😀这不是我们的事', [{ start: 1, end: 8 }])).toEqual([{ text: '😀', hit: -1 }, { text: '这不是我们的事', hit: 0 }])
  })
  it('replaces a hit with its suggestion', () => {
    expect(applySuggestion(text, hits[0])).toBe('您好，我帮您联系负责的部门。！')
  })
  it('reads the hits of a refusal only', () => {
    expect(phraseHits({ code: 'forbidden_phrase', details: hits })).toBe(hits)
    expect(phraseHits({ code: 'invalid_argument' })).toBeNull()
  })
  it('keeps overlapping hits apart', () => {
    expect(segments('abcdef', [{ start: 1, end: 4 }, { start: 2, end: 5 }]).map((s) => s.text)).toEqual(['a', 'bcd', 'e', 'f'])
  })
})

describe('survey and money', () => {
  it('means as the server does', () => {
    expect(meanScore([5, 4, 5])).toBe(4.67)
    expect(meanScore([1, 2])).toBe(1.5)
    expect(meanScore([])).toBe(0)
  })
  it('formats and reads yuan', () => {
    expect(yuan(123456)).toBe('1234.56')
    expect(yuan(5)).toBe('0.05')
    expect(toFen('1234.5')).toBe(123450)
    expect(toFen('')).toBeNull()
    expect(toFen('1.234')).toBeNaN()
  })
  it('lays out a Pareto chart', () => {
    const g = paretoGeometry([{ count: 4, cumulative: 80 }, { count: 1, cumulative: 100 }], 224, 124, 12)
    expect(g.bars).toHaveLength(2)
    expect(g.bars[0].h).toBe(100)
    expect(g.bars[1].h).toBe(25)
    expect(g.points[1].y).toBe(12)
  })
})

describe('texts in the UI language', async () => {
  const { textIn } = await import('./complaintCare.js')
  it('picks the language, falls back to zh-CN', () => {
    const q = { text_zh_cn: '满意吗', text_zh_tw: '滿意嗎', text_en: '' }
    expect(textIn(q, 'text', 'zh-TW')).toBe('滿意嗎')
    expect(textIn(q, 'text', 'en')).toBe('满意吗')
    expect(textIn(null, 'text', 'en')).toBe('')
  })
})
