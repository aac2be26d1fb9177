//! The action plan a partnership meeting agrees: the dimensions it chose as priorities and, for
//! each, what will be done, by whom and by when. The facilitator writes it beside the group
//! report; it is exported with the report and imported again with the next round's responses,
//! whose report then shows the change in exactly those dimensions.
//!
//! Format (JSON, read with every problem reported at its path):
//!
//! ```text
//! {"partnerscope_plan": 1, "instrument": "health-check", "version": "1.0.0", "round": "2026",
//!  "review_at": "2027",
//!  "priorities": [{"dimension": "trust",
//!                  "actions": [{"what": "…", "who": "…", "by": "2027-03-31"}]}]}
//! ```
//!
//! `round` is the round the plan was agreed after (the meeting read that round's report);
//! `review_at` the round whose report judges it (empty or absent: the next round compared with
//! the one it was agreed after); `by` is a date (`YYYY-MM-DD`) or empty.
//!
//! *The rounds of a plan*: a plan agreed after round R is about the change from R to a later
//! round. So a plan judges the change shown (from a previous round P to the current round C)
//! only when it was agreed after P, and is to be reviewed at C or at whatever comes next
//! ([`ActionPlan::judges`]); a plan written while C is on screen is the plan agreed after C, and
//! judges nothing until a later round is compared with C. [`roles`] says which plan is which.

use crate::diag::Diagnostic;
use crate::instrument::Instrument;
use crate::json::{FromJson, Reader, Value};

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
    pub agreed_after: String,
    /// The round whose report judges the plan; empty: the next round compared with
    /// `agreed_after`.
    pub review_at: String,
    pub priorities: Vec<Priority>,
}

/// Which plan does what while round `current` is shown, compared with `previous`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Roles<'a> {
    /// The plan agreed after `previous` and due at `current`: it judges the change shown, and
    /// the meeting questions ask how its priorities moved.
    pub judged: Option<&'a ActionPlan>,
    /// The plan agreed after `current`: the one being written at this meeting, for the change
    /// to the next round. It judges nothing yet.
    pub written: Option<&'a ActionPlan>,
}

