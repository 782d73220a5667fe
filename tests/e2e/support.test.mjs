// End-to-end test of a request for a peer supporter, run by tests/e2e/run.sh
// against a real `hearth serve` and a throwaway slapd, in headless Chromium.
//
// One story, in order:
//   1. tomas.berg (Medical Imaging) asks for a conversation from the home
//      page, choosing the answers with the keyboard, and sees his request
//      waiting;
//   2. ben.okafor (peer supporter) finds it in the queue without any contact
//      details, takes it, then sees how to reach Tomas;
//   3. ben marks it contacted and closes it ("We talked"); the details are
//      gone for both of them.
// axe-core (WCAG 2.1 A/AA) runs on each page; the form and the queue are
// photographed at 1280 px and 320 px (no sideways scrolling at 320 px).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import {
  BASE_URL,
  assertAccessible,
  externalRequests,
  launchContext,
  needs,
  newPage,
  pageProblems,
  screenshots,
  signIn,
} from './helpers.mjs';

const TOMAS = { username: 'tomas.berg', name: 'Tomas Berg' };
const BEN = { username: 'ben.okafor', name: 'Ben Okafor' };
const SUFFIX = Array.from(randomBytes(4), (b) => String(b % 10)).join('');
const CONTACT = `extension 7${SUFFIX}`;
const CONTEXT = 'after a difficult week of nights';

let tomasContext;
let benContext;
let tomasPage;
let benPage;
let requestUrl;
let taken = false;

before(async () => {
  tomasContext = await launchContext();
  benContext = await launchContext();
});

after(async () => {
  await tomasContext?.close();
  await benContext?.close();
});

test('a staff member asks for a peer supporter from the home page', { timeout: 180_000 }, async (t) => {
  tomasPage = await newPage(tomasContext, { clearCookies: true });
  await signIn(tomasPage, TOMAS.username, TOMAS.name);
  await tomasPage.getByRole('link', { name: 'Ask to talk to a peer supporter' }).click();
  await tomasPage.getByRole('heading', { level: 1, name: 'Talk to a peer supporter' }).waitFor();
  await assertAccessible(tomasPage, 'the request form');
  await screenshots(tomasPage, t, 'support-01-form', { failOnOverflow: true });

  // The crisis line is beside the form: this is not a crisis service.
  assert.ok(await tomasPage.getByText('This is not a crisis line.').isVisible());

  // By keyboard: "Phone" is chosen already; pick "Some time today" with the arrow keys.
  await tomasPage.getByLabel('As soon as possible').focus();
  await tomasPage.keyboard.press('ArrowDown');
  assert.ok(await tomasPage.getByLabel('Some time today').isChecked(), 'arrow keys move the timing choice');
  await tomasPage.getByLabel('Number, pager, address or chat name').fill(CONTACT);
  await tomasPage.getByLabel(/Anything the supporter should know/).fill(CONTEXT);
  await tomasPage.getByLabel("I'd prefer someone from outside my department").focus();
  await tomasPage.keyboard.press('Space');
  await tomasPage.getByRole('button', { name: 'Ask for a conversation' }).focus();
  await tomasPage.keyboard.press('Enter');

  await tomasPage.getByRole('heading', { level: 1, name: 'Your request for a peer supporter' }).waitFor();
  requestUrl = tomasPage.url().split('?')[0];
  assert.match(requestUrl, /\/support\/\d+$/);
  const flash = await tomasPage.locator('.flash').innerText();
  assert.match(flash, /with the peer supporters/);
  const facts = await tomasPage.locator('dl.facts').innerText();
  assert.match(facts, /Waiting for a supporter/);
  assert.match(facts, new RegExp(CONTACT));
  assert.match(facts, /Some time today/);
  await assertAccessible(tomasPage, 'the request status page');
});

test('a peer supporter takes it from the queue and only then sees the details', { timeout: 180_000 }, async (t) => {
  if (!needs(t, requestUrl, 'a request')) return;
  benPage = await newPage(benContext, { clearCookies: true });
  await signIn(benPage, BEN.username, BEN.name);
  await benPage.getByRole('link', { name: 'Peer-support queue' }).click();
  await benPage.getByRole('heading', { level: 1, name: 'Peer-support queue' }).waitFor();
  await assertAccessible(benPage, 'the queue');
  await screenshots(benPage, t, 'support-02-queue', { failOnOverflow: true });
  const queueText = await benPage.locator('main').innerText();
  assert.ok(!queueText.includes(CONTACT), 'no contact details in the queue');
  assert.ok(!queueText.includes('Tomas'), 'no names in the queue');
  assert.match(queueText, /outside their department/);

  const path = new URL(requestUrl).pathname;
  await benPage.locator(`a[href="${path}"]`).click();
  await benPage.getByRole('heading', { level: 1, name: 'Request for a peer supporter' }).waitFor();
  assert.ok(!(await benPage.locator('main').innerText()).includes(CONTACT));
  await benPage.getByRole('button', { name: 'Take this request' }).click();
  await benPage.locator('.flash').waitFor();
  const details = await benPage.locator('dl.facts').innerText();
  assert.match(details, new RegExp(CONTACT));
  assert.match(details, new RegExp(CONTEXT));
  await assertAccessible(benPage, 'a taken request');
  taken = true;

  // Tomas sees that someone has it, not who.
  await tomasPage.reload();
  const status = await tomasPage.locator('dl.facts').innerText();
  assert.match(status, /A supporter has taken it/);
  assert.ok(!status.includes(BEN.name));
});

test('the supporter closes it and the details are gone for everyone', { timeout: 180_000 }, async (t) => {
  if (!needs(t, taken, 'a taken request')) return;
  await benPage.getByRole('button', { name: "I've been in touch" }).click();
  await benPage.locator('.flash').waitFor();
  await benPage.getByLabel('We talked').check();
  await benPage.getByRole('button', { name: 'Close the request' }).click();
  await benPage.getByRole('heading', { level: 1, name: 'Peer-support queue' }).waitFor();
  assert.match(await benPage.locator('.flash').innerText(), /Its details are deleted/);
  assert.ok(!(await benPage.locator('main').innerText()).includes(CONTACT));

  const closed = await benPage.goto(requestUrl);
  assert.equal(closed.status(), 404);
  const gone = await tomasPage.goto(requestUrl);
  assert.equal(gone.status(), 404);
  await tomasPage.goto(`${BASE_URL}/support`);
  assert.match(await tomasPage.locator('main').innerText(), /You have no open requests/);
});

test('no support page asks for anything outside the hospital server or breaks its own policy', () => {
  assert.deepEqual(externalRequests, [], `requests to other hosts: ${externalRequests.join(', ')}`);
  assert.deepEqual(pageProblems, [], `CSP violations or script errors:\n${pageProblems.join('\n')}`);
});
