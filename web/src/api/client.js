// The one way the web app talks to /api/v1. Every call sends Accept-Language (so error
// messages come back localised) and, on writes, the session's X-CSRF-Token. Failures
// throw ApiError carrying the server's {code, message, field, request_id}.
export class ApiError extends Error {
  constructor(status, { code, message, field, request_id, details } = {}) {
    super(message || code || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = code || 'internal'
    this.field = field || null
    this.requestId = request_id || null
    // A refused forbidden phrase (CMP-10) lists each hit: [{phrase, start, end, suggestion}].
    this.details = details || null
  }
}

const state = {
  csrf: '',
  lang: () => 'zh-CN',
  networkMessage: () => 'network error',
  onUnauthenticated: () => {},
}

// configure wires the client to the app (language getter, 401 handler, message texts).
export function configure(opts) {
  Object.assign(state, opts)
}

export function setCsrf(token) {
  state.csrf = token || ''
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

// buildQuery drops empty values so that filters left blank are not sent.
export function buildQuery(params) {
  if (!params) return ''
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    q.set(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

// request(method, path, {body, query, contentType, silent401}) answers the parsed JSON
// body (or null for 204). `body` is JSON-encoded unless contentType is given, in which
// case it is sent as is (e.g. an .ics file as text/calendar).
export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': state.lang() }
  let body
  if (opts.body !== undefined) {
    if (opts.contentType) {
      headers['Content-Type'] = opts.contentType
      body = opts.body
    } else {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(opts.body)
    }
  }
  if (WRITES.has(method) && state.csrf) headers['X-CSRF-Token'] = state.csrf
  let res
  try {
    res = await fetch(`/api/v1${path}${buildQuery(opts.query)}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, { code: 'network', message: state.networkMessage() })
  }
  if (res.status === 204) return null
  const text = await res.text()
  let data = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data?.error || { code: 'internal', message: `HTTP ${res.status}` })
    if (res.status === 401 && !opts.silent401) state.onUnauthenticated(err)
    throw err
  }
  return data
}

export const api = {
  get: (path, query, opts = {}) => request('GET', path, { ...opts, query }),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts = {}) => request('PATCH', path, { ...opts, body }),
  del: (path, body, opts = {}) => request('DELETE', path, { ...opts, body }),
}

// fetchAll pages through a list route (page_size max 500) and answers every item.
export async function fetchAll(path, query = {}) {
  const items = []
  for (let page = 1; page < 1000; page++) {
    const r = await api.get(path, { ...query, page, page_size: 500 })
    const got = r?.items || []
    items.push(...got)
    if (r?.total == null || items.length >= r.total || got.length === 0) break
  }
  return items
}
