// The widget dropped into pages it does not control (issue 9): <partnerscope-survey> in a shadow
// root, events to the host page, responses posted to an endpoint through a durable outbox,
// strict Content-Security-Policy, hostile CSS and hostile questionnaires, and the custom single
// file. Real Chromium; every server is started here on 127.0.0.1 and stopped here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  launch, serveDist, openPage, axe, completeDemo, completeDemoByKeyboard, shadowHelpers, answer, ANSWERS, ROOT, DIST,
} from './harness.mjs';
import { startEndpoint, freePort, until } from './endpoint.mjs';

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'";
const OFFLINE = 'Saved on this device. Your answers will be sent when you are online again';
const RETRY = 'Not sent yet: the server could not be reached.';
const SENT = 'Sent. Your answers have reached the organisation that runs this survey.';
const CUSTOM = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/custom-instrument.json'), 'utf8'));

let browser;
let server;
/** Test pages and files served beside dist/, by path; tests add to it. */
const pages = {};
/** Responses posted to the same-origin endpoint `/t/responses`. */
const sameOrigin = [];

before(async () => {
  browser = await launch();
  server = await serveDist({
    pages,
    handle: (req, res, body) => {
      if (req.url !== '/t/responses') return false;
      sameOrigin.push({ headers: req.headers, body: JSON.parse(body) });
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"stored":true}');
      return true;
    },
  });
});
after(async () => { await browser?.close(); await server?.close(); });

