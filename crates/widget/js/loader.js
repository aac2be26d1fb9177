// Partnerscope's loader. `cargo xtask dist` wraps it, with wasm-bindgen's `--target no-modules`
// glue (which defines `wasm_bindgen`) and the LZMA decoder's wasm, in one function, so that the
// same file works as a classic script (`<script src defer>`, what intranet editors accept) and
// as a module (`<script type="module">`), and leaves one global behind: `Partnerscope`.
//
// xtask wraps it in `function (UNLZMA, PACKED) { … }` after a `SCRIPT_URL` constant and
// crates/unlzma/js/unpack.js (`bytesOf`, `compileUnpacked`, `word`, `Damaged`):
//   UNLZMA  base64 of crates/unlzma's wasm (a 10 KB decoder), or empty in the hosted build
//   PACKED  base64 of the packed widget wasm, or null: then it is fetched, with the decoder,
//           from `partnerscope.wasm.lzma` next to this script, wherever the script is served from.
//   SCRIPT_URL  this script's own URL, found while it first runs.
// The hosted build fetches built-in questionnaires from `instruments/<id>.json` beside it.
//
// It defines <partnerscope-survey> and `Partnerscope.mount(element, options)`, and shows a plain
// message in each widget if the survey cannot start. The widget itself is Rust
// (crates/widget/src/lib.rs); nothing here reads or writes answers.

const WASM_URL = new URL('partnerscope.wasm.lzma', SCRIPT_URL).href;

