// The studio's loader: unpacks the inline wasm (crates/unlzma/js/unpack.js comes
// before it), starts the studio, or says plainly in the page why it cannot.
(async () => {
  try {
    const module = await compileUnpacked(bytesOf(PACKED));
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
