// The studio (issue 19), opened from disk as a facilitator would: a questionnaire written from
// blank with the keyboard, translated through the CSV round trip, sent as a survey file that is
// opened from disk and completed in both languages; XLSForm workbooks made by openpyxl; axe at
// 1280 and 360 px; hostile text shown as text everywhere, the preview included.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launch, openPage, axe, DIST, ROOT } from './harness.mjs';

const STUDIO_URL = pathToFileURL(join(DIST, 'partnerscope-studio.html')).href;
const XLSFORM = join(ROOT, 'tests/fixtures/xlsform');

let browser;
let dir;
before(async () => {
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'ps-studio-'));
});
after(async () => { await browser?.close(); });

async function openStudio({ width = 1280, height = 900 } = {}) {
  const opened = await openPage(browser, STUDIO_URL, { width, height });
  await opened.page.getByRole('heading', { name: 'Partnerscope studio', level: 1 }).waitFor();
  return opened;
}

/** Presses `name`'s button with the keyboard: focus, then Enter. */
async function press(page, name, scope = page) {
  const button = scope.getByRole('button', { name, exact: true });
  await button.focus();
  await page.keyboard.press('Enter');
}

/** Types into a field reached by keyboard focus: focus it, select what is there, type. */
async function type(page, locator, text) {
  await locator.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

const english = (scope, legend) => scope.getByRole('group', { name: legend, exact: true }).getByLabel('English (en)', { exact: true });
const french = (scope, legend) => scope.getByRole('group', { name: legend, exact: true }).getByLabel('Français (fr)', { exact: true });

const AREAS = [
  { title: 'Sharing', statements: ['Partners tell each other what they learn.', 'Useful news often reaches me too late.', 'I know where to find shared documents.'], reverse: [1] },
  { title: 'Deciding', statements: ['I know who decides what.', 'Decisions are written down.'], reverse: [] },
];
const FRENCH = {
  'Team pulse': 'Pouls de l\'équipe',
  Sharing: 'Partage',
  Deciding: 'Décider',
  'Partners tell each other what they learn.': 'Les partenaires se disent ce qu\'ils apprennent.',
  'Useful news often reaches me too late.': 'Les nouvelles utiles m\'arrivent souvent trop tard.',
  'I know where to find shared documents.': 'Je sais où trouver les documents partagés.',
  'I know who decides what.': 'Je sais qui décide de quoi.',
  'Decisions are written down.': 'Les décisions sont consignées par écrit.',
  'Needs attention': 'À surveiller',
  Steady: 'Stable',
  Strong: 'Solide',
};

/** Writes the two-area, five-statement questionnaire from blank, with the keyboard only. */
async function authorFromBlank(page) {
  await press(page, 'New blank questionnaire');
  await page.getByText('A new draft is open.').waitFor();
  const identity = page.locator('#questionnaire');
  await type(page, identity.getByLabel('Id', { exact: true }), 'team-pulse');
  await type(page, english(identity, 'Title'), 'Team pulse');
  for (const [n, label] of ['Needs attention', 'Steady', 'Strong'].entries()) {
    await type(page, english(page.getByRole('group', { name: `Band ${n + 1}`, exact: true }), 'Band name'), label);
  }
  for (const [a, area] of AREAS.entries()) {
    if (a > 0) {
      await press(page, 'Add an area');
      // Focus moved to the new area's id.
      assert.equal(await page.evaluate(() => document.activeElement.id), `f-dimensions-${a}-id`);
    }
    const fieldset = page.getByRole('group', { name: new RegExp(`^Area ${a + 1}`) });
    await type(page, english(fieldset, 'Area name'), area.title);
    for (const [s, text] of area.statements.entries()) {
      if (s > 0) {
        await press(page, `Add a statement to Area ${a + 1}: ${area.title}`);
        // Focus is in the new statement's first text field: type straight away.
        await page.waitForFunction((id) => document.activeElement.id === id, `f-dimensions-${a}-items-${s}-text-en`);
        await page.keyboard.type(text);
      } else {
        const first = fieldset.locator('fieldset.statement').first();
        await type(page, english(first, 'Statement'), text);
      }
      if (area.reverse.includes(s)) {
        await fieldset.locator('fieldset.statement').nth(s).getByLabel('Reverse-worded (agreement means less)').focus();
        await page.keyboard.press('Space');
      }
    }
  }
  await page.locator('#checks').getByText('No problems: the questionnaire is valid.').waitFor();
}

test('a questionnaire written from blank by keyboard, reordered, undone, kept across a reload', async () => {
  const { page, requests, errors } = await openStudio();
  await authorFromBlank(page);
  // Five statements in two areas; the checklist has nothing about reverse wording (one of five).
  assert.equal(await page.locator('fieldset.statement').count(), 5);
  const warnings = await page.locator('#checks .warnings').textContent().catch(() => '');
  assert.doesNotMatch(warnings ?? '', /reverse-worded/);
  // Reorder with the keyboard: the third statement of Sharing moves up, focus follows it.
  const third = 'Move Statement q3 up';
  await press(page, third);
  await page.waitForFunction(() => document.activeElement.id === 'item-0-1-up');
  const texts = await page.locator('#f-dimensions-0-items-1-text-en').inputValue();
  assert.equal(texts, 'I know where to find shared documents.');
  // Undo puts it back; redo moves it again; undo again.
  await press(page, 'Undo');
  assert.equal(await page.locator('#f-dimensions-0-items-1-text-en').inputValue(), 'Useful news often reaches me too late.');
  await press(page, 'Redo');
  assert.equal(await page.locator('#f-dimensions-0-items-1-text-en').inputValue(), 'I know where to find shared documents.');
  await press(page, 'Undo');
  // A problem links to its field: an empty title is listed and the link focuses the field.
  await type(page, english(page.locator('#questionnaire'), 'Title'), '');
  await page.keyboard.press('Backspace');
  const link = page.locator('#checks .problems a').filter({ hasText: 'the text in English (en) is missing' }).first();
  await link.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-title-en');
  await page.keyboard.type('Team pulse');
  // The writing checklist: "and" joining two ideas, a double negative.
  await type(page, page.locator('#f-dimensions-1-items-1-text-en'), 'Decisions are not never written down and shared.');
  await page.locator('#checks .warnings').getByText(/"and" may join two ideas/).waitFor();
  await page.locator('#checks .warnings').getByText(/Two negations/).waitFor();
  await type(page, page.locator('#f-dimensions-1-items-1-text-en'), 'Decisions are written down.');
  // Saved as typed: a reload restores the draft.
  await page.reload();
  await page.getByText('Your draft was restored from this device.').waitFor();
  assert.equal(await page.locator('#f-dimensions-1-items-1-text-en').inputValue(), 'Decisions are written down.');
  assert.equal(await page.locator('#f-title-en').inputValue(), 'Team pulse');
  assert.deepEqual(requests, [], 'the studio makes no request');
  assert.deepEqual(errors, []);
});

/** The answers to give in the survey file, by statement text, in `lang`. */
async function completeSurvey(page, lang) {
  const ui = lang === 'fr'
    ? { start: 'Commencer', next: 'Suivant', review: 'Vérifier', finish: 'Terminer et voir les résultats', results: 'Vos résultats', agree: "Plutôt d'accord" }
    : { start: 'Start', next: 'Next', review: 'Review', finish: 'Finish and see results', results: 'Your results', agree: 'Agree' };
  await page.getByRole('button', { name: ui.start }).click();
  for (const [a, area] of AREAS.entries()) {
    const title = lang === 'fr' ? FRENCH[area.title] : area.title;
    await page.getByRole('heading', { name: title }).first().waitFor();
    for (const text of area.statements) {
      const q = lang === 'fr' ? FRENCH[text] : text;
      await page.getByRole('group', { name: q }).getByRole('radio', { name: ui.agree, exact: true }).check();
    }
    await page.getByRole('button', { name: a + 1 < AREAS.length ? ui.next : ui.review }).click();
  }
  await page.getByRole('button', { name: ui.finish }).click();
  await page.getByRole('heading', { name: ui.results }).waitFor();
}

test('translated through the CSV round trip, sent as a survey file that works from disk in both languages', async () => {
  const { page, requests, errors } = await openStudio();
  await authorFromBlank(page);
  // A second language, by its tag.
  await type(page, page.getByLabel('Add a language (tag, e.g. fr, pt, ar)'), 'fr');
  await press(page, 'Add language');
  await page.locator('#translations').getByText('Français (fr): 11 texts missing').waitFor();
  // The CSV for the translator.
  const [download] = await Promise.all([page.waitForEvent('download'), press(page, 'Export translations (CSV)')]);
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'key,context,en,fr');
  // The translator fills the French column (a spreadsheet keeps the rows; they are matched by key).
  const translated = [lines[0]];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const en = cells[2].replace(/^"|"$/g, '');
    if (FRENCH[en]) cells[3] = `"${FRENCH[en].replace(/"/g, '""')}"`;
    translated.push(cells.join(','));
  }
  translated.push('statement.nowhere,Statement,Ghost,Fantôme');
  const file = join(dir, 'translated.csv');
  await writeFile(file, translated.join('\r\n') + '\r\n');
  await page.getByLabel('Import translated CSV').setInputFiles(file);
  await page.getByText('translated.csv read.').waitFor();
  await page.getByText('11 texts changed').waitFor();
  await page.getByText('1 key this questionnaire does not have (not used)').waitFor();
  await page.getByText(/statement\.nowhere \(line \d+\)/).waitFor();
  await page.locator('#translations').getByText('Français (fr): complete').waitFor();
  await page.locator('#checks').getByText('No problems: the questionnaire is valid.').waitFor();
  assert.equal(await french(page.locator('#questionnaire'), 'Title').inputValue(), "Pouls de l'équipe");
  // The snippet names the questionnaire.
  assert.match(await page.getByLabel('Snippet').inputValue(), /<partnerscope-survey instrument-src="[^"]*team-pulse\.json"><\/partnerscope-survey>/);
  // The survey file, made here.
  const [survey] = await Promise.all([page.waitForEvent('download'), press(page, 'Download survey file')]);
  assert.equal(survey.suggestedFilename(), 'partnerscope-team-pulse.html');
  const surveyPath = join(dir, 'partnerscope-team-pulse.html');
  await survey.saveAs(surveyPath);
  // It carries this questionnaire alone (no built-in, no network code): within the single
  // file's budget (crates/xtask/src/main.rs, SINGLE_FILE_GZIP).
  const surveyBytes = await readFile(surveyPath);
  assert.ok(gzipSync(surveyBytes, { level: 9 }).length <= 188_000, `the survey file is ${gzipSync(surveyBytes, { level: 9 }).length} bytes gzip`);
  assert.deepEqual(requests, []);
  assert.deepEqual(errors, []);
  // Opened from disk, it makes no request and is completed in English, then in French.
  for (const lang of ['en', 'fr']) {
    const url = pathToFileURL(surveyPath).href + (lang === 'fr' ? '#lang=fr' : '');
    const opened = await openPage(browser, url);
    await opened.page.getByRole('heading', { name: lang === 'fr' ? "Pouls de l'équipe" : 'Team pulse' }).first().waitFor();
    await completeSurvey(opened.page, lang);
    assert.deepEqual(opened.requests, [], `the survey file (${lang}) makes no request`);
    assert.deepEqual(opened.errors, []);
    await opened.context.close();
  }
  // Changed with the same id: the next files are a new version, and the studio says so.
  await type(page, english(page.locator('#questionnaire'), 'Title'), 'Team pulse 2');
  await page.getByText(/You changed "team-pulse" since version 1 went out, and kept its id: the files you download now are version 2/).waitFor();
});

