import { defineStore } from 'pinia'
import { api, setCsrf } from '../api/client.js'
import { hasPermission } from '../lib/menu.js'

// The signed-in user (Me), their permissions and the CSRF token for writes.
export const useSessionStore = defineStore('session', {
  state: () => ({ me: null, csrf: '', loaded: false }),
  getters: {
    signedIn: (s) => !!s.me,
    permissions: (s) => s.me?.permissions || [],
  },
  actions: {
    can(permission) {
      return hasPermission(this.permissions, permission)
    },
    apply(answer) {
      this.me = answer?.user || null
      this.csrf = answer?.csrf_token || ''
      setCsrf(this.csrf)
      this.loaded = true
    },
    // load asks /auth/me once per page load; a 401 simply means "not signed in".
    async load(force = false) {
      if (this.loaded && !force) return
      try {
        this.apply(await api.get('/auth/me', undefined, { silent401: true }))
      } catch (e) {
        if (e.status !== 401) throw e
        this.clear()
      }
    },
    async login(username, password) {
      this.apply(await api.post('/auth/login', { username, password }, { silent401: true }))
    },
    async logout() {
      try {
        await api.post('/auth/logout', undefined, { silent401: true })
      } finally {
        this.clear()
      }
    },
    clear() {
      this.me = null
      this.csrf = ''
      setCsrf('')
      this.loaded = true
    },
  },
})
