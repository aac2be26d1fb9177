//! A workbook's sheets as text cells, from its parts: `xl/workbook.xml` (the sheets' names and
//! relationship ids), `xl/_rels/workbook.xml.rels` (where each sheet's part is),
//! `xl/sharedStrings.xml` (the text cells refer to) and each worksheet's cells. Styles, formulas
//! (their last value is read), merged cells and everything else are not read: an XLSForm needs
//! only the text and numbers of its cells.

use super::xml::{Attrs, Event, Reader};
use super::zip::Archive;

/// The largest cell reference a spreadsheet has: column XFD, row 1,048,576.
const LAST_COLUMN: u32 = 16_384;
const LAST_ROW: u32 = 1_048_576;
/// The most cells a sheet may span once its rows are laid out (empty cells before the last
/// one in a row included); a form has a few thousand.
pub(super) const CELL_LIMIT: usize = 2_000_000;

/// One sheet as text cells; `rows[r]` is spreadsheet row `first_row + r` (1-based), from the
/// first row with a cell to the last; `rows[r][c]` is column `c` (0 is A).
pub(super) struct Sheet {
    pub(super) name: String,
    pub(super) first_row: usize,
    pub(super) rows: Vec<Vec<String>>,
}

/// The text of a part, or why it cannot be read.
fn part_text(archive: &mut Archive<'_>, part: &str) -> Result<Option<String>, String> {
    match archive.read(part)? {
        None => Ok(None),
        Some(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| format!("the part {part} is not UTF-8 text")),
    }
}

/// Walks a part's events; `on` sees each one. An XML mistake is said with the part and the place.
fn walk<'a>(part: &str, text: &'a str, mut on: impl FnMut(Event<'a>) -> Result<(), String>) -> Result<(), String> {
    let mut reader = Reader::new(text);
    let place =
        |reader: &Reader<'_>, why: String| format!("the part {part} is damaged near byte {}: {why}", reader.position());
    loop {
        match reader.next() {
            Ok(Some(event)) => on(event).map_err(|why| place(&reader, why))?,
            Ok(None) => return Ok(()),
            Err(why) => return Err(place(&reader, why)),
        }
    }
}

/// A relationship's target as a part name: relative to `xl/`, or absolute (`/xl/...`), with
/// `.` and `..` segments resolved.
fn resolve(target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// Every sheet of the workbook, in the workbook's order, names in lower case.
pub(super) fn read_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let not_readable = |e: String| format!("it is not a readable .xlsx workbook ({e})");
    let mut archive = Archive::open(bytes).map_err(not_readable)?;
    let workbook = part_text(&mut archive, "xl/workbook.xml")
        .and_then(|t| t.ok_or_else(|| "it has no part xl/workbook.xml".to_owned()))
        .map_err(not_readable)?;
    let mut listed: Vec<(String, String)> = Vec::new();
    walk("xl/workbook.xml", &workbook, |event| {
        if let Event::Start { name: "sheet", attrs, .. } = event {
            let name = attrs.get("name")?.unwrap_or_default().into_owned();
            let id = attrs.get("id")?.unwrap_or_default().into_owned();
            listed.push((name, id));
        }
        Ok(())
    })
    .map_err(not_readable)?;

    // Relationship id → (type, part).
    let mut relations: Vec<(String, String, String)> = Vec::new();
    if let Some(rels) = part_text(&mut archive, "xl/_rels/workbook.xml.rels").map_err(not_readable)? {
        walk("xl/_rels/workbook.xml.rels", &rels, |event| {
            if let Event::Start { name: "Relationship", attrs, .. } = event {
                if attrs.get("TargetMode")?.is_some_and(|m| m.eq_ignore_ascii_case("external")) {
                    return Ok(());
                }
                let id = attrs.get("Id")?.unwrap_or_default().into_owned();
                let kind = attrs.get("Type")?.unwrap_or_default().into_owned();
                let target = resolve(&attrs.get("Target")?.unwrap_or_default());
                relations.push((id, kind, target));
            }
            Ok(())
        })
        .map_err(not_readable)?;
    }

    let strings_part = relations
        .iter()
        .find(|(_, kind, _)| kind.ends_with("/sharedStrings"))
        .map(|(_, _, part)| part.clone())
        .unwrap_or_else(|| "xl/sharedStrings.xml".to_owned());
    let strings = match part_text(&mut archive, &strings_part).map_err(not_readable)? {
        Some(text) => shared_strings(&strings_part, &text).map_err(not_readable)?,
        None => Vec::new(),
    };

    let mut sheets = Vec::with_capacity(listed.len());
    for (name, id) in listed {
        let cannot = |e: String| format!("the sheet \"{name}\" cannot be read ({e})");
        let relation = relations.iter().find(|(rid, _, _)| *rid == id);
        // The usual place of the first sheets, for a workbook without relationships.
        let part = match relation {
            Some((_, _, part)) => part.clone(),
            None => format!("xl/worksheets/sheet{}.xml", sheets.len() + 1),
        };
        let is_worksheet = relation.is_none_or(|(_, kind, _)| kind.ends_with("/worksheet"));
        // A chart or dialog sheet has no cells; it is listed so the mapping can say it was not read.
        let (first_row, rows) = if is_worksheet {
            let text = part_text(&mut archive, &part)
                .and_then(|t| t.ok_or_else(|| format!("its part {part} is missing from the file")))
                .map_err(cannot)?;
            worksheet(&part, &text, &strings).map_err(cannot)?
        } else {
            (1, Vec::new())
        };
        sheets.push(Sheet { name: name.to_ascii_lowercase(), first_row, rows });
    }
    Ok(sheets)
}

