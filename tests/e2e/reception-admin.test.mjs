// Visitor-module administration: settings (VIS-4/13 numbers), the visitor lists, the
// triage table (VIS-10), webhooks and their deliveries, and my notifications. Everything
// under test is clicked in the browser; the API is used only to create a notification.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, fillIn, login, gotoMenu, dialog, noHorizontalOverflow,
  RUN, BASE, ADMIN_USER, ADMIN_PASSWORD, DESK, PHONE,
} from './lib/browser.mjs';

const WATCHED = `韩立${RUN}`;
const HOOK = `前台机器人${RUN}`;
const STEP = `签收后登记快递单号${RUN}`;

// Setup only: an API session of the admin (to queue a test notification for the bell).
async function apiSession(username, password) {
  const r = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf, user } = await r.json();
  const call = async (method, path, body) => {
    const res = await fetch(`${BASE}/api/v1${path}`, {
      method, headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return { call, user };
}

let browser;
let page;
let phone;
let admin;
before(async () => {
  admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  browser = await launch();
  page = await newPage(browser, { viewport: DESK });
  phone = await newPage(browser, { viewport: PHONE });
  await login(page);
  await login(phone);
});
after(async () => { await browser?.close(); });

const settingInput = (p, key) => p.locator(`${sel(`setting-input-${key}`)} input`);

test('settings: a change is saved and still there after reload; an out-of-range value is refused on its field', async () => {
  const KEY = 'visits.long_wait_minutes';
  await gotoMenu(page, 'settings');
  const row = page.locator(sel(`setting-${KEY}`));
  await row.waitFor();
  // The row shows its name, rule ID, unit and default.
  const text = await row.innerText();
  assert.match(text, /长时间等待提醒/);
  assert.match(text, /VIS-13/);
  assert.match(text, /默认 15 分钟/);
  assert.match(text, /分钟/);

  // Start from a value other than 20 so that the save below is a real change.
  const now = await settingInput(page, KEY).inputValue();
  const target = now === '20' ? '21' : '20';
  await settingInput(page, KEY).fill(target);
  await fillIn(page, `setting-reason-${KEY}`, `e2e ${RUN}`);
  await page.click(sel(`setting-save-${KEY}`));
  await page.locator('.el-message--success', { hasText: '长时间等待提醒' }).waitFor();
  await page.reload();
  await row.waitFor();
  assert.equal(await settingInput(page, KEY).inputValue(), target);
  assert.match(await row.innerText(), /已修改/);
  await shot(page, 'settings-1920');

  // Out of range (1–240): the message names the setting, on its own row, and nothing is saved.
  await settingInput(page, KEY).fill('999');
  await page.click(sel(`setting-save-${KEY}`));
  const err = page.locator(sel(`setting-error-${KEY}`));
  await err.waitFor();
  assert.match(await err.innerText(), /“长时间等待提醒”必须在 1 到 240 分钟之间/);
  await shot(page, 'settings-error-1920');
  await page.reload();
  await row.waitFor();
  assert.equal(await settingInput(page, KEY).inputValue(), target, 'the refused value was not saved');
  expectCleanConsole(page);
});

test('visitor lists: add a watch-list entry and see it in the watch list', async () => {
  await gotoMenu(page, 'visitorLists');
  await page.getByRole('tab', { name: '关注名单' }).click();
  await page.locator(sel('list-intro'), { hasText: '待安保核实' }).waitFor();
  await page.click(sel('list-create'));
  const dlg = dialog(page, 'list-dialog');
  await dlg.waitFor();
  // The dialog opens on the list being viewed.
  assert.match(await dlg.locator('.el-radio-button.is-active').innerText(), /关注名单/);
  await fillIn(page, 'list-name', WATCHED);
  await fillIn(page, 'list-company', '某某贸易有限公司');
  await fillIn(page, 'list-note', '曾多次强行闯入，请保安到场');
  await page.click(sel('list-save'));
  await dlg.waitFor({ state: 'hidden' });
  const row = page.locator(`${sel('list-table')} .el-table__body tr`, { hasText: WATCHED });
  await row.waitFor();
  assert.match(await row.innerText(), /某某贸易有限公司/);
  await shot(page, 'visitor-lists-1920');

  // Not on the exempt list.
  await page.getByRole('tab', { name: '免登记名单' }).click();
  await page.locator(sel('list-intro'), { hasText: 'VIS-1' }).waitFor();
  await page.locator(`${sel('list-table')} .el-table__body tr`, { hasText: WATCHED }).waitFor({ state: 'detached' });
  expectCleanConsole(page);
});

test('triage: edit the courier rule; the next step shows in the table', async () => {
  await gotoMenu(page, 'triage');
  const row = page.locator(`${sel('triage-table')} .el-table__body tr`, { hasText: 'courier' }).first();
  await row.waitFor();
  assert.match(await row.innerText(), /快递/);
  await page.click(sel('triage-edit-courier'));
  const dlg = dialog(page, 'triage-dialog');
  await dlg.waitFor();
  const kind = dlg.locator(`${sel('triage-kind')} input, input${sel('triage-kind')}`).first();
  assert.equal(await kind.isDisabled(), true, 'the code is fixed');
  await fillIn(page, 'triage-instructions', STEP);
  await page.click(sel('triage-save'));
  await dlg.waitFor({ state: 'hidden' });
  await page.locator(`${sel('triage-table')} .el-table__body tr`, { hasText: STEP }).waitFor();
  assert.match(await row.innerText(), /签收并转交收件人/);

  // A new kind with a code that exists already: the error is on the code field.
  await page.click(sel('triage-create'));
  await dlg.waitFor();
  await fillIn(page, 'triage-label', '重复的类型');
  await fillIn(page, 'triage-kind', 'courier');
  await page.click(sel('triage-save'));
  const item = dlg.locator('.el-form-item.is-error', { hasText: '类型代码' }).first();
  await item.locator('.el-form-item__error', { hasText: '该类型代码已存在' }).waitFor();
  await dlg.locator('.el-dialog__headerbtn').click();
  await dlg.waitFor({ state: 'hidden' });
  await shot(page, 'triage-1920');
  expectCleanConsole(page, { allowStatuses: [409] });
});

test('webhooks: create a WeCom webhook, send a test, and see the delivery', async () => {
  await gotoMenu(page, 'webhooks');
  await page.click(sel('webhook-create'));
  const dlg = dialog(page, 'webhook-dialog');
  await dlg.waitFor();
  await fillIn(page, 'webhook-name', HOOK);
  await page.click(sel('webhook-format-wecom'));
  // A URL that is not http(s) is refused on the URL field.
  await fillIn(page, 'webhook-url', 'ftp://example.invalid/hook');
  await page.click(sel('webhook-save'));
  await dlg.locator('.el-form-item.is-error', { hasText: '地址' }).waitFor();
  // Port 9 (discard) on this machine: nothing listens, the delivery fails and is retried.
  await fillIn(page, 'webhook-url', 'http://127.0.0.1:9/cgi-bin/webhook/send?key=e2e');
  await page.click(sel('webhook-save'));
  await dlg.waitFor({ state: 'hidden' });
  const row = page.locator(`${sel('webhooks-table')} .el-table__body tr`, { hasText: HOOK }).first();
  await row.waitFor();
  assert.match(await row.innerText(), /企业微信机器人/);
  assert.match(await row.innerText(), /全部主题/);
  await shot(page, 'webhooks-1920');

  await row.getByRole('button', { name: '发送测试' }).click();
  await page.locator('.el-message', { hasText: '测试消息已加入发送队列' }).waitFor();

  await page.click(sel('webhook-outbox'));
  await page.locator(sel('outbox-table')).waitFor();
  const delivery = page.locator(`${sel('outbox-table')} .el-table__body tr`, { hasText: HOOK }).first();
  await delivery.waitFor();
  assert.match(await delivery.innerText(), /消息回调/);
  assert.match(await delivery.innerText(), /测试消息/);
  await shot(page, 'outbox-1920');
  expectCleanConsole(page, { allowStatuses: [400] });
});

// A dead delivery needs the server's retries to run out: with the defaults (6 attempts,
// 5 s doubling) that takes minutes, so this runs only against a server started with e.g.
// YINGBIN_NOTIFY_MAX_ATTEMPTS=2 YINGBIN_NOTIFY_BACKOFF_MS=200, and is skipped otherwise.
test('outbox: a failed webhook delivery can be sent again', async (t) => {
  await gotoMenu(page, 'outbox');
  await page.click(sel('outbox-status'));
  await page.locator('.el-select-dropdown__item:visible', { hasText: '发送失败' }).click();
  const dead = page.locator(`${sel('outbox-table')} .el-table__body tr`, { hasText: HOOK }).first();
  for (let i = 0; i < 6 && !(await dead.isVisible()); i++) {
    await page.waitForTimeout(500);
    await page.click(sel('outbox-refresh'));
    await page.waitForTimeout(300);
  }
  if (!(await dead.isVisible())) {
    t.skip('no dead delivery yet (server retries with its default back-off)');
    return;
  }
  assert.match(await dead.innerText(), /Failed to connect|connect/i, 'the last error is shown');
  await shot(page, 'outbox-dead-1920');
  await dead.getByRole('button', { name: '重新发送' }).click();
  await page.locator('.el-message', { hasText: '已重新加入发送队列' }).waitFor();
  // Put back in the queue: no longer in the dead filter (until it fails again).
  await page.click(sel('outbox-status'));
  await page.locator('.el-select-dropdown__item:visible', { hasText: '待发送' }).click();
  expectCleanConsole(page);
});

test('notifications: a message appears in my list and is marked read', async () => {
  const r = await admin.call('POST', '/notify/test', { user_ids: [admin.user.id], subject: `e2e 通知 ${RUN}` });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  await gotoMenu(page, 'notifications');
  const item = page.locator(sel('notif-item'), { hasText: `e2e 通知 ${RUN}` });
  await item.waitFor();
  assert.match(await item.innerText(), /测试消息/);
  assert.match(await page.locator(sel('notif-prefs')).innerText(), /访客到达/);
  await shot(page, 'notifications-1920');
  await page.click(sel('notif-read-all'));
  await page.locator(sel('notif-unread'), { hasText: '0 条未读' }).waitFor();
  // The count changes at once; the list is read again from the server just after.
  await page.waitForFunction(() => document.querySelectorAll('[data-test="notif-item"].unread').length === 0);
  expectCleanConsole(page);
});

// The bell lives in the header (MainLayout mounts it); until it is mounted there is
// nothing to click and the test is skipped.
test('bell: a new notification raises the count live; opening it marks it read', async (t) => {
  await page.goto(`${BASE}/`);
  await page.waitForSelector(sel('home-welcome'));
  if (!(await page.locator(sel('bell')).isVisible().catch(() => false))) {
    t.skip('NotificationBell is not mounted in the header yet');
    return;
  }
  // Start from zero so the live increase below is unambiguous.
  if (await page.locator(`${sel('bell-count')} .el-badge__content:visible`).count()) {
    await page.click(sel('bell'));
    await page.click(sel('bell-read-all'));
    await page.locator(`${sel('bell-count')} .el-badge__content:visible`).waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');
  }
  const subject = `铃铛 ${RUN}`;
  const r = await admin.call('POST', '/notify/test', { user_ids: [admin.user.id], subject });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  // No reload: the live event brings the count.
  await page.locator(`${sel('bell-count')} .el-badge__content:visible`, { hasText: '1' }).waitFor({ timeout: 5000 });
  await page.click(sel('bell'));
  const item = page.locator(`${sel('bell-panel')}:visible ${sel('bell-item')}`, { hasText: subject });
  await item.waitFor();
  await shot(page, 'bell-1920');
  await item.click();
  await page.locator(`${sel('bell-count')} .el-badge__content:visible`).waitFor({ state: 'hidden' });
  await page.click(sel('bell-view-all'));
  await page.locator(sel('page-title'), { hasText: '我的通知' }).waitFor();
  expectCleanConsole(page);
});

test('every page fits a phone', async () => {
  for (const [name, title] of [['settings', '系统设置'], ['visitorLists', '访客名单'], ['triage', '访客分流表'],
    ['webhooks', '消息回调'], ['outbox', '投递状态'], ['notifications', '我的通知']]) {
    await gotoMenu(phone, name);
    await phone.locator(sel('page-title'), { hasText: title }).waitFor();
    await shot(phone, `${name}-390`);
    assert.ok(await noHorizontalOverflow(phone), `${name} overflows at 390 px`);
  }
  // A dialog on a phone is full screen.
  await gotoMenu(phone, 'webhooks');
  await phone.click(sel('webhook-create'));
  await dialog(phone, 'webhook-dialog').waitFor();
  await shot(phone, 'webhook-dialog-390');
  expectCleanConsole(phone);
});
