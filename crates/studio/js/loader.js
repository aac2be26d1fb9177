// The studio's loader: unpacks the inline wasm (crates/unlzma/js/unpack.js comes
// before it), starts the studio, or says plainly in the page why it cannot.
//
// The studio's module is packed against the survey's (xtask `studio.rs`): the survey's is
// unpacked first, from the template of the survey files the page carries, where it follows
// this same decoder as the survey script's second argument. Only this loader needs a preset
// dictionary, so its code stays here rather than in every file's `unpack.js`.
//
// The decoder travels once, in the survey script: the studio's own script is given an empty
// `UNLZMA` (xtask `studio.rs`) and takes the decoder from there too.
const surveyModule = () => {
  const template = document.getElementById('partnerscope-survey-template');
  // The survey script ends by calling its code with the decoder and its packed module, both
  // base64 (xtask `script`, which alone writes `", "` with a space; terser never does).
  const call = /\)\("([A-Za-z0-9+/=]{1000,})", "([A-Za-z0-9+/=]{1000,})"\)/.exec(template ? template.textContent : '');
  if (!call) throw new Damaged('the survey template is missing or cut');
  UNLZMA = call[1];
  return unpack(bytesOf(call[2]));
};

// Unpacks `lzma` against `dictionary` and compiles it. The decoder's memory holds the packed
// bytes, then the dictionary, then the unpacked bytes; its positions count the dictionary.
const compileAfter = async (lzma, dictionary) => {
  const { instance } = await WebAssembly.instantiate(bytesOf(UNLZMA));
  const { memory, __heap_base, unlzma_begin, unlzma_more } = instance.exports;
  if (lzma.length < 13) throw new Damaged('the packed studio is truncated');
  const start = dictionary.length;
  const size = start + ((lzma[5] | (lzma[6] << 8) | (lzma[7] << 16) | (lzma[8] << 24)) >>> 0);
  const input = __heap_base.value;
  const output = input + lzma.length;
  const missing = output + size - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  new Uint8Array(memory.buffer, input, lzma.length).set(lzma);
  new Uint8Array(memory.buffer, output, start).set(dictionary);
  const begun = unlzma_begin(input, lzma.length, size, start);
  const reached = begun === 0 ? unlzma_more(input, lzma.length, output, size, size) >>> 0 : 0;
  if (begun !== 0 || reached !== size) throw new Damaged(`unpacking failed with code ${begun || reached & 0xff}`);
  mark('unpacked');
  return WebAssembly.compile(new Uint8Array(memory.buffer, output + start, size - start));
};

(async () => {
  try {
    const module = await compileAfter(bytesOf(PACKED), await surveyModule());
    await wasm_bindgen({ module_or_path: module });
    wasm_bindgen.start();
  } catch (error) {
    console.error('Partnerscope studio could not start', error);
    const host = document.getElementById('partnerscope-studio');
    // LZMA carries no checksum: damage the decoder misses makes a module the compiler rejects.
    if (host) host.textContent = error instanceof Damaged || error instanceof WebAssembly.CompileError
      ? 'This copy of the studio is damaged and cannot start. Please get a new copy of the file.'
      : 'The studio could not start in this browser. Please open this file in a current version of Chrome, Edge, Firefox or Safari.';
  }
})();