/// The shared strings: each `<si>`'s text, its rich-text runs joined, phonetic readings left out.
fn shared_strings(part: &str, text: &str) -> Result<Vec<String>, String> {
    let mut strings = Vec::new();
    let mut current: Option<String> = None;
    let (mut in_text, mut phonetic) = (false, 0usize);
    walk(part, text, |event| {
        match event {
            Event::Start { name: "si", empty, .. } => {
                if empty {
                    strings.push(String::new());
                } else {
                    current = Some(String::new());
                }
            }
            Event::End { name: "si" } => strings.push(current.take().unwrap_or_default()),
            Event::Start { name: "rPh", empty: false, .. } => phonetic += 1,
            Event::End { name: "rPh" } => phonetic = phonetic.saturating_sub(1),
            Event::Start { name: "t", empty: false, .. } => in_text = true,
            Event::End { name: "t" } => in_text = false,
            Event::Text(t) if in_text && phonetic == 0 => {
                if let Some(s) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(strings)
}

/// `B7` as (row 7, column 1); `None` past XFD1048576 or when it is not a cell reference.
pub(super) fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let split = text.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() || digits.len() > 7 {
        return None;
    }
    let column = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1));
    let row: u32 = digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.parse().ok())??;
    ((1..=LAST_COLUMN).contains(&column) && (1..=LAST_ROW).contains(&row)).then_some((row, column - 1))
}

