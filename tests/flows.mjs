// What the per-instrument tests and the screenshot script share: the interface words in each
// language, the instrument files, the answers a test gives and an independent oracle of the
// overall score (docs/scoring.md applied to the instrument file).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ROOT } from './harness.mjs';

export const INSTRUMENTS = ['fit-for-partnering', 'health-check', 'peer-learning', 'capabilities', 'environment'];
export const LANGS = ['en', 'fr', 'es', 'ar', 'pt'];

export const UI = {
  en: {
    start: 'Start', next: 'Next', back: 'Back', review: 'Review', finish: 'Finish and see results',
    reviewTitle: 'Check your answers', edit: 'Change', colon: ': ', results: 'Your results', out: 'out of', sep: '.', language: 'Language',
    needsAnswer: 'This question needs an answer.', pageMissing: 'Questions on this page still needing an answer: ', chooseGroup: 'Please choose which group you belong to.', groupQuestion: 'I answer as',
    calc: 'How is this calculated?', damaged: 'Your saved answers are damaged and could not be restored.',
    outdated: 'Your saved answers come from an earlier version of this survey',
  },
  fr: {
    start: 'Commencer', next: 'Suivant', back: 'Retour', review: 'Vérifier', finish: 'Terminer et voir les résultats',
    reviewTitle: 'Vérifiez vos réponses', edit: 'Modifier', colon: '\u00a0: ', results: 'Vos résultats', out: 'sur', sep: ',', language: 'Langue',
    needsAnswer: 'Cette question attend une réponse.', pageMissing: 'Questions de cette page encore sans réponse\u00a0: ', chooseGroup: "Merci d'indiquer le groupe auquel vous appartenez.", groupQuestion: 'Je réponds en tant que',
    calc: 'Comment ce score est-il calculé\u00a0?', damaged: 'Vos réponses enregistrées sont endommagées',
    outdated: "Vos réponses enregistrées viennent d'une version antérieure",
  },
  es: {
    start: 'Empezar', next: 'Siguiente', back: 'Atrás', review: 'Revisar', finish: 'Terminar y ver resultados',
    reviewTitle: 'Revise sus respuestas', edit: 'Cambiar', colon: ': ', results: 'Sus resultados', out: 'de', sep: ',', language: 'Idioma',
    needsAnswer: 'Esta pregunta necesita una respuesta.', pageMissing: 'Preguntas de esta página aún sin respuesta: ', chooseGroup: 'Indique, por favor, a qué grupo pertenece.', groupQuestion: 'Respondo como',
    calc: '¿Cómo se calcula?', damaged: 'Sus respuestas guardadas están dañadas',
    outdated: 'Sus respuestas guardadas son de una versión anterior',
  },
  ar: {
    start: 'البدء', next: 'التالي', back: 'السابق', review: 'المراجعة', finish: 'الانتهاء وعرض النتائج',
    reviewTitle: 'مراجعة إجاباتك', edit: 'تغيير', colon: ': ', results: 'نتائجك', out: 'من', sep: '.', language: 'اللغة',
    needsAnswer: 'هذا السؤال يحتاج إلى إجابة.', pageMissing: 'أسئلة في هذه الصفحة ما زالت بلا إجابة: ', chooseGroup: 'يُرجى اختيار مجموعتك.', groupQuestion: 'أجيب بصفتي',
    calc: 'كيف تُحسب النتائج؟', damaged: 'إجاباتك المحفوظة تالفة ولم يمكن استعادتها.',
    outdated: 'إجاباتك المحفوظة من نسخة سابقة من هذا الاستبيان',
  },
  pt: {
    start: 'Começar', next: 'Avançar', back: 'Voltar', review: 'Verificar', finish: 'Terminar e ver os resultados',
    reviewTitle: 'Verifique as suas respostas', edit: 'Alterar', colon: ': ', results: 'Os seus resultados', out: 'de', sep: ',', language: 'Idioma',
    needsAnswer: 'Esta pergunta precisa de uma resposta.', pageMissing: 'Perguntas desta página ainda sem resposta: ', chooseGroup: 'Escolha o grupo a que pertence.', groupQuestion: 'Respondo como',
    calc: 'Como se calcula?', damaged: 'As respostas guardadas estão danificadas',
    outdated: 'As respostas guardadas vêm de uma versão anterior',
  },
};

/** The writing direction of `lang` as the widget sets it. */
export const dirOf = (lang) => (lang === 'ar' ? 'rtl' : 'ltr');

export function instrument(id) {
  return JSON.parse(readFileSync(join(ROOT, 'crates/core/instruments', `${id}.json`), 'utf8'));
}

