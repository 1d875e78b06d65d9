// Pure helpers of the second half of the complaint pages (CMP-6..10, CMP-12): where the
// forbidden phrases sit in a text (the server's offsets count characters, i.e. Unicode code
// points, not UTF-16 units), replacing one with its suggestion, survey scores, the Pareto
// chart's geometry, and money in fen.

// The text cut into pieces at the hits: [{ text, hit }] where hit is the index of the hit
// (or -1). Overlapping hits: the earlier one wins the overlap.
export function segments(text, hits = []) {
  const chars = Array.from(text || '')
  const sorted = hits.map((h, i) => ({ ...h, i })).sort((a, b) => a.start - b.start || a.i - b.i)
  const out = []
  let at = 0
  for (const h of sorted) {
    const start = Math.max(h.start, at)
    const end = Math.min(h.end, chars.length)
    if (end <= start) continue
    if (start > at) out.push({ text: chars.slice(at, start).join(''), hit: -1 })
    out.push({ text: chars.slice(start, end).join(''), hit: h.i })
    at = end
  }
  if (at < chars.length) out.push({ text: chars.slice(at).join(''), hit: -1 })
  return out
}

// The text with hit `hit` replaced by its suggestion.
export function applySuggestion(text, hit) {
  const chars = Array.from(text || '')
  return chars.slice(0, hit.start).join('') + (hit.suggestion || '') + chars.slice(hit.end).join('')
}

// The error of a refused message: its hits when the server refused a forbidden phrase.
export function phraseHits(err) {
  return err?.code === 'forbidden_phrase' && Array.isArray(err.details) ? err.details : null
}

// The mean of 1-5 scores to two decimals (as the server computes it, half up).
export function meanScore(scores) {
  const list = scores.filter((s) => Number.isInteger(s) && s >= 1 && s <= 5)
  if (!list.length) return 0
  const sum = list.reduce((a, b) => a + b, 0)
  return Math.floor((sum * 200 + list.length) / (2 * list.length)) / 100
}

// Bars and the cumulative line of a Pareto chart in a width x height box: bars scaled to
// the largest count, points of the cumulative share (0-100 %) at each bar's centre.
export function paretoGeometry(rows, width, height, pad = 24) {
  const n = rows.length
  if (!n) return { bars: [], points: [] }
  const max = Math.max(...rows.map((r) => r.count), 1)
  const slot = (width - 2 * pad) / n
  const bw = Math.min(72, Math.max(4, slot * 0.6))
  const h = height - 2 * pad
  const bars = rows.map((r, i) => {
    const bh = (r.count / max) * h
    return { x: pad + i * slot + (slot - bw) / 2, y: pad + h - bh, w: bw, h: bh, row: r }
  })
  const points = rows.map((r, i) => ({ x: pad + i * slot + slot / 2, y: pad + h - (r.cumulative / 100) * h }))
  return { bars, points }
}

// 123456 fen -> "1234.56".
export function yuan(fen) {
  if (fen === null || fen === undefined || fen === '') return ''
  const n = Number(fen)
  const sign = n < 0 ? '-' : ''
  const a = Math.abs(Math.trunc(n))
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`
}

// "1234.5" (yuan typed by a person) -> 123450 fen; null when empty; NaN when not a number.
export function toFen(text) {
  const s = String(text ?? '').trim()
  if (!s) return null
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return NaN
  const [y, f = ''] = s.split('.')
  return Number(y) * 100 + Number(f.padEnd(2, '0'))
}

// item[`${prefix}_zh_cn` | `_zh_tw` | `_en`] in the UI language (zh-CN when missing).
export function textIn(item, prefix, lang) {
  if (!item) return ''
  if (lang === 'en') return item[`${prefix}_en`] || item[`${prefix}_zh_cn`] || ''
  if (lang === 'zh-TW') return item[`${prefix}_zh_tw`] || item[`${prefix}_zh_cn`] || ''
  return item[`${prefix}_zh_cn`] || ''
}
