//! A wasm module's code section rearranged for LZMA, and the unpacker that puts it back.
//!
//! LZMA sees a function body as one stream in which opcodes and their operands alternate:
//! `local.get 3`, `i32.load offset=8`, `call 412`. Each kind of operand follows patterns of
//! its own (local indices are small and repeat, call targets are a few hot functions, load
//! offsets are a struct's field offsets), but interleaved, every literal's context is an
//! unrelated byte. The *split* form moves each kind of operand into a stream of its own and
//! leaves the opcodes (with the operands that are rare or tied to the opcode: alignments, the
//! locals' declarations, table and type indices) in the first; every stream's bytes are the
//! module's own, unchanged. Measured on the widget's and the report's wasm (docs/benchmarks.md):
//! 6 to 8 % smaller after LZMA at the same settings.
//!
//! The split form of a module is the module with its code section (id 10) replaced: the
//! function count, then each stream's length, then the streams in [`Stream`] order. The
//! functions' body sizes and the section's size are left out and worked out again when the
//! section is joined. Every other section is copied as it is, so a split module still reads as
//! a sequence of sections, and its code section can be joined as soon as it has been unpacked
//! while the sections after it (the data, the largest part of these modules) are still
//! being decoded.
//!
//! A packed module, as the xtask writes and the loaders read it, is the module's length (four
//! bytes, little endian) followed by the split module as an `.lzma` stream.
//!
//! The walk over a body knows exactly the instructions of the features the build enables
//! (MVP, sign extension, saturating conversions, bulk memory, reference types, multi-value):
//! the xtask refuses to pack a module with any other, and the unpacker refuses a stream that
//! does not walk as one, so an unknown encoding fails loudly instead of becoming a wrong module.

use crate::{Decoder, Error};

/// The streams of a split code section, in the order they are stored: each a number, so that
/// the walk can work out the stream of `local.get` .. `global.set` from the opcode.
pub mod stream {
    /// Opcodes, the locals' declarations and the operands that stay beside their opcode.
    pub const OP: usize = 0;
    /// `local.get`'s index; then `local.set`'s and `local.tee`'s (one stream: measured, 34-138
    /// bytes smaller than two), `global.get`'s and `global.set`'s.
    pub const LOCAL_GET: usize = 1;
    /// The offset of a load (`memarg`'s second half; the alignment stays with the opcode).
    pub const LOAD_OFFSET: usize = 5;
    pub const STORE_OFFSET: usize = 6;
    /// The depths of `br`, `br_if` and `br_table` (with the table's count).
    pub const BRANCH: usize = 7;
    /// The block type of `block`, `loop` and `if`.
    pub const BLOCK: usize = 8;
    pub const CALL: usize = 9;
    pub const I32: usize = 10;
    pub const I64: usize = 11;
    pub const F32: usize = 12;
    pub const F64: usize = 13;
}

/// How many streams a split code section has.
pub const STREAMS: usize = 14;

/// The joiner's per-stream arrays: a power of two at least [`STREAMS`], so that a stream number
/// masked to it indexes them without a bounds check (see `Joining`).
const SLOTS: usize = STREAMS.next_power_of_two();

/// The id of the code section.
const CODE: u8 = 10;

/// The two directions of one walk over a function body: taking the body apart into streams
/// ([`split`]) and putting it together from them ([`join_code`]). Each call moves the bytes of one
/// operand between the body and its stream and returns what the walk needs to know.
trait Io {
    /// `count` bytes as they are; returns the first.
    fn bytes(&mut self, stream: usize, count: usize) -> Result<u8, Error>;

    /// One byte, returned.
    fn byte(&mut self, stream: usize) -> Result<u8, Error> {
        self.bytes(stream, 1)
    }

