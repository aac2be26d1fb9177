//! The decoder against an independent encoder (lzma-rust2, a port of XZ for Java): exact round
//! trips over the settings the xtask uses and others, and every kind of damaged input refused
//! without a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use partnerscope_unlzma::{Error, HEADER_LEN, decode, unpacked_size};
use proptest::prelude::*;

fn encode(data: &[u8], preset: u32, lc: u32, lp: u32, pb: u32) -> Vec<u8> {
    use std::io::Write;
    let mut options = lzma_rust2::LzmaOptions::with_preset(preset);
    (options.lc, options.lp, options.pb) = (lc, lp, pb);
    options.dict_size = 1 << 16;
    let mut writer = lzma_rust2::LzmaWriter::new_use_header(Vec::new(), &options, Some(data.len() as u64)).unwrap();
    writer.write_all(data).unwrap();
    writer.finish().unwrap()
}

fn unpack(packed: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = vec![0; unpacked_size(packed).ok_or(Error::Size)?];
    decode(packed, &mut out).map(|()| out)
}

/// Text with long repeats, runs, and a stretch of pseudo-random bytes: literals, matches, reps
/// and long distances all occur.
fn sample(len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut x = 0x2545_f491_u32;
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        match x % 4 {
            0 => out.extend_from_slice(b"the partnership is healthy when power is transparent; "),
            1 => out.extend(std::iter::repeat_n((x >> 8) as u8, (x % 40) as usize)),
            2 => out.extend((0..(x % 300)).map(|i| (x >> (i % 24)) as u8)),
            _ => {
                let back = out.len().min((x >> 4) as usize % 5000);
                let start = out.len() - back;
                let copy: Vec<u8> = out[start..start + back.min(64)].to_vec();
                out.extend(copy);
            }
        }
    }
    out.truncate(len);
    out
}

#[test]
fn round_trips_at_every_setting_the_build_might_use() {
    let data = sample(200_000);
    for (preset, lc, lp, pb) in [(9, 3, 0, 0), (9, 3, 0, 2), (6, 0, 0, 0), (1, 4, 0, 4), (9, 2, 2, 1), (0, 0, 4, 0)] {
        let packed = encode(&data, preset, lc, lp, pb);
        assert!(packed.len() < data.len(), "setting {preset} {lc} {lp} {pb} did not compress");
        assert_eq!(unpack(&packed).unwrap(), data, "setting {preset} {lc} {lp} {pb}");
    }
}

#[test]
fn round_trips_empty_and_tiny_inputs() {
    for data in [&b""[..], b"a", b"ab", b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"] {
        assert_eq!(unpack(&encode(data, 9, 3, 0, 0)).unwrap(), data);
    }
}

#[test]
fn refuses_truncated_input_at_every_length() {
    let data = sample(5_000);
    let packed = encode(&data, 9, 3, 0, 0);
    for cut in 0..packed.len() {
        let mut out = vec![0; data.len()];
        let result = decode(&packed[..cut], &mut out);
        assert!(result.is_err(), "accepted a stream cut to {cut} of {} bytes", packed.len());
    }
}

#[test]
fn refuses_bad_headers() {
    let data = sample(1_000);
    let packed = encode(&data, 9, 3, 0, 0);
    let mut out = vec![0; data.len()];

    let mut bad = packed.clone();
    bad[0] = 225;
    assert_eq!(decode(&bad, &mut out), Err(Error::Properties));
    bad[0] = 4 + 9; // lc 4, lp 1: over the supported table
    assert_eq!(decode(&bad, &mut out), Err(Error::Properties));

    let mut unknown_size = packed.clone();
    unknown_size[5..HEADER_LEN].fill(0xff);
    assert_eq!(unpacked_size(&unknown_size), None);
    assert_eq!(decode(&unknown_size, &mut out), Err(Error::Size));

    assert_eq!(decode(&packed, &mut vec![0; data.len() + 1]), Err(Error::Size));

    let mut start = packed.clone();
    start[HEADER_LEN] = 1;
    assert_eq!(decode(&start, &mut out), Err(Error::Start));
    assert_eq!(decode(&packed[..HEADER_LEN + 2], &mut out), Err(Error::TooShort));
}

