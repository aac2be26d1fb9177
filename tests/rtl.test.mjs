// Arabic and Portuguese as their readers meet them (issue 20), in a real browser:
//
// - a questionnaire walked in Arabic from start to results: every screen right to left, axe-core
//   with no violation at 1280 and 360 px, no sideways scrolling from 1280 to 320 px, and the layout
//   read back from the page: the first scale point ("strongly disagree") at the right, "Next" at
//   the left of "Back", the progress and the score bars growing from the right, the charts'
//   geometry kept;
// - the keyboard alone in the embed, in Arabic and in Portuguese (the single file's keyboard walks
//   in every language are in all-instruments.test.mjs);
// - picking the language: `#lang=ar`, `lang="pt"` (and `pt-BR`) on the element, the browser's
//   language (`pt-PT`, `ar`) when nothing else chose, in the survey and in the report; the
//   picker names each language in its own name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, serveDist, openPage, axe, shadowHelpers, SINGLE_FILE_URL, DIST } from './harness.mjs';
import { UI, instrument, scoredItems, overallText, walk, walkByKeyboard } from './flows.mjs';

const REPORT_URL = pathToFileURL(join(DIST, 'partnerscope-report.html')).href;
const OWN_NAMES = [['en', 'English'], ['fr', 'Français'], ['es', 'Español'], ['ar', 'العربية'], ['pt', 'Português']];

let browser;
let server;
const pages = {};
before(async () => { browser = await launch(); server = await serveDist({ pages }); });
after(async () => { await browser?.close(); await server?.close(); });

