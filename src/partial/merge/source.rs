//! Reading partials line by line: a file gzip-compressed or plain, the
//! headers that start each partial in it, and the rows of one partial (or
//! sorted run) one at a time.

use std::cmp::Ordering;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use crate::partial::error::{read_error, Gunzip};
use crate::partial::file::{io_at, row_error, PartialError};
use crate::partial::rows::{order, Row};
use crate::partial::trailer::is_trailer;

/// The rows of one partial (or sorted run), read one at a time.
pub(in crate::partial) struct Source {
    pub(in crate::partial) lines: Box<dyn BufRead + Send>,
    pub(in crate::partial) shown: PathBuf,
    /// Lines read so far.
    pub(in crate::partial) at: u64,
    pub(in crate::partial) line: String,
    pub(in crate::partial) done: bool,
    /// The segment the rows belong to.
    pub(in crate::partial) segment: usize,
}

impl Source {
    /// The rows of the file at `path` from its 0-based line `start` to the
    /// next header, closing line or its end.
    pub(in crate::partial) fn open(
        path: &Path,
        shown: &Path,
        start: u64,
        segment: usize,
    ) -> Result<Source, PartialError> {
        let mut lines = open_lines(path, shown)?;
        let mut skip = Vec::new();
        for at in 0..start {
            skip.clear();
            lines
                .read_until(b'\n', &mut skip)
                .map_err(|e| read_error(shown, Some(at), e))?;
        }
        Ok(Source {
            lines,
            shown: shown.to_path_buf(),
            at: start,
            line: String::new(),
            done: false,
            segment,
        })
    }

    /// A source with no rows, named `shown`.
    pub(in crate::partial) fn empty(shown: &Path) -> Source {
        Source {
            lines: Box::new(std::io::empty()),
            shown: shown.to_path_buf(),
            at: 0,
            line: String::new(),
            done: true,
            segment: 0,
        }
    }

    pub(in crate::partial) fn next_row(&mut self) -> Result<Option<Row>, PartialError> {
        if !self.next_line()? {
            return Ok(None);
        }
        parse_row(&self.shown, self.at, &self.line).map(Some)
    }

    /// Reads the next line into `line`; false once the rows end (the file,
    /// or a header or closing line, left in `line`), as
    /// [`next_row`](Source::next_row) reads them.
    pub(in crate::partial) fn next_line(&mut self) -> Result<bool, PartialError> {
        if self.done {
            return Ok(false);
        }
        let more = read_line(&mut self.lines, &mut self.line)
            .map_err(|e| read_error(&self.shown, Some(self.at), e))?;
        self.at += 1;
        if !more || is_header(&self.line) || is_trailer(&self.line) {
            self.done = true;
            return Ok(false);
        }
        Ok(true)
    }
}

/// The row on line `at` (1-based) of the file `shown`, `line`.
pub(in crate::partial) fn parse_row(
    shown: &Path,
    at: u64,
    line: &str,
) -> Result<Row, PartialError> {
    crate::partial::rows::parse(line).map_err(|e| row_error(shown, at, &e.to_string()))
}

/// The lines of the file at `path`, gzip-compressed or plain.
pub(in crate::partial) fn open_lines(
    path: &Path,
    shown: &Path,
) -> Result<Box<dyn BufRead + Send>, PartialError> {
    let file = File::open(path).map_err(|e| io_at(shown, e))?;
    let mut input = BufReader::with_capacity(1 << 16, file);
    let gzip = input
        .fill_buf()
        .map_err(|e| io_at(shown, e))?
        .starts_with(&[0x1f, 0x8b]);
    Ok(match gzip {
        true => Box::new(BufReader::with_capacity(1 << 16, Gunzip::new(input))),
        false => Box::new(input),
    })
}

/// Whether the file at `path` is a partial result (gzip-compressed or
/// plain): its first line a partial's header. Reads at most 64 kB of it.
pub fn is_partial_file(path: &Path) -> bool {
    let Ok(lines) = open_lines(path, path) else {
        return false;
    };
    let mut first = String::new();
    let read = std::io::Read::take(lines, 1 << 16).read_line(&mut first);
    read.is_ok() && is_header(&first)
}

/// Reads the next line into `line` without its line end; false at the end.
pub(in crate::partial) fn read_line(
    input: &mut dyn BufRead,
    line: &mut String,
) -> std::io::Result<bool> {
    line.clear();
    if input.read_line(line)? == 0 {
        return Ok(false);
    }
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(true)
}

/// Whether a line (after a file's first) starts a partial.
pub(in crate::partial) fn is_header(line: &str) -> bool {
    line.starts_with("{\"format\"")
}

/// The next row of a source, first in the heap's order; ties go to the
/// earlier source, as a stable sort of the partials' rows keeps them.
pub(super) struct Head {
    pub(super) row: Row,
    pub(super) source: usize,
}

impl Ord for Head {
    fn cmp(&self, other: &Head) -> Ordering {
        order(&self.row, &other.row).then(self.source.cmp(&other.source))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Head) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Head {
    fn eq(&self, other: &Head) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Head {}
