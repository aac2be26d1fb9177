// The studio's loader: unpacks the inline wasm (crates/unlzma/js/unpack.js comes
// before it), starts the studio, or says plainly in the page why it cannot.
//
// The studio's module is packed against the survey's (xtask `studio.rs`): the survey's is
// unpacked first, from the template of the survey files the page carries, where it follows
// this same decoder as the survey script's second argument; its split form is the dictionary
// the studio's own is unpacked against (`compileUnpacked`'s second argument).
//
// The decoder travels once, in the survey script: the studio's own script is given an empty
// `UNLZMA` (xtask `studio.rs`) and takes the decoder from there too.

// The survey's module unpacked whole, and its split form returned: the studio's dictionary.
const surveySplit = async () => {
  const template = document.getElementById('partnerscope-survey-template');
  // The survey script ends by calling its code with the decoder and its packed module, both
  // base64 (xtask `script`, which alone writes `", "` with a space; terser never does).
  const call = /\)\("([A-Za-z0-9+/=]{1000,})", "([A-Za-z0-9+/=]{1000,})"\)/.exec(template ? template.textContent : '');
  if (!call) throw new Damaged('the survey template is missing or cut');
  UNLZMA = call[1];
  const unpacking = await unpacker(bytesOf(call[2]));
  unpacking.next(unpacking.size);
  return unpacking.split();
};

(async () => {
  try {
    const module = await compileUnpacked(bytesOf(PACKED), await surveySplit());
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