test('the survey file is inert with hostile text, and so are the studio and its preview', async () => {
  const { page, errors } = await openStudio();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  await authorFromBlank(page);
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const long = 'Supercalifragilisticexpialidocious'.repeat(6);
  await type(page, english(page.locator('#questionnaire'), 'Title'), hostile);
  await type(page, page.locator('#f-dimensions-0-items-0-text-en'), `${long} ${hostile}`);
  await page.locator('#translations').getByText(hostile).first().waitFor();
  await press(page, 'Show the preview');
  // Shown below the fold, the preview is brought into view and focused, named.
  await page.waitForFunction(() => document.activeElement?.id === 'preview-holder');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Preview of the survey');
  const top = await page.evaluate(() => document.getElementById('preview-holder').getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 300, `the preview's top is in view: ${top}`);
  const frame = page.frameLocator('iframe[title="Preview of the survey"]');
  await frame.getByRole('heading', { name: hostile }).first().waitFor({ timeout: 20000 });
  await frame.getByRole('button', { name: 'Start' }).click();
  await frame.getByText(`${long} ${hostile}`).waitFor();
  // Nothing from the text became an element, in the studio or the preview.
  assert.equal(await page.locator('.studio img, .studio script').count(), 0);
  assert.equal(await frame.locator('img[src=x]').count(), 0);
  // The long word wraps: no sideways scroll in the studio at 360 px.
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `the studio scrolls sideways by ${overflow} px`);
  assert.equal(dialogs, 0);
  assert.deepEqual(errors, []);
});

