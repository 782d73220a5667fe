// End-to-end tests of peer groups, run by tests/e2e/run.sh against a real
// `hearth serve` (empty database) connected to a throwaway slapd, in Debian's
// headless Chromium driven by playwright-core. Everything goes through the
// pages, as people use them: no JSON API is called.
//
// One story, in order (each test needs the ones before it):
//   1. ben.okafor (peer supporter) starts a group "by request" with the
//      guided form, after first getting the error summary for a short focus;
//   2. amy.chen (nurse, her own browser) searches for it and asks to join,
//      with the keyboard only on the join page;
//   3. ben approves her on the Members page; amy is then a member and sees
//      the place, which is for members only.
// axe-core (WCAG 2.1 A/AA) runs on every page on the way, and /groups, the
// group page and the start form are photographed at 1280 px and 320 px wide
// (no sideways scrolling at 320 px).
//
// Environment: see helpers.mjs. Run with: node --test groups.test.mjs

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import {
  BASE_URL,
  assertAccessible,
  externalRequests,
  flashText,
  focused,
  launchContext,
  needs,
  newPage,
  nextWeekday,
  pageProblems,
  screenshots,
  signIn,
} from './helpers.mjs';

const BEN = { username: 'ben.okafor', name: 'Ben Okafor' };
const AMY = { username: 'amy.chen', name: 'Amy Chen' };

// A suffix of letters only, so that the name, its web address and a search
// for part of it all stay unambiguous from run to run.
const SUFFIX = Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');
const GROUP_NAME = `Night shift debrief ${SUFFIX}`;
const GROUP_FOCUS = 'For night staff: ten quiet minutes to talk over the shift before going home.';
const QUESTION = 'What would help you most?';
const PLACE = 'Chapel quiet room, Education Centre';
const TOPIC = 'Night shift';
const ANSWER = `Somewhere to talk after hard nights (${SUFFIX}).`;

let benContext;
let amyContext;
let benPage;
let amyPage;
let groupUrl;      // e.g. http://127.0.0.1:41234/groups/night-shift-debrief-abcdef
let requestSent = false;

before(async () => {
  // Two browsers with their own profiles: two people signed in at once.
  benContext = await launchContext();
  amyContext = await launchContext();
});

after(async () => {
  await benContext?.close();
  await amyContext?.close();
});

