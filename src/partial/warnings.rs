//! The input warnings of a shard ([`ReadWarnings`]) as partial rows, and
//! back: how many in a count summed on merge, and the first
//! [`MOST_WARNINGS`] as sightings at the shard's first record number and
//! their place in the shard, so that a merge keeps the first of the whole
//! corpus in input order, as analyze lists them.

use serde::Deserialize;
use serde_json::Value;

use super::rows::Row;
use crate::corpus::{ReadWarning, ReadWarnings, MOST_WARNINGS};

/// The `kind` of the count of input warnings.
pub const COUNT: &str = "input_warnings";
/// The `kind` of a listed input warning.
pub const LISTED: &str = "input_warning";

/// The rows of the warnings of a shard whose first record is `first`
/// (none when there was none), each given to `out`.
pub fn rows_of(
    warnings: &ReadWarnings,
    first: u64,
    mut out: impl FnMut(Row) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    out(Row::Count {
        kind: COUNT.into(),
        key: Vec::new(),
        n: warnings.total as u64,
    })?;
    for (position, w) in warnings.listed.iter().enumerate() {
        out(Row::First {
            kind: LISTED.into(),
            key: Vec::new(),
            record: first,
            position: position as u64,
            value: Some(serde_json::to_value(w).map_err(std::io::Error::other)?),
            keep: MOST_WARNINGS as u32,
        })?;
    }
    Ok(())
}

/// Gathers the input warnings from a partial's rows in canonical order.
#[derive(Debug, Default)]
pub struct WarningReader {
    warnings: ReadWarnings,
}

impl WarningReader {
    /// Reads one row (rows of other kinds pass).
    pub fn push(&mut self, row: &Row) -> Result<(), String> {
        match row {
            Row::Count { kind, n, .. } if kind == COUNT => {
                self.warnings.total += *n as usize;
            }
            Row::First { kind, value, .. } if kind == LISTED => {
                let w = ReadWarning::deserialize(value.as_ref().unwrap_or(&Value::Null))
                    .map_err(|e| format!("an input warning row: {e}"))?;
                if self.warnings.listed.len() < MOST_WARNINGS {
                    self.warnings.listed.push(w);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The warnings read.
    pub fn finish(self) -> ReadWarnings {
        self.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partial::rows::canonical;

    fn shard(first: u64, lines: std::ops::Range<u64>) -> Vec<Row> {
        let mut w = ReadWarnings::default();
        for line in lines {
            w.push(ReadWarning {
                file: format!("s{first}.csv"),
                line,
                message: "m".into(),
            });
        }
        let mut rows = Vec::new();
        rows_of(&w, first, |r| {
            rows.push(r);
            Ok(())
        })
        .unwrap();
        rows
    }

    /// Two shards of 15 warnings each, given in either order, merge into
    /// the first 20 of the corpus in input order (the first shard's 15,
    /// then the second's first 5) and a total of 30.
    #[test]
    fn the_first_twenty_of_the_corpus_in_input_order() {
        let (a, b) = (shard(0, 1..16), shard(100, 1..16));
        for rows in [[a.clone(), b.clone()].concat(), [b, a].concat()] {
            let mut reader = WarningReader::default();
            for row in canonical(rows, None) {
                reader.push(&row).unwrap();
            }
            let w = reader.finish();
            assert_eq!((w.total, w.listed.len()), (30, 20));
            assert_eq!(w.listed[14].to_string(), "s0.csv:15: m");
            assert_eq!(w.listed[15].to_string(), "s100.csv:1: m");
            assert_eq!(w.listed[19].to_string(), "s100.csv:5: m");
        }
    }

    #[test]
    fn no_warning_no_row() {
        assert!(shard(0, 0..0).is_empty());
    }
}
