// The phone desk (TEL-2, TEL-3): a clerk logs a call for a staff member found by the
// autocomplete and takes a message; the staff member, on a phone-sized screen, sees it
// arrive without reloading, and marks it handled; the desk's open list loses it at once.
// Then the keyboard-only path: a returning caller by the last digits of their number,
// Alt+1 for "transferred", Enter to save.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, fillIn, login, gotoMenu, noHorizontalOverflow, RUN,
  ADMIN_USER, ADMIN_PASSWORD, DESK, TABLET, PHONE,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD as PW } from './lib/setup.mjs';

const CLERK = `tel${RUN}`;
const STAFFER = `liu${RUN}`;
const STAFF_NAME = `刘总${RUN}`;
const CALLER = `陈先生${RUN}`;
const MESSAGE = `请回电，关于下周的合作会议 ${RUN}`;
const PHONE_NO = `139${String(Date.now()).slice(-8)}`;

let browser;
let desk;
let phone;
before(async () => {
  const admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  const staffer = await userWithRole(admin, STAFFER, 'host');
  await userWithRole(admin, CLERK, 'front_desk');
  const staff = await admin('POST', '/staff', { name: STAFF_NAME, user_id: staffer.id, extension: '8' + RUN.slice(-3).replace(/\D/g, '0') });
  assert.equal(staff.status, 201, JSON.stringify(staff.body));
  browser = await launch();
  desk = await newPage(browser, { viewport: DESK });
  phone = await newPage(browser, { viewport: PHONE });
});
after(async () => { await browser?.close(); });

test('a clerk takes a message for a staff member; it reaches their phone live; handled, it leaves the desk', async () => {
  // The staff member has "my messages" open on the phone before the call comes in.
  await login(phone, STAFFER, PW);
  await gotoMenu(phone, 'myMessages');
  await phone.locator(sel('my-messages')).waitFor();
  assert.equal(await phone.locator('.msg').count(), 0);

  await login(desk, CLERK, PW);
  await gotoMenu(desk, 'callDesk');
  // TEL-1: the greeting is shown above the form.
  assert.match(await desk.locator(sel('call-greeting')).innerText(), /您好/);
  assert.match(await desk.locator(sel('call-greeting')).innerText(), /3 声/);

  // For whom: the staff member by name (the first suggestion is taken with Enter).
  await fillIn(desk, 'call-target', STAFF_NAME);
  await desk.locator(`${sel('call-target-item')}`, { hasText: STAFF_NAME }).first().waitFor();
  await desk.locator(`${sel('call-target')}`).press('Enter');
  assert.match(await desk.locator(`${sel('call-target')}`).inputValue(), new RegExp(STAFF_NAME));
  // Alt+2: message taken; the message box appears.
  await desk.keyboard.press('Alt+2');
  await fillIn(desk, 'call-message', MESSAGE);
  // TEL-3: without the caller's name the desk is stopped on that field.
  await desk.locator(sel('call-message')).press('Enter');
  const nameError = desk.locator('.el-form-item.is-error', { has: desk.locator(sel('call-name')) });
  await nameError.locator('.el-form-item__error', { hasText: '姓名' }).waitFor();
  assert.match(await nameError.innerText(), /TEL-3/);
  assert.match(await desk.locator(sel('call-tel3')).innerText(), /TEL-3/);

  await fillIn(desk, 'call-phone', PHONE_NO);
  await fillIn(desk, 'call-name', CALLER);
  await fillIn(desk, 'call-organisation', '华为技术有限公司');
  await fillIn(desk, 'call-matter', '合作洽谈');
  await shot(desk, 'calls-desk-1920');
  await desk.locator(sel('call-message')).press('Enter');
  await desk.locator(sel('call-last'), { hasText: STAFF_NAME }).waitFor();
  // The form is ready for the next call at once.
  assert.equal(await desk.locator(sel('call-name')).inputValue(), '');
  assert.equal(await desk.evaluate(() => document.activeElement?.getAttribute('data-test')), 'call-phone');
  const open = desk.locator(sel('call-open-message'), { hasText: MESSAGE });
  await open.waitFor();
  assert.match(await open.innerText(), new RegExp(STAFF_NAME));

  // The phone was not reloaded: the message arrives over the live stream.
  const card = phone.locator('.msg', { hasText: MESSAGE });
  await card.waitFor({ timeout: 8000 });
  assert.match(await card.innerText(), new RegExp(CALLER));
  assert.match(await card.innerText(), /华为技术有限公司/);
  assert.match(await phone.locator(sel('bell-count')).innerText(), /[1-9]/, 'the bell counts it');
  assert.ok(await noHorizontalOverflow(phone), 'no sideways scrolling at 390 px');
  await shot(phone, 'calls-my-messages-390');

  // Call back: the number (revealed for the recipient, audited) becomes a tel: link.
  await card.locator(sel('my-message-callback')).click();
  const dial = card.locator(sel('my-message-dial'));
  await dial.waitFor();
  assert.equal(await dial.getAttribute('href'), `tel:${PHONE_NO}`);

  await card.locator(sel('my-message-handle')).click();
  await fillIn(phone, 'my-message-note', '已回电，约周三见面');
  await card.locator(sel('my-message-confirm')).click();
  await card.waitFor({ state: 'detached' });
  await phone.getByRole('tab', { name: '已处理' }).click();
  await phone.locator('.msg', { hasText: MESSAGE }).waitFor();
  assert.match(await phone.locator('.msg', { hasText: MESSAGE }).innerText(), /约周三见面/);
  await shot(phone, 'calls-my-messages-handled-390');

  // The desk's open list loses it without a reload.
  await open.waitFor({ state: 'detached', timeout: 8000 });
  expectCleanConsole(desk, { allowStatuses: [400] });
  expectCleanConsole(phone);
});

