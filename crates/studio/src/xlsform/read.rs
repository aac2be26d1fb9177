//! Reading a workbook (`book.rs`): every sheet as text cells, then the survey, choices and
//! settings mapped onto a draft, with a note for every row that cannot be.

use std::collections::{BTreeMap, BTreeSet};

use partnerscope_core::instrument::ItemKind;

use super::GROUP_LIST;
use super::book::{Sheet, read_sheets};
use crate::model::{Choice, Context, Dimension, Draft, Group, Item, Text};
use crate::notes::Note;

impl Sheet {
    fn header(&self) -> Vec<String> {
        self.rows.first().map(|r| r.iter().map(|h| h.trim().to_owned()).collect()).unwrap_or_default()
    }
    /// Data rows with their spreadsheet row numbers.
    fn data(&self) -> impl Iterator<Item = (usize, &Vec<String>)> {
        self.rows.iter().enumerate().skip(1).map(|(i, r)| (self.first_row + i, r))
    }
}

/// A `label::English (en)` column's language: the tag in brackets, else a known name, else the
/// text itself when it looks like a tag.
pub(super) fn language_of(column: &str, default: &str) -> Option<String> {
    let rest = column.split_once("::").map(|(_, l)| l.trim())?;
    if let (Some(open), Some(close)) = (rest.rfind('('), rest.rfind(')'))
        && open < close
    {
        return Some(rest[open + 1..close].trim().to_owned());
    }
    let known = [
        ("english", "en"),
        ("french", "fr"),
        ("français", "fr"),
        ("spanish", "es"),
        ("español", "es"),
        ("arabic", "ar"),
        ("portuguese", "pt"),
        ("português", "pt"),
    ];
    let lower = rest.to_ascii_lowercase();
    if let Some((_, tag)) = known.iter().find(|(n, _)| *n == lower) {
        return Some((*tag).to_owned());
    }
    if (2..=8).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-') {
        return Some(rest.to_owned());
    }
    let _ = default;
    None
}

/// The columns of a sheet: plain ones by name, and `label::…` ones by language.
struct Columns {
    plain: BTreeMap<String, usize>,
    /// The languages of the `label` columns, in the sheet's order.
    label_order: Vec<String>,
    /// `base` (label, hint…) → language → column.
    by_lang: BTreeMap<String, BTreeMap<String, usize>>,
}

fn columns(header: &[String], default_lang: &str, sheet: &'static str, notes: &mut Vec<Note>) -> Columns {
    let mut plain = BTreeMap::new();
    let mut by_lang: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut label_order = Vec::new();
    for (c, h) in header.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        let lower = h.to_ascii_lowercase();
        if let Some((base, _)) = lower.split_once("::") {
            match language_of(h, default_lang) {
                Some(lang) => {
                    if base.trim() == "label" && !label_order.contains(&lang) {
                        label_order.push(lang.clone());
                    }
                    by_lang.entry(base.trim().to_owned()).or_default().insert(lang, c);
                }
                None => notes.push(Note::NoLanguageTag { sheet, column: c + 1, header: h.clone() }),
            }
        } else {
            plain.insert(lower.trim().to_owned(), c);
        }
    }
    // `label` alone is the default language's.
    for (base, c) in plain.clone() {
        if ["label", "hint", "form_title"].contains(&base.as_str()) {
            by_lang.entry(base).or_default().entry(default_lang.to_owned()).or_insert(c);
        }
    }
    if label_order.is_empty() && plain.contains_key("label") {
        label_order.push(default_lang.to_owned());
    }
    Columns { plain, label_order, by_lang }
}

