// Every page as every role (issue 8), run against `hearth demo` in Debian's
// headless Chromium driven by playwright-core:
//   1. the route table comes from the binary itself (`hearth routes`, the
//      binary in E2E_HEARTH), so a new GET route cannot be forgotten: the
//      sweep fails when a GET pattern is neither visited nor listed in
//      NOT_VISITED with a reason;
//   2. a keyboard-only pass over the main flows as amy.chen (sign in, find and
//      join a group, say "I'm going" to an event, ask for a peer supporter,
//      get help now): Tab, Enter, Space and typing only; the focus is always
//      visible (outline or box shadow), on the page, and moves forward;
//   3. for each role (signed out, staff, facilitator, peer supporter,
//      coordinator, administrator) the pages are found by following links and
//      GET forms from the home page (ids are never assumed; amy first reports
//      a post and makes her calendar feed, so that those pages exist); every
//      page answers without an error and axe-core finds no serious or critical
//      violation (WCAG 2.1 A/AA); at 320x640 nothing scrolls sideways, with a
//      screenshot in E2E_ARTIFACTS/sweep-320/<role>/<page>.png; answers that
//      are not HTML (.ics, .csv, JSON, CSS, images, health) are fetched and
//      their status and Content-Type checked;
//   4. error pages: each role asks for the pages only other roles found (403,
//      404 or the sign-in page, never a server error) and for pages that do
//      not exist; the first error page of each status is checked like the
//      others; then quick exit, as every role, signs the person out;
//   5. the Nu HTML Checker (npm vnu-jar) finds no error in any page's HTML as
//      served (one run over all pages: vnu refuses loopback URLs).
//
// Environment: see helpers.mjs, plus E2E_HEARTH (the hearth binary).
// Run with: tests/e2e/run.sh build/<dir>/src/hearth sweep.test.mjs

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  ARTIFACTS,
  BASE_URL,
  NARROW,
  PASSWORD,
  RETRY_ON_RESET,
  WIDE,
  axeViolations,
  externalRequests,
  launchContext,
  newPage,
  pageProblems,
  signIn,
} from './helpers.mjs';
import { vnuErrors } from './vnu.mjs';

// Each role, its demo person, and the route access levels (the third column
// of `hearth routes`) it has.
const STAFF = ['anyone', 'signed-in', 'staff'];
const ROLES = [
  { role: 'signed-out', person: null, access: ['anyone'] },
  { role: 'staff', person: { username: 'amy.chen', name: 'Amy Chen' }, access: STAFF },
  { role: 'facilitator', person: { username: 'liam.obrien', name: "Liam O'Brien" }, access: STAFF },
  { role: 'peer-supporter', person: { username: 'carmen.diaz', name: 'Carmen Díaz' },
    access: [...STAFF, 'support-queue'] },
  { role: 'coordinator', person: { username: 'dana.lee', name: 'Dana Lee' },
    access: [...STAFF, 'support-queue', 'coordinator'] },
  { role: 'admin', person: { username: 'eli.novak', name: 'Eli Novak' }, access: [...STAFF, 'administrator'] },
];

