// Organisation pages: departments, staff, sites with desk hours and a calendar, audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, fillIn, pickOption, login, gotoMenu, dialog, RUN,
} from './lib/browser.mjs';

let browser;
let page;
const DEPT = `接待服务部${RUN}`;
const STAFF = `王小明${RUN}`;
const SITE = `深圳总部${RUN}`;
const SITE_CODE = `SZ${RUN}`.toUpperCase();

before(async () => {
  browser = await launch();
  page = await newPage(browser);
  await login(page);
});
after(async () => { await browser?.close(); });

test('create a department and read it back in the tree', async () => {
  await gotoMenu(page, 'departments');
  await page.click(sel('dept-create'));
  const dlg = dialog(page, 'dept-dialog');
  await dlg.waitFor();
  await fillIn(page, 'dept-name', DEPT);
  await fillIn(page, 'dept-code', `JD${RUN}`);
  await page.click(sel('dept-save'));
  await dlg.waitFor({ state: 'hidden' });
  const tree = page.locator(sel('dept-tree'));
  await tree.locator('.node-name').getByText(DEPT, { exact: true }).waitFor();
  assert.equal(await page.locator(sel('dept-selected-name')).innerText(), DEPT);

  // A child department appears under its parent.
  await page.click(sel('dept-create-child'));
  await dlg.waitFor();
  await fillIn(page, 'dept-name', `${DEPT}前台组`);
  await page.click(sel('dept-save'));
  await dlg.waitFor({ state: 'hidden' });
  const parentNode = page.locator('.el-tree-node', { hasText: DEPT }).first();
  await parentNode.locator('.el-tree-node__children .node-name', { hasText: `${DEPT}前台组` }).waitFor();

  // A field error from the API is shown on the field: an empty name.
  await page.click(sel('dept-create'));
  await dlg.waitFor();
  await page.click(sel('dept-save'));
  const item = dlg.locator('.el-form-item.is-error, [data-test=form-error]').first();
  await item.waitFor();
  assert.ok((await item.innerText()).trim().length > 0);
  await shot(page, 'departments-error-1920');
  await dlg.locator('.el-dialog__headerbtn').click();
  await shot(page, 'departments-1920');
  expectCleanConsole(page, { allowStatuses: [400] });
});

test('create a staff member and find them in the table', async () => {
  await gotoMenu(page, 'staff');
  await page.click(sel('staff-create'));
  const dlg = dialog(page, 'staff-dialog');
  await dlg.waitFor();
  await fillIn(page, 'staff-name', STAFF);
  await fillIn(page, 'staff-title', '前台主管');
  await pickOption(page, 'staff-department', DEPT);
  await fillIn(page, 'staff-rank', '8');
  await fillIn(page, 'staff-extension', '8001');
  await fillIn(page, 'staff-phone', '13800138000');
  await page.click(sel('staff-save'));
  await dlg.waitFor({ state: 'hidden' });

  await fillIn(page, 'staff-search', STAFF);
  await page.click(sel('staff-search-btn'));
  const row = page.locator(`${sel('staff-table')} .el-table__body tr`, { hasText: STAFF }).first();
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, new RegExp(DEPT));
  assert.match(text, /前台主管/);
  assert.match(text, /\b8\b/);
  await shot(page, 'staff-1920');

  // Search by extension together with the department filter.
  await fillIn(page, 'staff-search', '8001');
  await pickOption(page, 'staff-dept-filter', DEPT);
  await page.locator(`${sel('staff-table')} .el-table__body tr`, { hasText: STAFF }).first().waitFor();
  assert.equal(await page.locator(`${sel('staff-table')} .el-table__body tr`).count(), 1);
  expectCleanConsole(page, { allowStatuses: [400] });
});

// docs/api-v1.md: `q` searches pinyin initials too; the server derives them from the name.
test('staff search finds a person by pinyin initials', async () => {
  await fillIn(page, 'staff-search', 'wxm');
  await page.click(sel('staff-search-btn'));
  await page.locator(`${sel('staff-table')} .el-table__body tr`, { hasText: STAFF }).first().waitFor({ timeout: 3000 });
  expectCleanConsole(page, { allowStatuses: [400] });
});

