// The report's import as it streams (issue 23): files fed to the core a few bytes at a time
// (`data-piece-bytes` on the report's element, which only tests set) read exactly as files fed
// in the usual pieces, the same summary and the same exported figures; a byte-order mark and
// multi-byte text cut anywhere change nothing; and the reading is shown while it lasts, with a
// labelled progress bar and a polite live region that says when it ends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openReport, fixture } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Loads `paths` with the import fed `piece` bytes at a time (the report's own when null), and
 * returns what the report then says, what it exports, and what was shown while it read. */
async function readWith(piece, paths) {
  const { context, page, errors } = await openReport(browser);
  await page.evaluate((piece) => {
    if (piece !== null) document.getElementById('partnerscope-report').dataset.pieceBytes = String(piece);
    // Every progress bar put on the page and everything the live region said, as it happened.
    window.seenProgress = [];
    window.said = [];
    const region = () => document.getElementById('pr-reading-said');
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          const bar = node.nodeType === 1 && (node.matches('progress') ? node : node.querySelector('progress'));
          if (bar) {
            const label = document.querySelector(`label[for="${bar.id}"]`);
            window.seenProgress.push({ id: bar.id, max: bar.max, label: label?.textContent ?? '' });
          }
        }
      }
      const text = region()?.textContent.trim() ?? '';
      if (text && window.said.at(-1) !== text) window.said.push(text);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  }, piece);
  await page.locator('#pr-files').setInputFiles(paths);
  await page.getByRole('heading', { level: 2, name: /: group report/ }).waitFor();
  const imported = await page.evaluate(() => performance.getEntriesByName('partnerscope:imported').map((m) => m.detail));
  const summary = await page.locator('.pr-summary').innerText();
  const rounds = await page.locator('select option').allInnerTexts();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Figures (CSV)' }).click()]);
  const csv = await readFile(await download.path(), 'utf8');
  const shown = await page.evaluate(() => ({ progress: window.seenProgress, said: window.said }));
  const region = await page.locator('#pr-reading-said').evaluate((el) => ({ role: el.getAttribute('role'), live: el.getAttribute('aria-live') }));
  assert.deepEqual(errors, []);
  await context.close();
  return { summary, csv, shown, region, imported, rounds };
}

test('files fed to the import a few bytes at a time read as the whole files, and the reading is shown', async () => {
  const files = ['gap.jsonl', 'mixed.jsonl', 'export.csv', 'codes.txt'].map(fixture);
  const whole = await readWith(null, files);
  assert.match(whole.summary, /Partnership Health Check, version 1\.0\.0/);
  for (const piece of [7, 1]) {
    const cut = await readWith(piece, files);
    assert.equal(cut.summary, whole.summary, `in pieces of ${piece} bytes`);
    assert.equal(cut.csv, whole.csv, `in pieces of ${piece} bytes`);
    // Shown while it read: a bar with a label naming a file, then the end said politely.
    assert.ok(cut.shown.progress.some((p) => p.id === 'pr-progress' && /^Reading .+: \d+%$/.test(p.label)), JSON.stringify(cut.shown));
    assert.deepEqual(cut.region, { role: 'status', live: 'polite' });
    assert.ok(cut.shown.said.some((s) => /^Reading .+: \d+%$/.test(s)), JSON.stringify(cut.shown.said));
    // In the order read: questionnaires and plans first, then by name.
    assert.equal(cut.shown.said.at(-1), 'Finished reading codes.txt, export.csv, gap.jsonl, mixed.jsonl.');
    // The mark the benchmark reads, with what was read.
    assert.equal(cut.imported.length, 1);
    assert.equal(cut.imported[0].bytes, whole.imported[0].bytes);
    assert.equal(cut.imported[0].responses, whole.imported[0].responses);
  }
});

test('a byte-order mark and text in several scripts, cut at every byte, read as the file without them cut', async () => {
  // The gap fixture's responses with a byte-order mark, Windows line ends and a round whose
  // label is accented and has an emoji, so characters of two to four bytes cross the pieces.
  const lines = (await readFile(fixture('gap.jsonl'), 'utf8')).trim().split('\n')
    .map((line) => line.replace(/"round":"[^"]*"/, '"round":"été 2026 ☀ — 🌍"'));
  assert.ok(lines.every((l) => l.includes('🌍')), 'every response has a round to relabel');
  const path = join(await mkdtemp(join(tmpdir(), 'pr-import-')), 'marked.jsonl');
  await writeFile(path, `\u{feff}${lines.join('\r\n')}\r\n`);
  const whole = await readWith(null, [path]);
  const cut = await readWith(1, [path]);
  assert.match(whole.summary, /18 responses/);
  assert.equal(cut.summary, whole.summary);
  assert.equal(cut.csv, whole.csv);
  assert.deepEqual(cut.rounds, whole.rounds);
  assert.ok(cut.rounds.some((r) => r.includes('été 2026 ☀ — 🌍')), cut.rounds.join(' | '));
});
