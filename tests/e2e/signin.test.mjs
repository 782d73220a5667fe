// End-to-end tests of signing in and out, run by tests/e2e/run.sh against a
// real `hearth serve` connected to a throwaway slapd, in Debian's headless
// Chromium driven by playwright-core (never a downloaded browser).
//
// Environment (set by run.sh):
//   HEARTH_URL     base URL of the running server, e.g. http://127.0.0.1:41234
//   E2E_ARTIFACTS  directory for screenshots (1280 px and 320 px wide)
//   E2E_TMPDIR     scratch directory; the browser profile goes below it
//
// Run with node's built-in test runner: node --test signin.test.mjs
// (helpers.mjs has the browser, screenshot, axe-core and sign-in helpers.)

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  BASE_URL,
  PASSWORD,
  RETRY_ON_RESET,
  externalRequests,
  launchContext,
  newPage,
  openSignInPage,
  pageProblems,
  screenshots,
  assertAccessible,
  signIn as signInAs,
  submitSignIn,
} from './helpers.mjs';

const USERNAME = 'amy.chen';
const DISPLAY_NAME = 'Amy Chen';

const MAX_PAGES_TO_CRAWL = 40;

let context;

before(async () => {
  context = await launchContext();
});

after(async () => {
  await context?.close();
});

// A fresh, signed-out page: no cookies from an earlier test.
async function freshPage() {
  return newPage(context, { clearCookies: true });
}

async function signIn(page) {
  await signInAs(page, USERNAME, DISPLAY_NAME);
}

test('a staff member signs in with the directory account', { timeout: 120_000 }, async (t) => {
  const page = await freshPage();
  await page.goto(`${BASE_URL}/`);
  await screenshots(page, t, '01-home-signed-out');

  await openSignInPage(page);
  await screenshots(page, t, '02-sign-in');
  await submitSignIn(page, USERNAME, PASSWORD);

  const welcome = page.getByRole('heading', { name: `Welcome, ${DISPLAY_NAME}` });
  await welcome.waitFor();
  assert.ok(await welcome.isVisible(), 'welcome heading is visible');
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await signOut.waitFor();
  assert.ok(await signOut.isVisible(), '"Sign out" button is visible');
  await screenshots(page, t, '03-home-signed-in');

  await assertAccessible(page, `the signed-in home (${page.url()})`);
});

test('a wrong password shows the generic error and keeps the username', { timeout: 120_000 }, async (t) => {
  const page = await freshPage();
  await openSignInPage(page);
  const signInPath = new URL(page.url()).pathname;

  await submitSignIn(page, USERNAME, 'not-the-password');
  const alert = page.getByRole('alert');
  await alert.first().waitFor();
  const wrongPasswordText = (await alert.first().innerText()).trim();
  assert.notEqual(wrongPasswordText, '', 'the alert says something');
  assert.equal(new URL(page.url()).pathname, signInPath, 'stays on the sign-in page');
  assert.equal(await page.getByLabel('Hospital username').inputValue(), USERNAME, 'username is kept');
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'password is not echoed back');
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0, 'not signed in');
  await screenshots(page, t, '04-sign-in-wrong-password');
  await assertAccessible(page, 'the sign-in page with an error');

  // Generic: an unknown account gets the very same message, so the page does
  // not reveal who has an account.
  await submitSignIn(page, 'no.such.person', 'not-the-password');
  await page.getByRole('alert').first().waitFor();
  assert.equal((await page.getByRole('alert').first().innerText()).trim(), wrongPasswordText,
               'unknown account and wrong password get the same message');
});

test('every page has a "Get help now" link', { timeout: 300_000 }, async (t) => {
  const page = await freshPage();
  const visited = new Set();
  const missing = [];

  // Pages reachable by links from the signed-out home, then from the
  // signed-in home, plus a page that does not exist (the 404 page).
  async function crawl(startPaths) {
    const queue = [...startPaths];
    while (queue.length > 0 && visited.size < MAX_PAGES_TO_CRAWL) {
      const pathname = queue.shift();
      if (visited.has(pathname)) continue;
      visited.add(pathname);

      // Only HTML pages: skip downloads such as .ics files.
      const head = await page.request.get(`${BASE_URL}${pathname}`, { maxRedirects: 5, ...RETRY_ON_RESET });
      if (!(head.headers()['content-type'] ?? '').startsWith('text/html')) continue;

      await page.goto(`${BASE_URL}${pathname}`);
      const helpLinks = await page.getByRole('link', { name: /Get help now/ }).count();
      if (helpLinks === 0) missing.push(pathname);

      const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => a.href));
      for (const href of hrefs) {
        const url = new URL(href);
        if (url.origin !== BASE_URL) continue;
        // Not signing out mid-crawl; and /exit is the quick-exit page, which
        // deliberately looks like an unrelated neutral page.
        if (/sign-?out|log-?out|^\/(quick-?)?exit\b/i.test(url.pathname)) continue;
        if (url.pathname.startsWith('/static/')) continue;
        if (!visited.has(url.pathname + url.search)) queue.push(url.pathname + url.search);
      }
    }
  }

  await crawl(['/', '/e2e-this-page-does-not-exist']);
  const signedOut = [...visited];
  await signIn(page);
  visited.clear();
  await crawl(['/', new URL(page.url()).pathname]);
  t.diagnostic(`signed out: ${signedOut.join(' ')}`);
  t.diagnostic(`signed in: ${[...visited].join(' ')}`);

  assert.ok(signedOut.length >= 2 && visited.size >= 1, 'pages were visited');
  assert.deepEqual(missing, [], `pages without a "Get help now" link: ${missing.join(', ')}`);
});

test('signing out returns to the signed-out home', { timeout: 120_000 }, async (t) => {
  const page = await freshPage();
  await signIn(page);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.getByRole('link', { name: /sign in/i }).first().waitFor();
  assert.equal(new URL(page.url()).pathname, '/', 'back on the home page');
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0, 'no "Sign out" button');
  assert.equal(await page.getByRole('heading', { name: `Welcome, ${DISPLAY_NAME}` }).count(), 0,
               'no welcome heading');
  await screenshots(page, t, '05-home-after-sign-out');

  // The old session is gone on the server too, not only in the browser.
  await page.goto(`${BASE_URL}/`);
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0, 'still signed out after reload');
});

test('no page asks for anything outside the hospital server or breaks its own policy', () => {
  assert.deepEqual(externalRequests, [], `requests to other hosts: ${externalRequests.join(', ')}`);
  assert.deepEqual(pageProblems, [], `CSP violations or script errors:\n${pageProblems.join('\n')}`);
});