test('a peer supporter starts a group with the guided form', { timeout: 180_000 }, async (t) => {
  benPage = await newPage(benContext, { clearCookies: true });
  await signIn(benPage, BEN.username, BEN.name);

  await benPage.goto(`${BASE_URL}/groups`);
  await benPage.getByRole('heading', { level: 1, name: 'Peer support groups' }).waitFor();
  await benPage.getByRole('link', { name: 'Start a group' }).first().click();
  await benPage.getByRole('heading', { level: 1, name: 'Start a group' }).waitFor();
  assert.equal(new URL(benPage.url()).pathname, '/groups/new');
  await screenshots(benPage, t, 'groups-03-start-form', { failOnOverflow: true });

  // The form, with a focus that is too short.
  await benPage.getByLabel('Group name').fill(GROUP_NAME);
  await benPage.getByLabel('Focus', { exact: true }).fill('Too short');
  await benPage.getByRole('radio', { name: /^All staff/ }).check();
  await benPage.getByLabel(/^Place/).fill(PLACE);
  await benPage.getByRole('radio', { name: 'In person', exact: true }).check();
  await benPage.getByRole('checkbox', { name: 'Show the place and link to members only' }).check();
  await benPage.getByRole('radio', { name: /^Every week/ }).check();
  await benPage.getByLabel(/^Every how many weeks/).fill('1');
  await benPage.getByLabel('Day of the week').selectOption({ label: 'Thursday' });
  await benPage.getByLabel('First meeting').fill(nextWeekday(4));
  await benPage.getByLabel('Start time').fill('07:30');
  await benPage.getByLabel('Length in minutes').fill('60');
  await benPage.getByRole('radio', { name: /^By request/ }).check();
  await benPage.getByLabel('Questions for people asking to join').fill(QUESTION);
  await benPage.getByRole('radio', { name: /^Listed/ }).check();
  await benPage.getByRole('checkbox', { name: TOPIC, exact: true }).check();
  await benPage.getByRole('button', { name: 'Start the group' }).click();

  // The error summary names the problem and links to the field.
  const summary = benPage.getByRole('alert');
  await summary.first().waitFor();
  assert.match(await summary.first().innerText(), /There is a problem/);
  const focusLink = summary.first().getByRole('link', { name: /Focus/ });
  assert.equal(await focusLink.count(), 1, 'one error, about the focus');
  assert.equal(await focusLink.getAttribute('href'), '#focus', 'the error links to the focus field');
  assert.equal(new URL(benPage.url()).pathname, '/groups/new', 'still on the form');
  const focusField = benPage.getByLabel('Focus', { exact: true });
  assert.equal(await focusField.getAttribute('aria-invalid'), 'true', 'the focus field is marked invalid');
  const describedBy = (await focusField.getAttribute('aria-describedby')) ?? '';
  assert.ok(describedBy.split(/\s+/).includes('focus-error'), `the field points at its error (${describedBy})`);
  // What was typed is kept.
  assert.equal(await benPage.getByLabel('Group name').inputValue(), GROUP_NAME, 'name kept');
  assert.equal(await benPage.getByLabel(/^Place/).inputValue(), PLACE, 'place kept');
  assert.ok(await benPage.getByRole('radio', { name: /^By request/ }).isChecked(), 'join policy kept');
  assert.ok(await benPage.getByRole('checkbox', { name: TOPIC, exact: true }).isChecked(), 'topic kept');
  assert.equal((await benPage.getByLabel('Questions for people asking to join').inputValue()).trim(), QUESTION,
               'question kept');
  assert.equal(await benPage.getByLabel('Day of the week').inputValue(), 'thursday', 'weekday kept');
  assert.equal(await benPage.getByLabel('Start time').inputValue(), '07:30', 'start time kept');

  await assertAccessible(benPage, 'the start form with errors');
  await screenshots(benPage, t, 'groups-04-start-form-errors', { failOnOverflow: true });

  // The link in the summary takes the keyboard to the field.
  await focusLink.click();
  await benPage.waitForFunction(() => document.activeElement?.id === 'focus');

  await focusField.fill(GROUP_FOCUS);
  await benPage.getByRole('button', { name: 'Start the group' }).click();

  await benPage.getByRole('heading', { level: 1, name: GROUP_NAME }).waitFor();
  const url = new URL(benPage.url());
  assert.match(url.pathname, new RegExp(`^/groups/night-shift-debrief-${SUFFIX}$`), 'the web address comes from the name');
  assert.equal(url.searchParams.get('notice'), 'created');
  assert.match(await flashText(benPage), /Your group is ready/);
  assert.equal(await benPage.getByRole('alert').count(), 0, 'no errors');
  await benPage.getByText("You're a member and a facilitator of this group.").waitFor();
  await benPage.getByText(PLACE).waitFor();  // the facilitator sees the place
  groupUrl = `${url.origin}${url.pathname}`;
});

