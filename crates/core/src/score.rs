//! Scoring one response. Every formula here is written out in `docs/scoring.md`.
//!
//! Scoring cannot fail: it takes a validated [`Instrument`] and a checked [`Sheet`], whose
//! indices and values are already known to be in range.

use crate::instrument::{BandDoc, Instrument, ItemKind, Mode};
use crate::response::{Answer, Sheet};
use crate::text::{rounded, settle, units};

/// Decimals a mean is shown with, everywhere. Every decision about a mean (its band, a stage
/// met, the weakest and strongest, a balance, a flagged gap or change) is taken on the mean as
/// shown, so the number and the verdict beside it always agree. Totals (`sum` mode) are shown,
/// and banded, as whole numbers.
pub const SHOWN_DECIMALS: u32 = 2;

/// A mean as shown: settled against floating-point noise and rounded to [`SHOWN_DECIMALS`],
/// halves away from zero.
pub fn shown(value: f64) -> f64 {
    rounded(value, SHOWN_DECIMALS)
}

/// The score of one dimension for one response.
#[derive(Clone, Debug, PartialEq)]
pub struct DimensionScore {
    /// Scored items answered on the scale.
    pub answered: u32,
    /// Scored items answered "not applicable".
    pub not_applicable: u32,
    /// Scored items left blank.
    pub unanswered: u32,
    /// The (weighted) mean on the native scale, or `None` for "not enough answers".
    pub mean: Option<f64>,
    /// In `sum` mode, the prorated total of the dimension (`mean` times the items' total weight).
    pub sum: Option<f64>,
    /// `mean` as a 0-100 index.
    pub index: Option<f64>,
    /// Index of the band `mean` falls in, among [`Instrument::dimension_bands`].
    pub band: Option<usize>,
}

/// The overall result.
#[derive(Clone, Debug, PartialEq)]
pub struct Overall {
    /// The overall score on its native scale: a mean in `mean`/`stage` mode, a total in `sum` mode,
    /// after any balance penalty.
    pub score: f64,
    /// The score before the balance penalty.
    pub unpenalised: f64,
    /// 0-100 index of `score`.
    pub index: f64,
    /// Index into `scoring.bands` (mean/stage) or `scoring.total_bands` (sum).
    pub band: usize,
}

/// The balance verdict over the balance rule's dimensions.
#[derive(Clone, Debug, PartialEq)]
pub struct Balance {
    /// Highest minus lowest mean among the balanced dimensions.
    pub spread: f64,
    /// Mean absolute deviation of those means from their own mean.
    pub deviation: f64,
    /// How much the overall was lowered (`penalty * deviation`, in overall units).
    pub penalty: f64,
    /// False when `spread` reaches the rule's tolerance.
    pub balanced: bool,
    /// The weakest and strongest of the balanced dimensions (dimension indices).
    pub weakest: usize,
    pub strongest: usize,
}

/// Whether one stage's conditions hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageStatus {
    Met,
    NotMet,
    /// Some of its dimensions have "not enough answers".
    Unknown,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StagePlacement {
    /// One status per stage, in order.
    pub stages: Vec<StageStatus>,
    /// The furthest stage reached: every stage up to and including it is met. `None` when the
    /// first stage is not met.
    pub reached: Option<usize>,
}

/// One recommendation chosen for this response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Advice {
    pub dimension: usize,
    /// Index into the dimension's `recommendations`.
    pub recommendation: usize,
    /// True when the recommendation was chosen because of a context answer.
    pub contextual: bool,
}

/// Everything computed for one response.
#[derive(Clone, Debug, PartialEq)]
pub struct Scores {
    pub dimensions: Vec<DimensionScore>,
    pub overall: Option<Overall>,
    pub balance: Option<Balance>,
    /// When the instrument has a balance rule that could not be assessed (one of its dimensions
    /// has no mean, so no penalty was applied): that dimension. Said to the reader, never silent.
    pub balance_missing: Option<usize>,
    pub stage: Option<StagePlacement>,
    /// The highest and lowest scored dimensions (the first on ties); `None` with fewer than two
    /// scored dimensions or when all scored dimensions are equal.
    pub strongest: Option<usize>,
    pub weakest: Option<usize>,
    /// Weakest dimensions first; contextual advice before general advice for the same dimension.
    pub advice: Vec<Advice>,
}