/// A number's cell text as an author would write it: at most fifteen significant digits, no
/// trailing zeros (`1`, not `1.0`; `0.3` for Excel's `0.30000000000000004`), the same text
/// `partnerscope_core::text::written` gives for the number, worked out on the decimal digits so
/// that no float parser is linked. Text that is not a number is kept as it is.
pub(super) fn number(text: &str) -> String {
    let t = text.trim();
    let (negative, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], &body[at + 1..]),
        None => (body, "0"),
    };
    let exponent_digits = exponent.trim_start_matches(['+', '-']);
    if exponent_digits.is_empty()
        || exponent_digits.len() > 6
        || !exponent_digits.bytes().all(|b| b.is_ascii_digit())
        || exponent.len() - exponent_digits.len() > 1
    {
        return t.to_owned();
    }
    let Ok(exponent) = exponent.parse::<i64>() else { return t.to_owned() };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.len() + fraction.len() == 0 || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return t.to_owned();
    }
    // The value is 0.DIGITS × 10^point.
    let mut digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).map(|b| b - b'0').collect();
    let mut point = whole.len() as i64 + exponent;
    let leading = digits.iter().take_while(|d| **d == 0).count();
    digits.drain(..leading);
    point -= leading as i64;
    if digits.is_empty() {
        return "0".to_owned();
    }
    if digits.len() > 15 {
        let round_up = digits[15] >= 5;
        digits.truncate(15);
        if round_up {
            let mut i = 15;
            loop {
                if i == 0 {
                    digits.insert(0, 1);
                    digits.truncate(15);
                    point += 1;
                    break;
                }
                i -= 1;
                if digits[i] == 9 {
                    digits[i] = 0;
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    let significant: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    let first = point - 1;
    let sign = if negative { "-" } else { "" };
    if !(-5..=15).contains(&first) {
        let (head, rest) = significant.split_at(1);
        let rest = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        return format!("{sign}{head}{rest}e{first}");
    }
    if first < 0 {
        return format!("{sign}0.{}{significant}", "0".repeat((-first - 1) as usize));
    }
    let whole = (first + 1) as usize;
    if significant.len() <= whole {
        format!("{sign}{significant}{}", "0".repeat(whole - significant.len()))
    } else {
        format!("{sign}{}.{}", &significant[..whole], &significant[whole..])
    }
}

/// One cell being read.
#[derive(Default)]
struct Cell {
    row: u32,
    column: u32,
    kind: String,
    value: String,
    inline: String,
    in_value: bool,
    in_inline: bool,
    in_text: bool,
    phonetic: usize,
}

impl Cell {
    /// An element opened inside the cell: its value, its inline text, or a phonetic run
    /// (whose text is not the cell's).
    fn open(&mut self, name: &str) {
        match name {
            "v" => self.in_value = true,
            "is" => self.in_inline = true,
            "t" => self.in_text = true,
            "rPh" => self.phonetic += 1,
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "v" => self.in_value = false,
            "is" => self.in_inline = false,
            "t" => self.in_text = false,
            "rPh" => self.phonetic = self.phonetic.saturating_sub(1),
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        if self.in_value {
            self.value.push_str(t);
        } else if self.in_inline && self.in_text && self.phonetic == 0 {
            self.inline.push_str(t);
        }
    }

    /// The cell's text by its type: a shared text, an inline one, a boolean as yes or no, a
    /// formula's text, or a number as written.
    fn into_text(self, strings: &[String]) -> Result<String, String> {
        Ok(match self.kind.as_str() {
            "s" => {
                let index = self.value.trim();
                let found = index.parse::<usize>().ok().and_then(|i| strings.get(i));
                found
                    .cloned()
                    .ok_or_else(|| format!("a cell refers to the shared text \"{index}\", which does not exist"))?
            }
            "inlineStr" => self.inline,
            "b" => (if self.value.trim() == "1" { "yes" } else { "no" }).to_owned(),
            "str" | "e" | "d" => self.value,
            _ if self.value.is_empty() => self.inline,
            _ => number(&self.value),
        })
    }
}

/// A `<row>`'s number: its `r`, else the one after `previous`.
fn row_number(attrs: &Attrs<'_>, previous: u32) -> Result<u32, String> {
    let row_no = match attrs.get("r")? {
        Some(r) => r
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=LAST_ROW).contains(n))
            .ok_or_else(|| format!("the row number \"{r}\" is not one a spreadsheet has"))?,
        None => previous + 1,
    };
    if row_no > LAST_ROW {
        return Err("it has more rows than a spreadsheet can".into());
    }
    Ok(row_no)
}

/// A `<c>`'s row and column: its `r`, else the next column of the row being read.
fn cell_place(attrs: &Attrs<'_>, row_no: u32, next_column: u32) -> Result<(u32, u32), String> {
    match attrs.get("r")? {
        Some(r) => cell_ref(r.trim()).ok_or_else(|| format!("the cell reference \"{r}\" is not one a spreadsheet has")),
        None if next_column < LAST_COLUMN => Ok((row_no.max(1), next_column)),
        None => Err(format!("row {row_no} has more cells than a spreadsheet can")),
    }
}

/// A worksheet's cells laid out in rows: the first row's number and the rows.
fn worksheet(part: &str, text: &str, strings: &[String]) -> Result<(usize, Vec<Vec<String>>), String> {
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    let (mut row_no, mut next_column) = (0u32, 0u32);
    let mut cell: Option<Cell> = None;
    walk(part, text, |event| {
        match event {
            Event::Start { name: "row", attrs, .. } => {
                row_no = row_number(&attrs, row_no)?;
                next_column = 0;
            }
            Event::Start { name: "c", attrs, empty } => {
                let (row, column) = cell_place(&attrs, row_no, next_column)?;
                next_column = column + 1;
                if !empty {
                    let kind = attrs.get("t")?.unwrap_or_default().into_owned();
                    cell = Some(Cell { row, column, kind, ..Cell::default() });
                }
            }
            Event::End { name: "c" } => {
                if let Some(c) = cell.take() {
                    let (row, column) = (c.row, c.column);
                    let value = c.into_text(strings)?;
                    if !value.is_empty() {
                        cells.push((row, column, value));
                    }
                }
            }
            Event::Start { name, empty: false, .. } => {
                if let Some(c) = cell.as_mut() {
                    c.open(name);
                }
            }
            Event::End { name } => {
                if let Some(c) = cell.as_mut() {
                    c.close(name);
                }
            }
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.text(&t);
                }
            }
            Event::Start { .. } => {}
        }
        Ok(())
    })?;
    lay_out(cells)
}