// Answers that are not HTML pages: fetched (with the role's cookies), not
// opened in the browser; `type` is the Content-Type they must have when they
// answer 200, `statuses` the statuses they may answer.
const NOT_HTML = new Map([
  ['/events/{id}.ics', { type: /^text\/calendar/, statuses: [200] }],
  ['/events/{id}/{date}/attendance.csv', { type: /^text\/csv/, statuses: [200] }],
  ['/calendar/all-staff.ics', { type: /^text\/calendar/, statuses: [200] }],
  ['/calendar/{token}.ics', { type: /^text\/calendar/, statuses: [200] }],
  ['/me/data', { type: /^application\/json/, statuses: [200] }],
  // 404 while the site keeps the default colours and has no logo of its own.
  ['/branding/theme.css', { type: /^text\/css/, statuses: [200, 404] }],
  ['/branding/logo', { type: /^image\//, statuses: [200, 404] }],
  ['/healthz', { type: /^(text\/plain|application\/json)/, statuses: [200] }],
  ['/readyz', { type: /^(text\/plain|application\/json)/, statuses: [200] }],
  // 404 unless [metrics] allows the caller (it allows nobody in the demo).
  ['/metrics', { type: /^text\/plain/, statuses: [200, 404] }],
  ['/static/{path...}', { type: /^(text\/css|text\/javascript|application\/javascript|image\/)/, statuses: [200] }],
]);

// Literal paths nothing links to (health checks and feeds for machines, and
// branding the demo does not use): fetched as the signed-out person.
const UNLINKED = ['/healthz', '/readyz', '/metrics', '/calendar/all-staff.ics', '/branding/theme.css', '/branding/logo'];

// GET patterns the sweep does not open, each with the reason. Keep this
// short: a pattern here is a page nobody checks.
const NOT_VISITED = new Map([
  ['/admin/reports/{id}/reveal',
   'needs an anonymous post reported and sent on to the coordinators, which the demo content has none of ' +
   '(tests/integration/conversations_test.cpp covers the page)'],
]);

// Quick exit signs the person out: opened last in each role's sweep.
const QUICK_EXIT = '/exit';

// Distinct URLs opened per route pattern and role: two for patterns with
// parameters (e.g. two groups: one the person is in, one they are not), one
// for literal paths (whatever their query).
const perPatternLimit = (pattern) => (pattern.includes('{') ? 2 : 1);

const SCRATCH = process.env.E2E_TMPDIR ?? tmpdir();
const SHOTS = path.join(ARTIFACTS, 'sweep-320');

// --- the route table -----------------------------------------------------------

function loadRoutes() {
  const binary = process.env.E2E_HEARTH;
  assert.ok(binary, 'E2E_HEARTH must name the hearth binary (tests/e2e/run.sh sets it)');
  // The binary reads HEARTH_* settings from the environment: none of ours.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HEARTH_')));
  const out = execFileSync(binary, ['routes'], { encoding: 'utf8', env });
  const routes = out
    .trim()
    .split('\n')
    .map((line) => {
      const [method, pattern, access] = line.split('\t');
      return { method, pattern, access, segments: compile(pattern) };
    });
  assert.ok(routes.length > 20, `hearth routes printed ${routes.length} routes:\n${out}`);
  return routes;
}

// A pattern as http::Router reads it: literal segments, {name} (one non-empty
// segment, "{name}.ics" with that literal suffix) and a final {name...}.
function compile(pattern) {
  return pattern
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      if (/^\{\w+\.\.\.\}$/.test(segment)) return { kind: 'rest' };
      const parameter = /^\{\w+\}(.*)$/.exec(segment);
      if (parameter) return { kind: 'parameter', suffix: parameter[1] };
      return { kind: 'literal', text: segment };
    });
}

function matches(segments, pathname) {
  const parts = pathname.split('/').filter(Boolean);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.kind === 'rest') return i < parts.length;
    if (i >= parts.length) return false;
    if (segment.kind === 'literal' && parts[i] !== segment.text) return false;
    if (segment.kind === 'parameter' &&
        !(parts[i].length > segment.suffix.length && parts[i].endsWith(segment.suffix))) {
      return false;
    }
  }
  return parts.length === segments.length;
}

// The GET pattern the router would choose for `pathname`, or null (404).
function patternOf(routes, pathname) {
  return routes.find((r) => r.method === 'GET' && matches(r.segments, pathname))?.pattern ?? null;
}

// --- state shared by the tests ---------------------------------------------------

let routes = [];
// Route pattern → the set of roles that opened or fetched it.
const visited = new Map();
// Route pattern → one URL (path and query) found for it, for the error pages.
const example = new Map();
// Every HTML page checked: { name, html } for the Nu HTML Checker.
const documents = [];
// Every browser opened, closed at the end even if a test failed half-way.
const contexts = [];
// Milliseconds spent per step of checkPage, for the diagnostics.
const timing = {};