test('every studio screen passes axe at 1280 and 360 px', async () => {
  for (const width of [1280, 360]) {
    const { page, context } = await openStudio({ width });
    // A built-in copy fills every section; problems and warnings are listed.
    await page.getByLabel('Built-in questionnaire').selectOption('health-check');
    await press(page, 'Start from a copy');
    await page.getByText('A new draft is open.').waitFor();
    await press(page, 'Show the preview');
    await page.frameLocator('iframe[title="Preview of the survey"]').getByRole('button', { name: 'Start' }).waitFor({ timeout: 20000 });
    let violations = await axe(page);
    assert.deepEqual(violations, [], `axe at ${width} px, a built-in copy`);
    await press(page, 'New blank questionnaire');
    await page.locator('#checks .problems').waitFor();
    violations = await axe(page);
    assert.deepEqual(violations, [], `axe at ${width} px, a blank questionnaire with problems`);
    await context.close();
  }
});

test('XLSForm: a workbook written by openpyxl opens, a broken one lists every row, and export then import is exact', async () => {
  const { page, errors } = await openStudio();
  await page.getByLabel('Open a file (.json or .xlsx)').setInputFiles(join(XLSFORM, 'openpyxl-good.xlsx'));
  await page.getByText('openpyxl-good.xlsx opened.').waitFor();
  assert.equal(await page.locator('#f-id').inputValue(), 'kobo-network-check');
  assert.equal(await page.locator('fieldset.area').count(), 2);
  assert.equal(await french(page.locator('#questionnaire'), 'Title').inputValue(), 'Bilan du réseau');
  await page.getByLabel('Open a file (.json or .xlsx)').setInputFiles(join(XLSFORM, 'openpyxl-broken.xlsx'));
  await page.getByText('openpyxl-broken.xlsx opened.').waitFor();
  // Each note's values (sheet, row, names) are isolated (U+2066…U+2069), so that they keep their
  // order in a sentence of either direction: compared without the isolates.
  const shown = (await page.locator('.notice li').allTextContents()).map((t) => t.replace(/[\u2066-\u2069]/g, ''));
  for (const note of await readFile(join(XLSFORM, 'openpyxl-broken.expected.txt'), 'utf8').then((t) => t.trim().split('\n'))) {
    assert.ok(shown.includes(note), `the note "${note}" among ${JSON.stringify(shown)}`);
  }
  // Export then import: the same questionnaire.
  await page.getByLabel('Built-in questionnaire').selectOption('fit-for-partnering');
  await press(page, 'Start from a copy');
  const [download] = await Promise.all([page.waitForEvent('download'), press(page, 'Download XLSForm (.xlsx)')]);
  const xlsx = join(dir, 'roundtrip.xlsx');
  await download.saveAs(xlsx);
  const [json1] = await Promise.all([page.waitForEvent('download'), press(page, 'Download questionnaire (JSON)')]);
  const before = await readFile(await json1.path(), 'utf8');
  await page.getByLabel('Open a file (.json or .xlsx)').setInputFiles(xlsx);
  await page.getByText('roundtrip.xlsx opened.').waitFor();
  const [json2] = await Promise.all([page.waitForEvent('download'), press(page, 'Download questionnaire (JSON)')]);
  assert.equal(await readFile(await json2.path(), 'utf8'), before);
  assert.deepEqual(errors, []);
  await copyFile(xlsx, join(dir, 'kept.xlsx'));
});