/// Index of the band `value` falls in: the last band whose `from` is at or below it as shown
/// (see [`shown`]).
pub fn band_of(bands: &[BandDoc], value: f64) -> usize {
    let value = shown(value);
    bands.iter().rposition(|b| b.from <= value).unwrap_or(0)
}

/// Whether `answered` of a dimension's `scored` items are enough to give it a score: at least one,
/// and at least the instrument's minimum share. The one definition of "not enough answers".
pub fn enough_answers(answered: usize, scored: usize, min_share: f64) -> bool {
    answered > 0 && settle(answered as f64 / scored.max(1) as f64) >= min_share
}

/// The weighted mean of the dimension means that have a value, provided those dimensions carry
/// at least `min_share` of the total weight: the overall score before any balance penalty in
/// `mean` and `stage` mode. Shared by [`combine`] and the group report's fast path.
pub fn weighted_mean(weights: impl Iterator<Item = f64>, means: &[Option<f64>], min_share: f64) -> Option<f64> {
    let (mut weighted, mut weight, mut all_weight) = (0.0, 0.0, 0.0);
    for (w, mean) in weights.zip(means) {
        all_weight += w;
        if let Some(m) = mean {
            weighted += w * m;
            weight += w;
        }
    }
    (weight > 0.0 && settle(weight / all_weight) >= min_share).then(|| weighted / weight)
}

/// Converts a native-scale value into the 0-100 index.
pub fn to_index(value: f64, lo: f64, hi: f64) -> f64 {
    if hi > lo { ((value - lo) / (hi - lo) * 100.0).clamp(0.0, 100.0) } else { 0.0 }
}

/// The value an answer contributes after reverse-coding (`min + max - x` for reverse-worded items).
pub fn coded_value(instrument: &Instrument, item_idx: usize, value: i32) -> i32 {
    if instrument.item(item_idx).reverse { instrument.scale_min() + instrument.scale_max() - value } else { value }
}

/// Scores dimension `dim` from an answer slice in instrument order.
pub fn score_dimension(instrument: &Instrument, dim: usize, answers: &[Option<Answer>]) -> DimensionScore {
    let (mut answered, mut not_applicable, mut unanswered) = (0u32, 0u32, 0u32);
    let (mut weighted, mut weight) = (0.0f64, 0.0f64);
    let mut scored_items = 0u32;
    for idx in instrument.dimension_items(dim) {
        let item = instrument.item(idx);
        if item.kind != ItemKind::Scale {
            continue;
        }
        scored_items += 1;
        match answers.get(idx).copied().flatten() {
            Some(Answer::Value(v)) => {
                answered += 1;
                weighted += item.weight * f64::from(coded_value(instrument, idx, v));
                weight += item.weight;
            }
            Some(Answer::NotApplicable) => not_applicable += 1,
            None => unanswered += 1,
        }
    }
    let enough = enough_answers(answered as usize, scored_items as usize, instrument.doc().min_answered_share);
    let mean = enough.then(|| weighted / weight);
    let (lo, hi) = (f64::from(instrument.scale_min()), f64::from(instrument.scale_max()));
    DimensionScore {
        answered,
        not_applicable,
        unanswered,
        mean,
        sum: match instrument.mode() {
            Mode::Sum => mean.map(|m| m * instrument.dimension_weight_total(dim)),
            _ => None,
        },
        index: mean.map(|m| to_index(m, lo, hi)),
        band: mean.map(|m| band_of(instrument.dimension_bands(dim), m)),
    }
}

/// Scores one response.
// Never inlined: the widget calls it from two places, and each inlined copy is 4.6 KB of wasm.
#[inline(never)]
pub fn score(instrument: &Instrument, sheet: &Sheet) -> Scores {
    let doc = instrument.doc();
    let dimensions: Vec<DimensionScore> =
        (0..doc.dimensions.len()).map(|d| score_dimension(instrument, d, &sheet.answers)).collect();
    let means: Vec<Option<f64>> = dimensions.iter().map(|d| d.mean).collect();
    let verdicts = verdicts(instrument, &means, Some(sheet));
    Scores {
        dimensions,
        overall: verdicts.overall,
        balance: verdicts.balance,
        balance_missing: verdicts.balance_missing,
        stage: verdicts.stage,
        strongest: verdicts.strongest,
        weakest: verdicts.weakest,
        advice: verdicts.advice,
    }
}

