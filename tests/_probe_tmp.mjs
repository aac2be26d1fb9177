import { launch, SINGLE_FILE_URL } from './harness.mjs';
const browser = await launch();
const page = await (await browser.newContext()).newPage();
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(process.argv[2] || SINGLE_FILE_URL);
await page.waitForTimeout(3000);
console.log(await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`).join('\n')));
await browser.close();