#[test]
fn a_flipped_bit_is_refused_or_changes_the_output_without_panicking() {
    // LZMA has no checksum: some damage decodes to other bytes. The loader's integrity comes
    // from the wasm validation that follows; here the point is that nothing panics or hangs.
    let data = sample(20_000);
    let packed = encode(&data, 9, 3, 0, 0);
    let mut refused = 0;
    for at in (HEADER_LEN..packed.len()).step_by(7) {
        let mut bad = packed.clone();
        bad[at] ^= 1 << (at % 8);
        let mut out = vec![0; data.len()];
        if decode(&bad, &mut out).is_err() {
            refused += 1;
        }
    }
    assert!(refused > 0, "no flipped bit was ever detected");
}

proptest! {
    #[test]
    fn round_trips_arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..4000), pb in 0u32..3) {
        prop_assert_eq!(unpack(&encode(&data, 6, 3, 0, pb)).unwrap(), data);
    }

    #[test]
    fn arbitrary_input_never_panics(input in proptest::collection::vec(any::<u8>(), 0..600), len in 0usize..3000) {
        let mut out = vec![0; len];
        let _ = decode(&input, &mut out);
    }
}

proptest! {
    #[test]
    fn random_bodies_behind_a_valid_header_never_panic(
        body in proptest::collection::vec(any::<u8>(), 5..2000),
        len in 0usize..5000,
    ) {
        let mut input = vec![3, 0, 0, 1, 0];
        input.extend_from_slice(&(len as u64).to_le_bytes());
        input.push(0);
        input.extend_from_slice(&body);
        let mut out = vec![0; len];
        let _ = decode(&input, &mut out);
    }
}

/// Decoding in steps (what the loaders do to hand the streaming compiler what is unpacked so
/// far) gives the same bytes as decoding at once, wherever the steps end, and refuses the same
/// damage.
#[test]
fn decoding_in_steps_equals_decoding_at_once() {
    use partnerscope_unlzma::Decoder;
    let data = sample(120_000);
    let packed = encode(&data, 9, 3, 0, 0);
    for step in [1, 7, 300, 4096, 65_536, 200_000] {
        let mut out = vec![0; data.len()];
        let mut decoder = Decoder::new(&packed, out.len()).unwrap();
        let mut reached = 0;
        let mut calls = 0;
        while reached < out.len() {
            let next = decoder.run(&packed, &mut out, reached + step).unwrap();
            assert!(
                next >= (reached + step).min(out.len()) && next <= (reached + step + 273).min(out.len()),
                "step {step}"
            );
            reached = next;
            calls += 1;
        }
        assert_eq!(out, data, "step {step}");
        assert!(calls >= data.len() / (step + 273), "step {step}: {calls} calls");
    }
    let cut = &packed[..packed.len() - 40];
    let mut out = vec![0; data.len()];
    let mut decoder = Decoder::new(cut, out.len()).unwrap();
    let mut result = Ok(0);
    while let Ok(reached) = result {
        if reached == out.len() {
            break;
        }
        result = decoder.run(cut, &mut out, reached + 1000);
    }
    assert!(matches!(result, Err(Error::Truncated | Error::Data)), "{result:?}");
}

/// `data` packed with `dictionary` as the encoder's preset dictionary, with the header the
/// xtask writes for such a stream (`util::lzma_after`): the size stated is `data`'s alone.
fn encode_after(data: &[u8], dictionary: &[u8], lp: u32, pb: u32) -> Vec<u8> {
    use std::io::Write;
    let mut options = lzma_rust2::LzmaOptions::with_preset(9);
    (options.lc, options.lp, options.pb) = (3, lp, pb);
    options.dict_size = u32::try_from((dictionary.len() + data.len()).next_power_of_two()).unwrap();
    options.preset_dict = Some(dictionary.to_vec());
    let mut packed = vec![options.get_props()];
    packed.extend_from_slice(&options.dict_size.to_le_bytes());
    packed.extend_from_slice(&(data.len() as u64).to_le_bytes());
    let mut writer = lzma_rust2::LzmaWriter::new_no_header(packed, &options, false).unwrap();
    writer.write_all(data).unwrap();
    writer.finish().unwrap()
}

