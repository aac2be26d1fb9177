//! Deterministic synthetic responses for benchmarks and load tests. Pure: the caller passes the
//! seed, and the same seed always gives the same responses.

use crate::instrument::{Instrument, ItemKind};
use crate::response::{Answer, Sheet};

/// A small xorshift generator; good enough to spread answers, and it needs no dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `count` plausible responses: each respondent has a leaning, answers scatter around it, about
/// one answer in twenty is "not applicable" where allowed, and groups rotate.
pub fn sheets(instrument: &Instrument, count: usize, seed: u64) -> Vec<Sheet> {
    let mut rng = XorShift(seed | 1);
    let (min, max) = (instrument.scale_min(), instrument.scale_max());
    let groups = instrument.doc().groups.len();
    (0..count)
        .map(|n| {
            let mut s = Sheet::empty(instrument, &format!("s{n:x}"), "en");
            s.group = (groups > 0).then(|| n % groups);
            let leaning = min + (rng.next() % (max - min + 1) as u64) as i32;
            for i in 0..instrument.item_count() {
                let item = instrument.item(i);
                if item.kind != ItemKind::Scale {
                    continue;
                }
                let roll = rng.next();
                s.answers[i] = if item.not_applicable && roll.is_multiple_of(20) {
                    Some(Answer::NotApplicable)
                } else {
                    let step = (roll >> 8) % 3;
                    Some(Answer::Value((leaning + step as i32 - 1).clamp(min, max)))
                };
            }
            s
        })
        .collect()
}

/// The same responses as JSON lines.
pub fn json_lines(instrument: &Instrument, count: usize, seed: u64) -> String {
    let mut out = String::new();
    for sheet in sheets(instrument, count, seed) {
        out.push_str(&sheet.to_response(instrument).to_json());
        out.push('\n');
    }
    out
}