impl Columns {
    fn get<'r>(&self, row: &'r [String], name: &str) -> &'r str {
        self.plain.get(name).and_then(|c| row.get(*c)).map_or("", |s| s.trim())
    }
    fn text(&self, row: &[String], base: &str) -> Text {
        self.by_lang
            .get(base)
            .map(|langs| {
                langs
                    .iter()
                    .filter_map(|(l, c)| row.get(*c).map(|s| (l.clone(), s.trim().to_owned())))
                    .filter(|(_, s)| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
    fn languages(&self) -> Vec<String> {
        self.label_order.clone()
    }
}

fn yes(s: &str) -> bool {
    matches!(s.trim().to_ascii_lowercase().as_str(), "yes" | "true" | "1" | "true()" | "y")
}

/// Reads an XLSForm workbook: the draft, and a note for every row or column that could not be
/// mapped (by sheet and row number).
pub fn import(bytes: &[u8]) -> Result<(Draft, Vec<Note>), String> {
    let sheets = read_sheets(bytes)?;
    let find = |name: &str| sheets.iter().find(|s| s.name == name);
    let Some(survey) = find("survey") else {
        return Err("the workbook has no \"survey\" sheet, so it is not an XLSForm".into());
    };
    let mut notes = Vec::new();
    let mut draft = Draft::blank("en");
    draft.dimensions.clear();
    draft.bands.iter_mut().for_each(|b| b.label.clear());

    // Settings first: the default language decides what plain `label` columns are.
    let default_lang = match find("settings") {
        Some(settings) => read_settings(settings, &mut draft, &mut notes),
        None => {
            notes.push(Note::NoSettings);
            String::from("en")
        }
    };

    let cols = columns(&survey.header(), &default_lang, "survey", &mut notes);
    if !cols.plain.contains_key("type") || !cols.plain.contains_key("name") {
        return Err("the \"survey\" sheet's first row must name the columns \"type\" and \"name\"".into());
    }
    let mut languages = cols.languages();
    if languages.is_empty() {
        languages.push(default_lang.clone());
    }
    // The default language first.
    languages.sort_by_key(|l| *l != default_lang);
    draft.locales = languages.clone();

    let lists = match find("choices") {
        Some(choices) => read_choices(choices, &default_lang, &mut notes),
        None => BTreeMap::new(),
    };
    let mut survey_rows = SurveyRows {
        draft: &mut draft,
        notes: &mut notes,
        lists: &lists,
        scale_list: None,
        used_lists: BTreeSet::new(),
        current: None,
    };
    for (row_no, row) in survey.data() {
        survey_rows.row(&cols, row_no, row);
    }
    let SurveyRows { current, scale_list, used_lists, .. } = survey_rows;
    if current.is_some() {
        notes.push(Note::GroupNotClosed);
    }
    if let Some(list) = &scale_list {
        read_scale(&mut draft, lists.get(list).cloned().unwrap_or_default(), &languages, &mut notes);
    }
    for list in lists.keys() {
        if !used_lists.contains(list) {
            notes.push(Note::ListUnused { list: list.clone() });
        }
    }
    if let Some(extra) = find("partnerscope") {
        apply_extras(&mut draft, extra, &mut notes);
    }
    for s in &sheets {
        if !["survey", "choices", "settings", "partnerscope"].contains(&s.name.as_str()) {
            notes.push(Note::SheetNotRead { sheet: s.name.clone() });
        }
    }
    Ok((draft, notes))
}

/// The `settings` sheet: the id, version and title from its first row, a note for each column
/// Partnerscope does not use. Returns the default language (`en` when it names none).
fn read_settings(settings: &Sheet, draft: &mut Draft, notes: &mut Vec<Note>) -> String {
    let mut default_lang = String::from("en");
    let header = settings.header();
    let first = settings.data().next();
    let lang_col = header.iter().position(|h| h.eq_ignore_ascii_case("default_language"));
    if let (Some((_, row)), Some(c)) = (first, lang_col)
        && let Some(lang) = row.get(c).map(|s| s.trim()).filter(|s| !s.is_empty())
    {
        default_lang = language_of(&format!("x::{lang}"), "en").unwrap_or_else(|| lang.to_owned());
    }
    let cols = columns(&header, &default_lang, "settings", notes);
    let Some((_, row)) = first else { return default_lang };
    let id = cols.get(row, "form_id");
    if !id.is_empty() {
        draft.id = id.to_owned();
    }
    let version = cols.get(row, "version");
    if !version.is_empty() {
        draft.version = version.to_owned();
    }
    draft.title = cols.text(row, "form_title");
    for (c, h) in header.iter().enumerate() {
        let known = [
            "form_id",
            "version",
            "default_language",
            "form_title",
            "style",
            "instance_name",
            "public_key",
            "submission_url",
        ];
        let base = h.to_ascii_lowercase();
        let base = base.split("::").next().unwrap_or("");
        if !h.is_empty() && !known.contains(&base) {
            notes.push(Note::SettingUnused { column: c + 1, header: h.clone() });
        }
    }
    default_lang
}

/// A choice list's entries: (row number, name, label).
type List = Vec<(usize, String, Text)>;

/// The `choices` sheet: the choices by list, a note for each row that lacks a list or a name.
fn read_choices(choices: &Sheet, default_lang: &str, notes: &mut Vec<Note>) -> BTreeMap<String, List> {
    let mut lists: BTreeMap<String, List> = BTreeMap::new();
    let ccols = columns(&choices.header(), default_lang, "choices", notes);
    let list_col = if ccols.plain.contains_key("list_name") { "list_name" } else { "list name" };
    for (row_no, row) in choices.data() {
        let list = ccols.get(row, list_col);
        let name = ccols.get(row, "name");
        if list.is_empty() && name.is_empty() {
            continue;
        }
        if list.is_empty() || name.is_empty() {
            notes.push(Note::ChoiceIncomplete { row: row_no });
            continue;
        }
        lists.entry(list.to_owned()).or_default().push((row_no, name.to_owned(), ccols.text(row, "label")));
    }
    lists
}

/// The `survey` sheet read row by row: groups become areas, the `select_one` rows inside them
/// statements on the shared scale, those outside context questions (or the groups' list), text
/// rows inside a group comments, and the intro and audience notes the start page's texts.
struct SurveyRows<'a> {
    draft: &'a mut Draft,
    notes: &'a mut Vec<Note>,
    lists: &'a BTreeMap<String, List>,
    /// The list the first statement uses: the questionnaire's scale.
    scale_list: Option<String>,
    used_lists: BTreeSet<String>,
    /// The area being read (inside a `begin_group`).
    current: Option<usize>,
}

impl SurveyRows<'_> {
    fn row(&mut self, cols: &Columns, row_no: usize, row: &[String]) {
        let kind_raw = cols.get(row, "type");
        let name = cols.get(row, "name").to_owned();
        if kind_raw.is_empty() && name.is_empty() && row.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        let kind = kind_raw.replace(' ', "_").to_ascii_lowercase();
        let label = cols.text(row, "label");
        let mut parts = kind_raw.split_whitespace();
        let head = parts.next().unwrap_or("").to_ascii_lowercase();
        let list = parts.next().map(str::to_owned);
        match (head.as_str(), kind.as_str()) {
            (_, "begin_group") => {
                if self.current.is_some() {
                    self.notes.push(Note::NestedGroup { row: row_no });
                    return;
                }
                self.draft.dimensions.push(Dimension {
                    id: name,
                    title: label,
                    weight: "1".into(),
                    ..Dimension::default()
                });
                self.current = Some(self.draft.dimensions.len() - 1);
            }
            (_, "end_group") => {
                if self.current.take().is_none() {
                    self.notes.push(Note::StrayEndGroup { row: row_no });
                }
            }
            ("select_one", _) => {
                let Some(list) = list else {
                    self.notes.push(Note::SelectOneNoList { row: row_no });
                    return;
                };
                self.select_one(cols, row_no, row, name, label, list);
            }
            ("text", _) => match self.current {
                Some(d) => {
                    let required = cols.get(row, "required");
                    self.draft.dimensions[d].items.push(Item {
                        id: name,
                        text: label,
                        kind: ItemKind::Comment,
                        // Never asked of a respondent for a comment; kept as the document says.
                        required: required.is_empty() || yes(required),
                        ..Item::default()
                    });
                }
                None => self.notes.push(Note::TextOutsideGroup { row: row_no }),
            },
            ("note", _) if self.current.is_none() && (name == "intro" || name == "audience") => {
                if name == "intro" {
                    self.draft.description = label;
                } else {
                    self.draft.audience = label;
                }
            }
            _ => self.notes.push(Note::UnknownType { row: row_no, kind: kind_raw.to_owned(), name }),
        }
    }

    /// A `select_one` row: a statement inside an area, else the groups' question or a context
    /// question with the list's choices as its answers.
    fn select_one(&mut self, cols: &Columns, row_no: usize, row: &[String], name: String, label: Text, list: String) {
        self.used_lists.insert(list.clone());
        match self.current {
            Some(d) => {
                match &self.scale_list {
                    None => self.scale_list = Some(list.clone()),
                    Some(s) if *s != list => {
                        self.notes.push(Note::OtherList {
                            row: row_no,
                            name: name.clone(),
                            list: list.clone(),
                            scale: s.clone(),
                        });
                    }
                    _ => {}
                }
                let reverse = yes(cols.get(row, "partnerscope_reverse"));
                let weight = cols.get(row, "partnerscope_weight");
                let required = cols.get(row, "required");
                self.draft.dimensions[d].items.push(Item {
                    id: name,
                    text: label,
                    reverse,
                    weight: if weight.is_empty() { "1".into() } else { weight.to_owned() },
                    required: required.is_empty() || yes(required),
                    ..Item::default()
                });
            }
            None if name == GROUP_LIST || list == GROUP_LIST => {
                for (_, id, text) in self.lists.get(&list).cloned().unwrap_or_default() {
                    self.draft.groups.push(Group { id, label: text, name: Text::new() });
                }
            }
            None => {
                let options = self
                    .lists
                    .get(&list)
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(_, id, label)| Choice { id, label })
                    .collect::<Vec<_>>();
                if options.is_empty() {
                    self.notes.push(Note::EmptyList { row: row_no, list: list.clone() });
                }
                self.draft.context.push(Context { id: name, label, options });
            }
        }
    }
}

