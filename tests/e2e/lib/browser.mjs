// Browser helpers for the e2e tests: Debian's Chromium driven by playwright-core.
//
// Environment: YINGBIN_URL (e.g. http://127.0.0.1:18080), YINGBIN_ADMIN_USER,
// YINGBIN_ADMIN_PASSWORD, optionally CHROMIUM (default /usr/bin/chromium).
//
// Every page records console errors, CSP violations and uncaught exceptions; a test
// calls `expectCleanConsole(page)` (or closes through `done`) to fail on any of them.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const BASE = (process.env.YINGBIN_URL || 'http://127.0.0.1:18080').replace(/\/$/, '');
export const ADMIN_USER = process.env.YINGBIN_ADMIN_USER || 'admin';
export const ADMIN_PASSWORD = process.env.YINGBIN_ADMIN_PASSWORD || 'Admin-12345';
export const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

export const DESK = { width: 1920, height: 1080 };
export const TABLET = { width: 1024, height: 768 };
export const PHONE = { width: 390, height: 844 };

// A short unique suffix so that repeated runs against one database do not collide.
export const RUN = Date.now().toString(36).slice(-5);

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// newPage opens a fresh context (own cookies and localStorage) with a language preset.
export async function newPage(browser, { viewport = DESK, lang = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport, locale: lang });
  await context.addInitScript((l) => {
    if (!localStorage.getItem('yb.lang')) localStorage.setItem('yb.lang', l);
  }, lang);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location()?.url || '';
    // Signed out, the app asks /auth/me once to learn that: an expected 401.
    if (/\/api\/v1\/auth\/me$/.test(url) && /status of 401/.test(msg.text())) return;
    page.problems.push(`console: ${msg.text()} (${url})`);
  });
  page.on('pageerror', (err) => page.problems.push(`uncaught: ${err.message}`));
  page.setDefaultTimeout(10_000);
  return page;
}

// Expected failures (e.g. the 401 of a wrong password) show up in the console as failed
// resource loads; tests list the statuses they provoke on purpose.
export function expectCleanConsole(page, { allowStatuses = [] } = {}) {
  const bad = page.problems.filter((p) => {
    if (/Content Security Policy|unsafe-eval|Refused to/i.test(p)) return true;
    const m = p.match(/Failed to load resource: the server responded with a status of (\d+)/);
    if (m) return !allowStatuses.includes(Number(m[1]));
    return true;
  });
  page.problems.length = 0; // a page shared by several tests starts each check afresh
  assert.deepEqual(bad, [], `browser console problems:\n${bad.join('\n')}`);
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(250); // let transitions settle
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

export const sel = (test) => `[data-test="${test}"]`;

// fillIn types into an Element Plus input wrapper or a plain input.
export async function fillIn(page, test, value) {
  const loc = page.locator(`${sel(test)} input, ${sel(test)} textarea, input${sel(test)}, textarea${sel(test)}`).first();
  await loc.fill(value);
}

// pickOption opens an el-select and clicks the option with the given visible text.
export async function pickOption(page, test, text) {
  await page.locator(sel(test)).first().click();
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: text }).first();
  await option.click();
}

export async function login(page, username = ADMIN_USER, password = ADMIN_PASSWORD) {
  await page.goto(`${BASE}/login`);
  await fillIn(page, 'login-username', username);
  await fillIn(page, 'login-password', password);
  await page.click(sel('login-submit'));
  await page.waitForSelector(sel('home-welcome'));
}

export async function logout(page) {
  await page.click(sel('user-menu'));
  await page.locator(`${sel('logout')}:visible`).click();
  await page.waitForSelector(sel('login-submit'));
}

// gotoMenu clicks an entry of the side menu (opening the drawer on narrow screens).
export async function gotoMenu(page, name) {
  if (await page.locator(sel('menu-button')).isVisible().catch(() => false)) {
    await page.click(sel('menu-button'));
  }
  await page.locator(`${sel(`menu-${name}`)}:visible`).click();
  // The page's code loads on first visit: on a loaded CI machine that took over the
  // default 10 s once (a full run's browser stage beside other work).
  await page.waitForSelector(sel('page-title'), { timeout: 30_000 });
}

// dialog answers the locator of the visible Element Plus dialog marked data-test.
export function dialog(page, test) {
  return page.locator(`.el-dialog${sel(test)}, ${sel(test)} .el-dialog`).filter({ visible: true }).first();
}

// noHorizontalOverflow says whether the page fits its viewport's width once its layout has
// settled: Element Plus tables re-measure their columns a moment after a resize (a resize
// observer), so a check right after setViewportSize could see the old, wider layout (a
// browser run once failed so). A page that still overflows after 3 s does overflow; then the
// outermost elements that stick out are printed, so that the failure names its cause.
export async function noHorizontalOverflow(page) {
  const settled = await page.waitForFunction(
    () => document.documentElement.scrollWidth <= window.innerWidth, null, { timeout: 3000 },
  ).then(() => true, () => false);
  if (settled) return true;
  const { fits, culprits } = await page.evaluate(() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return { fits: true, culprits: [] };
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 0.5 || r.width === 0) continue;
      if (out.some((o) => o.el.contains(el))) continue;
      out.push({ el, text: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} `
        + `[${el.getAttribute('data-test') ?? ''}] right=${Math.round(r.right)} width=${Math.round(r.width)}` });
    }
    return { fits: false, culprits: out.slice(0, 8).map((o) => o.text) };
  });
  if (!fits) console.error(`overflow at ${page.viewportSize()?.width}px:\n  ${culprits.join('\n  ')}`);
  return fits;
}
