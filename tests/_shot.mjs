import { launch, serveDist, openPage } from './harness.mjs';
const browser = await launch();
const server = await serveDist();
for (const [w, h] of [[1280, 900], [360, 800]]) {
  const { page } = await openPage(browser, server.url + 'demo-intranet.html', { width: w, height: h });
  const widgets = page.locator('partnerscope-survey');
  await page.getByRole('button', { name: 'Start' }).first().waitFor();
  await page.getByRole('button', { name: 'Commencer' }).waitFor();
  await widgets.nth(0).screenshot({ path: `/tmp/pw/w0-${w}.png` });
  await widgets.nth(1).screenshot({ path: `/tmp/pw/w1-${w}.png` });
  await page.getByRole('button', { name: 'Start' }).first().click();
  await page.getByRole('heading', { level: 2, name: /Strategy/ }).waitFor().catch(()=>{});
  await widgets.nth(0).screenshot({ path: `/tmp/pw/w0q-${w}.png` });
}
await browser.close(); await server.close();
