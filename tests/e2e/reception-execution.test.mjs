// Formal receptions carried out, in the browser (PLAN-6..8). An approved plan (made through
// the API: building and approving one is receptions.test.mjs's subject) is started by its
// planner, whose page then shows each item's tasks; the driver, on a 390-px phone, finds the
// pickup on their run sheet with the place and the vehicle and ticks it off; the planner
// records what the lunch actually cost (over its budget: shown red), then opens the printed
// schedule, which renders on A4 (print media screenshot looked at, and a PDF made).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, login, gotoMenu, noHorizontalOverflow, RUN, BASE,
  ADMIN_USER, ADMIN_PASSWORD, DESK, TABLET, PHONE, SHOTS,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD as PW } from './lib/setup.mjs';
import path from 'node:path';
import { writeFileSync } from 'node:fs';

const PLANNER = `xplan${RUN}`;
const DRIVER = `xdrv${RUN}`;
const NAME = `华南经销商来访${RUN}`;
const DRIVER_NAME = `司机老赵${RUN}`;

let browser;
let planId;

// The site-local (Asia/Shanghai) date `n` days from today.
function localDate(n) {
  return new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);
}

before(async () => {
  const admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  const site = (await admin('GET', '/sites')).body.items[0];
  await userWithRole(admin, PLANNER, 'admin_clerk');
  const driver = await userWithRole(admin, DRIVER, 'host');
  const mk = async (body) => {
    const r = await admin('POST', '/staff', { site_id: site.id, ...body });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const host = await mk({ name: `王总${RUN}`, rank: 12 });
  const drv = await mk({ name: DRIVER_NAME, rank: 3, user_id: driver.id });
  const planner = await apiSession(PLANNER, PW);
  const today = localDate(0);
  const tomorrow = localDate(1);
  const p = await planner('POST', '/receptions', {
    name: NAME, visiting_unit: '华南建材有限公司', grade_code: 'senior', start_date: today, end_date: tomorrow,
    host_staff_id: host.id, policy: '热情周到', guests: [{ name: '陈总', title: '总经理', rank: 10, is_chief: true }, { name: '林经理', title: '采购经理', rank: 8 }],
  });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  planId = p.body.id;
  for (const it of [
    { day: today, start: '08:00', end: '09:00', kind: 'pickup', activity: '白云机场接机 CZ3101', place: '白云机场 T2 到达厅', vehicle: '粤A 88888' },
    { day: today, start: '10:00', end: '11:30', kind: 'meeting', activity: '会见王总', place: '三楼贵宾室' },
    { day: today, start: '12:00', end: '13:00', kind: 'meal', meal_type: 'lunch', activity: '工作午餐', place: '员工餐厅包间', planned_fen: 30000 },
    { day: tomorrow, start: '09:00', end: '11:00', kind: 'visit', activity: '参观生产基地', place: '一号厂房' },
    { day: tomorrow, start: '15:00', end: '16:00', kind: 'see_off', activity: '白云机场送机', place: '白云机场 T2', vehicle: '粤A 88888' },
  ]) {
    const r = await planner('POST', `/receptions/${planId}/items`, it);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  assert.equal((await planner('PUT', `/receptions/${planId}/staff`, { staff: [{ role: 'driver', staff_a_id: drv.id }] })).status, 200);
  assert.equal((await planner('POST', `/receptions/${planId}/submit`, {})).status, 200);
  const ok = await admin('POST', `/receptions/${planId}/approve`, {});
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  browser = await launch();
});
after(async () => { await browser?.close(); });

test('the planner starts the visit and sees each item\'s tasks', async () => {
  const page = await newPage(browser, { viewport: DESK });
  await login(page, PLANNER, PW);
  await page.goto(`${BASE}/receptions/${planId}`);
  await page.locator(sel('reception-status'), { hasText: '已批准' }).waitFor();
  await page.click(sel('reception-start'));
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await page.locator(sel('reception-status'), { hasText: '执行中' }).waitFor();
  const panel = page.locator(sel('execution-panel'));
  await panel.waitFor();
  const pickup = panel.locator(sel('exec-item'), { hasText: '白云机场接机' });
  assert.match(await pickup.innerText(), new RegExp(`${DRIVER_NAME}[\\s\\S]*司机`));
  await shot(page, 'reception-execution-1920');
  expectCleanConsole(page);
  await page.context().close();
});

test('the driver ticks the pickup off on a phone-sized run sheet', async () => {
  const phone = await newPage(browser, { viewport: PHONE });
  await login(phone, DRIVER, PW);
  await gotoMenu(phone, 'receptionRunsheet');
  await phone.locator(sel('reception-runsheet-page')).waitFor();
  const item = phone.locator(sel('reception-runsheet-item'), { hasText: '白云机场接机' });
  await item.waitFor();
  const text = await item.innerText();
  assert.match(text, /08:00/);
  assert.match(text, /白云机场 T2 到达厅/);
  assert.match(text, /粤A 88888/);
  assert.equal(await phone.locator(sel('reception-runsheet-item')).count(), 1, 'only the driver\'s own duties today');
  assert.ok(await noHorizontalOverflow(phone), 'the run sheet fits a 390-px phone');
  await shot(phone, 'reception-runsheet-390');
  await item.locator(sel('reception-runsheet-tick')).click();
  await item.locator('.state').waitFor();
  assert.match(await item.innerText(), /确认完成/);
  // Tomorrow: the see-off.
  await phone.click(sel('runsheet-next'));
  await phone.locator(sel('reception-runsheet-item'), { hasText: '白云机场送机' }).waitFor();
  await shot(phone, 'reception-runsheet-tomorrow-390');
  expectCleanConsole(phone);
  await phone.context().close();
});

test('the planner records the lunch\'s actual cost and prints the schedule on A4', async () => {
  const page = await newPage(browser, { viewport: DESK });
  await login(page, PLANNER, PW);
  await page.goto(`${BASE}/receptions/${planId}`);
  await page.locator('#tab-execution').click();
  const panel = page.locator(sel('execution-panel'));
  await panel.waitFor();
  // The pickup was ticked by the driver.
  assert.match(await panel.locator(sel('exec-item'), { hasText: '白云机场接机' }).innerText(), /确认完成/);
  // PLAN-6: the lunch cost 360 against 300 planned: red.
  await panel.locator(`${sel('cost-target')} .el-select__wrapper`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '工作午餐' }).first().click();
  await panel.locator(`input${sel('cost-amount')}`).fill('360');
  await panel.locator(`input${sel('cost-receipt')}`).fill('发票 No.20261124');
  await panel.locator(sel('cost-save')).click();
  await panel.locator(sel('actual-over')).waitFor();
  assert.match(await panel.locator(sel('actual-over')).innerText(), /360\.00/);
  await shot(page, 'reception-actuals-1920');
  // The execution tab on a tablet and a phone.
  for (const [viewport, name] of [[TABLET, '1024'], [PHONE, '390']]) {
    await page.setViewportSize(viewport);
    await panel.locator(sel('actual-over')).waitFor();
    assert.ok(await noHorizontalOverflow(page), `the execution tab fits at ${name}`);
    await shot(page, `reception-execution-${name}`);
  }
  await page.setViewportSize(DESK);
  expectCleanConsole(page);

  // PLAN-7: the printed schedule.
  const [print] = await Promise.all([
    page.context().waitForEvent('page'),
    panel.locator(sel('doc-schedule')).click(),
  ]);
  print.problems = [];
  print.on('console', (m) => { if (m.type() === 'error') print.problems.push(`console: ${m.text()}`); });
  await print.setViewportSize({ width: 900, height: 1200 });
  const sheet = print.locator(sel('reception-doc-schedule'));
  await sheet.waitFor();
  assert.equal(await sheet.locator(sel('doc-row')).count(), 5);
  const table = await sheet.innerText();
  assert.match(table, /接待日程表/);
  assert.match(table, new RegExp(`白云机场接机 CZ3101[\\s\\S]*${DRIVER_NAME}`));
  await print.emulateMedia({ media: 'print' });
  assert.equal(await print.locator(sel('print-reception')).isVisible(), false, 'the print button stays off the paper');
  await print.screenshot({ path: path.join(SHOTS, 'reception-schedule-print.png'), fullPage: true });
  const pdf = await print.pdf({ format: 'A4', printBackground: true });
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
  writeFileSync(path.join(SHOTS, 'reception-schedule.pdf'), pdf);
  // The staff arrangement table prints too.
  await print.goto(`${BASE}/print/reception/${planId}/staff`);
  const staffSheet = print.locator(sel('reception-doc-staff'));
  await staffSheet.waitFor();
  assert.match(await staffSheet.innerText(), new RegExp(`${DRIVER_NAME}（司机）`));
  await print.screenshot({ path: path.join(SHOTS, 'reception-staff-print.png'), fullPage: true });
  assert.deepEqual(print.problems, []);
  await page.context().close();
});
