//! Prepares the built-in instruments for compiling in: white space outside strings goes, and so
//! do the dimensions' `source` notes (documentation for authors and tests, never shown to a
//! respondent; the tests read them from the files themselves). Nothing else changes; the
//! instruments are parsed and validated at run time as any other.

use std::path::Path;

fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

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
/// wording, group-specific wordings of statements and the areas' descriptions. Those become a
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
    for dimension in doc.get_mut("dimensions").and_then(|d| d.as_array_mut()).into_iter().flatten() {
        if let Some(description) = dimension.get_mut("description") {
            placeholder(description);
        }
        for item in dimension.get_mut("items").and_then(|i| i.as_array_mut()).into_iter().flatten() {
            if let Some(item) = item.as_object_mut() {
                item.remove("group_text");
            }
        }
    }
    serde_json::to_string(&doc).expect("JSON serialises")
}

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let source_dir = Path::new("instruments");
    println!("cargo::rerun-if-changed=instruments");
    let mut entries: Vec<_> = std::fs::read_dir(source_dir).expect("instruments/ exists").flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    // Every title, `{"<id>":{"en":…},…}`: the instrument picker needs them even in a build
    // without the instruments' text.
    let mut titles = String::from("{");
    for entry in entries {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).expect("instrument files are UTF-8");
            let minified = drop_sources(&minify(&text));
            let id = path.file_stem().and_then(|s| s.to_str()).expect("a file name");
            if titles.len() > 1 {
                titles.push(',');
            }
            titles.push_str(&format!("\"{id}\":{}", title_of(&minified)));
            let target = Path::new(&out_dir).join(path.file_name().expect("a file name"));
            std::fs::write(Path::new(&out_dir).join(format!("{id}.lean.json")), for_the_report(&minified))
                .expect("OUT_DIR is writable");
            std::fs::write(target, minified).expect("OUT_DIR is writable");
        }
    }
    titles.push('}');
    std::fs::write(Path::new(&out_dir).join("titles.json"), titles).expect("OUT_DIR is writable");
}
