// End-to-end tests of a group's conversation (threads, replies, anonymous
// posts, facilitator tools, the PHI check and the crisis card), run by
// tests/e2e/run.sh against a real `hearth serve` (empty database, PHI check in
// its default "warn" mode) connected to a throwaway slapd, in Debian's
// headless Chromium driven by playwright-core. Everything goes through the
// pages, as people use them: no JSON API is called.
//
// One story, in order (each test needs the ones before it):
//   1. liam.obrien starts an open group and, on its Moderation page, lets
//      members post as "A member" (keyboard only on that form);
//   2. amy.chen (her own browser) joins, starts a thread whose text names a
//      patient: she gets the PHI warning with the flagged parts marked and her
//      text kept, edits it and posts; a reply with a phone number goes through
//      once she confirms it is not patient information;
//   3. amy replies as "A member" (keyboard only); liam never sees her name on
//      that post;
//   4. amy writes a reply that suggests she may be in crisis: she alone sees
//      the crisis card, once;
//   5. liam pins and locks the thread; amy sees "Locked" and no reply form.
// axe-core (WCAG 2.1 A/AA) runs on the pages on the way; the PHI warning and
// the thread page are photographed at 1280 px and 320 px wide (no sideways
// scrolling at 320 px).
//
// Environment: see helpers.mjs. Run with: node --test conversations.test.mjs

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
  tabTo,
} from './helpers.mjs';

const LIAM = { username: 'liam.obrien', name: "Liam O'Brien" };
const AMY = { username: 'amy.chen', name: 'Amy Chen' };

// Letters only, so that the name and its web address stay unambiguous from
// run to run.
const SUFFIX = Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');
const GROUP_NAME = `Quiet hour ${SUFFIX}`;
const GROUP_FOCUS = 'For ICU staff: a calm hour to talk about the hard weeks, over tea.';
const PLACE = 'Chapel quiet room, Education Centre';

const THREAD_TITLE = `A long week on the unit (${SUFFIX})`;
const IDENTIFIERS = ['Mr. Jones', 'bed 12', '44812345'];
const BODY_WITH_PHI =
  'Tonight I kept thinking about Mr. Jones in bed 12 with sepsis, MRN 44812345. ' +
  'I went home and could not switch off.';
const BODY_CLEAN =
  'Tonight I kept thinking about a patient we lost after a long fight. ' +
  'I went home and could not switch off.';
const PHONE_REPLY = 'If anyone wants to walk after the shift, text me on (555) 201-3344.';
const ANONYMOUS_REPLY = 'Some nights I sit in the car park for twenty minutes before I can drive home.';
const CRISIS_REPLY = "Honestly, I can't go on like this anymore.";
const CRISIS_HEADING = "You don't have to carry this alone";

let liamContext;
let amyContext;
let liamPage;
let amyPage;
let groupUrl;        // e.g. http://127.0.0.1:41234/groups/quiet-hour-abcdef
let anonymousAllowed = false;
let amyIsMember = false;
let threadUrl;       // e.g. http://127.0.0.1:41234/groups/quiet-hour-abcdef/threads/1
let anonymousPosted = false;
let crisisPosted = false;

before(async () => {
  // Two browsers with their own profiles: two people signed in at once.
  liamContext = await launchContext();
  amyContext = await launchContext();
});

after(async () => {
  await liamContext?.close();
  await amyContext?.close();
});

// The post (an <article>, named by its author line) that contains `text`.
function postWith(page, text) {
  return page.getByRole('article').filter({ hasText: text });
}

function crisisCard(page) {
  return page.getByRole('region', { name: CRISIS_HEADING });
}

