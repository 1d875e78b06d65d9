import { describe, it, expect } from 'vitest'
import { guessCarrier, matchDepartments, sameName, yuan } from './mail.js'

describe('guessCarrier', () => {
  it('knows the carriers whose numbers carry letters', () => {
    expect(guessCarrier('SF1234567890123')).toBe('顺丰')
    expect(guessCarrier('sf 1234-5678-9012')).toBe('顺丰')
    expect(guessCarrier('JDV012345678901')).toBe('京东')
    expect(guessCarrier('YT1234567890123')).toBe('圆通')
    expect(guessCarrier('JT3012345678901')).toBe('极兔')
    expect(guessCarrier('DPK123456789012')).toBe('德邦')
    expect(guessCarrier('EA123456789CN')).toBe('EMS')
    expect(guessCarrier('RR123456789CN')).toBe('中国邮政')
  })
  it('does not guess digits-only numbers or junk', () => {
    expect(guessCarrier('78123456789012')).toBe('')
    expect(guessCarrier('')).toBe('')
    expect(guessCarrier(null)).toBe('')
    expect(guessCarrier('SF')).toBe('')
  })
})

describe('recipient helpers', () => {
  it('matches departments by any part of the name', () => {
    const d = [{ id: 1, name: '财务部' }, { id: 2, name: '市场部' }, { id: 3, name: '财务共享中心' }]
    expect(matchDepartments(d, '财务').map((x) => x.id)).toEqual([1, 3])
    expect(matchDepartments(d, ' ')).toEqual([])
  })
  it('tells a proxy pickup from the recipient', () => {
    expect(sameName('张 伟', '张伟')).toBe(true)
    expect(sameName('李娜', '张伟')).toBe(false)
    expect(sameName('', '')).toBe(false)
  })
  it('shows fen as yuan', () => {
    expect(yuan(48000)).toBe('480.00')
    expect(yuan(5)).toBe('0.05')
  })
})
