// HTTP-level helpers of naughty.test.mjs: a browser-like client (cookie jar,
// CSRF token from the form, redirects followed by hand) and the checks on the
// HTML it gets back. No browser: ~500 strings through every form field are
// far too many for Chromium in a few minutes.

import assert from 'node:assert/strict';

// Follows at most this many redirects per request.
const kMaxRedirects = 5;

// One signed-in (or signed-out) person: cookies are kept across requests like
// a browser's.
export class Client {
  constructor(baseUrl, name = 'anonymous') {
    this.baseUrl = baseUrl;
    this.name = name;
    this.cookies = new Map();
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keepCookies(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const key = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, value);
    }
  }

  // One request; redirects are followed (as GET) with the cookies. Returns
  // { status, url, html, redirected, location } of the last response, and
  // `first`: the status of the first response (303 after a saved form).
  async request(method, path, body) {
    let url = new URL(path, this.baseUrl).href;
    let first = null;
    let redirected = false;
    let location = null;
    for (let hop = 0; ; ++hop) {
      const headers = { cookie: this.cookieHeader() };
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(url, { method, headers, body, redirect: 'manual' });
      this.keepCookies(response);
      first ??= response.status;
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        assert.ok(hop < kMaxRedirects, `${method} ${path}: too many redirects`);
        await response.arrayBuffer();
        location = response.headers.get('location');
        url = new URL(location, url).href;
        method = 'GET';
        body = undefined;
        redirected = true;
        continue;
      }
      const html = await response.text();
      return { status: response.status, first, url, html, redirected, location };
    }
  }

  get(path) {
    return this.request('GET', path);
  }

  // POSTs `fields` (an object or [name, value] pairs), adding the CSRF token
  // of the form at `formPath` (fetched first unless `csrf` is given).
  async post(path, fields, { formPath = path, csrf } = {}) {
    if (csrf === undefined) {
      const form = await this.get(formPath);
      assert.equal(form.status, 200, `${this.name}: GET ${formPath} answered ${form.status}`);
      csrf = csrfToken(form.html, `${formPath}`);
    }
    const params = new URLSearchParams();
    params.append('csrf_token', csrf);
    for (const [k, v] of Array.isArray(fields) ? fields : Object.entries(fields)) params.append(k, v);
    return this.request('POST', path, params.toString());
  }

  async signIn(username, password) {
    const response = await this.post('/signin', { username, password });
    assert.ok(response.redirected && !new URL(response.url).pathname.startsWith('/signin'),
              `${username} could not sign in (status ${response.status}, at ${response.url})`);
    this.name = username;
    return response;
  }
}

export function csrfToken(html, where = 'the page') {
  const match = /name="csrf_token" value="([^"]*)"/.exec(html);
  assert.ok(match, `no CSRF token on ${where}`);
  return match[1];
}

const kNamedEntities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

// The text of HTML character references decoded (the few a template emits:
// named &amp; &lt; &gt; &quot; &apos; &nbsp;, and numeric ones).
export function htmlUnescape(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return kNamedEntities[ref.toLowerCase()] ?? whole;
  });
}

// What form validation stores for `value` (form_validation.cpp check_text):
// \r\n and lone \r become \n, then ASCII white space is trimmed at both ends.
export function normalized(value) {
  return value.replace(/\r\n?/g, '\n').replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '');
}

// The value of the form control `name` on a page: an <input>'s value
// attribute or a <textarea>'s content, HTML-unescaped; undefined when the page
// has no such control.
export function controlValue(html, name) {
  const escapedName = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const input = new RegExp(`<input\\b[^>]*\\bname="${escapedName}"[^>]*>`).exec(html);
  if (input) {
    const value = /\bvalue="([^"]*)"/.exec(input[0]);
    return value ? htmlUnescape(value[1]) : '';
  }
  const textarea = new RegExp(`<textarea\\b[^>]*\\bname="${escapedName}"[^>]*>([^<]*)</textarea>`).exec(html);
  if (textarea) return htmlUnescape(textarea[1]);
  return undefined;
}

// The fields named in the page's error summary (layout/error-summary:
// <li><a href="#field">message</a></li>), as field → message.
export function summaryErrors(html) {
  const errors = new Map();
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html);
  if (!summary) return errors;
  for (const m of summary[0].matchAll(/<li><a href="#([^"]*)">([^<]*)<\/a><\/li>/g)) {
    if (!errors.has(m[1])) errors.set(m[1], htmlUnescape(m[2]));
  }
  return errors;
}

// The per-field messages (<p class="field-error" id="FIELD-error">), as
// field id → message.
export function fieldErrors(html) {
  const errors = new Map();
  for (const m of html.matchAll(/<p class="field-error" id="([^"]+)-error">([\s\S]*?)<\/p>/g)) {
    errors.set(m[1], htmlUnescape(m[2].replace(/<[^>]*>/g, '')).trim());
  }
  return errors;
}

export function hasPhiWarning(html) {
  return html.includes('class="phi-warning"');
}

export function phiMayConfirm(html) {
  return html.includes('id="phi_confirmed"');
}