test('keyboard only: a returning caller by the last digits, Alt+1 transferred, Enter saves', async () => {
  await desk.locator(sel('call-phone')).click();
  await desk.keyboard.type(PHONE_NO.slice(-4));
  const suggestion = desk.locator(sel('call-phone-item'), { hasText: CALLER });
  await suggestion.waitFor();
  await desk.keyboard.press('ArrowDown');
  await desk.keyboard.press('Enter'); // picks the caller, does not save
  assert.equal(await desk.locator(sel('call-name')).inputValue(), CALLER);
  assert.equal(await desk.locator(sel('call-organisation')).inputValue(), '华为技术有限公司');
  // Last time they asked for the staff member: one click takes it again.
  await desk.locator(sel('call-last-for')).click();
  await desk.keyboard.press('Alt+1');
  await desk.locator(sel('call-matter')).click();
  await desk.keyboard.type('转接确认会议');
  await desk.keyboard.press('Enter');
  const last = desk.locator(sel('call-last'));
  await last.filter({ hasText: '已转接' }).waitFor();
  await desk.setViewportSize(TABLET);
  await shot(desk, 'calls-desk-1024');
  // The call log shows both calls with the masked number.
  await desk.locator(sel('call-to-log')).click();
  const rows = desk.locator(`${sel('calllog-table')} .el-table__body tr`, { hasText: CALLER });
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  assert.match(await rows.first().innerText(), /\*\*\*\*/);
  await shot(desk, 'calls-log-1024');
  await desk.setViewportSize(DESK);
  expectCleanConsole(desk);
});

test('the desk page at phone width keeps the form usable', async () => {
  await phone.goto(phone.url().replace(/\/messages.*$/, '/'));
  await phone.locator(sel('home-card-myMessages')).waitFor();
  const clerkPhone = await newPage(browser, { viewport: PHONE });
  await login(clerkPhone, CLERK, PW);
  await gotoMenu(clerkPhone, 'callDesk');
  await clerkPhone.locator(sel('call-phone')).waitFor();
  assert.ok(await noHorizontalOverflow(clerkPhone));
  await shot(clerkPhone, 'calls-desk-390');
  expectCleanConsole(clerkPhone);
  expectCleanConsole(phone);
  await clerkPhone.context().close();
});

test('TEL-1/TEL-5: an administrator sets the greeting and adds an answer; the desk answers a call from it', async () => {
  const admin = await newPage(browser, { viewport: DESK });
  await login(admin, ADMIN_USER, ADMIN_PASSWORD);
  await gotoMenu(admin, 'settings');
  const greeting = `您好，迎宾科技${RUN}，请问有什么可以帮您？`;
  await fillIn(admin, 'setting-input-calls.greeting', greeting);
  await admin.click(sel('setting-save-calls.greeting'));
  await admin.getByText('已保存').first().waitFor();
  await admin.locator(sel('setting-calls.greeting')).scrollIntoViewIfNeeded();
  await shot(admin, 'calls-settings-1920');

  await gotoMenu(admin, 'knowledge');
  await admin.click(sel('knowledge-create'));
  const question = `访客停车场在哪里${RUN}？`;
  await fillIn(admin, 'knowledge-question', question);
  await fillIn(admin, 'knowledge-answer', '地下停车场入口在东侧，访客车位在 B1。');
  await admin.click(sel('knowledge-save'));
  await admin.locator(`${sel('knowledge-table')} .el-table__body tr`, { hasText: question }).waitFor();
  await shot(admin, 'calls-knowledge-1920');
  expectCleanConsole(admin);
  await admin.context().close();

  await gotoMenu(desk, 'callDesk');
  await desk.locator(sel('call-greeting-text'), { hasText: greeting }).waitFor();
  await fillIn(desk, 'knowledge-search', `停车场${RUN}`);
  const entry = desk.locator(sel('knowledge-entry'), { hasText: question });
  await entry.waitFor();
  await entry.locator(sel('knowledge-use')).click();
  await desk.locator(sel('call-knowledge'), { hasText: question }).waitFor();
  assert.equal(await desk.locator(sel('call-matter')).inputValue(), question);
  // The extension directory: the staff member by name.
  await desk.getByRole('tab', { name: '分机号码' }).click();
  await fillIn(desk, 'directory-search', STAFF_NAME);
  await desk.locator(sel('directory-line'), { hasText: STAFF_NAME }).waitFor();
  await shot(desk, 'calls-directory-1920');
  await desk.locator(sel('call-save')).click();
  await desk.locator(sel('call-last')).filter({ hasText: '已答复' }).waitFor();
  expectCleanConsole(desk);
});
