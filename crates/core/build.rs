//! Prepares the built-in instruments for compiling in: white space outside strings goes, and so
//! do the dimensions' `source` notes (documentation for authors and tests, never shown to a
//! respondent; the tests read them from the files themselves). Nothing else changes; the
//! instruments are parsed and validated at run time as any other. They are stored packed (each
//! language's texts in a table of its own, see `src/pack.rs`), twice: in full for the survey,
//! and lean for the report (`for_the_report`).

use std::fmt::Write as _;
use std::path::Path;

// The packing and the minifier, shared with the crate itself and with `cargo xtask dist`.
#[path = "src/pack.rs"]
mod pack;

/// Removes every `"source":"…"` member from minified JSON. Instrument text never contains that
/// exact key pattern inside a string, and the result is checked by validation at run time.
fn drop_sources(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(at) = rest.find(",\"source\":\"") {
        out.push_str(&rest[..at]);
        let value = &rest[at + ",\"source\":\"".len()..];
        // Find the closing quote of the string value, skipping escaped characters.
        let mut end = 0;
        let bytes = value.as_bytes();
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        rest = &value[(end + 1).min(value.len())..];
    }
    out.push_str(rest);
    out
}

/// The value of the top-level `"title"` member of minified instrument JSON, as its JSON text.
/// The title is an object of plain strings (`{"en":"…","fr":"…"}`), so it ends at the first `}`
/// outside a string.
fn title_of(json: &str) -> &str {
    let start = json.find("\"title\":{").expect("every built-in instrument has a title") + "\"title\":".len();
    let bytes = json.as_bytes();
    let (mut at, mut in_string) = (start, false);
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if in_string => at += 1,
            b'"' => in_string = !in_string,
            b'}' if !in_string => return &json[start..=at],
            _ => {}
        }
        at += 1;
    }
    panic!("an instrument's title object is not closed")
}

/// The same instrument for the facilitator's report, which shows the statements, the areas, the
/// bands, the advice and the groups' report names, but never what only a respondent reads: the
/// introduction and audience, the scale's labels, the groups' own labels, the context questions'
/// wording, group-specific wordings of statements, the areas' descriptions, the balance advice,
/// the stages' descriptions and the recommendations chosen by a context answer. Those become a
/// one-character placeholder in every locale (a text must still be there to validate). Ids,
/// structure, scale, titles, statements and advice are unchanged.
fn for_the_report(json: &str) -> String {
    fn placeholder(text: &mut serde_json::Value) {
        match text {
            serde_json::Value::Object(map) => {
                for value in map.values_mut() {
                    placeholder(value);
                }
            }
            serde_json::Value::Array(list) => list.iter_mut().for_each(placeholder),
            serde_json::Value::String(s) => *s = "\u{2026}".into(),
            _ => {}
        }
    }
    let mut doc: serde_json::Value = serde_json::from_str(json).expect("built-in instruments are valid JSON");
    for key in ["description", "audience", "intro", "time"] {
        if let Some(text) = doc.get_mut(key) {
            placeholder(text);
        }
    }
    if let Some(scale) = doc.get_mut("scale").and_then(|s| s.as_object_mut()) {
        for key in ["labels", "not_applicable"] {
            if let Some(text) = scale.get_mut(key) {
                placeholder(text);
            }
        }
    }
    for group in doc.get_mut("groups").and_then(|g| g.as_array_mut()).into_iter().flatten() {
        if let Some(label) = group.get_mut("label") {
            placeholder(label);
        }
    }
    for question in doc.get_mut("context").and_then(|c| c.as_array_mut()).into_iter().flatten() {
        if let Some(label) = question.get_mut("label") {
            placeholder(label);
        }
        for option in question.get_mut("options").and_then(|o| o.as_array_mut()).into_iter().flatten() {
            if let Some(label) = option.get_mut("label") {
                placeholder(label);
            }
        }
    }
    // The report judges groups, not respondents: it never has a balance verdict's advice to
    // give, nor a stage's description, nor a recommendation chosen by a context answer (those
    // need one respondent's answers; `score::verdicts` gets none from the report).
    if let Some(advice) = doc.get_mut("balance").and_then(|b| b.get_mut("advice")) {
        placeholder(advice);
    }
    for stage in doc.pointer_mut("/scoring/stages").and_then(|s| s.as_array_mut()).into_iter().flatten() {
        if let Some(description) = stage.get_mut("description") {
            placeholder(description);
        }
    }
    for dimension in doc.get_mut("dimensions").and_then(|d| d.as_array_mut()).into_iter().flatten() {
        if let Some(description) = dimension.get_mut("description") {
            placeholder(description);
        }
        for recommendation in dimension.get_mut("recommendations").and_then(|r| r.as_array_mut()).into_iter().flatten()
        {
            if recommendation.get("when").is_some()
                && let Some(text) = recommendation.get_mut("text")
            {
                placeholder(text);
            }
        }
        for item in dimension.get_mut("items").and_then(|i| i.as_array_mut()).into_iter().flatten() {
            if let Some(item) = item.as_object_mut() {
                item.remove("group_text");
            }
        }
    }
    serde_json::to_string(&doc).expect("JSON serialises")
}

