// The facilitator's report (issue 10), opened from disk as a facilitator would, fed the data sets
// `cargo xtask fixtures` makes with the core, and checked against the core's own report of each
// (`*.expected.csv`): what it shows, what it withholds, what it exports, and every screen's
// accessibility at 1280 and 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, openPage, axe, openReport, fixture } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function load(page, ...names) {
  await page.locator('#pr-files').setInputFiles(names.map(fixture));
  await page.getByRole('heading', { level: 2, name: /: group report/ }).waitFor();
}

/** The CSV the "Figures (CSV)" button downloads. */
async function exportedCsv(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Figures (CSV)' }).click()]);
  return readFile(await download.path(), 'utf8');
}

async function noSidewaysScroll(page, what) {
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `${what} scrolls sideways by ${overflow} px`);
}

test('two groups with a known gap: the flag, the numbers and the exported CSV are the core\'s', async () => {
  const { context, page, requests, errors } = await openReport(browser);
  await load(page, 'gap.jsonl');
  await page.getByText('Partnership Health Check, version 1.0.0: 18 responses').waitFor();
  // Said the way round the chart draws it: the later group against the earlier, lower here.
  const flagged = page.locator('#pr-gaps').getByText('“Power”: Other partners 2.50, Lead partners 4.50: Other partners 2.00 points lower (95% interval 1.46 to 2.54 points lower).');
  await flagged.waitFor();
  // Only Power is flagged.
  assert.equal(await page.locator('#pr-gaps .pr-flagged li').count(), 1);
  const expected = await readFile(fixture('gap.expected.csv'), 'utf8');
  assert.equal(await exportedCsv(page), expected);
  // The figures on screen are the exported ones: Power for all respondents.
  const power = expected.split('\r\n').find((l) => l.startsWith('score,all,,power,')).split(',');
  await page.locator('#pr-scores').getByRole('region', { name: 'Power' }).getByText(Number(power[5]).toFixed(2)).first().waitFor();
  await page.locator('#pr-questions').getByText(/Other partners and Lead partners see “Power” differently \(2\.50 against 4\.50\)/).waitFor();
  assert.deepEqual(requests, [], 'the report makes no request');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a report saved with "Save page as" opens again from disk, whole and without requests', async () => {
  const { context, page } = await openReport(browser);
  await load(page, 'gap.jsonl');
  // What the browser writes for "Webpage, complete": the live document, report drawn.
  const saved = await page.evaluate(() => `<!doctype html>\n${document.documentElement.outerHTML}`);
  await context.close();
  const path = join(await mkdtemp(join(tmpdir(), 'pr-')), 'saved-report.html');
  await writeFile(path, saved);
  const again = await openPage(browser, pathToFileURL(path).href);
  await again.page.getByRole('heading', { name: 'Partnerscope: group report', level: 1 }).waitFor();
  assert.equal(await again.page.getByRole('heading', { level: 1 }).count(), 1, 'drawn once, not on top of the saved copy');
  await again.page.locator('#pr-files').setInputFiles(fixture('gap.jsonl'));
  await again.page.getByText('Partnership Health Check, version 1.0.0: 18 responses').waitFor();
  assert.deepEqual(again.requests, []);
  assert.deepEqual(again.errors, []);
  await again.context.close();
});