test('a staff member starts an open group and allows anonymous posts', { timeout: 180_000 }, async (t) => {
  liamPage = await newPage(liamContext, { clearCookies: true });
  await signIn(liamPage, LIAM.username, LIAM.name);

  await liamPage.goto(`${BASE_URL}/groups`);
  await liamPage.getByRole('link', { name: 'Start a group' }).first().click();
  await liamPage.getByRole('heading', { level: 1, name: 'Start a group' }).waitFor();
  assert.equal(new URL(liamPage.url()).pathname, '/groups/new');

  await liamPage.getByLabel('Group name').fill(GROUP_NAME);
  await liamPage.getByLabel('Focus', { exact: true }).fill(GROUP_FOCUS);
  await liamPage.getByRole('radio', { name: /^All staff/ }).check();
  await liamPage.getByLabel(/^Place/).fill(PLACE);
  await liamPage.getByRole('radio', { name: 'In person', exact: true }).check();
  await liamPage.getByRole('radio', { name: /^Every week/ }).check();
  await liamPage.getByLabel(/^Every how many weeks/).fill('1');
  await liamPage.getByLabel('Day of the week').selectOption({ label: 'Tuesday' });
  await liamPage.getByLabel('First meeting').fill(nextWeekday(2));
  await liamPage.getByLabel('Start time').fill('16:00');
  await liamPage.getByLabel('Length in minutes').fill('60');
  await liamPage.getByRole('radio', { name: /^Open/ }).check();
  await liamPage.getByRole('radio', { name: /^Listed/ }).check();
  await liamPage.getByRole('button', { name: 'Start the group' }).click();

  await liamPage.getByRole('heading', { level: 1, name: GROUP_NAME }).waitFor();
  const url = new URL(liamPage.url());
  assert.match(url.pathname, new RegExp(`^/groups/quiet-hour-${SUFFIX}$`), 'the web address comes from the name');
  assert.equal(url.searchParams.get('notice'), 'created');
  await liamPage.getByText("You're a member and a facilitator of this group.").waitFor();
  groupUrl = `${url.origin}${url.pathname}`;

  // The group page has the conversation, and a way to moderate it.
  const conversation = liamPage.getByRole('region', { name: 'Conversation', exact: true });
  await conversation.getByText('No threads yet.').waitFor();
  assert.equal(await conversation.getByText('Members may post as “A member”.').count(), 0,
               'anonymous posting is off for a new group');
  await conversation.getByRole('link', { name: /^Moderation/ }).click();
  await liamPage.getByRole('heading', { level: 1, name: /^Moderation/ }).waitFor();
  assert.equal(liamPage.url(), `${groupUrl}/moderation`);
  await liamPage.getByText('No open reports.').waitFor();
  const allowAnonymous = liamPage.getByRole('checkbox', { name: 'Members may post as “A member”' });
  assert.equal(await allowAnonymous.isChecked(), false, 'off until a facilitator turns it on');
  await assertAccessible(liamPage, 'the moderation page');
  await screenshots(liamPage, t, 'conversations-01-moderation', { failOnOverflow: true });

  // Keyboard only: Tab from the top of the page to the box, Space, Tab to
  // the button (past the retention field), Enter.
  await tabTo(liamPage, t, '#allow_anonymous', 'the moderation page');
  await liamPage.keyboard.press('Space');
  assert.equal(await allowAnonymous.isChecked(), true, 'Space ticks the box');
  await liamPage.keyboard.press('Tab');
  assert.equal(await focused(liamPage), '#retention_days', 'Tab goes from the box to the retention field');
  await liamPage.keyboard.press('Tab');
  assert.equal(
    await liamPage.getByRole('button', { name: 'Save settings' }).evaluate((e) => e === document.activeElement),
    true,
    `Tab goes from the retention field to "Save settings" (focused: ${await focused(liamPage)})`,
  );
  await Promise.all([
    liamPage.waitForURL((u) => u.pathname === `${new URL(groupUrl).pathname}/moderation` &&
                               u.searchParams.get('notice') === 'settings'),
    liamPage.keyboard.press('Enter'),
  ]);
  assert.match(await flashText(liamPage), /The conversation settings are saved/);
  assert.equal(await allowAnonymous.isChecked(), true, 'the saved setting is shown');
  await assertAccessible(liamPage, 'the moderation page after saving');

  await liamPage.goto(groupUrl);
  await liamPage.getByRole('region', { name: 'Conversation', exact: true }).getByText('Members may post as “A member”.').waitFor();
  anonymousAllowed = true;
});

