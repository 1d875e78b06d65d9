// auditDiff compares the before and after objects of an audit entry field by field and
// answers [{field, before, after, changed}] in a stable order (fields of `after` first).
// A create has before = null, a delete has after = null.
export function auditDiff(before, after) {
  const b = before || {}
  const a = after || {}
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  return fields.map((field) => {
    const bv = field in b ? b[field] : undefined
    const av = field in a ? a[field] : undefined
    return { field, before: show(bv), after: show(av), changed: JSON.stringify(bv) !== JSON.stringify(av) }
  })
}

function show(v) {
  if (v === undefined) return ''
  if (typeof v === 'string') return v
  return JSON.stringify(v)
}
