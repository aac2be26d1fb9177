// Invitations end to end (issue 21): codes made by `partnerscope-collect invite`, a survey opened
// with `#invite=CODE` and one where the respondent types the code, both posting to the real
// collector on 127.0.0.1 started with `--invitations demo`; a code used twice is refused, and the
// respondent reads why in plain words. The path of the binary can be given as PARTNERSCOPE_COLLECT.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, serveDist, completeDemo, shadowHelpers } from './harness.mjs';
import { freePort } from './endpoint.mjs';
import { BINARY, TOKEN, startCollector } from './collector.mjs';

const SENT = 'Sent. Your answers have reached the organisation that runs this survey.';

let browser;
let server;
let dir;
let collector;
const pages = {};

before(async () => {
  assert.ok(existsSync(BINARY), `the collector is built (cargo build -p partnerscope-collect): ${BINARY}`);
  browser = await launch();
  server = await serveDist({ pages });
  dir = await mkdtemp(join(tmpdir(), 'partnerscope-invite-'));
  await writeFile(join(dir, 'token'), TOKEN);
});
after(async () => {
  await collector?.stop();
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});


function page(port, attributes) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Partners' survey</title><script src="/embed/partnerscope.js" defer></script></head>
<body><main><h1>Partners' survey</h1>
<partnerscope-survey instrument="demo" ${attributes} submit-url="http://127.0.0.1:${port}/v1/responses"></partnerscope-survey>
</main></body></html>`;
}

async function respondent(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(shadowHelpers);
  const tab = await context.newPage();
  await tab.goto(url);
  const widget = tab.locator('partnerscope-survey');
  await widget.getByRole('button', { name: 'Start' }).waitFor();
  return { context, widget };
}

test('a survey opened by its invitation link, and one with the code typed, are each taken once; a code used again is refused in plain words', async () => {
  const port = await freePort();
  const db = join(dir, 'responses.db');
  const csv = execFileSync(BINARY, [
    'invite', '--data', db, '--instrument', 'demo', '--round', '2026', '--count', '2',
    '--link', `${server.url}t/invite.html`,
  ], { encoding: 'utf8' });
  const lines = csv.trim().split('\r\n');
  assert.equal(lines[0], 'instrument,round,group,code,link');
  const [first, second] = lines.slice(1).map((line) => {
    const [, , , code, link] = line.split(',');
    return { code, link };
  });
  assert.match(first.link, /#invite=[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  pages['/t/invite.html'] = page(port, '');
  pages['/t/typed.html'] = page(port, 'invitation-required');
  collector = await startCollector(dir, port, server.url.replace(/\/$/, ''), ['--invitations', 'demo', '--max-per-second', '0']);

  // The link opens the survey with its code; the response is taken, with the code's round.
  const one = await respondent(first.link);
  assert.equal(await one.widget.getByLabel('Invitation code').count(), 0, 'no field: the link gave the code');
  await completeDemo(one.widget);
  await one.widget.getByText(SENT).waitFor({ timeout: 30_000 });
  await one.context.close();

  // The same link opened by someone else: refused, and the respondent is told why.
  const again = await respondent(first.link);
  await completeDemo(again.widget);
  // The widget's own words for the collector's `invitation-used` code.
  await again.widget.getByText(/this invitation code was already used; ask for a new one/).waitFor({ timeout: 30_000 });
  await again.context.close();

  // A page that asks for the code: a typo first (refused, "check the code", nothing used) ...
  const typo = await respondent(`${server.url}t/typed.html`);
  const wrong = second.code.slice(0, 5) + (second.code[5] === '7' ? '8' : '7') + second.code.slice(6);
  await typo.widget.getByLabel('Invitation code').fill(wrong.toLowerCase());
  await completeDemo(typo.widget);
  await typo.widget.getByText(/check the code/).waitFor({ timeout: 30_000 });
  await typo.context.close();
  // ... then typed right, in lower case with spaces, as a person might.
  const typed = await respondent(`${server.url}t/typed.html`);
  await typed.widget.getByLabel('Invitation code').fill(second.code.toLowerCase().replaceAll('-', ' '));
  await completeDemo(typed.widget);
  await typed.widget.getByText(SENT).waitFor({ timeout: 30_000 });
  await typed.context.close();

  const counts = await (await fetch(`http://127.0.0.1:${port}/v1/invitations`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  })).json();
  assert.deepEqual(counts.groups, [
    { instrument: 'demo', round: '2026', group: '', issued: 2, used: 2, unused: 0, refused: 1 },
  ]);
  const jsonl = await (await fetch(`http://127.0.0.1:${port}/v1/responses.jsonl`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  })).text();
  const stored = jsonl.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(stored.length, 2);
  assert.ok(stored.every((r) => r.round === '2026'), 'the round is the code\'s');
  assert.ok(!jsonl.includes(first.code) && !jsonl.includes(second.code), 'no code in the export');
});
