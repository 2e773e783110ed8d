//! Repeated text, found in a pass over the corpus before matching:
//! boilerplate an outlet repeats across its documents or within one
//! ([`lines`]), and wire copy that several documents share
//! ([`duplicates`]).
//!
//! Boilerplate is masked (its bytes become spaces, so offsets still point
//! into the original text) before any later stage sees a document: it is
//! left out of matching, keyness, the model's units and alignment alike.
//! Wire copy is listed, and with [`DuplicatePolicy::Drop`] only the first
//! copy of each group is read at all.

pub mod copies;
pub mod duplicates;
pub mod line_tally;
pub mod lines;
mod looked;
mod pieces;
mod roots;
pub mod runs;
pub mod signature;
pub mod spill;
pub mod words;

use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::corpus::batches::{next_batch, while_reading};
use crate::corpus::{CorpusError, Document, IdCheck};
use crate::text::paragraphs;
pub use copies::{CopyCursor, CopyPositions, DuplicateList};
pub use duplicates::{DuplicateFinder, DuplicateRow, Signature};
use line_tally::LineTally;
pub use lines::{BoilerplateLine, Heads, LineCounts, LineRule};
pub use looked::Looked;
use looked::{spill_error, Coming};
pub use runs::WithinRuns;

/// Documents handled per parallel batch of the detection pass.
const BATCH: usize = 256;

/// What to do with the later copies of wire copy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DuplicatePolicy {
    /// Every outlet's copy counts (the default).
    #[default]
    Keep,
    /// Only the first copy of each group (in input order) counts.
    Drop,
}

/// How repeated text is found and handled.
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatOptions {
    /// Mask boilerplate before matching (default true).
    pub mask_boilerplate: bool,
    /// When a repeated line is boilerplate.
    pub rule: LineRule,
    /// Later copies of wire copy.
    pub duplicates: DuplicatePolicy,
    /// Estimated Jaccard similarity of word 5-grams that makes two texts
    /// copies (default 0.9).
    pub similarity: f64,
}

impl Default for RepeatOptions {
    fn default() -> Self {
        RepeatOptions {
            mask_boilerplate: true,
            rule: LineRule::default(),
            duplicates: DuplicatePolicy::Keep,
            similarity: 0.9,
        }
    }
}

/// What the detection pass found.
#[derive(Debug, Clone, Default)]
pub struct Repeats {
    /// Boilerplate lines per outlet (`boilerplate.csv`), whether masked or
    /// kept.
    pub boilerplate: Vec<BoilerplateLine>,
    /// Groups of copies (`duplicates.csv`), on disk after a detection
    /// pass.
    pub duplicates: DuplicateList,
    /// Whether boilerplate was masked.
    pub masked: bool,
    /// Whether later copies were left out.
    pub dropped: bool,
    /// Documents and bytes of text the detection pass read: what the
    /// matching pass will read, known before it starts (for progress).
    pub read: (u64, u64),
    /// What the detection pass learnt of the ids (set by its caller, see
    /// [`crate::corpus::Reader::known_ids`]), so that later passes over the
    /// same inputs need not check them again.
    pub ids: IdCheck,
    /// Records the detection pass read: documents and records skipped.
    pub records: u64,
    lines: FxHashMap<String, FxHashSet<u64>>,
    /// Per outlet, the heads of its boilerplate lines, when known
    /// ([`lines::Heads::of`]): only the paragraphs that may begin as one
    /// are hashed when masking. Outlets not here have every paragraph
    /// hashed.
    heads: FxHashMap<String, lines::Heads>,
    /// Input positions of the later copies, sorted (none unless dropped).
    copies: CopyPositions,
    /// Per input position, the runs repeated within the document (found in
    /// parallel by the detection pass, or read from a repeats file that
    /// holds them; only documents that have any).
    runs: WithinRuns,
    /// Whether the runs repeated within a document are found as each is
    /// masked, on the workers, rather than looked up in `runs`: repeats
    /// found in an earlier run ([`Repeats::reused`]), with no detection
    /// pass of their own.
    runs_as_masked: bool,
}

/// What the detection pass learns of one document.
struct Seen {
    lines: Vec<(u64, std::ops::Range<usize>)>,
    signature: Option<Signature>,
    runs: Vec<std::ops::Range<usize>>,
}

/// What the detection pass keeps of the documents it has looked at, in
/// input order.
struct Tally {
    counts: LineTally,
    finder: DuplicateFinder,
    runs: WithinRuns,
    position: usize,
}

