// The built-in instruments ship in the widget: a respondent chooses one, answers in French, and
// sees the live score the core computes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveDist, openPage, axe } from './harness.mjs';

let browser;
let server;
before(async () => { browser = await launch(); server = await serveDist(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the health check can be chosen, answered in French, and scores as the core does', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByRole('radio', { name: 'Partnership Health Check' }).check();
  await page.getByRole('heading', { name: 'Partnership Health Check', level: 2 }).waitFor();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  await page.getByRole('heading', { name: 'Bilan de santé du partenariat', level: 2 }).waitFor();
  assert.equal(await page.locator('section[lang]').getAttribute('lang'), 'fr');
  await page.getByRole('button', { name: 'Commencer' }).click();
  await page.getByRole('heading', { name: 'Vous et le partenariat' }).waitFor();
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.getByRole('group', { name: 'Je réponds en tant que' }).getByText("Merci d'indiquer le groupe auquel vous appartenez.").waitFor();
  await page.getByRole('radio', { name: 'Un autre partenaire' }).check();
  await page.getByRole('radio', { name: 'Une alliance ou un programme à long terme, avec un accord' }).check();
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.getByRole('heading', { name: 'Pouvoir' }).waitFor();
  const groups = page.getByRole('group');
  assert.equal(await groups.count(), 4);
  for (let i = 0; i < 4; i++) await groups.nth(i).getByRole('radio', { name: "Plutôt d'accord", exact: true }).check();
  // No running score while answering (it could sway the answers still to give).
  assert.equal(await page.getByText(/Score provisoire/).count(), 0);
  assert.deepEqual(await axe(page), []);
  // Trust far below power: the results name the imbalance.
  const values = [4, 4, 2, 4, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 2, 4, 4, 4, 4];
  const pages = ['Confiance', 'Impact', "Raison d'être et façons de travailler", 'Des relations fondées sur des principes', 'Animation et conversations difficiles'];
  let k = 4;
  for (const title of pages) {
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    for (let i = 0; i < 4; i++) await groups.nth(i).getByRole('radio').nth(values[k++] - 1).check();
  }
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.getByRole('button', { name: 'Terminer et voir les résultats' }).click();
  await page.getByRole('heading', { name: 'Vos résultats' }).waitFor();
  // Means: power 3.5, trust 2, impact 3, the rest 4 -> 20.5 / 6, less the mean absolute deviation
  // of (3.5, 2, 3) from 17/6, which is 5/9: 2.8611 -> "2,86".
  assert.equal(await page.locator('.ps-overall-score').textContent(), '2,86 sur 5');
  await page.getByText('Déséquilibre : Confiance est nettement en dessous de Pouvoir.').waitFor();
  assert.match(await page.locator('.ps-advice').textContent(), /facilitateur de partenariat indépendant/);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});
