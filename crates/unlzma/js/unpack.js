// Unpacking an LZMA-packed wasm module in the browser with this crate's decoder, shared by the
// survey's and the report's loaders (`cargo xtask dist` puts it before each). Expects `UNLZMA`,
// the decoder's wasm as base64.

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

// Unpacks `lzma` (an .lzma "alone" stream with its size in the header) with the decoder's wasm.
const unpack = async (lzma) => {
  const { instance } = await WebAssembly.instantiate(bytesOf(UNLZMA));
  const { memory, unlzma, __heap_base } = instance.exports;
  if (lzma.length < 13) throw new Damaged('the packed survey is truncated');
  const size = (lzma[5] | (lzma[6] << 8) | (lzma[7] << 16) | (lzma[8] << 24)) >>> 0;
  const input = __heap_base.value;
  const output = input + lzma.length;
  const missing = output + size - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  new Uint8Array(memory.buffer, input, lzma.length).set(lzma);
  const status = unlzma(input, lzma.length, output, size);
  if (status !== 0) throw new Damaged(`unpacking failed with code ${status}`);
  return new Uint8Array(memory.buffer, output, size).slice();
};
