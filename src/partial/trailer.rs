//! The last line of a partial: how many rows it holds, so that a file cut
//! short anywhere is refused rather than read as a smaller corpus (format
//! version 6). A cut inside a line leaves JSON that does not parse; a cut
//! at a line end leaves a partial without its closing line, or one whose
//! closing line counts rows the file does not hold.
//!
//! The line is `{"trailer":"slant-partial","rows":N}`. Sorted as text (as
//! Hadoop Streaming sorts a reducer's lines) it comes after every row
//! (`{"section"...`) and header (`{"format"...`), so a file's lines in any
//! order still hold one closing line per header and, summed over them, as
//! many rows as there are row lines: that is what every reader checks.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::PartialError;
use super::header::FORMAT;

/// The closing line of a partial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trailer {
    /// Always [`FORMAT`].
    pub trailer: String,
    /// Rows between the header and this line.
    pub rows: u64,
}

impl Trailer {
    /// The closing line of a partial of `rows` rows.
    pub fn new(rows: u64) -> Trailer {
        Trailer {
            trailer: FORMAT.to_string(),
            rows,
        }
    }

    /// Writes the line, with its line end.
    pub fn write(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer(&mut *w, self)?;
        w.write_all(b"\n")
    }
}

/// Whether a line is a partial's closing line (or what is left of one).
pub(super) fn is_trailer(line: &str) -> bool {
    line.starts_with("{\"trailer\"")
}

/// A file cut short, or whose rows do not add up to its closing lines.
pub(super) fn cut(path: &Path, line: Option<u64>, why: String) -> PartialError {
    PartialError::Cut {
        place: match line {
            Some(n) => format!("{}:{n}", path.display()),
            None => path.display().to_string(),
        },
        why,
    }
}

/// What a reader tallies of a file's lines: the partials that begin in it
/// (headers), those that end (closing lines) with the rows they count,
/// and the row lines read.
#[derive(Debug, Default, Clone)]
pub(super) struct Ends {
    headers: u64,
    trailers: u64,
    counted: u64,
    rows: u64,
    /// The 1-based line of the last closing line.
    last: u64,
}

impl Ends {
    /// The tally of one partial of `rows` rows, before its closing line.
    pub(super) fn one(rows: u64) -> Ends {
        Ends {
            headers: 1,
            rows,
            ..Ends::default()
        }
    }

    /// Counts a header.
    pub(super) fn header(&mut self) {
        self.headers += 1;
    }

    /// Counts a row line.
    pub(super) fn row(&mut self) {
        self.rows += 1;
    }

    /// Reads a closing line at 1-based `at` of `path`.
    pub(super) fn trailer(&mut self, line: &str, path: &Path, at: u64) -> Result<(), PartialError> {
        let t: Trailer = serde_json::from_str(line)
            .ok()
            .filter(|t: &Trailer| t.trailer == FORMAT)
            .ok_or_else(|| {
                cut(
                    path,
                    Some(at),
                    "its closing line is cut short or damaged".into(),
                )
            })?;
        self.trailers += 1;
        self.counted += t.rows;
        self.last = at;
        Ok(())
    }

    /// Refuses a file (`path`) whose partials do not each close, or whose
    /// rows are not the rows its closing lines count.
    pub(super) fn check(&self, path: &Path) -> Result<(), PartialError> {
        if self.trailers < self.headers {
            let why = match self.headers {
                1 => format!(
                    "cut short: the partial has no closing line (after {} rows)",
                    self.rows
                ),
                n => format!(
                    "cut short: {n} partials begin in it, {} end (after {} rows)",
                    self.trailers, self.rows
                ),
            };
            return Err(cut(path, None, why));
        }
        if self.trailers > self.headers {
            return Err(cut(
                path,
                Some(self.last),
                format!(
                    "{} closing lines for {} partials",
                    self.trailers, self.headers
                ),
            ));
        }
        if self.rows != self.counted {
            return Err(cut(
                path,
                Some(self.last),
                format!(
                    "cut short or damaged: its closing lines count {} rows, it holds {}",
                    self.counted, self.rows
                ),
            ));
        }
        Ok(())
    }
}
