// The respondent's experience: nothing is lost on reload or language change, the keyboard alone
// completes a survey, copy and download work at 320 px, refused storage is said plainly. (Every
// screen of every instrument is checked with axe-core in all-instruments.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, serveDist, openPage, completeDemo, completeDemoByKeyboard, axe, SINGLE_FILE_URL } from './harness.mjs';

let browser;
let server;
before(async () => { browser = await launch(); server = await serveDist(); });
after(async () => { await browser?.close(); await server?.close(); });

async function toPowerPage(page) {
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('radio', { name: 'Another partner' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Power', level: 2 }).waitFor();
}

const first = 'I know how decisions are made in this partnership.';
const second = 'It is clear which partner has the final say on each kind of decision.';

test('a reload mid-survey resumes on the same page with every answer', async () => {
  const { context, page } = await openPage(browser, `${server.url}#instrument=health-check`);
  await toPowerPage(page);
  await page.getByRole('group', { name: first }).getByRole('radio', { name: 'Strongly agree' }).check();
  await page.getByRole('group', { name: second }).getByRole('radio', { name: "Don't know / not applicable" }).check();
  await page.reload();
  await page.getByRole('heading', { name: 'Power', level: 2 }).waitFor();
  assert.ok(await page.getByRole('group', { name: first }).getByRole('radio', { name: 'Strongly agree' }).isChecked());
  assert.ok(await page.getByRole('group', { name: second }).getByRole('radio', { name: "Don't know / not applicable" }).isChecked());
  // The group chosen before the reload is kept too.
  await page.getByRole('button', { name: 'Back' }).click();
  assert.ok(await page.getByRole('radio', { name: 'Another partner' }).isChecked());
  await context.close();
});

test('switching language mid-survey keeps every answer', async () => {
  const { context, page } = await openPage(browser, `${server.url}#instrument=health-check`);
  await toPowerPage(page);
  await page.getByRole('group', { name: first }).getByRole('radio', { name: 'Disagree', exact: true }).check();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
  await page.getByRole('heading', { name: 'Poder', level: 2 }).waitFor();
  assert.equal(await page.locator('section[lang]').getAttribute('lang'), 'es');
  assert.ok(await page.getByRole('group', { name: 'Sé cómo se toman las decisiones en esta alianza.' })
    .getByRole('radio', { name: 'En desacuerdo', exact: true }).isChecked());
  await context.close();
});

test('the keyboard alone completes a survey, with focus always visible', async () => {
  const { context, page } = await openPage(browser, `${server.url}#instrument=demo`);
  await completeDemoByKeyboard(page);
  await context.close();
});

test('results offer the response code to copy and the response as a JSON file, usable at 320 px', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 700 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  const page = await context.newPage();
  await page.goto(`${server.url}#instrument=demo`);
  await page.getByRole('button', { name: 'Start' }).click();
  for (let p = 0; p < 2; p++) {
    const groups = page.getByRole('group');
    await groups.first().waitFor();
    for (let i = 0; i < 3; i++) await groups.nth(i).getByRole('radio').nth(4).check();
    await page.getByRole('button', { name: p === 1 ? 'Review' : 'Next' }).click();
  }
  await page.getByRole('button', { name: 'Finish and see results' }).click();
  await page.getByRole('heading', { name: 'Your results' }).waitFor();
  // Usable at 320 px: nothing wider than the screen.
  assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= 320), 'no horizontal scrolling at 320 px');
  const code = await page.getByRole('textbox', { name: 'Response code' }).inputValue();
  assert.match(code, /^PS1\.[A-Za-z0-9_-]+$/);
  await page.getByRole('button', { name: 'Copy the code' }).click();
  await page.getByText('The code is copied.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download my answers (JSON)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^partnerscope-demo-\d{4}-\d{2}-\d{2}\.json$/);
  const response = JSON.parse(await (await import('node:fs/promises')).readFile(await download.path(), 'utf8'));
  assert.equal(response.instrument, 'demo');
  assert.equal(Object.keys(response.answers).length, 6);
  assert.equal(response.answers['purpose-1'], 5);
  assert.match(response.date, /^\d{4}-\d{2}-\d{2}$/);
  await context.close();
});

test('when the browser refuses storage, the survey says so and still works', async () => {
  const context = await browser.newContext();
  // Every write to localStorage fails, as in a full store or a locked-down browser.
  await context.addInitScript(() => {
    Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
  });
  const page = await context.newPage();
  await page.goto(`${server.url}#instrument=demo`);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('group').first().getByRole('radio').nth(3).check();
  await page.getByText('This browser does not let us save your answers').waitFor();
  // Answering goes on.
  await page.getByRole('group').nth(1).getByRole('radio').nth(3).check();
  assert.equal(await page.locator('input[type=radio]:checked').count(), 2);
  await context.close();
});

test('"Erase my answers" removes what was saved on this device and starts afresh', async () => {
  const { context, page } = await openPage(browser, `${server.url}#instrument=demo`);
  const key = 'partnerscope:v1:demo:draft';
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('group').first().getByRole('radio').nth(3).check();
  await page.waitForFunction((k) => localStorage.getItem(k) !== null, key);
  await page.getByRole('button', { name: 'Erase my answers from this device' }).click();
  await page.getByText('Your answers were erased from this device.').waitFor();
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), null);
  // Nothing comes back on a reload, and the survey starts from the beginning.
  await page.reload();
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('group').first().waitFor();
  assert.equal(await page.locator('input[type=radio]:checked').count(), 0);
  await context.close();
});

// Issue 24, item 8: on file:// every local file shares one store, and an unrelated file read a
// completed response from it. Nothing of a completed response stays once the results are shown.
test('from disk, nothing of a completed response stays on the device: an unrelated local file finds none of it, and the results say so', async (t) => {
  const { context, page } = await openPage(browser, `${SINGLE_FILE_URL}#instrument=demo`);
  t.after(() => context.close());
  await completeDemo(page, async (name) => {
    // While answering, the answers are kept (a reload resumes them).
    if (name === 'review') assert.ok(await page.evaluate(() => localStorage.getItem('partnerscope:v1:demo:draft')));
  });
  await page.getByText('Nothing has been sent, and nothing is kept on this device once you leave this page.').waitFor();
  assert.deepEqual(await axe(page), []);
  const dir = await mkdtemp(join(tmpdir(), 'partnerscope-unrelated-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'unrelated.html');
  await writeFile(file, '<!doctype html><html lang="en"><title>unrelated</title><script>document.title = JSON.stringify(Object.entries(localStorage));</script></html>');
  const other = await context.newPage();
  await other.goto(pathToFileURL(file).href);
  const seen = JSON.parse(await other.title());
  assert.deepEqual(seen.filter(([key]) => key.startsWith('partnerscope:')), [], 'nothing of the response is left');
  assert.ok(!seen.some(([, value]) => value.includes('PS1.')), 'no response code anywhere in the store');
  // The results stay on screen until the respondent leaves; a reload starts afresh.
  await page.getByRole('heading', { name: 'Your results' }).waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Start' }).waitFor();
});