function noteVisit(pattern, role, url) {
  if (!pattern) return;
  if (!visited.has(pattern)) visited.set(pattern, new Set());
  visited.get(pattern).add(role);
  if (!example.has(pattern)) example.set(pattern, url);
}

before(() => {
  routes = loadRoutes();
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  for (const context of contexts) await context.close().catch(() => {});
});

async function browserFor(person) {
  const context = await launchContext();
  contexts.push(context);
  const page = await newPage(context, { clearCookies: true });
  if (person) await signIn(page, person.username, person.name);
  return { context, page };
}

// A file name for `url` (a path and query): "home", "groups-night-owls", ...
function shotName(url) {
  const name = url
    .replace(/^\//, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 90);
  return name || 'home';
}

// --- checking one page ---------------------------------------------------------

// Opens `url` in `page` and checks it: no server error, axe-core, the 320 px
// screenshot and its width; keeps the HTML for vnu. Returns { status, links }
// (links: same-origin URLs of <a href>, GET forms and the page's resources);
// pushes what is wrong onto `problems`.
async function checkPage(page, role, url, problems, { expectStatus = null } = {}) {
  const where = `${role} ${url}`;
  let clock = Date.now();
  const lap = (what) => {
    timing[what] = (timing[what] ?? 0) + Date.now() - clock;
    clock = Date.now();
  };
  await page.setViewportSize(WIDE);
  const response = await page.goto(`${BASE_URL}${url}`);
  lap('open');
  const status = response?.status() ?? 0;
  if (status >= 500 || status === 0) problems.push(`${where}: status ${status}`);
  if (expectStatus && !expectStatus.includes(status)) {
    problems.push(`${where}: status ${status}, expected ${expectStatus.join(' or ')}`);
  }
  if (!expectStatus && status >= 400) problems.push(`${where}: a link leads to an error page (status ${status})`);
  const type = response?.headers()['content-type'] ?? '';
  if (!/^text\/html/.test(type)) {
    problems.push(`${where}: Content-Type "${type}", expected text/html`);
    return { status, links: [] };
  }
  const landed = new URL(page.url());
  const name = `${role} ${url}${landed.pathname + landed.search !== url ? ` (→ ${landed.pathname}${landed.search})` : ''}`;
  documents.push({ name, html: await response.text() });

  const axe = await axeViolations(page);
  if (axe) problems.push(`${where}: axe-core found serious/critical violations:\n${axe}`);
  lap('axe');

  await page.setViewportSize(NARROW);
  const narrow = await page.evaluate((width) => {
    const scrollWidth = document.scrollingElement.scrollWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5)
      .filter((e) => !e.closest('.visually-hidden, .skip-link'))
      .slice(0, 8)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className.trim() ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`);
    return { scrollWidth, wide };
  }, NARROW.width);
  if (narrow.scrollWidth > NARROW.width) {
    problems.push(`${where}: scrolls sideways at 320px (scrollWidth ${narrow.scrollWidth}): ${narrow.wide.join(', ')}`);
  }
  mkdirSync(path.join(SHOTS, role), { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, role, `${shotName(url)}.png`), fullPage: true });
  lap('320px');

  const links = await page.evaluate(() => {
    const found = [];
    for (const a of document.querySelectorAll('a[href]')) found.push(a.href);
    for (const e of document.querySelectorAll('link[href]')) found.push(e.href);
    for (const e of document.querySelectorAll('script[src], img[src]')) found.push(e.src);
    // GET forms (searches and filters) as they would be sent untouched.
    for (const form of document.querySelectorAll('form')) {
      if ((form.getAttribute('method') ?? 'get').toLowerCase() !== 'get') continue;
      const action = new URL(form.getAttribute('action') || document.location.href, document.location.href);
      action.search = new URLSearchParams(new FormData(form)).toString();
      found.push(action.href);
    }
    return found;
  });
  lap('links');
  return { status, links: links.map(localUrl).filter(Boolean) };
}

// The path and query of a same-origin URL, or null.
function localUrl(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.origin !== BASE_URL) return null;
  return url.pathname + url.search;
}

// Fetches a non-HTML answer with the context's cookies and checks it.
async function checkFile(context, role, url, pattern, problems) {
  const response = await context.request.get(`${BASE_URL}${url}`, { maxRedirects: 0, ...RETRY_ON_RESET });
  const status = response.status();
  const { type, statuses } = NOT_HTML.get(pattern);
  const contentType = response.headers()['content-type'] ?? '';
  if (!statuses.includes(status)) problems.push(`${role} ${url}: status ${status}, expected ${statuses.join(' or ')}`);
  else if (status === 200 && !type.test(contentType)) {
    problems.push(`${role} ${url}: Content-Type "${contentType}", expected ${type}`);
  }
}

// --- 2. keyboard only ------------------------------------------------------------

// What has the focus: its place in document order, a label, and whether the
// focus can be seen (an outline or a box shadow) and is on the page.
function focusInfo(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body || e === document.documentElement) return null;
    const style = getComputedStyle(e);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 &&
      !/rgba\(.*, 0\)$|transparent/.test(style.outlineColor);
    const shadow = style.boxShadow !== 'none';
    const box = e.getBoundingClientRect();
    const label = (e.labels?.[0]?.textContent ?? e.getAttribute('aria-label') ?? e.textContent ?? e.value ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    return {
      order: [...document.querySelectorAll('*')].indexOf(e),
      id: e.id,
      label,
      what: `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${label.slice(0, 50)}"`,
      visible: outline || shadow,
      onPage: box.width > 0 && box.height > 0,
    };
  });
}

