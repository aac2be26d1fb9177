//! The little of the zip format an .xlsx workbook needs, read and written by hand.
//!
//! Reading starts from the end-of-central-directory record and trusts only the central
//! directory for names, methods and sizes, so a data descriptor after an entry changes nothing.
//! Entries are stored or deflated (inflated by `miniz_oxide`'s decoder into a buffer of exactly
//! the listed size, so a part can never grow past what was checked); each is checked against its
//! CRC-32. Refused, each with a plain message: encryption, zip64, archives split over several
//! disks, other compression methods, sizes past [`PART_LIMIT`] or, all parts together,
//! [`WORKBOOK_LIMIT`], and every offset or length that points outside the file.
//!
//! Writing makes a stored zip (no compression: the studio's workbooks are a few kilobytes):
//! a local header and the bytes of each part, then the central directory, the way Excel,
//! LibreOffice and openpyxl expect it.
//!
//! This replaced calamine and the `zip` crate (with zlib-rs, zopfli, quick-xml and encoding_rs),
//! about 300 KB of the studio file's gzip; the measurements are in `docs/instruments.md`.

use partnerscope_core::code::crc32;

/// The most one part may hold once inflated. A real XLSForm's largest part is well under a
/// megabyte; this leaves room for a sheet of a hundred thousand rows and keeps a zip bomb from
/// taking the tab's memory.
pub(super) const PART_LIMIT: usize = 32 << 20;
/// The most all the parts read from one workbook may hold together, inflated.
pub(super) const WORKBOOK_LIMIT: usize = 64 << 20;
/// More entries than any workbook has; a central directory claiming more is refused before
/// anything is allocated for them.
const ENTRY_LIMIT: usize = 10_000;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    bytes.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    bytes.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// One entry as the central directory lists it.
struct Entry {
    name: String,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    local: u32,
}

/// A zip archive's directory over its bytes, and what has been inflated from it so far.
pub(super) struct Archive<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
    /// Where the central directory starts: no entry's data may reach past it.
    directory: usize,
    inflated: usize,
    /// [`PART_LIMIT`] and [`WORKBOOK_LIMIT`]; the tests lower them.
    part_limit: usize,
    workbook_limit: usize,
}

/// A part's name as the archive and the relationships may spell it: `/` separators, no leading
/// `/`, compared without regard to ASCII case (part names in a package are case-insensitive).
fn same_part(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim_start_matches(['/', '\\']).replace('\\', "/");
    norm(a).eq_ignore_ascii_case(&norm(b))
}

const DAMAGED: &str = "the file is damaged or cut short (its zip directory cannot be read)";