/// What follows from a set of dimension means: the overall score, the balance verdict, the stage
/// reached, the strongest and weakest dimensions and the recommendations. The same for one
/// response ([`score`]) and for a group's means in a report.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdicts {
    pub overall: Option<Overall>,
    pub balance: Option<Balance>,
    /// See [`Scores::balance_missing`].
    pub balance_missing: Option<usize>,
    pub stage: Option<StagePlacement>,
    pub strongest: Option<usize>,
    pub weakest: Option<usize>,
    /// Weakest dimensions first; with `sheet`, contextual advice before general advice.
    pub advice: Vec<Advice>,
}

/// The [`Verdicts`] of `means` (`None` = not enough answers). `sheet` gives the context answers
/// that choose contextual advice; a group has none.
pub fn verdicts(instrument: &Instrument, means: &[Option<f64>], sheet: Option<&Sheet>) -> Verdicts {
    let doc = instrument.doc();
    let (overall, balance) = combine(instrument, means);

    let stage = (doc.scoring.mode == Mode::Stage).then(|| {
        let stages: Vec<StageStatus> = doc
            .scoring
            .stages
            .iter()
            .map(|stage| {
                let mut status = StageStatus::Met;
                for id in &stage.dimensions {
                    let d = doc.dimensions.iter().position(|x| &x.id == id).unwrap_or(0);
                    match means[d] {
                        Some(m) if shown(m) >= stage.threshold => {}
                        Some(_) => return StageStatus::NotMet,
                        None => status = StageStatus::Unknown,
                    }
                }
                status
            })
            .collect();
        let met = stages.iter().take_while(|s| **s == StageStatus::Met).count();
        StagePlacement { stages, reached: met.checked_sub(1) }
    });

    // Ordered by the means as shown, compared as whole hundredths: two means both shown as 3.00
    // are a tie, and so are 0 and -0.0033, both shown as 0.00 (there is no negative zero).
    let mut scored: Vec<(usize, f64, i64)> =
        means.iter().enumerate().filter_map(|(d, m)| m.map(|m| (d, shown(m), units(m, SHOWN_DECIMALS)))).collect();
    // Stable (ties keep instrument order, so the result is deterministic). An insertion sort: at
    // most 64 dimensions, and the standard stable sort costs about 4 KB of wasm.
    for i in 1..scored.len() {
        let mut j = i;
        while j > 0 && scored[j - 1].2 > scored[j].2 {
            scored.swap(j - 1, j);
            j -= 1;
        }
    }
    let (strongest, weakest) = match (scored.first(), scored.last()) {
        (Some(low), Some(high)) if high.2 > low.2 => {
            // The first dimension (in instrument order) with the highest score.
            let top = scored.iter().filter(|s| s.2 == high.2).map(|s| s.0).min().unwrap_or(high.0);
            (Some(top), Some(low.0))
        }
        _ => (None, None),
    };

    let mut advice = Vec::new();
    for &(d, mean, _) in &scored {
        let band = band_of(instrument.dimension_bands(d), mean);
        let band_id = &instrument.dimension_bands(d)[band].id;
        let dim = &doc.dimensions[d];
        let matching = |contextual: bool| {
            dim.recommendations.iter().enumerate().filter(move |(_, r)| {
                r.bands.iter().any(|b| b == band_id)
                    && match (&r.when, sheet) {
                        (None, _) => !contextual,
                        (Some(when), Some(sheet)) => {
                            contextual && context_matches(instrument, sheet, &when.question, &when.options)
                        }
                        (Some(_), None) => false,
                    }
            })
        };
        for (r, _) in matching(true) {
            advice.push(Advice { dimension: d, recommendation: r, contextual: true });
        }
        for (r, _) in matching(false) {
            advice.push(Advice { dimension: d, recommendation: r, contextual: false });
        }
    }
    let balance_missing = doc
        .balance
        .as_ref()
        .and_then(|_| instrument.balance_dimensions().iter().copied().find(|&d| means[d].is_none()));
    Verdicts { overall, balance, balance_missing, stage, strongest, weakest, advice }
}

