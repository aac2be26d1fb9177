//! A small LZMA decoder for the `.lzma` ("LZMA alone") format, written from the LZMA
//! specification (`lzma-specification.txt` in the LZMA SDK).
//!
//! It exists for one job: the single-file build stores the widget's wasm as LZMA, about a fifth
//! smaller than gzip, and browsers have no native LZMA. Compiled on its own to a few kilobytes of
//! wasm, this decoder unpacks the widget faster than the JavaScript decoder it replaced (measured
//! in the page, Chromium 156: 30-90 ms against 65-145 ms for the same stream; node 20: 16-22 ms
//! against 45-80 ms).
//!
//! Deliberately narrow: the whole output is decoded into one buffer that doubles as the
//! dictionary, so the header must state the unpacked size (the xtask writes it), and `lc + lp`
//! is limited to 4 so the probability table fits on the stack. It allocates nothing and never
//! panics on any input: every inconsistency is an [`Error`], so a damaged file fails loudly
//! instead of yielding a corrupted module.

#![cfg_attr(target_arch = "wasm32", no_std)]

pub mod module;

/// Header: properties byte, dictionary size (u32), unpacked size (u64), all little endian.
pub const HEADER_LEN: usize = 13;

/// Why a stream could not be decoded. The wasm export returns the discriminant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Error {
    /// Shorter than a header and the range coder's first five bytes.
    TooShort = 1,
    /// Properties out of range, or `lc + lp` above 4.
    Properties = 2,
    /// No unpacked size in the header, or one that does not match the output buffer.
    Size = 3,
    /// The range coder's first byte is not zero.
    Start = 4,
    /// The input ended before the output was complete.
    Truncated = 5,
    /// A match reaches before the start of the output or past its end, or an end marker comes early.
    Data = 6,
}

/// The unpacked size the header states, if it states one that fits in memory.
#[must_use]
pub fn unpacked_size(input: &[u8]) -> Option<usize> {
    let bytes: [u8; 8] = input.get(5..HEADER_LEN)?.try_into().ok()?;
    usize::try_from(u64::from_le_bytes(bytes)).ok().filter(|&n| n < (1 << 31))
}

const MAX_LC_LP: u32 = 4;
const IS_MATCH: usize = 0;
const IS_REP: usize = IS_MATCH + 192;
const IS_REP_G0: usize = IS_REP + 12;
const IS_REP_G1: usize = IS_REP_G0 + 12;
const IS_REP_G2: usize = IS_REP_G1 + 12;
const IS_REP0_LONG: usize = IS_REP_G2 + 12;
const POS_SLOT: usize = IS_REP0_LONG + 192;
const SPEC_POS: usize = POS_SLOT + 4 * 64;
const ALIGN: usize = SPEC_POS + 115;
/// A length coder: choice, choice 2, 16 low trees of 8, 16 mid trees of 8, one high tree of 256.
const LEN: usize = ALIGN + 16;
const LEN_SIZE: usize = 2 + 16 * 8 + 16 * 8 + 256;
const REP_LEN: usize = LEN + LEN_SIZE;
const LITERAL: usize = REP_LEN + LEN_SIZE;
const PROBS: usize = LITERAL + (0x300 << MAX_LC_LP);

/// The probabilities, in a table of a power of two entries so that an index masked to it needs
/// no bounds check: every index the decoder forms is below [`PROBS`] (the masking never changes
/// one), and no panic path (whose messages would link the standard library's number formatting,
/// about 3 KB of this small module) is left.
struct Probs([u16; PROBS.next_power_of_two()]);

impl Probs {
    #[inline(always)]
    fn at(&mut self, i: usize) -> &mut u16 {
        &mut self.0[i & (PROBS.next_power_of_two() - 1)]
    }
}

/// The range decoder over the compressed bytes. Reads past the end yield zeros and are counted;
/// the caller reports truncation once the output is complete or inconsistent.
struct Range<'a> {
    input: &'a [u8],
    at: usize,
    range: u32,
    code: u32,
}

