//! XLSForm workbooks in and out (the reader and writer land in the next change).

use crate::model::Draft;

/// Reads an XLSForm workbook into a draft and the notes on every row that could not be mapped.
pub fn import(_bytes: &[u8]) -> Result<(Draft, Vec<String>), String> {
    Err("XLSForm workbooks cannot be opened yet".into())
}

/// The draft as an XLSForm workbook.
pub fn export(_draft: &Draft) -> Vec<u8> {
    Vec::new()
}