// Does `value` carry markup that would do something if it reached the page
// unescaped (a tag, or a quote that could close an attribute)?
export function isMarkup(value) {
  return /<[a-zA-Z!/?]/.test(value) || (value.includes('"') && /\S=/.test(value)) ||
         (/[<>"]/.test(value) && value.length >= 4);
}

// Fails when the page holds `value` verbatim while it carries markup: every
// template escapes what it shows, so a naughty string with a tag or quote in
// it must only ever appear as &lt; &quot; …. `baseline` is a page of the same
// kind before any naughty string was stored: what it already contains
// verbatim (e.g. "<br>" in the layout) proves nothing.
export function assertEscaped(html, value, what, baseline = '') {
  assertNoActiveContent(html, what);
  if (!isMarkup(value) || baseline.includes(value)) return;
  assert.ok(!html.includes(value), `${what}: ${JSON.stringify(value)} appears unescaped in the page`);
  const tag = /<(script|img|iframe|svg|object|embed|a|body|div|input|style|meta|link)\b/i.exec(value);
  if (tag) {
    // The string's own opening tag must not have become an element.
    const opening = value.slice(tag.index, value.indexOf('>', tag.index) + 1 || undefined);
    if (opening.length > tag[0].length + 2 && !baseline.includes(opening)) {
      assert.ok(!html.includes(opening), `${what}: ${JSON.stringify(opening)} (from ${JSON.stringify(value)}) ` +
                                        'appears unescaped in the page');
    }
  }
}

// The controls of the form whose action is `action` on a page, with the
// values a browser would submit unchanged: [name, value] pairs (text inputs,
// textareas, checked radios and checkboxes, selected options; no CSRF token,
// no buttons, no file inputs).
export function formFields(html, action) {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
  const form = forms.find((m) => htmlUnescape(/action="([^"]*)"/.exec(m[1])?.[1] ?? '') === action);
  assert.ok(form, `no form with action ${action} on the page (forms: ${
    forms.map((m) => /action="([^"]*)"/.exec(m[1])?.[1]).join(', ')})`);
  const body = form[2];
  const fields = [];
  for (const m of body.matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
    const [, tag, attributes] = m;
    const rest = body.slice(m.index + m[0].length);
    const textareaText = tag === 'textarea' ? rest.slice(0, rest.indexOf('</textarea>')) : undefined;
    const options = tag === 'select' ? rest.slice(0, rest.indexOf('</select>')) : undefined;
    const name = /\bname="([^"]*)"/.exec(attributes)?.[1];
    if (!name || name === 'csrf_token') continue;
    if (tag === 'textarea') {
      fields.push([name, htmlUnescape(textareaText ?? '')]);
    } else if (tag === 'select') {
      const all = [...(options ?? '').matchAll(/<option\b([^>]*)>([^<]*)/g)];
      const chosen = all.find((o) => /\bselected\b/.test(o[1])) ?? all[0];
      if (chosen) fields.push([name, htmlUnescape(/\bvalue="([^"]*)"/.exec(chosen[1])?.[1] ?? chosen[2])]);
    } else {
      const type = /\btype="([^"]*)"/.exec(attributes)?.[1] ?? 'text';
      if (['submit', 'button', 'file', 'image', 'reset'].includes(type)) continue;
      if ((type === 'radio' || type === 'checkbox') && !/\bchecked\b/.test(attributes)) continue;
      const value = /\bvalue="([^"]*)"/.exec(attributes)?.[1];
      fields.push([name, htmlUnescape(value ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''))]);
    }
  }
  return fields;
}

// `fields` with the values of `changes` (name → value) in place of theirs;
// names not yet present are added.
export function withValues(fields, changes) {
  const out = fields.filter(([name]) => !(name in changes));
  for (const [name, value] of Object.entries(changes)) {
    if (Array.isArray(value)) for (const v of value) out.push([name, v]);
    else out.push([name, value]);
  }
  return out;
}

// Fails when a page holds markup that runs script: an inline <script>, an
// on…= event handler attribute, or a javascript:/vbscript:/data: URL in a
// link or source. Hearth's own pages have none (its Content-Security-Policy
// allows scripts from its own files only), so any of them came from input.
export function assertNoActiveContent(html, what) {
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g)) {
    const [tag, name, attributes] = m;
    const shown = tag.slice(0, 120);
    assert.ok(!(name.toLowerCase() === 'script' && !/\bsrc=/i.test(attributes)), `${what}: an inline script: ${shown}`);
    for (const a of attributes.matchAll(/([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const attribute = a[1].toLowerCase();
      const value = htmlUnescape((a[2] ?? '').replace(/^["']|["']$/g, '')).trim();
      assert.ok(!attribute.startsWith('on'), `${what}: an event handler attribute: ${shown}`);
      if (['href', 'src', 'action', 'formaction', 'srcdoc', 'xlink:href', 'data'].includes(attribute)) {
        assert.ok(!/^(javascript|vbscript|data):/i.test(value.replace(/[\s\u0000-\u001f]/g, '')),
                  `${what}: a script URL: ${shown}`);
      }
    }
  }
}
