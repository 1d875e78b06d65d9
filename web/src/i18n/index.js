// vue-i18n set-up. The esm-bundler build of vue-i18n 11 compiles messages with its JIT
// AST evaluator (no new Function / eval), so it runs under the server's CSP
// (script-src 'self', no 'unsafe-eval'). tests/e2e checks the console for CSP violations.
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.js'
import zhTW from './zh-TW.js'
import en from './en.js'
import { MODULES } from './modules/index.js'

export const LANGS = ['zh-CN', 'zh-TW', 'en']
export const DEFAULT_LANG = 'zh-CN'
const STORAGE_KEY = 'yb.lang'

// pickLang returns a supported language for a stored or requested value.
export function pickLang(value) {
  if (LANGS.includes(value)) return value
  return DEFAULT_LANG
}

function storedLang() {
  try {
    return pickLang(globalThis.localStorage?.getItem(STORAGE_KEY))
  } catch {
    return DEFAULT_LANG
  }
}

// mergeMessages adds each feature module's top-level sections to the core messages of
// every language. Modules keep their three languages in one file (see modules/), so a
// page and its words are edited together; a duplicated section name throws at start-up.
export function mergeMessages(core, modules) {
  const out = {}
  for (const lang of LANGS) {
    out[lang] = { ...core[lang] }
    for (const m of modules) {
      for (const [section, value] of Object.entries(m[lang] || {})) {
        if (section in out[lang]) throw new Error(`i18n section "${section}" defined twice`)
        out[lang][section] = value
      }
    }
  }
  return out
}

export const MESSAGES = mergeMessages({ 'zh-CN': zhCN, 'zh-TW': zhTW, en }, MODULES)

export const i18n = createI18n({
  legacy: false,
  locale: storedLang(),
  fallbackLocale: DEFAULT_LANG,
  messages: MESSAGES,
})

export function currentLang() {
  return i18n.global.locale.value
}

export function setLang(lang) {
  const l = pickLang(lang)
  i18n.global.locale.value = l
  try {
    localStorage.setItem(STORAGE_KEY, l)
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = l
  document.title = i18n.global.t('app.title')
}