    /// A LEB128 number (of at most ten bytes), its bytes as they are; returns its low 32 bits
    /// read as unsigned (what a count needs).
    fn leb(&mut self, stream: usize) -> Result<u32, Error> {
        let mut value = 0u32;
        for i in 0..10 {
            let byte = self.byte(stream)?;
            if i < 5 {
                value |= u32::from(byte & 0x7f) << (7 * i);
            }
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Error::Data)
    }
}

/// Walks one function body (without its size), moving each operand through `io`.
// Long because it is the instruction set's one table (opcode to operands), kept in the order
// of the specification's binary format so the two can be read side by side.
fn walk<I: Io>(io: &mut I) -> Result<(), Error> {
    use stream::{BLOCK, BRANCH, CALL, F32, F64, I32, I64, LOAD_OFFSET, LOCAL_GET, OP, STORE_OFFSET};
    let groups = io.leb(OP)?;
    for _ in 0..groups {
        io.leb(OP)?;
        io.byte(OP)?;
    }
    let mut depth = 0u32;
    loop {
        let op = io.byte(OP)?;
        let operand = match op {
            0x00 | 0x01 | 0x05 | 0x0f | 0x1a | 0x1b | 0x45..=0xc4 | 0xd1 => continue,
            0x02..=0x04 => {
                depth += 1;
                BLOCK
            }
            0x0b if depth == 0 => return Ok(()),
            0x0b => {
                depth -= 1;
                continue;
            }
            0x0c | 0x0d => BRANCH,
            0x0e => {
                let targets = io.leb(BRANCH)?;
                for _ in 0..targets {
                    io.leb(BRANCH)?;
                }
                BRANCH
            }
            0x10 => CALL,
            0x11 => {
                io.leb(OP)?;
                OP
            }
            0x1c => {
                let types = io.leb(OP)?;
                io.bytes(OP, types as usize)?;
                continue;
            }
            // `local.tee` (0x22) shares `local.set`'s stream.
            0x20..=0x24 => LOCAL_GET + usize::from(op - 0x20) - usize::from(op >= 0x22),
            0x25 | 0x26 | 0xd2 => OP,
            0x28..=0x3e => {
                // An alignment with bit 6 set would be followed by a memory index (multi-memory,
                // not enabled): refused rather than misread.
                if io.leb(OP)? & 0x40 != 0 {
                    return Err(Error::Data);
                }
                if op <= 0x35 { LOAD_OFFSET } else { STORE_OFFSET }
            }
            0x3f | 0x40 | 0xd0 => {
                io.byte(OP)?;
                continue;
            }
            0x41 => I32,
            0x42 => I64,
            0x43 => {
                io.bytes(F32, 4)?;
                continue;
            }
            0x44 => {
                io.bytes(F64, 8)?;
                continue;
            }
            0xfc => {
                match io.leb(OP)? {
                    0..=7 => {}
                    8 => {
                        io.leb(OP)?;
                        io.byte(OP)?;
                    }
                    9 | 13 | 15..=17 => {
                        io.leb(OP)?;
                    }
                    10 => {
                        io.bytes(OP, 2)?;
                    }
                    11 => {
                        io.byte(OP)?;
                    }
                    12 | 14 => {
                        io.leb(OP)?;
                        io.leb(OP)?;
                    }
                    _ => return Err(Error::Data),
                }
                continue;
            }
            _ => return Err(Error::Data),
        };
        io.leb(operand)?;
    }
}

/// Reads a LEB128 number of at most `max` bytes from `bytes` at `at`: its length in bytes
/// and its low 32 bits.
///
/// # Errors
///
/// [`Error::Data`] for bytes that end, or run past `max`, inside the number.
pub fn read_leb(bytes: &[u8], at: usize, max: usize) -> Result<(usize, u32), Error> {
    let mut value = 0u32;
    for i in 0..max {
        let byte = *bytes.get(at + i).ok_or(Error::Data)?;
        if i < 5 {
            value |= u32::from(byte & 0x7f).wrapping_shl(7 * i as u32);
        }
        if byte & 0x80 == 0 {
            return Ok((i + 1, value));
        }
    }
    Err(Error::Data)
}

