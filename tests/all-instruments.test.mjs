// Every built-in instrument, as a respondent meets it, in a real browser, by role and label:
//
// - completed with the mouse, with the validation messages, a reload mid-survey that must resume
//   with every answer, and a language switch that must keep them; on every screen axe-core (WCAG
//   2.2 AA with target-size) at 1280 and 360 px, and no horizontal scrolling at 1280, 640 (a
//   1280 px window at 200 % zoom), 360 and 320 px; the overall score equals an independent
//   computation from the instrument file;
// - completed with the keyboard alone (Tab, arrows, Space, Enter) in the single file opened from
//   disk, focus always visible and never hidden, again with the oracle's score;
// - a damaged and an outdated draft: a plain message in the survey's language, a fresh start,
//   nothing left behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveDist, openPage, axe, SINGLE_FILE_URL } from './harness.mjs';
import { INSTRUMENTS, LANGS, UI, dirOf, instrument, scoredItems, answerFor, overallText, choose, walk, walkByKeyboard } from './flows.mjs';

let browser;
let server;
before(async () => { browser = await launch(); server = await serveDist(); });
after(async () => { await browser?.close(); await server?.close(); });

const DESKTOP = { width: 1280, height: 900 };

/** axe at 1280 and 360 px, and no horizontal scrolling at 1280, 640 (200 % zoom), 360 and 320 px. */
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
  await page.setViewportSize(DESKTOP);
}

const checkedCount = (page) => page.locator('input[type=radio]:checked').count();
/** What the widget's live region says (screen readers announce each change). */
const announced = (page) => page.locator('.ps-announce[role=status]').textContent();

