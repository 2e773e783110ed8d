//! `analyze --save-repeats FILE` and `analyze --repeats FILE`: what the
//! pass over the corpus for repeated text decided, saved by one run and
//! read by the next in place of that pass.
//!
//! The file is a decided repeated-text partial, the one format `slant merge
//! --decide` writes and `slant map --repeats` reads: boilerplate lines per
//! outlet, copy groups and later copies. Analyze adds to its header
//! (`options.corpus`) each input's name, size and xxh3-128 digest as the
//! repeat pass read it, and the documents and bytes read; its reading
//! options are in `options.reading`, as every repeats file holds them. A
//! run reading the file checks the repeat and reading options before any
//! document is read, the inputs' sizes too where it can, and each
//! input's digest once the matching pass has read it, before anything is
//! written. A file from `merge --decide` holds, in its header's
//! `inputs`, the files each shard's first phase read (name, size, digest),
//! checked the same way, and the reading options its shards were read
//! with.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::corpus::digest::{Digests, InputDigest};
use crate::corpus::ReadOptions;
use crate::error::Error;
use crate::partial::merge::Output;
use crate::partial::repeats::CorpusRepeats;
use crate::partial::spill::Spill;
use crate::partial::stream::MergedFile;
use crate::partial::{Header, Phase};
use crate::repeats::{LaterCopies, RepeatOptions, Repeats};
use crate::run::map::inputs::{first_difference, sizes_match};
use crate::run::map::repeats::{
    read_corpus, reading_options, repeat_options, same_reading, same_repeat_options,
};
use crate::run::{find_repeats_then, ReadAhead};

/// Where a report run saves the repeats it finds, or reads repeats found
/// before in place of finding them.
#[derive(Debug, Clone, Default)]
pub struct RepeatFiles {
    /// Save what the repeat pass decided here (`--save-repeats`).
    pub save: Option<PathBuf>,
    /// Read what an earlier repeat pass decided from here, and skip the
    /// pass (`--repeats`).
    pub reuse: Option<PathBuf>,
}

/// The header option holding what analyze recorded of its corpus.
const CORPUS: &str = "corpus";

/// The repeats of a run, how its matching pass reads the corpus, the
/// documents and bytes it will read when known, and its reader opened
/// with the first batch read while the repeats were decided (or why it
/// could not be opened, told when the pass starts).
pub(super) type Start = (
    Repeats,
    Option<LaterCopies>,
    (Vec<PathBuf>, ReadOptions),
    Option<(u64, u64)>,
    Option<Result<ReadAhead, Error>>,
);

impl super::Ready {
    /// The repeats `loaded` from a file, the matching pass then reading the
    /// corpus first (checking the ids, recording `digests`); or found by a
    /// pass of their own under `read` (recording `digests` when they are to
    /// be saved), the matching pass reading again (standard input from
    /// `spool`).
    pub(super) fn repeats_for(
        &self,
        loaded: Option<&Loaded>,
        mut read: ReadOptions,
        spool: &Path,
        digests: &Digests,
        progress: &dyn crate::run::Progress,
    ) -> Result<Start, Error> {
        let spill = Some(self.staging.path());
        if let Some(l) = loaded {
            read.ids = crate::corpus::IdCheck::AtEnd(spill.map(PathBuf::from));
            read.digests = Some(digests.clone());
            let reading = (self.inputs.clone(), read);
            return Ok((l.repeats.clone(), None, reading, l.total(), None));
        }
        progress.stage(crate::run::Stage::Repeats);
        read.digests = self.save_repeats.is_some().then(|| digests.clone());
        let (inputs, again) = self.read.second_pass(&self.inputs, spool);
        let (r, later, ahead) =
            find_repeats_then(&self.inputs, read, &self.repeats, spill, |ids| {
                ReadAhead::open(&inputs, again.clone(), ids)
            })?;
        let total = Some(r.read);
        Ok((r, later, (inputs, again), total, Some(ahead)))
    }
}

