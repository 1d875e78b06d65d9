// Customer complaints, the second half, in the browser (CMP-6, CMP-9, CMP-10, QA-1): a
// customer-service clerk tags the customer's temperament and reads the guidance, replies to
// the customer with a forbidden phrase and sees it refused on screen with the phrase
// highlighted in place and the suggested wording offered (one click replaces it); the same in
// the contact dialog with the phrase typed in traditional characters; then the clerk sends
// the survey link, the customer answers it on a phone in English, and the ticket is called
// back. The callback worklist and the reports are looked at on a desk screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, login, gotoMenu, dialog, noHorizontalOverflow, RUN,
  ADMIN_USER, ADMIN_PASSWORD, DESK, TABLET, PHONE,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD as PW } from './lib/setup.mjs';

const CLERK = `kfc${RUN}`;
const HANDLER = `yfc${RUN}`;
const GM = `zjc${RUN}`;
const CUSTOMER = `钱先生${RUN}`;

let browser;
let desk;
let tablet;
let ticket;
let api;

before(async () => {
  const admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  await userWithRole(admin, CLERK, 'customer_service');
  const h = await userWithRole(admin, HANDLER, 'host');
  const g = await userWithRole(admin, GM, 'gm_office');
  const dept = await admin('POST', '/departments', { name: `研发二部${RUN}` });
  assert.equal(dept.status, 201, JSON.stringify(dept.body));
  assert.equal((await admin('POST', '/staff', { name: `李工${RUN}`, department_id: dept.body.id, user_id: h.id })).status, 201);
  assert.equal((await admin('POST', '/staff', { name: `总经办${RUN}`, user_id: g.id })).status, 201);
  const sites = (await admin('GET', '/sites')).body.items;
  const site = sites[0] ?? (await admin('POST', '/sites', { name: `总部${RUN}`, code: `C${RUN}`.slice(0, 8) })).body;
  // The ticket the clerk works on: registered and dispatched (the first half's flow).
  api = await apiSession(CLERK, PW);
  const r = await api('POST', '/complaints', {
    site_id: site.id, channel: 'phone', customer_name: CUSTOMER, phone: `1391234${String(Date.now()).slice(-4)}`,
    email: `qian${RUN}@example.com`, description: '安装后设备一直报警，多次来电未解决', cause_class: 'product_quality',
    department_id: dept.body.id, dispatch_now: true,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  ticket = r.body;
  browser = await launch();
  desk = await newPage(browser, { viewport: DESK });
  tablet = await newPage(browser, { viewport: TABLET });
});
after(async () => { await browser?.close(); });

const marks = (page, test) => page.locator(sel(`${test}-mark`));

test('CMP-9/CMP-10: the clerk tags the temperament; a reply with a forbidden phrase is refused on screen, highlighted, and fixed with one click', async () => {
  await login(desk, CLERK, PW);
  await desk.goto(`${new URL(desk.url()).origin}/complaints/${ticket.id}`);
  await desk.locator(sel('care-panel')).waitFor();
  // CMP-9: the temperament and its guidance.
  await desk.locator(sel('care-temperament-select')).click();
  await desk.locator('.el-select-dropdown__item:visible', { hasText: '发泄愤怒型' }).click();
  await desk.locator(sel('care-guidance'), { hasText: '倾听' }).waitFor();
  // CMP-10: the reply, with a forbidden phrase in the middle.
  const text = desk.locator(`textarea${sel('care-reply-text')}`);
  await text.fill('您好，这不是我们的事，请您联系物业。');
  await desk.locator(sel('care-reply-send')).click();
  const refusal = desk.locator(`${sel('care-reply')} .el-form-item__error`);
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /禁语“这不是我们的事”/);
  await marks(desk, 'care-reply-text').first().waitFor();
  assert.deepEqual(await marks(desk, 'care-reply-text').allInnerTexts(), ['这不是我们的事'], 'the phrase is highlighted in place');
  const hits = desk.locator(sel('care-reply-text-hits'));
  assert.match(await hits.innerText(), /我帮您联系负责的部门/, 'the suggestion is offered');
  assert.equal(await desk.locator(sel('care-message')).count(), 0, 'nothing was saved');
  await shot(desk, 'complaint-care-refused-1920');
  // One click replaces the phrase; the highlight goes with it; now it is sent.
  await desk.locator(sel('care-reply-text-use-0')).click();
  assert.match(await text.inputValue(), /^您好，我帮您联系负责的部门，并跟进到底，处理结果会及时告诉您。，请您联系物业。$/);
  await desk.locator(sel('care-reply-text-hits')).waitFor({ state: 'detached' });
  assert.equal(await marks(desk, 'care-reply-text').count(), 0);
  await desk.locator(sel('care-reply-send')).click();
  await desk.locator(sel('care-message'), { hasText: '我帮您联系负责的部门' }).waitFor();
  await shot(desk, 'complaint-care-ticket-1920');
  expectCleanConsole(desk, { allowStatuses: [400] });
});

test('CMP-10: in the contact dialog on a tablet, a phrase typed in traditional characters is highlighted too', async () => {
  await login(tablet, CLERK, PW);
  await tablet.goto(`${new URL(tablet.url()).origin}/complaints/${ticket.id}`);
  await tablet.locator(sel('complaint-action-contact')).click();
  const d = dialog(tablet, 'complaint-dialog');
  await d.waitFor();
  const note = d.locator(`textarea${sel('dialog-note')}`);
  await note.fill('我不知道，不清楚，改天再說');
  await d.locator(sel('dialog-confirm')).click();
  await marks(d, 'dialog-note').first().waitFor();
  assert.deepEqual(await marks(d, 'dialog-note').allInnerTexts(), ['我不知道，不清楚']);
  await shot(tablet, 'complaint-care-dialog-1024');
  await d.locator(sel('dialog-note-use-0')).click();
  assert.match(await note.inputValue(), /^这个问题我马上为您确认/);
  await d.locator(sel('dialog-confirm')).click();
  await d.waitFor({ state: 'hidden' });
  await tablet.locator(sel('complaint-event'), { hasText: '这个问题我马上为您确认' }).waitFor();
  assert.equal(await noHorizontalOverflow(tablet), true);
  expectCleanConsole(tablet, { allowStatuses: [400] });
});

test('CMP-6/QA-1: the clerk sends the survey link; the customer answers on a phone; the ticket is called back', async () => {
  // The handler resolves, the GM office reviews, the clerk reports (the first half, by API).
  const h = await apiSession(HANDLER, PW);
  const g = await apiSession(GM, PW);
  for (const [who, path, body] of [
    [h, 'acknowledge', {}], [h, 'resolve', { resolution: '更换报警传感器，已现场测试' }],
    [h, 'notice', { cause: '传感器批次缺陷', fix: '更换并抽检同批次', responsible_person: '李工' }],
    [g, 'review', {}], [api, 'report', { note: '电话告知客户处理结果' }]]) {
    const r = await who('POST', `/complaints/${ticket.id}/${path}`, body);
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  }
  // The callback worklist shows it, ready.
  await gotoMenu(desk, 'complaintCallbacks');
  const row = desk.locator(`${sel('callbacks-table')} .el-table__row`, { hasText: ticket.number });
  await row.waitFor();
  assert.match(await row.locator(sel('callback-row-state')).innerText(), /可回访/);
  await shot(desk, 'complaint-callbacks-1920');
  await row.locator(sel('callback-row-number')).click();
  await desk.locator(sel('care-survey-link')).click();
  const d = dialog(desk, 'care-link-dialog');
  await d.waitFor();
  await d.locator(sel('care-link-make')).click();
  const url = await d.locator(`input${sel('care-link-url')}, ${sel('care-link-url')} input`).first().inputValue();
  assert.match(url, /\/survey\/[A-Za-z0-9_-]{20,}$/);
  assert.equal(await d.locator('svg').count() > 0, true, 'the QR code');
  // The customer, on a phone, in English.
  const phone = await newPage(browser, { viewport: PHONE, lang: 'en' });
  await phone.goto(url);
  await phone.locator(sel('survey-page')).waitFor();
  assert.match(await phone.locator('.intro').innerText(), new RegExp(ticket.number));
  for (const i of [1, 2, 3]) await phone.locator(`${sel(`survey-q${i}`)} .el-rate__item`).nth(4).click();
  await phone.locator(`textarea${sel('survey-comment')}`).fill('Fixed quickly, thank you.');
  assert.equal(await noHorizontalOverflow(phone), true);
  await shot(phone, 'complaint-survey-390');
  await phone.locator(sel('survey-submit')).click();
  await phone.locator(sel('survey-done')).waitFor();
  await shot(phone, 'complaint-survey-done-390');
  expectCleanConsole(phone);
  // Back at the desk: called back, the score recorded on the ticket.
  await d.locator('.el-dialog__headerbtn').click();
  await desk.reload();
  await desk.locator(sel('complaint-status'), { hasText: '已回访' }).waitFor();
  assert.match(await desk.locator(sel('care-survey-result')).first().innerText(), /5\.00/);
  expectCleanConsole(desk);
});

test('the reports: Pareto, SLA and satisfaction on a desk screen and on a phone; the administration', async () => {
  const admin = await newPage(browser, { viewport: DESK });
  await login(admin, ADMIN_USER, ADMIN_PASSWORD);
  await gotoMenu(admin, 'complaintCare');
  await admin.locator(sel('phrases-table')).locator('.el-table__row').first().waitFor();
  await shot(admin, 'complaint-care-admin-1920');
  await gotoMenu(admin, 'complaintReports');
  await admin.locator(sel('reports-pareto')).locator('svg rect').first().waitFor();
  assert.match(await admin.locator(sel('reports-satisfaction')).innerText(), /%$/);
  await shot(admin, 'complaint-reports-1920');
  await admin.setViewportSize(TABLET);
  await admin.waitForTimeout(200);
  assert.equal(await noHorizontalOverflow(admin), true);
  await shot(admin, 'complaint-reports-1024');
  await admin.setViewportSize(PHONE);
  await admin.waitForTimeout(200);
  assert.equal(await noHorizontalOverflow(admin), true);
  await shot(admin, 'complaint-reports-390');
  expectCleanConsole(admin);
});
