//! The action plan a partnership meeting agrees: the dimensions it chose as priorities and, for
//! each, what will be done, by whom and by when. The facilitator writes it beside the group
//! report; it is exported with the report and imported again with the next round's responses,
//! whose report then shows the change in exactly those dimensions.
//!
//! Format (JSON, read with every problem reported at its path):
//!
//! ```text
//! {"partnerscope_plan": 1, "instrument": "health-check", "version": "1.0.0", "round": "2026",
//!  "priorities": [{"dimension": "trust",
//!                  "actions": [{"what": "…", "who": "…", "by": "2027-03-31"}]}]}
//! ```
//!
//! `round` is the round the plan was agreed after; `by` is a date (`YYYY-MM-DD`) or empty.

use crate::diag::Diagnostic;
use crate::instrument::Instrument;
use crate::json::{FromJson, Reader, Value, write_string};

/// The only plan format this build reads.
pub const PLAN_FORMAT: u32 = 1;
/// Longest "what" of one action, in characters.
pub const MAX_WHAT_CHARS: usize = 1_000;
/// Longest "who", in characters.
pub const MAX_WHO_CHARS: usize = 200;
/// Most actions under one priority.
pub const MAX_ACTIONS: usize = 50;

/// One agreed action.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlannedAction {
    pub what: String,
    pub who: String,
    /// `YYYY-MM-DD`, or empty when no date was agreed.
    pub by: String,
}

/// A dimension the meeting chose to work on, with its actions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Priority {
    /// The dimension's id.
    pub dimension: String,
    pub actions: Vec<PlannedAction>,
}

/// The whole plan, for one instrument.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionPlan {
    pub instrument: String,
    pub version: String,
    /// The round the plan was agreed after (its changes are measured from this round).
    pub round: String,
    pub priorities: Vec<Priority>,
}

impl FromJson for PlannedAction {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| PlannedAction {
            what: o.req(r, "what"),
            who: o.or(r, "who", String::new()),
            by: o.or(r, "by", String::new()),
        })
    }
}

impl FromJson for Priority {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| Priority {
            dimension: o.req(r, "dimension"),
            actions: o.or(r, "actions", Vec::new()),
        })
    }
}

impl ActionPlan {
    /// An empty plan for `instrument`, agreed after `round`.
    pub fn new(instrument: &Instrument, round: &str) -> ActionPlan {
        ActionPlan {
            instrument: instrument.id().to_owned(),
            version: instrument.doc().version.clone(),
            round: round.to_owned(),
            priorities: Vec::new(),
        }
    }

    /// Whether `text` looks like a plan (its first member is `"partnerscope_plan"`), so an import
    /// can tell it from a response without reading it twice.
    pub fn looks_like(text: &str) -> bool {
        text.trim_start_matches('\u{feff}')
            .trim_start()
            .strip_prefix('{')
            .is_some_and(|rest| rest.trim_start().starts_with("\"partnerscope_plan\""))
    }

    /// Reads a plan, reporting every problem at once with its path.
    pub fn from_json(text: &str) -> Result<ActionPlan, Vec<Diagnostic>> {
        let value = crate::json::parse(text).map_err(|d| vec![d])?;
        let mut r = Reader::default();
        let plan = r.fields(&value, "", |o, r| {
            let format: u32 = o.req(r, "partnerscope_plan");
            if format != PLAN_FORMAT && format != 0 {
                r.problem(
                    "partnerscope_plan",
                    format!("plan format {format} is not supported; this version reads format {PLAN_FORMAT}"),
                );
            }
            ActionPlan {
                instrument: o.req(r, "instrument"),
                version: o.req(r, "version"),
                round: o.or(r, "round", String::new()),
                priorities: o.or(r, "priorities", Vec::new()),
            }
        });
        for (p, priority) in plan.priorities.iter().enumerate() {
            if priority.actions.len() > MAX_ACTIONS {
                r.problem(
                    &format!("priorities[{p}].actions"),
                    format!("a priority may have at most {MAX_ACTIONS} actions"),
                );
            }
            for (a, action) in priority.actions.iter().enumerate() {
                let path = format!("priorities[{p}].actions[{a}]");
                check_text(&mut r, &format!("{path}.what"), &action.what, MAX_WHAT_CHARS);
                check_text(&mut r, &format!("{path}.who"), &action.who, MAX_WHO_CHARS);
                if !action.by.is_empty() && !crate::response::valid_date(&action.by) {
                    r.problem(&format!("{path}.by"), format!("\"{}\" is not a date of the form YYYY-MM-DD", action.by));
                }
            }
        }
        if !crate::response::valid_round(&plan.round) {
            r.problem("round", crate::response::ROUND_RULE);
        }
        r.finish(plan)
    }