impl<'a> Archive<'a> {
    /// Reads the central directory. Nothing is inflated yet.
    pub(super) fn open(bytes: &'a [u8]) -> Result<Archive<'a>, String> {
        // The end record is the last 22 bytes, unless a comment (at most 65,535 bytes) follows it.
        let last = bytes.len().checked_sub(22).ok_or(DAMAGED)?;
        let earliest = last.saturating_sub(0xFFFF);
        let end = (earliest..=last)
            .rev()
            .find(|&at| {
                u32_at(bytes, at) == Some(END_OF_DIRECTORY)
                    && u16_at(bytes, at + 20).is_some_and(|comment| at + 22 + usize::from(comment) <= bytes.len())
            })
            .ok_or(DAMAGED)?;
        let field = |offset: usize| u16_at(bytes, end + offset).ok_or(DAMAGED);
        let (disk, directory_disk, on_disk, total) = (field(4)?, field(6)?, field(8)?, field(10)?);
        let size = u32_at(bytes, end + 12).ok_or(DAMAGED)?;
        let offset = u32_at(bytes, end + 16).ok_or(DAMAGED)?;
        if total == 0xFFFF
            || size == 0xFFFF_FFFF
            || offset == 0xFFFF_FFFF
            || end >= 20 && u32_at(bytes, end - 20) == Some(ZIP64_LOCATOR)
        {
            return Err(
                "it is a zip64 archive, which a workbook never needs; save it again from your spreadsheet program"
                    .into(),
            );
        }
        if disk != 0 || directory_disk != 0 || on_disk != total {
            return Err("it is one part of a zip archive split over several files; join it into one file first".into());
        }
        let (start, size) = (offset as usize, size as usize);
        if start.checked_add(size).is_none_or(|stop| stop > end) || usize::from(total) > ENTRY_LIMIT {
            return Err(DAMAGED.into());
        }
        let mut entries = Vec::with_capacity(usize::from(total).min(size / 46));
        let mut at = start;
        for _ in 0..total {
            if u32_at(bytes, at) != Some(CENTRAL_HEADER) || at + 46 > start + size {
                return Err(DAMAGED.into());
            }
            let word = |offset: usize| u16_at(bytes, at + offset).ok_or(DAMAGED);
            let long = |offset: usize| u32_at(bytes, at + offset).ok_or(DAMAGED);
            let (name_len, extra_len, comment_len) =
                (usize::from(word(28)?), usize::from(word(30)?), usize::from(word(32)?));
            let name = bytes.get(at + 46..at + 46 + name_len).ok_or(DAMAGED)?;
            entries.push(Entry {
                name: String::from_utf8_lossy(name).into_owned(),
                flags: word(8)?,
                method: word(10)?,
                crc: long(16)?,
                compressed: long(20)?,
                size: long(24)?,
                local: long(42)?,
            });
            at += 46 + name_len + extra_len + comment_len;
        }
        if at > start + size {
            return Err(DAMAGED.into());
        }
        Ok(Archive {
            bytes,
            entries,
            directory: start,
            inflated: 0,
            part_limit: PART_LIMIT,
            workbook_limit: WORKBOOK_LIMIT,
        })
    }

    /// The part `name` inflated and checked, or `None` when the archive has no such part.
    pub(super) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(entry) = self.entries.iter().find(|e| same_part(&e.name, name)) else {
            return Ok(None);
        };
        let part = &entry.name;
        if entry.flags & 0x41 != 0 {
            return Err(format!("the part {part} is encrypted; save the workbook again without a password"));
        }
        if entry.size == 0xFFFF_FFFF || entry.compressed == 0xFFFF_FFFF || entry.local == 0xFFFF_FFFF {
            return Err(
                "it is a zip64 archive, which a workbook never needs; save it again from your spreadsheet program"
                    .into(),
            );
        }
        let size = entry.size as usize;
        if size > self.part_limit {
            return Err(format!(
                "the part {part} would be {size} bytes once unpacked, more than the {} bytes a form can need",
                self.part_limit
            ));
        }
        if self.inflated + size > self.workbook_limit {
            return Err(format!(
                "the workbook would be more than {} bytes once unpacked, more than a form can need",
                self.workbook_limit
            ));
        }
        let local = entry.local as usize;
        let damaged = || format!("the part {part} is damaged (its place in the file is wrong)");
        if u32_at(self.bytes, local) != Some(LOCAL_HEADER) {
            return Err(damaged());
        }
        let name_len = usize::from(u16_at(self.bytes, local + 26).ok_or_else(damaged)?);
        let extra_len = usize::from(u16_at(self.bytes, local + 28).ok_or_else(damaged)?);
        let data_start = local + 30 + name_len + extra_len;
        let data = data_start
            .checked_add(entry.compressed as usize)
            .filter(|&stop| stop <= self.directory)
            .and_then(|stop| self.bytes.get(data_start..stop))
            .ok_or_else(damaged)?;
        let out = match entry.method {
            0 if data.len() == size => data.to_vec(),
            0 => return Err(damaged()),
            8 => inflate(data, size).map_err(|why| format!("the part {part} {why}"))?,
            other => {
                return Err(format!(
                    "the part {part} is compressed with method {other}; only stored and deflated parts can be read, so save the workbook again from your spreadsheet program"
                ));
            }
        };
        if crc32(&out) != entry.crc {
            return Err(format!("the part {part} is damaged (its checksum does not match)"));
        }
        self.inflated += size;
        Ok(Some(out))
    }
}