/// Writes `value` as unsigned LEB128 at `out[at..]`; returns its length.
fn write_leb(out: &mut [u8], at: usize, mut value: u32) -> Result<usize, Error> {
    let mut i = 0;
    loop {
        let slot = out.get_mut(at + i).ok_or(Error::Size)?;
        let low = (value & 0x7f) as u8;
        value >>= 7;
        i += 1;
        if value == 0 {
            *slot = low;
            return Ok(i);
        }
        *slot = low | 0x80;
    }
}

/// The joining walk: each stream a cursor into the split section, the body written to `out`
/// (or, while `write` is off, only measured).
struct Joining<'a> {
    section: &'a [u8],
    /// Each stream's next byte and end, as offsets into `section`.
    next: [usize; SLOTS],
    end: [usize; SLOTS],
    out: &'a mut [u8],
    at: usize,
    write: bool,
}

impl Io for Joining<'_> {
    fn bytes(&mut self, stream: usize, count: usize) -> Result<u8, Error> {
        // Every stream number is below `SLOTS`, a power of two: masked, the index needs no
        // bounds check and links no panic message.
        let stream = stream % SLOTS;
        let from = self.next[stream];
        if self.end[stream] - from < count {
            return Err(Error::Data);
        }
        self.next[stream] = from + count;
        let bytes = self.section.get(from..from + count).ok_or(Error::Data)?;
        if self.write {
            copy(self.out.get_mut(self.at..self.at + count).ok_or(Error::Size)?, bytes);
        }
        self.at += count;
        Ok(bytes.first().copied().unwrap_or(0))
    }

    // The walk's most frequent step (every opcode, every byte of a number): kept to one check
    // of each side.
    #[inline(always)]
    fn byte(&mut self, stream: usize) -> Result<u8, Error> {
        let stream = stream % SLOTS;
        let from = self.next[stream];
        if from >= self.end[stream] {
            return Err(Error::Data);
        }
        let byte = *self.section.get(from).ok_or(Error::Data)?;
        self.next[stream] = from + 1;
        if self.write {
            *self.out.get_mut(self.at).ok_or(Error::Size)? = byte;
        }
        self.at += 1;
        Ok(byte)
    }
}

/// Copies `from` into `to`, of the same length: `copy_from_slice` without its panic on a
/// length mismatch, whose message would link number formatting into the decoder.
fn copy(to: &mut [u8], from: &[u8]) {
    for (to, from) in to.iter_mut().zip(from) {
        *to = *from;
    }
}

/// The length of `value` as unsigned LEB128.
fn leb_len(value: usize) -> usize {
    let mut len = 1;
    while value >> (7 * len) != 0 {
        len += 1;
    }
    len
}