/// Cells `(row, column, text)` as rows from the first row with a cell to the last, each as wide
/// as its last cell; refused when that would span more than [`CELL_LIMIT`] places.
fn lay_out(cells: Vec<(u32, u32, String)>) -> Result<(usize, Vec<Vec<String>>), String> {
    let (Some(first), Some(last)) = (cells.iter().map(|c| c.0).min(), cells.iter().map(|c| c.0).max()) else {
        return Ok((1, Vec::new()));
    };
    let mut widths = vec![0usize; (last - first + 1) as usize];
    for (row, column, _) in &cells {
        let width = &mut widths[(row - first) as usize];
        *width = (*width).max(*column as usize + 1);
    }
    if widths.len() + widths.iter().sum::<usize>() > CELL_LIMIT {
        return Err(format!("its cells span more than {CELL_LIMIT} places, far more than a form needs"));
    }
    let mut rows: Vec<Vec<String>> = widths.iter().map(|w| vec![String::new(); *w]).collect();
    for (row, column, value) in cells {
        rows[(row - first) as usize][column as usize] = value;
    }
    Ok((first as usize, rows))
}

#[cfg(test)]
mod tests {
    use super::super::zip::tests::{Raw, archive};
    use super::*;

    const WORKBOOK: &str = r#"<workbook xmlns:r="rel"><sheets><sheet name="Survey" sheetId="1" r:id="rId1"/><sheet name="chart" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
    const RELS: &str = r#"<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="/xl/worksheets/one.xml"/><Relationship Id="rId2" Type="http://x/chartsheet" Target="chartsheets/c.xml"/><Relationship Id="rId9" Type="http://x/hyperlink" Target="http://example.org" TargetMode="External"/></Relationships>"#;