test('a member starts a thread, gets the PHI warning, edits and posts', { timeout: 240_000 }, async (t) => {
  if (!needs(t, anonymousAllowed, 'the group with anonymous posting')) return;
  amyPage = await newPage(amyContext, { clearCookies: true });
  await signIn(amyPage, AMY.username, AMY.name);

  // Join (open group: accept the ground rules).
  await amyPage.goto(groupUrl);
  await amyPage.getByRole('heading', { level: 1, name: GROUP_NAME }).waitFor();
  assert.equal(await amyPage.getByRole('region', { name: 'Conversation', exact: true }).count(), 0,
               'the conversation is for members only');
  await amyPage.getByRole('link', { name: 'Join this group' }).click();
  await amyPage.getByRole('heading', { level: 1, name: `Join ${GROUP_NAME}` }).waitFor();
  await amyPage.getByRole('checkbox', { name: 'I have read and accept the ground rules' }).check();
  await amyPage.getByRole('button', { name: 'Join', exact: true }).click();
  await amyPage.getByText("You're a member of this group.").waitFor();
  amyIsMember = true;

  // The conversation, empty so far.
  const conversation = amyPage.getByRole('region', { name: 'Conversation', exact: true });
  await conversation.getByText('Members may post as “A member”.').waitFor();
  await conversation.getByRole('link', { name: 'Open the conversation' }).click();
  await amyPage.getByRole('heading', { level: 1, name: /^Conversation/ }).waitFor();
  assert.equal(amyPage.url(), `${groupUrl}/threads`);
  await amyPage.getByText('No threads yet.').waitFor();
  assert.equal(await amyPage.getByRole('link', { name: /^Moderation/ }).count(), 0, 'members do not moderate');
  await assertAccessible(amyPage, 'the empty threads list');

  // A first draft that names a patient.
  await amyPage.getByRole('link', { name: 'Start a thread' }).click();
  await amyPage.getByRole('heading', { level: 1, name: /^Start a thread/ }).waitFor();
  assert.equal(amyPage.url(), `${groupUrl}/threads/new`);
  await assertAccessible(amyPage, 'the new-thread form');
  await amyPage.getByLabel('Title').fill(THREAD_TITLE);
  await amyPage.getByLabel('Your post').fill(BODY_WITH_PHI);
  const [warned] = await Promise.all([
    amyPage.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${groupUrl}/threads/new`),
    amyPage.getByRole('button', { name: 'Post', exact: true }).click(),
  ]);
  assert.equal(warned.status(), 422, 'the post is not saved');

  const warning = amyPage.getByRole('alert').filter({ has: amyPage.getByRole('heading', { name: 'This may identify a patient' }) });
  await warning.waitFor();
  assert.equal(new URL(amyPage.url()).pathname, `${new URL(groupUrl).pathname}/threads/new`, 'still on the form');
  const marked = await warning.locator('mark').allInnerTexts();
  t.diagnostic(`flagged: ${JSON.stringify(marked)}`);
  for (const identifier of IDENTIFIERS) {
    assert.ok(marked.some((m) => m.includes(identifier)), `"${identifier}" is highlighted (flagged: ${JSON.stringify(marked)})`);
  }
  for (const m of marked) assert.ok(BODY_WITH_PHI.includes(m), `only parts of the text are marked ("${m}")`);
  const excerpt = (await warning.locator('.phi-excerpt').allInnerTexts()).join('\n');
  assert.ok(excerpt.includes('I went home and could not switch off.'), `the excerpt shows the text around the marks:\n${excerpt}`);
  assert.equal(await warning.getByRole('link', { name: 'Your post' }).getAttribute('href'), '#body',
               'the warning links to the field to edit');
  // What she typed is kept, and nothing was saved.
  assert.equal(await amyPage.getByLabel('Title').inputValue(), THREAD_TITLE, 'title kept');
  assert.equal(await amyPage.getByLabel('Your post').inputValue(), BODY_WITH_PHI, 'post kept');
  const confirm = amyPage.getByRole('checkbox', { name: /I've checked: this is not patient information/ });
  assert.equal(await confirm.count(), 1, 'warn mode: she may confirm');
  assert.equal(await confirm.isChecked(), false, 'not confirmed for her');
  const postAnonymously = amyPage.getByRole('checkbox', { name: 'Post as “A member”' });
  assert.equal(await postAnonymously.count(), 1, 'the group allows anonymous posts');
  assert.equal(await postAnonymously.isChecked(), false);
  await assertAccessible(amyPage, 'the new-thread form with the PHI warning');
  await screenshots(amyPage, t, 'conversations-02-phi-warning', { failOnOverflow: true });

  // She edits the identifiers out and posts.
  await amyPage.getByLabel('Your post').fill(BODY_CLEAN);
  await amyPage.getByRole('button', { name: 'Post', exact: true }).click();
  await amyPage.getByRole('heading', { level: 1, name: THREAD_TITLE }).waitFor();
  const threadPath = new URL(amyPage.url()).pathname;
  assert.match(threadPath, new RegExp(`^${new URL(groupUrl).pathname}/threads/\\d+$`));
  threadUrl = `${new URL(groupUrl).origin}${threadPath}`;
  const opening = postWith(amyPage, BODY_CLEAN);
  await opening.waitFor();
  assert.equal((await opening.locator('.post-author').innerText()).trim(), AMY.name, 'a named post');
  assert.equal(await amyPage.getByRole('heading', { name: 'This may identify a patient' }).count(), 0, 'no warning');
  const threadText = await amyPage.locator('main').innerText();
  for (const identifier of ['Jones', '44812345', 'bed 12']) {
    assert.ok(!threadText.includes(identifier), `"${identifier}" was not saved`);
  }

  // A harmless phone number: flagged, then let through once she confirms.
  await amyPage.getByLabel('Your reply').fill(PHONE_REPLY);
  await amyPage.getByRole('button', { name: 'Post reply' }).click();
  const replyWarning = amyPage.getByRole('alert').filter({ has: amyPage.getByRole('heading', { name: 'This may identify a patient' }) });
  await replyWarning.waitFor();
  const replyMarks = await replyWarning.locator('mark').allInnerTexts();
  assert.ok(replyMarks.some((m) => m.includes('201-3344')), `the phone number is highlighted (${JSON.stringify(replyMarks)})`);
  assert.equal(await amyPage.getByLabel('Your reply').inputValue(), PHONE_REPLY, 'reply kept');
  assert.equal(await postWith(amyPage, PHONE_REPLY).count(), 0, 'not saved yet');
  await assertAccessible(amyPage, 'the thread page with the PHI warning on a reply');
  await amyPage.getByRole('checkbox', { name: /I've checked: this is not patient information/ }).check();
  await amyPage.getByRole('button', { name: 'Post reply' }).click();
  await postWith(amyPage, PHONE_REPLY).waitFor();
  assert.equal(await amyPage.getByRole('heading', { name: 'This may identify a patient' }).count(), 0, 'saved, no warning');
  assert.equal(await amyPage.getByLabel('Your reply').inputValue(), '', 'the reply form is empty again');
  assert.equal(await postWith(amyPage, PHONE_REPLY).locator('.post-author').innerText().then((s) => s.trim()), AMY.name);
});

test('a member replies as "A member"; the facilitator never sees her name on it', { timeout: 180_000 }, async (t) => {
  if (!needs(t, threadUrl, 'the thread')) return;
  await amyPage.goto(threadUrl);
  await amyPage.getByRole('heading', { level: 1, name: THREAD_TITLE }).waitFor();

  // Keyboard only: Tab from the top of the page to the reply, type, Tab past
  // the formatting help to the box, Space, Tab to the button, Enter.
  await tabTo(amyPage, t, '#body', 'the thread page');
  await amyPage.keyboard.type(ANONYMOUS_REPLY);
  await amyPage.keyboard.press('Tab');
  assert.match(await focused(amyPage), /^summary:Formatting/, 'Tab goes from the reply to the formatting help');
  await amyPage.keyboard.press('Tab');
  assert.equal(await focused(amyPage), '#anonymous', 'then to "Reply as “A member”"');
  const asMember = amyPage.getByRole('checkbox', { name: 'Reply as “A member”' });
  assert.equal(await asMember.isChecked(), false);
  await amyPage.keyboard.press('Space');
  assert.equal(await asMember.isChecked(), true, 'Space ticks the box');
  await amyPage.keyboard.press('Tab');
  assert.equal(
    await amyPage.getByRole('button', { name: 'Post reply' }).evaluate((e) => e === document.activeElement),
    true,
    `Tab goes from the box to "Post reply" (focused: ${await focused(amyPage)})`,
  );
  await Promise.all([
    amyPage.waitForURL((u) => u.pathname === new URL(threadUrl).pathname && /^#post-\d+$/.test(u.hash)),
    amyPage.keyboard.press('Enter'),
  ]);
  const own = postWith(amyPage, ANONYMOUS_REPLY);
  await own.waitFor();
  assert.match((await own.locator('.post-author').innerText()).trim(), /^A member\s+\(you; others see “A member”\)$/,
               'she sees that her reply is anonymous');
  anonymousPosted = true;

  // Liam, a facilitator, reads the thread.
  await liamPage.goto(threadUrl);
  await liamPage.getByRole('heading', { level: 1, name: THREAD_TITLE }).waitFor();
  const seen = postWith(liamPage, ANONYMOUS_REPLY);
  await seen.waitFor();
  assert.equal((await seen.locator('.post-author').innerText()).trim(), 'A member');
  assert.equal(await liamPage.getByRole('article', { name: 'A member', exact: true }).count(), 1,
               'the post is named "A member"');
  const html = await seen.evaluate((e) => e.closest('li').outerHTML);
  for (const clue of ['Amy', 'Chen', 'amy.chen']) {
    assert.ok(!html.includes(clue), `nothing in the anonymous post gives away its author ("${clue}"):\n${html}`);
  }
  assert.equal(await seen.getByRole('link', { name: 'Report this post' }).count(), 1, 'he may report it');
  assert.equal(await seen.getByRole('link', { name: 'Edit your post' }).count(), 0, 'he may not edit it');
  // Amy's named posts still carry her name.
  assert.equal((await postWith(liamPage, BODY_CLEAN).locator('.post-author').innerText()).trim(), AMY.name);
  await liamPage.getByRole('form', { name: 'Facilitator tools for this thread' }).waitFor();
  await assertAccessible(liamPage, 'the thread page for a facilitator');

  // The list of threads does not give her away either.
  await liamPage.goto(`${groupUrl}/threads`);
  const item = liamPage.getByRole('listitem').filter({ has: liamPage.getByRole('link', { name: THREAD_TITLE }) });
  await item.waitFor();
  assert.match(await item.innerText(), /Started by Amy Chen · 3 posts/);
});

test('a reply that suggests a crisis shows its writer, only her, the crisis card once', { timeout: 180_000 }, async (t) => {
  if (!needs(t, anonymousPosted, 'the anonymous reply')) return;
  await amyPage.goto(threadUrl);
  await amyPage.getByRole('heading', { level: 1, name: THREAD_TITLE }).waitFor();
  assert.equal(await crisisCard(amyPage).count(), 0, 'no card before');

  await amyPage.getByLabel('Your reply').fill(CRISIS_REPLY);
  await amyPage.getByRole('button', { name: 'Post reply' }).click();
  await postWith(amyPage, CRISIS_REPLY).waitFor();
  crisisPosted = true;
  assert.equal(await amyPage.getByRole('heading', { name: 'This may identify a patient' }).count(), 0);

  const card = crisisCard(amyPage);
  await card.waitFor();
  const call = card.getByRole('link', { name: /^Call \S+/ });
  const href = await call.getAttribute('href');
  assert.match(href ?? '', /^tel:\S+$/, `the card has a tap-to-call crisis link (${href})`);
  const headerCall = amyPage.locator('header a.crisis-phone');
  assert.equal(await headerCall.getAttribute('href'), href, 'the same crisis line as in the header');
  assert.ok(await card.getByRole('link', { name: 'Talk to a peer supporter' }).isVisible(), 'and a way to a peer supporter');
  await assertAccessible(amyPage, 'the thread page with the crisis card');
  await screenshots(amyPage, t, 'conversations-03-thread-crisis-card', { failOnOverflow: true });

  // Liam sees the reply, never the card.
  await liamPage.goto(threadUrl);
  await postWith(liamPage, CRISIS_REPLY).waitFor();
  assert.equal(await crisisCard(liamPage).count(), 0, 'the card is for its writer only');
  assert.equal(await liamPage.getByText(CRISIS_HEADING).count(), 0);

  // Once only: reloading the page drops it.
  await amyPage.reload();
  await postWith(amyPage, CRISIS_REPLY).waitFor();
  assert.equal(await crisisCard(amyPage).count(), 0, 'the card is shown once');
});

test('the facilitator pins and locks the thread; the member can no longer reply', { timeout: 180_000 }, async (t) => {
  if (!needs(t, threadUrl && amyIsMember, 'the thread')) return;
  await liamPage.goto(threadUrl);
  const tools = liamPage.getByRole('form', { name: 'Facilitator tools for this thread' });
  await tools.getByRole('button', { name: 'Pin to the top' }).click();
  await liamPage.waitForURL((u) => u.searchParams.get('notice') === 'pinned');
  assert.match(await flashText(liamPage), /The thread is pinned to the top/);
  await liamPage.locator('.thread-badges').getByText('Pinned', { exact: true }).waitFor();

  await tools.getByRole('button', { name: 'Lock', exact: true }).click();
  await liamPage.waitForURL((u) => u.searchParams.get('notice') === 'locked');
  assert.match(await flashText(liamPage), /The thread is locked: no new replies/);
  await liamPage.locator('.thread-badges').getByText('Locked: no new replies').waitFor();
  await tools.getByRole('button', { name: 'Unpin' }).waitFor();
  await tools.getByRole('button', { name: 'Unlock' }).waitFor();
  // Facilitators may still add a closing note.
  assert.equal(await liamPage.getByLabel('Your reply').count(), 1, 'the facilitator can still reply');
  await assertAccessible(liamPage, 'the locked thread for a facilitator');

  // Amy comes back to the thread.
  await amyPage.goto(threadUrl);
  await amyPage.getByRole('heading', { level: 1, name: THREAD_TITLE }).waitFor();
  await amyPage.getByText('Locked: no new replies').waitFor();
  await amyPage.getByText('This thread is locked, so it takes no new replies.').waitFor();
  assert.equal(await amyPage.getByLabel('Your reply').count(), 0, 'no reply form');
  assert.equal(await amyPage.getByRole('button', { name: 'Post reply' }).count(), 0, 'no reply button');
  assert.equal(await amyPage.getByRole('link', { name: 'Edit your post' }).count(), 0, 'no editing in a locked thread');
  assert.equal(await amyPage.getByRole('form', { name: 'Facilitator tools for this thread' }).count(), 0,
               'members have no facilitator tools');
  assert.equal(await crisisCard(amyPage).count(), 0);
  await assertAccessible(amyPage, 'the locked thread for a member');
  await screenshots(amyPage, t, 'conversations-04-thread-locked', { failOnOverflow: true });

  // The list shows both.
  await amyPage.getByRole('link', { name: `All threads in ${GROUP_NAME}` }).click();
  await amyPage.getByRole('heading', { level: 1, name: /^Conversation/ }).waitFor();
  const item = amyPage.getByRole('listitem').filter({ has: amyPage.getByRole('link', { name: THREAD_TITLE }) });
  await item.waitFor();
  const itemText = await item.innerText();
  assert.match(itemText, /Pinned/, `the thread is marked pinned:\n${itemText}`);
  assert.match(itemText, /Locked/, `the thread is marked locked:\n${itemText}`);
  assert.match(itemText, new RegExp(`${crisisPosted ? 4 : 3} posts`), `post count:\n${itemText}`);
  await assertAccessible(amyPage, 'the threads list');
  await screenshots(amyPage, t, 'conversations-05-threads', { failOnOverflow: true });
});

test('no conversation page asks for anything outside the hospital server or breaks its own policy', () => {
  assert.deepEqual(externalRequests, [], `requests to other hosts: ${externalRequests.join(', ')}`);
  assert.deepEqual(pageProblems, [], `CSP violations or script errors:\n${pageProblems.join('\n')}`);
});