/** Scored items of `doc` in order, each with its dimension index. */
export function scoredItems(doc) {
  return doc.dimensions.flatMap((dim, d) => dim.items.filter((i) => i.kind !== 'comment').map((item) => ({ item, d })));
}

/** The instrument's scale: `{ min, max, points }` (1 to 5 unless the file says otherwise). */
export function scaleOf(doc) {
  const min = doc.scale?.min ?? 1;
  const max = doc.scale?.max ?? 5;
  return { min, max, points: max - min + 1 };
}

/**
 * The answer a test gives to scored item number `k` of `doc`: a point of its scale, or null for
 * "don't know / not applicable". `pattern` varies it between tests.
 */
export function answerFor(doc, k, pattern = 0) {
  if ((k + pattern) % 9 === 8) return null;
  const { min, points } = scaleOf(doc);
  return min + ([3, 4, 2, 3, 1, 4, 0][(k + 3 * pattern) % 7] % points);
}

/** The position of answer `x` among an item's radios: its scale point, or last for "not applicable". */
export function choiceIndex(doc, x) {
  const { min, points } = scaleOf(doc);
  return x === null ? points : x - min;
}

/** docs/scoring.md applied to the instrument file: dimension means, weights, balance. */
export function expectedOverall(doc, pattern = 0) {
  const { min, max } = scaleOf(doc);
  const sums = doc.dimensions.map(() => ({ sum: 0, weight: 0, answered: 0, total: 0 }));
  scoredItems(doc).forEach(({ item, d }, k) => {
    const x = answerFor(doc, k, pattern);
    sums[d].total += 1;
    if (x === null) return;
    const w = item.weight ?? 1;
    sums[d].sum += w * (item.reverse ? min + max - x : x);
    sums[d].weight += w;
    sums[d].answered += 1;
  });
  const share = doc.min_answered_share ?? 0.5;
  const means = sums.map((s) => (s.answered / s.total >= share ? s.sum / s.weight : null));
  const weights = doc.dimensions.map((d) => d.weight ?? 1);
  let total = 0; let weight = 0;
  means.forEach((m, i) => { if (m !== null) { total += weights[i] * m; weight += weights[i]; } });
  let overall = total / weight;
  const balanced = doc.balance?.dimensions.map((id) => means[doc.dimensions.findIndex((d) => d.id === id)]);
  // No penalty unless every balanced dimension has a score. Decisions use the means as shown.
  if (balanced && balanced.every((m) => m !== null)) {
    const vals = balanced.map((m) => Math.round(m * 100) / 100);
    const centre = vals.reduce((a, b) => a + b, 0) / vals.length;
    const dev = vals.reduce((a, v) => a + Math.abs(v - centre), 0) / vals.length;
    overall = Math.max(min, overall - (doc.balance.penalty ?? 1) * dev);
  }
  return overall;
}

/** The overall score as the results page writes it. */
export function overallText(doc, lang, pattern = 0) {
  const t = UI[lang];
  return `${expectedOverall(doc, pattern).toFixed(2).replace('.', t.sep)} ${t.out} ${scaleOf(doc).max}`;
}

/** Checks the radio for answer `x` of `doc` (null: not applicable) in question group `group`. */
export async function choose(doc, group, x) {
  await group.getByRole('radio').nth(choiceIndex(doc, x)).check();
}

/**
 * One respondent's walk with the mouse through `doc` in `lang`, from the welcome page (already
 * shown) to the results: the browser tests and the screenshots share it, and each adds what it
 * does on every screen through hooks, all optional and awaited:
 *
 * - `screen(name)`: every screen once it is ready: `welcome`, `profile-message` (after "Next"
 *   with no group chosen), `profile`, `<area>-messages` (after "Next" on the first area with
 *   nothing answered), `<area>`, `review`, `results`;
 * - `group()`: the label of the group to choose (default: the first group's, in `lang`);
 * - `answer(d, dim, groups, k)`: answers area `d` whose first scored item is number `k`
 *   (default: every question with `answerFor`); it may switch language and return the new one.
 *
 * Returns the language the walk ended in.
 */
