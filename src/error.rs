//! The crate's error type: one variant per stage, each naming what failed.

use crate::corpus::CorpusError;
use crate::lexicon::LexiconError;
use crate::matching::MatcherError;
use crate::model::ModelError;
use crate::output::OutputError;
use crate::params::ParamError;
use crate::report::ReportError;
use crate::scores::compare::CompareError;
use crate::stream::StreamError;

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
    /// A parameter out of range, named by its field.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// Reading, merging or writing partial results.
    #[error(transparent)]
    Partial(#[from] crate::partial::PartialError),
    /// A bad option value.
    #[error("{0}")]
    Invalid(String),
}

impl From<StreamError> for Error {
    fn from(e: StreamError) -> Error {
        match e {
            StreamError::Corpus(c) => Error::Corpus(c),
            StreamError::Write(io) => Error::Report(ReportError::Io(io)),
        }
    }
}