/// The overall score and the balance verdict from the dimension means (`None` = not enough
/// answers). Shared by one-response scoring and group aggregation so both use one formula.
pub fn combine(instrument: &Instrument, means: &[Option<f64>]) -> (Option<Overall>, Option<Balance>) {
    let doc = instrument.doc();
    let (lo, hi) = (f64::from(instrument.scale_min()), f64::from(instrument.scale_max()));

    // No allocation here: group aggregation calls this once per response.
    let balance = doc.balance.as_ref().and_then(|rule| {
        let ids = instrument.balance_dimensions();
        if ids.iter().any(|&d| means[d].is_none()) {
            return None;
        }
        // The deviation is worked out from the means themselves: rounding is for what is shown
        // and decided, never for an intermediate quantity (in `sum` mode an error of 0.005
        // would be multiplied by the total weight).
        let mean = |k: usize| means[ids[k]].unwrap_or(0.0);
        let count = ids.len() as f64;
        let centre = (0..ids.len()).map(mean).sum::<f64>() / count;
        let deviation = (0..ids.len()).map(|k| (mean(k) - centre).abs()).sum::<f64>() / count;
        // The weakest and strongest sides and the spread are what a reader sees: decided on the
        // means as shown, in whole hundredths, so the spread is exactly the difference of the
        // two numbers on the screen.
        let hundredths = |k: usize| units(mean(k), SHOWN_DECIMALS);
        let (mut weakest, mut strongest) = (0, 0);
        for k in 0..ids.len() {
            if hundredths(k) < hundredths(weakest) {
                weakest = k;
            }
            if hundredths(k) > hundredths(strongest) {
                strongest = k;
            }
        }
        let spread = (hundredths(strongest) - hundredths(weakest)) as f64 / 10f64.powi(SHOWN_DECIMALS as i32);
        // In `sum` mode the penalty is in total units: times the items' total weight, which is
        // positive on every scale (a negative or zero `max` must not turn it into a bonus).
        let units = match doc.scoring.mode {
            Mode::Sum => instrument.scored_weight(),
            _ => 1.0,
        };
        Some(Balance {
            spread,
            // Settled for the reader; the penalty is worked out from the unsettled deviation.
            deviation: settle(deviation),
            penalty: settle(rule.penalty * deviation * units),
            balanced: spread < rule.tolerance,
            weakest: ids[weakest],
            strongest: ids[strongest],
        })
    });
    let penalty = balance.as_ref().map_or(0.0, |b| b.penalty);

    let overall = match doc.scoring.mode {
        Mode::Mean | Mode::Stage => {
            weighted_mean(doc.dimensions.iter().map(|d| d.weight), means, doc.min_answered_share).map(|unpenalised| {
                let score = settle(unpenalised - penalty).max(lo);
                Overall { score, unpenalised, index: to_index(score, lo, hi), band: band_of(&doc.scoring.bands, score) }
            })
        }
        Mode::Sum => {
            let sums: Option<Vec<f64>> =
                means.iter().enumerate().map(|(d, m)| m.map(|m| m * instrument.dimension_weight_total(d))).collect();
            sums.map(|sums| {
                let (tlo, thi) = instrument.total_range();
                let unpenalised: f64 = sums.iter().sum();
                let score = settle(unpenalised - penalty).max(tlo);
                Overall {
                    score,
                    unpenalised,
                    index: to_index(score, tlo, thi),
                    // Banded as shown: a whole number.
                    band: band_of(&doc.scoring.total_bands, rounded(score, 0)),
                }
            })
        }
    };
    (overall, balance)
}

fn context_matches(instrument: &Instrument, sheet: &Sheet, question: &str, options: &[String]) -> bool {
    let doc = instrument.doc();
    let Some(q) = doc.context.iter().position(|c| c.id == question) else {
        return false;
    };
    match sheet.context.get(q).copied().flatten() {
        Some(o) => options.iter().any(|id| *id == doc.context[q].options[o].id),
        None => false,
    }
}