// The hosted build's file holds the decoder too (xtask `dist`): its length (four bytes, little
// endian), its wasm, then the packed widget. Fetched raw and compressed by the server, the decoder
// costs a quarter less than as base64 in this script.
const fetchPacked = async () => {
  const response = await fetch(WASM_URL, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${WASM_URL} answered ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const length = bytes.length < 4 ? -1 : word(bytes, 0);
  if (length < 0 || 4 + length > bytes.length) throw new Damaged('the packed survey is truncated');
  UNLZMA = bytes.subarray(4, 4 + length);
  return bytes.subarray(4 + length);
};

// Words shown in a widget when the survey cannot start; the page's `lang` picks them.
const WORDS = {
  en: { loading: 'Loading the survey…', damaged: 'This copy of the survey is damaged and cannot start. Please ask for a new copy of the file.', failed: 'The survey could not start in this browser. Please try again later, or open it in a current version of Chrome, Edge, Firefox or Safari.' },
  fr: { loading: 'Chargement du questionnaire…', damaged: 'Cette copie du questionnaire est endommagée et ne peut pas démarrer. Merci de demander une nouvelle copie du fichier.', failed: "Le questionnaire n'a pas pu démarrer dans ce navigateur. Réessayez plus tard, ou ouvrez-le dans une version récente de Chrome, Edge, Firefox ou Safari." },
  es: { loading: 'Cargando la encuesta…', damaged: 'Esta copia de la encuesta está dañada y no puede iniciarse. Pida, por favor, una copia nueva del archivo.', failed: 'La encuesta no pudo iniciarse en este navegador. Inténtelo más tarde o ábrala en una versión reciente de Chrome, Edge, Firefox o Safari.' },
  ar: { loading: 'جارٍ تحميل الاستبيان…', damaged: 'هذه النسخة من الاستبيان تالفة ولا يمكن تشغيلها. يُرجى طلب نسخة جديدة من الملف.', failed: 'تعذّر تشغيل الاستبيان في هذا المتصفح. يُرجى المحاولة لاحقًا، أو فتحه في إصدار حديث من Chrome أو Edge أو Firefox أو Safari.' },
  pt: { loading: 'Carregamento do questionário…', damaged: 'Esta cópia do questionário está danificada e não pode começar. Peça uma nova cópia do arquivo.', failed: 'Não foi possível iniciar o questionário neste navegador. Tente mais tarde, ou abra-o numa versão recente do Chrome, Edge, Firefox ou Safari.' },
};
const langFor = (element) => {
  const lang = (element.getAttribute('lang') || element.getAttribute('data-lang') || document.documentElement.lang || 'en').slice(0, 2).toLowerCase();
  return WORDS[lang] ? lang : 'en';
};

// Puts one plain sentence in the element's shadow root (before the widget, or instead of it).
const say = (element, key, role) => {
  const root = element.shadowRoot || (() => { try { return element.attachShadow({ mode: 'open' }); } catch { return null; } })();
  const p = document.createElement('p');
  const lang = langFor(element);
  p.setAttribute('role', role);
  p.lang = lang;
  p.dir = lang === 'ar' ? 'rtl' : 'ltr';
  p.textContent = WORDS[lang][key];
  if (root) root.replaceChildren(p); else element.replaceChildren(p);
};

// A page whose scripts gave every object a `then` (`Object.prototype.then = …`) makes every
// value a "thenable": no promise here could settle, and the survey would wait forever with
// nothing on screen. It cannot work there, so it says so at once instead.
// (`Function`'s prototypes include `Object.prototype`, so this sees both.)
const thenable = 'then' in Function;

let failure = null;
// The words for a start that failed: LZMA carries no checksum, so damage the decoder misses makes
// a module the compiler rejects; both are a damaged copy. (One rule for the page's widgets and
// for one connected later, which once said "could not start" for a damaged hosted file.)
const whyNot = (error) => (error instanceof Damaged || error instanceof WebAssembly.CompileError ? 'damaged' : 'failed');
// Each phase of the start ends with a performance mark (`partnerscope:decoded`, `unpacked`,
// `compiled`, `instantiated`, `started`; `script-start` is set where the script begins), which
// `cargo xtask startup` reads. The module is compiled while it is unpacked (`compileUnpacked`,
// crates/unlzma/js/unpack.js), and apart from its instantiation, so the phases can be told apart.
const ready = thenable ? Promise.reject(new Error('Object.prototype.then is set on this page, so no promise can settle')) : (async () => {
  const packed = PACKED === null ? await fetchPacked() : bytesOf(PACKED);
  mark('decoded');
  const module = await compileUnpacked(packed);
  mark('compiled');
  await wasm_bindgen({ module_or_path: module });
  mark('instantiated');
  // Where the built-in questionnaires are served when this build does not carry them; then
  // every [data-partnerscope] element is mounted.
  wasm_bindgen.start(new URL('instruments/', SCRIPT_URL).href);
  mark('started');
  return wasm_bindgen;
})();
ready.catch((error) => {
  failure = error;
  console.error('Partnerscope could not start', error);
  const key = whyNot(error);
  for (const element of document.querySelectorAll('partnerscope-survey, [data-partnerscope]')) {
    say(element, key, 'alert');
    element.dispatchEvent(new CustomEvent('partnerscope-error', {
      bubbles: true, composed: true, detail: { kind: 'load', message: String(error && error.message || error) },
    }));
  }
});

// embed:start (the single file, a page of its own, goes without what follows up to embed:end)
if (!customElements.get('partnerscope-survey')) {
  customElements.define('partnerscope-survey', class extends HTMLElement {
    connectedCallback() {
      if (this.partnerscopeMounted) return;
      this.partnerscopeMounted = true;
      if (!failure) say(this, 'loading', 'status');
      ready.then((api) => {
        if (this.isConnected) api.mount_element(this);
        else this.partnerscopeMounted = false;
      }, () => say(this, whyNot(failure), 'alert'));
    }

    disconnectedCallback() {
      // Moving the element fires disconnect then connect at once: only a real removal unmounts.
      queueMicrotask(() => {
        if (this.isConnected || !this.partnerscopeMounted) return;
        this.partnerscopeMounted = false;
        ready.then((api) => api.unmount_element(this), () => {});
      });
    }
  });
}

window.Partnerscope = Object.freeze({
  /** Resolves when the survey is ready to mount; rejects if it cannot start here. */
  ready: ready.then(() => undefined),
  /**
   * Mounts a survey on `element` with `options`: {instrument, instrumentSrc, instrumentJson,
   * lang, group, round, submitUrl, submitCredentials}. Resolves once it is mounted.
   */
  mount(element, options = {}) {
    if (!(element instanceof Element)) return Promise.reject(new TypeError('Partnerscope.mount needs an element'));
    return ready.then((api) => { api.mount_with(element, options); });
  },
  /** Removes the survey from `element`; its saved answers stay on the device. */
  unmount(element) {
    return ready.then((api) => { api.unmount_element(element); });
  },
});
// embed:end
