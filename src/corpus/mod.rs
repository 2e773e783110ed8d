//! The corpus stage: documents read one at a time from directories of text
//! files with a manifest, JSONL or CSV files (optionally gzipped) and
//! standard input, with every problem named by file and line and handled by
//! the policy the user chose.

pub mod batches;
mod dates;
mod decode;
mod dir;
mod ids;
mod jsonl;
pub mod keyed;
mod known_ids;
mod names;
mod quotes;
mod reader;
mod records;
mod seen_outlets;
mod skipped;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use dates::{is_iso as is_iso_date, normalize as normalize_date, DateOrder};
pub use ids::{IdCheck, KnownRepeats, RepeatedId};
pub(crate) use names::check_outlet_length;
pub use names::outlet_arg;
pub(crate) use names::outlet_name;
pub use names::MAX_OUTLET_BYTES;
pub use reader::Reader;
pub(crate) use records::csv_message;
pub use records::FieldMap;
pub use skipped::SkippedList;

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

/// What is wrong with one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not UTF-8; `offset` is the first bad byte.
    InvalidUtf8 {
        /// Byte offset of the first bad byte.
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
    #[error("{0}\n(use --on-error skip to skip bad records and list them in the outputs)")]
    Record(RecordProblem),
    /// Documents without an outlet, with `--missing-outlet error`.
    #[error("{} document{} without an outlet:\n  {}{}\n(give each an outlet, in the manifest or the `outlet` field, or choose a rule with --missing-outlet skip|document|as:NAME)",
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

/// What to do with a bad record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// Stop at the first, naming it.
    #[default]
    Stop,
    /// Skip it, and list it in the outputs.
    Skip,
}

/// What to do with a document that has no outlet.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MissingOutlet {
    /// Fail, listing every such document.
    #[default]
    Error,
    /// Skip them, and list them in the outputs.
    Skip,
    /// Each is its own outlet, named by its id.
    Document,
    /// All go to one outlet of this name.
    Assign(String),
}

impl std::str::FromStr for MissingOutlet {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "error" => Ok(MissingOutlet::Error),
            "skip" => Ok(MissingOutlet::Skip),
            "document" => Ok(MissingOutlet::Document),
            _ => match s.strip_prefix("as:") {
                Some(name) if !name.trim().is_empty() => outlet_name(name)
                    .map(MissingOutlet::Assign)
                    .map_err(|why| format!("`as:NAME`: the {why}")),
                _ => Err(format!(
                    "`{s}` is not one of error, skip, document, as:NAME"
                )),
            },
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// A directory of `.txt` files with an optional `manifest.csv`.
    Dir,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated, with a header row.
    Csv,
    /// Tab-separated, with a header row.
    Tsv,
}

impl std::str::FromStr for InputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "dir" => Ok(InputFormat::Dir),
            "jsonl" => Ok(InputFormat::Jsonl),
            "csv" => Ok(InputFormat::Csv),
            "tsv" => Ok(InputFormat::Tsv),
            _ => Err(format!("`{s}` is not one of dir, jsonl, csv, tsv")),
        }
    }
}

/// A megabyte, as `--max-record-mb` counts it.
const MB: u64 = 1 << 20;

/// Reading options.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Field names for records.
    pub fields: FieldMap,
    /// Bad records.
    pub on_error: OnError,
    /// Documents without an outlet.
    pub missing_outlet: MissingOutlet,
    /// Force a format instead of telling it from the name.
    pub format: Option<InputFormat>,
    /// Copy standard input here as it is read, so a second pass can read it.
    pub spool: Option<PathBuf>,
    /// Standard input's copy, read in its place by a later pass: what is
    /// read from it is named `-`, as standard input was.
    pub stdin_copy: Option<PathBuf>,
    /// The largest record read, in bytes: a JSONL line, a CSV record or a
    /// text file (default 64 MB, 64 × 2^20 bytes). A larger text file is a
    /// bad record; a larger line or CSV record stops the reading, which
    /// never holds more than this (and a read buffer) of one record, so an
    /// endless input such as `/dev/zero` fails instead of filling memory.
    pub max_record_bytes: u64,
    /// How to read numeric dates whose day and month could be swapped.
    pub date_order: DateOrder,
    /// How ids are checked to be unique (default: as each is read).
    pub ids: IdCheck,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            fields: FieldMap::default(),
            on_error: OnError::default(),
            missing_outlet: MissingOutlet::default(),
            format: None,
            spool: None,
            stdin_copy: None,
            max_record_bytes: 64 * MB,
            date_order: DateOrder::default(),
            ids: IdCheck::default(),
        }
    }
}

impl ReadOptions {
    /// The inputs and options of a second pass over `inputs`: standard input
    /// (`-`) is read again from `spool`, where the first pass copied it.
    pub fn second_pass(&self, inputs: &[PathBuf], spool: &Path) -> (Vec<PathBuf>, ReadOptions) {
        let stdin = inputs.iter().any(|p| p.as_os_str() == "-");
        let inputs = inputs
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    spool.to_path_buf()
                } else {
                    p.clone()
                }
            })
            .collect();
        let options = ReadOptions {
            spool: None,
            stdin_copy: stdin.then(|| spool.to_path_buf()),
            ..self.clone()
        };
        (inputs, options)
    }
}

/// The format of `path`, from its name (or a forced one).
pub fn input_format(path: &Path, forced: Option<InputFormat>) -> Result<InputFormat, CorpusError> {
    if let Some(f) = forced {
        return Ok(f);
    }
    if path.as_os_str() == "-" {
        return Ok(InputFormat::Jsonl);
    }
    if path.is_dir() {
        return Ok(InputFormat::Dir);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "jsonl" | "ndjson" | "json" => Ok(InputFormat::Jsonl),
        "csv" => Ok(InputFormat::Csv),
        "tsv" | "tab" => Ok(InputFormat::Tsv),
        "txt" => Ok(InputFormat::Dir),
        _ if !path.exists() => Err(CorpusError::Read {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
        }),
        _ => Err(CorpusError::UnknownFormat(path.to_path_buf())),
    }
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
}

#[cfg(test)]
mod tests;
