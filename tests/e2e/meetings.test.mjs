// The meeting service in the browser (MTG-1..4): an admin clerk opens the room calendar,
// clicks a free slot of a room, fills in the subject, picks herself as the serving clerk
// and asks for tea; the booking shows on the day view with its set-up and clean-up band.
// A second booking right after it (inside the clean-up and set-up buffers) is refused in
// the form, naming the meeting in the way. On her phone (390 px) the run sheet of that day
// lists the timed checklist (T-30 set-up, T-15 greeting, tea, refills, clean-up) and she
// ticks the set-up off. The week view and the 1024 px layout are looked at too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, login, gotoMenu, noHorizontalOverflow, dialog, RUN,
  ADMIN_USER, ADMIN_PASSWORD, DESK, TABLET, PHONE,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD as PW } from './lib/setup.mjs';

const CLERK = `mclerk${RUN}`;
const CLERK_NAME = `会务${RUN}`;
const ROOM = `三楼会议室${RUN}`;
const SUBJECT = `产品评审会${RUN}`;
const OPEN = 7 * 60;
const CLOSE = 22 * 60;

let browser;
let desk;
let venue;

// Clicks the day view's track of the room at `minutes` after midnight.
async function clickSlot(page, minutes) {
  const track = page.locator(sel(`room-track-${venue.id}`));
  await track.scrollIntoViewIfNeeded();
  const box = await track.boundingBox();
  const x = box.x + (box.width * (minutes - OPEN)) / (CLOSE - OPEN) + 4;
  await page.mouse.click(x, box.y + 4);
}

before(async () => {
  const admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  const user = await userWithRole(admin, CLERK, 'admin_clerk');
  const staff = await admin('POST', '/staff', { name: CLERK_NAME, user_id: user.id });
  assert.equal(staff.status, 201, JSON.stringify(staff.body));
  const sites = (await admin('GET', '/sites')).body.items;
  const v = await admin('POST', '/venues', { site_id: sites[0].id, name: ROOM, kind: 'small_meeting_room', capacity: 12, equipment: ['投影仪'] });
  assert.equal(v.status, 201, JSON.stringify(v.body));
  venue = v.body;
  browser = await launch();
  desk = await newPage(browser, { viewport: DESK });
});
after(async () => { await browser?.close(); });

test('a clerk books a room by clicking a free slot; a booking inside its buffers is refused naming it', async () => {
  await login(desk, CLERK, PW);
  await gotoMenu(desk, 'meetingCalendar');
  await desk.locator(sel('meetings-day')).waitFor();
  await desk.click(sel('meetings-next')); // tomorrow: every slot is in the future
  const track = desk.locator(sel(`room-track-${venue.id}`));
  await track.waitFor();

  await clickSlot(desk, 10 * 60);
  const form = dialog(desk, 'meeting-dialog');
  await form.waitFor();
  assert.match(await form.locator(sel('meeting-room')).innerText(), new RegExp(ROOM));
  assert.match(await form.locator(sel('meeting-start')).first().innerText(), /10:00/);
  assert.match(await form.locator(sel('meeting-end')).first().innerText(), /11:00/);
  await form.locator(`input${sel('meeting-subject')}`).fill(SUBJECT);
  // The serving clerk (MTG-1): herself, found by name.
  await form.locator(sel('meeting-clerk')).click();
  await desk.keyboard.type(CLERK_NAME);
  await desk.locator('.el-select-dropdown__item:visible', { hasText: CLERK_NAME }).first().click();
  await form.locator(sel('meeting-service-tea')).click();
  await form.locator(sel('meeting-service-projector')).click();
  await shot(desk, 'meetings-book-1920');
  await form.locator(sel('meeting-save')).click();
  await form.waitFor({ state: 'hidden' });

  const block = track.locator(sel('meeting-block'), { hasText: SUBJECT });
  await block.waitFor();
  assert.match(await block.innerText(), /10:00–11:00/);
  await shot(desk, 'meetings-day-1920');

  // 11:00 is inside the 15-minute clean-up, and its 30-minute set-up reaches back to 10:30.
  await clickSlot(desk, 11 * 60);
  await form.waitFor();
  await form.locator(`input${sel('meeting-subject')}`).fill('临时加会');
  await form.locator(sel('meeting-save')).click();
  const refused = form.locator(sel('meeting-conflict'));
  await refused.waitFor();
  const text = await refused.innerText();
  assert.match(text, new RegExp(SUBJECT), 'the refusal names the booking in the way');
  assert.match(text, new RegExp(ROOM));
  await shot(desk, 'meetings-conflict-1920');
  await form.getByRole('button', { name: '取消' }).click();
  await form.waitFor({ state: 'hidden' });
  assert.equal(await track.locator(sel('meeting-block')).count(), 1, 'nothing else was booked');

  // The booking's details: service order and status.
  await block.click();
  const drawer = desk.locator(`${sel('meeting-detail')}`).filter({ visible: true }).first();
  await drawer.locator(sel('meeting-status'), { hasText: '已确认' }).waitFor();
  assert.match(await drawer.innerText(), /茶水 × 1/);
  assert.match(await drawer.innerText(), new RegExp(CLERK_NAME));
  await desk.keyboard.press('Escape');

  // The week view lists it under its day.
  await desk.locator(`${sel('meetings-view')} label`, { hasText: '周' }).click();
  await desk.locator(sel(`week-row-${venue.id}`)).locator(sel('meeting-block'), { hasText: SUBJECT }).waitFor();
  await shot(desk, 'meetings-week-1920');
  expectCleanConsole(desk, { allowStatuses: [409] });
});

