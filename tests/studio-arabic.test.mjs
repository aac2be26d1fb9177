// The studio in Arabic and Portuguese (issue 20), opened from disk: the interface switched to
// Arabic by its label is right to left and mirrors (headings and labels from the right, the
// buttons' order turned round, the checks panel at the left), passes axe at 1280 and 360 px, has
// no sideways scrolling at 360 and 320 px, and keeps a questionnaire's English text left to right
// and its Arabic text right to left whatever the interface; Portuguese shows Portuguese words;
// the browser's language chooses the first interface language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, openPage, axe, DIST, ROOT } from './harness.mjs';

const STUDIO_URL = pathToFileURL(join(DIST, 'partnerscope-studio.html')).href;
const ARABIC_TITLE = 'Partnerscope: محرّر الاستبيانات';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The studio from disk in English (the browser's language here), then switched to Arabic by the picker's label. */
async function openArabic({ width = 1280, height = 900 } = {}) {
  const opened = await openPage(browser, STUDIO_URL, { width, height });
  const { page } = opened;
  await page.getByRole('heading', { name: 'Partnerscope studio', level: 1 }).waitFor();
  await page.getByLabel('Studio language').selectOption({ label: 'العربية' });
  await page.getByRole('heading', { name: ARABIC_TITLE, level: 1 }).waitFor();
  return opened;
}

/** A copy of the health check (English first, then the other four languages), in the Arabic studio. */
async function copyHealthCheck(page) {
  await page.getByLabel('استبيان جاهز').selectOption('health-check');
  await page.getByRole('button', { name: 'البدء بنسخة منه', exact: true }).click();
  await page.getByText('فُتحت مسودة جديدة.').waitFor();
}

/** Where the text of an element sits on screen (not its box, which a block stretches). */
const textBox = (locator) => locator.evaluate((el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const r = range.getBoundingClientRect();
  return { left: r.left, right: r.right };
});
const box = (locator) => locator.evaluate((el) => {
  const r = el.getBoundingClientRect();
  return { left: r.left, right: r.right, top: r.top };
});
const sideways = (page) => page.evaluate(() => document.scrollingElement.scrollWidth - innerWidth);

test('the Arabic studio is right to left and mirrors, and a questionnaire\'s text keeps its own direction', async () => {
  const { page, context, requests, errors } = await openArabic();
  // The direction follows the language, on the studio and on its page.
  const studio = page.locator('.studio');
  assert.equal(await studio.getAttribute('dir'), 'rtl');
  assert.equal(await studio.getAttribute('lang'), 'ar');
  assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['ar', 'rtl']);
  await copyHealthCheck(page);

  // Headings and labels start at the right edge of their section.
  const section = await box(page.locator('#questionnaire'));
  const heading = await textBox(page.locator('#questionnaire-h'));
  assert.ok(section.right - heading.right < 24, `the heading ends ${section.right - heading.right} px from the right`);
  assert.ok(heading.left - section.left > 600, 'the heading is not at the left');
  const idLabel = await textBox(page.locator('label[for="f-id"]'));
  assert.ok(section.right - idLabel.right < 24, 'the id\'s label sits at the right');
  // The header: the title at the right, the language picker at the left.
  const title = await textBox(page.locator('h1'));
  const picker = await box(page.locator('#ui-lang'));
  assert.ok(title.left > picker.right, 'the title is right of the picker');
  // The checks panel is the left column, the form the right one.
  const [editor, checks] = [await box(page.locator('main.editor')), await box(page.locator('#checks'))];
  assert.ok(checks.right < editor.left, 'the checks panel is at the left');
  // The buttons' order turns round: "up" (first) at the right of "down", and the row at the left.
  const statement = page.locator('#areas fieldset.statement').nth(1);
  const [up, down, remove] = await Promise.all(['#item-0-1-up', '#item-0-1-down', '.remove'].map((s) => box(statement.locator(s).first())));
  assert.ok(up.left > down.right && down.left > remove.right, `buttons from the right: ${JSON.stringify({ up, down, remove })}`);
  const legend = await textBox(statement.locator(':scope > legend'));
  assert.ok(legend.left > up.right, 'the legend at the right, the buttons at the left');

  // A questionnaire's text takes its language's direction: English left to right in the Arabic
  // studio, Arabic right to left; ids and numbers are left to right.
  const english = page.locator('#f-dimensions-0-items-0-text-en');
  const arabic = page.locator('#f-dimensions-0-items-0-text-ar');
  assert.deepEqual(await english.evaluate((el) => [el.lang, getComputedStyle(el).direction]), ['en', 'ltr']);
  assert.deepEqual(await arabic.evaluate((el) => [el.lang, getComputedStyle(el).direction]), ['ar', 'rtl']);
  for (const id of ['#f-id', '#f-version', '#f-dimensions-0-weight']) {
    assert.equal(await page.locator(id).evaluate((el) => getComputedStyle(el).direction), 'ltr', id);
  }
  // A language's label: only the name isolated, in its language and direction, the tag after
  // it in the label's own direction (right to left here: the name at the right), on one line.
  const nameAndTag = (label) => label.evaluate((el) => {
    const name = el.querySelector('bdi');
    const tag = name.nextSibling;
    const r = document.createRange();
    r.selectNodeContents(tag);
    const tagBox = r.getBoundingClientRect();
    const nameBox = name.getBoundingClientRect();
    return { text: el.textContent.trim(), lang: name.lang, dir: name.dir, name: [nameBox.left, nameBox.right], tag: [tagBox.left, tagBox.right],
      oneLine: Math.abs(tagBox.top - nameBox.top) < 4, nowrap: getComputedStyle(name.parentElement).whiteSpace };
  });
  const label = page.locator('label[for="f-dimensions-0-items-0-text-en"]');
  const en = await nameAndTag(label);
  assert.equal(en.text, 'English (en)');
  assert.deepEqual([en.lang, en.dir, en.oneLine, en.nowrap], ['en', 'ltr', true, 'nowrap'], JSON.stringify(en));
  assert.ok(en.tag[1] <= en.name[0] + 1, `the tag is left of the name: ${JSON.stringify(en)}`);
  // The translations table's key column is at the right, its keys left to right.
  const table = page.locator('table.translations');
  const [keyHead, enHead] = [await box(table.locator('thead th').first()), await box(table.locator('thead th').nth(1))];
  assert.ok(keyHead.left >= enHead.right - 1, `the key column is the first from the right: ${JSON.stringify({ keyHead, enHead })}`);
  assert.equal(await table.locator('tbody code').first().evaluate((el) => getComputedStyle(el).direction), 'ltr');

  // Switching back: the same field, the same direction, in an English studio.
  await page.getByLabel('لغة المحرّر').selectOption({ label: 'English' });
  await page.getByRole('heading', { name: 'Partnerscope studio', level: 1 }).waitFor();
  assert.equal(await studio.getAttribute('dir'), 'ltr');
  assert.equal(await arabic.evaluate((el) => getComputedStyle(el).direction), 'rtl', 'Arabic text is right to left in the English studio');
  // Found in the review: "(ar) العربية" in the English studio. The name is isolated alone, so
  // the tag follows it at the right.
  const ar = await nameAndTag(page.locator('label[for="f-dimensions-0-items-0-text-ar"]'));
  assert.equal(ar.text, 'العربية (ar)');
  assert.deepEqual([ar.lang, ar.dir, ar.oneLine], ['ar', 'rtl', true], JSON.stringify(ar));
  assert.ok(ar.name[1] <= ar.tag[0] + 1, `the tag is right of the name: ${JSON.stringify(ar)}`);
  // The questionnaire's language list names each language once, with its tag once.
  const languages = await page.locator('ul.languages li').evaluateAll((lis) => lis.map((li) => li.firstChild.textContent.trim()));
  assert.ok(languages.includes('English (en)') && languages.includes('العربية (ar)'), JSON.stringify(languages));
  for (const li of await page.locator('ul.languages li').allTextContents()) {
    const tag = li.match(/\((\w+)\)/)[1];
    assert.equal(li.match(new RegExp(`\\b${tag}\\b`, 'g')).length, 1, `the tag once: ${li}`);
  }
  assert.deepEqual(requests, [], 'the studio makes no request');
  assert.deepEqual(errors, []);
  await context.close();
});