    /// A workbook whose first sheet is `sheet` and whose shared strings are `strings`.
    fn book(sheet: &str, strings: &str) -> Vec<u8> {
        super::super::zip::write_stored(&[
            ("xl/workbook.xml", WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", RELS.as_bytes()),
            ("xl/sharedStrings.xml", strings.as_bytes()),
            ("xl/worksheets/one.xml", sheet.as_bytes()),
        ])
    }

    fn cells(sheet: &str, strings: &str) -> Result<(usize, Vec<Vec<String>>), String> {
        let sheets = read_sheets(&book(sheet, strings))?;
        assert_eq!(sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["survey", "chart"]);
        Ok((sheets[0].first_row, sheets[0].rows.clone()))
    }

    const STRINGS: &str = r#"<sst><si><t>type</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">rich </t></r><r><t>text</t></r><rPh><t>phonetic</t></rPh></si><si/><si><t>&amp;&lt;&#x41;&#10;</t></si></sst>"#;

    #[test]
    fn cells_of_every_kind_and_writer_read_as_text() {
        let sheet = r#"<x:worksheet xmlns:x="main"><x:sheetData>
            <x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c></x:row>
            <x:row><x:c t="s"><x:v>3</x:v></x:c><x:c t="n"><x:v>1.0</x:v></x:c><x:c><x:v>0.30000000000000004</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c></x:row>
            <row r="5"><c r="B5" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r><rPh><t>no</t></rPh></is></c><c r="D5" t="str"><f>A1</f><v>formula</v></c><c r="E5" t="e"><v>#N/A</v></c><c r="F5"/><c r="G5" t="s"><v>2</v></c><c r="H5"><v><![CDATA[42]]></v></c></row>
            </x:sheetData></x:worksheet>"#;
        let (first, rows) = cells(sheet, STRINGS).unwrap();
        assert_eq!(first, 2);
        let text = |r: &[&str]| r.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            rows,
            [
                text(&["type", "", "rich text"]),
                text(&["&<A\n", "1", "0.3", "yes", "no"]),
                Vec::new(),
                text(&["", "inline", "", "formula", "#N/A", "", "", "42"]),
            ]
        );
    }

    #[test]
    fn numbers_read_as_the_core_writes_them() {
        for text in [
            "1",
            "1.0",
            "-1",
            "+3",
            "2026.1",
            "0.30000000000000004",
            "-86.8650000000001",
            "1E-7",
            "1.8e16",
            "123456789012345678",
            "0.1",
            "9.99999999999999999",
            "99999999999999950",
            "0.000123",
            "1e15",
            "1e-5",
            "1e-6",
            "12.5E+2",
            "0.0",
            "-0",
            "007",
            "4.35",
            "1234567.891",
            "3.0000000000000004",
            "1e300",
            "-2.5e-30",
            ".5",
            "5.",
        ] {
            let expected = partnerscope_core::text::written(text.parse::<f64>().expect(text));
            assert_eq!(number(text), expected, "{text}");
        }
        for kept in ["", "abc", "1e", "1e+", "1.2.3", "--1", "1e1234567", "0x10", "1e+-2", "inf", "NaN"] {
            assert_eq!(number(kept), kept);
        }
    }

