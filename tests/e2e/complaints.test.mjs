// Customer complaints (CMP-1, CMP-4, CMP-6, GEN-6) in the browser: a customer-service clerk
// registers a phone complaint with the keyboard and dispatches it; the department's handler
// finds it under "my tickets", acknowledges the notice form 告知单, returns it with cause,
// fix and person responsible, and resolves the ticket; the GM office reviews it on a phone;
// the clerk reports to the customer, records the callback and, as the first-contact owner,
// archives it. Then the public form opened by the counter's QR code, in English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, fillIn, login, gotoMenu, dialog, noHorizontalOverflow, RUN,
  BASE, ADMIN_USER, ADMIN_PASSWORD, DESK, TABLET, PHONE,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD as PW } from './lib/setup.mjs';

const CLERK = `kf${RUN}`;
const HANDLER = `yf${RUN}`;
const GM = `zjb${RUN}`;
const HANDLER_NAME = `王工${RUN}`;
const CUSTOMER = `赵女士${RUN}`;
const PROBLEM = `门禁系统升级后刷卡无反应 ${RUN}`;

let browser;
let clerk;
let handler;
let gm;
let number;
let ticketUrl;

before(async () => {
  const admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  await userWithRole(admin, CLERK, 'customer_service');
  const h = await userWithRole(admin, HANDLER, 'host');
  await userWithRole(admin, GM, 'gm_office');
  // The department this run's product complaints go to (CMP-3), with one handler on duty.
  const dept = await admin('POST', '/departments', { name: `研发部${RUN}` });
  assert.equal(dept.status, 201, JSON.stringify(dept.body));
  const staff = await admin('POST', '/staff', { name: HANDLER_NAME, department_id: dept.body.id, user_id: h.id });
  assert.equal(staff.status, 201, JSON.stringify(staff.body));
  const cfg = (await admin('GET', '/complaints/config')).body;
  const cause = cfg.causes.find((k) => k.code === 'product_quality');
  const put = await admin('PUT', '/complaints/config/causes/product_quality', { ...cause, department_id: dept.body.id });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  browser = await launch();
  clerk = await newPage(browser, { viewport: DESK });
  handler = await newPage(browser, { viewport: TABLET });
  gm = await newPage(browser, { viewport: PHONE });
});
after(async () => { await browser?.close(); });

async function act(page, action, fill = async () => {}) {
  await page.locator(sel(`complaint-action-${action}`)).click();
  const d = dialog(page, 'complaint-dialog');
  await d.waitFor();
  await fill(d);
  await d.locator(sel('dialog-confirm')).click();
  await d.waitFor({ state: 'hidden' });
}

const status = (page) => page.locator(sel('complaint-status')).innerText();

test('a clerk registers a phone complaint with the keyboard; it is dispatched to the department at once', async () => {
  await login(clerk, CLERK, PW);
  await gotoMenu(clerk, 'complaintNew');
  // Keyboard first: the name has the cursor; Alt+2 is the phone channel.
  await clerk.waitForFunction(() => document.activeElement?.closest('[data-test]')?.getAttribute('data-test') === 'complaint-name',
    null, { timeout: 5000 });
  await clerk.keyboard.press('Alt+2');
  await clerk.keyboard.type(CUSTOMER);
  await fillIn(clerk, 'complaint-phone', '13911112222');
  await fillIn(clerk, 'complaint-description', PROBLEM);
  await clerk.locator(sel('complaint-cause')).click();
  await clerk.locator(`${sel('complaint-cause-product_quality')}:visible`).click();
  await clerk.locator(sel('complaint-route'), { hasText: `研发部${RUN}` }).waitFor();
  await shot(clerk, 'complaints-intake-1920');
  // Enter in the description saves (Shift+Enter would be a new line).
  await clerk.locator(`${sel('complaint-description')}`).press('Enter');
  const last = clerk.locator(sel('complaint-last'));
  await last.waitFor();
  number = (await last.innerText()).match(/TS\d{8}-\d{4}/)[0];
  assert.match(await last.innerText(), new RegExp(HANDLER));
  // The form is ready for the next caller.
  assert.equal(await clerk.locator(`${sel('complaint-name')}`).inputValue(), '');
  await clerk.locator(sel('complaint-last-open')).click();
  await clerk.locator(sel('complaint-number'), { hasText: number }).waitFor();
  ticketUrl = clerk.url();
  assert.equal(await status(clerk), '已派发');
  assert.match(await clerk.locator(sel('complaint-owner')).innerText(), new RegExp(CLERK), 'GEN-6: the clerk owns it');
  assert.equal(await clerk.locator(sel('complaint-assignee')).innerText(), HANDLER, 'the department\'s member on duty');
  assert.match(await clerk.locator(sel('complaint-clock-first_contact')).innerText(), /首次联系/);
  await shot(clerk, 'complaints-ticket-1920');
  expectCleanConsole(clerk);
});

