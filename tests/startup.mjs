// Start-up time of the offline single file: from navigation to the first question being
// interactive (the first radio button in the DOM, enabled), opened from file:// in headless
// Chromium. Median of 20 fresh browser contexts. Run by `cargo xtask startup`; not a test file.
import { pathToFileURL } from 'node:url';
import { launch, SINGLE_FILE_URL } from './harness.mjs';

const RUNS = Number(process.env.STARTUP_RUNS ?? 20);
// Another build's single file, to compare in the same run: STARTUP_FILE=/path/to/partnerscope.html
const FILE_URL = process.env.STARTUP_FILE ? pathToFileURL(process.env.STARTUP_FILE).href : SINGLE_FILE_URL;
const browser = await launch();
const times = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
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
  await page.goto(FILE_URL);
  await page.waitForFunction(() => window.__firstQuestion !== undefined, null, { timeout: 10_000 });
  times.push(await page.evaluate(() => window.__firstQuestion));
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`startup (file://, navigation to first question interactive), ${RUNS} runs:`);
console.log(`  median ${median.toFixed(0)} ms, fastest ${times[0].toFixed(0)} ms, slowest ${times.at(-1).toFixed(0)} ms`);
console.log(`STARTUP_MEDIAN_MS ${median.toFixed(1)}`);