impl Tally {
    fn add(&mut self, docs: &[Document], seen: Vec<Seen>) -> std::io::Result<()> {
        for (d, seen) in docs.iter().zip(seen) {
            self.counts.add(&d.outlet, &d.text, &seen.lines)?;
            self.finder.add(&d.id, &d.outlet, seen.signature)?;
            if !seen.runs.is_empty() {
                self.runs.insert(self.position, seen.runs);
            }
            self.position += 1;
        }
        Ok(())
    }
}

impl Seen {
    fn of(d: &Document, opts: &RepeatOptions) -> Seen {
        let words = lines::word_hashes(&d.text);
        Seen {
            lines: lines::doc_lines_at(&d.text),
            signature: Signature::of_words(&words),
            runs: if opts.mask_boilerplate {
                lines::runs_of(&d.text, &words)
            } else {
                Vec::new()
            },
        }
    }
}

/// The search for copies of a detection pass, once every document was
/// seen: what is left is grouping them ([`DuplicateFinder::finish_spilled`]).
pub struct LaterCopies {
    finder: DuplicateFinder,
    similarity: f64,
    spill: Option<std::path::PathBuf>,
}

impl LaterCopies {
    /// The groups of copies: the rows of `duplicates.csv`.
    pub fn finish(self) -> Result<DuplicateList, CorpusError> {
        Ok(self.found()?.rows)
    }

    fn found(self) -> Result<duplicates::Found, CorpusError> {
        let spill = self.spill;
        self.finder
            .finish_spilled(self.similarity)
            .map_err(|source| CorpusError::Read {
                path: spill.unwrap_or_else(std::env::temp_dir),
                source,
            })
    }
}

impl Repeats {
    /// Reads `docs` once and finds boilerplate lines and copies. While the
    /// workers look at one batch, this thread tallies the batch before and
    /// reads the next. What the search for copies keeps of each document
    /// is spilled to temporary files in `spill` (the system's temporary
    /// folder when `None`).
    pub fn find<I>(
        docs: I,
        opts: &RepeatOptions,
        spill: Option<&Path>,
    ) -> Result<Repeats, CorpusError>
    where
        I: Iterator<Item = Result<Document, CorpusError>>,
    {
        let (repeats, later) = Repeats::look(docs, opts, spill)?.decide()?;
        repeats.with_copies(later)
    }

    /// These repeats with the groups of copies `later` left to find
    /// ([`Looked::decide`]), found now.
    pub fn with_copies(mut self, later: Option<LaterCopies>) -> Result<Repeats, CorpusError> {
        if let Some(later) = later {
            self.duplicates = later.finish()?;
        }
        Ok(self)
    }

    /// Reads `docs` once and looks at every document; what is repeated is
    /// decided by [`Looked::decide`], which needs no more of the corpus,
    /// so that a caller can run it on a worker thread while this thread
    /// starts on the next pass. While the workers look at one batch and
    /// tally the batch before, this thread reads the next; the last batch
    /// is tallied by `decide`.
    pub fn look<I>(
        docs: I,
        opts: &RepeatOptions,
        spill: Option<&Path>,
    ) -> Result<Looked, CorpusError>
    where
        I: Iterator<Item = Result<Document, CorpusError>>,
    {
        let make = || -> Result<Tally, CorpusError> {
            let spill_error = |source| spill_error(spill, source);
            Ok(Tally {
                counts: LineTally::new(&opts.rule, spill).map_err(spill_error)?,
                finder: DuplicateFinder::new(spill).map_err(spill_error)?,
                runs: FxHashMap::default(),
                position: 0,
            })
        };
        // Creating the spill files can take tens of milliseconds (a
        // temporary file each, some seventy): with two threads or more
        // they are created on a worker while this thread reads and the
        // others look at the first batches.
        if rayon::current_num_threads() < 2 {
            return look_with(docs, opts, spill, Coming::made(make()?, spill));
        }
        let (send, made) = std::sync::mpsc::sync_channel(1);
        rayon::in_place_scope(|s| {
            s.spawn(move |_| {
                // The receiver is gone only when the pass failed already.
                send.send(make()).ok();
            });
            look_with(docs, opts, spill, Coming::later(made, spill))
        })
    }

    /// This shard's repeats with what was found over the whole corpus (the
    /// merged partials of `slant map --repeats-only`): its boilerplate
    /// lines, and `copies`, the shard's positions of later copies. The
    /// runs repeated within a document stay the shard's own. The list of
    /// copy groups is left empty: the shard's pass only drops by `copies`,
    /// and its partial lists the groups itself, so a second list of a row
    /// per copy is not held beside it.
    pub fn with_corpus(
        self,
        lines: FxHashMap<String, FxHashSet<u64>>,
        boilerplate: Vec<BoilerplateLine>,
        copies: impl Into<CopyPositions>,
    ) -> Repeats {
        Repeats {
            heads: heads_of(&lines, &boilerplate),
            lines,
            boilerplate,
            duplicates: DuplicateList::default(),
            copies: if self.dropped {
                copies.into()
            } else {
                CopyPositions::default()
            },
            ..self
        }
    }

