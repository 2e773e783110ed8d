//! The records skipped on reading, in the outputs that list them all:
//! `skipped.csv`, the "Skipped records" section of `report.md` and the
//! `skipped` list of `results.json`, each written as the list is read back
//! from disk ([`SkippedList`]), never held whole.

use std::io::Write;

use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};

use super::md::{code, esc};
use super::row_csv::RowCsv;
use super::sink::TableList;
use super::ReportError;
use crate::corpus::SkippedList;
use crate::output::Staging;

/// Writes `skipped.csv` into `staging` (nothing when no record was
/// skipped).
pub fn write_csv(
    staging: &Staging,
    list: &SkippedList,
    tables: &mut TableList,
) -> Result<(), ReportError> {
    if list.is_empty() {
        return Ok(());
    }
    let mut out = RowCsv::create(staging, "skipped.csv")?;
    for s in list.iter()? {
        out.row(&s?)?;
    }
    out.finish(tables)
}

/// Writes the "Skipped records" section of `report.md` (nothing when no
/// record was skipped).
pub fn markdown(out: &mut impl Write, list: &SkippedList) -> std::io::Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Skipped records\n")?;
    writeln!(out, "Also in `skipped.csv`.\n")?;
    for s in list.iter()? {
        let s = s?;
        let at = s.line.map_or(String::new(), |l| format!(":{l}"));
        let id =
            s.id.as_ref()
                .map_or(String::new(), |i| format!(" ({})", code(i)));
        let file = code(&format!("{}{at}", s.file));
        writeln!(out, "- {file}{id}: {}", esc(&s.reason))?;
    }
    writeln!(out)
}

/// The list as `results.json` holds it: an array of the records, read
/// back as it is written.
pub struct Json<'a>(pub &'a SkippedList);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for s in self.0.iter().map_err(S::Error::custom)? {
            seq.serialize_element(&s.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}
