//! The whole road as library calls: a corpus in, a report folder, a model
//! or candidate terms out. Every run here is one shape: check everything
//! before work starts (lexicons, model, inputs, output folder), stream the
//! corpus through the [`crate::stream`] engine into the aggregate's
//! collectors, compute the [`Scores`](crate::scores::Scores), and render.
//!
//! - [`analyze`]: `analyze`, `score` and `compare`, a report folder.
//! - [`train`]: a model from labels, reference outlets or weak labels.
//! - [`evaluate`]: a saved model on labelled documents it never saw.
//! - [`mod@suggest`]: candidate lexicon terms.
//! - [`aggregate`]: the aggregate of a corpus alone (for `lexicon check`).

pub mod analyze;
pub mod evaluate;
pub mod lss;
mod lss_background;
mod lss_beside;
pub mod lss_saved;
pub mod map;
pub mod report;
mod scoring;
pub mod suggest;
pub mod train;

use std::path::PathBuf;

use crate::aggregate::{Aggregate, Aggregator};
use crate::corpus::batches::while_reading;
use crate::corpus::{CorpusError, Document, IdCheck, ReadOptions, Reader};
use crate::error::Error;
use crate::lexicon::LexiconSet;
use crate::matching::Matcher;
use crate::output::StdinSpool;
use crate::repeats::{LaterCopies, RepeatOptions, Repeats};
use crate::stream::{self, DocHook};

pub use analyze::{Config, ModelPlan, Outcome, Ready, RepeatFiles};
pub use evaluate::{evaluate_on, EvaluateConfig};
pub use suggest::{suggest, SuggestConfig, Suggestion};
pub use train::{train_on, TrainConfig, Trained};

/// The stages of a report run, in order, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Finding boilerplate lines and wire copy: a pass of its own.
    Repeats,
    /// Reading and matching the corpus.
    Matching,
    /// Training the weak-label model.
    Training,
    /// Predicting the corpus with the model: a second pass.
    Predicting,
    /// Scores, intervals and the comparison views.
    Scoring,
    /// Tables, charts and the report.
    Writing,
}

impl Stage {
    /// What the stage does, for a progress line.
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Repeats => "finding repeated text",
            Stage::Matching => "reading and matching",
            Stage::Training => "training the model",
            Stage::Predicting => "predicting with the model",
            Stage::Scoring => "scores and comparison views",
            Stage::Writing => "writing tables, charts and the report",
        }
    }
}

/// What a report run tells as it goes: the stage it is in, and how far a
/// pass over the corpus has got. A closure `Fn(documents, bytes)` hears the
/// matching pass only.
pub trait Progress: Sync {
    /// A new stage begins.
    fn stage(&self, _stage: Stage) {}
    /// The documents and bytes of text the matching pass will read, when
    /// known before it starts.
    fn total(&self, _documents: u64, _bytes: u64) {}
    /// Documents and bytes of text read so far in the matching pass.
    fn advance(&self, documents: u64, bytes: u64);
}

impl<F: Fn(u64, u64) + Sync> Progress for F {
    fn advance(&self, documents: u64, bytes: u64) {
        self(documents, bytes)
    }
}

/// The axis named `id`, or the first axis.
fn pick_axis(set: &LexiconSet, id: Option<&str>) -> Result<Option<usize>, Error> {
    match id {
        Some(id) => set.axis(id).map(Some).ok_or_else(|| {
            let known: Vec<&str> = set.axes.iter().map(|a| a.id.as_str()).collect();
            Error::Invalid(format!(
                "no axis `{id}` in the loaded lexicons (axes: {})",
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            ))
        }),
        None => Ok((!set.axes.is_empty()).then_some(0)),
    }
}

/// Streams `inputs` through `hook`; `progress` hears (documents, bytes).
fn pass<H: DocHook>(
    inputs: &[PathBuf],
    read: ReadOptions,
    matcher: &Matcher,
    hook: &mut H,
    progress: &dyn Fn(u64, u64),
) -> Result<Reader, Error> {
    pass_with(inputs, read, matcher, hook, progress, None)
}

/// [`pass`], with the documents seen as `repeats` says: later copies left
/// out, boilerplate masked.
fn pass_with<H: DocHook>(
    inputs: &[PathBuf],
    read: ReadOptions,
    matcher: &Matcher,
    hook: &mut H,
    progress: &dyn Fn(u64, u64),
    repeats: Option<&Repeats>,
) -> Result<Reader, Error> {
    let reader = Reader::open(inputs, read_after(read, repeats))?;
    let ahead = ReadAhead {
        reader,
        docs: Vec::new(),
    };
    pass_from(ahead, matcher, hook, progress, repeats)
}

/// [`pass_with`], reading from a reader opened (and read into) already.
fn pass_from<H: DocHook>(
    ahead: ReadAhead,
    matcher: &Matcher,
    hook: &mut H,
    progress: &dyn Fn(u64, u64),
    repeats: Option<&Repeats>,
) -> Result<Reader, Error> {
    let ReadAhead { mut reader, docs } = ahead;
    let docs = docs.into_iter().chain(&mut reader);
    match repeats {
        // No copy left out (a run that keeps them holds no positions of
        // copies): each document is masked on the workers as it is
        // matched, at the position `apply` would give it, rather than a
        // batch at a time as it is read, which kept this thread waiting
        // for the workers to finish matching before it could read on.
        Some(r) if r.masked && !r.dropped => {
            let mask = |at: usize, d: &mut Document| r.mask(at, d);
            stream::run_edited(docs, &mask, matcher, hook, progress)?
        }
        Some(r) => stream::run(r.apply(docs), matcher, hook, progress)?,
        None => stream::run(docs, matcher, hook, progress)?,
    };
    Ok(reader)
}