/// Joins a split code section's contents (after its id and size) into a code section of
/// `total` bytes, id and size included, at the start of `out` (the rest of the module's
/// buffer). The total is known before: it is what the module's length leaves for it.
///
/// # Errors
///
/// [`Error::Data`] for a section that does not walk as function bodies using up every stream
/// exactly, or does not come out at `total` bytes; [`Error::Size`] for an `out` too short.
pub fn join_code(section: &[u8], out: &mut [u8], total: usize) -> Result<(), Error> {
    let (mut at, functions) = read_leb(section, 0, 5)?;
    let mut end = [0; SLOTS];
    for slot in end.iter_mut().take(STREAMS) {
        let (len, value) = read_leb(section, at, 5)?;
        at += len;
        *slot = value as usize;
    }
    let mut next = [0; SLOTS];
    for s in 0..STREAMS {
        next[s] = at;
        at = at.checked_add(end[s]).filter(|&a| a <= section.len()).ok_or(Error::Data)?;
        end[s] = at;
    }
    if at != section.len() {
        return Err(Error::Data);
    }
    let contents = (1..=5).map(|n| total.wrapping_sub(1 + n)).find(|&c| leb_len(c) + 1 + c == total);
    let contents = contents.ok_or(Error::Data)?;
    *out.first_mut().ok_or(Error::Size)? = CODE;
    let header = 1 + write_leb(out, 1, contents as u32)?;
    let mut joining = Joining { section, next, end, out, at: header, write: true };
    joining.at += write_leb(joining.out, joining.at, functions)?;
    // A body's size goes before it and is known only after it. Where the buffer has room past
    // the section (the data section follows the code in these modules), each body is written
    // after a gap of the longest size and moved down over what the gap did not need, which
    // writes at most four bytes past the section; otherwise each body is walked twice, first
    // only measured, then written after its size.
    const GAP: usize = 5;
    let room = joining.out.len() >= total + GAP - 1;
    for _ in 0..functions {
        let (next, size_at) = (joining.next, joining.at);
        if room {
            joining.at += GAP;
            walk(&mut joining)?;
            let body = size_at + GAP..joining.at;
            let len = write_leb(joining.out, size_at, (body.end - body.start) as u32)?;
            // Moved down by a forward copy (`copy_within` would link number formatting through
            // its panic messages).
            for i in body.clone() {
                let byte = *joining.out.get(i).ok_or(Error::Size)?;
                *joining.out.get_mut(i - (GAP - len)).ok_or(Error::Size)? = byte;
            }
            joining.at = body.end - (GAP - len);
            continue;
        }
        joining.write = false;
        walk(&mut joining)?;
        let size = joining.at - size_at;
        (joining.next, joining.write) = (next, true);
        joining.at = size_at + write_leb(joining.out, size_at, size as u32)?;
        walk(&mut joining)?;
    }
    if joining.next != joining.end || joining.at != total {
        return Err(Error::Data);
    }
    Ok(())
}

/// Reads a section header at `bytes[at..]`: the id, where the contents start and end.
fn section_at(bytes: &[u8], at: usize) -> Result<(u8, usize, usize), Error> {
    let id = *bytes.get(at).ok_or(Error::Data)?;
    let (len, size) = read_leb(bytes, at + 1, 5)?;
    let start = at + 1 + len;
    let end = start.checked_add(size as usize).filter(|&e| e <= bytes.len()).ok_or(Error::Data)?;
    Ok((id, start, end))
}

/// The module a split module stands for, written to `out`; returns its length.
///
/// # Errors
///
/// As [`join_code`], and [`Error::Data`] for bytes that are not a sequence of sections.
pub fn join(split: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    let mut joiner = Joiner { scan: 0, section_end: 0, emitted: 0 };
    let reached = joiner.step(split, split.len(), out, out.len())?;
    if joiner.scan != split.len() {
        return Err(Error::Data);
    }
    Ok(reached)
}

/// Where the joining of a split module stands: the next byte of the split module to look at,
/// the end of the section it is in (equal to it between sections), and how much of the module
/// is written.
struct Joiner {
    scan: usize,
    section_end: usize,
    emitted: usize,
}

/// The wasm preamble: magic and version.
const PREAMBLE: usize = 8;
/// What the joiner waits for before reading a section's header (at most six bytes) or the
/// preamble.
const HEADER: usize = 8;