test('the handler acknowledges the notice form, returns it with cause, fix and responsible person, and resolves', async () => {
  await login(handler, HANDLER, PW);
  await gotoMenu(handler, 'myComplaints');
  const row = handler.locator(`${sel('complaints-table')} .el-table__row`, { hasText: number });
  await row.waitFor();
  await row.locator(sel('complaint-row-number')).click();
  await handler.locator(sel('complaint-number'), { hasText: number }).waitFor();
  await handler.locator(sel('complaint-notice-open')).click();
  await handler.locator(sel('complaint-notice-page')).waitFor();
  assert.match(await handler.locator(sel('notice-department')).innerText(), new RegExp(`研发部${RUN}`));
  await handler.locator(sel('notice-acknowledge')).click();
  await handler.locator(sel('notice-ack'), { hasText: '确认' }).waitFor();
  await fillIn(handler, 'notice-cause', '升级包未同步读卡器固件');
  await fillIn(handler, 'notice-fix', '回滚固件并补充升级检查清单');
  // The review gate needs all three: without the person responsible it is refused on that field.
  await handler.locator(sel('notice-return')).click();
  const err = handler.locator('.el-form-item.is-error', { has: handler.locator(sel('notice-responsible')) });
  await err.waitFor();
  await fillIn(handler, 'notice-responsible', '李工');
  await handler.locator(sel('notice-return')).click();
  await handler.locator(sel('notice-returned'), { hasText: '李工' }).waitFor();
  await shot(handler, 'complaints-notice-1024');
  assert.ok(await noHorizontalOverflow(handler));
  await handler.goto(ticketUrl);
  await handler.locator(sel('complaint-notice-state'), { hasText: '已返回' }).waitFor();
  await act(handler, 'resolve', async (d) => fillIn(d, 'dialog-resolution', '已回滚读卡器固件，现场验证刷卡正常'));
  await handler.locator(sel('complaint-status'), { hasText: '已解决' }).waitFor();
  await handler.locator(sel('complaint-clock-callback')).waitFor();
  await shot(handler, 'complaints-ticket-1024');
  expectCleanConsole(handler, { allowStatuses: [400] });
});

test('the GM office reviews it on a phone; the clerk reports, records the callback and archives it', async () => {
  await login(gm, GM, PW);
  await gm.goto(ticketUrl);
  await gm.locator(sel('complaint-number'), { hasText: number }).waitFor();
  await act(gm, 'review');
  await gm.locator(sel('complaint-status'), { hasText: '已复核' }).waitFor();
  assert.ok(await noHorizontalOverflow(gm), 'no sideways scrolling at 390 px');
  await shot(gm, 'complaints-ticket-390');
  expectCleanConsole(gm);

  await clerk.goto(ticketUrl);
  await clerk.locator(sel('complaint-status'), { hasText: '已复核' }).waitFor();
  await act(clerk, 'report', async (d) => fillIn(d, 'dialog-note', '电话告知客户处理结果，客户表示理解'));
  await clerk.locator(sel('complaint-status'), { hasText: '已答复客户' }).waitFor();
  await act(clerk, 'callback', async (d) => {
    await d.locator(sel('dialog-satisfied-yes')).click();
    await fillIn(d, 'dialog-note', '回访：刷卡正常，客户满意');
  });
  await clerk.locator(sel('complaint-status'), { hasText: '已回访' }).waitFor();
  await act(clerk, 'archive');
  await clerk.locator(sel('complaint-status'), { hasText: '已归档' }).waitFor();
  const timeline = await clerk.locator(sel('complaint-timeline')).innerText();
  for (const step of ['受理登记', '派发', '确认告知单', '返回告知单', '解决', '复核通过', '答复客户', '回访：满意', '归档'])
    assert.ok(timeline.includes(step), `timeline shows ${step}`);
  await shot(clerk, 'complaints-archived-1920');
  // The list shows it archived.
  await gotoMenu(clerk, 'complaintList');
  await clerk.locator(sel('complaints-filter-status')).click();
  await clerk.locator('.el-select-dropdown__item:visible', { hasText: '已归档' }).click();
  await clerk.locator(`${sel('complaints-table')} .el-table__row`, { hasText: number }).waitFor();
  await clerk.setViewportSize(TABLET);
  await shot(clerk, 'complaints-list-1024');
  await clerk.setViewportSize(DESK);
  expectCleanConsole(clerk);
});

