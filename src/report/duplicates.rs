//! `duplicates.csv`, written row by row as the list of copies is read back
//! from disk: a corpus of wire copy has a row per copy, never held whole.

use super::format::{CsvRows, Table};
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
    let name = "duplicates.csv";
    let mut file = Some(staging.create(name)?);
    let mut out = None;
    list.for_each(|row| -> Result<(), ReportError> {
        let table = Table::from_rows(std::slice::from_ref(row))?;
        if let Some(f) = file.take() {
            out = Some(CsvRows::new(f, &table.columns)?);
        }
        if let (Some(o), Some(cells)) = (&mut out, table.rows.first()) {
            o.row(cells)?;
        }
        Ok(())
    })?;
    if let Some(o) = out {
        tables.insert(name.into(), o.finish()?);
    }
    Ok(())
}
