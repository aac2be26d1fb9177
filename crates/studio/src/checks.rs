//! What the author sees as they type: every problem the core's validation finds (the survey
//! cannot be made until they are fixed), and the product's item-writing checklist as warnings.
//! Pure: a draft in, lists out, each entry with the JSON path of the field it is about.

use partnerscope_core::Instrument;
use partnerscope_core::instrument::{ItemKind, default_labels};

use crate::model::Draft;

/// Statements longer than this many words are hard for a second-language reader.
pub const MAX_WORDS: usize = 25;

/// One entry of the checks list.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// The JSON path of the field (`dimensions[0].items[1].text.fr`).
    pub path: String,
    pub kind: Warning,
    /// The language concerned, when there is one.
    pub lang: Option<String>,
}

/// The item-writing checklist (DESIGN.md, "Writing good items"), and the core's problems.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// A validation problem from the core: its kind (which `problems.rs` words in the
    /// interface language) and its message as the core wrote it, in English.
    Problem(partnerscope_core::Problem, String),
    /// "and" (in the language's own word) joining two ideas.
    TwoIdeas(String),
    /// More than [`MAX_WORDS`] words.
    Long(usize),
    /// Two negations in one statement.
    DoubleNegative,
    /// Scale points without a label in a language.
    Unlabelled(usize),
    /// No reverse-worded statement among this many.
    NoReverse(usize),
    /// More than half the statements reverse-worded.
    TooManyReverse(usize, usize),
    /// An area with a single scored statement.
    OneStatement,
    /// Texts missing in a language (a count).
    Missing(usize),
    /// A text reworded in the first language (`source`) after it was translated into `langs`:
    /// those translations may be out of date. A warning: it never stops the download.
    Stale { source: String, langs: Vec<String> },
}

/// The core's problems with the draft, in its order; empty when the questionnaire is valid.
pub fn problems(draft: &Draft) -> Result<Instrument, Vec<Check>> {
    Instrument::from_json(&draft.to_json()).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| {
                // "the text in the language \"fr\" is missing" is about the French field of the text.
                let lang = p.message.split('"').nth(1).filter(|l| draft.locales.iter().any(|x| x == l));
                let path = match lang {
                    Some(lang) if p.message.starts_with("the text in the language") => format!("{}.{lang}", p.path),
                    _ => p.path.clone(),
                };
                Check { path, lang: lang.map(str::to_owned), kind: Warning::Problem(p.problem, p.message) }
            })
            .collect()
    })
}

/// The word for "and" in `lang`, when the studio knows it.
fn conjunctions(lang: &str) -> &'static [&'static str] {
    match primary(lang) {
        "en" => &["and"],
        "fr" => &["et"],
        "es" => &["y", "e"],
        "pt" => &["e"],
        "de" => &["und"],
        "it" => &["e", "ed"],
        "ar" => &["و"],
        _ => &[],
    }
}

/// Words that negate, per language.
fn negations(lang: &str) -> &'static [&'static str] {
    match primary(lang) {
        "en" => &["not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without", "cannot"],
        "fr" => &["ne", "n", "pas", "jamais", "aucun", "aucune", "sans", "rien", "personne"],
        "es" => &["no", "nunca", "ningún", "ninguna", "ninguno", "sin", "nada", "nadie", "tampoco"],
        "pt" => &["não", "nunca", "nenhum", "nenhuma", "sem", "nada", "ninguém"],
        "ar" => &["لا", "لم", "لن", "ليس", "غير", "بدون"],
        _ => &[],
    }
}

