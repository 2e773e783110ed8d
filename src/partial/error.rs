//! Why a partial could not be read, merged or written.

use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use super::header::HeaderError;
use crate::output::OutputError;

/// Why a partial could not be read, merged or written.
#[derive(Debug, thiserror::Error)]
pub enum PartialError {
    /// Reading or writing a file.
    // The causes are shown inline (`why`), not as sources, so that the
    // binary does not print them twice.
    #[error("{path}: {why}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        why: std::io::Error,
    },
    /// A header refused on its own.
    #[error("{path}: {why}")]
    Header {
        /// The file.
        path: PathBuf,
        /// Why.
        why: HeaderError,
    },
    /// Two partials that do not merge.
    #[error("{left} and {right}: {why}")]
    Mismatch {
        /// The partial (or merge so far) on the left.
        left: String,
        /// The one on the right.
        right: String,
        /// What differs.
        why: HeaderError,
    },
    /// A row that is not a row of this format.
    #[error("{path}:{line}: not a partial row: {message}")]
    Row {
        /// The file.
        path: PathBuf,
        /// 1-based line (within the decompressed text).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A file cut short: a partial without its closing line, or rows that
    /// are not the rows its closing lines count.
    #[error("{place}: {why}")]
    Cut {
        /// The file, and the line where it makes sense (`path:line`).
        place: String,
        /// What is missing.
        why: String,
    },
    /// The output file could not be made or put in place.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// One document id in two records.
    #[error("{place}: document id {id:?} is in records {first} and {second} (record numbers count from 0, as --first-record does): analyze would skip the second; remove one before mapping")]
    RepeatedId {
        /// The partials that hold the two records.
        place: String,
        /// The id.
        id: String,
        /// Its earlier record.
        first: u64,
        /// Its later record.
        second: u64,
    },
}

/// The decompressed bytes of a gzip-compressed partial, its members one
/// after another; an error of the compressed data (a file cut short inside
/// it, or damaged) is marked as [`Broken`], so that the reader says the
/// file was cut short rather than passing on the decoder's words alone.
pub(super) struct Gunzip<R: Read>(MultiGzDecoder<R>);

impl<R: Read> Gunzip<R> {
    /// The decompressed bytes of `input`.
    pub(super) fn new(input: R) -> Gunzip<R> {
        Gunzip(MultiGzDecoder::new(input))
    }
}

impl<R: Read> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf).map_err(|e| match e.kind() {
            ErrorKind::UnexpectedEof | ErrorKind::InvalidInput | ErrorKind::InvalidData => {
                std::io::Error::new(e.kind(), Broken(e.to_string()))
            }
            _ => e,
        })
    }
}

/// The compressed data of a partial broke off or is damaged: the decoder's
/// words.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(super) struct Broken(String);

/// The error of reading `path`, whose last complete line was `line` (when
/// known): a partial whose gzip data breaks off is named cut short, as one
/// without its closing line is.
pub(super) fn read_error(path: &Path, line: Option<u64>, why: std::io::Error) -> PartialError {
    let Some(broken) = why.get_ref().and_then(|e| e.downcast_ref::<Broken>()) else {
        return PartialError::Io {
            path: path.to_path_buf(),
            why,
        };
    };
    let after = match line {
        Some(0) => " before its first line ends".to_string(),
        Some(n) => format!(" after line {n}, the last complete line"),
        None => String::new(),
    };
    PartialError::Cut {
        place: path.display().to_string(),
        why: format!(
            "cut short or damaged: its gzip data breaks off{after} ({broken}); copy it again"
        ),
    }
}