export async function walk(page, doc, lang, hooks = {}) {
  const on = {
    screen: async () => {},
    group: () => doc.groups[0].label[lang],
    answer: async (d, dim, groups, k) => {
      for (let i = 0; i < dim.items.filter((x) => x.kind !== 'comment').length; i++) await choose(doc, groups.nth(i), answerFor(doc, k + i));
    },
    ...hooks,
  };
  let t = UI[lang];
  await on.screen('welcome');
  await page.getByRole('button', { name: t.start }).click();
  if (doc.groups?.length || doc.context?.length) {
    if (doc.groups?.length) {
      await page.getByRole('button', { name: t.next }).click();
      await page.getByRole('group', { name: t.groupQuestion }).getByText(t.chooseGroup).waitFor();
      await on.screen('profile-message');
      await page.getByRole('radio', { name: on.group(), exact: true }).check();
    }
    for (const q of doc.context ?? []) {
      await page.getByRole('radio', { name: q.options[0].label[lang], exact: true }).first().check();
    }
    await on.screen('profile');
    await page.getByRole('button', { name: t.next }).click();
  }
  let k = 0;
  for (const [d, dim] of doc.dimensions.entries()) {
    await page.getByRole('heading', { name: dim.title[lang], level: 2 }).waitFor();
    const groups = page.getByRole('group');
    if (d === 0) {
      await page.getByRole('button', { name: t.next }).click();
      await page.getByText(t.needsAnswer).first().waitFor();
      await on.screen(`${dim.id}-messages`);
    }
    lang = (await on.answer(d, dim, groups, k)) ?? lang;
    t = UI[lang];
    await on.screen(dim.id);
    k += dim.items.filter((i) => i.kind !== 'comment').length;
    await page.getByRole('button', { name: d + 1 === doc.dimensions.length ? t.review : t.next }).click();
  }
  await page.getByRole('heading', { name: t.reviewTitle }).waitFor();
  await on.screen('review');
  await page.getByRole('button', { name: t.finish }).click();
  await page.getByRole('heading', { name: t.results }).waitFor();
  await on.screen('results');
  return lang;
}

/**
 * The whole survey with the keyboard alone (Tab, arrows, Space, Enter), from the welcome page to
 * the results, in `lang`: focus must be visible, in view and not covered at every stop. Answers
 * `answerFor(doc, k, pattern)`; returns how many scored questions it answered.
 */
export async function walkByKeyboard(page, doc, lang, pattern = 1) {
  const t = UI[lang];
  const press = (key) => page.keyboard.press(key);
  const focused = () => page.evaluate(() => {
    const el = psActive();
    const ring = el?.closest('.ps-choice') ?? el;
    if (!el || el === document.body) return { tag: 'BODY' };
    const root = el.getRootNode();
    const r = ring.getBoundingClientRect();
    const style = getComputedStyle(ring);
    // WCAG 2.4.11: the focused control may be partly off screen, never entirely hidden. Test the
    // centre of its visible part.
    const top = Math.max(r.top, 0);
    const bottom = Math.min(r.bottom, innerHeight);
    const left = Math.max(r.left, 0);
    const right = Math.min(r.right, innerWidth);
    const hit = bottom > top && right > left ? root.elementFromPoint((left + right) / 2, (top + bottom) / 2) : null;
    return {
      tag: el.tagName,
      name: el.getAttribute('name') ?? '',
      text: el.textContent.trim(),
      answered: el.type === 'radio' && root.querySelector(`input[name="${CSS.escape(el.name)}"]:checked`) !== null,
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      inView: bottom - top >= Math.min(r.height, 16),
      unobscured: hit !== null && (ring.contains(hit) || hit.contains(ring)),
    };
  });
  let k = 0;
  let presses = 0;
  for (;;) {
    if (await page.getByRole('heading', { name: t.results }).count()) break;
    assert.ok(++presses < 2000, 'the keyboard walk ended in time');
    await press('Tab');
    const f = await focused();
    if (f.tag === 'BODY' || f.tag === 'H2') continue;
    assert.ok(f.ring, `focus is visible on ${f.tag} ${f.name || f.text}`);
    assert.ok(f.inView && f.unobscured, `focus is in view and not covered on ${f.tag} ${f.name || f.text}`);
    if (f.tag === 'INPUT' && !f.answered) {
      if (/-item\d+$/.test(f.name)) {
        const steps = choiceIndex(doc, answerFor(doc, k++, pattern));
        if (steps === 0) await press('Space');
        // Down is "next" in either direction (Right is "previous" in a right-to-left group).
        for (let s = 0; s < steps; s++) await press('ArrowDown');
      } else if (/-group$/.test(f.name)) {
        await press('Space');
      }
    } else if (f.tag === 'BUTTON' && [t.start, t.next, t.review, t.finish].includes(f.text)) {
      await press('Enter');
      // The new page's heading receives focus; Tab continues from there.
      await page.waitForFunction(() => psActive()?.tagName === 'H2' || psQuery('.ps-error'));
    }
  }
  return k;
}
