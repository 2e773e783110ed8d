//! The corpus stage: documents read one at a time from directories of text
//! files with a manifest, JSONL or CSV files (optionally gzipped) and
//! standard input, with every problem named by file and line and handled by
//! the policy the user chose.

pub mod batches;
mod dates;
mod decode;
pub mod digest;
mod dir;
mod fields;
mod ids;
mod jsonl;
pub mod keyed;
mod known_ids;
mod names;
mod open;
mod options;
mod outlet_case;
mod problems;
mod quotes;
mod reader;
mod records;
mod row_warnings;
mod seen_outlets;
mod skipped;
mod warnings;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use dates::{is_iso as is_iso_date, normalize as normalize_date, DateOrder};
pub(crate) use decode::LATIN1 as NOT_UTF8_HINT;
pub use fields::FieldMap;
pub use ids::{IdCheck, KnownRepeats, RepeatedId};
pub(crate) use jsonl::{named_twice, object_fields};
pub(crate) use names::check_outlet_length;
pub use names::outlet_arg;
pub(crate) use names::outlet_name;
pub use names::{MAX_ID_BYTES, MAX_OUTLET_BYTES};
pub use options::{input_format, InputFormat, MissingOutlet, OnError, ReadOptions};
pub use problems::{ProblemKind, RecordProblem, Skipped};
pub use reader::Reader;
pub(crate) use records::csv_message;
pub use skipped::SkippedList;
pub use warnings::{ReadWarning, ReadWarnings, MOST_WARNINGS};

/// 1-based line of byte offset `at` in `bytes` (LF, CRLF or CR line ends).
pub fn line_of_byte(bytes: &[u8], at: u64) -> u64 {
    decode::line_at(bytes, at as usize)
}

/// One article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Unique within the corpus.
    pub id: String,
    /// The outlet that published it.
    pub outlet: String,
    /// Publication date in ISO 8601 (`YYYY-MM-DD`) when slant can read it,
    /// else as given.
    pub date: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// The text. Match offsets are byte offsets into this string.
    pub text: String,
    /// Other columns or fields of the input, in input order.
    pub meta: Vec<(String, String)>,
    /// Where it was read from.
    pub origin: Origin,
}

/// A read error of `path`: with the last complete line, when there is one.
pub(crate) fn read_error(path: &Path, line: u64, source: std::io::Error) -> CorpusError {
    let path = path.to_path_buf();
    match line {
        0 => CorpusError::Read { path, source },
        line => CorpusError::ReadAfter { path, line, source },
    }
}

/// Where a record was read: file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File path as given (`-` for standard input).
    pub file: Arc<str>,
    /// 1-based line, where one applies.
    pub line: Option<u64>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => write!(f, "{}", self.file),
        }
    }
}

/// Why the corpus could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// An input could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The input.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An input broke off after some of it was read (a truncated `.gz`).
    #[error("cannot read {} after line {line}, the last complete record: {source} (the file is cut short or damaged: copy or download it again)", .path.display())]
    ReadAfter {
        /// The input.
        path: PathBuf,
        /// The line where the last complete record ends.
        line: u64,
        /// The cause.
        source: std::io::Error,
    },
    /// An input's kind cannot be told from its name.
    #[error("{0}: cannot tell the input format; name it .jsonl, .csv or .tsv (optionally .gz), give a directory, or pass --input-format")]
    UnknownFormat(PathBuf),
    /// A file's header is unusable (CSV header, manifest header).
    #[error("{origin}: {message}")]
    Header {
        /// Where.
        origin: Origin,
        /// What.
        message: String,
    },
    /// A JSONL line or CSV record larger than the limit: reading stops, as
    /// the next record cannot be found without reading the rest of this one.
    #[error("{origin}: {}", ProblemKind::TooLarge { limit: *.limit })]
    TooLarge {
        /// Where the record begins.
        origin: Origin,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A bad record found only after the record was read (a quote that
    /// swallowed a row, shown by a later record): it cannot be skipped.
    #[error("{0}\n(a later record uses the outlet that line names; the record that swallowed it was read before this was known, so --on-error skip cannot skip it)")]
    Unskippable(RecordProblem),
    /// A bad record, with `--on-error stop`.
    #[error("{0}{hint}\n(use --on-error skip to skip bad records and list them in the outputs)", hint = decode::hint(&.0.kind))]
    Record(RecordProblem),
    /// Documents without an outlet, with `--missing-outlet error`.
    #[error("{} document{} without an outlet:\n  {}{}\n(give each an outlet: an `outlet` field or column, another one mapped with --field outlet=NAME, or the manifest; or choose a rule with --missing-outlet skip|document|as:NAME)",
        .total, if *.total == 1 { "" } else { "s" },
        .shown.iter().map(|o| o.to_string()).collect::<Vec<_>>().join("\n  "),
        if *.total > .shown.len() { format!("\n  ... and {} more", .total - .shown.len()) } else { String::new() })]
    MissingOutlets {
        /// The first few.
        shown: Vec<Origin>,
        /// How many in all.
        total: usize,
    },
    /// Keyed lines on standard input (`N<TAB>{json}`) whose keys do not
    /// number the records one after another.
    #[error("{origin}: {message}")]
    Keyed {
        /// Where.
        origin: Origin,
        /// What.
        message: String,
    },
    /// Nothing to analyze.
    #[error("no documents to analyze{0}")]
    Empty(String),
}

/// A short name for a set of inputs, for the default output folder.
pub fn corpus_name(inputs: &[PathBuf]) -> String {
    let name = |p: &PathBuf| -> String {
        if p.as_os_str() == "-" {
            return "stdin".into();
        }
        let base = p
            .canonicalize()
            .ok()
            .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
            .or_else(|| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "corpus".into());
        let base = base.strip_suffix(".gz").unwrap_or(&base).to_string();
        match base.rsplit_once('.') {
            Some((stem, _)) if !p.is_dir() && !stem.is_empty() => stem.to_string(),
            _ => base,
        }
    };
    let names: Vec<String> = inputs.iter().map(name).collect();
    match names.len() {
        0 => "corpus".into(),
        1..=3 => names.join("+"),
        n => format!("{}+{}more", names[0], n - 1),
    }
}

type Source = Box<dyn Iterator<Item = Result<Document, SourceError>>>;

/// What one input yields besides documents.
pub(crate) enum SourceError {
    /// The input as a whole failed.
    Fatal(CorpusError),
    /// One record is bad.
    Record(RecordProblem),
    /// Something that may be wrong, told before the record it concerns.
    Warning(ReadWarning),
}

#[cfg(test)]
mod tests;
