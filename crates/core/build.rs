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

/// The same instrument for a reader that never shows the statements themselves (the
/// facilitator's report): each item's text becomes a one-character placeholder in every locale,
/// and group-specific wordings go. Ids, structure, scale, titles and advice are unchanged.
fn without_item_text(json: &str) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(json).expect("built-in instruments are valid JSON");
    if let Some(dimensions) = doc.get_mut("dimensions").and_then(|d| d.as_array_mut()) {
        for dimension in dimensions {
            if let Some(items) = dimension.get_mut("items").and_then(|i| i.as_array_mut()) {
                for item in items {
                    let Some(item) = item.as_object_mut() else { continue };
                    item.remove("group_text");
                    if let Some(text) = item.get_mut("text").and_then(|t| t.as_object_mut()) {
                        for value in text.values_mut() {
                            *value = serde_json::Value::String("\u{2026}".into());
                        }
                    }
                }
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
            std::fs::write(Path::new(&out_dir).join(format!("{id}.lean.json")), without_item_text(&minified))
                .expect("OUT_DIR is writable");
            std::fs::write(target, minified).expect("OUT_DIR is writable");
        }
    }
    titles.push('}');
    std::fs::write(Path::new(&out_dir).join("titles.json"), titles).expect("OUT_DIR is writable");
}
