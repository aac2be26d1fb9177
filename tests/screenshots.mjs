// Takes screenshots of every screen at 1280 px and 360 px into tests/out/ for a person to look at.
// Not a test: run `node tests/screenshots.mjs` after `cargo xtask dist`.
import { mkdir } from 'node:fs/promises';
import { launch, serveDist } from './harness.mjs';

const browser = await launch();
const server = await serveDist();
await mkdir(new URL('./out/', import.meta.url), { recursive: true });
for (const width of [1280, 360]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: `tests/out/${name}-${width}.png`, fullPage: true });
  await page.goto(`${server.url}#instrument=demo`);
  await page.getByRole('button', { name: 'Start' }).waitFor();
  await shot('1-welcome');
  await page.getByRole('button', { name: 'Start' }).click();
  const groups = page.getByRole('group');
  await groups.first().waitFor();
  await groups.nth(0).getByRole('radio').nth(3).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText(/needs an answer/).first().waitFor();
  await shot('2-questions-missing');
  const count = await groups.count();
  for (let i = 0; i < count; i++) await groups.nth(i).getByRole('radio').nth(i % 5).check();
  await shot('3-questions');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { level: 2 }).filter({ hasText: 'Results' }).waitFor();
  const c2 = await groups.count();
  for (let i = 0; i < c2; i++) await groups.nth(i).getByRole('radio').nth((i + 2) % 6).check();
  await page.getByRole('button', { name: 'Review' }).click();
  await shot('4-review');
  await page.getByRole('button', { name: 'Finish and see results' }).click();
  await page.getByRole('heading', { name: 'Your results' }).waitFor();
  await shot('5-results');
  await context.close();
}
await browser.close();
await server.close();
console.log('screenshots written to tests/out/');
