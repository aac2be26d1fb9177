import { launch, serveDist, openPage, axe } from './harness.mjs';
const pages = {
  '/t/a.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title><script src="/embed/partnerscope.js" defer></script></head><body><main><partnerscope-survey instrument="demo" submit-url="/t/responses"></partnerscope-survey></main></body></html>`,
};
const browser = await launch();
const server = await serveDist({ pages });
const { page, errors } = await openPage(browser, server.url + 't/a.html');
page.on('console', m => console.log('console', m.type(), m.text()));
await page.getByRole('button', { name: 'Start' }).waitFor();
console.log(JSON.stringify(await axe(page)));
await page.getByRole('button', { name: 'Start' }).click();
await page.waitForTimeout(1000);
console.log(await page.evaluate(() => document.querySelector('partnerscope-survey').shadowRoot.textContent.slice(0, 200)));
console.log(errors);
await browser.close(); await server.close();