/// A raw deflate stream into exactly `size` bytes: more output than that, or less, is refused,
/// and nothing beyond `size` is ever allocated.
fn inflate(data: &[u8], size: usize) -> Result<Vec<u8>, &'static str> {
    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
    let mut out = vec![0u8; size];
    let mut state = Box::<DecompressorOxide>::default();
    let (status, _, written) =
        decompress(&mut state, data, &mut out, 0, inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF);
    match status {
        TINFLStatus::Done if written == size => Ok(out),
        TINFLStatus::HasMoreOutput => Err("unpacks to more than the size its directory lists (a zip bomb?)"),
        TINFLStatus::Done => Err("unpacks to less than the size its directory lists"),
        _ => Err("is damaged (its compressed data cannot be unpacked)"),
    }
}

/// Parts as a stored zip: local headers with their data, the central directory, its end record.
/// Every entry dated 1980-01-01 00:00, the earliest date zip can say (so the same draft always
/// gives the same bytes).
pub(super) fn write_stored(files: &[(&str, &[u8])]) -> Vec<u8> {
    const VERSION: u16 = 20;
    const DATE: u16 = (1 << 5) | 1;
    let mut out = Vec::new();
    let mut directory = Vec::new();
    let put16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let put32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for (name, data) in files {
        let (crc, len, offset) = (crc32(data), data.len() as u32, out.len() as u32);
        // What the local header and the central directory share, from "version needed" on.
        let mut common = Vec::with_capacity(26);
        put16(&mut common, VERSION);
        put16(&mut common, 0); // flags
        put16(&mut common, 0); // method: stored
        put16(&mut common, 0); // time
        put16(&mut common, DATE);
        put32(&mut common, crc);
        put32(&mut common, len);
        put32(&mut common, len);
        put16(&mut common, name.len() as u16);
        put16(&mut common, 0); // extra field length

        put32(&mut out, LOCAL_HEADER);
        out.extend_from_slice(&common);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        put32(&mut directory, CENTRAL_HEADER);
        put16(&mut directory, VERSION); // made by
        directory.extend_from_slice(&common);
        put16(&mut directory, 0); // comment length
        put16(&mut directory, 0); // disk
        put16(&mut directory, 0); // internal attributes
        put32(&mut directory, 0); // external attributes
        put32(&mut directory, offset);
        directory.extend_from_slice(name.as_bytes());
    }
    let (start, size, count) = (out.len() as u32, directory.len() as u32, files.len() as u16);
    out.extend_from_slice(&directory);
    put32(&mut out, END_OF_DIRECTORY);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, size);
    put32(&mut out, start);
    put16(&mut out, 0);
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// One entry of a test archive: its name, its bytes as stored, the method, the CRC-32 and
    /// size it claims, and the general-purpose flags.
    pub(in super::super) struct Raw<'a> {
        pub name: &'a str,
        pub data: Vec<u8>,
        pub method: u16,
        pub crc: u32,
        pub size: u32,
        pub flags: u16,
    }

    impl<'a> Raw<'a> {
        pub fn stored(name: &'a str, data: &[u8]) -> Raw<'a> {
            Raw { name, data: data.to_vec(), method: 0, crc: crc32(data), size: data.len() as u32, flags: 0 }
        }
        pub fn deflated(name: &'a str, data: &[u8]) -> Raw<'a> {
            let packed = miniz_oxide::deflate::compress_to_vec(data, 9);
            Raw { name, data: packed, method: 8, crc: crc32(data), size: data.len() as u32, flags: 0 }
        }
    }

    /// A zip written independently of `write_stored`: with `descriptor`, the local headers say
    /// nothing of sizes (flag 3, zeros) and a data descriptor follows each entry's data.
    pub(in super::super) fn archive(entries: &[Raw<'_>], descriptor: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut directory = Vec::new();
        for e in entries {
            let offset = out.len() as u32;
            let flags = e.flags | if descriptor { 8 } else { 0 };
            let (crc, compressed, size) = (e.crc, e.data.len() as u32, e.size);
            out.extend_from_slice(&LOCAL_HEADER.to_le_bytes());
            out.extend_from_slice(&20u16.to_le_bytes());
            out.extend_from_slice(&flags.to_le_bytes());
            out.extend_from_slice(&e.method.to_le_bytes());
            out.extend_from_slice(&[0; 4]);
            for value in if descriptor { [0, 0, 0] } else { [crc, compressed, size] } {
                out.extend_from_slice(&value.to_le_bytes());
            }
            out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(e.name.as_bytes());
            out.extend_from_slice(&e.data);
            if descriptor {
                out.extend_from_slice(&0x0807_4b50u32.to_le_bytes());
                for value in [crc, compressed, size] {
                    out.extend_from_slice(&value.to_le_bytes());
                }
            }
            directory.extend_from_slice(&CENTRAL_HEADER.to_le_bytes());
            directory.extend_from_slice(&20u16.to_le_bytes());
            directory.extend_from_slice(&20u16.to_le_bytes());
            directory.extend_from_slice(&flags.to_le_bytes());
            directory.extend_from_slice(&e.method.to_le_bytes());
            directory.extend_from_slice(&[0; 4]);
            for value in [crc, compressed, size] {
                directory.extend_from_slice(&value.to_le_bytes());
            }
            directory.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            directory.extend_from_slice(&[0; 12]);
            directory.extend_from_slice(&offset.to_le_bytes());
            directory.extend_from_slice(e.name.as_bytes());
        }
        let start = out.len() as u32;
        out.extend_from_slice(&directory);
        out.extend_from_slice(&END_OF_DIRECTORY.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    fn read(bytes: &[u8], name: &str) -> Result<Option<Vec<u8>>, String> {
        Archive::open(bytes)?.read(name)
    }

    #[test]
    fn what_we_write_reads_back_and_so_do_deflated_parts_and_data_descriptors() {
        let written = write_stored(&[("a.xml", b"<a/>"), ("xl/b.xml", b""), ("c", &[7; 1000])]);
        assert_eq!(read(&written, "a.xml").unwrap().unwrap(), b"<a/>");
        assert_eq!(read(&written, "/XL/B.xml").unwrap().unwrap(), b"");
        assert_eq!(read(&written, "c").unwrap().unwrap(), vec![7; 1000]);
        assert_eq!(read(&written, "d").unwrap(), None);
        let text = b"<sheet>hello hello hello hello</sheet>".repeat(50);
        for descriptor in [false, true] {
            let bytes =
                archive(&[Raw::deflated("x", &text), Raw::deflated("empty", b""), Raw::stored("y", b"yy")], descriptor);
            assert_eq!(read(&bytes, "x").unwrap().unwrap(), text);
            assert_eq!(read(&bytes, "empty").unwrap().unwrap(), b"");
            assert_eq!(read(&bytes, "y").unwrap().unwrap(), b"yy");
        }
        // A comment after the end record, and bytes before the archive (a self-extractor's stub).
        let mut commented = written.clone();
        let n = commented.len();
        commented[n - 2..].copy_from_slice(&5u16.to_le_bytes());
        commented.extend_from_slice(b"hello");
        assert_eq!(read(&commented, "a.xml").unwrap().unwrap(), b"<a/>");
    }

    #[test]
    fn damaged_archives_are_refused_with_a_plain_reason_and_never_panic() {
        let good = archive(&[Raw::deflated("x", &b"abc".repeat(100)), Raw::stored("y", b"yy")], false);
        // Every cut of the file, and every single byte changed: an error or the right bytes.
        for cut in 0..good.len() {
            let _ = read(&good[..cut], "x");
            assert!(read(&good[..cut], "y").map_or(true, |y| y.is_none_or(|y| y == b"yy")));
        }
        for at in 0..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x55;
            if let Ok(Some(x)) = read(&bad, "x") {
                assert_eq!(x, b"abc".repeat(100), "byte {at}");
            }
        }
        for garbage in [&b""[..], b"PK", b"PK\x05\x06", &[0u8; 100], &[0xFF; 70_000]] {
            assert!(Archive::open(garbage).is_err());
        }
        let end = good.len() - 22;
        let patched = |at: usize, bytes: &[u8]| {
            let mut bad = good.clone();
            bad[at..at + bytes.len()].copy_from_slice(bytes);
            bad
        };
        let err = |bytes: Vec<u8>| read(&bytes, "x").expect_err("refused");
        // The central directory past the end of the file, or its size past it.
        assert!(err(patched(end + 16, &0x00FF_FFFFu32.to_le_bytes())).contains("damaged"));
        assert!(err(patched(end + 12, &0x00FF_FFFFu32.to_le_bytes())).contains("damaged"));
        assert!(err(patched(end + 16, &u32::MAX.to_le_bytes())).contains("zip64"));
        assert!(err(patched(end + 4, &1u16.to_le_bytes())).contains("several files"));
        assert!(err(patched(end + 8, &1u16.to_le_bytes())).contains("several files"));
        // More entries claimed than the directory holds.
        let mut more = patched(end + 8, &[9, 0]);
        more[end + 10..end + 12].copy_from_slice(&[9, 0]);
        assert!(err(more).contains("damaged"));
        // A local header that is not where the directory says.
        let first_local = u32_at(&good, good.len() - 6).unwrap() as usize + 42;
        assert!(err(patched(first_local, &9u32.to_le_bytes())).contains("its place in the file is wrong"));
    }

    #[test]
    fn encryption_other_methods_checksums_and_zip64_entries_are_refused() {
        let entry = |f: fn(&mut Raw<'_>)| {
            let mut raw = Raw::stored("x", b"abc");
            f(&mut raw);
            read(&archive(&[raw], false), "x").expect_err("refused")
        };
        assert!(entry(|r| r.flags = 1).contains("encrypted"));
        assert!(entry(|r| r.method = 12).contains("method 12"));
        assert!(entry(|r| r.crc ^= 1).contains("checksum"));
        assert!(entry(|r| r.size = u32::MAX).contains("zip64"));
        assert!(entry(|r| r.size = 2).contains("damaged"));
        let mut garbage = Raw::stored("x", b"\xFF\xFF\xFF");
        garbage.method = 8;
        assert!(read(&archive(&[garbage], false), "x").unwrap_err().contains("cannot be unpacked"));
    }

    #[test]
    fn zip_bombs_are_refused_before_they_take_the_memory() {
        let zeros = vec![0u8; 10 << 20];
        // Claimed huge: refused from the directory, nothing allocated.
        let mut huge = Raw::deflated("x", &zeros);
        huge.size = 1 << 30;
        assert!(read(&archive(&[huge], false), "x").unwrap_err().contains("would be 1073741824 bytes"));
        // Claimed small: the inflater stops at the claimed size.
        let mut small = Raw::deflated("x", &zeros);
        small.size = 1000;
        assert!(read(&archive(&[small], false), "x").unwrap_err().contains("zip bomb"));
        let mut short = Raw::deflated("x", &zeros[..1000]);
        short.size = 2000;
        assert!(read(&archive(&[short], false), "x").unwrap_err().contains("less than"));
        // Many parts each under the part limit, too much together.
        let names = ["a", "b", "c", "d"];
        let parts: Vec<Raw<'_>> = names.iter().map(|n| Raw::deflated(n, &zeros[..3 << 20])).collect();
        let bytes = archive(&parts, false);
        let mut book = Archive::open(&bytes).unwrap();
        (book.part_limit, book.workbook_limit) = (4 << 20, 10 << 20);
        for name in &names[..3] {
            assert!(book.read(name).unwrap().is_some());
        }
        assert!(book.read("d").unwrap_err().contains("the workbook would be more than"));
    }
}
