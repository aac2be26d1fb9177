// Unpacking a packed wasm module in the browser with this crate's decoder, shared by the
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

// The little-endian 32-bit number at `bytes[at]` (the lengths the packed files begin with).
const word = (bytes, at) => (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;

// A packed module (`partnerscope_unlzma::module`): the module's length, then its split form (each
// kind of operand of its code in a stream of its own) as an .lzma stream with its size in the
// header. The decoder's memory holds the packed bytes, then the split module (after
// `dictionary`, the split module the stream was packed against, when there is one), then the
// module; `next(until)` unpacks on until at least `until` bytes of the module are out, or all,
// and returns how many are; `split()` is a copy of the split module (the studio's dictionary).
// `UNLZMA` is the decoder's wasm as base64 in the files that carry it inline, or its bytes where
// it came with the packed module (the hosted build's `fetchPacked`).
const unpacker = async (packed, dictionary) => {
  const { instance } = await WebAssembly.instantiate(typeof UNLZMA === 'string' ? bytesOf(UNLZMA) : UNLZMA);
  const { memory, __heap_base, unlzma_begin, unlzma_more } = instance.exports;
  if (packed.length < 22) throw new Damaged('the packed module is truncated');
  const size = word(packed, 0);
  const start = dictionary ? dictionary.length : 0;
  const splitSize = start + word(packed, 9);
  const input = __heap_base.value;
  const split = input + packed.length;
  const output = split + splitSize;
  const missing = output + size - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  new Uint8Array(memory.buffer, input, packed.length).set(packed);
  if (dictionary) new Uint8Array(memory.buffer, split, start).set(dictionary);
  const begun = unlzma_begin(input, packed.length, splitSize, start);
  if (begun !== 0) throw new Damaged(`unpacking failed with code ${begun}`);
  return {
    size,
    next(until) {
      const reached = unlzma_more(input, packed.length, split, splitSize, output, size, until) >>> 0;
      if (reached >= 0x80000000) throw new Damaged(`unpacking failed with code ${reached & 0xff}`);
      return reached;
    },
    module: (from, to) => new Uint8Array(memory.buffer, output + from, to - from).slice(),
    split: () => new Uint8Array(memory.buffer, split, splitSize).slice(),
  };
};

// Bytes unpacked per step of `compileUnpacked`: small enough that the compiler starts early,
// large enough that the steps cost little (measured in docs/benchmarks.md, "Start-up"). The code
// section comes out in one step, once it is unpacked whole; the data after it in steps.
const UNPACK_STEP = 64 * 1024;

// Unpacks `packed` (against `dictionary`, if given) a step at a time into the browser's streaming
// compiler, which compiles what it has on other threads while the next step is decoded here;
// resolves to the compiled module. Where streaming compilation is missing, unpacks whole and
// compiles.
const compileUnpacked = async (packed, dictionary) => {
  const unpacking = await unpacker(packed, dictionary);
  const { size } = unpacking;
  if (typeof WebAssembly.compileStreaming !== 'function' || typeof Response !== 'function' || typeof ReadableStream !== 'function') {
    unpacking.next(size);
    mark('unpacked');
    return WebAssembly.compile(unpacking.module(0, size));
  }
  let done = 0;
  let damage = null;
  const body = new ReadableStream({
    pull(controller) {
      try {
        const reached = unpacking.next(Math.min(size, done + UNPACK_STEP));
        controller.enqueue(unpacking.module(done, reached));
        done = reached;
      } catch (error) {
        damage = error;
        controller.error(error);
        return;
      }
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
