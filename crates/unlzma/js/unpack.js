// Unpacking an LZMA-packed wasm module in the browser with this crate's decoder, shared by the
// survey's, the report's and the studio's loaders (`cargo xtask dist` puts it before each).
// Expects `UNLZMA`, the decoder's wasm as base64.

// A performance mark `partnerscope:<name>`, for `cargo xtask startup`'s phases.
const mark = (name) => performance.mark(`partnerscope:${name}`);

const bytesOf = (text) => {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const chars = atob(text);
  const bytes = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) bytes[i] = chars.charCodeAt(i);
  return bytes;
};

class Damaged extends Error {}

// The decoder's wasm with `lzma` (an .lzma "alone" stream with its size in the header) copied
// into its memory, and room after it for the output.
const decoderFor = async (lzma) => {
  const { instance } = await WebAssembly.instantiate(bytesOf(UNLZMA));
  const { memory, __heap_base } = instance.exports;
  if (lzma.length < 13) throw new Damaged('the packed survey is truncated');
  const size = (lzma[5] | (lzma[6] << 8) | (lzma[7] << 16) | (lzma[8] << 24)) >>> 0;
  const input = __heap_base.value;
  const output = input + lzma.length;
  const missing = output + size - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  new Uint8Array(memory.buffer, input, lzma.length).set(lzma);
  return { exports: instance.exports, memory, input, output, size };
};

// Unpacks `lzma` whole.
const unpack = async (lzma) => {
  const { exports, memory, input, output, size } = await decoderFor(lzma);
  const status = exports.unlzma(input, lzma.length, output, size);
  if (status !== 0) throw new Damaged(`unpacking failed with code ${status}`);
  return new Uint8Array(memory.buffer, output, size).slice();
};

// Bytes unpacked per step of `compileUnpacked`: small enough that the compiler starts early,
// large enough that the steps cost little (measured in docs/benchmarks.md, "Start-up").
const UNPACK_STEP = 64 * 1024;

// Unpacks `lzma` a step at a time into the browser's streaming compiler, which compiles what it
// has on other threads while the next step is decoded here; resolves to the compiled module.
// Where streaming compilation is missing, unpacks whole and compiles.
const compileUnpacked = async (lzma) => {
  if (typeof WebAssembly.compileStreaming !== 'function' || typeof Response !== 'function' || typeof ReadableStream !== 'function') {
    const bytes = await unpack(lzma);
    mark('unpacked');
    return WebAssembly.compile(bytes);
  }
  const { exports, memory, input, output, size } = await decoderFor(lzma);
  const begun = exports.unlzma_begin(input, lzma.length, size);
  if (begun !== 0) throw new Damaged(`unpacking failed with code ${begun}`);
  let done = 0;
  let damage = null;
  const body = new ReadableStream({
    pull(controller) {
      const reached = exports.unlzma_more(input, lzma.length, output, size, Math.min(size, done + UNPACK_STEP)) >>> 0;
      if (reached >= 0x80000000) {
        damage = new Damaged(`unpacking failed with code ${reached & 0xff}`);
        controller.error(damage);
        return;
      }
      controller.enqueue(new Uint8Array(memory.buffer, output + done, reached - done).slice());
      done = reached;
      if (done === size) {
        mark('unpacked');
        controller.close();
      }
    },
  });
  try {
    return await WebAssembly.compileStreaming(new Response(body, { headers: { 'Content-Type': 'application/wasm' } }));
  } catch (error) {
    throw damage || error;
  }
};
