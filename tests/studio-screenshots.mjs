// Screenshots of the studio at 1280 and 360 px, for a person to look through (not a test): the
// start, a blank questionnaire with its problems, then a built-in copy section by section (the
// questionnaire, the scale, the groups, the context questions, the areas, the scoring, the checks,
// the translations, a reworded statement's "may be out of date" marks, the preview and the
// outputs). Run after `cargo xtask dist`:
// `node tests/studio-screenshots.mjs [lang…]` (default `en`; `ar pt` for both). Files go to
// tests/out/studio/, or to the folder in STUDIO_SHOTS.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, DIST, ROOT } from './harness.mjs';

const langs = process.argv.slice(2).length ? process.argv.slice(2) : ['en'];
const OUT = process.env.STUDIO_SHOTS ?? join(ROOT, 'tests/out/studio');
await mkdir(OUT, { recursive: true });
const url = pathToFileURL(join(DIST, 'partnerscope-studio.html')).href;

/** Scrolls so that `selector` is at the top of the window (under the sticky toolbar). */
async function scrollTo(page, selector) {
  await page.locator(selector).first().evaluate((el) => {
    const toolbar = document.querySelector('.toolbar')?.getBoundingClientRect().height ?? 0;
    window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - toolbar - 8);
  });
}

const browser = await launch();
for (const lang of langs) {
  for (const width of [1280, 360]) {
    const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 780 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    if (lang !== 'en') await page.locator('#ui-lang').selectOption(lang);
    const shot = (name) => page.screenshot({ path: join(OUT, `${lang}-${width}-${name}.png`) });
    await shot('01-start');
    await page.locator('#start button').first().click();
    await page.locator('#checks .problems').waitFor();
    await scrollTo(page, '#checks');
    await shot('02-blank-checks');
    await page.locator('#builtin-choice').selectOption('health-check');
    await page.locator('#start .start-row').nth(1).getByRole('button').click();
    await page.locator('#f-dimensions-0-items-0-text-ar').waitFor();
    const sections = [
      ['03-questionnaire', '#questionnaire'], ['04-scale', '#scale'], ['05-groups', '#groups'],
      ['06-context', '#context'], ['07-areas', '#areas'], ['08-statement', '#areas fieldset.statement'],
      ['09-advice', '#areas fieldset.area h3 >> nth=1'], ['10-scoring', '#scoring'],
      ['11-thresholds', '#f-anonymity_k'], ['12-checks', '#checks'], ['13-translations', '#translations'],
    ];
    for (const [name, selector] of sections) {
      await scrollTo(page, selector);
      await shot(name);
    }
    // A statement reworded in English: its translations marked "may be out of date" in the
    // table (the row scrolled into the middle of the table's own scroll box), under the French
    // field, and among the checks.
    const english = page.locator('#f-dimensions-0-items-0-text-en');
    await english.fill('Every partner can see how decisions about money are made.');
    await page.locator('td.stale').first().waitFor();
    await page.locator('tr:has(td.stale)').evaluate((row) => row.scrollIntoView({ block: 'center' }));
    await shot('13b-translations-stale');
    await scrollTo(page, '#translations .counts');
    await shot('13c-translations-stale-counts');
    await scrollTo(page, '#f-dimensions-0-items-0-text-fr');
    await shot('13d-field-stale');
    await scrollTo(page, '#checks .warnings');
    await shot('13e-checks-stale');
    await page.locator('#preview button').first().click();
    await page.frameLocator('iframe').getByRole('button').first().waitFor({ timeout: 20000 });
    await scrollTo(page, '#preview');
    await shot('14-preview');
    await scrollTo(page, '#outputs');
    await shot('15-outputs');
    await context.close();
  }
}
await browser.close();
console.log(`screenshots in ${OUT}`);