test('the tablet layout shows the calendar without the page overflowing', async () => {
  const tablet = await newPage(browser, { viewport: TABLET });
  await login(tablet, CLERK, PW);
  await gotoMenu(tablet, 'meetingCalendar');
  await tablet.click(sel('meetings-next'));
  await tablet.locator(sel(`room-track-${venue.id}`)).locator(sel('meeting-block'), { hasText: SUBJECT }).waitFor();
  assert.ok(await noHorizontalOverflow(tablet), 'the grid scrolls inside its box, not the page');
  await shot(tablet, 'meetings-day-1024');
  expectCleanConsole(tablet);
  await tablet.context().close();
});

test('on her phone the clerk sees the run sheet of the day and ticks the set-up off', async () => {
  const phone = await newPage(browser, { viewport: PHONE });
  await login(phone, CLERK, PW);
  await gotoMenu(phone, 'runsheet');
  await phone.locator(sel('runsheet-page')).waitFor();
  await phone.getByRole('button', { name: '后一天' }).click();
  const card = phone.locator('.meeting', { hasText: SUBJECT });
  await card.waitFor();
  const items = card.locator(sel('runsheet-item'));
  const texts = await items.allInnerTexts();
  assert.match(texts[0], /09:30[\s\S]*布置会场/, 'T-30 set-up and equipment test');
  assert.match(texts[1], /09:45[\s\S]*前台迎候/, 'T-15 greeting');
  assert.match(texts[2], /10:00[\s\S]*斟茶/);
  assert.equal(texts.filter((x) => /续水/.test(x)).length, 3, 'a refill every 15 minutes');
  assert.match(texts[texts.length - 1], /11:00[\s\S]*关闭电源/);
  assert.match(await card.innerText(), /茶水×1/);
  assert.ok(await noHorizontalOverflow(phone));
  await shot(phone, 'meetings-runsheet-390');

  await items.first().locator(sel('runsheet-tick')).click();
  await items.first().locator('.state').waitFor();
  assert.match(await items.first().innerText(), /已完成/);
  await shot(phone, 'meetings-runsheet-ticked-390');
  // The calendar on the phone: the grid scrolls sideways inside its box.
  await gotoMenu(phone, 'meetingCalendar');
  await phone.locator(sel('meetings-day')).waitFor();
  assert.ok(await noHorizontalOverflow(phone));
  await shot(phone, 'meetings-day-390');
  expectCleanConsole(phone);
  await phone.context().close();
});
