import { describe, expect, it } from 'vitest'
import { todayIn } from './format.js'

describe('todayIn', () => {
  it('is the site\'s day, not the browser\'s: 16:30 UTC is the next day in Shanghai', () => {
    const at = new Date('2026-11-23T16:30:00Z')
    expect(todayIn('Asia/Shanghai', at)).toBe('2026-11-24')
    expect(todayIn('Europe/London', at)).toBe('2026-11-23')
  })
  it('falls back to the browser\'s day without a zone or with an unknown one', () => {
    const at = new Date(2026, 0, 5, 12)
    expect(todayIn('', at)).toBe('2026-01-05')
    expect(todayIn('Not/AZone', at)).toBe('2026-01-05')
  })
})