/// What analyze records of the corpus a repeats file was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Recorded {
    /// Each file as read, in reading order.
    inputs: Vec<InputDigest>,
    /// Documents read.
    documents: u64,
    /// Bytes of text read.
    bytes: u64,
    /// Rows the file lists: boilerplate lines, copies in groups, later
    /// copies (so that a file cut short at a line end is refused).
    listed: [u64; 3],
    /// Documents whose runs repeated within them the file lists, when it
    /// lists them (files saved before it did do not: their runs are found
    /// as each document is masked, as for `merge --decide`'s files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    runs: Option<u64>,
}

/// The rows `corpus` lists: boilerplate lines, copies in groups, later
/// copies.
fn listed(corpus: &CorpusRepeats) -> [u64; 3] {
    [
        corpus.boilerplate.len() as u64,
        corpus.duplicates.len() as u64,
        corpus.copies.len(),
    ]
}

/// The rows of [`listed`] as a message names them.
fn shown_listed([lines, copies, later]: [u64; 3]) -> String {
    format!("{lines} boilerplate lines, {copies} copies in groups and {later} later copies")
}

/// A repeats file read, with what the run must check against it.
pub(super) struct Loaded {
    path: PathBuf,
    /// What the file says, as the matching pass applies it.
    pub(super) repeats: Repeats,
    recorded: Option<Recorded>,
    records: Vec<(u64, u64)>,
    /// The files the repeats were found in, when the file records them.
    files: Option<Vec<InputDigest>>,
}

fn invalid(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("{}: {why}", path.display()))
}

/// Refuses to write a repeats file over `path` unless nothing is there or
/// it is a repeats file slant wrote.
pub(super) fn check_target(path: &Path) -> Result<(), Error> {
    let refuse = |why: &str| {
        invalid(
            path,
            format!("{why}; --save-repeats writes only a new file or over a repeats file slant wrote (analyze --save-repeats, merge --decide)"),
        )
    };
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(invalid(path, e)),
        Ok(m) if !m.is_file() => return Err(refuse("not a regular file")),
        Ok(_) => {}
    }
    match crate::partial::stream::rows(path) {
        Ok((h, _)) if h.phase == Phase::Decided => Ok(()),
        Ok(_) => Err(refuse("a slant partial, but not a repeats file")),
        Err(_) => Err(refuse("exists and is not a repeats file slant wrote")),
    }
}

/// Writes what the repeat pass found, `repeats` of the corpus read as
/// `inputs` under `read` and `opts`, to `path` (atomically).
pub(super) fn save(
    path: &Path,
    repeats: &Repeats,
    opts: &RepeatOptions,
    read: &ReadOptions,
    inputs: Vec<InputDigest>,
) -> Result<(), Error> {
    check_target(path)?;
    let runs = repeats.within_runs();
    let corpus = CorpusRepeats {
        lines: repeats.line_sets().clone(),
        boilerplate: repeats.boilerplate.clone(),
        duplicates: repeats.duplicates.clone(),
        copies: repeats.copy_positions().clone(),
        runs: runs.cloned().unwrap_or_default(),
    };
    let recorded = Recorded {
        inputs,
        documents: repeats.read.0,
        bytes: repeats.read.1,
        listed: listed(&corpus),
        runs: runs.map(|r| r.len() as u64),
    };
    let options = [
        ("repeats".to_string(), repeat_options(opts)),
        ("reading".to_string(), reading_options(read)),
        (CORPUS.to_string(), json!(recorded)),
    ]
    .into();
    let header = Header::new(Phase::Decided, Vec::new(), options, 0, repeats.records);
    let io = |e| invalid(path, format_args!("writing the repeats file: {e}"));
    let mut rows = Spill::new().map_err(io)?;
    corpus.rows(true, |row| rows.push(row)).map_err(io)?;
    rows.finish(&header, &Output::File(path.to_path_buf()))?;
    Ok(())
}