impl Joiner {
    /// Writes to `out` what the first `decoded` bytes of the split module give, until at least
    /// `until` bytes of the module are written or nothing more can be; returns how many are.
    /// A section other than code is copied as far as it is decoded; the code section is joined
    /// once it is decoded whole. Asks for more through its return: if the result is below
    /// `until`, `decoded` must grow (to [`Joiner::wants`]) before the next call.
    fn step(&mut self, split: &[u8], decoded: usize, out: &mut [u8], until: usize) -> Result<usize, Error> {
        while self.emitted < until {
            if self.scan < self.section_end {
                let to = self.section_end.min(decoded);
                if to == self.scan {
                    break;
                }
                let len = to - self.scan;
                let from = split.get(self.scan..to).ok_or(Error::Data)?;
                copy(out.get_mut(self.emitted..self.emitted + len).ok_or(Error::Size)?, from);
                (self.scan, self.emitted) = (to, self.emitted + len);
                continue;
            }
            if self.scan == split.len() {
                break;
            }
            if self.scan == 0 {
                if decoded < PREAMBLE {
                    break;
                }
                if split.get(..4) != Some(b"\0asm") {
                    return Err(Error::Data);
                }
                self.section_end = PREAMBLE;
                continue;
            }
            // Wait for a whole header (or the end).
            if decoded < split.len().min(self.scan + HEADER) {
                break;
            }
            let (id, start, end) = section_at(split, self.scan)?;
            if id != CODE {
                self.section_end = end;
                continue;
            }
            if decoded < end {
                break;
            }
            // What the module's length leaves for the joined section, the sections after it
            // being copied as they are.
            let len = out.len().checked_sub(self.emitted + (split.len() - end)).ok_or(Error::Size)?;
            let to = out.get_mut(self.emitted..).ok_or(Error::Size)?;
            join_code(split.get(start..end).ok_or(Error::Data)?, to, len)?;
            (self.scan, self.section_end, self.emitted) = (end, end, self.emitted + len);
        }
        Ok(self.emitted)
    }

    /// How many bytes of the split module the next [`Joiner::step`] needs decoded to go on.
    fn wants(&self, split_len: usize) -> usize {
        if self.scan < self.section_end {
            return self.scan + 1;
        }
        split_len.min(self.scan + HEADER)
    }
}

/// A packed module's length as its first four bytes state it.
#[must_use]
pub fn module_len(packed: &[u8]) -> Option<usize> {
    let bytes: [u8; 4] = packed.get(..4)?.try_into().ok()?;
    usize::try_from(u32::from_le_bytes(bytes)).ok().filter(|&n| n < (1 << 31))
}

/// Unpacking a packed module a step at a time: LZMA into a buffer for the split module (`split`,
/// after a preset dictionary if there is one), and the module joined from it into `out`, so that
/// its sections can be handed on as they are ready. The input and both buffers are passed to
/// every call, the same each time.
pub struct Unpacker {
    decoder: Decoder,
    /// Where the split module starts in the LZMA output (after the preset dictionary).
    start: usize,
    /// How much of the LZMA output is decoded.
    decoded: usize,
    joiner: Joiner,
}

impl Unpacker {
    /// Reads the headers of `packed` for a split buffer of `split_len` bytes, the first `start`
    /// of them a preset dictionary already in place (0 for none).
    ///
    /// # Errors
    ///
    /// As [`Decoder::after`], and [`Error::TooShort`] for no length.
    pub fn new(packed: &[u8], split_len: usize, start: usize) -> Result<Unpacker, Error> {
        let lzma = packed.get(4..).ok_or(Error::TooShort)?;
        let decoder = Decoder::after(lzma, split_len, start)?;
        Ok(Unpacker { decoder, start, decoded: start, joiner: Joiner { scan: 0, section_end: 0, emitted: 0 } })
    }

    /// Unpacks on until at least `until` bytes of the module are in `out`, or all of them;
    /// returns how many are. `out` must be the module's length ([`module_len`]).
    ///
    /// # Errors
    ///
    /// An [`Error`] for damaged input, or a module that does not come out at `out`'s length.
    pub fn run(&mut self, packed: &[u8], split: &mut [u8], out: &mut [u8], until: usize) -> Result<usize, Error> {
        let lzma = packed.get(4..).ok_or(Error::TooShort)?;
        let until = until.min(out.len());
        loop {
            let module = split.get(self.start..).ok_or(Error::Size)?;
            let reached = self.joiner.step(module, self.decoded - self.start, out, until)?;
            if reached >= until {
                if reached == out.len() && self.joiner.scan != module.len() {
                    return Err(Error::Size);
                }
                return Ok(reached);
            }
            if self.decoded == split.len() {
                // Everything is decoded and the module is still short of its length.
                return Err(Error::Size);
            }
            let wants = self.start + self.joiner.wants(split.len() - self.start);
            // Decode in steps of at least 16 KB, so that a long section costs few calls.
            self.decoded = self.decoder.run(lzma, split, wants.max(self.decoded + (16 << 10)))?;
        }
    }
}