impl Range<'_> {
    #[inline(always)]
    fn byte(&mut self) -> u32 {
        let b = self.input.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        u32::from(b)
    }

    #[inline(always)]
    fn normalize(&mut self) {
        if self.range < (1 << 24) {
            self.range <<= 8;
            self.code = (self.code << 8) | self.byte();
        }
    }

    #[inline(always)]
    fn bit(&mut self, prob: &mut u16) -> u32 {
        let p = u32::from(*prob);
        let bound = (self.range >> 11) * p;
        let bit = if self.code < bound {
            self.range = bound;
            *prob += ((2048 - p) >> 5) as u16;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *prob -= (p >> 5) as u16;
            1
        };
        self.normalize();
        bit
    }

    fn direct(&mut self, count: u32) -> u32 {
        let mut result = 0u32;
        for _ in 0..count {
            self.range >>= 1;
            let bit = u32::from(self.code >= self.range);
            if bit == 1 {
                self.code -= self.range;
            }
            result = (result << 1) | bit;
            self.normalize();
        }
        result
    }

    fn tree(&mut self, probs: &mut Probs, base: usize, bits: u32) -> u32 {
        let mut m = 1usize;
        for _ in 0..bits {
            m = (m << 1) | self.bit(probs.at(base + m)) as usize;
        }
        m as u32 - (1 << bits)
    }

    fn reverse(&mut self, probs: &mut Probs, base: usize, bits: u32) -> u32 {
        let mut m = 1usize;
        let mut symbol = 0;
        for i in 0..bits {
            let bit = self.bit(probs.at(base + m));
            m = (m << 1) | bit as usize;
            symbol |= bit << i;
        }
        symbol
    }

    fn length(&mut self, probs: &mut Probs, base: usize, pos_state: usize) -> u32 {
        if self.bit(probs.at(base)) == 0 {
            return self.tree(probs, base + 2 + pos_state * 8, 3);
        }
        if self.bit(probs.at(base + 1)) == 0 {
            return 8 + self.tree(probs, base + 130 + pos_state * 8, 3);
        }
        16 + self.tree(probs, base + 258, 8)
    }
}

/// Decodes a complete `.lzma` stream into `out`, whose length must be the unpacked size the
/// header states.
///
/// # Errors
///
/// An [`Error`] for anything but a well-formed stream of exactly that size.
pub fn decode(input: &[u8], out: &mut [u8]) -> Result<(), Error> {
    let mut decoder = Decoder::new(input, out.len())?;
    decoder.run(input, out, out.len()).map(|_| ())
}

/// Decodes a complete `.lzma` stream made with a preset dictionary (the encoder's window
/// primed with those bytes, so the stream's matches may reach into them): `out` holds the
/// dictionary in its first `start` bytes, and the unpacked bytes follow it.
///
/// # Errors
///
/// As [`decode`], and [`Error::Properties`] for position bits (`lp`, `pb`) with a dictionary.
pub fn decode_after(input: &[u8], out: &mut [u8], start: usize) -> Result<(), Error> {
    let mut decoder = Decoder::after(input, out.len(), start)?;
    decoder.run(input, out, out.len()).map(|_| ())
}

/// A decoding that can stop between packets and go on later, so that what is unpacked so far
/// can be handed on (to the browser's streaming compiler) while the rest is decoded. It keeps
/// the range coder's place and the packets' state; the input and the output, which doubles as
/// the dictionary, are passed to every call, the same each time.
pub struct Decoder {
    at: usize,
    range: u32,
    code: u32,
    packets: Packets,
}

impl Decoder {
    /// Reads the header of `input` and the range coder's first bytes, for an output of
    /// `out_len` bytes (the unpacked size the header must state).
    ///
    /// # Errors
    ///
    /// An [`Error`] for a header that is not one this decoder reads.
    pub fn new(input: &[u8], out_len: usize) -> Result<Decoder, Error> {
        Decoder::after(input, out_len, 0)
    }

