//! Problems found in user-supplied data, each with the path of the offending field.

use std::fmt;

/// One problem in an instrument, a response or an import, located by a JSON-style path
/// (`dimensions[2].items[4].reverse`) or, for CSV, by `row 7, column "q3"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is. Empty when it concerns the whole document.
    pub path: String,
    /// What is wrong and, where it helps, what to do about it.
    pub message: String,
}

impl Diagnostic {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", self.path, self.message) }
    }
}

impl std::error::Error for Diagnostic {}

/// Collects diagnostics while walking a document, so that every problem is reported at once.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics(pub(crate) Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Diagnostic::new(path, message));
    }

    pub(crate) fn into_result<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.0.is_empty() { Ok(value) } else { Err(self.0) }
    }
}

/// Turns a serde_json error into a diagnostic in plain words: no library internals ("expected
/// struct ResponseRef", "expected ident"), and the position as a character count on the line,
/// since an import already says which line.
pub(crate) fn json_error(err: &serde_json::Error) -> Diagnostic {
    use serde_json::error::Category;
    let raw = err.to_string();
    // serde_json appends " at line L column C"; the position is said our way below.
    let raw = raw.rfind(" at line ").map_or(raw.as_str(), |at| &raw[..at]);
    let quoted = |text: &str| text.split('`').nth(1).map(str::to_owned);
    let at = err.column();
    let message = match err.classify() {
        Category::Eof => "the text ends before the response is complete: it may have been cut off".to_owned(),
        Category::Syntax => format!("this is not valid JSON (near character {at})"),
        Category::Io => "the text could not be read".to_owned(),
        Category::Data => {
            if let Some(field) = raw.strip_prefix("unknown field ").and_then(quoted) {
                format!("\"{field}\" is not a field of a response (check its spelling)")
            } else if let Some(field) = raw.strip_prefix("missing field ").and_then(quoted) {
                format!("the field \"{field}\" is missing")
            } else if let Some(field) = raw.strip_prefix("duplicate field ").and_then(quoted) {
                format!("the field \"{field}\" appears twice")
            } else if raw.starts_with("invalid type") || raw.starts_with("invalid value") {
                let expected = raw.rsplit(", expected ").next().filter(|e| !e.contains("struct") && !e.contains("Ref"));
                // serde names Rust types ("u32", "a map"); say what they mean in JSON.
                let plain = |what: &str| -> String {
                    match what {
                        "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "usize" => {
                            "a whole number".to_owned()
                        }
                        "a map" => "an object".to_owned(),
                        "a sequence" => "a list".to_owned(),
                        "a borrowed string" => "a string".to_owned(),
                        other => other.to_owned(),
                    }
                };
                match expected {
                    Some(what) => format!("a value has the wrong type (near character {at}): expected {}", plain(what)),
                    None => format!("this is not a response object (near character {at})"),
                }
            } else if raw.contains("struct") || raw.contains("Ref") || raw.contains("ident") {
                format!("this is not a response object (near character {at})")
            } else {
                // Our own messages (an answer off the scale, too many entries) are plain already.
                raw.to_owned()
            }
        }
    };
    Diagnostic::new("", message)
}

#[cfg(test)]
mod tests {
    use super::json_error;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn message(text: &str) -> String {
        match serde_json::from_str::<crate::response::Response>(text) {
            Err(err) => json_error(&err).message,
            Ok(_) => panic!("{text} was read"),
        }
    }

    #[test]
    fn serde_errors_are_said_in_plain_words() {
        assert_eq!(
            message("{\"schema\":1,\"id\":"),
            "the text ends before the response is complete: it may have been cut off"
        );
        assert_eq!(message("not json"), "this is not valid JSON (near character 2)");
        assert_eq!(
            crate::Response::from_json("[1,2]").map(|_| ()).unwrap_err().message,
            "this is not a response: a response is a JSON object, in braces"
        );
        assert_eq!(message("{\"colour\":1}"), "\"colour\" is not a field of a response (check its spelling)");
        assert_eq!(message("{}"), "the field \"schema\" is missing");
        assert!(message("{\"schema\":\"one\"}").starts_with("a value has the wrong type"));
        assert_eq!(
            message("{\"schema\":[1]}"),
            "a value has the wrong type (near character 10): expected a whole number"
        );
        for text in
            ["{", "{\"answers\":[]}", "{\"schema\":1,\"schema\":1}", "{\"schema\":1,\"id\":[]}", "{\"schema\":[]}"]
        {
            let m = message(text);
            assert!(
                !m.contains("struct")
                    && !m.contains("ident")
                    && !m.contains("Ref")
                    && !m.contains("line 1")
                    && !m.contains("u32"),
                "{text}: {m}"
            );
        }
    }
}
