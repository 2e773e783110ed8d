//! Why a partial could not be read, merged or written.

use std::path::PathBuf;

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
    #[error("document id {id:?} is in records {first} and {second}: analyze would skip the second; remove one before mapping")]
    RepeatedId {
        /// The id.
        id: String,
        /// Its earlier record.
        first: u64,
        /// Its later record.
        second: u64,
    },
}
