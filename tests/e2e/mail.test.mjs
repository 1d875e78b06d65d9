// The mail desk in the browser (MAIL-1): a clerk scans (types) a tracking number, the
// carrier is recognised, the recipient is picked by autocomplete and Enter saves; the item
// waits on the shelf; the recipient sees it with the pickup code on their phone ("my
// mail", 390 px); the clerk hands it out against an on-screen signature drawn with the
// mouse and the collector's name; the item shows as picked up. A second scan of the same
// number is refused on its field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, login, gotoMenu, noHorizontalOverflow, RUN,
  ADMIN_USER, ADMIN_PASSWORD, DESK, TABLET, PHONE,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD as PW } from './lib/setup.mjs';

const CLERK = `mdesk${RUN}`;
const RECIPIENT = `mrcpt${RUN}`;
const NAME = `邮小${RUN}`;
const TRACKING = `SF${Date.now()}`.slice(0, 15);

let browser;
let desk;
let phone;
before(async () => {
  const admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  await userWithRole(admin, CLERK, 'front_desk');
  const user = await userWithRole(admin, RECIPIENT, 'host');
  const dept = await admin('POST', '/departments', { name: `行政部${RUN}` });
  assert.equal(dept.status, 201, JSON.stringify(dept.body));
  const staff = await admin('POST', '/staff', { name: NAME, user_id: user.id, department_id: dept.body.id });
  assert.equal(staff.status, 201, JSON.stringify(staff.body));
  const sites = (await admin('GET', '/sites')).body.items;
  const year = new Date().getFullYear();
  const sub = await admin('POST', '/mail/subscriptions', { site_id: sites[0].id, publication: `人民日报${RUN}`, kind: 'newspaper',
    publisher: '人民日报社', copies: 2, recipient_department_id: dept.body.id, period_start: `${year}-01-01`,
    period_end: `${year}-12-31`, renewal_date: `${year}-11-15`, price_fen: 48000 });
  assert.equal(sub.status, 201, JSON.stringify(sub.body));
  browser = await launch();
  desk = await newPage(browser, { viewport: DESK });
  phone = await newPage(browser, { viewport: PHONE });
});
after(async () => { await browser?.close(); });

const rowOf = (page, text) => page.locator(`${sel('mail-list')} .el-table__body tr`, { hasText: text }).first();

