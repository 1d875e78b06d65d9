import { describe, it, expect } from 'vitest'
import { buildTree, descendantIds } from './tree.js'
import { auditDiff } from './diff.js'
import { visibleSections, hasPermission } from './menu.js'
import { isLocked } from './format.js'

describe('buildTree', () => {
  it('nests children under parents and sorts siblings', () => {
    const t = buildTree([
      { id: 1, name: '总经理办公室', parent_id: null },
      { id: 3, name: '前台', parent_id: 2 },
      { id: 2, name: '行政部', parent_id: null },
      { id: 4, name: '保安', parent_id: 2 },
    ])
    expect(t.map((n) => n.id).sort()).toEqual([1, 2])
    const admin = t.find((n) => n.id === 2)
    expect(admin.children.map((n) => n.id).sort()).toEqual([3, 4])
  })
  it('makes orphans roots and survives cycles', () => {
    const t = buildTree([
      { id: 1, name: 'a', parent_id: 99 },
      { id: 2, name: 'b', parent_id: 3 },
      { id: 3, name: 'c', parent_id: 2 },
    ])
    const count = (ns) => ns.reduce((s, n) => s + 1 + count(n.children), 0)
    expect(count(t)).toBe(3)
    expect(t.some((n) => n.id === 1)).toBe(true)
  })
  it('lists descendants', () => {
    const items = [
      { id: 1, parent_id: null }, { id: 2, parent_id: 1 }, { id: 3, parent_id: 2 }, { id: 4, parent_id: null },
    ]
    expect([...descendantIds(items, 1)].sort()).toEqual([1, 2, 3])
  })
})

describe('auditDiff', () => {
  it('marks changed fields', () => {
    const d = auditDiff({ name: '行政部', code: 'ADM' }, { name: '行政管理部', code: 'ADM' })
    expect(d).toEqual([
      { field: 'name', before: '行政部', after: '行政管理部', changed: true },
      { field: 'code', before: 'ADM', after: 'ADM', changed: false },
    ])
  })
  it('handles create and delete', () => {
    expect(auditDiff(null, { rank: 3 })).toEqual([{ field: 'rank', before: '', after: '3', changed: true }])
    expect(auditDiff({ tags: ['a'] }, null)[0]).toEqual({ field: 'tags', before: '["a"]', after: '', changed: true })
  })
})

describe('menu', () => {
  it('shows only permitted sections', () => {
    const v = visibleSections(['org.read'])
    expect(v.map((s) => s.group)).toEqual(['org'])
    expect(v[0].items.length).toBe(4)
    expect(visibleSections([])).toEqual([])
    expect(hasPermission(['audit.read'], 'audit.read')).toBe(true)
    expect(hasPermission(undefined, undefined)).toBe(true)
  })
})

describe('format helpers', () => {
  it('isLocked compares with now', () => {
    expect(isLocked(null)).toBe(false)
    expect(isLocked('2026-01-01T00:00:00.000Z', Date.parse('2025-12-31T00:00:00Z'))).toBe(true)
    expect(isLocked('2026-01-01T00:00:00.000Z', Date.parse('2026-02-01T00:00:00Z'))).toBe(false)
  })
})