    /// As [`Decoder::new`] for a stream made with a preset dictionary of `start` bytes, which
    /// are the first `start` of the `out_len` bytes of the output buffer (the header states the
    /// unpacked size without them). Only streams without position bits (`lp`, `pb` 0, as the
    /// xtask writes) are read with a dictionary: encoders differ in where they count positions
    /// from, and the position contexts would then differ.
    ///
    /// # Errors
    ///
    /// As [`Decoder::new`], and [`Error::Properties`] for position bits with a dictionary.
    pub fn after(input: &[u8], out_len: usize, start: usize) -> Result<Decoder, Error> {
        if input.len() < HEADER_LEN + 5 {
            return Err(Error::TooShort);
        }
        let mut props = u32::from(input[0]);
        if props >= 9 * 5 * 5 {
            return Err(Error::Properties);
        }
        let lc = props % 9;
        props /= 9;
        let lp = props % 5;
        let pb = props / 5;
        if lc + lp > MAX_LC_LP || (start > 0 && (lp > 0 || pb > 0)) {
            return Err(Error::Properties);
        }
        if unpacked_size(input) != out_len.checked_sub(start) {
            return Err(Error::Size);
        }
        let mut rc = Range { input, at: HEADER_LEN, range: u32::MAX, code: 0 };
        if rc.byte() != 0 {
            return Err(Error::Start);
        }
        for _ in 0..4 {
            rc.code = (rc.code << 8) | rc.byte();
        }
        if rc.code == rc.range {
            return Err(Error::Start);
        }
        Ok(Decoder {
            at: rc.at,
            range: rc.range,
            code: rc.code,
            packets: Packets {
                probs: Probs([1024u16; PROBS.next_power_of_two()]),
                lc: lc as usize,
                lp_mask: (1usize << lp) - 1,
                pos_mask: (1usize << pb) - 1,
                state: 0,
                pos: start,
                reps: [0; 4],
            },
        })
    }

    /// Decodes packets into `out` until at least `until` of its bytes are written, or all of
    /// them; returns how many are (a packet may write up to 273 bytes past `until`).
    ///
    /// # Errors
    ///
    /// An [`Error`] for inconsistent data, or an input that ends before the output does.
    pub fn run(&mut self, input: &[u8], out: &mut [u8], until: usize) -> Result<usize, Error> {
        let mut rc = Range { input, at: self.at, range: self.range, code: self.code };
        let until = until.min(out.len());
        let result = loop {
            if self.packets.pos >= until {
                break Ok(self.packets.pos);
            }
            if let Err(error) = self.packets.next(&mut rc, out) {
                break Err(error);
            }
        };
        (self.at, self.range, self.code) = (rc.at, rc.range, rc.code);
        match result {
            Ok(pos) if pos == out.len() && rc.at > input.len() => Err(Error::Truncated),
            other => other,
        }
    }
}

/// The decoder's state between packets (one literal or one match each).
struct Packets {
    probs: Probs,
    lc: usize,
    lp_mask: usize,
    pos_mask: usize,
    state: usize,
    pos: usize,
    reps: [usize; 4],
}