test('files dropped on the page are read like chosen ones', async () => {
  const { context, page, requests, errors } = await openReport(browser);
  const files = [
    { name: 'gap.jsonl', text: await readFile(fixture('gap.jsonl'), 'utf8') },
    { name: 'broken.json', text: '{"schema":1,' },
  ];
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const { name, text } of list) transfer.items.add(new File([text], name, { type: 'application/json' }));
    return transfer;
  }, files);
  const zone = page.locator('.pr-drop');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await page.getByRole('heading', { level: 2, name: /: group report/ }).waitFor();
  await page.getByText('Partnership Health Check, version 1.0.0: 18 responses').waitFor();
  await page.getByText(/broken\.json/).first().waitFor();
  assert.deepEqual(requests, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a group of four is withheld everywhere, and "all respondents" with it', async () => {
  const { context, page } = await openReport(browser);
  await load(page, 'small.jsonl');
  const who = page.locator('#pr-who');
  await who.getByRole('row', { name: /Partners Not shown: fewer than 5 respondents\./ }).waitFor();
  await who.getByRole('row', { name: /All respondents Not shown: with the groups shown, it would reveal a group of fewer than 5\./ }).waitFor();
  await who.getByRole('row', { name: /Staff 6/ }).waitFor();
  // Nothing of the partners anywhere: not in the radar's legend, not as a gap, not in the export.
  assert.equal(await page.locator('#pr-radar .pr-legend li').count(), 1);
  // The true reason, in plain words, with the group that falls short.
  await page.locator('#pr-gaps').getByText('No gap can be shown without risking someone\'s anonymity: a gap needs two groups with at least 5 responses each in this round, and Partners fall short.').waitFor();
  const csv = await exportedCsv(page);
  assert.equal(csv, await readFile(fixture('small.expected.csv'), 'utf8'));
  assert.ok(csv.includes('withheld,partner,'), csv);
  assert.ok(!/^score,partner,/m.test(csv) && !/^score,all,/m.test(csv), csv);
  const text = await page.locator('.pr-report').innerText();
  assert.ok(!/\b4 respondents\b/.test(text));
  await context.close();
});

test('two rounds and the plan agreed after the first: the change in exactly the planned areas', async () => {
  const { context, page } = await openReport(browser);
  await load(page, 'round-2025.jsonl', 'round-2026.jsonl', 'plan-2025.json');
  await page.getByText('Action plan loaded for “Partnership Health Check”, agreed after round 2025.').waitFor();
  assert.equal(await page.getByLabel('Round', { exact: true }).inputValue(), '2026');
  assert.equal(await page.getByLabel('Compare with').inputValue(), '2025');
  const changes = page.locator('#pr-changes');
  await changes.getByRole('heading', { name: 'What changed since 2025' }).waitFor();
  const trust = changes.getByRole('region', { name: 'All respondents' }).getByRole('row', { name: /^Trust/ });
  assert.match(await trust.innerText(), /in the action plan[\s\S]*2\.50[\s\S]*3\.50[\s\S]*\+1\.00[\s\S]*Flagged\s+0\.\d\d – 1\.\d\d/);
  const power = changes.getByRole('region', { name: 'All respondents' }).getByRole('row', { name: /^Power/ });
  // No change, and an interval around zero.
  assert.match(await power.innerText(), /in the action plan\s+3\.50\s+3\.50\s+0\.00\s+\u22120\.\d\d – 0\.\d\d$/);
  await page.locator('#pr-questions').getByText(/“Trust” was a priority in the action plan and has moved from 2\.50 to 3\.50/).waitFor();
  await page.locator('#pr-questions').getByText(/“Power” was a priority in the action plan but has moved only from/).waitFor();
  // The plan written now is agreed after 2026, and starts from the 2025 plan's priorities.
  const plan = page.locator('#pr-plan');
  await plan.getByRole('heading', { name: 'Action plan agreed after 2026' }).waitFor();
  await changes.getByText('The changes are read against the action plan agreed after 2025; its priorities are marked.').waitFor();
  assert.ok(await plan.getByRole('checkbox', { name: 'Trust' }).isChecked());
  assert.ok(await plan.getByRole('checkbox', { name: 'Power' }).isChecked());
  assert.equal(await plan.getByLabel('What will be done').first().inputValue(), 'Meet every quarter with all partners present');
  assert.equal(await exportedCsv(page), await readFile(fixture('rounds.expected.csv'), 'utf8'));
  await context.close();
});

test('mixed questionnaires, versions, duplicates and broken lines: each counted or refused with its reason, the rest loaded', async () => {
  const { context, page } = await openReport(browser);
  await load(page, 'mixed.jsonl', 'export.csv', 'codes.txt');
  const summary = page.locator('.pr-summary');
  await summary.getByText('Partnership pulse (demo), version 0.1.0: 12 responses').waitFor();
  await summary.getByText('Partnership Health Check, version 1.0.0: 6 responses').waitFor();
  await summary.getByText('2 duplicates skipped').waitFor();
  await summary.getByText(/^1 response is for “health-check” version 0\.0\.1, a questionnaire that is not loaded\./).waitFor();
  const refused = summary.locator('.pr-rejected li');
  const lines = await refused.allInnerTexts();
  assert.equal(lines.length, 5, lines.join('\n'));
  assert.ok(lines.includes('mixed.jsonl, line 15: the text ends before the response is complete: it may have been cut off'), lines.join('\n'));
  assert.ok(lines.includes('mixed.jsonl, line 16: this is not a response: a response is a JSON object, in braces'), lines.join('\n'));
  assert.ok(lines.some((l) => /^mixed\.jsonl, line 17: answers\.[\w-]+: 9 is outside the scale 1 to 5/.test(l)), lines.join('\n'));
  assert.ok(lines.includes('codes.txt, code 4: the code is incomplete: its end is missing; copy it again in full'), lines.join('\n'));
  assert.ok(lines.some((l) => /^codes\.txt, code 5: the code is damaged/.test(l)), lines.join('\n'));
  // Two questionnaires: the facilitator picks one; they are never merged.
  const choose = page.getByRole('combobox', { name: 'Questionnaire' });
  const options = await choose.locator('option').allInnerTexts();
  assert.equal(options.length, 2, options.join(', '));
  await context.close();
});

