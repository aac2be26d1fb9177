//! Interface text as data: a questionnaire may carry the survey's interface strings for a
//! language the product does not ship (or reword those of one it does), as
//! `"interface": {"<locale>": {"<key>": "text"}}`. The keys are the respondent app's strings,
//! listed here so that the core validates them (an unknown key is a problem at its path) and the
//! studio can offer them for translation; the widget's table holds the same keys (a test there
//! checks the two lists agree).
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
];

/// Whether `key` is an interface string a questionnaire may carry.
pub fn is_key(key: &str) -> bool {
    KEYS.contains(&key)
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
    fn an_unknown_key_an_undeclared_language_and_an_empty_text_are_problems_at_their_paths() {
        let problems =
            with_interface(&[("en", "nxt", "Next"), ("de", "next", "Weiter"), ("en", "back", " ")]).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["interface.de", "interface.en.back", "interface.en.nxt"]);
    }
}