impl Packets {
    /// Decodes one packet into `out`.
    ///
    /// Kept out of line so that V8, which runs wasm first in its baseline compiler and swaps in
    /// optimised code only between calls, could tier it up during the stream. Measured on these
    /// machines it makes no difference either way (node 20: 17-22 ms; Chromium 156: 30-100 ms,
    /// noisy), so it stays for readability, not speed.
    // Long because it is the decoder's one step (literal, match, repeated match, end marker) as the
    // LZMA specification's reference decoder writes it, so the two can be read side by side.
    #[inline(never)]
    fn next(&mut self, rc: &mut Range<'_>, out: &mut [u8]) -> Result<(), Error> {
        let (lc, lp_mask, pos_mask, size) = (self.lc, self.lp_mask, self.pos_mask, out.len());
        let (mut state, mut pos) = (self.state, self.pos);
        let [mut rep0, mut rep1, mut rep2, mut rep3] = self.reps;
        let probs = &mut self.probs;
        'packet: {
            let pos_state = pos & pos_mask;
            if rc.bit(probs.at(IS_MATCH + (state << 4) + pos_state)) == 0 {
                let prev = pos.checked_sub(1).and_then(|p| out.get(p)).map_or(0, |&b| usize::from(b));
                let lit = LITERAL + 0x300 * (((pos & lp_mask) << lc) + (prev >> (8 - lc)));
                let mut symbol = 1usize;
                if state >= 7 {
                    let Some(from) = pos.checked_sub(rep0.saturating_add(1)) else { return Err(rc.fail()) };
                    let mut match_byte = usize::from(*out.get(from).ok_or(Error::Data)?);
                    while symbol < 0x100 {
                        let match_bit = (match_byte >> 7) & 1;
                        match_byte <<= 1;
                        let bit = rc.bit(probs.at(lit + ((1 + match_bit) << 8) + symbol)) as usize;
                        symbol = (symbol << 1) | bit;
                        if match_bit != bit {
                            break;
                        }
                    }
                }
                while symbol < 0x100 {
                    symbol = (symbol << 1) | rc.bit(probs.at(lit + symbol)) as usize;
                }
                *out.get_mut(pos).ok_or(Error::Data)? = symbol as u8;
                pos += 1;
                state = if state < 4 {
                    0
                } else if state < 10 {
                    state - 3
                } else {
                    state - 6
                };
                break 'packet;
            }
            let len;
            if rc.bit(probs.at(IS_REP + state)) == 0 {
                rep3 = rep2;
                rep2 = rep1;
                rep1 = rep0;
                len = rc.length(probs, LEN, pos_state) as usize;
                state = if state < 7 { 7 } else { 10 };
                let slot = rc.tree(probs, POS_SLOT + len.min(3) * 64, 6);
                rep0 = if slot < 4 {
                    slot as usize
                } else {
                    let bits = (slot >> 1) - 1;
                    let base = (2 | (slot & 1)) << bits;
                    let dist = if slot < 14 {
                        let at = SPEC_POS + base as usize - slot as usize;
                        base + rc.reverse(probs, at, bits)
                    } else {
                        // An end marker (all ones) wraps here and is caught as a distance past the start.
                        base.wrapping_add(rc.direct(bits - 4) << 4).wrapping_add(rc.reverse(probs, ALIGN, 4))
                    };
                    dist as usize
                };
            } else {
                if rc.bit(probs.at(IS_REP_G0 + state)) == 0 {
                    if rc.bit(probs.at(IS_REP0_LONG + (state << 4) + pos_state)) == 0 {
                        let Some(from) = pos.checked_sub(rep0.saturating_add(1)) else { return Err(rc.fail()) };
                        state = if state < 7 { 9 } else { 11 };
                        let byte = *out.get(from).ok_or(Error::Data)?;
                        *out.get_mut(pos).ok_or(Error::Data)? = byte;
                        pos += 1;
                        break 'packet;
                    }
                } else {
                    let dist;
                    if rc.bit(probs.at(IS_REP_G1 + state)) == 0 {
                        dist = rep1;
                    } else {
                        if rc.bit(probs.at(IS_REP_G2 + state)) == 0 {
                            dist = rep2;
                        } else {
                            dist = rep3;
                            rep3 = rep2;
                        }
                        rep2 = rep1;
                    }
                    rep1 = rep0;
                    rep0 = dist;
                }
                len = rc.length(probs, REP_LEN, pos_state) as usize;
                state = if state < 7 { 8 } else { 11 };
            }
            let len = len + 2;
            let Some(from) = pos.checked_sub(rep0.saturating_add(1)) else { return Err(rc.fail()) };
            if len > size - pos {
                return Err(rc.fail());
            }
            if from + len <= pos {
                let (before, after) = out.split_at_mut(pos);
                for (to, from) in after.iter_mut().zip(before.get(from..from + len).ok_or(Error::Data)?) {
                    *to = *from;
                }
            } else {
                // An overlapping match repeats the bytes it is producing: copy forwards one at a time.
                for i in 0..len {
                    let byte = *out.get(from + i).ok_or(Error::Data)?;
                    *out.get_mut(pos + i).ok_or(Error::Data)? = byte;
                }
            }
            pos += len;
        }
        (self.state, self.pos, self.reps) = (state, pos, [rep0, rep1, rep2, rep3]);
        Ok(())
    }
}