// Presses Tab until the focused element satisfies `wanted` (at most 100
// times, from where the focus is). On the way the focus must always be
// visible and move forward in document order. Returns the path.
async function tabUntil(page, t, where, wanted, description) {
  const path = [];
  for (let i = 0; i < 100; i++) {
    await page.keyboard.press('Tab');
    const focus = await focusInfo(page);
    assert.ok(focus, `${where}: Tab left the page before reaching ${description} (after ${path.join(' → ')})`);
    assert.ok(focus.visible, `${where}: the focus on ${focus.what} is not visible (no outline or box shadow)`);
    assert.ok(focus.onPage, `${where}: the focus went to ${focus.what}, which is not on the page`);
    const previous = path.length > 0 ? path.at(-1).order : -1;
    assert.ok(focus.order > previous,
              `${where}: Tab moved the focus backwards, to ${focus.what} after ${path.at(-1)?.what}`);
    path.push(focus);
    if (wanted(focus)) {
      t.diagnostic(`Tab order on ${where}: ${path.map((f) => f.what).join(' → ')}`);
      return path;
    }
  }
  assert.fail(`${where}: Tab never reached ${description}: ${path.map((f) => f.what).join(' → ')}`);
}

const labelled = (text) => (focus) => focus.label === text;

// Waits for the page that a key press opened.
async function arrived(page, heading) {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

const GROUP = 'Caring for ageing parents';
const EVENT = 'Resilience workshop: sleeping well after night shifts';

test('keyboard only: sign in, join a group, say "I\'m going", ask for a peer supporter, get help now', async (t) => {
  const context = await launchContext();
  contexts.push(context);
  const page = await newPage(context, { clearCookies: true });
  await page.goto(`${BASE_URL}/`);

  // The skip link comes first.
  const first = await tabUntil(page, t, 'the home page', () => true, 'anything');
  assert.match(first[0].label, /Skip to main content/);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement?.closest('main') != null),
            `after the skip link, Tab goes on in <main>, not to ${(await focusInfo(page))?.what}`);

  // Sign in.
  await page.goto(`${BASE_URL}/`);
  await tabUntil(page, t, 'the home page', (f) => /^Sign in/.test(f.label), 'a sign-in link');
  await page.keyboard.press('Enter');
  await arrived(page, 'Sign in');
  await tabUntil(page, t, 'the sign-in page', (f) => f.id === 'username', 'the username');
  await page.keyboard.type('amy.chen');
  await page.keyboard.press('Tab');
  assert.equal((await focusInfo(page)).id, 'password', 'Tab goes from the username to the password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await arrived(page, 'Welcome, Amy Chen');

  // Find a group by searching, and join it.
  await tabUntil(page, t, 'the home page, signed in', labelled('Groups'), 'Groups');
  await page.keyboard.press('Enter');
  await arrived(page, 'Peer support groups');
  await tabUntil(page, t, 'the groups page', (f) => f.id === 'q', 'the search field');
  await page.keyboard.type('ageing parents');
  await page.keyboard.press('Enter');
  await page.waitForURL(/[?&]q=ageing/);
  await tabUntil(page, t, 'the search results', labelled(GROUP), GROUP);
  await page.keyboard.press('Enter');
  await arrived(page, GROUP);
  await tabUntil(page, t, 'the group page', labelled('Join this group'), '"Join this group"');
  await page.keyboard.press('Enter');
  await arrived(page, `Join ${GROUP}`);
  await tabUntil(page, t, 'the join page', (f) => f.id === 'accept_rules', 'the ground rules checkbox');
  await page.keyboard.press('Space');
  assert.ok(await page.locator('#accept_rules').isChecked(), 'Space ticks the checkbox');
  await tabUntil(page, t, 'the join page', labelled('Join'), 'the Join button');
  await page.keyboard.press('Enter');
  await arrived(page, GROUP);
  await page.getByRole('button', { name: 'Leave group' }).waitFor();

  // Say "I'm going" to an event.
  await tabUntil(page, t, 'the group page', labelled('Events'), 'Events');
  await page.keyboard.press('Enter');
  await arrived(page, 'Wellness events');
  await tabUntil(page, t, 'the events page', labelled(EVENT), EVENT);
  await page.keyboard.press('Enter');
  await arrived(page, EVENT);
  await tabUntil(page, t, 'the session page', labelled("I'm going"), '"I\'m going"');
  await page.keyboard.press('Space');
  await page.getByText("You're going.", { exact: true }).waitFor();

  // Ask for a peer supporter.
  await page.goto(`${BASE_URL}/`);
  await tabUntil(page, t, 'the home page, signed in', labelled('Ask to talk to a peer supporter'),
                 'the peer supporter link');
  await page.keyboard.press('Enter');
  await arrived(page, 'Talk to a peer supporter');
  await tabUntil(page, t, 'the request form', (f) => f.id === 'contact_detail', 'the contact detail');
  await page.keyboard.type('ext. 4321');
  await tabUntil(page, t, 'the request form', labelled('Ask for a conversation'), 'the submit button');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/support\/\d+/);

  // Get help now.
  await page.goto(`${BASE_URL}/`);
  await tabUntil(page, t, 'the home page, signed in', labelled('Get help now'), '"Get help now"');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/help$/);
  await context.close();
});