    /// Problems of this plan against `instrument`: another questionnaire, or a dimension it does
    /// not have.
    pub fn check(&self, instrument: &Instrument) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if self.instrument != instrument.id() {
            problems.push(Diagnostic::new(
                "instrument",
                format!("this plan is for questionnaire \"{}\", not \"{}\"", self.instrument, instrument.id()),
            ));
            return problems;
        }
        for (p, priority) in self.priorities.iter().enumerate() {
            if !instrument.dimensions().iter().any(|d| d.id == priority.dimension) {
                problems.push(Diagnostic::new(
                    format!("priorities[{p}].dimension"),
                    format!("the questionnaire has no dimension \"{}\"", priority.dimension),
                ));
            }
        }
        problems
    }

    /// Whether dimension `id` is a priority.
    pub fn has(&self, id: &str) -> bool {
        self.priorities.iter().any(|p| p.dimension == id)
    }

    pub fn to_json(&self) -> String {
        let mut out = format!("{{\"partnerscope_plan\":{PLAN_FORMAT},\"instrument\":");
        write_string(&mut out, &self.instrument);
        out.push_str(",\"version\":");
        write_string(&mut out, &self.version);
        out.push_str(",\"round\":");
        write_string(&mut out, &self.round);
        out.push_str(",\"priorities\":[");
        for (p, priority) in self.priorities.iter().enumerate() {
            if p > 0 {
                out.push(',');
            }
            out.push_str("{\"dimension\":");
            write_string(&mut out, &priority.dimension);
            out.push_str(",\"actions\":[");
            for (a, action) in priority.actions.iter().enumerate() {
                if a > 0 {
                    out.push(',');
                }
                out.push_str("{\"what\":");
                write_string(&mut out, &action.what);
                out.push_str(",\"who\":");
                write_string(&mut out, &action.who);
                out.push_str(",\"by\":");
                write_string(&mut out, &action.by);
                out.push('}');
            }
            out.push_str("]}");
        }
        out.push_str("]}");
        out
    }

    /// The plan as CSV, one row per action (a priority without actions gets one row), every cell
    /// neutralised against formulas: `instrument, version, round, dimension, dimension_title,
    /// what, who, by`. Titles are in `lang`.
    pub fn to_csv(&self, instrument: &Instrument, lang: &str) -> String {
        let mut out = String::from("instrument,version,round,dimension,dimension_title,what,who,by\r\n");
        let title = |id: &str| {
            instrument
                .dimensions()
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.title.get(lang).to_owned())
                .unwrap_or_default()
        };
        for priority in &self.priorities {
            let empty = [PlannedAction::default()];
            let actions: &[PlannedAction] = if priority.actions.is_empty() { &empty } else { &priority.actions };
            for action in actions {
                let cells = [
                    self.instrument.as_str(),
                    &self.version,
                    &self.round,
                    &priority.dimension,
                    &title(&priority.dimension),
                    &action.what,
                    &action.who,
                    &action.by,
                ];
                let row: Vec<String> = cells.iter().map(|c| crate::csv::cell(c)).collect();
                out.push_str(&row.join(","));
                out.push_str("\r\n");
            }
        }
        out
    }
}

fn check_text(r: &mut Reader, path: &str, text: &str, max: usize) {
    if text.chars().count() > max {
        r.problem(path, format!("at most {max} characters"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        r.problem(path, "control characters are not allowed (a line break is)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn sample() -> ActionPlan {
        ActionPlan {
            instrument: "demo".into(),
            version: "1".into(),
            round: "2026".into(),
            priorities: vec![Priority {
                dimension: "purpose".into(),
                actions: vec![PlannedAction {
                    what: "=HYPERLINK(\"x\") \"quoted\"\nsecond line".into(),
                    who: "Ana".into(),
                    by: "2027-03-31".into(),
                }],
            }],
        }
    }

    #[test]
    fn a_plan_round_trips_and_its_csv_is_formula_safe() {
        let plan = sample();
        assert!(ActionPlan::looks_like(&plan.to_json()));
        assert_eq!(ActionPlan::from_json(&plan.to_json()), Ok(plan.clone()));
        let csv = plan.to_csv(&crate::builtin::demo(), "en");
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\") \"\"quoted\"\"\nsecond line\""), "{csv}");
        let rows = crate::csv::parse_rows(&csv).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].1[4], "Shared purpose");
    }

    #[test]
    fn a_bad_plan_names_every_problem_with_its_path() {
        let text = r#"{"partnerscope_plan":1,"instrument":"demo","version":"1","round":"a\u0007",
            "priorities":[{"dimension":"nope","actions":[{"what":"x","by":"tomorrow","colour":"red"}]}]}"#;
        let problems = ActionPlan::from_json(text).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
        assert!(paths.contains(&"priorities[0].actions[0].colour"), "{paths:?}");
        assert!(paths.contains(&"priorities[0].actions[0].by"), "{paths:?}");
        assert!(paths.contains(&"round"), "{paths:?}");
        let fine = ActionPlan { priorities: vec![Priority { dimension: "nope".into(), actions: vec![] }], ..sample() };
        let problems = fine.check(&crate::builtin::demo());
        assert_eq!(problems[0].path, "priorities[0].dimension");
        assert!(ActionPlan::from_json("[1,2]").is_err());
        assert!(!ActionPlan::looks_like("{\"schema\":1}"));
    }
}