/// The scale from its list's choices: its ends from the numbered ones, its labels per language
/// (left out where they are the standard ones), "na" (or a 0 that says "applicable") as the
/// "not applicable" choice's text.
fn read_scale(draft: &mut Draft, choices: List, languages: &[String], notes: &mut Vec<Note>) {
    let mut points: Vec<(i32, Text)> = Vec::new();
    for (row_no, name, text) in choices {
        if name.eq_ignore_ascii_case("na")
            || name == "0" && text.values().any(|t| t.to_ascii_lowercase().contains("appl"))
        {
            draft.not_applicable = text;
        } else if let Ok(n) = name.parse::<i32>() {
            points.push((n, text));
        } else {
            notes.push(Note::ScaleChoice { row: row_no, name });
        }
    }
    points.sort_by_key(|p| p.0);
    let (Some(first), Some(last)) = (points.first(), points.last()) else { return };
    draft.scale_min = first.0.to_string();
    draft.scale_max = last.0.to_string();
    for lang in languages {
        let labels: Vec<String> = points.iter().map(|(_, t)| t.get(lang).cloned().unwrap_or_default()).collect();
        // The standard labels are left implicit, as the instrument JSON leaves them.
        let standard = partnerscope_core::instrument::default_labels(lang, first.0, last.0)
            .is_some_and(|d| d.iter().zip(&labels).all(|(a, b)| a == b) && labels.len() == d.len());
        if labels.iter().any(|l| !l.is_empty()) && !standard {
            draft.scale_labels.insert(lang.clone(), labels);
        }
    }
}