/** A copy of the health check (English first, then French, Spanish, Arabic, Portuguese). */
async function copyHealthCheck(page) {
  await page.getByLabel('Built-in questionnaire').selectOption('health-check');
  await press(page, 'Start from a copy');
  await page.getByText('A new draft is open.').waitFor();
}

const REWORDED = 'Every partner can see how decisions about money are made.';

test('a statement reworded in English marks its four translations until each is edited, kept or undone, across a reload', async () => {
  const { page, errors } = await openStudio();
  await copyHealthCheck(page);
  const table = page.locator('table.translations');
  assert.equal(await table.locator('td.stale').count(), 0, 'a copy: every translation current');
  await type(page, page.locator('#f-dimensions-0-items-0-text-en'), REWORDED);
  // The table: the four other languages' cells of statement.pw1, each with a sign and words.
  const row = table.locator('tr', { has: page.locator('th code', { hasText: /^statement\.pw1$/ }) });
  await row.locator('td.stale').nth(3).waitFor();
  assert.equal(await row.locator('td.stale').count(), 4);
  assert.equal(await table.locator('td.stale').count(), 4, 'only the reworded text');
  const frCell = row.locator('td[lang="fr"]');
  assert.match(await frCell.textContent(), /may be out of date/);
  assert.match(await frCell.textContent(), /Still right/);
  // Counted per language, and listed among the warnings (the download stays possible).
  const counts = page.locator('#translations .counts');
  // A right-to-left name alone is isolated (U+2068…U+2069), its tag outside the isolate.
  for (const lang of ['Français (fr)', 'Español (es)', '\u2068العربية\u2069 (ar)', 'Português (pt)']) {
    await counts.getByText(`${lang}: 1 text may be out of date`).waitFor();
  }
  assert.equal(await counts.getByText('English (en): 1 text may be out of date').count(), 0);
  const warning = page.locator('#checks .warnings a').filter({ hasText: 'The English (en) text changed after it was translated' });
  assert.equal(await warning.count(), 1);
  // The languages' names are isolated (U+2068…U+2069) so they keep their brackets in Arabic.
  const words = (await warning.textContent()).replace(/[\u2066-\u2069]/g, '');
  assert.match(words, /Français \(fr\), Español \(es\), العربية \(ar\), Português \(pt\) texts still say the same/);
  assert.equal(await page.getByRole('button', { name: 'Download survey file' }).isDisabled(), false, 'warnings do not block the download');
  // The warning's link moves focus to the French field, which says why, with its own button.
  await warning.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-dimensions-0-items-0-text-fr');
  assert.match(await page.locator('#f-dimensions-0-items-0-text-fr-stale').textContent(), /May be out of date: the English \(en\) text changed/);
  assert.match(await page.locator('#f-dimensions-0-items-0-text-fr').getAttribute('aria-describedby'), /f-dimensions-0-items-0-text-fr-stale/);
  // "Still right" for French, by keyboard: the mark goes, focus stays in the field.
  await press(page, 'Still right: the Français (fr) text of statement.pw1', page.locator('#areas'));
  await page.waitForFunction(() => document.activeElement.id === 'f-dimensions-0-items-0-text-fr');
  await page.waitForFunction(() => document.querySelectorAll('td.stale').length === 3);
  assert.equal(await counts.getByText('Français (fr): 1 text may be out of date').count(), 0);
  // Editing the Spanish clears its mark; undo brings the old Spanish and its mark back, redo clears it again.
  await type(page, page.locator('#f-dimensions-0-items-0-text-es'), 'Cada socio ve cómo se decide sobre el dinero.');
  await page.waitForFunction(() => document.querySelectorAll('td.stale').length === 2);
  await press(page, 'Undo');
  await row.locator('td.stale[lang="es"]').waitFor();
  await press(page, 'Redo');
  await page.waitForFunction(() => !document.querySelector('td.stale[lang="es"]'));
  // In the table, "Still right" keeps focus in the table's cell.
  await press(page, 'Still right: the \u2068العربية\u2069 (ar) text of statement.pw1', row);
  await page.waitForFunction(() => document.activeElement.id === 'cell-f-dimensions-0-items-0-text-ar');
  await page.waitForFunction(() => document.querySelectorAll('td.stale').length === 1);
  // The translator's CSV lists what may be out of date in its last column.
  const [download] = await Promise.all([page.waitForEvent('download'), press(page, 'Export translations (CSV)')]);
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(csv[0], 'key,context,en,fr,es,ar,pt,may_be_out_of_date');
  assert.ok(csv.find((l) => l.startsWith('statement.pw1,'))?.endsWith(',pt'), 'the row names Portuguese');
  // Kept on the device: the mark survives a reload, and is never in the questionnaire's JSON.
  await page.reload();
  await page.getByText('Your draft was restored from this device.').waitFor();
  await row.locator('td.stale[lang="pt"]').waitFor();
  assert.equal(await table.locator('td.stale').count(), 1);
  const [json] = await Promise.all([page.waitForEvent('download'), press(page, 'Download questionnaire (JSON)')]);
  const text = await readFile(await json.path(), 'utf8');
  assert.doesNotMatch(text, /translated_from|translated-from|may_be_out_of_date/);
  assert.match(text, new RegExp(REWORDED));
  // A questionnaire started afresh: nothing marked.
  await copyHealthCheck(page);
  assert.equal(await table.locator('td.stale').count(), 0);
  assert.deepEqual(errors, []);
});

