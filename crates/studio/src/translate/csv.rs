//! The translator's CSV: every text that counts as a row by its stable key, out with
//! [`export_csv`] and back with [`import_csv`], matched by key.

use std::collections::BTreeMap;

use partnerscope_core::csv::{cell, parse_rows_separated, separator};

use super::stale::source_print;
use super::{Slot, counts, slots, source_language, stale, standard_label};
use crate::model::Draft;

/// The translator's CSV: `key, context, <lang>…`, a row per text; the context is the text in
/// the first language, so a translator sees what each row is about in any spreadsheet.
///
/// When translations may be out of date, a last column, [`STALE_COLUMN`], lists on each row the
/// languages whose text was written for an earlier first-language text, so the translator can
/// find and check them (sorting or filtering by that column). Deleting a language from it says
/// "still right": on import, a text in a language the row's cell no longer lists counts as
/// current even when unchanged.
pub fn export_csv(d: &Draft) -> String {
    let stale = stale(d);
    let mut out = String::from("\u{feff}key,context");
    for lang in &d.locales {
        out.push(',');
        out.push_str(&cell(lang));
    }
    if !stale.is_empty() {
        out.push(',');
        out.push_str(STALE_COLUMN);
    }
    out.push_str("\r\n");
    for slot in slots(d) {
        if !counts(d, &slot) {
            continue;
        }
        let key = slot.key(d);
        out.push_str(&cell(&key));
        out.push(',');
        out.push_str(&cell(&context_of(&slot, d)));
        for lang in &d.locales {
            out.push(',');
            out.push_str(&cell(&slot.get(d, lang)));
        }
        if !stale.is_empty() {
            let langs: Vec<&str> = stale.iter().filter(|(_, k, _)| *k == key).map(|(_, _, l)| l.as_str()).collect();
            out.push(',');
            out.push_str(&cell(&langs.join(" ")));
        }
        out.push_str("\r\n");
    }
    out
}

/// The CSV's column of translations that may be out of date (English, like `key` and `context`).
pub const STALE_COLUMN: &str = "may_be_out_of_date";

/// What a row is, in English, for the translator (the studio's interface language is not the
/// translator's; English is the CSV's lingua franca, like its keys). An area is named as the
/// questionnaire's first language writes it: that is the text the translator works from, and
/// the one the row's first language column shows (the first of the title's languages in
/// alphabetical order named the health check's areas in Arabic).
fn context_of(slot: &Slot, d: &Draft) -> String {
    let source = d.locales.first().map_or("", String::as_str);
    let area = |a: &usize| d.dimensions.get(*a).map(|x| x.title.get(source).cloned().unwrap_or_default());
    match slot {
        Slot::Title => "Questionnaire title".into(),
        Slot::Description => "Introduction on the start page".into(),
        Slot::Audience => "Who answers and how long it takes".into(),
        Slot::NotApplicable => "The 'don't know / not applicable' choice".into(),
        Slot::ScaleLabel(p) => {
            let points = d.scale_points().unwrap_or(p + 1);
            let mut context = format!("Scale point {} of {points} (1 is the lowest)", p + 1);
            // A language with the standard labels has an empty cell: say what the respondent reads.
            if let Some(label) = d.locales.first().and_then(|l| standard_label(d, *p, l)) {
                context.push_str(&format!("; the standard label in {} is \"{label}\"", d.locales[0]));
            }
            let standard: Vec<&str> =
                d.locales.iter().filter(|l| standard_label(d, *p, l).is_some()).map(String::as_str).collect();
            if !standard.is_empty() {
                context.push_str(&format!("; leave {} empty to keep the standard labels", standard.join(", ")));
            }
            context
        }
        Slot::GroupLabel(_) => "How a respondent picks their group".into(),
        Slot::GroupName(_) => "The group's short name in reports".into(),
        Slot::ContextLabel(_) => "A context question".into(),
        Slot::OptionLabel(..) => "An answer to a context question".into(),
        Slot::Band(_) | Slot::TotalBand(_) | Slot::AreaBand(..) => "Name of a score band".into(),
        Slot::StageTitle(_) => "Name of a stage".into(),
        Slot::StageDescription(_) => "Description of a stage".into(),
        Slot::BalanceAdvice => "Advice when the areas are out of balance".into(),
        Slot::AreaTitle(_) => "Name of an area".into(),
        Slot::AreaDescription(a) => format!("Description of the area {}", area(a).unwrap_or_default()),
        Slot::Item(a, _) => format!("Statement in the area {}", area(a).unwrap_or_default()),
        Slot::GroupText(a, _, g) => {
            format!("Statement in the area {}, wording for the group {g}", area(a).unwrap_or_default())
        }
        Slot::Advice(a, _) => format!("Advice for the area {}", area(a).unwrap_or_default()),
        Slot::Interface(key) => match key.strip_prefix("report.") {
            Some(field) => format!("The facilitator's report's own words: {field} (see docs/instruments.md)"),
            None => format!("The survey's own words: {key} (see docs/instruments.md)"),
        },
    }
}

