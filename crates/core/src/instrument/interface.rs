//! Interface text as data: a questionnaire may carry the survey's interface strings for a
//! language the product does not ship (or reword those of one it does), as
//! `"interface": {"<locale>": {"<key>": "text"}}`. The keys are the respondent app's strings,
//! listed here so that the core validates them (an unknown key is a problem at its path) and the
//! studio can offer them for translation; the widget's table holds the same keys (a test there
//! checks the two lists agree).
//!
//! The facilitator's report's strings are keyed the same way, each `report.` and its name
//! ([`REPORT_KEYS`]).
//!
//! A key the document leaves out for a language falls back to the questionnaire's first
//! language, and is counted ([`Instrument::interface_missing`](super::Instrument::interface_missing))
//! so the author is told, never left to find out.

/// The keys of the respondent app's interface strings, in the widget's order, and
/// `language_name`: the language's own name in the picker.
pub const KEYS: &[&str] = &[
    "language_name",
    "language",
    "colon",
    "comma",
    "choose_instrument",
    "start",
    "resume",
    "anonymity_title",
    "anonymity_body",
    "anonymity_endpoint",
    "anonymity_none",
    "invitation_label",
    "invitation_hint",
    "next",
    "back",
    "review",
    "review_title",
    "review_intro",
    "finish",
    "edit",
    "not_answered",
    "comment_warning",
    "no_comment",
    "optional",
    "page_of",
    "answered_of",
    "required_missing",
    "review_missing",
    "page_missing",
    "choose_group",
    "group_question",
    "profile_title",
    "profile_intro",
    "prefer_not",
    "not_enough",
    "results_title",
    "overall",
    "out_of",
    "index",
    "index_note",
    "dimensions",
    "advice",
    "imbalance",
    "strongest",
    "weakest",
    "radar_label",
    "calc_title",
    "calc_means",
    "calc_na",
    "calc_overall",
    "calc_balance",
    "calc_stage",
    "calc_weight",
    "calc_reverse",
    "share_title",
    "share_help",
    "download_json",
    "code_label",
    "copy",
    "copied",
    "copy_failed",
    "print",
    "stage_reached",
    "stage_none",
    "stage_met",
    "stage_met_later",
    "stage_not_met",
    "stage_unknown",
    "balanced",
    "balance_unknown",
    "no_advice",
    "start_again",
    "erase",
    "erased",
    "draft_damaged",
    "draft_outdated",
    "storage_unavailable",
    "other_tab",
    "loading",
    "setup_title",
    "setup_body",
    "share_help_sent",
    "share_help_refused",
    "group_fixed",
    "delivery_sending",
    "delivery_sent",
    "delivery_offline",
    "delivery_retry",
    "delivery_refused",
    "delivery_unsaved",
    "delivery_gone",
    "held_title",
    "held_body",
    "held_download",
    "held_remove",
    "refusal_not_open",
    "refusal_invitation_missing",
    "refusal_invitation_mistyped",
    "refusal_invitation_used",
    "refusal_invitation_unknown",
    "refusal_invitation_other_survey",
    "refusal_invalid",
    "refusal_too_large",
    "refusal_malformed",
    "refusal_conflict",
];

