// The report with 100,000 responses (issue 10): the 40-item questionnaire and its responses as
// JSON lines (about 48 MB, made by `cargo xtask fixtures`), chosen in the report opened from
// disk in headless Chromium. Prints, for each run and as medians: time from choosing the files to
// the report drawn, the longest main-thread task meanwhile, and plain JavaScript doing the same
// reading on the same file in the same page (JSON.parse per line, then each group's mean and
// spread per dimension), with the ratio. Run by `cargo xtask bench`; asserts nothing about time.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, DIST, ROOT } from './harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const REPORT_URL = pathToFileURL(join(DIST, 'partnerscope-report.html')).href;
const FILES = [join(ROOT, 'target/fixtures/bench/mean40.json'), join(ROOT, 'target/fixtures/bench/responses-100k.jsonl')];

const browser = await launch();
const results = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.benchTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.benchTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    // The moment the files are chosen, and the moment the report's title appears.
    document.addEventListener('change', (e) => { if (e.target.id === 'pr-files') window.benchChosen = performance.now(); }, true);
    new MutationObserver(() => {
      if (!window.benchProgress && document.querySelector('.pr-progress')) window.benchProgress = performance.now();
      if (!window.benchDrawn && document.querySelector('.pr-report-title')) window.benchDrawn = performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(REPORT_URL);
  await page.getByRole('heading', { name: 'Partnerscope: group report', level: 1 }).waitFor();
  await page.waitForTimeout(300);
  const outside = Date.now();
  await page.locator('#pr-files').setInputFiles(FILES);
  await page.waitForFunction(() => window.benchDrawn !== undefined, null, { timeout: 120_000, polling: 50 });
  const outsideMs = Date.now() - outside;
  await page.waitForTimeout(200);
  const report = await page.evaluate(() => {
    const during = window.benchTasks.filter((t) => t.start + t.duration >= window.benchChosen && t.start <= window.benchDrawn);
    return {
      ms: window.benchDrawn - window.benchChosen,
      longest: Math.max(0, ...during.map((t) => t.duration)),
      loaded: document.querySelector('.pr-summary li')?.textContent ?? '',
      tasks: during.map((t) => `${Math.round(t.start - window.benchChosen)}+${Math.round(t.duration)}`).join(' '),
      chosen: window.benchChosen,
      progress: window.benchProgress - window.benchChosen,
    };
  });

  // The baseline: the same file, read by plain JavaScript in the same page.
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-baseline';
    document.body.append(input);
  });
  await page.locator('#bench-baseline').setInputFiles(FILES[1]);
  const baseline = await page.evaluate(async () => {
    const file = document.getElementById('bench-baseline').files[0];
    const started = performance.now();
    const text = await file.text();
    const groups = new Map();
    for (const line of text.split('\n')) {
      if (!line) continue;
      const response = JSON.parse(line);
      const key = response.group ?? '';
      let sums = groups.get(key);
      if (!sums) groups.set(key, (sums = new Map()));
      // Per dimension: the 40 items are 20 dimensions of two (`f01a`, `f01b`, ...).
      for (const [item, answer] of Object.entries(response.answers)) {
        if (answer === 'na') continue;
        const dimension = item.slice(0, -1);
        let s = sums.get(dimension);
        if (!s) sums.set(dimension, (s = { n: 0, sum: 0, sq: 0 }));
        s.n += 1; s.sum += answer; s.sq += answer * answer;
      }
    }
    const means = [];
    for (const sums of groups.values()) {
      for (const s of sums.values()) {
        const mean = s.sum / s.n;
        means.push(mean, Math.sqrt((s.sq - s.sum * mean) / (s.n - 1)));
      }
    }
    return { ms: performance.now() - started, figures: means.length };
  });
  results.push({ ...report, baseline: baseline.ms });
  console.log(`  (progress shown ${report.progress?.toFixed(0)} ms after choosing; measured from node: ${outsideMs} ms; long tasks, ms after choosing + duration: ${report.tasks})`);
  console.log(`run ${run + 1}: file chosen to report drawn ${report.ms.toFixed(0)} ms, longest task ${report.longest.toFixed(0)} ms; `
    + `plain JavaScript ${baseline.ms.toFixed(0)} ms (${baseline.figures} figures); ratio ${(report.ms / baseline.ms).toFixed(2)} (${report.loaded.trim()})`);
  await context.close();
}
await browser.close();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const [ms, longest, js] = [median(results.map((r) => r.ms)), median(results.map((r) => r.longest)), median(results.map((r) => r.baseline))];
console.log(`BENCH report 100k: median ${ms.toFixed(0)} ms file to report (budget 1500), longest task ${longest.toFixed(0)} ms (budget 100), `
  + `plain JavaScript ${js.toFixed(0)} ms, ratio ${(ms / js).toFixed(2)} (aim 0.5 or less)`);
