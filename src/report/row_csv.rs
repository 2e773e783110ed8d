//! A CSV table written a row at a time as its rows are read back from
//! disk (`duplicates.csv`, `skipped.csv`), with the bytes [`super::Csv`]
//! gives the whole table: a list with a row per record is never held.

use std::fs::File;
use std::io::BufWriter;

use serde::Serialize;

use super::format::{CsvRows, Table};
use super::sink::TableList;
use super::ReportError;
use crate::output::Staging;

/// The table `name` being written, its header taken from the first row.
pub struct RowCsv {
    name: String,
    file: Option<BufWriter<File>>,
    out: Option<CsvRows<BufWriter<File>>>,
}

impl RowCsv {
    /// Creates `name` in `staging`.
    pub fn create(staging: &Staging, name: &str) -> Result<RowCsv, ReportError> {
        Ok(RowCsv {
            name: name.into(),
            file: Some(staging.create(name)?),
            out: None,
        })
    }

    /// Writes a row.
    pub fn row<T: Serialize>(&mut self, row: &T) -> Result<(), ReportError> {
        let table = Table::from_rows(std::slice::from_ref(row))?;
        if let Some(f) = self.file.take() {
            self.out = Some(CsvRows::new(f, &table.columns)?);
        }
        if let (Some(o), Some(cells)) = (&mut self.out, table.rows.first()) {
            o.row(cells)?;
        }
        Ok(())
    }

    /// Flushes the table and lists it in `tables` with its rows.
    pub fn finish(self, tables: &mut TableList) -> Result<(), ReportError> {
        if let Some(o) = self.out {
            tables.insert(self.name, o.finish()?);
        }
        Ok(())
    }
}
