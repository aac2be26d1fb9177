//! Writing a workbook: the draft as the four sheets' XML, stored into a zip by hand (`zip.rs`).

use partnerscope_core::instrument::ItemKind;

use super::GROUP_LIST;
use crate::model::{Draft, Text};

pub(super) fn col_name(mut c: usize) -> String {
    let mut name = String::new();
    c += 1;
    while c > 0 {
        let r = (c - 1) % 26;
        name.insert(0, char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    name
}

pub(super) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// One worksheet's XML, every cell an inline string.
pub(super) fn sheet_xml(rows: &[Vec<String>]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for (r, row) in rows.iter().enumerate() {
        out.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, value) in row.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let space = if value.starts_with(' ') || value.ends_with(' ') { " xml:space=\"preserve\"" } else { "" };
            out.push_str(&format!(
                "<c r=\"{}{}\" t=\"inlineStr\"><is><t{space}>{}</t></is></c>",
                col_name(c),
                r + 1,
                xml_escape(value)
            ));
        }
        out.push_str("</row>");
    }
    out.push_str("</sheetData></worksheet>");
    out
}

fn lang_column(base: &str, lang: &str) -> String {
    let name = crate::i18n::language_name(lang);
    // "Français (fr)" already carries the tag; an unknown tag is written as "fr (fr)".
    if name.ends_with(')') { format!("{base}::{name}") } else { format!("{base}::{lang} ({lang})") }
}

/// The draft as an XLSForm workbook (.xlsx bytes).
pub fn export(d: &Draft) -> Vec<u8> {
    // partnerscope: what XLSForm cannot say, as JSON fragments of the instrument.
    let extras = extras(d);
    let files: [(&str, String); 9] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", ROOT_RELS.to_owned()),
        ("xl/workbook.xml", WORKBOOK.to_owned()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_owned()),
        ("xl/worksheets/sheet1.xml", sheet_xml(&survey(d))),
        ("xl/worksheets/sheet2.xml", sheet_xml(&choices(d))),
        ("xl/worksheets/sheet3.xml", sheet_xml(&settings(d))),
        ("xl/worksheets/sheet4.xml", sheet_xml(&extras)),
        ("docProps/app.xml", APP.to_owned()),
    ];
    let parts: Vec<(&str, &[u8])> = files.iter().map(|(name, text)| (*name, text.as_bytes())).collect();
    super::zip::write_stored(&parts)
}

fn get(t: &Text, l: &str) -> String {
    t.get(l).cloned().unwrap_or_default()
}

/// The `survey` sheet's rows: the start page's notes, the groups' and the context questions,
/// then each area as a group of its statements.
fn survey(d: &Draft) -> Vec<Vec<String>> {
    let langs = &d.locales;
    let mut survey = vec![{
        let mut h = vec!["type".to_owned(), "name".to_owned()];
        h.extend(langs.iter().map(|l| lang_column("label", l)));
        h.extend(["required".to_owned(), "partnerscope_reverse".to_owned(), "partnerscope_weight".to_owned()]);
        h
    }];
    let row = |kind: &str, name: &str, text: &Text, required: &str, reverse: &str, weight: &str| {
        let mut r = vec![kind.to_owned(), name.to_owned()];
        r.extend(langs.iter().map(|l| get(text, l)));
        r.extend([required.to_owned(), reverse.to_owned(), weight.to_owned()]);
        r
    };
    if !d.description.is_empty() {
        survey.push(row("note", "intro", &d.description, "", "", ""));
    }
    if !d.audience.is_empty() {
        survey.push(row("note", "audience", &d.audience, "", "", ""));
    }
    let group_label: Text = Text::from([("en".to_owned(), "Which group are you in?".to_owned())]);
    if !d.groups.is_empty() {
        survey.push(row(&format!("select_one {GROUP_LIST}"), GROUP_LIST, &group_label, "yes", "", ""));
    }
    for q in &d.context {
        survey.push(row(&format!("select_one ctx_{}", q.id), &q.id, &q.label, "yes", "", ""));
    }
    for dim in &d.dimensions {
        survey.push(row("begin_group", &dim.id, &dim.title, "", "", ""));
        for item in &dim.items {
            match item.kind {
                ItemKind::Scale => survey.push(row(
                    "select_one scale",
                    &item.id,
                    &item.text,
                    if item.required { "yes" } else { "no" },
                    if item.reverse { "yes" } else { "" },
                    if item.weight.trim() == "1" { "" } else { item.weight.trim() },
                )),
                ItemKind::Comment => {
                    survey.push(row("text", &item.id, &item.text, if item.required { "yes" } else { "no" }, "", ""));
                }
            }
        }
        survey.push(row("end_group", "", &Text::new(), "", "", ""));
    }
    survey
}

