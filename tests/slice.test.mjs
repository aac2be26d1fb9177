// The first slice end to end: a person opens the widget, answers every question with the
// keyboard-free mouse path, and sees the score the core computes for those answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, serveDist, openPage, SINGLE_FILE_URL, DIST, axe, ANSWERS, answer, completeDemo } from './harness.mjs';

let browser;
let server;
before(async () => { browser = await launch(); server = await serveDist(); });
after(async () => { await browser?.close(); await server?.close(); });

for (const where of ['hosted', 'file']) {
  test(`${where}: answering every question shows the core's score`, async () => {
    const url = `${where === 'hosted' ? server.url : SINGLE_FILE_URL}#instrument=demo`;
    const { context, page, requests, errors } = await openPage(browser, url);
    await completeDemo(page);
    const overall = page.locator('.ps-overall-score');
    assert.equal(await overall.textContent(), '4.17 out of 5');
    assert.match(await page.locator('.ps-overall').textContent(), /Strength/);
    assert.deepEqual(errors, []);
    if (where === 'file') assert.deepEqual(requests, [], 'the single file must make no request at all');
    await context.close();
  });
}

test('file: renders from disk with the network off and makes zero requests', async () => {
  const context = await browser.newContext({ offline: true });
  const page = await context.newPage();
  // Scripts and styles stay in the light DOM; the widget itself lives in a shadow root.
  const requests = [];
  page.on('request', (r) => { if (r.url() !== SINGLE_FILE_URL) requests.push(r.url()); });
  await page.goto(SINGLE_FILE_URL);
  await page.getByRole('button', { name: 'Start' }).waitFor();
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('radio').first().waitFor();
  assert.deepEqual(requests, []);
  // The inline script stays in the live DOM, so a page saved with "Save page as" still starts.
  assert.equal(await page.evaluate(() => document.scripts.length), 1);
  await context.close();
});

test('file: a damaged copy says so in the page instead of staying blank', async () => {
  // A byte changed in the middle of the packed wasm, as a broken download or mail gateway might.
  const html = await readFile(join(DIST, 'partnerscope.html'), 'utf8');
  // The packed wasm is the script's last argument: `(…)("<decoder>", "<packed widget>");`.
  const start = html.lastIndexOf('", "') + '", "'.length;
  const at = start + 100_000;
  const damaged = html.slice(0, at) + (html[at] === 'A' ? 'B' : 'A') + html.slice(at + 1);
  const path = join(await mkdtemp(join(tmpdir(), 'ps-')), 'damaged.html');
  await writeFile(path, damaged);
  const { context, page } = await openPage(browser, pathToFileURL(path).href);
  await page.getByText('This copy of the survey is damaged and cannot start.').waitFor();
  assert.equal(await page.getByRole('radio').count(), 0);
  await context.close();
});

test('a required question left blank is named and receives focus', async () => {
  const { context, page } = await openPage(browser, `${server.url}#instrument=demo`);
  await page.getByRole('button', { name: 'Start' }).click();
  await answer(page, ANSWERS[0][0], ANSWERS[0][1]);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText(/This question needs an answer/).first().waitFor();
  assert.equal(await page.getByText(/This question needs an answer/).count(), 2);
  const focused = await page.evaluate(() => psActive()?.closest('fieldset')?.querySelector('legend')?.textContent);
  assert.match(focused, /explain the partnership's main goal/);
  await context.close();
});

test('every screen of the slice has no axe-core violations', async () => {
  const { context, page } = await openPage(browser, `${server.url}#instrument=demo`);
  const screens = [];
  await completeDemo(page, async (name) => screens.push([name, await axe(page)]));
  assert.equal(screens.length, 4);
  for (const [name, violations] of screens) assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 1)}`);
  await context.close();
});
