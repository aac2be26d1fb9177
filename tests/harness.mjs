// Shared helpers for the browser end-to-end tests: Debian's Chromium driven by playwright-core,
// a throw-away HTTP server for dist/, and axe-core injected into the page.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

export const ROOT = resolve(import.meta.dirname, '..');
export const DIST = join(ROOT, 'dist');
export const SINGLE_FILE_URL = pathToFileURL(join(DIST, 'partnerscope.html')).href;

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  // `cargo xtask` passes the path it installed (crates/xtask/src/setup.rs); run by hand, Debian's.
  const executablePath = process.env.PARTNERSCOPE_CHROMIUM ?? '/usr/bin/chromium';
  return chromium.launch({ executablePath, args: FLAGS, headless: true });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.json': 'application/json', '.lzma': 'application/octet-stream',
};

/**
 * Serves dist/ on 127.0.0.1 on a free port; returns { url, close }. `pages` maps extra paths to
 * their text (test pages, instrument files); `handle(req, res, body)` may answer a request
 * first (an endpoint on the same origin) and returns true when it did.
 */
export async function serveDist({ pages = {}, handle } = {}) {
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    if (handle && (await handle(req, res, body))) return;
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (Object.hasOwn(pages, path)) {
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'text/plain' }).end(pages[path]);
      return;
    }
    const file = normalize(join(DIST, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(DIST)) { res.writeHead(403).end(); return; }
    try {
      const content = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(content);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}

/**
 * Helpers for `page.evaluate`, which, unlike Playwright's locators, does not see into shadow
 * roots: `psActive()` is the focused element inside the widgets' shadow roots, and
 * `psQuery(selector)` finds an element inside the first widget (or the document).
 */
export function shadowHelpers() {
  window.psActive = () => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  };
  window.psRoot = () => document.querySelector('[data-partnerscope-mounted]')?.shadowRoot ?? document;
  window.psQuery = (selector) => window.psRoot().querySelector(selector);
}

/** A fresh page; records every request other than the page's own document and console errors. */
export async function openPage(browser, url, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.addInitScript(shadowHelpers);
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  const documentUrl = url.split('#')[0];
  page.on('request', (r) => { if (r.url() !== documentUrl) requests.push(r.url()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  return { context, page, requests, errors };
}

/** The facilitator's report file, opened from disk. */
export const REPORT_URL = pathToFileURL(join(DIST, 'partnerscope-report.html')).href;

/** A data set `cargo xtask fixtures` made (`target/fixtures`). */
export const fixture = (name) => join(ROOT, 'target/fixtures', name);

/** A fresh report page (see `openPage`), once the report has drawn its heading. */
export async function openReport(browser, { width = 1280, height = 900 } = {}) {
  const opened = await openPage(browser, REPORT_URL, { width, height });
  await opened.page.getByRole('heading', { name: 'Partnerscope: group report', level: 1 }).waitFor();
  return opened;
}

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.x A/AA and the WCAG 2.2 target-size rule) and returns the violations. */
export async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      rules: { 'target-size': { enabled: true } },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
}

// Demo instrument answers: purpose 4, 5, and "disagree" (2) with the reverse-worded item -> 4;
// results 3, 4, 5. Dimension means 4.333 and 4.0; overall (equal weights) 4.1667 -> "4.17".
export const ANSWERS = [
  ['The partners agree on what this partnership is for.', 'Agree'],
  ["I could explain the partnership's main goal to a newcomer.", 'Strongly agree'],
  ['Partners often pull in different directions.', 'Disagree'],
  ['The partnership has achieved something none of us could have done alone.', 'Neither agree nor disagree'],
  ['Our meetings lead to decisions.', 'Agree'],
  ['We check whether our work makes a difference.', 'Strongly agree'],
];

export async function answer(page, question, label) {
  await page.getByRole('group', { name: question }).getByRole('radio', { name: label, exact: true }).check();
}

/**
 * One walk through the demo survey by role and label, with a hook per screen. `page` may be a
 * page or a locator holding one widget (a page with several widgets).
 */
export async function completeDemo(page, onScreen = async () => {}) {
  await onScreen('welcome');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('heading', { name: 'Shared purpose' }).waitFor();
  await onScreen('questions');
  for (const [q, a] of ANSWERS.slice(0, 3)) await answer(page, q, a);
  // No running score while answering: it could sway the answers still to give.
  assert.equal(await page.getByText(/Score so far/).count(), 0);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Results', exact: true }).waitFor();
  for (const [q, a] of ANSWERS.slice(3)) await answer(page, q, a);
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
  await onScreen('review');
  await page.getByRole('button', { name: 'Finish and see results' }).click();
  await page.getByRole('heading', { name: 'Your results' }).waitFor();
  await onScreen('results');
}

/**
 * The demo survey completed with the keyboard alone (Tab, arrows, Enter), checking that focus is
 * visible on every button pressed; ends on the results with the score the core computes.
 */
export async function completeDemoByKeyboard(page) {
  const press = (key) => page.keyboard.press(key);
  const focused = () => page.evaluate(() => {
    const el = psActive();
    return { tag: el?.tagName, text: el?.textContent?.trim(), outline: el ? getComputedStyle(el).outlineStyle : '' };
  });
  // Tab to Start (past the erase link, which comes later in the page) and press Enter.
  // After each move the widget puts focus on the new page's heading; Tab must wait for that, or
  // under load it would start from the button that was just pressed.
  const onHeading = () => page.waitForFunction(() => psActive()?.tagName === 'H2');
  // Under load the first page may not be drawn when the test starts: Tab only once the Start
  // button is there, or the presses go to an empty page and Enter lands nowhere.
  await page.getByRole('button', { name: 'Start' }).waitFor();
  for (let i = 0; i < 10 && (await focused()).text !== 'Start'; i++) await press('Tab');
  assert.equal((await focused()).text, 'Start', 'Tab reaches the Start button');
  await press('Enter');
  await page.getByRole('heading', { name: 'Shared purpose' }).waitFor();
  await onHeading();
  for (const title of ['Shared purpose', 'Results']) {
    await page.getByRole('heading', { name: title, level: 2 }).waitFor();
    for (let item = 0; item < 3; item++) {
      await press('Tab'); // into the next question's radio group
      for (let k = 0; k < 3; k++) await press('ArrowRight'); // to "Agree"
    }
    const checked = await page.locator('input[type=radio]:checked').count();
    assert.equal(checked, 3, `three answers on ${title}`);
    assert.equal((await focused()).tag, 'INPUT');
    for (let i = 0; i < 6 && !['Next', 'Review'].includes((await focused()).text); i++) await press('Tab');
    assert.notEqual((await focused()).outline, 'none', 'focus is visible on the button');
    await press('Enter');
    await onHeading();
  }
  await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
  for (let i = 0; i < 40 && (await focused()).text !== 'Finish and see results'; i++) await press('Tab');
  await press('Enter');
  await page.getByRole('heading', { name: 'Your results' }).waitFor();
  // Agree everywhere: shared purpose (4 + 4 + 2) / 3, results 4; overall 3.67.
  assert.equal(await page.locator('.ps-overall-score').textContent(), '3.67 out of 5');
}
