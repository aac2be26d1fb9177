// Every built-in instrument, completed in a real browser as a respondent would, in each language:
// the overall score shown must equal an independent computation from the instrument file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, serveDist, openPage, axe, ROOT } from './harness.mjs';

let browser;
let server;
before(async () => { browser = await launch(); server = await serveDist(); });
after(async () => { await browser?.close(); await server?.close(); });

const INSTRUMENTS = ['fit-for-partnering', 'health-check', 'peer-learning', 'capabilities', 'environment'];
const UI = {
  en: { start: 'Start', next: 'Next', review: 'Review', finish: 'Finish and see results', results: 'Your results', out: 'out of', sep: '.' },
  fr: { start: 'Commencer', next: 'Suivant', review: 'Vérifier', finish: 'Terminer et voir les résultats', results: 'Vos résultats', out: 'sur', sep: ',' },
  es: { start: 'Empezar', next: 'Siguiente', review: 'Revisar', finish: 'Terminar y ver resultados', results: 'Sus resultados', out: 'de', sep: ',' },
};

/** The answer (1-5) given to scored item number `k` of the whole instrument. */
const answerFor = (k) => [4, 5, 3, 4, 2][k % 5];

/** Independent oracle: docs/scoring.md applied to the instrument file for these answers. */
function expectedOverall(doc) {
  let k = 0;
  const means = doc.dimensions.map((dim) => {
    let sum = 0; let weight = 0;
    for (const item of dim.items) {
      if (item.kind === 'comment') continue;
      const x = answerFor(k++);
      const coded = item.reverse ? 6 - x : x;
      const w = item.weight ?? 1;
      sum += w * coded; weight += w;
    }
    return sum / weight;
  });
  const weights = doc.dimensions.map((d) => d.weight ?? 1);
  let overall = means.reduce((s, m, i) => s + weights[i] * m, 0) / weights.reduce((a, b) => a + b, 0);
  if (doc.balance) {
    const vals = doc.balance.dimensions.map((id) => means[doc.dimensions.findIndex((d) => d.id === id)]);
    const centre = vals.reduce((a, b) => a + b, 0) / vals.length;
    const dev = vals.reduce((a, v) => a + Math.abs(v - centre), 0) / vals.length;
    overall = Math.max(1, overall - (doc.balance.penalty ?? 1) * dev);
  }
  return overall;
}

for (const [n, id] of INSTRUMENTS.entries()) {
  const lang = ['en', 'fr', 'es'][n % 3];
  test(`${id} (${lang}): complete every page and get the core's overall score`, async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'crates/core/instruments', `${id}.json`), 'utf8'));
    const t = UI[lang];
    const { context, page, errors } = await openPage(browser, `${server.url}#instrument=${id}&lang=${lang}`);
    await page.getByRole('heading', { name: doc.title[lang], level: 2 }).waitFor();
    await page.getByRole('button', { name: t.start }).click();
    if (doc.groups?.length || doc.context?.length) {
      if (doc.groups?.length) await page.getByRole('radio', { name: doc.groups[0].label[lang], exact: true }).check();
      await page.getByRole('button', { name: t.next }).click();
    }
    let k = 0;
    for (const [d, dim] of doc.dimensions.entries()) {
      await page.getByRole('heading', { name: dim.title[lang], level: 2 }).waitFor();
      const groups = page.getByRole('group');
      for (let i = 0; i < dim.items.length; i++) {
        await groups.nth(i).getByRole('radio').nth(answerFor(k++) - 1).check();
      }
      await page.getByRole('button', { name: d + 1 === doc.dimensions.length ? t.review : t.next }).click();
    }
    await page.getByRole('button', { name: t.finish }).click();
    await page.getByRole('heading', { name: t.results }).waitFor();
    const expected = expectedOverall(doc).toFixed(2).replace('.', t.sep);
    assert.equal(await page.locator('.ps-overall-score').textContent(), `${expected} ${t.out} 5`);
    assert.ok(await page.locator('.ps-advice li').count() >= doc.dimensions.length, 'advice for every area');
    if (doc.scoring.mode === 'stage') assert.ok(await page.locator('.ps-stage').count() === 1, 'stage shown');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(ROOT, 'tests/out', `results-${id}-${lang}.png`), fullPage: true }).catch(() => {});
    await context.close();
  });
}