/** A host page loading the embed script as an intranet editor would. */
function embedPage({ body, csp = '', module = false, head = '' }) {
  const script = module
    ? '<script type="module" src="/embed/partnerscope.js"></script>'
    : '<script src="/embed/partnerscope.js" defer></script>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${csp ? `<meta http-equiv="Content-Security-Policy" content="${csp}">` : '<link rel="icon" href="data:,">'}
<title>Embedding test</title>${head}${script}</head><body><main><h1>Embedding test</h1>${body}</main></body></html>`;
}

/** A fresh context whose pages report every Partnerscope event and every CSP violation. */
async function recordingContext(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const events = [];
  await context.exposeBinding('psRecord', (_source, event) => events.push(event));
  await context.addInitScript(shadowHelpers);
  await context.addInitScript(() => {
    for (const name of ['start', 'change', 'complete', 'delivered', 'error']) {
      document.addEventListener(`partnerscope-${name}`, (e) => {
        window.psRecord({ name, widget: e.composedPath()[0]?.id ?? '', bubbles: e.bubbles, composed: e.composed, detail: e.detail });
      });
    }
    document.addEventListener('securitypolicyviolation', (e) => {
      window.psRecord({ name: 'csp', detail: { directive: e.violatedDirective, blocked: e.blockedURI } });
    });
  });
  return { context, events };
}

test('offline, reload, close and reopen: every completed response arrives exactly once, and the events come in order', async (t) => {
  const flaky = await startEndpoint({ failFirst: 2 });
  t.after(() => flaky.close());
  const laterPort = await freePort();
  pages['/t/outbox.html'] = embedPage({
    body: `<partnerscope-survey id="a" instrument="demo" submit-url="${flaky.url}"></partnerscope-survey>
      <partnerscope-survey id="b" instrument="demo" submit-url="http://127.0.0.1:${laterPort}/responses"></partnerscope-survey>`,
  });
  const { context, events } = await recordingContext();
  t.after(() => context.close());
  let page = await context.newPage();
  await page.goto(`${server.url}t/outbox.html`);
  const a = page.locator('#a');
  const b = page.locator('#b');
  await a.getByRole('button', { name: 'Start' }).waitFor();

  // Offline: three responses in two widgets, each kept on the device.
  await context.setOffline(true);
  await completeDemo(a);
  await a.getByText(OFFLINE).waitFor();
  await a.getByRole('button', { name: 'Start a new response' }).click();
  await completeDemo(a);
  await completeDemo(b);
  await b.getByText(OFFLINE).waitFor();
  assert.equal(await a.getByText(OFFLINE).count(), 1);
  assert.equal(flaky.attempts.length, 0, 'nothing is sent while offline');

  // Online, but neither endpoint reachable: a reload, then the page closed and opened again.
  const blocked = (url) => url.port === String(flaky.port) || url.port === String(laterPort);
  const abort = (route) => route.abort('internetdisconnected');
  await context.route(blocked, abort);
  await context.setOffline(false);
  await page.reload();
  await page.locator('#a').getByText(RETRY).waitFor();
  await page.locator('#b').getByText(RETRY).waitFor();
  await page.close();
  page = await context.newPage();
  await page.goto(`${server.url}t/outbox.html`);
  await page.locator('#b').getByText(RETRY).waitFor();
  assert.equal(flaky.attempts.length, 0, 'nothing reached the endpoint while it was out of reach');

  // The endpoints come back (the second one only now exists) and so does the connection.
  await context.unroute(blocked, abort);
  const later = await startEndpoint({ port: laterPort });
  t.after(() => later.close());
  await context.setOffline(true);
  await context.setOffline(false);
  await until(() => flaky.stored.size === 2 && later.stored.size === 1, 'all three responses stored', 40_000);
  await page.locator('#a').getByText(SENT).waitFor();
  await page.locator('#b').getByText(SENT).waitFor();
  // Nothing more is sent once stored.
  const settled = flaky.attempts.length + later.attempts.length;
  await page.waitForTimeout(1500);
  assert.equal(flaky.attempts.length + later.attempts.length, settled);

  const completed = events.filter((e) => e.name === 'complete');
  const ids = completed.map((e) => e.detail.response.id);
  assert.equal(new Set(ids).size, 3, 'three different responses were completed');
  assert.deepEqual([...flaky.stored.keys(), ...later.stored.keys()].sort(), [...ids].sort());
  for (const endpoint of [flaky, later]) {
    for (const id of endpoint.stored.keys()) {
      assert.equal(endpoint.attempts.filter((x) => x.id === id && x.status === 201).length, 1, `${id} stored once`);
    }
  }
  assert.equal(flaky.attempts.filter((x) => x.status === 503).length, 2, 'the failing endpoint was retried');
  for (const [id, { body, headers }] of [...flaky.stored, ...later.stored]) {
    assert.equal(body.id, id);
    assert.match(headers['content-type'], /^application\/json/);
    assert.equal(headers.cookie, undefined, 'no cookie unless the page opts in');
    assert.equal(headers.referer, undefined, 'no Referer');
  }
  // Per response: start, then changes, then complete; each delivered once it was stored.
  for (const id of ids) {
    const own = events.filter((e) => e.detail?.id === id || e.detail?.response?.id === id);
    const names = own.map((e) => e.name).filter((n) => n !== 'error');
    assert.equal(names[0], 'start', `${id}: ${names}`);
    assert.ok(names.indexOf('complete') > names.lastIndexOf('change'), `${id}: ${names}`);
    assert.ok(names.indexOf('delivered') > names.indexOf('complete'), `${id}: ${names}`);
    assert.ok(own.every((e) => e.bubbles && e.composed));
  }
  const complete = completed[0].detail;
  assert.equal(complete.response.instrument, 'demo');
  assert.equal(complete.scores.overall.score, 4.166667);
  assert.deepEqual(complete.scores.dimensions.map((d) => d.id), ['purpose', 'results']);
});

test('a refused response is kept with the server\'s reason, offered for download, and removed only when asked', async (t) => {
  const refusing = await startEndpoint({ refuse: { status: 422, body: '{"error":"invalid","reason":"answer p1 is out of range"}' } });
  t.after(() => refusing.close());
  pages['/t/refused.html'] = embedPage({ body: `<partnerscope-survey id="r" instrument="demo" submit-url="${refusing.url}"></partnerscope-survey>` });
  const { context, events } = await recordingContext({ acceptDownloads: true });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(`${server.url}t/refused.html`);
  await completeDemo(page);
  const refusedText = 'The server did not accept your answers (answer p1 is out of range).';
  await page.getByText(refusedText).waitFor();
  const error = events.find((e) => e.name === 'error' && e.detail.kind === 'delivery-refused');
  assert.equal(error.detail.status, 422);
  assert.equal(error.detail.reason, 'answer p1 is out of range');
  await page.waitForTimeout(2500);
  assert.equal(refusing.attempts.length, 1, 'a refusal is not retried on its own');
  // The answers can still be downloaded from the results.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my answers (JSON)' }).click()]);
  assert.match(file.suggestedFilename(), /^partnerscope-demo-\d{4}-\d\d-\d\d\.json$/);
  // Later: the welcome page says so and offers it again.
  await page.reload();
  await page.getByText(refusedText).waitFor();
  await page.getByRole('button', { name: 'Start a new response' }).click();
  const held = page.getByRole('region', { name: 'A response you completed earlier was not accepted' });
  await held.getByText('answer p1 is out of range').waitFor();
  const [again] = await Promise.all([page.waitForEvent('download'), held.getByRole('button', { name: 'Download that response' }).click()]);
  const kept = JSON.parse(await readFile(await again.path(), 'utf8'));
  assert.equal(kept.instrument, 'demo');
  assert.equal(Object.keys(kept.answers).length, 6);
  await held.getByRole('button', { name: 'Remove it from this device' }).click();
  await held.waitFor({ state: 'detached' });
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':outbox:'))), []);
});

for (const module of [false, true]) {
  test(`strict CSP, ${module ? 'module' : 'classic'} script: zero violations, and the response reaches a same-origin endpoint`, async () => {
    const path = `/t/strict-${module ? 'module' : 'classic'}.html`;
    pages[path] = embedPage({ csp: STRICT_CSP, module, body: '<partnerscope-survey instrument="demo" submit-url="/t/responses"></partnerscope-survey>' });
    const { context, events } = await recordingContext();
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error' && !/favicon/.test(m.text())) errors.push(m.text()); });
    await page.goto(server.url + path.slice(1));
    const before = sameOrigin.length;
    await completeDemo(page);
    await page.getByText(SENT).waitFor();
    assert.equal(sameOrigin.length, before + 1);
    assert.equal(sameOrigin.at(-1).body.instrument, 'demo');
    // The demo pages shipped in dist/ under the same policy.
    for (const shipped of ['strict-csp.html', 'strict-csp-module.html']) {
      await page.goto(server.url + shipped);
      await page.getByRole('button', { name: 'Start' }).waitFor();
    }
    assert.deepEqual(events.filter((e) => e.name === 'csp'), []);
    assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
    await context.close();
  });
}

test('host CSS does not reach in, widget CSS does not leak out, and the theme\'s custom properties do reach in', async () => {
  const { context, page } = await openPage(browser, `${server.url}demo-intranet.html`);
  await page.getByRole('button', { name: 'Start' }).waitFor();
  await page.getByRole('button', { name: 'Commencer' }).waitFor();
  const styles = await page.evaluate(() => {
    const [plain, themed] = document.querySelectorAll('partnerscope-survey');
    const inside = (host, selector) => getComputedStyle(host.shadowRoot.querySelector(selector));
    const pick = (s) => ({ font: s.fontFamily, size: s.fontSize, color: s.color, spacing: s.letterSpacing, bg: s.backgroundColor, radius: s.borderTopLeftRadius, display: s.display });
    return {
      plainHeading: pick(inside(plain, 'h2')),
      plainButton: pick(inside(plain, '.ps-primary')),
      plainText: pick(inside(plain, '.ps-root')),
      themedButton: pick(inside(themed, '.ps-primary')),
      hostLookalike: pick(getComputedStyle(document.querySelector('span.ps-root.ps-button'))),
      hostHeading: pick(getComputedStyle(document.querySelectorAll('h2')[1])),
      plainHost: pick(getComputedStyle(plain)),
    };
  });
  // The page's `* { letter-spacing: 0.2em !important }`, 60 px headings, Comic Sans and its red
  // text stop at the shadow root; `.hostile-zone * { all: unset }` does not unmake the element.
  assert.equal(styles.plainHeading.size, '24px');
  assert.equal(styles.plainHeading.spacing, 'normal');
  assert.doesNotMatch(styles.plainHeading.font, /Comic/);
  assert.equal(styles.plainText.color, 'rgb(29, 36, 48)');
  assert.equal(styles.plainText.size, '16px');
  assert.equal(styles.plainButton.bg, 'rgb(31, 95, 174)');
  assert.equal(styles.plainHost.display, 'block');
  // The theme set on the element reaches in.
  assert.equal(styles.themedButton.bg, 'rgb(122, 31, 92)');
  assert.match(styles.themedButton.font, /Georgia/);
  assert.equal(styles.themedButton.radius, '0px');
  // The widget's class names on a page element get none of the widget's styles.
  assert.equal(styles.hostLookalike.bg, 'rgba(0, 0, 0, 0)');
  assert.equal(styles.hostLookalike.radius, '0px');
  assert.equal(styles.hostHeading.size, '60px');
  await context.close();
});

/** `doc` with every localised text replaced by hostile markup and a very long word. */
function hostile(doc) {
  const nasty = (text) => `<script>window.pwned=1</script><img src=x onerror="window.pwned=2"><a href="javascript:window.pwned=3">link</a> ${'Partnershipsupercalifragilistic'.repeat(12)} ${text}`;
  const walk = (value) => {
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length && keys.every((k) => doc.locales.includes(k)) && keys.every((k) => typeof value[k] === 'string')) {
        return Object.fromEntries(keys.map((k) => [k, nasty(value[k])]));
      }
      return Object.fromEntries(keys.map((k) => [k, walk(value[k])]));
    }
    return value;
  };
  return walk(doc);
}

test('a hostile questionnaire from instrument-src renders as inert text without breaking the layout; an invalid or missing one says what is wrong', async () => {
  pages['/t/hostile.json'] = JSON.stringify(hostile(CUSTOM));
  const invalid = structuredClone(CUSTOM);
  invalid.scoring.bands[1].from = 9;
  invalid.dimensions[0].items[1].id = 's1';
  invalid.dimensions[1].weight = -2;
  pages['/t/invalid.json'] = JSON.stringify(invalid);
  pages['/t/hostile.html'] = embedPage({ body: '<partnerscope-survey id="h" instrument-src="/t/hostile.json"></partnerscope-survey>' });
  pages['/t/invalid.html'] = embedPage({
    body: `<partnerscope-survey id="i" instrument-src="/t/invalid.json"></partnerscope-survey>
      <partnerscope-survey id="m" instrument-src="/t/missing.json"></partnerscope-survey>
      <partnerscope-survey id="u" instrument="no-such-thing"></partnerscope-survey>`,
  });
  const { context, events } = await recordingContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(`${server.url}t/hostile.html`);
  await page.getByRole('button', { name: 'Start' }).waitFor();
  const overflow = () => page.evaluate(() => document.scrollingElement.scrollWidth - innerWidth);
  assert.ok((await overflow()) <= 0, `the welcome page scrolls sideways by ${await overflow()} px`);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('radio', { name: /I work for Acme/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { level: 2, name: /Sharing/ }).waitFor();
  assert.ok((await overflow()) <= 0, `the questions scroll sideways by ${await overflow()} px`);
  const inert = await page.evaluate(() => {
    const root = document.querySelector('#h').shadowRoot;
    return {
      pwned: window.pwned,
      images: root.querySelectorAll('img').length,
      scripts: root.querySelectorAll('script').length,
      links: root.querySelectorAll('a[href]').length,
      handlers: [...root.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      legend: root.querySelector('legend').textContent,
    };
  });
  assert.deepEqual({ ...inert, legend: undefined }, { pwned: undefined, images: 0, scripts: 0, links: 0, handlers: 0, legend: undefined });
  assert.match(inert.legend, /<script>window\.pwned=1<\/script><img src=x onerror=/);
  assert.deepEqual(dialogs, []);

  await page.goto(`${server.url}t/invalid.html`);
  const invalidWidget = page.locator('#i');
  await invalidWidget.getByRole('heading', { name: 'This survey cannot be shown' }).waitFor();
  await invalidWidget.getByText(/not a valid Partnerscope questionnaire \([3-9] problems\)/).waitFor();
  for (const path of ['scoring.bands[1].from', 'dimensions[0].items[1].id: the id "s1" is used twice', 'dimensions[1].weight']) {
    await invalidWidget.getByText(path, { exact: false }).first().waitFor();
  }
  await page.locator('#m').getByText(/could not be loaded: the server answered 404/).waitFor();
  await page.locator('#u').getByText(/There is no built-in questionnaire "no-such-thing"; the built-in ones are /).waitFor();
  const kinds = events.filter((e) => e.name === 'error').map((e) => `${e.widget}:${e.detail.kind}`).sort();
  assert.deepEqual(kinds, ['i:instrument-invalid', 'm:instrument-load', 'u:setup']);
  const problems = events.find((e) => e.widget === 'i').detail.problems;
  assert.ok(problems.length >= 3, JSON.stringify(problems));
  const violations = await axe(page);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
  await context.close();
});

test('inside the shadow root: axe-core finds nothing on any screen at 1280 and 360 px, and the keyboard alone completes the survey', async (t) => {
  const refusing = await startEndpoint({ refuse: { status: 400, body: 'malformed' } });
  t.after(() => refusing.close());
  pages['/t/a11y.html'] = embedPage({ body: '<partnerscope-survey instrument="demo" submit-url="/t/responses"></partnerscope-survey>' });
  pages['/t/a11y-held.html'] = embedPage({ body: `<partnerscope-survey instrument="demo" submit-url="${refusing.url}"></partnerscope-survey>` });
  for (const width of [1280, 360]) {
    const { context, page } = await openPage(browser, `${server.url}t/a11y.html`, { width, height: 800 });
    t.after(() => context.close());
    const screens = [];
    await completeDemo(page, async (name) => {
      if (name === 'results') await page.getByText(SENT).waitFor();
      screens.push([name, await axe(page)]);
    });
    // Delivered: nothing of it is kept on the device, so the next page starts afresh.
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
    await page.goto(`${server.url}t/a11y-held.html`);
    await completeDemo(page);
    await page.getByText('The server did not accept your answers (malformed).').waitFor();
    screens.push(['refused', await axe(page)]);
    await page.getByRole('button', { name: 'Start a new response' }).click();
    await page.getByRole('region', { name: 'A response you completed earlier was not accepted' }).waitFor();
    screens.push(['held', await axe(page)]);
    assert.equal(screens.length, 6);
    for (const [name, violations] of screens) assert.deepEqual(violations, [], `${name} at ${width} px: ${JSON.stringify(violations, null, 1)}`);
    await context.close();
  }
  const { context, page } = await openPage(browser, `${server.url}t/a11y.html`);
  await completeDemoByKeyboard(page);
  await page.getByText(SENT).waitFor();
  await context.close();
});

test('Partnerscope.mount with options, several widgets apart, the page\'s group and round in the response, no cookie sent', async () => {
  pages['/t/api.html'] = embedPage({
    head: '<script src="/t/api.js" defer></script>',
    body: '<div id="one"></div><div id="two"></div><partnerscope-survey id="three" instrument="health-check" lang="fr"></partnerscope-survey>',
  });
  pages['/t/api.js'] = `document.cookie = 'session=secret; path=/';
    addEventListener('DOMContentLoaded', () => {
      Partnerscope.mount(document.getElementById('one'), { instrumentJson: ${JSON.stringify(JSON.stringify(CUSTOM))}, group: 'partner', round: '2026 spring', submitUrl: '/t/responses' });
      Partnerscope.mount(document.getElementById('two'), { instrument: 'demo', group: 'nobody' });
    });`;
  const { context, page } = await openPage(browser, `${server.url}t/api.html`);
  const one = page.locator('#one');
  await one.getByRole('button', { name: 'Start' }).click();
  // The group is the page's: not asked, and with no context question the profile page is skipped.
  await one.getByRole('heading', { level: 2, name: 'Sharing' }).waitFor();
  for (const group of await one.getByRole('group').all()) await group.getByRole('radio', { name: 'Agree', exact: true }).check();
  await one.getByRole('button', { name: 'Next' }).click();
  for (const group of await one.getByRole('group').all()) await group.getByRole('radio', { name: 'Strongly agree' }).check();
  await one.getByRole('button', { name: 'Review' }).click();
  const before = sameOrigin.length;
  await one.getByRole('button', { name: 'Finish and see results' }).click();
  await one.getByText(SENT).waitFor();
  const posted = sameOrigin[before];
  assert.equal(posted.body.instrument, 'acme-network-pulse');
  assert.equal(posted.body.group, 'partner');
  assert.equal(posted.body.round, '2026 spring');
  assert.equal(posted.headers['idempotency-key'], posted.body.id);
  assert.equal(posted.headers.cookie, undefined, 'credentials are omitted by default');
  // A group the questionnaire does not have is the page author's mistake, said in place.
  await page.locator('#two').getByText('The page sets the group "nobody", which questionnaire "demo" does not have.').waitFor();
  // The third widget is untouched by the other two, in its own language.
  await page.locator('#three').getByRole('button', { name: 'Commencer' }).waitFor();
  await context.close();
});

test('the custom single file built with --instrument works from disk with zero requests; the offline file makes none either', async () => {
  const custom = join(DIST, `partnerscope-${CUSTOM.id}.html`);
  assert.ok(existsSync(custom), `${custom} is missing: cargo xtask test builds it with --instrument tests/fixtures/custom-instrument.json`);
  for (const [file, title] of [[custom, 'Acme network pulse'], [join(DIST, 'partnerscope.html'), 'Fit for Partnering']]) {
    const url = pathToFileURL(file).href;
    const { context, page, requests, errors } = await openPage(browser, url);
    await page.getByRole('heading', { level: 2, name: title }).waitFor();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('radio').first().waitFor();
    assert.deepEqual(requests, [], `${file} made requests`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

// Issue 24, item 6: storage refusing the completed response must never be reported as "saved".
const UNSAVED = 'Not saved on this device: if you close this page before your answers are sent, they are lost.';

test('storage full at completion: never "saved", the code and the download at once, sent from memory, and a reload loses nothing', async (t) => {
  const endpoint = await startEndpoint();
  t.after(() => endpoint.close());
  pages['/t/full.html'] = embedPage({ body: `<partnerscope-survey id="f" instrument="demo" submit-url="${endpoint.url}"></partnerscope-survey>` });
  const { context, events } = await recordingContext();
  t.after(() => context.close());
  // The store takes the draft but refuses the completed response, as a nearly full store does.
  await context.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (String(key).includes(':outbox:')) throw new DOMException('full', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  // The endpoint is out of reach at first.
  let attempts = 0;
  const blocked = (url) => url.port === String(endpoint.port);
  const abort = (route) => { attempts += 1; return route.abort('internetdisconnected'); };
  await context.route(blocked, abort);
  const page = await context.newPage();
  await page.goto(`${server.url}t/full.html`);
  await completeDemo(page);
  await until(() => attempts > 0, 'a first attempt');
  const widget = page.locator('#f');
  await widget.getByText(UNSAVED).waitFor();
  // Whatever happens to the attempts, it is never said to be saved on the device.
  await until(() => attempts > 1, 'a retry');
  assert.equal(await widget.getByText(/^Saved on this device/).count(), 0);
  assert.equal(await widget.getByText(RETRY).count(), 0);
  await widget.getByText(UNSAVED).waitFor();
  // The code and the download come at once, before the scores.
  const code = await widget.getByRole('textbox', { name: 'Response code' }).boundingBox();
  const download = await widget.getByRole('button', { name: 'Download my answers (JSON)' }).boundingBox();
  const overall = await widget.locator('.ps-overall').boundingBox();
  assert.ok(code.y < overall.y && download.y < overall.y, 'the code and the download come before the scores');
  assert.ok(events.some((e) => e.name === 'error' && e.detail.kind === 'storage'), 'the page hears it too');
  const violations = await axe(page);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
  // The page closes before it is sent: the answers are still on the device (the earlier draft),
  // on the review page, never "Sending..." for a response that is nowhere.
  await page.reload();
  await widget.getByRole('heading', { name: 'Check your answers' }).waitFor();
  assert.equal(await widget.getByText('Sending your answers').count(), 0);
  // The endpoint is back: finishing again sends it, from memory, once.
  await context.unroute(blocked, abort);
  await widget.getByRole('button', { name: 'Finish and see results' }).click();
  await widget.getByText(SENT).waitFor();
  assert.equal(endpoint.stored.size, 1);
  const [[id, { body }]] = [...endpoint.stored];
  assert.equal(body.id, id);
  assert.equal(Object.keys(body.answers).length, 6);
  // Delivered: the draft it was finished from goes too.
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
});

// Issue 24, item 7: a second tab on the same draft must not lose its answers silently.
test('two tabs on one response: the tab that goes on after the other finished sends its answers as a response of its own, and says so', async (t) => {
  const endpoint = await startEndpoint();
  t.after(() => endpoint.close());
  pages['/t/tabs.html'] = embedPage({ body: `<partnerscope-survey id="w" instrument="demo" submit-url="${endpoint.url}"></partnerscope-survey>` });
  const { context } = await recordingContext();
  t.after(() => context.close());
  const a = await context.newPage();
  await a.goto(`${server.url}t/tabs.html`);
  await a.getByRole('button', { name: 'Start' }).click();
  await a.getByRole('heading', { name: 'Shared purpose' }).waitFor();
  for (const [q, x] of ANSWERS.slice(0, 3)) await answer(a, q, x);
  // Tab B opens the same page and resumes A's draft.
  const b = await context.newPage();
  await b.goto(`${server.url}t/tabs.html`);
  await b.getByRole('heading', { name: 'Shared purpose' }).waitFor();
  assert.ok(await b.getByRole('group', { name: ANSWERS[0][0] }).getByRole('radio', { name: ANSWERS[0][1], exact: true }).isChecked());
  // A finishes and sends.
  await a.getByRole('button', { name: 'Next' }).click();
  for (const [q, x] of ANSWERS.slice(3)) await answer(a, q, x);
  await a.getByRole('button', { name: 'Review' }).click();
  await a.getByRole('button', { name: 'Finish and see results' }).click();
  await a.getByText(SENT).waitFor();
  // B goes on with other answers, and is told plainly.
  await answer(b, ANSWERS[0][0], 'Strongly disagree');
  await b.getByText('This survey was finished or erased in another tab.').waitFor();
  await b.getByRole('button', { name: 'Next' }).click();
  for (const [q] of ANSWERS.slice(3)) await answer(b, q, 'Disagree');
  await b.getByRole('button', { name: 'Review' }).click();
  await b.getByRole('button', { name: 'Finish and see results' }).click();
  await b.getByText(SENT).waitFor();
  assert.equal(endpoint.stored.size, 2, 'both responses stored');
  const [first, second] = [...endpoint.stored.values()].map((r) => r.body);
  assert.notEqual(first.id, second.id);
  const bs = [first, second].find((r) => r.answers['purpose-1'] === 1);
  assert.ok(bs, `B's answers arrived: ${JSON.stringify([first, second])}`);
  assert.equal(bs.answers['results-1'], 2);
  const violations = await axe(b);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
});

