// The report as a facilitator reads it (issue 18): the plan tied to the right rounds, honest
// reasons for what is missing, numbers a spreadsheet reads, the picture at a glance, the
// printout and the phone, and the words. Opened from disk, driven by role and label, fed the
// fixtures `cargo xtask fixtures` makes (and variants of them made here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { launch, openReport, fixture } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Loads files: fixture names, or `{ name, text }` made by the test. */
async function load(page, ...files) {
  const inputs = await Promise.all(files.map(async (f) => (typeof f === 'string'
    ? { name: f, mimeType: 'application/json', buffer: await readFile(fixture(f)) }
    : { name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })));
  await page.locator('#pr-files').setInputFiles(inputs);
  await page.getByRole('heading', { level: 2, name: /group report/ }).waitFor();
}

async function download(page, button, scope = page) {
  const [file] = await Promise.all([page.waitForEvent('download'), scope.getByRole('button', { name: button }).click()]);
  return readFile(await file.path(), 'utf8');
}

/** The fixture's lines with `edit(response, index)` applied to each. */
async function variant(name, edit) {
  const lines = (await readFile(fixture(name), 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((l, n) => JSON.stringify(edit(JSON.parse(l), n) ?? JSON.parse(l))).join('\n') + '\n';
}

test('a plan ticked while viewing 2026 against 2025 is the plan for the next round: it never judges this change', async () => {
  const { context, page } = await openReport(browser);
  await load(page, 'round-2025.jsonl', 'round-2026.jsonl', 'plan-2025.json');
  const questions = page.locator('#pr-questions');
  const before = await questions.innerText();
  const plan = page.locator('#pr-plan');
  await plan.getByRole('heading', { name: 'Action plan agreed after 2026' }).waitFor();
  // Impact was not a priority of the 2025 plan: ticking it now writes the 2026 plan.
  await plan.getByRole('checkbox', { name: 'Impact' }).check();
  await plan.getByLabel('What will be done').last().fill('Agree two shared outcome measures');
  await plan.getByText('The plan is saved on this device.').waitFor();
  assert.equal(await questions.innerText(), before, 'the meeting questions do not move with the new plan');
  assert.ok(!/“Impact” was a priority/.test(before));
  const impact = page.locator('#pr-changes').getByRole('region', { name: 'All respondents' }).getByRole('row', { name: /^Impact/ });
  assert.ok(!/in the action plan/.test(await impact.innerText()), 'Impact is not marked as planned');
  // The exported plan says which rounds it is about.
  const saved = JSON.parse(await download(page, 'Action plan for next round (JSON)', plan));
  assert.equal(saved.round, '2026');
  assert.ok(saved.priorities.some((p) => p.dimension === 'impact'));
  // 2025 on its own: nothing is judged; the plan shown is the one agreed after 2025.
  await page.getByLabel('Round', { exact: true }).selectOption('2025');
  await plan.getByRole('heading', { name: 'Action plan agreed after 2025' }).waitFor();
  assert.ok(!/was a priority in the action plan/.test(await questions.innerText()));
  assert.equal(await page.locator('#pr-changes').count(), 0, 'no comparison, no changes section');
  await context.close();
});

test('every empty section says its true reason, and no withheld round\'s size is said', async () => {
  const { context, page } = await openReport(browser);
  // gap.jsonl's 18 responses (8 lead partners, then 10 others): two of each become 2025, the
  // rest 2026 (6 and 8).
  const text = await variant('gap.jsonl', (r, n) => ({ ...r, id: `${r.id}-v`, round: [0, 1, 8, 9].includes(n) ? '2025' : '2026' }));
  await load(page, { name: 'two-rounds.jsonl', text });
  await page.getByLabel('Compare with').selectOption('2025');
  await page.locator('#pr-changes').getByText('2025 has fewer than 5 responses in every group, so no change can be shown without risking someone\'s anonymity.').waitFor();
  const rounds = await page.getByLabel('Round', { exact: true }).locator('option').allInnerTexts();
  assert.deepEqual(rounds, ['2025: fewer than 5 in a group', '2026: 14 responses']);
  // 18 loaded in all would give 2025's four by subtraction: the total is not said either.
  await page.locator('.pr-summary').getByText(/responses loaded \(how many is not shown/).waitFor();
  assert.ok(!/\b18 responses\b/.test(await page.locator('body').innerText()));
  await context.close();
});

test('the start screen says what a design needs, with a calculator', async () => {
  const { context, page } = await openReport(browser);
  await page.getByRole('heading', { name: 'Before the survey: how many responses you need' }).waitFor();
  await page.getByLabel('Groups').fill('3');
  await page.getByLabel('Rounds').fill('2');
  await page.getByText('3 groups over 2 rounds need at least 30 responses: 5 per group in every round.').waitFor();
  await context.close();
});

test('the figures CSV reads back in Python with numbers where numbers belong', async () => {
  const { context, page } = await openReport(browser);
  await load(page, 'round-2025.jsonl', 'round-2026.jsonl', 'plan-2025.json');
  const csv = await download(page, 'Figures (CSV)');
  await context.close();
  const script = `
import csv, io, json, sys
rows = list(csv.DictReader(io.StringIO(sys.stdin.read())))
numeric = ["n", "mean", "sd", "ci95_low", "ci95_high", "difference", "alpha"]
bad, negative = [], 0
for row in rows:
    for column in numeric:
        cell = row[column]
        if cell == "":
            continue
        try:
            value = float(cell)
        except ValueError:
            bad.append((column, cell))
            continue
        negative += value < 0
print(json.dumps({"rows": len(rows), "bad": bad, "negative": negative}))
`;
  const result = JSON.parse(execFileSync('python3', ['-c', script], { input: csv }).toString());
  assert.deepEqual(result.bad, [], 'every figure is a number');
  assert.ok(result.rows > 10 && result.negative > 0, JSON.stringify(result));
});

test('at a glance: an areas × groups grid with number and band in every cell, and statement by statement', async () => {
  const { context, page } = await openReport(browser);
  // One lead partner answers "not applicable" to every Power statement: Power is then over one
  // fewer than the overall score, so the rule withholds it for the lead partners.
  let marked = false;
  const text = await variant('gap.jsonl', (r) => {
    if (!marked && r.group === 'lead') {
      marked = true;
      return { ...r, answers: { ...r.answers, pw1: 'na', pw2: 'na', pw3: 'na', pw4: 'na' } };
    }
    return r;
  });
  await load(page, { name: 'gap-na.jsonl', text });
  const grid = page.locator('#pr-glance').getByRole('table');
  const header = await grid.getByRole('columnheader').allInnerTexts();
  assert.deepEqual(header, ['Area', 'All respondents', 'Lead partners', 'Other partners']);
  const trust = await grid.getByRole('row', { name: /^2\. Trust/ }).getByRole('cell').allInnerTexts();
  for (const cell of trust) assert.match(cell, /^\d\.\d\d\s+\S/, `a number and a band: ${cell}`);
  const power = grid.getByRole('row', { name: /^1\. Power/ });
  await power.getByRole('cell', { name: /not shown/ }).first().waitFor();
  // Statement by statement: every Trust statement with each group's mean and count.
  const statements = page.locator('#pr-statements').getByRole('region', { name: '2. Trust' });
  assert.equal(await statements.getByRole('row').count(), 5, 'a header and four statements');
  assert.match(await statements.getByRole('row').nth(1).innerText(), /\d\.\d\d \(\d+\)/);
  await context.close();
});

test('printed, the plan is text that is never cut, dates are in the report\'s language, and the language picker stays off paper', async () => {
  const { context, page } = await openReport(browser);
  await load(page, 'gap.jsonl');
  const plan = page.locator('#pr-plan');
  await plan.getByRole('checkbox', { name: 'Power' }).check();
  await plan.getByLabel('What will be done').fill('Publish every decision within a week, with the reasons and who was consulted');
  await plan.getByLabel('Who').fill('Maria-Fernanda Albuquerque de Souza, partnership secretariat');
  await plan.getByLabel('By when').fill('2027-06-30');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  await page.getByRole('heading', { level: 1, name: 'Partnerscope\u00a0: rapport de groupe' }).waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.pr-lang').isVisible(), false);
  assert.equal(await plan.locator('textarea, input').first().isVisible(), false, 'no form fields on paper');
  const printed = await plan.locator('.pr-plan-print').innerText();
  assert.match(printed, /Maria-Fernanda Albuquerque de Souza, partnership secretariat/);
  assert.match(printed, /30 juin 2027/);
  assert.match(printed, /Publish every decision within a week, with the reasons and who was consulted/);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.ok(pdf.length > 10_000);
  await context.close();
});

test('on a 360 px phone the tables become cards and nothing scrolls sideways', async () => {
  const { context, page } = await openReport(browser, { width: 360, height: 800 });
  await load(page, 'round-2025.jsonl', 'round-2026.jsonl', 'plan-2025.json');
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `scrolls sideways by ${overflow} px`);
  const cell = page.locator('#pr-scores td[data-label]').first();
  assert.equal(await cell.evaluate((td) => getComputedStyle(td).display), 'grid', 'a cell is a line of its card');
  const label = await cell.evaluate((td) => getComputedStyle(td, '::before').content);
  assert.equal(label, '"Respondents"');
  // No caption or heading squeezed into a column one letter wide (a stacked table's column
  // headers are read by screen readers only, one pixel wide by design).
  const squeezed = await page.evaluate(() => [...document.querySelectorAll('caption, th, h2, h3, h4')]
    .filter((el) => el.textContent.trim().length > 3 && !el.closest('thead') && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().width < 60)
    .map((el) => el.textContent.trim()));
  assert.deepEqual(squeezed, [], 'every caption and heading has room for its words');
  await context.close();
});

test('words: plural forms per language, one minus sign', async () => {
  const { context, page } = await openReport(browser);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  // The same code twice: one duplicate, said in the singular as French says 0 and 1.
  const code = (await readFile(fixture('codes.txt'), 'utf8')).split('\n')[0];
  await page.getByLabel('Ou collez des codes de réponse').fill(`${code}\n${code}`);
  await page.getByRole('button', { name: 'Ajouter ces codes' }).click();
  await page.locator('.pr-summary').getByText('1\u00a0doublon écarté (la même réponse chargée deux fois).').waitFor();
  await context.close();
  const again = await openReport(browser);
  await load(again.page, 'gap.jsonl');
  const text = await again.page.locator('.pr-report').innerText();
  assert.ok(!/(^|\s)-\d/.test(text), 'no hyphen used as a minus sign');
  assert.ok(/\u2212\d/.test(text), 'negative figures carry the minus sign');
  await again.context.close();
});

test('with more responses than one step of the figures, another round is worked out in steps: the page says so, the picker keeps the focus, the figures are those of the round', async () => {
  const { context, page } = await openReport(browser);
  // The two rounds' twelve responses each, 400 times over with ids of their own: 9,600
  // responses, more than the 8,192 rows a step of the figures looks at.
  const lines = [];
  for (const name of ['round-2025.jsonl', 'round-2026.jsonl']) {
    const responses = (await readFile(fixture(name), 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    for (let copy = 0; copy < 400; copy++) {
      for (const r of responses) lines.push(JSON.stringify({ ...r, id: `${r.id}-c${copy}` }));
    }
  }
  await load(page, { name: 'many.jsonl', text: lines.join('\n') + '\n' }, 'plan-2025.json');
  await page.getByRole('heading', { name: 'Action plan agreed after 2026' }).waitFor();
  // Everyone's column of the grid at a glance (copies change no mean).
  const everyoneColumn = (p) => p.locator('#pr-glance tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent));
  const of2026 = await everyoneColumn(page);
  await page.evaluate(() => {
    window.sawWorking = null;
    new MutationObserver(() => {
      const working = document.querySelector('.pr-working');
      if (working?.textContent && !window.sawWorking) window.sawWorking = { text: working.textContent, role: working.getAttribute('role') };
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  // The live region is there, silent, before it speaks.
  assert.equal(await page.locator('.pr-working[role=status]').count(), 1);
  assert.equal(await page.locator('.pr-working').textContent(), '');
  const round = page.getByLabel('Round', { exact: true });
  await round.focus();
  // Another round, then back at once: the first working-out is given up, 2026 is shown.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  // The select shows 2026 at once; the figures follow when the page has taken the choice (the
  // first round's may be drawn in between, if its steps were quicker than the key).
  await page.waitForFunction((want) => document.querySelector('.pr-working')?.textContent === ''
    && JSON.stringify([...document.querySelectorAll('#pr-glance tbody tr')].map((r) => r.querySelector('td')?.textContent)) === want, JSON.stringify(of2026));
  assert.equal(await round.inputValue(), '2026');
  assert.deepEqual(await everyoneColumn(page), of2026);
  await page.keyboard.press('ArrowUp');
  await page.getByRole('heading', { name: 'Action plan agreed after 2025' }).waitFor();
  assert.equal(await round.inputValue(), '2025');
  assert.deepEqual(await page.evaluate(() => window.sawWorking), { text: 'Working out the figures…', role: 'status' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pr-round', 'the round picker keeps the focus');
  assert.equal(await page.locator('.pr-working').textContent(), '', 'the note goes when the figures are there');
  const everyone = page.locator('#pr-who').getByRole('row', { name: /^All respondents/ });
  assert.match(await everyone.innerText(), /\b4,?800\b/);
  // The figures are 2025's: everyone's means as the twelve responses of 2025 give them, worked
  // out in one go in a page of their own.
  const of2025 = await everyoneColumn(page);
  assert.notDeepEqual(of2025, of2026);
  const small = await openReport(browser);
  await load(small.page, 'round-2025.jsonl', 'round-2026.jsonl', 'plan-2025.json');
  await small.page.getByLabel('Round', { exact: true }).selectOption('2025');
  await small.page.getByRole('heading', { name: 'Action plan agreed after 2025' }).waitFor();
  assert.deepEqual(await everyoneColumn(small.page), of2025);
  await small.context.close();
  await context.close();
});
