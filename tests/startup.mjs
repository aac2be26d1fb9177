// Start-up time of the offline single file: from navigation to the first question being
// answerable (the first radio button in the DOM, enabled), opened from file:// in headless
// Chromium, median of 20 fresh browser contexts; and where that time goes, read from the
// loader's performance marks (`partnerscope:script-start`, `decoded`, `unpacked`, `compiled`,
// `instantiated`, `started`; see crates/widget/js/loader.js).
//
// In the same run, alternating with it context by context so that the machine's drift falls on
// all alike: the same file with `WebAssembly.compileStreaming` taken away before it runs, so
// that its loader unpacks the module whole and then compiles it (what it did before issue 23;
// what a browser without streaming compilation gets), and the baseline: the same health-check survey built with SurveyJS 2.5.38
// (survey-core and survey-js-ui, their script and CSS inlined in one page, made here from
// crates/core/instruments/health-check.json), opened from disk, timed to its first enabled radio
// button the same way; then the ratio. `cargo xtask startup` installs SurveyJS under
// target/surveyjs first; without it the baseline is skipped and said so. Not a test file.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, ROOT, SINGLE_FILE_URL } from './harness.mjs';

const RUNS = Number(process.env.STARTUP_RUNS ?? 20);
// Another build's single file, to compare in the same run: STARTUP_FILE=/path/to/partnerscope.html
const FILE_URL = process.env.STARTUP_FILE ? pathToFileURL(process.env.STARTUP_FILE).href : SINGLE_FILE_URL;
const SURVEYJS = join(ROOT, 'target/surveyjs');
const PHASES = ['script-start', 'decoded', 'unpacked', 'compiled', 'instantiated', 'started'];

/** The health check as a SurveyJS survey, in English: who answers and the context, then one
 * page per area, each statement five choices and "don't know" (the widget's own screens). */
async function surveyJsPage() {
  const modules = join(SURVEYJS, 'node_modules');
  const read = (path) => readFile(join(modules, path), 'utf8');
  const instrument = JSON.parse(await readFile(join(ROOT, 'crates/core/instruments/health-check.json'), 'utf8'));
  const en = (text) => (typeof text === 'string' ? text : text.en);
  const labels = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
  const survey = {
    title: en(instrument.title),
    pages: [
      {
        name: 'about',
        elements: [
          { type: 'radiogroup', name: 'group', title: 'Which partner are you?', choices: instrument.groups.map((g) => ({ value: g.id, text: en(g.label) })) },
          ...instrument.context.map((q) => ({ type: 'radiogroup', name: q.id, title: en(q.label), choices: q.options.map((o) => ({ value: o.id, text: en(o.label) })) })),
        ],
      },
      ...instrument.dimensions.map((d) => ({
        name: d.id,
        title: en(d.title),
        elements: d.items.map((item) => ({
          type: 'radiogroup',
          name: item.id,
          title: en(item.text),
          choices: labels.map((text, i) => ({ value: i + 1, text })),
          showNoneItem: true,
          noneText: en(instrument.scale.not_applicable),
        })),
      })),
    ],
  };
  const [core, ui, css] = await Promise.all([read('survey-core/survey.core.min.js'), read('survey-js-ui/survey-js-ui.min.js'), read('survey-core/survey-core.min.css')]);
  const inline = (code) => code.replaceAll('</script', '<\\/script');
  const page = `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n`
    + `<title>Health check (SurveyJS)</title>\n<style>${css}</style>\n</head>\n<body>\n<div id="survey"></div>\n`
    + `<script>${inline(core)}</script>\n<script>${inline(ui)}</script>\n`
    + `<script>new Survey.Model(${JSON.stringify(survey)}).render(document.getElementById('survey'));</script>\n</body>\n</html>\n`;
  const path = join(SURVEYJS, 'health-check.html');
  await writeFile(path, page);
  return pathToFileURL(path).href;
}

const baselineUrl = existsSync(join(SURVEYJS, 'node_modules/survey-js-ui')) ? await surveyJsPage() : null;
if (!baselineUrl) console.log('SurveyJS is not installed under target/surveyjs (cargo xtask startup installs it): no baseline this run.');

