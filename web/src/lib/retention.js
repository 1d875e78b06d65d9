// DATA-5: the parts of a retention preview or purge result ({parts: [{key, count, ...}]}),
// named in the user's language. A part added by a newer module without a message yet is
// shown under its key rather than hidden.
export function partLabel(t, te, key) {
  const path = `retention.parts.${key}`
  return te(path) ? t(path) : key
}

// "3 visits, 2 visitors" style list of the parts with a count, for one line of text.
export function describeParts(t, te, summary) {
  const parts = (summary && summary.parts) || []
  return parts
    .filter((p) => p.count > 0)
    .map((p) => t('retention.partCount', { part: partLabel(t, te, p.key), count: p.count }))
    .join(t('retention.separator'))
}