/// The plans' roles for the report of `current` compared with `previous` (none: no comparison).
/// Of several plans for one role, the last given wins (a plan loaded later replaces one kept).
pub fn roles<'a>(plans: &'a [ActionPlan], current: &str, previous: Option<&str>) -> Roles<'a> {
    let judged = previous.and_then(|previous| plans.iter().rev().find(|p| p.judges(previous, current)));
    let written = plans.iter().rev().find(|p| p.agreed_after == current);
    Roles { judged, written }
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
            agreed_after: round.to_owned(),
            review_at: String::new(),
            priorities: Vec::new(),
        }
    }

    /// Whether this plan judges the change from round `previous` to round `current`: it was
    /// agreed after `previous`, and is due at `current` (or at whatever round comes next).
    pub fn judges(&self, previous: &str, current: &str) -> bool {
        self.agreed_after == previous && previous != current && (self.review_at.is_empty() || self.review_at == current)
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
                agreed_after: o.or(r, "round", String::new()),
                review_at: o.or(r, "review_at", String::new()),
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
        if !crate::response::valid_round(&plan.agreed_after) {
            r.problem("round", crate::response::ROUND_RULE);
        }
        if !crate::response::valid_round(&plan.review_at) {
            r.problem("review_at", crate::response::ROUND_RULE);
        } else if !plan.review_at.is_empty() && plan.review_at == plan.agreed_after {
            r.problem("review_at", "a plan is reviewed at a later round than the one it was agreed after");
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
        use crate::json_write::Object;
        let mut out = Object::new();
        out.uint("partnerscope_plan", u64::from(PLAN_FORMAT))
            .str("instrument", &self.instrument)
            .str("version", &self.version)
            .str("round", &self.agreed_after);
        if !self.review_at.is_empty() {
            out.str("review_at", &self.review_at);
        }
        out.raws(
            "priorities",
            self.priorities.iter().map(|priority| {
                let mut p = Object::new();
                p.str("dimension", &priority.dimension).raws(
                    "actions",
                    priority.actions.iter().map(|action| {
                        let mut a = Object::new();
                        a.str("what", &action.what).str("who", &action.who).str("by", &action.by);
                        a.finish()
                    }),
                );
                p.finish()
            }),
        );
        out.finish()
    }

    /// The plan as CSV, one row per action (a priority without actions gets one row), every cell
    /// neutralised against formulas: `instrument, version, agreed_after, review_at, dimension,
    /// dimension_title, what, who, by`. Titles are in `lang`.
    pub fn to_csv(&self, instrument: &Instrument, lang: &str) -> String {
        let mut out =
            String::from("instrument,version,agreed_after,review_at,dimension,dimension_title,what,who,by\r\n");
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
                    &self.agreed_after,
                    &self.review_at,
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
            agreed_after: "2026".into(),
            review_at: String::new(),
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
        assert_eq!(rows[1].1[5], "Shared purpose");
        let due = ActionPlan { review_at: "2028".into(), ..plan };
        assert_eq!(ActionPlan::from_json(&due.to_json()), Ok(due));
    }

    /// Every combination of a plan's rounds against the rounds on screen (issue 18 item 1): a
    /// plan agreed after 2025 judges 2026 against 2025, never 2026 on its own, never 2027 against
    /// 2026, and a plan written while 2026 is shown judges nothing until 2027 is compared with it.
    #[test]
    fn a_plan_judges_only_the_change_from_the_round_it_was_agreed_after() {
        let plan =
            |after: &str, review: &str| ActionPlan { agreed_after: after.into(), review_at: review.into(), ..sample() };
        let open = plan("2025", "");
        let due_2026 = plan("2025", "2026");
        let due_2027 = plan("2025", "2027");
        for (p, current, previous, judged) in [
            (&open, "2026", "2025", true),
            (&open, "2027", "2025", true),
            (&open, "2027", "2026", false),
            (&open, "2025", "2024", false),
            (&open, "2025", "2025", false),
            (&due_2026, "2026", "2025", true),
            (&due_2026, "2027", "2025", false),
            (&due_2027, "2026", "2025", false),
            (&due_2027, "2027", "2025", true),
            (&due_2027, "2027", "2026", false),
        ] {
            assert_eq!(p.judges(previous, current), judged, "{p:?} at {current} against {previous}");
        }
        let written = plan("2026", "");
        let plans = [open.clone(), written.clone()];
        // 2026 against 2025: the 2025 plan is judged, the 2026 plan is the one being written.
        assert_eq!(roles(&plans, "2026", Some("2025")), Roles { judged: Some(&plans[0]), written: Some(&plans[1]) });
        // 2026 alone: nothing is judged; the 2026 plan is still the one being written.
        assert_eq!(roles(&plans, "2026", None), Roles { judged: None, written: Some(&plans[1]) });
        // 2027 against 2026: the 2026 plan is judged; nothing written for 2027 yet.
        assert_eq!(roles(&plans, "2027", Some("2026")), Roles { judged: Some(&plans[1]), written: None });
        // 2027 against 2025: the open 2025 plan is judged (it was never reviewed at 2026).
        assert_eq!(roles(&plans, "2027", Some("2025")).judged, Some(&plans[0]));
        // 2025 against nothing: the 2025 plan is the one written then.
        assert_eq!(roles(&plans, "2025", None), Roles { judged: None, written: Some(&plans[0]) });
        // A plan loaded later replaces an earlier one for the same role.
        let newer = ActionPlan { priorities: vec![], ..open.clone() };
        let plans = [open, newer.clone()];
        assert_eq!(roles(&plans, "2026", Some("2025")).judged, Some(&newer));
        // A plan reviewed at the round it was agreed after is refused.
        let text = plan("2025", "2025").to_json();
        assert!(ActionPlan::from_json(&text).unwrap_err().iter().any(|d| d.path == "review_at"));
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