/// The keys of the facilitator's report's interface strings, each `report.` and the field of
/// the report's table; a count's forms are `report.<field>.<form>` (CLDR's zero, one, two, few,
/// many, other: a form left out falls back to `other`), the months `report.months.1` to `12`.
/// The report's table holds the same keys (a test there checks the two lists agree).
#[rustfmt::skip]
pub const REPORT_KEYS: &[&str] = &[
    "report.colon", "report.comma", "report.language", "report.title", "report.intro", "report.two_files",
    "report.privacy", "report.load_title", "report.drop_here", "report.choose_files", "report.formats",
    "report.paste_label", "report.paste_help", "report.add_codes", "report.reading", "report.working",
    "report.loaded_title",
    "report.loaded_none", "report.unknown.zero", "report.unknown.one", "report.unknown.two",
    "report.unknown.few", "report.unknown.many", "report.unknown.other", "report.unknown_help",
    "report.rejected_title", "report.rejected_more", "report.download_problems", "report.plan_loaded",
    "report.clear", "report.choose_set", "report.round_label", "report.no_round", "report.compare_label",
    "report.compare_none", "report.report_title", "report.contents", "report.respondents_title",
    "report.all_respondents", "report.no_group", "report.group_col", "report.count_col",
    "report.withheld_group", "report.withheld_all", "report.withheld_dimension", "report.withheld_figure_all",
    "report.withheld_combination", "report.round_withheld", "report.loaded_set_withheld", "report.k_note",
    "report.overall", "report.dimensions_title", "report.dimension_col", "report.mean_col", "report.ci_col",
    "report.spread_col", "report.distribution_col", "report.consistency_col", "report.distribution_name",
    "report.radar_title", "report.radar_name", "report.gaps_title", "report.gaps_intro", "report.gap_name",
    "report.gap_none", "report.flagged", "report.alpha_very_high", "report.alpha_good",
    "report.alpha_acceptable", "report.alpha_questionable", "report.alpha_low", "report.alpha_single",
    "report.alpha_too_few", "report.alpha_no_variance", "report.alpha_caution", "report.verdicts_title",
    "report.balanced", "report.unbalanced", "report.stage_reached", "report.stage_none",
    "report.advice_title", "report.advice_none", "report.questions_title", "report.questions_intro",
    "report.q_gap", "report.q_weak", "report.q_planned_up", "report.q_planned_flat", "report.q_changed",
    "report.questions_none", "report.changes_title", "report.changes_intro", "report.previous_col",
    "report.current_col", "report.change_col", "report.in_plan", "report.plan_title", "report.plan_intro",
    "report.plan_what", "report.plan_who", "report.plan_by", "report.plan_add", "report.plan_remove",
    "report.plan_saved", "report.plan_not_saved", "report.export_title", "report.export_csv",
    "report.export_json", "report.export_plan_csv", "report.export_plan_json", "report.export_svg",
    "report.print", "report.out_of", "report.responses.zero", "report.responses.one", "report.responses.two",
    "report.responses.few", "report.responses.many", "report.responses.other", "report.duplicates_forms.zero",
    "report.duplicates_forms.one", "report.duplicates_forms.two", "report.duplicates_forms.few",
    "report.duplicates_forms.many", "report.duplicates_forms.other", "report.conflicts_forms.zero",
    "report.conflicts_forms.one", "report.conflicts_forms.two", "report.conflicts_forms.few",
    "report.conflicts_forms.many", "report.conflicts_forms.other", "report.loaded_set_n",
    "report.self_declared", "report.design_title", "report.design_text", "report.design_groups",
    "report.design_rounds", "report.design_result", "report.glance_title", "report.glance_intro",
    "report.glance_withheld", "report.statements_title", "report.statements_intro", "report.reverse_tag",
    "report.statement_col", "report.alpha_negative", "report.alpha_negative_note", "report.withheld_once",
    "report.gap_higher", "report.gap_lower", "report.gaps_one_group", "report.gaps_withheld", "report.q_low",
    "report.changes_earlier_withheld", "report.changes_current_withheld", "report.changes_nothing_common",
    "report.changes_one_round", "report.plan_for", "report.plan_review_label", "report.plan_review_next",
    "report.plan_review_print", "report.plan_judged", "report.plan_elsewhere", "report.plan_none_chosen",
    "report.date_format", "report.months.1", "report.months.2", "report.months.3", "report.months.4",
    "report.months.5", "report.months.6", "report.months.7", "report.months.8", "report.months.9",
    "report.months.10", "report.months.11", "report.months.12", "report.band_col", "report.scroll_hint",
    "report.comments_title", "report.comments_intro", "report.comments_withheld", "report.comments_none",
    "report.comments_count.zero", "report.comments_count.one", "report.comments_count.two",
    "report.comments_count.few", "report.comments_count.many", "report.comments_count.other",
    "report.hidden_count.zero", "report.hidden_count.one", "report.hidden_count.two",
    "report.hidden_count.few", "report.hidden_count.many", "report.hidden_count.other", "report.hide",
    "report.show_again", "report.hidden_note", "report.removed_email", "report.removed_phone",
    "report.removed_link", "report.themes_label", "report.theme_add_label", "report.theme_add",
    "report.theme_counts", "report.export_comments", "report.meeting_open", "report.meeting_title",
    "report.meeting_close", "report.meeting_next", "report.meeting_previous", "report.meeting_slide",
    "report.meeting_overview", "report.meeting_gap", "report.meeting_change", "report.meeting_question",
    "report.meeting_voices", "report.meeting_add", "report.meeting_added", "report.meeting_help",
    "report.meeting_print", "report.meeting_nothing",
];

