// The widget and the reference collector together (issue 11): <partnerscope-survey> posting to
// the real `partnerscope-collect` binary on 127.0.0.1, the collector stopped while a respondent
// finishes and started again on the same SQLite file; the response arrives once and the
// facilitator's download holds it. `cargo xtask test` builds the binary first; the path can be
// given as PARTNERSCOPE_COLLECT.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, serveDist, completeDemo, shadowHelpers, REPORT_URL } from './harness.mjs';
import { freePort, until } from './endpoint.mjs';
import { BINARY, TOKEN, startCollector } from './collector.mjs';
import { instrument, walk } from './flows.mjs';

const RETRY = 'Not sent yet: the server could not be reached.';
const SENT = 'Sent. Your answers have reached the organisation that runs this survey.';
// The collector's `not-open` refusal (503), in the respondent's words (issue 20 item 2).
const NOT_OPEN_PT = 'Este questionário ainda não está aberto; as suas respostas ficam guardadas neste dispositivo e serão enviadas de novo.';
const SENT_PT = 'Enviado. As suas respostas chegaram à organização responsável por este questionário.';

let browser;
let server;
let dir;
const pages = {};

before(async () => {
  assert.ok(existsSync(BINARY), `the collector is built (cargo build -p partnerscope-collect): ${BINARY}`);
  browser = await launch();
  server = await serveDist({ pages });
  dir = await mkdtemp(join(tmpdir(), 'partnerscope-collect-'));
  await writeFile(join(dir, 'token'), TOKEN);
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});


async function download(port, path) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200, await response.clone().text());
  return response.text();
}

test('the collector stopped while a respondent finishes: once it is back the response arrives once, and the download holds it', async (t) => {
  const port = await freePort();
  const origin = server.url.replace(/\/$/, '');
  pages['/t/collect.html'] = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Staff survey</title><script src="/embed/partnerscope.js" defer></script></head>
<body><main><h1>Staff survey</h1>
<partnerscope-survey instrument="demo" round="2026" submit-url="http://127.0.0.1:${port}/v1/responses"></partnerscope-survey>
</main></body></html>`;
  let collector = await startCollector(dir, port, origin);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  await context.addInitScript(shadowHelpers);
  const completed = [];
  await context.exposeBinding('psComplete', (_source, id) => completed.push(id));
  await context.addInitScript(() => {
    document.addEventListener('partnerscope-complete', (e) => window.psComplete(e.detail.response.id));
  });
  const page = await context.newPage();
  await page.goto(`${server.url}t/collect.html`);
  const widget = page.locator('partnerscope-survey');
  await widget.getByRole('button', { name: 'Start' }).waitFor();

  // The collector goes away while the respondent is answering.
  assert.equal(await collector.stop(), 0, 'a clean stop on SIGTERM');
  await completeDemo(widget);
  await widget.getByText(RETRY).waitFor({ timeout: 30_000 });
  assert.equal(completed.length, 1);

  // Back on the same file: the outbox sends again (at once when the browser is back online).
  collector = await startCollector(dir, port, origin);
  t.after(() => collector.stop());
  await context.setOffline(true);
  await context.setOffline(false);
  await widget.getByText(SENT).waitFor({ timeout: 40_000 });

  const jsonl = await download(port, '/v1/responses.jsonl?instrument=demo');
  const lines = jsonl.trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(lines.map((r) => r.id), completed, 'stored exactly once');
  assert.equal(lines[0].round, "2026", "the page's round is kept");
  const csv = await download(port, '/v1/responses.csv?instrument=demo');
  assert.equal(csv.trim().split('\r\n').length, 2);
  assert.ok(csv.includes(completed[0]));
  // Both downloads load into the facilitator's report file as they are.
  for (const [name, text] of [['all.jsonl', jsonl], ['all.csv', csv]]) {
    const file = join(dir, name);
    await writeFile(file, text);
    const report = await context.newPage();
    await report.goto(REPORT_URL);
    await report.locator('#pr-files').setInputFiles(file);
    // One response, fewer than k: loaded, and its number not said (it would be a round's size).
    await report.getByText(/^Partnership pulse \(demo\), version 0\.1\.0: responses loaded/).waitFor();
    assert.equal(await report.getByText(/^Not loaded/).count(), 0, `${name}: nothing refused`);
    await report.close();
  }

  // A reload sends nothing more; the row count stays at one.
  await page.reload();
  await widget.getByRole('button').first().waitFor();
  await page.waitForTimeout(1000);
  const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
  assert.equal(health.responses, 1);
  assert.doesNotMatch(collector.log(), /HeadlessChrome|Mozilla/, 'no user agent in the log');
});

test('a respondent in Portuguese posting a questionnaire the collector does not take yet reads that it is not open yet; the answers wait on the device and arrive once it is registered', async (t) => {
  const port = await freePort();
  const origin = server.url.replace(/\/$/, '');
  // A questionnaire of the page's own (inline), which the collector has never heard of.
  const doc = { ...instrument('health-check'), id: 'late-health-check' };
  const inline = JSON.stringify(doc).replace(/</g, '\\u003c');
  pages['/t/late.html'] = `<!doctype html><html lang="pt"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Questionário</title><script src="/embed/partnerscope.js" defer></script></head>
<body><main><h1>Questionário</h1>
<partnerscope-survey lang="pt" submit-url="http://127.0.0.1:${port}/v1/responses"><script type="application/json">${inline}</script></partnerscope-survey>
</main></body></html>`;
  const late = join(dir, 'late');
  await mkdir(late);
  await writeFile(join(late, 'token'), TOKEN);
  const collector = await startCollector(late, port, origin);
  t.after(() => collector.stop());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const posts = [];
  page.on('response', (r) => {
    if (r.url().includes(`:${port}/v1/responses`) && r.request().method() === 'POST') posts.push(r.status());
  });
  await page.goto(`${server.url}t/late.html`);
  const widget = page.locator('partnerscope-survey');
  await walk(widget, doc, 'pt');
  await widget.getByText(NOT_OPEN_PT).waitFor({ timeout: 30_000 });
  // Tried again on its own, and kept on the device meanwhile: never shown as refused.
  await until(() => posts.length >= 2, 'a second attempt', 30_000);
  assert.ok(posts.every((s) => s === 503), `${posts}`);
  assert.equal(await widget.getByText('O servidor não aceitou').count(), 0);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('partnerscope:v1:outbox:')).length);
  assert.equal(kept, 1, 'the response waits in the outbox');
  assert.match(collector.log(), /late-health-check/);

  // The operator registers the questionnaire: the next attempt is taken.
  const registered = await fetch(`http://127.0.0.1:${port}/v1/instruments`, {
    method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(doc),
  });
  assert.equal(registered.status, 201, await registered.text());
  await context.setOffline(true);
  await context.setOffline(false);
  await widget.getByText(SENT_PT).waitFor({ timeout: 40_000 });
  const jsonl = await download(port, '/v1/responses.jsonl?instrument=late-health-check');
  const lines = jsonl.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.length, 1);
  assert.equal(lines[0].lang, 'pt');
});
