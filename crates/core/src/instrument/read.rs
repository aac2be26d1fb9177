//! Reading the schema from JSON with `crate::json`'s `FromJson` readers, every problem at its
//! path. Defaults are those documented in `docs/scoring.md` (see `schema.rs`); every member not
//! read here is reported as unknown by `Obj::finish`.

use crate::map::Map;

use super::schema::{
    BalanceDoc, BandDoc, ContextCondition, ContextDoc, DEFAULT_ANONYMITY_K, DEFAULT_GAP_THRESHOLD,
    DEFAULT_MIN_ANSWERED_SHARE, DEFAULT_PENALTY, DEFAULT_TOLERANCE, DEFAULT_WEIGHT, DimensionDoc, GroupDoc,
    InstrumentDoc, ItemDoc, ItemKind, Mode, OptionDoc, RecommendationDoc, ScaleDoc, ScoringDoc, StageDoc, Tone,
};
use crate::json::{FromJson, Reader, Value, one_of};
use crate::text::Text;

/// What the document wrote where the schema's type cannot hold it: the messages of `check.rs`
/// name the value as written.
pub(super) struct AsWritten {
    /// `anonymity_k`, read as a number and checked with its real range in validation (the reader
    /// for `u32` would name the range of a `u32`, which is no help).
    pub(super) anonymity_k: f64,
}

impl AsWritten {
    /// A document built in code wrote exactly what it holds.
    pub(super) fn of(doc: &InstrumentDoc) -> AsWritten {
        AsWritten { anonymity_k: f64::from(doc.anonymity_k) }
    }
}

/// Reads a whole instrument document (the root of the JSON), with what it wrote as written.
pub(super) fn document(r: &mut Reader, value: &Value<'_>) -> (InstrumentDoc, AsWritten) {
    let mut as_written = AsWritten { anonymity_k: f64::from(DEFAULT_ANONYMITY_K) };
    let doc = r.fields(value, "", |o, r| InstrumentDoc {
        schema: o.req(r, "schema"),
        id: o.req(r, "id"),
        version: o.req(r, "version"),
        locales: o.req(r, "locales"),
        title: o.req(r, "title"),
        description: o.or(r, "description", Text::default()),
        audience: o.or(r, "audience", Text::default()),
        scale: o.or(r, "scale", ScaleDoc::default()),
        groups: o.or(r, "groups", Vec::new()),
        context: o.or(r, "context", Vec::new()),
        scoring: o.req(r, "scoring"),
        min_answered_share: o.or(r, "min_answered_share", DEFAULT_MIN_ANSWERED_SHARE),
        // Fields are read in the order written here, so problems are listed in document order.
        anonymity_k: {
            let k = o.or(r, "anonymity_k", as_written.anonymity_k);
            as_written.anonymity_k = k;
            // Not a whole `u32`: 0, which validation refuses, naming `k` as written.
            if k.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&k) { k as u32 } else { 0 }
        },
        comment_k: o.opt(r, "comment_k"),
        gap_threshold: o.or(r, "gap_threshold", DEFAULT_GAP_THRESHOLD),
        balance: o.opt(r, "balance"),
        dimensions: o.req(r, "dimensions"),
        interface: o.or(r, "interface", Map::new()),
    });
    (doc, as_written)
}

impl FromJson for ScaleDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| ScaleDoc {
            min: o.req(r, "min"),
            max: o.req(r, "max"),
            labels: o.or(r, "labels", Map::new()),
            not_applicable: o.or(r, "not_applicable", Text::default()),
        })
    }
}

impl FromJson for GroupDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| GroupDoc {
            id: o.req(r, "id"),
            label: o.req(r, "label"),
            name: o.or(r, "name", Text::default()),
        })
    }
}

impl FromJson for ContextDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| ContextDoc {
            id: o.req(r, "id"),
            label: o.req(r, "label"),
            options: o.req(r, "options"),
        })
    }
}

impl FromJson for OptionDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| OptionDoc { id: o.req(r, "id"), label: o.req(r, "label") })
    }
}

impl FromJson for Mode {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        one_of(r, value, path, &[("mean", Mode::Mean), ("sum", Mode::Sum), ("stage", Mode::Stage)])
    }
}

impl FromJson for Tone {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        one_of(
            r,
            value,
            path,
            &[("concern", Tone::Concern), ("borderline", Tone::Borderline), ("strength", Tone::Strength)],
        )
    }
}

impl FromJson for ItemKind {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        one_of(r, value, path, &[("scale", ItemKind::Scale), ("comment", ItemKind::Comment)])
    }
}

impl FromJson for ScoringDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| ScoringDoc {
            mode: o.req(r, "mode"),
            bands: o.req(r, "bands"),
            total_bands: o.or(r, "total_bands", Vec::new()),
            stages: o.or(r, "stages", Vec::new()),
        })
    }
}

impl FromJson for BandDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        let mut o = r.object(value, path);
        let band =
            BandDoc { id: o.req(r, "id"), from: o.req(r, "from"), label: o.req(r, "label"), tone: o.req(r, "tone") };
        o.finish(r);
        band
    }
}

impl FromJson for StageDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| StageDoc {
            id: o.req(r, "id"),
            title: o.req(r, "title"),
            description: o.or(r, "description", Text::default()),
            dimensions: o.req(r, "dimensions"),
            threshold: o.req(r, "threshold"),
        })
    }
}

impl FromJson for BalanceDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| BalanceDoc {
            dimensions: o.req(r, "dimensions"),
            penalty: o.or(r, "penalty", DEFAULT_PENALTY),
            tolerance: o.or(r, "tolerance", DEFAULT_TOLERANCE),
            advice: o.or(r, "advice", Text::default()),
        })
    }
}

impl FromJson for DimensionDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| DimensionDoc {
            id: o.req(r, "id"),
            title: o.req(r, "title"),
            description: o.or(r, "description", Text::default()),
            weight: o.or(r, "weight", DEFAULT_WEIGHT),
            source: o.opt(r, "source"),
            bands: o.opt(r, "bands"),
            items: o.req(r, "items"),
            recommendations: o.or(r, "recommendations", Vec::new()),
        })
    }
}

impl FromJson for ItemDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| ItemDoc {
            id: o.req(r, "id"),
            text: o.req(r, "text"),
            group_text: o.or(r, "group_text", Map::new()),
            kind: o.or(r, "kind", ItemKind::Scale),
            reverse: o.or(r, "reverse", false),
            weight: o.or(r, "weight", DEFAULT_WEIGHT),
            not_applicable: o.or(r, "not_applicable", true),
            required: o.or(r, "required", true),
        })
    }
}

impl FromJson for RecommendationDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| RecommendationDoc {
            bands: o.req(r, "bands"),
            when: o.opt(r, "when"),
            text: o.req(r, "text"),
        })
    }
}

impl FromJson for ContextCondition {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| ContextCondition { question: o.req(r, "question"), options: o.req(r, "options") })
    }
}
