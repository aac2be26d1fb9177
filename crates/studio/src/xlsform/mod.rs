//! XLSForm workbooks in and out: the form format of ODK and KoboToolbox, which monitoring
//! officers already write. The mapping is documented in `docs/instruments.md` ("XLSForm").
//!
//! - `survey` sheet: a `begin_group` … `end_group` is an area (name = id, label = title); inside
//!   it a `select_one <list>` over the one shared scale list is a scored statement and `text` is
//!   an open comment. Extra columns: `partnerscope_reverse` (yes/no), `partnerscope_weight`.
//!   Outside any group, `select_one respondent_group` (list `respondent_group`) asks the
//!   respondent group and any other `select_one` is a context question; a `note` named `intro`
//!   or `audience` is the introduction or who answers. `label::Language (tag)` columns are the
//!   languages (`label` alone: the default language).
//! - `choices` sheet: the scale list's choices named by their number (`1` … `5`) are the scale
//!   points, one named `na` the "not applicable" label; the other lists are the options.
//! - `settings` sheet: `form_id` (id), `version`, `default_language`, `form_title` (and
//!   `form_title::Language (tag)` per language).
//! - `partnerscope` sheet (written by the studio, optional on import): what XLSForm cannot say
//!   (bands, advice, scoring, thresholds, per-group wording) as JSON fragments by key, so export
//!   then import gives back the same questionnaire.
//!
//! Every row that cannot be mapped is reported by sheet and row number, as a typed
//! [`crate::notes::Note`] the studio words in the interface language; nothing is dropped
//! silently.
//!
//! The .xlsx format is read and written here, for the little of it that XLSForm uses: `zip.rs`
//! the archive (inflate by `miniz_oxide`, every size bounded), `xml.rs` a minimal XML reader,
//! `book.rs` the workbook's sheets as text cells, `read.rs` the mapping onto a draft, `write.rs`
//! the draft as the sheets' XML in a stored zip. They replaced calamine and the `zip` crate
//! (see the measurements in `docs/instruments.md`).

mod book;
mod read;
#[cfg(test)]
mod tests;
mod write;
mod xml;
mod zip;

pub use read::import;
pub use write::export;

/// The list name of the respondent-group question.
const GROUP_LIST: &str = "respondent_group";