impl Scores {
    /// These scores as a JSON object, for a host page (the `partnerscope-complete` event) and for
    /// anyone scripting against the core. Dimensions, bands and stages are named by their ids;
    /// a dimension with too few answers has `"mean": null`.
    ///
    /// ```text
    /// {"overall": {"score", "unpenalised", "index", "band"} | null,
    ///  "dimensions": [{"id", "mean", "index", "band", "answered", "notApplicable", "unanswered"}],
    ///  "strongest": id | null, "weakest": id | null,
    ///  "balance": {"balanced", "spread", "deviation", "penalty", "weakest", "strongest"}   (if the instrument has a balance rule and it could be assessed)
    ///           | {"assessed": false, "missing": id}   (a balanced dimension has too few answers: no penalty)
    ///  "stage": {"reached": id | null, "stages": [{"id", "status": "met" | "not-met" | "unknown"}]}   (stage mode)}
    /// ```
    // Long because it writes the members in the order the documentation above lists them.
    pub fn to_json(&self, instrument: &Instrument) -> String {
        use crate::json_write::Object;
        let doc = instrument.doc();
        let dim_id = |d: usize| doc.dimensions[d].id.as_str();
        let mut out = Object::new();
        match &self.overall {
            Some(o) => {
                let bands = if doc.scoring.mode == Mode::Sum { &doc.scoring.total_bands } else { &doc.scoring.bands };
                let mut overall = Object::new();
                overall
                    .num("score", o.score, 6)
                    .num("unpenalised", o.unpenalised, 6)
                    .num("index", o.index, 6)
                    .str("band", &bands[o.band].id);
                out.raw("overall", &overall.finish())
            }
            None => out.null("overall"),
        };
        out.raws(
            "dimensions",
            self.dimensions.iter().enumerate().map(|(d, s)| {
                let mut dim = Object::new();
                dim.str("id", dim_id(d));
                match s.mean {
                    Some(m) => dim.num("mean", m, 6),
                    None => dim.null("mean"),
                };
                match s.index {
                    Some(i) => dim.num("index", i, 6),
                    None => dim.null("index"),
                };
                match s.band {
                    Some(b) => dim.str("band", &instrument.dimension_bands(d)[b].id),
                    None => dim.null("band"),
                };
                dim.uint("answered", u64::from(s.answered))
                    .uint("notApplicable", u64::from(s.not_applicable))
                    .uint("unanswered", u64::from(s.unanswered));
                dim.finish()
            }),
        );
        for (key, d) in [("strongest", self.strongest), ("weakest", self.weakest)] {
            match d {
                Some(d) => out.str(key, dim_id(d)),
                None => out.null(key),
            };
        }
        if let Some(b) = &self.balance {
            let mut balance = Object::new();
            balance
                .bool("balanced", b.balanced)
                .num("spread", b.spread, 6)
                .num("deviation", b.deviation, 6)
                .num("penalty", b.penalty, 6)
                .str("weakest", dim_id(b.weakest))
                .str("strongest", dim_id(b.strongest));
            out.raw("balance", &balance.finish());
        } else if let Some(d) = self.balance_missing {
            let mut balance = Object::new();
            balance.bool("assessed", false).str("missing", dim_id(d));
            out.raw("balance", &balance.finish());
        }
        if let Some(stage) = &self.stage {
            let mut placement = Object::new();
            match stage.reached {
                Some(k) => placement.str("reached", &doc.scoring.stages[k].id),
                None => placement.null("reached"),
            };
            placement.raws(
                "stages",
                stage.stages.iter().enumerate().map(|(k, status)| {
                    let mut one = Object::new();
                    one.str("id", &doc.scoring.stages[k].id).str(
                        "status",
                        match status {
                            StageStatus::Met => "met",
                            StageStatus::NotMet => "not-met",
                            StageStatus::Unknown => "unknown",
                        },
                    );
                    one.finish()
                }),
            );
            out.raw("stage", &placement.finish());
        }
        out.finish()
    }
}
