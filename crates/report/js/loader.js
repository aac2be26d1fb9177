// The facilitator's report's loader: unpacks the inline wasm (crates/unlzma/js/unpack.js comes
// before it), starts the report, or says plainly in the page why it cannot.
(async () => {
  try {
    // The same phases and marks as the survey's loader (crates/widget/js/loader.js).
    const packed = bytesOf(PACKED);
    mark('decoded');
    const module = await compileUnpacked(packed);
    mark('compiled');
    await wasm_bindgen({ module_or_path: module });
    mark('instantiated');
    wasm_bindgen.start();
    mark('started');
  } catch (error) {
    console.error('Partnerscope report could not start', error);
    const host = document.getElementById('partnerscope-report');
    // LZMA carries no checksum: damage the decoder misses makes a module the compiler rejects.
    if (host) host.textContent = error instanceof Damaged || error instanceof WebAssembly.CompileError
      ? 'This copy of the report is damaged and cannot start. Please get a new copy of the file.'
      : 'The report could not start in this browser. Please open this file in a current version of Chrome, Edge, Firefox or Safari.';
  }
})();
