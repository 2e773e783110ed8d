//! Warnings on reading: what the corpus readers found that may be wrong
//! but cannot be told from a legitimate input with certainty, so it is not
//! an error. Kept in record order, the first [`MOST_WARNINGS`] in full and
//! the rest counted; the run lists them on standard error and in
//! `report.md` and `results.json`.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Warnings listed in full at most; the rest are counted.
pub const MOST_WARNINGS: usize = 20;

/// One warning, where it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadWarning {
    /// File it applies to.
    pub file: String,
    /// 1-based line where it applies (a quoted field's opening line).
    pub line: u64,
    /// What may be wrong, and what to do.
    pub message: String,
}

impl fmt::Display for ReadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl ReadWarning {
    /// A quoted CSV field that opened on line `opened` and holds line `row`,
    /// which reads as a row of its own ([`super::records`]).
    pub(crate) fn row_in_field(file: &Arc<str>, opened: u64, row: u64) -> ReadWarning {
        ReadWarning::swallowed(file, opened, row, "an id like the file's ids")
    }

    /// A quoted field of a manifest that opened on line `opened` and holds
    /// line `row`, which reads as a row naming a `.txt` file
    /// ([`super::dir`]).
    pub(crate) fn row_in_manifest(file: &Arc<str>, opened: u64, row: u64) -> ReadWarning {
        ReadWarning::swallowed(file, opened, row, "a `.txt` file name")
    }

    /// A quoted field holding a line that reads as a row, told by `key`
    /// (what its first telling cell holds).
    fn swallowed(file: &Arc<str>, opened: u64, row: u64, key: &str) -> ReadWarning {
        ReadWarning {
            file: file.to_string(),
            line: opened,
            message: format!(
                "a quoted field opens here and holds line {row}, which reads as a row of its own (the header's number of fields, {key}, an outlet): if the quote was left open, close it where the field ends; if line {row} is part of the text, nothing is wrong"
            ),
        }
    }
}

/// The warnings of a reading, in record order: the first
/// [`MOST_WARNINGS`] and how many in all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReadWarnings {
    /// How many warnings there were.
    pub total: usize,
    /// The first of them.
    pub listed: Vec<ReadWarning>,
}

impl ReadWarnings {
    /// Adds a warning at the end (counted only, past the first
    /// [`MOST_WARNINGS`]).
    pub fn push(&mut self, w: ReadWarning) {
        self.total += 1;
        if self.listed.len() < MOST_WARNINGS {
            self.listed.push(w);
        }
    }

    /// Whether there was none.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// How many were counted but not listed.
    pub fn more(&self) -> usize {
        self.total - self.listed.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_are_listed_and_the_rest_counted() {
        let mut list = ReadWarnings::default();
        let file: Arc<str> = Arc::from("x.csv");
        for i in 0..25 {
            list.push(ReadWarning::row_in_field(&file, 2 * i + 2, 2 * i + 3));
        }
        assert_eq!((list.total, list.listed.len(), list.more()), (25, 20, 5));
        assert_eq!(list.listed[0].line, 2, "in record order");
        assert!(list.listed[19]
            .to_string()
            .starts_with("x.csv:40: a quoted field opens here and holds line 41"));
    }
}
