// Test set-up through the API (the flows under test are clicked in the browser; making
// users and bookings beforehand is not).
import assert from 'node:assert/strict';
import { BASE } from './browser.mjs';

export const USER_PASSWORD = 'Passw0rd-e2e-1';

// apiSession signs in and answers call(method, path, body) → {status, body}.
export async function apiSession(username, password) {
  const r = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  return async (method, path, body) => {
    const res = await fetch(`${BASE}/api/v1${path}`, {
      method, headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

// userWithRole creates a user with a built-in role and sets their own password
// (USER_PASSWORD), since an admin-set password must be changed before first use.
export async function userWithRole(admin, username, roleCode) {
  const roles = (await admin('GET', '/roles')).body.items;
  const role = roles.find((r) => r.code === roleCode);
  const u = await admin('POST', '/users', { username, password: 'Temp-pass-123', role_ids: [role.id] });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const self = await apiSession(username, 'Temp-pass-123');
  assert.equal((await self('POST', '/auth/password', { old_password: 'Temp-pass-123', new_password: USER_PASSWORD })).status, 204);
  return u.body;
}
