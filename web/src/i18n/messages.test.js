import { describe, it, expect } from 'vitest'
import { flattenKeys, missingKeys } from '../lib/keys.js'
import { MESSAGES, mergeMessages } from './index.js'

const all = MESSAGES

describe('translations', () => {
  const union = new Set(Object.values(all).flatMap((m) => flattenKeys(m)))
  for (const [lang, messages] of Object.entries(all)) {
    it(`${lang} has every key used by any language`, () => {
      expect(missingKeys(union, messages)).toEqual([])
    })
    it(`${lang} has no empty strings and no vue-i18n special characters by mistake`, () => {
      for (const [key, value] of Object.entries(flattenKeys(messages, '', true))) {
        expect(value, key).not.toBe('')
        // '@' starts a linked message and '|' splits plural forms in vue-i18n syntax.
        expect(value, key).not.toMatch(/[@|]/)
      }
    })
  }
  it('refuses a module that redefines a section', () => {
    const core = { 'zh-CN': { a: {} }, 'zh-TW': { a: {} }, en: { a: {} } }
    expect(() => mergeMessages(core, [{ 'zh-CN': { a: {} } }])).toThrow(/"a"/)
  })
  it('flags a missing key', () => {
    expect(missingKeys(new Set(['a.b', 'a.c']), { a: { b: 'x' } })).toEqual(['a.c'])
  })
})
