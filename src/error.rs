//! The crate's error type: one variant per stage, each naming what failed.

use crate::compare::CompareError;
use crate::corpus::CorpusError;
use crate::lexicon::LexiconError;
use crate::matching::MatcherError;
use crate::model::ModelError;
use crate::output::OutputError;
use crate::pipeline::RunError;
use crate::report::ReportError;

/// Anything that can stop a slant run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the corpus.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// Loading lexicons.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// Building the matcher.
    #[error(transparent)]
    Matcher(#[from] MatcherError),
    /// Training, loading or applying a model.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// Comparing outlets.
    #[error(transparent)]
    Compare(#[from] CompareError),
    /// Writing outputs.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Writing the report.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// A bad option value.
    #[error("{0}")]
    Invalid(String),
}

impl From<RunError> for Error {
    fn from(e: RunError) -> Error {
        match e {
            RunError::Corpus(c) => Error::Corpus(c),
            RunError::Write(io) => Error::Report(ReportError::Io(io)),
        }
    }
}