/// A pass's reader opened before the pass, with the first documents it
/// read ([`stream::read_ahead`]): the pass then reads on from it.
pub(super) struct ReadAhead {
    reader: Reader,
    docs: Vec<Result<Document, CorpusError>>,
}

impl ReadAhead {
    /// Opens `inputs` for a pass after the one that found repeats whose
    /// ids were `ids`, and reads its first batch.
    fn open(inputs: &[PathBuf], read: ReadOptions, ids: IdCheck) -> Result<ReadAhead, Error> {
        let mut reader = Reader::open(inputs, ReadOptions { ids, ..read })?;
        let docs = stream::read_ahead(&mut reader);
        Ok(ReadAhead { reader, docs })
    }
}

/// Reads `inputs` once to find boilerplate and wire copy, spilling what
/// the search for copies keeps of each document to `spill` (the system's
/// temporary folder when `None`). Ids are checked once the pass is done,
/// by a sort that spills there too; what it learnt goes with the repeats
/// to the later passes, which then hold nothing per id.
fn find_repeats(
    inputs: &[PathBuf],
    read: ReadOptions,
    opts: &RepeatOptions,
    spill: Option<&std::path::Path>,
) -> Result<Repeats, Error> {
    let (repeats, later) = find_repeats_later(inputs, read, opts, spill)?;
    Ok(repeats.with_copies(later)?)
}

/// [`find_repeats`], with the groups of copies left for the caller to find
/// while it reads on, when later copies are kept ([`Looked::decide`](crate::repeats::Looked::decide)).
pub(super) fn find_repeats_later(
    inputs: &[PathBuf],
    read: ReadOptions,
    opts: &RepeatOptions,
    spill: Option<&std::path::Path>,
) -> Result<(Repeats, Option<LaterCopies>), Error> {
    let (repeats, later, ()) = find_repeats_then(inputs, read, opts, spill, |_| ())?;
    Ok((repeats, later))
}

/// [`find_repeats_later`], the repeats decided on the worker threads
/// ([`crate::repeats::Looked::decide`]) while this thread runs `then`, told the ids as
/// the pass found them: the next pass can open its inputs and read its
/// first batch meanwhile ([`ReadAhead`]). The pass's reader is closed
/// before `then` runs, so that a copy of standard input is complete.
pub(super) fn find_repeats_then<R>(
    inputs: &[PathBuf],
    read: ReadOptions,
    opts: &RepeatOptions,
    spill: Option<&std::path::Path>,
    then: impl FnOnce(IdCheck) -> R,
) -> Result<(Repeats, Option<LaterCopies>, R), Error> {
    let read = ReadOptions {
        ids: IdCheck::AtEnd(spill.map(std::path::Path::to_path_buf)),
        ..read
    };
    let mut reader = Reader::open(inputs, read)?;
    let looked = Repeats::look(&mut reader, opts, spill)?;
    let ids = reader.known_ids();
    let skipped = reader.skipped().len() as u64;
    drop(reader);
    let (decided, then) = while_reading(|| looked.decide(), || then(ids.clone()));
    let (mut repeats, later) = decided?;
    repeats.ids = ids;
    repeats.records = repeats.read.0 + skipped;
    Ok((repeats, later, then))
}

/// Where a first pass copies standard input, if the inputs name it, for
/// the passes after it to read: a [`StdinSpool`], removed when this is
/// dropped or a signal stops the run.
struct Spooled {
    spool: Option<StdinSpool>,
}

impl Spooled {
    /// `read` for a first pass over `inputs`, copying standard input.
    fn first_pass(inputs: &[PathBuf], read: &ReadOptions) -> Result<(Spooled, ReadOptions), Error> {
        let mut read = read.clone();
        let mut spool = None;
        if inputs.iter().any(|p| p.as_os_str() == "-") {
            let made = StdinSpool::new()
                .map_err(|e| Error::Invalid(format!("cannot create a temporary folder: {e}")))?;
            read.spool = Some(made.file());
            spool = Some(made);
        }
        Ok((Spooled { spool }, read))
    }

    /// The inputs and options of a pass after the first: standard input
    /// read from the copy.
    fn second_pass(&self, inputs: &[PathBuf], read: &ReadOptions) -> (Vec<PathBuf>, ReadOptions) {
        let file = self.spool.as_ref().map(StdinSpool::file);
        read.second_pass(inputs, &file.unwrap_or_default())
    }
}

/// The options of a pass after the pass that found `repeats`: the ids as
/// that pass found them.
fn read_after(read: ReadOptions, repeats: Option<&Repeats>) -> ReadOptions {
    match repeats {
        Some(r) if matches!(r.ids, IdCheck::Known(_)) => ReadOptions {
            ids: r.ids.clone(),
            ..read
        },
        _ => read,
    }
}

/// The aggregate of a corpus alone: tallies and form counts, no evidence.
pub fn aggregate(
    inputs: &[PathBuf],
    read: ReadOptions,
    set: &LexiconSet,
) -> Result<Aggregate, Error> {
    let matcher = Matcher::new(set)?;
    let mut aggregator = Aggregator::tallies(set);
    let read = ReadOptions {
        ids: IdCheck::AtEnd(None),
        ..read
    };
    let mut reader = pass(inputs, read, &matcher, &mut aggregator, &|_, _| {})?;
    let mut aggregate = aggregator
        .finish()
        .map_err(|e| Error::Report(crate::report::ReportError::Io(e)))?;
    aggregate.read_warnings = reader.take_warnings();
    Ok(aggregate)
}

#[cfg(test)]
mod mask_tests;
#[cfg(test)]
mod tests;
