//! How the corpus is read: the user's choices for bad records, documents
//! without an outlet, the input format and the limits ([`ReadOptions`]).

use std::path::{Path, PathBuf};

use super::{outlet_name, CorpusError, DateOrder, FieldMap, IdCheck};

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
pub(super) const MB: u64 = 1 << 20;

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
    /// Where to record each file's name, size and digest as it is read
    /// (none by default); a reading of ids ahead records its own reading.
    pub digests: Option<super::digest::Digests>,
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
            digests: None,
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
            digests: None,
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