// --- 3. every page as every role -----------------------------------------------------

// Each role's browser, kept from its sweep for the error pages and the quick
// exit: role → { context, page, exitUrl }.
const browsers = new Map();

// Before the sweep, what a person does so that more pages exist; returns
// URLs to start from besides the home page. amy reports a post in her group
// (so its facilitator, liam, has a notification to follow) and makes her
// calendar feed address (shown once, as text to copy).
async function prepare(role, page) {
  if (role !== 'staff') return [];
  await page.goto(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Nurses with chronic illness', exact: true }).first().click();
  await page.getByRole('link', { name: 'Open the conversation' }).click();
  await page.locator('main a[href*="/threads/"]:not([href$="/new"])').first().click();
  await page.getByRole('link', { name: 'Report this post' }).first().click();
  await page.locator('input[name="reason"]').first().check();
  await page.getByRole('button', { name: 'Send report' }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.goto(`${BASE_URL}/me`);
  await page.getByRole('button', { name: 'Make my feed address' }).click();
  return [localUrl(await page.locator('#feed-url').inputValue())];
}

// Browsers prepared before the sweeps: role → { context, page, seeds }.
const prepared = new Map();

test('before the sweep: amy reports a post and makes her calendar feed address', async () => {
  const { context, page } = await browserFor(ROLES[1].person);
  prepared.set('staff', { context, page, seeds: await prepare('staff', page) });
});

// Follows links breadth-first from the home page as `role`; returns the
// problems found. The quick exit is left for the last test.
async function sweep({ role, person }, t) {
  const { context, page, seeds } = prepared.get(role) ?? { ...(await browserFor(person)), seeds: [] };
  const problems = [];
  const queue = ['/', ...(person ? [] : UNLINKED), ...seeds];
  const queued = new Set(queue);
  const perPattern = new Map();
  const started = Date.now();
  let pages = 0;
  let files = 0;
  let exitUrl = null;
  while (queue.length > 0) {
    const url = queue.shift();
    const pathname = url.split('?')[0];
    const pattern = patternOf(routes, pathname);
    if (!pattern) {
      problems.push(`${role}: a link to ${url}, which no route answers`);
      continue;
    }
    if ((perPattern.get(pattern) ?? 0) >= perPatternLimit(pattern) || NOT_VISITED.has(pattern)) continue;
    perPattern.set(pattern, (perPattern.get(pattern) ?? 0) + 1);
    if (pattern === QUICK_EXIT) {
      exitUrl ??= url;
      continue;
    }
    noteVisit(pattern, role, url);
    if (NOT_HTML.has(pattern)) {
      await checkFile(context, role, url, pattern, problems);
      files++;
      continue;
    }
    const { links } = await checkPage(page, role, url, problems);
    pages++;
    for (const link of links) {
      if (!queued.has(link)) {
        queued.add(link);
        queue.push(link);
      }
    }
  }
  if (!exitUrl) problems.push(`${role}: no page links to the quick exit (${QUICK_EXIT})`);
  browsers.set(role, { context, page, exitUrl });
  t.diagnostic(`${role}: ${pages} pages and ${files} files in ${Math.round((Date.now() - started) / 1000)} s: ` +
               [...perPattern.keys()].join(' '));
  return problems;
}

// Two roles at a time: much of a page's time is spent waiting for the
// server and the browser.
test('every page as every role', { concurrency: 2 }, async (t) => {
  await Promise.all(ROLES.map((role) => t.test(`as ${role.role}`, async (st) => {
    const problems = await sweep(role, st);
    assert.deepEqual(problems, [], `${problems.length} problems as ${role.role}:\n${problems.join('\n')}`);
  })));
});

// --- 4. error pages ----------------------------------------------------------------

test('error pages: the pages of other roles, and pages that do not exist', async (t) => {
  const problems = [];
  const missing = ['/no-such-page', '/groups/no-such-group', '/events/999999', '/resources/no-such-resource'];
  for (const { role, person, access } of ROLES) {
    const browser = browsers.get(role);
    if (!browser) {
      problems.push(`${role}: no browser left from its sweep`);
      continue;
    }
    const { context, page } = browser;
    const checkedStatus = new Set();
    for (const url of missing) {
      const response = await context.request.get(`${BASE_URL}${url}`, { maxRedirects: 0, ...RETRY_ON_RESET });
      const status = response.status();
      const signIn = status === 303 && (response.headers().location ?? '').startsWith('/signin');
      if (status !== 404 && !signIn) problems.push(`${role} ${url}: status ${status}, expected 404`);
      if (status === 404 && !checkedStatus.has(404)) {
        checkedStatus.add(404);
        await checkPage(page, role, url, problems, { expectStatus: [404] });
      }
    }
    for (const [pattern, url] of example) {
      if (visited.get(pattern)?.has(role) || pattern === QUICK_EXIT) continue;
      const response = await context.request.get(`${BASE_URL}${url}`, { maxRedirects: 0, ...RETRY_ON_RESET });
      const status = response.status();
      if (NOT_HTML.has(pattern)) {
        if (status >= 500) problems.push(`${role} ${url}: status ${status}`);
        continue;
      }
      const location = response.headers().location ?? '';
      const required = routes.find((r) => r.method === 'GET' && r.pattern === pattern).access;
      if (!access.includes(required)) {
        // Refused before the handler runs: signed out, to the sign-in page; signed in, 403.
        const refused = person ? status === 403 : status === 303 && location.startsWith('/signin');
        if (!refused) problems.push(`${role} ${url} (for ${required}): status ${status} ${location}, expected refusal`);
      } else if (![200, 303, 403, 404].includes(status)) {
        problems.push(`${role} ${url}: status ${status}`);
      } else if (status === 303 && !location.startsWith('/')) {
        problems.push(`${role} ${url}: redirects away, to ${location}`);
      }
      if (status >= 400 && !checkedStatus.has(status)) {
        checkedStatus.add(status);
        await checkPage(page, role, url, problems, { expectStatus: [status] });
      }
    }
    t.diagnostic(`${role}: error pages checked: ${[...checkedStatus].join(', ')}`);
  }
  assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
});

test('quick exit as every role signs the person out', async () => {
  const problems = [];
  for (const { role, person } of ROLES) {
    const browser = browsers.get(role);
    if (!browser?.exitUrl) continue;  // reported by the sweep
    const { context, page, exitUrl } = browser;
    noteVisit(QUICK_EXIT, role, exitUrl);
    await checkPage(page, role, exitUrl, problems);
    if (person) {
      await page.goto(`${BASE_URL}/`);
      const greeting = await page.getByRole('heading', { name: `Welcome, ${person.name}` }).count();
      if (greeting > 0) problems.push(`${role}: still signed in after ${exitUrl}`);
    }
    await context.close();
  }
  assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
});

// --- 1. every GET route was visited -----------------------------------------------------

test('every GET route of `hearth routes` was visited or is listed with a reason', () => {
  const gets = routes.filter((r) => r.method === 'GET').map((r) => r.pattern);
  const missed = gets.filter((p) => !visited.has(p) && !NOT_VISITED.has(p));
  const stale = [...NOT_VISITED.keys()].filter((p) => !gets.includes(p));
  const report = [...visited].map(([p, roles]) => `  ${p}: ${[...roles].join(', ')}`).join('\n');
  assert.deepEqual(missed, [], `GET routes nobody visited (add a link, or list them in NOT_VISITED with a reason); visited:\n${report}`);
  assert.deepEqual(stale, [], 'NOT_VISITED names patterns that are no longer routes');
});

// --- 5. the Nu HTML Checker ---------------------------------------------------------------

test('the Nu HTML Checker finds no error in any page', (t) => {
  assert.ok(documents.length > 50, `only ${documents.length} pages were collected`);
  const errors = vnuErrors(documents, SCRATCH);
  t.diagnostic(`vnu checked ${documents.length} pages`);
  const report = errors.map((e) => `  ${e.name}:${e.line}: ${e.message}\n      ${e.extract}`).join('\n');
  assert.equal(errors.length, 0, `vnu found ${errors.length} errors:\n${report}`);
});

test('no request left the hospital server and no page broke its Content-Security-Policy', (t) => {
  t.diagnostic(`time per step over all pages (s): ${Object.entries(timing).map(([k, v]) => `${k} ${Math.round(v / 1000)}`).join(', ')}`);
  assert.deepEqual(externalRequests, []);
  assert.deepEqual(pageProblems, []);
});
