// The report's words as data (issue 20, item 4): a questionnaire in English and German carries
// some of the report's strings in German. Loaded with its responses into the report opened from
// disk with `#lang=de`, the report reads in German where the questionnaire says so, in English
// (its first language) for the rest, lists German in its picker by its own name, and tells the
// author in the console how many strings were left out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage, axe, REPORT_URL, ROOT } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** `n` responses to the German questionnaire, as JSON lines, half of them in German. */
function responses(doc, n) {
  const items = doc.dimensions.flatMap((d) => d.items.map((i) => i.id));
  return Array.from({ length: n }, (_, r) => JSON.stringify({
    schema: 1, id: `de-${r}`, instrument: doc.id, version: doc.version, round: '2027',
    context: {}, answers: Object.fromEntries(items.map((id, i) => [id, 1 + ((r + i) % 5)])),
    lang: r % 2 ? 'de' : 'en', date: '2027-03-31',
  })).join('\n');
}

test('a questionnaire carrying the report\'s German: used, listed by its own name, the rest in English and counted', async () => {
  const doc = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/demo-de.json'), 'utf8'));
  const dir = await mkdtemp(join(tmpdir(), 'pr-de-'));
  await writeFile(join(dir, 'pulse-de.json'), JSON.stringify(doc));
  await writeFile(join(dir, 'pulse-de.jsonl'), responses(doc, 12));

  const { context, page, requests, errors } = await openPage(browser, `${REPORT_URL}#lang=de`);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  // No questionnaire yet: German is waited for, the report reads in English.
  await page.getByRole('heading', { name: 'Partnerscope: group report', level: 1 }).waitFor();
  await page.locator('#pr-files').setInputFiles([join(dir, 'pulse-de.json'), join(dir, 'pulse-de.jsonl')]);

  // The questionnaire's words, in German.
  await page.getByRole('heading', { name: 'Partnerscope: Gruppenbericht', level: 1 }).waitFor();
  await page.getByRole('heading', { level: 2, name: `DE ${doc.title.en}: Gruppenbericht` }).waitFor();
  await page.getByRole('heading', { name: 'Wer geantwortet hat' }).waitFor();
  assert.equal(await page.locator('.pr-root').getAttribute('lang'), 'de');
  // A string it leaves out: the questionnaire's first language's, English, never blank.
  await page.getByRole('navigation', { name: 'Contents' }).waitFor();
  // The picker: the five languages the report ships, then German by its own name, chosen.
  const picker = page.getByRole('combobox', { name: 'Sprache' });
  const options = await picker.locator('option').evaluateAll((all) => all.map((o) => [o.value, o.textContent, o.selected]));
  assert.deepEqual(options.at(-1), ['de', 'Deutsch', true]);
  assert.equal(options.length, 6);
  // The author is told how many of the report's strings German lacks, and which.
  const told = warnings.find((w) => w.includes('"pulse-de"') && w.includes('no report text in "de"'));
  assert.ok(told, `the missing report strings are counted: ${warnings.join(' | ')}`);
  assert.ok(Number(told.match(/for (\d+) strings/)[1]) > 100, told);
  assert.ok(told.includes('report.contents') && !told.includes('report.title,'), told);
  assert.deepEqual(await axe(page), []);

  // French, which the report ships, is the report's own French.
  await picker.selectOption('fr');
  await page.getByRole('heading', { name: /Partnerscope\s?: rapport de groupe/, level: 1 }).waitFor();
  assert.deepEqual(requests, [], 'the report makes no request');
  assert.deepEqual(errors, []);
  await context.close();
});
