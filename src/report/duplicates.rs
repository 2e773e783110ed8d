//! `duplicates.csv`, written row by row as the list of copies is read back
//! from disk: a corpus of wire copy has a row per copy, never held whole.

use super::row_csv::RowCsv;
use super::sink::TableList;
use super::ReportError;
use crate::output::Staging;
use crate::repeats::DuplicateList;

/// Writes `list` as `duplicates.csv` into `staging` (nothing when it is
/// empty), with the bytes [`super::Csv`] gives the whole table.
pub fn write(
    staging: &Staging,
    list: &DuplicateList,
    tables: &mut TableList,
) -> Result<(), ReportError> {
    if list.is_empty() {
        return Ok(());
    }
    let mut out = RowCsv::create(staging, "duplicates.csv")?;
    list.for_each(|row| out.row(row))?;
    out.finish(tables)
}