for (const [n, id] of INSTRUMENTS.entries()) {
  const doc = instrument(id);
  // Five questionnaires, five languages: each language starts one walk and ends another, so
  // Arabic and Portuguese are walked with the mouse and with the keyboard like the others.
  const lang = LANGS[n % LANGS.length];
  const other = LANGS[(n + 1) % LANGS.length];
  const hasProfile = Boolean(doc.groups?.length || doc.context?.length);

  test(`${id}: completed in ${lang} then ${other}, with validation, reload and language switch; every screen accessible`, async () => {
    let t = UI[lang];
    const { context, page, errors } = await openPage(browser, `${server.url}#instrument=${id}&lang=${lang}`);
    await page.getByRole('heading', { name: doc.title[lang], level: 2 }).waitFor();
    let answered = 0;
    const shown = await walk(page, doc, lang, {
      group: () => doc.groups.at(-1).label[lang],
      screen: async (name) => {
        const dim = doc.dimensions.find((x) => name === x.id || name === `${x.id}-messages`);
        if (name === 'profile-message') {
          assert.equal(await announced(page), t.chooseGroup);
          await checkScreen(page, 'profile with its message');
        } else if (name === 'profile') {
          if (!doc.groups?.length) await checkScreen(page, 'profile');
        } else if (dim && name.endsWith('-messages')) {
          // Nothing answered: every question is named, and focus goes to the first.
          const count = dim.items.length;
          assert.equal(await page.getByText(t.needsAnswer).count(), count);
          assert.equal(await announced(page), `${t.pageMissing}${count}.`);
          const focusedLegend = await page.evaluate(() => psActive()?.closest('fieldset')?.querySelector('legend')?.textContent);
          assert.ok(focusedLegend?.includes(dim.items[0].text[lang]), `focus on the first question, not ${focusedLegend}`);
          await checkScreen(page, `${dim.id} with its messages`);
        } else if (dim) {
          assert.equal(await checkedCount(page), dim.items.filter((i) => i.kind !== 'comment').length, `every question on ${dim.id} answered`);
          await checkScreen(page, dim.id);
        } else if (name === 'review') {
          // Each area's "Change" button is named with its area, so a list of buttons tells them apart.
          const escape = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          for (const area of doc.dimensions) {
            const button = new RegExp(`^${escape(t.edit)}\\s*:\\s*${escape(area.title[other])}$`);
            assert.equal(await page.getByRole('button', { name: button }).count(), 1, `a change button for ${area.id}`);
          }
          await checkScreen(page, 'review');
        } else if (name === 'welcome') {
          await checkScreen(page, 'welcome');
        }
      },
      answer: async (d, dim, groups, k) => {
        // Open comments are text fields, not groups of choices: one is written where there is one.
        const count = dim.items.filter((item) => item.kind !== 'comment').length;
        assert.equal(await groups.count(), count, `one question group per item on ${dim.id}`);
        for (const comment of dim.items.filter((item) => item.kind === 'comment')) {
          // Spaces as the accessible name has them (a no-break space becomes a space).
          const quote = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/gu, '\\s+');
          // In whichever of the two languages the walk has reached.
          const field = page.getByRole('textbox', { name: new RegExp(`^(${quote(comment.text[lang])}|${quote(comment.text[other])})`) });
          // Beside the field, as its description: not to name anyone, and the threshold in words.
          const hint = await field.evaluate((el) => el.getRootNode().getElementById(el.getAttribute('aria-describedby'))?.textContent ?? '');
          const threshold = Math.max(doc.comment_k ?? 10, doc.anonymity_k ?? 5);
          assert.match(hint, new RegExp(`(^|\\D)${threshold}(\\D|$)`), `the comment threshold is said beside ${comment.id}: ${hint}`);
          await field.fill('A monthly call with every partner would help, as the one in March did.');
        }
        answered += count;
        const half = d === 1 ? Math.ceil(count / 2) : count;
        for (let i = 0; i < half; i++) await choose(doc, groups.nth(i), answerFor(doc, k + i));
        if (d !== 1) return undefined;
        // A reload resumes this page with every answer given so far.
        await page.reload();
        await page.getByRole('heading', { name: dim.title[lang], level: 2 }).waitFor();
        assert.equal(await checkedCount(page), half, 'answers kept across the reload');
        // Switching language keeps them too.
        await page.getByRole('combobox', { name: t.language }).selectOption(other);
        t = UI[other];
        await page.getByRole('heading', { name: dim.title[other], level: 2 }).waitFor();
        assert.equal(await page.locator('section[lang]').getAttribute('lang'), other);
        assert.equal(await page.locator('section[lang]').getAttribute('dir'), dirOf(other));
        assert.equal(await checkedCount(page), half, 'answers kept across the language switch');
        for (let i = half; i < count; i++) await choose(doc, groups.nth(i), answerFor(doc, k + i));
        return other;
      },
    });
    assert.equal(shown, other);
    assert.equal(answered, scoredItems(doc).length);
    assert.equal(await page.locator('.ps-overall-score').textContent(), overallText(doc, other));
    assert.ok((await announced(page)).startsWith(`${t.results}${t.colon}${overallText(doc, other)} · `),
      `the results are announced: ${await announced(page)}`);
    // The print stylesheet gives one A4 page.
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    assert.equal(pdf.match(/\/Type\s*\/Page(?!s)/g)?.length, 1, 'the results print on one page');
    assert.ok(await page.locator('.ps-advice li').count() >= 1, 'advice is given');
    if (doc.scoring.mode === 'stage') assert.equal(await page.locator('.ps-stage').count(), 1, 'the stage is shown');
    await page.getByText(t.calc).click();
    await checkScreen(page, 'results with the calculation open');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`${id}: completed with the keyboard alone in ${other}, focus always visible and never hidden`, async () => {
    const t = UI[other];
    const pattern = 1;
    // The offline single file, opened from disk (the other tests here use the hosted build).
    const { context, page, errors } = await openPage(browser, `${SINGLE_FILE_URL}#instrument=${id}&lang=${other}`, { width: 1024, height: 700 });
    await page.getByRole('button', { name: t.start }).waitFor();
    const k = await walkByKeyboard(page, doc, other, pattern);
    assert.equal(k, scoredItems(doc).length, 'every question was answered from the keyboard');
    assert.equal(await page.locator('.ps-overall-score').textContent(), overallText(doc, other, pattern));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`${id}: a damaged or outdated saved draft is said plainly in ${lang} and the survey starts afresh`, async () => {
    const t = UI[lang];
    const key = `partnerscope:v1:${id}:draft`;
    // From disk, where every local file shares one storage: the keys are namespaced per instrument.
    const { context, page } = await openPage(browser, `${SINGLE_FILE_URL}#instrument=${id}&lang=${lang}`);
    await page.getByRole('button', { name: t.start }).waitFor();
    for (const [draft, message] of [
      ['{"draft":2,"page":"dimension-1","code":"PS1.this-is-not-a-code"}', t.damaged],
      ['{"draft":2,"page":', t.damaged],
      ['{"draft":1,"page":"dimension-1","answers":{}}', t.outdated],
    ]) {
      // On the device when the page opens: written by an init script of the reload itself, so
      // nothing the page before it does while it unloads can come after it.
      await page.addInitScript(([k, v]) => {
        if (sessionStorage.getItem(`seeded:${v}`)) return;
        sessionStorage.setItem(`seeded:${v}`, '1');
        localStorage.setItem(k, v);
      }, [key, draft]);
      await page.reload();
      await page.getByText(message).waitFor();
      await page.getByRole('button', { name: t.start }).waitFor();
      assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), null, 'the unusable draft is removed');
    }
    // The fresh start saves as soon as something is answered.
    await page.getByRole('button', { name: t.start }).click();
    if (hasProfile && doc.groups?.length) {
      await page.getByRole('radio', { name: doc.groups[0].label[lang], exact: true }).check();
    } else {
      if (hasProfile) await page.getByRole('button', { name: t.next }).click();
      await choose(doc, page.getByRole('group').first(), 4);
    }
    const saved = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), key));
    assert.equal(saved.draft, 2);
    assert.match(saved.code, /^PS1\./);
    await context.close();
  });
}
