//! The end of a detection pass: the documents all looked at, what is
//! repeated is decided ([`Looked::decide`]), on whichever thread the
//! caller chooses.

use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

use super::{
    CopyPositions, DuplicateList, DuplicatePolicy, LaterCopies, RepeatOptions, Repeats, Seen, Tally,
};
use crate::corpus::{CorpusError, Document, IdCheck};

/// A detection pass that has looked at every document
/// ([`Repeats::look`]): what is left is deciding what is repeated.
pub struct Looked {
    pub(super) tally: Tally,
    /// The last batch, not yet tallied.
    pub(super) last: Option<(Vec<Document>, Vec<Seen>)>,
    pub(super) read: (u64, u64),
    pub(super) opts: RepeatOptions,
    pub(super) spill: Option<std::path::PathBuf>,
}

impl Looked {
    /// Tallies the last batch and decides which lines are boilerplate
    /// and, when later copies are dropped, which documents are copies;
    /// with later copies kept, the groups of copies are left to find
    /// (found by [`LaterCopies::finish`]).
    pub fn decide(self) -> Result<(Repeats, Option<LaterCopies>), CorpusError> {
        let Looked {
            mut tally,
            last,
            read,
            opts,
            spill,
        } = self;
        let spill = spill.as_deref();
        let spill_error = |source| spill_error(spill, source);
        if let Some((docs, seen)) = last {
            tally.add(&docs, seen).map_err(spill_error)?;
        }
        let Tally {
            counts,
            finder,
            runs,
            ..
        } = tally;
        let later = LaterCopies {
            finder,
            similarity: opts.similarity,
            spill: spill.map(Path::to_path_buf),
        };
        // The boilerplate lines and, when later copies are dropped, the
        // copies: two merges of their own spill files, side by side.
        let (counted, copied) = rayon::join(
            || counts.finish(&opts.rule).map_err(spill_error),
            || match opts.duplicates {
                DuplicatePolicy::Keep => Ok((
                    DuplicateList::default(),
                    CopyPositions::default(),
                    Some(later),
                )),
                DuplicatePolicy::Drop => {
                    later.found().map(|found| (found.rows, found.copies, None))
                }
            },
        );
        let (lines, boilerplate) = counted?;
        let (duplicates, copies, later) = copied?;
        let heads = super::heads_of(&lines, &boilerplate);
        let repeats = Repeats {
            boilerplate,
            duplicates,
            masked: opts.mask_boilerplate,
            dropped: opts.duplicates == DuplicatePolicy::Drop,
            read,
            ids: IdCheck::default(),
            records: 0,
            heads,
            lines,
            copies,
            runs,
            runs_as_masked: false,
        };
        Ok((repeats, later))
    }
}

/// A spill file in `spill` (the system's temporary folder when `None`)
/// that could not be written or read.
pub(super) fn spill_error(spill: Option<&Path>, source: std::io::Error) -> CorpusError {
    CorpusError::Read {
        path: spill.map_or_else(std::env::temp_dir, Path::to_path_buf),
        source,
    }
}

/// Batches a detection pass waits to tally while its spill files are
/// being created, before it waits for them: with batches of 256
/// documents, about 7 MB of news text held at most, at the start only.
const WAITING: usize = 4;

/// The tally of a detection pass, made or being made on a worker thread
/// ([`super::Repeats::look`]), with the batches looked at that wait for
/// it, in input order.
pub(super) struct Coming {
    /// The tally once made, or why it could not be (taken when told).
    tally: Option<Result<Tally, CorpusError>>,
    /// Where the tally comes from, until it has come.
    made: Option<Receiver<Result<Tally, CorpusError>>>,
    waiting: VecDeque<(Vec<Document>, Vec<Seen>)>,
    spill: Option<PathBuf>,
}

impl Coming {
    /// A tally made already, spilling to `spill`.
    pub(super) fn made(tally: Tally, spill: Option<&Path>) -> Coming {
        Coming {
            tally: Some(Ok(tally)),
            made: None,
            waiting: VecDeque::new(),
            spill: spill.map(Path::to_path_buf),
        }
    }

    /// A tally that `made` will deliver, spilling to `spill`.
    pub(super) fn later(
        made: Receiver<Result<Tally, CorpusError>>,
        spill: Option<&Path>,
    ) -> Coming {
        Coming {
            tally: None,
            made: Some(made),
            waiting: VecDeque::new(),
            spill: spill.map(Path::to_path_buf),
        }
    }

    /// Whether the tally has come (waiting for it if `block`).
    fn receive(&mut self, block: bool) -> bool {
        let Some(made) = &self.made else {
            return true;
        };
        let got = if block {
            made.recv().ok()
        } else {
            match made.try_recv() {
                Ok(t) => Some(t),
                Err(TryRecvError::Empty) => return false,
                Err(TryRecvError::Disconnected) => None,
            }
        };
        // The worker sends before it ends: a closed channel means it
        // panicked, which the enclosing scope passes on.
        self.tally = Some(got.unwrap_or_else(|| {
            Err(spill_error(
                self.spill.as_deref(),
                io::Error::other("the spill files were not made"),
            ))
        }));
        self.made = None;
        true
    }

    /// Tallies a batch, in input order: now if the tally is made, later
    /// if it is not and few batches wait.
    pub(super) fn add(&mut self, docs: Vec<Document>, seen: Vec<Seen>) -> Result<(), CorpusError> {
        self.waiting.push_back((docs, seen));
        let block = self.waiting.len() > WAITING;
        if self.receive(block) {
            self.catch_up()?;
        }
        Ok(())
    }

    /// Adds the waiting batches to the tally once it has come; the error
    /// of making it, once.
    fn catch_up(&mut self) -> Result<(), CorpusError> {
        match &mut self.tally {
            Some(Ok(tally)) => {
                while let Some((docs, seen)) = self.waiting.pop_front() {
                    tally
                        .add(&docs, seen)
                        .map_err(|e| spill_error(self.spill.as_deref(), e))?;
                }
                Ok(())
            }
            Some(Err(_)) => match self.tally.take() {
                Some(Err(e)) => Err(e),
                _ => Ok(()),
            },
            None => Ok(()),
        }
    }

    /// The tally with every waiting batch added, once it has come.
    pub(super) fn wait(mut self) -> Result<Tally, CorpusError> {
        self.receive(true);
        self.catch_up()?;
        match self.tally.take() {
            Some(Ok(tally)) => Ok(tally),
            Some(Err(e)) => Err(e),
            None => Err(spill_error(
                self.spill.as_deref(),
                io::Error::other("the spill files were not made"),
            )),
        }
    }

    /// `read`, unless making the tally failed: that error comes first, as
    /// when the tally was made before any reading.
    pub(super) fn first_error<T>(
        &mut self,
        read: Result<T, CorpusError>,
    ) -> Result<T, CorpusError> {
        if read.is_ok() {
            return read;
        }
        self.receive(true);
        match self.tally.take() {
            Some(Err(e)) => Err(e),
            other => {
                self.tally = other;
                read
            }
        }
    }
}
