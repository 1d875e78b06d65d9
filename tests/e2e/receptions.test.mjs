// Formal receptions in the browser (PLAN-1..5, GEN-2, GEN-4): a planner (admin clerk) writes
// the request for three senior-grade guests with a halal diet, the chief guest's religion
// kept for planners only; builds a two-day itinerary where every meal shows the halal note
// and the dinner's planned cost is over its cap; names a greeter with a backup (AB角); sees
// the budget with the cap warning; submits. The plan is routed by its scale to the head of
// the host's department, who opens it from the approvals list, approves the excess over the
// cap and then the plan. Screens at 1920, 1024 and 390 px are looked at too. Then the planner
// picks a room for a meeting item (PLAN-3): the room calendar of the meetings module shows it
// under the reception's number and name, and the booking there points back to the plan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, login, logout, gotoMenu, noHorizontalOverflow, dialog, RUN,
  ADMIN_USER, ADMIN_PASSWORD, DESK, TABLET, PHONE,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD as PW } from './lib/setup.mjs';

const PLANNER = `rplan${RUN}`;
const HEAD = `rhead${RUN}`;
const HOST = `王总${RUN}`;
const GREETER = `迎宾李${RUN}`;
const BACKUP = `迎宾张${RUN}`;
const NAME = `华东建材考察${RUN}`;
const ROOM = `贵宾会谈室${RUN}`;
const GUESTS = [
  { name: `马明${RUN}`, title: '采购总监', rank: 10, chief: true, religion: '伊斯兰教' },
  { name: `白雪${RUN}`, title: '采购经理', rank: 8 },
  { name: `丁一${RUN}`, title: '工程师', rank: 6 },
];

let browser;
let desk;
let first;
let second;

// A day `n` days from today, as the date pickers take it.
function dayFromToday(n) {
  return new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
}

// Opens the select marked `test` (on the select, or on the form item around it) and clicks
// the option showing `text`.
async function pick(page, scope, test, text) {
  const target = scope.locator(sel(test)).first();
  const inner = target.locator('.el-select__wrapper').first();
  if (await inner.count()) await inner.click();
  else await target.click();
  // The option list of this select (another one may still be fading out).
  const list = await target.locator('input[aria-controls]').first().getAttribute('aria-controls');
  await page.locator(`[id="${list}"] .el-select-dropdown__item`, { hasText: text }).first().click();
  await page.locator(`[id="${list}"]`).waitFor({ state: 'hidden' });
}

