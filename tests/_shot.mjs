import { launch, openPage, DIST, ROOT } from './harness.mjs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
const browser = await launch();
for (const [w, h] of [[1280, 900], [360, 800]]) {
  const { page, errors } = await openPage(browser, pathToFileURL(join(DIST, 'partnerscope-report.html')).href, { width: w, height: h });
  await page.getByRole('heading', { name: 'Partnerscope: group report' }).waitFor();
  await page.screenshot({ path: `/tmp/pw/report-start-${w}.png`, fullPage: true });
  await page.setInputFiles('#pr-files', [join(ROOT, 'target/fixtures/gap.jsonl')]);
  await page.getByRole('heading', { name: /group report/ , level: 2}).waitFor({ timeout: 10000 });
  await page.screenshot({ path: `/tmp/pw/report-gap-${w}.png`, fullPage: true });
  console.log(w, errors);
}
await browser.close();
