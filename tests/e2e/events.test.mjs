// End-to-end tests of wellness events, run against `hearth demo` (the sample
// directory and the sample content: see src/features/events/event_demo.cpp)
// in Debian's headless Chromium driven by playwright-core. Everything goes
// through the pages, as people use them; event ids are never assumed.
//
// Each test stands on its own, with a fresh browser per person:
//   1. a place opens up: amy.chen gives up her place at the first chair yoga
//      class; noor.haddad, first on the waiting list, gets it and a
//      notification; jozef.wisniewski is still waiting;
//   2. carmen.diaz finds the class full and joins the waiting list;
//   3. dana.lee (wellness coordinator) posts a one-off event with one place;
//      amy takes it, carmen waits; only dana sees who is coming; dana cancels
//      it and both are told;
//   4. the month view works with the keyboard only and without JavaScript;
//   5. amy's calendar feed works without cookies and names nobody and no
//      group;
//   6. axe-core (WCAG 2.1 A/AA) on the events pages; /events and a session
//      page photographed at 1280 px and 320 px (no sideways scrolling).
//
// Environment: see helpers.mjs. Run with: node --test events.test.mjs

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { request } from 'playwright-core';

import {
  BASE_URL,
  RETRY_ON_RESET,
  assertAccessible,
  externalRequests,
  flashText,
  focused,
  launchContext,
  newPage,
  nextWeekday,
  pageProblems,
  screenshots,
  signIn,
} from './helpers.mjs';

const AMY = { username: 'amy.chen', name: 'Amy Chen' };
const CARMEN = { username: 'carmen.diaz', name: 'Carmen Díaz' };
const DANA = { username: 'dana.lee', name: 'Dana Lee' };
const NOOR = { username: 'noor.haddad', name: 'Noor Haddad' };
const JOZEF = { username: 'jozef.wisniewski', name: 'Józef Wiśniewski' };

// Everyone in the sample directory (ldap/sample-directory.ldif): none of
// them may appear in a calendar feed.
const DEMO_PEOPLE = [
  ['amy.chen', 'Amy', 'Chen'],
  ['ben.okafor', 'Ben', 'Okafor'],
  ['carmen.diaz', 'Carmen', 'Díaz'],
  ['dana.lee', 'Dana', 'Lee'],
  ['eli.novak', 'Eli', 'Novak'],
  ['jozef.wisniewski', 'Józef', 'Wiśniewski'],
  ['liam.obrien', 'Liam', "O'Brien"],
  ['frank.ortiz', 'Frank', 'Ortiz'],
  ['gus.temp', 'Gus', 'Temp'],
  ['priya.shah', 'Priya', 'Shah'],
  ['tomas.berg', 'Tomas', 'Berg'],
  ['noor.haddad', 'Noor', 'Haddad'],
];

const YOGA = 'Lunchtime chair yoga';
const SUFFIX = Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');
const PLACE_OPENED = 'A place opened up';
const EVENT_CANCELLED = 'An event you signed up for has been cancelled.';

// Every browser opened by a test, closed when the file is done even if the
// test failed half-way.
const contexts = [];
after(async () => {
  for (const context of contexts) await context.close().catch(() => {});
});

// A browser of its own for `person`, signed in; returns its page.
async function signedIn(person, options = {}) {
  const context = await launchContext(options);
  contexts.push(context);
  const page = await newPage(context, { clearCookies: true });
  await signIn(page, person.username, person.name);
  return page;
}