test('the customer calls again: the clerk finds the archived ticket by the phone\'s last four digits and by name', async () => {
  await clerk.goto(`${BASE}/complaints`);  // afresh: the last test left the archived filter
  await clerk.locator(sel('complaints-page')).waitFor();
  const statusBox = clerk.locator(`${sel('complaints-filter-status')} .el-select__selected-item:not(.is-hidden)`);
  assert.equal(await statusBox.innerText(), '未归档', 'the list opens on the open tickets');
  const row = clerk.locator(`${sel('complaints-table')} .el-table__row`, { hasText: number });
  await fillIn(clerk, 'complaints-search', '2222');
  await row.waitFor();
  assert.equal(await statusBox.innerText(), '全部', 'a search looks through every state, and says so');
  assert.match(await row.innerText(), new RegExp(CUSTOMER));
  await shot(clerk, 'complaints-search-1920');
  await fillIn(clerk, 'complaints-search', `司徒无名${RUN}`);  // nobody, in any test's data
  await clerk.locator(sel('complaints-table'), { hasText: '没有符合条件的工单' }).waitFor();
  await fillIn(clerk, 'complaints-search', `赵女士${RUN}`);
  await row.waitFor();
  // Cleared: back to the open list, where the archived ticket is not.
  await fillIn(clerk, 'complaints-search', '');
  await clerk.locator(`${sel('complaints-filter-status')} .el-select__selected-item`, { hasText: '未归档' }).waitFor();
  await row.waitFor({ state: 'detached' });
  expectCleanConsole(clerk);
});

test('the public form from the counter\'s QR code: English, phone-sized, a ticket number to keep', async () => {
  const visitor = await newPage(browser, { viewport: PHONE, lang: 'en' });
  await visitor.goto(`${BASE}/complain`);
  await visitor.locator(sel('complain-page')).waitFor();
  assert.match(await visitor.locator('h1').innerText(), /Feedback and complaints/);
  await fillIn(visitor, 'complain-name', `Ms Lin ${RUN}`);
  await visitor.locator(sel('complain-submit')).click();
  // No way to reach her yet: the phone field says so.
  const phoneError = visitor.locator('.el-form-item.is-error', { has: visitor.locator(sel('complain-phone')) });
  await phoneError.locator('.el-form-item__error', { hasText: 'phone number or an e-mail' }).waitFor();
  await fillIn(visitor, 'complain-email', `lin${RUN}@example.com`);
  await fillIn(visitor, 'complain-description', 'The lift in building B has been out of order for two days.');
  assert.ok(await noHorizontalOverflow(visitor));
  await shot(visitor, 'complaints-public-390');
  await visitor.locator(sel('complain-submit')).click();
  const done = visitor.locator(sel('complain-number'));
  await done.waitFor();
  assert.match(await done.innerText(), /TS\d{8}-\d{4}/);
  expectCleanConsole(visitor, { allowStatuses: [400] });
  await visitor.context().close();
});

test('the administrator sees the routing matrix with this run\'s department and the public form\'s QR code', async () => {
  const admin = await newPage(browser, { viewport: DESK });
  await login(admin);
  await gotoMenu(admin, 'complaintRouting');
  const row = admin.locator(`${sel('routing-causes')} .el-table__row`, { hasText: '产品质量或性能' });
  await row.locator(sel('routing-routed'), { hasText: `研发部${RUN}` }).waitFor();
  await shot(admin, 'complaints-routing-1920');
  await admin.getByRole('tab', { name: '网页表单' }).click();
  await admin.locator(sel('routing-qr')).waitFor();
  assert.match(await admin.locator(sel('routing-public-url')).innerText(), /\/complain\?site=\d+$/);
  expectCleanConsole(admin);
  await admin.context().close();
});

test('TEL-6: at the phone desk, Alt+5 logs the call as a complaint and the ticket opens from the confirmation', async () => {
  const admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  const deskUser = `tel6${RUN}`;
  await userWithRole(admin, deskUser, 'front_desk');
  const desk = await newPage(browser, { viewport: DESK });
  await login(desk, deskUser, PW);
  await gotoMenu(desk, 'callDesk');
  await desk.keyboard.press('Alt+5');
  await desk.locator(sel('call-complaint-hint')).waitFor();
  await fillIn(desk, 'call-name', `孙先生${RUN}`);
  await fillIn(desk, 'call-matter', '上门安装人员迟到两小时');
  await desk.locator(sel('call-matter')).press('Enter');
  const link = desk.locator(sel('call-complaint-link'));
  await link.waitFor();
  assert.match(await link.innerText(), /TS\d{8}-\d{4}/);
  await link.click();
  await desk.locator(sel('complaint-number')).waitFor();
  assert.equal(await desk.locator(sel('complaint-status')).innerText(), '已受理');
  assert.match(await desk.locator(sel('complaint-owner')).innerText(), new RegExp(deskUser), 'GEN-6: the desk clerk owns it');
  expectCleanConsole(desk);
  await desk.context().close();
});