async function typeDate(scope, test, value) {
  const input = scope.locator(`${sel(test)} input, input${sel(test)}`).first();
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

// Finds a staff member by typing their name into the select marked `test` and picks them.
async function pickStaff(page, scope, test, name) {
  const target = scope.locator(sel(test)).first();
  await target.click();
  await page.keyboard.type(name);
  const list = await target.locator('input[aria-controls]').first().getAttribute('aria-controls');
  await page.locator(`[id="${list}"] .el-select-dropdown__item`, { hasText: name }).first().click();
}

before(async () => {
  const admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  const sites = (await admin('GET', '/sites')).body.items;
  const dept = await admin('POST', '/departments', { name: `市场部${RUN}`, site_id: sites[0].id });
  assert.equal(dept.status, 201, JSON.stringify(dept.body));
  await userWithRole(admin, PLANNER, 'admin_clerk');
  const head = await userWithRole(admin, HEAD, 'dept_head');
  const moved = await admin('PATCH', `/users/${head.id}`, { department_id: dept.body.id });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  for (const [name, rank] of [[HOST, 12], [GREETER, 4], [BACKUP, 4]]) {
    const s = await admin('POST', '/staff', { name, rank, department_id: dept.body.id, site_id: sites[0].id });
    assert.equal(s.status, 201, JSON.stringify(s.body));
  }
  const room = await admin('POST', '/venues', { site_id: sites[0].id, name: ROOM, kind: 'small_meeting_room', capacity: 16 });
  assert.equal(room.status, 201, JSON.stringify(room.body));
  first = dayFromToday(30);
  second = dayFromToday(31);
  browser = await launch();
  desk = await newPage(browser, { viewport: DESK });
});
after(async () => { await browser?.close(); });

test('a planner builds a two-day plan for three senior guests with a halal diet and submits it', async () => {
  await login(desk, PLANNER, PW);
  await gotoMenu(desk, 'receptionList');
  await desk.click(sel('reception-new'));
  await desk.locator(sel('head-name')).waitFor();

  // The request (PLAN-2): who comes, when, the grade, the main host.
  await desk.fill(`${sel('head-name')} input, input${sel('head-name')}`, NAME);
  await desk.fill(`${sel('head-unit')} input, input${sel('head-unit')}`, '华东建材集团');
  await typeDate(desk, 'head-start', first);
  await typeDate(desk, 'head-end', second);
  await pick(desk, desk, 'head-grade', '高级');
  await pickStaff(desk, desk, 'head-host', HOST);
  await desk.fill(`${sel('head-policy')} input, input${sel('head-policy')}`, '热情周到');

  // GEN-2: three guests, each halal; the chief guest's religion for the planners only.
  for (const g of GUESTS) {
    await desk.click(sel('guest-add'));
    const form = dialog(desk, 'guest-dialog');
    await form.waitFor();
    await form.locator(`input${sel('guest-name')}`).fill(g.name);
    await form.locator(`input${sel('guest-title')}`).fill(g.title);
    await form.locator(`${sel('guest-rank')} input`).fill(String(g.rank));
    await form.locator(sel('guest-taboo-halal')).click();
    if (g.chief) await form.locator(sel('guest-chief')).click();
    if (g.religion) await form.locator(`input${sel('guest-religion')}`).fill(g.religion);
    await form.locator(sel('guest-save')).click();
    await form.waitFor({ state: 'hidden' });
  }
  assert.equal(await desk.locator(sel('guest-row')).count(), 3);
  await shot(desk, 'receptions-new-1920');
  await desk.click(sel('head-save'));
  await desk.locator(sel('reception-number')).waitFor();
  assert.match(await desk.locator(sel('reception-number')).innerText(), /^JD\d{8}-\d{4}$/);
  assert.match(await desk.locator(sel('reception-status')).innerText(), /草稿/);
  // GEN-4: 王总 (12) receives the chief guest (10): 高规格.
  assert.match(await desk.locator(sel('reception-level')).innerText(), /高规格/);

  // PLAN-3: the itinerary; every meal shows the halal note (computed from the guests).
  await desk.locator('#tab-itinerary').click();
  const addItem = async (fill) => {
    await desk.click(sel('item-add'));
    const form = dialog(desk, 'item-dialog');
    await form.waitFor();
    await fill(form);
    await form.locator(sel('item-save')).click();
    await form.waitFor({ state: 'hidden' });
  };
  await addItem(async (form) => {
    await pick(desk, form, 'item-kind', '用餐');
    await pick(desk, form, 'item-start', '12:00');
    await pick(desk, form, 'item-end', '13:30');
    await form.locator(`input${sel('item-activity')}`).fill('工作午餐');
    await form.locator(`textarea${sel('item-menu')}`).fill('清真烤羊排、时蔬、米饭');
    await form.locator(`input${sel('item-planned')}`).fill('500');
    assert.match(await form.locator(sel('item-diet')).innerText(), /清真 × 3/);
    assert.match(await form.locator(sel('item-cap')).innerText(), /600\.00/, 'senior lunch cap for three: 500 + 100');
  });
  await addItem(async (form) => {
    await pick(desk, form, 'item-kind', '用餐');
    await pick(desk, form, 'item-meal-type', '晚餐');
    await pick(desk, form, 'item-start', '18:00');
    await pick(desk, form, 'item-end', '20:00');
    await form.locator(`input${sel('item-activity')}`).fill('欢迎晚宴');
    await form.locator(`textarea${sel('item-menu')}`).fill('清真宴席');
    await form.locator(`input${sel('item-planned')}`).fill('800');
    const cap = form.locator(sel('item-cap'));
    assert.match(await cap.innerText(), /超出标准/, 'the dialog warns before saving');
    await shot(desk, 'receptions-item-1920');
  });
  await addItem(async (form) => {
    await pick(desk, form, 'item-day', second);
    await pick(desk, form, 'item-kind', '参观');
    await pick(desk, form, 'item-start', '09:00');
    await pick(desk, form, 'item-end', '11:00');
    await form.locator(`input${sel('item-activity')}`).fill('参观展厅');
    await pickStaff(desk, form, 'item-staff', GREETER);
    await form.locator('.el-dialog__title').click(); // a multiple select stays open: close it
  });
  const day1 = desk.locator(sel(`day-${first}`));
  assert.equal(await day1.locator(sel('item-row')).count(), 2);
  const notes = await day1.locator(sel('item-diet-notes')).allInnerTexts();
  assert.equal(notes.length, 2, 'both meals carry the dietary note');
  for (const n of notes) assert.match(n, /清真 × 3/);
  await day1.locator(sel('item-over-cap')).waitFor();
  assert.equal(await desk.locator(sel(`day-${second}`)).locator(sel('item-row')).count(), 1);
  await shot(desk, 'receptions-itinerary-1920');

  // PLAN-3: the greeter with a backup (AB角).
  await desk.locator('#tab-staff').click();
  await desk.click(sel('staff-add'));
  await pickStaff(desk, desk, 'staff-a-0', GREETER);
  await pickStaff(desk, desk, 'staff-b-0', BACKUP);
  await desk.click(sel('staff-save'));
  await desk.locator('.el-message--success').first().waitFor();

  // PLAN-5: the budget against the standard, with the cap warning.
  await desk.locator('#tab-budget').click();
  await desk.locator(sel('cap-flag')).waitFor();
  assert.match(await desk.locator(sel('budget-total')).innerText(), /1,300\.00/);
  assert.match(await desk.locator(sel('cap-flag')).innerText(), /超标 ¥200\.00/);
  assert.match(await desk.locator(sel('cap-warning')).innerText(), /1 项费用超出接待标准/);
  await shot(desk, 'receptions-budget-1920');

  // Submit: routed by scale (under 5000 yuan, domestic, senior) to the department head.
  await desk.click(sel('reception-submit'));
  await desk.locator(sel('reception-status'), { hasText: '待审批' }).waitFor();
  await desk.locator('#tab-approval').click();
  assert.match(await desk.locator(sel('reception-route')).innerText(), /部门负责人/);
  await shot(desk, 'receptions-submitted-1920');
  expectCleanConsole(desk);
});

test('the approver finds the plan, approves the excess over the cap, then the plan', async () => {
  await logout(desk);
  await login(desk, HEAD, PW);
  await gotoMenu(desk, 'receptionApprovals');
  const card = desk.locator('.el-card', { hasText: NAME });
  await card.waitFor();
  await card.locator(sel('reception-approval-link')).click();
  await desk.locator(sel('reception-approve')).waitFor();
  // A department head reads the plan without the guests' religion.
  assert.ok(!(await desk.locator(sel('guests-table')).innerText()).includes('伊斯兰教'));
  await desk.locator('#tab-budget').click();
  const approveCap = desk.locator('[data-test^="cap-approve-meal:"]');
  await approveCap.click();
  const box = desk.locator('.el-message-box');
  await box.waitFor();
  await box.locator('input').fill('重要客户，同意按 800 元安排');
  await box.getByRole('button', { name: '确定' }).click();
  await desk.locator('.el-tag', { hasText: '超标已批准' }).waitFor();
  await shot(desk, 'receptions-cap-approved-1920');
  await desk.click(sel('reception-approve'));
  await desk.locator(sel('reception-status'), { hasText: '已批准' }).waitFor();
  await desk.locator('#tab-approval').click();
  const history = await desk.locator(sel('decisions')).innerText();
  assert.match(history, /提交审批[\s\S]*批准超标费用[\s\S]*批准/);
  expectCleanConsole(desk);
});

test('the plan reads on a tablet and a phone without the page overflowing', async () => {
  for (const [viewport, name] of [[TABLET, '1024'], [PHONE, '390']]) {
    const page = await newPage(browser, { viewport });
    await login(page, PLANNER, PW);
    await gotoMenu(page, 'receptionList');
    await page.locator(sel('receptions-table')).getByText(NAME).first().click();
    await page.locator(sel('reception-status'), { hasText: '已批准' }).waitFor();
    assert.ok(await noHorizontalOverflow(page), `no horizontal overflow at ${name}`);
    await shot(page, `receptions-plan-${name}`);
    await page.locator('#tab-itinerary').click();
    await page.locator(sel(`day-${first}`)).waitFor();
    assert.ok(await noHorizontalOverflow(page), `itinerary fits at ${name}`);
    await shot(page, `receptions-itinerary-${name}`);
    expectCleanConsole(page);
    await page.context().close();
  }
});

test('PLAN-3: a room picked for a meeting item is booked on the meetings room calendar under the reception', async () => {
  for (const [viewport, name] of [[DESK, '1920'], [PHONE, '390']]) {
    const page = viewport === DESK ? desk : await newPage(browser, { viewport });
    if (viewport === DESK) {
      await logout(page);
      await login(page, PLANNER, PW);
    } else {
      await login(page, PLANNER, PW);
    }
    await gotoMenu(page, 'receptionList');
    await page.locator(sel('receptions-table')).getByText(NAME).first().click();
    await page.locator(sel('reception-status')).waitFor();
    const number = (await page.locator(sel('reception-number')).innerText()).trim();
    await page.locator('#tab-itinerary').click();
    if (viewport === DESK) {
      await page.click(sel('item-add'));
      const form = dialog(page, 'item-dialog');
      await form.waitFor();
      await pick(page, form, 'item-kind', '会见会谈');
      await pick(page, form, 'item-start', '10:00');
      await pick(page, form, 'item-end', '11:00');
      await form.locator(`input${sel('item-activity')}`).fill('会见王总');
      await pick(page, form, 'item-venue', ROOM);
      await form.locator(sel('item-save')).click();
      await form.waitFor({ state: 'hidden' });
    }
    const link = page.locator(sel(`day-${first}`)).locator(sel('item-room-link'));
    await link.waitFor();
    assert.match(await link.innerText(), new RegExp(ROOM));
    await link.click();
    // The meetings module's room calendar on that day: the block carries the plan's name.
    const block = page.locator(sel('meeting-block'), { hasText: number });
    await block.waitFor();
    assert.match(await block.innerText(), new RegExp(NAME));
    await shot(page, `receptions-room-calendar-${name}`);
    await block.click();
    const detail = page.locator(sel('meeting-detail'));
    await detail.locator(sel('meeting-reception-link')).waitFor();
    assert.match(await detail.locator(sel('meeting-reception-link')).innerText(), new RegExp(number));
    await detail.locator(sel('meeting-change-plan')).waitFor();
    assert.equal(await detail.locator(sel('meeting-edit')).count(), 0, 'not changed from the meetings page');
    await shot(page, `receptions-room-detail-${name}`);
    expectCleanConsole(page);
    if (viewport !== DESK) await page.context().close();
  }
});
