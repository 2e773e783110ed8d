//! What can be wrong with one record ([`ProblemKind`]), where it happened
//! ([`RecordProblem`]), and how a skipped record is listed in the outputs
//! ([`Skipped`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::names::{self, MAX_ID_BYTES, MAX_OUTLET_BYTES};
use super::options::MB;
use super::{decode, Origin};

/// What is wrong with one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not UTF-8; `offset` is the first bad byte.
    InvalidUtf8 {
        /// Byte offset of the first bad byte.
        offset: u64,
    },
    /// A CSV field that is not UTF-8; `offset` is its first bad byte,
    /// counted from the start of the field.
    InvalidUtf8Field {
        /// The column, as the header names it.
        field: String,
        /// Byte offset of the first bad byte in the field.
        offset: u64,
    },
    /// Holds NUL bytes: not a text file.
    Binary,
    /// No text after trimming white space.
    Empty,
    /// The id was already used.
    DuplicateId {
        /// Where it was first used.
        first: Origin,
    },
    /// Not valid JSON, or not an object.
    Json(String),
    /// A CSV row that cannot be read.
    Csv(String),
    /// A required field is missing.
    MissingField(String),
    /// A field slant reads holds a value of the wrong type.
    FieldType {
        /// The field's name in the input.
        field: String,
        /// What it holds instead of a string: `an array`, `an object`, ...
        found: &'static str,
    },
    /// No outlet given for the document.
    MissingOutlet,
    /// A manifest row names a file that does not exist.
    MissingFile(String),
    /// A manifest row names a file an earlier row already named.
    DuplicateFile(String),
    /// Larger than the most slant reads in one record.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The outlet name holds a control character (NUL, tab, line break, ...),
    /// a bidirectional control or an invisible character, which hide or
    /// disguise the name (see `names`).
    OutletChar(char),
    /// The document id holds a control character or a bidirectional
    /// control, which every table and the report would write raw.
    IdChar(char),
    /// The document id is longer than [`MAX_ID_BYTES`]; not echoed.
    IdTooLong {
        /// Its length, in bytes.
        bytes: usize,
    },
    /// A quoted CSV field opens on this line and is not closed where it
    /// should be, so it swallows the rows after it.
    UnclosedQuote {
        /// The first swallowed line that looks like a row of its own;
        /// `None` when the file ends inside the quote.
        row: Option<u64>,
    },
    /// UTF-16 (or UTF-32) text, which slant does not read.
    Utf16,
    /// The outlet name is longer than [`MAX_OUTLET_BYTES`].
    OutletTooLong {
        /// Its length, in bytes.
        bytes: usize,
    },
    /// A manifest row names a file outside the manifest's folder (an
    /// absolute path, or one that climbs out with `..`).
    FileOutside(String),
    /// A manifest row names something that is not a regular file (a
    /// directory, device, FIFO or socket, maybe behind a symlink).
    NotAFile {
        /// The name in the manifest.
        file: String,
        /// What it is.
        what: &'static str,
    },
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::InvalidUtf8 { offset } => {
                write!(f, "not valid UTF-8 (first bad byte at offset {offset})")
            }
            ProblemKind::InvalidUtf8Field { field, offset } => write!(
                f,
                "not valid UTF-8 (first bad byte at offset {offset} of the `{field}` field)"
            ),
            ProblemKind::Binary => write!(f, "looks binary (holds NUL bytes), not text"),
            ProblemKind::Empty => write!(f, "empty document"),
            ProblemKind::DuplicateId { first } => write!(f, "duplicate id, first used at {first}"),
            ProblemKind::Json(e) => write!(f, "malformed JSON record: {e}"),
            ProblemKind::Csv(e) => write!(f, "malformed CSV record: {e}"),
            ProblemKind::MissingField(name) => write!(f, "missing field `{name}`"),
            ProblemKind::FieldType { field, found } => {
                write!(f, "field `{field}` must be a string, not {found}")
            }
            ProblemKind::MissingOutlet => write!(f, "no outlet given"),
            ProblemKind::MissingFile(file) => {
                write!(f, "manifest names `{file}`, which does not exist")
            }
            ProblemKind::DuplicateFile(file) => write!(f, "manifest names `{file}` twice"),
            ProblemKind::TooLarge { limit } => {
                let limit = if limit % MB == 0 {
                    format!("{} MB", limit / MB)
                } else {
                    format!("{limit} bytes")
                };
                write!(
                    f,
                    "a record larger than {limit}, the most slant reads in one (raise the limit with --max-record-mb)"
                )
            }
            ProblemKind::OutletChar(c) => {
                let what = names::describe(*c);
                write!(f, "outlet name holds U+{:04X}, {what}", *c as u32)
            }
            ProblemKind::IdChar(c) => {
                let what = names::describe(*c);
                write!(f, "document id holds U+{:04X}, {what}", *c as u32)
            }
            ProblemKind::IdTooLong { bytes } => write!(
                f,
                "document id of {bytes} bytes, longer than {MAX_ID_BYTES}, the most slant reads (is a text in the id column?)"
            ),
            ProblemKind::UnclosedQuote { row: None } => write!(
                f,
                "a quoted field opens here and is never closed: the file ends inside it, so it swallows every line after (close the quote, and write a quote inside a field as \"\")"
            ),
            ProblemKind::UnclosedQuote { row: Some(row) } => write!(
                f,
                "a quoted field opens here and runs on over line {row}, which looks like a row of its own (close the quote where the field ends, and write a quote inside a field as \"\")"
            ),
            ProblemKind::Utf16 => write!(f, "{}", decode::UTF16),
            ProblemKind::OutletTooLong { bytes } => write!(
                f,
                "outlet name of {bytes} bytes, longer than {MAX_OUTLET_BYTES}, the most slant reads (is a text in the outlet column?)"
            ),
            ProblemKind::FileOutside(file) => write!(
                f,
                "manifest names `{file}`, outside the manifest's folder (name files by their path inside the folder, without `..`; copy or link the file into the folder)"
            ),
            ProblemKind::NotAFile { file, what } => write!(
                f,
                "manifest names `{file}`, which is {what}, not a regular file"
            ),
        }
    }
}

/// A problem with one record, where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    /// Where.
    pub origin: Origin,
    /// The record's id, when it was read.
    pub id: Option<String>,
    /// What.
    pub kind: ProblemKind,
}

impl fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.origin)?;
        if let Some(id) = &self.id {
            write!(f, "document `{id}`: ")?;
        }
        write!(f, "{}", self.kind)
    }
}

/// A skipped record, as listed in the outputs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Skipped {
    /// File the record came from.
    pub file: String,
    /// 1-based line, where one applies (empty otherwise).
    pub line: Option<u64>,
    /// The record's id, when it was read.
    pub id: Option<String>,
    /// Why it was skipped.
    pub reason: String,
}

impl From<&RecordProblem> for Skipped {
    fn from(p: &RecordProblem) -> Skipped {
        Skipped {
            file: p.origin.file.to_string(),
            line: p.origin.line,
            id: p.id.clone(),
            reason: p.kind.to_string(),
        }
    }
}