    #[test]
    fn cell_references_stop_at_the_last_cell_a_spreadsheet_has() {
        assert_eq!(cell_ref("A1"), Some((1, 0)));
        assert_eq!(cell_ref("b7"), Some((7, 1)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_576, 16_383)));
        for bad in ["XFD1048577", "XFE1", "A0", "1A", "", "A", "AAAA1", "A1B", "A-1", "A99999999"] {
            assert_eq!(cell_ref(bad), None, "{bad}");
        }
        let sheet = |c: &str| format!("<worksheet><sheetData><row>{c}</row></sheetData></worksheet>");
        let err = cells(&sheet(r#"<c r="XFD1048577"><v>1</v></c>"#), STRINGS).unwrap_err();
        assert!(err.contains("\"XFD1048577\" is not one a spreadsheet has"), "{err}");
        assert!(err.starts_with("the sheet \"Survey\" cannot be read"), "{err}");
        let (first, rows) = cells(&sheet(r#"<c r="XFD1048576"><v>1</v></c>"#), STRINGS).unwrap();
        assert_eq!((first, rows.len(), rows[0].len()), (1_048_576, 1, 16_384));
        let row = cells("<worksheet><sheetData><row r=\"1048577\"/></sheetData></worksheet>", STRINGS).unwrap_err();
        assert!(row.contains("row number"), "{row}");
        // A few bytes per row asking for the last column of every row: refused, not laid out.
        let wide = "<worksheet><sheetData><row><c r=\"XFD1\" t=\"b\"><v>1</v></c></row></sheetData></worksheet>";
        assert!(cells(wide, STRINGS).is_ok());
        let many: String = (1..=200).map(|r| format!("<c r=\"XFD{r}\" t=\"b\"><v>1</v></c>")).collect();
        let err = cells(&sheet(&many), STRINGS).unwrap_err();
        assert!(err.contains("far more than a form needs"), "{err}");
    }

    #[test]
    fn hostile_parts_are_refused_with_the_part_and_the_reason() {
        let sheet = "<worksheet><sheetData><row><c t=\"s\"><v>7</v></c></row></sheetData></worksheet>";
        let err = cells(sheet, STRINGS).unwrap_err();
        assert!(err.contains("the shared text \"7\", which does not exist"), "{err}");
        let err = cells("<worksheet><sheetData><row><c t=\"s\"><v>x</v></c></row></sheetData></worksheet>", STRINGS)
            .unwrap_err();
        assert!(err.contains("does not exist"), "{err}");
        let err = cells("<worksheet><sheetData><row><c><v>1</v></c>", STRINGS).unwrap_err();
        assert!(err.contains("xl/worksheets/one.xml is damaged near byte") && err.contains("cut short"), "{err}");
        let err = cells(&"<a>".repeat(100_000), STRINGS).unwrap_err();
        assert!(err.contains("cut short"), "{err}");
        let err = read_sheets(&book("<worksheet/>", "<sst><si><t>&bogus;</t></si></sst>")).err().unwrap();
        assert!(err.starts_with("it is not a readable .xlsx workbook (the part xl/sharedStrings.xml"), "{err}");
        assert!(err.contains("unknown entity \"&bogus;\""), "{err}");
        let err = read_sheets(&book("<worksheet/>", "<sst><si><t>\u{0}</t>")).err().unwrap();
        assert!(err.contains("cut short"), "{err}");
        let not_utf8 = super::super::zip::write_stored(&[("xl/workbook.xml", b"<workbook>\xff</workbook>")]);
        assert!(read_sheets(&not_utf8).err().unwrap().contains("not UTF-8"));
        let no_sheet_part = super::super::zip::write_stored(&[
            ("xl/workbook.xml", WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", RELS.as_bytes()),
        ]);
        assert!(read_sheets(&no_sheet_part).err().unwrap().contains("its part xl/worksheets/one.xml is missing"));
        assert!(read_sheets(&super::super::zip::write_stored(&[])).err().unwrap().contains("no part xl/workbook.xml"));
        assert!(read_sheets(b"PK\x03\x04 garbage").err().unwrap().starts_with("it is not a readable .xlsx workbook"));
    }

    #[test]
    fn a_workbook_cut_at_every_length_is_refused_and_a_deflated_one_reads() {
        let sheet = "<worksheet><sheetData><row><c t=\"s\"><v>0</v></c><c><v>2</v></c></row></sheetData></worksheet>";
        let whole = book(sheet, STRINGS);
        assert!(read_sheets(&whole).is_ok());
        for cut in 0..whole.len() {
            assert!(read_sheets(&whole[..cut]).is_err(), "cut at {cut}");
        }
        let parts = [
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", RELS),
            ("xl/sharedStrings.xml", STRINGS),
            ("xl/worksheets/one.xml", sheet),
        ];
        let deflated: Vec<Raw<'_>> = parts.iter().map(|(n, t)| Raw::deflated(n, t.as_bytes())).collect();
        let bytes = archive(&deflated, true);
        let sheets = read_sheets(&bytes).unwrap();
        assert_eq!(sheets[0].rows, [["type".to_owned(), "2".to_owned()]]);
        for cut in 0..bytes.len() {
            let _ = read_sheets(&bytes[..cut]);
        }
    }

    #[test]
    fn a_sheet_of_a_hundred_thousand_rows_reads() {
        let mut sheet = String::from("<worksheet><sheetData>");
        for r in 1..=100_000 {
            sheet.push_str(&format!(
                "<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>0</v></c><c r=\"C{r}\"><v>{r}</v></c></row>"
            ));
        }
        sheet.push_str("</sheetData></worksheet>");
        let (first, rows) = cells(&sheet, STRINGS).unwrap();
        assert_eq!((first, rows.len()), (1, 100_000));
        assert_eq!(rows[99_999], ["type", "", "100000"]);
    }

    #[test]
    fn targets_resolve_relative_and_absolute() {
        assert_eq!(resolve("worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("./worksheets/../worksheets/s.xml"), "xl/worksheets/s.xml");
        assert_eq!(resolve("../../../../x.xml"), "x.xml");
    }
}