/// Plural forms a language may leave out: the report falls back to its `other` form.
const OPTIONAL_FORMS: &[&str] = &[".zero", ".two", ".few", ".many"];

/// Whether `key` is an interface string a questionnaire may carry.
pub fn is_key(key: &str) -> bool {
    KEYS.contains(&key) || REPORT_KEYS.contains(&key)
}

/// Whether a language that carries interface text may leave `key` out without it being missing
/// (the picker's name, and a count's forms that fall back to its `other` form).
pub fn optional(key: &str) -> bool {
    key == "language_name" || OPTIONAL_FORMS.iter().any(|form| key.ends_with(form))
}

#[cfg(test)]
mod tests {
    use crate::instrument::Instrument;
    use crate::map::Map;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The demo questionnaire with `interface` as given.
    fn with_interface(pairs: &[(&str, &str, &str)]) -> Result<Instrument, Vec<crate::diag::Diagnostic>> {
        let mut doc = crate::builtin::demo().doc().clone();
        let mut interface: Map<String, Map<String, String>> = Map::new();
        for (locale, key, text) in pairs {
            interface.entry((*locale).to_owned()).or_default().insert((*key).to_owned(), (*text).to_owned());
        }
        doc.interface = interface;
        Instrument::from_doc(doc)
    }

    #[test]
    fn known_keys_of_declared_languages_are_read_and_the_missing_ones_counted() {
        let instrument = with_interface(&[("en", "next", "Onwards"), ("en", "language_name", "English")]).unwrap();
        assert_eq!(instrument.interface("en", "next"), Some("Onwards"));
        assert_eq!(instrument.interface("en", "back"), None);
        let missing = instrument.interface_missing("en", &[]);
        assert!(!missing.contains(&"next") && missing.contains(&"back"), "{missing:?}");
        assert_eq!(missing.len(), super::KEYS.len() - 2);
        assert!(instrument.interface_missing("en", super::KEYS).is_empty());
    }

    #[test]
    fn report_keys_are_read_and_their_missing_ones_counted_apart_without_optional_forms() {
        let instrument = with_interface(&[
            ("en", "report.title", "Our report"),
            ("en", "report.responses.one", "{n} answer"),
            ("en", "report.months.3", "March"),
        ])
        .unwrap();
        assert_eq!(instrument.interface("en", "report.title"), Some("Our report"));
        let missing = instrument.report_interface_missing("en", &[]);
        assert!(missing.contains(&"report.intro") && missing.contains(&"report.responses.other"), "{missing:?}");
        assert!(!missing.contains(&"report.title") && !missing.contains(&"report.months.3"), "{missing:?}");
        // The forms a language may leave out are never counted.
        assert!(!missing.iter().any(|k| k.ends_with(".few") || k.ends_with(".zero")), "{missing:?}");
        // The survey's count does not include the report's keys, nor the report's the survey's.
        assert!(!instrument.interface_missing("en", &[]).iter().any(|k| k.starts_with("report.")));
        assert!(missing.iter().all(|k| k.starts_with("report.")));
        assert!(instrument.report_interface_missing("en", super::REPORT_KEYS).is_empty());
    }

    #[test]
    fn a_report_key_that_is_not_one_is_a_problem() {
        let problems =
            with_interface(&[("en", "report.titel", "X"), ("en", "report.responses.several", "X")]).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["interface.en.report.responses.several", "interface.en.report.titel"]);
    }

    #[test]
    fn an_unknown_key_an_undeclared_language_and_an_empty_text_are_problems_at_their_paths() {
        let problems =
            with_interface(&[("en", "nxt", "Next"), ("de", "next", "Weiter"), ("en", "back", " ")]).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["interface.de", "interface.en.back", "interface.en.nxt"]);
    }
}
