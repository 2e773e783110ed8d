//! The end of a detection pass: the documents all looked at, what is
//! repeated is decided ([`Looked::decide`]), on whichever thread the
//! caller chooses.

use std::path::Path;

use super::{
    CopyPositions, DuplicateList, DuplicatePolicy, LaterCopies, RepeatOptions, Repeats, Seen,
    Tally,
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
    /// ([`Repeats::find_later`]).
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
        let (lines, boilerplate) = counts.finish(&opts.rule).map_err(spill_error)?;
        let later = LaterCopies {
            finder,
            similarity: opts.similarity,
            spill: spill.map(Path::to_path_buf),
        };
        let (duplicates, copies, later) = match opts.duplicates {
            DuplicatePolicy::Keep => (
                DuplicateList::default(),
                CopyPositions::default(),
                Some(later),
            ),
            DuplicatePolicy::Drop => {
                let found = later.found()?;
                (found.rows, found.copies, None)
            }
        };
        let repeats = Repeats {
            boilerplate,
            duplicates,
            masked: opts.mask_boilerplate,
            dropped: opts.duplicates == DuplicatePolicy::Drop,
            read,
            ids: IdCheck::default(),
            records: 0,
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