// Issue 24, item 9: a host page that polluted prototypes or broke crypto.
test('a hostile host page: options are its own properties only, no survey without a working random source, a plain message when Object.prototype.then is set, a 409 is never "sent"', async (t) => {
  // An endpoint that would take the page's cookies too, as one set up to collect them would.
  const evil = await startEndpoint({ credentials: true });
  t.after(() => evil.close());
  const { context, events } = await recordingContext();
  t.after(() => context.close());
  const page = await context.newPage();

  // Object.prototype.submitUrl set by the page: Partnerscope.mount without submitUrl sends nothing.
  pages['/t/proto.html'] = embedPage({
    head: `<script>Object.prototype.submitUrl = ${JSON.stringify(evil.url)}; Object.prototype.submitCredentials = 'include';</script><script src="/t/proto.js" defer></script>`,
    body: '<div id="p"></div>',
  });
  pages['/t/proto.js'] = "addEventListener('DOMContentLoaded', () => Partnerscope.mount(document.getElementById('p'), { instrument: 'demo' }));";
  await page.goto(`${server.url}t/proto.html`);
  await completeDemo(page.locator('#p'));
  await page.locator('#p').getByText('Nothing has been sent').waitFor();
  await page.waitForTimeout(1000);
  assert.deepEqual(evil.requests, [], 'nothing went to the URL on Object.prototype');

  // A broken crypto.getRandomValues (it leaves the array unfilled): the survey does not start.
  pages['/t/random.html'] = embedPage({
    head: '<script>crypto.getRandomValues = (array) => array;</script>',
    body: '<partnerscope-survey id="r" instrument="demo" submit-url="/t/responses"></partnerscope-survey>',
  });
  await page.goto(`${server.url}t/random.html`);
  const broken = page.locator('#r');
  await broken.getByRole('heading', { name: 'This survey cannot be shown' }).waitFor();
  await broken.getByText('crypto.getRandomValues gives no usable random numbers').waitFor();
  assert.equal(await broken.getByRole('button', { name: 'Start' }).count(), 0);
  assert.ok(events.some((e) => e.name === 'error' && e.widget === 'r' && e.detail.problems.some((p) => p.includes('crypto.getRandomValues'))));
  assert.deepEqual(await axe(page), []);

  // Object.prototype.then: no promise can settle; the widget says so instead of staying blank.
  pages['/t/then.html'] = embedPage({
    head: '<script>Object.prototype.then = function () {};</script>',
    body: '<partnerscope-survey id="h" instrument="demo"></partnerscope-survey>',
  });
  await page.goto(`${server.url}t/then.html`);
  await page.locator('#h').getByRole('alert').getByText('The survey could not start in this browser.').waitFor();

  // A 409 (a different response under this id) is a refusal, kept for download, never "sent".
  const conflicting = await startEndpoint({ refuse: { status: 409, body: '{"error":"conflict","reason":"a different response is already stored under this id; it was not replaced"}' } });
  t.after(() => conflicting.close());
  pages['/t/conflict.html'] = embedPage({ body: `<partnerscope-survey id="c" instrument="demo" submit-url="${conflicting.url}"></partnerscope-survey>` });
  await page.goto(`${server.url}t/conflict.html`);
  await completeDemo(page);
  await page.getByText('The server did not accept your answers (a different response is already stored under this id; it was not replaced).').waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await page.getByText(SENT).count(), 0);
  assert.equal(conflicting.attempts.length, 1, 'not tried again on its own');
});

