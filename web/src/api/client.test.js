import { describe, it, expect, vi, beforeEach } from 'vitest'
import { request, configure, setCsrf, ApiError, buildQuery } from './client.js'

describe('api client', () => {
  beforeEach(() => {
    configure({ lang: () => 'en', onUnauthenticated: vi.fn() })
    setCsrf('tok')
  })
  it('builds queries without blanks', () => {
    expect(buildQuery({ q: '张', page: 1, dept: '', x: null })).toBe('?q=%E5%BC%A0&page=1')
    expect(buildQuery({})).toBe('')
  })
  it('sends language and CSRF on writes and throws ApiError', async () => {
    const fetch = vi.fn(async () => new Response(
      JSON.stringify({ error: { code: 'invalid_argument', message: '“Name” is required', field: 'name', request_id: 'r1' } }),
      { status: 400 }))
    globalThis.fetch = fetch
    const err = await request('POST', '/sites', { body: { name: '' } }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, code: 'invalid_argument', field: 'name', requestId: 'r1' })
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/sites')
    expect(init.headers['Accept-Language']).toBe('en')
    expect(init.headers['X-CSRF-Token']).toBe('tok')
    expect(init.credentials).toBe('same-origin')
  })
  it('does not send CSRF on reads; 401 calls the handler', async () => {
    const onUnauth = vi.fn()
    configure({ onUnauthenticated: onUnauth })
    globalThis.fetch = vi.fn(async () => new Response(JSON.stringify({ error: { code: 'unauthenticated', message: 'x' } }), { status: 401 }))
    await expect(request('GET', '/auth/me')).rejects.toThrow('x')
    expect(globalThis.fetch.mock.calls[0][1].headers['X-CSRF-Token']).toBeUndefined()
    expect(onUnauth).toHaveBeenCalledOnce()
  })
  it('answers null for 204', async () => {
    globalThis.fetch = vi.fn(async () => new Response(null, { status: 204 }))
    expect(await request('DELETE', '/tokens/1')).toBeNull()
  })
})