test('pasted codes are added to what is loaded', async () => {
  const { context, page } = await openReport(browser);
  const codes = (await readFile(fixture('codes.txt'), 'utf8')).split('\n').slice(0, 3).join('\n');
  await page.getByLabel('Or paste response codes').fill(codes);
  await page.getByRole('button', { name: 'Add these codes' }).click();
  // Three responses of one round: fewer than k, so not even their number is said.
  await page.getByText(/Partnership pulse \(demo\), version 0\.1\.0: responses loaded \(how many is not shown/).waitFor();
  await context.close();
});

test('the plan is kept on the device, exported, and read back with the next round', async () => {
  const { context, page } = await openReport(browser, {});
  await load(page, 'gap.jsonl');
  const plan = page.locator('#pr-plan');
  await plan.getByRole('checkbox', { name: 'Power' }).check();
  await plan.getByLabel('What will be done').fill('Publish every decision within a week');
  await plan.getByLabel('Who').fill('Secretariat');
  await plan.getByLabel('By when').fill('2027-06-30');
  await plan.getByText('The plan is saved on this device.').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), plan.getByRole('button', { name: 'Action plan for next round (JSON)' }).click()]);
  const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(saved.priorities, [{ dimension: 'power', actions: [{ what: 'Publish every decision within a week', who: 'Secretariat', by: '2027-06-30' }] }]);
  const [csv] = await Promise.all([page.waitForEvent('download'), plan.getByRole('button', { name: 'Action plan (CSV)' }).click()]);
  assert.match(await readFile(await csv.path(), 'utf8'), /health-check,1\.0\.0,,,power,Power,Publish every decision within a week,Secretariat,2027-06-30/);
  // Later, on this device: the plan is still there.
  await page.reload();
  await load(page, 'gap.jsonl');
  assert.equal(await page.locator('#pr-plan').getByLabel('What will be done').inputValue(), 'Publish every decision within a week');
  await context.close();
});

test('every report screen passes axe-core at 1280 and 360 px without sideways scrolling', async () => {
  for (const width of [1280, 360]) {
    const { context, page } = await openReport(browser, { width, height: 800 });
    const screens = [['start', await axe(page)]];
    await noSidewaysScroll(page, `start at ${width}`);
    await load(page, 'mixed.jsonl', 'codes.txt');
    await page.locator('.pr-rejected summary').click();
    screens.push(['loaded with refusals', await axe(page)]);
    await noSidewaysScroll(page, `refusals at ${width}`);
    await page.getByRole('button', { name: 'Start over' }).click();
    await load(page, 'round-2025.jsonl', 'round-2026.jsonl', 'plan-2025.json');
    screens.push(['rounds and plan', await axe(page)]);
    await noSidewaysScroll(page, `rounds at ${width}`);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Partnerscope\u00a0: rapport de groupe' }).waitFor();
    screens.push(['in French', await axe(page)]);
    for (const [name, violations] of screens) assert.deepEqual(violations, [], `${name} at ${width} px: ${JSON.stringify(violations, null, 1)}`);
    await context.close();
  }
});

test('printed on A4 the report is a few clean pages', async () => {
  const { context, page } = await openReport(browser);
  await load(page, 'round-2025.jsonl', 'round-2026.jsonl', 'plan-2025.json');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.pr-load').isVisible(), false, 'no import controls on paper');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 2 && pages <= 10, `${pages} pages`);
  await context.close();
});