test('a nurse finds the group and asks to join, with the keyboard', { timeout: 180_000 }, async (t) => {
  if (!needs(t, groupUrl, 'the group')) return;
  amyPage = await newPage(amyContext, { clearCookies: true });
  await signIn(amyPage, AMY.username, AMY.name);

  await amyPage.goto(`${BASE_URL}/groups`);
  await amyPage.getByRole('link', { name: GROUP_NAME }).waitFor();
  await assertAccessible(amyPage, '/groups');
  await screenshots(amyPage, t, 'groups-01-index', { failOnOverflow: true });

  // Search for part of the name.
  await amyPage.getByLabel('Search groups').fill(`debrief ${SUFFIX.slice(0, 4)}`);
  await amyPage.getByRole('button', { name: 'Search', exact: true }).click();
  await amyPage.waitForURL((u) => u.searchParams.get('q') === `debrief ${SUFFIX.slice(0, 4)}`);
  await amyPage.getByRole('heading', { name: '1 group', exact: true }).waitFor();
  await amyPage.getByRole('link', { name: GROUP_NAME }).click();

  await amyPage.getByRole('heading', { level: 1, name: GROUP_NAME }).waitFor();
  assert.equal(amyPage.url(), groupUrl);
  // The place is for members only.
  await amyPage.getByText('Shared with members once they join').waitFor();
  assert.equal(await amyPage.getByText(PLACE).count(), 0, 'the place is not shown before joining');
  await assertAccessible(amyPage, 'the group page');
  await screenshots(amyPage, t, 'groups-02-group', { failOnOverflow: true });

  await amyPage.getByRole('link', { name: 'Ask to join' }).click();
  await amyPage.getByRole('heading', { level: 1, name: `Join ${GROUP_NAME}` }).waitFor();
  assert.equal(amyPage.url(), `${groupUrl}/join`);
  await assertAccessible(amyPage, 'the join page');
  await screenshots(amyPage, t, 'groups-05-join', { failOnOverflow: true });

  // Keyboard only from here: Tab from the top of the page to the question.
  await amyPage.evaluate(() => document.activeElement?.blur?.());
  const path = [];
  for (let i = 0; i < 60 && path.at(-1) !== '#answer_0'; i++) {
    await amyPage.keyboard.press('Tab');
    path.push(await focused(amyPage));
  }
  t.diagnostic(`Tab order on the join page: ${path.join(' → ')}`);
  assert.equal(path.at(-1), '#answer_0', `Tab reaches the question "${QUESTION}"`);
  assert.equal(await amyPage.getByLabel(QUESTION).evaluate((e) => e === document.activeElement), true,
               'the focused field is the one labelled with the question');
  await amyPage.keyboard.type(ANSWER);

  await amyPage.keyboard.press('Tab');
  assert.equal(await focused(amyPage), '#accept_rules', 'Tab goes from the answer to the ground-rules box');
  const rules = amyPage.getByRole('checkbox', { name: 'I have read and accept the ground rules' });
  assert.equal(await rules.isChecked(), false);
  await amyPage.keyboard.press('Space');
  assert.equal(await rules.isChecked(), true, 'Space ticks the box');

  await amyPage.keyboard.press('Tab');
  assert.equal(
    await amyPage.getByRole('button', { name: 'Send request' }).evaluate((e) => e === document.activeElement),
    true,
    `Tab goes from the box to "Send request" (focused: ${await focused(amyPage)})`,
  );
  await Promise.all([
    amyPage.waitForURL((u) => u.pathname === new URL(groupUrl).pathname && u.searchParams.get('notice') === 'requested'),
    amyPage.keyboard.press('Enter'),
  ]);
  requestSent = true;

  assert.match(await flashText(amyPage), /Your request has been sent/);
  await amyPage.getByText('Your request is waiting for the facilitators.').waitFor();
  assert.equal(await amyPage.getByRole('link', { name: 'Ask to join' }).count(), 0, 'no second request');
  assert.equal(await amyPage.getByText(PLACE).count(), 0, 'still no place while the request waits');
});

test('the facilitator approves the request; the new member sees the place', { timeout: 180_000 }, async (t) => {
  if (!needs(t, requestSent, "amy's request")) return;

  await benPage.goto(groupUrl);
  await benPage.getByRole('link', { name: 'Members', exact: true }).click();
  await benPage.getByRole('heading', { level: 1, name: `Members of ${GROUP_NAME}` }).waitFor();
  assert.equal(benPage.url(), `${groupUrl}/members`);

  const requests = benPage.getByRole('region', { name: 'Requests to join' });
  const card = requests.getByRole('listitem').filter({ has: benPage.getByRole('heading', { name: AMY.name }) });
  await card.waitFor();
  const cardText = await card.innerText();
  assert.ok(cardText.includes(ANSWER), `amy's answer is shown:\n${cardText}`);
  await assertAccessible(benPage, 'the members page with a request');
  await screenshots(benPage, t, 'groups-06-members', { failOnOverflow: true });

  await card.getByRole('button', { name: `Approve ${AMY.name}` }).click();
  await benPage.getByText('Approved. They are now a member.').waitFor();
  await benPage.getByText('No requests are waiting.').waitFor();
  const members = benPage.getByRole('region', { name: 'Members', exact: true });
  await members.getByRole('listitem').filter({ hasText: AMY.name }).waitFor();
  await assertAccessible(benPage, 'the members page after approving');

  // Amy, in her own browser, comes back to the group page.
  await amyPage.goto(groupUrl);
  await amyPage.getByRole('heading', { level: 1, name: GROUP_NAME }).waitFor();
  await amyPage.getByText("You're a member of this group.").waitFor();
  await amyPage.getByText(PLACE).waitFor();
  assert.equal(await amyPage.getByText('Your request is waiting for the facilitators.').count(), 0);
  await assertAccessible(amyPage, 'the group page for a member');
  await screenshots(amyPage, t, 'groups-07-group-member', { failOnOverflow: true });
});

test('no group page asks for anything outside the hospital server or breaks its own policy', () => {
  assert.deepEqual(externalRequests, [], `requests to other hosts: ${externalRequests.join(', ')}`);
  assert.deepEqual(pageProblems, [], `CSP violations or script errors:\n${pageProblems.join('\n')}`);
});
