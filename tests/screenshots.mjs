// Screenshots of every screen of every built-in instrument, in every language, at 1280 and 360 px,
// into tests/out/<instrument>/, plus one contact sheet per instrument, language and width in
// tests/out/sheets/ for a person to look through. Not a test: run `node tests/screenshots.mjs`
// after `cargo xtask dist`. Optional arguments narrow it: instrument ids and/or languages.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, serveDist, ROOT } from './harness.mjs';
import { INSTRUMENTS, LANGS, UI, instrument, walk } from './flows.mjs';

const args = process.argv.slice(2);
const ids = INSTRUMENTS.filter((id) => !args.some((a) => INSTRUMENTS.includes(a)) || args.includes(id));
const langs = LANGS.filter((l) => !args.some((a) => LANGS.includes(a)) || args.includes(l));
const OUT = join(ROOT, 'tests/out');

const browser = await launch();
const server = await serveDist();
await mkdir(join(OUT, 'sheets'), { recursive: true });

async function screens(id, lang, width) {
  const doc = instrument(id);
  const t = UI[lang];
  const dir = join(OUT, id);
  await mkdir(dir, { recursive: true });
  // Screens of an earlier run with other numbering would be mixed in otherwise.
  for (const old of (await readdir(dir)).filter((f) => f.startsWith(`${lang}-${width}-`))) await rm(join(dir, old));
  const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 780 } });
  const page = await context.newPage();
  let n = 0;
  const shots = [];
  const shot = async (name) => {
    const file = join(dir, `${lang}-${width}-${String(++n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    shots.push([name, file]);
  };
  if (id === ids[0]) {
    // The start screen of a page that fixes no instrument: the respondent chooses one.
    await page.goto(`${server.url}#lang=${lang}`);
    await page.getByRole('button', { name: t.start }).waitFor();
    await shot('choose-an-instrument');
  }
  await page.goto(`${server.url}#instrument=${id}&lang=${lang}`);
  await page.reload();
  await page.getByRole('button', { name: t.start }).waitFor();
  await walk(page, doc, lang, {
    screen: async (name) => {
      // The results with "how is this calculated" open.
      if (name === 'results') await page.getByText(t.calc).click();
      await shot(name);
    },
  });
  await context.close();
  return shots;
}

/** One page of thumbnails, captured as an image: the screens side by side, tops aligned. */
async function sheet(name, shots, width) {
  const scale = width > 600 ? 0.25 : 0.5;
  const html = `<!doctype html><meta charset="utf-8"><style>
    body { margin: 8px; font: 12px sans-serif; display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
    figure { margin: 0; } img { width: ${Math.round(width * scale)}px; border: 1px solid #888; display: block; }
  </style>${shots.map(([label, file]) => `<figure><figcaption>${label}</figcaption><img src="${pathToFileURL(file).href}"></figure>`).join('')}`;
  const file = join(OUT, 'sheets', `${name}.html`);
  await writeFile(file, html);
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  await page.screenshot({ path: join(OUT, 'sheets', `${name}.png`), fullPage: true });
  await context.close();
}

for (const id of ids) {
  for (const lang of langs) {
    for (const width of [1280, 360]) {
      const shots = await screens(id, lang, width);
      await sheet(`${id}-${lang}-${width}`, shots, width);
    }
  }
}
await browser.close();
await server.close();
const count = (await Promise.all(ids.map((id) => readdir(join(OUT, id))))).flat().length;
console.log(`${count} screenshots in tests/out/<instrument>/, contact sheets in tests/out/sheets/`);