test('a cut or damaged partnerscope.wasm.lzma says in the widget that the copy is damaged, in the page\'s language', async () => {
  const file = await readFile(join(DIST, 'embed/partnerscope.wasm.lzma'));
  const decoderLength = file.readUInt32LE(0);
  assert.ok(decoderLength > 1000 && decoderLength < 64_000, `the decoder comes first (${decoderLength} bytes)`);
  assert.equal(file.subarray(4, 8).toString('latin1'), '\0asm', 'the decoder is a wasm module');
  const flip = (at) => { const copy = Buffer.from(file); copy[at] ^= 0x55; return copy; };
  const cases = {
    'cut to two bytes': file.subarray(0, 2),
    'cut inside the decoder': file.subarray(0, 4 + (decoderLength >> 1)),
    'cut inside the packed module': file.subarray(0, file.length >> 1),
    // (A byte changed deep inside the decoder's code may still be valid wasm that decodes: no
    // checksum guards it, as none guards the inline copy; its header is checked.)
    'the decoder\'s header changed': flip(5),
    'a byte of the packed module changed': flip(4 + decoderLength + 40_000),
  };
  pages['/t/damaged.html'] = embedPage({ body: '<partnerscope-survey instrument="demo" lang="fr"></partnerscope-survey>' });
  for (const [name, body] of Object.entries(cases)) {
    const context = await browser.newContext();
    await context.route('**/embed/partnerscope.wasm.lzma', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body }));
    const page = await context.newPage();
    await page.goto(`${server.url}t/damaged.html`);
    await page.getByText('Cette copie du questionnaire est endommagée').waitFor({ timeout: 15_000 }).catch(() => {
      throw new Error(`${name}: no "damaged" message`);
    });
    assert.equal(await page.getByRole('radio').count(), 0, name);
    await context.close();
  }
});
