//! A minimal XML reader for the parts of a workbook: start tags with their attributes, end
//! tags and text, one event at a time, with no tree and no recursion (so nesting of any depth
//! costs nothing but a counter).
//!
//! Names are read without their namespace prefix (`x:c` is `c`, `r:id` is `id`): some writers
//! prefix every element, and the parts' vocabularies do not clash. The five predefined entities
//! and character references are decoded; any other entity, and a document type (which is where
//! entities would be defined), is refused. CDATA sections are text. Processing instructions and
//! comments are skipped. A document that ends inside a tag or before its elements are closed is
//! refused: the part was cut short.

use std::borrow::Cow;

/// One step through a document.
pub(super) enum Event<'a> {
    /// `<name …>` or, with `empty`, `<name …/>`.
    Start {
        name: &'a str,
        attrs: Attrs<'a>,
        empty: bool,
    },
    End {
        name: &'a str,
    },
    Text(Cow<'a, str>),
}

/// The attributes of a start tag, read when asked for.
pub(super) struct Attrs<'a> {
    raw: &'a str,
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

impl<'a> Attrs<'a> {
    /// The value of the attribute whose local name is `wanted`, decoded.
    pub(super) fn get(&self, wanted: &str) -> Result<Option<Cow<'a, str>>, String> {
        let mut rest = self.raw;
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                return Ok(None);
            }
            let (name, after) = rest.split_once('=').ok_or("an attribute without a value")?;
            let after = after.trim_start();
            let quote =
                after.chars().next().filter(|q| *q == '"' || *q == '\'').ok_or("an attribute value without quotes")?;
            let (value, next) = after[1..].split_once(quote).ok_or("an attribute value that is not closed")?;
            if local(name.trim()) == wanted {
                return unescape(value).map(Some);
            }
            rest = next;
        }
    }
}

/// Text with its entities and character references decoded.
pub(super) fn unescape(text: &str) -> Result<Cow<'_, str>, String> {
    if !text.contains('&') {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let end = rest.find(';').filter(|&e| e <= 10).ok_or("a \"&\" that starts no entity (write it &amp;)")?;
        let entity = &rest[..end];
        let ch = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = if let Some(hex) = entity.strip_prefix("#x").or_else(|| entity.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    entity.strip_prefix('#').and_then(|dec| dec.parse().ok())
                };
                number
                    .and_then(char::from_u32)
                    .filter(|c| *c != '\0')
                    .ok_or_else(|| format!("an unknown entity \"&{entity};\""))?
            }
        };
        out.push(ch);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// Reads events from one part's text.