test('every studio section passes axe in Arabic at 1280 and 360 px, with no sideways scrolling at 360 and 320 px', async () => {
  for (const width of [1280, 360]) {
    const { page, context, errors } = await openArabic({ width });
    await copyHealthCheck(page);
    await page.getByRole('button', { name: 'عرض المعاينة', exact: true }).click();
    // The preview opens in Arabic, the questionnaire having it: its start button in Arabic.
    await page.frameLocator('iframe[title="معاينة الاستبيان"]').locator('.ps-root[lang="ar"]').getByRole('button').first().waitFor({ timeout: 20000 });
    assert.deepEqual(await axe(page), [], `axe in Arabic at ${width} px, a built-in copy`);
    if (width === 360) {
      for (const narrow of [360, 320]) {
        await page.setViewportSize({ width: narrow, height: 780 });
        assert.ok((await sideways(page)) <= 0, `the Arabic studio scrolls sideways at ${narrow} px`);
      }
      await page.setViewportSize({ width: 360, height: 780 });
    }
    // A blank questionnaire in the interface's language, with its problems listed in Arabic
    // (the core's kinds, worded by the studio), none left in English.
    await page.getByRole('button', { name: 'استبيان جديد فارغ', exact: true }).click();
    await page.locator('#checks .problems').waitFor();
    assert.equal(await page.locator('#f-title-ar').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('#checks .problems bdi[lang="en"]').count(), 0);
    // The language's name is isolated in the sentence (U+2068…U+2069: i18n's rule), so the words
    // are matched with or without the isolates.
    await page.locator('#checks .problems').getByText(/النص ناقص بلغة [\u2068\u2069]*العربية[\u2068\u2069]* \(ar\)/).first().waitFor();
    assert.deepEqual(await axe(page), [], `axe in Arabic at ${width} px, a blank questionnaire with problems`);
    if (width === 360) {
      for (const narrow of [360, 320]) {
        await page.setViewportSize({ width: narrow, height: 780 });
        assert.ok((await sideways(page)) <= 0, `the blank Arabic studio scrolls sideways at ${narrow} px`);
      }
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('Portuguese shows Portuguese words, and the choice is kept across a reload', async () => {
  const { page, context } = await openPage(browser, STUDIO_URL);
  await page.getByRole('heading', { name: 'Partnerscope studio', level: 1 }).waitFor();
  await page.getByLabel('Studio language').selectOption({ label: 'Português' });
  await page.getByRole('heading', { name: 'Estúdio Partnerscope', level: 1 }).waitFor();
  const studio = page.locator('.studio');
  assert.equal(await studio.getAttribute('lang'), 'pt');
  assert.equal(await studio.getAttribute('dir'), 'ltr');
  const nav = page.getByRole('navigation', { name: 'Partes' });
  for (const word of ['Questionário', 'Escala de resposta', 'Áreas e afirmações', 'Traduções', 'Pré-visualização']) {
    await nav.getByRole('link', { name: word, exact: true }).waitFor();
  }
  await page.getByRole('button', { name: 'Desfazer', exact: true }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Estúdio Partnerscope', level: 1 }).waitFor();
  await context.close();
});

test('the browser\'s language chooses the first interface language when nothing is saved', async () => {
  for (const [locale, heading, dir] of [['pt-BR', 'Estúdio Partnerscope', 'ltr'], ['ar-EG', ARABIC_TITLE, 'rtl'], ['de-DE', 'Partnerscope studio', 'ltr']]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(STUDIO_URL);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    assert.equal(await page.locator('.studio').getAttribute('dir'), dir, locale);
    await context.close();
  }
});

test('in the Arabic studio a reworded statement\'s translations are marked in Arabic words, right to left, and pass axe at 1280 and 360 px', async () => {
  for (const width of [1280, 360]) {
    const { page, context, errors } = await openArabic({ width });
    await copyHealthCheck(page);
    const english = page.locator('#f-dimensions-0-items-0-text-en');
    await english.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Every partner can see how decisions about money are made.');
    const cell = page.locator('td.stale[lang="fr"]');
    await cell.waitFor();
    // The French text stays left to right; the mark in the Arabic interface's words is right to left.
    assert.equal(await cell.evaluate((el) => getComputedStyle(el).direction), 'ltr');
    const mark = cell.locator('.stale-mark');
    assert.equal(await mark.getAttribute('lang'), 'ar');
    assert.equal(await mark.evaluate((el) => getComputedStyle(el).direction), 'rtl');
    assert.match(await mark.textContent(), /قد يحتاج إلى تحديث/);
    await page.locator('#translations .counts').getByText('نص واحد قد يحتاج إلى تحديث').first().waitFor();
    await page.locator('#checks .warnings').getByText(/تغيّر نص/).waitFor();
    await page.locator('#f-dimensions-0-items-0-text-fr-stale').getByRole('button', { name: /^ما زال صحيحًا/ }).waitFor();
    assert.deepEqual(await axe(page), [], `axe in Arabic at ${width} px with out-of-date marks`);
    if (width === 360) assert.ok((await sideways(page)) <= 0, 'the Arabic studio scrolls sideways at 360 px');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the Arabic studio names bands, questions, answers and areas in Arabic, titles its tab, starts from a real questionnaire, and previews in Arabic, in view', async () => {
  for (const width of [1280, 360]) {
    const { page, context, errors } = await openArabic({ width });
    // The tab's title follows the interface; the built-in list starts at a real questionnaire.
    assert.equal(await page.title(), 'Partnerscope: محرّر الاستبيانات، لكتابة استبيان');
    const builtin = page.getByLabel('استبيان جاهز');
    assert.equal(await builtin.inputValue(), 'fit-for-partnering');
    assert.equal(await builtin.locator('option[value="demo"]').count(), 0, 'the demonstration is not offered');
    await copyHealthCheck(page);
    // Found in the review: ids (concern, scale, local) and "Area 1: Power" in English. Each is
    // now the item's Arabic text, isolated in its own language.
    const legend = page.locator('fieldset.area').first().locator('legend bdi').first();
    assert.deepEqual(await legend.evaluate((el) => [el.lang, el.dir]), ['ar', 'rtl']);
    const labels = page.locator('#areas .field-check label bdi');
    assert.ok(await labels.count() > 10);
    for (const [lang, text] of await labels.evaluateAll((els) => els.map((el) => [el.lang, el.textContent]))) {
      assert.equal(lang, 'ar', `a checkbox named in ${lang}: ${text}`);
      assert.match(text, /[\u0600-\u06ff]/, `an Arabic name: ${text}`);
    }
    // The answers of a "only when" question are there too (health check: advice 4 of area 1).
    assert.ok(await page.locator('[id^="f-dimensions-0-recommendations-3-when-options-"]').count() > 0);
    const questions = await page.locator('#f-dimensions-0-recommendations-0-when-question option').allTextContents();
    assert.ok(questions.slice(1).every((q) => /[\u0600-\u06ff]/.test(q)), JSON.stringify(questions));
    // The preview opens in Arabic, at the top below the bar, focused and named.
    await page.getByRole('button', { name: 'عرض المعاينة', exact: true }).click();
    assert.equal(await page.locator('#preview-lang').inputValue(), 'ar');
    await page.waitForFunction(() => document.activeElement?.id === 'preview-holder');
    const place = await page.evaluate(() => {
      const bar = document.querySelector('.studio .toolbar').getBoundingClientRect();
      const r = document.getElementById('preview-holder').getBoundingClientRect();
      return { top: r.top, bar: bar.bottom, height: innerHeight };
    });
    assert.ok(place.top >= place.bar - 1 && place.top < place.height / 3, `the preview is in view below the bar at ${width} px: ${JSON.stringify(place)}`);
    await page.frameLocator('iframe.preview-frame').locator('[lang="ar"]').first().waitFor({ timeout: 20000 });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a workbook with mistakes opened in the Arabic or Portuguese studio lists what was not read in that language, right to left in Arabic', async () => {
  const workbook = join(ROOT, 'tests/fixtures/xlsform/libreoffice-broken.xlsx');
  const english = /\b(row|without|not read|has no place|is used by no)\b/;
  for (const label of ['العربية', 'Português']) {
    const { page, context, errors } = await openPage(browser, STUDIO_URL, { width: 360, height: 900 });
    await page.getByRole('heading', { name: 'Partnerscope studio', level: 1 }).waitFor();
    await page.getByLabel('Studio language').selectOption({ label });
    const input = page.locator('input[type=file]').first();
    await input.setInputFiles(workbook);
    const notice = page.getByText(/libreoffice-broken\.xlsx/).first();
    await notice.waitFor();
    const notes = await notice.locator('xpath=..').locator('li').allTextContents();
    assert.ok(notes.length >= 5, `the notes: ${JSON.stringify(notes)}`);
    for (const note of notes) {
      assert.doesNotMatch(note, english, `a note in English in the ${label} studio: ${note}`);
      if (label === 'العربية') {
        assert.match(note, /[\u0600-\u06ff]/, `an Arabic note: ${note}`);
        // Outside the isolates (XLSForm's own names, numbers), no Latin letters.
        const bare = note.replace(/[\u2066-\u2068][^\u2069]*\u2069/g, '');
        assert.doesNotMatch(bare, /[A-Za-z]/, `Latin letters outside an isolate: ${note}`);
      }
    }
    assert.equal(await page.locator('.studio').getAttribute('dir'), label === 'العربية' ? 'rtl' : 'ltr');
    // A file that is no workbook at all: the sentence in the interface's words, the reader's
    // own (English) reason marked as English inside it.
    await input.setInputFiles({ name: 'not-a-workbook.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('just some text') });
    const failed = page.locator('p.bad').filter({ hasText: 'not-a-workbook.xlsx' });
    await failed.waitFor();
    const reason = failed.locator('bdi[lang="en"]');
    assert.ok((await reason.textContent()).length > 10, await reason.textContent());
    const sentence = (await failed.textContent()).replace(await reason.textContent(), '');
    assert.match(sentence, label === 'العربية' ? /[\u0600-\u06ff]/ : /Não foi possível abrir/, sentence);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
