// buildTree turns the API's flat department list into el-tree nodes
// ({...item, children: []}), roots first, siblings sorted by name. An item whose parent
// is missing from the list (outside the caller's scope) becomes a root; a parent cycle
// (corrupt data) cannot hang the page because each item is placed exactly once.
export function buildTree(items, collator = new Intl.Collator('zh-CN')) {
  const byId = new Map()
  for (const it of items) byId.set(it.id, { ...it, children: [] })
  const roots = []
  for (const node of byId.values()) {
    const parent = node.parent_id != null ? byId.get(node.parent_id) : undefined
    if (parent && parent !== node && !isAncestor(node, parent, byId)) parent.children.push(node)
    else roots.push(node)
  }
  const sort = (list) => {
    list.sort((a, b) => collator.compare(a.name, b.name))
    list.forEach((n) => sort(n.children))
    return list
  }
  return sort(roots)
}

// isAncestor: is `node` an ancestor of `other` following parent_id links?
function isAncestor(node, other, byId) {
  const seen = new Set()
  let cur = other
  while (cur && cur.parent_id != null && !seen.has(cur.id)) {
    seen.add(cur.id)
    if (cur.parent_id === node.id) return true
    cur = byId.get(cur.parent_id)
  }
  return false
}

// descendantIds answers the id of `id` and every department below it, for excluding
// them from the parent picker (a department cannot move under itself).
export function descendantIds(items, id) {
  const out = new Set([id])
  let grew = true
  while (grew) {
    grew = false
    for (const it of items) {
      if (it.parent_id != null && out.has(it.parent_id) && !out.has(it.id)) {
        out.add(it.id)
        grew = true
      }
    }
  }
  return out
}
