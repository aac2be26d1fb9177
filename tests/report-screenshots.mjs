// Screenshots of the report's screens at 1280 and 360 px into tests/out/report/, for a person to
// look through (not a test): the start screen, a report of two rounds with a plan and comments,
// the meeting view, and the printed pages as PNG (through the PDF). Run after `cargo xtask dist`
// and `cargo xtask fixtures`: `node tests/report-screenshots.mjs [lang]`.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { launch, DIST, ROOT } from './harness.mjs';

const lang = process.argv[2] ?? 'en';
const OUT = join(ROOT, 'tests/out/report');
await mkdir(OUT, { recursive: true });
const url = pathToFileURL(join(DIST, 'partnerscope-report.html')).href;
const fixture = (name) => join(ROOT, 'target/fixtures', name);

async function commented() {
  const lines = (await readFile(fixture('round-2026.jsonl'), 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((l, n) => {
    const r = JSON.parse(l);
    if (n % 2 === 0) r.comments = { change: n === 0 ? 'Write to ana@example.org or call 020 7946 0958.' : `We should meet every month (${n}); the last joint visit helped a lot.` };
    return JSON.stringify(r);
  }).join('\n') + '\n';
}

const browser = await launch();
for (const width of [1280, 360]) {
  const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 780 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  if (lang !== 'en') await page.getByRole('combobox').first().selectOption(lang);
  await page.screenshot({ path: join(OUT, `${lang}-${width}-01-start.png`), fullPage: true });
  await page.locator('#pr-files').setInputFiles([
    { name: 'round-2025.jsonl', mimeType: 'application/json', buffer: await readFile(fixture('round-2025.jsonl')) },
    { name: 'round-2026.jsonl', mimeType: 'application/json', buffer: Buffer.from(await commented()) },
    { name: 'plan-2025.json', mimeType: 'application/json', buffer: await readFile(fixture('plan-2025.json')) },
  ]);
  await page.locator('.pr-report').waitFor();
  await page.screenshot({ path: join(OUT, `${lang}-${width}-02-report.png`), fullPage: true });
  await page.locator('.pr-meeting-open, button').filter({ hasText: /meeting|réunion|reunión/i }).first().click();
  await page.locator('#pr-meeting').waitFor();
  await page.screenshot({ path: join(OUT, `${lang}-${width}-03-meeting-overview.png`) });
  await page.keyboard.press('ArrowRight');
  await page.screenshot({ path: join(OUT, `${lang}-${width}-04-meeting-area.png`) });
  await page.keyboard.press('End');
  await page.screenshot({ path: join(OUT, `${lang}-${width}-05-meeting-last.png`) });
  if (width === 1280) {
    await page.emulateMedia({ media: 'print' });
    await writeFile(join(OUT, `${lang}-slides.pdf`), await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    await page.keyboard.press('Escape');
    await page.emulateMedia({ media: 'print' });
    await writeFile(join(OUT, `${lang}-report.pdf`), await page.pdf({ format: 'A4', printBackground: true }));
    for (const name of ['slides', 'report']) {
      try {
        execFileSync('pdftoppm', ['-png', '-r', '50', join(OUT, `${lang}-${name}.pdf`), join(OUT, `${lang}-${name}-page`)]);
      } catch {
        console.log('pdftoppm is not installed: the PDFs are in', OUT);
      }
    }
  }
  await context.close();
}
await browser.close();
console.log('screens in', OUT);
