// The report with 100,000 responses (issues 10 and 23): the 40-item questionnaire and its
// responses as JSON lines (about 48 MB, made by `cargo xtask fixtures`), chosen in the report
// opened from disk in headless Chromium. Prints, for each run and as medians:
//
// - the import: from choosing the files to the report's `partnerscope:imported` mark (every
//   byte streamed from disk and read by the core), beside plain JavaScript reading the same file
//   in the same page (`file.text()`, then `JSON.parse` of every line), and the ratio;
// - the whole: from choosing the files to the report drawn, the longest main-thread task
//   meanwhile, beside plain JavaScript doing the same reading and then each group's mean and
//   spread per dimension, and the ratio; then the longest task when a plan is edited (an area
//   ticked as a priority), which should not count the responses again;
// - the same responses as two rounds: the longest task when another round, then a comparison,
//   is chosen (worked out in steps away from the render);
// - the renderer's peak memory (VmHWM of its process, found through the browser's
//   `SystemInfo.getProcessInfo`), for the report and, in a fresh page, for the JavaScript.
//
// Then, unless BENCH_BIG=0, one file of about 500 MB (the 100,000 responses eleven times over,
// each copy with ids of its own, written once to target/fixtures/bench/): the import's time and
// peak memory. The report takes at most 500,000 responses per questionnaire and says the rest
// were over that limit; what is measured is that it reads the whole file, a chunk at a time,
// without running out of memory. Plain JavaScript's `file.text()` cannot hold that file in one
// string (V8's strings end at 2^29 - 24 characters). Run by `cargo xtask bench`; asserts
// nothing about time.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { launch, DIST, ROOT } from './harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BIG = process.env.BENCH_BIG !== '0';
const REPORT_URL = pathToFileURL(process.env.BENCH_REPORT ?? join(DIST, 'partnerscope-report.html')).href;
const BENCH = join(ROOT, 'target/fixtures/bench');
const FILES = [join(BENCH, 'mean40.json'), join(BENCH, 'responses-100k.jsonl')];
const BIG_FILE = join(BENCH, 'responses-500mb.jsonl');
const BIG_COPIES = 11;

const browser = await launch();
const cdp = await browser.newBrowserCDPSession();

/** The renderer processes alive now, by id. */
async function renderers() {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

/** The largest peak resident memory among `pids`, in MB (0 where /proc cannot be read). */
async function peakMb(pids) {
  let peak = 0;
  for (const pid of pids) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    peak = Math.max(peak, kb / 1024);
  }
  return peak;
}

/** Samples the resident memory of `pids` every 100 ms until stopped: returns { stop } whose
 * promise gives the samples in MB (the largest of the processes at each moment). */