test('a clerk logs a package by scanner and autocomplete; the recipient sees it; pickup is signed on the screen', async () => {
  await login(desk, CLERK, PW);
  await gotoMenu(desk, 'mailDesk');
  const tracking = desk.locator(`input${sel('mail-tracking')}, ${sel('mail-tracking')} input`).first();
  await tracking.waitFor();
  await desk.waitForFunction(() => document.activeElement?.closest('[data-test="mail-tracking"]') ||
    document.activeElement?.getAttribute('data-test') === 'mail-tracking');

  // The USB scanner types the code and Enter: the carrier is recognised, the cursor moves on.
  await desk.keyboard.type(TRACKING);
  await desk.keyboard.press('Enter');
  const carrier = desk.locator(`input${sel('mail-carrier')}, ${sel('mail-carrier')} input`).first();
  assert.equal(await carrier.inputValue(), '顺丰');
  const recipient = desk.locator(`input${sel('mail-recipient')}, ${sel('mail-recipient')} input`).first();
  await desk.waitForFunction(() => document.activeElement?.tagName === 'INPUT' &&
    (document.activeElement.getAttribute('data-test') === 'mail-recipient' || document.activeElement.closest('[data-test="mail-recipient"]')));
  await desk.keyboard.type(NAME);
  await desk.locator('.el-autocomplete-suggestion li:visible', { hasText: NAME }).first().waitFor();
  await desk.keyboard.press('Enter');
  await desk.locator(sel('recipient-picked'), { hasText: NAME }).waitFor();
  assert.equal(await recipient.inputValue(), NAME);
  await shot(desk, 'mail-intake-1920');
  await desk.keyboard.press('Enter'); // the save button has the focus now

  await desk.locator(sel('mail-last'), { hasText: NAME }).waitFor();
  const row = rowOf(desk, NAME);
  await row.waitFor();
  assert.match(await row.innerText(), /待领取/);
  assert.match(await row.innerText(), new RegExp(TRACKING));
  assert.equal(await tracking.inputValue(), '', 'the form is cleared for the next parcel');
  await desk.waitForFunction(() => document.activeElement?.getAttribute('data-test') === 'mail-tracking' ||
    document.activeElement?.closest('[data-test="mail-tracking"]'));

  // The same parcel scanned again while it waits: refused on its field, nothing saved.
  await desk.keyboard.type(TRACKING);
  await desk.keyboard.press('Enter');
  await recipient.fill(NAME);
  await desk.locator('.el-autocomplete-suggestion li:visible', { hasText: NAME }).first().waitFor();
  await desk.keyboard.press('Enter');
  await desk.keyboard.press('Enter');
  const error = desk.locator('.el-form-item.is-error', { hasText: '运单号' });
  await error.locator('.el-form-item__error', { hasText: '请勿重复登记' }).waitFor();
  assert.match(await error.innerText(), /运单号/);
  assert.equal(await desk.locator(`${sel('mail-list')} .el-table__body tr`, { hasText: NAME }).count(), 1);
  await tracking.fill('');
  await shot(desk, 'mail-desk-1920');

  // The recipient, on a phone, sees the package with the code to show at the desk.
  await login(phone, RECIPIENT, PW);
  await gotoMenu(phone, 'myMail');
  const card = phone.locator('[data-test^="mymail-item-"]', { hasText: TRACKING });
  await card.waitFor();
  assert.match(await card.locator(sel('mymail-code')).innerText(), /^\d{6}$/);
  assert.match(await card.innerText(), /顺丰/);
  assert.ok(await noHorizontalOverflow(phone), 'no sideways scrolling at 390 px');
  await shot(phone, 'mymail-390');

  // Pickup, signed on the screen with the mouse, by the recipient in person.
  await row.locator(sel('mail-pickup')).click();
  const dialog = desk.locator(`${sel('mail-pickup-dialog')}`).filter({ visible: true }).first();
  await dialog.waitFor();
  const collector = dialog.locator(`input${sel('mail-collector')}, ${sel('mail-collector')} input`).first();
  assert.equal(await collector.inputValue(), NAME, 'the recipient is the usual collector');
  await dialog.locator(sel('mail-proof-signature')).click();
  const canvas = dialog.locator(sel('signature-canvas'));
  await canvas.waitFor();
  const box = await canvas.boundingBox();
  await desk.mouse.move(box.x + 30, box.y + 100);
  await desk.mouse.down();
  for (const [dx, dy] of [[60, -50], [100, 40], [150, -30], [200, 50], [260, 0]]) {
    await desk.mouse.move(box.x + 30 + dx, box.y + 100 + dy, { steps: 5 });
  }
  await desk.mouse.up();
  await dialog.locator('.hint', { hasText: '已签名' }).waitFor();
  await shot(desk, 'mail-signature-1920');
  await dialog.locator(sel('mail-pickup-confirm')).click();
  await dialog.waitFor({ state: 'hidden' });
  await row.waitFor({ state: 'detached' });

  await desk.getByRole('tab', { name: /全部记录/ }).click();
  const done = rowOf(desk, NAME);
  await done.waitFor();
  assert.match(await done.innerText(), /已领取/);
  assert.match(await done.innerText(), new RegExp(NAME));
  await done.getByRole('button', { name: '详情' }).click();
  const sig = desk.locator(sel('mail-detail-signature'));
  await sig.waitFor();
  assert.ok(await sig.evaluate((img) => img.complete && img.naturalWidth > 0), 'the signature image is served');
  await desk.keyboard.press('Escape');

  await phone.reload();
  const past = phone.locator('[data-test^="mymail-past-"]', { hasText: '已领取' }).first();
  await past.waitFor();
  expectCleanConsole(desk, { allowStatuses: [409] });
  expectCleanConsole(phone);
});

test('the mail desk and subscriptions fit a tablet and a phone', async () => {
  await desk.setViewportSize(TABLET);
  await desk.getByRole('tab', { name: /待领取/ }).click();
  await shot(desk, 'mail-desk-1024');
  assert.ok(await noHorizontalOverflow(desk));
  await gotoMenu(desk, 'subscriptions');
  await desk.locator(`${sel('subscriptions-table')} .el-table__body tr`, { hasText: `人民日报${RUN}` }).first().waitFor();
  await shot(desk, 'subscriptions-1024');
  const small = await newPage(browser, { viewport: PHONE });
  await login(small, CLERK, PW);
  await gotoMenu(small, 'mailDesk');
  await small.locator(sel('mail-list')).waitFor();
  assert.ok(await noHorizontalOverflow(small), 'no sideways scrolling at 390 px');
  await shot(small, 'mail-desk-390');
  expectCleanConsole(desk);
  expectCleanConsole(small);
  await desk.setViewportSize(DESK);
});