const browser = await launch();

/** One fresh context: the first enabled radio button's time and the page's own marks, in ms
 * from navigation start. */
async function once(url, { whole = false } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (whole) await page.addInitScript(() => { delete WebAssembly.compileStreaming; });
  await page.addInitScript(() => {
    // Record the moment the first enabled radio button appears, measured from navigation start.
    // The widget renders in a shadow root, which a document's observer does not see: watch each
    // shadow root as it is attached.
    const watch = (root) => new MutationObserver((_, observer) => {
      const radio = root.querySelector('input[type=radio]:not([disabled])');
      if (radio && !window.__firstQuestion) {
        window.__firstQuestion = performance.now();
        observer.disconnect();
      }
    }).observe(root, { childList: true, subtree: true });
    watch(document);
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      watch(root);
      return root;
    };
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__firstQuestion !== undefined, null, { timeout: 20_000 });
  const result = await page.evaluate(() => ({
    first: window.__firstQuestion,
    marks: Object.fromEntries(performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('partnerscope:'))
      .map((m) => [m.name.slice('partnerscope:'.length), m.startTime])),
  }));
  await context.close();
  return result;
}

const ours = [];
const whole = [];
const theirs = [];
for (let run = 0; run < RUNS; run++) {
  ours.push(await once(FILE_URL));
  whole.push(await once(FILE_URL, { whole: true }));
  if (baselineUrl) theirs.push((await once(baselineUrl)).first);
}
await browser.close();

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
};
const times = ours.map((r) => r.first).sort((a, b) => a - b);
const ms = (v) => `${v.toFixed(0)} ms`;
console.log(`startup (file://, navigation to first question answerable), ${RUNS} runs:`);
console.log(`  median ${ms(median(times))}, fastest ${ms(times[0])}, slowest ${ms(times.at(-1))}`);
// Each phase: the median moment its mark was set, and the median of its own length (from the
// mark before it that was set; the first from navigation start), so that lengths are not told
// from medians of different runs. Unpacking and compiling overlap when the module streams into
// the compiler: then "compiled" is what compiling took after the last byte was unpacked.
const phases = (runs, title) => {
  console.log(`  ${title} (median moment from navigation, median length):`);
  const steps = [...PHASES, 'first-control'];
  const at = (r, name) => (name === 'first-control' ? r.first : r.marks[name]);
  for (const [i, phase] of steps.entries()) {
    const before = (r) => steps.slice(0, i).map((name) => at(r, name)).filter(Number.isFinite).at(-1) ?? 0;
    const moment = median(runs.map((r) => at(r, phase)));
    const length = median(runs.map((r) => at(r, phase) - before(r)));
    if (Number.isFinite(moment)) console.log(`    ${phase.padEnd(13)} at ${ms(moment).padStart(7)}   ${ms(length).padStart(7)}`);
  }
};
phases(ours, 'phases, unpacked into the streaming compiler');
const wholeTimes = whole.map((r) => r.first);
console.log(`  the same file unpacked whole, then compiled (compileStreaming taken away), the same runs: median ${ms(median(wholeTimes))}, `
  + `fastest ${ms(Math.min(...wholeTimes))}, slowest ${ms(Math.max(...wholeTimes))}`);
phases(whole, 'its phases');
console.log(`STARTUP_MEDIAN_MS ${median(times).toFixed(1)}`);
if (baselineUrl) {
  const baseline = median(theirs);
  const sorted = [...theirs].sort((a, b) => a - b);
  console.log(`SurveyJS 2.5.38, the same survey inlined, the same runs: median ${ms(baseline)}, fastest ${ms(sorted[0])}, slowest ${ms(sorted.at(-1))}`);
  // The ratio of medians, and the median of each run's own ratio (the two were measured back to back).
  const ratios = ours.map((r, i) => r.first / theirs[i]);
  console.log(`STARTUP_SURVEYJS_MS ${baseline.toFixed(1)}`);
  console.log(`STARTUP_RATIO ${(median(times) / baseline).toFixed(2)} (median of per-run ratios ${median(ratios).toFixed(2)}; aim 0.3 or less)`);
}
