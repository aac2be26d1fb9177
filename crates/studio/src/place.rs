//! Where a check points, in words: the start of each line of the checks panel.

use crate::i18n::{Strings, fill};
use crate::model::Draft;

/// A short human name for where a path points: its section and its field ("Questionnaire,
/// introduction", "Area 2, statement q4"), so that three lines about the title, the
/// introduction and the audience no longer all read "Questionnaire:".
pub fn where_of(t: &Strings, d: &Draft, path: &str) -> String {
    let w = Where { t, path };
    if let Some(a) = w.num("dimensions") {
        return w.in_area(d, a);
    }
    if let Some(b) = w.num("bands") {
        let list = if path.contains("total_bands[") { t.total_bands } else { t.bands };
        return w.place(&[t.scoring, list, &w.nth(t.band_n, b)]);
    }
    let head = path.split(['.', '[']).next().unwrap_or("");
    let section = match head {
        "scale" => t.scale,
        "groups" => t.groups,
        "context" => t.context,
        "scoring" | "balance" | "anonymity_k" | "comment_k" | "gap_threshold" | "min_answered_share" => t.scoring,
        "translations" => t.translations,
        "dimensions" => t.areas,
        _ => t.questionnaire,
    };
    let owned;
    let field: &str = match head {
        "title" => t.title_label,
        "description" => t.intro_label,
        "audience" => t.audience_label,
        "id" => t.id_label,
        "version" => t.version_label,
        "locales" => t.languages,
        "anonymity_k" => t.anonymity_k,
        "comment_k" => t.comment_k,
        "gap_threshold" => t.gap_threshold,
        "min_answered_share" => t.min_answered,
        "balance" => t.balance,
        "groups" | "context" | "scale" | "scoring" => {
            owned = w.entry(head);
            owned.as_deref().unwrap_or("")
        }
        _ => "",
    };
    w.place(&[section, field])
}

/// A path being named, and the interface's words to name it with.
struct Where<'a> {
    t: &'a Strings,
    path: &'a str,
}

impl Where<'_> {
    /// The index after `key[` in the path (`dimensions[2]` gives 2).
    fn num(&self, key: &str) -> Option<usize> {
        let at = self.path.find(&format!("{key}["))? + key.len() + 1;
        self.path[at..].split(']').next()?.parse().ok()
    }

    /// `template` with `{n}` the 1-based number of entry `n`.
    fn nth(&self, template: &str, n: usize) -> String {
        fill(template, &[("n", &(n + 1).to_string())])
    }

    /// The field after the entry (`….title.en` → `title`).
    fn after(&self, at: &str) -> Option<&str> {
        self.path.split_once(at).map(|(_, rest)| rest.trim_start_matches('.').split(['.', '[']).next().unwrap_or(""))
    }

    /// The parts that are not empty, joined by the interface's comma (each after the first
    /// lower-cased at its start), and its colon.
    fn place(&self, parts: &[&str]) -> String {
        let mut out = String::new();
        for (i, part) in parts.iter().filter(|p| !p.is_empty()).enumerate() {
            if i > 0 {
                out.push_str(self.t.comma);
                out.push_str(&lower_first(part));
            } else {
                out.push_str(part);
            }
        }
        out.push_str(self.t.colon);
        out
    }

    /// Somewhere in area `a`: a statement, an advice, a band, or one of the area's fields.
    fn in_area(&self, d: &Draft, a: usize) -> String {
        let t = self.t;
        let area = self.nth(t.area_n, a);
        if let Some(i) = self.num("items") {
            let id = d.dimensions.get(a).and_then(|x| x.items.get(i)).map_or(String::new(), |x| x.id.clone());
            return self.place(&[&area, &fill(t.statement_n, &[("id", &id)])]);
        }
        if let Some(r) = self.num("recommendations") {
            return self.place(&[&area, &self.nth(t.advice_n, r)]);
        }
        if let Some(b) = self.num("bands") {
            return self.place(&[&area, &self.nth(t.band_n, b)]);
        }
        let field = match self.after(&format!("dimensions[{a}]")).unwrap_or("") {
            "title" => t.area_title,
            "description" => t.area_description,
            "id" => t.id_label,
            "weight" => t.weight,
            _ => "",
        };
        self.place(&[&area, field])
    }

    /// The entry or field of a list section (`groups`, `context`, `scale`, `scoring`) the path
    /// points to, when it names one.
    fn entry(&self, head: &str) -> Option<String> {
        let t = self.t;
        match (head, self.after(head).unwrap_or("")) {
            ("groups", _) => self.num("groups").map(|g| self.nth(t.group_n, g)),
            ("context", _) => self.num("context").map(|c| self.nth(t.context_n, c)),
            ("scale", "min") => Some(t.scale_min.to_owned()),
            ("scale", "max") => Some(t.scale_max.to_owned()),
            ("scale", "not_applicable") => Some(t.not_applicable_label.to_owned()),
            ("scale", "labels") => self
                .path
                .rsplit_once('[')
                .and_then(|(_, n)| n.trim_end_matches(']').parse().ok())
                .map(|p| self.nth(t.point_label, p)),
            ("scoring", "mode") => Some(t.mode_label.to_owned()),
            ("scoring", "stages") => self.num("stages").map(|s| self.nth(t.stage_n, s)),
            _ => None,
        }
    }
}

/// "Introduction" as it reads after a comma, "introduction" (the interface languages write
/// their labels with a capital; Arabic has none).
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{AR, EN, FR, LANGUAGES, PT, strings};

    /// Found in the walk-through: "Questionnaire: …" three times, for the title, the
    /// introduction and the audience, which could not be told apart.
    #[test]
    fn a_place_names_its_field_in_every_language() {
        let d = Draft::blank("en");
        assert_eq!(where_of(&EN, &d, "title.en"), "Questionnaire, title:");
        assert_eq!(where_of(&EN, &d, "description.en"), "Questionnaire, introduction:");
        assert_eq!(where_of(&FR, &d, "description.fr"), "Questionnaire, introduction\u{a0}:");
        assert_eq!(where_of(&PT, &d, "audience"), "Questionário, quem responde e quanto tempo leva:");
        assert_eq!(where_of(&EN, &d, "scale.labels.en[2]"), "Answer scale, label of point 3:");
        assert_eq!(where_of(&EN, &d, "dimensions[0].title.en"), "Area 1, area name:");
        assert_eq!(where_of(&EN, &d, "scoring.bands[1].label.en"), "Scoring, bands, band 2:");
        assert!(where_of(&AR, &d, "audience").starts_with("الاستبيان"));
        for (code, _) in LANGUAGES {
            let t = strings(code);
            let places: Vec<String> = ["title.en", "description.en", "audience.en", "id", "version"]
                .iter()
                .map(|p| where_of(t, &d, p))
                .collect();
            let mut distinct = places.clone();
            distinct.sort();
            distinct.dedup();
            assert_eq!(distinct.len(), places.len(), "{code}: {places:?}");
        }
    }
}
