// The daily visitor log (VIS-16, DATA-2): search by one character, simplified or
// traditional; the phone masked until revealed with a reason; the supervisor reviews and
// archives the day, which then only takes annotations; CSV export opens in Excel (BOM).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  launch, newPage, expectCleanConsole, shot, sel, login, gotoMenu, RUN, ADMIN_USER, ADMIN_PASSWORD, DESK,
} from './lib/browser.mjs';
import { apiSession } from './lib/setup.mjs';

const SITE = `日志楼${RUN}`;
const GUEST = `刘晓东${RUN}`;
const OTHER = `王芳${RUN}`;

let browser;
let page;
let admin;
let site;
before(async () => {
  admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  site = (await admin('POST', '/sites', { name: SITE, code: `LG${RUN}` })).body;
  const host = (await admin('POST', '/staff', { name: `接待${RUN}`, site_id: site.id })).body;
  for (const [name, phone] of [[GUEST, '13812345678'], [OTHER, '13900001111']]) {
    const r = await admin('POST', '/visits/walk-ins', { site_id: site.id, visitor_name: name, company: '东方电气', phone, host_staff_id: host.id, visitor_kind: 'other' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  browser = await launch();
  page = await newPage(browser, { viewport: DESK });
});
after(async () => { await browser?.close(); });

// The confirm box of ElMessageBox; earlier boxes may still be fading out.
const confirm = () => page.getByRole('dialog', { name: '请确认' }).getByRole('button', { name: '确定' }).click();
const rowsText = async () => page.locator(`${sel('log-table')} .el-table__body`).innerText();

test('search, masked phone and its audited reveal, review, archive, annotate, export', async () => {
  await login(page);
  await gotoMenu(page, 'visitLog');
  await page.locator(sel('log-site')).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: SITE }).click();
  await page.locator(`${sel('log-table')} .el-table__body tr`, { hasText: OTHER }).waitFor();

  // One traditional character finds the simplified name; the other visitor drops out.
  await page.locator(sel('log-search')).fill('劉');
  await page.waitForFunction(([a, b]) => {
    const text = document.querySelector('[data-test="log-table"] .el-table__body')?.innerText || '';
    return text.includes(a) && !text.includes(b);
  }, [GUEST, OTHER]);
  const row = page.locator(`${sel('log-table')} .el-table__body tr`, { hasText: GUEST });
  assert.match(await row.innerText(), /138\*{4}5678/, 'the phone is masked');
  assert.doesNotMatch(await rowsText(), /13812345678/);

  // DATA-2: the full number needs a reason, and the reveal is audited.
  await row.getByTitle('查看完整号码').click();
  const box = page.locator('.el-message-box:visible');
  await box.locator('input').fill('访客遗失物品，需联系本人');
  await box.getByRole('button', { name: /确定|OK/ }).click();
  const shown = page.getByRole('dialog', { name: GUEST });
  await shown.getByText('13812345678').waitFor();
  await shown.getByRole('button', { name: '确定' }).click();
  const audit = (await admin('GET', '/audit?page_size=20')).body.items;
  assert.ok(audit.some((a) => a.reason === '访客遗失物品，需联系本人'), 'the reveal is in the audit log with its reason');

  // Export of what is on screen: UTF-8 with BOM so that Excel shows Chinese.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel('log-export-csv'))]);
  const csv = readFileSync(await download.path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(csv.toString('utf8').includes(GUEST));
  assert.ok(!csv.toString('utf8').includes(OTHER), 'the export follows the search');

  // VIS-16: a day with visitors still on site cannot be reviewed yet.
  const dayCard = page.locator(sel('log-day'));
  await page.click(sel('log-review'));
  await confirm();
  await page.locator('.el-message--error', { hasText: '仍有访客未签离' }).waitFor();
  const visits = (await admin('GET', `/visits?site_id=${site.id}`)).body.items;
  for (const v of visits) assert.equal((await admin('POST', `/visits/${v.id}/check-out`, {})).status, 200);

  // Review, then archive; the archived day takes annotations only.
  await page.click(sel('log-review'));
  await confirm();
  await dayCard.locator(sel('log-day-status'), { hasText: '已审核' }).waitFor();
  await page.click(sel('log-archive'));
  await confirm();
  await dayCard.locator(sel('log-day-status'), { hasText: '已归档' }).waitFor();
  await page.locator(sel('log-note')).fill('下午 3 点消防演练，访客已全部疏散');
  await page.click(sel('log-annotate'));
  await dayCard.getByText('下午 3 点消防演练，访客已全部疏散').waitFor();
  await shot(page, 'visitlog-1920');

  const booked = await admin('POST', `/visits/${visits[0].id}/reschedule`, { expected_at: new Date(Date.now() + 3600_000).toISOString() });
  assert.equal(booked.status, 409, 'an archived day is read-only');
  expectCleanConsole(page, { allowStatuses: [409] });
});