fn primary(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

/// The words of `text`, lower-cased; "n't" counts as the word "not". ASCII lower-casing is
/// enough: every word the checks look for starts with an ASCII letter (or is Arabic, which has
/// no case), and Unicode's case tables would cost the studio about 12 KB of wasm.
fn words(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase().replace("n't", " not").replace(['\'', '’'], " ");
    lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// The checklist's warnings for the draft: its statements' wording and balance, the scale's
/// labels, then the translations missing and those that may be out of date.
pub fn warnings(draft: &Draft) -> Vec<Check> {
    let mut out = Vec::new();
    statement_warnings(draft, &mut out);
    label_warnings(draft, &mut out);
    translation_warnings(draft, &mut out);
    out
}

/// Each scored statement's wording in each language (two ideas, too long, a double negative),
/// an area of one statement, and too few or too many reversed statements.
fn statement_warnings(draft: &Draft, out: &mut Vec<Check>) {
    let mut scale_total = 0;
    let mut reverse_total = 0;
    for (d, dim) in draft.dimensions.iter().enumerate() {
        let mut scale_items = 0;
        for (i, item) in dim.items.iter().enumerate() {
            if item.kind != ItemKind::Scale {
                continue;
            }
            scale_items += 1;
            scale_total += 1;
            reverse_total += usize::from(item.reverse);
            for (lang, text) in &item.text {
                let path = format!("dimensions[{d}].items[{i}].text.{lang}");
                let w = words(text);
                let at = |kind| Check { path: path.clone(), kind, lang: Some(lang.clone()) };
                if let Some(word) = conjunctions(lang).iter().find(|c| w.iter().any(|x| x == **c)) {
                    out.push(at(Warning::TwoIdeas((*word).to_owned())));
                }
                if w.len() > MAX_WORDS {
                    out.push(at(Warning::Long(w.len())));
                }
                let negs = w.iter().filter(|x| negations(lang).contains(&x.as_str())).count();
                // French "ne … pas" is one negation written in two words.
                let negs = if primary(lang) == "fr" { negs.div_ceil(2) } else { negs };
                if negs >= 2 {
                    out.push(at(Warning::DoubleNegative));
                }
            }
        }
        if scale_items == 1 {
            out.push(Check { path: format!("dimensions[{d}].title"), kind: Warning::OneStatement, lang: None });
        }
    }
    if scale_total >= 4 && reverse_total == 0 {
        out.push(Check { path: "dimensions".into(), kind: Warning::NoReverse(scale_total), lang: None });
    } else if scale_total > 0 && reverse_total * 2 > scale_total {
        out.push(Check {
            path: "dimensions".into(),
            kind: Warning::TooManyReverse(reverse_total, scale_total),
            lang: None,
        });
    }
}

/// A language whose scale points are not all labelled (and that has no standard labels).
fn label_warnings(draft: &Draft, out: &mut Vec<Check>) {
    let Some(points) = draft.scale_points() else { return };
    let min: i32 = draft.scale_min.trim().parse().unwrap_or(1);
    let max: i32 = draft.scale_max.trim().parse().unwrap_or(5);
    for lang in &draft.locales {
        let labels = draft.scale_labels.get(lang);
        let missing = match labels {
            None if default_labels(lang, min, max).is_some() => 0,
            None => points,
            Some(l) => (0..points).filter(|p| l.get(*p).is_none_or(|s| s.trim().is_empty())).count(),
        };
        if missing > 0 {
            let first =
                labels.map_or(0, |l| (0..points).find(|p| l.get(*p).is_none_or(|s| s.trim().is_empty())).unwrap_or(0));
            out.push(Check {
                path: format!("scale.labels.{lang}[{first}]"),
                kind: Warning::Unlabelled(missing),
                lang: Some(lang.clone()),
            });
        }
    }
}

/// The texts missing per language, and one entry per reworded text naming the languages whose
/// translation may be out of date, linked to the first one's field.
fn translation_warnings(draft: &Draft, out: &mut Vec<Check>) {
    for (lang, missing) in crate::translate::missing_per_language(draft) {
        if missing > 0 {
            out.push(Check { path: "translations".into(), kind: Warning::Missing(missing), lang: Some(lang) });
        }
    }
    let source = crate::translate::source_language(draft).unwrap_or_default().to_owned();
    let mut stale: Vec<(String, crate::translate::Slot, Vec<String>)> = Vec::new();
    for (slot, key, lang) in crate::translate::stale(draft) {
        match stale.last_mut() {
            Some((k, _, langs)) if *k == key => langs.push(lang),
            _ => stale.push((key, slot, vec![lang])),
        }
    }
    for (_, slot, langs) in stale {
        out.push(Check {
            path: slot.path(draft, &langs[0]),
            lang: Some(langs[0].clone()),
            kind: Warning::Stale { source: source.clone(), langs },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Item;

    fn with_statements(texts: &[(&str, bool)]) -> Draft {
        let mut draft = Draft::blank("en");
        draft.dimensions[0].items = texts
            .iter()
            .enumerate()
            .map(|(n, (t, reverse))| Item {
                id: format!("q{n}"),
                text: [("en".to_owned(), (*t).to_owned())].into(),
                reverse: *reverse,
                ..Item::default()
            })
            .collect();
        draft
    }

    fn kinds(draft: &Draft) -> Vec<Warning> {
        warnings(draft).into_iter().map(|c| c.kind).collect()
    }

    #[test]
    fn the_checklist_names_each_kind_of_weak_statement() {
        let draft = with_statements(&[
            ("We share plans and budgets.", false),
            ("It is not true that we never meet.", false),
            (&"word ".repeat(30), false),
            ("We meet.", false),
        ]);
        let k = kinds(&draft);
        assert!(k.contains(&Warning::TwoIdeas("and".into())), "{k:?}");
        assert!(k.contains(&Warning::DoubleNegative), "{k:?}");
        assert!(k.contains(&Warning::Long(30)), "{k:?}");
        assert!(k.contains(&Warning::NoReverse(4)), "{k:?}");
        let one = with_statements(&[("We meet.", false)]);
        assert!(kinds(&one).contains(&Warning::OneStatement));
    }

    #[test]
    fn french_ne_pas_is_one_negation_and_et_is_french_and() {
        let mut draft = with_statements(&[("x", false), ("y", true)]);
        draft.locales.push("fr".into());
        draft.dimensions[0].items[0].text.insert("fr".into(), "Nous ne partageons pas les plans.".into());
        draft.dimensions[0].items[1].text.insert("fr".into(), "Les plans et les budgets.".into());
        let k = kinds(&draft);
        assert!(!k.contains(&Warning::DoubleNegative), "{k:?}");
        assert!(k.contains(&Warning::TwoIdeas("et".into())), "{k:?}");
    }

    /// A reworded statement is one warning, naming its languages and pointing at the first
    /// one's field; it is a warning, not a problem, so the survey file can still be made.
    #[test]
    fn a_reworded_text_is_a_warning_that_points_at_its_first_translation() {
        let loaded = Draft::copy_of_builtin("health-check").expect("health check");
        let mut d = loaded.clone();
        crate::translate::Slot::Item(0, 1).set(&mut d, "en", "Partners say openly who holds which power.");
        crate::translate::track(&loaded, &mut d);
        let stale: Vec<Check> = warnings(&d).into_iter().filter(|c| matches!(c.kind, Warning::Stale { .. })).collect();
        assert_eq!(stale.len(), 1, "{stale:?}");
        assert_eq!(stale[0].path, "dimensions[0].items[1].text.fr");
        assert_eq!(stale[0].lang.as_deref(), Some("fr"));
        assert_eq!(
            stale[0].kind,
            Warning::Stale { source: "en".into(), langs: vec!["fr".into(), "es".into(), "ar".into(), "pt".into()] }
        );
        assert!(problems(&d).is_ok(), "a reworded text is no problem: the download is not blocked");
    }

    #[test]
    fn a_missing_text_problem_points_at_the_field_of_its_language() {
        let mut draft = Draft::blank("en");
        draft.locales.push("fr".into());
        let problems = problems(&draft).expect_err("incomplete");
        assert!(problems.iter().any(|p| p.path == "title.fr"), "{problems:?}");
    }
}