/// What importing a translated CSV did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// Keys whose text changed, with the languages changed.
    pub changed: Vec<String>,
    /// Keys in the file the questionnaire does not have, with their line numbers.
    pub unknown: Vec<(String, usize)>,
    /// Keys of the questionnaire the file lacks.
    pub missing: Vec<String>,
    /// Languages the file added to the questionnaire.
    pub added_languages: Vec<String>,
    /// Rows or columns that could not be read.
    pub problems: Vec<String>,
}

fn is_language_tag(s: &str) -> bool {
    (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
}

/// Reads a translated CSV back into `d`, matching rows by key. Empty cells leave a text alone.
pub fn import_csv(d: &mut Draft, text: &str) -> Result<Imported, String> {
    // A spreadsheet set up for a language whose decimal sign is a comma saves with semicolons.
    let rows = parse_rows_separated(text, separator(text)).map_err(|p| p.to_string())?;
    let mut rows = rows.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err("the file is empty".into());
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    let Some(key_col) = header.iter().position(|h| h.eq_ignore_ascii_case("key")) else {
        return Err(
            "the first row has no \"key\" column; export the translations from the studio to get the layout".into()
        );
    };
    let mut result = Imported::default();
    let mut langs = Vec::new();
    let stale_col = header.iter().position(|h| h.eq_ignore_ascii_case(STALE_COLUMN));
    for (c, h) in header.iter().enumerate() {
        if c == key_col || Some(c) == stale_col || h.eq_ignore_ascii_case("context") || h.is_empty() {
            continue;
        }
        if is_language_tag(h) {
            langs.push((c, h.clone()));
        } else {
            result.problems.push(format!("column {} (\"{h}\") is not a language tag and was not read", c + 1));
        }
    }
    for (_, lang) in &langs {
        if !d.locales.contains(lang) {
            d.locales.push(lang.clone());
            result.added_languages.push(lang.clone());
        }
    }
    let by_key: BTreeMap<String, Slot> = slots(d).into_iter().map(|s| (s.key(d), s)).collect();
    let mut seen = std::collections::BTreeSet::new();
    for (line, row) in rows {
        let key = row.get(key_col).map(|k| k.trim()).unwrap_or("");
        if key.is_empty() && row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(slot) = by_key.get(key) else {
            result.unknown.push((key.to_owned(), line));
            continue;
        };
        seen.insert(key.to_owned());
        let mut changed = Vec::new();
        for (c, lang) in &langs {
            let raw = row.get(*c).map_or("", String::as_str);
            let value = unneutralise(raw).trim();
            if value.is_empty() || value == slot.get(d, lang) {
                continue;
            }
            slot.set(d, lang, value);
            changed.push(lang.as_str());
        }
        if !changed.is_empty() {
            result.changed.push(format!("{key} ({})", changed.join(", ")));
        }
        // A translator who leaves a text as it was and takes its language off the row's
        // "may be out of date" cell says it is still right (`track` makes changed ones current).
        if let (Some(c), Some(source)) = (stale_col, source_language(d).map(str::to_owned)) {
            let listed: Vec<&str> = row.get(c).map_or("", String::as_str).split([' ', ',', ';']).collect();
            let print = source_print(&slot.get(d, &source));
            for (col, lang) in &langs {
                let written = row.get(*col).is_some_and(|v| !unneutralise(v).trim().is_empty());
                if written && *lang != source && !listed.contains(&lang.as_str()) {
                    d.translated_from.entry(key.to_owned()).or_default().insert(lang.clone(), print.clone());
                }
            }
        }
    }
    for (key, slot) in &by_key {
        if !seen.contains(key) && counts(d, slot) {
            result.missing.push(key.clone());
        }
    }
    Ok(result)
}

/// The core's CSV export puts `'` before a cell a spreadsheet would read as a formula; one such
/// prefix is removed again (the same rule as `partnerscope_core::csv`).
fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => text,
    }
}
