//! The split form of a module's code section and the unpacker: every instruction the walk knows
//! round-trips byte for byte, in one call and in steps of any size, with and without a preset
//! dictionary; damaged, hostile and cut input is refused without a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use partnerscope_unlzma::Error;
use partnerscope_unlzma::module::{Unpacker, join, module_len, put_leb, split, unpack};
use proptest::prelude::*;

fn leb(out: &mut Vec<u8>, value: u64) {
    put_leb(out, value as usize);
}

fn sleb(out: &mut Vec<u8>, mut value: i64) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if (value == 0 && low & 0x40 == 0) || (value == -1 && low & 0x40 != 0) {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// A small deterministic generator, so that the bodies below cover every instruction kind.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One instruction (with nested blocks) of every kind the walk knows, chosen by `rng`.
fn instruction(rng: &mut Rng, body: &mut Vec<u8>, depth: u32) {
    match rng.below(24) {
        0 => body.push([0x00, 0x01, 0x0f, 0x1a, 0x1b, 0x45, 0x6a, 0xa7, 0xc4, 0xd1][rng.below(10) as usize]),
        1 if depth < 6 => {
            body.push(0x02 + rng.below(3) as u8);
            let kind = body.len() - 1;
            match rng.below(3) {
                0 => body.push(0x40),
                1 => body.push(0x7f),
                _ => sleb(body, rng.below(300) as i64),
            }
            for _ in 0..rng.below(4) {
                instruction(rng, body, depth + 1);
            }
            if body[kind] == 0x04 && rng.below(2) == 0 {
                body.push(0x05);
                instruction(rng, body, depth + 1);
            }
            body.push(0x0b);
        }
        2 => {
            body.push(0x0c + rng.below(2) as u8);
            leb(body, rng.below(8));
        }
        3 => {
            body.push(0x0e);
            let n = rng.below(5);
            leb(body, n);
            for _ in 0..=n {
                leb(body, rng.below(200));
            }
        }
        4 => {
            body.push(0x10);
            leb(body, rng.below(5000));
        }
        5 => {
            body.push(0x11);
            leb(body, rng.below(90));
            leb(body, 0);
        }
        6 => {
            body.push(0x1c);
            body.push(1);
            body.push(0x7e);
        }
        7 => {
            body.push(0x20 + rng.below(5) as u8);
            leb(body, rng.below(400));
        }
        8 => {
            body.push([0x25, 0x26, 0xd2][rng.below(3) as usize]);
            leb(body, rng.below(40));
        }
        9 => {
            body.push(0x28 + rng.below(23) as u8);
            leb(body, rng.below(4));
            leb(body, rng.below(70_000));
        }
        10 => {
            body.push(0x3f + rng.below(2) as u8);
            body.push(0);
        }
        11 => {
            body.push(0x41);
            sleb(body, rng.next() as i32 as i64 >> rng.below(31));
        }
        12 => {
            body.push(0x42);
            sleb(body, rng.next() as i64 >> rng.below(63));
        }
        13 => {
            body.push(0x43);
            body.extend_from_slice(&(rng.next() as u32).to_le_bytes());
        }
        14 => {
            body.push(0x44);
            body.extend_from_slice(&rng.next().to_le_bytes());
        }
        15 => {
            body.push(0xd0);
            body.push(0x70);
        }
        16 => {
            body.push(0xfc);
            let sub = rng.below(18);
            leb(body, sub);
            match sub {
                8 => {
                    leb(body, rng.below(3));
                    body.push(0);
                }
                9 | 13 | 15..=17 => leb(body, rng.below(3)),
                10 => body.extend_from_slice(&[0, 0]),
                11 => body.push(0),
                12 | 14 => {
                    leb(body, rng.below(3));
                    leb(body, rng.below(3));
                }
                _ => {}
            }
        }
        _ => {
            body.push(0x20);
            leb(body, rng.below(6));
        }
    }
}

fn section(out: &mut Vec<u8>, id: u8, contents: &[u8]) {
    out.push(id);
    leb(out, contents.len() as u64);
    out.extend_from_slice(contents);
}

/// A module of `functions` generated bodies between a type section and a data section.
fn module(seed: u64, functions: usize) -> Vec<u8> {
    let mut rng = Rng(seed | 1);
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    section(&mut out, 1, &[1, 0x60, 0, 0]);
    let mut code = Vec::new();
    leb(&mut code, functions as u64);
    for _ in 0..functions {
        let mut body = Vec::new();
        let groups = rng.below(3);
        leb(&mut body, groups);
        for _ in 0..groups {
            leb(&mut body, rng.below(300));
            body.push(0x7f - rng.below(4) as u8);
        }
        for _ in 0..rng.below(40) {
            instruction(&mut rng, &mut body, 0);
        }
        body.push(0x0b);
        leb(&mut code, body.len() as u64);
        code.extend_from_slice(&body);
    }
    section(&mut out, 10, &code);
    let data: Vec<u8> = (0..rng.below(3000)).map(|i| (i * 7 % 251) as u8).collect();
    section(&mut out, 11, &data);
    out
}

/// The module packed as the xtask packs it: its length, then the split module as `.lzma`.
fn pack(module: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let split = split(module).unwrap();
    let mut options = lzma_rust2::LzmaOptions::with_preset(6);
    (options.lc, options.lp, options.pb) = (3, 0, 0);
    let mut packed = (module.len() as u32).to_le_bytes().to_vec();
    let mut writer = lzma_rust2::LzmaWriter::new_use_header(Vec::new(), &options, Some(split.len() as u64)).unwrap();
    writer.write_all(&split).unwrap();
    packed.extend(writer.finish().unwrap());
    packed
}

fn split_len(packed: &[u8]) -> usize {
    partnerscope_unlzma::unpacked_size(&packed[4..]).unwrap()
}

#[test]
fn every_instruction_kind_round_trips_through_the_split_form() {
    for seed in 1..40 {
        let module = module(seed, (seed as usize * 7) % 60);
        let split = split(&module).unwrap();
        assert_ne!(split, module, "seed {seed}: the code section is rearranged");
        let mut out = vec![0; module.len()];
        assert_eq!(join(&split, &mut out), Ok(module.len()), "seed {seed}");
        assert_eq!(out, module, "seed {seed}");
    }
}

/// The joiner writes each body after a gap when the buffer has room past the code section
/// (the data section after it), and walks each body twice when the code section ends the
/// module: both give the module.
#[test]
fn a_module_ending_with_its_code_section_round_trips() {
    for seed in 1..20 {
        let mut module = module(seed, 30);
        // Cut the data section off (the generator puts it last): the code section ends the module.
        let code_end = {
            let mut at = 8;
            let mut last_code_end = 0;
            while at < module.len() {
                let id = module[at];
                let (mut size, mut shift, mut p) = (0usize, 0, at + 1);
                loop {
                    let b = module[p];
                    size |= usize::from(b & 0x7f) << shift;
                    shift += 7;
                    p += 1;
                    if b & 0x80 == 0 {
                        break;
                    }
                }
                at = p + size;
                if id == 10 {
                    last_code_end = at;
                }
            }
            last_code_end
        };
        module.truncate(code_end);
        let mut out = vec![0; module.len()];
        assert_eq!(join(&split(&module).unwrap(), &mut out), Ok(module.len()), "seed {seed}");
        assert_eq!(out, module, "seed {seed}");
    }
}

#[test]
fn a_packed_module_unpacks_whole_and_in_steps_of_any_size() {
    let module = module(7, 400);
    let packed = pack(&module);
    assert_eq!(module_len(&packed), Some(module.len()));
    let mut split = vec![0; split_len(&packed)];
    let mut out = vec![0; module.len()];
    unpack(&packed, &mut split, &mut out, 0).unwrap();
    assert_eq!(out, module);
    for step in [1, 9, 1000, 65_536, 1 << 30] {
        let mut split = vec![0; split.len()];
        let mut out = vec![0; module.len()];
        let mut unpacker = Unpacker::new(&packed, split.len(), 0).unwrap();
        let mut reached = 0;
        while reached < out.len() {
            let next = unpacker.run(&packed, &mut split, &mut out, reached + step).unwrap();
            assert!(next >= (reached + step).min(out.len()) || next > reached, "step {step}: stuck at {reached}");
            reached = next;
        }
        assert_eq!(out, module, "step {step}");
    }
}

#[test]
fn a_module_packed_after_a_dictionary_unpacks_after_it() {
    use std::io::Write;
    let dictionary = split(&module(3, 200)).unwrap();
    let module = module(4, 150);
    let split_form = split(&module).unwrap();
    let mut options = lzma_rust2::LzmaOptions::with_preset(9);
    (options.lc, options.lp, options.pb) = (3, 0, 0);
    options.dict_size = 1 << 20;
    options.preset_dict = Some(dictionary.clone());
    let mut packed = (module.len() as u32).to_le_bytes().to_vec();
    packed.push(options.get_props());
    packed.extend_from_slice(&options.dict_size.to_le_bytes());
    packed.extend_from_slice(&(split_form.len() as u64).to_le_bytes());
    let mut writer = lzma_rust2::LzmaWriter::new_no_header(packed, &options, false).unwrap();
    writer.write_all(&split_form).unwrap();
    let packed = writer.finish().unwrap();
    let mut buffer = dictionary.clone();
    buffer.resize(dictionary.len() + split_form.len(), 0);
    let mut out = vec![0; module.len()];
    let mut unpacker = Unpacker::new(&packed, buffer.len(), dictionary.len()).unwrap();
    assert_eq!(unpacker.run(&packed, &mut buffer, &mut out, usize::MAX), Ok(module.len()));
    assert_eq!(out, module);
}

#[test]
fn modules_the_walk_does_not_know_are_refused_when_packed() {
    // Not a module; a section running past the end; an unknown opcode (0xfd, SIMD); a memory
    // index after an alignment (multi-memory); a body longer than its instructions.
    assert_eq!(split(b"not wasm"), Err(Error::Data));
    let mut cut = module(5, 10);
    cut.truncate(cut.len() - 1);
    assert_eq!(split(&cut), Err(Error::Data));
    for body in [&[0u8, 0xfd, 0x0c, 0x0b][..], &[0, 0x28, 0x40, 0, 0, 0x0b], &[0, 0x01, 0x0b, 0x01]] {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let mut code = vec![1, body.len() as u8];
        code.extend_from_slice(body);
        section(&mut wasm, 10, &code);
        assert_eq!(split(&wasm), Err(Error::Data), "{body:?}");
    }
}

#[test]
fn a_cut_or_overlong_packed_module_is_refused() {
    let module = module(11, 120);
    let packed = pack(&module);
    for len in [0, 3, 4, 10, 20, packed.len() / 2, packed.len() - 1] {
        let cut = &packed[..len];
        let result = Unpacker::new(cut, split_len(&packed), 0).and_then(|mut u| {
            let mut split = vec![0; split_len(&packed)];
            let mut out = vec![0; module.len()];
            u.run(cut, &mut split, &mut out, usize::MAX)
        });
        assert!(result.is_err(), "cut to {len}: {result:?}");
    }
    // A module length that is not the module's, either way.
    for wrong in [module.len() - 1, module.len() + 1, module.len() * 2] {
        let mut split = vec![0; split_len(&packed)];
        let mut out = vec![0; wrong];
        assert!(unpack(&packed, &mut split, &mut out, 0).is_err(), "length {wrong}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any bytes, and any split module with one byte changed, are joined or refused; never a
    /// panic, and never more bytes than the buffer holds.
    #[test]
    fn hostile_split_modules_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), seed in 1u64..1000, at in any::<usize>(), to in any::<u8>()) {
        let mut out = vec![0; 4096];
        let _ = join(&bytes, &mut out);
        let mut with_magic = b"\0asm\x01\0\0\0\x0a".to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = join(&with_magic, &mut out);
        let mut damaged = split(&module(seed, 8)).unwrap();
        let i = at % damaged.len();
        damaged[i] = to;
        let mut small = vec![0; 64];
        let _ = join(&damaged, &mut small);
        let _ = join(&damaged, &mut out);
    }

    #[test]
    fn generated_modules_round_trip(seed in 1u64..u64::MAX, functions in 0usize..80) {
        let module = module(seed, functions);
        let mut out = vec![0; module.len()];
        prop_assert_eq!(join(&split(&module).unwrap(), &mut out), Ok(module.len()));
        prop_assert_eq!(out, module);
    }
}
