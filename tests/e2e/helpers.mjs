// Shared helpers of the end-to-end tests (signin.test.mjs, groups.test.mjs):
// the browser (Debian's headless Chromium through playwright-core, never a
// downloaded browser), screenshots, axe-core checks and signing in.
//
// Environment (set by run.sh):
//   HEARTH_URL     base URL of the running server, e.g. http://127.0.0.1:41234
//   E2E_ARTIFACTS  directory for screenshots (1280 px and 320 px wide)
//   E2E_TMPDIR     scratch directory; browser profiles go below it

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BASE_URL = (process.env.HEARTH_URL ?? '').replace(/\/+$/, '');
export const ARTIFACTS = path.resolve(process.env.E2E_ARTIFACTS ?? 'build/e2e-artifacts');
const SCRATCH = process.env.E2E_TMPDIR ?? tmpdir();

// Every demo person in the throwaway directory has this password.
export const PASSWORD = 'hearth-demo';

// Options for every GET made with Playwright's request API (page.request,
// context.request). The server ends a keep-alive connection after 2 idle
// seconds (the Keep-Alive header says so); a request written on it at that
// very moment gets "socket hang up" (ECONNRESET): reproduced with a second
// request 1994 ms after the first. Browsers retry an idempotent request when
// a reused connection closes before any answer (RFC 9112, 9.3.1); the request
// API does so only when asked, and only on ECONNRESET.
export const RETRY_ON_RESET = { maxRetries: 1 };

export const WIDE = { width: 1280, height: 900 };
export const NARROW = { width: 320, height: 640 };

// WCAG 2.1 A and AA, which DESIGN.md promises; serious and critical
// violations fail the test.
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Requests to anything but the hospital's server (refused), and CSP
// violations and script errors, with the page they happened on. Each test
// file checks both lists at its end.
export const externalRequests = [];
export const pageProblems = [];

// A browser with its own profile (so its own cookies) below E2E_TMPDIR;
// with javaScriptEnabled: false, pages run none of their scripts.
export async function launchContext({ javaScriptEnabled = true } = {}) {
  assert.ok(BASE_URL.startsWith('http://127.0.0.1:'), `HEARTH_URL must point at the local server, got "${BASE_URL}"`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const userDataDir = mkdtempSync(path.join(SCRATCH, 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport: WIDE,
    locale: 'en-US',
    timezoneId: 'UTC',
    javaScriptEnabled,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  // The portal loads nothing from outside the hospital's server (no external
  // fonts, scripts or CDNs), and the tests never talk to the outside world:
  // every other request is recorded and refused.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === BASE_URL || url.protocol === 'data:' || url.protocol === 'blob:') {
      return route.continue();
    }
    externalRequests.push(url.href);
    return route.abort('blockedbyclient');
  });
  return context;
}

// A new page in the context, the only one open, watched for CSP violations
// and script errors. The context's cookies are kept unless clearCookies.
export async function newPage(context, { clearCookies = false } = {}) {
  if (clearCookies) await context.clearCookies();
  const page = await context.newPage();
  for (const old of context.pages()) if (old !== page) await old.close();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) {
      pageProblems.push(`${page.url()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => pageProblems.push(`${page.url()}: script error: ${error.message}`));
  await page.setViewportSize(WIDE);
  return page;
}

// Screenshots at 1280 px and 320 px wide, then back to 1280 px. At 320 px,
// content wider than the screen is reported (t.diagnostic), or fails the test
// with failOnOverflow.
export async function screenshots(page, t, name, { failOnOverflow = false } = {}) {
  for (const [label, size] of [['1280', WIDE], ['320', NARROW]]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
    if (size === NARROW) {
      const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        // The elements that stick out, to say what to fix.
        wide: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .slice(0, 10)
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`),
      }));
      const overflow = scrollWidth - innerWidth;
      if (overflow > 0) t.diagnostic(`${name}: content is ${overflow}px wider than a 320px screen: ${wide.join(', ')}`);
      if (failOnOverflow) {
        assert.ok(scrollWidth <= NARROW.width,
                  `${name} scrolls sideways at 320px (scrollWidth ${scrollWidth}); too wide: ${wide.join(', ')}`);
      }
    }
  }
  await page.setViewportSize(WIDE);
}

// The serious and critical axe-core violations on the page, as report lines
// ("" when there are none).
export async function axeViolations(page) {
  // page.addScriptTag({ path }) would add an inline <script>, which the
  // portal's Content-Security-Policy (script-src 'self') rightly blocks; an
  // evaluation through the DevTools protocol is not subject to the page's CSP,
  // so the policy stays on for everything else the test checks.
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return bad
    .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `      ${n.target.join(' ')}`).join('\n')}`)
    .join('\n');
}

export async function assertAccessible(page, what) {
  const report = await axeViolations(page);
  assert.equal(report, '', `axe-core found serious/critical accessibility violations on ${what}:\n${report}`);
}

export async function openSignInPage(page) {
  await page.goto(`${BASE_URL}/`);
  await page.getByRole('link', { name: /sign in/i }).first().click();
  await page.getByLabel('Hospital username').waitFor();
}

export async function submitSignIn(page, username, password) {
  await page.getByLabel('Hospital username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

// Signs in from the home page and waits for the welcome heading.
export async function signIn(page, username, displayName) {
  await openSignInPage(page);
  await submitSignIn(page, username, PASSWORD);
  await page.getByRole('heading', { name: `Welcome, ${displayName}` }).waitFor();
}

// Skips test `t` (returning false) when an earlier step of the story did not
// leave what it needs.
export function needs(t, ready, what) {
  if (!ready) {
    t.skip(`needs ${what} from an earlier test`);
    return false;
  }
  return true;
}

// The next given weekday (0 = Sunday) after today (UTC), as YYYY-MM-DD.
export function nextWeekday(weekday) {
  const day = new Date();
  day.setUTCHours(12, 0, 0, 0);
  do day.setUTCDate(day.getUTCDate() + 1); while (day.getUTCDay() !== weekday);
  return day.toISOString().slice(0, 10);
}

// The id (or tag and text) of the focused element.
export function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    return e.id ? `#${e.id}` : `${e.tagName.toLowerCase()}:${(e.textContent ?? '').trim().slice(0, 40)}`;
  });
}

// Presses Tab from the top of the page until `target` (an #id) has the focus.
export async function tabTo(page, t, target, where) {
  await page.evaluate(() => document.activeElement?.blur?.());
  const path = [];
  for (let i = 0; i < 80 && path.at(-1) !== target; i++) {
    await page.keyboard.press('Tab');
    path.push(await focused(page));
  }
  t.diagnostic(`Tab order on ${where}: ${path.join(' → ')}`);
  assert.equal(path.at(-1), target, `Tab reaches ${target} on ${where}`);
}

// The text of the page's status message (shown after a form is saved).
export async function flashText(page) {
  const flash = page.locator('.flash[role="status"]');
  await flash.waitFor();
  return (await flash.innerText()).trim();
}
