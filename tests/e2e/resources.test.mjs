// End-to-end tests of the resource directory and "Get help now", run by
// tests/e2e/run.sh against a real `hearth serve` (empty database) connected
// to a throwaway slapd, in Debian's headless Chromium driven by
// playwright-core. Everything goes through the pages, as people use them.
//
// One story, in order (each test needs the ones before it):
//   1. dana.lee (wellness coordinator) adds an on-site entry with the form,
//      after first getting the error summary for a phone number with letters;
//   2. a visitor who is not signed in finds it by search and category, opens
//      it, and reads Get help now (crisis line first, the entry under on-site
//      help); neither page sets a cookie;
//   3. the printable list hides the search form and buttons when printed.
// axe-core (WCAG 2.1 A/AA) runs on every page on the way, and the pages are
// photographed at 1280 px and 320 px wide (no sideways scrolling at 320 px).
//
// Environment: see helpers.mjs. Run with: node --test resources.test.mjs

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import {
  ARTIFACTS,
  BASE_URL,
  assertAccessible,
  externalRequests,
  launchContext,
  newPage,
  pageProblems,
  screenshots,
  signIn,
} from './helpers.mjs';

const DANA = { username: 'dana.lee', name: 'Dana Lee' };
// Letters only, so that the name and a search for it stay unambiguous.
const SUFFIX = Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');
const NAME = `Reflection room ${SUFFIX}`;
const PLACE = 'Main building, level 2, next to the chapel';

let danaContext;
let visitorContext;
let entryUrl;  // e.g. http://127.0.0.1:41234/resources/reflection-room-abcdef

before(async () => {
  danaContext = await launchContext();
  visitorContext = await launchContext();
});

after(async () => {
  await danaContext?.close();
  await visitorContext?.close();
});

test('a coordinator adds an entry with the form', { timeout: 180_000 }, async (t) => {
  const page = await newPage(danaContext, { clearCookies: true });
  await signIn(page, DANA.username, DANA.name);
  await page.goto(`${BASE_URL}/admin/resources`);
  await page.getByRole('heading', { level: 1, name: 'Resource directory' }).waitFor();
  await assertAccessible(page, 'the coordinators\' directory');
  await page.getByRole('link', { name: 'Add a resource' }).click();
  await page.getByRole('heading', { level: 1, name: 'Add a resource' }).waitFor();
  await screenshots(page, t, 'resources-01-form', { failOnOverflow: true });

  await page.getByLabel('Name', { exact: true }).fill(NAME);
  await page.getByLabel('What it offers').fill('A quiet room to sit, breathe or cry for a few minutes.');
  await page.getByLabel('Category').selectOption({ label: 'Quiet rooms' });
  await page.getByRole('radio', { name: 'At the hospital' }).check();
  await page.getByLabel('Who can use it').fill('All hospital staff');
  await page.getByLabel(/^Place/).fill(PLACE);
  await page.getByLabel(/^Hours/).fill('24/7 (staff badge)');
  await page.getByLabel(/^Phone/).fill('555-CALM');
  await page.getByRole('button', { name: 'Add to the directory' }).click();

  // The error summary names the problem and links to the field; what was typed is kept.
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  const phoneLink = summary.getByRole('link', { name: /phone number/ });
  assert.equal(await phoneLink.getAttribute('href'), '#phone');
  assert.equal(await page.getByLabel(/^Phone/).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), NAME);
  await assertAccessible(page, 'the form with an error');

  await page.getByLabel(/^Phone/).fill('555-0123 ext. 4');
  await page.getByRole('button', { name: 'Add to the directory' }).click();
  await page.getByRole('heading', { level: 1, name: 'Resource directory' }).waitFor();
  await page.getByText('The entry is in the directory.').waitFor();
  const link = page.getByRole('link', { name: NAME, exact: true });
  entryUrl = new URL(await link.getAttribute('href'), BASE_URL).href;
});

test('a visitor finds the entry without signing in, and no cookie is set', { timeout: 180_000 }, async (t) => {
  if (!entryUrl) return t.skip('needs the entry from the first test');
  const page = await newPage(visitorContext, { clearCookies: true });
  await page.goto(`${BASE_URL}/`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Resources' }).click();
  await page.getByRole('heading', { level: 1, name: 'Resources' }).waitFor();
  await page.getByLabel('Search resources').fill(SUFFIX);
  await page.getByLabel('Category').selectOption({ label: 'Quiet rooms' });
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('heading', { name: '1 resource' }).waitFor();
  await assertAccessible(page, 'the directory with a search');
  await screenshots(page, t, 'resources-02-directory', { failOnOverflow: true });

  await page.getByRole('link', { name: NAME, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
  assert.equal(page.url(), entryUrl);
  await page.getByText(PLACE).waitFor();
  assert.equal(await page.getByRole('link', { name: '555-0123 ext. 4' }).getAttribute('href'), 'tel:5550123,4');
  await assertAccessible(page, 'an entry');
  await screenshots(page, t, 'resources-03-entry', { failOnOverflow: true });

  await page.getByRole('link', { name: 'Get help now' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Get help now' }).waitFor();
  const text = await page.locator('main').innerText();
  assert.ok(text.indexOf('988') < text.indexOf('Employee Assistance Program'), 'the crisis line comes first');
  assert.ok(text.indexOf('Talk to a peer supporter') < text.indexOf(NAME), 'on-site help comes after peer support');
  assert.equal(await page.getByRole('link', { name: 'Ask to talk to a peer supporter' }).getAttribute('href'),
               '/support/new');
  await assertAccessible(page, 'Get help now');
  await screenshots(page, t, 'resources-04-help', { failOnOverflow: true });

  assert.deepEqual(await visitorContext.cookies(), [], 'the directory and help pages set no cookie');
});

test('the printable list prints the entries, not the controls', { timeout: 120_000 }, async (t) => {
  if (!entryUrl) return t.skip('needs the entry from the first test');
  const page = await newPage(visitorContext);
  await page.goto(`${BASE_URL}/resources`);
  await page.getByRole('link', { name: /Printable list/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Resources for staff' }).waitFor();
  await page.emulateMedia({ media: 'print' });
  for (const selector of ['.site-nav', '.exit-bar', '.screen-only']) {
    assert.equal(await page.locator(selector).first().isVisible(), false, `${selector} is hidden in print`);
  }
  assert.ok(await page.getByRole('heading', { name: NAME }).isVisible(), 'the entry is printed');
  await page.screenshot({ path: `${ARTIFACTS}/resources-05-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await assertAccessible(page, 'the printable list');
});

test('no resource page asks for anything outside the hospital server or breaks its own policy', () => {
  assert.deepEqual(externalRequests, [], `requests to other hosts: ${externalRequests.join(', ')}`);
  assert.deepEqual(pageProblems, [], `CSP violations or script errors:\n${pageProblems.join('\n')}`);
});