impl Loaded {
    /// Reads the repeats file at `path` for a run under `opts` and `read`
    /// over `inputs`, refusing one that is not a repeats file, was made
    /// with other repeat or reading options, or (by size) from other
    /// inputs.
    pub(super) fn read(
        path: &Path,
        opts: &RepeatOptions,
        read: &ReadOptions,
        inputs: &[PathBuf],
    ) -> Result<Loaded, Error> {
        let not_one = || {
            invalid(
                path,
                "not a repeats file (analyze --save-repeats, or merge --decide over the whole corpus)",
            )
        };
        let mut file = MergedFile::open(path).map_err(|e| {
            invalid(
                path,
                format_args!("not a repeats file (analyze --save-repeats, merge --decide): {e}"),
            )
        })?;
        if file.header().phase != Phase::Decided {
            return Err(not_one());
        }
        same_repeat_options(file.header(), opts).map_err(|why| invalid(path, why))?;
        let recorded = match file.header().options.get(CORPUS) {
            None => None,
            Some(v) => Some(
                Recorded::deserialize(v)
                    .map_err(|e| invalid(path, format_args!("its corpus record: {e}")))?,
            ),
        };
        same_reading(file.header(), read).map_err(|why| invalid(path, why))?;
        // analyze's own record, or the files the first phase's shards
        // read (merge --decide keeps them)
        let shards = &file.header().inputs;
        let files = match &recorded {
            Some(r) => Some(r.inputs.clone()),
            None if shards.is_empty() => None,
            None => Some(shards.iter().map(|i| i.file.clone()).collect()),
        };
        if let Some(f) = &files {
            sizes_match(path, f, inputs)?;
        }
        let name = path.display().to_string();
        let corpus = match read_corpus(&file, true, opts, &name)? {
            Some(c) => c,
            None => {
                file.merge_first()?;
                read_corpus(&file, true, opts, &name)?.ok_or_else(not_one)?
            }
        };
        if let Some(r) = recorded.as_ref().filter(|r| r.listed != listed(&corpus)) {
            return Err(invalid(
                path,
                format_args!(
                    "cut short: it lists {}; {} were read",
                    shown_listed(r.listed),
                    shown_listed(listed(&corpus))
                ),
            ));
        }
        // the runs repeated within documents, when the file lists them
        let runs = match recorded.as_ref().and_then(|r| r.runs) {
            Some(n) if n != corpus.runs.len() as u64 => {
                return Err(invalid(
                    path,
                    format_args!(
                        "cut short: it lists the runs repeated within {n} documents; {} were read",
                        corpus.runs.len()
                    ),
                ))
            }
            Some(_) => Some(corpus.runs),
            None => None,
        };
        let repeats = Repeats::reused(
            corpus.lines,
            corpus.boilerplate,
            corpus.duplicates,
            corpus.copies,
            runs,
            opts,
        );
        Ok(Loaded {
            path: path.to_path_buf(),
            repeats,
            records: file.header().records.clone(),
            recorded,
            files,
        })
    }

    /// The documents and bytes of text the matching pass will read, when
    /// the file records them.
    pub(super) fn total(&self) -> Option<(u64, u64)> {
        self.recorded.as_ref().map(|r| (r.documents, r.bytes))
    }

    /// Refuses the file unless the matching pass read what the repeat pass
    /// that made it read: `read`, each file as read, and `records`, the
    /// records read (documents and skipped ones).
    pub(super) fn verify(&self, read: &[InputDigest], records: u64) -> Result<(), Error> {
        let other = |why: String| {
            invalid(
                &self.path,
                format_args!("made from another corpus: {why}; find the repeats again (run without --repeats, with --save-repeats to save them anew)"),
            )
        };
        if let Some(files) = &self.files {
            if let Some(why) = first_difference(files, read) {
                return Err(other(why));
            }
        }
        let expected = if records > 0 {
            vec![(0, records)]
        } else {
            Vec::new()
        };
        if self.records != expected {
            return Err(other(format!(
                "it covers {}, this corpus has {} ({})",
                crate::partial::shown_records(&self.records),
                crate::partial::shown_records(&expected),
                crate::partial::COUNTED_FROM_0
            )));
        }
        Ok(())
    }
}
