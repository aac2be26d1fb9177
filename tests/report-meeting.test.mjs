// What partners said in their own words, and the meeting view for the summit (issue 22), in the
// report file opened from disk, driven by role and label.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, axe, openReport, fixture } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CONTACT = 'Call me on +44 20 7946 0958 or write to ana@example.org, and see https://example.org/x';
const WORDS = (n) => (n === 0 ? CONTACT : `Comment number ${n}: meet more often and share the budget.`);

/** gap.jsonl (18 health-check responses) with a comment on "change" in the first `count`. */
async function withComments(count) {
  const lines = (await readFile(fixture('gap.jsonl'), 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((l, n) => {
    const r = JSON.parse(l);
    if (n < count) r.comments = { change: WORDS(n) };
    return JSON.stringify(r);
  }).join('\n') + '\n';
}

async function load(page, text) {
  await page.locator('#pr-files').setInputFiles([{ name: 'with-comments.jsonl', mimeType: 'application/json', buffer: Buffer.from(text) }]);
  await page.getByRole('heading', { level: 2, name: /group report/ }).waitFor();
}

async function shownComments(page) {
  return page.locator('#pr-comments .pr-comment blockquote').allInnerTexts();
}

test('comments are shown at the threshold only, redacted, and in an order that changes with each opening', async () => {
  // Nine comments: below the threshold of 10, none is shown, and no count either.
  let { context, page } = await openReport(browser);
  await load(page, await withComments(9));
  await page.locator('#pr-comments').getByText(/All respondents: Not shown: fewer than 10 people wrote a comment here\./).waitFor();
  assert.deepEqual(await shownComments(page), []);
  await context.close();
  // Twelve: shown for all respondents (neither group reaches 10 on its own, so none is broken down).
  const orders = [];
  for (let load_ = 0; load_ < 2; load_++) {
    ({ context, page } = await openReport(browser));
    await load(page, await withComments(12));
    const list = page.locator('#pr-comments').getByRole('region', { name: /All respondents/ });
    await list.getByRole('heading', { name: /All respondents · 12 comments/ }).waitFor();
    const texts = await shownComments(page);
    assert.equal(texts.length, 12);
    const redacted = texts.find((t) => t.startsWith('Call me on'));
    assert.equal(redacted, 'Call me on [phone number removed] or write to [e-mail removed], and see [link removed]');
    assert.ok(!texts.join('\n').includes('7946') && !texts.join('\n').includes('ana@'), 'no contact detail left');
    orders.push(texts.join('\n'));
    const arrival = Array.from({ length: 12 }, (_, n) => WORDS(n)).join('\n');
    assert.notEqual(texts.join('\n').replace(/\[[^\]]+\]/g, ''), arrival.replace(/\+44[\d ]+|ana@example\.org|https:\S+/g, ''), 'not the order of arrival');
    if (load_ === 1) break;
    await context.close();
  }
  assert.notEqual(orders[0], orders[1], 'another opening, another order');
  // Hidden before sharing: counted, struck through on screen, not printed, not exported.
  const first = page.locator('#pr-comments .pr-comment').first();
  const hiddenText = await first.locator('blockquote').innerText();
  await first.getByRole('button', { name: 'Hide' }).click();
  await page.locator('#pr-comments').getByRole('heading', { name: /12 comments · 1 hidden before sharing/ }).waitFor();
  // A theme on another comment, counted and exported with it.
  const second = page.locator('#pr-comments .pr-comment').nth(1);
  const themedText = await second.locator('blockquote').innerText();
  await second.getByRole('checkbox', { name: 'Trust' }).check();
  await page.locator('#pr-comments').getByText('By theme: Trust 1.').waitFor();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Comments (CSV)' }).click()]);
  const csv = await readFile(await file.path(), 'utf8');
  assert.ok(!csv.includes(hiddenText), 'the hidden comment is not exported');
  assert.ok(csv.split('\r\n').some((row) => row.includes('Trust') && row.includes(themedText.slice(0, 20))), csv);
  assert.equal(csv.split('\r\n').filter((r) => r).length, 1 + 11, 'a header and the eleven comments not hidden');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await first.isVisible(), false, 'the hidden comment is not printed');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test('the meeting view: a slide per area, moved by keyboard and clicker keys, decisions into the plan, printed as landscape slides', async () => {
  const { context, page } = await openReport(browser);
  await load(page, await withComments(12));
  await page.getByRole('button', { name: 'Open the meeting view' }).click();
  const dialog = page.getByRole('dialog', { name: 'Meeting view' });
  // The slide on screen (every slide is also there, hidden, for printing).
  const live = dialog.locator('section.pr-slide.pr-noprint');
  await dialog.getByText('Slide 1 of 7').waitFor();
  await live.getByText('The overall picture').waitFor();
  assert.deepEqual(await axe(page), [], 'the meeting view is accessible');
  await page.keyboard.press('ArrowRight');
  await live.getByRole('heading', { name: '1. Power', level: 2 }).waitFor();
  await dialog.getByText('Slide 2 of 7').waitFor();
  // The flagged gap on Power and its meeting question are on its slide.
  await live.getByText(/Other partners − Lead partners: −2\.00/).waitFor();
  await page.keyboard.press('PageDown');
  await live.getByRole('heading', { name: '2. Trust', level: 2 }).waitFor();
  await page.keyboard.press('PageUp');
  await live.getByRole('heading', { name: '1. Power', level: 2 }).waitFor();
  // A decision taken in the room: straight into the plan being written.
  await live.getByLabel('What will be done').fill('Publish every decision within a week');
  await live.getByLabel('Who').fill('Secretariat');
  await live.getByLabel('By when').fill('2027-03-31');
  await live.getByRole('button', { name: 'Add to the action plan' }).click();
  await live.getByRole('listitem').filter({ hasText: 'Publish every decision within a week' }).waitFor();
  // Typing a space in a field does not move the slide.
  await live.getByLabel('Who').press(' ');
  await dialog.getByText('Slide 2 of 7').waitFor();
  // The comments of the last area are on its slide.
  await page.locator('#pr-meeting').focus();
  await page.keyboard.press('End');
  await dialog.getByText('Slide 7 of 7').waitFor();
  await live.getByText(/Comment number \d+: meet more often/).first().waitFor();
  // Printed: one landscape page per slide.
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const text = pdf.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.equal(pages, 7, `${pages} pages`);
  const box = text.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  assert.ok(box && Number(box[1]) > Number(box[2]), `landscape: ${box && box[0]}`);
  await page.emulateMedia({ media: 'screen' });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  // The plan section has the decision.
  const plan = page.locator('#pr-plan');
  assert.ok(await plan.getByRole('checkbox', { name: 'Power' }).isChecked());
  assert.equal(await plan.getByLabel('What will be done').last().inputValue(), 'Publish every decision within a week');
  await context.close();
});