/// Writes one packed set of questionnaires (`name` is `full` or `lean`): a table per language,
/// `<name>.<language>.txt`, a skeleton per questionnaire, `<name>.<id>.txt`, and `<name>.rs`,
/// which `builtin.rs` includes: the tables and, per questionnaire, its skeleton and where its
/// texts start in each table. Every questionnaire is unpacked again here and must come back
/// byte for byte.
fn write_set(out_dir: &Path, name: &str, docs: &[(String, String)]) {
    let mut tables: [Vec<u8>; 5] = Default::default();
    let mut code = String::from("// Written by build.rs.\n");
    let _ = writeln!(code, "static {}: [Packed; {}] = [", name.to_uppercase(), docs.len());
    let mut skeletons = Vec::new();
    for (id, json) in docs {
        let (skeleton, texts) = pack::split(json);
        let starts: [usize; 5] = std::array::from_fn(|l| tables[l].len());
        for (table, texts) in tables.iter_mut().zip(&texts) {
            table.extend_from_slice(texts);
        }
        let file = format!("{name}.{id}.txt");
        std::fs::write(out_dir.join(&file), &skeleton).expect("OUT_DIR is writable");
        let _ = writeln!(
            code,
            "    Packed {{ id: {id:?}, skeleton: include_str!(concat!(env!(\"OUT_DIR\"), \"/{file}\")), starts: [{}] }},",
            starts.map(|s| s.to_string()).join(", ")
        );
        skeletons.push((skeleton, starts, json));
    }
    code.push_str("];\n");
    let _ = writeln!(code, "static {}_TEXTS: [&[u8]; {}] = [", name.to_uppercase(), pack::LANGUAGES.len());
    for (language, table) in pack::LANGUAGES.iter().zip(&tables) {
        let file = format!("{name}.{language}.bin");
        std::fs::write(out_dir.join(&file), table).expect("OUT_DIR is writable");
        let _ = writeln!(code, "    include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\")),");
    }
    code.push_str("];\n");
    for (skeleton, starts, json) in skeletons {
        let back = pack::join(&skeleton, std::array::from_fn(|l| &tables[l][starts[l]..]));
        assert!(back == *json, "a built-in questionnaire does not unpack to itself; see src/pack.rs");
    }
    std::fs::write(out_dir.join(format!("{name}.rs")), code).expect("OUT_DIR is writable");
}

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let source_dir = Path::new("instruments");
    println!("cargo::rerun-if-changed=instruments");
    println!("cargo::rerun-if-changed=src/pack.rs");
    let mut entries: Vec<_> = std::fs::read_dir(source_dir).expect("instruments/ exists").flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    // Every title, `{"<id>":{"en":…},…}`: the instrument picker needs them even in a build
    // without the instruments' text.
    let mut titles = String::from("{");
    let (mut full, mut lean) = (Vec::new(), Vec::new());
    for entry in entries {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).expect("instrument files are UTF-8");
            let minified = drop_sources(&pack::minify(&text));
            let id = path.file_stem().and_then(|s| s.to_str()).expect("a file name");
            if titles.len() > 1 {
                titles.push(',');
            }
            titles.push_str(&format!("\"{id}\":{}", title_of(&minified)));
            lean.push((id.to_owned(), for_the_report(&minified)));
            full.push((id.to_owned(), minified));
        }
    }
    titles.push('}');
    write_set(Path::new(&out_dir), "full", &full);
    write_set(Path::new(&out_dir), "lean", &lean);
    std::fs::write(Path::new(&out_dir).join("titles.json"), titles).expect("OUT_DIR is writable");
}
