use partnerscope_core::aggregate::{self, Figure, Segment, Withheld};
use partnerscope_core::builtin;
#[test]
fn scratch() {
    for id in ["health-check", "fit-for-partnering"] {
        let inst = builtin::all().into_iter().find(|i| i.id() == id).unwrap();
        for n in [12usize, 20, 40, 100, 1000, 100_000] {
            let sheets = partnerscope_core::synth::sheets(&inst, n, 42);
            let t = std::time::Instant::now();
            let report = aggregate::aggregate(&inst, &sheets);
            let el = t.elapsed();
            let mut tally = std::collections::BTreeMap::new();
            for seg in report.segments() {
                let Ok(f) = seg.figures() else {
                    *tally.entry(format!("{:?} segment", seg.segment())).or_insert(0) += 1;
                    continue;
                };
                for d in 0..f.dimension_count() {
                    if let Some(w) = f.why_withheld(Figure::Dimension(d)) {
                        *tally.entry(format!("dim {w:?}")).or_insert(0) += 1;
                    } else if let Some(w) = f.why_withheld(Figure::Consistency(d)) {
                        *tally.entry(format!("cons {w:?}")).or_insert(0) += 1;
                    }
                }
                for i in 0..inst.item_count() {
                    if let Some(Err(w)) = f.item(i) {
                        *tally.entry(format!("item {w:?}")).or_insert(0) += 1;
                    }
                }
                if f.overall().is_err() {
                    *tally.entry("overall".to_string()).or_insert(0) += 1;
                }
            }
            println!("{id} n={n} groups={} items={} {:?} {:?}", inst.doc().groups.len(), inst.item_count(), el, tally);
        }
    }
}