/// The `choices` sheet's rows: the scale's points (their labels, else the standard ones, else
/// the number) and its "not applicable" choice, the groups, each context question's answers.
fn choices(d: &Draft) -> Vec<Vec<String>> {
    let langs = &d.locales;
    let mut choices = vec![{
        let mut h = vec!["list_name".to_owned(), "name".to_owned()];
        h.extend(langs.iter().map(|l| lang_column("label", l)));
        h
    }];
    let choice = |list: &str, name: &str, label: Vec<String>| {
        let mut r = vec![list.to_owned(), name.to_owned()];
        r.extend(label);
        r
    };
    let min: i32 = d.scale_min.trim().parse().unwrap_or(1);
    let max: i32 = d.scale_max.trim().parse().unwrap_or(5);
    for (p, value) in (min..=max).enumerate() {
        let labels = langs
            .iter()
            .map(|l| {
                d.scale_labels.get(l).and_then(|x| x.get(p)).cloned().unwrap_or_else(|| {
                    partnerscope_core::instrument::default_labels(l, min, max)
                        .and_then(|x| x.get(p).map(|s| (*s).to_owned()))
                        .unwrap_or_else(|| value.to_string())
                })
            })
            .collect();
        choices.push(choice("scale", &value.to_string(), labels));
    }
    // The "not applicable" choice, when the questionnaire names it (otherwise the standard label).
    if !d.not_applicable.is_empty() {
        choices.push(choice("scale", "na", langs.iter().map(|l| get(&d.not_applicable, l)).collect()));
    }
    for g in &d.groups {
        choices.push(choice(GROUP_LIST, &g.id, langs.iter().map(|l| get(&g.label, l)).collect()));
    }
    for q in &d.context {
        for o in &q.options {
            choices.push(choice(&format!("ctx_{}", q.id), &o.id, langs.iter().map(|l| get(&o.label, l)).collect()));
        }
    }
    choices
}

/// The `settings` sheet: its header and one row (id, version, default language, the title in
/// each language).
fn settings(d: &Draft) -> Vec<Vec<String>> {
    let langs = &d.locales;
    let default = langs.first().cloned().unwrap_or_else(|| "en".into());
    let mut settings_head =
        vec!["form_id".to_owned(), "version".to_owned(), "default_language".to_owned(), "form_title".to_owned()];
    let mut settings_row =
        vec![d.id.clone(), d.version.clone(), lang_column("x", &default)[3..].to_owned(), get(&d.title, &default)];
    for l in langs.iter().skip(1) {
        settings_head.push(lang_column("form_title", l));
        settings_row.push(get(&d.title, l));
    }
    vec![settings_head, settings_row]
}

/// The `partnerscope` sheet's rows.
fn extras(d: &Draft) -> Vec<Vec<String>> {
    let json = d.to_json();
    let Ok(partnerscope_core::json::Value::Object(members)) = partnerscope_core::json::parse(&json) else {
        return Vec::new();
    };
    let member = |key: &str| members.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let mut rows = vec![vec!["key".to_owned(), "value".to_owned()]];
    if let Some(scoring) = member("scoring") {
        rows.push(vec!["scoring".into(), to_json(scoring)]);
    }
    let mut settings = String::from("{");
    for key in ["min_answered_share", "anonymity_k", "gap_threshold", "balance", "description", "audience", "groups"] {
        if let Some(v) = member(key) {
            if settings.len() > 1 {
                settings.push(',');
            }
            partnerscope_core::json::write_string(&mut settings, key);
            settings.push(':');
            settings.push_str(&to_json(v));
        }
    }
    settings.push('}');
    rows.push(vec!["settings".into(), settings]);
    if let Some(partnerscope_core::json::Value::Array(dims)) = member("dimensions") {
        for (dim, value) in d.dimensions.iter().zip(dims) {
            rows.push(vec![format!("area.{}", dim.id), to_json(value)]);
        }
    }
    rows
}

/// A JSON value written back as text (the core's reader has no writer; this one is minimal).
fn to_json(v: &partnerscope_core::json::Value) -> String {
    use partnerscope_core::json::Value;
    let mut out = String::new();
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&partnerscope_core::text::written(*n)),
        Value::String(s) => partnerscope_core::json::write_string(&mut out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&to_json(item));
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                partnerscope_core::json::write_string(&mut out, k);
                out.push(':');
                out.push_str(&to_json(item));
            }
            out.push('}');
        }
    }
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet4.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="survey" sheetId="1" r:id="rId1"/><sheet name="choices" sheetId="2" r:id="rId2"/><sheet name="settings" sheetId="3" r:id="rId3"/><sheet name="partnerscope" sheetId="4" r:id="rId4"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet4.xml"/></Relationships>"#;
const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Partnerscope studio</Application></Properties>"#;
