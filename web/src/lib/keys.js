// flattenKeys lists the dotted paths of every string leaf of a nested message object.
// With asObject = true it answers {path: value} instead of [path].
export function flattenKeys(obj, prefix = '', asObject = false) {
  const out = asObject ? {} : []
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') {
      const sub = flattenKeys(v, path, asObject)
      if (asObject) Object.assign(out, sub)
      else out.push(...sub)
    } else if (asObject) {
      out[path] = v
    } else {
      out.push(path)
    }
  }
  return out
}

// missingKeys answers the paths of `keys` that `messages` lacks, sorted.
export function missingKeys(keys, messages) {
  const have = new Set(flattenKeys(messages))
  return [...keys].filter((k) => !have.has(k)).sort()
}