/// The studio's wasm is packed against the survey's (they share the core and Yew): the
/// dictionary's bytes are the output buffer's first, matches reach into them, and a decoding
/// in steps gives the same bytes.
#[test]
fn a_stream_packed_against_a_dictionary_round_trips_and_is_smaller() {
    use partnerscope_unlzma::{Decoder, decode_after};
    let dictionary = sample(150_000);
    // Much of it repeats the dictionary, from its start and its end, with new bytes between.
    let mut data = dictionary[..40_000].to_vec();
    data.extend(sample(30_000).iter().map(|b| b ^ 0x5a));
    data.extend_from_slice(&dictionary[110_000..]);
    let packed = encode_after(&data, &dictionary, 0, 0);
    let alone = encode(&data, 9, 3, 0, 0);
    assert!(packed.len() * 2 < alone.len(), "{} against {} without the dictionary", packed.len(), alone.len());
    assert_eq!(unpacked_size(&packed), Some(data.len()));
    let mut out = dictionary.clone();
    out.resize(dictionary.len() + data.len(), 0);
    decode_after(&packed, &mut out, dictionary.len()).unwrap();
    assert_eq!(&out[..dictionary.len()], &dictionary[..], "the dictionary is left as it was");
    assert_eq!(&out[dictionary.len()..], &data[..]);
    // In steps, as the loader feeds the streaming compiler; positions count the dictionary.
    let mut stepped = dictionary.clone();
    stepped.resize(out.len(), 0);
    let mut decoder = Decoder::after(&packed, stepped.len(), dictionary.len()).unwrap();
    let mut reached = dictionary.len();
    while reached < stepped.len() {
        reached = decoder.run(&packed, &mut stepped, reached + 65_536).unwrap();
    }
    assert_eq!(stepped, out);
}

#[test]
fn a_dictionary_stream_with_the_wrong_dictionary_or_size_is_refused_or_differs_without_panicking() {
    use partnerscope_unlzma::{Decoder, decode_after};
    let dictionary = sample(20_000);
    let data: Vec<u8> = dictionary.iter().rev().copied().chain(dictionary[..5000].iter().copied()).collect();
    let packed = encode_after(&data, &dictionary, 0, 0);
    // Without its dictionary (or with a shorter one) a match reaches before the output's start.
    let mut out = vec![0; data.len()];
    assert_eq!(decode_after(&packed, &mut out, 0), Err(Error::Data));
    let mut short = dictionary[..100].to_vec();
    short.resize(100 + data.len(), 0);
    assert_eq!(decode_after(&packed, &mut short, 100), Err(Error::Data));
    // Another dictionary of the same length decodes to other bytes, never a panic.
    let mut other: Vec<u8> = dictionary.iter().map(|b| b.wrapping_add(1)).collect();
    other.resize(dictionary.len() + data.len(), 0);
    if decode_after(&packed, &mut other, dictionary.len()).is_ok() {
        assert_ne!(&other[dictionary.len()..], &data[..]);
    }
    // The size the header states is the output's after the dictionary, exactly.
    let mut wrong = dictionary.clone();
    wrong.resize(dictionary.len() + data.len() + 1, 0);
    assert_eq!(decode_after(&packed, &mut wrong, dictionary.len()), Err(Error::Size));
    assert!(matches!(Decoder::after(&packed, 10, 11), Err(Error::Size)));
}

/// Position bits with a dictionary are refused: where positions are counted from would change
/// their contexts, and the xtask writes none.
#[test]
fn a_dictionary_stream_with_position_bits_is_refused() {
    use partnerscope_unlzma::decode_after;
    let dictionary = sample(30_001);
    let data = sample(5_000);
    for (lp, pb) in [(0, 2), (1, 0)] {
        let packed = encode_after(&data, &dictionary, lp, pb);
        let mut out = dictionary.clone();
        out.resize(dictionary.len() + data.len(), 0);
        assert_eq!(decode_after(&packed, &mut out, dictionary.len()), Err(Error::Properties), "lp {lp} pb {pb}");
    }
}