    /// What a report shows of repeats found elsewhere: the lists and the
    /// boilerplate lines per outlet, nothing to mask or drop.
    pub fn listed(
        boilerplate: Vec<BoilerplateLine>,
        duplicates: impl Into<DuplicateList>,
        lines: FxHashMap<String, FxHashSet<u64>>,
        masked: bool,
        dropped: bool,
    ) -> Repeats {
        Repeats {
            boilerplate,
            duplicates: duplicates.into(),
            lines,
            masked,
            dropped,
            ..Repeats::default()
        }
    }

    /// Repeats a detection pass over the same corpus found in an earlier
    /// run (`analyze --save-repeats`, or `merge --decide` over the whole
    /// corpus): boilerplate lines, copy groups and, when `opts` drops
    /// them, the later copies' input positions. The runs repeated within a
    /// document are `runs` when the file holds them (`analyze
    /// --save-repeats` saves them), else found as each document is
    /// masked.
    pub fn reused(
        lines: FxHashMap<String, FxHashSet<u64>>,
        boilerplate: Vec<BoilerplateLine>,
        duplicates: DuplicateList,
        copies: CopyPositions,
        runs: Option<WithinRuns>,
        opts: &RepeatOptions,
    ) -> Repeats {
        let dropped = opts.duplicates == DuplicatePolicy::Drop;
        let masked = opts.mask_boilerplate;
        Repeats {
            heads: heads_of(&lines, &boilerplate),
            lines,
            boilerplate,
            duplicates,
            masked,
            dropped,
            copies: if dropped {
                copies
            } else {
                CopyPositions::default()
            },
            runs_as_masked: masked && runs.is_none(),
            runs: runs.filter(|_| masked).unwrap_or_default(),
            ..Repeats::default()
        }
    }

    /// The runs repeated within each document, when these repeats hold
    /// them (found by a detection pass, or read from a file that holds
    /// them), for a repeats file to save; `None` when they are found as
    /// each document is masked.
    pub fn within_runs(&self) -> Option<&WithinRuns> {
        (!self.runs_as_masked).then_some(&self.runs)
    }

    /// Input positions of the later copies left out (none unless dropped).
    pub fn copy_positions(&self) -> &CopyPositions {
        &self.copies
    }

    /// Per outlet, the hashes of its boilerplate lines.
    pub fn line_sets(&self) -> &FxHashMap<String, FxHashSet<u64>> {
        &self.lines
    }