impl Range<'_> {
    /// The error for inconsistent data: truncation if the input ran out, which explains it.
    fn fail(&self) -> Error {
        if self.at > self.input.len() { Error::Truncated } else { Error::Data }
    }
}

/// The three buffers of an export's call as slices; `None` for a null pointer.
///
/// # Safety
///
/// As for [`unlzma_more`].
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
unsafe fn buffers<'a>(
    input: *const u8,
    input_len: usize,
    split: *mut u8,
    split_len: usize,
    out: *mut u8,
    out_len: usize,
) -> Option<(&'a [u8], &'a mut [u8], &'a mut [u8])> {
    if input.is_null() || split.is_null() || out.is_null() {
        return None;
    }
    // SAFETY: the caller's contract; the loaders grow the memory to hold the three ranges and
    // place them one after the other.
    Some(unsafe {
        (
            core::slice::from_raw_parts(input, input_len),
            core::slice::from_raw_parts_mut(split, split_len),
            core::slice::from_raw_parts_mut(out, out_len),
        )
    })
}

/// The one unpacking in progress of the streaming exports ([`unlzma_begin`], [`unlzma_more`]).
/// The module runs on one thread and its loader makes one unpacking at a time.
#[cfg(target_arch = "wasm32")]
struct Slot(core::cell::UnsafeCell<Option<module::Unpacker>>);

// SAFETY: wasm32 without threads: there is no other thread to share it with.
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
unsafe impl Sync for Slot {}

#[cfg(target_arch = "wasm32")]
static STREAM: Slot = Slot(core::cell::UnsafeCell::new(None));

/// The streaming export's start: reads the headers of the packed module of `input_len` bytes at
/// `input` for a split buffer of `split_len` bytes, the first `start` of them a preset
/// dictionary already in place (0 for none; see [`Decoder::after`]). Returns 0, or an [`Error`]
/// discriminant.
///
/// # Safety
///
/// `input..input + input_len` must lie inside this module's memory; no other call of these
/// exports may run at the same time (none can: one thread).
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn unlzma_begin(input: *const u8, input_len: usize, split_len: usize, start: usize) -> u32 {
    if input.is_null() {
        return Error::Size as u32;
    }
    // SAFETY: the caller's contract above.
    let input = unsafe { core::slice::from_raw_parts(input, input_len) };
    let (slot, status) = match module::Unpacker::new(input, split_len, start) {
        Ok(unpacker) => (Some(unpacker), 0),
        Err(e) => (None, e as u32),
    };
    // SAFETY: one thread, and no reference into the slot outlives a call.
    unsafe { *STREAM.0.get() = slot };
    status
}

/// The streaming export's next step: unpacks on into the `out_len` bytes at `out` (the module's
/// length) until at least `until` of them are written. Returns how many are (below 2^31), or
/// `1 << 31` plus an [`Error`] discriminant (`Size` when [`unlzma_begin`] did not succeed first).
///
/// # Safety
///
/// `input..input + input_len`, `split..split + split_len` and `out..out + out_len` must be
/// disjoint ranges inside this module's memory that nothing else reads or writes during the
/// call, with the same `input` and `split` as [`unlzma_begin`] and the same `out` at every call.
/// JavaScript places the three buffers above `__heap_base`, in that order, growing it first.
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn unlzma_more(
    input: *const u8,
    input_len: usize,
    split: *mut u8,
    split_len: usize,
    out: *mut u8,
    out_len: usize,
    until: usize,
) -> u32 {
    const FAILED: u32 = 1 << 31;
    // SAFETY: the caller's contract above.
    let Some((input, split, out)) = (unsafe { buffers(input, input_len, split, split_len, out, out_len) }) else {
        return FAILED | Error::Size as u32;
    };
    // SAFETY: one thread, and this is the only reference into the slot during the call.
    let Some(unpacker) = (unsafe { &mut *STREAM.0.get() }) else {
        return FAILED | Error::Size as u32;
    };
    match unpacker.run(input, split, out, until) {
        Ok(pos) => pos as u32,
        Err(e) => FAILED | e as u32,
    }
}

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