/// The `partnerscope` sheet: `key`, `value` (a JSON fragment).
fn apply_extras(draft: &mut Draft, sheet: &Sheet, notes: &mut Vec<Note>) {
    for (row_no, row) in sheet.data() {
        let key = row.first().map_or("", |s| s.trim());
        let value = row.get(1).map_or("", |s| s.trim());
        if key.is_empty() {
            continue;
        }
        // A fragment the JSON reader refuses: its message (in English) says where in the value.
        let unread = |why: String| Note::ExtraUnread { row: row_no, key: key.to_owned(), why };
        let doc = |json: String| Draft::from_json(&json).map(|d| d.0);
        match key {
            "scoring" => match doc(format!("{{\"scoring\":{value}}}")) {
                Ok(d) => {
                    draft.mode = d.mode;
                    draft.bands = d.bands;
                    draft.total_bands = d.total_bands;
                    draft.stages = d.stages;
                }
                Err(e) => notes.push(unread(e)),
            },
            "settings" => match doc(value.to_owned()) {
                Ok(d) => {
                    draft.min_answered_share = d.min_answered_share;
                    draft.anonymity_k = d.anonymity_k;
                    draft.gap_threshold = d.gap_threshold;
                    draft.balance = d.balance;
                    if !d.description.is_empty() {
                        draft.description = d.description;
                    }
                    if !d.audience.is_empty() {
                        draft.audience = d.audience;
                    }
                    draft.groups.iter_mut().zip(d.groups).for_each(|(g, x)| g.name = x.name);
                }
                Err(e) => notes.push(unread(e)),
            },
            _ => {
                if let Some(area) = key.strip_prefix("area.") {
                    let Some(dim) = draft.dimensions.iter_mut().find(|d| d.id == area) else {
                        notes.push(Note::ExtraNoArea { row: row_no, key: key.to_owned() });
                        continue;
                    };
                    match doc(format!("{{\"dimensions\":[{value}]}}")) {
                        Ok(d) => {
                            if let Some(x) = d.dimensions.into_iter().next() {
                                dim.weight = x.weight;
                                dim.description = x.description;
                                dim.bands = x.bands;
                                dim.recommendations = x.recommendations;
                                for (item, extra) in dim.items.iter_mut().zip(x.items) {
                                    item.group_text = extra.group_text;
                                    item.not_applicable = extra.not_applicable;
                                }
                            }
                        }
                        Err(e) => notes.push(unread(e)),
                    }
                } else {
                    notes.push(Note::ExtraUnknown { row: row_no, key: key.to_owned() });
                }
            }
        }
    }
}