test('create a site with desk hours and add a holiday to its calendar', async () => {
  await gotoMenu(page, 'sites');
  await page.click(sel('site-create'));
  const dlg = dialog(page, 'site-dialog');
  await dlg.waitFor();
  await fillIn(page, 'site-name', SITE);
  await fillIn(page, 'site-code', SITE_CODE);
  await pickOption(page, 'site-tz', 'Asia/Shanghai');
  await fillIn(page, 'site-address', '深圳市南山区科技园 1 号');
  await fillIn(page, 'site-directions', '地铁 1 号线高新园站 A 口出，步行 5 分钟到大堂前台');
  // Replace the default periods with 09:00–12:00 and 14:00–18:00.
  await fillIn(page, 'site-period-0-start', '09:00');
  await fillIn(page, 'site-period-0-end', '12:00');
  await fillIn(page, 'site-period-1-start', '14:00');
  // A period that ends before it starts: the server's message lands on the field.
  await fillIn(page, 'site-period-1-end', '13:00');
  await page.click(sel('site-save'));
  const bad = dlg.locator('.el-form-item.is-error', { has: page.locator(sel('site-hours')) });
  await bad.waitFor();
  assert.match(await bad.locator('.el-form-item__error').innerText(), /晚于/);
  await shot(page, 'site-field-error-1920');
  await fillIn(page, 'site-period-1-end', '18:00');
  await page.click(sel('site-save'));
  await page.locator('.el-message--success').first().waitFor();
  await shot(page, 'site-dialog-1920');

  // The calendar tab opens on the saved site.
  await dlg.locator('#tab-calendar').click();
  await page.waitForSelector(sel('site-calendar'));
  const year = new Date().getFullYear();
  const date = `${year}-10-01`;
  const picker = page.locator(`${sel('calendar-date')} input, input${sel('calendar-date')}`).first();
  await picker.fill(date);
  await picker.press('Enter');
  await page.click(sel('calendar-kind-holiday'));
  await fillIn(page, 'calendar-name', '国庆节');
  await page.click(sel('calendar-add'));
  const day = page.locator(sel(`calendar-day-${date}`));
  await day.waitFor();
  assert.match(await day.innerText(), /国庆节/);
  assert.match(await day.innerText(), /节假日/);
  // Import an iCalendar file: a Labour Day holiday.
  const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//yingbin e2e//CN', 'BEGIN:VEVENT',
    `UID:labour-${RUN}@e2e`, `DTSTART;VALUE=DATE:${year}0501`, `DTEND;VALUE=DATE:${year}0502`,
    'SUMMARY:劳动节', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
  await page.locator(sel('calendar-import-file')).setInputFiles({ name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
  await page.locator('.yb-msg-import').waitFor();
  const may = page.locator(sel(`calendar-day-${year}-05-01`));
  await may.waitFor();
  assert.match(await may.innerText(), /劳动节/);
  await shot(page, 'site-calendar-1920');
  await dlg.locator('.el-dialog__headerbtn').click();

  const row = page.locator(`${sel('sites-table')} .el-table__body tr`, { hasText: SITE }).first();
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /09:00–12:00/);
  assert.match(text, /14:00–18:00/);
  await shot(page, 'sites-1920');
  expectCleanConsole(page, { allowStatuses: [400] });
});

test('create a venue at the new site', async () => {
  await gotoMenu(page, 'venues');
  await page.click(sel('venue-create'));
  const dlg = dialog(page, 'venue-dialog');
  await dlg.waitFor();
  await pickOption(page, 'venue-site', SITE);
  await fillIn(page, 'venue-name', `第一会议室${RUN}`);
  await pickOption(page, 'venue-kind', '大会议室');
  await fillIn(page, 'venue-capacity', '24');
  await pickOption(page, 'venue-equipment', '投影仪');
  await page.keyboard.press('Escape');
  await dlg.locator('.el-dialog__title').click(); // close the equipment drop-down
  await page.click(sel('venue-save'));
  await dlg.waitFor({ state: 'hidden' });
  await pickOption(page, 'venue-site-filter', SITE);
  const row = page.locator(`${sel('venues-table')} .el-table__body tr`, { hasText: `第一会议室${RUN}` }).first();
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /大会议室/);
  assert.match(text, /24/);
  assert.match(text, /投影仪/);
  await shot(page, 'venues-1920');
  expectCleanConsole(page);
});

test('the audit log shows the department that was created, and the chain verifies', async () => {
  await gotoMenu(page, 'audit');
  await pickOption(page, 'audit-entity', '部门');
  await page.click(sel('audit-search'));
  const row = page.locator(`${sel('audit-table')} .el-table__body tr.el-table__row`, { hasText: DEPT }).first();
  await row.waitFor();
  assert.match(await row.innerText(), /新建/);
  await row.locator('.el-table__expand-icon').click();
  const diff = page.locator(sel('audit-diff')).first();
  await diff.waitFor();
  assert.match(await diff.innerText(), new RegExp(DEPT));
  await page.click(sel('audit-verify'));
  const verdict = page.locator(sel('audit-verdict'));
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /审计链完整/);
  await shot(page, 'audit-1920');
  expectCleanConsole(page);
});