/// Unpacks a whole packed module into `out`, which must be its length, through `split`, whose
/// first `start` bytes are the preset dictionary the module was packed against (0 for none).
///
/// # Errors
///
/// As [`Unpacker::run`].
pub fn unpack(packed: &[u8], split: &mut [u8], out: &mut [u8], start: usize) -> Result<(), Error> {
    let mut unpacker = Unpacker::new(packed, split.len(), start)?;
    unpacker.run(packed, split, out, out.len()).map(|_| ())
}

#[cfg(not(target_arch = "wasm32"))]
mod splitting {
    use super::{CODE, Error, Io, PREAMBLE, STREAMS, read_leb, section_at, walk};

    /// The splitting walk: the body read in order, each operand appended to its stream.
    struct Splitting<'a> {
        body: &'a [u8],
        at: usize,
        streams: [Vec<u8>; STREAMS],
    }

    impl Io for Splitting<'_> {
        fn bytes(&mut self, stream: usize, count: usize) -> Result<u8, Error> {
            let bytes = self.body.get(self.at..self.at + count).ok_or(Error::Data)?;
            self.streams[stream].extend_from_slice(bytes);
            self.at += count;
            Ok(bytes.first().copied().unwrap_or(0))
        }
    }

    /// Appends `value` as unsigned LEB128 (the xtask's rewriting of import names writes with it too).
    pub fn put_leb(out: &mut Vec<u8>, mut value: usize) {
        loop {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                out.push(low);
                return;
            }
            out.push(low | 0x80);
        }
    }

    /// The split form of `module` (see the module's documentation).
    ///
    /// # Errors
    ///
    /// [`Error::Data`] for bytes that are not a wasm module of sections, or a body with an
    /// instruction the walk does not know or that does not end where its size says.
    pub fn split(module: &[u8]) -> Result<Vec<u8>, Error> {
        if module.get(..4) != Some(b"\0asm") || module.len() < PREAMBLE {
            return Err(Error::Data);
        }
        let mut out = module[..PREAMBLE].to_vec();
        let mut at = PREAMBLE;
        while at < module.len() {
            let (id, start, end) = section_at(module, at)?;
            if id != CODE {
                out.extend_from_slice(&module[at..end]);
                at = end;
                continue;
            }
            let (mut p, functions) = read_leb(module, start, 5)?;
            p += start;
            let mut walking = Splitting { body: &[], at: 0, streams: Default::default() };
            for _ in 0..functions {
                let (len, size) = read_leb(module, p, 5)?;
                p += len;
                let body = module.get(p..p + size as usize).ok_or(Error::Data)?;
                (walking.body, walking.at) = (body, 0);
                walk(&mut walking)?;
                if walking.at != body.len() {
                    return Err(Error::Data);
                }
                p += body.len();
            }
            if p != end {
                return Err(Error::Data);
            }
            let mut contents = Vec::new();
            put_leb(&mut contents, functions as usize);
            for stream in &walking.streams {
                put_leb(&mut contents, stream.len());
            }
            for stream in &walking.streams {
                contents.extend_from_slice(stream);
            }
            out.push(CODE);
            put_leb(&mut out, contents.len());
            out.extend_from_slice(&contents);
            at = end;
        }
        Ok(out)
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use splitting::{put_leb, split};
