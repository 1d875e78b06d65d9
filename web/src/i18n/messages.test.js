import { describe, it, expect } from 'vitest'
import { flattenKeys, missingKeys } from '../lib/keys.js'
import zhCN from './zh-CN.js'
import zhTW from './zh-TW.js'
import en from './en.js'

const all = { 'zh-CN': zhCN, 'zh-TW': zhTW, en }

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
  it('flags a missing key', () => {
    expect(missingKeys(new Set(['a.b', 'a.c']), { a: { b: 'x' } })).toEqual(['a.c'])
  })
})
