// The lobby kiosk (issue 3 §6): a visitor with an invitation scans its QR code and is
// signed in, the badge shown on the tablet decodes back to that code (VIS-15), a visitor
// without one signs in by name and host (VIS-1), a leaving visitor scans out (VIS-17).
// The scanner is a USB/Bluetooth QR reader, which types the code and Enter: the test types
// the same keystrokes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  launch, newPage, expectCleanConsole, shot, sel, RUN, BASE, ADMIN_USER, ADMIN_PASSWORD, TABLET, PHONE,
} from './lib/browser.mjs';
import { apiSession } from './lib/setup.mjs';

const HOST_NAME = `闫静${RUN}`;
const GUEST = `邀约客${RUN}`;
const WALKER = `散客${RUN}`;

let browser;
let admin;
let site;
let kioskToken;
let invitation;
before(async () => {
  admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  site = (await admin('POST', '/sites', { name: `东区大厅${RUN}`, code: `KS${RUN}`, address: '高新区科技路 88 号' })).body;
  const host = await admin('POST', '/staff', { name: HOST_NAME });
  assert.equal(host.status, 201, JSON.stringify(host.body));
  const tok = await admin('POST', '/tokens', { name: `大厅自助机${RUN}`, kind: 'kiosk', scopes: ['kiosk.signin'], site_id: site.id });
  assert.equal(tok.status, 201, JSON.stringify(tok.body));
  kioskToken = tok.body.secret;
  const booked = await admin('POST', '/visits/appointments', {
    site_id: site.id, host_staff_id: host.body.id, visitor_name: GUEST, company: '远景能源',
    expected_at: new Date(Date.now() + 3600_000).toISOString(), category: 'C',
  });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  invitation = booked.body;
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function openKiosk(viewport) {
  const page = await newPage(browser, { viewport });
  // The set-up link carries the token in the fragment, which never reaches the server.
  await page.goto(`${BASE}/kiosk#token=${kioskToken}`);
  await page.locator(sel('kiosk-site'), { hasText: site.name }).waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the token is removed from the address bar');
  return page;
}

async function scan(page, code) {
  const field = page.locator(sel('kiosk-code'));
  await field.waitFor();
  assert.ok(await field.evaluate((el) => el === document.activeElement), 'the scan field has the focus');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

test('a visitor signs in with the invitation QR; the badge on the tablet decodes to the same code', async () => {
  const page = await openKiosk(TABLET);
  await shot(page, 'kiosk-home-1024');

  // A wrong code: a clear message, the visitor can try again.
  await page.click(sel('kiosk-have-invitation'));
  await scan(page, 'not-a-real-code');
  await page.locator(sel('kiosk-error'), { hasText: '二维码无效' }).waitFor();

  await page.locator(sel('kiosk-code')).fill('');
  await scan(page, invitation.badge_code);
  await page.locator(sel('kiosk-done'), { hasText: HOST_NAME }).waitFor();
  assert.equal(await page.locator(sel('badge-name')).innerText(), GUEST);
  await shot(page, 'kiosk-badge-1024');

  // The QR code printed from the tablet is the one the check-out scan reads.
  const png = await page.locator(`${sel('badge')} img.qr`).screenshot();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'yb-kiosk-')), 'qr.png');
  writeFileSync(file, png);
  const decoded = execFileSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8' }).trim();
  assert.equal(decoded, invitation.badge_code);

  const visit = await admin('GET', `/visits/${invitation.id}`);
  assert.equal(visit.body.status, 'waiting', 'the visit is checked in and the host was told');
  expectCleanConsole(page, { allowStatuses: [400] });
});

test('a walk-in signs in by name and host on a phone-sized screen, then scans out', async () => {
  const page = await openKiosk(PHONE);
  await page.click(sel('kiosk-no-invitation'));
  // Nothing typed: both required fields say what they need, nothing is sent.
  await page.click(sel('kiosk-submit'));
  await page.getByText('请填写您的姓名').waitFor();
  await page.getByText('请从列表中选择您要拜访的人').waitFor();

  await page.locator(sel('kiosk-name')).fill(WALKER);
  await page.locator(sel('kiosk-host')).fill(HOST_NAME.slice(0, 2));
  await page.locator(sel('kiosk-host-option'), { hasText: HOST_NAME }).click();
  await shot(page, 'kiosk-walkin-390');
  await page.click(sel('kiosk-submit'));
  await page.locator(sel('kiosk-done'), { hasText: HOST_NAME }).waitFor();
  const queue = (await admin('GET', `/sites/${site.id}/queue`)).body.items;
  const walker = queue.find((v) => v.visitor_name === WALKER);
  assert.ok(walker, 'registered at the kiosk\'s site');
  const badge = (await admin('GET', `/visits/${walker.id}/badge`)).body;

  await page.getByRole('button', { name: '完成' }).click();
  await page.click(sel('kiosk-leaving'));
  await scan(page, badge.badge_code);
  await page.locator(sel('kiosk-bye')).waitFor();
  assert.equal((await admin('GET', `/visits/${walker.id}`)).body.status, 'checked_out');
  expectCleanConsole(page);
});

test('the kiosk speaks the visitor\'s language and refuses a revoked token', async () => {
  const page = await openKiosk(TABLET);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('I have an appointment').waitFor();
  await page.getByRole('button', { name: '繁體中文' }).click();
  await page.getByText('我沒有預約').waitFor();

  const tokens = (await admin('GET', '/tokens')).body.items;
  const mine = tokens.find((t) => t.name === `大厅自助机${RUN}`);
  assert.equal((await admin('DELETE', `/tokens/${mine.id}`)).status, 204);
  await page.reload();
  await page.locator(sel('kiosk-token')).waitFor();
  await page.getByText('權杖無效或已撤銷').waitFor();
  expectCleanConsole(page, { allowStatuses: [401] });
});
