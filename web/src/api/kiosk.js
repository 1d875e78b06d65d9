// The kiosk's way to the API. A kiosk tablet is not a signed-in user: it holds a kiosk
// device token (scope kiosk.signin, bound to one site) entered once by an administrator
// and kept in this browser's localStorage. The token can do nothing but sign visitors in
// and out, so keeping it on the device is the accepted trade-off of every kiosk product.
import { ApiError } from './client.js'

const TOKEN_KEY = 'yb.kiosk.token'

export function storedKioskToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) || ''
  } catch {
    return ''
  }
}

export function storeKioskToken(token) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token)
    else localStorage.removeItem(TOKEN_KEY)
  } catch {
    /* private mode: the token lasts for this page only */
  }
}

// tokenFromFragment reads "#token=ybt_..." from a set-up link. The fragment never
// reaches the server's access log; the caller removes it from the address bar.
export function tokenFromFragment(hash) {
  const m = /(?:^#|&)token=(ybt_[A-Za-z0-9_-]+)/.exec(hash || '')
  return m ? m[1] : ''
}

export function createKioskApi(token, lang) {
  async function call(method, path, body) {
    let res
    try {
      res = await fetch(`/api/v1${path}`, {
        method,
        headers: {
          Accept: 'application/json',
          'Accept-Language': lang(),
          Authorization: `Bearer ${token}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        credentials: 'omit',
      })
    } catch {
      throw new ApiError(0, { code: 'network' })
    }
    const text = await res.text()
    let data = null
    try {
      data = text ? JSON.parse(text) : null
    } catch {
      data = null
    }
    if (!res.ok) throw new ApiError(res.status, data?.error || { code: 'internal', message: `HTTP ${res.status}` })
    return data
  }
  return {
    site: () => call('GET', '/kiosk/site'),
    hosts: (q) => call('GET', `/kiosk/hosts?q=${encodeURIComponent(q)}`),
    signIn: (badgeCode) => call('POST', '/kiosk/sign-in', { badge_code: badgeCode }),
    walkIn: (body) => call('POST', '/kiosk/walk-in', body),
    checkOut: (badgeCode) => call('POST', '/kiosk/check-out', { badge_code: badgeCode }),
  }
}
