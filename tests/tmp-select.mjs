import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, DIST, ROOT } from './harness.mjs';
const browser = await launch();
for (let run = 0; run < 3; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.benchTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.benchTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(pathToFileURL(join(DIST, 'partnerscope-report.html')).href);
  await page.locator('#pr-files').setInputFiles([join(ROOT, 'target/fixtures/bench/mean40.json'), '/tmp/two-rounds.jsonl']);
  await page.locator('.pr-report-title').waitFor({ timeout: 120000 });
  await page.waitForTimeout(500);
  const measure = async (label, act) => {
    const start = await page.evaluate(() => performance.now());
    await act();
    await page.waitForTimeout(1500);
    const longest = await page.evaluate((s) => Math.max(0, ...window.benchTasks.filter((t) => t.start + t.duration >= s).map((t) => t.duration)), start);
    console.log(`run ${run + 1}: ${label}: longest task ${longest.toFixed(0)} ms`);
  };
  await measure('round 2025', () => page.getByLabel('Round', { exact: true }).selectOption('2025'));
  await measure('compare with 2026', () => page.getByLabel('Compare with').selectOption('2026').catch((e) => console.log(String(e).slice(0, 200))));
  await context.close();
}
await browser.close();