function embedPage(body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Embedding test</title><script src="/embed/partnerscope.js" defer></script></head>
<body><main><h1>Embedding test</h1>${body}</main></body></html>`;
}

/** axe at 1280 and 360 px, and no horizontal scrolling at 1280, 640, 360 and 320 px. */
async function checkScreen(page, name) {
  for (const width of [1280, 640, 360, 320]) {
    await page.setViewportSize({ width, height: 800 });
    const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} at ${width} px scrolls sideways by ${overflow} px`);
    if (width === 1280 || width === 360) {
      const violations = await axe(page);
      assert.deepEqual(violations, [], `${name} at ${width} px: ${JSON.stringify(violations, null, 1)}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const centre = (box) => box.x + box.width / 2;

test('health check in Arabic: right to left on every screen, accessible at 1280 and 360 px, the scale and the buttons mirrored', async () => {
  const doc = instrument('health-check');
  const t = UI.ar;
  const { context, page, errors } = await openPage(browser, `${server.url}#instrument=health-check&lang=ar`);
  await page.getByRole('heading', { name: doc.title.ar, level: 2 }).waitFor();
  const section = page.locator('section[lang]');
  assert.equal(await section.getAttribute('lang'), 'ar');
  assert.equal(await section.getAttribute('dir'), 'rtl');
  let screens = 0;
  await walk(page, doc, 'ar', {
    screen: async (name) => {
      screens += 1;
      if (name === doc.dimensions[0].id) {
        // The first scale point, "strongly disagree", at the right; "agree" points leftwards.
        const radios = page.getByRole('group').first().getByRole('radio');
        const first = await radios.nth(0).boundingBox();
        const last = await radios.nth(4).boundingBox();
        assert.ok(centre(first) > centre(last) + 100, `the first scale point (${centre(first)}) is right of the last (${centre(last)})`);
        const next = await page.getByRole('button', { name: t.next, exact: true }).boundingBox();
        const back = await page.getByRole('button', { name: t.back, exact: true }).boundingBox();
        assert.ok(next.x + next.width < back.x, `"Next" (${next.x}) is at the left of "Back" (${back.x})`);
        // The text is right-aligned: a question's legend starts at the right edge of its box.
        const layout = await page.evaluate(() => {
          const legend = psQuery('fieldset legend');
          const box = legend.closest('fieldset').getBoundingClientRect();
          const progress = psQuery('progress');
          return {
            direction: getComputedStyle(legend).direction,
            legendRight: box.right - legend.getBoundingClientRect().right,
            progressDirection: progress ? getComputedStyle(progress).direction : 'rtl',
          };
        });
        assert.equal(layout.direction, 'rtl');
        assert.ok(layout.legendRight < 30, `the question starts at the right (${layout.legendRight} px from it)`);
        assert.equal(layout.progressDirection, 'rtl', 'the progress fills from the right');
        // At 320 px the scale is a list, still inside the screen.
        await page.setViewportSize({ width: 320, height: 700 });
        const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - innerWidth);
        assert.ok(overflow <= 0, `no sideways scrolling at 320 px (${overflow})`);
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      if (name === 'results') {
        assert.equal(await page.locator('.ps-overall-score').textContent(), overallText(doc, 'ar'));
        const charts = await page.evaluate(() => ({
          bar: getComputedStyle(psQuery('.ps-bar-track')).transform,
          radar: getComputedStyle(psQuery('.ps-radar')).direction,
          value: psQuery('.ps-bar-value').textContent,
        }));
        assert.notEqual(charts.bar, 'none', 'a score bar grows from the right');
        assert.equal(charts.radar, 'ltr', 'the radar keeps its geometry');
        // "4.00 / 5" stays a left-to-right fraction inside the Arabic line.
        assert.match(charts.value, /^\u2066\d\.\d\d \/ 5\u2069 · /u);
        await page.getByText(t.calc).click();
      }
      await checkScreen(page, `${name} in Arabic`);
    },
  });
  assert.ok(screens >= doc.dimensions.length + 4, `every screen was checked (${screens})`);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [lang, id] of [['ar', 'peer-learning'], ['pt', 'environment']]) {
  test(`the embed, ${id} with lang="${lang}" on the element: completed with the keyboard alone`, async () => {
    const doc = instrument(id);
    pages[`/t/keyboard-${lang}.html`] = embedPage(`<partnerscope-survey instrument="${id}" lang="${lang}"></partnerscope-survey>`);
    const { context, page, errors } = await openPage(browser, `${server.url}t/keyboard-${lang}.html`, { width: 1024, height: 700 });
    await page.getByRole('button', { name: UI[lang].start }).waitFor();
    assert.equal(await page.locator('section[lang]').getAttribute('lang'), lang);
    assert.equal(await page.locator('section[lang]').getAttribute('dir'), lang === 'ar' ? 'rtl' : 'ltr');
    const k = await walkByKeyboard(page, doc, lang, 2);
    assert.equal(k, scoredItems(doc).length, 'every question was answered from the keyboard');
    assert.equal(await page.locator('.ps-overall-score').textContent(), overallText(doc, lang, 2));
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the language: #lang=ar, lang="pt-BR" on the element, the browser\'s pt-PT and ar; each language in its own name', async () => {
  // A link chooses Arabic; the picker lists the questionnaire's five languages in their own names.
  {
    const { context, page } = await openPage(browser, `${SINGLE_FILE_URL}#instrument=capabilities&lang=ar`);
    await page.getByRole('button', { name: UI.ar.start }).waitFor();
    const options = await page.getByRole('combobox', { name: UI.ar.language }).locator('option').evaluateAll(
      (all) => all.map((o) => [o.value, o.textContent, o.lang]),
    );
    assert.deepEqual(options, OWN_NAMES.map(([code, name]) => [code, name, code]));
    await context.close();
  }
  // The browser says pt-PT and nothing else chooses: the first screen is in Portuguese, in the
  // single file and in the report; Arabic likewise, right to left.
  for (const [locale, lang, start] of [['pt-PT', 'pt', UI.pt.start], ['ar-EG', 'ar', UI.ar.start]]) {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    await context.addInitScript(shadowHelpers);
    const page = await context.newPage();
    await page.goto(`${SINGLE_FILE_URL}#instrument=health-check`);
    await page.getByRole('button', { name: start }).waitFor();
    assert.equal(await page.locator('section[lang]').getAttribute('lang'), lang);
    await page.goto(REPORT_URL);
    await page.locator(`.pr-root[lang=${lang}]`).waitFor();
    assert.equal(await page.locator('.pr-root').getAttribute('dir'), lang === 'ar' ? 'rtl' : 'ltr');
    await context.close();
  }
  // The page's element says pt-BR: Portuguese, and no setup problem for the region.
  {
    pages['/t/lang-region.html'] = embedPage('<partnerscope-survey instrument="health-check" lang="pt-BR"></partnerscope-survey>');
    const { context, page, errors } = await openPage(browser, `${server.url}t/lang-region.html`);
    await page.getByRole('button', { name: UI.pt.start }).waitFor();
    assert.equal(await page.locator('section[lang]').getAttribute('lang'), 'pt');
    assert.deepEqual(errors, []);
    await context.close();
  }
  // The report in Arabic from a link: right to left, accessible at 1280 and 360 px.
  {
    const { context, page } = await openPage(browser, `${REPORT_URL}#lang=ar`);
    await page.locator('.pr-root[lang=ar][dir=rtl]').waitFor();
    await checkScreen(page, 'the report in Arabic');
    await context.close();
  }
});

test('a questionnaire in English and German carries its German interface: used, listed, and every string it leaves out shown in English and counted', async () => {
  // The demo questionnaire made bilingual, as a new author would: every text in German too, and
  // some of the interface strings; the rest is left out on purpose.
  const doc = JSON.parse(JSON.stringify(instrument('demo')));
  const german = (node) => {
    if (Array.isArray(node)) { node.forEach(german); return; }
    if (node && typeof node === 'object') {
      if (typeof node.en === 'string') node.de = `DE ${node.en}`;
      Object.values(node).forEach(german);
    }
  };
  german(doc);
  Object.assign(doc, { id: 'pulse-de', locales: ['en', 'de'] });
  doc.scale = {
    min: 1, max: 5,
    labels: { de: ['Stimme überhaupt nicht zu', 'Stimme nicht zu', 'Weder noch', 'Stimme zu', 'Stimme voll zu'] },
    not_applicable: { en: "Don't know / not applicable", de: 'Weiß nicht / trifft nicht zu' },
  };
  const interfaceDe = {
    language_name: 'Deutsch', language: 'Sprache', start: 'Beginnen', next: 'Weiter', back: 'Zurück', review: 'Überprüfen',
    review_title: 'Antworten prüfen', finish: 'Abschließen und Ergebnisse ansehen', results_title: 'Ihre Ergebnisse', out_of: 'von',
  };
  doc.interface = { de: interfaceDe };
  UI.de = {
    ...UI.en, start: 'Beginnen', next: 'Weiter', back: 'Zurück', review: 'Überprüfen', reviewTitle: 'Antworten prüfen',
    finish: 'Abschließen und Ergebnisse ansehen', results: 'Ihre Ergebnisse', out: 'von', sep: ',', language: 'Sprache',
  };
  const json = JSON.stringify(doc).replaceAll('<', '\\u003c');
  pages['/t/german.html'] = embedPage(`<partnerscope-survey lang="de"><script type="application/json">${json}</script></partnerscope-survey>`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(shadowHelpers);
  const page = await context.newPage();
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(`${server.url}t/german.html`);
  await page.getByRole('button', { name: 'Beginnen' }).waitFor();
  assert.equal(await page.locator('section[lang]').getAttribute('lang'), 'de');
  // The picker lists exactly the questionnaire's two languages, each in its own name.
  const options = await page.getByRole('combobox', { name: 'Sprache' }).locator('option').evaluateAll(
    (all) => all.map((o) => [o.value, o.textContent]),
  );
  assert.deepEqual(options, [['en', 'English'], ['de', 'Deutsch']]);
  // A string the questionnaire left out is shown in its first language, and the author is told
  // how many are missing.
  await page.getByText('Your answers are anonymous').waitFor();
  const told = warnings.find((w) => w.includes('"pulse-de"') && w.includes('"de"'));
  assert.ok(told, `the missing strings are counted: ${warnings.join(' | ')}`);
  const count = Number(told.match(/for (\d+) strings/)[1]);
  assert.ok(count > 50, `${count} strings counted as missing`);
  assert.ok(!told.includes(' next,') && told.includes('anonymity_title'), told);
  await walk(page, doc, 'de');
  assert.equal(await page.locator('.ps-overall-score').textContent(), overallText(doc, 'de'));
  // Switching to English gives the product's own English.
  await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
  await page.getByRole('heading', { name: UI.en.results }).waitFor();
  await context.close();
});