    /// `docs` as later stages should see them: later copies left out when
    /// asked, boilerplate masked unless kept. Documents are masked a batch
    /// at a time on the worker threads; a read error comes after the
    /// documents before it, as it was read.
    pub fn apply<'a, I>(
        &'a self,
        docs: I,
    ) -> impl Iterator<Item = Result<Document, CorpusError>> + 'a
    where
        I: Iterator<Item = Result<Document, CorpusError>> + 'a,
    {
        let mut docs = docs;
        let mut position = 0usize;
        let mut copies = CopyCursor::new(&self.copies);
        let mut ready: std::vec::IntoIter<Document> = Vec::new().into_iter();
        let mut failed: Option<CorpusError> = None;
        std::iter::from_fn(move || loop {
            if let Some(d) = ready.next() {
                return Some(Ok(d));
            }
            if let Some(e) = failed.take() {
                return Some(Err(e));
            }
            let mut batch = Vec::with_capacity(BATCH);
            while batch.len() < BATCH {
                match docs.next() {
                    None => break,
                    Some(Err(e)) => {
                        failed = Some(e);
                        break;
                    }
                    Some(Ok(d)) => {
                        match copies.is_copy(position) {
                            Ok(false) => batch.push((position, d)),
                            Ok(true) => {}
                            Err(source) => {
                                failed = Some(CorpusError::Read {
                                    path: std::env::temp_dir(),
                                    source,
                                });
                                break;
                            }
                        }
                        position += 1;
                    }
                }
            }
            if batch.is_empty() && failed.is_none() {
                return None;
            }
            if self.masked {
                batch.par_iter_mut().for_each(|(at, d)| {
                    self.mask(*at, d);
                });
            }
            ready = batch
                .into_iter()
                .map(|(_, d)| d)
                .collect::<Vec<_>>()
                .into_iter();
        })
    }

    /// Blanks the boilerplate of the document at input position `at`, and
    /// gives the paragraphs of its text so masked where they are known
    /// without finding them again: when the outlet has boilerplate lines
    /// (its paragraphs were found to look for them) and the document no
    /// runs repeated within it (only whole paragraphs were blanked).
    pub(crate) fn mask(&self, at: usize, d: &mut Document) -> Option<Vec<Range<usize>>> {
        let found;
        // Runs read from a file that do not fit this text (a file edited
        // by hand: the corpus itself is checked by digest) are found again
        // rather than trusted, as when no file held them.
        let runs = match self.runs.get(&at) {
            Some(runs) if !self.runs_as_masked && runs.iter().all(|r| lines::fits(&d.text, r)) => {
                runs.as_slice()
            }
            None if !self.runs_as_masked => &[][..],
            _ => {
                found = lines::repeated_runs(&d.text);
                &found[..]
            }
        };
        let Some(set) = self.lines.get(&d.outlet) else {
            let ranges = lines::mask_ranges(&d.text, None, None, runs);
            lines::blank(&mut d.text, &ranges);
            return None;
        };
        let paragraphs = paragraphs(&d.text);
        let boilerplate =
            lines::boilerplate_in(&d.text, &paragraphs, set, self.heads.get(&d.outlet));
        if runs.is_empty() {
            // Whole paragraphs blanked, each of their lines left white
            // space, end the paragraph before them and part the one after
            // as before: the masked text's paragraphs are the others (held
            // to `paragraphs` of the masked text by the tests).
            lines::blank(&mut d.text, &boilerplate);
            let mut masked = boilerplate.iter().peekable();
            let kept = paragraphs
                .into_iter()
                .filter(|p| match masked.peek() {
                    Some(m) if *m == p => {
                        masked.next();
                        false
                    }
                    _ => true,
                })
                .collect();
            return Some(kept);
        }
        lines::blank(&mut d.text, &lines::with_runs(boilerplate, runs));
        None
    }

    /// Boilerplate lines of `outlet`.
    pub fn lines_of(&self, outlet: &str) -> usize {
        self.lines.get(outlet).map_or(0, FxHashSet::len)
    }

    /// Documents of `outlet` that copy an earlier document.
    pub fn copies_of(&self, outlet: &str) -> usize {
        self.duplicates.copies_of(outlet)
    }
}

/// Per outlet with boilerplate lines, their [`Heads`] where the rows of
/// `boilerplate` give them.
fn heads_of(
    lines: &FxHashMap<String, FxHashSet<u64>>,
    boilerplate: &[BoilerplateLine],
) -> FxHashMap<String, Heads> {
    let mut shown: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for row in boilerplate {
        shown.entry(&row.outlet).or_default().push(&row.line);
    }
    lines
        .iter()
        .filter_map(|(outlet, set)| {
            let texts = shown.get(outlet.as_str()).map_or(&[][..], Vec::as_slice);
            Some((outlet.clone(), Heads::of(set, texts.iter().copied())?))
        })
        .collect()
}

/// [`Repeats::look`] with the spill files `tally` made or coming.
fn look_with<I>(
    docs: I,
    opts: &RepeatOptions,
    spill: Option<&Path>,
    mut tally: Coming,
) -> Result<Looked, CorpusError>
where
    I: Iterator<Item = Result<Document, CorpusError>>,
{
    let mut docs = docs;
    let mut batch = tally.first_error(next_batch(&mut docs, BATCH, usize::MAX))?;
    let mut looked: Option<(Vec<Document>, Vec<Seen>)> = None;
    let mut read = (0u64, 0u64);
    while !batch.is_empty() {
        read.0 += batch.len() as u64;
        read.1 += batch.iter().map(|d| d.text.len() as u64).sum::<u64>();
        // The batch before is tallied on the workers beside this batch's
        // looking, not on this thread: the tally is in input order and
        // serial, and on the reading thread (a third thread on two cores)
        // the workers waited for it at the end of every batch.
        let ((seen, tallied), next) = while_reading(
            || {
                rayon::join(
                    || {
                        batch
                            .par_iter()
                            .map(|d| Seen::of(d, opts))
                            .collect::<Vec<Seen>>()
                    },
                    || match looked.take() {
                        Some((docs, seen)) => tally.add(docs, seen),
                        None => Ok(()),
                    },
                )
            },
            || next_batch(&mut docs, BATCH, usize::MAX),
        );
        tallied?;
        looked = Some((batch, seen));
        batch = tally.first_error(next)?;
    }
    Ok(Looked {
        tally: tally.wait()?,
        last: looked,
        read,
        opts: opts.clone(),
        spill: spill.map(Path::to_path_buf),
    })
}

#[cfg(test)]
mod tests;