// `date` (YYYY-MM-DD) plus `days`.
function addDays(date, days) {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

// Opens /events and follows the first link called `title`: the next session
// of that event.
async function openFromAgenda(page, title) {
  await page.goto(`${BASE_URL}/events`);
  await page.getByRole('heading', { level: 1, name: 'Wellness events' }).waitFor();
  await page.getByRole('link', { name: title, exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  return new URL(page.url()).pathname;
}

// The notifications of the signed-in person whose text includes `text`.
async function notificationsAbout(page, text) {
  await page.goto(`${BASE_URL}/notifications`);
  await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
  return page.locator('.notification-item').filter({ hasText: text });
}

// The text of <main>, where a page's own content is (the header names the
// signed-in person on every page).
function mainText(page) {
  return page.locator('main').innerText();
}

function answerButton(page, name) {
  return page.getByRole('button', { name, exact: true });
}

// The sentence on a session page that says where the person stands, e.g.
// "You're going." (the notice after answering says more).
function standing(page, sentence) {
  return page.getByText(sentence, { exact: true });
}

// Whether `word` occurs in `text` on its own, not inside a longer word.
function containsWord(text, word) {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}])${escaped}($|[^\\p{L}])`, 'u').test(text);
}

test('a place opens up: the first person on the waiting list gets it and is told', { timeout: 240_000 }, async (t) => {
  const noor = await signedIn(NOOR);
  const placesBefore = await (await notificationsAbout(noor, PLACE_OPENED)).count();
  const yogaPath = await openFromAgenda(noor, YOGA);
  assert.match(yogaPath, /^\/events\/\d+\/\d{4}-\d{2}-\d{2}$/, 'the agenda links to one session');
  await standing(noor, "You're on the waiting list.").waitFor();
  assert.ok(await answerButton(noor, 'Leave the waiting list').isVisible());
  assert.equal(await answerButton(noor, "I'm going").count(), 0);
  const noorBefore = await mainText(noor);
  for (const name of ['Amy Chen', 'Ben Okafor', JOZEF.name]) {
    assert.ok(!noorBefore.includes(name), `noor does not see who else is coming (${name})`);
  }

  const amy = await signedIn(AMY);
  assert.equal(await openFromAgenda(amy, YOGA), yogaPath, 'amy opens the same session');
  await standing(amy, "You're going.").waitFor();
  await answerButton(amy, "I can't go after all").click();
  await amy.waitForURL((u) => u.pathname === yogaPath && u.searchParams.get('notice') === 'not_going');
  assert.match(await flashText(amy), /Thanks for letting us know/);
  await standing(amy, "You said you're not going.").waitFor();
  assert.equal(await standing(amy, "You're going.").count(), 0);
  // Her place went to noor, so the class is full again.
  assert.ok(await answerButton(amy, 'Join the waiting list').isVisible(),
            'the class is full again: the place went to the waiting list');

  await noor.goto(`${BASE_URL}${yogaPath}`);
  await standing(noor, "You're going.").waitFor();
  assert.equal(await standing(noor, "You're on the waiting list.").count(), 0);
  assert.ok(await answerButton(noor, "I can't go after all").isVisible());
  const placeOpened = await notificationsAbout(noor, PLACE_OPENED);
  assert.equal(await placeOpened.count(), placesBefore + 1, 'noor has one new "A place opened up" notification');
  const newest = placeOpened.first();
  assert.match(await newest.innerText(), /New/, 'the notification is unread');
  const listed = await noor.locator('.notification-list').innerText();
  assert.ok(!listed.includes(YOGA) && !listed.includes('Amy'), `the notification names no event or person:\n${listed}`);
  await newest.getByRole('link').click();
  await noor.waitForURL((u) => u.pathname === yogaPath);
  await standing(noor, "You're going.").waitFor();

  const jozef = await signedIn(JOZEF);
  assert.equal(await openFromAgenda(jozef, YOGA), yogaPath);
  await standing(jozef, "You're on the waiting list.").waitFor();
  assert.equal(await standing(jozef, "You're going.").count(), 0, 'jozef, second in line, is still waiting');
  assert.equal(await (await notificationsAbout(jozef, PLACE_OPENED)).count(), 0, 'jozef was not told of a place');
  t.diagnostic(`session ${yogaPath}`);
});

test('joining a full class puts a newcomer on the waiting list', { timeout: 180_000 }, async () => {
  const carmen = await signedIn(CARMEN);
  const yogaPath = await openFromAgenda(carmen, YOGA);
  await carmen.getByText("This session is full. Saying you're going puts you on the waiting list.").waitFor();
  const join = answerButton(carmen, 'Join the waiting list');
  assert.ok(await join.isVisible());
  assert.equal(await answerButton(carmen, "I'm going").count(), 0, 'no "I\'m going" when the class is full');
  await join.click();
  await carmen.waitForURL((u) => u.pathname === yogaPath && u.searchParams.get('notice') === 'waiting');
  assert.match(await flashText(carmen), /you're on the waiting list/);
  await standing(carmen, "You're on the waiting list.").waitFor();
  assert.ok(await answerButton(carmen, 'Leave the waiting list').isVisible());
  assert.equal(await answerButton(carmen, 'Join the waiting list').count(), 0);
  assert.equal(await standing(carmen, "You're going.").count(), 0, 'she did not take a place');

  // The agenda says so too.
  await carmen.goto(`${BASE_URL}/events`);
  const item = carmen.locator('.event-item').filter({ has: carmen.locator(`a[href="${yogaPath}"]`) });
  assert.match(await item.innerText(), /You're on the waiting list/);
});

test('a coordinator posts an event, sees who is coming, and cancels it', { timeout: 300_000 }, async (t) => {
  const title = `Hand massage taster ${SUFFIX}`;
  const date = addDays(nextWeekday(2), 7);  // a Tuesday about two weeks ahead
  const location = 'Staff wellbeing hub, level 3';

  const dana = await signedIn(DANA);
  await dana.goto(`${BASE_URL}/events`);
  await dana.getByRole('link', { name: 'Post an event' }).click();
  await dana.getByRole('heading', { level: 1, name: 'Post an event' }).waitFor();
  assert.equal(new URL(dana.url()).pathname, '/events/new');
  await dana.getByLabel('Title').fill(title);
  await dana.getByLabel('Category').selectOption({ label: 'Social' });
  await dana.getByLabel('Date', { exact: true }).fill(date);
  await dana.getByLabel('Starts at (if not all day)').fill('10:00');
  await dana.getByLabel('Ends at', { exact: true }).fill('10:45');
  await dana.getByLabel('How often').selectOption({ label: 'Does not repeat' });
  await dana.getByLabel('Room and building').fill(location);
  await dana.getByRole('radio', { name: 'All staff', exact: true }).check();
  await dana.getByRole('checkbox', { name: 'People must say they are coming' }).check();
  await dana.getByLabel(/^Number of places/).fill('1');
  await dana.getByRole('button', { name: 'Post the event' }).click();

  await dana.getByRole('heading', { level: 1, name: title }).waitFor();
  const eventUrl = new URL(dana.url());
  assert.match(eventUrl.pathname, /^\/events\/\d+$/, 'a one-off event opens at its own address');
  assert.equal(eventUrl.searchParams.get('notice'), 'created');
  assert.match(await flashText(dana), /The event is posted/);
  const eventPath = eventUrl.pathname;
  const facts = await dana.locator('dl.facts').innerText();
  assert.match(facts, new RegExp(location));
  assert.match(facts, /1 places?; please say if you are coming/);
  const attendance = dana.getByRole('region', { name: 'Who is coming' });
  assert.match(await attendance.innerText(), /0 going, 0 on the waiting list/);

  const amy = await signedIn(AMY);
  const carmen = await signedIn(CARMEN);
  const amyCancelledBefore = await (await notificationsAbout(amy, EVENT_CANCELLED)).count();
  const carmenCancelledBefore = await (await notificationsAbout(carmen, EVENT_CANCELLED)).count();

  await amy.goto(`${BASE_URL}${eventPath}`);
  await amy.getByRole('heading', { level: 1, name: title }).waitFor();
  await amy.getByText('1 place left.').waitFor();
  await answerButton(amy, "I'm going").click();
  await amy.waitForURL((u) => u.searchParams.get('notice') === 'going');
  assert.match(await flashText(amy), /You're going/);
  await standing(amy, "You're going.").waitFor();
  const sessionPath = new URL(amy.url()).pathname;
  assert.equal(sessionPath, `${eventPath}/${date}`, 'the answer is for the one session, on the chosen date');

  await carmen.goto(`${BASE_URL}${eventPath}`);
  await carmen.getByRole('heading', { level: 1, name: title }).waitFor();
  await answerButton(carmen, 'Join the waiting list').click();
  await carmen.waitForURL((u) => u.searchParams.get('notice') === 'waiting');
  await standing(carmen, "You're on the waiting list.").waitFor();

  // Only the organiser sees the names.
  await dana.goto(`${BASE_URL}${eventPath}`);
  assert.match(await attendance.innerText(), /1 going, 1 on the waiting list/);
  const going = await attendance.locator('ul.member-list').innerText();
  const waiting = await attendance.locator('ol.member-list').innerText();
  assert.match(going, /Amy Chen/);
  assert.ok(!going.includes(CARMEN.name), `carmen is not listed as going:\n${going}`);
  assert.match(waiting, /Carmen Díaz/);
  assert.ok(!waiting.includes(AMY.name), `amy is not on the waiting list:\n${waiting}`);
  const csvLink = attendance.getByRole('link', { name: 'Download the list (CSV)' });
  const csvUrl = new URL(await csvLink.getAttribute('href'), BASE_URL).href;
  const csv = await dana.request.get(csvUrl, RETRY_ON_RESET);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /^text\/csv/);
  const csvText = await csv.text();
  assert.match(csvText, /^"Amy Chen","amy\.chen","ICU","going"\r$/m);
  assert.match(csvText, /^"Carmen Díaz","carmen\.diaz","[^"]*","waiting list"\r$/m);
  assert.equal(csvText.trimEnd().split('\r\n').length, 3, `a header and two people:\n${csvText}`);

  for (const [page, self, other] of [[amy, AMY, CARMEN], [carmen, CARMEN, AMY]]) {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const text = await mainText(page);
    assert.ok(!text.includes(other.name) && !text.includes(other.name.split(' ')[0]),
              `${self.username} does not see that ${other.username} answered`);
    assert.equal(await page.getByRole('heading', { name: 'Who is coming' }).count(), 0,
                 `${self.username} sees no attendance list`);
    const stolen = await page.request.get(csvUrl, { maxRedirects: 0, ...RETRY_ON_RESET });
    assert.ok([403, 404].includes(stolen.status()),
              `${self.username} cannot download the attendance list (status ${stolen.status()})`);
  }

  // Dana cancels the session: everyone who answered is told.
  await dana.getByLabel(/^Cancel this session: a short note/).fill('The hub is being repainted.');
  await dana.getByRole('button', { name: 'Cancel this session' }).click();
  await dana.waitForURL((u) => u.searchParams.get('notice') === 'cancelled');
  assert.match(await flashText(dana), /Cancelled\. Everyone who said they were coming has been told/);
  await dana.getByText('This event is cancelled.').waitFor();
  await dana.getByText('This session is cancelled.').waitFor();
  assert.equal(await dana.getByRole('button', { name: 'Cancel this session' }).count(), 0, 'nothing left to cancel');

  for (const [page, who, before] of [[amy, 'amy', amyCancelledBefore], [carmen, 'carmen', carmenCancelledBefore]]) {
    const told = await notificationsAbout(page, EVENT_CANCELLED);
    assert.equal(await told.count(), before + 1, `${who} has one new cancellation notification`);
    await told.first().getByRole('link').click();
    await page.waitForURL((u) => u.pathname === eventPath || u.pathname === sessionPath);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText('This event is cancelled.').waitFor();
    assert.equal(await answerButton(page, "I'm going").count(), 0, `${who} cannot answer a cancelled event`);
  }
  t.diagnostic(`event ${eventPath} on ${date}`);
});

test('the month view works with the keyboard only and without JavaScript', { timeout: 180_000 }, async (t) => {
  const page = await signedIn(AMY, { javaScriptEnabled: false });
  await page.goto(`${BASE_URL}/events/month`);
  await page.getByRole('heading', { level: 1, name: /^Events in / }).waitFor();
  // hearth.js adds this sentence when it runs.
  assert.ok(!(await page.locator('#quick-exit-hint').textContent()).includes('Escape twice'),
            'the page runs no script');
  const table = page.getByRole('table', { name: /^Events in .*one row per week/ });
  assert.equal(await table.getByRole('columnheader').count(), 7, 'one column per weekday');
  assert.deepEqual(
    await table.locator('thead th abbr').evaluateAll((cells) => cells.map((c) => c.title)),
    ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  );
  const firstLink = table.locator('a').first();
  const firstHref = await firstLink.getAttribute('href');
  const firstText = (await firstLink.innerText()).trim();
  assert.match(firstHref, /^\/events\/\d+(\/\d{4}-\d{2}-\d{2})?$/);

  // Tab from the top of the page into the table.
  await page.evaluate(() => document.activeElement?.blur?.());
  const path = [];
  let inTable = false;
  for (let i = 0; i < 80 && !inTable; i++) {
    await page.keyboard.press('Tab');
    path.push(await focused(page));
    inTable = await page.evaluate(() => document.activeElement?.closest('table.month-grid') != null);
  }
  t.diagnostic(`Tab order on the month view: ${path.join(' → ')}`);
  assert.ok(inTable, 'Tab reaches the month table');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), firstHref,
               'the first stop in the table is its first event');

  await Promise.all([page.waitForURL((u) => u.pathname === firstHref), page.keyboard.press('Enter')]);
  const heading = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  assert.ok(firstText.endsWith(heading), `the session page is the one chosen ("${firstText}" → "${heading}")`);
  assert.ok(await page.locator('#session-heading').isVisible(), 'a session page: it names the day');
  assert.equal(await page.evaluate(() => document.querySelector('.flash, .error-summary') === null), true);
});

test("a person's calendar feed works without signing in and names no one", { timeout: 180_000 }, async () => {
  const amy = await signedIn(AMY);
  await amy.goto(`${BASE_URL}/me`);
  await amy.getByRole('heading', { level: 2, name: 'Your calendar feed' }).waitFor();
  await amy.getByRole('button', { name: 'Make my feed address' }).click();
  const field = amy.locator('input#feed-url');
  await field.waitFor();
  assert.equal(await amy.getByLabel('Feed address').getAttribute('id'), 'feed-url', 'the address has a label');
  const feedUrl = await field.inputValue();
  assert.match(feedUrl, new RegExp(`^${BASE_URL.replace(/[.]/g, '\\.')}/calendar/[A-Za-z0-9_-]{20,}\\.ics$`));
  assert.ok(!amy.url().includes(new URL(feedUrl).pathname), 'the address is not in the page address');

  // The address is shown once.
  await amy.goto(`${BASE_URL}/me`);
  await amy.getByText('Your feed is on.').waitFor();
  assert.equal(await amy.locator('input#feed-url').count(), 0, 'not shown again');

  // A calendar app has no cookies.
  const app = await request.newContext();
  try {
    assert.deepEqual((await app.storageState()).cookies, []);
    const response = await app.get(feedUrl, { maxRedirects: 0, ...RETRY_ON_RESET });
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /^text\/calendar/);
    const raw = await response.text();
    assert.ok(raw.startsWith('BEGIN:VCALENDAR'), `starts with BEGIN:VCALENDAR: ${raw.slice(0, 40)}`);
    assert.ok(raw.trimEnd().endsWith('END:VCALENDAR'));
    // Long lines are folded (RFC 5545, 3.1): unfold before searching.
    const body = raw.replace(/\r?\n[ \t]/g, '');
    assert.match(body, /^SUMMARY:Hearth: wellness session$/m, 'the group meeting, under a discreet title');
    assert.match(body, /^SUMMARY:Mindful Moments$/m, 'a session amy is going to');
    assert.ok(!body.includes('Nurses with chronic illness'), 'the group is not named');
    assert.ok(!/chronic/i.test(body), 'nothing hints at the group');
    assert.ok(!/amy/i.test(body), 'amy is not named');
    for (const [username, first, last] of DEMO_PEOPLE) {
      for (const word of [username, `${first} ${last}`, first, last]) {
        assert.ok(!containsWord(body, word), `the feed does not contain "${word}"`);
      }
    }
    const unknown = await app.get(`${BASE_URL}/calendar/not-a-real-feed-address.ics`, { maxRedirects: 0, ...RETRY_ON_RESET });
    assert.equal(unknown.status(), 404, 'a wrong address gives nothing');
  } finally {
    await app.dispose();
  }
});

test('the events pages are accessible and fit a 320 px screen', { timeout: 300_000 }, async (t) => {
  const dana = await signedIn(DANA);

  await dana.goto(`${BASE_URL}/events`);
  await dana.getByRole('heading', { level: 1, name: 'Wellness events' }).waitFor();
  await assertAccessible(dana, '/events');
  await screenshots(dana, t, 'events-01-agenda', { failOnOverflow: true });

  await dana.getByRole('link', { name: 'Month view' }).click();
  await dana.getByRole('heading', { level: 1, name: /^Events in / }).waitFor();
  await assertAccessible(dana, '/events/month');

  // A session as its organiser, with the list of who is coming.
  const yogaPath = await openFromAgenda(dana, YOGA);
  const attendance = dana.getByRole('region', { name: 'Who is coming' });
  assert.match(await attendance.innerText(), /\d+ going, \d+ on the waiting list/);
  assert.ok(await attendance.getByRole('listitem').count() >= 4, 'the names are listed');
  await assertAccessible(dana, `the session page ${yogaPath} (organiser)`);
  await screenshots(dana, t, 'events-02-session-organiser', { failOnOverflow: true });

  await dana.getByRole('link', { name: 'Every session of this event' }).click();
  await dana.getByRole('heading', { level: 2, name: 'Coming sessions' }).waitFor();
  await assertAccessible(dana, 'the event page');

  await dana.goto(`${BASE_URL}/events/new`);
  await dana.getByRole('heading', { level: 1, name: 'Post an event' }).waitFor();
  await assertAccessible(dana, '/events/new');

  await dana.goto(`${BASE_URL}/me`);
  await dana.getByRole('heading', { level: 2, name: 'Your calendar feed' }).waitFor();
  await assertAccessible(dana, '/me');
});

test('no events page asks for anything outside the hospital server or breaks its own policy', () => {
  assert.deepEqual(externalRequests, [], `requests to other hosts: ${externalRequests.join(', ')}`);
  assert.deepEqual(pageProblems, [], `CSP violations or script errors:\n${pageProblems.join('\n')}`);
});