pub(super) struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str) -> Reader<'a> {
        Reader { text: text.strip_prefix('\u{feff}').unwrap_or(text), at: 0, depth: 0 }
    }

    /// Where the reader is, in bytes, for messages.
    pub(super) fn position(&self) -> usize {
        self.at
    }

    /// The next event, `None` at a proper end of the document.
    pub(super) fn next(&mut self) -> Result<Option<Event<'a>>, String> {
        loop {
            let rest = &self.text[self.at..];
            if rest.is_empty() {
                if self.depth > 0 {
                    return Err("it ends before its elements are closed (the file is cut short?)".into());
                }
                return Ok(None);
            }
            if !rest.starts_with('<') {
                let stop = rest.find('<').unwrap_or(rest.len());
                self.at += stop;
                return unescape(&rest[..stop]).map(|t| Some(Event::Text(t)));
            }
            let skip = |open: &str, close: &str| -> Result<Option<usize>, String> {
                if !rest.starts_with(open) {
                    return Ok(None);
                }
                let end = rest[open.len()..].find(close).ok_or("it ends inside a comment, CDATA or declaration")?;
                Ok(Some(open.len() + end + close.len()))
            };
            if let Some(len) = skip("<?", "?>")?.or(skip("<!--", "-->")?) {
                self.at += len;
                continue;
            }
            if let Some(len) = skip("<![CDATA[", "]]>")? {
                self.at += len;
                return Ok(Some(Event::Text(Cow::Borrowed(&rest["<![CDATA[".len()..len - 3]))));
            }
            if rest.starts_with("<!") {
                return Err("it declares a document type, which no workbook part has".into());
            }
            // A tag: its end is the first `>` outside quotes.
            let mut quote = None;
            let end = rest
                .char_indices()
                .skip(1)
                .find(|&(_, c)| match quote {
                    Some(q) if c == q => {
                        quote = None;
                        false
                    }
                    Some(_) => false,
                    None if c == '"' || c == '\'' => {
                        quote = Some(c);
                        false
                    }
                    None => c == '>' || c == '<',
                })
                .map(|(i, _)| i)
                .filter(|&i| rest.as_bytes()[i] == b'>')
                .ok_or("a tag that is not closed")?;
            let inside = &rest[1..end];
            self.at += end + 1;
            if let Some(name) = inside.strip_prefix('/') {
                self.depth = self.depth.checked_sub(1).ok_or("an end tag with no element to close")?;
                return Ok(Some(Event::End { name: local(name.trim()) }));
            }
            let (inside, empty) = match inside.strip_suffix('/') {
                Some(inner) => (inner, true),
                None => (inside, false),
            };
            let name_end = inside.find(|c: char| c.is_ascii_whitespace()).unwrap_or(inside.len());
            let name = &inside[..name_end];
            if name.is_empty() {
                return Err("a tag without a name".into());
            }
            if !empty {
                self.depth += 1;
            }
            return Ok(Some(Event::Start { name: local(name), attrs: Attrs { raw: &inside[name_end..] }, empty }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events of a document in a compact form, or the error.
    fn events(text: &str) -> Result<Vec<String>, String> {
        let mut reader = Reader::new(text);
        let mut out = Vec::new();
        while let Some(event) = reader.next()? {
            out.push(match event {
                Event::Start { name, attrs, empty } => {
                    let r = attrs.get("r")?.map(|v| format!(" r={v}")).unwrap_or_default();
                    format!("<{name}{r}{}>", if empty { "/" } else { "" })
                }
                Event::End { name } => format!("</{name}>"),
                Event::Text(t) => t.into_owned(),
            });
        }
        Ok(out)
    }

    #[test]
    fn prefixes_entities_cdata_comments_and_declarations() {
        let doc = "\u{feff}<?xml version=\"1.0\"?><!-- a comment --><x:c r='B&amp;7' t=\"s\"><x:v>a &lt;&gt;&quot;&apos;&#10;&#x41;</x:v><![CDATA[<not a tag>]]></x:c><e/>";
        assert_eq!(events(doc).unwrap(), ["<c r=B&7>", "<v>", "a <>\"'\nA", "</v>", "<not a tag>", "</c>", "<e/>"]);
        assert_eq!(events("<a b=\"x>y\">t</a>").unwrap(), ["<a>", "t", "</a>"]);
    }

    #[test]
    fn hostile_documents_are_refused_with_a_reason_and_never_panic() {
        for (doc, why) in [
            ("<a>&nbsp;</a>", "unknown entity"),
            ("<a>&#0;</a>", "unknown entity"),
            ("<a>&#xD800;</a>", "unknown entity"),
            ("<a>&#x110000;</a>", "unknown entity"),
            ("<a>&#99999999999999;</a>", "starts no entity"),
            ("<a>& b</a>", "starts no entity"),
            ("<a>", "cut short"),
            ("<a><b", "not closed"),
            ("<a b=\"x", "not closed"),
            ("</a>", "no element to close"),
            ("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "document type"),
            ("<a><!-- never closed", "ends inside"),
            ("<a><![CDATA[ never closed", "ends inside"),
            ("< >", "without a name"),
        ] {
            let err = events(doc).expect_err(doc);
            assert!(err.contains(why), "{doc}: {err}");
        }
        // An attribute that is not well formed is refused when it is asked for.
        assert!(events("<a r>x</a>").is_err());
        assert!(events("<a r=x>x</a>").is_err());
        // Very deep nesting: a counter, no recursion; unclosed, it is refused.
        let deep = "<a>".repeat(200_000);
        assert!(events(&deep).unwrap_err().contains("cut short"));
        let closed = format!("{deep}{}", "</a>".repeat(200_000));
        assert_eq!(events(&closed).unwrap().len(), 400_000);
        // Every prefix of a small document either reads or is refused; none panics.
        let doc = "<?xml version=\"1.0\"?><s:sst><si><t xml:space=\"preserve\"> a&amp;b </t></si><![CDATA[x]]><!--c--></s:sst>";
        for cut in 0..=doc.len() {
            let _ = events(&doc[..cut]);
        }
    }
}