/** The sticky bar's bottom and `locator`'s top, in the window. */
const underBar = (page, locator) => locator.evaluate((el) => ({
  top: el.getBoundingClientRect().top,
  bar: document.querySelector('.studio .toolbar').getBoundingClientRect().bottom,
}));

test('a jump from a check, from the section nav or after an import lands below the sticky bar, at 1280 and 360 px', async () => {
  for (const width of [1280, 360]) {
    const { page, context, errors } = await openStudio({ width, height: width > 600 ? 900 : 780 });
    await copyHealthCheck(page);
    await type(page, page.locator('#f-dimensions-1-items-2-text-en'), REWORDED);
    // The section nav: each section's heading is below the bar.
    for (const [name, id] of [['Scoring', '#scoring'], ['Areas and statements', '#areas'], ['Translations', '#translations'], ['Answer scale', '#scale']]) {
      const link = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true });
      await link.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction((h) => location.hash === h, id);
      const { top, bar } = await underBar(page, page.locator(`${id} h2`));
      assert.ok(top >= bar, `${width} px, ${name}: the heading's top ${top} is under the bar's bottom ${bar}`);
    }
    // A check's link: its field is below the bar, the notice's too once an import is shown.
    const jump = async (what) => {
      const link = page.locator('#checks .warnings a').filter({ hasText: 'changed after it was translated' });
      await link.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement.id === 'f-dimensions-1-items-2-text-fr');
      const { top, bar } = await underBar(page, page.locator('#f-dimensions-1-items-2-text-fr'));
      assert.ok(top >= bar, `${width} px, ${what}: the field's top ${top} is under the bar's bottom ${bar}`);
    };
    await jump('a check');
    // The field half under the bar already (the case where focusing does not scroll unless the
    // bar's height is the page's scroll padding); the link clicked without scrolling to it.
    await page.locator('#f-dimensions-1-items-2-text-fr').evaluate((el) => {
      const bar = document.querySelector('.studio .toolbar').getBoundingClientRect().bottom;
      window.scrollBy(0, el.getBoundingClientRect().top - bar + 20);
    });
    await page.locator('#checks .warnings a').filter({ hasText: 'changed after it was translated' }).dispatchEvent('click');
    await page.waitForFunction(() => document.activeElement.id === 'f-dimensions-1-items-2-text-fr');
    const half = await underBar(page, page.locator('#f-dimensions-1-items-2-text-fr'));
    assert.ok(half.top >= half.bar, `${width} px, a field half under the bar: its top ${half.top} is under the bar's bottom ${half.bar}`);
    const [download] = await Promise.all([page.waitForEvent('download'), press(page, 'Export translations (CSV)')]);
    const file = join(dir, `jump-${width}.csv`);
    await download.saveAs(file);
    await page.getByLabel('Import translated CSV').setInputFiles(file);
    await page.getByText(`jump-${width}.csv read.`).waitFor();
    // Scrolled away first, so the jump has to bring the field back.
    await page.evaluate(() => window.scrollTo(0, document.scrollingElement.scrollHeight));
    await jump('a check with the import notice shown');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the out-of-date marks pass axe at 1280 and 360 px', async () => {
  for (const width of [1280, 360]) {
    const { page, context } = await openStudio({ width });
    await copyHealthCheck(page);
    await type(page, page.locator('#f-dimensions-0-items-0-text-en'), REWORDED);
    await page.locator('td.stale').nth(3).waitFor();
    assert.deepEqual(await axe(page), [], `axe at ${width} px with out-of-date marks`);
    if (width === 360) {
      const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `the studio scrolls sideways by ${overflow} px`);
    }
    await context.close();
  }
});
