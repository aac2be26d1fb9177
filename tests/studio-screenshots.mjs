// Screenshots of the studio at 1280 and 360 px into tests/out/studio/, for a person to look
// through (not a test): the start, a blank questionnaire with its problems, a built-in copy (the
// form, the checks, the translations) and the preview. Run after `cargo xtask dist`:
// `node tests/studio-screenshots.mjs [lang]`.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, DIST, ROOT } from './harness.mjs';

const lang = process.argv[2] ?? 'en';
const OUT = join(ROOT, 'tests/out/studio');
await mkdir(OUT, { recursive: true });
const url = pathToFileURL(join(DIST, 'partnerscope-studio.html')).href;

const browser = await launch();
for (const width of [1280, 360]) {
  const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 780 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  if (lang !== 'en') await page.locator('#ui-lang').selectOption(lang);
  const shot = (name, full = false) => page.screenshot({ path: join(OUT, `${lang}-${width}-${name}.png`), fullPage: full });
  await shot('01-start');
  await page.locator('#start button').first().click();
  await page.locator('#checks .problems').waitFor();
  await page.locator('#checks').scrollIntoViewIfNeeded();
  await shot('02-blank-checks');
  await page.locator('#builtin-choice').selectOption('health-check');
  await page.locator('#start .start-row').nth(1).getByRole('button').click();
  await page.locator('#areas').scrollIntoViewIfNeeded();
  await page.locator('#f-dimensions-0-items-0-text-en').focus();
  await shot('03-areas');
  await page.locator('#translations').scrollIntoViewIfNeeded();
  await shot('04-translations');
  await page.locator('#preview button').first().click();
  await page.frameLocator('iframe').getByRole('button').first().waitFor({ timeout: 20000 });
  await page.locator('#preview').scrollIntoViewIfNeeded();
  await shot('05-preview');
  await page.locator('#outputs').scrollIntoViewIfNeeded();
  await shot('06-outputs');
  await context.close();
}
await browser.close();
console.log(`screenshots in ${OUT}`);