function sampleRss(pids) {
  const samples = [];
  let running = true;
  const done = (async () => {
    while (running) {
      let rss = 0;
      for (const pid of pids) {
        const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
        rss = Math.max(rss, Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
      }
      samples.push(rss);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return samples;
  })();
  return { stop: () => { running = false; return done; } };
}

/** A fresh page of the report, with the renderers it added (its own among them). */
async function openReport() {
  const before = new Set(await renderers());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    // The report's wasm memory, to tell its share of the renderer's memory: the instances the
    // page makes are kept (the decoder's too; the report's is the larger).
    window.benchInstances = [];
    const instantiate = WebAssembly.instantiate;
    WebAssembly.instantiate = async function (...args) {
      const result = await instantiate.apply(this, args);
      window.benchInstances.push(result.instance ?? result);
      return result;
    };
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
  const pids = (await renderers()).filter((pid) => !before.has(pid));
  return { context, page, pids };
}

/** Plain JavaScript on the same file, in `page`: times to the text read, every line parsed, and
 * the figures worked out. */
async function plainJavaScript(page, path) {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-baseline';
    document.body.append(input);
  });
  await page.locator('#bench-baseline').setInputFiles(path);
  return page.evaluate(async () => {
    const file = document.getElementById('bench-baseline').files[0];
    const started = performance.now();
    const text = await file.text();
    const read = performance.now();
    const responses = [];
    for (const line of text.split('\n')) {
      if (line) responses.push(JSON.parse(line));
    }
    const parsed = performance.now();
    const groups = new Map();
    for (const response of responses) {
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
    const done = performance.now();
    return { read: read - started, parse: parsed - started, total: done - started, figures: means.length, responses: responses.length };
  });
}

/** When the import's mark was set, in ms after the files were chosen, and its detail. */
async function imported(page) {
  await page.waitForFunction(() => performance.getEntriesByName('partnerscope:imported').length > 0, null, { timeout: 600_000, polling: 50 });
  return page.evaluate(() => {
    const mark = performance.getEntriesByName('partnerscope:imported')[0];
    const wasmMb = Math.max(0, ...window.benchInstances.map((i) => i.exports.memory?.buffer.byteLength ?? 0)) / 2 ** 20;
    const jsHeapMb = (performance.memory?.usedJSHeapSize ?? 0) / 2 ** 20;
    return { ms: mark.startTime - window.benchChosen, wasmMb, jsHeapMb, ...mark.detail };
  });
}

const results = [];
for (let run = 0; run < RUNS; run++) {
  const { context, page, pids } = await openReport();
  await page.waitForTimeout(300);
  await page.locator('#pr-files').setInputFiles(FILES);
  const importDone = await imported(page);
  const importPeak = await peakMb(pids);
  await page.waitForFunction(() => window.benchDrawn !== undefined, null, { timeout: 120_000, polling: 50 });
  await page.waitForTimeout(200);
  const peak = await peakMb(pids);
  const report = await page.evaluate(() => {
    const during = window.benchTasks.filter((t) => t.start + t.duration >= window.benchChosen && t.start <= window.benchDrawn);
    return {
      ms: window.benchDrawn - window.benchChosen,
      longest: Math.max(0, ...during.map((t) => t.duration)),
      loaded: document.querySelector('.pr-summary li')?.textContent ?? '',
      tasks: during.map((t) => `${Math.round(t.start - window.benchChosen)}+${Math.round(t.duration)}`).join(' '),
      progress: window.benchProgress - window.benchChosen,
    };
  });
  // A plan edited (an area ticked as a priority): the longest task from the click until the
  // plan shows it, which should not count the responses again.
  const edited = await page.evaluate(async () => {
    const start = performance.now();
    const box = document.getElementById('pr-plan-0');
    box.click();
    while (!document.querySelector('.pr-plan-priority')) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const tasks = window.benchTasks.filter((t) => t.start + t.duration >= start);
    return Math.max(0, ...tasks.map((t) => t.duration));
  });
  report.planEdit = edited;
  // The baseline: the same file, read by plain JavaScript in the same page.
  const js = await plainJavaScript(page, FILES[1]);
  await context.close();
  results.push({ ...report, import: importDone.ms, peak, importPeak, js });
  console.log(`  (progress shown ${report.progress?.toFixed(0)} ms after choosing; long tasks, ms after choosing + duration: ${report.tasks || 'none'}; a plan edited afterwards: longest task ${report.planEdit.toFixed(0)} ms)`);
  console.log(`run ${run + 1}: import ${importDone.ms.toFixed(0)} ms (${(importDone.bytes / 1e6).toFixed(1)} MB, ${importDone.responses} responses), `
    + `plain JavaScript text + JSON.parse ${js.parse.toFixed(0)} ms (text alone ${js.read.toFixed(0)} ms), ratio ${(importDone.ms / js.parse).toFixed(2)}; `
    + `file chosen to report drawn ${report.ms.toFixed(0)} ms, longest task ${report.longest.toFixed(0)} ms, plain JavaScript with the figures ${js.total.toFixed(0)} ms `
    + `(${js.figures} figures), ratio ${(report.ms / js.total).toFixed(2)}; renderer peak ${importPeak.toFixed(0)} MB when imported (wasm memory ${importDone.wasmMb.toFixed(0)} MB, JavaScript heap ${importDone.jsHeapMb.toFixed(0)} MB), ${peak.toFixed(0)} MB when drawn (${report.loaded.trim()})`);
}

// The JavaScript's own peak memory, in a page of its own (the report's page holds the report's).
const fresh = await openReport();
const jsAlone = await plainJavaScript(fresh.page, FILES[1]);
const jsPeak = await peakMb(fresh.pids);
await fresh.context.close();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const m = (pick) => median(results.map(pick));
const [importMs, parseMs, drawnMs, totalMs] = [m((r) => r.import), m((r) => r.js.parse), m((r) => r.ms), m((r) => r.js.total)];
const importRatios = results.map((r) => r.import / r.js.parse);
console.log(`BENCH report 100k import: median ${importMs.toFixed(0)} ms, plain JavaScript (text + JSON.parse, same page) ${parseMs.toFixed(0)} ms, `
  + `ratio ${(importMs / parseMs).toFixed(2)} (median of the runs' own ratios ${median(importRatios).toFixed(2)}, range ${Math.min(...importRatios).toFixed(2)}-${Math.max(...importRatios).toFixed(2)}; aim 0.45 or less)`);
console.log(`BENCH report 100k: median ${drawnMs.toFixed(0)} ms file to report (budget 1500), longest task ${m((r) => r.longest).toFixed(0)} ms (budget 100), a plan edited afterwards ${m((r) => r.planEdit).toFixed(0)} ms, `
  + `plain JavaScript with the figures ${totalMs.toFixed(0)} ms, ratio ${(drawnMs / totalMs).toFixed(2)}`);
console.log(`BENCH report 100k memory: renderer peak ${m((r) => r.importPeak).toFixed(0)} MB when imported, ${m((r) => r.peak).toFixed(0)} MB when the report is drawn (medians), `
  + `${jsPeak.toFixed(0)} MB for plain JavaScript in a page of its own (its run: ${jsAlone.total.toFixed(0)} ms)`);

// Another round and a comparison chosen after the import: the same 100,000 responses as two
// rounds of 50,000 (alternate lines, written once to target/fixtures/bench/), the longest task
// from each choice until the figures are drawn.
const TWO_ROUNDS = join(BENCH, 'responses-100k-two-rounds.jsonl');
if (!existsSync(TWO_ROUNDS)) {
  const lines = (await readFile(FILES[1], 'utf8')).split('\n').filter((l) => l.trim());
  const text = lines.map((l, n) => l.replace('"round":""', `"round":"${n % 2 ? '2025' : '2026'}"`)).join('\n') + '\n';
  await writeFile(`${TWO_ROUNDS}.partial`, text);
  await rename(`${TWO_ROUNDS}.partial`, TWO_ROUNDS);
}
const choices = [];
for (let run = 0; run < RUNS; run++) {
  const { context, page } = await openReport();
  await page.locator('#pr-files').setInputFiles([FILES[0], TWO_ROUNDS]);
  await page.waitForFunction(() => window.benchDrawn !== undefined, null, { timeout: 120_000, polling: 50 });
  // Counts the figures' notes said and then taken away: one per choice worked out in steps.
  await page.evaluate(() => {
    window.benchWorked = 0;
    let saying = false;
    new MutationObserver(() => {
      const now = Boolean(document.querySelector('.pr-working')?.textContent);
      if (saying && !now) window.benchWorked += 1;
      saying = now;
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const choose = async (label, value) => {
    const [start, worked] = await page.evaluate(() => [performance.now(), window.benchWorked]);
    await page.getByLabel(label, { exact: true }).selectOption(value);
    await page.waitForFunction((w) => window.benchWorked > w, worked, { timeout: 60_000, polling: 20 });
    await page.waitForTimeout(100);
    return page.evaluate((s) => Math.max(0, ...window.benchTasks.filter((t) => t.start + t.duration >= s).map((t) => t.duration)), start);
  };
  const round = await choose('Round', '2025');
  const compare = await choose('Compare with', '2026');
  choices.push({ round, compare });
  console.log(`  (two rounds of 50,000, run ${run + 1}: another round chosen, longest task ${round.toFixed(0)} ms; a comparison chosen, ${compare.toFixed(0)} ms)`);
  await context.close();
}
console.log(`BENCH report 100k as two rounds: another round chosen, longest task ${median(choices.map((c) => c.round)).toFixed(0)} ms; `
  + `a comparison chosen, ${median(choices.map((c) => c.compare)).toFixed(0)} ms (medians; budget 100)`);

/** Writes the ~500 MB file once: the 100,000 responses eleven times, each copy's ids its own. */
async function writeBig() {
  if (existsSync(BIG_FILE)) return;
  const partial = `${BIG_FILE}.partial`;
  const out = createWriteStream(partial);
  for (let copy = 0; copy < BIG_COPIES; copy++) {
    const lines = createInterface({ input: createReadStream(FILES[1]), crlfDelay: Infinity });
    let buffered = '';
    for await (const line of lines) {
      if (!line) continue;
      // The first "id" of a response line is its own (the widget writes it second, after "schema").
      buffered += `${line.replace(/"id":"([^"]*)"/, `"id":"$1-${copy}"`)}\n`;
      if (buffered.length > 1 << 20) {
        if (!out.write(buffered)) await new Promise((resolve) => out.once('drain', resolve));
        buffered = '';
      }
    }
    out.write(buffered);
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  await rename(partial, BIG_FILE);
}

if (BIG) {
  await writeBig();
  const size = (await stat(BIG_FILE)).size;
  const { context, page, pids } = await openReport();
  await page.waitForTimeout(300);
  const sampler = sampleRss(pids);
  await page.locator('#pr-files').setInputFiles([FILES[0], BIG_FILE]);
  const done = await imported(page);
  const peak = await peakMb(pids);
  const samples = await sampler.stop();
  // The resident memory through the import, at each tenth of it: a copy of the file kept would
  // climb with it; chunks waiting for the collector rise and fall.
  const tenths = Array.from({ length: 11 }, (_, i) => samples[Math.min(samples.length - 1, Math.round((i * (samples.length - 1)) / 10))].toFixed(0));
  const crashed = page.isClosed();
  await context.close();
  console.log(`BENCH report 500 MB import: ${(size / 1e6).toFixed(0)} MB file read in ${(done.ms / 1000).toFixed(1)} s `
    + `(${(size / 1e6 / (done.ms / 1000)).toFixed(0)} MB/s), ${done.responses} responses taken (at most 500,000 per questionnaire), `
    + `renderer peak ${peak.toFixed(0)} MB (wasm memory ${done.wasmMb.toFixed(0)} MB, JavaScript heap ${done.jsHeapMb.toFixed(0)} MB)${crashed ? ' (the page crashed)' : ''}; resident MB at each tenth of the time: ${tenths.join(' ')}`);
} else {
  console.log('BENCH report 500 MB import: skipped (BENCH_BIG=0)');
}
await browser.close();
